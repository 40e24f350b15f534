"""The dyad page's chart as plain geometry, drawn as inline SVG by a template.

Top: the temperature, Goldstein mean per period (−10 conflict … +10 cooperation; dot area
grows with the number of events), over the relation-state track (shaded bars, polarity ×
strength scaled to ±10); turning points as dashed lines. Bottom: events per period stacked
by quad class. Each period is a link that filters the timeline to it.

Only numbers and period labels go in; the template escapes everything it writes, and no
script or external asset is needed to show it.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["QUADS", "chart"]

#: Quad class → (colour, label), as in the HTML report.
QUADS = {
    1: ("#8fd18f", "verbal cooperation"),
    2: ("#2e8b57", "material cooperation"),
    3: ("#f4a259", "verbal conflict"),
    4: ("#c0392b", "material conflict"),
}

WIDTH, HEIGHT = 960, 380
LEFT, RIGHT = 52, 14
TOP, TEMP_H = 34, 196  # temperature panel
GAP, COUNT_H = 22, 82  # events panel
AXIS_Y = TOP + TEMP_H + GAP + COUNT_H + 18


def _f(x: float) -> float:
    return round(float(x), 1)


def _num(v: Any) -> float | None:
    if v is None:
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def chart(
    series: Sequence[dict[str, Any]],
    turning: Sequence[dict[str, Any]] = (),
    *,
    href: Callable[[dict[str, Any]], str] | None = None,
    selected: tuple[str | None, str | None] = (None, None),
) -> dict[str, Any]:
    """Geometry for the chart of ``series`` (rows with ``period``, ``start``, ``end``,
    ``n_events``, ``q1``..``q4``, ``goldstein_mean``, ``state_mean``; ISO date strings) and
    ``turning`` points (``period``, ``start``, ``change``). ``href(row)`` gives each period's link;
    ``selected`` (ISO since, until) shades the periods the timeline is filtered to."""
    n = len(series)
    out: dict[str, Any] = {
        "width": WIDTH,
        "height": HEIGHT,
        "empty": n == 0,
        "bands": [],
        "states": [],
        "lines": [],
        "dots": [],
        "bars": [],
        "turning": [],
        "xlabels": [],
        "yticks": [],
        "count_ticks": [],
        "selected": [],
        "panel": {
            "left": LEFT,
            "right": WIDTH - RIGHT,
            "top": TOP,
            "temp_bottom": TOP + TEMP_H,
            "count_top": TOP + TEMP_H + GAP,
            "count_bottom": TOP + TEMP_H + GAP + COUNT_H,
            "axis_y": AXIS_Y,
        },
    }
    for v in (10, 5, 0, -5, -10):
        out["yticks"].append({"y": _f(_temp_y(v)), "label": f"{v:+d}" if v else "0", "zero": v == 0})
    if not n:
        return out
    bw = (WIDTH - LEFT - RIGHT) / n
    totals = [sum(int(r.get(f"q{q}") or 0) for q in QUADS) or int(r.get("n_events") or 0)
              for r in series]  # fmt: skip
    top_count = max(1, max(totals))
    out["count_ticks"] = [
        {"y": _f(TOP + TEMP_H + GAP + COUNT_H), "label": "0"},
        {"y": _f(TOP + TEMP_H + GAP), "label": str(top_count)},
    ]
    lo, hi = selected
    step = max(1, math.ceil(n / 12))
    run: list[str] = []
    for i, r in enumerate(series):
        x0 = LEFT + i * bw
        cx = x0 + bw / 2
        g = _num(r.get("goldstein_mean"))
        st = _num(r.get("state_mean"))
        ne = int(r.get("n_events") or 0)
        tip = f"{r['period']}: {ne} event{'s' if ne != 1 else ''}"
        if g is not None:
            tip += f", Goldstein mean {g:+.1f}"
        if st is not None:
            tip += f", relation state {st:+.2f}"
        out["bands"].append(
            {"x": _f(x0), "w": _f(bw), "title": tip, "href": href(r) if href else None}
        )
        if (lo or hi) and (not lo or str(r["end"]) >= lo) and (not hi or str(r["start"]) <= hi):
            out["selected"].append({"x": _f(x0), "w": _f(bw)})
        if st is not None and st != 0:
            y0, y1 = _temp_y(0), _temp_y(max(-10.0, min(10.0, st * 10)))
            out["states"].append(
                {
                    "x": _f(x0), "w": _f(bw), "y": _f(min(y0, y1)), "h": _f(abs(y1 - y0)),
                    "fill": "#2e8b57" if st > 0 else "#c0392b",
                }
            )  # fmt: skip
        if g is not None:
            y = _temp_y(max(-10.0, min(10.0, g)))
            radius = min(max(2.0, bw / 2), 2.5 + 1.5 * math.sqrt(max(ne, 1)), 9.0)
            out["dots"].append({"x": _f(cx), "y": _f(y), "r": _f(radius), "title": tip})
            run.append(f"{_f(cx)},{_f(y)}")
        else:
            if len(run) > 1:
                out["lines"].append(" ".join(run))
            run = []
        base = TOP + TEMP_H + GAP + COUNT_H
        for q, (colour, label) in QUADS.items():
            c = int(r.get(f"q{q}") or 0)
            if not c:
                continue
            h = c / top_count * COUNT_H
            base -= h
            out["bars"].append(
                {"x": _f(x0 + bw * 0.1), "w": _f(max(bw * 0.8, 0.6)), "y": _f(base), "h": _f(h),
                 "fill": colour, "title": f"{r['period']}: {c} {label}"}
            )  # fmt: skip
        if i % step == 0:
            out["xlabels"].append({"x": _f(cx), "label": str(r["period"])})
    if len(run) > 1:
        out["lines"].append(" ".join(run))
    starts = [str(r["start"]) for r in series]
    for tp in turning:
        # the first period starting on or after the turning point (a yearly one on months)
        i = bisect.bisect_left(starts, str(tp.get("start")))
        if i >= n:
            continue
        x = LEFT + i * bw
        change = _num(tp.get("change")) or 0.0
        out["turning"].append(
            {
                "x": _f(x),
                "label": f"{tp['period']} {'▲' if change > 0 else '▼'}",
                "anchor": "end" if x > WIDTH - 120 else "start",
                "dx": -4 if x > WIDTH - 120 else 4,
                "title": f"turning point {tp['period']}: {_num(tp.get('before')) or 0:+.1f} → "
                f"{_num(tp.get('after')) or 0:+.1f}",
            }
        )
    return out


def _temp_y(v: float) -> float:
    return TOP + (10 - v) / 20 * TEMP_H
