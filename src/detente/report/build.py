"""Assemble the relationship picture of one dyad from a store: the :class:`Report`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from ..analysis import dedup_events, dyad_series
from ..analysis._frames import check_freq
from ..analysis.picture import MIN_TEMPERATURE_POINTS, DyadPicture, dyad_picture
from ..bounds import parse_bound

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["MIN_TEMPERATURE_POINTS", "Report", "build_report", "series_from_store"]

#: The report is the picture of the dyad (:mod:`detente.analysis.picture`), rendered.
Report = DyadPicture


def series_from_store(
    store: Store,
    a: str,
    b: str,
    *,
    freq: str = "year",
    direction: str = "both",
    since: int | str | dt.date | None = None,
    until: int | str | dt.date | None = None,
    dedup: bool = True,
    window_days: int = 3,
) -> pd.DataFrame:
    """:func:`~detente.analysis.dyad_series` of the stored events and states of ``a``–``b``;
    ``dedup`` counts events (clusters of reports, see ``dedup_events``), not reports.
    Raises :class:`~detente.store.UnknownCountryError` for an unknown code."""
    check_freq(freq)
    events = store.events((a, b), since=parse_bound(since, start=True), until=parse_bound(until, start=False))
    if dedup:
        events = dedup_events(events, window_days)
    return dyad_series(events, store.states(a, b), a, b, freq, direction, since=since, until=until)


#: The report of a dyad is its picture: ``build_report(store, a, b, since, until, freq)``.
build_report = dyad_picture
