"""Records to table rows and back: every record type, losslessly, also through the store."""

import datetime as dt

import pytest

from detente import Store
from detente.records import Actor, CodedDocument, Document, Event, Interest, Place, RelationState, TimeSpan
from detente.rows import columns, from_row, to_row

WHEN = TimeSpan(dt.date(2016, 9, 24), dt.date(2016, 9, 24), "day", "text", "24 September 2016")
PAK = Actor(code="PAKGOV", country="PAK", sector="GOV", name="Pakistan", text="Islamabad", span=(3, 12), via="capital")
RUS = Actor(code="RUSMIL", country="RUS", sector="MIL", name="Russia", text="Russian troops", span=(20, 34),
            via="demonym")  # fmt: skip
PLACE = Place(name="Cherat, Pakistan", country="PAK", adm1="03", lat=33.8, lon=71.9, level="city", feature_id="1180")
EVENT = Event(id="e1", doc_id="d1", sentence="In Islamabad hosted Russian troops.", span=(13, 19), source=PAK,
              target=RUS, cameo="062", root="06", plover="COOPERATE", plover_mode="military", quad=2,
              goldstein=6.4, when=WHEN, modality="asserted", confidence=0.91, rule="model:extractor.v1",
              symmetric=False, place="Cherat", trigger="hosted", sentence_span=(0, 35), plover_context="military",
              plover_quad=2, geo=PLACE)  # fmt: skip
RECORDS = [
    Document(id="d1", text="In Islamabad hosted Russian troops.", published=dt.date(2016, 9, 25), title="T",
             url="https://example.org/a", source="wire", lang="en", published_basis="argument"),
    PAK,
    Actor(code=None, text="the teenager", via="unnamed"),
    WHEN,
    TimeSpan(),
    PLACE,
    EVENT,
    Event(id="e2", doc_id="d1", sentence="s", span=(0, 1), source=PAK, target=None, cameo="010", root="01",
          plover=None, plover_mode=None, quad=1, goldstein=0.0, when=TimeSpan()),
    RelationState(doc_id="d1", a="PAK", b="RUS", polarity=1, strength=0.6, when=WHEN, sentence="Ties were warm.",
                  span=(10, 14), trigger="warm", modality="asserted"),
    Interest(doc_id="d1", holder=RUS, counterpart=None, issue="energy", stance="seek", attribution="author",
             when=WHEN, sentence="Russia wants gas markets.", span=(7, 12), trigger="wants"),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_every_record_comes_back_from_its_row(record):
    row = to_row(record)
    assert list(row) == columns(type(record))
    assert from_row(type(record), row) == record


def test_absent_records_are_null_columns_and_read_back_absent():
    row = to_row(RECORDS[7])
    assert all(row[c] is None for c in columns(Actor, "target")) and all(row[c] is None for c in columns(Place, "geo"))
    back = from_row(Event, row)
    assert back.target is None and back.geo is None


def test_a_row_from_an_older_store_reads_with_defaults():
    row = {k: v for k, v in to_row(EVENT).items() if not k.startswith(("geo_", "source_span", "target_span"))}
    row["when_precision"] = float("nan")  # pandas shows a NULL like this
    back = from_row(Event, row)
    assert back.geo is None and back.source.span is None and back.when.precision == "unknown"


def test_records_come_back_from_the_store_as_they_went_in():
    doc = RECORDS[0]
    coded = CodedDocument(doc, events=(EVENT,), states=(RECORDS[8],), interests=(RECORDS[9],), actors=(PAK, RUS))
    with Store(":memory:") as s:
        s.add(coded)
        assert s.event("e1") == EVENT  # the actors' spans included
        [state] = s.sql("SELECT * FROM states").to_dict(orient="records")
        [interest] = s.sql("SELECT * FROM interests").to_dict(orient="records")
        actors = s.sql("SELECT * FROM actors").to_dict(orient="records")
        [document] = s.sql("SELECT * FROM documents").to_dict(orient="records")
    assert from_row(RelationState, state) == RECORDS[8]
    assert from_row(Interest, interest) == RECORDS[9]
    assert [from_row(Actor, a) for a in actors] == [PAK, RUS]
    assert from_row(Document, document) == doc
