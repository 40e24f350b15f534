"""The states stage: how a text describes the relationship itself.

"Relations between the two countries were cordial", "ties worsened", "Indian–Chinese ties
improved", "helped improve the diplomatic relations" become :class:`RelationState` records:
the dyad (from "between A and B", two country modifiers, a possessor plus "with", a plural
reference, or the pair the passage is about), a polarity and strength from the words that
describe the relation, the time of the clause, and the evidence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions
from .actors import context_pair, gazetteer
from .events import time_of
from .events.modality import modality
from .extensions import tokens_with
from .lexicon import Lexicon, lexicon
from .records import Actor, RelationState

__all__ = ["StateStage", "VERSION"]

VERSION = "detente.states.v1"


@Language.factory("detente_states", default_config={}, requires=["doc._.actors"], assigns=["doc._.states"])
def make_state_stage(nlp: Language, name: str) -> StateStage:
    extensions.register()
    return StateStage()


class StateStage:
    def __init__(self, lex: Lexicon | None = None):
        self.lex = lex or lexicon()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[RelationState]:
        out = []
        nouns = self.lex.relation_nouns
        for tok in tokens_with(doc, "LEMMA", lambda s: s.lower() in nouns):
            if tok.pos_ != "NOUN":
                continue
            cue = self._polarity(tok)
            if cue is None:
                continue
            polarity, strength, trigger = cue
            pair = self._dyad(doc, tok)
            if len(pair) != 2 or pair[0] == pair[1]:
                continue
            sent = tok.sent
            when = time_of(doc, trigger)
            # the states as they were then: "ties between Pakistan and Russia" in 1960 are
            # Pakistan's with the Soviet Union
            pair = [gazetteer().as_of(c, _middle(when)) for c in pair]
            a, b = sorted(pair)
            out.append(
                RelationState(
                    doc_id=doc._.doc_id or "",
                    a=a,
                    b=b,
                    polarity=polarity,
                    strength=strength,
                    when=when,
                    sentence=sent.text.strip(),
                    span=(tok.idx, tok.idx + len(tok.text)),
                    trigger=trigger.text,
                    modality=modality(trigger, is_noun=trigger.pos_ == "NOUN"),
                )
            )
        return out

    @staticmethod
    def set_annotations(doc: Doc, states: list[RelationState]) -> None:
        doc._.states = states

    def _polarity(self, noun: Token) -> tuple[int, float, Token] | None:
        """The word that says how the relation is: its predicate first, then its modifiers."""
        words = self.lex.state_words
        cands: list[Token] = []
        head = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") or (noun.dep_ == "conj" and noun.head.dep_ in ("nsubj", "nsubjpass")):
            verb = head if noun.dep_ != "conj" else head.head
            cands.append(verb)
            cands.extend(c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd", "xcomp", "conj", "dobj"))
            for c in verb.children:
                if c.dep_ == "conj":
                    cands.extend(g for g in c.children if g.dep_ in ("acomp", "dobj"))
        elif noun.dep_ in ("dobj", "pobj"):
            verb = head if noun.dep_ == "dobj" else head.head
            cands.append(verb)
            if verb.dep_ in ("xcomp", "ccomp"):
                cands.append(verb.head)
        # a participle after the noun ("… Indian–Chinese ties improved", parsed as a modifier)
        cands.extend(c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB")
        cands.extend(c for c in noun.children if c.dep_ in ("amod", "compound"))
        for c in cands:
            for key in (c.lemma_.lower(), c.lower_):
                if key in words:
                    pol, strength = words[key]
                    if any(n.dep_ == "neg" for n in c.children):
                        pol = -pol
                    return pol, strength, c
        if noun.lemma_.lower() in words:
            pol, strength = words[noun.lemma_.lower()]
            return pol, strength, noun
        return None

    def _dyad(self, doc: Doc, noun: Token) -> list[str]:
        countries: list[str] = []

        def add(actors: list[Actor]) -> None:
            for a in actors:
                if a.country and a.country not in countries:
                    countries.append(a.country)

        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "among", "with"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        for t in [g, *g.conjuncts]:
                            add(_actors(t))
        for c in noun.lefts:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                for t in c.subtree:
                    add(_actors(t))
        if noun.dep_ == "dobj":
            subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
            if subj is not None and len(countries) < 2:
                for t in [subj, *subj.conjuncts]:
                    add(_actors(t))
        if len(countries) < 2:
            for a in context_pair(doc, noun.i):
                if len(countries) >= 2:
                    break
                if a.country and a.country not in countries:
                    countries.append(a.country)
        return countries[:2]


def _actors(tok: Token) -> list[Actor]:
    m = tok._.actor
    if m is None:
        return []
    return list(m.members) if m.members else [m.actor]


def _middle(when):
    if when is None or when.start is None:
        return None
    end = when.end or when.start
    return when.start + (end - when.start) / 2
