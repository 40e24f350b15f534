"""Scaling: 1x, 4x and 16x a corpus through `detente code`, one process each.

Time per sentence should stay flat (within 10%) and peak memory per process should stay
under 1.5 GiB and not grow with the corpus: the reader streams, batches are written as they
are coded. The corpus is the Guardian sample (a tenth of it by default; --full for all),
repeated with fresh document ids.

Usage: python benchmarks/scaling.py [--full] [--factors 1,4,16]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from detente.ingest import IngestError, read_inputs

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "guardian-syria-2017-2019" / "articles.csv"


def sentences(texts: list[str]) -> int:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return sum(sum(1 for _ in d.sents) for d in nlp.pipe(texts))


def run(path: Path, db: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one `detente code` process."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "detente", "code", str(path), "--db", str(db), "--no-progress", "--workers", "1"],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kib / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="the whole sample as 1x (slow)")
    ap.add_argument("--factors", default="1,4,16")
    args = ap.parse_args(argv)
    docs = [d for d in read_inputs([CORPUS]) if not isinstance(d, IngestError)]
    if not args.full:
        docs = docs[::10]
    n_sents = sentences([d.text for d in docs])
    print(f"base corpus: {len(docs)} documents, {n_sents} sentences")
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        # one short document whose coding loads every model (the parser, and MiniLM for the
        # learned stage): the fixed start-up cost, taken off every run below
        tiny = Path(tmp) / "tiny.jsonl"
        tiny.write_text(json.dumps({"id": "t", "text": "Kenya shelled Somali camps."}) + "\n", encoding="utf-8")
        startup, _ = run(tiny, Path(tmp) / "tiny.duckdb")
        print(f"start-up (model loads, one sentence): {startup:.1f}s, not counted below")
        for k in (int(f) for f in args.factors.split(",")):
            path = Path(tmp) / f"x{k}.jsonl"
            with open(path, "w", encoding="utf-8") as fh:
                for r in range(k):
                    for d in docs:
                        rec = {"id": f"{d.id}-{r}", "text": d.text, "published": str(d.published)}
                        fh.write(json.dumps(rec) + "\n")
            elapsed, peak = run(path, Path(tmp) / f"x{k}.duckdb")
            per = max(0.0, elapsed - startup) / (k * n_sents) * 1000
            base = base or per
            # ru_maxrss of children is the largest child so far: runs go from small to large
            print(
                f"{k:>3}x: {k * len(docs):5d} documents, {elapsed:6.1f}s, {per:.2f} ms/sentence "
                f"({per / base:.2f} of 1x), peak RSS so far {peak:.0f} MiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
