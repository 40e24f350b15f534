"""Turning points: the periods where a relationship changes level, and why.

Method. The periods that have a value (empty periods are skipped, not read as zero) form a
short, noisy, piecewise-constant signal. We fit it with PELT (``ruptures.Pelt``) and a
weighted least-squares cost: PELT finds the *exact* optimum of "sum of weighted squared
deviations from each segment's mean + penalty × number of changes", where binary
segmentation would only approximate it; on tens to a few hundred periods it is instant.

Weights. A period's Goldstein mean over 15 events is worth more than one over a single event:
for means over events (``goldstein_mean``, ``coop_share``) each period weighs its number of
events, which makes the cost that of the individual events with changes allowed only at
period boundaries. Other columns (the state track, counts) weigh 1 per period.

Penalty. BIC-like, ``pen = 2 · σ² · ln(n)`` for ``n`` periods, with σ the per-weight noise
estimated robustly from consecutive differences, ``(y_i − y_{i−1}) / √(1/w_i + 1/w_{i−1})``
(MAD / 0.6745), floored at ``noise_floor`` × the weighted standard deviation of the values —
so that a flat signal with a few clean steps (a state track) still gets a positive penalty —
and, for counts, at the Poisson variance (the mean count, and at least 1). Segments are at least
``min_size`` periods long, so one odd period is not a new level.

Fallback. With fewer than ``2 · min_size + 2`` values PELT has little to choose from; we
then test the single best split by exhaustive search with the same cost and penalty (and
report none below 3 values). The method used is recorded on each :class:`TurningPoint`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._frames import (
    as_timestamps,
    date_label,
    dyad_mask,
    is_missing,
    midpoints,
    modality_mask,
    state_mask,
)
from ._frames import (
    column as _col,
)

__all__ = ["TurningPoint", "event_summary", "turning_points"]

#: Columns that are means over a period's events: weighted by ``n_events``.
MEAN_COLUMNS = frozenset({"goldstein_mean", "coop_share"})
#: Columns that are counts: their noise is at least Poisson.
COUNT_COLUMNS = frozenset(
    {
        "n_events",
        "n_reports",
        *(f"q{q}" for q in range(1, 5)),
        *(f"plover_q{q}" for q in range(1, 5)),
    }
)


@dataclass(frozen=True)
class TurningPoint:
    """A change of level at ``period`` (the first period of the new level)."""

    period: str
    start: str  # ISO date of the period's start
    column: str
    before: float  # mean of ``column`` over the previous segment
    after: float  # … and over the segment that starts here
    previous_period: str | None  # the last period with a value before this one
    method: str  # "pelt" or "single-split"
    #: the events around the change (previous and this period), strongest |goldstein| first
    events: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    #: relation states that cover those periods
    states: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def direction(self) -> str:
        return "warmer" if self.change > 0 else "colder"

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["events"] = list(self.events)
        out["states"] = list(self.states)
        out["change"] = self.change
        out["direction"] = self.direction
        return out


def turning_points(
    series: pd.DataFrame,
    column: str = "goldstein_mean",
    *,
    events: pd.DataFrame | None = None,
    states: pd.DataFrame | None = None,
    penalty: float | None = None,
    min_size: int = 2,
    min_events: int = 1,
    noise_floor: float = 0.25,
    weighted: bool | None = None,
    top: int = 3,
) -> list[TurningPoint]:
    """The periods of ``series`` (a :func:`dyad_series` frame) where ``column`` changes level.

    ``column`` is the value to segment: periods where it is
    NaN, or that have fewer than ``min_events`` events when the value is event-based, are
    skipped. ``penalty`` overrides the BIC-like default (see the module doc); ``weighted``
    (default: for means over events) weighs each period by its ``n_events``. When ``events``
    and ``states`` are given (the frames the series was built from), each turning point is
    explained by the ``top`` events with the largest |Goldstein| in its previous and own period
    and by the states covering them; the dyad and direction are read from ``series.attrs``.
    """
    col = column
    if col not in series.columns:
        raise KeyError(f"series has no column {col!r}")
    frame = series
    if min_events > 1 and "n_events" in frame.columns and col not in ("state_mean", "n_states"):
        frame = frame[frame["n_events"] >= min_events]
    frame = frame[frame[col].notna()].reset_index(drop=True)
    values = frame[col].to_numpy(dtype=float)
    n = len(values)
    if n < 3:
        return []
    if weighted is None:
        weighted = col in MEAN_COLUMNS and "n_events" in frame.columns
    weights = np.maximum(frame["n_events"].to_numpy(dtype=float), 1.0) if weighted else np.ones(n)
    if penalty is None:
        pen = _penalty(values, weights, noise_floor, poisson=col in COUNT_COLUMNS)
    else:
        pen = float(penalty)
    signal = np.column_stack([values, weights])
    if n >= 2 * min_size + 2:
        import ruptures

        cost = _ruptures_cost()(min_size)
        algo = ruptures.Pelt(custom_cost=cost, min_size=min_size, jump=1).fit(signal)
        bkps = [b for b in algo.predict(pen=pen) if b < n]
        method = "pelt"
    else:
        cost = _WeightedL2(min_size)
        bkps = _single_split(cost.fit(signal), n, pen, max(1, min(min_size, n // 2)))
        method = "single-split"
    edges = [0, *bkps, n]
    out = []
    for i, k in enumerate(bkps):
        before = cost.mean(edges[i], k)
        after = cost.mean(k, edges[i + 2])
        row, prev = frame.iloc[k], frame.iloc[k - 1]
        ev_rows, st_rows = _explain(series, prev, row, events, states, top)
        out.append(
            TurningPoint(
                period=str(row["period"]),
                start=str(row["start"]),
                column=col,
                before=round(before, 6),
                after=round(after, 6),
                previous_period=str(prev["period"]),
                method=method,
                events=tuple(ev_rows),
                states=tuple(st_rows),
            )
        )
    return out


def _weighted_std(values: np.ndarray, weights: np.ndarray) -> float:
    mean = float(np.average(values, weights=weights))
    return math.sqrt(float((weights * (values - mean) ** 2).sum()) / max(1, len(values) - 1))


def _penalty(
    values: np.ndarray, weights: np.ndarray, noise_floor: float, *, poisson: bool
) -> float:
    d = np.diff(values) / np.sqrt(1 / weights[1:] + 1 / weights[:-1])
    mad = float(np.median(np.abs(d - np.median(d)))) if len(d) else 0.0
    var = max((mad / 0.6745) ** 2, (noise_floor * _weighted_std(values, weights)) ** 2, 1e-12)
    if poisson:
        var = max(var, float(np.mean(values)), 1.0)
    return 2.0 * var * math.log(len(values))


class _WeightedL2:
    """Weighted least-squares segment cost, in the shape ``ruptures`` takes as ``custom_cost``
    (``fit(signal)`` then ``error(start, end)``); ``signal`` columns are value and weight."""

    model = "weighted_l2"

    def __init__(self, min_size: int = 2):
        self.min_size = min_size
        self.signal: np.ndarray | None = None

    def fit(self, signal: np.ndarray) -> _WeightedL2:
        self.signal = signal
        y, w = signal[:, 0], signal[:, 1]
        self._w = np.concatenate([[0.0], np.cumsum(w)])
        self._wy = np.concatenate([[0.0], np.cumsum(w * y)])
        self._wyy = np.concatenate([[0.0], np.cumsum(w * y * y)])
        return self

    def error(self, start: int, end: int) -> float:
        w = self._w[end] - self._w[start]
        if w <= 0:
            return 0.0
        wy = self._wy[end] - self._wy[start]
        return float(max(0.0, self._wyy[end] - self._wyy[start] - wy * wy / w))

    def mean(self, start: int, end: int) -> float:
        w = self._w[end] - self._w[start]
        return float((self._wy[end] - self._wy[start]) / w) if w > 0 else float("nan")


@functools.lru_cache(maxsize=1)
def _ruptures_cost() -> type:
    """:class:`_WeightedL2` as a ``ruptures`` cost (imported lazily: ruptures loads scipy)."""
    from ruptures.base import BaseCost

    class RupturesWeightedL2(_WeightedL2, BaseCost):
        pass

    return RupturesWeightedL2


def _single_split(cost: _WeightedL2, n: int, pen: float, min_size: int) -> list[int]:
    total = cost.error(0, n)
    best_k, best_cost = None, total
    for k in range(min_size, n - min_size + 1):
        c = cost.error(0, k) + cost.error(k, n)
        if c < best_cost - 1e-12:
            best_k, best_cost = k, c
    if best_k is None or total - best_cost <= pen:
        return []
    return [best_k]


def _explain(series, prev, row, events, states, top):
    a, b = series.attrs.get("a"), series.attrs.get("b")
    lo = pd.Timestamp(prev["start"])
    hi = pd.Timestamp(row["end"]) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    ev_rows: list[dict[str, Any]] = []
    if events is not None and not events.empty:
        ev = events
        if a and b:
            ev = ev[dyad_mask(ev, a, b, series.attrs.get("direction", "both"))]
        ev = ev[modality_mask(ev, series.attrs.get("modality", "asserted"))]
        mid = midpoints(ev)
        ev = ev[(mid >= lo) & (mid <= hi)]
        if not ev.empty:
            ev = ev.assign(_abs=_col(ev, "goldstein").astype(float).abs())
            ev = ev.sort_values("_abs", ascending=False, kind="stable").head(top)
            for r in ev.to_dict(orient="records"):
                ev_rows.append(event_summary(r))
    st_rows: list[dict[str, Any]] = []
    if states is not None and not states.empty:
        st = states
        if a and b:
            st = st[state_mask(st, a, b)]
        st = st[modality_mask(st, series.attrs.get("modality", "asserted"))]
        s0 = as_timestamps(_col(st, "when_start"))
        s1 = as_timestamps(_col(st, "when_end")).fillna(s0)
        st = st[(s0 <= hi) & (s1 >= lo)]
        for r in st.to_dict(orient="records"):
            st_rows.append(
                {
                    "when": date_label(
                        r.get("when_start"), r.get("when_end"), r.get("when_precision")
                    ),
                    "polarity": int(r["polarity"]),
                    "strength": float(r["strength"]),
                    "trigger": r.get("trigger"),
                    "sentence": r.get("sentence"),
                }
            )
    return ev_rows, st_rows


def event_summary(r: dict[str, Any]) -> dict[str, Any]:
    def val(k):
        v = r.get(k)
        return None if is_missing(v) else v

    return {
        "id": val("id"),
        "when": date_label(r.get("when_start"), r.get("when_end"), r.get("when_precision")),
        "source": val("source_code") or val("source_country"),
        "target": val("target_code") or val("target_country"),
        "cameo": val("cameo"),
        "goldstein": float(r["goldstein"]),
        "trigger": val("trigger"),
        "sentence": val("sentence"),
        "mentions": int(val("mentions") or 1),
    }
