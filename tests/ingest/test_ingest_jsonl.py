"""JSON Lines: records, ids, dates, per-line errors, encodings, streaming."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc

import pytest

from detente.ingest import MAX_DOCUMENT_CHARS, IngestProblem, read_inputs, read_jsonl, readers
from detente.records import Document


def write_lines(tmp_path, lines, name="feed.jsonl", encoding="utf-8"):
    path = tmp_path / name
    body = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    path.write_bytes(body.encode(encoding))
    return path


def split(items):
    items = list(items)
    return (
        [i for i in items if isinstance(i, Document)],
        [i for i in items if isinstance(i, IngestProblem)],
    )


def test_records_become_documents(tmp_path):
    path = write_lines(
        tmp_path,
        [
            {
                "id": "a1",
                "text": "Russia and Pakistan held joint drills.",
                "title": "Drills",
                "url": "https://x.org/a",
                "source": "Daily",
                "published": "2016-11-07",
            },
            {"id": 17, "text": "Second record."},
            {"text": "No id here.", "extra": {"ignored": True}},
        ],
    )
    docs, errs = split(read_jsonl(path))
    assert errs == []
    assert [d.id for d in docs[:2]] == ["a1", "17"]
    first = docs[0]
    assert (first.title, first.url, first.source) == ("Drills", "https://x.org/a", "Daily")
    assert (first.published, first.published_basis) == (dt.date(2016, 11, 7), "metadata")
    third = docs[2]
    assert third.source == "feed.jsonl"
    assert third.id == Document.make_id("No id here.", "feed.jsonl")


def test_generated_ids_are_stable_and_use_record_source(tmp_path):
    path = write_lines(tmp_path, [{"text": "Same text.", "source": "Wire"}, {"text": "Same text."}])
    run1, _ = split(read_jsonl(path))
    run2, _ = split(read_inputs([path]))
    assert [d.id for d in run1] == [d.id for d in run2]
    assert run1[0].id == Document.make_id("Same text.", "Wire")
    assert run1[1].id == Document.make_id("Same text.", "feed.jsonl")
    assert run1[0].id != run1[1].id


def test_ndjson_extension(tmp_path):
    path = write_lines(tmp_path, [{"text": "One."}], name="feed.ndjson")
    docs, _ = split(read_inputs([path]))
    assert len(docs) == 1


@pytest.mark.parametrize(
    "record, expected",
    [
        ({"published": "2016-11-07T10:00:00Z"}, (dt.date(2016, 11, 7), "metadata")),
        ({"published": "November 7, 2016"}, (dt.date(2016, 11, 7), "metadata")),
        ({"date": "2016-11-07"}, (dt.date(2016, 11, 7), "metadata")),
        ({"url": "https://x.org/2016/11/07/story"}, (dt.date(2016, 11, 7), "url")),
        ({}, (None, None)),
    ],
)
def test_record_dates(tmp_path, record, expected):
    path = write_lines(tmp_path, [{"text": "Ministers met.", **record}])
    docs, errs = split(read_jsonl(path))
    assert errs == []
    assert (docs[0].published, docs[0].published_basis) == expected


def test_dateline_in_record_text(tmp_path):
    path = write_lines(tmp_path, [{"text": "Headline\n\nNovember 7, 2016\n\nMinisters met."}])
    docs, _ = split(read_jsonl(path))
    assert (docs[0].published, docs[0].published_basis) == (dt.date(2016, 11, 7), "dateline")


def test_nonsense_date_warns_and_keeps_document_undated(tmp_path):
    path = write_lines(
        tmp_path,
        [{"text": "First."}, {"id": "x", "text": "Ministers met.", "published": "soon-ish"}],
    )
    docs, errs = split(read_jsonl(path))
    assert [d.id for d in docs] == [Document.make_id("First.", "feed.jsonl"), "x"]
    assert (docs[1].published, docs[1].published_basis) == (None, None)
    (warning,) = errs
    assert warning.is_warning and warning.severity == "warning"
    assert (warning.path, warning.line) == (str(path), 2)
    assert "field 'published'" in warning.reason and "soon-ish" in warning.reason
    assert str(warning).startswith(f"{path}:2: warning: field 'published'")


def test_nonsense_date_falls_back_to_argument(tmp_path):
    path = write_lines(tmp_path, [{"text": "Ministers met.", "date": "2016-13-45"}])
    docs, errs = split(read_jsonl(path, published=dt.date(2016, 11, 9)))
    assert (docs[0].published, docs[0].published_basis) == (dt.date(2016, 11, 9), "argument")
    assert "field 'date'" in errs[0].reason


def test_malformed_json_line_is_reported_and_skipped(tmp_path):
    path = write_lines(
        tmp_path,
        [{"text": "One."}, '{"text": "Two." "id": 2}', {"text": "Three."}],
    )
    docs, errs = split(read_inputs([path]))
    assert [d.text for d in docs] == ["One.", "Three."]
    (err,) = errs
    assert (err.path, err.line) == (str(path), 2)
    assert err.reason == "malformed JSON: Expecting ',' delimiter at column 17"
    assert str(err) == f"{path}:2: malformed JSON: Expecting ',' delimiter at column 17"


@pytest.mark.parametrize(
    "line, reason",
    [
        ('["text", "list"]', "JSON line is not an object (got array)"),
        ('"just a string"', "JSON line is not an object (got string)"),
        ("42", "JSON line is not an object (got number)"),
        ('{"body": "no text field"}', "record has no 'text' field"),
        ('{"text": null}', "record has no 'text' field"),
        ('{"text": 12}', "field 'text' must be a string, got number"),
        ('{"text": "   "}', "empty document"),
        (
            "{not json",
            "malformed JSON: Expecting property name enclosed in double quotes at column 2",
        ),
        ("[" * 100_000 + "]" * 100_000, None),
    ],
)
def test_bad_lines(tmp_path, line, reason):
    path = write_lines(tmp_path, [{"text": "Before."}, "", line, {"text": "After."}])
    docs, errs = split(read_jsonl(path))
    assert [d.text for d in docs] == ["Before.", "After."]
    (err,) = errs
    assert err.line == 3  # blank line 2 still counts
    if reason is not None:
        assert err.reason == reason
    else:
        assert err.reason.startswith("malformed JSON") or "not an object" in err.reason


def test_bad_optional_fields_warn(tmp_path):
    path = write_lines(tmp_path, [{"text": "T.", "id": ["a"], "title": {"x": 1}, "url": True}])
    docs, errs = split(read_jsonl(path))
    assert docs[0].id == Document.make_id("T.", "feed.jsonl")
    assert docs[0].title is None and docs[0].url is None
    assert {e.reason.split("'")[1] for e in errs} == {"id", "title", "url"}
    assert all(e.is_warning and e.line == 1 for e in errs)


def test_text_fields_are_normalised(tmp_path):
    path = write_lines(tmp_path, [{"text": "A\r\nB\u0000C\r\n\r\nD"}])
    docs, _ = split(read_jsonl(path))
    assert docs[0].text == "A\nBC\n\nD"


def test_document_too_long_is_skipped(tmp_path):
    path = write_lines(tmp_path, [{"text": "a" * (MAX_DOCUMENT_CHARS + 5)}, {"text": "Small."}])
    docs, errs = split(read_jsonl(path))
    assert [d.text for d in docs] == ["Small."]
    assert errs[0].line == 1
    assert errs[0].reason == (
        f"document too long ({MAX_DOCUMENT_CHARS + 5} chars, limit {MAX_DOCUMENT_CHARS} chars)"
    )


def test_over_long_line_is_skipped_without_loading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "_MAX_LINE_BYTES", 64)
    path = write_lines(tmp_path, [{"text": "x" * 500}, {"text": "Fine."}])
    docs, errs = split(read_jsonl(path))
    assert [d.text for d in docs] == ["Fine."]
    assert errs[0].line == 1 and errs[0].reason.startswith("line too long (")


def test_utf16_jsonl_with_bom(tmp_path):
    path = write_lines(tmp_path, [{"text": "Тур."}, "{bad", {"text": "Ok."}], encoding="utf-16")
    docs, errs = split(read_jsonl(path))
    assert [d.text for d in docs] == ["Тур.", "Ok."]
    assert errs[0].line == 2


def test_utf8_bom_and_cp1252_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "caf\xc3\xa9"}\n{"text": "\x93quoted\x94 na\xefve"}\n')
    docs, errs = split(read_jsonl(path))
    assert errs == []
    assert [d.text for d in docs] == ["café", "\u201cquoted\u201d naïve"]


def test_binary_and_empty_jsonl(tmp_path):
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    (err,) = list(read_jsonl(binary))
    assert err.reason == "binary file, not text" and err.line is None
    empty = tmp_path / "e.jsonl"
    empty.write_bytes(b"\n\n  \n")
    (err,) = list(read_jsonl(empty))
    assert err.reason == "empty document"


def test_jsonl_is_streamed(tmp_path):
    path = tmp_path / "big.jsonl"
    paragraph = "Officials met again to discuss the border and trade. " * 8
    with path.open("w", encoding="utf-8") as handle:
        for i in range(40_000):
            handle.write(json.dumps({"id": i, "text": f"Report {i}. {paragraph}"}) + "\n")
    assert path.stat().st_size > 15_000_000
    tracemalloc.start()
    try:
        count = 0
        for item in read_jsonl(path):
            assert isinstance(item, Document)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 40_000
    assert peak < 3_000_000, peak
