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
    assert "stored 1 new document" in r.stderr


def test_rerunning_code_adds_nothing(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db)
    first = invoke(runner, "events", "--db", db, "--format", "jsonl").stdout
    r = invoke(runner, "code", story, "--db", db)
    assert r.exit_code == 0
    assert invoke(runner, "events", "--db", db, "--format", "jsonl").stdout == first
    assert "0 event(s)" in r.stderr
    # it says what it found: the document is there already
    assert "1 document(s) already stored (skipped)" in r.stderr


def test_countries_by_name_or_code(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db, "--published", "2016-05-04")
    by_code = invoke(runner, "timeline", "JPN", "CHN", "--db", db, "--format", "csv").stdout
    assert by_code.count("\n") > 1
    for a, b in (("Japan", "China"), ("japan", "china"), ("Japan", "the People's Republic of China")):
        assert invoke(runner, "timeline", a, b, "--db", db, "--format", "csv").stdout == by_code


def test_an_unknown_name_suggests_the_closest_codes(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db)
    r = invoke(runner, "timeline", "Pakistn", "Russia", "--db", db)
    assert r.exit_code == 2
    assert "did you mean PAK (Pakistan)" in " ".join(r.stderr.split())


def test_an_empty_answer_says_what_the_store_holds(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db)
    r = invoke(runner, "events", "--dyad", "Peru", "Chile", "--db", db)
    assert r.exit_code == 0
    said = " ".join(r.stderr.split())
    assert "no asserted events between PER (Peru) and CHL (Chile)" in said and "the store holds" in said
    assert "most frequent dyads:" in said


def test_one_date_syntax_for_every_bound(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db, "--published", "2016-05-04")
    for cmd in (["events"], ["timeline", "JPN", "CHN"], ["export", "--format", "csv"]):
        for bound in ("2010", "2010-03", "2010-03-01"):
            r = invoke(runner, *cmd, "--since", bound, "--db", db)
            assert r.exit_code == 0, (cmd, bound, r.output)
        assert invoke(runner, *cmd, "--since", "2010-13", "--db", db).exit_code != 0


def test_actors_show_takes_names_and_never_a_prefix(runner):
    r = invoke(runner, "actors", "show", "Museveni")
    assert r.exit_code == 0 and "UGAGOV" in r.stdout and "Mauritius" not in r.stdout
    r = invoke(runner, "actors", "show", "Shimon Peres")
    assert "ISRGOV" in r.stdout and "Peru" not in r.stdout
    assert "SUN" in invoke(runner, "actors", "show", "the Soviet Union").stdout
    r = invoke(runner, "actors", "show", "Nowhereland")
    assert r.exit_code == 2 and "unknown" in r.stderr


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


def test_a_long_table_is_paged_and_says_so(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db, "--published", "2016-05-04")
    everything = invoke(runner, "timeline", "China", "Japan", "--db", db, "--format", "csv").stdout
    assert len(everything.strip().splitlines()) == 3  # header and two events
    first = invoke(runner, "timeline", "China", "Japan", "--db", db, "--limit", "1")
    assert "rows 1–1 of 2; --offset 1 shows the next ones" in " ".join(first.output.split())
    second = invoke(runner, "timeline", "CHN", "JPN", "--db", db, "--limit", "1", "--offset", "1", "--format", "csv")
    assert second.stdout.strip().splitlines()[1:] == everything.strip().splitlines()[2:]
    assert "of 2" not in invoke(runner, "events", "--db", db).output  # all shown: nothing to say


def test_events_filters_and_explain(runner, story, tmp_path):
    db = tmp_path / "t.duckdb"
    invoke(runner, "code", story, "--db", db, "--published", "2016-05-04")
    out = invoke(runner, "events", "--db", db, "--dyad", "JPN", "CHN", "--since", "2016", "--format", "jsonl").stdout
    rows = [json.loads(x) for x in out.splitlines()]
    assert rows and all(r["when_start"] >= "2016" for r in rows)
    r = invoke(runner, "explain", rows[0]["id"], "--db", db)
    assert r.exit_code == 0
    assert "read by the extractor" in r.stdout and "date " in r.stdout


def test_clear_errors(runner, tmp_path):
    db = tmp_path / "none.duckdb"
    r = invoke(runner, "events", "--db", db)
    assert r.exit_code == 1 and "no detente database" in r.stderr
    invoke(runner, "code", "-", "--db", db)
    r = invoke(runner, "timeline", "PAK", "XYZ", "--db", db)
    assert r.exit_code == 2 and "unknown country or organisation 'XYZ'" in r.stderr
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


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
