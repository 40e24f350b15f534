"""dyad_picture: the one computation behind the report, the dashboard and the CLI."""

import datetime as dt

import pytest

from detente.analysis import picture
from detente.analysis.picture import dyad_picture
from detente.errors import UnknownCode
from detente.testing import DocumentBuilder, day, filled_store, small_corpus


@pytest.fixture
def store():
    with filled_store() as s:
        yield s


def test_the_picture_of_a_warm_then_cold_relationship(store):
    pic = dyad_picture(store, "Pakistan", "russia")
    assert (pic.a, pic.b, pic.a_name, pic.analysis) == ("PAK", "RUS", "Pakistan", "full")
    # six warm years, six cold ones: the temperature turns once, in 2006, explained by its events
    turn = {t.period: t for t in pic.turning_points}["2006"]
    assert turn.direction == "colder" and turn.events
    # the Soviet-era event counts for Russia, oldest first on the timeline
    assert pic.timeline["when"].iloc[0] == "1975" and pic.timeline["source"].iloc[0] == "SUN"
    assert list(pic.states["trigger"]) == ["warm", "cold"]
    assert list(pic.third_parties["country"]) == ["USA"]
    assert pic.convergence.empty  # only Russia states an interest
    assert (pic.n_reports, pic.n_documents, pic.by_modality) == (14, 1, {"asserted": 14})


def test_a_window_keeps_what_meets_it_and_a_month_bound_means_the_whole_month(store):
    doc = DocumentBuilder("late", None, "2016-04-02")
    doc.event("On 30 March 2016 Pakistan and Russia signed a deal.", "signed", ("Pakistan", "PAK"),
              ("Russia", "RUS"), "057", day(2016, 3, 30, "30 March 2016"))  # fmt: skip
    store.add(doc.coded())
    pic = dyad_picture(store, "PAK", "RUS", since="2016", until="2016-03", freq="month")
    assert (pic.since, pic.until) == ("2016-01-01", "2016-03-31")
    march = pic.series.set_index("period").loc["2016-03"]
    assert march["n_events"] == 2  # the drill of the 14th and the deal of the 30th
    assert pic.states.empty and pic.n_documents == 2


def test_a_large_dyad_is_counted_in_the_database_with_the_same_periods(store, monkeypatch):
    full = dyad_picture(store, "PAK", "RUS")
    monkeypatch.setattr(picture, "FULL_ANALYSIS_LIMIT", 0)
    counted = dyad_picture(store, "PAK", "RUS")
    assert counted.analysis == "aggregate" and "computed in the database" in counted.note
    assert list(counted.series["period"]) == list(full.series["period"])
    assert list(counted.series["n_events"]) == list(full.series["n_reports"])
    assert [t.period for t in counted.turning_points] == [t.period for t in full.turning_points]
    assert all(t.events for t in counted.turning_points)  # explained by the database's strongest events
    assert len(counted.timeline) <= picture.ISSUE_SAMPLE


def test_a_long_monthly_series_finds_its_turning_points_on_years(store, monkeypatch):
    monkeypatch.setattr(picture, "MAX_TURNING_PERIODS", 100)
    pic = dyad_picture(store, "PAK", "RUS", freq="month")
    assert pic.turning_freq == "year" and "yearly values" in pic.note
    assert "2006" in [t.period for t in pic.turning_points]


def test_bad_dyads_say_what_is_wrong(store):
    with pytest.raises(UnknownCode, match="Pakistn"):
        dyad_picture(store, "Pakistn", "RUS")
    with pytest.raises(ValueError, match="two different countries"):
        dyad_picture(store, "RUS", "the Soviet Union")
    with pytest.raises(ValueError, match="freq"):
        dyad_picture(store, "PAK", "RUS", freq="week")


def test_an_empty_dyad_is_an_empty_picture():
    with filled_store(small_corpus()[1:]) as s:
        pic = dyad_picture(s, "PAK", "RUS", until=dt.date(2010, 1, 1))
    assert pic.series.empty and pic.timeline.empty and pic.turning_points == [] and pic.n_documents == 0


def test_an_event_in_the_middle_of_the_last_day_of_a_window_is_in_it_on_both_paths(store, monkeypatch):
    from detente.records import TimeSpan

    doc = DocumentBuilder("eve", None, "2009-01-02")
    doc.event("Over new year Pakistan and Russia held talks.", "held talks", ("Pakistan", "PAK"), ("Russia", "RUS"),
              "040", TimeSpan(dt.date(2008, 12, 31), dt.date(2009, 1, 1), "day", "text", "new year"))  # fmt: skip
    store.add(doc.coded())
    full = dyad_picture(store, "PAK", "RUS", since=2008, until=2008)
    monkeypatch.setattr(picture, "FULL_ANALYSIS_LIMIT", 0)
    counted = dyad_picture(store, "PAK", "RUS", since=2008, until=2008)
    # the talks' middle is noon on 31 December: in 2008, whichever way the picture is made
    assert list(full.series["n_events"]) == list(counted.series["n_events"]) == [2]
    assert full.n_undated == counted.n_undated == 0
