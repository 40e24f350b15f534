"""Accuracy of detente's coder, printed in one run.

1. The labelled development set (tests/data/event_sentences.tsv, sentences written for
   detente): precision/recall/F1 of asserted events by CAMEO root, modality accuracy, and
   how many negative sentences stay silent.
2. The seed gold check (../shared/gold/pakistan-russia-oped.yaml on its op-ed).
3. PentaClass on ../shared/data/cameo-sentences/pentaclass-train.tsv (real news): the class
   of the coder's main event per sentence ("no event" counts as wrong). The coder is
   dictionary-based and not trained on this file, so the whole file is held out. Published
   reference: a fine-tuned ConfliBERT scores 0.895 on the held-out split of the same data.

Each is printed twice: for the pattern coder alone, and for detente's default coder (patterns
checked and completed by the learned sentence classifier, detente.learned.stage). The
classifier was trained on the development set and the PentaClass file, so on those two its
figures are cross-validated: 5 stratified folds (seed 0) over each; in fold k a classifier is
trained (as tools/train_classifier.py trains the shipped one, with the shipped penalties and
temperatures) on the other folds of both sets, and the whole pipeline codes fold k with it.
The seed gold op-ed was never trained on: it is coded with the shipped classifier.

Usage: python benchmarks/accuracy.py [--quick] [--failures] [--patterns-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

from detente.evaluate import load_gold, load_sentences, score, score_sentences
from detente.events import main_event
from detente.ingest import IngestError, read_inputs
from detente.learned.model import pentaclass_of
from detente.learned.train import read_pentaclass
from detente.nlp import PATTERN_STAGES, load
from detente.pipeline import code_document, code_documents
from detente.records import Document, Event

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


WRITTEN = REPO / "tests" / "data" / "event_sentences.tsv"
PENTACLASS = SHARED / "data" / "cameo-sentences" / "pentaclass-train.tsv"


def dev_documents(rows) -> list[Document]:
    return [Document(id=f"dev{i}", text=r.sentence, published=dt.date(2015, 3, 2)) for i, r in enumerate(rows)]


def run_dev(nlp, show_failures: bool) -> None:
    rows = load_sentences(WRITTEN)
    t0 = time.perf_counter()
    preds = [list(c.events) for c in code_documents(dev_documents(rows), nlp=nlp)]
    print(f"== development set: {len(rows)} sentences written for detente ({time.perf_counter() - t0:.1f}s)")
    print_dev(rows, preds, show_failures)


def print_dev(rows, preds, show_failures: bool, *, root_level: bool = False) -> None:
    s = score_sentences(rows, preds)
    print(s.table())
    if root_level:
        p, r, f = score_sentences(rows, preds, root_level=True).prf()
        print(f"counting an event right when its root is (not its full code): P {p:.3f} R {r:.3f} F1 {f:.3f}")
    if show_failures:
        for row, events in s.failures:
            got = "; ".join(
                f"{e.source.code}->{e.target.code if e.target else '-'} {e.cameo} {e.modality}" for e in events
            )
            print(f"  FAIL {row.sentence} | want {row.source}->{row.target} {'|'.join(row.codes) or '-'} "
                  f"{row.modality} | got {got or 'nothing'}")


def run_gold(nlp) -> None:
    gold_path = SHARED / "gold" / "pakistan-russia-oped.yaml"
    if not gold_path.exists():
        print("== seed gold: ../shared not found, skipped")
        return
    gold = load_gold(gold_path)
    docs = [d for d in read_inputs([SHARED / gold["document"]["file"]]) if not isinstance(d, IngestError)]
    print("== seed gold (pakistan-russia-oped)")
    print(score(gold, code_document(docs[0], nlp=nlp)).summary())


def run_pentaclass(nlp, quick: bool) -> None:
    if not PENTACLASS.exists():
        print("== PentaClass: ../shared not found, skipped")
        return
    texts, labels = read_pentaclass(PENTACLASS)
    rows = list(zip(texts, labels.tolist()))
    if quick:
        rows = rows[::10]
    docs = [Document(id=f"pc{i}", text=t) for i, (t, _) in enumerate(rows)]
    t0 = time.perf_counter()
    mains = [main_event(list(c.events)) for c in code_documents(docs, nlp=nlp)]
    secs = time.perf_counter() - t0
    print(f"== PentaClass ({len(rows)} real news sentences, {secs:.1f}s, {len(rows) / secs:.0f} sentences/s)")
    print_pentaclass([label for _, label in rows], mains)


def print_pentaclass(labels: list[int], mains: list[Event | None]) -> None:
    right, none, by_class, total = 0, 0, Counter(), Counter()
    for label, e in zip(labels, mains):
        total[label] += 1
        if e is None:
            none += 1
        elif pentaclass_of(e.root) == label:
            right += 1
            by_class[label] += 1
    n = len(labels)
    learned = sum(1 for e in mains if e is not None and e.rule.startswith("learned:"))
    print(f"accuracy {right / n:.3f} (no event on {none / n:.1%} of sentences; ConfliBERT reference 0.895)")
    print("by class: " + ", ".join(f"{c}: {by_class[c]}/{total[c]}" for c in sorted(total)))
    if learned:
        print(f"main event decided by the classifier on {learned / n:.1%} of sentences")


def run_learned_cv(nlp, patterns, quick: bool, show_failures: bool) -> None:
    """Dev set and PentaClass through the default pipeline, each fold coded by a classifier
    that never saw it (see the module docstring)."""
    import numpy as np

    from detente.learned import SentenceClassifier, load_classifier
    from detente.learned.embed import Embedder, Features
    from detente.learned.model import NONE, ROOT_LABELS
    from detente.learned.train import (
        Selection,
        fit_weights,
        pattern_roots,
        stratified_folds,
        training_sets,
    )

    if not PENTACLASS.exists():
        print("== cross-validated learned coder: ../shared not found, skipped")
        return
    texts, classes = read_pentaclass(PENTACLASS)
    written = load_sentences(WRITTEN)
    t0 = time.perf_counter()
    roots = pattern_roots(texts, nlp=patterns)
    embedder = Embedder()
    news = embedder.features(texts)
    mine = embedder.features([r.sentence for r in written])
    heads = load_classifier().info["heads"]
    chosen = {k: Selection(C=v["C"], temperature=v["temperature"], held_out=np.zeros(0)) for k, v in heads.items()}
    news_folds = stratified_folds(classes, 5, 0)
    written_folds = stratified_folds([ROOT_LABELS.index(r.root or NONE) for r in written], 5, 0)
    stage = nlp.get_pipe("detente_learned")
    news_mains: dict[int, Event | None] = {}
    dev_preds: dict[int, list[Event]] = {}
    dev_plain: dict[int, list[Event]] = {}
    news_plain: dict[int, Event | None] = {}
    dev_docs = dev_documents(written)
    folds = range(1) if quick else range(5)
    try:
        for k in folds:
            (tr_n, te_n), (tr_w, te_w) = news_folds[k], written_folds[k]
            penta, root = training_sets(
                news.take(tr_n), classes[tr_n], [roots[i] for i in tr_n],
                mine.take(tr_w), [written[i].root for i in tr_w],
            )
            weights = fit_weights(
                penta, root, selections=chosen, vocabulary=Features.concat([news.take(tr_n), mine.take(tr_w)])
            )
            stage._classifier = SentenceClassifier(weights, embedder)
            docs = [Document(id=f"pc{i}", text=texts[i]) for i in te_n]
            for i, coded in zip(te_n, code_documents(docs, nlp=nlp)):
                news_mains[int(i)] = main_event(list(coded.events))
            for i, coded in zip(te_w, code_documents([dev_docs[i] for i in te_w], nlp=nlp)):
                dev_preds[int(i)] = list(coded.events)
            if quick:  # the same sentences through the patterns alone, side by side
                for i, coded in zip(te_n, code_documents(docs, nlp=patterns)):
                    news_plain[int(i)] = main_event(list(coded.events))
                for i, coded in zip(te_w, code_documents([dev_docs[i] for i in te_w], nlp=patterns)):
                    dev_plain[int(i)] = list(coded.events)
    finally:
        stage._classifier = None
    secs = time.perf_counter() - t0
    scope = "fold 1 of 5" if quick else "5 folds"
    dev_idx = sorted(dev_preds)
    print(f"== development set, cross-validated ({len(dev_idx)} sentences, {scope}, {secs:.0f}s in all)")
    print_dev([written[i] for i in dev_idx], [dev_preds[i] for i in dev_idx], show_failures, root_level=True)
    news_idx = sorted(news_mains)
    print(f"== PentaClass, cross-validated ({len(news_idx)} real news sentences, {scope})")
    print_pentaclass([int(classes[i]) for i in news_idx], [news_mains[i] for i in news_idx])
    if dev_plain:
        print(f"== the same {len(dev_idx)} + {len(news_idx)} sentences, patterns alone")
        print_dev([written[i] for i in dev_idx], [dev_plain[i] for i in dev_idx], False, root_level=True)
        print_pentaclass([int(classes[i]) for i in news_idx], [news_plain[i] for i in news_idx])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the PentaClass file")
    ap.add_argument("--failures", action="store_true", help="list the development-set failures")
    ap.add_argument("--patterns-only", action="store_true", help="skip the learned coder")
    args = ap.parse_args(argv)
    patterns = load(stages=PATTERN_STAGES)
    print("# The pattern coder alone")
    run_dev(patterns, args.failures)
    run_gold(patterns)
    run_pentaclass(patterns, args.quick)
    if args.patterns_only:
        return 0
    print()
    print("# detente's default coder: patterns + learned sentence classifier")
    nlp = load()
    run_gold(nlp)
    run_learned_cv(nlp, patterns, args.quick, args.failures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
