"""The extractor's heads and decoding, on hand-made weights (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest

from detente.extract.model import (
    ARG_LABELS,
    MODALITY_LABELS,
    SENTENCE_LABELS,
    TRIGGER_LABELS,
    Heads,
    decode,
    pentaclass_of,
    pentaclass_roots,
)

H = 4  # a tiny hidden size


def _heads(trigger_logits, arg_logits, mod_logits=None):
    """Heads whose outputs are fixed per token: the token vectors are one-hot positions."""
    n = len(trigger_logits)
    a = {
        "sent.weight": np.zeros((len(SENTENCE_LABELS), n), np.float32),
        "sent.bias": np.zeros(len(SENTENCE_LABELS), np.float32),
        "trig.weight": np.asarray(trigger_logits, np.float32).T,
        "trig.bias": np.zeros(len(TRIGGER_LABELS), np.float32),
        "cond.weight": np.zeros((n, n), np.float32),
        "cond.bias": np.zeros(n, np.float32),
        "dist.weight": np.zeros((31, 1), np.float32),
        # arg1 passes the token's one-hot through (hidden = 2n + 1 features -> n), arg2 maps it
        "arg1.weight": np.concatenate([np.eye(n), np.zeros((n, n + 1))], axis=1).astype(np.float32) * 10,
        "arg1.bias": np.zeros(n, np.float32),
        "arg2.weight": np.asarray(arg_logits, np.float32).T,
        "arg2.bias": np.zeros(len(ARG_LABELS), np.float32),
        "mod.weight": np.asarray(mod_logits if mod_logits is not None else np.zeros((n, len(MODALITY_LABELS))),
                                 np.float32).T,
        "mod.bias": np.zeros(len(MODALITY_LABELS), np.float32),
    }
    return Heads(a, {"test": True})


def _onehot(labels, names, big=8.0):
    out = np.zeros((len(labels), len(names)), np.float32)
    for i, lab in enumerate(labels):
        out[i, names.index(lab)] = big
    return out


TEXT = "Turkey, Iran warned Syria."
#       0     6 8   13     20  24
OFFSETS = [(0, 0), (0, 6), (6, 7), (8, 12), (13, 19), (20, 25), (25, 26), (0, 0)]


def test_decode_reads_trigger_root_modality_and_arguments():
    trig = _onehot(["O", "O", "O", "O", "B-13", "O", "O", "O"], TRIGGER_LABELS)
    args = _onehot(["O", "B-S", "I-S", "B-S", "O", "B-T", "O", "O"], ARG_LABELS)
    mods = _onehot(["asserted"] * 4 + ["future"] + ["asserted"] * 3, MODALITY_LABELS)
    heads = _heads(trig, args, mods)
    reading = decode(heads, np.eye(len(OFFSETS), dtype=np.float32), OFFSETS, TEXT)
    [t] = reading.triggers
    assert TEXT[t.start:t.end] == "warned"
    assert t.root == "13" and t.modality == "future" and t.p > 0.99
    spans = [(TEXT[a.start:a.end], a.role) for a in t.args]
    # the comma after "Turkey" is its own token, not part of the name; each name its own phrase
    assert spans == [("Turkey", "S"), ("Iran", "S"), ("Syria", "T")]


def test_a_word_in_pieces_is_one_trigger_and_one_phrase():
    text = "Basharist forces bombed"
    offsets = [(0, 0), (0, 6), (6, 9), (10, 16), (17, 23), (0, 0)]
    trig = _onehot(["O", "O", "B-19", "O", "B-19", "O"], TRIGGER_LABELS)  # a later piece says B
    args = _onehot(["O", "B-S", "O", "I-S", "O", "O"], ARG_LABELS)  # "##ist" read as O
    reading = decode(_heads(trig, args), np.eye(6, dtype=np.float32), offsets, text)
    assert [text[t.start:t.end] for t in reading.triggers] == ["bombed"]
    assert [(text[a.start:a.end], a.role) for a in reading.triggers[0].args] == [("Basharist forces", "S")]


def test_a_phrase_the_model_is_torn_over_between_two_roles_stays_one_phrase():
    # "The foreign minister met Putin": each word of the subject leans a little to another role
    text = "The foreign minister met Putin"
    offsets = [(0, 0), (0, 3), (4, 11), (12, 20), (21, 24), (25, 30), (0, 0)]
    trig = _onehot(["O", "O", "O", "O", "B-04", "O", "O"], TRIGGER_LABELS)
    args = np.full((7, len(ARG_LABELS)), -8.0, np.float32)
    args[:, 0] = 8.0
    for i, (first, second) in {1: ("B-S", "B-R"), 2: ("I-R", "I-S"), 3: ("I-S", "I-R"), 5: ("B-T", "B-R")}.items():
        args[i] = -8.0
        args[i, ARG_LABELS.index(first)] = 1.0
        args[i, ARG_LABELS.index(second)] = 0.6
    reading = decode(_heads(trig, args), np.eye(7, dtype=np.float32), offsets, text)
    spans = [(text[a.start:a.end], a.role) for a in reading.triggers[0].args]
    assert spans == [("The foreign minister", "S"), ("Putin", "T")]


def test_below_the_threshold_no_trigger():
    trig = np.zeros((len(OFFSETS), len(TRIGGER_LABELS)), np.float32)  # uniform: P(B-any) = 20/22
    trig[:, 0] = 5.0  # "O" dominates
    heads = _heads(trig, _onehot(["O"] * len(OFFSETS), ARG_LABELS))
    assert decode(heads, np.eye(len(OFFSETS), dtype=np.float32), OFFSETS, TEXT).triggers == ()


def test_heads_file_is_byte_for_byte_reproducible():
    heads = _heads(_onehot(["O"] * 3, TRIGGER_LABELS), _onehot(["O"] * 3, ARG_LABELS))
    data = heads.to_bytes()
    assert data == heads.to_bytes()
    back = Heads.from_bytes(data)
    assert back.info == {"test": True}
    assert all(np.array_equal(back.arrays[k], v) for k, v in heads.arrays.items())


@pytest.mark.parametrize("code,cls", [("010", 0), ("02", 0), ("036", 1), ("0874", 2), ("112", 3), ("138", 3), ("14", 4), ("2042", 4)])
def test_pentaclass(code, cls):
    assert pentaclass_of(code) == cls
    assert code[:2] in pentaclass_roots(cls)
