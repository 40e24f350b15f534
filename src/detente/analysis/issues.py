"""What a dyad's relationship is about: issues ranked, each with its evidence."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from ..lexicon import lexicon
from ._frames import column, dyad_mask, is_missing, members, modality_mask, state_mask

__all__ = ["GENERAL_ISSUES", "dyad_issues"]

#: Issues every relationship is about; ranked after the specific ones.
GENERAL_ISSUES = frozenset({"diplomatic"})


def _patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    out = []
    for key, issue in lexicon().issues.items():
        words = r"\s+".join(re.escape(w) for w in key.split())
        out.append((key, issue, re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.IGNORECASE)))
    return out


def dyad_issues(
    events: pd.DataFrame,
    states: pd.DataFrame | None,
    interests: pd.DataFrame | None,
    a: str,
    b: str,
    *,
    modality: str | None = None,
    examples: int = 3,
) -> pd.DataFrame:
    """The issues ``a`` and ``b`` engage on, most evidenced first.

    Evidence is every sentence behind the dyad's events (their PLOVER contexts), relation
    states, and the interests either side holds towards the other (or towards anyone, in a
    document about the dyad); in each sentence the key words of the
    lexicon's ``issue`` rows ("pipeline" → energy, "extremism" → terrorism) add their issue.
    ``modality=None`` (the default) reads events and states of every modality: a
    recommendation still names what the relationship is about.

    Columns: ``issue``, ``count`` (distinct evidence sentences), ``n_events``, ``n_states``,
    ``n_interests``, ``phrases`` (key words found, most frequent first, a list) and
    ``examples`` (up to ``examples`` sentences, a list). General issues (``diplomatic``) are
    ranked after the specific ones.
    """
    items: list[tuple[str, str, str, set[str]]] = []  # (kind, doc_id, sentence, issues)
    ev = events[dyad_mask(events, a, b) & modality_mask(events, modality)]
    for ctx, doc, sent in zip(
        column(ev, "plover_context"), column(ev, "doc_id"), column(ev, "sentence")
    ):
        found = set()
        if not is_missing(ctx):
            found |= {c.strip() for c in str(ctx).split(";") if c.strip()}
        items.append(("event", str(doc), "" if is_missing(sent) else str(sent), found))
    dyad_docs = set(map(str, column(ev, "doc_id")))
    if states is not None and not states.empty:
        st = states[state_mask(states, a, b) & modality_mask(states, modality)]
        dyad_docs |= set(map(str, column(st, "doc_id")))
        for doc, sent in zip(column(st, "doc_id"), column(st, "sentence")):
            items.append(("state", str(doc), "" if is_missing(sent) else str(sent), set()))
    if interests is not None and not interests.empty:
        both = members(a) | members(b)
        holder = column(interests, "holder_country").astype(object)
        counter = column(interests, "counterpart_country").astype(object)
        docs = column(interests, "doc_id").astype(str)
        other = counter.isin(members(b)) & holder.isin(members(a))
        other |= counter.isin(members(a)) & holder.isin(members(b))
        keep = other | (holder.isin(both) & docs.isin(dyad_docs))
        it = interests[keep]
        for issue, doc, sent in zip(
            column(it, "issue"), column(it, "doc_id"), column(it, "sentence")
        ):
            found = set() if is_missing(issue) else {str(issue)}
            items.append(("interest", str(doc), "" if is_missing(sent) else str(sent), found))

    patterns = _patterns()
    sentences: dict[str, set[tuple[str, str]]] = defaultdict(set)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    phrases: dict[str, Counter[str]] = defaultdict(Counter)
    examples_of: dict[str, list[str]] = defaultdict(list)
    phrase_cache: dict[str, list[tuple[str, str]]] = {}
    for kind, doc, sent, found in items:
        if sent not in phrase_cache:
            phrase_cache[sent] = [(key, issue) for key, issue, pat in patterns if pat.search(sent)]
        hits = phrase_cache[sent]
        issues = set(found) | {issue for _, issue in hits}
        for issue in issues:
            kinds[issue][kind] += 1
            new = (doc, sent) not in sentences[issue]
            sentences[issue].add((doc, sent))
            if new:
                for key, iss in hits:
                    if iss == issue:
                        phrases[issue][key] += 1
                if sent and sent not in examples_of[issue]:
                    examples_of[issue].append(sent)
    rows = []
    for issue, sents in sentences.items():
        # sentences naming the issue by a key word make the best examples
        ex = sorted(
            examples_of[issue], key=lambda s: not any(i == issue for _, i in phrase_cache[s])
        )
        rows.append(
            {
                "issue": issue,
                "count": len(sents),
                "n_events": kinds[issue]["event"],
                "n_states": kinds[issue]["state"],
                "n_interests": kinds[issue]["interest"],
                "phrases": [k for k, _ in phrases[issue].most_common()],
                "examples": ex[:examples],
            }
        )
    cols = ["issue", "count", "n_events", "n_states", "n_interests", "phrases", "examples"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows, columns=cols)
    out["_general"] = out["issue"].isin(GENERAL_ISSUES)
    out = out.sort_values(
        ["_general", "count", "issue"], ascending=[True, False, True], kind="stable"
    )
    return out.drop(columns="_general").reset_index(drop=True)
