"""One picture of a relationship: everything detente shows about a dyad, computed in one place.

:func:`dyad_picture` reads a store and returns a :class:`DyadPicture`: the temperature series
and the state track per period, the turning points with the events and states that explain
them, the dated timeline, the relation states and how the series reads them, the issues, the
third parties, the interests and where they converge. The report (HTML and Markdown), the
dashboard's dyad page and its JSON twin, and the CLI render this record and compute nothing
of their own.

Size. A dyad with at most :data:`FULL_ANALYSIS_LIMIT` asserted events gets the full analysis
(repeated reports merged into events, turning points explained by those events). A larger
one is counted in the database (:meth:`~detente.store.Store.dyad_counts`: reports, not merged
events), its turning points are explained by the strongest events the database finds, its
issues are read from the :data:`ISSUE_SAMPLE` latest events, and its timeline holds those:
the picture of a dyad with millions of events takes no more memory than one with thousands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from .. import __version__
from ..bounds import parse_bound
from .dedup import dedup_events
from .interests import convergence
from .issues import dyad_issues
from .series import SERIES_COLUMNS, dyad_series
from .states import resolve_reversals
from .turning import TurningPoint, event_summary, turning_points
from ._frames import canonical, check_freq, date_label, is_missing, midpoints

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "FULL_ANALYSIS_LIMIT",
    "ISSUE_SAMPLE",
    "MAX_TURNING_PERIODS",
    "MIN_TEMPERATURE_POINTS",
    "DyadPicture",
    "dyad_picture",
]

#: Dyads with at most this many asserted events get the full analysis; larger ones are
#: counted in the database.
FULL_ANALYSIS_LIMIT = 2000
#: On larger dyads, issues and the timeline are read from this many latest events.
ISSUE_SAMPLE = 300
#: Series longer than this (months over decades) get their turning points from yearly values.
MAX_TURNING_PERIODS = 240
#: A temperature series needs this many periods with a value before turning points on it
#: mean anything; below it the turning points are found on the state track (when that has more).
MIN_TEMPERATURE_POINTS = 6

TIMELINE_COLUMNS = ["when", "source", "target", "cameo", "name", "goldstein", "trigger", "sentence",
                    "mentions", "id", "doc_id"]  # fmt: skip
STATE_COLUMNS = ["when", "read_as", "a", "b", "polarity", "strength", "modality", "trigger", "sentence", "doc_id"]


@dataclass
class DyadPicture:
    """Everything detente shows about ``a``–``b``."""

    a: str
    b: str
    a_name: str
    b_name: str
    freq: str
    #: the window, as ISO days (None: open)
    since: str | None
    until: str | None
    #: "full" (reports merged into events) or "aggregate" (reports counted in the database)
    analysis: str
    #: one row per period (:data:`~detente.analysis.SERIES_COLUMNS`)
    series: pd.DataFrame
    #: level changes of ``turning_column`` on the series of ``turning_freq``
    turning_points: list[TurningPoint]
    turning_column: str
    turning_freq: str
    #: level changes of the number of events per period (attention, not temperature), on the
    #: series of ``turning_freq`` too
    attention_points: list[TurningPoint]
    #: the events the timeline lists, as the store gives them (every asserted event, merged;
    #: on an aggregate picture the :data:`ISSUE_SAMPLE` latest)
    events: pd.DataFrame
    #: relation states as stored, with ``read_as`` where a narrative reversal was moved
    #: (:data:`STATE_COLUMNS`)
    states: pd.DataFrame
    issues: pd.DataFrame
    third_parties: pd.DataFrame
    #: interests held by either side or towards either side
    interests: pd.DataFrame
    #: :func:`detente.analysis.convergence`: issues where both sides state interests
    convergence: pd.DataFrame
    #: events of each modality in the window
    by_modality: dict[str, int]
    n_reports: int
    n_events: int
    n_undated: int
    n_documents: int
    dedup: bool = True
    generated: str = field(default_factory=lambda: dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
    version: str = __version__

    @functools.cached_property
    def timeline(self) -> pd.DataFrame:
        """The events dated oldest first, then undated ones (:data:`TIMELINE_COLUMNS`)."""
        return _timeline(self.events)

    @property
    def title(self) -> str:
        return f"{self.a_name} – {self.b_name}"

    @property
    def slug(self) -> str:
        return f"{self.a.lower()}-{self.b.lower()}"

    @property
    def note(self) -> str:
        """How the counts were made, in one or two sentences."""
        if self.analysis == "full":
            text = ("Counts are events: repeated reports of one event are merged." if self.dedup
                    else "Counts are reports: repeated reports of one event are not merged.")  # fmt: skip
        else:
            text = (f"A large dyad: counts are reports (not merged into events), computed in the "
                    f"database; issues are read from the {ISSUE_SAMPLE} most recent events.")  # fmt: skip
        if self.turning_freq != self.freq:
            text += f" Turning points are found on yearly values ({len(self.series)} periods are too many)."
        return text


def dyad_picture(
    store: Store,
    a: str,
    b: str,
    since: int | str | dt.date | None = None,
    until: int | str | dt.date | None = None,
    freq: str = "year",
    *,
    dedup: bool = True,
    window_days: int = 3,
    full_limit: int | None = None,
) -> DyadPicture:
    """The relationship between ``a`` and ``b`` as stored (codes or names; predecessors
    included), in the window ``since``..``until`` (a year, a month or a day each).

    ``dedup`` merges repeated reports of one event (:func:`dedup_events`, within
    ``window_days``); ``full_limit`` overrides :data:`FULL_ANALYSIS_LIMIT`. Raises
    :class:`~detente.errors.UnknownCode` for an unknown country and ``ValueError`` for a bad
    ``freq``, bound, or two names of one country.
    """
    from ..actors.lookup import country_code, display_name

    check_freq(freq)
    a, b = country_code(a), country_code(b)
    if canonical(a) == canonical(b):
        raise ValueError(f"a dyad needs two different countries, not {a} and {b}")
    lo, hi = parse_bound(since, start=True), parse_bound(until, start=False)
    by_modality = store.modality_counts(a, b, since=lo, until=hi)
    n_asserted = by_modality.get("asserted", 0)
    states = store.states(a, b, since=lo, until=hi)
    read = resolve_reversals(states)
    interests = store.dyad_interests(a, b)
    limit = FULL_ANALYSIS_LIMIT if full_limit is None else full_limit
    if n_asserted <= limit:
        every = store.events((a, b), since=lo, until=hi, modality=None)
        reports = every[every["modality"] == "asserted"]
        events = dedup_events(reports, window_days) if dedup else reports.assign(mentions=1)

        def series_of(f: str) -> pd.DataFrame:
            return dyad_series(events, states, a, b, f, since=lo, until=hi)

        def explained(tp_series: pd.DataFrame, column: str, **kw) -> list[TurningPoint]:
            return turning_points(tp_series, column, events=events, states=read, **kw)

        analysis, sample, timeline_events = "full", every, events
        n_events, n_undated = len(events), None
    else:

        def series_of(f: str) -> pd.DataFrame:
            return _counted_series(store, a, b, states, f, lo, hi)

        def explained(tp_series: pd.DataFrame, column: str, **kw) -> list[TurningPoint]:
            # changes of temperature are explained by the strongest events the database finds;
            # changes in the number of reports are the counts themselves
            turns = turning_points(tp_series, column, states=read, **kw)
            return turns if column == "n_events" else [_with_strongest(store, a, b, tp_series, tp) for tp in turns]

        sample = store.recent_events(a, b, ISSUE_SAMPLE, since=lo, until=hi)
        analysis, timeline_events = "aggregate", sample[sample["modality"] == "asserted"].assign(mentions=1)
        # an undated event is in no window: only an open picture counts them
        n_events, n_undated = n_asserted, store.count_undated(a, b) if lo is None and hi is None else 0
    series = series_of(freq)
    tp_series, turning_freq = series, freq
    if len(series) > MAX_TURNING_PERIODS and freq != "year":
        tp_series, turning_freq = series_of("year"), "year"
    column = _turning_column(tp_series)
    turns = explained(tp_series, column) if len(tp_series) else []
    attention = explained(tp_series, "n_events", min_size=1) if len(tp_series) else []
    return DyadPicture(
        a=a,
        b=b,
        a_name=display_name(a),
        b_name=display_name(b),
        freq=freq,
        since=None if lo is None else lo.isoformat(),
        until=None if hi is None else hi.isoformat(),
        analysis=analysis,
        series=series,
        turning_points=turns,
        turning_column=column,
        turning_freq=turning_freq,
        attention_points=attention,
        events=timeline_events,
        states=_states_table(states, read),
        issues=dyad_issues(sample, states, interests, a, b),
        third_parties=store.third_parties(a, b, since=lo, until=hi),
        interests=interests,
        convergence=convergence(interests, a, b),
        by_modality=by_modality,
        n_reports=n_asserted,
        n_events=n_events,
        n_undated=int(series.attrs.get("undated_events", 0)) if n_undated is None else n_undated,
        n_documents=store.dyad_documents(a, b, since=lo, until=hi),
        dedup=dedup,
    )


def _turning_column(series: pd.DataFrame) -> str:
    """The temperature, unless it has too few values and the state track has more."""
    n_temp = int(series["goldstein_mean"].notna().sum()) if len(series) else 0
    n_state = int(series["state_mean"].notna().sum()) if len(series) else 0
    return "state_mean" if n_temp < MIN_TEMPERATURE_POINTS and n_state > n_temp else "goldstein_mean"


def _counted_series(store: Store, a: str, b: str, states: pd.DataFrame, freq: str,
                    lo: dt.date | None, hi: dt.date | None) -> pd.DataFrame:  # fmt: skip
    """The series from counts of reports made in the database, with the state track."""
    alias = check_freq(freq)
    counts = store.dyad_counts(a, b, freq=freq, since=lo, until=hi)
    track = dyad_series(_NO_EVENTS, states, a, b, freq, since=lo, until=hi)
    counts = counts.set_index(pd.PeriodIndex(pd.to_datetime(counts["period"]), freq=alias)) if len(counts) else None
    track = track.set_index(pd.PeriodIndex(track["period"], freq=alias)) if len(track) else None
    known = [f.index for f in (counts, track) if f is not None]
    if not known:
        series = pd.DataFrame(columns=SERIES_COLUMNS)
    else:
        index = pd.period_range(min(i.min() for i in known), max(i.max() for i in known), freq=alias)
        c = counts.reindex(index) if counts is not None else pd.DataFrame(index=index, columns=_COUNT_COLUMNS)
        t = track.reindex(index) if track is not None else pd.DataFrame(index=index, columns=["n_states", "state_mean"])
        n = c["n_events"].fillna(0).astype(int)
        series = pd.DataFrame({
            "period": index.astype(str), "start": index.start_time.date, "end": index.end_time.date,
            "n_events": n, "n_reports": n,
            **{f"q{k}": c[f"q{k}"].fillna(0).astype(int) for k in (1, 2, 3, 4)},
            **{f"plover_q{k}": c[f"plover_q{k}"].fillna(0).astype(int) for k in (1, 2, 3, 4)},
            "goldstein_sum": c["goldstein_sum"].fillna(0.0).astype(float),
            "goldstein_mean": c["goldstein_mean"].astype(float),
            "coop_share": ((c["q1"].fillna(0) + c["q2"].fillna(0)) / n.where(n > 0)).astype(float),
            "n_states": t["n_states"].fillna(0).astype(int),
            "state_mean": t["state_mean"].astype(float),
        }, index=index)[SERIES_COLUMNS].reset_index(drop=True)  # fmt: skip
    series.attrs.update({"a": a, "b": b, "freq": freq, "direction": "both", "modality": "asserted"})
    return series


#: The columns of :meth:`~detente.store.Store.dyad_counts`.
_COUNT_COLUMNS = ["period", "n_events", "q1", "q2", "q3", "q4", "plover_q1", "plover_q2", "plover_q3", "plover_q4",
                  "goldstein_sum", "goldstein_mean"]  # fmt: skip


_NO_EVENTS = pd.DataFrame(columns=["source_country", "target_country", "symmetric", "modality", "when_start",
                                   "when_end", "quad", "plover_quad", "goldstein"])  # fmt: skip


def _with_strongest(store: Store, a: str, b: str, series: pd.DataFrame, tp: TurningPoint) -> TurningPoint:
    """A turning point found on counts, explained by the strongest events the database finds
    in its previous and own period."""
    by_name = {r["period"]: r for r in series.to_dict(orient="records")}
    prev = by_name.get(tp.previous_period or tp.period, by_name[tp.period])
    rows = store.strongest_events(a, b, prev["start"], by_name[tp.period]["end"])
    return dataclasses.replace(tp, events=tuple(event_summary(r) for r in rows.to_dict(orient="records")))


def _timeline(events: pd.DataFrame) -> pd.DataFrame:
    from ..cameo import lookup

    def name(code: object) -> str:
        try:
            return lookup(str(code)).name
        except KeyError:
            return ""

    def val(v: object) -> object:
        return None if is_missing(v) else v

    ev = events.assign(_mid=midpoints(events)).sort_values("_mid", na_position="last", kind="stable")
    rows = [
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
        for r in ev.to_dict(orient="records")
    ]
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)


def _states_table(states: pd.DataFrame, read: pd.DataFrame) -> pd.DataFrame:
    rows = [
        {
            "when": date_label(r.get("when_start"), r.get("when_end"), r.get("when_precision")),
            "read_as": date_label(m["when_start"], m["when_end"]) if bool(m.get("resolved")) else "",
            "a": r["a"],
            "b": r["b"],
            "polarity": int(r["polarity"]),
            "strength": float(r["strength"]),
            "modality": r.get("modality") or "asserted",
            "trigger": r.get("trigger") or "",
            "sentence": r.get("sentence") or "",
            "doc_id": r.get("doc_id"),
        }
        for r, m in zip(states.to_dict(orient="records"), read.to_dict(orient="records"))
    ]
    return pd.DataFrame(rows, columns=STATE_COLUMNS)
