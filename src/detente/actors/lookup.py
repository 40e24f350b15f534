"""Codes from what people type: a country or organisation code, or a name ("Pakistan",
"pakistan", "Russian Federation", "the Soviet Union", "Islamic State"), resolved by the same
dictionaries the coder uses. An unknown or ambiguous name is an :class:`UnknownCode` naming
the closest known codes."""

from __future__ import annotations

import difflib
import functools

from ..data import read_table, split_list
from ..errors import UnknownCode
from .gazetteer import gazetteer

__all__ = ["country_code", "display_name", "find_code", "organisation_names"]

#: Kinds of dictionary entries whose name stands for a code a query can use.
_NAMED = ("country", "state", "capital", "demonym", "igo", "group", "ethnic")


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, set[str]], dict[str, str]]:
    """Lower-case name -> codes it may stand for; code -> its canonical name."""
    gaz = gazetteer()
    names: dict[str, set[str]] = {}
    canonical: dict[str, str] = {}
    for code, c in gaz.countries.items():
        canonical[code] = c.name
    for phrase, entries in gaz.names.items():
        for e in entries:
            if e.kind not in _NAMED:
                continue
            code = e.code if e.kind not in ("state", "capital") else e.country
            if not code:
                continue
            names.setdefault(phrase.lower(), set()).add(code)
            canonical.setdefault(code, e.name)
    for code, name in canonical.items():
        names.setdefault(name.lower(), set()).add(code)
    return names, canonical


@functools.lru_cache(maxsize=1)
def _quick() -> tuple[dict[str, str], set[str]]:
    """Country and organisation names and aliases (lower case) -> code, and every code: what
    most queries type, answered without building the whole gazetteer (people, groups and
    places take it a second to build)."""
    names: dict[str, str] = {}
    codes: set[str] = set()
    for row in read_table("countries"):
        codes.add(row["code"])
        for name in (row["name"], *split_list(row.get("aliases"))):
            names.setdefault(name.lower(), row["code"])
    others: set[str] = set()  # names of groups, peoples and state bodies: left to the gazetteer
    for row in read_table("igos"):
        spelled = [n.lower() for n in (row["name"], *split_list(row.get("aliases")))]
        if (row.get("kind") or "igo") in ("igo", "ngo"):
            # as the gazetteer has it: a UN body stands for the UN
            code = "UNO" if (row.get("cameo") or "").startswith("IGOUNO") else row["code"]
            codes.add(code)
            for name in spelled:
                names.setdefault(name, code)
        else:
            others.update(spelled)
    return {n: c for n, c in names.items() if n not in others}, codes


@functools.lru_cache(maxsize=1)
def _names_by_code() -> dict[str, str]:
    out: dict[str, str] = {}
    for table in ("countries", "igos"):
        for row in read_table(table):
            out.setdefault(row["code"], row["name"])
    return out


@functools.lru_cache(maxsize=1)
def organisation_names() -> dict[str, str]:
    """Organisation and group codes → names (codes that are not countries)."""
    out: dict[str, str] = {}
    for entries in gazetteer().names.values():
        for e in entries:
            if e.kind in ("igo", "group") and e.code not in out:
                out[e.code] = e.name
    return out


def display_name(code: str) -> str:
    """The name to show for a country or organisation code; the code when it has none."""
    country = gazetteer().country(code)
    return country.name if country is not None else organisation_names().get(code, code)


def labelled(code: str) -> str:
    """``code`` with its name for a message: "PER (Peru)"; the code alone if it has none."""
    name = _names_by_code().get(code)
    return f"{code} ({name})" if name and name != code else code


def _clean(text: str) -> str:
    t = " ".join(text.strip().split())
    for art in ("the ", "The "):
        t = t.removeprefix(art)
    return t


def find_code(text: str) -> str | None:
    """The code ``text`` stands for, or None when it stands for none or for several."""
    try:
        return country_code(text)
    except UnknownCode:
        return None


def country_code(text: str) -> str:
    """The country, organisation, group or people ``text`` names: its code as given (any
    case) or a name, alias, demonym or capital. Raises :class:`UnknownCode`, with the closest
    known codes, for an unknown or ambiguous one."""
    raw = _clean(text or "")
    if not raw:
        raise UnknownCode("no country or organisation given")
    quick_names, quick_codes = _quick()
    if raw.upper() in quick_codes:
        return raw.upper()
    if raw.lower() in quick_names:
        return quick_names[raw.lower()]
    names, canonical = _index()
    upper = raw.upper()
    if upper in canonical:
        return upper
    codes = names.get(raw.lower())
    if codes and len(codes) == 1:
        return next(iter(codes))
    if codes:
        options = sorted(codes)
        raise UnknownCode(f"{raw!r} may name several actors",
                          [(c, canonical.get(c, c)) for c in options[:5]])
    raise UnknownCode(f"unknown country or organisation {raw!r}", _closest(raw, names, canonical))


def _closest(raw: str, names: dict[str, set[str]], canonical: dict[str, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pool = list(names) + [c.lower() for c in canonical]
    for hit in difflib.get_close_matches(raw.lower(), pool, n=8, cutoff=0.6):
        for code in sorted(names.get(hit, set()) | ({hit.upper()} if hit.upper() in canonical else set())):
            pair = (code, canonical.get(code, code))
            if pair not in out:
                out.append(pair)
    return out[:3]
