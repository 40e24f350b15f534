"""The CLI through Typer's runner, on the real pipeline."""

import json

import pytest
from typer.testing import CliRunner

from detente.cli import app

STORY = (
    "TOKYO, 3 May 2016 - Japan and China held talks in Beijing on Tuesday, officials said.\n\n"
    "In 2015, Japanese Prime Minister Shinzo Abe visited Beijing.\n"
)


@pytest.fixture
def runner(nlp):  # nlp: load the model once for the session before any CLI call
    return CliRunner()


@pytest.fixture
def story(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(STORY, encoding="utf-8")
    return p


def invoke(runner, *args):
    result = runner.invoke(app, [str(a) for a in args])
    return result


def test_code_stores_events_and_prints_jsonl(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    r = invoke(runner, "code", story, "--db", db, "--published", "2016-05-04", "--format", "jsonl")
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert rows, r.output
    keys = {"id", "doc_id", "sentence", "span", "source", "target", "symmetric", "cameo", "root",
            "plover", "quad", "goldstein", "when", "modality", "confidence", "rule"}  # fmt: skip
    assert keys <= set(rows[0])
    assert {"code", "country", "sector", "name", "text"} <= set(rows[0]["source"])
    assert {"start", "end", "precision", "basis", "text"} <= set(rows[0]["when"])
    visit = [x for x in rows if x["cameo"].startswith("04") and x["when"]["start"] and x["when"]["start"].startswith("2015")]
    assert visit and visit[0]["source"]["code"] == "JPNGOV"
    assert "stored 1 document" in r.stderr


def test_rerunning_code_adds_nothing(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db)
    first = invoke(runner, "events", "--db", db, "--format", "jsonl").stdout
    r = invoke(runner, "code", story, "--db", db)
    assert r.exit_code == 0
    assert invoke(runner, "events", "--db", db, "--format", "jsonl").stdout == first
    assert "0 event(s)" in r.stderr


def test_a_bad_file_is_skipped_and_reported_and_the_good_one_kept(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Russia attacked Ukraine."}\n{not json\n', encoding="utf-8")
    r = invoke(runner, "code", story, bad, "--db", db)
    assert r.exit_code == 0
    assert "bad.jsonl:2" in r.stderr
    r = invoke(runner, "code", story, bad, "--db", db, "--strict")
    assert r.exit_code == 2
    out = invoke(runner, "events", "--db", db, "--format", "jsonl").stdout
    assert "Ukraine" in out and "Beijing" in out


def test_timeline_is_oldest_first_with_evidence(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db, "--published", "2016-05-04")
    r = invoke(runner, "timeline", "CHN", "JPN", "--db", db, "--format", "csv")
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("when_start")
    years = [line[:4] for line in lines[1:] if line[:1].isdigit()]
    assert years == sorted(years) and years[0] == "2015"
    assert "Shinzo Abe visited Beijing" in r.stdout


def test_events_filters_and_explain(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db, "--published", "2016-05-04")
    out = invoke(runner, "events", "--db", db, "--dyad", "JPN", "CHN", "--since", "2016", "--format", "jsonl").stdout
    rows = [json.loads(x) for x in out.splitlines()]
    assert rows and all(r["when_start"] >= "2016" for r in rows)
    r = invoke(runner, "explain", rows[0]["id"], "--db", db)
    assert r.exit_code == 0
    assert "matched pattern:" in r.stdout and "date " in r.stdout


def test_clear_errors(runner, tmp_path):
    db = tmp_path / "none.duckdb"
    r = invoke(runner, "events", "--db", db)
    assert r.exit_code == 1 and "no detente database" in r.stderr
    invoke(runner, "code", "-", "--db", db)
    r = invoke(runner, "timeline", "PAK", "XYZ", "--db", db)
    assert r.exit_code == 1 and "unknown country code 'XYZ'" in r.stderr
    r = invoke(runner, "explain", "deadbeef", "--db", db)
    assert r.exit_code == 1 and "no event" in r.stderr
    r = invoke(runner, "code", "x.txt", "--db", db, "--published", "yesterday")
    assert r.exit_code == 1 and "--published" in r.stderr


def test_stdin_and_memory_store(runner):
    r = runner.invoke(app, ["code", "-", "--db", ":memory:", "--format", "jsonl", "--published", "2016-05-04"],
                      input="Russia imposed sanctions on Turkey on Monday.\n")
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert any(x["source"]["country"] == "RUS" and x["target"]["country"] == "TUR" and x["root"] == "16" for x in rows)


def test_every_command_has_help(runner):
    for cmd in ("code", "events", "timeline", "explain"):
        r = runner.invoke(app, [cmd, "--help"])
        assert r.exit_code == 0 and len(r.stdout) > 100
