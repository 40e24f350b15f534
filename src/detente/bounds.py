"""Date bounds, as every ``--since``/``--until``, query parameter and API argument takes them:
a year (2016, "2016"), a month ("2016-09") or a day ("2016-09-14", or a ``datetime.date``).
A year or month read as a lower bound is its first day, as an upper bound its last."""

from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = ["parse_bound"]

_BOUND = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_bound(value: int | str | dt.date | None, *, start: bool) -> dt.date | None:
    """The day a bound stands for (None for None or an empty string); ``start=False`` reads a
    year or a month as its last day. ValueError, saying what is expected, for anything else."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    v = str(value).strip()
    if not v:
        return None
    m = _BOUND.fullmatch(v)
    try:
        if not m:
            raise ValueError
        year = int(m.group(1))
        if m.group(3):
            return dt.date(year, int(m.group(2)), int(m.group(3)))
        if m.group(2):
            month = int(m.group(2))
            return dt.date(year, month, 1 if start else calendar.monthrange(year, month)[1])
        return dt.date(year, 1, 1) if start else dt.date(year, 12, 31)
    except ValueError:
        raise ValueError(f"a date bound must be a year (2016), a month (2016-09) or a day (2016-09-14), "
                         f"not {value!r}") from None
