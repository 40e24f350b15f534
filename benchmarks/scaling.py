"""Scaling: 1x, 4x and 16x a corpus, each coded end to end into a store by its own process.

Time per sentence should stay flat (within 10%) and peak memory per process should stay
under 1.5 GiB and not grow with the corpus: the reader streams, batches are written as they
are coded.

The corpora are different text, not copies: 1x is every 16th article of the Guardian sample,
4x every 4th, 16x all of it (copies of one text would run on warm caches and look faster as
they grow). Each process loads every model and codes a warm-up text (the op-ed corpus and 300
PentaClass sentences, none of them in the sample) before its clock starts, so that the 1x run
is not charged for the loads and first-use costs the larger runs spread thinner. The time
per sentence leaves out what a run costs whatever its size (a new store, its tables, opening
the input), measured in the same process on a one-sentence input and printed.

Usage: python benchmarks/scaling.py [--factors 1,4,16]
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

from detente.ingest import IngestProblem, read_inputs

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "data" / "guardian-syria-2017-2019" / "articles.csv"
WARM_UP = [SHARED / "corpus", SHARED / "data" / "cameo-sentences" / "pentaclass-train.tsv"]


def sentences(texts: list[str]) -> tuple[int, int]:
    """Sentences and words (a sentencizer's count, as in throughput.py)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    n_sents = n_words = 0
    for doc in nlp.pipe(texts):
        n_sents += sum(1 for _ in doc.sents)
        n_words += sum(1 for t in doc if not t.is_space and not t.is_punct)
    return n_sents, n_words


def child(path: Path, db: Path) -> None:
    """In a fresh process: load, warm up, then code ``path`` into ``db`` as `detente code`
    does (one process), and print the seconds that took."""
    import datetime as dt

    from detente.nlp import load
    from detente.pipeline import code_documents
    from detente.records import Document
    from detente.runner import code_paths
    from detente.store import Store

    nlp = load()
    warm: list[Document] = []
    for p in WARM_UP:
        if p.suffix == ".tsv":
            lines = p.read_text(encoding="utf-8").splitlines()[:300]
            text = "\n\n".join(line.rsplit("\t", 1)[0] for line in lines)
            warm.append(Document(id="warm-tsv", text=text, published=dt.date(2019, 1, 1)))
        else:
            warm += [d for d in read_inputs([p]) if not isinstance(d, IngestProblem)]
    for _ in code_documents(warm, nlp=nlp):
        pass

    def timed(source: Path, target: Path) -> float:
        t0 = time.perf_counter()
        with Store(str(target)) as store:
            for _ in code_paths([str(source)], store, workers=1):
                pass
        return time.perf_counter() - t0

    # what a run costs whatever its size (a new store, its tables, opening the input): a
    # one-sentence input, timed on its second run (the first pays first-use costs once)
    tiny = db.with_name(db.stem + "-tiny.jsonl")
    tiny.write_text(json.dumps({"id": "tiny", "text": "Kenya shelled Somali camps."}) + "\n", encoding="utf-8")
    timed(tiny, db.with_name(db.stem + "-tiny-1.duckdb"))
    fixed = timed(tiny, db.with_name(db.stem + "-tiny-2.duckdb"))
    print(json.dumps({"seconds": timed(path, db), "fixed": fixed}))


def run(path: Path, db: Path) -> tuple[float, float, float]:
    """Seconds of coding, the fixed cost of a run (seconds), and peak RSS (MiB) of one
    process."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(db)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return out["seconds"], out["fixed"], peak_kib / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factors", default="1,4,16", help="corpus sizes, in 16ths of the sample")
    ap.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    docs = [d for d in read_inputs([CORPUS]) if not isinstance(d, IngestProblem)]
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for k in (int(f) for f in args.factors.split(",")):
            part = docs[:: max(1, 16 // k)] if k < 16 else docs
            n_sents, n_words = sentences([d.text for d in part])
            path = Path(tmp) / f"x{k}.jsonl"
            with open(path, "w", encoding="utf-8") as fh:
                fh.writelines(
                    json.dumps({"id": d.id, "text": d.text, "published": str(d.published)}) + "\n" for d in part
                )
            seconds, fixed, peak = run(path, Path(tmp) / f"x{k}.duckdb")
            per = max(0.0, seconds - fixed) / n_sents * 1000
            per_word = max(0.0, seconds - fixed) / n_words * 1e6
            base = base or (per, per_word)
            # ru_maxrss of children is the largest child so far: runs go from small to large
            print(
                f"{k:>3}x: {len(part):4d} documents, {n_sents:6d} sentences, {seconds:6.1f}s "
                f"(of which {fixed:.2f}s a run of one sentence costs), {per:.2f} ms/sentence "
                f"({per / base[0]:.2f} of 1x), {per_word:.0f} µs/word ({per_word / base[1]:.2f} of 1x), "
                f"peak RSS so far {peak:.0f} MiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
