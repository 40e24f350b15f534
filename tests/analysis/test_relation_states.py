"""Relation states read back as records, and narrative reversals moved after their period."""

import datetime as dt

from detente.analysis import dyad_series, relation_states, resolve_reversals
from detente.records import RelationState, TimeSpan


def narrative(states):
    return states(
        [
            {"a": "PAK", "b": "RUS", "polarity": 1, "strength": 0.6, "when_start": "1948-01-01",
             "when_end": "1959-12-31", "trigger": "affable", "span_start": 10},
            # dated by carrying "1948 to the late 1950s" over from the sentence before
            {"a": "PAK", "b": "RUS", "polarity": -1, "strength": 0.6, "when_start": "1948-01-01",
             "when_end": "1959-12-31", "when_basis": "narrative", "trigger": "deteriorated",
             "span_start": 20},
            {"a": "PAK", "b": "RUS", "polarity": 1, "strength": 0.6, "when_start": "1965-01-01",
             "when_end": "1965-12-31", "trigger": "warm", "span_start": 30},
        ]
    )  # fmt: skip


def test_a_narrative_reversal_is_moved_after_the_period_it_inherited(states):
    out = resolve_reversals(narrative(states))
    moved = out[out["resolved"]]
    assert list(moved["trigger"]) == ["deteriorated"]
    assert str(moved["when_start"].iloc[0].date()) == "1960-01-01"
    assert str(moved["when_end"].iloc[0].date()) == "1964-12-31"  # up to the next dated state
    assert out["resolved"].sum() == 1


def test_the_series_reads_the_story_in_order(events, states):
    st = narrative(states)
    s = dyad_series(events([]), st, "PAK", "RUS")
    by_year = dict(zip(s["period"], s["state_mean"]))
    assert (by_year["1959"], by_year["1960"], by_year["1964"], by_year["1965"]) == (
        0.6,
        -0.6,
        -0.6,
        0.6,
    )
    raw = dyad_series(events([]), st, "PAK", "RUS", resolve=False)
    assert dict(zip(raw["period"], raw["state_mean"]))["1959"] == 0.0


def test_same_polarity_and_text_dated_states_are_left_alone(states):
    st = states(
        [
            {"a": "PAK", "b": "RUS", "polarity": 1, "when_start": "1999-01-01", "when_end": "1999-12-31"},
            {"a": "PAK", "b": "RUS", "polarity": 1, "when_start": "1999-01-01", "when_end": "1999-12-31",
             "when_basis": "narrative"},
            {"a": "PAK", "b": "RUS", "polarity": -1, "when_start": "1999-01-01", "when_end": "1999-12-31"},
        ]
    )  # fmt: skip
    assert not resolve_reversals(st)["resolved"].any()


def test_rows_become_relation_state_records(states):
    st = narrative(states).assign(doc_id="d9", sentence="Ties were affable.", when_text="1948")
    recs = relation_states(st)
    assert len(recs) == 3 and all(isinstance(r, RelationState) for r in recs)
    r = recs[0]
    assert (r.doc_id, r.a, r.b, r.polarity, r.strength, r.trigger) == (
        "d9",
        "PAK",
        "RUS",
        1,
        0.6,
        "affable",
    )
    assert r.when == TimeSpan(dt.date(1948, 1, 1), dt.date(1959, 12, 31), "year", "text", "1948")
    assert r.span == (10, 15)
    d = r.to_dict()
    assert d["when"]["start"] == "1948-01-01" and d["sentence"] == "Ties were affable."
