"""Give every sentence its time: from its own words, from the narrative, or from the dateline.

The rules, applied to each sentence in order (first that applies wins):

1. **text** — the sentence's own expression. Candidates are the expressions inside the
   sentence that do not merely modify a noun ("the 2015 deal", "Monday's talks"); the one
   attached to the main clause wins, then an absolute one over one relative to the document
   date, then the first. Its span is used as is (basis "text").
2. **narrative** — passages are paragraphs (text between blank lines; the whole document
   when it has none). The last time anchored in the same passage (by rule 1 or 2) carries
   forward (basis "narrative"), modified by the sentence's first connective:

   * "since then" → previous start … publication date (previous end without one), previous
     precision;
   * "after that", "later", "subsequently" → likewise (an open end, closed at publication);
   * "the following year", "two years later", "the previous day", "a year earlier" → the
     previous span shifted by the offset; when the offset's unit (day/week/month/year) is
     coarser than the previous precision, the result is that whole calendar unit;
   * "at the time", "by then", "the then …" → the previous span.

   Offsets count from the last *point* of the passage (an expression, or a shifted one):
   "In 1999 … Since then … The following year …" gives 2000, not a year after "since then".
   A sentence without a connective inherits the last time given, open-ended ones included.

   A sentence without a connective does not inherit a *historical* anchor (one ending more
   than two years before publication) when it reads in the present tense and has no past
   tense main verb ("In 1999 they signed a treaty. The treaty remains in force.").
3. **publication** — with a publication date, a sentence that reads as recent news — a main
   clause verb in the present tense or present perfect, or a reporting verb ("said", "told",
   "announced", "according to") — in a passage with no historical anchor (no sentence of the
   passage dated by rule 1 to a span ending more than two years before publication) gets
   publication − 7 days … publication, precision "week", basis "publication".
4. **none** — otherwise :class:`~detente.records.TimeSpan` () — undated. A retrospective
   passage is therefore never dated to the publication day.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from ..extensions import doc_text
from ..records import PRECISIONS, TimeSpan
from . import intervals as iv
from .attach import covering_span, in_main_clause, is_noun_premodifier, main_clause_heads
from .grammar import Connective, Timex

__all__ = [
    "HISTORICAL_YEARS",
    "PUBLICATION_WINDOW_DAYS",
    "REPORTING_LEMMAS",
    "date_sentences",
    "passage_breaks",
    "publication_span",
    "sentence_timex",
]

#: An anchor ending more than this many years before publication is historical.
HISTORICAL_YEARS = 2
#: A publication-based span covers this many days up to the publication date.
PUBLICATION_WINDOW_DAYS = 7
#: Verbs that mark reported news.
REPORTING_LEMMAS = frozenset({
    "say", "tell", "announce", "state", "add", "report", "confirm", "deny", "claim", "declare",
    "warn", "insist", "note", "stress", "reiterate", "quote", "disclose", "reveal", "assert",
})

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
_RANK = {p: i for i, p in enumerate(PRECISIONS)}


@dataclass(frozen=True)
class _Reading:
    """What a sentence offers the dating rules."""

    passage: int
    own: Timex | None
    connective: Connective | None
    present: bool
    past: bool
    reporting: bool


def passage_breaks(text: str) -> list[int]:
    """Offsets where a new passage (paragraph) starts."""
    return [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def sentence_timex(sent: Span, timexes: Sequence[Timex]) -> Timex | None:
    """The expression that dates ``sent`` itself (rule 1 of the module doc), if any."""
    ranked: list[tuple[tuple[int, int, int], Timex]] = []
    for timex in timexes:
        if timex.start_char < sent.start_char or timex.end_char > sent.end_char:
            continue
        span = covering_span(sent.doc, timex.start_char, timex.end_char)
        if span is None or is_noun_premodifier(span):
            continue
        key = (0 if in_main_clause(span, sent) else 1, 1 if timex.relative else 0, timex.start_char)
        ranked.append((key, timex))
    return min(ranked, key=lambda item: item[0])[1] if ranked else None


def _tenses(sent: Span) -> tuple[bool, bool]:
    """(present, past): whether a main clause verb is in the present (or present perfect)
    tense, and whether one is in the past tense."""
    present = past = False
    for head in main_clause_heads(sent):
        tags = {head.tag_} | {c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass")}
        present = present or bool(tags & _PRESENT_TAGS)
        past = past or "VBD" in tags
    return present, past


def _reporting(sent: Span) -> bool:
    if "according to" in sent.text.lower():
        return True
    return any(t.pos_ == "VERB" and t.lemma_.lower() in REPORTING_LEMMAS for t in sent)


def _historical(span: TimeSpan, published: dt.date | None) -> bool:
    if published is None or span.end is None:
        return False
    return span.end < iv.add_years(published, -HISTORICAL_YEARS)


def _future(span: TimeSpan, published: dt.date | None) -> bool:
    """Does ``span`` start after the publication date (a plan, not a past event)?"""
    return published is not None and span.start is not None and span.start > published


def publication_span(published: dt.date) -> TimeSpan:
    """The time of the article's news: the days up to its publication."""
    return _publication_span(published)


def _publication_span(published: dt.date) -> TimeSpan:
    return TimeSpan(iv.add_days(published, -PUBLICATION_WINDOW_DAYS), published, "week",
                    "publication")


def _open_until_now(prev: TimeSpan, published: dt.date | None, text: str) -> TimeSpan:
    end = prev.end
    if published is not None and prev.end is not None and published > prev.end:
        end = published
    return TimeSpan(prev.start, end, prev.precision, "narrative", text)


def _shifted(prev: TimeSpan, c: Connective) -> TimeSpan:
    assert prev.start is not None and prev.end is not None and c.unit is not None
    if c.kind == "after":
        start, end = iv.shift(prev.start, c.low, c.unit), iv.shift(prev.end, c.high, c.unit)
    else:
        start, end = iv.shift(prev.start, -c.high, c.unit), iv.shift(prev.end, -c.low, c.unit)
    precision = prev.precision
    if c.unit in ("decade", "century"):  # "a decade later": shifted, never snapped to a decade
        precision = iv.coarser(prev.precision, "year")
    elif _RANK[c.unit] > _RANK[prev.precision]:  # "a year later" after a day: that whole year
        start, end = iv.expand_to(start, c.unit)[0], iv.expand_to(end, c.unit)[1]
        precision = c.unit
    return TimeSpan(start, end, precision, "narrative", c.text)


def _apply(prev: TimeSpan, c: Connective, published: dt.date | None) -> TimeSpan:
    """The previous time as modified by a connective."""
    if c.kind == "same":
        return dataclasses.replace(prev, basis="narrative", text=c.text)
    if c.unit is not None:
        return _shifted(prev, c)
    if c.kind in ("since", "after"):
        return _open_until_now(prev, published, c.text)
    return dataclasses.replace(prev, basis="narrative")


def _open_ended(c: Connective) -> bool:
    """True for "since then"/"later": they stretch the time, they do not move it."""
    return c.unit is None and c.kind in ("since", "after")


def _read(sent: Span, breaks: list[int], timexes: Sequence[Timex],
          connectives: Sequence[Connective]) -> _Reading:
    present, past = _tenses(sent)
    connective = next((c for c in connectives
                       if sent.start_char <= c.start_char and c.end_char <= sent.end_char), None)
    return _Reading(
        passage=bisect.bisect_right(breaks, sent.start_char),
        own=sentence_timex(sent, timexes),
        connective=connective,
        present=present,
        past=past,
        reporting=_reporting(sent),
    )


def date_sentences(sents: Sequence[Span], timexes: Sequence[Timex],
                   connectives: Sequence[Connective], published: dt.date | None) -> list[TimeSpan]:
    """The time of each sentence in ``sents`` (one document, in order) by the module's rules.

    ``timexes`` and ``connectives`` are those of the whole document (character offsets into
    its text); connectives overlapping an expression should already be removed.
    """
    if not sents:
        return []
    breaks = passage_breaks(doc_text(sents[0].doc))
    readings = [_read(s, breaks, timexes, connectives) for s in sents]
    historical = {r.passage for r in readings
                  if r.own is not None and r.own.span is not None
                  and _historical(r.own.span, published)}
    carried: dict[int, TimeSpan] = {}  # what a sentence without a connective inherits
    base: dict[int, TimeSpan] = {}  # the last point in time connectives count from
    out: list[TimeSpan] = []
    for r in readings:
        when: TimeSpan | None = None
        if r.own is not None and r.own.span is not None:
            when = carried[r.passage] = base[r.passage] = r.own.span
        elif r.passage in base:
            if r.connective is not None:
                when = carried[r.passage] = _apply(base[r.passage], r.connective, published)
                if not _open_ended(r.connective):
                    base[r.passage] = when
            elif not (r.present and not r.past and _historical(carried[r.passage], published)) and not (
                r.past and _future(carried[r.passage], published)
            ):
                # a past-tense sentence never inherits a time after the article's date
                when = dataclasses.replace(carried[r.passage], basis="narrative")
        if when is None and (published is not None and r.passage not in historical
                             and (r.present or r.reporting)):
            when = _publication_span(published)
        out.append(when if when is not None else TimeSpan())
    return out
