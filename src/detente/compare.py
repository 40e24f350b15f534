"""Two event sources, one dyad: detente's own coding next to GDELT's.

A store can hold events that detente coded from text and events imported from GDELT
(``rule = "gdelt"``, see :mod:`detente.formats.gdelt`). :func:`compare_sources` builds the
dyad series of each source (:func:`detente.analysis.dyad_series`) on one period grid and
measures how far they agree: Pearson's r of the Goldstein mean per period (over periods
where both sources have events) and of the event counts (over every period of the grid).
:func:`detente.report.comparison_figure` draws both series on one chart.

>>> from detente import Store
>>> from detente.compare import compare_sources
>>> with Store("detente.duckdb", read_only=True) as store:  # doctest: +SKIP
...     c = compare_sources(store, "USA", "RUS", freq="month")
...     c.r_goldstein, c.r_counts
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .analysis import dedup_events, dyad_series
from .analysis._frames import check_freq

__all__ = [
    "SOURCES",
    "Comparison",
    "compare_series",
    "compare_sources",
    "pearson",
    "source_mask",
]

#: The sources a store can be split into, by the events' ``rule``.
SOURCES = ("detente", "gdelt")
#: Fewer paired periods than this give no correlation (NaN).
MIN_PERIODS = 3


@dataclass(frozen=True)
class Comparison:
    """Two sources' series of one dyad on one period grid, and how well they agree."""

    a: str
    b: str
    freq: str
    sources: tuple[str, str]
    #: one row per period: ``period``, ``start`` and, for each source S, ``n_events_S``,
    #: ``goldstein_mean_S``, ``goldstein_sum_S``
    table: pd.DataFrame
    #: Pearson's r of the Goldstein means (NaN when undefined) and the periods it used
    r_goldstein: float
    n_goldstein: int
    #: Pearson's r of the event counts over every period of the grid
    r_counts: float
    n_counts: int

    def totals(self) -> dict[str, int]:
        return {s: int(self.table[f"n_events_{s}"].sum()) for s in self.sources}

    def to_dict(self) -> dict[str, Any]:
        def num(x: float) -> float | None:
            return None if math.isnan(x) else round(float(x), 4)

        return {
            "a": self.a, "b": self.b, "freq": self.freq, "sources": list(self.sources),
            "events": self.totals(), "periods": len(self.table),
            "r_goldstein": num(self.r_goldstein), "n_goldstein": self.n_goldstein,
            "r_counts": num(self.r_counts), "n_counts": self.n_counts,
        }  # fmt: skip


def source_mask(events: pd.DataFrame, source: str) -> pd.Series:
    """Rows of ``events`` that belong to ``source``: ``"gdelt"`` (imported GDELT rows) or
    ``"detente"`` (everything detente coded itself)."""
    rule = events["rule"].astype(object).fillna("") if "rule" in events else pd.Series("", index=events.index)
    if source == "gdelt":
        return rule == "gdelt"
    if source == "detente":
        return rule != "gdelt"
    raise ValueError(f"unknown source {source!r}; choose from {', '.join(SOURCES)}")


def pearson(x: pd.Series | np.ndarray, y: pd.Series | np.ndarray) -> tuple[float, int]:
    """Pearson's r over the pairs where both values are present, and how many pairs; NaN
    when there are fewer than :data:`MIN_PERIODS` or either side does not vary."""
    fx, fy = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = ~(np.isnan(fx) | np.isnan(fy))
    fx, fy = fx[ok], fy[ok]
    n = int(ok.sum())
    if n < MIN_PERIODS or np.std(fx) == 0 or np.std(fy) == 0:
        return float("nan"), n
    return float(np.corrcoef(fx, fy)[0, 1]), n


def compare_series(series: dict[str, pd.DataFrame], a: str, b: str, freq: str) -> Comparison:
    """Align two :func:`~detente.analysis.dyad_series` frames (keyed by source name) on one
    period grid and correlate them."""
    alias = check_freq(freq)
    if len(series) != 2:
        raise ValueError(f"compare two sources, not {len(series)}")
    names = tuple(series)
    periods = [pd.Period(p, freq=alias) for s in series.values() for p in s["period"]]
    cols = ["period", "start"] + [f"{m}_{s}" for s in names for m in ("n_events", "goldstein_mean", "goldstein_sum")]
    if not periods:
        table = pd.DataFrame({c: pd.Series(dtype=object if c in ("period", "start") else float) for c in cols})
        return Comparison(a, b, freq, names, table, float("nan"), 0, float("nan"), 0)  # type: ignore[arg-type]
    grid = pd.period_range(min(periods), max(periods), freq=alias)
    table = pd.DataFrame({"period": [str(p) for p in grid], "start": [p.start_time.date() for p in grid]})
    for name, s in series.items():
        s = s.set_index("period")
        table[f"n_events_{name}"] = s["n_events"].reindex(table["period"]).fillna(0).astype(int).to_numpy()
        table[f"goldstein_mean_{name}"] = s["goldstein_mean"].reindex(table["period"]).astype(float).to_numpy()
        table[f"goldstein_sum_{name}"] = s["goldstein_sum"].reindex(table["period"]).fillna(0.0).astype(float).to_numpy()
    x, y = names
    r_g, n_g = pearson(table[f"goldstein_mean_{x}"], table[f"goldstein_mean_{y}"])
    r_c, n_c = pearson(table[f"n_events_{x}"], table[f"n_events_{y}"])
    return Comparison(a, b, freq, names, table[cols], r_g, n_g, r_c, n_c)  # type: ignore[arg-type]


def compare_sources(
    store: Any,
    a: str,
    b: str,
    sources: tuple[str, str] | list[str] = SOURCES,
    *,
    freq: str = "month",
    since: int | str | dt.date | None = None,
    until: int | str | dt.date | None = None,
    dedup: bool = False,
) -> Comparison:
    """Compare the ``a``–``b`` series of two sources held in one store (asserted events;
    ``dedup`` merges repeated reports within each source first). Raises
    :class:`~detente.store.UnknownCountryError` for an unknown code, ValueError for an
    unknown source or frequency."""
    from .formats.tables import parse_bound

    check_freq(freq)
    sources = tuple(sources)
    if len(sources) != 2:
        raise ValueError(f"compare two sources, not {len(sources)}: {', '.join(sources)}")
    lo, hi = parse_bound(since, start=True), parse_bound(until, start=False)
    events = store.events((a, b), since=lo, until=hi)
    series = {}
    for src in sources:
        ev = events[source_mask(events, src)]
        if dedup:
            ev = dedup_events(ev)
        series[src] = dyad_series(ev, None, a, b, freq, since=lo, until=hi)
    return compare_series(series, a.upper(), b.upper(), freq)
