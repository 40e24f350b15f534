"""How long the command line takes to answer, printed in one run.

The median wall time of each command (a fresh process each time, as a user runs it) on a
small store (the bundled examples/, coded first) and on a store of 1 million synthetic
events, side by side; and the floor no query command can beat: the venv's python importing
duckdb and pandas. The last lines give ``--version`` and a small-store ``timeline`` as
multiples of that floor (target: at most 2x).

Usage: python benchmarks/cli_latency.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _synthetic import fill_events

REPO = Path(__file__).resolve().parents[1]
#: The command line as the console script runs it (``python -m detente`` is the same program;
#: set PYTHONPATH to time another checkout's code).
DETENTE = [sys.executable, "-m", "detente"]


def wall(argv: list[str], runs: int) -> float:
    """Median seconds of ``runs`` runs of ``argv`` (after one warm-up run)."""
    subprocess.run(argv, capture_output=True, check=False)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def commands(db: str, event_id: str) -> list[tuple[str, list[str]]]:
    return [
        ("--version", ["--version"]),
        ("events --dyad PAK RUS", ["events", "--dyad", "PAK", "RUS", "--db", db, "--limit", "50"]),
        ("timeline Pakistan Russia", ["timeline", "Pakistan", "Russia", "--db", db]),
        ("explain EVENT", ["explain", event_id, "--db", db]),
        ("states PAK RUS", ["states", "PAK", "RUS", "--db", db]),
        ("series PAK RUS --format csv", ["series", "PAK", "RUS", "--db", db, "--format", "csv"]),
        ("export --format csv --dyad PAK RUS", ["export", "--format", "csv", "--dyad", "PAK", "RUS", "--db", db]),
        ("actors show Pakistan", ["actors", "show", "Pakistan"]),
    ]


def first_event(db: str) -> str:
    import duckdb

    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute("SELECT id FROM events ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    from detente import Store

    with tempfile.TemporaryDirectory() as tmp:
        small = os.path.join(tmp, "small.duckdb")
        subprocess.run([*DETENTE, "code", str(REPO / "examples"), "--db", small, "--no-progress"],
                       capture_output=True, check=True)
        big = os.path.join(tmp, "big.duckdb")
        with Store(big) as store:
            fill_events(store, 1_000_000)
        floor = wall([sys.executable, "-c", "import duckdb, pandas"], args.runs)
        print(f"floor (python -c 'import duckdb, pandas'): {floor:.2f}s")
        print(f"{'command':38s} {'small store':>12s} {'1M events':>12s}")
        small_times = {}
        for (name, cmd), (_, cmd_big) in zip(commands(small, first_event(small)), commands(big, first_event(big))):
            ts = wall([*DETENTE, *cmd], args.runs)
            tb = wall([*DETENTE, *cmd_big], args.runs)
            small_times[name] = ts
            print(f"{name:38s} {ts:10.2f}s {tb:10.2f}s")
        print(f"--version: {small_times['--version'] / floor:.1f}x the floor; "
              f"timeline on the small store: {small_times['timeline Pakistan Russia'] / floor:.1f}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
