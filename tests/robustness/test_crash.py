"""Crash safety: `detente code` killed with SIGKILL anywhere, then re-run, gives the store of
one uninterrupted run: same documents, same events and rows, nothing twice.

A real ``python -m detente code DIR --db FILE --no-progress`` runs on a generated corpus of
60 small documents (four batches of 16; fewer than would start worker processes). Each kill
is time-based, at points spread over a whole run (stratified at random over the reference
run's duration: Python start-up, model load, coding, writing), plus one kill triggered by
the database's write-ahead log changing (right at a batch's commit; the store's own set-up
changes it too, so while such a kill leaves nothing stored, the next comes one change later).
After each kill the store must hold whole batches only, each exactly as the reference run
stored it; then the same command is re-run to completion and the store must equal the
reference.

Two kill/re-run cycles run at a time, each on its own database.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

N_TIMED_KILLS = 10
N_DOCS = 60
BATCH = 16
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

_COUNTRIES = ("Russia", "Pakistan", "China", "India", "Iran", "Turkey", "Syria", "France")
_VERBS = ("attacked", "met", "condemned", "praised", "visited", "threatened", "accused",
          "signed an agreement with", "held talks with", "sent troops to")  # fmt: skip
_DATES = ("on 3 May 2016", "in 1999", "last week", "on Tuesday", "in March 2015", "")


def _corpus(root: Path, rng: random.Random) -> Path:
    """40 plain-text stories and a JSONL file of 20 wire reports."""

    def story() -> str:
        parts = []
        for _ in range(rng.randint(2, 5)):
            a, b = rng.sample(_COUNTRIES, 2)
            parts.append(f"{a} {rng.choice(_VERBS)} {b} {rng.choice(_DATES)}".strip() + ".")
        return " ".join(parts)

    corpus = root / "corpus"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"story{i:03d}.txt").write_text(
            f"MOSCOW, {rng.randint(1, 28)} May 2016\n\n{story()}\n", encoding="utf-8"
        )
    with open(corpus / "wire.jsonl", "w", encoding="utf-8") as handle:
        for i in range(20):
            handle.write(
                json.dumps({"id": f"wire-{i}", "text": story(), "published": "2015-03-02"}) + "\n"
            )
    return corpus


def _command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "detente", "code", str(corpus), "--db", str(db), "--no-progress"]


def _start(corpus: Path, db: Path) -> subprocess.Popen:
    # its own process group, so that a kill reaches any process it started
    return subprocess.Popen(
        _command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=ENV, start_new_session=True,
    )  # fmt: skip


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def _complete(corpus: Path, db: Path) -> None:
    done = subprocess.run(
        _command(corpus, db), capture_output=True, text=True, env=ENV, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, in a canonical order (documents without their coding time)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if not tables:  # killed after the file was made, before the schema was
            return {t: [] for t in ("documents", "events", "actors", "states", "interests")}
        return {
            "documents": con.execute("SELECT * EXCLUDE (coded_at) FROM documents ORDER BY id").fetchall(),
            "events": con.execute("SELECT * FROM events ORDER BY id").fetchall(),
            **{t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
               for t in ("actors", "states", "interests")},
        }  # fmt: skip
    finally:
        con.close()


def _restricted(snap: dict[str, list[tuple]], doc_ids: set[str]) -> dict[str, list[tuple]]:
    """The rows of ``snap`` that belong to ``doc_ids`` (doc_id is column 1 of events, 0 of the
    others; id is column 0 of documents)."""
    where = {"documents": 0, "events": 1, "actors": 0, "states": 0, "interests": 0}
    return {t: [r for r in rows if r[where[t]] in doc_ids] for t, rows in snap.items()}


def _phase(db_existed: bool, n_left: int, finished: bool) -> str:
    if finished:
        return "finished"
    if not db_existed:
        return "start-up"  # before the store was opened
    if n_left == 0:
        return "model load"  # the store is open; reading, loading the model, first batch
    return "writing" if n_left < N_DOCS else "closing"


def _kill_at_wal_change(corpus: Path, db: Path, wanted: int) -> tuple[bool, bool]:
    """Run, and kill the run at the ``wanted``-th change of its WAL: (finished first, db made)."""
    proc = _start(corpus, db)
    wal, changes, last = Path(f"{db}.wal"), 0, None
    while proc.poll() is None and changes < wanted:
        size = wal.stat().st_size if wal.exists() else None
        if size is not None and size != last:
            changes, last = changes + (last is not None), size
        time.sleep(0.001)
    finished, existed = proc.poll() is not None, db.exists()
    _kill(proc)
    return finished, existed


def _cycle(corpus: Path, db: Path, when: float | str, reference: dict, run_length: list[float]):
    """Start a run, kill it (at fraction ``when`` of the current length of a run, or at the
    n-th change of its WAL for "wal:n"), check what it left, re-run it to completion, check
    the result. A whole run (one that ends before its kill, or a re-run from nothing) updates
    ``run_length``: the machine's load varies."""
    if isinstance(when, str):
        # the first changes of the WAL are the store's own set-up (tables, views, metadata,
        # committed one by one; how many of them a poll sees depends on the load): while a
        # kill leaves nothing stored, the next run is killed one change later
        first = int(when.split(":")[1])
        for wanted in range(first, first + 8):
            finished, existed = _kill_at_wal_change(corpus, db, wanted)
            left = snapshot(db) if db.exists() else {t: [] for t in reference}
            if finished or left["documents"]:
                break
            assert left == _restricted(reference, set()), f"wal:{wanted}"
        label = f"wal:{wanted}"
    else:
        proc = _start(corpus, db)
        seconds = when * run_length[0]
        label = f"{seconds:.2f}s ({when:.0%})"
        started = time.perf_counter()
        try:
            proc.wait(timeout=seconds)
            run_length[0] = time.perf_counter() - started  # it ran to the end: a whole run
        except subprocess.TimeoutExpired:
            pass
        finished = proc.poll() is not None
        existed = db.exists()
        _kill(proc)
        left = snapshot(db) if db.exists() else {t: [] for t in reference}
    n_left = len(left["documents"])
    # only whole batches were stored, each exactly as the uninterrupted run stored it
    assert n_left in (0, BATCH, 2 * BATCH, 3 * BATCH, N_DOCS), n_left
    assert left == _restricted(reference, {r[0] for r in left["documents"]}), label
    if isinstance(when, str) and not finished:  # a committed batch survives (WAL replay)
        assert n_left >= BATCH, (label, n_left)
    started = time.perf_counter()
    _complete(corpus, db)
    if n_left == 0:
        run_length[0] = (run_length[0] + time.perf_counter() - started) / 2
    final = snapshot(db)
    assert final == reference, f"kill at {label}: store differs from an uninterrupted run"
    return {
        "kill": label,
        "phase": _phase(existed, n_left, finished),
        "stored_before_rerun": n_left,
    }


def test_sigkill_at_any_point_then_rerun_gives_the_uninterrupted_store(tmp_path):
    seed = int(os.environ.get("DETENTE_CRASH_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    corpus = _corpus(tmp_path, random.Random(3))

    # two uninterrupted runs side by side: the reference store (both must agree), and the
    # length of a run while another one shares the machine, as the kill cycles will
    def timed(db: Path) -> float:
        started = time.perf_counter()
        _complete(corpus, db)
        return time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=2) as pool:
        durations = list(pool.map(timed, [tmp_path / "ref1.duckdb", tmp_path / "ref2.duckdb"]))
    reference = snapshot(tmp_path / "ref1.duckdb")
    assert snapshot(tmp_path / "ref2.duckdb") == reference
    assert len(reference["documents"]) == N_DOCS and reference["events"]
    assert len({r[0] for r in reference["events"]}) == len(reference["events"])

    # one random point in each tenth of a run (start-up and model load come first, then
    # batches are coded and written), in a shuffled order so both lanes see early and late
    # points; and one kill right at the second batch's commit
    run_length = [sum(durations) / 2]
    points: list[float | str] = [(i + rng.random()) / N_TIMED_KILLS for i in range(N_TIMED_KILLS)]
    rng.shuffle(points)
    points.insert(0, "wal:2")
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(
            lambda iw: _cycle(corpus, tmp_path / f"run{iw[0]}.duckdb", iw[1], reference, run_length),
            enumerate(points),
        ))  # fmt: skip
    phases = [r["phase"] for r in results]
    summary = f"seed {seed}; kills: {results}"
    assert "model load" in phases and "writing" in phases, summary
    print(summary)


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
