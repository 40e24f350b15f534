"""Time: temporal expressions in text and the time of every sentence.

The grammar (:mod:`.grammar`) and the word lists (:mod:`.lexicon`) need no spaCy; the spaCy
component (``detente_time``, :mod:`.stage`) and the attachment of expressions to tokens
(:mod:`.attach`) load spaCy on first use.

Add the stage to a pipeline that parses (it reads sentences, tags and dependencies)::

    nlp.add_pipe("detente_time")

It reads ``doc._.published`` (a date, or None) as the anchor for relative expressions and
writes ``doc._.timexes`` (a list of :class:`~detente.extensions.TimeMention`, basis "text")
and ``sent._.when`` (a :class:`~detente.records.TimeSpan`) for every sentence, by the rules
of :mod:`detente.time.dating`. :func:`time_for_token` picks the expression that governs one
token.
"""

from __future__ import annotations

from .grammar import find_connective_mentions, find_connectives, find_timexes, scan_timexes

__all__ = [
    "VERSION",
    "TimeStage",
    "find_connective_mentions",
    "find_connectives",
    "find_timexes",
    "make_time",
    "scan_timexes",
    "time_for_token",
]


def __getattr__(name: str):
    if name in ("VERSION", "TimeStage", "make_time"):
        from . import stage

        return getattr(stage, name)
    if name == "time_for_token":
        from .attach import time_for_token

        return time_for_token
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
