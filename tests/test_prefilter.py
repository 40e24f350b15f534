"""The first pass: sentences that cannot hold an event are not parsed, and nothing moves."""

from __future__ import annotations

import bisect
import datetime as dt

from detente.nlp import PATTERN_STAGES, load
from detente.pipeline import code_documents
from detente.prefilter import SEPARATOR, first_pass
from detente.records import Document
from detente.time.dating import passage_breaks

TEXT = (
    "Chile and Peru signed a fisheries accord on Monday.\n"
    "The weather was mild and the harbour was busy.\n\n"
    "Officials praised the deal. Fishermen were pleased with it.\n"
    "Mr. Boric thanked Peru for its patience. In 2019 the two countries argued over quotas.\n"
    "Many boats stayed in port. Bolivia criticised the accord."
)


def test_offsets_and_kept_sentences_do_not_move():
    nlp = load(stages=PATTERN_STAGES)
    found = first_pass(nlp, TEXT)
    assert len(found.text) == len(TEXT)
    for kept in (
        "Chile and Peru signed a fisheries accord on Monday.",
        "Mr. Boric thanked Peru for its patience.",  # "Mr." does not end a sentence
        "In 2019 the two countries argued over quotas.",
        "Bolivia criticised the accord.",
    ):
        at = TEXT.index(kept)
        assert found.text[at : at + len(kept)] == kept
    for dropped in ("The weather was mild", "Officials praised", "Fishermen were pleased", "Many boats stayed"):
        at = TEXT.index(dropped)
        assert not found.text[at : at + len(dropped)].strip()
    assert (found.sentences, found.kept) == (8, 4)


def test_blanks_are_not_paragraph_breaks_and_end_a_sentence():
    nlp = load(stages=PATTERN_STAGES)
    found = first_pass(nlp, TEXT)
    # every kept sentence is in the same passage as before (a break may slide over a blank)
    before, after = passage_breaks(TEXT), passage_breaks(found.text)
    assert len(before) == len(after) == 1
    for sentence in ("Chile and Peru", "Mr. Boric", "In 2019", "Bolivia criticised"):
        at = TEXT.index(sentence)
        assert bisect.bisect_right(before, at) == bisect.bisect_right(after, at)
    assert found.text.count(SEPARATOR) == found.sentences - found.kept


def test_the_first_pass_keeps_the_events_between_countries():
    nlp = load(stages=PATTERN_STAGES)
    doc = Document(id="d", text=TEXT, published=dt.date(2021, 3, 4))
    [full] = code_documents([doc], nlp=nlp, first_pass=False)
    [fast] = code_documents([doc], nlp=nlp)

    def key(e):
        return (e.span, e.cameo, e.source.code, e.target.code if e.target else None, e.when, e.modality)

    countries = {key(e) for e in full.events if e.source.country and e.target is not None and e.target.country}
    assert countries and countries <= {key(e) for e in fast.events}
    assert fast.n_sentences == full.n_sentences >= 8
    for e in fast.events:  # evidence still points into the original text
        assert TEXT[e.span[0] : e.span[1]] == e.trigger and e.sentence in TEXT


def test_without_the_actor_stage_the_text_is_untouched():
    import spacy

    found = first_pass(spacy.blank("en"), TEXT)
    assert found.text == TEXT and found.kept == found.sentences


def test_list_items_under_a_kept_lead_in_and_pronoun_sentences_are_kept():
    nlp = load(stages=PATTERN_STAGES)
    text = (
        "Chile has three aims in the region:\n"
        "Stable fish stocks\n"
        "Open shipping lanes\n\n"
        "Fishermen were pleased. Peru protested. It wanted a larger share.\n"
        "Boats stayed in port. It rained."
    )
    found = first_pass(nlp, text)
    for kept in ("Stable fish stocks", "Open shipping lanes", "It wanted a larger share."):
        at = text.index(kept)
        assert found.text[at : at + len(kept)] == kept
    for dropped in ("Fishermen were pleased.", "Boats stayed in port.", "It rained."):
        at = text.index(dropped)
        assert not found.text[at : at + len(dropped)].strip()


def test_the_first_pass_hands_over_its_tokens_and_blanks_closing_quotes_with_their_sentence():
    nlp = load(stages=PATTERN_STAGES)
    text = 'A farmer said: "The weather is fine." Chile thanked Peru. Boats "stayed" in port.'
    found = first_pass(nlp, text)
    assert found.doc is not None and found.doc.text == found.text  # no second tokenization
    assert found.text.index("Chile thanked Peru.") == text.index("Chile thanked Peru.")
    assert '"' not in found.text and found.text.strip() == "Chile thanked Peru."
    parsed = nlp(found.doc)
    assert [s.text.strip() for s in parsed.sents if s.text.strip()] == ["Chile thanked Peru."]


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
