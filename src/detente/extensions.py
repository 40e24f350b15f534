"""The spaCy ``Doc``/``Span``/``Token`` extensions detente's components read and write.

Registered once, idempotently, by :func:`register`. Every component calls it in its factory,
so the stages work in anyone's pipeline, not only in the one :mod:`detente.nlp` builds.

=====================  ==========================================================
``Doc._.doc_id``       the Document id (str) the doc was made from, or None
``Doc._.published``    the publication date (``datetime.date``) or None
``Doc._.actors``       list of :class:`ActorMention` found by the actors stage
``Doc._.timexes``      list of :class:`TimeMention` found by the time stage
``Doc._.readings``     dict: sentence start → :class:`detente.extract.Reading` (extract stage)
``Doc._.events``       list of :class:`detente.records.Event` from the events stage
``Doc._.main_events``  list of the ids of each sentence's main event (events stage)
``Doc._.states``       list of :class:`detente.records.RelationState`
``Doc._.interests``    list of :class:`detente.records.Interest`
``Span._.when``        the sentence's :class:`detente.records.TimeSpan` (time stage)
``Token._.actor``      the :class:`ActorMention` covering this token, or None
=====================  ==========================================================
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .records import Actor, TimeSpan

__all__ = ["ActorMention", "Role", "TimeMention", "doc_text", "register", "remember_text", "tokens_with"]


@dataclass(frozen=True)
class ActorMention:
    """An actor found in the text: token range [start, end) and what it resolves to."""

    start: int
    end: int
    actor: Actor
    #: For a plural reference ("the two countries", "both sides"): the members.
    members: tuple[Actor, ...] = ()
    #: For a named person: the dated roles the name may hold, resolved at the event's date.
    roles: tuple[Role, ...] = ()

    def at(self, when: dt.date | None) -> Actor:
        """The actor as of ``when``: a person's role at that date, else the base actor."""
        if not self.roles:
            return self.actor
        active = [r for r in self.roles if when is not None and r.active(when)]
        if active:
            # Prefer the government role, then the military one, then anything else; among
            # equals the latest appointment (an open-ended old "elite" role does not outweigh
            # the office held now: a former prime minister who leads the UN is the UN's).
            best = min(active, key=lambda r: ({"GOV": 0, "MIL": 1}.get(r.sector or "", 2),
                                              -(r.start.toordinal() if r.start else 0)))
            return dataclasses.replace(
                self.actor, code=best.code, country=best.country, sector=best.sector, via="person-role"
            )
        # Outside every known term: the person's country, without a sector unless a title says so.
        return self.actor


@dataclass(frozen=True)
class Role:
    """One term of one person in one role, e.g. Tony Blair, GBRGOV, 1997-05-02 to 2007-06-27."""

    name: str
    country: str | None  # None for a role in a group with no country (IMG…)
    code: str
    sector: str | None
    start: dt.date | None
    end: dt.date | None

    def active(self, when: dt.date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class TimeMention:
    """A temporal expression: character span [start_char, end_char) and its resolved span."""

    start_char: int
    end_char: int
    when: TimeSpan


#: doc.user_data key of the document's text (see :func:`doc_text`).
_TEXT = "detente.text"


def doc_text(doc) -> str:
    """``doc.text``, computed once per document: spaCy rebuilds it from the tokens on every
    access, and several stages read it. (No stage changes a document's text.)"""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def tokens_with(doc, attr: str, keep) -> list:
    """The tokens of ``doc`` whose string attribute ``attr`` ("ORTH", "LOWER", "LEMMA") passes
    ``keep`` (a predicate on the string), in text order. Each distinct string is tested once
    and only the tokens kept are made: a stage looking for a few words in a long document
    does not build a Token for every word."""
    import numpy as np

    values = doc.to_array(attr)
    if not len(values):
        return []
    strings = doc.vocab.strings
    good = [h for h in np.unique(values).tolist() if keep(strings[h])]
    if not good:
        return []
    return [doc[i] for i in np.flatnonzero(np.isin(values, good)).tolist()]


def remember_text(doc, text: str) -> None:
    """Record ``text`` as ``doc``'s text for :func:`doc_text` (the caller knows it equals
    ``doc.text``)."""
    doc.user_data[_TEXT] = text


_DOC = ("doc_id", "published", "actors", "timexes", "readings", "events", "main_events", "states", "interests")


def register() -> None:
    """Register detente's extensions (safe to call many times)."""
    from spacy.tokens import Doc, Span, Token

    for name in _DOC:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("when"):
        Span.set_extension("when", default=None)
    if not Token.has_extension("actor"):
        Token.set_extension("actor", default=None)
