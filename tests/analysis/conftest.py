"""Small synthetic frames shaped like ``Store.events()`` / ``Store.states()``."""

from __future__ import annotations

import pandas as pd
import pytest

EVENT_DEFAULTS = {
    "doc_id": "d1",
    "source_code": None,
    "target_code": None,
    "symmetric": False,
    "cameo": "042",
    "quad": 1,
    "plover_quad": 1,
    "goldstein": 1.0,
    "when_start": None,
    "when_end": None,
    "when_precision": "day",
    "modality": "asserted",
    "place": None,
    "sentence": "",
    "trigger": "",
    "plover_context": None,
}


def event_frame(rows: list[dict]) -> pd.DataFrame:
    out = []
    for i, r in enumerate(rows):
        row = {"id": f"e{i + 1}", **EVENT_DEFAULTS, **r}
        row.setdefault("root", row["cameo"][:2])
        if row["when_end"] is None:
            row["when_end"] = row["when_start"]
        row["source_code"] = row["source_code"] or row["source_country"]
        row["target_code"] = row["target_code"] or row["target_country"]
        out.append(row)
    cols = ["id", "source_country", "target_country", "root", *EVENT_DEFAULTS]
    frame = pd.DataFrame(out) if out else pd.DataFrame(columns=cols)
    for col in ("when_start", "when_end"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def state_frame(rows: list[dict]) -> pd.DataFrame:
    defaults = {"doc_id": "d1", "strength": 1.0, "modality": "asserted", "when_basis": "text",
                "when_precision": "year", "trigger": "", "sentence": "", "span_start": 0}  # fmt: skip
    out = []
    for i, r in enumerate(rows):
        row = {**defaults, "span_start": i * 10, **r}
        row.setdefault("span_end", row["span_start"] + 5)
        row.setdefault("when_start", None)
        row.setdefault("when_end", row["when_start"])
        out.append(row)
    frame = pd.DataFrame(out)
    for col in ("when_start", "when_end"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


@pytest.fixture
def events():
    return event_frame


@pytest.fixture
def states():
    return state_frame
