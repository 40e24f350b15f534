"""The coder on the labelled development set (tests/data/event_sentences.tsv): 325 sentences
written for detente, every CAMEO root, every modality, and negatives.

benchmarks/accuracy.py prints the per-root table; these tests hold the line on it.
"""

import datetime as dt
from pathlib import Path

import pytest

from detente.evaluate import event_matches, load_sentences, score_sentences
from detente.pipeline import code_documents
from detente.records import Document

DATA = Path(__file__).resolve().parents[1] / "data" / "event_sentences.tsv"


@pytest.fixture(scope="module")
def scored(nlp):
    rows = load_sentences(DATA)
    docs = [Document(id=f"dev{i}", text=r.sentence, published=dt.date(2015, 3, 2)) for i, r in enumerate(rows)]
    preds = [list(c.events) for c in code_documents(docs, nlp=nlp)]
    s = score_sentences(rows, preds)
    print("\n" + s.table())
    return rows, s, preds


def test_the_set_covers_every_root_and_modality(scored):
    rows, _, _ = scored
    assert len(rows) >= 300
    assert {r.root for r in rows if r.codes} == {f"{i:02d}" for i in range(1, 21)}
    assert {r.modality for r in rows} >= {
        "asserted", "negated", "hypothetical", "future", "recommended", "reported", "generic", "none"
    }  # fmt: skip


def test_overall_precision_and_recall(scored):
    _, s, _ = scored
    p, r, _ = s.prf()
    assert p >= 0.70, s.table()
    assert r >= 0.58, s.table()


def test_every_root_is_found_at_least_sometimes(scored):
    _, s, _ = scored
    missing = [root for root in (f"{i:02d}" for i in range(1, 21)) if s.tp.get(root, 0) == 0]
    assert missing == [], s.table()


def test_sentences_with_two_countries_and_no_event_stay_silent(scored):
    _, s, _ = scored
    assert s.negatives >= 20 and s.negatives_silent == s.negatives


def test_negated_hypothetical_recommended_and_future_events_do_not_leak_as_asserted(scored):
    rows, _, preds = scored
    checked = leaked = 0
    for row, events in zip(rows, preds):
        if not row.codes or row.modality in ("asserted", "reported", "generic"):
            continue
        checked += 1
        if any(e.asserted and event_matches(row, e, check_modality=False) for e in events):
            leaked += 1
    assert checked >= 35
    assert leaked <= checked // 10, f"{leaked} of {checked} non-asserted events came out asserted"
