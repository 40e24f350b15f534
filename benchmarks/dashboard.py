"""Dashboard speed on a large store: 1 million synthetic events (or --events N).

Fills a DuckDB store with synthetic events, documents and actors in SQL (as
benchmarks/queries.py does), then times the dashboard's pages in process with FastAPI's
TestClient: the PAK–RUS dyad page (HTML and JSON), a later timeline page, a filtered one, the
home page and a search. Each figure is the median of 5 runs after one warm-up.

Usage: python benchmarks/dashboard.py [--events N] [--db FILE]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from _synthetic import COUNTRIES, fill_events, timed  # benchmarks/, beside this script
from fastapi.testclient import TestClient

from detente import Store
from detente.web import create_app


def fill(store: Store, n: int) -> None:
    """``n`` events (:func:`_synthetic.fill_events`), their documents, and three actors a
    document: its first event's two sides and one more country."""
    codes = ", ".join(f"'{c}'" for c in COUNTRIES)
    k = len(COUNTRIES)
    con = store.con
    fill_events(store, n)
    con.execute(
        f"""
        INSERT INTO documents (id, title, source, published, text, n_events)
        SELECT 'd' || j, 'Synthetic report ' || j, 'synthetic',
               DATE '1950-01-01' + ((j * 10) % 27000)::INTEGER,
               repeat('In the year the two sides did a synthetic thing. ', 16), 10
        FROM range({(n + 9) // 10}) t(j)
        """
    )
    con.execute(
        f"""
        INSERT INTO actors (doc_id, code, country, name, text, span_start, span_end, via)
        SELECT 'd' || j, c[1 + ((j * 10 * 7) + x * (j * 60 + 5) + x * 3) % {k}],
               c[1 + ((j * 10 * 7) + x * (j * 60 + 5) + x * 3) % {k}], NULL, 'the side',
               x * 80 + 7, x * 80 + 15, 'country'
        FROM (SELECT range AS j, [{codes}] AS c FROM range({(n + 9) // 10})), range(3) r(x)
        """
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", help="keep the database here (default: a temporary file)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or os.path.join(tmp, "dashboard.duckdb")
        t0 = time.perf_counter()
        with Store(path) as store:
            if store.counts()["events"] < args.events:
                fill(store, args.events)
            counts = store.counts()
        print(f"store: {counts['events']:,} events, {counts['documents']:,} documents, "
              f"{counts['actors']:,} actors; built in {time.perf_counter() - t0:.1f}s, "
              f"{os.path.getsize(path) / 2**20:.0f} MiB")  # fmt: skip
        client = TestClient(create_app(path))
        r = client.get("/dyad/PAK/RUS", params={"format": "json"})
        r.raise_for_status()
        data = r.json()
        print(f"PAK-RUS: {data['totals']['all']:,} events ({data['totals']['asserted']:,} asserted), "
              f"analysis: {data['analysis']}, {len(data['series'])} periods, "
              f"{data['timeline']['pages']:,} timeline pages")  # fmt: skip

        pages = [
            ("dyad page PAK-RUS (HTML)", "/dyad/PAK/RUS", {}),
            ("dyad page PAK-RUS (JSON)", "/dyad/PAK/RUS", {"format": "json"}),
            ("dyad page PAK-RUS, timeline page 300", "/dyad/PAK/RUS", {"page": 300}),
            ("dyad page PAK-RUS, 2000-2001, root 19", "/dyad/PAK/RUS",
             {"since": "2000", "until": "2001", "root": "19"}),
            ("dyad page PAK-RUS by month", "/dyad/PAK/RUS", {"freq": "month"}),
            ("home page", "/", {}),
            ("search 'Pakistan'", "/search", {"q": "Pakistan"}),
        ]  # fmt: skip
        for label, url, params in pages:
            t = timed(lambda url=url, params=params: client.get(url, params=params).raise_for_status())
            print(f"{label}: {t * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
