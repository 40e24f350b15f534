"""The actors stage (``detente_actors``): who is named in the text, and what each name
resolves to.

Finds countries (names, aliases, demonyms, capitals and seats of power), organisations, armed
groups, people with dated roles and agent nouns ("troops", "the prime minister"); joins a
country and an agent noun into one actor ("Pakistani troops" → PAKMIL); resolves plural
references ("the two countries", "both sides") to the pair the passage is about, and "it",
"its", "itself" to a country just named ("Turkey closed its border" → its = TUR). Sets
``doc._.actors`` (a list of :class:`~detente.extensions.ActorMention`) and ``token._.actor``.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .. import extensions
from ..extensions import ActorMention, doc_text, tokens_with
from ..records import Actor
from ..time.words import MONTH_NAMES, WEEKDAYS
from .codes import actor_code
from .gazetteer import Entry, Gazetteer, gazetteer
from .phrases import PhraseIndex, tokenized

__all__ = ["VERSION", "ActorStage", "context_pair", "make_actor_stage"]

VERSION = "detente.actors.v1"

#: Which entry wins when one phrase names several things.
_KIND_RANK = {"country": 0, "state": 1, "capital": 2, "igo": 3, "group": 4, "ethnic": 5, "demonym": 6, "person": 7,
              "surname": 8}
#: Words before a bare surname that make it a person ("Mr. Modi", "President Putin").
_HONORIFICS = frozenset(
    {
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "president", "premier", "general",
        "gen", "gen.", "king", "queen", "prince", "sheikh", "minister", "chancellor", "marshal",
        "field", "ayatollah", "emir", "sultan", "senator", "governor", "secretary"
    }
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

# -- "it", "its", "itself" -------------------------------------------------------------------
#: Where each pronoun may stand for an actor: "its" as a possessor, "it" as a subject or an
#: object. Not "itself": a reflexive only repeats its own clause's subject ("Iran defended
#: itself"), so it would tell the events stage nothing but make the subject its own target.
_PRONOUN_DEPS = {
    "its": frozenset({"poss"}),
    "it": frozenset({"nsubj", "nsubjpass", "dobj", "obj", "pobj", "dative"}),
}
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: Verbs whose subject "it" stands for nothing ("it rained", "it seems that", "it emerged").
_DUMMY_VERBS = frozenset(
    {
        "rain", "snow", "pour", "drizzle", "hail", "thunder", "seem", "appear", "happen", "matter",
        "emerge", "transpire", "follow", "occur", "suffice", "depend", "turn"
    }
)
#: ... and verbs whose subject "it" stands for nothing when a clause follows ("it took years
#: to ...", "it was reported that ...", "it is said that ...").
_EXTRAPOSING_VERBS = frozenset(
    {
        "take", "cost", "remain", "report", "say", "believe", "expect", "understand", "know",
        "think", "fear", "estimate", "announce", "claim", "allege", "confirm", "learn", "decide",
        "agree", "hope", "note", "suggest", "rumour", "rumor", "argue", "feel"
    }
)
_COPULAS = frozenset({"be", "become", "remain", "seem", "appear", "look", "sound", "get", "stay"})
#: Adjectives a real subject may take with a clause: "it is ready to talk", unlike "it is
#: important to talk".
_CONTROL_ADJECTIVES = frozenset(
    {
        "ready", "willing", "unwilling", "prepared", "determined", "able", "unable", "eager",
        "keen", "reluctant", "committed", "open", "obliged", "bound", "poised", "set"
    }
)
#: Singular agent nouns that name an institution a country acts through (the government, its
#: army), which "it" may stand for; a minister or an official it may not.
_INSTITUTIONS = frozenset(
    {
        "government", "administration", "regime", "army", "military", "navy", "ministry",
        "parliament", "cabinet", "police", "court", "judiciary", "legislature", "senate",
        "congress", "assembly", "council", "agency", "embassy", "leadership", "junta", "force",
        "guard", "department", "service", "office", "presidency", "commission", "bureau",
        "authority", "directorate", "command", "establishment", "intelligence", "state"
    }
)
#: Nouns that say when, not who: never an antecedent ("Iran said on Monday it would ...").
_TIME_NOUNS = frozenset(MONTH_NAMES) | frozenset(WEEKDAYS) | frozenset(
    {
        "day", "week", "month", "year", "decade", "century", "time", "today", "yesterday",
        "tomorrow", "morning", "afternoon", "evening", "night", "weekend"
    }
)
#: Other personal pronouns: a nearer referent that is not a just-named country.
_OTHER_PRONOUNS = frozenset(
    {
        "he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "we", "us",
        "our"
    }
)


#: Places whose names hold a country's without being it: matched as names (the longest match
#: wins), they name no actor ("aid to Latin America" is not to the United States).
NOT_ACTORS = frozenset({
    "Latin America", "South America", "Central America", "North America", "New Mexico", "New Jersey",
    "Jordan Valley", "Jordan River", "Gulf of Mexico",
})


#: Arabic articles a name writes either joined to the next word or apart ("Omar al-Bashir",
#: "Omar al Bashir").
_JOINED_ARTICLES = frozenset({"al", "el", "ul", "Al", "El"})


def _hyphen_variants(phrases: list[str], words: list[list[str]]) -> list[tuple[str, list[str]]]:
    """Each name with an Arabic article also as the other way of writing it, under its own key:
    "al Bashir" as "al-Bashir" and back (the tokenizer splits "al-Bashir" into three tokens)."""
    out = []
    for key, ws in zip(phrases, words):
        variant, changed, j = [], False, 0
        while j < len(ws):
            w = ws[j]
            variant.append(w)
            if w in _JOINED_ARTICLES and 0 < j < len(ws) - 1:
                if ws[j + 1] == "-" and j + 2 < len(ws) and ws[j + 2][:1].isupper():
                    j += 1  # "al - Bashir" -> "al Bashir"
                    changed = True
                elif ws[j + 1][:1].isupper():
                    variant.append("-")
                    changed = True
            j += 1
        if changed:
            out.append((key, variant))
    return out


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
        # names match case for case, sector terms and pair references in any case
        phrases = sorted(set(self.gaz.names) | NOT_ACTORS)
        words = tokenized(nlp, phrases, name="actor-names")
        self.names = PhraseIndex(nlp, [*zip(phrases, words), *_hyphen_variants(phrases, words)], fold=True)
        # a term of several words matches in the plural too ("aid agencies", "rights groups"),
        # keyed by the term (one word is matched by its lemma)
        multi = sorted(t for t in self.gaz.sectors if " " in t or "-" in t)
        plurals = [(t, p) for t in multi if (p := plural(t)) not in self.gaz.sectors]
        keys = multi + [t for t, _ in plurals]
        texts = multi + [p for _, p in plurals]
        self.terms = PhraseIndex(nlp, zip(keys, tokenized(nlp, texts, name="sector-terms")), attr="LOWER")
        pairs = [("PAIR", [t.text for t in doc]) for doc in nlp.tokenizer.pipe(_PAIR_REFERENCES)]
        self.refs = PhraseIndex(nlp, pairs, attr="LOWER")

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
        mentions = _named_kinds(doc, _named_organisations(doc, _without_overlaps(mentions)))
        mentions = self._resolve_context(doc, mentions)
        return self._one_country(self._resolve_pronouns(doc, mentions))

    def _name_spans(self, doc: Doc) -> list[tuple[Span, Entry]]:
        spans = []
        for match_id, start, end in self.names(doc):
            span = Span(doc, start, end, label=match_id)
            spans.append(span)
        out = []
        full_names: dict[str, Entry] = {}  # surname -> the person named in full earlier
        for span in filter_spans(spans):
            entries = self.gaz.names.get(span.label_) or self.gaz.names.get(span.text) or []
            if not entries:
                continue
            entry = min(entries, key=lambda e: _KIND_RANK.get(e.kind, 9))
            # A demonym or name used as a plain lower-case word is not a name; a name with a
            # lower-case particle is ("al-Qaeda", "al-Shabaab": matched case for case).
            if span[0].is_lower and not any(t.is_title or t.is_upper for t in span[1:]) and not span.label_.islower():
                continue  # (unless the dictionary lists the phrase in lower case: "home secretary")
            if entry.kind == "person":
                full_names[span[-1].text] = entry
            elif entry.kind == "surname":
                # A bare surname is the person named in full before it ("Gordon Brown ... Brown
                # said"); else a person only after an honorific, or alone when prominent. A
                # surname that is a month or a weekday is never a date ("in May").
                before = doc[span.start - 1].lower_ if span.start else ""
                if span.text in full_names and span[0].ent_type_ not in ("DATE", "TIME"):
                    entry = full_names[span.text]
                elif entry.country and (before in _HONORIFICS or entry.bare and _stands_alone(span)):
                    entry = dataclasses.replace(entry, kind="person")
                else:
                    continue
            out.append((span, entry))
        return out

    def _sector_spans(self, doc: Doc, taken: set[int]) -> list[tuple[Span, str]]:
        spans: list[Span] = []
        for match_id, start, end in self.terms(doc):
            spans.append(Span(doc, start, end, label=match_id))
        sectors = self.gaz.sectors
        candidates = {t.i: t for attr in ("LOWER", "LEMMA")
                      for t in tokens_with(doc, attr, lambda s: s.lower() in sectors)}
        for tok in (candidates[i] for i in sorted(candidates)):
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            term = tok.lower_ if tok.lower_ in sectors else tok.lemma_.lower()
            if term in sectors:
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
            country = entry.country
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
                span.root, name_at, exclude=span, kinds=("country", "demonym", "capital", "igo", "group", "ethnic"),
                preps=("of", "in") if sector in _SEATED_SECTORS else ("of",),
            )
            if mod is not None:
                name_span, entry = mod
                used_names.add(name_span.start)
                start = min(span.start, name_span.start)
                end = max(span.end, name_span.end) if name_span.start < span.start else span.end
                country = entry.country
                if entry.transnational or entry.kind == "group" and entry.sector:
                    # "al-Qaeda fighters": the group itself, by its own code, with no country;
                    # "a YPG spokesman", "SDF commanders": the group (SYRREB), not a state organ
                    sector = entry.sector
                actor = Actor(
                    code=entry.code if entry.transnational else (entry.actor_code or actor_code(country, sector)),
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
            elif (party := _us_party(span, sector)) is not None:
                # "Republican senators", "a Democratic lawmaker": the United States' parties
                start = min(span.start, party.i)
                mentions.append(ActorMention(start, span.end, _actor(doc[start:span.end], "USA", sector, via="party")))
            else:
                mentions.append(ActorMention(span.start, span.end, _actor(span, None, sector, via="sector")))

        # A state office named with another country ("US defence secretary", where the
        # dictionary's "defence secretary" is Britain's) is that country's office.
        placed: dict[int, tuple[Span, Entry]] = {}
        for span, entry in names:
            if entry.kind == "state" and span.start not in used_names:
                mod = self._modifier(span.root, name_at, exclude=span, kinds=("country", "demonym"))
                if mod is not None and mod[1].country and mod[1].country != entry.country and mod[0].start not in used_names:
                    placed[span.start] = mod
                    used_names.add(mod[0].start)
        for span, entry in names:
            if span.start in used_names:
                continue
            sector = entry.sector if entry.kind in ("capital", "state", "igo", "group") else None
            if span.start in placed:
                name_span, other = placed[span.start]
                start, end = min(span.start, name_span.start), max(span.end, name_span.end)
                whole = doc[start:end]
                actor = _actor(whole, other.country, sector, name=other.name, via="state")
                mentions.append(ActorMention(start, end, actor))
                continue
            actor = _actor(
                span, entry.country, sector, name=entry.name, via=entry.kind,
                code=entry.code if entry.transnational else entry.actor_code,
            )
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
            if exclude.start <= tok.i < exclude.end or tok.i not in table or is_backer(tok):
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
        breaks = _paragraph_breaks(doc_text(doc))
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
                # "the interior minister, Jane Doe": the person in apposition says whose
                named = _apposed_country(doc, m, mentions)
                focal = [named] if named else _pair(counts, paragraph)[:1]
                if focal:
                    m = dataclasses.replace(m, actor=self._in_context(a, focal[0]))
            elif self._names_country(a):
                counts[a.country] += 1
                paragraph[a.country] += 1
            out.append(m)
        return out

    def _one_country(self, mentions: list[ActorMention]) -> list[ActorMention]:
        """In a text that names one country only, its state organs named without one ("the
        Supreme Court", "the interior ministry") are that country's."""
        named = {m.actor.country for m in mentions if self._names_country(m.actor)}
        if len(named) != 1:
            return mentions
        [c] = named
        return [dataclasses.replace(m, actor=self._in_context(m.actor, c))
                if m.actor.country is None and m.actor.sector in _CONTEXT_SECTORS and m.actor.via == "sector"
                and not m.members else m for m in mentions]

    def _names_country(self, a: Actor) -> bool:
        """Does the mention name a country (by name, demonym, capital, a state body or a person)?"""
        return bool(a.country) and a.via in ("country", "demonym", "capital", "state", "person") \
            and a.country in self.gaz.countries

    def _in_context(self, a: Actor, country: str) -> Actor:
        """``a``, an organ of no country, as ``country``'s, which the text gives it."""
        return dataclasses.replace(a, country=country, code=actor_code(country, a.sector), name=self._name(country),
                                   via="context")

    def _name(self, code: str) -> str | None:
        c = self.gaz.country(code)
        return c.name if c else None

    # -- pronouns --------------------------------------------------------------------------
    def _resolve_pronouns(self, doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
        """"it" and "its" for a country named in the same or the previous sentence.

        Conservative: the pronoun must sit where an actor can (a subject that is not a dummy
        "it", an object, a possessor), and two readings must agree on a country-level actor
        (a country, its capital, a state body, "the Chinese government"): the nearest singular
        noun phrase before the pronoun ("the deal ... it" is the deal: nothing), and the
        subject of the nearest clause above it or, failing that, of the previous sentence
        ("Iran told Israel it would ..." is left alone). The mention is the pronoun itself
        (``via="reference"``); "its" before an agent noun joins it ("its troops" → TURMIL)."""
        pronouns = [t for t in tokens_with(doc, "LOWER", _PRONOUN_DEPS.__contains__)
                    if t.dep_ in _PRONOUN_DEPS[t.lower_]]
        if not pronouns:
            return mentions
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        sent_starts = [s.start for s in doc.sents]
        breaks = _paragraph_breaks(doc_text(doc))
        resolved: dict[int, Actor] = {}
        dummies: set[int] = set()
        joined: dict[int, ActorMention] = {}  # start of an agent-noun mention → "its" + it
        added: list[ActorMention] = []
        for pron in pronouns:
            if pron.i in at:
                continue
            if pron.lower_ == "it":
                position = _it_position(pron)
                if position == "dummy":
                    dummies.add(pron.i)
                if position != "ok":
                    continue
            k = bisect.bisect_right(sent_starts, pron.i) - 1
            lo = sent_starts[max(k - 1, 0)]
            if k > 0 and bisect.bisect_right(breaks, doc[lo].idx) != bisect.bisect_right(breaks, pron.idx):
                lo = sent_starts[k]  # never across a blank line
            antecedent = self._antecedent(doc, pron, lo, at, resolved, dummies)
            if antecedent is None:
                continue
            resolved[pron.i] = antecedent
            c = antecedent.country
            if pron.lower_ == "its" and self._repeats_subject(pron, c, at, resolved):
                continue
            owner = at.get(pron.head.i)
            if (
                pron.lower_ == "its" and owner is not None and owner.actor.country is None
                and owner.actor.via == "sector" and not owner.members and owner.start > pron.i
                and all(t.lower_ == "own" for t in doc[pron.i + 1 : owner.start])
            ):
                # "its troops", "its own foreign ministry": the country's agent
                a = owner.actor
                actor = dataclasses.replace(
                    a, code=actor_code(c, a.sector), country=c, name=antecedent.name,
                    text=doc[pron.i : owner.end].text, span=(pron.idx, doc[owner.end - 1].idx + len(doc[owner.end - 1])),
                    via="reference",
                )
                joined[owner.start] = ActorMention(pron.i, owner.end, actor)
                continue
            actor = dataclasses.replace(
                antecedent, text=pron.text, span=(pron.idx, pron.idx + len(pron)), via="reference"
            )
            added.append(ActorMention(pron.i, pron.i + 1, actor))
        if not added and not joined:
            return mentions
        out = [joined.get(m.start, m) for m in mentions]
        return sorted(out + added, key=lambda m: m.start)

    def _antecedent(
        self, doc: Doc, pron: Token, lo: int, at: dict[int, ActorMention],
        resolved: dict[int, Actor], dummies: set[int],
    ) -> Actor | None:
        """The country-level actor ``pron`` stands for, when the two readings agree."""
        from ..events.modality import governing_verb  # (events imports this module)

        clause = governing_verb(pron)
        own_subject = _subject_of(clause) if clause is not None else None
        # a plain "it" object is never its own clause's subject ("Iran attacked it")
        banned = own_subject.i if own_subject is not None and pron.lower_ == "it" and pron.dep_ not in _SUBJECTS else None
        # a phrase that holds the pronoun is not what it stands for ("scores of its officials",
        # "the government, which it views as ..."), unless the pronoun sits in a complete
        # clause hung on it ("Idlib, whatever group controls it"): then nothing is resolved
        below = {t.head.i: t for t in [pron, *pron.ancestors] if t.head.i != t.i}
        nearest = None
        for i in range(pron.i - 1, lo - 1, -1):
            t = doc[i]
            if i == banned:
                continue
            if i in below:
                c = below[i]
                if c.dep_ == "relcl" and t.pos_ in ("NOUN", "PROPN") and not any(
                    g.tag_ in ("WDT", "WP", "WP$") or g.lower_ == "that" for g in c.children
                ):
                    return None
                continue
            if t.pos_ == "PRON":
                if i in resolved:
                    nearest = t
                    break
                if t.lower_ in _OTHER_PRONOUNS or (t.lower_ in _PRONOUN_DEPS and i not in dummies):
                    return None
                continue
            if t.pos_ not in ("NOUN", "PROPN") or not _np_head(t, at.get(i)):
                continue
            if t.lower_ in _TIME_NOUNS or _adjunct(t):
                continue
            m = at.get(i)
            if t.tag_ in ("NNS", "NNPS") and not (m is not None and m.actor.via in ("country", "capital", "state")):
                continue  # "it" is never "the talks"
            if t.conjuncts:
                return None  # "Afghanistan and the Philippines" are not an "it"
            nearest = t
            break
        if nearest is None:
            return None
        first = self._country_level(doc, nearest, at, resolved)
        if first is None:
            return None
        salient = _salient_subject(doc, pron, lo, banned, at, dummies)
        if salient is None:
            return None
        second = self._country_level(doc, salient, at, resolved)
        if second is None or second.country != first.country:
            return None
        same_phrase = nearest.i == salient.i or (nearest.i in at and at.get(nearest.i) is at.get(salient.i))
        if nearest.sent.start != pron.sent.start and not (same_phrase or nearest.i in resolved):
            # across a sentence, only the previous sentence's own subject (or "it" again)
            return None
        return first

    @staticmethod
    def _repeats_subject(pron: Token, country: str, at: dict[int, ActorMention], resolved: dict[int, Actor]) -> bool:
        """Is ``pron`` ("its") inside an object of a verb whose subject is the same country
        ("Saudi Arabia lifted its blockade of Yemen", "Pakistan deployed its troops along the
        border")? Then it says nothing new about who acts, and as an actor it would stand
        where the event's target is looked for: it is left unannotated."""
        from ..events.modality import governing_verb  # (events imports this module)

        verb = governing_verb(pron)
        if verb is None:
            return False
        top = pron
        while top.head.i != verb.i:
            top = top.head
        if top.dep_ in _SUBJECTS or top.dep_ in ("ccomp", "csubj", "xcomp", "advcl", "relcl", "acl", "conj"):
            return False
        subject = _subject_of(verb)
        if subject is None:
            return False
        if subject.i in resolved:
            return resolved[subject.i].country == country
        m = at.get(subject.i)
        return m is not None and m.actor.country == country

    def _country_level(
        self, doc: Doc, tok: Token, at: dict[int, ActorMention], resolved: dict[int, Actor]
    ) -> Actor | None:
        """The actor ``tok`` heads when "it" can stand for it: one country (by name, capital
        or state body), or a country's institution named with its country ("the Pakistani
        government"); not a bare "the government" placed by context, a guess already."""
        if tok.i in resolved:
            return resolved[tok.i]
        m = at.get(tok.i)
        if m is None or m.members or m.roles:
            return None
        a = m.actor
        if not a.country or a.country not in self.gaz.countries:
            return None
        if a.via not in ("country", "capital", "state", "demonym"):
            return None
        head = doc[m.end - 1]
        if a.sector and (head.lower_ in self.gaz.sectors or head.lemma_.lower() in self.gaz.sectors):
            # an agent noun: an institution, not a person
            if head.lemma_.lower() not in _INSTITUTIONS or head.tag_ in ("NNS", "NNPS"):
                return None
        elif a.via == "demonym":
            return None
        return a

    # -- writing ---------------------------------------------------------------------------
    @staticmethod
    def set_annotations(doc: Doc, mentions: list[ActorMention]) -> None:
        doc._.actors = mentions
        for m in mentions:
            for tok in doc[m.start : m.end]:
                tok._.actor = m


#: Participles that make the name before them the backer of what they modify, not its
#: country: "US-backed Kurdish forces" are Kurdish forces, "Iran-funded militias" militias.
#: ("US-led coalition" is the US's.)
BACKING_WORDS = frozenset({"backed", "sponsored", "funded", "financed", "supported", "armed", "trained",
                           "equipped", "aligned", "affiliated", "inspired", "allied"})


def is_backer(tok: Token) -> bool:
    """Is the token the backer of "X-backed Y": inside a backing participle's modifiers, before
    it, in a phrase the participle modifies?"""
    anc = tok
    for _ in range(3):
        if anc.head.i == anc.i:
            return False
        anc = anc.head
        if anc.lower_ in BACKING_WORDS and anc.i > tok.i and anc.dep_ in ("amod", "compound", "nmod", "acl"):
            return True
        if anc.pos_ in ("NOUN", "PROPN") and anc.i > tok.i:
            return False
    return False


#: The United States' two parties, as they modify an office ("Republican senators", "a
#: Democratic governor", "GOP lawmakers").
_US_PARTIES = frozenset({"Republican", "Democratic", "Democrat", "GOP"})
#: Sectors of the offices the parties' words modify.
_PARTY_OFFICES = frozenset({"LEG", "GOV", "PTY", "ELI", "OPP"})


def _us_party(span: Span, sector: str) -> Token | None:
    """The word of a United States party just before the office ``span`` names, if any ("Social
    Democratic", "Republican Guard": longer names are matched as names first)."""
    if sector[:3] not in _PARTY_OFFICES or not span.start:
        return None
    before = span.doc[span.start - 1]
    if before.text not in _US_PARTIES or before.dep_ not in ("amod", "compound"):
        return None
    first = span.doc[before.i - 1] if before.i else None  # "Social Democratic", "Christian Democrat"
    return None if first is not None and first.is_title and not first.is_sent_start else before


def plural(term: str) -> str:
    """``term`` with its last word in the plural ("aid agency" -> "aid agencies"), by the
    regular English endings."""
    head, _, last = term.rpartition(" ")
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    elif last.endswith("man"):
        last = last[:-3] + "men"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def _stands_alone(span: Span) -> bool:
    """Is a bare surname a name of its own, not part of a longer one ("Prime" of "Prime
    Minister", "Clinton" of "the Clinton Foundation")?"""
    doc = span.doc
    before = doc[span.start - 1] if span.start else None
    after = doc[span.end] if span.end < len(doc) else None
    proper = ("PROPN",)
    return len(span.text) >= 5 and (before is None or before.pos_ not in proper) and (
        after is None or after.pos_ not in proper)


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


def _named_kinds(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A kind of organisation written before its name ("the aid group Oxfam", "the
    militant group Hezbollah") is one actor, the one named."""
    out: list[ActorMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.end == m.start and prev.actor.via == "sector" and not prev.actor.country
                and m.actor.via in ("igo", "group") and not m.members and not prev.members):
            whole = doc[prev.start:m.end]
            out[-1] = dataclasses.replace(m, start=prev.start, actor=dataclasses.replace(
                m.actor, text=whole.text, span=(whole.start_char, whole.end_char)))
            continue
        out.append(m)
    return out


#: Last words of a non-governmental organisation's proper name ("the Civic Liberty Organisation",
#: "a Kenyan Miners Association", "the Lowy Institute for International Policy").
_NGO_HEADS = frozenset({"Organization", "Organisation", "Association", "Society", "Foundation", "Institute",
                        "Network"})
#: Words that make such a name a media outlet's ("the Gulf Media Network").
_MEDIA_WORDS = frozenset({"media", "news", "press", "broadcasting", "television", "tv", "radio", "newspaper"})
#: Mentions a name may hold and still be an organisation's name: a country's ("the Kenyan
#: Miners Association" is Kenya's, "the Oslo Peace Institute" Norway's) or a kind's ("Rights"
#: of "Civil Rights Network").
_INSIDE_NAMES = frozenset({"country", "demonym", "capital", "sector"})


def _named_organisations(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """An organisation the dictionaries do not know, named in capitals with a last word that
    says it is non-governmental ("the Civic Liberty Organisation", "the Kenyan Miners
    Association", "the Lowy Institute for International Policy"): an NGO, of the country its
    name holds before that word (``NGO`` + country, as CAMEO codes an NGO), or a media outlet
    when its name says so ("the Gulf Media Network": ``MED``). A name whose words the
    dictionaries know otherwise (a person, a state body, an IGO, an armed group) is theirs."""
    at = {i: m for m in mentions for i in range(m.start, m.end)}
    found: list[tuple[int, int, str | None, str]] = []
    for tok in tokens_with(doc, "ORTH", _NGO_HEADS.__contains__):
        if tok.i in at and at[tok.i].actor.via != "sector":
            continue
        start = tok.i
        while start > 0 and _capitalised(doc[start - 1]) and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ"):
            start -= 1
        if start == tok.i:
            continue
        end = tok.i + 1
        if end + 1 < len(doc) and doc[end].lower_ in ("for", "of", "on") and _capitalised(doc[end + 1]):
            # "... Institute for Strategic Studies", "... Society of Radiologists"
            end += 2
            while end < len(doc) and (_capitalised(doc[end]) or doc[end].lower_ in ("and", "the", "&")
                                      and end + 1 < len(doc) and _capitalised(doc[end + 1])):
                end += 1
        inside = {id(m): m for i in range(start, end) if (m := at.get(i)) is not None}.values()
        if any(m.actor.via not in _INSIDE_NAMES or m.start < start or m.end > end or m.members for m in inside):
            continue
        countries = {m.actor.country for m in inside if m.start <= tok.i and m.actor.via != "sector"}
        if len(countries) > 1:
            continue
        media = any(t.lower_ in _MEDIA_WORDS for t in doc[start:end])
        found.append((start, end, next(iter(countries), None), "MED" if media else "NGO"))
    if not found:
        return mentions
    out = [m for m in mentions if not any(s <= m.start < e for s, e, _, _ in found)]
    for start, end, country, sector in found:
        span = doc[start:end]
        code = actor_code(country, "MED") if sector == "MED" else "NGO" + (country or "")
        out.append(ActorMention(start, end, _actor(span, country if sector == "MED" else None, sector,
                                                   name=span.text, via="organisation", code=code)))
    return sorted(out, key=lambda m: m.start)


def _capitalised(tok: Token) -> bool:
    return (tok.is_title or tok.is_upper) and tok.is_alpha


def _actor(span: Span, country: str | None, sector: str | None, *, name=None, via=None, code=None) -> Actor:
    return Actor(
        code=code or actor_code(country, sector),
        country=country,
        sector=sector,
        name=name,
        text=span.text,
        span=(span.start_char, span.end_char),
        via=via,
    )


def _apposed_country(doc: Doc, m: ActorMention, mentions: list[ActorMention]) -> str | None:
    """The country of a person named in apposition to the mention's head ("the interior
    minister, Jane Doe, …")."""
    head = doc[m.end - 1]
    for c in head.rights:
        if c.dep_ == "appos":
            for other in mentions:
                if other.start <= c.i < other.end and other.actor.via == "person" and other.actor.country:
                    return other.actor.country
    return None


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


def _it_position(pron: Token) -> str:
    """How an "it" stands: "dummy" ("it rained", "it is likely that", "it was reported",
    "made it clear"), "no" (a real subject that no event needs: "it is a member"), or "ok"."""
    head = pron.head
    lemma = head.lemma_.lower()
    kids = list(head.children)
    clausal = any(
        c.dep_ in ("ccomp", "csubj", "xcomp") or (c.dep_ == "advcl" and any(g.tag_ == "TO" for g in c.children))
        for c in kids
    )
    if pron.dep_ not in _SUBJECTS:
        # "made it clear that", "found it hard to": the object stands for the clause (but
        # "urged it to withdraw" is a real object)
        if pron.dep_ in ("dobj", "obj") and any(
            c.dep_ in ("oprd", "acomp") or (c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("ADJ", "NOUN"))
            for c in kids
        ):
            return "dummy"
        return "ok"
    if head.pos_ not in ("VERB", "AUX"):
        return "dummy"  # the subject of a small clause: "made it clear"
    if lemma in _DUMMY_VERBS:
        return "dummy"
    passive = pron.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in kids)
    if passive and (clausal or lemma in _EXTRAPOSING_VERBS):
        return "dummy"  # "it was reported that", "it is believed"
    if lemma in ("take", "cost", "remain", "make") and clausal:
        return "dummy"  # "it took years to", "it remains to be seen"
    if lemma in _COPULAS or head.pos_ == "AUX":
        complements = [c for c in kids if c.dep_ in ("acomp", "attr")]
        if clausal or any(g.dep_ in ("ccomp", "xcomp", "csubj") for c in complements for g in c.children):
            if any(c.lemma_.lower() in _CONTROL_ADJECTIVES for c in complements):
                return "ok"  # "it is ready to talk"
            return "dummy"  # "it is unclear whether", "it is time to"
        return "no"
    return "ok"


def _subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``: its own, or its first conjunct's, or its controller's."""
    cur = verb
    for _ in range(6):
        subj = next((c for c in cur.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            return subj
        if cur.dep_ in ("conj", "xcomp") and cur.head.i != cur.i:
            cur = cur.head
            continue
        return None
    return None


def _np_head(tok: Token, m: ActorMention | None) -> bool:
    """Does ``tok`` head a noun phrase (not a modifier inside one, "the Iran deal")?"""
    if m is not None and tok.i != m.end - 1:
        return False
    return tok.dep_ not in ("compound", "amod", "nmod", "flat", "nummod")


def _adjunct(tok: Token) -> bool:
    """Is ``tok`` the object of a preposition on a verb ("said in a statement", "sold to
    India"): less salient than the verb's own arguments, passed over."""
    prep = tok.head
    return tok.dep_ == "pobj" and prep.dep_ in ("prep", "dative") and prep.head.pos_ in ("VERB", "AUX")


def _salient_subject(
    doc: Doc, pron: Token, lo: int, banned: int | None, at: dict[int, ActorMention], dummies: set[int]
) -> Token | None:
    """The subject of the nearest clause above ``pron`` (left of it, singular), else the
    subject of the previous sentence in the window."""

    def fits(c: Token) -> bool:
        if c.i == banned or c.i in dummies or c.left_edge.i <= pron.i <= c.right_edge.i:
            return False
        m = at.get(c.i)
        return c.tag_ not in ("NNS", "NNPS") or (m is not None and m.actor.via in ("country", "capital", "state"))

    cur = pron
    while cur.head.i != cur.i:
        cur = cur.head
        for c in cur.children:
            if c.dep_ in _SUBJECTS and c.i < pron.i and fits(c):
                return c
    if lo < pron.sent.start:
        root = doc[lo].sent.root
        return next((c for c in root.children if c.dep_ in _SUBJECTS and fits(c)), None)
    return None


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
