"""dedup_events: many reports of one event become one row with its mentions."""

import pytest

from detente.analysis import dedup_events


def tur_syr(**kw):
    row = {"source_country": "TUR", "target_country": "SYR", "cameo": "190", "quad": 4,
           "goldstein": -10.0}  # fmt: skip
    return {**row, **kw}


@pytest.fixture
def reports(events):
    return events(
        [
            # e1: a week-precise report of the offensive, midpoint 2018-01-20
            tur_syr(doc_id="a", when_start="2018-01-17", when_end="2018-01-23", when_precision="week"),
            # e2: the same offensive, day-precise, in Afrin
            tur_syr(doc_id="b", when_start="2018-01-20", place="Afrin"),
            # e3: same day, another place: another event
            tur_syr(doc_id="c", when_start="2018-01-20", place="Idlib"),
            # e4: a different code of the same root, next day, no place: joins e1/e2
            tur_syr(doc_id="d", cameo="193", goldstein=-10.0, when_start="2018-01-21"),
            # e5: five days after the cluster's first report: a new event
            tur_syr(doc_id="e", when_start="2018-01-25"),
            # e6: the other direction is another event
            tur_syr(doc_id="f", source_country="SYR", target_country="TUR", when_start="2018-01-20"),
            # e7, e8: a symmetric meeting reported both ways round
            {"source_country": "USA", "target_country": "TUR", "symmetric": True, "cameo": "043",
             "doc_id": "g", "when_start": "2018-02-01"},
            {"source_country": "TUR", "target_country": "USA", "symmetric": True, "cameo": "040",
             "doc_id": "h", "when_start": "2018-02-02"},
            # e9, e10: undated, never merged; e11, e12: no target, never merged
            tur_syr(doc_id="i"),
            tur_syr(doc_id="j"),
            {"source_country": "TUR", "target_country": None, "cameo": "010", "doc_id": "k",
             "when_start": "2018-01-20"},
            {"source_country": "TUR", "target_country": None, "cameo": "010", "doc_id": "l",
             "when_start": "2018-01-20"},
        ]
    )  # fmt: skip


def clusters(frame):
    return sorted(tuple(ids) for ids in frame["event_ids"])


def test_reports_of_one_event_are_merged(reports):
    out = dedup_events(reports)
    assert len(reports) == 12 and len(out) == 9
    got = {tuple(ids): m for ids, m in zip(out["event_ids"], out["mentions"])}
    assert got == {
        ("e1", "e2", "e4"): 3, ("e3",): 1, ("e5",): 1, ("e6",): 1, ("e7", "e8"): 2,
        ("e9",): 1, ("e10",): 1, ("e11",): 1, ("e12",): 1,
    }  # fmt: skip
    assert sum(out["mentions"]) == len(reports)
    # dated events oldest first, undated last
    assert list(out["id"][-2:]) == ["e9", "e10"]


def test_the_kept_row_has_the_common_code_and_the_finest_date(reports):
    out = dedup_events(reports).set_index("id")
    big = out.loc["e2"]  # 190 is the common code; e2 is day-precise, e1 only week-precise
    assert (big["cameo"], big["place"], big["mentions"], big["n_docs"]) == ("190", "Afrin", 3, 3)


def test_three_digit_families_and_window(reports):
    by_code = dedup_events(reports, match="code3")
    assert ("e1", "e2") in {tuple(x) for x in by_code["event_ids"]}  # 193 stays apart
    wide = dedup_events(reports, window_days=5)
    assert ("e1", "e2", "e4", "e5") in {tuple(x) for x in wide["event_ids"]}
    with pytest.raises(ValueError, match="match"):
        dedup_events(reports, match="cameo")


def test_repeats_inside_one_article_are_kept_unless_asked(events):
    ev = events(
        [tur_syr(doc_id="a", when_start="2018-01-20"), tur_syr(doc_id="a", when_start="2018-01-20")]
    )
    assert list(dedup_events(ev)["mentions"]) == [1, 1]
    assert list(dedup_events(ev, within_document=True)["mentions"]) == [2]


def test_empty_frame(events):
    out = dedup_events(events([]))
    assert out.empty and {"mentions", "event_ids", "n_docs"} <= set(out.columns)
