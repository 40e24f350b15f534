"""detente's data in other tools' formats: GDELT exports in and out, PLOVER JSON, Parquet,
CSV, Arrow and pandas.

>>> from detente import Store
>>> from detente.formats import import_gdelt, export_events
>>> with Store("detente.duckdb") as store:  # doctest: +SKIP
...     import_gdelt(["20150218230000.export.CSV"], store)
...     export_events(store, "plover-jsonl", "events.jsonl", dyad=("USA", "RUS"))
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from typing import IO, Any

from .gdelt import GdeltImport, gdelt_frame, import_gdelt, read_gdelt, write_gdelt
from .plover import plover_records, plover_schema, write_plover_jsonl
from .tables import (
    EVENT_SCHEMA,
    UNDATED,
    check_undated,
    events_table,
    parse_bound,
    select_events,
    write_csv,
    write_parquet,
)

__all__ = [
    "EVENT_SCHEMA",
    "FORMATS",
    "UNDATED",
    "ExportResult",
    "GdeltImport",
    "events_table",
    "export_events",
    "gdelt_frame",
    "import_gdelt",
    "parse_bound",
    "plover_records",
    "plover_schema",
    "read_gdelt",
    "select_events",
]

#: The formats :func:`export_events` writes.
FORMATS = ("gdelt", "plover-jsonl", "parquet", "csv")


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export_events` wrote: ``rows`` records, and ``skipped`` events that the
    format cannot hold (PLOVER: events whose CAMEO code has no PLOVER type)."""

    format: str
    rows: int
    skipped: int = 0
    path: str | None = None
    #: events left out because the text gives them no date (GDELT and PLOVER with
    #: ``undated="skip"``), and events dated to their article's publication day instead
    #: (``undated="publication"``)
    undated_skipped: int = 0
    publication_dated: int = 0


def export_events(
    store: Any,
    fmt: str,
    out: str | os.PathLike[str] | IO[str] | None = None,
    *,
    dyad: tuple[str, str] | None = None,
    since: int | str | dt.date | None = None,
    until: int | str | dt.date | None = None,
    modality: str | None = None,
    undated: str = "skip",
) -> ExportResult:
    """Write the store's events (every modality unless ``modality`` is given; a dyad and a
    date range narrow them) as ``fmt`` to ``out``: a path, a text stream, or None for
    ``sys.stdout`` (not for ``parquet``, which needs a path).

    ``undated`` says what GDELT and PLOVER get for an event the text gives no date (see
    :data:`UNDATED`): nothing ("skip", the default: both formats read a date as the day it
    happened) or its article's publication day, flagged ("publication"). CSV and Parquet keep
    every event with its date columns empty.

    Raises ValueError for an unknown format or a bad bound, and
    :class:`~detente.store.UnknownCountryError` for an unknown dyad code.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    check_undated(undated)
    if fmt == "parquet" and (out is None or hasattr(out, "write")):
        raise ValueError("parquet is a binary format: give a file path to write it to")
    events, docs = select_events(store, dyad, since=since, until=until, modality=modality)
    path = None if out is None or hasattr(out, "write") else os.fspath(out)  # type: ignore[arg-type]
    if fmt == "parquet":
        write_parquet(events_table(events, docs), path)  # type: ignore[arg-type]
        return ExportResult(fmt, len(events), 0, path)
    if path is not None:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            return _write_text(store, fmt, events, docs, fh, path, undated)
    return _write_text(store, fmt, events, docs, out or sys.stdout, None, undated)  # type: ignore[arg-type]


def _write_text(store: Any, fmt: str, events, docs, fh: IO[str], path: str | None, undated: str) -> ExportResult:
    if fmt == "csv":
        write_csv(events_table(events, docs), fh)
        return ExportResult(fmt, len(events), 0, path)
    n_undated = int(events["when_start"].isna().sum()) if len(events) else 0
    dates = {"undated_skipped": n_undated} if undated == "skip" else {"publication_dated": n_undated}
    if fmt == "gdelt":
        side = None
        if store.has_table("gdelt_events") and len(events):
            side = store.rows_where_in("gdelt_events", "id", events["id"])
        n = write_gdelt(gdelt_frame(events, docs, side, undated=undated), fh)
        return ExportResult(fmt, n, 0, path, **dates)
    skipped: list[str] = []
    n = write_plover_jsonl(plover_records(events, docs, skipped=skipped, undated=undated), fh)
    if undated == "skip":  # an undated event with no PLOVER type counts once, as undated
        kept = set(events.loc[events["when_start"].notna(), "id"].astype(str))
        skipped = [i for i in skipped if i in kept]
    return ExportResult(fmt, n, len(skipped), path, **dates)
