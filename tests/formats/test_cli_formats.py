"""import-gdelt, export and compare through Typer's runner (no spaCy model needed)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from detente.cli import app


@pytest.fixture(scope="module")
def db(gdelt_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "g.duckdb"
    r = CliRunner().invoke(app, ["import-gdelt", str(gdelt_file), "--db", str(path)])
    assert r.exit_code == 0, r.output
    assert "2271 new event(s)" in r.stderr
    return path


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_import_again_adds_nothing_and_bad_lines_are_reported(db, tmp_path):
    bad = tmp_path / "bad.CSV"
    bad.write_text("1\t2\n", encoding="utf-8")
    r = run("import-gdelt", bad, "--db", db)
    assert r.exit_code == 0 and f"skipped {bad}:1: 2 columns" in r.stderr
    assert "0 new event(s)" in r.stderr and "2271 events" in r.stderr.replace("\n", " ")
    assert run("import-gdelt", bad, "--db", db, "--strict").exit_code == 2


def test_export_gdelt_to_stdout(db, gdelt_file):
    r = run("export", "--format", "gdelt", "--db", db)
    assert r.exit_code == 0, r.output
    assert sorted(r.stdout.splitlines()) == sorted(gdelt_file.read_text(encoding="utf-8").splitlines())


def test_export_plover_dyad(db):
    r = run("export", "--format", "plover-jsonl", "--db", db, "--dyad", "RUS", "UKR")
    assert r.exit_code == 0, r.output
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert recs and all({x["actor_country"], x["recipient_country"]} == {"RUS", "UKR"} for x in recs)
    r = run("export", "--format", "plover-jsonl", "--db", db)
    assert len(r.stdout.splitlines()) == 1892
    assert "left out 379 event(s) with no PLOVER type" in r.stderr


def test_export_parquet_and_csv_files(db, tmp_path):
    assert run("export", "--format", "parquet", "--db", db).exit_code == 1
    out = tmp_path / "e.parquet"
    r = run("export", "--format", "parquet", "--db", db, "--out", out, "--since", "2015", "--until", "2015-02")
    assert r.exit_code == 0 and "wrote 2219 event(s)" in r.stderr
    assert pq.read_table(out).num_rows == 2219  # 52 rows are dated 2014-02-18
    csv = tmp_path / "e.csv"
    assert run("export", "--format", "csv", "--db", db, "--out", csv).exit_code == 0
    assert len(csv.read_text(encoding="utf-8").splitlines()) == 2272


def test_export_errors(db):
    r = run("export", "--format", "gdelt", "--db", db, "--dyad", "XXX", "RUS")
    assert r.exit_code == 2 and "unknown country or organisation 'XXX'" in r.stderr
    r = run("export", "--format", "gdelt", "--db", db, "--since", "last week")
    assert r.exit_code == 2 and "--since: a date bound must be a year" in r.stderr


def test_compare_prints_correlations_and_draws(db, tmp_path):
    out = tmp_path / "c.png"
    r = run("compare", "EGY", "LBY", "--db", db, "--out", out)
    assert r.exit_code == 0, r.output
    assert "Pearson r of the Goldstein mean: n/a" in r.stdout  # this store has no detente events
    assert "events: detente 0, gdelt 25" in r.stdout
    assert out.stat().st_size > 1000
    r = run("compare", "EGY", "LBY", "--db", db, "--sources", "gdelt,nyt")
    assert r.exit_code == 1 and "unknown source 'nyt'" in r.stderr
