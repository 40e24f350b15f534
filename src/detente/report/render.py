"""Render a :class:`Report` as one self-contained HTML page or as Markdown.

Article text is untrusted: every string that reaches the HTML goes through ``html.escape``;
the page loads nothing from the network (inline CSS, the chart as inline SVG).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis import TurningPoint
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

def _e(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _num(value: Any, fmt: str = "{:+.1f}") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"  # no value (no events to average), never a blank cell
    return fmt.format(value)


def _signed_class(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == 0:
        return "num"
    return "num pos" if value > 0 else "num neg"


def _table(headers: Sequence[str], rows: Iterable[Sequence[tuple[str, str]]]) -> str:
    """Rows of (already escaped html, css class) cells."""
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in headers), "</tr></thead><tbody>"]
    n = 0
    for row in rows:
        n += 1
        out.append(
            "<tr>"
            + "".join(f'<td class="{c}">{v}</td>' if c else f"<td>{v}</td>" for v, c in row)
            + "</tr>"
        )
    out.append("</tbody></table>")
    if not n:
        return '<p class="muted">none</p>'
    return "".join(out)


def _tp_html(tp: TurningPoint, what: str) -> str:
    arrow = "warmer" if tp.change > 0 else "colder"
    fmt = (
        "{:+.2f}"
        if tp.column == "state_mean"
        else "{:+.1f}"
        if tp.column == "goldstein_mean"
        else "{:.1f}"
    )
    head = (
        f"<b>{_e(tp.period)}</b> — {_e(what)} {_num(tp.before, fmt)} → {_num(tp.after, fmt)}"
        + (f" ({arrow})" if tp.column != "n_events" else "")
        + f' <span class="muted">after {_e(tp.previous_period)}; {_e(tp.method)}</span>'
    )
    items = []
    for ev in tp.events:
        items.append(
            f"<li>{_e(ev['when'])} {_e(ev['source'])} → {_e(ev['target'])} "
            f"<code>{_e(ev['cameo'])}</code> ({_num(ev['goldstein'])})"
            + (f" ×{ev['mentions']}" if ev.get("mentions", 1) > 1 else "")
            + f": <q>{_e(ev['sentence'])}</q></li>"
        )
    for st in tp.states:
        cls = "pos" if st["polarity"] > 0 else "neg"
        items.append(
            f'<li><span class="{cls}">state {"+" if st["polarity"] > 0 else "−"}</span> '
            f"{_e(st['when'])} “{_e(st['trigger'])}”: <q>{_e(st['sentence'])}</q></li>"
        )
    body = (
        f"<ul>{''.join(items)}</ul>"
        if items
        else '<p class="muted">no events or states around it</p>'
    )
    return f'<div class="tp">{head}{body}</div>'


def _list(values: Any) -> list[str]:
    if values is None or (isinstance(values, float) and math.isnan(values)):
        return []
    return [str(v) for v in values]


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG; no network)."""
    r = report
    temp_what = "state track" if r.turning_column == "state_mean" else "Goldstein mean"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(r.title)} — detente report</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<style>{CSS}</style></head><body>",
        f"<h1>{_e(r.title)} <span class='muted'>({_e(r.a)}–{_e(r.b)})</span></h1>",
        f"<p class='meta'>{_summary(r, html_out=True)}</p>",
        f'<div class="chart">{chart_svg(r)}</div>',
        LEGEND,
        "<h2>Turning points</h2>",
    ]
    if r.turning_points:
        parts += [_tp_html(tp, temp_what) for tp in r.turning_points]
    else:
        parts.append(f"<p class='muted'>No change of level in the {_e(temp_what)}.</p>")
    parts.append("<h3>Changes in the number of events</h3>")
    if r.attention_points:
        parts += [_tp_html(tp, "events per period") for tp in r.attention_points]
    else:
        parts.append("<p class='muted'>No change of level in the number of events.</p>")

    parts.append(f"<h2>Timeline <span class='muted'>({len(r.timeline)} events)</span></h2>")
    parts.append(
        _table(
            _TIMELINE_COLUMNS,
            (
                [
                    (_e(t["when"]), "when"),
                    (_e(t["source"]), ""),
                    (_e(t["target"]), ""),
                    (f"<code>{_e(t['cameo'])}</code>", ""),
                    (_e(t["name"]), ""),
                    (_num(t["goldstein"]), _signed_class(t["goldstein"])),
                    (_e(t["trigger"]), ""),
                    (_e(t["sentence"]), ""),
                    (_e(t["mentions"]), "num"),
                ]
                for t in r.timeline.to_dict(orient="records")
            ),
        )
    )
    parts.append(f"<h2>Relation states <span class='muted'>({len(r.states)})</span></h2>")
    parts.append(
        _table(
            _STATE_COLUMNS,
            (
                [
                    (_e(s["when"]), "when"),
                    (_e(s["read_as"]), "when"),
                    (f"{_e(s['a'])}–{_e(s['b'])}", ""),
                    (
                        "warmer" if s["polarity"] > 0 else "colder",
                        "pos" if s["polarity"] > 0 else "neg",
                    ),
                    (_num(s["strength"], "{:.1f}"), "num"),
                    (_e(s["modality"]), ""),
                    (_e(s["trigger"]), ""),
                    (_e(s["sentence"]), ""),
                ]
                for s in r.states.to_dict(orient="records")
            ),
        )
    )
    parts.append("<h2>Issues</h2>")
    parts.append(
        _table(
            ["issue", "evidence", "events", "states", "interests", "key words", "examples"],
            (
                [
                    (f"<b>{_e(i['issue'])}</b>", ""),
                    (_e(i["count"]), "num"),
                    (_e(i["n_events"]), "num"),
                    (_e(i["n_states"]), "num"),
                    (_e(i["n_interests"]), "num"),
                    (_e(", ".join(_list(i["phrases"]))), ""),
                    ("<br>".join(f"<q>{_e(x)}</q>" for x in _list(i["examples"])), ""),
                ]
                for i in r.issues.to_dict(orient="records")
            ),
        )
    )
    parts.append("<h2>What each side wants: where interests converge</h2>")
    conv = r.convergence.to_dict(orient="records") if len(r.convergence) else []
    parts.append(
        _table(
            ["issue", "", f"{r.a} says", f"{r.b} says"],
            (
                [
                    (f"<b>{_e(c['issue'])}</b>", ""),
                    (_e(f"{c['relation']} ({c['stance_a']} / {c['stance_b']})"), ""),
                    ("<br>".join(f"<q>{_e(x)}</q>" for x in _list(c["evidence_a"])), ""),
                    ("<br>".join(f"<q>{_e(x)}</q>" for x in _list(c["evidence_b"])), ""),
                ]
                for c in conv
            ),
        )
    )
    parts.append("<h2>Third parties</h2>")
    parts.append(
        _table(
            [
                "country",
                "documents",
                "mentions",
                f"events with {r.a}",
                f"mean Goldstein with {r.a}",
                f"events with {r.b}",
                f"mean Goldstein with {r.b}",
            ],
            (
                [
                    (f"{_e(t['name'])} <span class='muted'>{_e(t['country'])}</span>", ""),
                    (_e(t["n_docs"]), "num"),
                    (_e(t["n_mentions"]), "num"),
                    (_e(t["n_with_a"]), "num"),
                    (_num(t["goldstein_a"]), _signed_class(t["goldstein_a"])),
                    (_e(t["n_with_b"]), "num"),
                    (_num(t["goldstein_b"]), _signed_class(t["goldstein_b"])),
                ]
                for t in r.third_parties.to_dict(orient="records")
            ),
        )
    )
    parts.append(
        f"<p class='muted'>Generated by detente {_e(r.version)} on {_e(r.generated)}.</p></body></html>"
    )
    return "\n".join(parts)


def _summary(r: Report, *, html_out: bool) -> str:
    esc = _e if html_out else str
    period = ""
    if r.since or r.until:
        period = f" from {esc(r.since or 'the start')} to {esc(r.until or 'the end')}"
    if r.analysis != "full":
        dedup = f"{r.n_reports} reports, counted in the database (a large dyad: not merged into events)"
    elif r.dedup:
        dedup = f"{r.n_reports} reports → {r.n_events} events after merging repeated reports"
    else:
        dedup = f"{r.n_events} events"
    yearly = (f" Turning points are found on yearly values ({len(r.series)} periods are too many)."
              if r.turning_freq != r.freq else "")  # fmt: skip
    return (
        f"{esc(r.n_documents)} document{'s' if r.n_documents != 1 else ''}{period}; {dedup} ({r.n_undated} undated, not in the "
        f"series); {len(r.states)} relation states; per {esc(r.freq)}.{esc(yearly)}"
    )


def _md(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return (
        str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
    )


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(_md(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    n = 0
    for row in rows:
        n += 1
        lines.append("| " + " | ".join(_md(c) for c in row) + " |")
    return "\n".join(lines) if n else "_none_"


def _tp_md(tp: TurningPoint, what: str) -> str:
    fmt = (
        "{:+.2f}"
        if tp.column == "state_mean"
        else "{:+.1f}"
        if tp.column == "goldstein_mean"
        else "{:.1f}"
    )
    head = (
        f"- **{tp.period}**: {what} {_num(tp.before, fmt)} → {_num(tp.after, fmt)} "
        f"(after {tp.previous_period}; {tp.method})"
    )
    lines = [head]
    for ev in tp.events:
        lines.append(
            f"  - {ev['when']} {ev['source']} → {ev['target']} `{ev['cameo']}` "
            f"({_num(ev['goldstein'])}): {_md(ev['sentence'])}"
        )
    for st in tp.states:
        sign = "+" if st["polarity"] > 0 else "−"
        lines.append(f"  - state {sign} {st['when']} “{_md(st['trigger'])}”: {_md(st['sentence'])}")
    return "\n".join(lines)


def render_markdown(report: Report, *, chart: str | None = None) -> str:
    """The report as Markdown; ``chart`` is an image path to link (e.g. from ``save_charts``)."""
    r = report
    temp_what = "state track" if r.turning_column == "state_mean" else "Goldstein mean"
    out = [f"# {r.title} ({r.a}–{r.b})", "", _summary(r, html_out=False), ""]
    if chart:
        out += [f"![{r.a}–{r.b} temperature]({chart})", ""]
    out += ["## Turning points", ""]
    out += [_tp_md(tp, temp_what) for tp in r.turning_points] or [
        f"No change of level in the {temp_what}."
    ]
    out += ["", "### Changes in the number of events", ""]
    out += [_tp_md(tp, "events per period") for tp in r.attention_points] or ["None."]
    out += ["", "## Series", ""]
    cols = [
        "period",
        "n_events",
        "n_reports",
        "q1",
        "q2",
        "q3",
        "q4",
        "goldstein_mean",
        "n_states",
        "state_mean",
    ]
    s = r.series[cols] if len(r.series) else pd.DataFrame(columns=cols)
    s = s[(s["n_events"] > 0) | s["state_mean"].notna()] if len(s) else s
    out.append(
        _md_table(
            cols,
            (
                [
                    row["period"],
                    row["n_events"],
                    row["n_reports"],
                    row["q1"],
                    row["q2"],
                    row["q3"],
                    row["q4"],
                    _num(row["goldstein_mean"], "{:+.2f}"),
                    row["n_states"],
                    _num(row["state_mean"], "{:+.2f}"),
                ]
                for row in s.to_dict(orient="records")
            ),
        )
    )
    out += ["", f"## Timeline ({len(r.timeline)} events)", ""]
    out.append(
        _md_table(
            _TIMELINE_COLUMNS,
            (
                [
                    t["when"],
                    t["source"],
                    t["target"],
                    t["cameo"],
                    t["name"],
                    _num(t["goldstein"]),
                    t["trigger"],
                    t["sentence"],
                    t["mentions"],
                ]
                for t in r.timeline.to_dict(orient="records")
            ),
        )
    )
    out += ["", f"## Relation states ({len(r.states)})", ""]
    out.append(
        _md_table(
            _STATE_COLUMNS,
            (
                [
                    s["when"],
                    s["read_as"],
                    f"{s['a']}–{s['b']}",
                    "warmer" if s["polarity"] > 0 else "colder",
                    _num(s["strength"], "{:.1f}"),
                    s["modality"],
                    s["trigger"],
                    s["sentence"],
                ]
                for s in r.states.to_dict(orient="records")
            ),
        )
    )
    out += ["", "## Issues", ""]
    out.append(
        _md_table(
            ["issue", "evidence", "events", "states", "interests", "key words", "example"],
            (
                [
                    i["issue"],
                    i["count"],
                    i["n_events"],
                    i["n_states"],
                    i["n_interests"],
                    ", ".join(_list(i["phrases"])),
                    (_list(i["examples"]) or [""])[0],
                ]
                for i in r.issues.to_dict(orient="records")
            ),
        )
    )
    out += ["", "## What each side wants: where interests converge", ""]
    conv = r.convergence.to_dict(orient="records") if len(r.convergence) else []
    out.append(
        _md_table(
            ["issue", "relation", f"{r.a} says", f"{r.b} says"],
            (
                [
                    c["issue"],
                    f"{c['relation']} ({c['stance_a']} / {c['stance_b']})",
                    (_list(c["evidence_a"]) or [""])[0],
                    (_list(c["evidence_b"]) or [""])[0],
                ]
                for c in conv
            ),
        )
    )
    out += ["", "## Third parties", ""]
    out.append(
        _md_table(
            [
                "country",
                "documents",
                "mentions",
                f"events with {r.a}",
                f"Goldstein with {r.a}",
                f"events with {r.b}",
                f"Goldstein with {r.b}",
            ],
            (
                [
                    f"{t['name']} ({t['country']})",
                    t["n_docs"],
                    t["n_mentions"],
                    t["n_with_a"],
                    _num(t["goldstein_a"]),
                    t["n_with_b"],
                    _num(t["goldstein_b"]),
                ]
                for t in r.third_parties.to_dict(orient="records")
            ),
        )
    )
    out += ["", f"_Generated by detente {r.version} on {r.generated}._", ""]
    return "\n".join(out)
