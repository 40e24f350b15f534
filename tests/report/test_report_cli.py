"""`detente report`, `detente series` and `detente states` through Typer's runner."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from detente.cli import app

from .conftest import EVIL


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args])

    return invoke


def test_report_html_to_a_file(run, report_db, tmp_path):
    out = tmp_path / "r.html"
    r = run("report", "PAK", "RUS", "--db", report_db, "--out", out)
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page
    assert "1 turning point(s)" in r.stderr


def test_report_html_on_stdout_and_markdown_with_its_chart(run, report_db, tmp_path):
    r = run("report", "PAK", "RUS", "--db", report_db, "--since", "2000", "--freq", "quarter")
    assert r.exit_code == 0, r.output
    assert (
        r.stdout.startswith("<!DOCTYPE html>") and "2005Q3" in r.stdout
    )  # year-long events sit at their midpoint
    md = tmp_path / "md" / "pak.md"
    md.parent.mkdir()
    r = run("report", "PAK", "RUS", "--db", report_db, "--format", "md", "--out", md)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "md" / "pak-rus.png").exists()
    assert "![PAK–RUS temperature](pak-rus.png)" in md.read_text(encoding="utf-8")


@pytest.mark.parametrize("cmd", ["report", "series", "states"])
def test_unknown_country_is_a_clean_error(run, report_db, cmd):
    r = run(cmd, "PAK", "XXX", "--db", report_db)
    assert r.exit_code == 2  # a usage error, like any bad argument
    assert "unknown country or organisation 'XXX'" in r.stderr and "Traceback" not in r.output


def test_bad_dates_and_missing_db(run, report_db, tmp_path):
    r = run("report", "PAK", "RUS", "--db", report_db, "--since", "last year")
    assert r.exit_code == 2 and "--since: a date bound must be" in r.stderr
    r = run("series", "PAK", "RUS", "--db", tmp_path / "none.duckdb")
    assert r.exit_code == 1 and "no detente database" in r.stderr


def test_series_formats(run, report_db, tmp_path):
    r = run("series", "PAK", "RUS", "--db", report_db, "--format", "csv")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("period,start,end,n_events,n_reports,q1,q2,q3,q4")
    assert lines[-1].startswith("2009,2009-01-01,2009-12-31,1,1,0,0,0,1")
    r = run(
        "series",
        "PAK",
        "RUS",
        "--db",
        report_db,
        "--format",
        "jsonl",
        "--freq",
        "month",
        "--since",
        "2009",
    )
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(rows) == 12  # the 2009 state covers every month
    assert [(x["period"], x["goldstein_mean"]) for x in rows if x["n_events"]] == [
        ("2009-07", -10.0)
    ]
    r = run("series", "PAK", "RUS", "--db", report_db, "--format", "parquet")
    assert r.exit_code == 1 and "needs --out" in r.stderr
    out = tmp_path / "s.parquet"
    r = run("series", "PAK", "RUS", "--db", report_db, "--format", "parquet", "--out", out)
    assert r.exit_code == 0, r.output
    frame = pd.read_parquet(out)
    assert len(frame) == 35 and frame["n_events"].sum() == 11
    r = run("series", "PAK", "RUS", "--db", report_db)
    assert r.exit_code == 0 and "goldstein_mean" in r.stdout


def test_states_jsonl_is_relation_state_records(run, report_db):
    r = run("states", "RUS", "PAK", "--db", report_db, "--format", "jsonl")
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(x["a"], x["b"], x["polarity"], x["strength"], x["trigger"]) for x in rows] == [
        ("PAK", "RUS", 1, 0.6, "warm"), ("PAK", "RUS", -1, 0.6, "cold")
    ]  # fmt: skip
    assert (
        rows[0]["when"]["start"] == "2000-01-01"
        and rows[0]["sentence"] == "Ties were warm in the early 2000s."
    )
    r = run("states", "PAK", "RUS", "--db", report_db)
    assert r.exit_code == 0 and "warm" in r.stdout
    r = run("states", "PAK", "RUS", "--db", report_db, "--format", "csv")
    assert r.stdout.splitlines()[0].startswith("doc_id,a,b,polarity")


def test_every_new_command_has_help(run):
    for cmd in ("report", "series", "states"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Usage" in r.output
    assert EVIL  # the fixture store carries hostile text; see test_report.py
