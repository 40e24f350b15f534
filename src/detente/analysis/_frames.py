"""Helpers shared by the analysis functions: dyad masks, dates, periods, predecessors.

The analysis functions take DataFrames shaped like ``Store.events()`` / ``Store.states()``.
They only need the columns they use, so tests can build small frames by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import pandas as pd

#: ``freq`` names → pandas period aliases.
FREQS = {"year": "Y", "quarter": "Q", "month": "M"}
DIRECTIONS = ("both", "a->b", "b->a")


def check_freq(freq: str) -> str:
    try:
        return FREQS[freq]
    except KeyError:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}") from None


def check_direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    return direction


@functools.lru_cache(maxsize=256)
def members(code: str) -> frozenset[str]:
    """``code`` and the former states it succeeds: ``members("RUS") == {"RUS", "SUN"}``."""
    from ..actors.gazetteer import gazetteer

    code = code.strip().upper()
    return frozenset([code, *gazetteer().predecessors(code)])


@functools.lru_cache(maxsize=1024)
def canonical(code: str) -> str:
    """The state a (possibly former) country code stands for today: SUN → RUS."""
    from ..actors.gazetteer import gazetteer

    gaz = gazetteer()
    seen = {code}
    cur = gaz.successor(code)
    while cur and cur not in seen:
        code = cur
        seen.add(cur)
        cur = gaz.successor(cur)
    return code


def column(frame: pd.DataFrame, name: str, default: object = None) -> pd.Series:
    """``frame[name]``, or a column of ``default`` when the frame does not have it."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([default] * len(frame), index=frame.index, dtype=object)


def as_timestamps(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce")


def midpoints(frame: pd.DataFrame) -> pd.Series:
    """The middle of each row's ``when_start``..``when_end`` interval (NaT when undated)."""
    start = as_timestamps(column(frame, "when_start"))
    end = as_timestamps(column(frame, "when_end")).fillna(start)
    end = end.where(end >= start, start)
    return start + (end - start) / 2


def to_timestamp(value: int | str | dt.date | None, *, start: bool) -> pd.Timestamp | None:
    """A bound as :func:`detente.bounds.parse_bound` reads it (a year, a month or a day; an
    upper bound is the last day of its year or month), as a Timestamp."""
    from ..bounds import parse_bound

    day = parse_bound(value, start=start)
    return None if day is None else pd.Timestamp(day)


def dyad_mask(frame: pd.DataFrame, a: str, b: str, direction: str = "both") -> pd.Series:
    """Rows whose source/target countries (predecessors included) form the dyad ``a``–``b``.

    ``direction="a->b"`` keeps events from A to B, and symmetric events either way round.
    """
    check_direction(direction)
    ma, mb = members(a), members(b)
    src = column(frame, "source_country").astype(object)
    tgt = column(frame, "target_country").astype(object)
    sym = column(frame, "symmetric", False).fillna(False).astype(bool)
    ab = src.isin(ma) & tgt.isin(mb)
    ba = src.isin(mb) & tgt.isin(ma)
    if direction == "both":
        return ab | ba
    if direction == "a->b":
        return ab | (ba & sym)
    return ba | (ab & sym)


def state_mask(frame: pd.DataFrame, a: str, b: str) -> pd.Series:
    ma, mb = members(a), members(b)
    sa = column(frame, "a").astype(object)
    sb = column(frame, "b").astype(object)
    return (sa.isin(ma) & sb.isin(mb)) | (sa.isin(mb) & sb.isin(ma))


def modality_mask(frame: pd.DataFrame, modality: str | None) -> pd.Series:
    if modality is None or "modality" not in frame.columns:
        return pd.Series(True, index=frame.index)
    return frame["modality"].fillna("asserted") == modality


def period_labels(periods: Iterable[pd.Period]) -> list[str]:
    return [str(p) for p in periods]


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def date_label(start: object, end: object, precision: object = None) -> str:
    """A short human label for an interval: 2018-01-20, 2018, 2018-01-14..2018-01-21."""
    if is_missing(start):
        return "undated"
    s = pd.Timestamp(start)
    e = s if is_missing(end) else pd.Timestamp(end)
    if precision in ("year", "decade", "century") and s.year != e.year:
        return f"{s.year}–{e.year}"
    if precision == "year" or (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
        return str(s.year) if s.year == e.year else f"{s.year}–{e.year}"
    if precision == "month" and (s.year, s.month) == (e.year, e.month):
        return s.strftime("%Y-%m")
    if s == e:
        return s.strftime("%Y-%m-%d")
    return f"{s:%Y-%m-%d}..{e:%Y-%m-%d}"
