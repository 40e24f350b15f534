"""The event pattern dictionary: parsing ``data/event_patterns.tsv`` and matching it on a parse.

A pattern is a line ``code<TAB>pattern<TAB>note``; the pattern is a list of terms:

=================  ===============================================================
``v:LEMMA|…``      head verb (exactly one ``v:`` or ``n:`` per pattern)
``n:LEMMA|…``      head event noun
``+PRT``           the verb has this particle ("pull +out")
``o:LEMMA|…``      the verb's direct object (a passive verb's subject) has this lemma;
                   the object is then consumed, not coded again as a noun event
``p:PREP|…``       the head has a prepositional child with one of these prepositions
``m:LEMMA|…``      a modifier of the head noun (or of the verb's object) has this lemma
``t:PREP|…``       prepositions that introduce the target for this pattern
``x:LEMMA|…``      the verb governs a complement verb with this lemma ("agree to meet")
=================  ===============================================================

More terms make a pattern more specific; the most specific pattern that matches wins.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Token

from ..cameo import lookup
from ..data import read_table

__all__ = ["Pattern", "PatternMatch", "PatternSet", "load_patterns", "parse_pattern"]

_OBJECT_DEPS = ("dobj", "obj", "attr", "oprd", "dative")
_MOD_DEPS = ("amod", "compound", "nmod", "npadvmod", "poss", "nummod")
_COMPLEMENT_DEPS = ("xcomp", "ccomp", "pcomp")


@dataclass(frozen=True)
class Pattern:
    code: str
    kind: str  # "v" or "n"
    heads: frozenset[str]
    particles: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    mods: tuple[frozenset[str], ...] = ()
    targets: frozenset[str] = frozenset()
    complements: frozenset[str] = frozenset()
    text: str = ""
    line: int = 0

    @property
    def rule(self) -> str:
        return f"pattern:{self.line}:{self.text}"

    @property
    def specificity(self) -> int:
        return (
            2 * len(self.particles)
            + 3 * bool(self.objects)
            + 2 * bool(self.preps)
            + 2 * len(self.mods)
            + 3 * bool(self.complements)
        )


@dataclass(frozen=True)
class PatternMatch:
    pattern: Pattern
    head: Token
    #: The light-verb object that the match consumed ("talks" in "held talks"), if any.
    obj: Token | None = None


def parse_pattern(code: str, text: str, line: int = 0) -> Pattern:
    """Parse one pattern line; ValueError names the line on a bad term."""
    kind = None
    heads: frozenset[str] = frozenset()
    fields: dict[str, set[str]] = defaultdict(set)
    mods: list[frozenset[str]] = []
    for term in text.split():
        if term.startswith("+"):
            fields["prt"].add(term[1:].lower())
            continue
        key, sep, value = term.partition(":")
        if not sep or not value:
            raise ValueError(f"event_patterns.tsv:{line}: bad term {term!r} in {text!r}")
        alts = frozenset(v.lower() for v in value.split("|") if v)
        if key in ("v", "n"):
            if kind is not None:
                raise ValueError(f"event_patterns.tsv:{line}: two heads in {text!r}")
            kind, heads = key, alts
        elif key == "m":
            mods.append(alts)
        elif key in ("o", "p", "t", "x"):
            fields[key] |= alts
        else:
            raise ValueError(f"event_patterns.tsv:{line}: unknown term {term!r} in {text!r}")
    if kind is None:
        raise ValueError(f"event_patterns.tsv:{line}: no v: or n: head in {text!r}")
    lookup(code)  # raises on an unknown code
    return Pattern(
        code=code,
        kind=kind,
        heads=heads,
        particles=frozenset(fields["prt"]),
        objects=frozenset(fields["o"]),
        preps=frozenset(fields["p"]),
        mods=tuple(mods),
        targets=frozenset(fields["t"]),
        complements=frozenset(fields["x"]),
        text=text,
        line=line,
    )


class PatternSet:
    """Patterns indexed by head lemma, most specific first."""

    def __init__(self, patterns: list[Pattern]):
        self.patterns = patterns
        index: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        for p in patterns:
            for h in p.heads:
                index[(p.kind, h)].append(p)
        for lst in index.values():
            lst.sort(key=lambda p: -p.specificity)
        self.index = dict(index)
        self.noun_heads = frozenset(h for (k, h) in self.index if k == "n")
        self.verb_heads = frozenset(h for (k, h) in self.index if k == "v")

    def match(self, tok: Token) -> PatternMatch | None:
        kind = "v" if tok.pos_ in ("VERB", "AUX") else "n" if tok.pos_ in ("NOUN", "PROPN") else None
        if kind is None:
            return None
        lemma = tok.lemma_.lower()
        candidates = self.index.get((kind, lemma)) or self.index.get((kind, tok.lower_))
        if not candidates:
            return None
        for p in candidates:
            m = _try(p, tok)
            if m is not None:
                return m
        return None


def _try(p: Pattern, tok: Token) -> PatternMatch | None:
    children = list(tok.children)
    if p.particles:
        prts = {c.lower_ for c in children if c.dep_ in ("prt", "advmod", "prep")}
        if not p.particles <= prts:
            return None
    if p.preps:
        preps = {c.lower_ for c in children if c.dep_ in ("prep", "agent", "dative", "prt")}
        if not p.preps & preps:
            return None
    if p.complements:
        comps = {c.lemma_.lower() for c in children if c.dep_ in _COMPLEMENT_DEPS}
        if not (p.complements & comps):
            return None
    obj = None
    if p.objects:
        obj = _object(tok, p.objects)
        if obj is None and p.complements:
            # "threatened to end its mediation": the object belongs to the complement verb
            for c in children:
                if c.dep_ in _COMPLEMENT_DEPS and c.lemma_.lower() in p.complements:
                    obj = obj or _object(c, p.objects)
        if obj is None:
            return None
    if p.mods:
        base = obj if obj is not None else tok
        mods = {c.lemma_.lower() for c in base.children if c.dep_ in _MOD_DEPS}
        mods |= {c.lower_ for c in base.children if c.dep_ in _MOD_DEPS}
        if not all(alts & mods for alts in p.mods):
            return None
    return PatternMatch(p, tok, obj)


def _object(tok: Token, lemmas: frozenset[str]) -> Token | None:
    """The verb's object with one of ``lemmas``: direct object, passive subject, or a noun
    under a preposition ("engaged in talks"), including coordinated objects."""
    for c in tok.children:
        cands = []
        if c.dep_ in _OBJECT_DEPS or c.dep_ in ("nsubjpass", "nsubj:pass"):
            cands = [c, *c.conjuncts]
        elif c.dep_ == "prep":
            cands = [g for g in c.children if g.dep_ == "pobj"]
        for cand in cands:
            if cand.lemma_.lower() in lemmas or cand.lower_ in lemmas:
                return cand
            # "a batch of tanks", "a new round of talks", "a wave of airstrikes": the noun
            # after "of" is what the verb acts on
            for prep in cand.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for g in prep.children:
                        if g.dep_ == "pobj" and (g.lemma_.lower() in lemmas or g.lower_ in lemmas):
                            return g
    return None


@functools.lru_cache(maxsize=1)
def load_patterns() -> PatternSet:
    """The shipped pattern dictionary, parsed once per process."""
    patterns = []
    for row in read_table("event_patterns"):
        if row.get("pattern"):
            patterns.append(parse_pattern(row["code"], row["pattern"], line=int(row["__line__"])))
    return PatternSet(patterns)
