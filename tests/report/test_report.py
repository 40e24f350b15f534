"""build_report, render_html, render_markdown and save_charts on a tiny hand-made store."""

import markupsafe
import pytest

from detente.report import Report, build_report, render_html, render_markdown, save_charts
from detente.store import UnknownCountryError

from .conftest import EVIL


@pytest.fixture
def report(report_store):
    return build_report(report_store, "pak", "rus")


def test_the_report_has_the_relationship_picture(report):
    r = report
    assert isinstance(r, Report)
    assert (r.a, r.b, r.a_name, r.b_name, r.freq) == ("PAK", "RUS", "Pakistan", "Russia", "year")
    assert (r.n_reports, r.n_events, r.n_undated, r.n_documents) == (11, 11, 0, 1)
    assert list(r.series["period"])[:1] == ["1975"] and list(r.series["period"])[-1] == "2009"
    assert r.turning_column == "goldstein_mean"
    # 1975: +1.9 and 2000–2004: +7.4 each, then 2005–2009: −10 (empty years are skipped)
    assert [(t.period, t.before, t.after) for t in r.turning_points] == [("2005", 6.483333, -10.0)]
    tp = r.turning_points[0]
    assert tp.events[0]["cameo"] == "190" and {s["trigger"] for s in tp.states} == {"warm", "cold"}
    assert list(r.timeline.columns)[:6] == [
        "when",
        "source",
        "target",
        "cameo",
        "name",
        "goldstein",
    ]
    assert r.timeline["when"].iloc[0] == "1975" and r.timeline["source"].iloc[0] == "SUN"
    assert r.timeline["name"].iloc[1] == "Cooperate militarily"
    assert list(r.states["trigger"]) == ["warm", "cold"]
    assert list(r.third_parties["country"]) == ["USA", "IND"]
    usa = r.third_parties.set_index("country").loc["USA"]
    assert (usa["n_with_a"], usa["goldstein_a"]) == (1, -2.0)
    assert list(r.issues["issue"])[:2] == ["military", "energy"]


def test_period_limits_and_frequency(report_store):
    r = build_report(report_store, "PAK", "RUS", since=2003, until="2006-12-31", freq="quarter")
    assert (r.since, r.until) == ("2003-01-01", "2006-12-31")
    assert r.series["period"].iloc[0] == "2003Q1" and r.series["period"].iloc[-1] == "2006Q4"
    assert r.n_events == 4


def test_unknown_country_and_bad_freq(report_store):
    with pytest.raises(UnknownCountryError):
        build_report(report_store, "PAK", "XXX")
    with pytest.raises(ValueError, match="freq"):
        build_report(report_store, "PAK", "RUS", freq="week")


def test_html_is_one_self_contained_escaped_page(report):
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<svg" in page and "2005" in page
    for section in ("Turning points", "Timeline", "Relation states", "Issues", "Third parties"):
        assert f"<h2>{section}" in page
    # untrusted article text is escaped, never markup
    assert EVIL not in page and "<script" not in page
    assert str(markupsafe.escape(EVIL)) in page
    # nothing to fetch: no external scripts, styles, images or fonts
    for needle in ("<link", 'src="http', "src='http", "url(http", "@import"):
        assert needle not in page


def test_markdown(report):
    md = render_markdown(report, chart="pak-rus.png")
    assert md.startswith("# Pakistan – Russia (PAK–RUS)")
    assert "![PAK–RUS temperature](pak-rus.png)" in md
    assert "- **2005**: Goldstein mean +6.5 → -10.0" in md
    assert "| 2000 | 1 | 1 | 0 | 1 | 0 | 0 | +7.40 | 1 | +0.60 |" in md
    assert "<script" not in md


def test_save_charts(report, tmp_path):
    paths = save_charts(report, tmp_path / "charts")
    assert [p.name for p in paths] == ["pak-rus.png", "pak-rus.svg"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in paths[1].read_text(encoding="utf-8")


def test_an_empty_dyad_still_renders(report_store):
    r = build_report(report_store, "IND", "CHN")
    assert r.series.empty and r.turning_points == [] and r.timeline.empty
    assert "no dated events" in render_html(r)
    assert "_none_" in render_markdown(r)
