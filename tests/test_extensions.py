"""Helpers of detente.extensions that the stages share."""

import spacy

from detente.extensions import tokens_with


def test_tokens_with_finds_the_words_a_stage_looks_for_in_text_order():
    nlp = spacy.blank("en")
    doc = nlp("It said its army and Its navy would stay; it did.")
    found = tokens_with(doc, "LOWER", {"it", "its"}.__contains__)
    assert [(t.i, t.text) for t in found] == [(0, "It"), (2, "its"), (5, "Its"), (10, "it")]
    assert [t.text for t in tokens_with(doc, "ORTH", {"Its"}.__contains__)] == ["Its"]
    assert tokens_with(doc, "ORTH", {"Navy"}.__contains__) == []
    assert tokens_with(nlp(""), "LOWER", bool) == []
