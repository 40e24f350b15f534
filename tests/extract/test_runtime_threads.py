"""The encoder's threads change its speed, never its reading."""

import numpy as np

from detente.extract.runtime import THREADS_ENV, Extractor, extractor_threads, load_extractor


def test_a_reading_does_not_depend_on_the_number_of_threads():
    shipped = load_extractor()
    texts = ["Russian jets bombed rebel positions near Aleppo on Monday, the army said.",
             "Pakistan and China signed a trade agreement in Beijing on Monday."]  # fmt: skip
    one = Extractor(shipped.heads, threads=1).vectors(texts)
    two = Extractor(shipped.heads, threads=3).vectors(texts)  # two beside the parse's
    assert Extractor(shipped.heads, threads=3).encoder_threads == 2
    for (h1, spans1), (h2, spans2) in zip(one, two):
        assert spans1 == spans2 and np.array_equal(h1, h2)


def test_threads_follow_the_environment(monkeypatch):
    monkeypatch.setenv(THREADS_ENV, "1")
    assert extractor_threads() == 1
    monkeypatch.setenv(THREADS_ENV, "nonsense")
    assert 1 <= extractor_threads() <= 4
