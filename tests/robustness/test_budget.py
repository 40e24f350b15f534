"""The per-document budget: hostile documents are turned away cheaply, reported, and not stored.

The two slow tests (a 200 MB document, a JSONL file of a million lines) run only when the
environment variable DETENTE_SLOW_TESTS is set; they generate their input in a temporary
directory.
"""

from __future__ import annotations

import json
import logging
import os
import random
import resource
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from detente import Store, pipeline, runner
from detente.cli import app
from detente.ingest import IngestProblem
from detente.pipeline import MAX_DOC_CHARS, MAX_SENTENCE_TOKENS, code_documents, over_budget
from detente.records import Document

slow = pytest.mark.skipif(
    not os.environ.get("DETENTE_SLOW_TESTS"), reason="set DETENTE_SLOW_TESTS=1"
)


def test_over_budget_reasons():
    assert over_budget("Russia and China held talks in Moscow on 3 May 2016.") is None
    assert over_budget("") is None
    assert over_budget("x" * MAX_DOC_CHARS) is None  # one long token is cheap
    assert over_budget("x" * (MAX_DOC_CHARS + 1)) == (
        f"too long ({MAX_DOC_CHARS + 1} chars, limit {MAX_DOC_CHARS})"
    )
    lines = "\n".join(" ".join(["Russia"] * MAX_SENTENCE_TOKENS) for _ in range(3))
    assert over_budget(lines) is None  # sentences end at line breaks
    one = "Russia " * (MAX_SENTENCE_TOKENS + 1)
    assert over_budget(one) == (
        f"too long (a sentence of about {MAX_SENTENCE_TOKENS + 1} tokens, "
        f"limit {MAX_SENTENCE_TOKENS})"
    )


def test_hostile_shapes_are_turned_away_quickly():
    # spaCy's tokenizer is quadratic in a run of affixes: 40,000 parentheses would take
    # minutes to tokenize. The budget check sees them in milliseconds.
    for text in ("(" * 20_000 + "x" + ")" * 20_000, ",".join(["Russia"] * 5000), "a." * 50_000):
        started = time.perf_counter()
        assert over_budget(text).startswith("too long (a sentence of about")
        assert time.perf_counter() - started < 5.0  # not a speed target: minutes would mean a parse


def test_code_documents_does_not_parse_a_document_over_budget(nlp, caplog):
    docs = [
        Document(id="a", text="Russia attacked Ukraine on 3 May 2016."),
        Document(id="b", text=", ".join(["Russia"] * 2000) + " attacked Ukraine."),
        Document(id="c", text="Pakistan and China signed an agreement."),
    ]
    with caplog.at_level(logging.WARNING, logger="detente.pipeline"):
        coded = list(code_documents(docs, nlp=nlp))
    assert [c.document.id for c in coded] == ["a", "b", "c"]
    assert coded[0].events and coded[2].events and coded[1].events == ()
    assert "document b not coded: too long (a sentence of about" in caplog.text


def test_detente_code_reports_documents_over_budget_and_stores_the_rest(nlp, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Russia met China in Moscow. " * 8000, encoding="utf-8")  # 224,000 chars
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate([
            "Russia attacked Ukraine on 3 May 2016.",
            " and ".join(["Russia"] * 1500) + " signed a treaty.",
            "Pakistan and China signed an agreement.",
        ])) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    db = tmp_path / "t.duckdb"
    result = CliRunner().invoke(app, ["code", str(big), str(feed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"{big}: too long (223999 chars, limit {MAX_DOC_CHARS})" in result.stderr
    assert f"{feed}:2: too long (a sentence of about 3003 tokens, limit 1000)" in result.stderr
    assert "skipped 2 unusable input(s) (2 too long)" in result.stderr
    with Store(db, read_only=True) as store:
        assert sorted(store.sql("SELECT id FROM documents")["id"]) == ["0", "2"]
    strict = CliRunner().invoke(app, ["code", str(big), "--db", str(db), "--strict"])
    assert strict.exit_code == 2


def test_a_batch_holds_at_most_one_budget_of_text(tmp_path, monkeypatch):
    sizes: list[int] = []

    class FakeCoder:
        def __init__(self, nlp, **kw):
            pass

        def feed(self, batch):
            sizes.append(sum(len(d.text) for d in batch))
            return [pipeline.CodedDocument(document=d) for d in batch]

        def finish(self):
            return []

    monkeypatch.setattr(runner, "Coder", FakeCoder)
    feed = tmp_path / "long.jsonl"
    sentence = "Russia met China. "
    with open(feed, "w", encoding="utf-8") as handle:
        handle.writelines(
            json.dumps({"id": i, "text": sentence * (60_000 // len(sentence))}) + "\n"
            for i in range(10)
        )
    with Store(":memory:") as store:
        out = list(runner.code_paths([feed], store, workers=1))
    assert len(out) == 10 and len(sizes) >= 4
    assert all(size <= MAX_DOC_CHARS for size in sizes), sizes


def test_bad_lines_are_reported_while_streaming(tmp_path, monkeypatch):
    """Errors are handed on as they are met (at most a bounded number held), not at the end."""
    produced = [0]
    real = runner.read_inputs

    def counting(*args, **kwargs):
        for item in real(*args, **kwargs):
            produced[0] += 1
            yield item

    monkeypatch.setattr(runner, "read_inputs", counting)
    feed = tmp_path / "bad.jsonl"
    feed.write_text("{not json\n" * 5000, encoding="utf-8")
    with Store(":memory:") as store:
        items = runner.code_paths([feed], store, workers=None)
        first = next(items)
        assert isinstance(first, IngestProblem) and first.line == 1
        assert produced[0] <= runner._MAX_HELD_ERRORS + 1
        assert sum(1 for _ in items) == 4999


# --------------------------------------------------------------------------------------
# Big inputs through a real `detente code` (slow: DETENTE_SLOW_TESTS=1)


def _run_code(path, db) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "detente", "code", str(path), "--db", str(db), "--no-progress"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    return done, time.perf_counter() - started


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@slow
def test_a_200_mb_document_is_refused_by_the_reader(tmp_path):
    huge = tmp_path / "huge.txt"
    paragraph = "MOSCOW, 3 May 2016 - Russia and Pakistan held talks on Tuesday.\n\n"
    with open(huge, "w", encoding="utf-8") as handle:
        handle.writelines(
            paragraph * 1000 for _ in range(200 * 1024 * 1024 // (len(paragraph) * 1000) + 1)
        )
    done, seconds = _run_code(huge, tmp_path / "h.duckdb")
    assert done.returncode == 0, done.stderr
    assert "huge.txt: document too long (more than" in done.stderr
    assert "stored 0 new document(s)" in done.stderr
    assert seconds < 30 and _peak_rss_mb() < 1500, (seconds, _peak_rss_mb())


@slow
def test_a_million_line_jsonl_with_malformed_rows_is_streamed(tmp_path):
    rng = random.Random(7)
    bad = ["{not json", "[1, 2]", '{"text": 5}', '{"id": "x"}', '{"text": "unterminated']
    feed = tmp_path / "million.jsonl"
    with open(feed, "w", encoding="utf-8") as handle:
        for i in range(1_000_000):
            if i % 10_000 == 0:
                handle.write(json.dumps({"id": f"d{i}", "text": f"Russia met China ({i})."}) + "\n")
            elif i % 2:
                handle.write(rng.choice(bad) + "\n")
            else:  # the same record again: read, recognised, not coded twice
                handle.write('{"id": "d0", "text": "Russia met China (0)."}\n')
    done, seconds = _run_code(feed, tmp_path / "m.duckdb")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "stored 100 new document(s)" in done.stderr and "skipped 500000 unusable" in done.stderr
    assert seconds < 180 and _peak_rss_mb() < 1500, (seconds, _peak_rss_mb())


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
