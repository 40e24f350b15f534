"""The interests stage: what each side wants ("Brazil wants a permanent seat on the Security Council").

An interest is a want or an aversion stated for a holder: a verb ("wants to", "seeks",
"needs"), an adjective ("is eager to", "keen on") or a noun ("Islamabad's keen desire to").
The holder is its subject or possessor; the issue is the normalised topic of what is wanted;
the counterpart is another country named in it. Interests never enter the event series.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions
from .actors import actor_as_of
from .extensions import doc_text, tokens_with
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
        words = self.lex.interest_words
        for tok in tokens_with(doc, "LEMMA", lambda s: s.lower() in words):
            stance = words[tok.lemma_.lower()]
            if tok.pos_ not in ("VERB", "ADJ", "NOUN"):
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
            issue = self._issue(text, tok.sent.text, content, holder, counterpart)
            if modality(tok, is_noun=tok.pos_ == "NOUN") in ("negated",):
                continue
            sent = tok.sent
            out.append(
                Interest(
                    doc_id=doc._.doc_id or "",
                    holder=actor_as_of(holder, sent._.when),
                    counterpart=actor_as_of(counterpart, sent._.when),
                    issue=issue,
                    stance=stance,
                    attribution=self._attribution(tok, holder),
                    when=sent._.when or TimeSpan(),
                    sentence=sent.text.strip(),
                    span=(tok.idx, tok.idx + len(tok.text)),
                    trigger=tok.text,
                )
            )
        return self._lists(doc, out)

    # -- issues ----------------------------------------------------------------------------
    def _issue(self, text: str, sentence: str, tokens, holder: Actor, counterpart: Actor | None) -> str:
        """The issue of what is wanted: a specific key word in it, else in its sentence
        ("Terrorism is a threat, and hence X is eager to counter it"), else a third country
        it is about ("cooperation in Afghanistan"), else the general "diplomatic"."""
        specific = self.lex.issue_of(text)
        if specific and specific != "diplomatic":
            return specific
        around = self.lex.issue_of(sentence)
        if around and around != "diplomatic":
            return around
        sides = {holder.country, counterpart.country if counterpart else None}
        others = {
            t._.actor.actor.name.lower()
            for t in tokens
            if t._.actor is not None and not t._.actor.members and t._.actor.actor.name
            and t._.actor.actor.country not in sides and t._.actor.actor.via in ("country", "capital", "demonym")
        }
        if len(others) == 1:  # about one other country: that place is the issue
            return others.pop()
        return specific or around or "diplomatic"

    # -- lists under a heading -------------------------------------------------------------
    def _lists(self, doc: Doc, found: list[Interest]) -> list[Interest]:
        """Items of a numbered or bulleted list whose lead-in names the holder ("These are
        Brasília's main aims in its talks with Buenos Aires:") are interests of that holder toward
        the other country named; a lead-in about convergence makes each item an interest of
        both sides."""
        text = doc_text(doc)
        lines = _lines(text)
        mentions = sorted(
            ((doc[m.start].idx, m.actor) for m in (doc._.actors or []) if not m.members and m.actor.country),
            key=lambda pa: pa[0],
        )
        out = list(found)
        i = 0
        while i < len(lines):
            if not _ITEM.match(lines[i][2]):
                i += 1
                continue
            j = i
            while j < len(lines) and _ITEM.match(lines[j][2]):
                j += 1
            lead = _lead_in(lines, i, mentions)
            if lead is not None:
                holders, both = lead
                for start, end, line in lines[i:j]:
                    out = self._item(doc, out, start, end, line, holders, both)
            i = j
        return out

    def _item(self, doc: Doc, out: list[Interest], start: int, end: int, line: str, holders, both: bool):
        body = _ITEM.sub("", line).strip().rstrip(",;.")
        if not body:
            return out
        pairs = [(holders[0], holders[1] if len(holders) > 1 else None)]
        if both and len(holders) > 1:
            pairs.append((holders[1], holders[0]))
        tokens = [t for t in doc.char_span(start, end, alignment_mode="expand") or []]
        for holder, counterpart in pairs:
            same = [k for k, x in enumerate(out) if start <= x.span[0] < end and x.holder.country == holder.country]
            if same:
                k = same[0]
                if out[k].counterpart is None and counterpart is not None:
                    out[k] = dataclasses.replace(out[k], counterpart=counterpart)
                continue
            first = next((t for t in tokens if t.is_alpha), None)
            stance = "avoid" if first is not None and first.lemma_.lower() in _AVOID_OBJECTS else "seek"
            out.append(
                Interest(
                    doc_id=doc._.doc_id or "",
                    holder=holder,
                    counterpart=counterpart,
                    issue=self._issue(body, body, tokens, holder, counterpart),
                    stance=stance,
                    attribution="author",
                    when=TimeSpan(),
                    sentence=body,
                    span=(start, end),
                    trigger="list item",
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


_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*\u2022])\s+")
_BOTH = re.compile(r"\b(convergence|converge|mutual|common|shared|both)\b", re.I)


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _lead_in(lines, i: int, mentions) -> tuple[list[Actor], bool] | None:
    """The countries named by the line(s) just above a list, in order, and whether the lead-in
    speaks of both sides' common interests."""
    for k in range(i - 1, max(-1, i - 3), -1):
        start, end, line = lines[k]
        if _ITEM.match(line):
            return None
        holders: list[Actor] = []
        for pos, actor in mentions:
            if start <= pos < end and actor.country not in {h.country for h in holders}:
                holders.append(actor)
        if holders:
            return holders[:2], bool(_BOTH.search(line))
    return None


def _depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n
