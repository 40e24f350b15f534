"""The temporal-expression grammar: find dates, periods and ranges in text and resolve them.

Pure Python (no spaCy). :func:`find_timexes` returns :class:`~detente.extensions.TimeMention`
objects whose character spans cover the expression itself — a leading preposition ("in",
"on", "during", "since") is left out, a determiner ("the 1990s") and range markers
("from 1952 to 1963", "between 2001 and 2003") are kept.

Resolution conventions (see also :mod:`detente.time.intervals`):

* precision names the unit the text speaks in: ``day``, ``week``, ``month``, ``season``,
  ``quarter``, ``year``, ``decade``, ``century``. A *part* of a unit keeps the unit's precision
  ("early 2016" is Jan–Apr 2016 at ``year`` precision, "the mid-1980s" is 1983–1987 at
  ``decade``, "the first half of 2018" is Jan–Jun at ``year``); a range takes the precision of
  its coarser end; rolling windows take their unit ("the past two years" → ``year``);
  "recently" is anchor − 90 days … anchor at ``month``;
* expressions relative to the anchor (the document date) are resolved only when an anchor is
  given and are skipped otherwise: "yesterday", "last week", "two years ago", "in March"
  (the most recent March not after the anchor), "May 3" (likewise), …;
* a bare weekday ("on Tuesday", "last Tuesday") is the last such weekday *strictly before*
  the anchor — a story dated Tuesday that says "on Tuesday" resolves to the Tuesday a week
  earlier. "next Tuesday" is the first one strictly after; "this Tuesday" the one in the
  anchor's Monday–Sunday week;
* two-digit decades: "the '00s"/"the '10s" are 2000s/2010s, every other "'X0s" is 19X0s;
  "the 1800s" (a hundred-year "…00s" before 2000) is a century, "the 2000s" a decade;
* a four-digit number is a year only if it lies in 1800–2100 and does not read as a quantity
  ("1999 people", "$2002", "some 2000", "Resolution 1973", "2000%").

Narrative connectives ("since then", "a year later", "the then prime minister") carry no
anchor of their own; :func:`find_connectives` only finds them, the stage resolves them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..extensions import TimeMention
from ..records import TimeSpan
from . import intervals as iv
from .words import (
    CENTURY_WORDS,
    DECADE_WORDS,
    LICENSING_WORDS,
    MONTH_NAMES,
    MONTHS,
    NUMBER_PATTERN,
    ORDINALS,
    QUANTITY_MODIFIERS,
    QUANTITY_NOUNS,
    SEASONS,
    WEEKDAY_NAMERS,
    WEEKDAYS,
    alternation,
    parse_number,
)

__all__ = [
    "Connective",
    "Timex",
    "Yearless",
    "find_connective_mentions",
    "find_connectives",
    "find_timexes",
    "scan_timexes",
]


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Yearless:
    """A month or day named without its year ("in March", "May 3", "last March")."""

    month: int
    day: int | None = None
    part: str | None = None
    #: "last", "this", "next" or None (the most recent one not after the anchor).
    rel: str | None = None


@dataclass(frozen=True)
class Timex:
    """A temporal expression found by the grammar, with how it was resolved.

    ``span`` is None only while a yearless expression waits for a year (from a range
    partner); such entries never leave :func:`scan_timexes`.
    """

    start_char: int
    end_char: int
    span: TimeSpan | None
    #: True when the resolution depends on the anchor (document date).
    relative: bool
    #: The name of the grammar rule that matched.
    rule: str
    yearless: Yearless | None = None

    @property
    def mention(self) -> TimeMention:
        assert self.span is not None
        return TimeMention(self.start_char, self.end_char, self.span)

    @property
    def length(self) -> int:
        return self.end_char - self.start_char


@dataclass(frozen=True)
class Connective:
    """A narrative connective: [start_char, end_char), its kind and optional offset.

    ``kind`` is "since" (from the previous time until now), "after" (later than the previous
    time), "before" (earlier) or "same" (the previous time itself). ``unit``/``low``/``high``
    give an offset in units ("two years later" → year, 2, 2; "a few days later" → day, 2, 4);
    ``unit`` is None when the connective has no offset ("later", "since then").
    """

    start_char: int
    end_char: int
    kind: str
    unit: str | None = None
    low: int = 0
    high: int = 0
    text: str = ""


# --------------------------------------------------------------------------------------------
# Pattern fragments
# --------------------------------------------------------------------------------------------

_FULL_MONTHS = "|".join(MONTH_NAMES)
_FULL_MONTH_NAMES = frozenset(MONTH_NAMES)
_ABBR_MONTHS = "sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec"
_WEEKDAY = alternation(WEEKDAYS)
_SEASON = alternation(SEASONS)
_TO = r"(?:-|–|—|\bto\b|\band\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)"
_TOD = r"(?:morning|afternoon|evening|night)"
_REL = r"(?:this\s+past|this\s+coming|last|this|next)"
_NUM = NUMBER_PATTERN
_B = r"(?<![\w])"  # start of a word
_E = r"(?![\w])"  # end of a word


def _month(group: str) -> str:
    """A month name, or an abbreviation (with its dot only when a day or year follows)."""
    return (rf"(?P<{group}>(?:{_FULL_MONTHS})|(?:{_ABBR_MONTHS})(?:\.(?=\s*\d))?)(?![\w])")


def _day(group: str) -> str:
    return rf"(?P<{group}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w])"


def _year(group: str) -> str:
    return rf"(?P<{group}>1[5-9]\d\d|20\d\d|2100)(?![\d])"


#: "early", "mid-", "late", "the beginning of", "the end of", … (groups ``part``/``partof``).
_PART = (r"(?:(?P<part>early|mid|late)(?:\s*-\s*|\s+)"
         r"|(?P<partof>beginning|start|middle|end|close)\s+of\s+)")


# --------------------------------------------------------------------------------------------
# Matching context
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    text: str
    anchor: dt.date | None


_Resolved = tuple[iv.Interval, str]
#: What a rule's resolver returns: an interval with its precision, a yearless expression
#: waiting for a year, or None to reject the match.
_Result = _Resolved | Yearless | None


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], _Context], _Result]
    #: The resolution depends on the anchor.
    relative: bool = False
    #: The rule yields :class:`Yearless` expressions, kept without an anchor for ranges.
    yearless: bool = False


_WORD_BEFORE = re.compile(r"([\w.]+)[\s(\"'“‘]*$")
_WORD_AFTER = re.compile(r"^[\s\"'”’)]*([\w]+)")


def _word_before(text: str, pos: int, n: int = 1) -> str:
    """The ``n``-th word before ``pos`` (lower-cased, trailing dot dropped), or ""."""
    head = text[max(0, pos - 40 * n):pos]
    word = ""
    for _ in range(n):
        m = _WORD_BEFORE.search(head)
        if not m:
            return ""
        word = m.group(1)
        head = head[: m.start()]
    return word.lower().rstrip(".")


def _word_after(text: str, pos: int) -> str:
    m = _WORD_AFTER.match(text[pos:pos + 40])
    return m.group(1).lower() if m else ""


def _capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _part(m: re.Match[str]) -> str | None:
    """The normalised part ("early", "start", "mid", "late", "end") a match names, if any."""
    groups = m.groupdict()
    if groups.get("part"):
        return groups["part"].lower()
    partof = (groups.get("partof") or "").lower()
    return {"beginning": "start", "start": "start", "middle": "mid", "end": "end",
            "close": "end"}.get(partof)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_result(year: int, month: int, day: int) -> _Result:
    date = _date(year, month, day)
    return ((date, date), "day") if date else None


def _two_digit_year(first: int, tail: str) -> int | None:
    """The end year of "1990–95" style ranges: 95 → 1995; None unless after ``first``."""
    if len(tail) == 4:
        year = int(tail)
    else:
        year = first // 100 * 100 + int(tail)
    return year if first < year <= 2100 else None


# --------------------------------------------------------------------------------------------
# Resolvers: absolute expressions
# --------------------------------------------------------------------------------------------


def _r_iso(m: re.Match[str], ctx: _Context) -> _Result:
    return _day_result(int(m["y"]), int(m["mo"]), int(m["d"]))


def _r_slash(m: re.Match[str], ctx: _Context) -> _Result:
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if not 1500 <= year <= 2100:
        return None
    if a > 12 >= b:
        return _day_result(year, b, a)
    if b > 12 >= a or a == b:
        return _day_result(year, a, b)
    if a <= 12 and b <= 12:  # day/month order unknown: only the year is certain
        return iv.year_span(year), "year"
    return None


def _r_full_date(m: re.Match[str], ctx: _Context) -> _Result:
    if not _capitalised(m["m"]):
        return None
    return _day_result(int(m["y"]), _month_number(m["m"]), int(m["d"]))


def _r_day_range(m: re.Match[str], ctx: _Context) -> _Result:
    first_word = m["m"] or m["m2"]
    last_word = m["m2"] or m["m"]
    if not (_capitalised(first_word) and _capitalised(last_word)):
        return None
    if m["pre"] and m["pre"].lower() == "between" and not re.search(r"\band\b", m[0]):
        return None
    year = int(m["y"])
    start = _date(year, _month_number(first_word), int(m["d"]))
    end = _date(year, _month_number(last_word), int(m["d2"]))
    if not start or not end or end <= start:
        return None
    return (start, end), "day"


def _r_month_range_year(m: re.Match[str], ctx: _Context) -> _Result:
    if not (_capitalised(m["m"]) and _capitalised(m["m2"])):
        return None
    year = int(m["y"])
    first, last = _month_number(m["m"]), _month_number(m["m2"])
    if last <= first:
        return None
    return (iv.month_span(year, first)[0], iv.month_span(year, last)[1]), "month"


def _r_month_year(m: re.Match[str], ctx: _Context) -> _Result:
    if not _capitalised(m["m"]):
        return None
    year, month = int(m["y"]), _month_number(m["m"])
    part = _part(m)
    if part:
        return iv.month_part_span(year, month, part), "month"
    return iv.month_span(year, month), "month"


def _r_compact_month_year(m: re.Match[str], ctx: _Context) -> _Result:
    """"feb-2021", "Feb/2021", "2021-02", "02/2021": a month written the way forms and web
    pages write it (any case: the digits make it a date)."""
    year = int(m["y"])
    month = _month_number(m["m"]) if m["m"] else int(m["mo"])
    if not (1 <= month <= 12 and 1500 <= year <= 2100):
        return None
    return iv.month_span(year, month), "month"


def _r_ordinal_day(m: re.Match[str], ctx: _Context) -> _Result:
    """"on the 20th": that day of the anchor's month, or of the month before when the day
    has not come yet (news tells what happened)."""
    if ctx.anchor is None:
        return None
    day = int(m["d"])
    year, month = ctx.anchor.year, ctx.anchor.month
    if day > ctx.anchor.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return _day_result(year, month, day)


def _r_season_year(m: re.Match[str], ctx: _Context) -> _Result:
    return iv.season_span(m["s"].lower(), int(m["y"])), "season"


def _rel_year(m: re.Match[str], ctx: _Context) -> int | None:
    """The year a match names: its ``y`` group, or this/last/next year from the anchor."""
    if m["y"]:
        return int(m["y"])
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]


def _r_quarter(m: re.Match[str], ctx: _Context) -> _Result:
    year = _rel_year(m, ctx)
    if year is None:
        return None
    return iv.quarter_span(ORDINALS[m["q"].lower()], year), "quarter"


def _r_quarter_code(m: re.Match[str], ctx: _Context) -> _Result:
    return iv.quarter_span(int(m["qn"]), int(m["y"])), "quarter"


def _r_half(m: re.Match[str], ctx: _Context) -> _Result:
    year = _rel_year(m, ctx)
    if year is None:
        return None
    which = m["h"].lower()
    first = 1 if which in ("first", "1st", "h1") else 7
    return (dt.date(year, first, 1), iv.month_span(year, first + 5)[1]), "year"


def _decade_or_century(first_year: int, part: str | None) -> _Result:
    if first_year % 100 == 0 and first_year < 2000:
        return iv.century_span(first_year, part), "century"
    return iv.decade_span(first_year, part), "decade"


def _two_digit_decade(tens: int) -> int:
    return 2000 + tens if tens in (0, 10) else 1900 + tens


def _r_decade(m: re.Match[str], ctx: _Context) -> _Result:
    if m.groupdict().get("dec"):
        first_year = int(m["dec"])
    else:
        first_year = _two_digit_decade(int(m["dd"]))
    return _decade_or_century(first_year, _part(m))


def _r_decade_word(m: re.Match[str], ctx: _Context) -> _Result:
    tens = DECADE_WORDS[m["dw"].lower()]
    if m["cw"]:
        century = 1900 if m["cw"].lower() == "nineteen" else 2000
    else:
        century = 2000 if tens == 0 else 1900
    return iv.decade_span(century + tens, _part(m)), "decade"


def _r_century(m: re.Match[str], ctx: _Context) -> _Result:
    word = " ".join(m["c"].lower().split())
    number = int(word[:-2]) if word[0].isdigit() else CENTURY_WORDS[word]
    if not 1 <= number <= 22:
        return None
    return iv.century_span((number - 1) * 100, _part(m)), "century"


def _r_year_part(m: re.Match[str], ctx: _Context) -> _Result:
    year = int(m["y"])
    if not 1500 <= year <= 2100:
        return None
    return iv.year_part_span(year, _part(m) or "mid"), "year"


def _r_year_range(m: re.Match[str], ctx: _Context) -> _Result:
    first = int(m["y"])
    last = _two_digit_year(first, m["y2"])
    if last is None or first < 1800:
        return None
    if m["pre"] and m["pre"].lower() == "between":
        return None  # "between 2001-2003" is not English; let the parts stand
    return (iv.year_span(first)[0], iv.year_span(last)[1]), "year"


#: A bare year after one of these is a date even before a quantity-like noun ("In 2003 troops").
_TEMPORAL_PREPOSITIONS = frozenset({
    "in", "since", "by", "until", "till", "during", "from", "before", "after", "of", "between",
    "around", "circa", "c", "throughout", "year", "early", "late", "mid", "spring", "summer",
    "autumn", "fall", "winter", "and", "to", "or",
})


def _r_year(m: re.Match[str], ctx: _Context) -> _Result:
    year = int(m["y"])
    if not 1800 <= year <= 2100:
        return None
    if not m[0].lower().startswith("the"):
        before = _word_before(ctx.text, m.start())
        if before in QUANTITY_MODIFIERS:
            return None
        if before == "to" and _word_before(ctx.text, m.start(), 2) == "up":
            return None
        after = _word_after(ctx.text, m.end())
        if after in QUANTITY_NOUNS and before not in _TEMPORAL_PREPOSITIONS:
            return None
    return iv.year_span(year), "year"


# --------------------------------------------------------------------------------------------
# Resolvers: expressions relative to the anchor
# --------------------------------------------------------------------------------------------


def _r_yearless_day(m: re.Match[str], ctx: _Context) -> _Result:
    if not _capitalised(m["m"]):
        return None
    month, day = _month_number(m["m"]), int(m["d"])
    if not _date(2000, month, day):  # 2000 is a leap year: accepts 29 February
        return None
    return Yearless(month, day)


def _r_yearless_month(m: re.Match[str], ctx: _Context) -> _Result:
    word = m["m"]
    if not _capitalised(word) or word.lower() not in _FULL_MONTH_NAMES:
        return None  # abbreviations need a day or a year
    rel = (m["rel"] or "").lower()
    rel = {"this past": "last", "this coming": "next"}.get(rel, rel) or None
    part = _part(m)
    if rel is None and part is None and _word_before(ctx.text, m.start()) not in LICENSING_WORDS:
        return None
    if word.lower() == "may" and re.match(r"['’]s\b", ctx.text[m.end():]):
        return None  # "in May's government"
    return Yearless(_month_number(word), None, part, rel)


def _r_yearless_month_range(m: re.Match[str], ctx: _Context) -> _Result:
    if not (_capitalised(m["m"]) and _capitalised(m["m2"])):
        return None
    if m["pre"].lower() == "between" and not re.search(r"\band\b", m[0]):
        return None
    first, last = _month_number(m["m"]), _month_number(m["m2"])
    if ctx.anchor is None or last == first:
        return None
    end_year = ctx.anchor.year if last <= ctx.anchor.month else ctx.anchor.year - 1
    start_year = end_year if first < last else end_year - 1
    return (iv.month_span(start_year, first)[0], iv.month_span(end_year, last)[1]), "month"


def _resolve_yearless(y: Yearless, anchor: dt.date) -> _Resolved | None:
    """Place a yearless month/day in the year the anchor implies."""
    here = (y.month, y.day or 1)
    now = (anchor.month, anchor.day if y.day else 1)
    if y.rel == "this":
        year = anchor.year
    elif y.rel == "next":
        year = anchor.year if here > now else anchor.year + 1
    elif y.rel == "last":
        year = anchor.year if here < now else anchor.year - 1
    else:  # the most recent one not after the anchor, unless the next one is only weeks away
        year = anchor.year if here <= now or _soon(y, anchor) else anchor.year - 1
    return _yearless_in(y, year)


#: A yearless date at most this many days after the anchor is the coming one ("the summit on
#: 10 September", written on 5 September), not last year's.
SOON_DAYS = 45


def _soon(y: Yearless, anchor: dt.date) -> bool:
    first = _date(anchor.year, y.month, y.day or 1)
    return first is not None and 0 < (first - anchor).days <= SOON_DAYS


def _yearless_in(y: Yearless, year: int) -> _Resolved | None:
    if y.day is not None:
        date = _date(year, y.month, y.day)
        return ((date, date), "day") if date else None
    if y.part:
        return iv.month_part_span(year, y.month, y.part), "month"
    return iv.month_span(year, y.month), "month"


def _anchor(ctx: _Context) -> dt.date:
    assert ctx.anchor is not None
    return ctx.anchor


def _r_deictic_day(m: re.Match[str], ctx: _Context) -> _Result:
    a = _anchor(ctx)
    word = (m["w"] or "").lower()
    if word == "today" and m["w"] == "Today" and _word_before(ctx.text, m.start()) in (
        "russia", "usa", "china", "india", "pakistan"
    ):
        return None  # media outlets
    if word == "yesterday" or m[0].lower().startswith("last"):
        day = iv.add_days(a, -1)
    elif word == "tomorrow":
        day = iv.add_days(a, 1)
    else:
        day = a
    return (day, day), "day"


def _r_weekday(m: re.Match[str], ctx: _Context) -> _Result:
    if not _capitalised(m["wd"]):
        return None
    if not m["rel"] and _word_before(ctx.text, m.start()) in WEEKDAY_NAMERS:
        return None
    a = _anchor(ctx)
    target = WEEKDAYS[m["wd"].lower()]
    rel = " ".join((m["rel"] or "").lower().split())
    if rel in ("next", "this coming"):
        delta = (target - a.weekday()) % 7 or 7
    elif rel == "this":
        delta = target - a.weekday()
    elif rel:  # "last", "this past": strictly before the anchor
        delta = -((a.weekday() - target) % 7 or 7)
    else:  # bare "on Tuesday": the most recent such day, the publication day included
        # (a wire story published on a Tuesday that says "said on Tuesday" means that day)
        delta = -((a.weekday() - target) % 7)
    day = iv.add_days(a, delta)
    return (day, day), "day"


_UNIT_OFFSET = {"last": -1, "this past": -1, "this": 0, "next": 1, "this coming": 1}


def _r_rel_unit(m: re.Match[str], ctx: _Context) -> _Result:
    if _word_before(ctx.text, m.start()) in ("the", "a", "every", "each"):
        return None
    a = _anchor(ctx)
    rel = " ".join(m["rel"].lower().split())
    k = _UNIT_OFFSET[rel]
    unit = m["unit"].lower()
    if unit == "week":
        return iv.week_span(iv.add_days(a, 7 * k)), "week"
    if unit == "weekend":
        return iv.weekend_span(iv.add_days(a, 7 * k)), "week"
    if unit == "month":
        shifted = iv.add_months(a, k)
        return iv.month_span(shifted.year, shifted.month), "month"
    if unit == "year":
        return iv.year_span(a.year + k), "year"
    return iv.decade_span(a.year // 10 * 10 + 10 * k), "decade"


def _r_the_weekend(m: re.Match[str], ctx: _Context) -> _Result:
    a = _anchor(ctx)
    day = a if a.weekday() >= 5 else iv.add_days(a, -7)
    return iv.weekend_span(day), "week"


def _unit(word: str) -> str:
    word = word.lower()
    if word.startswith("centur"):
        return "century"
    return word.removesuffix("s")


def _count(m: re.Match[str]) -> tuple[int, int] | None:
    return parse_number(m["n"]) if m["n"] else (1, 1)


def _r_rolling(m: re.Match[str], ctx: _Context) -> _Result:
    rel = m["rel"].lower()
    if rel == "next" and not m["n"]:
        return None  # "the next year": a narrative connective
    count = _count(m)
    if count is None:
        return None
    a, unit = _anchor(ctx), _unit(m["unit"])
    if rel in ("past", "last"):
        return (iv.shift(a, -count[1], unit), a), unit
    return (a, iv.shift(a, count[1], unit)), unit


#: Words before the count of an "ago" that move it: "more than two years ago" is before two
#: years ago (between two and three), "almost two years ago" after (between one and two).
_AGO_MORE = ("more than", "over", "upwards of")
_AGO_LESS = ("almost", "nearly", "less than", "under", "just under")


def _r_ago(m: re.Match[str], ctx: _Context) -> _Result:
    count = _count(m)
    if count is None:
        return None
    lo, hi = count
    q = " ".join((m["q"] or "").lower().split())
    if q in _AGO_MORE:
        hi += 1
    elif q in _AGO_LESS:
        lo = max(lo - 1, 0)
    a, unit = _anchor(ctx), _unit(m["unit"])
    if unit == "day":
        return (iv.add_days(a, -hi), iv.add_days(a, -lo)), "day"
    if unit == "week":
        return (iv.week_span(iv.add_days(a, -7 * hi))[0],
                iv.week_span(iv.add_days(a, -7 * lo))[1]), "week"
    if unit == "month":
        first, last = iv.add_months(a, -hi), iv.add_months(a, -lo)
        return (iv.month_span(first.year, first.month)[0],
                iv.month_span(last.year, last.month)[1]), "month"
    if unit == "year":
        return (iv.year_span(a.year - hi)[0], iv.year_span(a.year - lo)[1]), "year"
    if unit == "decade":  # "a decade ago": about ten years, give or take one
        return (iv.year_span(a.year - 10 * hi - 1)[0],
                iv.year_span(a.year - 10 * lo + 1)[1]), "decade"
    return (iv.year_span(a.year - 100 * hi - 10)[0],
            iv.year_span(a.year - 100 * lo + 10)[1]), "century"


def _r_earlier_this(m: re.Match[str], ctx: _Context) -> _Result:
    a, unit = _anchor(ctx), m["unit"].lower()
    whole = iv.expand_to(a, unit)
    if m["which"].lower() == "earlier":
        return (whole[0], a), unit
    return (a, whole[1]), unit


def _r_recent(m: re.Match[str], ctx: _Context) -> _Result:
    a = _anchor(ctx)
    if m["w"]:
        return (iv.add_days(a, -90), a), "month"
    unit = _unit(m["unit"])
    start = {"day": iv.add_days(a, -7), "week": iv.add_days(a, -28),
             "month": iv.add_months(a, -6), "year": iv.add_years(a, -5),
             "decade": iv.add_years(a, -20)}[unit]
    return (start, a), "week" if unit == "day" else unit


def _r_season_rel(m: re.Match[str], ctx: _Context) -> _Result:
    a, season = _anchor(ctx), m["s"].lower()
    rel = " ".join(m["rel"].lower().split())
    candidates = [iv.season_span(season, y) for y in range(a.year - 2, a.year + 2)]
    if rel in ("last", "this past"):
        chosen = max((c for c in candidates if c[1] < a), key=lambda c: c[0])
    elif rel in ("next", "this coming"):
        chosen = min((c for c in candidates if c[0] > a), key=lambda c: c[0])
    else:
        year = a.year - 1 if season == "winter" and a.month <= 2 else a.year
        chosen = iv.season_span(season, year)
    return chosen, "season"


def _r_part_rel(m: re.Match[str], ctx: _Context) -> _Result:
    a, unit = _anchor(ctx), m["unit"].lower()
    k = _UNIT_OFFSET[m["rel"].lower()]
    part = _part(m) or "mid"
    if unit == "year":
        return iv.year_part_span(a.year + k, part), "year"
    shifted = iv.add_months(a, k)
    return iv.month_part_span(shifted.year, shifted.month, part), "month"


def _r_century_rel(m: re.Match[str], ctx: _Context) -> _Result:
    a = _anchor(ctx)
    rel = " ".join(m["rel"].lower().split())
    k = {"this": 0, "next": 1}.get(rel, -1)
    return iv.century_span(a.year // 100 * 100 + 100 * k), "century"


# --------------------------------------------------------------------------------------------
# The rules, most specific first (on equal length the earlier rule wins)
# --------------------------------------------------------------------------------------------

_FLAGS = re.IGNORECASE
_M, _M2, _D, _D2, _Y = _month("m"), _month("m2"), _day("d"), _day("d2"), _year("y")
_PRE = r"(?:(?P<pre>from|between)\s+)?"
_WD_PREFIX = rf"(?:{_WEEKDAY},?\s+)?"
_DECADE_NUM = r"(?:(?P<dec>1[5-9]\d0|20\d0)['’]?s|['’‘](?P<dd>\d0)s)"


def _rule(name: str, pattern: str, resolve: Callable[[re.Match[str], _Context], _Result],
          relative: bool = False, yearless: bool = False) -> _Rule:
    return _Rule(name, re.compile(pattern, _FLAGS), resolve, relative or yearless, yearless)


_RULES: tuple[_Rule, ...] = (
    # days
    _rule("iso", r"(?<![\w/.-])(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)(?!\d)", _r_iso),
    _rule("slash", r"(?<![\w/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?![\d/])", _r_slash),
    _rule("mdy", rf"{_B}{_WD_PREFIX}{_M}\s+{_D},?\s+{_Y}", _r_full_date),
    _rule("dmy", rf"{_B}{_WD_PREFIX}(?:the\s+)?{_D}\s+(?:of\s+)?{_M},?\s+{_Y}", _r_full_date),
    # ranges of days and months within a year
    _rule("md_range", rf"{_B}{_PRE}{_M}\s+{_D}\s*{_TO}\s*(?:{_M2}\s+)?{_D2},?\s+{_Y}",
          _r_day_range),
    _rule("dm_range", rf"{_B}{_PRE}{_D}\s*(?:{_M}\s*)?{_TO}\s*{_D2}\s+{_M2},?\s+{_Y}",
          _r_day_range),
    _rule("mm_range", rf"{_B}{_PRE}{_M}\s*{_TO}\s*{_M2},?\s+(?:of\s+)?{_Y}",
          _r_month_range_year),
    # months, seasons, quarters, halves
    _rule("compact_month_year",
          rf"(?<![\w/.-])(?:(?P<m>{_FULL_MONTHS}|{_ABBR_MONTHS})\.?[-/]\s?(?P<y>\d{{4}})"
          rf"|(?P<y2>\d{{4}})-(?P<mo2>0[1-9]|1[0-2])|(?P<mo>0?[1-9]|1[0-2])/(?P<y3>\d{{4}}))(?![\w/-])",
          lambda m, ctx: _r_compact_month_year(_Compact(m), ctx)),
    _rule("month_year", rf"{_B}(?:(?:the\s+)?{_PART})?{_M},?\s+(?:of\s+)?{_Y}", _r_month_year),
    _rule("season_year",
          rf"{_B}(?:the\s+)?(?:(?P<part>early|mid|late)(?:\s*-\s*|\s+))?(?P<s>{_SEASON})"
          rf"(?:\s+of)?\s+{_Y}", _r_season_year),
    _rule("quarter",
          rf"{_B}(?:the\s+)?(?P<q>first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+"
          rf"quarter\s+(?:of\s+)?(?:{_Y}|(?P<rel>this|last|next)\s+year{_E})", _r_quarter),
    _rule("quarter_code", rf"{_B}Q(?P<qn>[1-4])\s*{_Y}", _r_quarter_code),
    _rule("quarter_code_after", rf"{_B}{_Y}\s*Q(?P<qn>[1-4]){_E}", _r_quarter_code),
    _rule("half",
          rf"{_B}(?:the\s+)?(?P<h>first|second|1st|2nd|latter)\s+half\s+(?:of\s+)?"
          rf"(?:{_Y}|(?P<rel>this|last|next)\s+year{_E})", _r_half),
    _rule("half_code", rf"{_B}(?P<h>H1|H2)\s*{_Y}", _r_half),
    # decades and centuries
    _rule("decade", rf"{_B}(?:the\s+)?{_PART}?(?:the\s+)?{_DECADE_NUM}{_E}", _r_decade),
    _rule("decade_short", rf"{_B}the\s+(?:{_PART}(?:the\s+)?)?(?P<dd>\d0)s{_E}",
          _r_decade),
    _rule("decade_word",
          rf"{_B}the\s+(?:(?P<part>early|mid|late)(?:\s*-\s*|\s+))?"
          rf"(?:(?P<cw>nineteen|twenty)(?:\s*-\s*|\s+))?(?P<dw>{alternation(DECADE_WORDS)}){_E}",
          _r_decade_word),
    _rule("century",
          rf"{_B}(?:the\s+)?{_PART}?(?:the\s+)?"
          rf"(?P<c>\d{{1,2}}(?:st|nd|rd|th)|{alternation(CENTURY_WORDS)})[\s-]+century{_E}",
          _r_century),
    # parts of years, year ranges, years
    _rule("year_part", rf"{_B}(?:the\s+)?{_PART}(?:the\s+year\s+)?{_Y}(?![\w'’])",
          _r_year_part),
    _rule("year_range",
          rf"(?<![\w$£€¥#.,/-]){_PRE}(?P<y>1[89]\d\d|20\d\d|2100)\s*(?:[-–—]|/)\s*"
          rf"(?P<y2>\d{{4}}|\d\d)(?![\w'’%])", _r_year_range),
    _rule("year",
          r"(?<![\w$£€¥#.,/\-–])(?:the\s+year\s+)?(?P<y>1[89]\d\d|20\d\d|2100)"
          r"(?![\w%])(?![.,]\d)(?!\s*(?:percent|per\s+cent)\b)", _r_year),
    # relative to the anchor
    _rule("yearless_month_range", rf"{_B}(?P<pre>from|between)\s+{_M}\s+{_TO}\s+{_M2}",
          _r_yearless_month_range, relative=True),
    _rule("md", rf"{_B}{_WD_PREFIX}{_M}\s+{_D}", _r_yearless_day, yearless=True),
    _rule("dm", rf"{_B}{_WD_PREFIX}(?:the\s+)?{_D}\s+(?:of\s+)?{_M}", _r_yearless_day,
          yearless=True),
    _rule("month", rf"{_B}(?:(?P<rel>{_REL})\s+|(?:the\s+)?{_PART})?{_M}",
          _r_yearless_month, yearless=True),
    _rule("ordinal_day",
          rf"{_B}the\s+(?P<d>[12]?\d|3[01])(?:st|nd|rd|th){_E}"
          rf"(?!\s+(?:of\s+)?(?:{_FULL_MONTHS}|{_ABBR_MONTHS}|centur|anniversary|time|floor|day|year|minute|round|place|\w+est\b))",
          _r_ordinal_day, relative=True),
    _rule("deictic_day",
          rf"{_B}(?:(?P<w>yesterday|today|tomorrow|tonight)|last\s+night|this\s+{_TOD}){_E}",
          _r_deictic_day, relative=True),
    _rule("weekday", rf"{_B}(?:(?P<rel>{_REL})\s+)?(?P<wd>{_WEEKDAY})(?:\s+{_TOD})?{_E}",
          _r_weekday, relative=True),
    _rule("rel_unit", rf"{_B}(?P<rel>{_REL})\s+(?P<unit>weekend|week|month|year|decade){_E}",
          _r_rel_unit, relative=True),
    _rule("the_weekend", rf"{_B}the\s+weekend{_E}", _r_the_weekend, relative=True),
    _rule("rolling",
          rf"{_B}the\s+(?P<rel>past|last|next|coming)\s+(?:(?P<n>{_NUM})\s+)?"
          rf"(?P<unit>days?|weeks?|months?|years?|decades?){_E}(?!\s+of\b)",
          _r_rolling, relative=True),
    _rule("ago",
          rf"{_B}(?:(?P<q>more\s+than|over|upwards\s+of|almost|nearly|less\s+than|(?:just\s+)?under)\s+)?"
          rf"(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?|decades?|centur(?:y|ies))"
          rf"\s+ago{_E}", _r_ago, relative=True),
    _rule("earlier_this", rf"{_B}(?P<which>earlier|later)\s+this\s+(?P<unit>week|month|year){_E}",
          _r_earlier_this, relative=True),
    _rule("recent",
          rf"{_B}(?:(?P<w>recently|lately)|recent\s+(?P<unit>days|weeks|months|years|decades))"
          rf"{_E}", _r_recent, relative=True),
    _rule("season_rel", rf"{_B}(?P<rel>{_REL})\s+(?P<s>{_SEASON}){_E}", _r_season_rel,
          relative=True),
    _rule("part_rel", rf"{_B}(?:the\s+)?{_PART}(?P<rel>this|last|next)\s+(?P<unit>year|month){_E}",
          _r_part_rel, relative=True),
    _rule("century_rel", rf"{_B}(?P<rel>this|last|next|the\s+last|the\s+past|the\s+previous)\s+"
          rf"century{_E}", _r_century_rel, relative=True),
)

#: What every match of a rule contains (case-insensitive): a rule runs only on the stretches
#: of text around one of these (:func:`_windows`), not over the whole text; the test suite
#: checks that this finds exactly what a scan of the whole text finds.
class _Compact:
    """The groups of a compact month match under one set of names (m, mo, y)."""

    def __init__(self, m: re.Match[str]):
        self._m = m

    def __getitem__(self, key: str):
        g = self._m
        if key == "y":
            return g["y"] or g["y2"] or g["y3"]
        if key == "mo":
            return g["mo"] or g["mo2"]
        return g[key]


_MONTH_CORE = rf"\b(?:{_FULL_MONTHS}|{_ABBR_MONTHS})\b"
_YEAR_CORE = r"\d{4}"
#: The time words the other rules are built on ("last week", "three years ago", "Monday").
_WORD_CORE = (
    rf"\b(?:{_SEASON}|{_WEEKDAY}|quarter|half|century|yesterday|today|tomorrow|tonight|night|"
    r"morning|afternoon|evening|ago|recent|recently|lately|(?:day|week|weekend|month|year|decade)s?)\b"
    r"|\b[qh][1-4]"
)
_CORES: dict[str, str] = {
    "iso": _YEAR_CORE, "slash": _YEAR_CORE, "year_part": _YEAR_CORE, "year_range": _YEAR_CORE,
    "compact_month_year": _YEAR_CORE, "ordinal_day": r"\d(?:st|nd|rd|th)\b",
    "year": _YEAR_CORE,
    **dict.fromkeys(("mdy", "dmy", "md_range", "dm_range", "mm_range", "month_year",
                     "yearless_month_range", "md", "dm", "month"), _MONTH_CORE),
    "decade": r"\d0['’]?s", "decade_short": r"\d0['’]?s", "decade_word": alternation(DECADE_WORDS),
    **dict.fromkeys(("season_year", "season_rel", "quarter", "quarter_code", "quarter_code_after",
                     "half", "half_code", "century", "century_rel", "deictic_day", "weekday",
                     "rel_unit", "the_weekend", "rolling", "ago", "earlier_this", "recent",
                     "part_rel"), _WORD_CORE),
}


@functools.cache
def _core_pattern(core: str, any_case: bool) -> re.Pattern[str]:
    """A core, compiled: for the lower-cased text (faster than ignoring case), or any case."""
    return re.compile(core, _FLAGS if any_case else 0)


#: How far a match reaches from its core, in characters (the longest, "from Wednesday, the
#: 21st of March to …", is about half of this).
_REACH = 100


#: A match that fills one of these groups ("the third quarter of last year") needs the anchor.
_ANCHOR_GROUPS = ("rel",)


# --------------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------------


def _windows(text: str, core: re.Pattern[str]) -> list[tuple[int, int]]:
    """The stretches of ``text`` within :data:`_REACH` of a match of ``core``, merged where
    they overlap. A rule's match holds its core and reaches less far than that, so no match
    crosses a window's edge, and a scan of the windows finds what a scan of the text finds."""
    out: list[tuple[int, int]] = []
    for m in core.finditer(text):
        a, b = max(0, m.start() - _REACH), min(len(text), m.end() + _REACH)
        # end after the next word, so that a lookahead over spaces ("2017 per cent", a
        # clause end) sees what it would see in the whole text
        if (space := _SPACE_THEN_WORD.match(text, b)) is not None:
            b = space.end()
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


_SPACE_THEN_WORD = re.compile(r"\S*\s*\S*")


class _Windows:
    """Each core's windows in one text, found on first use."""

    def __init__(self, text: str):
        self.text = text
        lower = text.lower()
        # matching the lower-cased text is faster than ignoring case, while offsets agree
        self.lower = lower if len(lower) == len(text) else None
        self.found: dict[str, list[tuple[int, int]]] = {}

    def of(self, core: str) -> list[tuple[int, int]]:
        if core not in self.found:
            if self.lower is not None:
                self.found[core] = _windows(self.lower, _core_pattern(core, False))
            else:
                self.found[core] = _windows(self.text, _core_pattern(core, True))
        return self.found[core]


def _scan(pattern: re.Pattern[str], text: str, windows: _Windows | None, core: str) -> Iterator[re.Match[str]]:
    """``pattern``'s matches in ``text``: in the windows of ``core``, or (no windows) in the
    whole text."""
    if windows is None:
        yield from pattern.finditer(text)
        return
    for a, b in windows.of(core):
        yield from pattern.finditer(text, a, b)


def _candidates(ctx: _Context, windowed: bool = True) -> Iterator[Timex]:
    windows = _Windows(ctx.text) if windowed else None
    for rule in _RULES:
        for m in _scan(rule.pattern, ctx.text, windows, _CORES[rule.name]):
            if "\u2028" in m[0]:
                continue  # it runs across a sentence the first pass blanked
            needs_anchor = rule.relative or any(m.groupdict().get(g) for g in _ANCHOR_GROUPS)
            if needs_anchor and ctx.anchor is None and not rule.yearless:
                continue
            result = rule.resolve(m, ctx)
            if result is None:
                continue
            start, end = _trim(ctx.text, m.start(), m.end())
            if isinstance(result, Yearless):
                resolved = _resolve_yearless(result, ctx.anchor) if ctx.anchor else None
                yield _timex(ctx.text, start, end, resolved, True, rule.name, result)
            else:
                yield _timex(ctx.text, start, end, result, needs_anchor, rule.name)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a trailing comma or whitespace a pattern may have taken."""
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _timex(text: str, start: int, end: int, resolved: _Resolved | None, relative: bool,
           rule: str, yearless: Yearless | None = None) -> Timex:
    span = None
    if resolved is not None:
        (first, last), precision = resolved
        span = TimeSpan(first, last, precision, "text", text[start:end])
    return Timex(start, end, span, relative, rule, yearless)


def _select(candidates: Iterable[Timex]) -> list[Timex]:
    """Keep the longest of overlapping matches (ties: the earlier rule), sorted by start."""
    rank = {rule.name: i for i, rule in enumerate(_RULES)}
    ordered = sorted(candidates, key=lambda t: (-t.length, t.start_char, rank.get(t.rule, 99)))
    kept: list[Timex] = []
    for cand in ordered:
        if all(cand.end_char <= k.start_char or cand.start_char >= k.end_char for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda t: t.start_char)


_RANGE_GAP = re.compile(r"\s*(?:-|–|—)\s*|\s+(?P<word>to|until|till|through|thru|and)\s+",
                        re.IGNORECASE)
_RANGE_PREFIX = re.compile(r"(?<![\w])(?P<pre>from|between)\s+$", re.IGNORECASE)


def _combine_ranges(text: str, timexes: list[Timex]) -> list[Timex]:
    """Join "X to Y", "from X to Y", "between X and Y", "X–Y" into one range."""
    out: list[Timex] = []
    i = 0
    while i < len(timexes):
        first = timexes[i]
        if i + 1 < len(timexes):
            joined = _join(text, first, timexes[i + 1])
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(first)
        i += 1
    return out


def _join(text: str, a: Timex, b: Timex) -> Timex | None:
    gap = _RANGE_GAP.fullmatch(text, a.end_char, b.start_char)
    if gap is None:
        return None
    prefix = _RANGE_PREFIX.search(text, max(0, a.start_char - 20), a.start_char)
    word = (gap["word"] or "").lower()
    pre = prefix["pre"].lower() if prefix else ""
    if word == "and" and pre != "between":
        return None
    if pre == "between" and word not in ("and", ""):
        return None
    first, last = a.span, b.span
    relative = a.relative or b.relative
    if a.yearless and b.span and not b.relative:  # "from March to May 2016"
        first = _place(a, b.span.start.year, before=b.span.start)  # type: ignore[union-attr]
        relative = False
    elif b.yearless and a.span and not a.relative:  # "from May 2016 to March"
        last = _place(b, a.span.start.year, after=a.span.start)  # type: ignore[union-attr]
        relative = False
    elif b.yearless and a.yearless and a.span:  # "from Sept. 24 to Oct. 10": b follows a
        last = _place(b, a.span.start.year, after=a.span.start)  # type: ignore[union-attr]
    if first is None or last is None or None in (first.start, first.end, last.start, last.end):
        return None
    if last.end < first.end or first.start > last.end:  # type: ignore[operator]
        return None
    start = prefix.start() if prefix else a.start_char
    span = TimeSpan(first.start, last.end, iv.coarser(first.precision, last.precision), "text",
                    text[start:b.end_char])
    return Timex(start, b.end_char, span, relative, "range")


def _place(t: Timex, year: int, before: dt.date | None = None,
           after: dt.date | None = None) -> TimeSpan | None:
    """A yearless expression set in ``year`` (or the year before/after to keep the order)."""
    assert t.yearless is not None
    resolved = _yearless_in(t.yearless, year)
    if resolved and before and resolved[0][0] > before:
        resolved = _yearless_in(t.yearless, year - 1)
    if resolved and after and resolved[0][1] < after:
        resolved = _yearless_in(t.yearless, year + 1)
    if resolved is None:
        return None
    (first, last), precision = resolved
    return TimeSpan(first, last, precision, "text")


def scan_timexes(text: str, anchor: dt.date | None, *, windowed: bool = True) -> list[Timex]:
    """Every temporal expression in ``text`` as a resolved :class:`Timex`, sorted by start.

    Like :func:`find_timexes`, but keeps whether each resolution depended on the anchor.
    ``windowed=False`` runs every rule over the whole text (slower, same result).
    """
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    ctx = _Context(text, anchor)
    selected = _combine_ranges(text, _select(_candidates(ctx, windowed)))
    return [t for t in selected if t.span is not None]


def find_timexes(text: str, anchor: dt.date | None) -> list[TimeMention]:
    """Every temporal expression in ``text``, resolved against ``anchor`` (the document date).

    Returns :class:`~detente.extensions.TimeMention` objects sorted by ``start_char``; each
    ``when`` is a :class:`~detente.records.TimeSpan` with ``basis="text"`` and ``text`` the
    words of the expression. Expressions relative to the anchor are skipped when ``anchor``
    is None.
    """
    return [t.mention for t in scan_timexes(text, anchor)]


# --------------------------------------------------------------------------------------------
# Narrative connectives
# --------------------------------------------------------------------------------------------

_UNIT_WORD = r"(?P<unit>days?|weeks?|months?|years?|decades?|mornings?|evenings?|nights?)"
_SINGLE_UNIT = r"(?P<unit>day|week|month|year|decade|morning|afternoon|evening|night)"
_CLAUSE_END = r"(?=\s*(?:[,.;:!?)]|$))"

_CONNECTIVES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, _FLAGS)) for kind, pattern in (
        ("since", rf"{_B}(?:ever\s+)?since\s+(?:then|that\s+(?:time|day|date|year|point)){_E}"),
        ("since", rf"{_B}(?:ever\s+)?since{_CLAUSE_END}"),
        ("same", rf"{_B}the\s+then(?=[\s-]+\w)"),
        ("same", rf"{_B}then(?=-\w)"),
        ("same", (rf"{_B}(?:back\s+then|by\s+then|by\s+that\s+time|in\s+those\s+days"
                  rf"|at\s+(?:that|the)\s+time(?!\s+(?:of|when)\b)|at\s+that\s+(?:point|moment|stage)"
                  rf"|at\s+the\s+same\s+time"
                  rf"|(?:that|the)\s+same\s+(?:day|week|month|year)"
                  rf"|(?:later|earlier)\s+(?:that|in\s+the)\s+(?:day|week|month|year)"
                  rf"|that\s+(?:day|week|month|year)(?![\w'’])){_E}")),
        ("after", rf"{_B}the\s+(?:following|next|subsequent)\s+{_SINGLE_UNIT}{_E}"),
        ("after", (rf"{_B}(?P<n>{_NUM})\s+{_UNIT_WORD}\s+(?:later|afterwards?|after\s+that"
                   rf"|on{_CLAUSE_END}){_E}")),
        ("before", rf"{_B}the\s+(?:previous|preceding|prior)\s+{_SINGLE_UNIT}{_E}"),
        ("before", rf"{_B}the\s+{_SINGLE_UNIT}\s+before{_CLAUSE_END}"),
        ("before", (rf"{_B}(?P<n>{_NUM})\s+{_UNIT_WORD}\s+(?:earlier|previously"
                    rf"|before{_CLAUSE_END}|prior{_CLAUSE_END}){_E}")),
        ("after", (rf"{_B}(?:after\s+that|afterwards?|subsequently|thereafter"
                   rf"|(?:soon|shortly)\s+(?:after(?:wards?)?|thereafter){_CLAUSE_END}"
                   rf"|later(?!\s+(?:this|next|that|in|on|today|tonight)\b)){_E}")),
    )
)

_ADJECTIVE_LATER = frozenset({"a", "the", "at", "no", "or", "any", "and"})


def _connective_unit(word: str) -> str:
    unit = _unit(word)
    return "day" if unit in ("morning", "afternoon", "evening", "night") else unit


#: What every connective contains (see :data:`_CORES`).
_CONNECTIVE_CORE = (
    r"\b(?:since|then|time|meanwhile|meantime|same|later|earlier|previously|before|prior|after|"
    r"afterwards?|subsequently|thereafter|following|next|subsequent|previous|preceding|point|"
    r"moment|stage|(?:day|week|month|year|decade|morning|afternoon|evening|night)s?)\b"
)


def find_connective_mentions(text: str, *, windowed: bool = True) -> list[Connective]:
    """Every narrative connective in ``text`` as a :class:`Connective`, sorted by start.

    Overlapping matches keep the longest ("two years later" over "later"). ``windowed=False``
    runs every pattern over the whole text (slower, same result).
    """
    found: list[Connective] = []
    windows = _Windows(text) if windowed else None
    for kind, pattern in _CONNECTIVES:
        for m in _scan(pattern, text, windows, _CONNECTIVE_CORE):
            groups = m.groupdict()
            if m[0].lower() == "later" and _word_before(text, m.start()) in _ADJECTIVE_LATER:
                continue
            unit, low, high = None, 0, 0
            if groups.get("unit"):
                count = parse_number(groups["n"]) if groups.get("n") else (1, 1)
                if count is None:
                    continue
                unit, (low, high) = _connective_unit(groups["unit"]), count
            found.append(Connective(m.start(), m.end(), kind, unit, low, high, m[0]))
    found.sort(key=lambda c: (-(c.end_char - c.start_char), c.start_char))
    kept: list[Connective] = []
    for cand in found:
        if all(cand.end_char <= k.start_char or cand.start_char >= k.end_char for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start_char)


def find_connectives(text: str) -> list[tuple[int, int, str]]:
    """Narrative connectives as ``(start_char, end_char, kind)``.

    ``kind`` is "since" ("since then"), "after" ("the following year", "two years later",
    "after that", "later", "subsequently"), "before" ("the previous year", "a year earlier")
    or "same" ("at the time", "the then prime minister", "by then"). The offsets of "after"
    and "before" connectives are on the :class:`Connective` records of
    :func:`find_connective_mentions`.
    """
    return [(c.start_char, c.end_char, c.kind) for c in find_connective_mentions(text)]
