"""Assemble the relationship picture of one dyad from a store: the :class:`Report`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from .. import __version__
from ..analysis import (
    TurningPoint,
    convergence,
    dedup_events,
    dyad_issues,
    dyad_series,
    resolve_reversals,
    third_parties,
    turning_points,
)
from ..analysis._frames import (
    as_timestamps,
    check_freq,
    date_label,
    is_missing,
    midpoints,
)

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Report", "build_report", "series_from_store"]

#: A temperature series needs this many periods with a value before turning points on it
#: mean anything; below it the report segments the state track instead (when that has more).
MIN_TEMPERATURE_POINTS = 6


@dataclass
class Report:
    """Everything the report shows about ``a``–``b``; render it with ``render_html`` or
    ``render_markdown``, draw it with ``save_charts``."""

    a: str
    b: str
    a_name: str
    b_name: str
    freq: str
    since: str | None
    until: str | None
    #: :func:`detente.analysis.dyad_series` over deduplicated events
    series: pd.DataFrame
    #: level changes of ``turning_column`` (the temperature, or the state track when events
    #: are too few)
    turning_points: list[TurningPoint]
    turning_column: str
    #: level changes of the number of events per period (attention, not temperature)
    attention_points: list[TurningPoint]
    #: dated events oldest first, then undated ones; one row per event (after dedup)
    timeline: pd.DataFrame
    #: relation states, with ``read_as`` where a narrative reversal was moved
    states: pd.DataFrame
    issues: pd.DataFrame
    third_parties: pd.DataFrame
    n_reports: int
    n_events: int
    n_undated: int
    n_documents: int
    dedup: bool = True
    #: :func:`detente.analysis.convergence`: issues where both sides state interests
    convergence: pd.DataFrame = field(default_factory=pd.DataFrame)
    generated: str = field(default_factory=lambda: dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
    version: str = __version__

    @property
    def title(self) -> str:
        return f"{self.a_name} – {self.b_name}"

    @property
    def slug(self) -> str:
        return f"{self.a}-{self.b}".lower()


def _bound(value: int | str | dt.date | None, *, start: bool) -> dt.date | None:
    from ..bounds import parse_bound

    return parse_bound(value, start=start)


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
    events = store.events((a, b), since=_bound(since, start=True), until=_bound(until, start=False))
    if dedup:
        events = dedup_events(events, window_days)
    return dyad_series(events, store.states(a, b), a, b, freq, direction, since=since, until=until)


def build_report(
    store: Store,
    a: str,
    b: str,
    since: int | str | dt.date | None = None,
    until: int | str | dt.date | None = None,
    freq: str = "year",
    *,
    dedup: bool = True,
    window_days: int = 3,
) -> Report:
    """The relationship between ``a`` and ``b`` as stored: temperature series, turning points
    (explained), timeline, relation states, issues and third parties.

    ``since``/``until`` are years, ISO dates ("2017-08" or "2017-08-01") or dates.
    Raises :class:`~detente.store.UnknownCountryError` for an unknown country code and
    ``ValueError`` for a bad ``freq``.
    """
    from ..actors.gazetteer import gazetteer

    check_freq(freq)
    a, b = a.strip().upper(), b.strip().upper()
    lo, hi = _bound(since, start=True), _bound(until, start=False)
    every = store.events((a, b), since=lo, until=hi, modality=None)
    reports = every[every["modality"] == "asserted"]
    events = dedup_events(reports, window_days) if dedup else reports.assign(mentions=1)
    states = store.states(a, b)
    if lo is not None or hi is not None:
        s0 = as_timestamps(states["when_start"])
        s1 = as_timestamps(states["when_end"]).fillna(s0)
        keep = s0.notna()
        if lo is not None:
            keep &= s1 >= pd.Timestamp(lo)
        if hi is not None:
            keep &= s0 <= pd.Timestamp(hi)
        states = states[keep]
    series = dyad_series(events, states, a, b, freq, since=since, until=until)
    column = "goldstein_mean"
    n_temp = int(series["goldstein_mean"].notna().sum()) if len(series) else 0
    n_state = int(series["state_mean"].notna().sum()) if len(series) else 0
    if n_temp < MIN_TEMPERATURE_POINTS and n_state > n_temp:
        column = "state_mean"
    # explanations show the states as the series reads them (narrative reversals moved)
    read = resolve_reversals(states)
    turns = turning_points(series, column, events=events, states=read) if len(series) else []
    attention = (
        turning_points(series, "n_events", events=events, states=read, min_size=1)
        if len(series)
        else []
    )

    interests = store.sql("SELECT * FROM interests")
    gaz = gazetteer()
    doc_ids = set(every["doc_id"]) | set(states["doc_id"])
    return Report(
        a=a,
        b=b,
        a_name=_name(gaz, a),
        b_name=_name(gaz, b),
        freq=freq,
        since=None if lo is None else lo.isoformat(),
        until=None if hi is None else hi.isoformat(),
        series=series,
        turning_points=turns,
        turning_column=column,
        attention_points=attention,
        timeline=_timeline(events),
        states=_states_table(states),
        issues=dyad_issues(every, states, interests, a, b),
        third_parties=third_parties(store, a, b, since=since, until=until),
        n_reports=len(reports),
        n_events=len(events),
        n_undated=int(series.attrs.get("undated_events", 0)),
        n_documents=len(doc_ids),
        dedup=dedup,
        convergence=convergence(interests, a, b),
    )


def _name(gaz, code: str) -> str:
    c = gaz.country(code)
    if c is not None:
        return c.name
    for entries in gaz.names.values():
        for e in entries:
            if e.code == code and e.kind in ("igo", "group"):
                return e.name
    return code


def _timeline(events: pd.DataFrame) -> pd.DataFrame:
    from ..cameo import lookup

    def name(code: object) -> str:
        try:
            return lookup(str(code)).name
        except KeyError:
            return ""

    def val(v: object) -> object:
        return None if is_missing(v) else v

    ev = events.assign(_mid=midpoints(events))
    ev = ev.sort_values("_mid", na_position="last", kind="stable")
    rows = []
    for r in ev.to_dict(orient="records"):
        rows.append(
            {
                "when": date_label(r.get("when_start"), r.get("when_end"), r.get("when_precision")),
                "source": val(r.get("source_code")) or val(r.get("source_country")) or "",
                "target": val(r.get("target_code")) or val(r.get("target_country")) or "",
                "cameo": r.get("cameo"),
                "name": name(r.get("cameo")),
                "goldstein": float(r.get("goldstein")),
                "trigger": val(r.get("trigger")) or "",
                "sentence": val(r.get("sentence")) or "",
                "mentions": int(val(r.get("mentions")) or 1),
                "id": r.get("id"),
                "doc_id": r.get("doc_id"),
            }
        )
    cols = ["when", "source", "target", "cameo", "name", "goldstein", "trigger", "sentence",
            "mentions", "id", "doc_id"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def _states_table(states: pd.DataFrame) -> pd.DataFrame:
    resolved = resolve_reversals(states)
    rows = []
    for (_, r), (_, m) in zip(states.iterrows(), resolved.iterrows()):
        rows.append(
            {
                "when": date_label(r.get("when_start"), r.get("when_end"), r.get("when_precision")),
                "read_as": (
                    date_label(m["when_start"], m["when_end"]) if bool(m.get("resolved")) else ""
                ),
                "a": r["a"],
                "b": r["b"],
                "polarity": int(r["polarity"]),
                "strength": float(r["strength"]),
                "modality": r.get("modality") or "asserted",
                "trigger": r.get("trigger") or "",
                "sentence": r.get("sentence") or "",
            }
        )
    cols = ["when", "read_as", "a", "b", "polarity", "strength", "modality", "trigger", "sentence"]
    return pd.DataFrame(rows, columns=cols)
