"""The relationship picture of one dyad as a report: build it, render it, draw it.

>>> from detente import Store
>>> from detente.report import build_report, render_html
>>> with Store("detente.duckdb", read_only=True) as store:  # doctest: +SKIP
...     html = render_html(build_report(store, "PAK", "RUS"))
"""

from .build import Report, build_report, series_from_store
from .charts import chart_figure, chart_svg, save_charts
from .render import render_html, render_markdown

__all__ = [
    "Report",
    "build_report",
    "chart_figure",
    "chart_svg",
    "render_html",
    "render_markdown",
    "save_charts",
    "series_from_store",
]
