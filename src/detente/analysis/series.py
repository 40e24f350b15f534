"""A dyad's relationship per period: event counts by quad, Goldstein, and the state track."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ._frames import (
    as_timestamps,
    check_direction,
    check_freq,
    column,
    dyad_mask,
    midpoints,
    modality_mask,
    state_mask,
    to_timestamp,
)
from .states import resolve_reversals

__all__ = ["SERIES_COLUMNS", "dyad_series"]

#: The columns of :func:`dyad_series`, in order.
SERIES_COLUMNS = [
    "period", "start", "end", "n_events", "n_reports", "q1", "q2", "q3", "q4",
    "plover_q1", "plover_q2", "plover_q3", "plover_q4", "goldstein_sum", "goldstein_mean",
    "coop_share", "n_states", "state_mean",
]  # fmt: skip


def dyad_series(
    events: pd.DataFrame,
    states: pd.DataFrame | None,
    a: str,
    b: str,
    freq: str = "year",
    direction: str = "both",
    *,
    modality: str | None = "asserted",
    since: int | str | dt.date | None = None,
    until: int | str | dt.date | None = None,
    resolve: bool = True,
) -> pd.DataFrame:
    """The relationship between ``a`` and ``b`` period by period.

    One row per period from the first to the last period that has an event or a state
    (every period in between included, empty ones with zero counts and NaN means):

    - ``n_events``: events (rows of ``events``; pass :func:`dedup_events` output to count
      real events rather than reports), ``n_reports``: the reports behind them (the sum of
      ``mentions`` when the frame has it, else ``n_events``);
    - ``q1``..``q4``: counts by GDELT quad class (roots 01–05, 06–09, 10–14, 15–20) and
      ``plover_q1``..``plover_q4`` by PLOVER's own grouping (``plover_quad``);
    - ``goldstein_sum``, ``goldstein_mean``; ``coop_share``: share of quads 1–2;
    - ``n_states``, ``state_mean``: the relation states covering the period and the mean of
      polarity × strength (a state over 1960–1969 counts in each year it covers).

    Events are placed in the period of their interval's midpoint. Predecessor states count
    for their successor (SUN events count for RUS). Only ``modality`` events and states are
    used (``None``: all). ``direction`` is ``"both"``, ``"a->b"`` or ``"b->a"`` (symmetric
    events count either way). ``resolve`` moves narrative reversals after the period they
    inherited (see :func:`detente.analysis.states.resolve_reversals`).

    ``frame.attrs`` records ``a``, ``b``, ``freq``, ``direction``, ``modality`` and the
    dyad's ``undated_events`` and ``undated_states`` (left out: they have no period).
    """
    alias = check_freq(freq)
    check_direction(direction)
    lo, hi = to_timestamp(since, start=True), to_timestamp(until, start=False)

    ev = events[dyad_mask(events, a, b, direction) & modality_mask(events, modality)]
    mid = midpoints(ev)
    undated_events = int(mid.isna().sum())
    ev = ev.assign(_mid=mid)[mid.notna()]
    if lo is not None:
        ev = ev[ev["_mid"] >= lo]
    if hi is not None:
        ev = ev[ev["_mid"] < hi + pd.Timedelta(days=1)]  # the last day is in, to its end
    ev = ev.assign(_period=ev["_mid"].dt.to_period(alias))

    st = states if states is not None else pd.DataFrame(columns=["a", "b"])
    st = st[state_mask(st, a, b) & modality_mask(st, modality)]
    if resolve:
        st = resolve_reversals(st)
    s_start = as_timestamps(column(st, "when_start"))
    s_end = as_timestamps(column(st, "when_end")).fillna(s_start)
    undated_states = int(s_start.isna().sum())
    state_rows = []  # (period, value)
    for start, end, pol, strength in zip(
        s_start, s_end, column(st, "polarity"), column(st, "strength")
    ):
        if pd.isna(start):
            continue
        if lo is not None:
            start = max(start, lo)
        if hi is not None:
            end = min(end, hi)
        if end < start:
            continue
        value = float(pol) * float(strength)
        for p in pd.period_range(start.to_period(alias), end.to_period(alias), freq=alias):
            state_rows.append((p, value))

    periods = list(ev["_period"]) + [p for p, _ in state_rows]
    attrs = {
        "a": a, "b": b, "freq": freq, "direction": direction, "modality": modality,
        "undated_events": undated_events, "undated_states": undated_states,
    }  # fmt: skip
    if not periods:
        out = pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in SERIES_COLUMNS})
        out.attrs.update(attrs)
        return out
    index = pd.period_range(min(periods), max(periods), freq=alias)
    out = pd.DataFrame(index=index)
    g = ev.groupby("_period")
    out["n_events"] = g.size()
    mentions = column(ev, "mentions", 1).fillna(1).astype(int)
    out["n_reports"] = mentions.groupby(ev["_period"]).sum() if len(ev) else 0
    quad = column(ev, "quad")
    pquad = column(ev, "plover_quad")
    for q in (1, 2, 3, 4):
        out[f"q{q}"] = (quad == q).groupby(ev["_period"]).sum() if len(ev) else 0
    for q in (1, 2, 3, 4):
        out[f"plover_q{q}"] = (pquad == q).groupby(ev["_period"]).sum() if len(ev) else 0
    gold = column(ev, "goldstein").astype(float)
    out["goldstein_sum"] = gold.groupby(ev["_period"]).sum() if len(ev) else 0.0
    out["goldstein_mean"] = gold.groupby(ev["_period"]).mean() if len(ev) else np.nan
    counts = ["n_events", "n_reports", *[f"q{q}" for q in (1, 2, 3, 4)],
              *[f"plover_q{q}" for q in (1, 2, 3, 4)]]  # fmt: skip
    out[counts] = out[counts].fillna(0).astype(int)
    out["goldstein_sum"] = out["goldstein_sum"].fillna(0.0).astype(float)
    out["goldstein_mean"] = out["goldstein_mean"].astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["coop_share"] = ((out["q1"] + out["q2"]) / out["n_events"]).where(out["n_events"] > 0)
    sframe = pd.DataFrame(state_rows, columns=["_period", "value"])
    out["n_states"] = sframe.groupby("_period").size().reindex(index).fillna(0).astype(int)
    out["state_mean"] = sframe.groupby("_period")["value"].mean().reindex(index).astype(float)
    out = out.reset_index(names="_p")
    out["period"] = out["_p"].astype(str)
    out["start"] = out["_p"].dt.start_time.dt.date
    out["end"] = out["_p"].dt.end_time.dt.date
    out = out[SERIES_COLUMNS]
    out.attrs.update(attrs)
    return out


def _dtype(col: str) -> str:
    if col in ("period", "start", "end"):
        return "object"
    if col in ("goldstein_sum", "goldstein_mean", "coop_share", "state_mean"):
        return "float64"
    return "int64"
