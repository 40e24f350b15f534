"""The interests stage: what each side wants ("Russia wants to keep an eye on the US").

An interest is a want or an aversion stated for a holder: a verb ("wants to", "seeks",
"needs"), an adjective ("is eager to", "keen on") or a noun ("Islamabad's keen desire to").
The holder is its subject or possessor; the issue is the normalised topic of what is wanted;
the counterpart is another country named in it. Interests never enter the event series.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions
from .events.modality import modality
from .lexicon import Lexicon, lexicon
from .records import Actor, Interest, TimeSpan

__all__ = ["InterestStage", "VERSION"]

VERSION = "detente.interests.v1"

_AVOID_OBJECTS = {"lessen", "reduce", "curtail", "counter", "avoid", "prevent", "limit", "end", "stop", "combat", "fight"}
_REPORT = {"say", "state", "announce", "declare", "tell", "stress", "insist"}


@Language.factory("detente_interests", default_config={}, requires=["doc._.actors"], assigns=["doc._.interests"])
def make_interest_stage(nlp: Language, name: str) -> InterestStage:
    extensions.register()
    return InterestStage()


class InterestStage:
    def __init__(self, lex: Lexicon | None = None):
        self.lex = lex or lexicon()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, interests: list[Interest]) -> None:
        doc._.interests = interests

    def match(self, doc: Doc) -> list[Interest]:
        out = []
        for tok in doc:
            stance = self.lex.interest_words.get(tok.lemma_.lower())
            if stance is None or tok.pos_ not in ("VERB", "ADJ", "NOUN"):
                continue
            holder = self._holder(tok)
            if holder is None or not holder.country:
                continue
            content = self._content(tok)
            if not content:
                continue
            text = doc[min(t.i for t in content) : max(t.i for t in content) + 1].text
            head = min(content, key=_depth)
            if stance == "seek" and head.lemma_.lower() in _AVOID_OBJECTS:
                stance = "avoid"
            counterpart = None
            for t in content:
                m = t._.actor
                if m is not None and m.actor.country and m.actor.country != holder.country:
                    counterpart = m.actor
                    break
            issue = self.lex.issue_of(text) or "diplomatic"
            if modality(tok, is_noun=tok.pos_ == "NOUN") in ("negated",):
                continue
            sent = tok.sent
            out.append(
                Interest(
                    doc_id=doc._.doc_id or "",
                    holder=holder,
                    counterpart=counterpart,
                    issue=issue,
                    stance=stance,
                    attribution=self._attribution(tok, holder),
                    when=sent._.when or TimeSpan(),
                    sentence=sent.text.strip(),
                    span=(tok.idx, tok.idx + len(tok.text)),
                    trigger=tok.text,
                )
            )
        return out

    @staticmethod
    def _holder(tok: Token) -> Actor | None:
        cands: list[Token] = []
        if tok.pos_ == "NOUN":
            cands = [c for c in tok.children if c.dep_ == "poss"]
        elif tok.pos_ == "ADJ":
            verb = tok.head if tok.dep_ in ("acomp", "amod") else tok
            cands = [c for c in verb.children if c.dep_ in ("nsubj",)]
        else:
            cands = [c for c in tok.children if c.dep_ in ("nsubj",)]
            if not cands and tok.dep_ == "conj":
                cands = [c for c in tok.head.children if c.dep_ == "nsubj"]
        for c in cands:
            for t in [c, *c.children]:
                m = t._.actor
                if m is not None and not m.members:
                    return m.actor
        return None

    @staticmethod
    def _content(tok: Token) -> list[Token]:
        for c in tok.children:
            if c.dep_ in ("xcomp", "dobj", "ccomp", "acl") or (c.dep_ == "prep" and c.lower_ in ("on", "for", "in")):
                return sorted(c.subtree, key=lambda t: t.i)
        return []

    @staticmethod
    def _attribution(tok: Token, holder: Actor) -> str:
        cur = tok
        for _ in range(4):
            if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in _REPORT:
                return "declared"
            if cur.head.i == cur.i:
                break
            cur = cur.head
        return "author"


def _depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n
