"""The word lists of ``data/lexicon.tsv``: relation nouns, state words, interest words, issues."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .data import read_table

__all__ = ["Lexicon", "lexicon"]


@dataclass(frozen=True)
class Lexicon:
    relation_nouns: frozenset[str]
    #: word → (polarity, strength)
    state_words: dict[str, tuple[int, float]] = field(default_factory=dict)
    #: word → stance ("seek" or "avoid")
    interest_words: dict[str, str] = field(default_factory=dict)
    #: key word or phrase (lower case) → issue
    issues: dict[str, str] = field(default_factory=dict)

    def issue_of(self, text: str) -> str | None:
        """The issue of ``text``: the first key word in it that names a specific issue, else
        a general one ("diplomatic" is what every relation is about, so it comes last)."""
        low = f" {text.lower()} "
        found = []
        for key, issue in self.issues.items():
            pos = low.find(f" {key}")
            if pos >= 0:
                found.append((issue == "diplomatic", pos, -len(key), issue))
        return min(found)[3] if found else None


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    relation, states, interests, issues = set(), {}, {}, {}
    for row in read_table("lexicon"):
        term, use = row["term"].lower(), row["use"]
        if use == "relation":
            relation.add(term)
            if row["polarity"]:
                states[term] = (int(row["polarity"]), float(row["strength"] or 0.5))
        elif use == "state":
            states.setdefault(term, (int(row["polarity"]), float(row["strength"] or 0.5)))
        elif use == "interest":
            interests[term] = row["value"] or "seek"
        elif use == "issue":
            issues[term] = row["value"]
    return Lexicon(frozenset(relation), states, interests, issues)
