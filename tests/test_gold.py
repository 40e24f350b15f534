"""The seed gold check: the real pipeline on the shared op-ed, scored against its gold file.

The gold is a check, never a lookup table: nothing in detente mentions its sentences.
"""

import pytest

from detente.evaluate import load_gold, score
from detente.ingest import read_inputs
from detente.pipeline import code_document


@pytest.fixture(scope="module")
def result(shared, nlp):
    gold = load_gold(shared / "gold" / "pakistan-russia-oped.yaml")
    path = shared / gold["document"]["file"]
    docs = [d for d in read_inputs([path]) if not hasattr(d, "reason")]
    assert len(docs) == 1
    coded = code_document(docs[0], nlp=nlp)
    s = score(gold, coded)
    print("\n" + s.summary())
    return s


def test_publication_date_is_the_articles_own_date_line(result):
    assert result.published_ok, result.published


def test_at_least_six_of_seven_gold_events_are_found(result):
    assert len(result.found) >= 6, result.summary()


def test_no_asserted_event_from_recommendations_or_hypotheticals(result):
    assert result.not_event_hits == [], result.summary()
