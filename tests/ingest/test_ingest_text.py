"""Plain-text files, text normalisation and decoding."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from detente.ingest import (
    MAX_DOCUMENT_CHARS,
    DecodeError,
    IngestProblem,
    decode_bytes,
    normalize_text,
    read_inputs,
    read_text,
)
from detente.records import Document


def docs(items):
    return [i for i in items if isinstance(i, Document)]


def errors(items):
    return [i for i in items if isinstance(i, IngestProblem)]


def write(tmp_path, name, content):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


ARTICLE = (
    "Ministers agree to reopen the border\n"
    "\n"
    "The two foreign ministers met in the capital on Tuesday\n"
    "and agreed to reopen the border crossing.\n"
    "\n"
    "Trade is expected to resume next month.\n"
)


def test_text_file_is_one_document(tmp_path):
    path = write(tmp_path, "border.txt", ARTICLE)
    items = list(read_text(path))
    assert errors(items) == []
    (doc,) = docs(items)
    assert doc.text == ARTICLE.strip()
    assert doc.title == "Ministers agree to reopen the border"
    assert doc.source == "border.txt"
    assert doc.lang == "en"
    assert doc.id == Document.make_id(doc.text, "border.txt")
    assert doc.published is None and doc.published_basis is None


def test_text_ids_are_stable_across_runs(tmp_path):
    path = write(tmp_path, "border.txt", ARTICLE)
    first = docs(read_text(path))[0].id
    second = docs(read_inputs([path]))[0].id
    assert first == second
    other = write(tmp_path, "other.txt", ARTICLE)
    assert docs(read_text(other))[0].id != first  # the file name is part of the id


@pytest.mark.parametrize("name", ["a.txt", "a.text", "a.md", "A.TXT"])
def test_text_extensions(tmp_path, name):
    path = write(tmp_path, name, ARTICLE)
    assert len(docs(read_inputs([path]))) == 1


@pytest.mark.parametrize(
    "first_line, title",
    [
        ("Short headline", "Short headline"),
        ("Is the thaw real?", "Is the thaw real?"),
        ("This first line is a full sentence and ends with a period.", None),
        ("x" * 200, None),
        ("x" * 199, "x" * 199),
    ],
)
def test_text_title_rule(tmp_path, first_line, title):
    path = write(tmp_path, "t.txt", f"\n\n  {first_line}\n\nBody text here.\n")
    assert docs(read_text(path))[0].title == title


def test_text_title_skips_a_date_stamp(tmp_path):
    path = write(tmp_path, "t.txt", "7 November 2016\n\nBorder talks resume\n\nBody.\n")
    assert docs(read_text(path))[0].title == "Border talks resume"


def test_text_dateline_and_argument(tmp_path):
    path = write(
        tmp_path, "t.txt", "Border talks resume\n\nNovember 7, 2016\n\nThe talks resumed.\n"
    )
    doc = docs(read_text(path))[0]
    assert (doc.published, doc.published_basis) == (dt.date(2016, 11, 7), "dateline")
    doc = docs(read_text(path, published=dt.date(2017, 1, 2)))[0]
    assert (doc.published, doc.published_basis) == (dt.date(2017, 1, 2), "argument")
    doc = docs(read_inputs([path], published=dt.date(2017, 1, 2)))[0]
    assert (doc.published, doc.published_basis) == (dt.date(2017, 1, 2), "argument")


def test_normalisation_keeps_paragraphs_and_lines(tmp_path):
    raw = "Title\r\n\r\nFirst line\r\nsecond line\rthird\x1b line\x07\twith tab\n \t \nLast\x0cpage\u2029Next"
    path = write(tmp_path, "n.txt", raw)
    doc = docs(read_text(path))[0]
    assert (
        doc.text == "Title\n\nFirst line\nsecond line\nthird line\twith tab\n\nLast\npage\n\nNext"
    )
    assert "\r" not in doc.text and "\x00" not in doc.text


def test_normalize_text_strips_controls():
    assert normalize_text("a\x00b\x7fc\x9fd\ufeffe\tf\x85g") == "abcde\tf\ng"


def test_normalize_text_does_not_reflow():
    text = "  A line\nwrapped by hand\n\n\n\nafter three blank lines  "
    assert normalize_text(text) == "A line\nwrapped by hand\n\n\n\nafter three blank lines"


def test_latin1_file(tmp_path):
    path = write(
        tmp_path,
        "l.txt",
        "Caf\xe9 talks in S\xe3o Paulo\n\nThe m\xeal\xe9e ended.\n".encode("latin-1"),
    )
    doc = docs(read_text(path))[0]
    assert doc.title == "Café talks in São Paulo"
    assert "mêlée" in doc.text


def test_windows_1252_smart_quotes(tmp_path):
    raw = "He said \u201cno\u201d \u2013 it\u2019s over\u2026\n".encode("cp1252")
    assert b"\x93" in raw
    doc = docs(read_text(write(tmp_path, "q.txt", raw)))[0]
    assert doc.text == "He said \u201cno\u201d \u2013 it\u2019s over\u2026"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_with_bom(tmp_path, encoding):
    text = "Заголовок ok\n\nTürkiye and Россия met.\n"
    raw = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        raw = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + raw
    doc = docs(read_text(write(tmp_path, "u.txt", raw)))[0]
    assert doc.text == text.strip()
    assert not doc.text.startswith("\ufeff")


def test_utf16_without_bom_is_text_not_binary():
    assert decode_bytes("Talks resume in Geneva.\n".encode("utf-16-le"), "x.txt") == (
        "Talks resume in Geneva.\n"
    )


def test_decode_bytes_rejects_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    with pytest.raises(DecodeError) as info:
        decode_bytes(png, "pic.txt")
    assert isinstance(info.value, ValueError)
    assert info.value.reason == "binary file, not text"
    assert "pic.txt" in str(info.value)
    with pytest.raises(DecodeError):
        decode_bytes(bytes([1, 2, 3, 4, 5, 6]) * 100 + b"some text", "ctl.txt")


def test_decode_bytes_order():
    assert decode_bytes("naïve".encode(), "x") == "naïve"  # UTF-8 first
    assert decode_bytes(b"\x93quoted\x94", "x") == "\u201cquoted\u201d"  # then cp1252
    assert decode_bytes(b"\x81\xe9", "x") == "\x81é"  # latin-1 as the last resort
    assert decode_bytes(b"", "x") == ""


def test_binary_text_file_is_an_error(tmp_path):
    path = write(tmp_path, "image.txt", b"\x00\x01\x02GIF89a\x00\x00\xff" * 20)
    items = list(read_inputs([path]))
    assert docs(items) == []
    (err,) = errors(items)
    assert err.reason == "binary file, not text"
    assert err.path == str(path) and err.line is None
    assert str(err) == f"{path}: binary file, not text"


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \r\n", b"\x00"[:0] + b"\n\n"])
def test_empty_text_file(tmp_path, content):
    path = write(tmp_path, "empty.txt", content)
    (err,) = list(read_text(path))
    assert isinstance(err, IngestProblem)
    assert err.reason == "empty document"
    assert str(err) == f"{path}: empty document"


def test_document_too_long(tmp_path):
    path = write(tmp_path, "big.txt", "a" * (MAX_DOCUMENT_CHARS + 1))
    (err,) = list(read_text(path))
    assert isinstance(err, IngestProblem)
    assert err.reason == f"document too long ({MAX_DOCUMENT_CHARS + 1} chars, limit 5000000 chars)"
    path = write(tmp_path, "ok.txt", "a" * MAX_DOCUMENT_CHARS)
    assert len(docs(read_text(path))) == 1


def test_read_text_on_missing_file_and_directory(tmp_path):
    (err,) = list(read_text(tmp_path / "nope.txt"))
    assert err.reason == "no such file or directory"
    (err,) = list(read_text(tmp_path))
    assert isinstance(err, IngestProblem) and "directory" in err.reason
