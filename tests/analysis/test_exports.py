"""The public names of detente.analysis and detente.report are pinned."""

import detente.analysis
import detente.report


def test_analysis_exports():
    assert sorted(detente.analysis.__all__) == [
        "DyadPicture", "SERIES_COLUMNS", "TurningPoint", "convergence", "dedup_events", "dyad_issues",
        "dyad_picture", "dyad_series",
        "relation_states", "resolve_reversals", "third_parties", "turning_points",
    ]  # fmt: skip
    for name in detente.analysis.__all__:
        assert getattr(detente.analysis, name) is not None


def test_report_exports():
    assert sorted(detente.report.__all__) == [
        "Report", "build_report", "chart_figure", "chart_svg", "comparison_figure", "render_html",
        "render_markdown", "save_charts", "save_comparison_chart", "series_from_store",
    ]  # fmt: skip
