"""Throughput on the Guardian sample: detente end to end against the bare spaCy parse.

(a) the bare spaCy pipeline detente uses (en_core_web_sm, every component, one process)
(b) detente end to end (read, code, store in DuckDB), one process, as `detente code` runs:
    first pass, parse, the extractor (fine-tuned MiniLM, int8 ONNX), patterns
(b') the same with --no-learned (patterns alone, no extractor)
(c) detente with --workers N (local processes), when --workers is given, and (c') the same
    on a Dask LocalCluster of N workers, started by the run, and (c'') on a cluster already
    started whose workers have loaded their models

Models are loaded before the clock starts, for all of them. Prints sentences/s and words/s of
each (sentences and words counted once, by a sentencizer), accuracy on the development set
(patterns alone: the extractor was trained on it; see benchmarks/accuracy.py for the
cross-validated default coder) with and without the first pass, in the same run, and as its
last line ``ratio end-to-end/bare-parse: X.XX`` for (b).

Usage: python benchmarks/throughput.py [--quick] [--workers N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import spacy

from detente.evaluate import load_sentences, score_sentences
from detente.ingest import IngestProblem, read_inputs
from detente.nlp import MODEL, PATTERN_STAGES, load, stages
from detente.pipeline import code_documents
from detente.records import Document
from detente.runner import code_paths
from detente.store import Store

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "guardian-syria-2017-2019" / "articles.csv"


def _count(nlp_sentencizer, texts: list[str]) -> tuple[int, int]:
    sents = words = 0
    for doc in nlp_sentencizer.pipe(texts):
        sents += sum(1 for _ in doc.sents)
        words += sum(1 for t in doc if not t.is_space and not t.is_punct)
    return sents, words


def bare(texts: list[str]) -> float:
    nlp = spacy.load(MODEL)
    nlp("warm up")
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - t0


def _load_models(learned: bool = True) -> None:
    """Every model and index detente loads once per process: the spaCy pipeline, the
    extractor, the place index."""
    from detente import places

    nlp = load(stages=stages(learned))
    if learned:
        nlp.get_pipe("detente_extract").extractor.read(["Warm up."])
    places.load()


def end_to_end(path: Path, workers: int, learned: bool = True) -> tuple[float, int]:
    _load_models(learned)  # the model loads are not part of the rate, as for (a)
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.duckdb")
        t0 = time.perf_counter()
        with Store(db) as store:
            n = sum(
                len(c.events)
                for c in code_paths([str(path)], store, workers=workers, learned=learned)
                if not isinstance(c, IngestProblem)
            )
        return time.perf_counter() - t0, n


def dask_end_to_end(path: Path, workers: int) -> tuple[float, float]:
    """The Dask engine on a LocalCluster into Parquet: (seconds with the cluster's start-up
    and the workers' model loads inside, seconds on a cluster whose workers have loaded
    their models, as for (b))."""
    from distributed import Client, LocalCluster

    from detente.scale import code_with_dask

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        for _ in code_with_dask([str(path)], os.path.join(tmp, "cold"), n_workers=workers):
            pass
        cold = time.perf_counter() - t0
        with (
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            Client(cluster) as client,
        ):
            client.run(_load_models)
            t0 = time.perf_counter()
            for _ in code_with_dask([str(path)], os.path.join(tmp, "warm"), scheduler=cluster.scheduler_address):
                pass
            warm = time.perf_counter() - t0
        return cold, warm


def accuracy(first_pass: bool) -> str:
    rows = load_sentences(REPO / "tests" / "data" / "event_sentences.tsv")
    docs = [Document(id=f"d{i}", text=r.sentence, published=dt.date(2015, 3, 2)) for i, r in enumerate(rows)]
    coded = code_documents(docs, nlp=load(stages=PATTERN_STAGES), first_pass=first_pass)
    p, r, f = score_sentences(rows, [list(c.events) for c in coded]).prf()
    return f"dev set, patterns alone, first pass {'on ' if first_pass else 'off'}: P {p:.3f} R {r:.3f} F1 {f:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the corpus")
    ap.add_argument("--workers", type=int, default=0, help="also run with N worker processes")
    args = ap.parse_args(argv)
    docs = [d for d in read_inputs([CORPUS]) if not isinstance(d, IngestProblem)]
    if args.quick:
        docs = docs[::10]
    texts = [d.text for d in docs]
    with tempfile.TemporaryDirectory() as tmp:
        # the same documents as a JSONL file for the end-to-end run
        import json

        path = Path(tmp) / "corpus.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"id": d.id, "text": d.text, "published": str(d.published)}) + "\n" for d in docs)
        counter = spacy.blank("en")
        counter.add_pipe("sentencizer")
        n_sents, n_words = _count(counter, texts)
        print(f"corpus: {len(docs)} documents, {n_sents} sentences, {n_words} words")
        t_bare = bare(texts)
        print(f"(a) bare spaCy parse, 1 process: {t_bare:.1f}s, {n_sents / t_bare:.0f} sentences/s, {n_words / t_bare:.0f} words/s")
        t_e2e, n_events = end_to_end(path, 1)
        print(f"(b) detente end to end, 1 process: {t_e2e:.1f}s, {n_sents / t_e2e:.0f} sentences/s, {n_words / t_e2e:.0f} words/s, {n_events} events")
        t_pat, n_pat = end_to_end(path, 1, learned=False)
        print(f"(b') the same, --no-learned: {t_pat:.1f}s, {n_sents / t_pat:.0f} sentences/s, {n_words / t_pat:.0f} words/s, {n_pat} events; ratio to (a) {t_bare / t_pat:.2f}")
        if args.workers > 1:
            t_w, _ = end_to_end(path, args.workers)
            print(f"(c) detente end to end, {args.workers} workers: {t_w:.1f}s, {n_sents / t_w:.0f} sentences/s, speed-up {t_e2e / t_w:.2f}x over 1")
            t_d, t_dw = dask_end_to_end(path, args.workers)
            print(f"(c') Dask LocalCluster, {args.workers} workers, start-up and model loads inside: {t_d:.1f}s, {n_sents / t_d:.0f} sentences/s, speed-up {t_e2e / t_d:.2f}x over 1")
            print(f"(c'') the same on a started cluster whose workers have loaded their models: {t_dw:.1f}s, {n_sents / t_dw:.0f} sentences/s, speed-up {t_e2e / t_dw:.2f}x over 1")
    print(accuracy(first_pass=True))
    print(accuracy(first_pass=False))
    print(f"ratio end-to-end/bare-parse: {t_bare / t_e2e:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
