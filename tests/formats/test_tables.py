"""Flat exports (Parquet, CSV), Arrow tables and pandas from the Python API."""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from detente import Store
from detente.formats import EVENT_SCHEMA, export_events, parse_bound


def test_parquet_has_the_documented_schema(coded_store, tmp_path):
    path = tmp_path / "events.parquet"
    result = export_events(coded_store, "parquet", path, modality=None)
    table = pq.read_table(path)
    assert result.rows == table.num_rows == 5
    assert table.schema.equals(EVENT_SCHEMA, check_metadata=False)
    assert table.schema.field("cameo").metadata[b"description"].startswith(b"CAMEO event code")
    assert sorted(table.column("cameo").to_pylist()) == ["010", "0341", "046", "112", "190"]
    assert table.column("when_start").type == pa.date32()
    assert table.column("doc_url").to_pylist()[0] == "https://example.org/a"
    # every field is documented in docs/data-model.md
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "data-model.md").read_text(encoding="utf-8")
    missing = [f.name for f in EVENT_SCHEMA if f"`{f.name}`" not in page]
    assert missing == []


def test_parquet_needs_a_path(coded_store):
    with pytest.raises(ValueError, match="file path"):
        export_events(coded_store, "parquet", io.StringIO())
    with pytest.raises(ValueError, match="unknown export format"):
        export_events(coded_store, "xml", io.StringIO())


def test_csv_export(coded_store):
    buf = io.StringIO()
    export_events(coded_store, "csv", buf)  # the Python API exports every modality by default
    frame = pd.read_csv(io.StringIO(buf.getvalue()), dtype=str, keep_default_na=False)
    assert list(frame.columns) == EVENT_SCHEMA.names
    assert len(frame) == 5 and set(frame["cameo"]) == {"010", "0341", "046", "112", "190"}
    assert set(frame["plover_quad"]) <= {"1", "2", "3", "4", ""}  # ints stay ints
    asserted = io.StringIO()
    export_events(coded_store, "csv", asserted, modality="asserted", dyad=("PAK", "RUS"), since=2016, until="2016-05")
    assert len(pd.read_csv(io.StringIO(asserted.getvalue()))) == 3


def test_store_returns_pandas_and_arrow(coded_store):
    frame = coded_store.sql("SELECT cameo, quad FROM events ORDER BY cameo")
    assert isinstance(frame, pd.DataFrame) and frame["cameo"].tolist()[0] == "010"
    table = coded_store.arrow("SELECT cameo, goldstein FROM events WHERE quad = ? ORDER BY cameo", [1])
    assert isinstance(table, pa.Table)
    assert table.column("cameo").to_pylist() == ["010", "0341", "046"]
    assert isinstance(coded_store.events(), pd.DataFrame)


def test_store_on_an_existing_connection():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE mine (x INTEGER)")
    store = Store(connection=con)
    assert store.counts()["events"] == 0
    assert store.arrow("SELECT count(*) AS n FROM mine").column("n").to_pylist() == [0]
    assert store.has_table("events") and store.has_table("mine") and not store.has_table("nope")
    # the caller's connection sees detente's tables
    assert con.execute("SELECT count(*) FROM documents").fetchall() == [(0,)]


def test_side_rows_upsert():
    with Store(":memory:") as store:
        store.add_side_rows("extra", pd.DataFrame({"id": ["a", "b"], "v": ["1", None]}))
        store.add_side_rows("extra", pd.DataFrame({"id": ["b"], "v": ["2"]}))
        assert store.sql("SELECT * FROM extra ORDER BY id").values.tolist() == [["a", "1"], ["b", "2"]]
        with pytest.raises(ValueError):
            store.add_side_rows("events", pd.DataFrame({"id": ["x"]}))


@pytest.mark.parametrize(
    "value, start, expected",
    [
        (2016, True, dt.date(2016, 1, 1)), ("2016", False, dt.date(2016, 12, 31)),
        ("2016-02", False, dt.date(2016, 2, 29)), ("2016-02", True, dt.date(2016, 2, 1)),
        ("2016-02-10", False, dt.date(2016, 2, 10)), (None, True, None),
    ],
)  # fmt: skip
def test_parse_bound(value, start, expected):
    assert parse_bound(value, start=start) == expected


def test_parse_bound_rejects_nonsense():
    with pytest.raises(ValueError, match="a year .2016., a month .2016-09. or a day"):
        parse_bound("soon", start=True)
