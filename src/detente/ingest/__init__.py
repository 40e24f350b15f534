"""Ingest: turn files, directories and standard input into :class:`~detente.records.Document`s.

Every reader yields Documents and :class:`IngestProblem` records; bad input never raises,
it is reported (file, line, reason) and the run goes on with the next line, row or file.

Formats are chosen by extension:

* ``.txt``, ``.text``, ``.md`` — one document per file (:func:`read_text`);
* ``.html``, ``.htm`` — main text extracted offline with trafilatura (:func:`read_html`);
* ``.jsonl``, ``.ndjson`` — one document per line, streamed (:func:`read_jsonl`);
* ``.csv`` — one document per row, streamed (:func:`read_csv`);
* ``-`` — standard input: JSONL if its first non-blank character is "{", else plain text.

Document ids are the record's own ``id`` (stringified) when it has one, otherwise
``Document.make_id(text, source)`` with the document's source (the record's ``source``,
else the ``source`` argument, else the file name), so ids are stable across runs and
``Document.make_id(doc.text, doc.source) == doc.id`` for every generated id.

Publication dates, first found wins, with ``published_basis`` saying which:

1. ``"metadata"`` — the record's ``published``/``date`` field or the HTML page's date.
   A value that cannot be read (nonsense, ambiguous, out of range) yields an
   IngestProblem with severity "warning" naming the field; the document is still yielded
   and the date is looked for further down this list (so it may end up undated).
2. ``"argument"`` — the ``published`` argument (it overrides date lines in the text).
3. ``"dateline"`` — a line of the text that is only a date, near the top
   (:func:`find_published`).
4. ``"url"`` — a date in the document's URL (/2016/11/07/).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Iterator

from detente.records import Document

from .dates import find_published, parse_date
from .errors import IngestProblem, InputError
from .readers import (
    MAX_DOCUMENT_CHARS,
    STDIN,
    SUPPORTED_EXTENSIONS,
    read_csv,
    read_html,
    read_jsonl,
    read_stdin,
    read_text,
    reader_for,
    text_title,
)
from .text import DecodeError, decode_bytes, normalize_text

__all__ = [
    "MAX_DOCUMENT_CHARS",
    "STDIN",
    "SUPPORTED_EXTENSIONS",
    "DecodeError",
    "IngestProblem",
    "InputError",
    "decode_bytes",
    "estimate_documents",
    "find_published",
    "iter_files",
    "normalize_text",
    "parse_date",
    "read_csv",
    "read_html",
    "read_inputs",
    "read_jsonl",
    "read_stdin",
    "read_text",
    "text_title",
]

logger = logging.getLogger(__name__)

PathArg = str | os.PathLike[str]


def read_inputs(
    paths: Iterable[PathArg] | PathArg,
    *,
    published: dt.date | str | None = None,
    source: str | None = None,
    budget: Callable[[str], str | None] | None = None,
) -> Iterator[Document | IngestProblem]:
    """Stream Documents (and IngestErrors) from files, directories and "-" (stdin).

    Paths are read in the order given. A directory is searched recursively, in sorted
    order, skipping hidden files and directories (names starting with ".") and files
    with unsupported extensions; a file named explicitly with an unsupported extension
    yields an IngestProblem instead. A path that does not exist yields an IngestProblem.

    ``published`` is the date for documents that carry none of their own in metadata
    (it beats date lines in the text); ``source`` labels documents whose record has no
    source (default: the file name; None for stdin). ``budget``, when given, is called with
    each normalised text and returns why it cannot be used (e.g. "too long (N chars, limit
    M)", see :func:`detente.pipeline.over_budget`) or None; a document it refuses yields an
    IngestProblem naming its file and line instead.

    Raises :class:`InputError` immediately — not on iteration — when ``paths`` is empty,
    holds something that is not a path, or ``published`` is not a date; nothing else
    raises.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    if not paths:
        raise InputError("no input paths given")
    for path in paths:
        if not isinstance(path, (str, bytes, os.PathLike)):
            raise InputError(f"a path must be a string or os.PathLike, got {type(path).__name__}")
    if isinstance(published, dt.datetime):
        published = published.date()
    elif isinstance(published, str):
        try:
            published = parse_date(published)
        except ValueError as exc:
            raise InputError(f"published: {exc}") from None
    elif published is not None and not isinstance(published, dt.date):
        raise InputError(f"published must be a date, got {type(published).__name__}")
    if source is not None and not isinstance(source, str):
        raise InputError(f"source must be a string, got {type(source).__name__}")
    if budget is not None and not callable(budget):
        raise InputError(f"budget must be callable, got {type(budget).__name__}")
    return _read_all(paths, published, source or None, budget)


def _read_all(
    paths: list[PathArg],
    published: dt.date | None,
    source: str | None,
    budget: Callable[[str], str | None] | None = None,
) -> Iterator[Document | IngestProblem]:
    for raw in paths:
        path = os.fsdecode(os.fspath(raw))
        if path == "-":
            yield from read_stdin(published=published, source=source, budget=budget)
            continue
        if not path:
            yield IngestProblem("", None, "empty path")
            continue
        if os.path.isdir(path):
            for item in iter_files(path):
                if isinstance(item, IngestProblem):
                    yield item
                    continue
                reader = reader_for(item)
                if reader is not None:
                    yield from reader(item, published=published, source=source, budget=budget)
            continue
        if not os.path.exists(path):
            yield IngestProblem(path, None, "no such file or directory")
            continue
        reader = reader_for(path)
        if reader is None:
            extension = os.path.splitext(path)[1] or "(no extension)"
            expected = ", ".join(SUPPORTED_EXTENSIONS)
            yield IngestProblem(path, None, f"unsupported file type {extension}; expected {expected}")
            continue
        yield from reader(path, published=published, source=source, budget=budget)


def iter_files(directory: PathArg) -> Iterator[str | IngestProblem]:
    """Supported, non-hidden files under ``directory``, recursively, in sorted order.

    Symbolic links to files are followed; links to directories are not (no cycles).
    Directories that cannot be listed yield an IngestProblem.
    """
    root = os.fsdecode(os.fspath(directory))
    problems: list[IngestProblem] = []

    def on_error(exc: OSError) -> None:
        where = os.fsdecode(exc.filename) if exc.filename else root
        problems.append(IngestProblem(where, None, f"cannot read directory: {exc.strerror or exc}"))

    found: list[tuple[tuple[str, ...], str]] = []
    for folder, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or reader_for(name) is None:
                continue
            full = os.path.join(folder, name)
            if os.path.isfile(full):
                found.append((tuple(os.path.relpath(full, root).split(os.sep)), full))
    yield from problems
    for _, full in sorted(found):
        yield full


def estimate_documents(paths: Iterable[PathArg]) -> int | None:
    """About how many documents ``paths`` hold, cheaply (for a progress bar): a text or HTML
    file is one, a JSONL file one a line, a CSV file one a line less its header (a quoted field
    that spans lines makes this an overestimate). None when a path is stdin ("-"), whose size
    is unknown. Unreadable paths count for nothing."""
    total = 0
    for raw in paths:
        path = os.fsdecode(os.fspath(raw))
        if path == "-":
            return None
        files = [f for f in iter_files(path) if isinstance(f, str)] if os.path.isdir(path) else [path]
        for f in files:
            ext = os.path.splitext(f)[1].lower()
            if ext in (".jsonl", ".csv"):
                total += max(0, _count_lines(f) - (1 if ext == ".csv" else 0))
            elif os.path.isfile(f):
                total += 1
    return total


def _count_lines(path: str) -> int:
    n = 0
    last = b"\n"
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                n += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return n + (last != b"\n")
