"""The time stage (``detente_time``): find temporal expressions and give every sentence its
time.

Add it to a pipeline that parses (it reads sentences, tags and dependencies)::

    import detente.time  # registers the factory
    nlp.add_pipe("detente_time")

It reads ``doc._.published`` (a date, or None) as the anchor for relative expressions and
writes ``doc._.timexes`` (a list of :class:`~detente.extensions.TimeMention`, basis "text")
and ``sent._.when`` (a :class:`~detente.records.TimeSpan`) for every sentence, by the rules
of :mod:`detente.time.dating`. :func:`time_for_token` picks the expression that governs one
token. The grammar itself (:mod:`detente.time.grammar`) needs no spaCy.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import doc_text, register
from .dating import date_sentences
from .grammar import find_connective_mentions, scan_timexes

__all__ = ["VERSION", "TimeStage", "make_time"]

#: The versioned name of this stage's behaviour.
VERSION = "detente.time.v1"


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


class TimeStage:
    """The spaCy component; stateless, so one instance serves any number of docs."""

    def __call__(self, doc: Doc) -> Doc:
        published = _as_date(doc._.published)
        timexes = scan_timexes(doc_text(doc), published)
        doc._.timexes = [t.mention for t in timexes]
        connectives = [
            c for c in find_connective_mentions(doc_text(doc))
            if all(c.end_char <= t.start_char or c.start_char >= t.end_char for t in timexes)
        ]
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        for sent, when in zip(sents, date_sentences(sents, timexes, connectives, published)):
            sent._.when = when
        return doc


@Language.factory("detente_time", default_config={}, assigns=["doc._.timexes", "span._.when"])
def make_time(nlp: Language, name: str) -> TimeStage:
    """Build the time stage (registered as ``"detente_time"``; behaviour :data:`VERSION`)."""
    register()
    return TimeStage()
