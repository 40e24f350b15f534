"""The classifier on the real MiniLM model (loaded once for this module)."""

from __future__ import annotations

import numpy as np
import pytest

from detente.learned import load_classifier

SENTENCES = {
    "Russian warplanes bombed rebel positions near Aleppo, killing twelve fighters.": 4,
    "Troops opened fire on demonstrators outside the parliament.": 4,
    "The Chinese foreign minister met his Pakistani counterpart in Islamabad on Monday.": 1,
    "The two governments agreed to hold talks on the border dispute next month.": 1,
    "The United States accused Iran of sponsoring terrorism.": 3,
    "Japan sent fifty million dollars of humanitarian aid to the Philippines.": 2,
}


@pytest.fixture(scope="module")
def predictions():
    clf = load_classifier()
    return clf, clf.predict(list(SENTENCES))


@pytest.mark.parametrize("sentence", list(SENTENCES))
def test_obvious_sentences_get_their_class(predictions, sentence):
    _, preds = predictions
    p = preds[list(SENTENCES).index(sentence)]
    assert p.pentaclass == SENTENCES[sentence], p
    assert p.root is not None


def test_an_attack_is_a_use_of_force(predictions):
    _, preds = predictions
    assert preds[0].root in ("18", "19", "20")
    assert preds[0].confidence > 0.8


def test_probabilities_sum_to_one(predictions):
    _, preds = predictions
    for p in preds:
        assert sum(p.pentaclass_probs) == pytest.approx(1, abs=1e-4)
        assert sum(p.root_probs.values()) == pytest.approx(1, abs=1e-4)


def test_predictions_are_deterministic_and_do_not_depend_on_the_batch(predictions):
    clf, preds = predictions
    again = clf.predict(list(SENTENCES))
    assert again == preds
    alone = clf.predict([list(SENTENCES)[2]])[0]
    assert alone.pentaclass == preds[2].pentaclass and alone.root == preds[2].root
    # the int8 model scales its activations per batch: probabilities move in the 4th decimal
    np.testing.assert_allclose(alone.pentaclass_probs, preds[2].pentaclass_probs, atol=2e-3)


def test_empty_input_and_a_lone_string():
    clf = load_classifier()
    assert clf.predict([]) == []
    with pytest.raises(TypeError):
        clf.predict("one sentence")
