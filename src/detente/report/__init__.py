"""The relationship picture of one dyad as a report: build it, render it, draw it.

>>> from detente import Store
>>> from detente.report import build_report, render_html
>>> with Store("detente.duckdb", read_only=True) as store:  # doctest: +SKIP
...     html = render_html(build_report(store, "PAK", "RUS"))
"""

from .build import Report, build_report, series_from_store
from .figures import chart_figure, chart_svg, comparison_figure, save_charts, save_comparison_chart
from .render import render_html, render_markdown

__all__ = [
    "Report",
    "build_report",
    "chart_figure",
    "chart_svg",
    "comparison_figure",
    "render_html",
    "render_markdown",
    "save_charts",
    "save_comparison_chart",
    "series_from_store",
]
