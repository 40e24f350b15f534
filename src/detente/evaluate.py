"""Score coded output against a hand-made gold file (YAML, the shape of ``shared/gold/*.yaml``).

A gold event is *found* when an asserted predicted event has the gold dyad (either direction
when the gold is symmetric; predecessor states mapped to their successors as the gold says),
an acceptable CAMEO code (a two-digit entry accepts its whole root), a year inside ``date_ok``
(or is undated where the gold date is null), and comes from the sentence the gold quotes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .records import CodedDocument, Event, RelationState

__all__ = ["GoldScore", "load_gold", "score"]


@dataclass
class GoldScore:
    found: list[tuple[str, Event]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    extra: list[Event] = field(default_factory=list)
    not_event_hits: list[tuple[str, Event]] = field(default_factory=list)
    published_ok: bool | None = None
    published: dt.date | None = None
    interests_found: list[str] = field(default_factory=list)
    interests_missed: list[str] = field(default_factory=list)
    states_found: list[tuple[str, RelationState]] = field(default_factory=list)
    states_missed: list[str] = field(default_factory=list)
    n_gold: int = 0
    n_gold_states: int = 0

    def summary(self) -> str:
        lines = [
            f"events: found {len(self.found)}/{self.n_gold}, missed {len(self.missed)}, "
            f"extra {len(self.extra)}, not_events coded {len(self.not_event_hits)}",
            f"published: {self.published} ({'ok' if self.published_ok else 'WRONG'})",
            f"relation states: found {len(self.states_found)}/{self.n_gold_states}",
            f"interests: found {len(self.interests_found)}/"
            f"{len(self.interests_found) + len(self.interests_missed)} with the right holder",
        ]
        for gid, e in self.found:
            lines.append(f"  found  {gid}: {_fmt(e)}")
        for gid in self.missed:
            lines.append(f"  missed {gid}")
        for e in self.extra:
            lines.append(f"  extra  {_fmt(e)} | {e.sentence[:90]}")
        for q, e in self.not_event_hits:
            lines.append(f"  NOT-EVENT coded: {_fmt(e)} | {q[:60]}")
        for q in self.states_missed:
            lines.append(f"  state missed: {q[:80]}")
        for q in self.interests_missed:
            lines.append(f"  interest missed: {q[:80]}")
        return "\n".join(lines)


def _fmt(e: Event) -> str:
    when = f"{e.when.start}..{e.when.end}" if e.when.dated else "undated"
    tgt = e.target.code if e.target else "-"
    return f"{e.source.code}->{tgt} {e.cameo} {when} [{e.when.basis}] {e.trigger!r}"


def load_gold(path: str | Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def _quoted(quote: str, sentence: str) -> bool:
    s = _norm(sentence)
    chunks = [c.strip(" .,") for c in _norm(quote).split("...") if c.strip(" .,")]
    return all(c in s for c in chunks)


def _code_ok(code: str, accepted: list[str]) -> bool:
    return any(code == a or (len(a) == 2 and code.startswith(a)) or (len(a) == 3 and code.startswith(a)) for a in accepted)


def score(gold: dict[str, Any], coded: CodedDocument) -> GoldScore:
    preds = {k: v for k, v in (gold.get("document", {}).get("predecessors") or {}).items()}

    def country(code: str | None) -> str | None:
        return preds.get(code, code) if code else None

    dyad = {country(c) for c in gold.get("document", {}).get("dyad", [])}
    out = GoldScore(n_gold=len(gold.get("events", [])), n_gold_states=len(gold.get("relation_states", [])))
    asserted = [e for e in coded.events if e.asserted]
    used: set[str] = set()
    for g in gold.get("events", []):
        hit = None
        for e in asserted:
            src, tgt = country(e.source.country), country(e.target.country if e.target else None)
            gs, gt = country(g["source"]), country(g["target"])
            if g.get("symmetric") or e.symmetric:
                dyad_ok = {src, tgt} == {gs, gt}
            else:
                dyad_ok = (src, tgt) == (gs, gt)
            if not dyad_ok or not _code_ok(e.cameo, [str(c) for c in g["cameo"]]):
                continue
            lo, hi = g["date_ok"]
            if e.when.dated:
                if not (lo <= e.when.start.year <= hi and lo <= e.when.end.year <= hi):
                    continue
            elif g.get("date") is not None:
                continue
            if not _quoted(g["quote"], e.sentence):
                continue
            hit = e
            break
        if hit is None:
            out.missed.append(g["id"])
        else:
            out.found.append((g["id"], hit))
            used.add(hit.id)
    optional = [o["quote"] for o in gold.get("optional_events", [])]
    for e in asserted:
        if e.id in used:
            continue
        for q in gold.get("not_events", []):
            if _quoted(q, e.sentence):
                out.not_event_hits.append((q, e))
        if any(_quoted(q, e.sentence) for q in optional):
            continue
        in_dyad = {country(e.source.country), country(e.target.country if e.target else None)} & dyad
        if in_dyad:
            out.extra.append(e)
    want = gold.get("document", {}).get("published")
    out.published = coded.document.published
    if want is not None:
        out.published_ok = coded.document.published == (
            want if isinstance(want, dt.date) else dt.date.fromisoformat(str(want))
        )
    for gi in gold.get("interests", []):
        holder = country(gi["holder"])
        if any(country(i.holder.country) == holder and _quoted(gi["quote"], i.sentence) for i in coded.interests):
            out.interests_found.append(gi["quote"])
        else:
            out.interests_missed.append(gi["quote"])
    for gs in gold.get("relation_states", []):
        lo, hi = gs["period"]
        hit = None
        for s in coded.states:
            if s.polarity != gs["polarity"] or {country(s.a), country(s.b)} != dyad:
                continue
            if not _quoted(gs["quote"], s.sentence):
                continue
            if s.when.dated and not (s.when.start.year <= hi and s.when.end.year >= lo):
                continue
            hit = s
            break
        if hit is None:
            out.states_missed.append(gs["quote"])
        else:
            out.states_found.append((gs["quote"], hit))
    return out


# -- labelled sentences ---------------------------------------------------------------------
@dataclass(frozen=True)
class LabelledSentence:
    """One row of a labelled sentence set (``tests/data/event_sentences.tsv``)."""

    sentence: str
    source: str | None
    target: str | None
    codes: tuple[str, ...]  # empty: no event expected
    modality: str  # "none" for negative sentences
    symmetric: bool = False

    @property
    def root(self) -> str | None:
        return self.codes[0][:2] if self.codes else None


def load_sentences(path: str | Path) -> list[LabelledSentence]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for lineno, line in enumerate(fh, 2):
            if not line.strip() or line.startswith("#"):
                continue
            cells = dict(zip(header, line.rstrip("\n").split("\t")))
            codes = tuple(c for c in cells["codes"].split("|") if c and c != "-")
            rows.append(
                LabelledSentence(
                    sentence=cells["sentence"],
                    source=None if cells["source"] in ("", "-") else cells["source"],
                    target=None if cells["target"] in ("", "-") else cells["target"],
                    codes=codes,
                    modality=cells["modality"],
                    symmetric="symmetric" in cells.get("note", ""),
                )
            )
    return rows


def event_matches(
    row: LabelledSentence, e: Event, *, check_modality: bool = True, root_level: bool = False
) -> bool:
    """Does predicted event ``e`` get ``row``'s event right (actors, code, modality)?
    With ``root_level`` the code need only have the right CAMEO root."""
    if not row.codes:
        return False
    if root_level:
        if e.root not in {c[:2] for c in row.codes}:
            return False
    elif not _code_ok(e.cameo, list(row.codes)):
        return False
    if check_modality and e.modality != row.modality:
        return False
    src = e.source.country
    tgt = e.target.country if e.target else None
    if row.target is None:
        return src == row.source
    if row.symmetric or e.symmetric:
        return {src, tgt} == {row.source, row.target}
    return (src, tgt) == (row.source, row.target)


@dataclass
class SentenceScore:
    """Precision/recall of asserted events by root, and modality accuracy."""

    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)
    modality_right: int = 0
    modality_total: int = 0
    negatives_silent: int = 0
    negatives: int = 0
    failures: list[tuple[LabelledSentence, list[Event]]] = field(default_factory=list)

    def prf(self, root: str | None = None) -> tuple[float, float, float]:
        keys = [root] if root else sorted(set(self.tp) | set(self.fp) | set(self.fn))
        tp = sum(self.tp.get(k, 0) for k in keys)
        fp = sum(self.fp.get(k, 0) for k in keys)
        fn = sum(self.fn.get(k, 0) for k in keys)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def table(self) -> str:
        lines = ["root  P      R      F1     tp  fp  fn"]
        for root in [f"{i:02d}" for i in range(1, 21)]:
            p, r, f = self.prf(root)
            lines.append(
                f"{root}    {p:.3f}  {r:.3f}  {f:.3f}  {self.tp.get(root, 0):3d} "
                f"{self.fp.get(root, 0):3d} {self.fn.get(root, 0):3d}"
            )
        p, r, f = self.prf()
        lines.append(f"all   {p:.3f}  {r:.3f}  {f:.3f}")
        lines.append(
            f"modality right {self.modality_right}/{self.modality_total}; "
            f"negative sentences silent {self.negatives_silent}/{self.negatives}"
        )
        return "\n".join(lines)


def score_sentences(
    rows: list[LabelledSentence], predictions: list[list[Event]], *, root_level: bool = False
) -> SentenceScore:
    """Score predicted events, one list per labelled row, in the same order. An event counts
    when its actors, modality and code are right (``root_level``: its CAMEO root)."""
    out = SentenceScore()
    matches = functools.partial(event_matches, root_level=root_level)

    def bump(d: dict[str, int], k: str) -> None:
        d[k] = d.get(k, 0) + 1

    for row, events in zip(rows, predictions):
        asserted = [e for e in events if e.asserted]
        if not row.codes:
            out.negatives += 1
            if not asserted:
                out.negatives_silent += 1
            for root in {e.root for e in asserted}:
                bump(out.fp, root)
            if asserted:
                out.failures.append((row, events))
            continue
        out.modality_total += 1
        if any(matches(row, e) for e in events):
            out.modality_right += 1
        ok = False
        if row.modality == "asserted":
            hit = [e for e in asserted if matches(row, e)]
            ok = bool(hit)
            if ok:
                bump(out.tp, row.root)
            else:
                bump(out.fn, row.root)
            wrong_roots = {e.root for e in asserted if e not in hit and e.root != row.root}
        else:
            ok = not asserted or not any(matches(row, e, check_modality=False) for e in asserted)
            wrong_roots = {e.root for e in asserted if matches(row, e, check_modality=False)}
        for root in wrong_roots:
            bump(out.fp, root)
        if not ok or not any(matches(row, e) for e in events):
            out.failures.append((row, events))
    return out



# -- labelled interest sentences ------------------------------------------------------------
def score_interests(path: str | Path, predictions: list[list]) -> dict[str, float]:
    """Precision/recall of interest detection, and of the holder, on a labelled sentence set
    (``tests/data/interest_sentences.tsv``); ``predictions`` holds the Interests found in each
    row's sentence, in order."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            if line.strip():
                rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    tp = fp = fn = holder_ok = stance_ok = issue_ok = 0
    for row, found in zip(rows, predictions):
        gold = row["kind"] == "interest"
        if found and gold:
            tp += 1
            holder_ok += any(i.holder.country == row["holder"] for i in found)
            stance_ok += any(i.stance == row["stance"] for i in found)
            issue_ok += any(i.issue == row["issue"] for i in found)
        elif found:
            fp += 1
        elif gold:
            fn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    n_gold = tp + fn
    return {
        "sentences": len(rows),
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "holder_precision": holder_ok / (tp + fp) if tp + fp else 0.0,
        "holder_recall": holder_ok / n_gold if n_gold else 0.0,
        "stance_accuracy": stance_ok / tp if tp else 0.0,
        "issue_accuracy": issue_ok / tp if tp else 0.0,
    }
