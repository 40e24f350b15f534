"""One writer: a database another process holds gives a clear message, after a short wait.

DuckDB lets one process open a database file to write it, or any number of processes open it
read-only, never both (docs/concurrency.md). A helper process holds the file here, as a
running `detente code` would.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from detente import Store, cli
from detente.store import StoreLockedError

HOLD = (
    "import duckdb, sys, time\n"
    "con = duckdb.connect(sys.argv[1], read_only=sys.argv[3] == 'ro')\n"
    "print('holding', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
)


def _hold(db, seconds: float, mode: str = "rw") -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds), mode],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout.readline().strip() == "holding"
    return proc


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "events.duckdb"
    Store(path).close()
    return path


def test_reading_while_another_process_writes_says_so(db):
    holder = _hold(db, 30)
    try:
        started = time.perf_counter()
        with pytest.raises(StoreLockedError) as info:
            Store(db, read_only=True, wait=0.3)
        assert time.perf_counter() - started >= 0.3  # retried before giving up
        assert info.value.pid == holder.pid
        assert f"is being written by another process (PID {holder.pid})" in str(info.value)
        with pytest.raises(StoreLockedError, match="is open in another process"):
            Store(db, wait=0)
    finally:
        holder.kill()
        holder.wait()


def test_a_reader_waits_for_a_writer_that_finishes(db):
    holder = _hold(db, 0.5)
    try:
        with Store(db, read_only=True, wait=20) as store:
            assert store.counts()["documents"] == 0
    finally:
        holder.wait()


def test_readers_share_and_a_writer_waits_for_them(db):
    reader = _hold(db, 0.5, "ro")
    try:
        with Store(db, read_only=True) as store:  # readers share the file
            assert store.counts()["events"] == 0
        with Store(db, wait=20) as store:  # the writer gets it once the reader is done
            assert store.counts()["events"] == 0
    finally:
        reader.wait()


def test_cli_commands_report_a_locked_database_cleanly(db, tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "LOCK_WAIT", 0.2)
    story = tmp_path / "story.txt"
    story.write_text("Russia attacked Ukraine on 3 May 2016.", encoding="utf-8")
    holder = _hold(db, 60)
    try:
        runner = CliRunner()
        for args in (["events", "--db", db], ["timeline", "PAK", "RUS", "--db", db],
                     ["code", story, "--db", db]):  # fmt: skip
            result = runner.invoke(cli.app, [str(a) for a in args])
            assert result.exit_code == 1, (args, result.output)
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert f"(PID {holder.pid})" in result.stderr
            assert "Traceback" not in result.output
        # a real process, as a user would run it
        done = subprocess.run([sys.executable, "-m", "detente", "events", "--db", str(db)],
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "is being written by another process" in " ".join(done.stderr.split())
    finally:
        holder.kill()
        holder.wait()


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
