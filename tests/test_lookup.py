"""Codes from what people type, and date bounds: one parser for each."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.actors.lookup import country_code
from detente.bounds import parse_bound
from detente.errors import DetenteError, UnknownCode


@pytest.mark.parametrize("text, code", [
    ("PAK", "PAK"), ("pak", "PAK"), ("Pakistan", "PAK"), ("pakistan", "PAK"), ("  Pakistan ", "PAK"),
    ("Russian Federation", "RUS"), ("the Soviet Union", "SUN"), ("USSR", "SUN"),
    ("United Nations", "UNO"), ("Kurds", "KUR"), ("Islamic State", "IMGMUSISI"),
])  # fmt: skip
def test_a_code_or_a_name(text, code):
    assert country_code(text) == code


def test_an_unknown_name_offers_the_closest_codes():
    with pytest.raises(UnknownCode) as err:
        country_code("Pakistn")
    assert ("PAK", "Pakistan") in err.value.suggestions
    assert "did you mean PAK (Pakistan)" in str(err.value)
    assert isinstance(err.value, DetenteError) and isinstance(err.value, ValueError)


def test_no_prefix_matching():
    # "MUSEVENI" starts like Mauritius's code; it is no country
    with pytest.raises(UnknownCode):
        country_code("MUSEVENI")


@pytest.mark.parametrize("value, start, end", [
    (2016, dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
    ("2016", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
    ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
    ("2016-09-14", dt.date(2016, 9, 14), dt.date(2016, 9, 14)),
    (dt.date(2016, 9, 14), dt.date(2016, 9, 14), dt.date(2016, 9, 14)),
    (None, None, None), ("", None, None),
])  # fmt: skip
def test_a_bound_is_a_year_a_month_or_a_day(value, start, end):
    assert parse_bound(value, start=True) == start
    assert parse_bound(value, start=False) == end


@pytest.mark.parametrize("value", ["2016-13", "16", "last year", "2016/09/14"])
def test_a_bad_bound_says_what_is_expected(value):
    with pytest.raises(ValueError, match="a year .* a month .* or a day"):
        parse_bound(value, start=True)
