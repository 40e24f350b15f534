"""Relation states read back as records, and narrative reversals moved after their period."""

import datetime as dt

from detente.analysis import dyad_series, relation_states, resolve_reversals
from detente.records import RelationState, TimeSpan


def narrative(states):
    return states(
        [
            {"a": "CHL", "b": "PER", "polarity": 1, "strength": 0.6, "when_start": "1952-01-01",
             "when_end": "1963-12-31", "trigger": "cordial", "span_start": 10},
            # dated by carrying "1952 to the late 1960s" over from the sentence before
            {"a": "CHL", "b": "PER", "polarity": -1, "strength": 0.6, "when_start": "1952-01-01",
             "when_end": "1963-12-31", "when_basis": "narrative", "trigger": "deteriorated",
             "span_start": 20},
            {"a": "CHL", "b": "PER", "polarity": 1, "strength": 0.6, "when_start": "1969-01-01",
             "when_end": "1969-12-31", "trigger": "warm", "span_start": 30},
        ]
    )  # fmt: skip


def test_a_narrative_reversal_is_moved_after_the_period_it_inherited(states):
    out = resolve_reversals(narrative(states))
    moved = out[out["resolved"]]
    assert list(moved["trigger"]) == ["deteriorated"]
    assert str(moved["when_start"].iloc[0].date()) == "1964-01-01"
    assert str(moved["when_end"].iloc[0].date()) == "1968-12-31"  # up to the next dated state
    assert out["resolved"].sum() == 1


def test_the_series_reads_the_story_in_order(events, states):
    st = narrative(states)
    s = dyad_series(events([]), st, "CHL", "PER")
    by_year = dict(zip(s["period"], s["state_mean"]))
    assert (by_year["1963"], by_year["1964"], by_year["1968"], by_year["1969"]) == (
        0.6,
        -0.6,
        -0.6,
        0.6,
    )
    raw = dyad_series(events([]), st, "CHL", "PER", resolve=False)
    assert dict(zip(raw["period"], raw["state_mean"]))["1963"] == 0.0


def test_same_polarity_and_text_dated_states_are_left_alone(states):
    st = states(
        [
            {"a": "CHL", "b": "PER", "polarity": 1, "when_start": "2004-01-01", "when_end": "2004-12-31"},
            {"a": "CHL", "b": "PER", "polarity": 1, "when_start": "2004-01-01", "when_end": "2004-12-31",
             "when_basis": "narrative"},
            {"a": "CHL", "b": "PER", "polarity": -1, "when_start": "2004-01-01", "when_end": "2004-12-31"},
        ]
    )  # fmt: skip
    assert not resolve_reversals(st)["resolved"].any()


def test_rows_become_relation_state_records(states):
    st = narrative(states).assign(doc_id="d9", sentence="Ties were cordial.", when_text="1952")
    recs = relation_states(st)
    assert len(recs) == 3 and all(isinstance(r, RelationState) for r in recs)
    r = recs[0]
    assert (r.doc_id, r.a, r.b, r.polarity, r.strength, r.trigger) == (
        "d9",
        "CHL",
        "PER",
        1,
        0.6,
        "cordial",
    )
    assert r.when == TimeSpan(dt.date(1952, 1, 1), dt.date(1963, 12, 31), "year", "text", "1952")
    assert r.span == (10, 15)
    d = r.to_dict()
    assert d["when"]["start"] == "1952-01-01" and d["sentence"] == "Ties were cordial."
