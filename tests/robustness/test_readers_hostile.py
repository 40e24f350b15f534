"""Property tests: whatever bytes the readers get, nothing raises and every problem is reported.

The readers turn an unexpected exception into a final IngestProblem "unexpected error while
reading ..." (so one bad file cannot stop a run); these tests treat that record as a crash,
since it means the rest of the file was lost.
"""

from __future__ import annotations

import io
import re

import pytest
from _hostile import (
    EXACT,
    bad_lines,
    check_items,
    csv_files,
    encoded_texts,
    hostile_texts,
    html_pages,
    jsonl_lines,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.ingest import (
    normalize_text,
    read_csv,
    read_html,
    read_inputs,
    read_jsonl,
    read_stdin,
    read_text,
)

_SURROGATE = re.compile("[\ud800-\udfff]")
FAST = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


# --------------------------------------------------------------------------------------
# Random bytes, any extension


@FAST
@given(data=st.binary(max_size=3000), ext=st.sampled_from([".txt", ".md", ".jsonl", ".csv"]))
def test_random_bytes_never_crash_a_reader(workdir, data, ext):
    path = workdir / f"random{ext}"
    path.write_bytes(data)
    docs, errors = check_items(read_inputs([path]), path, n_lines=data.count(b"\n") + 1)
    assert docs or errors  # every file yields something: a document or why not


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=3000))
def test_random_bytes_as_html(workdir, data):
    path = workdir / "random.html"
    path.write_bytes(data)
    docs, errors = check_items(read_html(path), path)
    assert len(docs) + len([e for e in errors if not e.is_warning]) == 1


# --------------------------------------------------------------------------------------
# Random text in random encodings


@FAST
@given(encoded=encoded_texts())
def test_any_encoding_is_read_or_refused_cleanly(workdir, encoded):
    text, encoding, data = encoded
    path = workdir / "encoded.txt"
    path.write_bytes(data)
    docs, errors = check_items(read_text(path), path)
    assert len(docs) + len([e for e in errors if not e.is_warning]) == 1
    # text carried by a byte-order mark, or valid UTF-8, comes back exactly (normalised);
    # UTF-8 with NUL bytes may pass for BOM-less UTF-16 or binary, by design
    if encoding in EXACT and docs and (encoding != "utf-8" or "\x00" not in text):
        assert docs[0].text == normalize_text(text)


# --------------------------------------------------------------------------------------
# JSON Lines with malformed rows


@FAST
@given(lines=jsonl_lines(), crlf=st.booleans(), bom=st.booleans())
def test_jsonl_every_line_is_a_document_or_an_error_with_its_number(workdir, lines, crlf, bom):
    path = workdir / "feed.jsonl"
    ending = "\r\n" if crlf else "\n"
    body = ending.join(lines) + ending
    path.write_bytes(("\ufeff" if bom else "").encode() + body.encode("utf-8", "surrogatepass"))
    items = list(read_jsonl(path))
    docs, errors = check_items(items, path, n_lines=len(lines))
    if not any(line.strip() for line in lines):
        assert [e.reason for e in errors] == ["empty document"]
        return
    failed = {e.line for e in errors if not e.is_warning}
    if None in failed:  # the whole file refused: only when its start looks binary
        assert [e.reason for e in errors] == ["binary file, not text"] and not docs
        assert "\x00" in body[:8192] or sum(c < " " for c in body[:8192]) > 1, body[:200]
        return
    # each non-blank line gave exactly one outcome: a document, or an error on that line
    assert len(docs) + len(failed) == sum(1 for line in lines if line.strip())


@FAST
@given(good=st.lists(hostile_texts(max_pieces=3, max_repeat=5), max_size=5), bad=bad_lines())
def test_a_bad_line_costs_only_itself(workdir, good, bad):
    import json

    # raw UTF-8, except around lone surrogates: JSON escapes them ("\ud800")
    lines = [json.dumps({"text": t}, ensure_ascii=bool(_SURROGATE.search(t))) for t in good]
    at = len(lines) // 2
    lines.insert(at, bad)
    path = workdir / "mixed.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
    docs, _ = check_items(read_jsonl(path), path, n_lines=len(lines))
    expected = [normalize_text(t) for t in good if normalize_text(t)]
    texts = [d.text for d in docs]
    if len(texts) == len(expected) + 1:  # the "bad" line happened to be a usable record
        k = sum(1 for t in good[:at] if normalize_text(t))
        texts = texts[:k] + texts[k + 1 :]
    assert texts == expected


# --------------------------------------------------------------------------------------
# CSV with broken quoting


@FAST
@given(csv_file=csv_files())
def test_csv_with_broken_quoting_is_reported_row_by_row(workdir, csv_file):
    _, _, text = csv_file
    path = workdir / "table.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    n_lines = len(re.split("\r\n|\r|\n", text))
    docs, errors = check_items(read_csv(path), path, n_lines=n_lines)
    assert docs or errors


_C0 = re.compile("[\x00-\x08\x0e-\x1f]")  # a file full of these is binary, by design


@FAST
@given(
    texts=st.lists(
        hostile_texts(max_pieces=3, max_repeat=5).map(
            lambda t: _C0.sub("", t).encode("utf-8", "replace").decode("utf-8")
        ),
        min_size=1,
        max_size=6,
    )
)
def test_well_quoted_csv_gives_back_every_text(workdir, texts):
    import csv

    path = workdir / "ok.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        for i, t in enumerate(texts):
            writer.writerow([f"r{i}", t])
    docs, errors = check_items(read_csv(path), path)
    expected = {f"r{i}": normalize_text(t) for i, t in enumerate(texts)}
    assert {d.id: d.text for d in docs} == {k: v for k, v in expected.items() if v}
    assert all(e.reason == "empty document" for e in errors if not e.is_warning), errors


# --------------------------------------------------------------------------------------
# HTML, standard input, a budget


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=html_pages(), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_random_html_is_extracted_or_refused_cleanly(workdir, page, encoding):
    path = workdir / "page.html"
    path.write_bytes(page.encode("utf-8", "replace").decode("utf-8").encode(encoding, "replace"))
    docs, errors = check_items(read_html(path), path)
    assert len(docs) + len([e for e in errors if not e.is_warning]) == 1


@FAST
@given(text=st.one_of(hostile_texts(max_pieces=6), jsonl_lines().map("\n".join)))
def test_stdin_is_read_or_refused_cleanly(text):
    check_items(read_stdin(stream=io.StringIO(text)), "<stdin>", n_lines=text.count("\n") + 1)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(hostile_texts(max_pieces=4, max_repeat=50), min_size=1, max_size=5),
       limit=st.integers(1, 400))  # fmt: skip
def test_a_budget_turns_documents_away_with_file_and_line(workdir, texts, limit):
    import json

    path = workdir / "budget.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")

    def budget(text: str) -> str | None:
        return f"too long ({len(text)} chars, limit {limit})" if len(text) > limit else None

    docs, errors = check_items(read_inputs([path], budget=budget), path, n_lines=len(texts))
    assert all(len(d.text) <= limit for d in docs)
    refused = [e for e in errors if e.reason.startswith("too long (")]
    assert len(refused) == sum(1 for t in texts if len(normalize_text(t)) > limit)
    assert all(e.line is not None for e in refused)
