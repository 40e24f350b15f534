"""Interest detection on tests/data/interest_sentences.tsv (120 sentences written for detente:
interest statements of every form, and near misses), and on the seed op-ed's gold lists.

Usage: python benchmarks/interests.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from detente.analysis import convergence
from detente.evaluate import load_gold, score, score_interests
from detente.ingest import IngestProblem, read_inputs
from detente.nlp import load
from detente.pipeline import code_document, code_documents
from detente.records import Document
from detente.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = REPO / "tests" / "data" / "interest_sentences.tsv"


def main() -> int:
    nlp = load()
    lines = DATA.read_text(encoding="utf-8").splitlines()[1:]
    docs = [Document(id=f"i{i}", text=line.split("\t")[0]) for i, line in enumerate(lines) if line.strip()]
    preds = [list(c.interests) for c in code_documents(docs, nlp=nlp)]
    s = score_interests(DATA, preds)
    print(f"== labelled sentences ({s['sentences']})")
    print(
        f"detection P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}; "
        f"holder P {s['holder_precision']:.3f} R {s['holder_recall']:.3f}; "
        f"stance {s['stance_accuracy']:.3f}, issue {s['issue_accuracy']:.3f} of detected"
    )
    gold_path = SHARED / "gold" / "pakistan-russia-oped.yaml"
    if gold_path.exists():
        gold = load_gold(gold_path)
        doc = next(d for d in read_inputs([SHARED / gold["document"]["file"]]) if not isinstance(d, IngestProblem))
        coded = code_document(doc, nlp=nlp)
        g = score(gold, coded)
        print("== seed op-ed")
        print(f"interests found with the right holder: {len(g.interests_found)}/{len(gold['interests'])}")
        with Store(":memory:") as store:
            store.add(coded)
            conv = convergence(store.sql("SELECT * FROM interests"), "PAK", "RUS")
        print("convergence PAK RUS, top five: " + ", ".join(conv["issue"].head(5)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
