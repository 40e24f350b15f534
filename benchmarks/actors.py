"""Who did what to whom: source and target span precision/recall/F1 on real news.

Data: ../shared/data/cameo-sentences/actors-bio-train.txt (one token a line, BIO tags:
S = source, T = target, R = reciprocal, both sides of a meeting). detente codes each
sentence (tokens joined by spaces); its main event's source and target phrases are compared
with the gold spans, by token overlap (a predicted span that shares a token with the gold span
of its role) and exactly. Overall, and on the sentences where a country is involved (any gold
span contains a word that the actor dictionaries resolve to a country).

Usage: python benchmarks/actors.py [--quick]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from detente.extract.data import read_bio
from detente.nlp import load
from detente.pipeline import code_documents
from detente.records import Document, Event

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "cameo-sentences" / "actors-bio-train.txt"


def spans(tags: list[str], role: str) -> list[tuple[int, int]]:
    """Token spans [start, end) of ``role`` (R counts for both S and T)."""
    out, start = [], None
    for i, tag in enumerate([*tags, "O"]):
        inside = tag[2:] in (role, "R") and tag != "O"
        if tag.startswith("B-") and start is not None:
            out.append((start, i))
            start = None
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            out.append((start, i))
            start = None
    return out


def token_span(offsets: list[tuple[int, int]], span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    idx = [i for i, (a, b) in enumerate(offsets) if a < span[1] and span[0] < b]
    return (idx[0], idx[-1] + 1) if idx else None


def main_event(events: list[Event]) -> Event | None:
    cands = [e for e in events if e.asserted] or events
    if not cands:
        return None
    return max(cands, key=lambda e: (e.target is not None, e.confidence, abs(e.goldstein), -e.span[0]))


class Tally:
    def __init__(self) -> None:
        self.tp_overlap = self.tp_exact = self.pred = self.gold = 0

    def add(self, pred: tuple[int, int] | None, gold: list[tuple[int, int]]) -> None:
        self.gold += len(gold)
        if pred is None:
            return
        self.pred += 1
        if any(a < pred[1] and pred[0] < b for a, b in gold):
            self.tp_overlap += 1
        if pred in gold:
            self.tp_exact += 1

    def prf(self, exact: bool = False) -> tuple[float, float, float]:
        tp = self.tp_exact if exact else self.tp_overlap
        p = tp / self.pred if self.pred else 0.0
        r = tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def line(self, name: str) -> str:
        p, r, f = self.prf()
        pe, re_, fe = self.prf(exact=True)
        return f"{name:<28} overlap P {p:.3f} R {r:.3f} F1 {f:.3f} | exact P {pe:.3f} R {re_:.3f} F1 {fe:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a fifth of the sentences")
    args = ap.parse_args(argv)
    data = read_bio(DATA)
    if args.quick:
        data = data[::5]
    from detente.actors.gazetteer import gazetteer

    gaz = gazetteer()
    docs, offsets = [], []
    for i, (toks, _) in enumerate(data):
        text, offs, pos = "", [], 0
        for t in toks:
            offs.append((pos, pos + len(t)))
            text += t + " "
            pos += len(t) + 1
        docs.append(Document(id=f"bio{i}", text=text.strip()))
        offsets.append(offs)
    tallies = {k: Tally() for k in ("source", "target", "source (country)", "target (country)")}
    for (toks, tags), offs, coded in zip(data, offsets, code_documents(docs, nlp=load())):
        mains = set(coded.main_events)
        e = main_event([x for x in coded.events if x.id in mains] or list(coded.events))
        gold_s, gold_t = spans(tags, "S"), spans(tags, "T")
        country = any(
            any(e_.kind in ("country", "demonym", "capital") for e_ in gaz.names.get(toks[i], []))
            for a, b in gold_s + gold_t
            for i in range(a, b)
        )
        src = token_span(offs, e.source.span) if e else None
        tgt = token_span(offs, e.target.span if e and e.target else None) if e else None
        tallies["source"].add(src, gold_s)
        tallies["target"].add(tgt, gold_t)
        if country:
            tallies["source (country)"].add(src, gold_s)
            tallies["target (country)"].add(tgt, gold_t)
    print(f"{len(data)} sentences")
    for name, t in tallies.items():
        print(t.line(name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
