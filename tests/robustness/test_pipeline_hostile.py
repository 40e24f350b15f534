"""Property tests: hostile text through the whole pipeline never raises, and every event,
actor, state and interest it finds points at the text it came from."""

from __future__ import annotations

import time

import pytest
from _hostile import COUNTRIES, any_text, check_coded, hostile_texts
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from detente import Store, code_text, pipeline
from detente.records import CodedDocument


@settings(max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(text=st.one_of(hostile_texts(max_pieces=10, max_repeat=150), any_text))
def test_hostile_text_is_coded_without_error(nlp, text):
    coded = code_text(text, nlp=nlp)
    event(f"coded: {'events' if coded.events else 'no events'}")
    assert len(coded.document.text) == len(text)  # lone surrogates become U+FFFD, in place
    check_coded(coded)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(hostile_texts(max_pieces=6, max_repeat=40), min_size=1, max_size=4))
def test_whatever_is_coded_can_be_stored_and_read_back(nlp, texts):
    coded = [code_text(t, "2015-03-02", nlp=nlp, doc_id=f"d{i}") for i, t in enumerate(texts)]
    with Store(":memory:") as store:
        store.add_many(coded)
        store.add_many(coded)  # again: replaced, not duplicated
        events = store.events(modality=None)
        assert sorted(events["id"]) == sorted({e.id for c in coded for e in c.events})
        for e in (e for c in coded for e in c.events):
            assert store.event(e.id).span == e.span


def test_thousands_of_country_names_in_one_sentence(nlp, monkeypatch):
    """The stages stay (about) linear in sentence length; the budget turns such text away."""
    monkeypatch.setattr(pipeline, "MAX_SENTENCE_TOKENS", 10**6)

    def seconds(n: int) -> tuple[float, CodedDocument]:
        text = ", ".join(COUNTRIES[i % 12] for i in range(n)) + " held talks in Moscow."
        started = time.perf_counter()
        coded = code_text(text, "2015-03-02", nlp=nlp)
        return time.perf_counter() - started, coded

    seconds(50)  # warm up
    small, _ = seconds(500)
    large, coded = seconds(3000)
    check_coded(coded)
    assert large < 20 and large < 15 * max(small, 0.05), (small, large)  # 6x the text
    monkeypatch.undo()
    skipped = code_text(coded.document.text, nlp=nlp)
    assert skipped.events == () and pipeline.over_budget(coded.document.text).startswith(
        "too long (a sentence of about"
    )


@pytest.mark.parametrize(
    "text",
    [
        "(" * 1000 + "Russia attacked Ukraine." + ")" * 1000,
        "Russia " + "x" * 100_000 + " attacked Ukraine on 3 May 2016.",
        "\n".join(["Russia attacked Ukraine."] * 500),
        "Russia\x00attacked\x07Ukraine\x1b.\u202e\u200b Pakistan \ud800 met China\udfff.",
        ". " * 5_000,
        "Russia met China " + "on 3 May 2016 " * 500 + ".",
    ],
    ids=["parentheses", "long-token", "many-lines", "controls", "dots", "dates"],
)
def test_hostile_shapes(nlp, text, monkeypatch):
    check_coded(code_text(text, nlp=nlp))
    monkeypatch.setattr(pipeline, "MAX_SENTENCE_TOKENS", 10**6)  # past the budget, too
    check_coded(code_text(text, nlp=nlp))


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
