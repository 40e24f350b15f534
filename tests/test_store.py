"""The store on synthetic coded documents: no model needed."""

import dataclasses
import datetime as dt
import re

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
    return CodedDocument(Document(id=doc_id, text="t " + doc_id, published=dt.date(2015, 3, 2)), events=events)


@pytest.fixture
def filled(store):
    store.add(coded("d1", ev("e1", "d1", "PAK", "SUN", "061", 1975), ev("e2", "d1", "RUS", "PAK", "042", 1999)))
    store.add(coded("d2", ev("e3", "d2", "IND", "CHN", "112", 2017), ev("e4", "d2", "PAK", "RUS", "190", 2001, "negated")))
    store.add(coded("d3", ev("e5", "d3", "PAKGOV", "RUSGOV", "054")))
    return store


def test_rows_where_in_selects_by_a_list_of_values(filled):
    rows = filled.rows_where_in("events", "doc_id", ["d1", "d3", "nowhere"], columns="id")
    assert sorted(rows["id"]) == ["e1", "e2", "e5"]
    assert filled.rows_where_in("events", "doc_id", []).empty


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
    with pytest.raises(UnknownCountryError, match="unknown country or organisation 'XYZ'"):
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


# -- resolved places ---------------------------------------------------------------------------
def _placed(eid="g1", doc_id="dg"):
    from detente.records import Place

    geo = Place(name="Aleppo, Syria", country="SYR", adm1="09", lat=36.20124, lon=37.16117,
                level="city", feature_id="170063")  # fmt: skip
    return dataclasses.replace(ev(eid, doc_id, "TUR", "SYR", "190", 2018), place="the city of Aleppo", geo=geo)


def test_resolved_places_round_trip_through_the_store(store):
    e = _placed()
    store.add(coded("dg", e, ev("g2", "dg", "RUS", "SYR", "190", 2018)))
    assert store.event("g1") == e
    assert store.event("g2").geo is None
    row = store.events(columns=["id", "geo_name", "geo_country", "geo_lat", "geo_level"]).set_index("id")
    assert (row.loc["g1", "geo_country"], row.loc["g1", "geo_level"]) == ("SYR", "city")
    assert row.loc["g1", "geo_lat"] == pytest.approx(36.20124)
    assert any("place 'the city of Aleppo': Aleppo, Syria (city, SYR" in x for x in store.explain("g1")["explanation"])


def _old_store(path):
    """A store file as detente made it before the geo columns."""
    from detente.store import SCHEMA

    old = re.sub(r",\s*geo_name VARCHAR.*?geo_feature_id VARCHAR", "", SCHEMA, flags=re.DOTALL)
    assert "geo_" not in old
    con = duckdb.connect(str(path))
    con.execute(old)
    con.close()


def test_a_store_made_before_the_geo_columns_still_opens(tmp_path):
    path = tmp_path / "old.duckdb"
    _old_store(path)
    with Store(path) as s:  # opened for writing: the columns are added
        cols = {r[0] for r in s.con.execute("DESCRIBE events").fetchall()}
        assert {"geo_name", "geo_lat", "geo_feature_id"} <= cols
        s.add(coded("dg", _placed()))
        assert s.event("g1").geo.name == "Aleppo, Syria"
    with Store(path) as s:  # and again: nothing to add
        assert s.event("g1").geo.country == "SYR"


def test_an_old_store_opened_read_only_reads_events_without_places(tmp_path):
    path = tmp_path / "old.duckdb"
    _old_store(path)
    con = duckdb.connect(str(path))
    con.execute(
        "INSERT INTO events (id, doc_id, sentence, span_start, span_end, trigger, source_code, source_country,"
        " cameo, root, quad, goldstein, when_precision, when_basis, place, modality, confidence, rule, \"symmetric\")"
        " VALUES ('o1', 'd1', 'x', 0, 1, 'x', 'PAK', 'PAK', '042', '04', 1, 1.9, 'unknown', 'none', 'Lahore',"
        " 'asserted', 1.0, 'test', false)"
    )
    con.close()
    with Store(path, read_only=True) as s:
        e = s.event("o1")
    assert e.place == "Lahore" and e.geo is None


def test_parquet_partitions_without_geo_columns_read_as_null(tmp_path):
    with Store(":memory:") as mem:
        mem.add(coded("dg", _placed()))
        mem.write_parquet(str(tmp_path), "part-new")
        # a partition written before the geo columns existed
        for c in ("geo_name", "geo_country", "geo_adm1", "geo_lat", "geo_lon", "geo_level", "geo_feature_id"):
            mem.con.execute(f"ALTER TABLE events DROP COLUMN {c}")
        mem.con.execute("UPDATE events SET id = 'old1'")
        mem.con.execute(f"COPY events TO '{tmp_path / 'events' / 'part-old.parquet'}' (FORMAT parquet)")
    with Store(tmp_path) as ds:
        assert ds.event("g1").geo.name == "Aleppo, Syria"
        assert ds.event("old1").geo is None
    # a dataset whose partitions all predate the columns
    (tmp_path / "events" / "part-new.parquet").unlink()
    with Store(tmp_path) as ds:
        assert ds.events(modality=None, columns=["id", "geo_name"])["geo_name"].isna().all()
        assert ds.event("old1").geo is None


def test_events_and_interests_come_back_from_the_store_as_they_went_in():
    # every field a user reads: actors with their names and sectors, dates with their
    # precision and written text (the interests table used to drop both)
    from detente.records import Actor, Interest, TimeSpan
    from detente.store import event_from_row, interest_from_row
    from detente.testing import DocumentBuilder, day

    doc = DocumentBuilder("rt", "Round trip", "2016-11-07")
    ev = doc.event("On 24 September 2016 Islamabad hosted Russian troops.", "hosted",
                   ("Islamabad", "PAKGOV", "Pakistan"), ("Russian troops", "RUSMIL", "Russia"), "062",
                   day(2016, 9, 24, "24 September 2016"))  # fmt: skip
    coded = doc.coded()
    wants = Interest("rt", Actor(code="RUSBUS", country="RUS", sector="BUS", name="Russia", text="Russian firms",
                                 via="demonym"),
                     Actor(code="PAK", country="PAK", name="Pakistan", text="Pakistan", via="country"),
                     "economic", "seek", "author",
                     TimeSpan(dt.date(2016, 1, 1), dt.date(2016, 12, 31), "year", "text", "this year"),
                     coded.document.text, (0, 2), "hosted")  # fmt: skip
    coded = type(coded)(coded.document, coded.events, coded.states, (wants,), coded.actors)
    with Store(":memory:") as s:
        s.add(coded)
        [row] = s.sql("SELECT * FROM events").to_dict(orient="records")
        back = event_from_row(row)
        assert back.when == ev.when and back.source.name == "Pakistan" and back.target.code == "RUSMIL"
        assert (back.cameo, back.span, back.sentence_span, back.trigger) == (ev.cameo, ev.span, ev.sentence_span,
                                                                              ev.trigger)  # fmt: skip
        [irow] = s.sql("SELECT * FROM interests").to_dict(orient="records")
        # an actor's span is kept in the actors table, not beside each record
        assert interest_from_row(irow) == wants
