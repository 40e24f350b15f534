"""The actors stage: who is named in the text, and what each name resolves to.

Finds countries (names, aliases, demonyms, capitals and seats of power), organisations, armed
groups, people with dated roles and agent nouns ("troops", "the prime minister"); joins a
country and an agent noun into one actor ("Pakistani troops" → PAKMIL); resolves plural
references ("the two countries", "both sides") to the pair the passage is about. Sets
``doc._.actors`` (a list of :class:`~detente.extensions.ActorMention`) and ``token._.actor``.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .. import extensions
from ..extensions import ActorMention
from ..records import Actor
from .gazetteer import Entry, Gazetteer, gazetteer

__all__ = ["ActorStage", "VERSION", "actor_code", "context_pair", "gazetteer"]

VERSION = "detente.actors.v1"

#: Which entry wins when one phrase names several things.
_KIND_RANK = {"country": 0, "state": 1, "capital": 2, "igo": 3, "group": 4, "demonym": 5, "person": 6, "surname": 7}
#: Words before a bare surname that make it a person ("Mr. Modi", "President Putin").
_HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. president premier general gen gen. king queen prince sheikh "
    "minister chancellor marshal field ayatollah emir sultan senator governor secretary".split()
)
#: Phrases that refer back to the pair a passage is about.
_PAIR_REFERENCES = (
    "the two countries", "both countries", "both the countries", "the both countries",
    "both sides", "both the sides", "the two sides", "the two nations", "both nations",
    "the two neighbours", "the two neighbors", "the two governments", "both governments",
    "the two states", "the two", "the pair", "each other",
)  # fmt: skip
#: Agent nouns that, definite and without a country, belong to the passage's focal country.
_CONTEXT_SECTORS = {"GOV", "MIL", "COP", "LEG", "JUD"}
#: Institutions named by their seat ("the government in Damascus", "parliament in Kyiv").
_SEATED_SECTORS = {"GOV", "LEG", "JUD"}
_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod", "nummod", "det"}


def actor_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style actor code: country then sector (``PAK`` + ``GOV`` → ``PAKGOV``)."""
    if country and sector and sector != "IGO":
        return country + sector
    return country or (sector or None)


@Language.factory(
    "detente_actors",
    default_config={},
    assigns=["doc._.actors", "token._.actor"],
)
def make_actor_stage(nlp: Language, name: str) -> ActorStage:
    extensions.register()
    return ActorStage(nlp)


class ActorStage:
    """spaCy component: ``__call__`` → ``match()`` → ``set_annotations()``."""

    def __init__(self, nlp: Language, gaz: Gazetteer | None = None):
        self.gaz = gaz or gazetteer()
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.terms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.refs = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrases = sorted(self.gaz.names)
        for phrase, doc in zip(phrases, nlp.tokenizer.pipe(phrases)):
            self.names.add(phrase, [doc])
        multi = sorted(t for t in self.gaz.sectors if " " in t or "-" in t)
        for term, doc in zip(multi, nlp.tokenizer.pipe(multi)):
            self.terms.add(term, [doc])
        self.refs.add("PAIR", list(nlp.tokenizer.pipe(_PAIR_REFERENCES)))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- finding ---------------------------------------------------------------------------
    def match(self, doc: Doc) -> list[ActorMention]:
        names = self._name_spans(doc)
        taken = {i for s, _ in names for i in range(s.start, s.end)}
        sectors = self._sector_spans(doc, taken)
        refs = [
            Span(doc, s, e)
            for _, s, e in self.refs(doc)
            if not any(i in taken for i in range(s, e))
        ]
        refs = filter_spans(refs)
        mentions = self._compose(doc, names, sectors)
        for r in refs:
            mentions.append(ActorMention(r.start, r.end, _actor(r, None, None, via="reference")))
        mentions = _without_overlaps(mentions)
        return self._resolve_context(doc, mentions)

    def _name_spans(self, doc: Doc) -> list[tuple[Span, Entry]]:
        spans = []
        for match_id, start, end in self.names(doc):
            span = Span(doc, start, end, label=match_id)
            spans.append(span)
        out = []
        full_names: set[str] = set()
        for span in filter_spans(spans):
            entries = self.gaz.names.get(span.label_) or self.gaz.names.get(span.text) or []
            if not entries:
                continue
            entry = min(entries, key=lambda e: _KIND_RANK.get(e.kind, 9))
            # A demonym or name used as a plain lower-case word is not a name.
            if span[0].is_lower:
                continue
            if entry.kind == "person":
                full_names.add(span[-1].text)
            elif entry.kind == "surname":
                # A bare surname is a person only after an honorific or the full name.
                before = doc[span.start - 1].lower_ if span.start else ""
                if before not in _HONORIFICS and span.text not in full_names:
                    continue
                entry = dataclasses.replace(entry, kind="person")
            out.append((span, entry))
        return out

    def _sector_spans(self, doc: Doc, taken: set[int]) -> list[tuple[Span, str]]:
        spans: list[Span] = []
        for match_id, start, end in self.terms(doc):
            spans.append(Span(doc, start, end, label=match_id))
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            term = tok.lower_ if tok.lower_ in self.gaz.sectors else tok.lemma_.lower()
            if term in self.gaz.sectors:
                spans.append(Span(doc, tok.i, tok.i + 1, label=term))
        out = []
        for span in filter_spans(spans):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            out.append((span, self.gaz.sectors[span.label_.lower()]))
        return out

    def _compose(
        self,
        doc: Doc,
        names: list[tuple[Span, Entry]],
        sectors: list[tuple[Span, str]],
    ) -> list[ActorMention]:
        name_at = {i: (s, e) for s, e in names for i in range(s.start, s.end)}
        sector_at = {i: (s, sec) for s, sec in sectors for i in range(s.start, s.end)}
        used_names: set[int] = set()
        used_sectors: set[int] = set()
        mentions: list[ActorMention] = []

        # People, with a title before the name ("the then Prime Minister Tony Blair").
        for span, entry in names:
            if entry.kind != "person":
                continue
            title = self._modifier(span.root, sector_at, exclude=span)
            country = entry.code
            sector = title[1] if title else self._title_in(span)
            start = min(span.start, title[0].start) if title else span.start
            place = self._modifier(span.root, name_at, exclude=span, kinds=("country", "demonym"))
            if place:
                start = min(start, place[0].start)
                used_names.add(place[0].start)
            if title:
                used_sectors.add(title[0].start)
            actor = Actor(
                code=actor_code(country, sector),
                country=country,
                sector=sector,
                name=entry.name,
                text=doc[start : span.end].text,
                span=(doc[start].idx, span.end_char),
                via="person",
            )
            mentions.append(ActorMention(start, span.end, actor, roles=entry.roles))
            used_names.add(span.start)

        # Agent nouns with the country that modifies them ("Pakistani troops", "Russia's army").
        for span, sector in sectors:
            if span.start in used_sectors:
                continue
            mod = self._modifier(
                span.root, name_at, exclude=span, kinds=("country", "demonym", "capital", "igo", "group"),
                preps=("of", "in") if sector in _SEATED_SECTORS else ("of",),
            )
            if mod is not None:
                name_span, entry = mod
                used_names.add(name_span.start)
                start = min(span.start, name_span.start)
                end = max(span.end, name_span.end) if name_span.start < span.start else span.end
                country = entry.code if entry.kind != "igo" else entry.code
                actor = Actor(
                    code=actor_code(country, sector),
                    country=country,
                    sector=sector,
                    name=entry.name,
                    text=doc[start:end].text,
                    span=(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)),
                    via=entry.kind,
                )
                # "Indian and Pakistani troops": one phrase, two actors
                members = [actor]
                for conj in name_span.root.conjuncts:
                    if conj.i in name_at and conj.i >= start:
                        other = name_at[conj.i][1]
                        if other.kind in ("country", "demonym") and other.code != country:
                            members.append(dataclasses.replace(
                                actor, code=actor_code(other.code, sector), country=other.code, name=other.name
                            ))
                            used_names.add(name_at[conj.i][0].start)
                mentions.append(ActorMention(start, end, actor, members=tuple(members) if len(members) > 1 else ()))
            else:
                mentions.append(ActorMention(span.start, span.end, _actor(span, None, sector, via="sector")))

        for span, entry in names:
            if span.start in used_names:
                continue
            sector = entry.sector if entry.kind in ("capital", "state", "igo", "group") else None
            actor = _actor(span, entry.code, sector, name=entry.name, via=entry.kind)
            mentions.append(ActorMention(span.start, span.end, actor))
        return mentions

    def _title_in(self, span: Span) -> str | None:
        """The sector of a title that is part of the matched name ("Prime Minister Blair")."""
        for n in range(len(span) - 1, 0, -1):
            sector = self.gaz.sectors.get(span[:n].text.lower())
            if sector:
                return sector
        return None

    @staticmethod
    def _modifier(
        head: Token,
        table: dict,
        exclude: Span,
        kinds: tuple[str, ...] | None = None,
        preps: tuple[str, ...] = ("of",),
    ):
        """The first entry of ``table`` among ``head``'s left modifiers or its "of" phrase
        (or another preposition in ``preps``: "the government in Damascus")."""
        candidates: list[Token] = []
        for child in head.lefts:
            if child.dep_ in _MODIFIER_DEPS or child.dep_ in ("appos",):
                candidates.extend(child.subtree)
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in preps:
                candidates.extend(c for c in child.children if c.dep_ == "pobj")
        for tok in candidates:
            if exclude.start <= tok.i < exclude.end or tok.i not in table:
                continue
            span, value = table[tok.i]
            if kinds is None or getattr(value, "kind", None) in kinds:
                return span, value
        return None

    # -- context ---------------------------------------------------------------------------
    def _resolve_context(self, doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
        """Give plural references their pair and bare definite titles their focal country."""
        counts: Counter[str] = Counter()
        paragraph: Counter[str] = Counter()
        last_para = 0
        out = []
        breaks = _paragraph_breaks(doc.text)  # doc.text is rebuilt on every access: once
        for m in mentions:
            para = bisect.bisect_right(breaks, doc[m.start].idx)
            if para != last_para:
                paragraph.clear()
                last_para = para
            a = m.actor
            if a.via == "reference":
                pair = _pair(counts, paragraph)
                if len(pair) == 2:
                    members = tuple(
                        Actor(code=c, country=c, name=self._name(c), text=a.text, span=a.span, via="reference")
                        for c in pair
                    )
                    m = dataclasses.replace(m, members=members)
            elif a.country is None and a.sector in _CONTEXT_SECTORS and _is_definite_singular(doc, m):
                focal = _pair(counts, paragraph)[:1]
                if focal:
                    c = focal[0]
                    actor = dataclasses.replace(
                        a, country=c, code=actor_code(c, a.sector), name=self._name(c), via="context"
                    )
                    m = dataclasses.replace(m, actor=actor)
            elif a.country and a.via in ("country", "demonym", "capital", "state", "person") and a.country in self.gaz.countries:
                counts[a.country] += 1
                paragraph[a.country] += 1
            out.append(m)
        return out

    def _name(self, code: str) -> str | None:
        c = self.gaz.country(code)
        return c.name if c else None

    # -- writing ---------------------------------------------------------------------------
    @staticmethod
    def set_annotations(doc: Doc, mentions: list[ActorMention]) -> None:
        doc._.actors = mentions
        for m in mentions:
            for tok in doc[m.start : m.end]:
                tok._.actor = m


def _without_overlaps(mentions: list[ActorMention]) -> list[ActorMention]:
    """One mention per token: the longest wins ("Syrian Kurdish leader Salih Muslim" over
    "Syrian Kurdish leader"); the result is in text order."""
    taken: set[int] = set()
    kept = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(i in taken for i in range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: m.start)


def _actor(span: Span, country: str | None, sector: str | None, *, name=None, via=None) -> Actor:
    return Actor(
        code=actor_code(country, sector),
        country=country,
        sector=sector,
        name=name,
        text=span.text,
        span=(span.start_char, span.end_char),
        via=via,
    )


def _pair(counts: Counter[str], paragraph: Counter[str]) -> list[str]:
    """The two countries the passage is about: frequent in the document, present in the passage."""
    score = Counter({c: n + 3 * paragraph[c] for c, n in counts.items()})
    return [c for c, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]


def _paragraph_breaks(text: str) -> list[int]:
    """Character offsets where a new paragraph (after a blank line) starts."""
    out, i = [], text.find("\n\n")
    while i >= 0:
        out.append(i)
        i = text.find("\n\n", i + 2)
    return out


def _is_definite_singular(doc: Doc, m: ActorMention) -> bool:
    head = doc[m.end - 1]
    if head.tag_ in ("NNS", "NNPS"):
        return False
    return any(t.lower_ in ("the", "this") for t in doc[max(0, m.start - 2) : m.start + 1]) or any(
        c.lower_ == "the" for c in head.lefts
    )


def context_pair(doc: Doc, i: int) -> list[Actor]:
    """The two countries the text is about at token ``i``: the last plural reference resolved
    before it, else the two countries named most often so far."""
    best: list[Actor] = []
    counts: Counter[str] = Counter()
    first: dict[str, Actor] = {}
    for m in doc._.actors or []:
        if m.start > i:
            break
        if m.members and len(m.members) == 2:
            best = list(m.members)
        elif m.actor.country and m.actor.via in ("country", "demonym", "capital", "person"):
            counts[m.actor.country] += 1
            first.setdefault(
                m.actor.country,
                Actor(code=m.actor.country, country=m.actor.country, name=m.actor.name, via="context"),
            )
    if best:
        return best
    top = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
    return [first[c] for c in top] if len(top) == 2 else []
