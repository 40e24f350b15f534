"""Synthetic events for the large-store benchmarks (queries.py, dashboard.py), and their timer."""

from __future__ import annotations

import statistics
import time

COUNTRIES = ["PAK", "RUS", "SUN", "IND", "CHN", "USA", "TUR", "SYR", "IRN", "ISR", "GBR", "FRA",
             "DEU", "UKR", "AFG", "IRQ"]  # fmt: skip


def fill_events(store, n: int) -> None:
    """``n`` events over 1950–2023, ten per document ('d' || i // 10), one in ten negated."""
    codes = ", ".join(f"'{c}'" for c in COUNTRIES)
    k = len(COUNTRIES)
    store.con.execute("SET enable_progress_bar = false")
    store.con.execute(
        f"""
        INSERT INTO events (id, doc_id, sentence, sentence_start, sentence_end, span_start,
            span_end, trigger, source_code, source_country, target_code, target_country,
            "symmetric", cameo, root, quad, goldstein, when_start, when_end, when_precision,
            when_basis, when_text, modality, confidence, rule)
        SELECT 'e' || i, 'd' || (i // 10),
            'In the year the two sides did synthetic thing number ' || i || '.',
            (i % 10) * 80, (i % 10) * 80 + 60, (i % 10) * 80 + 18, (i % 10) * 80 + 21, 'did',
            c[1 + (i * 7) % {k}], c[1 + (i * 7) % {k}],
            c[1 + (i * 13 + 5) % {k}], c[1 + (i * 13 + 5) % {k}],
            false, lpad(((i % 20) + 1)::VARCHAR, 2, '0') || '0', lpad(((i % 20) + 1)::VARCHAR, 2, '0'),
            CASE WHEN i % 20 < 5 THEN 1 WHEN i % 20 < 9 THEN 2 WHEN i % 20 < 14 THEN 3 ELSE 4 END,
            ((i % 21) - 10)::DOUBLE,
            DATE '1950-01-01' + (i % 27000)::INTEGER, DATE '1950-01-01' + (i % 27000)::INTEGER,
            'day', 'text', 'the year', CASE WHEN i % 10 = 0 THEN 'negated' ELSE 'asserted' END,
            0.9, 'synthetic'
        FROM (SELECT range AS i, [{codes}] AS c FROM range({n}))
        """
    )


def timed(fn, runs: int = 5) -> float:
    """The median of ``runs`` calls of ``fn`` after one warm-up, in seconds."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
