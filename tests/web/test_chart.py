"""The dyad chart's geometry."""

from __future__ import annotations

from detente.web.chart_geometry import HEIGHT, WIDTH, chart


def row(period: str, n: int, g: float | None, state: float | None = None, start: str | None = None):
    start = start or f"{period}-01-01"
    return {"period": period, "start": start, "end": start[:4] + "-12-31", "n_events": n,
            "q1": n, "q2": 0, "q3": 0, "q4": 0, "goldstein_mean": g, "state_mean": state}  # fmt: skip


def test_empty_chart():
    c = chart([])
    assert c["empty"] and not c["dots"] and (c["width"], c["height"]) == (WIDTH, HEIGHT)


def test_geometry():
    series = [row("2000", 2, 5.0, 0.6), row("2001", 0, None), row("2002", 1, -5.0), row("2003", 4, -10.0)]
    c = chart(series, [{"period": "2002", "start": "2002-01-01", "change": -8.0, "before": 5, "after": -7}],
              href=lambda r: f"/x?since={r['period']}", selected=("2002-01-01", "2002-12-31"))
    assert len(c["bands"]) == 4 and c["bands"][0]["href"] == "/x?since=2000"
    assert len(c["dots"]) == 3
    # the line breaks at the empty year: only 2002–2003 are joined
    assert len(c["lines"]) == 1 and c["lines"][0].count(",") == 2
    ys = [d["y"] for d in c["dots"]]
    top, zero = c["panel"]["top"], c["yticks"][2]["y"]
    assert min(ys) > top and ys[0] < zero < ys[1]
    assert c["states"][0]["fill"] == "#2e8b57"
    assert [t["label"] for t in c["turning"]] == ["2002 ▼"]
    assert len(c["selected"]) == 1 and c["selected"][0]["x"] == c["bands"][2]["x"]
    assert "2 events, Goldstein mean +5.0, relation state +0.60" in c["bands"][0]["title"]


def test_yearly_turning_point_on_monthly_bands():
    series = [row(f"2000-{m:02d}", 1, 1.0, start=f"2000-{m:02d}-01") for m in range(1, 13)]
    series += [row(f"2001-{m:02d}", 1, -1.0, start=f"2001-{m:02d}-01") for m in range(1, 13)]
    c = chart(series, [{"period": "2001", "start": "2001-01-01", "change": -2.0}])
    assert c["turning"][0]["x"] == c["bands"][12]["x"]
