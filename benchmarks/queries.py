"""Query speed on a large store: 10 million synthetic events (or --events N).

Times the dyad yearly series (Store.dyad_counts) and a dyad timeline page of 100 events
(Store.timeline with limit), each the median of 5 runs after one warm-up.

Usage: python benchmarks/queries.py [--events N] [--db FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

from detente import Store

COUNTRIES = ["PAK", "RUS", "SUN", "IND", "CHN", "USA", "TUR", "SYR", "IRN", "ISR", "GBR", "FRA", "DEU", "UKR", "AFG", "IRQ"]


def fill(store: Store, n: int) -> None:
    codes = ", ".join(f"'{c}'" for c in COUNTRIES)
    store.con.execute(
        f"""
        INSERT INTO events (id, doc_id, sentence, span_start, span_end, trigger,
            source_code, source_country, target_code, target_country, "symmetric", cameo, root,
            quad, goldstein, when_start, when_end, when_precision, when_basis, modality, confidence, rule)
        SELECT 'e' || i, 'd' || (i // 10), 'Synthetic sentence ' || i || '.', 0, 5, 'did',
            c[1 + (i * 7) % {len(COUNTRIES)}], c[1 + (i * 7) % {len(COUNTRIES)}],
            c[1 + (i * 13 + 5) % {len(COUNTRIES)}], c[1 + (i * 13 + 5) % {len(COUNTRIES)}],
            false, lpad(((i % 20) + 1)::VARCHAR, 2, '0') || '0', lpad(((i % 20) + 1)::VARCHAR, 2, '0'),
            CASE WHEN i % 20 < 5 THEN 1 WHEN i % 20 < 9 THEN 2 WHEN i % 20 < 14 THEN 3 ELSE 4 END,
            ((i % 21) - 10)::DOUBLE,
            DATE '1950-01-01' + (i % 27000)::INTEGER, DATE '1950-01-01' + (i % 27000)::INTEGER,
            'day', 'text', CASE WHEN i % 10 = 0 THEN 'negated' ELSE 'asserted' END, 0.9, 'synthetic'
        FROM (SELECT range AS i, [{codes}] AS c FROM range({n}))
        """
    )


def timed(fn) -> float:
    fn()
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


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
                fill(store, args.events)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
