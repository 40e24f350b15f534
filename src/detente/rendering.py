"""One Jinja environment for every page detente writes: the dashboard's pages and the report.

The templates live in ``detente/templates``. HTML templates autoescape everything (article
text is untrusted); Markdown templates (``*.md``) escape with the ``md`` filter instead.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from . import __version__

__all__ = ["blank", "environment", "fmt", "md", "missing", "number", "signed"]


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared environment (filters ``signed``, ``num``, ``fmt``, ``md``, ``blank``; globals
    ``version``, ``modalities``, ``roots``)."""
    from .cameo import lookup
    from .records import MODALITIES

    env = Environment(
        loader=PackageLoader("detente", "templates"),
        autoescape=select_autoescape(disabled_extensions=("md",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(signed=signed, num=number, fmt=fmt, md=md, blank=blank)
    env.globals.update(
        version=__version__,
        modalities=MODALITIES,
        roots=[(f"{r:02d}", lookup(f"{r:02d}").name.capitalize()) for r in range(1, 21)],
    )
    return env


def signed(value: Any, digits: int = 1) -> str:
    """``+1.5`` / ``-2.0``; empty for no value."""
    if value is None:
        return ""
    try:
        return f"{float(value):+.{digits}f}"
    except (TypeError, ValueError):
        return ""


def number(value: Any) -> str:
    """A count with thousands separators."""
    if value is None:
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


def fmt(value: Any, spec: str = "{:+.1f}") -> str:
    """A number in ``spec``; a dash for no value (no events to average), never a blank cell."""
    if missing(value):
        return "–"
    return spec.format(value)


def missing(value: Any) -> bool:
    """No value: None, or NaN (a mean over no events)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def blank(value: Any) -> Any:
    """No value (None, NaN) as an empty cell."""
    return "" if missing(value) else value


def md(value: Any) -> str:
    """Text made safe for a Markdown table cell."""
    if missing(value):
        return ""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")
