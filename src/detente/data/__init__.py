"""Package data: every table detente ships, behind one accessor.

Tables are TAB-separated UTF-8 files with a header line; lines starting with ``#`` are
comments and list-valued cells use ``|``. They are read with :mod:`importlib.resources`,
never relative to the working directory.
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["TABLES", "read_table", "split_list"]

#: The tables the package ships, by name.
TABLES = ("cameo", "countries", "igos", "sectors", "people", "event_patterns", "lexicon")


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of the named table as dicts (a fresh list; the parsed file is cached).

    Each row also carries ``__line__``, its line number in the file, for error messages.
    """
    return [dict(row) for row in _read(name)]


@functools.lru_cache(maxsize=None)
def _read(name: str) -> tuple[dict[str, str], ...]:
    if name not in TABLES:
        raise KeyError(f"unknown data table {name!r}; known tables: {', '.join(TABLES)}")
    text = resources.files(__package__).joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise ValueError(f"{name}.tsv:{lineno}: {len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        row = {h: c.strip() for h, c in zip(header, cells)}
        row["__line__"] = str(lineno)
        rows.append(row)
    return tuple(rows)


def split_list(cell: str | None) -> list[str]:
    """``"a|b| c"`` → ``["a", "b", "c"]``; empty cells give ``[]``."""
    return [p.strip() for p in (cell or "").split("|") if p.strip()]
