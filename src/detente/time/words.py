"""Word tables for the temporal grammar: month, weekday, season and number words.

Kept apart from :mod:`detente.time.grammar` so the patterns read as patterns. Every table is
an immutable mapping or frozenset.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "CENTURY_WORDS",
    "DECADE_WORDS",
    "LICENSING_WORDS",
    "MONTHS",
    "NUMBER_PATTERN",
    "ORDINALS",
    "QUANTITY_MODIFIERS",
    "QUANTITY_NOUNS",
    "WEEKDAYS",
    "alternation",
    "parse_number",
]

#: The months' full names, in order.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")

MONTHS: Mapping[str, int] = MappingProxyType({
    **{name: i for i, name in enumerate(MONTH_NAMES, 1)},
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
})

#: Month words that are also ordinary English words or names ("May", "March", "Jan").
AMBIGUOUS_MONTHS = frozenset({"may", "march", "jan", "mar", "jun", "aug", "sept", "sep", "oct",
                              "nov", "dec", "feb", "apr", "jul"})

WEEKDAYS: Mapping[str, int] = MappingProxyType({
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
})

#: Words before a weekday that make it a name ("Bloody Sunday", "Good Friday").
WEEKDAY_NAMERS = frozenset({"black", "good", "bloody", "super", "ash", "easter", "palm", "cyber",
                            "holy", "maundy", "fat", "blue", "manic"})

SEASONS = ("spring", "summer", "autumn", "fall", "winter")

ORDINALS: Mapping[str, int] = MappingProxyType({
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "final": 4, "last": 4, "latter": 2,
})

DECADE_WORDS: Mapping[str, int] = MappingProxyType({
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
    "seventies": 70, "eighties": 80, "nineties": 90, "noughties": 0, "aughts": 0,
})

CENTURY_WORDS: Mapping[str, int] = MappingProxyType({
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21, "twenty first": 21,
})

#: A month standing alone ("in March") is a month only after one of these words.
LICENSING_WORDS = frozenset({
    "in", "on", "since", "early", "late", "mid", "by", "until", "till", "through", "of", "last",
    "this", "next", "from", "during", "before", "after", "between", "throughout", "around",
    "past", "coming",
})

#: Nouns after a four-digit number that make it a quantity, not a year ("1999 people").
QUANTITY_NOUNS = frozenset({
    "people", "persons", "person", "troops", "soldiers", "men", "women", "children", "civilians",
    "refugees", "migrants", "protesters", "demonstrators", "fighters", "militants", "rebels",
    "police", "policemen", "officers", "officials", "workers", "students", "prisoners",
    "detainees", "hostages", "dead", "deaths", "killed", "wounded", "injured", "casualties",
    "victims", "votes", "voters", "seats", "members", "delegates", "supporters", "residents",
    "families", "households", "homes", "houses", "buildings", "villages", "cases", "patients",
    "tonnes", "tons", "barrels", "km", "kilometres", "kilometers", "miles", "metres", "meters",
    "feet", "hectares", "acres", "dollars", "euros", "pounds", "rubles", "roubles", "rupees",
    "yuan", "yen", "units", "vehicles", "tanks", "aircraft", "planes", "jets", "missiles",
    "rockets", "warheads", "weapons", "guns", "rifles", "ships", "boats", "vessels", "items",
    "pages", "words", "jobs", "companies", "firms", "schools", "hospitals", "incidents",
    "attacks", "strikes", "arrests", "troop", "personnel", "staff", "employees", "percent",
    "per", "times",
})

#: Words before a four-digit number that make it a quantity ("some 2000", "Resolution 1973").
QUANTITY_MODIFIERS = frozenset({
    "some", "nearly", "almost", "about", "approximately", "roughly", "over", "than", "least",
    "estimated", "total", "resolution", "resolutions", "article", "articles", "flight",
    "no", "number", "route", "highway", "room", "page", "pages", "protocol", "chapter",
    "section", "paragraph", "law", "decree", "code", "model", "version", "item", "bill",
    "lot", "plot", "unit", "apartment", "suite", "box", "tel", "phone",
})

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
#: Vague counts as (low, high) ranges.
_VAGUE = {"a few": (2, 4), "few": (2, 4), "several": (3, 7), "a couple of": (2, 2),
          "a couple": (2, 2), "couple of": (2, 2), "a": (1, 1), "an": (1, 1), "a hundred": (100, 100),
          "hundred": (100, 100)}


def alternation(words: object) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


#: A count: digits, number words ("twenty-five"), or vague counts ("a few", "several").
NUMBER_PATTERN = (
    r"(?:\d{1,3}|"
    + alternation(_TENS) + r"(?:[\s-]" + alternation(list(_UNITS)[:9]) + r")?|"
    + alternation(list(_UNITS) + list(_VAGUE))
    + r")"
)


def parse_number(text: str) -> tuple[int, int] | None:
    """A count as a (low, high) range: "two" → (2, 2), "several" → (3, 7); None if unknown."""
    words = " ".join(text.lower().split())
    if words.isdigit():
        return int(words), int(words)
    if words in _VAGUE:
        return _VAGUE[words]
    if words in _UNITS:
        return _UNITS[words], _UNITS[words]
    parts = re.split(r"[\s-]+", words)
    if parts[0] in _TENS and (len(parts) == 1 or (len(parts) == 2 and parts[1] in _UNITS)):
        value = _TENS[parts[0]] + (_UNITS[parts[1]] if len(parts) == 2 else 0)
        return value, value
    return None
