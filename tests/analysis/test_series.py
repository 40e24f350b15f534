"""dyad_series on hand-made tables: exact counts, means and the state track."""

import math

import pytest

from detente.analysis import SERIES_COLUMNS, dedup_events, dyad_series


@pytest.fixture
def frames(events, states):
    ev = events(
        [
            {"source_country": "PAK", "target_country": "RUS", "when_start": "2015-03-01",
             "quad": 1, "plover_quad": 1, "goldstein": 3.0},
            # a predecessor counts for its successor
            {"source_country": "SUN", "target_country": "PAK", "when_start": "2015-06-01",
             "when_end": "2015-06-30", "quad": 2, "plover_quad": 2, "goldstein": 6.0},
            # placed by its interval's midpoint (2016-01-04), not its start
            {"source_country": "RUS", "target_country": "PAK", "when_start": "2015-12-20",
             "when_end": "2016-01-20", "quad": 4, "plover_quad": 4, "goldstein": -10.0},
            {"source_country": "PAK", "target_country": "RUS", "when_start": "2017-05-05",
             "modality": "negated", "goldstein": -5.0},
            {"source_country": "PAK", "target_country": "RUS"},  # undated
            {"source_country": "IND", "target_country": "PAK", "when_start": "2015-04-01"},
            {"source_country": "RUS", "target_country": "PAK", "when_start": "2017-02-01",
             "symmetric": True, "quad": 3, "plover_quad": 1, "goldstein": -2.0},
        ]
    )  # fmt: skip
    st = states(
        [
            {"a": "PAK", "b": "RUS", "polarity": 1, "strength": 0.5,
             "when_start": "2014-01-01", "when_end": "2015-12-31"},
            {"a": "PAK", "b": "SUN", "polarity": -1, "strength": 1.0,
             "when_start": "2015-01-01", "when_end": "2015-12-31"},
            {"a": "PAK", "b": "RUS", "polarity": 1, "strength": 1.0, "modality": "future",
             "when_start": "2017-01-01", "when_end": "2017-12-31"},
            {"a": "RUS", "b": "PAK", "polarity": -1, "strength": 1.0,
             "when_start": None, "when_end": None},
        ]
    )  # fmt: skip
    return ev, st


def test_yearly_series_counts_means_and_states(frames):
    ev, st = frames
    s = dyad_series(ev, st, "PAK", "RUS")
    assert list(s.columns) == SERIES_COLUMNS
    assert list(s["period"]) == ["2014", "2015", "2016", "2017"]
    assert list(s["n_events"]) == [0, 2, 1, 1]
    assert list(s["n_reports"]) == [0, 2, 1, 1]
    assert list(s["q1"]) == [0, 1, 0, 0]
    assert list(s["q2"]) == [0, 1, 0, 0]
    assert list(s["q3"]) == [0, 0, 0, 1]
    assert list(s["q4"]) == [0, 0, 1, 0]
    assert list(s["plover_q1"]) == [0, 1, 0, 1]
    assert list(s["goldstein_sum"]) == [0.0, 9.0, -10.0, -2.0]
    assert math.isnan(s["goldstein_mean"][0])
    assert list(s["goldstein_mean"][1:]) == [4.5, -10.0, -2.0]
    assert math.isnan(s["coop_share"][0])
    assert list(s["coop_share"][1:]) == [1.0, 0.0, 0.0]
    assert list(s["n_states"]) == [1, 2, 0, 0]
    assert s["state_mean"][0] == 0.5
    assert s["state_mean"][1] == pytest.approx(-0.25)
    assert s["state_mean"][2:].isna().all()
    assert str(s["start"][1]) == "2015-01-01" and str(s["end"][1]) == "2015-12-31"
    assert s.attrs["undated_events"] == 1
    assert s.attrs["undated_states"] == 1
    assert (s.attrs["a"], s.attrs["b"], s.attrs["freq"]) == ("PAK", "RUS", "year")


def test_direction_keeps_one_side_and_symmetric_events(frames):
    ev, _ = frames
    ab = dyad_series(ev, None, "PAK", "RUS", direction="a->b")
    assert dict(zip(ab["period"], ab["n_events"])) == {"2015": 1, "2016": 0, "2017": 1}
    ba = dyad_series(ev, None, "PAK", "RUS", direction="b->a")
    assert dict(zip(ba["period"], ba["n_events"])) == {"2015": 1, "2016": 1, "2017": 1}
    assert dyad_series(ev, None, "RUS", "PAK", direction="b->a")["n_events"].sum() == 2


def test_quarters_and_months(frames):
    ev, st = frames
    q = dyad_series(ev, st, "PAK", "RUS", freq="quarter")
    assert q["period"].iloc[0] == "2014Q1" and q["period"].iloc[-1] == "2017Q1"
    assert dict(zip(q["period"], q["n_events"]))["2016Q1"] == 1
    assert list(q["n_states"][:8]) == [1, 1, 1, 1, 2, 2, 2, 2]
    m = dyad_series(ev, None, "PAK", "RUS", freq="month")
    got = {p: n for p, n in zip(m["period"], m["n_events"]) if n}
    assert got == {"2015-03": 1, "2015-06": 1, "2016-01": 1, "2017-02": 1}
    assert len(m) == 24  # 2015-03 .. 2017-02, empty months included


def test_all_modalities_and_since_until(frames):
    ev, st = frames
    every = dyad_series(ev, st, "PAK", "RUS", modality=None)
    assert dict(zip(every["period"], every["n_events"]))["2017"] == 2
    assert dict(zip(every["period"], every["n_states"]))["2017"] == 1
    cut = dyad_series(ev, st, "PAK", "RUS", since=2015, until="2016-06-30")
    assert list(cut["period"]) == ["2015", "2016"]
    assert list(cut["n_events"]) == [2, 1]


def test_counts_events_after_dedup_and_reports_behind_them(events):
    ev = events(
        [
            {"source_country": "TUR", "target_country": "SYR", "cameo": "190", "quad": 4,
             "goldstein": -10.0, "when_start": f"2018-01-2{i}", "doc_id": f"d{i}"}
            for i in range(3)
        ]
    )  # fmt: skip
    s = dyad_series(dedup_events(ev), None, "TUR", "SYR", freq="month")
    assert (s["n_events"][0], s["n_reports"][0], s["goldstein_sum"][0]) == (1, 3, -10.0)


def test_empty_and_bad_arguments(events):
    s = dyad_series(events([]), None, "PAK", "RUS")
    assert s.empty and list(s.columns) == SERIES_COLUMNS and s.attrs["undated_events"] == 0
    with pytest.raises(ValueError, match="freq"):
        dyad_series(events([]), None, "PAK", "RUS", freq="week")
    with pytest.raises(ValueError, match="direction"):
        dyad_series(events([]), None, "PAK", "RUS", direction="sideways")
