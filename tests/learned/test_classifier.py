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
    # each sentence runs on its own: alone, or among other sentences, it reads the same
    alone = clf.predict([list(SENTENCES)[2]])[0]
    assert alone == preds[2]
    shuffled = clf.predict(list(SENTENCES)[::-1])
    assert shuffled[::-1] == preds


def test_the_onnx_model_is_built_once_and_kept(tmp_path, monkeypatch):
    from detente.cache import cache_dir
    from detente.learned.embed import Embedder

    monkeypatch.setenv("DETENTE_CACHE_DIR", str(tmp_path / "cache"))
    assert cache_dir() == tmp_path / "cache"
    first = Embedder(backend="onnx").features(["Troops opened fire on demonstrators."])
    [built] = (tmp_path / "cache").glob("*.onnx")
    stamp = built.stat().st_mtime_ns
    second = Embedder(backend="onnx").features(["Troops opened fire on demonstrators."])
    assert built.stat().st_mtime_ns == stamp  # read, not rebuilt
    np.testing.assert_array_equal(first.dense, second.dense)


def test_an_unwritable_cache_still_gives_the_model(tmp_path, monkeypatch):
    from detente.learned.embed import Embedder

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("DETENTE_CACHE_DIR", str(blocked / "cache"))
    features = Embedder(backend="onnx").features(["Troops opened fire on demonstrators."])
    assert features.dense.shape == (1, 768) and np.isfinite(features.dense).all()


def test_the_torch_backend_reads_sentences_alike():
    from detente.learned.embed import Embedder

    sentences = list(SENTENCES)
    onnx = Embedder(backend="onnx").features(sentences)
    torch = Embedder(backend="torch").features(sentences)
    assert onnx.token_ids == torch.token_ids
    # both int8, rounded differently: close, not equal
    cos = (onnx.dense * torch.dense).sum(1) / np.linalg.norm(onnx.dense, axis=1) / np.linalg.norm(torch.dense, axis=1)
    assert (cos > 0.95).all(), cos
    with pytest.raises(ValueError, match="unknown embedding backend"):
        Embedder(backend="tensorflow")


def test_empty_input_and_a_lone_string():
    clf = load_classifier()
    assert clf.predict([]) == []
    with pytest.raises(TypeError):
        clf.predict("one sentence")
