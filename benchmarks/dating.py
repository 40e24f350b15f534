"""How detente dates events on real news: the Guardian Syria sample (Aug 2017 – Apr 2019).

Prints the share of events dated from their own text, from the narrative, from the
publication date, and undated; and the share of asserted past-tense events whose date falls
after the article's own date (which should be none).

Usage: python benchmarks/dating.py [--quick]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from detente.ingest import IngestError, read_inputs
from detente.nlp import load
from detente.pipeline import code_documents

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "data" / "guardian-syria-2017-2019" / "articles.csv"

_PAST_TAGS = {"VBD", "VBN"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the articles")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}")
        return 1
    docs = [d for d in read_inputs([CORPUS]) if not isinstance(d, IngestError)]
    if args.quick:
        docs = docs[::10]
    nlp = load()
    basis: Counter[str] = Counter()
    precision: Counter[str] = Counter()
    n_events = late = past_asserted = 0
    examples = []
    for coded in code_documents(docs, nlp=nlp):
        pub = coded.document.published
        for e in coded.events:
            n_events += 1
            basis[e.when.basis] += 1
            precision[e.when.precision] += 1
            if not e.asserted or pub is None:
                continue
            trigger_past = _past_tense(nlp, e.sentence, e.trigger)
            if not trigger_past:
                continue
            past_asserted += 1
            if e.when.dated and e.when.start > pub:
                late += 1
                if len(examples) < 5:
                    examples.append((pub, e.when.start, e.when.text, e.sentence[:120]))
    print(f"articles {len(docs)}, events {n_events}")
    for b in ("text", "narrative", "publication", "none"):
        print(f"  dated from {b:<12} {basis[b] / max(1, n_events):6.1%}  ({basis[b]})")
    print("  precision: " + ", ".join(f"{p} {n}" for p, n in precision.most_common()))
    print(
        f"asserted past-tense events dated after their article: {late}/{past_asserted} "
        f"({late / max(1, past_asserted):.2%})"
    )
    for pub, start, text, sent in examples:
        print(f"  published {pub}, dated {start} from {text!r}: {sent}")
    return 0


def _past_tense(nlp, sentence: str, trigger: str) -> bool:
    """Is the trigger a past-tense verb (or an event noun in a past-tense sentence)?"""
    doc = nlp.make_doc(sentence)
    for _, proc in nlp.pipeline[:3]:
        doc = proc(doc)
    words = trigger.split()
    for tok in doc:
        if tok.text == words[0]:
            if tok.pos_ == "VERB":
                return tok.tag_ in _PAST_TAGS
            return any(t.tag_ == "VBD" for t in doc)
    return False


if __name__ == "__main__":
    sys.exit(main())
