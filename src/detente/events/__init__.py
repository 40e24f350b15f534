"""The events stage: predicate + arguments → a coded CAMEO/PLOVER event with its evidence.

For every sentence that names at least one actor, each verb or event noun that matches the
pattern dictionary (:mod:`detente.events.patterns`) becomes a candidate event; its source and
target come from the dependency parse (subject/object, passive agent, possessor, "between A and
B", controllers of infinitives, coordinated actors); its modality from the predicate
(:mod:`detente.events.modality`); its date from the time stage; its codes and scores from
:mod:`detente.cameo`. Sets ``doc._.events`` to a list of :class:`~detente.records.Event`, and
``doc._.main_events`` to the ids of each sentence's main event (:func:`main_event`).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import extensions
from ..actors import actor_as_of, actor_code, context_pair
from ..cameo import lookup
from ..extensions import ActorMention
from ..places import resolve as resolve_place
from ..records import Actor, Event, Place, TimeSpan, stable_id
from ..time.words import MONTH_NAMES, WEEKDAYS
from .modality import governing_verb, modality
from .patterns import PatternMatch, PatternSet, load_patterns

__all__ = [
    "VERSION", "EventStage", "build_event", "document_main_event", "main_event", "main_events", "sentence_bounds",
    "time_of",
]

VERSION = "detente.events.v1"

_DEFAULT_TARGET_PREPS = frozenset(
    {"to", "with", "against", "toward", "towards", "on", "at", "into", "upon", "over"}
)
_NOUN_SOURCE_PREPS = frozenset({"by", "of", "from"})
_SUBJECT_DEPS = ("nsubj", "csubj")
_PASSIVE_SUBJECT_DEPS = ("nsubjpass", "nsubj:pass")
_JOINT = frozenset({"joint", "bilateral", "mutual", "combined"})
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "appos"})


@dataclass
class _Candidate:
    match: PatternMatch
    sources: list[Actor]
    targets: list[Actor]
    symmetric: bool
    place: str | None


@Language.factory(
    "detente_events",
    default_config={},
    requires=["doc._.actors"],
    assigns=["doc._.events", "doc._.main_events"],
)
def make_event_stage(nlp: Language, name: str) -> EventStage:
    extensions.register()
    return EventStage()


class EventStage:
    """spaCy component: ``__call__`` → ``match()`` → ``set_annotations()``."""

    def __init__(self, patterns: PatternSet | None = None):
        self.patterns = patterns or load_patterns()

    def __call__(self, doc: Doc) -> Doc:
        events = self.match(doc)
        self.set_annotations(doc, events)
        doc._.main_events = main_events(doc, events)
        return doc

    def match(self, doc: Doc) -> list[Event]:
        mentions = doc._.actors or []
        if not mentions:
            return []
        events: list[Event] = []
        starts = sorted(m.start for m in mentions)  # (Token.sent walks the sentence: not per mention)
        for sent in doc.sents:
            j = bisect.bisect_left(starts, sent.start)
            if j < len(starts) and starts[j] < sent.end and not _headline(sent):
                events.extend(self._sentence(doc, sent))
        return _opponents_from_story(events)

    @staticmethod
    def set_annotations(doc: Doc, events: list[Event]) -> None:
        doc._.events = events

    # -- one sentence ----------------------------------------------------------------------
    def _sentence(self, doc: Doc, sent: Span) -> list[Event]:
        matches: list[PatternMatch] = []
        for tok in sent:
            if tok._.actor is not None and tok.pos_ == "PROPN":
                continue
            m = self.patterns.match(tok)
            if m is not None:
                matches.append(m)
        consumed = {m.obj.i for m in matches if m.obj is not None}
        # Coordinated triggers of one code are one event ("a joint group … and a joint
        # commission"): keep the first conjunct only.
        codes_at = {m.head.i: m.pattern.code for m in matches}
        matches = [m for m in matches if not _coordinated_twin(m, codes_at)]
        # A verb that only introduces a matched noun's own event ("launched … exercises") is
        # not a second event; neither is a noun that a light-verb pattern consumed.
        matches = [m for m in matches if m.head.i not in consumed]
        readings = doc._.readings
        if readings is not None:
            # the extractor read the document: it decides (see .judge)
            reading = readings.get(sent.start_char)
            if reading is None:
                return []
            from .judge import judged_events

            return judged_events(self, doc, sent, reading, matches)
        out: list[Event] = []
        seen: set[tuple] = set()
        for m in matches:
            cand = self._arguments(doc, m)
            if cand is None:
                continue
            for ev in self._events(doc, sent, cand):
                key = (ev.cameo[:2], ev.source.code, ev.target.code if ev.target else None, ev.span)
                if key in seen:
                    continue
                seen.add(key)
                out.append(ev)
        return _drop_embedded(out)

    def _arguments(self, doc: Doc, m: PatternMatch) -> _Candidate | None:
        head = m.head
        p = m.pattern
        target_preps = p.targets or _DEFAULT_TARGET_PREPS
        sources: list[Actor] = []
        targets: list[Actor] = []
        symmetric = False
        if p.kind == "v":
            subj = _subject(head)
            passive = _passive_subject(head)
            agent = _agent(head)
            if passive is not None and m.obj is None:
                sources = (_actors(agent) or _unresolved(agent)) if agent is not None else []
                targets = _actors(passive) or _unresolved(passive)
                if agent is None:
                    moved_to = _prep_actors(head, frozenset({"to", "into", "toward", "towards"}))
                    if moved_to:
                        # "Indian relief teams were dispatched to Turkey": the one sent acts
                        sources, targets = targets, moved_to
                    elif subj is not None:
                        sources = _actors(subj)
            else:
                sources = (_actors(subj) or _unresolved(subj)) if subj is not None else []
                obj = m.obj
                if obj is not None:
                    if obj.dep_ in _PASSIVE_SUBJECT_DEPS and agent is not None:
                        sources = _actors(agent)
                    between = _between(obj)
                    if between and not any(a.country for a in sources):
                        sources, targets, symmetric = between[:1], between[1:2], True
                    elif between:
                        # "Qatar ended its mediation between A and B": the subject acts on A
                        targets = between[:1]
                if not symmetric and not targets:
                    own = {a.country for a in sources if a.country}
                    targets = _first_target(
                        _verb_target_candidates(head, obj, target_preps, p.targets), own
                    )
                    if not targets:
                        direct = next((c for c in head.children if c.dep_ in ("dobj", "obj")), None)
                        targets = _unresolved(direct if obj is None or direct is None or direct.i != obj.i else None)
        else:
            between = _between(head)
            if between:
                sources, targets, symmetric = between[:1], between[1:2], True
            else:
                for c in head.children:
                    if c.dep_ == "amod" and c.lower_ == "led":
                        # "the Ruritanian-led airstrikes": who leads them makes them
                        c = next((g for g in c.children if g.dep_ in ("npadvmod", "compound", "amod")), c)
                    if c.dep_ in ("poss", "npadvmod") or (c.dep_ in ("compound", "amod") and c._.actor is not None):
                        sources = _actors(c)
                        if sources:
                            break
                if not sources:
                    sources = _prep_actors(head, _NOUN_SOURCE_PREPS, exclude=target_preps)
                targets = _prep_actors(head, target_preps)
                if not sources and head.dep_ in ("dobj", "obj") and head.head.pos_ == "VERB":
                    subj = _subject(head.head)
                    sources = _actors(subj) if subj is not None else []
                if not sources and head.dep_ in _SUBJECT_DEPS + _PASSIVE_SUBJECT_DEPS:
                    pass
            if not sources and not targets and _is_joint(head):
                pair = context_pair(doc, head.i)
                if pair:
                    sources, targets, symmetric = pair[:1], pair[1:2], True
        if p.kind == "v" and sources and not symmetric and not any(a.country for a in targets):
            targets = _facing(head, {a.country for a in sources}) or targets
        # "Chile wants to expand its influence": an actor is not its own target (a
        # domestic event keeps its sides apart by sector: RUSGOV -> RUSOPP).
        if len(sources) == 1 and sources[0].code:
            targets = [t for t in targets if t.code != sources[0].code]
        # "X and Y visited each other": a reciprocal target makes the pair symmetric.
        if len(sources) >= 2 and targets and {a.country for a in targets} <= {a.country for a in sources}:
            targets = []
        # Expand plural references and coordinated sources into a symmetric pair.
        if len(sources) >= 2 and not targets:
            sources, targets, symmetric = sources[:1], sources[1:2], True
        if not sources and len(targets) >= 2 and p.kind == "n":
            sources, targets, symmetric = targets[:1], targets[1:2], True
        if not sources:
            return None
        if not any(a.country or a.sector for a in sources + targets) and not any(
            a.via == "unresolved" for a in sources
        ):
            return None
        place = _place(head) or (_place(m.obj) if m.obj is not None else None)
        return _Candidate(m, sources, targets, symmetric, place)

    def _events(self, doc: Doc, sent: Span, cand: _Candidate) -> list[Event]:
        m = cand.match
        code = lookup(m.pattern.code)
        mod = modality(m.head, is_noun=m.pattern.kind == "n")
        when = time_of(doc, m.head)
        out = []
        pairs: list[tuple[Actor, Actor | None]] = []
        for s in cand.sources[:1] if cand.symmetric else cand.sources:
            for t in cand.targets or [None]:
                pairs.append((s, t))
        for src, tgt in pairs:
            src = actor_as_of(_dated(doc, src, when), when)
            tgt = actor_as_of(_dated(doc, tgt, when), when) if tgt is not None else None
            if tgt is not None and src.country and src.country == tgt.country and cand.symmetric:
                continue
            if tgt is not None and src.span is not None and src.span == tgt.span and src.code == tgt.code:
                continue
            trigger = m.head
            span = (trigger.idx, trigger.idx + len(trigger.text))
            lo = hi = trigger.i
            if m.obj is not None:
                lo, hi = sorted([trigger.i, m.obj.i])
                span = (doc[lo].idx, doc[hi].idx + len(doc[hi].text))
            conf = 0.6 + min(0.3, 0.05 * m.pattern.specificity)
            if src.via in ("context", "reference") or (tgt is not None and tgt.via in ("context", "reference")):
                conf -= 0.15
            out.append(build_event(
                doc, sent, span, src, tgt, code, when=when, modality=mod, confidence=conf,
                rule=m.pattern.rule, symmetric=cand.symmetric, place=cand.place,
                trigger=doc[lo : hi + 1].text,  # == doc.text[span], without rebuilding doc.text
                id_parts=(src.code, tgt.code if tgt else ""),
            ))  # fmt: skip
        return out


# -- arguments -----------------------------------------------------------------------------
def _subject(verb: Token) -> Token | None:
    """The verb's subject; for infinitives and participles, the controller; for coordinated
    verbs, the first conjunct's subject; for relative clauses, the modified noun."""
    cur = verb
    for _ in range(6):
        # the subject nearest the verb wins, and one that names an actor before one that
        # does not (a dateline "ISLAMABAD, 3 May -" can parse as a second subject)
        subjects = sorted(
            (c for c in cur.children if c.dep_ in _SUBJECT_DEPS),
            key=lambda c: (not _actor_of(c), abs(cur.i - c.i)),
        )
        for c in subjects[:1]:
            if c.tag_ in ("WDT", "WP") or c.lower_ in ("that", "which", "who"):
                return cur.head if cur.dep_ == "relcl" else None
            return c
        head = cur.head
        if head.i == cur.i:
            return None
        if cur.dep_ == "conj":
            cur = head
            continue
        infinitive = cur.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in cur.children)
        if (cur.dep_ in ("xcomp", "ccomp") or infinitive) and head.pos_ in ("VERB", "AUX"):
            obj = next((c for c in head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None and cur.dep_ != "ccomp" and obj._.actor is not None:
                return obj
            if obj is not None and cur.dep_ == "ccomp":
                return obj
            cur = head
            continue
        if cur.dep_ in ("relcl", "acl"):
            if head.dep_ == "attr" and head.head.pos_ == "AUX":
                return next((c for c in head.head.children if c.dep_ in _SUBJECT_DEPS), head)
            return head
        if cur.dep_ == "advcl":
            cur = head
            continue
        return None
    return None


def _passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _PASSIVE_SUBJECT_DEPS), None)


def _agent(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _mention_actors(m: ActorMention) -> list[Actor]:
    return list(m.members) if m.members else [m.actor]


def _actors(tok: Token | None) -> list[Actor]:
    """Actors an argument stands for, with its coordinated members ("Pakistan and Russia").
    Each actor's ``text`` and ``span`` are the whole noun phrase as written."""
    if tok is None:
        return []
    out: list[Actor] = []
    for t in [tok, *tok.conjuncts]:
        found = _actor_of(t)
        found = found + _shared_head(t, found)
        for a in found:
            if a.via != "reference" and (len(found) == 1 or a.via == SHARED_VIA):
                a = _with_phrase(a, t)
            if a not in out:
                out.append(a)
    return out


def _shared_head(tok: Token, found: list[Actor]) -> list[Actor]:
    """The other sides of a noun two or more sides modify ("British and French troops",
    "Chilean and EU negotiators", "Peru and Bolivia's intelligence services"): the same kind of
    actor of each country after the first, which ``found`` holds (an organisation as itself)."""
    if len(found) != 1 or not found[0].country:
        return []
    mods = [c for c in tok.children if c.dep_ in _SHARING_DEPS and c._.actor is not None]
    if not any(g.dep_ == "cc" and g.lower_ in ("and", "&") for c in mods for g in c.children):
        return []  # "the US Senate intelligence committee" is one side
    base, out = found[0], []
    seen = {base.country}
    for other in dict.fromkeys(o for c in mods for o in (c, *c.conjuncts)):
        for m in _mention_actors(other._.actor) if other._.actor is not None else []:
            if not m.country or m.country in seen:
                continue
            seen.add(m.country)
            if m.via == "igo":
                out.append(dataclasses.replace(m, via=SHARED_VIA))
            else:
                out.append(_of_country(base, m, via=SHARED_VIA))
    return out


def _of_country(actor: Actor, other: Actor, *, via: str | None) -> Actor:
    """``actor``'s kind of actor (its sector) of ``other``'s country."""
    return dataclasses.replace(actor, country=other.country, code=actor_code(other.country, actor.sector),
                               name=other.name, via=via)


_SHARING_DEPS = frozenset({"poss", "compound", "amod", "nmod"})


#: ``Actor.via`` of an actor named by a noun it shares with another country's ("French" of
#: "British and French troops").
SHARED_VIA = "shared"


def _noun_phrase(tok: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``tok``: its left modifiers, the head, and a
    possessive ending; not its relative clauses or prepositional phrases."""
    start = tok.i
    for c in tok.lefts:
        if c.dep_ not in ("punct", "cc", "preconj") and not (c.dep_ == "advmod" and c.pos_ == "ADV" and c.i == tok.left_edge.i and c.lower_ in ("also", "then", "now")):
            start = min(start, c.left_edge.i)
            break
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("case", "compound", "flat", "nummod") and c.i == end:
            end = c.i + 1
    return start, end


def _with_phrase(actor: Actor, tok: Token) -> Actor:
    start, end = _noun_phrase(tok)
    doc = tok.doc
    if actor.span is not None and not (doc[start].idx <= actor.span[0] and actor.span[1] <= doc[end - 1].idx + len(doc[end - 1])):
        return actor  # the actor was found outside the phrase (its of/from phrase): keep it
    span = doc[start:end]
    return dataclasses.replace(actor, text=span.text, span=(span.start_char, span.end_char))


def _unresolved(tok: Token | None) -> list[Actor]:
    """A participant no dictionary knows ("a car bomb", "protesters"): kept, with no country."""
    if tok is None or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("npadvmod",):
        return []
    start, end = _noun_phrase(tok)
    span = tok.doc[start:end]
    return [Actor(code=None, text=span.text, span=(span.start_char, span.end_char), via="unresolved")]


def _actor_of(tok: Token) -> list[Actor]:
    own = _mention_actors(tok._.actor) if tok._.actor is not None else []
    if own and (own[0].country or len(own) > 1):
        return own
    # The head is not an actor, or one without a country ("the leadership of both sides",
    # "a suicide bomber from Afghanistan", "targets in Syria"): look at its modifiers and its
    # of/from phrase (and, for things rather than people, where they are), never into clauses.
    found: list[Actor] = []
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod") and c._.actor is not None:
            found = _mention_actors(c._.actor)
            break
    if not found:
        preps = ("of", "from") if own else ("of", "from", "in", "inside")
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps and not found:
                for g in c.children:
                    if g.dep_ == "pobj" and not found:
                        found = _actors(g)
    if own and found and found[0].country:
        return [_of_country(own[0], found[0], via=found[0].via)]
    return found or own or _introduced(tok)


#: How many tokens back an unknown name is looked for where it was introduced.
_INTRODUCED_WINDOW = 400
#: Nouns of a role an apposition may give a person, with whom they serve after them ("the
#: head of …", "a spokeswoman for …").
_ROLE_NOUNS = frozenset({"head", "chief", "leader", "director", "chair", "chairman", "chairwoman", "member",
                         "spokesman", "spokeswoman", "spokesperson", "representative", "envoy", "adviser",
                         "advisor", "aide", "commander", "official", "negotiator", "founder", "president",
                         "secretary", "coordinator", "deputy"})


def _introduced(tok: Token) -> list[Actor]:
    """A name no dictionary knows, introduced by an apposition that gives its role
    ("Maria Lopez, a Chilean diplomat, …", "Ahmed Khalil, a Syrian army colonel", "Ana Ruiz, a
    spokeswoman for the Red Cross"): the actor the apposition names, here and at later mentions
    of the name ("Lopez said …"). An apposition that is no role ("Kandahar, the movement's
    birthplace", "Ali Hassan, a resident of Aleppo") names nobody a coder can name."""
    if tok.pos_ != "PROPN" or getattr(_introducing, "active", False):
        return []  # (an apposition read for another name's: no deeper, or two names loop)
    _introducing.active = True
    try:
        return _introduced_by_role(tok)
    finally:
        _introducing.active = False


_introducing = threading.local()


def _introduced_by_role(tok: Token) -> list[Actor]:
    doc = tok.doc
    cache = doc.user_data.setdefault("detente_introduced", {})
    if tok.i in cache:
        return cache[tok.i]
    index = doc.user_data.get("detente_apposed")
    if index is None:
        # the names introduced with what they are (an apposition either way round, or a role
        # before them), by their text: built once a document
        index = doc.user_data["detente_apposed"] = {}
        for t in doc:
            if t.pos_ == "PROPN" and (t.dep_ not in ("compound", "flat", "appos") and any(
                    c.dep_ == "appos" or c.i < t.i and c.dep_ == "compound" and c.pos_ == "NOUN" for c in t.children)
                    or t.dep_ == "appos" and t.head.pos_ == "NOUN" and t.head.i < t.i):
                index.setdefault(t.lower_, []).append(t.i)
    cache[tok.i] = []  # nobody, unless an apposition of the name says who
    for i in reversed(index.get(tok.lower_, ())):
        if not tok.i - _INTRODUCED_WINDOW <= i <= tok.i:
            continue
        name = doc[i]
        # the role before the name ("the Danish journalist Lars Holm", "Syrian army colonel
        # Ahmed Khalil"): an actor with a sector
        before = [name.head] if name.dep_ == "appos" else [
            c for c in name.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < i]
        found = [a for c in before if c._.actor is not None for a in _mention_actors(c._.actor)
                 if a.sector and a.country]
        if found:
            return _introduce(tok, found[0], cache)
        for c in name.children:
            if c.dep_ != "appos" or c.pos_ != "NOUN":
                continue
            if c._.actor is None and c.lemma_.lower() not in _ROLE_NOUNS:
                # any other post ("a researcher for Human Rights Watch", "assistant
                # commissioner for counter-terrorism at Scotland Yard") serves an organisation
                # it names; a place ("a resident of Aleppo") is nobody's
                found = [a for a in _served(c) if (a.sector or _organisation(a)) and a.via != "capital"]
                if found:
                    return _introduce(tok, found[0], cache)
                continue
            # the role's own actor when it names a country ("a Syrian army colonel"), else whom
            # it serves ("a spokesman for the SDF", "the head of the Red Cross")
            found = [a for a in _mention_actors(c._.actor) if a.sector and a.country] if c._.actor is not None else []
            found = found or [a for a in [*_actors(c), *_served(c)]
                              if (a.country or _organisation(a)) and a.via != "capital"]
            if not found and c._.actor is not None:
                found = [a for a in _mention_actors(c._.actor) if a.sector]
            if found:
                return _introduce(tok, found[0], cache)
    return cache[tok.i]


def _introduce(tok: Token, actor: Actor, cache: dict) -> list[Actor]:
    """The actor a name was introduced as, written as this mention of the name."""
    start, end = _noun_phrase(tok)
    span = tok.doc[start:end]
    cache[tok.i] = [dataclasses.replace(actor, via="apposition", text=span.text, span=(span.start_char, span.end_char))]
    return cache[tok.i]


#: Prepositions after a post that name whom it serves.
_SERVED_PREPS = frozenset({"for", "of", "at", "in", "with"})


def _organisation(a: Actor) -> bool:
    return (a.code or "")[:3] in ("IGO", "NGO", "IMG")


def _served(post: Token) -> list[Actor]:
    """The actors a post's prepositional phrases name, nearest first, one phrase deep
    ("commissioner for counter-terrorism at Scotland Yard")."""
    found = _prep_actors(post, _SERVED_PREPS)
    if found:
        return found
    for c in post.children:
        if c.dep_ == "prep" and c.lower_ in _SERVED_PREPS:
            for g in c.children:
                if g.dep_ == "pobj":
                    found = _prep_actors(g, _SERVED_PREPS)
                    if found:
                        return found
    return []


def _prep_actors(head: Token, preps: frozenset[str], exclude: frozenset[str] = frozenset()) -> list[Actor]:
    for c in head.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps and c.lower_ not in exclude:
            for g in c.children:
                if g.dep_ == "pobj":
                    found = _actors(g)
                    if found:
                        return found
    return []


def _verb_target_candidates(head: Token, obj: Token | None, preps: frozenset[str], own_preps: frozenset[str]):
    """Where a verb's target may be, most direct first (each a thunk giving actors)."""
    if obj is not None:
        # light verb: the consumed noun's partner ("talks with X"), or the noun itself when
        # it names the party acted on ("expelled two Japanese diplomats")
        yield lambda: _prep_actors(obj, preps | {"between"})
        if obj.dep_ in ("dobj", "obj"):
            yield lambda: _actors(obj)
    for c in head.children:
        if c.dep_ in ("dobj", "obj", "dative", "attr") and (obj is None or c.i != obj.i):
            yield lambda c=c: _actors(c)
    yield lambda: _prep_actors(head, preps)
    if head.dep_ == "conj":
        yield lambda: _prep_actors(head.head, preps)
    if own_preps:
        # a pattern's own target preposition may hang on the object or on the first
        # conjunct's object ("establish mills in X and invest")
        for v in [head, head.head] if head.dep_ == "conj" else [head]:
            for c in v.children:
                if c.dep_ in ("dobj", "obj"):
                    yield lambda c=c: _prep_actors(c, preps)
    # "threatened to attack X", "demanded that X withdraw", "pledged to deepen cooperation
    # with X": the complement's subject, object or partner
    for c in head.children:
        if c.dep_ in ("xcomp", "ccomp"):
            for g in sorted(c.children, key=lambda g: g.dep_ not in _SUBJECT_DEPS):
                if g.dep_ in (*_SUBJECT_DEPS, "dobj", "obj"):
                    yield lambda g=g: _actors(g)
                    yield lambda g=g: _prep_actors(g, _DEFAULT_TARGET_PREPS)
            yield lambda c=c: _prep_actors(c, _DEFAULT_TARGET_PREPS)


def _first_target(candidates, own: set[str]) -> list[Actor]:
    """The first candidate naming a country other than the source's; failing that, the
    first one at all (an actor with no country, such as "troops", or the source's own
    country, as in domestic events, is a weaker target)."""
    weak: list[Actor] = []
    for thunk in candidates:
        found = thunk()
        strong = [a for a in found if a.country and a.country not in own]
        if strong:
            return strong
        if found and not weak:
            weak = found
    return weak


_FACING_PREPS = frozenset({"along", "near", "on", "at", "to", "toward", "towards", "off", "outside", "into", "across", "over", "close", "facing", "opposite"})


def _facing(head: Token, own: set[str | None]) -> list[Actor]:
    """Who a show of force or a protest faces: the other country named where it happens
    ("massed troops along its border with Ukraine", "protested outside the US embassy")."""
    for c in head.children:
        if c.lower_ not in _FACING_PREPS or c.dep_ not in ("prep", "advmod", "xcomp", "acl"):
            continue
        for t in c.subtree:
            m = t._.actor
            if m is None:
                continue
            found = [a for a in _mention_actors(m) if a.country and a.country not in own]
            if found:
                return found[:1]
    return []


def _between(head: Token) -> list[Actor]:
    """The two sides of "X between A and B" or "between the two countries"."""
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in ("between", "among"):
            for g in c.children:
                if g.dep_ == "pobj":
                    found = _actors(g)
                    if len(found) >= 2:
                        return found[:2]
    return []


def _is_joint(noun: Token) -> bool:
    return any(c.lemma_.lower() in _JOINT for c in noun.children if c.dep_ in ("amod", "compound"))


_PLACE_PREPS = frozenset({"in", "near", "at", "inside", "outside", "around"})
#: Common nouns that make a place of the proper name in their phrase ("the city of Aleppo",
#: "the outskirts of Idlib", "the Idlib province").
_PLACE_NOUNS = frozenset(
    {
        "city", "town", "village", "capital", "province", "region", "district", "area",
        "border", "frontier", "outskirts", "suburb", "suburbs", "part", "north", "south",
        "east", "west", "centre", "center", "heart", "territory", "coast", "port", "airport",
        "base", "camp", "valley", "countryside", "governorate", "state", "county", "enclave",
        "neighbourhood", "neighborhood", "crossing"
    }
)  # fmt: skip
_TIME_WORDS = frozenset(MONTH_NAMES) | frozenset(WEEKDAYS)
#: Clauses and asides that are not part of a place's name ("in Aleppo, where …").
_NOT_PLACE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "punct", "cc", "conj"})
#: Nouns whose "in …" says what they are about, not where the event happened.
_TOPICS = frozenset(
    {
        "situation", "crisis", "war", "conflict", "violence", "development", "event", "issue",
        "question", "problem", "policy", "role", "interest", "presence", "influence",
        "election", "economy", "relation", "tie", "affair", "matter", "right", "investment",
        "trade", "future", "history"
    }
)  # fmt: skip
#: Named-entity types of names that are not places.
_NOT_PLACE_ENTS = frozenset({"ORG", "PERSON", "NORP", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE"})
#: Actors that name no place (people, organisations, groups, sectors).
_NAMED_NOT_PLACES = frozenset({"person", "person-role", "surname", "igo", "group", "sector", "reference"})


def _place(head: Token) -> str | None:
    """Where the event happened, as written: the first "in/near/at/inside/outside/around"
    phrase on the trigger, on its direct object, or (for a noun trigger that is a verb's
    subject or object) on that verb, whose object is a place: a phrase naming an actor
    ("in northern Pakistan"), a proper name that is not a date ("near Afrin"), or a place
    noun with one ("the city of Aleppo"). Time phrases ("in 2015", "in March") and abstract
    nouns ("in response") are not places."""
    hosts = [head]
    if head.pos_ in ("VERB", "AUX"):
        hosts += [c for c in head.children if c.dep_ in ("dobj", "obj")]
    hosts += [g for h in list(hosts) for c in h.children if c.dep_ == "prep" and c.lower_ not in _PLACE_PREPS
              for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    if head.pos_ not in ("VERB", "AUX") and head.dep_ in ("nsubj", "nsubjpass", "nsubj:pass", "dobj", "obj", "attr") and head.head.pos_ in ("VERB", "AUX"):
        hosts.append(head.head)
    # the place of an event's participants ("shelled positions near Afrin", "clashed with
    # militants in …"), not of a topic ("discussed the situation in Syria")
    hosts = [h for i, h in enumerate(hosts) if i == 0 or h.lemma_.lower() not in _TOPICS]
    for host in hosts:
        for c in host.children:
            if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS:
                for g in c.children:
                    if g.dep_ == "pobj":
                        text = _place_phrase(g, with_actors=c.lower_ in ("in", "near", "at", "inside"))
                        if text:
                            return text
    return None


#: Actors found by a place name: a phrase holding one is a place ("in northern Pakistan"); one
#: holding only people or groups ("in exchange for Chilean prisoners") is not.
_PLACE_ACTORS = frozenset({"country", "capital", "state", "demonym"})


def _place_actor(tok: Token) -> bool:
    m = tok._.actor
    if m is None or m.actor.via not in _PLACE_ACTORS:
        return False
    # a demonym names a place only on a place noun ("Syrian territory", "the Turkish border"),
    # not on people ("Chilean prisoners")
    return m.actor.via != "demonym" or tok.head.lemma_.lower() in _PLACE_NOUNS


def _place_phrase(g: Token, *, with_actors: bool) -> str | None:
    if _is_time(g):
        return None
    doc = g.doc
    if with_actors and any(_place_actor(t) and _of_the_place(t, g) for t in g.subtree):
        words = list(g.subtree)
        return doc[words[0].i : words[-1].i + 1].text
    proper = g.ent_type_ in ("GPE", "LOC", "FAC") or g.pos_ == "PROPN"
    if not proper and not (
        g.lemma_.lower() in _PLACE_NOUNS and any(t.pos_ == "PROPN" and not _is_time(t) for t in g.subtree)
    ):
        return None
    # the phrase without its clauses and asides: "Aleppo" of "Aleppo, where …"
    end = g.i
    for t in g.subtree:
        if t.i > g.i and not any(a.dep_ in _NOT_PLACE_DEPS for a in _path(t, g)):
            end = max(end, t.i)
    text = doc[g.left_edge.i : end + 1].text
    if g.ent_type_ in _NOT_PLACE_ENTS and resolve_place(text) is None:
        return None  # "in Parliament", "at Harvard": a name, but not a place's
    return text


def _of_the_place(t: Token, g: Token) -> bool:
    """Does ``t`` name the place ``g`` is, not an actor further down its phrase? "northern
    Pakistan" and "the outskirts of Idlib" are places; "funding to Jordan" is not in Jordan,
    and neither is a clause's word ("the camp where Syrians live")."""
    return not any(a.dep_ in _NOT_PLACE_DEPS or (a.dep_ == "prep" and a.lower_ != "of") for a in _path(t, g))


def _path(t: Token, top: Token) -> list[Token]:
    """``t`` and its heads up to (not including) ``top``."""
    out = []
    while t.i != top.i and t.head.i != t.i:
        out.append(t)
        t = t.head
    return out


def _is_time(tok: Token) -> bool:
    if tok.ent_type_ in ("DATE", "TIME") or tok.like_num or tok.lower_ in _TIME_WORDS:
        return True
    timexes = tok.doc._.timexes or ()
    return any(m.start_char <= tok.idx < m.end_char for m in timexes)


def _geo(sent: Span, place: str | None) -> Place | None:
    """The place phrase of an event resolved with the gazetteer (:mod:`detente.places`),
    leaving out the names of people and organisations in it."""
    if not place:
        return None
    at = sent.text.find(place)
    exclude: list[str] = []
    if at >= 0:
        span = sent.char_span(at, at + len(place), alignment_mode="expand")
        for t in span if span is not None else ():
            m = t._.actor
            if (m is not None and m.actor.via in _NAMED_NOT_PLACES) or (m is None and t.ent_type_ == "PERSON"):
                exclude.append(t.text)
    return resolve_place(place, exclude=exclude)


def _dated(doc: Doc, actor: Actor, when: TimeSpan) -> Actor:
    """A person's role at the event's date (the "then" prime minister). A title written in
    the text ("President X") wins over the dictionary's dated roles."""
    if actor.via != "person" or actor.span is None or actor.sector is not None:
        return actor
    for m in doc._.actors or []:
        span = m.actor.span
        if m.roles and span is not None and actor.span[0] <= span[0] and span[1] <= actor.span[1]:
            resolved = m.at(_mid(when) if when.dated else doc._.published)
            if resolved is not m.actor:
                return dataclasses.replace(resolved, text=actor.text, span=actor.span)
    return actor


def _mid(when: TimeSpan) -> dt.date | None:
    if when.start and when.end:
        return when.start + (when.end - when.start) / 2
    return when.start


#: The rule note of an arrest re-coded as an abduction because a militant group made it.
ABDUCTION_RULE = "held-by-militants"


def build_event(doc: Doc, sent: Span, span: tuple[int, int], source: Actor, target: Actor | None,
                code, *, when: TimeSpan, modality: str, confidence: float, rule: str,
                symmetric: bool, place: str | None, trigger: str, id_parts: tuple) -> Event:  # fmt: skip
    """The Event of one (source, target) reading of a trigger in ``sent``, with its evidence;
    its id is stable over runs: the document, sentence, span, code and ``id_parts``.

    An arrest by a transnational militant group (CAMEO 173 with an ``IMG`` source) is coded
    as what CAMEO calls it, an abduction (181); the rule says so."""
    if code.code.startswith("173") and (source.code or "").startswith("IMG"):
        code, rule = lookup("181"), f"{rule}|{ABDUCTION_RULE}"
    return Event(
        id=stable_id(doc._.doc_id or "", sent.start_char, span, code.code, *id_parts),
        doc_id=doc._.doc_id or "",
        sentence=sent.text.strip(),
        span=span,
        source=source,
        target=target,
        **code.event_fields(),
        when=when,
        modality=modality,
        confidence=round(confidence, 3),
        rule=rule,
        symmetric=symmetric,
        place=place,
        geo=_geo(sent, place),
        trigger=trigger,
        sentence_span=sentence_bounds(sent),
    )


def time_of(doc: Doc, tok: Token) -> TimeSpan:
    """The time of what ``tok`` reports (an event's trigger, a relation state's word): the
    date closest to it in the parse (:func:`detente.time.time_for_token`), never after the
    article for what the text says already happened."""
    from ..time import time_for_token

    when = time_for_token(doc, tok) if doc._.timexes is not None else (tok.sent._.when or TimeSpan())
    published = doc._.published
    explicit = when.basis == "text" and bool(re.search(r"\b\d{4}\b", when.text or ""))
    if published is not None and when.start is not None and when.start > published and not explicit:
        verb = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(tok)
        if verb is not None and verb.tag_ in ("VBD", "VBN") and not any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall") for c in verb.children
        ):
            # what the text says already happened cannot have happened after the article
            return TimeSpan()
    return when


#: The sentence head decides which of a sentence's events is its main one when it gives one
#: PentaClass at least this probability and an event is of that class ("the ministry said
#: its jets had struck the depot": the strike, not the statement). Measured on the PentaClass
#: sentences by 5-fold cross-validation: 0.6 to 0.9 all gain, 0.7 loses one sentence.
MAIN_CLASS_SURE = 0.7


def main_event(events: list[Event], classes: Sequence[float] | None = None) -> Event | None:
    """A sentence's main event, the one a sentence-level label describes ("Putin will meet
    Erdogan" is a meeting, whatever its modality): the most confident (for the extractor's
    events, the likeliest trigger), then one with a target, then the earliest. With
    ``classes``, the probability the sentence head gives each PentaClass
    (:attr:`detente.extract.Reading.class_probs`), the main event is of the class it is sure
    of (:data:`MAIN_CLASS_SURE`), when one is. None for no event."""
    if not events:
        return None
    if classes is not None:
        from ..extract.model import pentaclass_of

        sure = max(range(len(classes)), key=classes.__getitem__)
        if classes[sure] >= MAIN_CLASS_SURE:
            events = [e for e in events if pentaclass_of(e.root) == sure] or events
    return max(events, key=lambda e: (e.confidence, e.target is not None, -e.span[0]))


def document_main_event(coded) -> Event | None:
    """The main event of a coded document of one sentence, as the pipeline marked it
    (``CodedDocument.main_events``); of several sentences' marked ones, the likeliest; of a
    document coded without marks (such as imported events), the likeliest of all."""
    mains = set(coded.main_events)
    return main_event([e for e in coded.events if e.id in mains] or list(coded.events))


def main_events(doc: Doc, events: list[Event]) -> list[str]:
    """The id of each sentence's main event (:func:`main_event`), in text order; where the
    extractor read the sentence, its sentence head has its say."""
    by_sentence: dict[tuple[int, int] | None, list[Event]] = {}
    for e in events:
        by_sentence.setdefault(e.sentence_span, []).append(e)
    readings = doc._.readings or {}
    classes: dict[tuple[int, int], tuple[float, ...]] = {}
    starts = sorted(span[0] for span in by_sentence if span is not None)
    if readings and starts:
        for sent in doc.sents:  # the sentences that hold an event
            j = bisect.bisect_left(starts, sent.start_char)
            if j < len(starts) and starts[j] < sent.end_char and (reading := readings.get(sent.start_char)):
                classes[sentence_bounds(sent)] = reading.class_probs
    out = []
    for span, evs in by_sentence.items():
        main = main_event(evs, classes.get(span) if span is not None else None)
        if main is not None:
            out.append(main.id)
    return out


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """The sentence's character span without the whitespace around it (a sentence may end in
    a whitespace token, such as a sentence the first pass blanked)."""
    words = [t for t in sent if not t.is_space]
    if not words:
        return sent.start_char, sent.end_char
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _headline(sent: Span) -> bool:
    """A Title Case line with no final period ("Joint Exercise Suggests New Windows"): the
    parser reads such lines badly, and their events are told again in the text below."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 4 or sent[-1].text in (".", "!", "?") or any(t.text in (".", "!", "?") for t in sent[-2:]):
        return False
    return sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def _coordinated_twin(m: PatternMatch, codes_at: dict[int, str]) -> bool:
    cur = m.head
    for _ in range(10):
        if cur.dep_ != "conj" or cur.head.i == cur.i:
            return False
        cur = cur.head
        if codes_at.get(cur.i) == m.pattern.code and cur.pos_ == m.head.pos_:
            return True
    return False


def _drop_embedded(events: list[Event]) -> list[Event]:
    """One event per real event: a pattern hit inside another hit's trigger span goes."""
    out = []
    for e in events:
        inside = any(
            o is not e and o.span[0] <= e.span[0] and e.span[1] <= o.span[1] and o.span != e.span
            for o in events
        )
        if not inside:
            out.append(e)
    return out



#: Roots of conflict (demand, disapprove, reject, threaten, protest, … fight): an event of
#: one with no target named in its sentence is against the source's opponent in the story.
_CONFLICT_ROOTS = frozenset(f"{r:02d}" for r in range(10, 21))
#: Ends the rule of an event whose target is the source's opponent elsewhere in the story.
STORY_TARGET_RULE = "story-target"


def _no_target(e: Event) -> bool:
    """Does the event name no target a coder can name (none, or an office or trade of no
    country, kept as written)?"""
    from .judge import NO_SIDE_VIA

    return e.target is None or (e.target.code is None and e.target.via == NO_SIDE_VIA)


def _opponents_from_story(events: list[Event]) -> list[Event]:
    """A conflict event whose sentence names no target ("the SDF retook the town", "the
    airstrikes continued") is against the one the document most often sets its source
    against, in its conflict events either way round ("Isis attacked the SDF", "the SDF
    fought Isis"); a source with no such opponent keeps no target. The target is the actor as
    named where it was (``via`` "context"); the rule says so. Hand coders of news do the
    same: a third of their fighting events take their target from the story."""
    against: dict[str, Counter] = {}
    named: dict[str, Actor] = {}
    for e in events:
        if e.root in _CONFLICT_ROOTS and not e.symmetric and e.target is not None and e.target.code and e.source.code:
            for a, b in ((e.source, e.target), (e.target, e.source)):
                against.setdefault(a.code, Counter())[b.code] += 1
                named.setdefault(b.code, b)
    if not against:
        return events
    out: list[Event] = []
    seen = {(e.sentence_span, e.root, e.source.code, e.target.code if e.target else None) for e in events}
    for e in events:
        if e.root in _CONFLICT_ROOTS and _no_target(e) and not e.symmetric and e.source.code in against:
            [(code, _)] = against[e.source.code].most_common(1)
            key = (e.sentence_span, e.root, e.source.code, code)
            if code != e.source.code and key not in seen:
                seen.add(key)
                e = dataclasses.replace(
                    e, target=dataclasses.replace(named[code], via="context"),
                    id=stable_id(e.id, STORY_TARGET_RULE, code), rule=f"{e.rule}|{STORY_TARGET_RULE}",
                    confidence=max(0.001, round(e.confidence * 0.8, 3)))  # less sure: inferred
        out.append(e)
    return out
