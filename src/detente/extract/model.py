"""The extractor's label spaces, its heads in numpy, and the decoding of their output.

The encoder (a fine-tuned MiniLM, run by onnxruntime, see :mod:`.runtime`) turns a sentence's
WordPiece tokens into vectors ``H`` (tokens × 384). Three small heads read them:

* **sentence**: from the mean of ``H``, "no event" or the CAMEO root of the main event
  (:data:`SENTENCE_LABELS`);
* **trigger**: per token, ``O`` (no trigger), ``I`` (inside a trigger) or ``B-<root>`` (the
  first token of a trigger, and the root of its event) (:data:`TRIGGER_LABELS`);
* **modality**: given a trigger token, whether the text asserts its event or only denies,
  supposes, foresees, recommends or reports it (:data:`MODALITY_LABELS`);
* **time**: given a trigger token, whether the story tells its event as the news (on or
  just before the publication day), as something of another time, or with no time at all
  (:data:`TIME_LABELS`; the time stage decides the date, see :mod:`detente.events.judge`);
* **arguments**: given a trigger token ``t``, per token ``O`` / ``B-S`` / ``I-S`` (source) /
  ``B-T`` / ``I-T`` (target) / ``B-R`` / ``I-R`` (reciprocal: both sides of a joint act)
  (:data:`ARG_LABELS`), from the token's vector, its product with the trigger's and their
  distance.

The heads are a few hundred thousand numbers, kept with the model and computed here with numpy
exactly as :mod:`.train` computes them in torch.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "ARG_LABELS",
    "DISTANCE_BUCKETS",
    "MODALITY_LABELS",
    "NONE",
    "PENTACLASS_NAMES",
    "ROOTS",
    "SENTENCE_LABELS",
    "TIME_LABELS",
    "TRIGGER_LABELS",
    "ArgSpan",
    "Heads",
    "Reading",
    "Trigger",
    "decode",
    "distance_bucket",
    "pentaclass_of",
    "pentaclass_roots",
]

ROOTS = tuple(f"{i:02d}" for i in range(1, 21))
NONE = "none"
SENTENCE_LABELS = (NONE, *ROOTS)
TRIGGER_LABELS = ("O", "I", *(f"B-{r}" for r in ROOTS))
ARG_LABELS = ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R")
MODALITY_LABELS = ("asserted", "negated", "hypothetical", "future", "recommended", "reported")
TIME_LABELS = ("recent", "past", "undated")
#: Signed token distances to the trigger, clipped to ±15, and one bucket for the trigger itself.
DISTANCE_BUCKETS = 31
PENTACLASS_NAMES = (
    "statements and appeals (01-02)",
    "verbal cooperation (03-05)",
    "material cooperation (06-08)",
    "verbal conflict (09-13)",
    "material conflict (14-20)",
)
_CLASS_OF = {**dict.fromkeys(("01", "02"), 0), **dict.fromkeys(("03", "04", "05"), 1),
             **dict.fromkeys(("06", "07", "08"), 2), **dict.fromkeys(("09", "10", "11", "12", "13"), 3),
             **dict.fromkeys(ROOTS[13:], 4)}


def pentaclass_of(code: str) -> int:
    """The PentaClass (0-4) of a CAMEO code or root."""
    return _CLASS_OF[str(code)[:2]]


def pentaclass_roots(label: int) -> frozenset[str]:
    return frozenset(r for r in ROOTS if _CLASS_OF[r] == label)


def distance_bucket(d: np.ndarray) -> np.ndarray:
    return np.clip(d, -15, 15) + 15


def _gelu(x: np.ndarray) -> np.ndarray:
    # the tanh form, as torch.nn.GELU(approximate="tanh"), with few temporaries
    t = x * x
    t *= 0.044715
    t += 1.0
    t *= x
    t *= 0.7978845608028654
    np.tanh(t, out=t)
    t += 1.0
    t *= x
    t *= 0.5
    return t


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(-1, keepdims=True)


@dataclass
class Heads:
    """The heads' weights (float32 arrays, names as in :mod:`.train`) and the model's info."""

    arrays: dict[str, np.ndarray]
    info: dict

    def sentence(self, H: np.ndarray) -> np.ndarray:
        a = self.arrays
        return _softmax(H.mean(0) @ a["sent.weight"].T + a["sent.bias"])

    def trigger(self, H: np.ndarray) -> np.ndarray:
        a = self.arrays
        return _softmax(H @ a["trig.weight"].T + a["trig.bias"])

    def modality(self, H: np.ndarray, t: int) -> np.ndarray:
        a = self.arrays
        return _softmax(H[t] @ a["mod.weight"].T + a["mod.bias"])

    def time(self, H: np.ndarray, t: int) -> np.ndarray:
        a = self.arrays
        return _softmax(H[t] @ a["when.weight"].T + a["when.bias"])

    def arguments(self, H: np.ndarray, t: int, shared: np.ndarray | None = None) -> np.ndarray:
        """Argument label probabilities of every token for the trigger at token ``t``.

        The first layer reads [h, h * z, distance]; its token part does not depend on the
        trigger, so :meth:`argument_base` computes it once a sentence (``shared``)."""
        w = self._split()
        z = np.tanh(H[t] @ self.arrays["cond.weight"].T + self.arrays["cond.bias"])
        base = self.argument_base(H) if shared is None else shared
        pre = base + H @ (w["mid"] * z[:, None]) + w["dist"][distance_bucket(np.arange(len(H)) - t)]
        return _softmax(_gelu(pre) @ self.arrays["arg2.weight"].T + self.arrays["arg2.bias"])

    def argument_base(self, H: np.ndarray) -> np.ndarray:
        w = self._split()
        return H @ w["own"] + self.arrays["arg1.bias"]

    def _split(self) -> dict[str, np.ndarray]:
        """arg1's weight cut by its inputs: the token (own), its product with the trigger
        (mid), and the distance embedding already multiplied through (dist, 31 rows)."""
        split = self.__dict__.get("_split_cache")
        if split is None:
            w1 = self.arrays["arg1.weight"]
            h = self.arrays["cond.weight"].shape[0]
            split = {"own": np.ascontiguousarray(w1[:, :h].T), "mid": np.ascontiguousarray(w1[:, h:2 * h].T),
                     "dist": self.arrays["dist.weight"] @ w1[:, 2 * h:].T}
            self.__dict__["_split_cache"] = split
        return split

    def to_bytes(self) -> bytes:
        """An ``.npz`` archive, byte for byte the same for the same weights (no time stamps)."""
        buf = io.BytesIO()
        items = {"info": np.frombuffer(json.dumps(self.info, sort_keys=True).encode(), dtype=np.uint8),
                 **{k: v.astype(np.float32) for k, v in sorted(self.arrays.items())}}
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, arr in items.items():
                member = io.BytesIO()
                np.save(member, arr, allow_pickle=False)
                zf.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), member.getvalue(),
                            compress_type=zipfile.ZIP_DEFLATED)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Heads:
        with np.load(io.BytesIO(data)) as z:
            info = json.loads(z["info"].tobytes().decode())
            arrays = {k: z[k] for k in z.files if k != "info"}
        return cls(arrays, info)


@dataclass(frozen=True)
class ArgSpan:
    """An argument phrase: character span in the sentence, its role (S, T or R), confidence."""

    start: int
    end: int
    role: str
    p: float


@dataclass(frozen=True)
class Trigger:
    """An event the model reads in a sentence: the trigger's character span, the root
    probabilities of its event (``roots``, "01"…"20", summing to 1), P(this is a trigger)
    and its argument phrases."""

    start: int
    end: int
    p: float
    roots: dict[str, float]
    args: tuple[ArgSpan, ...]
    modalities: dict[str, float] = field(default_factory=dict)
    times: dict[str, float] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return max(self.roots, key=self.roots.get)

    @property
    def modality(self) -> str | None:
        return max(self.modalities, key=self.modalities.get) if self.modalities else None

    @property
    def time(self) -> str | None:
        return max(self.times, key=self.times.get) if self.times else None


@dataclass(frozen=True)
class Reading:
    """What the model reads in one sentence: P(no event), the sentence-level root
    probabilities, and its triggers in text order."""

    p_none: float
    sentence_roots: dict[str, float]
    triggers: tuple[Trigger, ...]
    #: The model's usual full code of a root, where not the root's "0" code (from its training
    #: data: :func:`detente.extract.train.root_codes`).
    codes: Mapping[str, str] = field(default_factory=dict)

    def code_of(self, root: str) -> str:
        """The full CAMEO code of an event of ``root`` that nothing more specific codes."""
        return self.codes.get(root, root + "0")

    @property
    def main(self) -> Trigger | None:
        """The trigger of the sentence's main event: the likeliest one."""
        return max(self.triggers, key=lambda t: t.p, default=None)

    @property
    def class_probs(self) -> tuple[float, ...]:
        """The probability the sentence head gives each PentaClass (0-4) of the sentence's main
        event: the sum of its roots' (with P(no event), they sum to 1)."""
        totals = [0.0] * 5
        for root, p in self.sentence_roots.items():
            totals[pentaclass_of(root)] += p
        return tuple(totals)

    @property
    def pentaclass(self) -> int:
        """The PentaClass of the sentence's main event by the sentence head (the class whose
        roots it finds likeliest together)."""
        totals = self.class_probs
        return max(range(5), key=totals.__getitem__)

    def main_root(self, trigger: Trigger) -> str:
        """The root of the main event: within the sentence head's class, the root that the
        trigger and the sentence head find likeliest together."""
        c = self.pentaclass
        return max((r for r in ROOTS if pentaclass_of(r) == c),
                   key=lambda r: trigger.roots.get(r, 0.0) * self.sentence_roots.get(r, 0.0))


def decode(heads: Heads, H: np.ndarray, offsets: Sequence[tuple[int, int]], text: str, *,
           trigger_threshold: float = 0.5, max_triggers: int = 8, args_threshold: float = 0.0) -> Reading:
    """Read one sentence (``text``) from its token vectors ``H`` (with [CLS] and [SEP]) and
    the character span of each token (``(0, 0)`` for the special tokens).

    Triggers at least ``trigger_threshold`` likely are kept; their argument phrases are read
    when they are at least ``args_threshold`` likely, or the sentence's likeliest (the others
    keep none: the argument head costs more than the rest of the decoding)."""
    p_sent = heads.sentence(H)
    p_trig = heads.trigger(H)
    n = len(offsets)
    real = [i for i in range(n) if offsets[i][1] > offsets[i][0]]
    p_b = p_trig[:, 2:].sum(1)
    triggers = []
    for i in real:
        if p_b[i] < trigger_threshold or p_b[i] < p_trig[i, 1]:
            continue
        if _continues_word(offsets, i, text):
            continue  # a word's later piece: the word's first piece speaks for it
        end = i
        while end + 1 < n and offsets[end + 1][1] > offsets[end + 1][0] and (
            _continues_word(offsets, end + 1, text) or p_trig[end + 1, 1] > 0.5
        ):
            end += 1
        roots = p_trig[i, 2:] / max(p_b[i], 1e-9)
        triggers.append((i, end, float(p_b[i]), roots))
    triggers.sort(key=lambda x: -x[2])
    out = []
    shared = heads.argument_base(H) if triggers else None
    for k, (i, end, p, roots) in enumerate(triggers[:max_triggers]):
        args = _spans(heads.arguments(H, i, shared), offsets, text) if k == 0 or p >= args_threshold else []
        mods = heads.modality(H, i) if "mod.weight" in heads.arrays else ()
        times = heads.time(H, i) if "when.weight" in heads.arrays else ()
        out.append(Trigger(offsets[i][0], offsets[end][1], round(p, 4),
                           {r: round(float(q), 4) for r, q in zip(ROOTS, roots)}, tuple(args),
                           {m: round(float(q), 4) for m, q in zip(MODALITY_LABELS, mods)},
                           {w: round(float(q), 4) for w, q in zip(TIME_LABELS, times)}))
    out.sort(key=lambda t: t.start)
    return Reading(round(float(p_sent[0]), 4), {r: round(float(q), 4) for r, q in zip(ROOTS, p_sent[1:])},
                   tuple(out), heads.info.get("root_codes") or {})


def _continues_word(offsets: Sequence[tuple[int, int]], i: int, text: str | None = None) -> bool:
    """Does token ``i`` continue the word of the token before it (no space between them, and
    neither is punctuation: "Germany," is a word and a comma)?"""
    if i <= 0 or offsets[i - 1][1] != offsets[i][0] or offsets[i - 1][1] <= offsets[i - 1][0]:
        return False
    if text is None:
        return True
    return text[offsets[i][0]].isalnum() and text[offsets[i - 1][1] - 1].isalnum()


def _spans(p: np.ndarray, offsets: Sequence[tuple[int, int]], text: str) -> list[ArgSpan]:
    """BIO decoding of one trigger's argument probabilities into phrases.

    Where a phrase begins and ends is read apart from its role: each token is outside, the
    beginning or the inside of *some* phrase by the sum of those roles' probabilities, and a
    phrase takes the role its tokens give most together. (A model torn between two roles
    would otherwise cut "the foreign secretary" into "the" as a source and "foreign" as a
    reciprocal side.)"""
    roles = ("S", "T", "R")
    b_idx = [ARG_LABELS.index("B-" + r) for r in roles]
    i_idx = [ARG_LABELS.index("I-" + r) for r in roles]
    # outside, beginning or inside of some phrase: the likeliest of the three, for all tokens
    # at once (ties go to the first, as np.argmax gives them)
    best = np.argmax(np.stack((p[:, 0], p[:, b_idx].sum(1), p[:, i_idx].sum(1)), axis=1), axis=1).tolist()
    out, cur = [], None
    for i, (s, e) in enumerate(offsets):
        kind = "O" if e <= s else ("O", "B", "I")[best[i]]
        piece = _continues_word(offsets, i, text)
        if cur is not None and (kind == "I" or (piece and kind != "B")):
            cur[1] = i
            continue
        if cur is not None:
            out.append(cur)
            cur = None
        if kind in ("B", "I") and not piece:
            cur = [i, i]
    if cur is not None:
        out.append(cur)
    spans = []
    for a, b in out:
        while a < b and text[offsets[a][0]:offsets[a][1]] in _EDGE_PUNCT:
            a += 1
        while b > a and text[offsets[b][0]:offsets[b][1]] in _EDGE_PUNCT:
            b -= 1
        if not text[offsets[a][0]:offsets[b][1]].strip(_EDGE_PUNCT_CHARS):
            continue
        # the role its tokens give most together; its likelihood: the mean over the phrase of
        # the first token's B- and the others' I- probability of that role
        mass = p[a:b + 1, b_idx].sum(0) + p[a:b + 1, i_idx].sum(0)
        k = int(np.argmax(mass))
        ps = [p[a, b_idx[k]], *(p[j, i_idx[k]] for j in range(a + 1, b + 1))]
        spans.append(ArgSpan(offsets[a][0], offsets[b][1], roles[k], round(float(np.mean(ps)), 4)))
    return spans


#: Punctuation a phrase neither starts nor ends with ("Germany," is "Germany").
_EDGE_PUNCT_CHARS = ",;:.!?\"\u201c\u201d\u2018\u2019'-\u2013\u2014"
_EDGE_PUNCT = frozenset(_EDGE_PUNCT_CHARS)
