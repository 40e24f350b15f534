"""Format readers: each turns one input into Documents and IngestErrors, never raising."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from detente.records import Document

from .dates import _date_line, _header_lines, find_published, parse_date
from .errors import IngestProblem
from .text import (
    DecodeError,
    _utf16_without_bom,
    bom_encoding,
    decode_bytes,
    decode_line,
    looks_binary,
    normalize_text,
    scrub_surrogates,
)

logger = logging.getLogger(__name__)

__all__ = [
    "CSV_EXTENSIONS",
    "HTML_EXTENSIONS",
    "JSONL_EXTENSIONS",
    "MAX_DOCUMENT_CHARS",
    "STDIN",
    "TEXT_EXTENSIONS",
    "read_csv",
    "read_html",
    "read_jsonl",
    "read_stdin",
    "read_text",
    "reader_for",
]

Item = Document | IngestProblem
PathArg = str | os.PathLike[str]
#: A caller's limit on documents: why a normalised text cannot be used, or None if it can.
Budget = Callable[[str], "str | None"]

#: Longest document text accepted, in characters (after normalisation).
MAX_DOCUMENT_CHARS = 5_000_000
#: The path shown in errors about standard input.
STDIN = "<stdin>"

TEXT_EXTENSIONS = (".txt", ".text", ".md")
HTML_EXTENSIONS = (".html", ".htm")
JSONL_EXTENSIONS = (".jsonl", ".ndjson")
CSV_EXTENSIONS = (".csv",)

#: A plain-text file larger than this many bytes cannot hold an acceptable document.
_MAX_TEXT_BYTES = 4 * MAX_DOCUMENT_CHARS + 4
#: Raw HTML is mostly markup, so it may be larger than the text limit.
_MAX_HTML_BYTES = 10 * MAX_DOCUMENT_CHARS
#: One JSONL line or CSV physical line; JSON escapes (\uXXXX) may take 6 bytes a character.
_MAX_LINE_BYTES = 8 * MAX_DOCUMENT_CHARS
#: csv module field limit (raised process-wide if lower; see read_csv).
_CSV_FIELD_LIMIT = 2 * MAX_DOCUMENT_CHARS
_SNIFF_BYTES = 8192
#: A plain-text title is a short first line without a final period.
_MAX_TITLE_CHARS = 200

_JSON_TYPES = {
    dict: "object", list: "array", str: "string", int: "number", float: "number",
    bool: "boolean", type(None): "null",
}  # fmt: skip


# --------------------------------------------------------------------------------------
# Shared pieces


@dataclass(frozen=True)
class _Origin:
    """Where items come from and the caller's defaults for them."""

    path: str  # shown in errors
    default_source: str | None  # the file name, or None for stdin
    published: dt.date | None = None  # the ``published`` argument
    source: str | None = None  # the ``source`` argument
    budget: Budget | None = None  # the ``budget`` argument

    def error(self, line: int | None, reason: str) -> IngestProblem:
        return IngestProblem(self.path, line, reason)

    def warning(self, line: int | None, reason: str) -> IngestProblem:
        return IngestProblem(self.path, line, reason, severity="warning")


def _origin(
    path: PathArg, published: dt.date | None, source: str | None, budget: Budget | None = None
) -> _Origin:
    shown = os.fspath(path)
    if isinstance(shown, bytes):
        shown = os.fsdecode(shown)
    return _Origin(shown, os.path.basename(shown) or shown, published, source, budget)


def _too_long(size: int, unit: str = "chars", more: bool = False) -> str:
    amount = f"more than {size}" if more else f"{size}"
    return f"document too long ({amount} {unit}, limit {MAX_DOCUMENT_CHARS} chars)"


def _document(
    origin: _Origin,
    line: int | None,
    *,
    text: str,
    record_id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    lang: str | None = None,
    published_raw: object = None,
    published_field: str = "published",
    title_from_text: bool = False,
) -> Iterator[Item]:
    """Normalise ``text``, settle id and date, and yield the Document (or why not)."""
    text = normalize_text(text)
    if not text:
        yield origin.error(line, "empty document")
        return
    if len(text) > MAX_DOCUMENT_CHARS:
        yield origin.error(line, _too_long(len(text)))
        return
    if origin.budget is not None:
        why = origin.budget(text)
        if why:
            yield origin.error(line, why)
            return
    published: dt.date | None = None
    basis: str | None = None
    if published_raw is not None and published_raw != "":
        try:
            published, basis = parse_date(published_raw), "metadata"
        except ValueError as exc:
            yield origin.warning(line, f"field '{published_field}': {exc}; date ignored")
    if published is None and origin.published is not None:
        published, basis = origin.published, "argument"
    if published is None:
        published, basis = find_published(text, url=url)
    if title_from_text and title is None:
        title = text_title(text)
    source = source or origin.source or origin.default_source
    yield Document(
        id=record_id or Document.make_id(text, source),
        text=text,
        published=published,
        title=title,
        url=url,
        source=source,
        lang=lang or "en",
        published_basis=basis,
    )


def text_title(text: str) -> str | None:
    """The title of a plain text: its first non-empty line that is not a bare date, if short
    (under 200 characters) and without a final period."""
    for line in _header_lines(text, 3):
        if _date_line(line):
            continue
        if len(line) < _MAX_TITLE_CHARS and not line.endswith("."):
            return line
        return None
    return None


def _read_bytes(origin: _Origin, limit: int) -> bytes | IngestProblem:
    """The whole file, or an error if it cannot be read or is larger than ``limit`` bytes."""
    try:
        with open(origin.path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        return origin.error(None, "no such file or directory")
    except IsADirectoryError:
        return origin.error(None, "is a directory, not a file")
    except OSError as exc:
        return origin.error(None, f"cannot read file: {exc.strerror or exc}")
    if len(data) > limit:
        return origin.error(None, _too_long(limit, "bytes", more=True))
    return data


def _guarded(origin: _Origin, items: Iterator[Item]) -> Iterator[Item]:
    """Pass ``items`` through, turning an unexpected exception into a final IngestProblem."""
    try:
        yield from items
    except Exception as exc:  # a bug or an odd file must not stop the run
        logger.exception("unexpected error while reading %s", origin.path)
        yield origin.error(None, f"unexpected error while reading: {type(exc).__name__}: {exc}")


# --------------------------------------------------------------------------------------
# Plain text


def read_text(
    path: PathArg,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    budget: Budget | None = None,
) -> Iterator[Item]:
    """One Document for a plain-text file (.txt, .text, .md).

    The title is the first non-empty line that is not a bare date, when it is under 200
    characters and has no final period. The date is ``published`` when given, else the
    text's own date line (see :func:`find_published`). The source is ``source`` or the
    file name.
    """
    origin = _origin(path, published, source, budget)
    return _guarded(origin, _read_text(origin))


def _read_text(origin: _Origin) -> Iterator[Item]:
    data = _read_bytes(origin, _MAX_TEXT_BYTES)
    if isinstance(data, IngestProblem):
        yield data
        return
    try:
        text = decode_bytes(data, origin.path)
    except DecodeError as exc:
        yield origin.error(None, exc.reason)
        return
    yield from _plain_document(origin, text)


def _plain_document(origin: _Origin, text: str) -> Iterator[Item]:
    yield from _document(origin, None, text=text, title_from_text=True)


# --------------------------------------------------------------------------------------
# HTML

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# Browsers read these labels as Windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"}


def _decode_html(data: bytes, path: str) -> str:
    """Decode HTML: BOM, else the <meta charset> if it decodes cleanly, else decode_bytes."""
    if bom_encoding(data) is None:
        match = _META_CHARSET_RE.search(data[:4096])
        if match and not looks_binary(data[:_SNIFF_BYTES]):
            label = match.group(1).decode("ascii").lower()
            label = "cp1252" if label in _AS_CP1252 else label
            try:
                codecs.lookup(label)
                return data.decode(label)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_bytes(data, path)


def read_html(
    path: PathArg,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    budget: Budget | None = None,
) -> Iterator[Item]:
    """One Document for an HTML page (.html, .htm), extracted offline with trafilatura.

    The main text comes from ``trafilatura.extract`` (comments excluded); each extracted
    line is a block of the page (paragraph, heading, list item), so blocks are separated
    by blank lines to keep them as passages. Title and canonical URL come from
    ``trafilatura.extract_metadata``, the date from the page markup via htmldate (meta
    tags, <time> elements; never a guess from running text), else ``published``, else a
    date line in the text or a date in the URL. Nothing is fetched from the network.
    """
    origin = _origin(path, published, source, budget)
    return _guarded(origin, _read_html(origin))


def _read_html(origin: _Origin) -> Iterator[Item]:
    import htmldate
    import trafilatura

    data = _read_bytes(origin, _MAX_HTML_BYTES)
    if isinstance(data, IngestProblem):
        yield data
        return
    try:
        html = _decode_html(data, origin.path)
    except DecodeError as exc:
        yield origin.error(None, exc.reason)
        return
    if not html.strip():
        yield origin.error(None, "empty document")
        return
    # Parse into trees ourselves: given a bare string that looks like a URL, htmldate
    # would download it. Each call gets its own tree because extraction prunes it.
    try:
        tree = trafilatura.load_html(html)
        if tree is None:
            yield origin.error(None, "no text found in HTML (could not parse it)")
            return
        extracted = trafilatura.extract(tree, include_comments=False)
        meta_tree = trafilatura.load_html(html)
        metadata = trafilatura.extract_metadata(meta_tree, extensive=False)
        page_date = _markup_date(trafilatura.load_html(html), htmldate)
    except Exception as exc:  # noqa: BLE001 - lxml and friends raise many kinds of errors
        yield origin.error(None, f"could not parse HTML: {type(exc).__name__}: {exc}")
        return
    if not extracted or not extracted.strip():
        yield origin.error(None, "no text found in HTML")
        return
    text = re.sub(r"\n+", "\n\n", extracted.replace("\r\n", "\n"))
    yield from _document(
        origin,
        None,
        text=text,
        title=_clean_str(getattr(metadata, "title", None)),
        url=_clean_str(getattr(metadata, "url", None)),
        published_raw=page_date,
        published_field="HTML metadata date",
    )


def _markup_date(tree: Any, htmldate: Any) -> str | None:
    """The page's date from its markup only. htmldate would also read the date in the
    canonical/og:url address; that is left to the "url" fallback so the basis is honest."""
    if tree is None:
        return None
    for element in tree.xpath('//link[@rel="canonical"] | //meta[@property="og:url"]'):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return htmldate.find_date(tree, extensive_search=False, original_date=True, url="")


def _clean_str(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    return None


# --------------------------------------------------------------------------------------
# Line sources for JSONL and CSV: streamed, numbered, bounded per line

# (line number, text or None when the line was too long, size of the line)
Line = tuple[int, str | None, int]


def _lines(readline: Callable[[int], Any], limit: int, decode: Callable[[Any], str] | None):
    """Number the lines returned by ``readline(limit)``; over-long lines are skipped
    (read and dropped in chunks, so memory stays bounded) and reported as ``None``."""
    lineno = 0
    while True:
        chunk = readline(limit)
        if not chunk:
            return
        lineno += 1
        newline = "\n" if isinstance(chunk, str) else b"\n"
        if len(chunk) >= limit and not chunk.endswith(newline):
            size = len(chunk)
            while True:
                more = readline(limit)
                size += len(more)
                if not more or more.endswith(newline):
                    break
            yield lineno, None, size
            continue
        text = decode(chunk) if decode is not None else chunk
        if lineno == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield lineno, text, len(chunk)


def _open_lines(origin: _Origin, handle: IO[bytes]) -> Iterator[Line] | IngestProblem:
    """The numbered text lines of a binary file, or an error for binary/empty files."""
    head = handle.read(_SNIFF_BYTES)
    handle.seek(0)
    if not head.strip():
        return origin.error(None, "empty document")
    encoding = bom_encoding(head)
    if encoding is None and b"\x00" in head:
        encoding = _utf16_without_bom(head)
    if encoding is not None and encoding != "utf-8-sig":
        wrapper = io.TextIOWrapper(handle, encoding=encoding, newline="")
        return _lines(wrapper.readline, _MAX_LINE_BYTES, None)
    if _binary_lines(head):
        return origin.error(None, "binary file, not text")
    return _lines(handle.readline, _MAX_LINE_BYTES, decode_line)


def _binary_lines(head: bytes) -> bool:
    """Whether the start of a line-oriented file is binary rather than lines of text.

    Judged line by line, so that a few bad lines (one corrupt record, the NUL-padded tail
    a crash leaves behind) cost only themselves: the file is binary when most of its
    non-blank lines look binary.
    """
    lines = head.split(b"\n")
    if len(head) >= _SNIFF_BYTES and len(lines) > 1:
        lines.pop()  # cut off mid-line
    binary = [looks_binary(line) for line in lines if line.strip()]
    return 2 * sum(binary) > len(binary)


def _over_long(size: int) -> str:
    return f"line too long ({size} bytes, limit {_MAX_LINE_BYTES} bytes); skipped"


def _streamed(origin: _Origin, parse: Callable[[_Origin, Iterator[Line]], Iterator[Item]]):
    """Open ``origin.path`` and run ``parse`` over its numbered lines."""
    try:
        handle = open(origin.path, "rb")  # noqa: SIM115 - closed below, after streaming
    except FileNotFoundError:
        yield origin.error(None, "no such file or directory")
        return
    except IsADirectoryError:
        yield origin.error(None, "is a directory, not a file")
        return
    except OSError as exc:
        yield origin.error(None, f"cannot read file: {exc.strerror or exc}")
        return
    with handle:
        lines = _open_lines(origin, handle)
        if isinstance(lines, IngestProblem):
            yield lines
            return
        last = [0]

        def counted() -> Iterator[Line]:
            for item in lines:
                last[0] = item[0]
                yield item

        try:
            yield from parse(origin, counted())
        except UnicodeDecodeError as exc:
            yield origin.error(
                last[0] + 1, f"cannot decode text ({exc.reason}); rest of file skipped"
            )
        except OSError as exc:
            yield origin.error(last[0] or None, f"cannot read file: {exc.strerror or exc}")


# --------------------------------------------------------------------------------------
# Records (JSONL objects and CSV rows)


def _type_name(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _optional(
    record: dict[str, Any], name: str, origin: _Origin, line: int, warnings: list[IngestProblem]
) -> str | None:
    """An optional string field; numbers are stringified, other types warned about and ignored."""
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return scrub_surrogates(value).strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    kind = "a string or number" if name == "id" else "a string"
    warnings.append(
        origin.warning(line, f"field '{name}' must be {kind}, got {_type_name(value)}; ignored")
    )
    return None


def _record(origin: _Origin, line: int, record: object) -> Iterator[Item]:
    """Documents from one JSON object or CSV row (as a dict)."""
    if not isinstance(record, dict):
        yield origin.error(line, f"JSON line is not an object (got {_type_name(record)})")
        return
    if "text" not in record or record["text"] is None:
        yield origin.error(line, "record has no 'text' field")
        return
    text = record["text"]
    if not isinstance(text, str):
        yield origin.error(line, f"field 'text' must be a string, got {_type_name(text)}")
        return
    warnings: list[IngestProblem] = []
    fields = {name: _optional(record, name, origin, line, warnings)
              for name in ("id", "title", "url", "source", "lang")}  # fmt: skip
    field = "published" if record.get("published") not in (None, "") else "date"
    yield from warnings
    yield from _document(
        origin,
        line,
        text=text,
        record_id=fields["id"],
        title=fields["title"],
        url=fields["url"],
        source=fields["source"],
        lang=fields["lang"],
        published_raw=record.get(field),
        published_field=field,
    )


# --------------------------------------------------------------------------------------
# JSONL


def read_jsonl(
    path: PathArg,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    budget: Budget | None = None,
) -> Iterator[Item]:
    """One Document per line of a JSON Lines file (.jsonl, .ndjson), streamed.

    Each line is an object with a string ``text`` and optional ``id``, ``published``
    (or ``date``), ``title``, ``url``, ``source`` and ``lang``; other fields are ignored.
    Blank lines are skipped. A malformed line, a line that is not an object or has no
    ``text`` yields an IngestProblem with its line number, and reading goes on.
    """
    origin = _origin(path, published, source, budget)
    return _guarded(origin, _streamed(origin, _parse_jsonl))


def _parse_jsonl(origin: _Origin, lines: Iterable[Line]) -> Iterator[Item]:
    seen = False
    for lineno, line, size in lines:
        if line is None:
            seen = True
            yield origin.error(lineno, _over_long(size))
            continue
        if not line.strip():
            continue
        seen = True
        try:
            record = json.loads(line, strict=False)
        except json.JSONDecodeError as exc:
            yield origin.error(lineno, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield origin.error(lineno, "malformed JSON: nested too deeply")
            continue
        except ValueError as exc:  # e.g. an integer of more than 4300 digits
            yield origin.error(lineno, f"malformed JSON: {exc}")
            continue
        yield from _record(origin, lineno, record)
    if not seen:
        yield origin.error(None, "empty document")


# --------------------------------------------------------------------------------------
# CSV


class _LineTooLong(Exception):
    def __init__(self, lineno: int, size: int) -> None:
        super().__init__(lineno, size)
        self.lineno, self.size = lineno, size


class _Pushback:
    """Feeds lines to csv.reader, remembering those a row used, with push-back for re-reading."""

    def __init__(self, lines: Iterator[Line]) -> None:
        self._lines = lines
        self._stack: list[Line] = []
        self.used: list[Line] = []

    def __iter__(self) -> _Pushback:
        return self

    def __next__(self) -> str:
        item = self._stack.pop() if self._stack else next(self._lines)
        if item[1] is None:
            raise _LineTooLong(item[0], item[2])
        self.used.append(item)
        return item[1]

    def push_back(self, items: list[Line]) -> None:
        self._stack.extend(reversed(items))


def read_csv(
    path: PathArg,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    budget: Budget | None = None,
) -> Iterator[Item]:
    """One Document per row of a CSV file with a header row, streamed.

    Columns as for JSONL (``text`` required; ``id``, ``published``, ``title``, ``url``,
    ``source``, ``lang`` optional; ``date`` is an alias of ``published``); header names
    are matched case-insensitively and empty cells count as missing. Errors name the
    line a row starts on. Quoting is read strictly: a row with broken quoting (an
    unclosed quote, text after a closing quote) yields an IngestProblem and reading resumes
    on the line after that row's first line, so one stray quote costs one row rather
    than the rest of the file. A well-quoted row with a different number of fields than
    the header yields an IngestProblem and is skipped whole.

    The csv module's field size limit is process-wide; it is raised (never lowered) to
    twice :data:`MAX_DOCUMENT_CHARS` so that long texts can be read and measured.
    """
    origin = _origin(path, published, source, budget)
    return _guarded(origin, _streamed(origin, _parse_csv))


def _parse_csv(origin: _Origin, lines: Iterator[Line]) -> Iterator[Item]:
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    source = _Pushback(lines)
    reader = csv.reader(source, strict=True)
    header: list[str] | None = None
    rows = 0
    while True:
        source.used.clear()
        try:
            row = next(reader)
        except StopIteration:
            break
        except _LineTooLong as exc:
            yield origin.error(exc.lineno, _over_long(exc.size))
            continue
        except csv.Error as exc:
            used = list(source.used)
            start = used[0][0] if used else None
            message = str(exc)
            if "field larger than field limit" in message:
                reason = _too_long(_CSV_FIELD_LIMIT, more=True)
            else:
                reason = f"malformed CSV row: {message}{_span(used)}"
            yield origin.error(start, reason)
            source.push_back(used[1:])
            continue
        used = list(source.used)
        start = used[0][0]
        if not row or not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in row]
            if "text" not in header:
                columns = ", ".join(repr(c) for c in row)
                yield origin.error(start, f"CSV header has no 'text' column (columns: {columns})")
                return
            continue
        rows += 1
        if len(row) != len(header):
            yield origin.error(
                start,
                f"row has {len(row)} fields but the header has {len(header)}"
                f"{_span(used)}; check the quoting",
            )
            continue  # the quoting parsed, so the row's extent is known: skip all of it
        record: dict[str, str] = {}
        for name, cell in zip(header, row):
            if name not in record:
                record[name] = cell
        cleaned = {k: (v if v.strip() or k == "text" else None) for k, v in record.items()}
        yield from _record(origin, start, cleaned)
    if header is None:
        yield origin.error(None, "empty document")
    elif rows == 0:
        yield origin.error(None, "no rows after the CSV header")


def _span(used: list[Line]) -> str:
    if len(used) > 1:
        return f" (row runs over lines {used[0][0]}-{used[-1][0]})"
    return ""


# --------------------------------------------------------------------------------------
# Standard input


def read_stdin(
    *,
    published: dt.date | None = None,
    source: str | None = None,
    stream: IO[str] | None = None,
    budget: Budget | None = None,
) -> Iterator[Item]:
    """Documents from standard input (or ``stream``), read as text.

    Input whose first non-blank character is "{" is read as JSONL (streamed, errors name
    "<stdin>" and the line); anything else is one plain-text document, as for
    :func:`read_text`. Documents have ``source`` as their source (None by default).
    """
    origin = _Origin(STDIN, None, published, source, budget)
    return _guarded(origin, _read_stdin(origin, stream))


def _read_stdin(origin: _Origin, stream: IO[str] | None) -> Iterator[Item]:
    stream = stream if stream is not None else sys.stdin
    if stream is None:
        yield origin.error(None, "no standard input")
        return
    try:
        peeked: list[str] = []
        while True:
            chunk = stream.readline(_MAX_LINE_BYTES)
            if not chunk:
                break
            peeked.append(chunk)
            if chunk.strip():
                break
        if not peeked or not peeked[-1].strip():
            yield origin.error(None, "empty document")
            return
        if peeked[-1].lstrip().startswith("{"):
            pending = list(peeked)

            def readline(limit: int) -> str:
                return pending.pop(0) if pending else stream.readline(limit)

            yield from _parse_jsonl(origin, _lines(readline, _MAX_LINE_BYTES, None))
            return
        limit = 2 * MAX_DOCUMENT_CHARS
        text = "".join(peeked) + stream.read(limit)
        if len(text) > limit or stream.read(1):
            yield origin.error(None, _too_long(limit, more=True))
            return
    except UnicodeDecodeError as exc:
        yield origin.error(None, f"cannot decode standard input ({exc.reason})")
        return
    if "\x00" in text:
        yield origin.error(None, "binary file, not text")
        return
    yield from _plain_document(origin, text)


# --------------------------------------------------------------------------------------
# Dispatch

_READERS: dict[str, Callable[..., Iterator[Item]]] = {}
_READERS.update(dict.fromkeys(TEXT_EXTENSIONS, read_text))
_READERS.update(dict.fromkeys(HTML_EXTENSIONS, read_html))
_READERS.update(dict.fromkeys(JSONL_EXTENSIONS, read_jsonl))
_READERS.update(dict.fromkeys(CSV_EXTENSIONS, read_csv))

SUPPORTED_EXTENSIONS = tuple(_READERS)


def reader_for(path: PathArg) -> Callable[..., Iterator[Item]] | None:
    """The reader for a file name's extension (case-insensitive), or None."""
    return _READERS.get(os.path.splitext(os.fspath(path))[1].lower())
