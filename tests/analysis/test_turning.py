"""turning_points on hand-made series: where the level changes, and what explains it."""

import datetime as dt

import pandas as pd
import pytest

from detente.analysis import TurningPoint, dyad_series, turning_points


def series(values, n_events=None, column="goldstein_mean", start=2000):
    years = range(start, start + len(values))
    frame = pd.DataFrame(
        {
            "period": [str(y) for y in years],
            "start": [dt.date(y, 1, 1) for y in years],
            "end": [dt.date(y, 12, 31) for y in years],
            "n_events": n_events or [1] * len(values),
            column: values,
        }
    )
    frame.attrs.update(a="PAK", b="RUS", freq="year", direction="both", modality="asserted")
    return frame


def test_a_clean_step_is_one_turning_point():
    tps = turning_points(series([1, 1, 1, 1, -1, -1, -1, -1], column="state_mean"), "state_mean")
    assert [(t.period, t.before, t.after, t.method) for t in tps] == [("2004", 1.0, -1.0, "pelt")]
    assert tps[0].change == -2.0 and tps[0].direction == "colder"
    assert tps[0].previous_period == "2003" and tps[0].start == "2004-01-01"


def test_empty_periods_are_skipped_not_read_as_zero():
    s = series([2.0, 2.0, 2.0, None, None, -2.0, -2.0, -2.0])
    tps = turning_points(s)
    assert [(t.period, t.previous_period, t.before, t.after) for t in tps] == [
        ("2005", "2002", 2.0, -2.0)
    ]


def test_periods_weigh_their_events():
    values = [1, -1, 1, 9, 9, -1, 1, -1]
    crowded = [20, 20, 20, 1, 1, 20, 20, 20]
    # two odd periods of one event each among periods of twenty: no change of level
    assert turning_points(series(values, crowded)) == []
    # read unweighted, the same values have two changes
    tps = turning_points(series(values, crowded), weighted=False)
    assert [(t.period, round(t.before, 4), t.after) for t in tps] == [
        ("2003", 0.3333, 9.0), ("2005", 9.0, round(-1 / 3, 6))
    ]  # fmt: skip


def test_short_series_fall_back_to_one_split_and_tiny_ones_to_none():
    tps = turning_points(series([0.0, 0.0, 5.0, 5.0]))
    assert [(t.period, t.before, t.after, t.method) for t in tps] == [
        ("2002", 0.0, 5.0, "single-split")
    ]
    assert turning_points(series([0.0, 0.0, 0.0, 0.0])) == []
    assert turning_points(series([0.0, 9.0])) == []


def test_penalty_can_be_set():
    s = series([0, 0, 0, 1, 1, 1], column="state_mean")
    assert [t.period for t in turning_points(s, "state_mean", penalty=0.1)] == ["2003"]
    assert turning_points(s, "state_mean", penalty=10.0) == []


def test_counts_are_read_with_poisson_noise():
    # 1 → 2 events a year is noise; 1 → 12 is a change
    assert turning_points(series([1, 1, 1, 2, 2, 2], column="n_events"), "n_events") == []
    tps = turning_points(series([1, 1, 1, 12, 12, 12], column="n_events"), "n_events")
    assert [t.period for t in tps] == ["2003"]


def test_turning_points_are_explained_by_events_and_states(events, states):
    ev = events(
        [
            {"source_country": "PAK", "target_country": "RUS", "when_start": f"{y}-06-01",
             "goldstein": g, "cameo": c, "sentence": f"s{y}{c}", "id": f"x{y}{c}"}
            for y, g, c in [(2000, 5.0, "042"), (2001, 5.0, "042"), (2002, 5.0, "042"),
                            (2003, -8.0, "172"), (2003, -2.0, "112"), (2004, -8.0, "172"),
                            (2005, -8.0, "172"), (2002, 1.0, "010")]
        ]
        + [{"source_country": "IND", "target_country": "RUS", "when_start": "2003-01-01",
            "goldstein": -10.0}]
    )  # fmt: skip
    st = states(
        [
            {"a": "PAK", "b": "RUS", "polarity": -1, "strength": 0.6, "when_start": "2003-01-01",
             "when_end": "2005-12-31", "trigger": "cold", "sentence": "Ties were cold."},
            {"a": "PAK", "b": "RUS", "polarity": 1, "strength": 0.6, "when_start": "1990-01-01",
             "when_end": "1995-12-31", "trigger": "warm", "sentence": "Ties were warm."},
        ]
    )  # fmt: skip
    s = dyad_series(ev, st, "PAK", "RUS")
    tps = turning_points(s, events=ev, states=st, top=2)
    assert len(tps) == 1
    tp = tps[0]
    assert isinstance(tp, TurningPoint)
    assert (tp.period, tp.previous_period) == ("2003", "2002")
    assert tp.before == pytest.approx((5 + 5 + 5 + 1) / 4)  # 2002 has two events
    assert tp.after == pytest.approx(-26 / 4)
    # the strongest events of 2002–2003 in the dyad (IND–RUS is not in it)
    assert [e["id"] for e in tp.events] == ["x2003172", "x2002042"]
    assert tp.events[0]["when"] == "2003-06-01" and tp.events[0]["goldstein"] == -8.0
    assert [(x["trigger"], x["polarity"], x["when"]) for x in tp.states] == [
        ("cold", -1, "2003–2005")
    ]
    d = tp.to_dict()
    assert d["direction"] == "colder" and d["events"][0]["sentence"] == "s2003172"


def test_unknown_column():
    with pytest.raises(KeyError, match="nope"):
        turning_points(series([1, 2, 3]), "nope")
