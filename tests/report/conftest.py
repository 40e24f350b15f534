"""A tiny store of hand-made coded documents (no model needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from detente import Store
from detente.cameo import lookup
from detente.records import Actor, CodedDocument, Document, Event, RelationState, TimeSpan

EVIL = "<script>alert('x')</script> & <b>bold</b>"


def year(y: int) -> TimeSpan:
    return TimeSpan(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "text", str(y))


def event(
    doc_id: str, n: int, src: str, tgt: str, cameo: str, when: TimeSpan, sentence: str
) -> Event:
    c = lookup(cameo)
    return Event(
        id=f"{doc_id}-{n}", doc_id=doc_id, sentence=sentence, span=(0, 4),
        source=Actor(code=src, country=src[:3]), target=Actor(code=tgt, country=tgt[:3]),
        **c.event_fields(), when=when, trigger="did",
    )  # fmt: skip


def documents() -> list[CodedDocument]:
    d1 = Document(id="d1", text="An op-ed.", published=dt.date(2010, 1, 5), title="Op-ed")
    evs = []
    for i, y in enumerate(range(2000, 2005)):  # five warm years: military cooperation
        evs.append(
            event(
                "d1",
                i,
                "PAK",
                "RUS",
                "062",
                year(y),
                f"In {y} Pakistan and Russia held military exercises.",
            )
        )
    for i, y in enumerate(range(2005, 2010), start=10):  # five cold years: threats and fighting
        evs.append(
            event(
                "d1",
                i,
                "RUSGOV",
                "PAKGOV",
                "190",
                year(y),
                f"In {y} Russia attacked Pakistan over the pipeline.",
            )
        )
    evs.append(event("d1", 30, "SUN", "PAK", "042", year(1975), EVIL))
    states = (
        RelationState("d1", "PAK", "RUS", 1, 0.6, TimeSpan(dt.date(2000, 1, 1), dt.date(2004, 12, 31), "decade", "text"),
                      "Ties were warm in the early 2000s.", (0, 4), "warm"),
        RelationState("d1", "PAK", "RUS", -1, 0.6, TimeSpan(dt.date(2005, 1, 1), dt.date(2009, 12, 31), "decade", "text"),
                      "Then ties were cold.", (10, 14), "cold"),
    )  # fmt: skip
    actors = tuple(Actor(code=c, country=c) for c in ("PAK", "RUS", "USA", "USA", "IND"))
    d2 = Document(id="d2", text="News.", published=dt.date(2006, 3, 1))
    usa = (event("d2", 1, "USA", "PAK", "112", year(2006), "The US accused Pakistan."),)
    return [
        CodedDocument(d1, events=tuple(evs), states=states, actors=actors),
        CodedDocument(
            d2,
            events=usa,
            actors=(Actor(code="USA", country="USA"), Actor(code="PAK", country="PAK")),
        ),
    ]


@pytest.fixture
def report_db(tmp_path):
    path = tmp_path / "report.duckdb"
    with Store(path) as s:
        s.add_many(documents())
    return path


@pytest.fixture
def report_store(report_db):
    with Store(report_db, read_only=True) as s:
        yield s
