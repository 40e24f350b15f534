"""Fixtures for the format tests: the real GDELT 2.0 export, imported once, and hand-made
detente events (no spaCy model needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from detente import Actor, CodedDocument, Document, Event, Store, TimeSpan
from detente.cameo import lookup
from detente.records import stable_id

GDELT_NAME = "20150218230000.export.CSV"


@pytest.fixture(scope="session")
def gdelt_file(shared) -> Path:
    path = shared / "data" / "gdelt" / GDELT_NAME
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return path


@pytest.fixture(scope="module")
def gdelt_store(gdelt_file):
    """A store with the GDELT file imported (shared by a module's tests: do not write)."""
    from detente.formats import import_gdelt

    with Store(":memory:") as store:
        summary = import_gdelt([gdelt_file], store)
        store.summary = summary  # type: ignore[attr-defined]
        yield store


def make_event(doc_id: str, n: int, code: str, src: str, tgt: str | None, day: dt.date | None,
               *, modality: str = "asserted", sentence: str = "A sentence.") -> Event:
    c = lookup(code)
    return Event(
        id=stable_id(doc_id, n, code),
        doc_id=doc_id,
        sentence=sentence,
        span=(2, 9),
        source=Actor(code=src + "GOV", country=src, sector="GOV", name=f"{src} government", text=src, via="country"),
        target=None if tgt is None else Actor(code=tgt, country=tgt, name=tgt, text=tgt, via="country"),
        **c.event_fields(),
        when=TimeSpan(day, day, "day", "text", "3 May 2016") if day else TimeSpan.undated(),
        modality=modality,
        confidence=0.75,
        rule="pattern:test",
        trigger="held talks",
        place="Moscow",
        sentence_span=(0, len(sentence)),
    )


@pytest.fixture
def coded_store():
    """An in-memory store with a few detente-coded events (PAK-RUS, 2016), built by hand."""
    day = dt.date(2016, 5, 3)
    doc = Document(id="doc1", text="Pakistan and Russia held talks.", published=day,
                   url="https://example.org/a", source="wire")
    events = (
        make_event("doc1", 1, "046", "PAK", "RUS", day),
        make_event("doc1", 2, "0341", "RUS", "PAK", day),  # leading zero, 4 digits
        make_event("doc1", 3, "010", "RUS", "PAK", day),  # no PLOVER type
        make_event("doc1", 4, "190", "PAK", "RUS", day, modality="hypothetical"),
        make_event("doc1", 5, "112", "ROU", None, None),  # undated, no target
    )
    with Store(":memory:") as store:
        store.add_many([CodedDocument(document=doc, events=events)])
        yield store
