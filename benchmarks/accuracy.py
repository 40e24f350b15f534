"""Accuracy of detente's coder, printed in one run.

1. The labelled development set (tests/data/event_sentences.tsv, sentences written for
   detente): precision/recall/F1 of asserted events by CAMEO root, modality accuracy, and
   how many negative sentences stay silent.
2. The seed gold check (../shared/gold/pakistan-russia-oped.yaml on its op-ed).
3. PentaClass on ../shared/data/cameo-sentences/pentaclass-train.tsv (real news): the class
   of the coder's main event per sentence ("no event" counts as wrong). The coder is
   dictionary-based and not trained on this file, so the whole file is held out. Published
   reference: a fine-tuned ConfliBERT scores 0.895 on the held-out split of the same data.

Usage: python benchmarks/accuracy.py [--quick] [--failures]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

from detente.evaluate import load_gold, load_sentences, score, score_sentences
from detente.ingest import IngestError, read_inputs
from detente.nlp import load
from detente.pipeline import code_document, code_documents
from detente.records import Document, Event

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pentaclass(root: str) -> int:
    r = int(root)
    return 0 if r <= 2 else 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def main_event(events: list[Event]) -> Event | None:
    asserted = [e for e in events if e.asserted and e.target is not None] or [e for e in events if e.asserted]
    if not asserted:
        return None
    return max(asserted, key=lambda e: (e.confidence, abs(e.goldstein), -e.span[0]))


def run_dev(nlp, show_failures: bool) -> None:
    rows = load_sentences(REPO / "tests" / "data" / "event_sentences.tsv")
    docs = [Document(id=f"dev{i}", text=r.sentence, published=dt.date(2016, 11, 7)) for i, r in enumerate(rows)]
    t0 = time.perf_counter()
    preds = [list(c.events) for c in code_documents(docs, nlp=nlp)]
    s = score_sentences(rows, preds)
    print(f"== development set: {len(rows)} sentences written for detente ({time.perf_counter() - t0:.1f}s)")
    print(s.table())
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
    path = SHARED / "data" / "cameo-sentences" / "pentaclass-train.tsv"
    if not path.exists():
        print("== PentaClass: ../shared not found, skipped")
        return
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text and label.strip().isdigit():
            rows.append((text, int(label)))
    if quick:
        rows = rows[::10]
    docs = [Document(id=f"pc{i}", text=t) for i, (t, _) in enumerate(rows)]
    t0 = time.perf_counter()
    right, none, by_class, total = 0, 0, Counter(), Counter()
    for (text, label), coded in zip(rows, code_documents(docs, nlp=nlp)):
        e = main_event(list(coded.events))
        total[label] += 1
        if e is None:
            none += 1
        elif pentaclass(e.root) == label:
            right += 1
            by_class[label] += 1
    n = len(rows)
    secs = time.perf_counter() - t0
    print(f"== PentaClass ({n} real news sentences, {secs:.1f}s, {n / secs:.0f} sentences/s)")
    print(f"accuracy {right / n:.3f} (no event on {none / n:.1%} of sentences; ConfliBERT reference 0.895)")
    print("by class: " + ", ".join(f"{c}: {by_class[c]}/{total[c]}" for c in sorted(total)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the PentaClass file")
    ap.add_argument("--failures", action="store_true", help="list the development-set failures")
    args = ap.parse_args(argv)
    nlp = load()
    run_dev(nlp, args.failures)
    run_gold(nlp)
    run_pentaclass(nlp, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
