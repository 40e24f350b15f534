"""read_inputs: paths, directories, stdin, error records, never raising."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import logging
import sys

import pytest

from detente import ingest
from detente.ingest import IngestProblem, InputError, read_inputs, readers
from detente.records import Document


def write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def split(items):
    items = list(items)
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, IngestProblem)],
    )


def test_public_api():
    for name in ("IngestProblem", "InputError", "DecodeError", "read_inputs", "read_text",
                 "read_html", "read_jsonl", "read_csv", "find_published", "decode_bytes",
                 "MAX_DOCUMENT_CHARS"):  # fmt: skip
        assert name in ingest.__all__
        assert hasattr(ingest, name)
    assert ingest.MAX_DOCUMENT_CHARS == 5_000_000
    assert issubclass(ingest.DecodeError, ValueError)


def test_ingest_error_record():
    err = IngestProblem("feed.jsonl", 3, "malformed JSON: Expecting ',' delimiter at column 17")
    assert str(err) == "feed.jsonl:3: malformed JSON: Expecting ',' delimiter at column 17"
    assert str(IngestProblem("a.txt", None, "empty document")) == "a.txt: empty document"
    assert str(IngestProblem("f.csv", 2, "odd date", "warning")) == "f.csv:2: warning: odd date"
    assert not isinstance(err, Exception)
    with pytest.raises(dataclasses.FrozenInstanceError):
        err.line = 4  # type: ignore[misc]


def test_directory_is_read_recursively_sorted_skipping_hidden_and_unsupported(tmp_path):
    root = tmp_path / "corpus"
    write(root / "b.txt", "Second file.")
    write(root / "a.txt", "First file.")
    write(root / "sub" / "c.jsonl", json.dumps({"text": "Third, from JSONL."}) + "\n")
    write(root / "sub" / "deeper" / "d.csv", 'text\n"Fourth, from CSV."\n')
    write(root / "sub" / "e.html", "<html><body></body></html>")  # an error, reported
    write(root / "z.md", "Last.")
    write(root / ".hidden.txt", "Hidden file.")
    write(root / ".git" / "x.txt", "Hidden directory.")
    write(root / "notes.pdf", b"%PDF-1.4 binary")
    write(root / "image.png", b"\x89PNG\x00\x00")
    write(root / "README", "No extension.")
    docs, errs = split(read_inputs([root]))
    assert [d.text for d in docs] == [
        "First file.",
        "Second file.",
        "Third, from JSONL.",
        "Fourth, from CSV.",
        "Last.",
    ]
    assert [(e.path, e.reason) for e in errs] == [
        (str(root / "sub" / "e.html"), "no text found in HTML")
    ]
    assert docs[2].source == "c.jsonl"


def test_explicit_files_mix_with_errors_and_the_run_goes_on(tmp_path):
    good = write(tmp_path / "good.txt", "Good.")
    pdf = write(tmp_path / "paper.pdf", b"%PDF")
    noext = write(tmp_path / "README", "text")
    hidden = write(tmp_path / ".hidden.txt", "Named explicitly, so read.")
    missing = tmp_path / "missing.jsonl"
    items = list(read_inputs([str(missing), pdf, good, noext, hidden]))
    assert [type(i).__name__ for i in items] == [
        "IngestProblem", "IngestProblem", "Document", "IngestProblem", "Document"
    ]  # fmt: skip
    assert str(items[0]) == f"{missing}: no such file or directory"
    assert items[1].reason.startswith("unsupported file type .pdf; expected .txt")
    assert items[3].reason.startswith("unsupported file type (no extension)")


def test_no_paths_is_an_input_error():
    with pytest.raises(InputError):
        read_inputs([])  # raised at the call, not on iteration


def test_non_path_is_an_input_error():
    with pytest.raises(InputError):
        read_inputs([None])  # type: ignore[list-item]


def test_bad_published_argument_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        read_inputs([tmp_path], published="not a date")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        read_inputs([tmp_path], published=20161107)  # type: ignore[arg-type]


def test_single_path_and_string_published(tmp_path):
    path = write(tmp_path / "a.txt", "Ministers met.")
    (doc,) = read_inputs(str(path), published="2016-11-07")
    assert (doc.published, doc.published_basis) == (dt.date(2016, 11, 7), "argument")


def test_source_argument_labels_documents_without_a_source(tmp_path):
    txt = write(tmp_path / "a.txt", "Ministers met.")
    feed = write(
        tmp_path / "f.jsonl",
        json.dumps({"text": "One."}) + "\n" + json.dumps({"text": "Two.", "source": "Wire"}) + "\n",
    )
    docs, _ = split(read_inputs([txt, feed], source="Dawn"))
    assert [d.source for d in docs] == ["Dawn", "Dawn", "Wire"]
    assert all(d.id == Document.make_id(d.text, d.source) for d in docs)


def test_stdin_plain_text(monkeypatch):
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("\n\nBorder talks\n\nNovember 7, 2016\n\nBody.\n")
    )
    (doc,) = read_inputs(["-"])
    assert doc.text == "Border talks\n\nNovember 7, 2016\n\nBody."
    assert doc.title == "Border talks"
    assert (doc.published, doc.published_basis) == (dt.date(2016, 11, 7), "dateline")
    assert doc.source is None and doc.id == Document.make_id(doc.text, None)


def test_stdin_published_argument_and_source(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("November 7, 2016\n\nBody."))
    (doc,) = read_inputs(["-"], published=dt.date(2016, 11, 8), source="Dawn")
    assert (doc.published, doc.published_basis, doc.source) == (
        dt.date(2016, 11, 8),
        "argument",
        "Dawn",
    )


def test_stdin_jsonl(monkeypatch):
    lines = ["", json.dumps({"id": "a", "text": "One."}), "{oops", json.dumps({"text": "Three."})]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    docs, errs = split(read_inputs(["-"]))
    assert [d.text for d in docs] == ["One.", "Three."]
    assert docs[0].id == "a"
    (err,) = errs
    assert (err.path, err.line) == ("<stdin>", 3)
    assert str(err).startswith("<stdin>:3: malformed JSON")


@pytest.mark.parametrize("content, reason", [("", "empty document"), ("\n \n", "empty document"),
                                             ("a\x00b", "binary file, not text")])  # fmt: skip
def test_stdin_problems(monkeypatch, content, reason):
    monkeypatch.setattr(sys, "stdin", io.StringIO(content))
    (err,) = read_inputs(["-"])
    assert isinstance(err, IngestProblem) and err.path == "<stdin>" and err.reason == reason


def test_unexpected_reader_failure_is_a_record(tmp_path, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(readers, "normalize_text", boom)
    a = write(tmp_path / "a.txt", "A.")
    with caplog.at_level(logging.ERROR, logger="detente.ingest"):
        items = list(read_inputs([a, a]))
    assert len(items) == 2
    assert all(isinstance(i, IngestProblem) and "RuntimeError: bug" in i.reason for i in items)


def test_library_never_prints(tmp_path, capsys, monkeypatch):
    write(tmp_path / "bad.jsonl", "{bad\n")
    write(tmp_path / "bin.txt", b"\x00\x01\x02" * 10)
    write(
        tmp_path / "ok.html",
        "<html><body><p>" + "Talks resumed today in Geneva. " * 5 + "</p></body></html>",
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("Some text."))
    items = list(read_inputs([tmp_path, tmp_path / "missing.csv", "-"]))
    assert len(items) == 5
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
