"""The shipped weights and the classifier's arithmetic, on made-up features (no MiniLM)."""

from __future__ import annotations

import numpy as np
import pytest

from detente.learned import (
    COMBINE_THRESHOLD,
    NONE,
    ROOTS,
    Decision,
    Prediction,
    SentenceClassifier,
    combine,
    load_classifier,
    pentaclass_of,
)
from detente.learned.embed import DIM, Features
from detente.learned.model import ROOT_LABELS, Weights
from detente.learned.train import (
    design_matrix,
    fit_head,
    fit_temperature,
    fit_transform,
    stratified_folds,
)


def fake_features(n: int, seed: int = 0) -> Features:
    rng = np.random.default_rng(seed)
    dense = rng.normal(size=(n, 2 * DIM)).astype(np.float32)
    ids = tuple(
        tuple(int(i) for i in rng.integers(1000, 3000, size=rng.integers(3, 30))) for _ in range(n)
    )
    return Features(dense, ids)


@pytest.fixture(scope="module")
def shipped() -> SentenceClassifier:
    return load_classifier()


def test_the_weights_load_and_describe_their_training(shipped):
    assert load_classifier() is shipped  # cached
    assert not SentenceClassifier(shipped.weights).embedder.loaded  # MiniLM waits for a prediction
    w = shipped.weights
    assert w.pentaclass.weight.shape == (w.transform.width, 5)
    assert w.root.weight.shape == (w.transform.width, len(ROOT_LABELS))
    assert 0.2 < w.pentaclass.temperature < 5 and 0.2 < w.root.temperature < 5
    assert shipped.info["trained_on"]["pentaclass-train.tsv"] > 1000
    assert set(shipped.info["heads"]) == {"pentaclass", "root"}


def test_weights_round_trip_through_bytes(shipped):
    again = Weights.from_bytes(shipped.weights.to_bytes())
    f = fake_features(4)
    for a, b in zip(again.probabilities(f), shipped.weights.probabilities(f)):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    assert again.info == shipped.info


def test_a_file_of_another_format_is_refused(shipped):
    import io

    buf = io.BytesIO()
    np.savez(buf, format=np.array("something.else.v9"))
    with pytest.raises(ValueError, match="format"):
        Weights.from_bytes(buf.getvalue())


def test_probabilities_sum_to_one_and_agree(shipped):
    preds = shipped.predict_features(fake_features(6))
    for p in preds:
        assert sum(p.pentaclass_probs) == pytest.approx(1, abs=1e-4)
        assert sum(p.root_probs.values()) == pytest.approx(1, abs=1e-4)
        assert set(p.root_probs) == set(ROOTS) | {NONE}
        assert p.confidence == max(p.pentaclass_probs)
        assert p.pentaclass == int(np.argmax(p.pentaclass_probs))
        if p.root is not None:
            assert pentaclass_of(p.root) == p.pentaclass
        # a root's probability is P(event) · P(its class) · P(root | class)
        for c in range(5):
            in_class = sum(
                v for k, v in p.root_probs.items() if k != NONE and pentaclass_of(k) == c
            )
            assert in_class == pytest.approx(
                (1 - p.root_probs[NONE]) * p.pentaclass_probs[c], abs=1e-4
            )


def test_a_sentence_with_no_known_word_still_gets_a_prediction(shipped):
    f = Features(np.zeros((1, 2 * DIM), np.float32), ((),))
    [p] = shipped.predict_features(f)
    assert 0 <= p.pentaclass <= 4


def test_prediction_round_trips_through_a_dict(shipped):
    [p] = shipped.predict_features(fake_features(1))
    assert Prediction.from_dict(p.to_dict()) == p


@pytest.mark.parametrize(
    ("root", "cls"),
    [
        ("01", 0),
        ("02", 0),
        ("03", 1),
        ("0431", 1),
        ("05", 1),
        ("06", 2),
        ("08", 2),
        ("09", 3),
        ("13", 3),
        ("14", 4),
        ("20", 4),
    ],
)
def test_pentaclass_of(root, cls):
    assert pentaclass_of(root) == cls


@pytest.mark.parametrize("bad", ["00", "21", "xx"])
def test_pentaclass_of_refuses_what_is_not_a_root(bad):
    with pytest.raises(ValueError):
        pentaclass_of(bad)


def _pred(probs: list[float], root: str | None = "19") -> Prediction:
    c = int(np.argmax(probs))
    return Prediction(c, tuple(probs), root, {}, probs[c])


def test_combine_keeps_the_pattern_class_the_classifier_allows():
    assert combine("1823", _pred([0.0, 0.0, 0.0, 0.2, 0.8])) == Decision(4, "18", "pattern")
    # the classifier prefers class 4 but still gives the pattern's class 3 enough weight
    assert (
        combine("112", _pred([0.0, 0.0, 0.0, COMBINE_THRESHOLD, 1 - COMBINE_THRESHOLD])).by
        == "pattern"
    )


def test_combine_lets_a_confident_classifier_overrule_the_pattern():
    d = combine("042", _pred([0.02, 0.03, 0.0, 0.05, 0.9], root="19"))
    assert d == Decision(4, "19", "classifier")


def test_combine_falls_back_on_the_classifier_when_the_patterns_found_nothing():
    assert combine(None, _pred([0.1, 0.6, 0.1, 0.1, 0.1], root="04")) == Decision(
        1, "04", "classifier"
    )
    assert combine(None, _pred([0.1, 0.6, 0.1, 0.1, 0.1], root=None)).root is None


def test_stratified_folds_partition_and_balance():
    y = np.array([0] * 10 + [1] * 5 + [2] * 20)
    folds = stratified_folds(y, 5, seed=3)
    test = np.concatenate([te for _, te in folds])
    assert sorted(test.tolist()) == list(range(len(y)))
    for tr, te in folds:
        assert not set(tr) & set(te)
        assert np.bincount(y[te], minlength=3).tolist() == [2, 1, 4]
    assert [te.tolist() for _, te in folds] == [
        te.tolist() for _, te in stratified_folds(y, 5, seed=3)
    ]


def test_fit_head_learns_separable_labels_and_temperature_calibrates():
    f = fake_features(120, seed=1)
    y = (f.dense[:, 0] > 0).astype(int) + 2 * (f.dense[:, 1] > 0).astype(int)
    t = fit_transform(f)
    head = fit_head(design_matrix(t, f), y, 4, C=10.0)
    assert (head.logits(t, f).argmax(1) == y).mean() > 0.95
    logits = np.eye(3)[[0, 1, 2] * 20] * 10.0  # overconfident, and a third wrong
    labels = np.array([0, 1, 2] * 20)
    labels[::3] = 1
    assert fit_temperature(logits, labels) > 1.5


def test_the_public_names_are_pinned():
    import detente.learned

    assert sorted(detente.learned.__all__) == [
        "COMBINE_THRESHOLD",
        "Decision",
        "MODEL_FILE",
        "NONE",
        "PENTACLASS_NAMES",
        "Prediction",
        "ROOTS",
        "SentenceClassifier",
        "combine",
        "load_classifier",
        "pentaclass_of",
    ]
    for name in detente.learned.__all__:
        assert hasattr(detente.learned, name)
