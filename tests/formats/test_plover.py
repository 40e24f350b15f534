"""PLOVER JSON records: the core fields, detente's extras, and the shipped JSON Schema."""

from __future__ import annotations

import io
import json
from importlib import resources

import pytest

from detente.formats import export_events, plover_schema
from detente.formats.plover import CORE_FIELDS

jsonschema = pytest.importorskip("jsonschema")


def _records(store, **kw) -> tuple[list[dict], object]:
    buf = io.StringIO()
    result = export_events(store, "plover-jsonl", buf, **kw)
    return [json.loads(line) for line in buf.getvalue().splitlines()], result


def _validator():
    schema = plover_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_schema_ships_as_package_data():
    text = resources.files("detente.data").joinpath("plover.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["required"] == list(CORE_FIELDS)
    assert "CC BY-SA 4.0" in schema["description"]


def test_detente_events_validate(coded_store):
    records, result = _records(coded_store, modality=None, undated="publication")
    assert result.skipped == 1  # CAMEO 010 has no PLOVER type
    assert len(records) == result.rows == 4 and result.publication_dated == 1
    v = _validator()
    for rec in records:
        assert list(rec)[: len(CORE_FIELDS)] == list(CORE_FIELDS)
        assert not list(v.iter_errors(rec)), rec
    talks = next(r for r in records if r["cameo"] == "046")
    assert (talks["event"], talks["context"], talks["actor"], talks["recipient"]) == (
        "CONSULT", ["diplomatic"], "PAKGOV", "RUS"
    )
    assert talks["date"] == "2016-05-03" and talks["event_text"] == "A sentence."
    assert (talks["modality"], talks["confidence"], talks["rule"]) == ("asserted", 0.75, "pattern:test")
    assert talks["url"] == "https://example.org/a" and talks["published"] == "2016-05-03"
    undated = next(r for r in records if r["cameo"] == "112")
    assert (undated["date"], undated["date_basis"], undated["date_precision"]) == ("2016-05-03", "publication", "day")
    assert undated["recipient"] is None
    assert {r["modality"] for r in records} == {"asserted", "hypothetical"}


def test_undated_events_are_left_out_by_default(coded_store):
    records, result = _records(coded_store, modality=None)
    assert (result.rows, result.skipped, result.undated_skipped) == (3, 1, 1)
    assert "112" not in {r["cameo"] for r in records} and all(r["date"] for r in records)


def test_gdelt_events_validate(gdelt_store):
    records, result = _records(gdelt_store)
    assert result.rows + result.skipped == 2271
    v = _validator()
    errors = [e.message for rec in records for e in v.iter_errors(rec)]
    assert errors == []
    multi = [r for r in records if len(r["context"]) > 1]
    assert all(len(set(r["context"])) == len(r["context"]) for r in multi)


def test_schema_rejects_a_broken_record(coded_store):
    records, _ = _records(coded_store)
    bad = dict(records[0], event="HUG", context="diplomatic")
    del bad["actor"]
    assert len(list(_validator().iter_errors(bad))) == 3
