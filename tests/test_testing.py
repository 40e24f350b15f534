"""detente.testing builds what the pipeline would store, so tests of the store, the analysis
and the views need no model."""

import doctest

import detente.testing
from detente.analysis import third_parties
from detente.testing import DocumentBuilder, filled_store, year


def test_the_module_example_runs():
    assert doctest.testmod(detente.testing).failed == 0


def test_a_built_event_carries_its_evidence():
    doc = DocumentBuilder("d", published="2016-11-07")
    e = doc.event("In 2003 Pakistan and Russia held talks.", "held talks", ("Pakistan", "PAK"),
                  ("Russia", "RUS"), "040", year(2003))  # fmt: skip
    coded = doc.coded()
    text = coded.document.text
    assert text[e.span[0]:e.span[1]] == "held talks"
    assert text[e.source.span[0]:e.source.span[1]] == "Pakistan"
    assert text[e.sentence_span[0]:e.sentence_span[1]] == e.sentence


def test_the_small_corpus_answers_queries_like_a_coded_one():
    with filled_store() as store:
        events = store.events(("PAK", "RUS"))
        assert len(events) == 14  # 6 warm, 6 cold, a drill and the Soviet-era event
        assert len(store.states("PAK", "RUS")) == 2
        assert "USA" in set(third_parties(store, "PAK", "RUS")["country"])
