import datetime as dt

from detente.records import Actor, CodedDocument, Document, Event, Place, RelationState, TimeSpan


def _event(**kw):
    base = dict(
        id="e1",
        doc_id="d1",
        sentence="Pakistan and Russia held talks.",
        span=(20, 30),
        source=Actor(code="PAK", country="PAK", text="Pakistan", span=(0, 8)),
        target=Actor(code="RUSGOV", country="RUS", sector="GOV", text="Moscow"),
        cameo="046",
        root="04",
        plover="CONSULT",
        plover_mode=None,
        quad=1,
        goldstein=7.0,
        when=TimeSpan(dt.date(1983, 1, 1), dt.date(1987, 12, 31), "decade", "text", "the mid-1980s"),
    )
    base.update(kw)
    return Event(**base)


def test_event_round_trips_through_dict():
    e = _event()
    d = e.to_dict()
    assert d["cameo"] == "046" and d["root"] == "04"
    assert d["when"]["start"] == "1983-01-01" and d["when"]["precision"] == "decade"
    assert d["source"]["code"] == "PAK" and d["target"]["sector"] == "GOV"
    assert d["span"] == [20, 30]
    assert Event.from_dict(d) == e


def test_event_with_no_target_round_trips():
    e = _event(target=None, when=TimeSpan())
    assert Event.from_dict(e.to_dict()) == e
    assert e.to_dict()["when"]["basis"] == "none"


def test_coded_document_round_trips():
    doc = Document(id="d1", text="x", published=dt.date(2015, 3, 2), title="t")
    st = RelationState("d1", "PAK", "RUS", 1, 0.6, TimeSpan(), "s", (0, 1), "warm")
    coded = CodedDocument(doc, events=(_event(),), states=(st,))
    again = CodedDocument.from_dict(coded.to_dict())
    assert again == coded
    assert again.document.published == dt.date(2015, 3, 2)


def test_document_ids_are_stable_hashes_of_source_and_text():
    a = Document.make_id("same text", "a.txt")
    assert a == Document.make_id("same text", "a.txt")
    assert a != Document.make_id("same text", "b.txt")
    assert a != Document.make_id("other text", "a.txt")


def test_event_with_a_resolved_place_round_trips():
    geo = Place(name="Houston, Texas, United States", country="USA", adm1="TX", lat=29.76328,
                lon=-95.36327, level="city", feature_id="4699066")  # fmt: skip
    e = _event(place="Houston", geo=geo)
    d = e.to_dict()
    assert d["geo"] == {"name": "Houston, Texas, United States", "country": "USA", "adm1": "TX",
                        "lat": 29.76328, "lon": -95.36327, "level": "city", "feature_id": "4699066"}  # fmt: skip
    assert Event.from_dict(d) == e
    assert _event().geo is None and Event.from_dict(_event().to_dict()).geo is None
    coded = CodedDocument(Document(id="d1", text="x"), events=(e,))
    assert CodedDocument.from_dict(coded.to_dict()) == coded
