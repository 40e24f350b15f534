"""The classifier's weights and its arithmetic: numpy only, no torch needed to apply them.

Two linear heads read the same features (a bag of MiniLM WordPiece ids, idf-weighted and
L2-normalised, next to the standardised [mean, max] vectors of the model's last layer):

* ``pentaclass``: softmax over the five PentaClasses (trained on real news sentences);
* ``root``: softmax over the twenty CAMEO roots and "none" (trained on sentences labelled with
  a root). Its "none" column gives P(no event); its root columns, renormalised within each
  class, give P(root | class).

Each head's logits are divided by its temperature, fitted on held-out folds when it was
trained. A root's probability is (1 − P(none)) · P(class of the root) · P(root | class), so
the root distribution agrees with the PentaClass distribution.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .embed import Features

__all__ = [
    "FORMAT",
    "NONE",
    "PENTACLASS_NAMES",
    "ROOTS",
    "ROOT_LABELS",
    "Head",
    "Transform",
    "Weights",
    "joint",
    "pentaclass_of",
]

#: Version of the weights file's layout; a file of another version is refused.
FORMAT = "detente.sentence_classifier.v1"
#: The CAMEO roots, in the order of the root head's columns.
ROOTS = tuple(f"{i:02d}" for i in range(1, 21))
#: The root head's label for a sentence with no event.
NONE = "none"
#: The root head's columns: the twenty roots, then "none".
ROOT_LABELS = (*ROOTS, NONE)
#: What each PentaClass stands for.
PENTACLASS_NAMES = (
    "statement (01-02)",
    "verbal cooperation (03-05)",
    "material cooperation (06-08)",
    "verbal conflict (09-13)",
    "material conflict (14-20)",
)


def pentaclass_of(root: str | int) -> int:
    """The PentaClass (0–4) of a CAMEO root ("01"–"20" or a full code such as "0431")."""
    r = int(str(root)[:2]) if isinstance(root, str) else int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    return 0 if r <= 2 else 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


_HEADS = ("pentaclass", "root")

#: PentaClass of each root column.
ROOT_CLASS = np.array([pentaclass_of(r) for r in ROOTS])


@dataclass(frozen=True)
class Transform:
    """Features → the design matrix's two blocks."""

    mean: np.ndarray  # (2*DIM,) standardisation of the dense block
    scale: np.ndarray  # (2*DIM,)
    dense_weight: float  # the dense block is multiplied by this (sets its share of the penalty)
    ids: np.ndarray  # (m,) sorted WordPiece ids with a column in the bag of words
    idf: np.ndarray  # (m,)

    def dense(self, f: Features) -> np.ndarray:
        return ((f.dense - self.mean) / self.scale * self.dense_weight).astype(np.float32)

    def bag(self, f: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The bag of words as COO triplets (row, column, value), rows L2-normalised."""
        rows, cols, vals = [], [], []
        last = len(self.ids) - 1
        for r, ids in enumerate(f.token_ids):
            if last < 0 or not ids:
                continue
            uniq = np.unique(np.asarray(ids, dtype=np.int64))
            pos = np.minimum(np.searchsorted(self.ids, uniq), last)
            pos = pos[self.ids[pos] == uniq]
            if not len(pos):
                continue
            v = self.idf[pos]
            v = v / np.sqrt((v * v).sum())
            rows.append(np.full(len(pos), r))
            cols.append(pos)
            vals.append(v)
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals).astype(np.float32)

    @property
    def width(self) -> int:
        return len(self.ids) + len(self.mean)


@dataclass(frozen=True)
class Head:
    """One linear softmax head over the design matrix ``[bag | dense]``."""

    weight: np.ndarray  # (width, k)
    bias: np.ndarray  # (k,)
    temperature: float = 1.0

    def logits(self, t: Transform, f: Features) -> np.ndarray:
        m = len(t.ids)
        z = t.dense(f) @ self.weight[m:] + self.bias
        rows, cols, vals = t.bag(f)
        if len(rows):
            np.add.at(z, rows, vals[:, None] * self.weight[cols])
        return z

    def probs(self, t: Transform, f: Features) -> np.ndarray:
        return softmax(self.logits(t, f) / self.temperature)


@dataclass(frozen=True)
class Weights:
    """Everything the weights file holds."""

    transform: Transform
    pentaclass: Head
    root: Head
    info: dict[str, Any] = field(default_factory=dict)

    # -- (de)serialisation -------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        arrays: dict[str, np.ndarray] = {
            "format": np.array(FORMAT),
            "info": np.array(json.dumps(self.info, sort_keys=True)),
            "t_mean": self.transform.mean.astype(np.float32),
            "t_scale": self.transform.scale.astype(np.float32),
            "t_dense_weight": np.array(self.transform.dense_weight, np.float32),
            "t_ids": self.transform.ids.astype(np.int32),
            "t_idf": self.transform.idf.astype(np.float32),
        }
        for name in _HEADS:
            h: Head = getattr(self, name)
            arrays[f"{name}_weight"] = h.weight.astype(np.float32)
            arrays[f"{name}_bias"] = h.bias.astype(np.float32)
            arrays[f"{name}_temperature"] = np.array(h.temperature, np.float32)
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Weights:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            fmt = str(z["format"])
            if fmt != FORMAT:
                raise ValueError(f"weights file format {fmt!r}, expected {FORMAT!r}")
            t = Transform(
                mean=z["t_mean"],
                scale=z["t_scale"],
                dense_weight=float(z["t_dense_weight"]),
                ids=z["t_ids"].astype(np.int64),
                idf=z["t_idf"],
            )
            heads = {
                name: Head(z[f"{name}_weight"], z[f"{name}_bias"], float(z[f"{name}_temperature"]))
                for name in _HEADS
            }
            return cls(transform=t, info=json.loads(str(z["info"])), **heads)

    # -- arithmetic ----------------------------------------------------------------------------
    def probabilities(self, f: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(P(class) (n, 5), P(root | class) (n, 20), P(no event) (n,))."""
        p_class = self.pentaclass.probs(self.transform, f)
        z = self.root.logits(self.transform, f) / self.root.temperature
        p_none = softmax(z)[:, len(ROOTS)]
        p_root = np.zeros((len(z), len(ROOTS)))
        for c in range(5):
            cols = np.flatnonzero(ROOT_CLASS == c)
            p_root[:, cols] = softmax(z[:, cols])
        return p_class, p_root, p_none

    def root_probabilities(self, f: Features) -> np.ndarray:
        """(n, 21): P(root) for each of :data:`ROOT_LABELS`; rows sum to 1."""
        return joint(*self.probabilities(f))


def joint(p_class: np.ndarray, p_root: np.ndarray, p_none: np.ndarray) -> np.ndarray:
    """(n, 21): P(root) = (1 − P(none)) · P(class of the root) · P(root | class), then P(none)."""
    full = (1 - p_none)[:, None] * p_class[:, ROOT_CLASS] * p_root
    return np.concatenate([full, p_none[:, None]], axis=1)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
