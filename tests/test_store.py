"""The store on synthetic coded documents: no model needed."""

import dataclasses
import datetime as dt

import duckdb
import pytest

from detente import Store
from detente.records import Actor, CodedDocument, Document, Event, TimeSpan
from detente.store import StoreError, UnknownCountryError


def ev(eid, doc_id, src, tgt, cameo, year=None, modality="asserted"):
    when = TimeSpan(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "text", str(year)) if year else TimeSpan()
    return Event(
        id=eid,
        doc_id=doc_id,
        sentence=f"{src} did {cameo} to {tgt}.",
        span=(0, 3),
        source=Actor(code=src, country=src[:3]),
        target=Actor(code=tgt, country=tgt[:3]),
        cameo=cameo,
        root=cameo[:2],
        plover=None,
        plover_mode=None,
        quad=1,
        goldstein=1.0,
        when=when,
        modality=modality,
        rule="test",
    )


def coded(doc_id, *events):
    return CodedDocument(Document(id=doc_id, text="t " + doc_id, published=dt.date(2016, 11, 7)), events=events)


@pytest.fixture
def filled(store):
    store.add(coded("d1", ev("e1", "d1", "PAK", "SUN", "061", 1975), ev("e2", "d1", "RUS", "PAK", "042", 1999)))
    store.add(coded("d2", ev("e3", "d2", "IND", "CHN", "112", 2017), ev("e4", "d2", "PAK", "RUS", "190", 2001, "negated")))
    store.add(coded("d3", ev("e5", "d3", "PAKGOV", "RUSGOV", "054")))
    return store


def test_dyad_query_matches_either_direction_and_predecessors(filled):
    ids = list(filled.events(("PAK", "RUS"))["id"])
    assert ids == ["e1", "e2", "e5"]  # oldest first, undated last; SUN counts as RUS
    assert list(filled.events(("RUS", "PAK"))["id"]) == ids


def test_non_asserted_events_are_excluded_unless_asked(filled):
    assert "e4" not in set(filled.events(("PAK", "RUS"))["id"])
    every = filled.events(("PAK", "RUS"), modality=None)
    assert set(every["id"]) == {"e1", "e2", "e4", "e5"}


def test_period_and_root_filters(filled):
    assert list(filled.events(("PAK", "RUS"), since=1990)["id"]) == ["e2"]
    assert list(filled.events(("PAK", "RUS"), until=1990)["id"]) == ["e1"]
    assert list(filled.events(root="04")["id"]) == ["e2"]


def test_codes_keep_leading_zeros(filled):
    row = filled.events(("PAK", "RUS")).iloc[0]
    assert row["cameo"] == "061" and row["root"] == "06"


def test_storing_a_document_again_replaces_it_without_duplicates(filled):
    before = filled.counts()
    filled.add(coded("d1", ev("e1", "d1", "PAK", "SUN", "061", 1975), ev("e2", "d1", "RUS", "PAK", "042", 1999)))
    assert filled.counts() == before
    filled.add(coded("d1", ev("e1", "d1", "PAK", "SUN", "061", 1975)))
    assert filled.counts()["events"] == before["events"] - 1


def test_a_failed_batch_loses_nothing_already_stored(filled):
    before = filled.counts()
    good = coded("d9", ev("e9", "d9", "PAK", "RUS", "042", 2000))
    # d1 again, with a value the database cannot take: the insert fails inside the transaction
    broken = coded("d1", dataclasses.replace(ev("e1", "d1", "PAK", "SUN", "061", 1975), goldstein="n/a"))
    with pytest.raises(duckdb.Error):
        filled.add_many([good, broken])
    assert filled.counts() == before
    assert not filled.has_document("d9")


def test_unknown_country_code_is_a_clear_error(filled):
    with pytest.raises(UnknownCountryError, match="unknown country code 'XYZ'"):
        filled.events(("PAK", "XYZ"))


def test_explain_and_event_lookup(filled):
    info = filled.explain("e2")
    assert info["sentence"] == "RUS did 042 to PAK."
    assert any("date 1999-01-01..1999-12-31" in line for line in info["explanation"])
    assert filled.event("nope") is None
    with pytest.raises(KeyError):
        filled.explain("nope")


def test_event_records_round_trip_through_the_store(filled):
    e = filled.event("e1")
    assert e.cameo == "061" and e.when.start == dt.date(1975, 1, 1) and e.source.country == "PAK"


def test_store_file_persists_and_opens_read_only(tmp_path):
    path = tmp_path / "x.duckdb"
    with Store(path) as s:
        s.add(coded("d1", ev("e1", "d1", "PAK", "RUS", "042", 1999)))
    with Store(path, read_only=True) as s:
        assert s.counts()["events"] == 1
        with pytest.raises(duckdb.Error):
            s.con.execute("DELETE FROM events")


def test_missing_database_is_a_clear_error_for_queries(tmp_path):
    with pytest.raises(StoreError, match="no detente database"):
        Store(tmp_path / "none.duckdb", read_only=True)


def test_store_accepts_an_existing_connection():
    con = duckdb.connect(":memory:")
    s = Store(connection=con)
    s.add(coded("d1", ev("e1", "d1", "PAK", "RUS", "042", 1999)))
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_dyad_counts_in_the_database(filled):
    frame = filled.dyad_counts("PAK", "RUS", freq="year")
    rows = [(str(r.period)[:4], r.n_events, r.q1, r.goldstein_sum) for r in frame.itertuples()]
    # e1 (1975, SUN counts as RUS) and e2 (1999); e4 is negated, e5 undated
    assert rows == [("1975", 1, 1, 1.0), ("1999", 1, 1, 1.0)]
    assert list(filled.dyad_counts("PAK", "RUS", modality=None)["n_events"]) == [1, 1, 1]
    with pytest.raises(ValueError):
        filled.dyad_counts("PAK", "RUS", freq="week")


def test_timeline_pages(filled):
    assert list(filled.timeline("PAK", "RUS", limit=1)["id"]) == ["e1"]
    assert list(filled.timeline("PAK", "RUS", limit=1, offset=1)["id"]) == ["e2"]
