"""The report's chart: temperature with the state track and turning points, and event counts.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no global backend switch),
so it works headless and in threads.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from ..compare import Comparison
    from .build import Report

__all__ = ["chart_figure", "chart_svg", "comparison_figure", "save_charts", "save_comparison_chart"]

QUAD_COLOURS = {1: "#8fd18f", 2: "#2e8b57", 3: "#f4a259", 4: "#c0392b"}
QUAD_LABELS = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"}
_FREQ_WORD = {"year": "year", "quarter": "quarter", "month": "month"}


def chart_figure(report: Report) -> Figure:
    """The report's figure: top, Goldstein mean per period (dots sized by events) and the
    relation-state track (right axis), turning points as vertical lines; bottom, events per
    period stacked by quad class, attention turning points as triangles."""
    s = report.series
    fig = Figure(figsize=(11, 6.6), dpi=110)
    FigureCanvasAgg(fig)
    gs = fig.add_gridspec(2, 1, height_ratios=[3, 1.5], hspace=0.08)
    ax = fig.add_subplot(gs[0])
    bx = fig.add_subplot(gs[1], sharex=ax)
    word = _FREQ_WORD.get(report.freq, report.freq)
    fig.suptitle(
        f"{report.title}: temperature per {word}"
        + (
            f" ({report.since or '…'} to {report.until or '…'})"
            if report.since or report.until
            else ""
        ),
        fontsize=13,
        x=0.01,
        y=0.975,
        ha="left",
    )
    if s.empty:
        ax.text(
            0.5, 0.5, "no dated events or states", ha="center", va="center", transform=ax.transAxes
        )
        return fig
    start = pd.to_datetime(s["start"])
    end = pd.to_datetime(s["end"])
    centre = start + (end - start) / 2
    width_days = (end - start).dt.days.to_numpy() + 1

    # state track (right axis, −1..1), drawn first so the events sit on top
    sx = ax.twinx()
    sx.set_ylim(-1.05, 1.05)
    sx.set_ylabel("state (−1 … +1)", color="#555")
    st = s["state_mean"].to_numpy(dtype=float)
    for x0, w, v in zip(start, width_days, st):
        if np.isnan(v):
            continue
        colour = "#2e8b57" if v > 0 else "#c0392b" if v < 0 else "#999"
        sx.bar(x0, v, width=w, align="edge", color=colour, alpha=0.18, linewidth=0)
    edges = list(start) + [end.iloc[-1]]
    if not np.isnan(st).all():
        sx.stairs(st, matplotlib.dates.date2num(edges), color="#555", linewidth=1.2,
                  label="relation state")  # fmt: skip
    ax.set_zorder(sx.get_zorder() + 1)
    ax.patch.set_visible(False)

    g = s["goldstein_mean"].to_numpy(dtype=float)
    n = s["n_events"].to_numpy()
    has = ~np.isnan(g)
    ax.axhline(0, color="#888", linewidth=0.8)
    # the line breaks at periods without events: it never bridges a gap
    ax.plot(centre, g, color="#1f4e79", linewidth=1, alpha=0.6)
    ax.scatter(centre[has], g[has], s=18 + 14 * np.sqrt(n[has]), color="#1f4e79", zorder=3,
               label="Goldstein mean (dot size: events)")  # fmt: skip
    ax.set_ylim(-10.5, 10.5)
    ax.set_ylabel("Goldstein mean (−10 … +10)")
    ax.grid(axis="y", alpha=0.25)

    for tp in report.turning_points:
        x = pd.Timestamp(tp.start)
        ax.axvline(x, color="#7b2d8b", linestyle="--", linewidth=1.3)
        bx.axvline(x, color="#7b2d8b", linestyle="--", linewidth=0.8, alpha=0.6)
        arrow = "▲" if tp.change > 0 else "▼"
        ax.annotate(
            f"{tp.period} {arrow}", (x, 1.0), xycoords=("data", "axes fraction"),
            xytext=(3, -12), textcoords="offset points", color="#7b2d8b", fontsize=9,
        )  # fmt: skip
    _draw_levels(report, ax if report.turning_column != "state_mean" else sx, start, end)
    handles, labels = ax.get_legend_handles_labels()
    h2, l2 = sx.get_legend_handles_labels()
    if report.turning_points:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="#7b2d8b", linestyle="--"))
        what = "state track" if report.turning_column == "state_mean" else "Goldstein mean"
        labels.append(f"turning point ({what})")
    fig.legend(handles + h2, labels + l2, loc="upper right", ncol=3, fontsize=8, frameon=False,
               bbox_to_anchor=(0.92, 0.955))  # fmt: skip

    bottom = np.zeros(len(s))
    for q in (1, 2, 3, 4):
        vals = s[f"q{q}"].to_numpy()
        bx.bar(start, vals, width=width_days * 0.85, bottom=bottom, align="edge",
               color=QUAD_COLOURS[q], label=QUAD_LABELS[q], linewidth=0)  # fmt: skip
        bottom = bottom + vals
    top = max(1, int(bottom.max()))
    for i, tp in enumerate(report.attention_points):
        x = pd.Timestamp(tp.start) + pd.Timedelta(days=int(width_days[0]) * 0.42)
        bx.plot(x, top * 1.1, marker="^" if tp.change > 0 else "v", color="#333", markersize=7,
                linestyle="none", label="change in events" if i == 0 else None)  # fmt: skip
    bx.set_ylim(0, top * 1.25)
    bx.set_ylabel(f"events per {word}")
    fig.align_ylabels([ax, bx])  # one column of labels, none running into the other
    bx.legend(loc="upper left", bbox_to_anchor=(0, -0.16), fontsize=8, ncol=5, frameon=False)
    bx.grid(axis="y", alpha=0.25)
    span = (end.iloc[-1] - start.iloc[0]).days
    pad = pd.Timedelta(days=max(5, span // 80))
    ax.set_xlim(start.iloc[0] - pad, end.iloc[-1] + pad)
    for label in ax.get_xticklabels():
        label.set_visible(False)
    fig.subplots_adjust(left=0.07, right=0.92, top=0.9, bottom=0.13)
    return fig


def _draw_levels(report: Report, axis, start: pd.Series, end: pd.Series) -> None:
    """The fitted level of each segment between turning points, as a dotted line."""
    tps = report.turning_points
    if not tps:
        return
    bounds = [start.iloc[0], *(pd.Timestamp(tp.start) for tp in tps), end.iloc[-1]]
    levels = [tps[0].before, *(tp.after for tp in tps)]
    for x0, x1, y in zip(bounds[:-1], bounds[1:], levels):
        axis.hlines(y, x0, x1, colors="#7b2d8b", linestyles=":", linewidth=1.6, alpha=0.9)


def chart_svg(report: Report) -> str:
    """The chart as an ``<svg>`` element to inline in HTML (no XML prolog, unique ids)."""
    fig = chart_figure(report)
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": f"detente-{report.slug}"}):
        fig.savefig(buf, format="svg")
    svg = buf.getvalue()
    svg = svg[svg.find("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)


def save_charts(
    report: Report, dir: str | Path, formats: Iterable[str] = ("png", "svg")
) -> list[Path]:
    """Write the chart as ``<a>-<b>.<format>`` (e.g. ``tur-usa.png``) in ``dir``; return the
    paths."""
    out_dir = Path(dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    fig = chart_figure(report)
    paths = []
    for fmt in formats:
        fmt = fmt.lower().lstrip(".")
        path = out_dir / f"{report.slug}.{fmt}"
        with matplotlib.rc_context({"svg.hashsalt": f"detente-{report.slug}"}):
            fig.savefig(path, format=fmt, metadata=_metadata(fmt))
        paths.append(path)
    return paths


def _metadata(fmt: str) -> dict[str, str | None] | None:
    # keep files reproducible: no creation dates
    if fmt == "svg":
        return {"Date": None}
    if fmt == "png":
        return {"Software": None}
    if fmt == "pdf":
        return {"CreationDate": None}
    return None


# ------------------------------------------------------------------ two sources, one dyad
#: Colours of the event sources in :func:`comparison_figure`.
SOURCE_COLOURS = {"detente": "#1f5f9e", "gdelt": "#c0392b"}


def comparison_figure(c: Comparison) -> Figure:
    """Both sources on one chart: Goldstein mean per period (top) and events per period
    (bottom), Pearson's r in the titles. matplotlib's object API on the Agg canvas."""
    fig = Figure(figsize=(10, 6), dpi=110)
    FigureCanvasAgg(fig)
    gs = fig.add_gridspec(2, 1, height_ratios=[3, 2], hspace=0.1)
    ax = fig.add_subplot(gs[0])
    bx = fig.add_subplot(gs[1], sharex=ax)
    x = pd.to_datetime(c.table["start"]) if len(c.table) else pd.Series([], dtype="datetime64[ns]")
    width = {"year": 150, "quarter": 40, "month": 12}[c.freq]
    for i, src in enumerate(c.sources):
        colour = SOURCE_COLOURS.get(src, f"C{i}")
        ax.plot(x, c.table[f"goldstein_mean_{src}"], marker="o", color=colour, label=src)
        offset = pd.to_timedelta((i - 0.5) * width, unit="D")
        bx.bar(x + offset, c.table[f"n_events_{src}"], width=width, color=colour, alpha=0.8, label=src)
    ax.axhline(0, color="#888", lw=0.8)
    ax.set_ylabel("Goldstein mean")
    ax.set_title(
        f"{c.a}–{c.b} per {c.freq}: {c.sources[0]} vs {c.sources[1]} — "
        f"r(Goldstein) = {_r(c.r_goldstein)} (n={c.n_goldstein}), "
        f"r(events) = {_r(c.r_counts)} (n={c.n_counts})",
        fontsize=10,
    )
    ax.legend(loc="best", fontsize=9)
    bx.set_ylabel("events")
    for lab in ax.get_xticklabels():
        lab.set_visible(False)
    fig.align_ylabels([ax, bx])
    return fig


def save_comparison_chart(c: Comparison, path: str | Path) -> Path:
    """Draw :func:`comparison_figure` to ``path`` (format from the suffix: .png, .svg, .pdf)."""
    path = Path(path)
    comparison_figure(c).savefig(path, bbox_inches="tight")
    return path


def _r(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:+.2f}"
