"""Render a :class:`Report` as one self-contained HTML page or as Markdown.

The report's turning points and tables are built once (:class:`Section`, :class:`TurningBlock`)
and written by two templates of the shared Jinja set (``templates/report.html`` and
``templates/report.md``, :mod:`detente.rendering`). Article text is untrusted: the HTML
template autoescapes everything; the page loads nothing from the network (inline CSS, the
chart as inline SVG).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..analysis import TurningPoint
from ..rendering import fmt, missing
from .figures import chart_svg

if TYPE_CHECKING:
    from .build import Report

__all__ = ["render_html", "render_markdown"]

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 1180px; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
.meta { color: #666; } .chart svg { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: .5em 0 1em; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f6f6f6; position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; } td.when { white-space: nowrap; }
.pos { color: #2e7d32; } .neg { color: #c0392b; } .muted { color: #888; }
.tp { border-left: 4px solid #7b2d8b; padding: .2em .8em; margin: .8em 0; background: #faf7fb; }
.tp ul { margin: .3em 0; } q { font-style: italic; }
"""


LEGEND = (
    "<p class='muted'>Dots: mean Goldstein score of the period's events (−10 conflict … +10 "
    "cooperation; size grows with the number of events). Shaded bars and the grey line: the "
    "relation states the texts describe (right axis). Dashed lines: turning points, dotted: the "
    "level between them. Bottom: events per period by quad class; triangles: changes in the "
    "number of events.</p>"
)


#: Column headings of the timeline and relation-state tables (HTML and Markdown alike).
_TIMELINE_COLUMNS = [
    "date", "source", "target", "code", "event", "Goldstein", "trigger", "evidence", "reports",
]  # fmt: skip
_STATE_COLUMNS = [
    "period", "read as", "dyad", "state", "strength", "modality", "trigger", "evidence",
]  # fmt: skip

@dataclass(frozen=True)
class Cell:
    """One table cell, as plain text (numbers already formatted) and how to show it: ``text``,
    ``code``, ``bold``, ``when``, ``num``, ``signed`` (a Goldstein-like value), ``state``
    (warmer/colder), ``quotes`` (sentences: all in HTML, the first in Markdown) or ``country``
    (a name and, muted, its code)."""

    text: Any
    kind: str = "text"
    css: str = ""
    extra: Any = None


@dataclass(frozen=True)
class Section:
    """A table of the report: its heading, column headings and rows of cells."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: shown as "(N)" after the title
    count: str | None = None
    #: the Markdown report has it; the HTML one shows the chart instead
    markdown_only: bool = False


@dataclass(frozen=True)
class TurningBlock:
    """A turning point as the report tells it: the change and the evidence around it."""

    period: str
    what: str
    before: str
    after: str
    direction: str | None
    previous: str | None
    method: str
    events: tuple[dict[str, Any], ...]
    states: tuple[dict[str, Any], ...]


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG; no network)."""
    return _render("report.html", report, chart=chart_svg(report), css=CSS, legend=LEGEND)


def render_markdown(report: Report, *, chart: str | None = None) -> str:
    """The report as Markdown; ``chart`` is an image path to link (e.g. from ``save_charts``)."""
    return _render("report.md", report, chart=chart).rstrip("\n") + "\n"


def _render(template: str, r: Report, **kw: Any) -> str:
    from ..rendering import environment

    temp_what = "state track" if r.turning_column == "state_mean" else "Goldstein mean"
    return environment().get_template(template).render(
        r=r,
        summary=_summary(r),
        temp_what=temp_what,
        turning=[_block(tp, temp_what) for tp in r.turning_points],
        attention=[_block(tp, "events per period") for tp in r.attention_points],
        sections=_sections(r),
        **kw,
    )


def _block(tp: TurningPoint, what: str) -> TurningBlock:
    spec = "{:+.2f}" if tp.column == "state_mean" else "{:+.1f}" if tp.column == "goldstein_mean" else "{:.1f}"
    return TurningBlock(
        period=tp.period, what=what, before=fmt(tp.before, spec), after=fmt(tp.after, spec),
        direction=None if tp.column == "n_events" else ("warmer" if tp.change > 0 else "colder"),
        previous=tp.previous_period, method=tp.method,
        events=tuple({**e, "goldstein": fmt(e["goldstein"])} for e in tp.events), states=tuple(tp.states),
    )  # fmt: skip


def _sections(r: Report) -> list[Section]:
    series_cols = ("period", "n_events", "n_reports", "q1", "q2", "q3", "q4", "goldstein_mean", "n_states", "state_mean")
    s = r.series
    s = s[(s["n_events"] > 0) | s["state_mean"].notna()] if len(s) else s
    conv = r.convergence.to_dict(orient="records") if len(r.convergence) else []
    return [
        Section("Series", series_cols, tuple(
            (Cell(row["period"]), *(Cell(row[c]) for c in series_cols[1:7]),
             Cell(fmt(row["goldstein_mean"], "{:+.2f}")), Cell(row["n_states"]),
             Cell(fmt(row["state_mean"], "{:+.2f}")))
            for row in s.to_dict(orient="records")), markdown_only=True),
        Section("Timeline", tuple(_TIMELINE_COLUMNS), tuple(
            (Cell(t["when"], "when"), Cell(t["source"]), Cell(t["target"]), Cell(t["cameo"], "code"),
             Cell(t["name"]), _signed_cell(t["goldstein"]), Cell(t["trigger"]), Cell(t["sentence"]),
             Cell(t["mentions"], "num"))
            for t in r.timeline.to_dict(orient="records")), count=f"{len(r.timeline)} events"),
        Section("Relation states", tuple(_STATE_COLUMNS), tuple(
            (Cell(st["when"], "when"), Cell(st["read_as"], "when"), Cell(f"{st['a']}–{st['b']}"),
             Cell("warmer" if st["polarity"] > 0 else "colder", "state", "pos" if st["polarity"] > 0 else "neg"),
             Cell(fmt(st["strength"], "{:.1f}"), "num"), Cell(st["modality"]), Cell(st["trigger"]),
             Cell(st["sentence"]))
            for st in r.states.to_dict(orient="records")), count=str(len(r.states))),
        Section("Issues", ("issue", "evidence", "events", "states", "interests", "key words", "examples"), tuple(
            (Cell(i["issue"], "bold"), Cell(i["count"], "num"), Cell(i["n_events"], "num"),
             Cell(i["n_states"], "num"), Cell(i["n_interests"], "num"), Cell(", ".join(_list(i["phrases"]))),
             Cell(_list(i["examples"]), "quotes"))
            for i in r.issues.to_dict(orient="records"))),
        Section("What each side wants: where interests converge", ("issue", "relation", f"{r.a} says", f"{r.b} says"),
                tuple(
            (Cell(c["issue"], "bold"), Cell(f"{c['relation']} ({c['stance_a']} / {c['stance_b']})"),
             Cell(_list(c["evidence_a"]), "quotes"), Cell(_list(c["evidence_b"]), "quotes"))
            for c in conv)),
        Section("Third parties", ("country", "documents", "mentions", f"events with {r.a}",
                                  f"mean Goldstein with {r.a}", f"events with {r.b}", f"mean Goldstein with {r.b}"),
                tuple(
            (Cell(t["name"], "country", extra=t["country"]), Cell(t["n_docs"], "num"), Cell(t["n_mentions"], "num"),
             Cell(t["n_with_a"], "num"), _signed_cell(t["goldstein_a"]), Cell(t["n_with_b"], "num"),
             _signed_cell(t["goldstein_b"]))
            for t in r.third_parties.to_dict(orient="records"))),
    ]  # fmt: skip


def _signed_cell(value: Any) -> Cell:
    if missing(value) or value == 0:
        css = "num"
    else:
        css = "num pos" if value > 0 else "num neg"
    return Cell(fmt(value), "signed", css)


def _list(values: Any) -> list[str]:
    if missing(values):
        return []
    return [str(v) for v in values]


def _summary(r: Report) -> str:
    period = ""
    if r.since or r.until:
        period = f" from {r.since or 'the start'} to {r.until or 'the end'}"
    if r.analysis != "full":
        dedup = f"{r.n_reports} reports, counted in the database (a large dyad: not merged into events)"
    elif r.dedup:
        dedup = f"{r.n_reports} reports → {r.n_events} events after merging repeated reports"
    else:
        dedup = f"{r.n_events} events"
    yearly = (f" Turning points are found on yearly values ({len(r.series)} periods are too many)."
              if r.turning_freq != r.freq else "")  # fmt: skip
    return (
        f"{r.n_documents} document{'s' if r.n_documents != 1 else ''}{period}; {dedup} ({r.n_undated} undated, not in the "
        f"series); {len(r.states)} relation states; per {r.freq}.{yearly}"
    )
