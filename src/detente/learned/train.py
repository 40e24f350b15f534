"""Fitting the classifier: L2-regularised softmax regression (L-BFGS), temperature scaling
on held-out folds, stratified folds. Used by ``tools/train_classifier.py`` and
``benchmarks/pentaclass.py``; needs scipy (installed with scikit-learn, a dependency of the
MiniLM package), imported here only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .embed import Features
from .model import NONE, ROOT_LABELS, Head, Transform, Weights, pentaclass_of, softmax

__all__ = [
    "Design",
    "Labelled",
    "Selection",
    "design_matrix",
    "fit_head",
    "fit_temperature",
    "fit_transform",
    "fit_weights",
    "out_of_fold_logits",
    "pattern_roots",
    "read_pentaclass",
    "select",
    "stratified_folds",
    "training_sets",
]

log = logging.getLogger(__name__)

#: Penalties tried for each head (inverse L2 strength, sklearn's convention), by inner CV.
C_GRID = (10.0, 30.0, 100.0, 300.0)
#: The dense block's scale inside the design matrix (its share of the penalty).
DENSE_WEIGHT = 0.05
#: A WordPiece id gets a bag-of-words column when this many training sentences have it.
MIN_DF = 2
#: Weight of a news sentence in the root head when its root is the pattern coder's (taken
#: only where the coder's class agrees with the gold PentaClass): a silver label.
SILVER_WEIGHT = 0.5


@dataclass(frozen=True)
class Labelled:
    """Training sentences of one head: features, integer labels, per-sentence weights."""

    features: Features
    labels: np.ndarray
    weights: np.ndarray | None = None

    def take(self, index) -> Labelled:
        idx = np.asarray(index)
        return Labelled(
            self.features.take(idx),
            self.labels[idx],
            None if self.weights is None else self.weights[idx],
        )


def stratified_folds(
    labels: Sequence[int], k: int = 5, seed: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``k`` (train, test) index pairs; each label spread evenly over the test folds."""
    y = np.asarray(labels)
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), dtype=int)
    offset = 0
    for label in np.unique(y):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        fold[idx] = (np.arange(len(idx)) + offset) % k
        offset += len(idx)
    return [(np.flatnonzero(fold != i), np.flatnonzero(fold == i)) for i in range(k)]


def fit_transform(
    features: Features, *, dense_weight: float = DENSE_WEIGHT, min_df: int = MIN_DF
) -> Transform:
    mean = features.dense.mean(0)
    scale = features.dense.std(0) + 1e-6
    df: dict[int, int] = {}
    for ids in features.token_ids:
        for i in set(ids):
            df[i] = df.get(i, 0) + 1
    ids = np.array(sorted(i for i, n in df.items() if n >= min_df), dtype=np.int64)
    n = len(features)
    idf = np.array([np.log((n + 1) / (df[i] + 1)) + 1 for i in ids], dtype=np.float32)
    return Transform(mean=mean, scale=scale, dense_weight=dense_weight, ids=ids, idf=idf)


@dataclass(frozen=True)
class Design:
    """The design matrix ``[bag | dense]``: a sparse block and a dense one."""

    bag: object  # scipy.sparse.csr_matrix (n, m)
    dense: np.ndarray  # (n, 2 * DIM)

    @property
    def shape(self) -> tuple[int, int]:
        return self.bag.shape[0], self.bag.shape[1] + self.dense.shape[1]

    def __matmul__(self, W: np.ndarray) -> np.ndarray:
        m = self.bag.shape[1]
        return self.bag @ W[:m] + self.dense @ W[m:]

    def rmatmul(self, G: np.ndarray) -> np.ndarray:
        """``Xᵀ G``."""
        return np.concatenate([self.bag.T @ G, self.dense.T @ G])


def design_matrix(t: Transform, f: Features) -> Design:
    import scipy.sparse as sp

    rows, cols, vals = t.bag(f)
    bag = sp.csr_matrix((vals.astype(np.float64), (rows, cols)), shape=(len(f), len(t.ids)))
    return Design(bag, t.dense(f).astype(np.float64))


def fit_head(X: Design, y: np.ndarray, k: int, C: float, weights: np.ndarray | None = None) -> Head:
    """Softmax regression: minimise Σ wᵢ·CE(xᵢ, yᵢ) + ‖W‖²/(2C) (the bias is not penalised)."""
    n, d = X.shape
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        W = theta[: d * k].reshape(d, k)
        b = theta[d * k :]
        Z = X @ W + b
        Z -= Z.max(1, keepdims=True)
        lse = np.log(np.exp(Z).sum(1))
        value = -(w * ((Z * Y).sum(1) - lse)).sum() + 0.5 / C * (W * W).sum()
        G = (np.exp(Z - lse[:, None]) - Y) * w[:, None]
        grad = np.concatenate([(X.rmatmul(G) + W / C).ravel(), G.sum(0)])
        return value, grad

    theta = _lbfgs(loss, np.zeros(d * k + k))
    return Head(theta[: d * k].reshape(d, k).astype(np.float32), theta[d * k :].astype(np.float32))


def _lbfgs(
    fun,
    x: np.ndarray,
    *,
    memory: int = 10,
    maxiter: int = 2000,
    ftol: float = 1e-10,
    gtol: float = 1e-5,
) -> np.ndarray:
    """Minimise a smooth convex ``fun(x) -> (value, gradient)`` by L-BFGS with a backtracking
    (Armijo) line search. (scipy's L-BFGS-B spends ~50 ms per step of bookkeeping on the
    ~20,000 parameters here, twenty times the cost of the function itself.)"""
    f, g = fun(x)
    hist: list[tuple[np.ndarray, np.ndarray, float]] = []
    for it in range(maxiter):
        q = g.copy()
        alphas = []
        for s, y, rho in reversed(hist):
            a = rho * (s @ q)
            q -= a * y
            alphas.append(a)
        if hist:
            s, y, _ = hist[-1]
            q *= (s @ y) / (y @ y)
        else:
            q /= max(1.0, float(np.abs(g).max()))
        for (s, y, rho), a in zip(hist, reversed(alphas)):
            q += s * (a - rho * (y @ q))
        direction = -q
        slope = g @ direction
        if slope >= 0:  # not a descent direction: restart from the gradient
            hist.clear()
            direction = -g / max(1.0, float(np.abs(g).max()))
            slope = g @ direction
        step = 1.0
        while True:
            x_new = x + step * direction
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope:
                break
            step *= 0.5
            if step < 1e-12:
                log.debug("line search failed at iteration %d", it)
                return x
        s, y = x_new - x, g_new - g
        sy = s @ y
        if sy > 1e-12:
            hist.append((s, y, 1.0 / sy))
            if len(hist) > memory:
                hist.pop(0)
        done = (f - f_new) <= ftol * max(1.0, abs(f)) or np.abs(g_new).max() <= gtol
        x, f, g = x_new, f_new, g_new
        if done:
            break
    else:
        log.debug("L-BFGS stopped after %d iterations", maxiter)
    return x


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature T minimising the negative log-likelihood of softmax(logits / T)."""
    from scipy.optimize import minimize_scalar

    def nll(log_t: float) -> float:
        p = softmax(logits / np.exp(log_t))
        return -np.log(p[np.arange(len(y)), y] + 1e-12).mean()

    res = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(res.x))


def out_of_fold_logits(
    data: Labelled,
    k: int,
    C: float,
    folds: list[tuple[np.ndarray, np.ndarray]],
    dense_weight: float = DENSE_WEIGHT,
) -> np.ndarray:
    """Logits of each sentence from a head trained without its fold (transform refitted)."""
    out = np.zeros((len(data.labels), k))
    for tr, te in folds:
        part = data.take(tr)
        t = fit_transform(part.features, dense_weight=dense_weight)
        head = fit_head(design_matrix(t, part.features), part.labels, k, C, part.weights)
        out[te] = head.logits(t, data.features.take(te))
    return out


def read_pentaclass(path) -> tuple[list[str], np.ndarray]:
    """Sentences and labels of a ``sentence TAB label`` file (the ConfliBERT PentaClass data)."""
    from pathlib import Path

    texts, labels = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text and label.strip().isdigit():
            texts.append(text)
            labels.append(int(label))
    return texts, np.array(labels, dtype=int)


def pattern_roots(texts: Sequence[str], nlp=None) -> list[str | None]:
    """The pattern coder's main event for each sentence, coded alone: its CAMEO code, or None.

    The main event is the one ``benchmarks/accuracy.py`` scores: among the asserted events
    (those with a target first), the most confident, then the largest |Goldstein|, then the
    earliest.
    """
    from ..events import main_event
    from ..nlp import PATTERN_STAGES, load
    from ..pipeline import code_documents
    from ..records import Document

    if nlp is None:
        nlp = load(stages=PATTERN_STAGES)
    if "detente_learned" in nlp.pipe_names:
        raise ValueError("pattern_roots() needs the pattern coder alone (stages=PATTERN_STAGES)")
    docs = [Document(id=f"s{i}", text=t) for i, t in enumerate(texts)]
    out: list[str | None] = []
    for coded in code_documents(docs, nlp=nlp):
        main = main_event(list(coded.events))
        out.append(None if main is None else main.cameo)
    return out


def training_sets(
    news: Features,
    news_classes: Sequence[int],
    news_pattern_roots: Sequence[str | None],
    written: Features,
    written_roots: Sequence[str | None],
) -> tuple[Labelled, Labelled]:
    """The two heads' training rows.

    ``news``: real news sentences with a gold PentaClass and the pattern coder's root for the
    main event (None: no event found). ``written``: sentences labelled with a root (None: no
    event). The PentaClass head learns from the news sentences and the written ones that have
    a root; the root head from every written sentence and, as silver labels of weight
    :data:`SILVER_WEIGHT`, the news sentences whose pattern root has the gold class. In the
    PentaClass set the news sentences come first, in their order.
    """
    classes = np.asarray(news_classes, dtype=int)
    w_idx = np.array([ROOT_LABELS.index(r[:2] if r else NONE) for r in written_roots], dtype=int)
    rooted = np.flatnonzero(w_idx < len(ROOT_LABELS) - 1)
    w_class = np.array([pentaclass_of(ROOT_LABELS[i]) for i in w_idx[rooted]], dtype=int)
    penta = Labelled(
        Features.concat([news, written.take(rooted)]),
        np.concatenate([classes, w_class]),
    )
    silver = [
        i
        for i, (r, c) in enumerate(zip(news_pattern_roots, classes))
        if r is not None and pentaclass_of(r) == c
    ]
    s_idx = np.array([ROOT_LABELS.index(news_pattern_roots[i][:2]) for i in silver], dtype=int)
    root = Labelled(
        Features.concat([written, news.take(np.array(silver, dtype=int))]),
        np.concatenate([w_idx, s_idx]),
        np.concatenate([np.ones(len(w_idx)), np.full(len(silver), SILVER_WEIGHT)]),
    )
    return penta, root


@dataclass(frozen=True)
class Selection:
    """A head's penalty and temperature, chosen on held-out folds, with those folds' logits
    (uncalibrated; divide by ``temperature``)."""

    C: float
    temperature: float
    held_out: np.ndarray


def select(
    data: Labelled,
    k: int,
    *,
    seed: int = 0,
    folds: int = 5,
    grid: Sequence[float] = C_GRID,
    dense_weight: float = DENSE_WEIGHT,
    scored: np.ndarray | None = None,
) -> Selection:
    """The penalty with the best held-out log-likelihood and the temperature fitted to its
    held-out logits. Only ``scored`` rows (a mask; default: rows of weight ≥ 1) are scored,
    so the probabilities are calibrated on the data they will be read on; the others only
    train."""
    if scored is not None:
        strong = np.asarray(scored, bool)
    else:
        strong = np.ones(len(data.labels), bool) if data.weights is None else data.weights >= 1.0
    # stratify on the label, and spread the train-only rows over the folds too
    fs = stratified_folds(data.labels * 2 + strong.astype(int), folds, seed)
    y = data.labels[strong]
    best: tuple[float, float, np.ndarray] | None = None
    for C in grid:
        z = out_of_fold_logits(data, k, C, fs, dense_weight)
        p = softmax(z[strong])
        nll = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
        log.debug("C=%s held-out NLL %.4f accuracy %.4f", C, nll, (p.argmax(1) == y).mean())
        if best is None or nll < best[0]:
            best = (nll, C, z)
    assert best is not None
    _, C, z = best
    return Selection(C=C, temperature=fit_temperature(z[strong], y), held_out=z)


def fit_weights(
    pentaclass: Labelled,
    root: Labelled,
    *,
    seed: int = 0,
    folds: int = 5,
    grid: Sequence[float] = C_GRID,
    dense_weight: float = DENSE_WEIGHT,
    info: dict | None = None,
    vocabulary: Features | None = None,
    selections: dict[str, Selection] | None = None,
) -> Weights:
    """Train both heads; each head's penalty and temperature come from ``folds``-fold
    cross-validation on its own training rows (rows with weight < 1 only train, never score).

    ``pentaclass`` labels are 0–4; ``root`` labels index :data:`ROOT_LABELS` (20 = "none").
    The standardisation and the bag of words are fitted on ``vocabulary`` (default: all rows).
    ``selections`` may hold a head's :func:`select` result, already computed.
    """
    chosen: dict[str, dict] = {}
    selections = dict(selections or {})
    for name, data, k in (("pentaclass", pentaclass, 5), ("root", root, len(ROOT_LABELS))):
        if name not in selections:
            selections[name] = select(
                data, k, seed=seed, folds=folds, grid=grid, dense_weight=dense_weight
            )
        sel = selections[name]
        chosen[name] = {
            "C": sel.C,
            "temperature": round(sel.temperature, 4),
            "rows": len(data.labels),
        }
    if vocabulary is None:
        vocabulary = Features.concat([pentaclass.features, root.features])
    transform = fit_transform(vocabulary, dense_weight=dense_weight)
    heads = {}
    for name, data, k in (("pentaclass", pentaclass, 5), ("root", root, len(ROOT_LABELS))):
        sel = selections[name]
        h = fit_head(design_matrix(transform, data.features), data.labels, k, sel.C, data.weights)
        heads[name] = Head(h.weight, h.bias, sel.temperature)
    return Weights(transform=transform, info={**(info or {}), "heads": chosen}, **heads)
