"""Calendar arithmetic for the time stage: intervals for months, seasons, decades, parts.

Everything here is pure and works on :class:`datetime.date`; an interval is a pair of
inclusive dates ``(start, end)``.

Conventions (documented once, used everywhere):

* a *season* in year ``Y``: spring = Mar–May, summer = Jun–Aug, autumn/fall = Sep–Nov,
  winter = Dec ``Y`` – Feb ``Y+1``;
* *parts* of a unit: ``early``/``start`` = the first stretch, ``mid`` = the middle,
  ``late``/``end`` = the last stretch —

  ========  ===============  ==============  =================  ==============
  unit      early            start           mid                late / end
  ========  ===============  ==============  =================  ==============
  month     days 1–10        days 1–10       days 11–20         days 21–last
  year      Jan–Apr          Jan–Mar         May–Aug            Sep–Dec / Oct–Dec
  decade    years 0–3        years 0–3       years 3–7          years 7–9
  century   years 0–32       years 0–32      years 33–66        years 67–99
  ========  ===============  ==============  =================  ==============

* the ``N``-th century covers the years ``(N-1)00``–``(N-1)99`` (popular usage);
* a *week* runs Monday–Sunday.
"""

from __future__ import annotations

import calendar as _calendar  # the standard library module
import datetime as dt

from ..records import PRECISIONS

__all__ = [
    "Interval",
    "add_days",
    "add_months",
    "add_years",
    "century_span",
    "coarser",
    "decade_span",
    "expand_to",
    "month_part_span",
    "month_span",
    "quarter_span",
    "season_span",
    "shift",
    "week_span",
    "weekend_span",
    "year_part_span",
    "year_span",
]

Interval = tuple[dt.date, dt.date]

#: Normalised names of the parts of a unit.
PARTS = ("early", "start", "mid", "late", "end")

_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_RANK = {p: i for i, p in enumerate(PRECISIONS)}


def coarser(a: str, b: str) -> str:
    """The coarser of two precisions (``"unknown"`` is the coarsest)."""
    return a if _RANK[a] >= _RANK[b] else b


def last_day(year: int, month: int) -> int:
    """The number of days in ``month`` of ``year``."""
    return _calendar.monthrange(year, month)[1]


def add_days(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


def add_months(day: dt.date, n: int) -> dt.date:
    """``day`` moved by ``n`` months, the day of month clamped to the target month."""
    index = day.year * 12 + (day.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, last_day(year, month)))


def add_years(day: dt.date, n: int) -> dt.date:
    """``day`` moved by ``n`` years (29 February becomes 28 February when needed)."""
    return add_months(day, 12 * n)


def month_span(year: int, month: int) -> Interval:
    return dt.date(year, month, 1), dt.date(year, month, last_day(year, month))


def year_span(year: int) -> Interval:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def week_span(day: dt.date) -> Interval:
    """The Monday–Sunday week containing ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def weekend_span(day: dt.date) -> Interval:
    """The Saturday–Sunday weekend of the week containing ``day``."""
    sunday = week_span(day)[1]
    return sunday - dt.timedelta(days=1), sunday


def season_span(season: str, year: int) -> Interval:
    """The months of ``season`` (see the module doc; winter straddles the new year)."""
    first = _SEASON_MONTHS[season]
    start = dt.date(year, first, 1)
    return start, add_days(add_months(start, 3), -1)


def quarter_span(quarter: int, year: int) -> Interval:
    first = 3 * (quarter - 1) + 1
    return dt.date(year, first, 1), month_span(year, first + 2)[1]


def month_part_span(year: int, month: int, part: str) -> Interval:
    if part in ("early", "start"):
        days = (1, 10)
    elif part == "mid":
        days = (11, 20)
    else:
        days = (21, last_day(year, month))
    return dt.date(year, month, days[0]), dt.date(year, month, days[1])


def year_part_span(year: int, part: str) -> Interval:
    months = {"early": (1, 4), "start": (1, 3), "mid": (5, 8), "late": (9, 12), "end": (10, 12)}
    first, last = months[part]
    return dt.date(year, first, 1), month_span(year, last)[1]


def decade_span(first_year: int, part: str | None = None) -> Interval:
    """The decade starting at ``first_year`` (e.g. 1990), or a part of it."""
    offsets = {None: (0, 9), "early": (0, 3), "start": (0, 3), "mid": (3, 7), "late": (7, 9),
               "end": (7, 9)}
    lo, hi = offsets[part]
    return dt.date(first_year + lo, 1, 1), dt.date(first_year + hi, 12, 31)


def century_span(first_year: int, part: str | None = None) -> Interval:
    """The century starting at ``first_year`` (e.g. 1900 for the 20th), or a part of it."""
    offsets = {None: (0, 99), "early": (0, 32), "start": (0, 32), "mid": (33, 66),
               "late": (67, 99), "end": (67, 99)}
    lo, hi = offsets[part]
    return dt.date(first_year + lo, 1, 1), dt.date(first_year + hi, 12, 31)


def shift(day: dt.date, n: int, unit: str) -> dt.date:
    """``day`` moved by ``n`` ``unit``s (day, week, month, year, decade, century)."""
    if unit == "day":
        return add_days(day, n)
    if unit == "week":
        return add_days(day, 7 * n)
    if unit == "month":
        return add_months(day, n)
    if unit == "year":
        return add_years(day, n)
    if unit == "decade":
        return add_years(day, 10 * n)
    if unit == "century":
        return add_years(day, 100 * n)
    raise ValueError(f"unknown unit {unit!r}")


def expand_to(day: dt.date, unit: str) -> Interval:
    """The calendar ``unit`` (day, week, month, year) containing ``day``."""
    if unit == "day":
        return day, day
    if unit == "week":
        return week_span(day)
    if unit == "month":
        return month_span(day.year, day.month)
    if unit == "year":
        return year_span(day.year)
    raise ValueError(f"cannot expand to {unit!r}")
