"""Query speed on a large store: 10 million synthetic events (or --events N).

Times the dyad yearly series (Store.dyad_counts), a dyad timeline page of 100 events
(Store.timeline with limit) and the whole picture of the dyad (analysis.dyad_picture), each the
median of 5 runs after one warm-up.

Usage: python benchmarks/queries.py [--events N] [--db FILE]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from _synthetic import fill_events, timed  # benchmarks/, beside this script

from detente import Store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--db", help="keep the database here (default: a temporary file)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or os.path.join(tmp, "big.duckdb")
        t0 = time.perf_counter()
        with Store(path) as store:
            if store.counts()["events"] < args.events:
                fill_events(store, args.events)
        print(f"store: {args.events:,} events, built in {time.perf_counter() - t0:.1f}s, {os.path.getsize(path) / 2**20:.0f} MiB")
        with Store(path, read_only=True) as store:
            n = store.sql("SELECT count(*) AS n FROM events WHERE (source_country IN ('PAK') AND target_country IN ('RUS','SUN')) OR (source_country IN ('RUS','SUN') AND target_country IN ('PAK'))")["n"][0]
            print(f"PAK-RUS events: {n:,}")
            t = timed(lambda: store.dyad_counts("PAK", "RUS", freq="year"))
            print(f"dyad yearly series (PAK-RUS): {t * 1000:.0f} ms")
            t = timed(lambda: store.timeline("PAK", "RUS", limit=100))
            print(f"dyad timeline page, 100 events (PAK-RUS): {t * 1000:.0f} ms")
            t = timed(lambda: store.timeline("PAK", "RUS", since=2000, until=2001, limit=100))
            print(f"dyad timeline page, 2000-2001 (PAK-RUS): {t * 1000:.0f} ms")
            from detente.analysis import dyad_picture

            t = timed(lambda: dyad_picture(store, "PAK", "RUS"))
            print(f"dyad picture, everything the report and the dashboard show (PAK-RUS, counted in the database): {t * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
