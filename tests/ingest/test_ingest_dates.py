"""Publication dates: metadata values, date lines, URLs, and the shared op-ed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from detente.ingest import find_published, parse_date, read_inputs
from detente.records import Document

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
OPED = SHARED / "corpus" / "pakistan-russia-oped-2016-11-07.txt"

NOV7 = dt.date(2016, 11, 7)


@pytest.mark.parametrize(
    "value",
    [
        "2016-11-07",
        "2016-11-07T10:00:00Z",
        "2016-11-07T23:30:00-05:00",  # the date as written, not converted to UTC
        "2016-11-07 10:00:00+05:00",
        "2016-11-07T10:00:00.123456",
        "20161107",
        "November 7, 2016",
        "NOVEMBER 7, 2016",
        "Nov. 7, 2016",
        "Nov 7 2016",
        "7 November 2016",
        "7th of November, 2016",
        "Monday, 7 November 2016",
        "Monday, November 7, 2016 10:32 AM EST",
        "Mon, 07 Nov 2016 10:00:00 GMT",
        "2016/11/07",
        "07.11.2016",
        "2016-11-7",
        "  2016-11-07  ",
        dt.date(2016, 11, 7),
        dt.datetime(2016, 11, 7, 23, 59),
    ],
)
def test_parse_date_accepts(value):
    assert parse_date(value) == NOV7


def test_parse_date_unambiguous_numeric_orders():
    assert parse_date("13/11/2016") == dt.date(2016, 11, 13)
    assert parse_date("11/13/2016") == dt.date(2016, 11, 13)


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("yesterday", "unrecognised date 'yesterday'"),
        ("2016-02-30", "not a calendar date"),
        ("0000-00-00", "not a calendar date"),
        ("9999-12-31", "out of range"),
        ("1066-10-14", "out of range"),
        ("11/07/2016", "ambiguous date"),
        ("2016-11", "unrecognised date"),
        ("", "empty date"),
        (20161107, "got the number"),
        ([2016, 11, 7], "expected a date string"),
    ],
)
def test_parse_date_rejects(value, fragment):
    with pytest.raises(ValueError) as info:
        parse_date(value)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "line",
    [
        "NOVEMBER 7, 2016",
        "November 7, 2016",
        "Nov. 7, 2016",
        "7 November 2016",
        "Monday, 7 November 2016",
        "2016-11-07",
        "Published: November 7, 2016",
        "Posted on Nov 7, 2016 at 10:32 am",
        "November 7, 2016 | 10:32 PKT",
    ],
)
def test_date_lines(line):
    text = f"Border talks resume\n\n{line}\n\nThe talks resumed on Monday."
    assert find_published(text) == (NOV7, "dateline")


@pytest.mark.parametrize(
    "text",
    [
        "The talks resumed on November 7, 2016 in Geneva.",  # a date inside a sentence
        "Talks\n\nNovember 2016\n\nNo day given.",  # month only
        "Talks\n\nFebruary 30, 2016\n\nNo such day.",
        "Talks\n\n11/07/2016\n\nAmbiguous.",
    ],
)
def test_not_date_lines(text):
    assert find_published(text) == (None, None)


def test_page_stamp_before_headline_loses_to_the_article_date():
    text = "9 November 2016\n\nBorder talks resume\n\nNOVEMBER 7, 2016\n\nThe talks resumed."
    assert find_published(text) == (NOV7, "dateline")


def test_single_date_line_at_top_is_used():
    assert find_published("9 November 2016\n\nBorder talks resume\n\nBody.") == (
        dt.date(2016, 11, 9),
        "dateline",
    )


def test_first_date_wins_when_not_at_the_top():
    text = "Headline\nNovember 7, 2016\n\nBody.\n\nNovember 9, 2016\n\nMore."
    assert find_published(text) == (NOV7, "dateline")


def test_updated_stamp_is_a_last_resort():
    text = "Headline\n\nUpdated: November 9, 2016\nPublished: November 7, 2016\n\nBody."
    assert find_published(text) == (NOV7, "dateline")
    assert find_published("Headline\n\nUpdated: November 9, 2016\n\nBody.") == (
        dt.date(2016, 11, 9),
        "dateline",
    )


def test_date_lines_only_in_the_header_region():
    body = "\n".join(f"Paragraph {i} of the article." for i in range(20))
    assert find_published(f"Headline\n{body}\nNovember 7, 2016") == (None, None)
    assert find_published(f"Headline\n\n\n\nNovember 7, 2016\n{body}") == (NOV7, "dateline")


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://news.example.org/world/2016/11/07/border-talks", NOV7),
        ("https://news.example.org/2016-11-07-border-talks", NOV7),
        ("https://news.example.org/world/2016/nov/07/border-talks", NOV7),
        ("https://news.example.org/20161107/border-talks", NOV7),
        ("https://news.example.org/world/border-talks", None),
        ("https://news.example.org/2016/13/45/x", None),
        (None, None),
    ],
)
def test_url_dates(url, expected):
    found = find_published("Headline\n\nNo date in this text.", url=url)
    assert found == ((expected, "url") if expected else (None, None))


def test_dateline_beats_url():
    text = "Headline\n\nNovember 8, 2016\n\nBody."
    assert find_published(text, url="https://x.org/2016/11/07/a") == (
        dt.date(2016, 11, 8),
        "dateline",
    )


@pytest.mark.skipif(not OPED.exists(), reason="shared corpus not present")
def test_shared_oped_is_dated_by_its_article_dateline():
    items = list(read_inputs([OPED]))
    (doc,) = items
    assert isinstance(doc, Document)
    assert doc.published == NOV7
    assert doc.published_basis == "dateline"
    assert doc.title and doc.title.startswith("Pakistan-Russia Joint Military Exercise")
    assert doc.source == OPED.name
    assert doc.id == Document.make_id(doc.text, OPED.name)
    assert "\n\n" in doc.text
