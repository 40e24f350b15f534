"""Events as PLOVER records (JSON), checked by a JSON Schema that ships with detente.

A record carries PLOVER's core data fields (PLOVER manual draft 0.8, Open Event Data Alliance,
CC BY-SA 4.0) — ``id``, ``date``, ``actor``, ``recipient``, ``event``, ``mode``, ``context``,
``event_text`` — followed by detente's own fields (date interval and its basis, actor details,
CAMEO code, Goldstein score, quad classes, modality, confidence, rule, document). The schema is
``detente/data/plover.schema.json`` (:func:`plover_schema`).

Events whose CAMEO code has no PLOVER type (the statements and appeals of roots 01 and 02)
have no PLOVER record: :func:`plover_records` leaves them out and counts them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import IO, Any

import pandas as pd

from .tables import check_undated, is_undated

__all__ = ["CORE_FIELDS", "plover_record", "plover_records", "plover_schema", "write_plover_jsonl"]

#: PLOVER's core data fields, in order.
CORE_FIELDS = ("id", "date", "actor", "recipient", "event", "mode", "context", "event_text")


@functools.lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files("detente.data").joinpath("plover.schema.json").read_text(encoding="utf-8")


def plover_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a detente PLOVER record (a fresh dict)."""
    return json.loads(_schema_text())


def _v(v: Any) -> Any:
    """A cell as a JSON value: missing → None, numpy scalars → Python."""
    if v is None or v is pd.NaT:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v


def _text(v: Any) -> str | None:
    v = _v(v)
    return None if v is None or v == "" else str(v)


def _iso(v: Any) -> str | None:
    v = _v(v)
    if v is None:
        return None
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)[:10]


def _contexts(cell: Any) -> list[str]:
    out: list[str] = []
    for part in str(_v(cell) or "").replace("|", ";").replace(",", ";").split(";"):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


def plover_record(ev: dict[str, Any], doc: dict[str, Any] | None = None, *, undated: str = "skip") -> dict[str, Any] | None:
    """One event row (shaped like ``Store.events()``) and its document row as a PLOVER
    record, or None when its CAMEO code has no PLOVER type.

    An event with no date of its own has ``date`` null (``undated="skip"``; :func:`plover_records`
    leaves it out) or its article's publication day, with ``date_basis`` "publication" and
    ``date_precision`` "day" (``undated="publication"``)."""
    event = _text(ev.get("plover"))
    if event is None:
        return None
    doc = doc or {}
    quad = _v(ev.get("plover_quad"))
    date, end = _iso(ev.get("when_start")), _iso(ev.get("when_end"))
    precision, basis = _text(ev.get("when_precision")) or "unknown", _text(ev.get("when_basis")) or "none"
    if date is None and check_undated(undated) == "publication" and _iso(doc.get("published")):
        date = end = _iso(doc.get("published"))
        precision, basis = "day", "publication"
    rec: dict[str, Any] = {
        "id": str(ev["id"]),
        "date": date,
        "actor": _text(ev.get("source_code")),
        "recipient": _text(ev.get("target_code")),
        "event": event,
        "mode": _text(ev.get("plover_mode")),
        "context": _contexts(ev.get("plover_context")),
        "event_text": _text(ev.get("sentence")),
        "date_end": end,
        "date_precision": precision,
        "date_basis": basis,
        "date_text": _text(ev.get("when_text")),
    }
    for side, role in (("source", "actor"), ("target", "recipient")):
        for part in ("country", "sector", "name", "text"):
            rec[f"{role}_{part}"] = _text(ev.get(f"{side}_{part}"))
    rec |= {
        "symmetric": bool(_v(ev.get("symmetric")) or False),
        "plover_quad": None if quad is None else int(quad),
        "cameo": str(ev["cameo"]),
        "gdelt_quad": int(_v(ev["quad"])),
        "goldstein": float(_v(ev["goldstein"])),
        "modality": _text(ev.get("modality")) or "asserted",
        "confidence": float(_v(ev.get("confidence")) if _v(ev.get("confidence")) is not None else 1.0),
        "rule": _text(ev.get("rule")) or "",
        "trigger": _text(ev.get("trigger")),
        "place": _text(ev.get("place")),
        "doc_id": str(ev["doc_id"]),
        "url": _text(doc.get("url")),
        "published": _iso(doc.get("published")),
        "publisher": _text(doc.get("source")),
    }
    return rec


def plover_records(
    events: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    skipped: list[str] | None = None,
    undated: str = "skip",
) -> Iterator[dict[str, Any]]:
    """PLOVER records of the event rows that have a PLOVER type; the ids of the others are
    appended to ``skipped`` when a list is given. Events with no date of their own are left
    out (``undated="skip"``, the default) or dated to their article's publication day
    (``undated="publication"``, with ``date_basis`` "publication")."""
    check_undated(undated)
    docs: dict[str, dict[str, Any]] = {}
    if documents is not None and not documents.empty:
        docs = {d["id"]: d for d in documents.to_dict(orient="records")}
    for ev in events.to_dict(orient="records"):
        if undated == "skip" and is_undated(ev):
            continue
        rec = plover_record(ev, docs.get(ev.get("doc_id")), undated=undated)
        if rec is None:
            if skipped is not None:
                skipped.append(str(ev["id"]))
            continue
        yield rec


def write_plover_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write records as JSON lines (UTF-8 text, one object a line). Returns how many."""
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n
