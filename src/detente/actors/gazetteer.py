"""The actor dictionaries, loaded once from package data into plain lookups.

Countries (names, aliases, demonyms, capitals and seats of power), organisations and groups,
agent nouns → sectors, and people with dated roles. The spaCy component compiles these into
matchers; everything else reads the :class:`Gazetteer` only.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from ..data import read_table, split_list
from ..extensions import Role
from ..time.words import MONTH_NAMES, WEEKDAYS

__all__ = ["Country", "Entry", "Gazetteer", "gazetteer", "group_entry"]

#: Articles stripped from the front of dictionary phrases ("the Kremlin" matches "Kremlin").
_ARTICLES = ("the ", "The ")


#: Surnames that are also everyday English words (or months) name a person only after the
#: full name.
_COMMON_WORDS = frozenset(MONTH_NAMES) | frozenset(WEEKDAYS) | frozenset(
    {
        "rice", "bush", "brown", "power", "long", "little", "young", "hope",
        "grant", "rich", "white", "black", "green", "king", "major", "price", "hunt", "wood",
        "ward", "bell", "cook", "hill", "stone", "lord", "page", "cash", "love", "best", "chance",
        "church", "field", "ford", "gray", "grey", "hall", "hay", "house", "lane", "law", "mills",
        "moon", "moore", "park", "peace", "rose", "short", "small", "street", "strong", "west",
        "north", "south", "east", "wise", "faith", "golden", "rock", "sale", "fox", "cross", "said",
        "will", "justice", "islam", "christian", "jewish", "hindu", "sunni", "shia", "allah"
    }
)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    successor: str | None = None
    #: A former state's last day.
    until: dt.date | None = None
    #: Is the successor the same state renamed or continued (the Soviet Union, Russia)?
    continued: bool = False


@dataclass(frozen=True)
class Entry:
    """What a matched proper name stands for."""

    kind: str  # "country", "state", "demonym", "capital", "igo", "group", "ethnic", "person", "surname"
    code: str  # country/organisation code, or the person's country; see ``transnational``
    name: str  # canonical name
    sector: str | None = None
    roles: tuple[Role, ...] = ()
    #: A non-state group with no country of operation (al-Qaeda): ``code`` is then its own
    #: full CAMEO actor code (``IMGMUSALQ``), the actor has no country, and ``sector`` is its
    #: CAMEO type (``IMG``, an international militarized group). See :func:`group_entry`.
    transnational: bool = False
    #: A surname that stands alone for its person without the full name first: one of a
    #: prominent office-holder of the last decades (a government or military role held since
    #: 2005, or a term detente's own tables list).
    bare: bool = False
    #: The actor code when it is not the country code and sector: an organisation's full CAMEO
    #: code (UNICEF → ``IGOUNOKID``, whose country is the UN's, ``UNO``).
    actor_code: str | None = None

    @property
    def country(self) -> str | None:
        """The country (or organisation) code the actor belongs to; None for a
        transnational group."""
        return None if self.transnational else (self.code or None)


@dataclass
class Gazetteer:
    countries: dict[str, Country] = field(default_factory=dict)
    names: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    sectors: dict[str, str] = field(default_factory=dict)

    def country(self, code: str) -> Country | None:
        return self.countries.get(code)

    def successor(self, code: str) -> str | None:
        c = self.countries.get(code)
        return c.successor if c else None

    def as_of(self, code: str, when: dt.date | None) -> str:
        """The state a country code stands for at a date: a former state after its last day
        is its successor; a state that continues a former one (Russia, the Soviet Union) is
        the former one up to that day. ``when`` None: ``code`` itself."""
        if when is None:
            return code
        c = self.countries.get(code)
        if c is None:
            return code
        if c.successor and c.until and when > c.until:
            return self.as_of(c.successor, when)
        for former in self.countries.values():
            if former.successor == code and former.continued and former.until and when <= former.until:
                return self.as_of(former.code, when)
        return code

    def predecessors(self, code: str) -> list[str]:
        """Former states whose successor chain leads to ``code`` (SUN for RUS)."""
        out = []
        for c in self.countries.values():
            seen, cur = set(), c.successor
            while cur and cur not in seen:
                if cur == code:
                    out.append(c.code)
                    break
                seen.add(cur)
                cur = self.successor(cur)
        return sorted(out)

    def search(self, query: str, limit: int = 20) -> list[tuple[str, Entry]]:
        """Names containing ``query`` (case-insensitive), exact matches first."""
        q = query.strip().lower()
        hits = [(n, e) for n, es in self.names.items() for e in es if q in n.lower()]
        hits.sort(key=lambda h: (h[0].lower() != q, not h[0].lower().startswith(q), len(h[0])))
        return hits[:limit]

    def describe(self, code: str) -> dict | None:
        """Everything the dictionaries know under ``code`` (a country, organisation or group
        code, or a full actor code such as PAKGOV): names, kinds, successor, predecessors and
        the people who held roles there."""
        code = code.strip().upper()
        country = self.countries.get(code[:3]) if len(code) >= 3 else None
        if country is not None and len(code) > 3 and not self._sector_codes(code[3:]):
            country = None  # "MUSEVENI" is no Mauritian sector
        names: dict[str, set[str]] = {}
        people: list[Role] = []
        for phrase, entries in self.names.items():
            for e in entries:
                if e.kind == "person":
                    people.extend(r for r in e.roles if r.code.startswith(code) and r not in people)
                elif (
                    e.code == code
                    or (e.code == code[:3] and (e.sector or "") == code[3:6])
                    or (e.transnational and e.code.endswith(code) and len(code) == 3)  # ALQ
                ):
                    names.setdefault(e.kind, set()).add(phrase)
        if not names and not people and country is None:
            return None
        return {
            "code": code,
            "name": country.name if country and code[:3] == country.code else None,
            "successor": self.successor(code[:3]) if country else None,
            "predecessors": self.predecessors(code[:3]) if country else [],
            "names": {k: sorted(v) for k, v in sorted(names.items())},
            "people": sorted(
                ({"name": r.name, "code": r.code, "start": r.start, "end": r.end} for r in people),
                key=lambda r: (r["start"] or dt.date.min, r["name"]),
            ),
        }

    def _sector_codes(self, rest: str) -> bool:
        """Is ``rest`` made of sector codes (GOV, MIL, GOVMIL...)?"""
        known = set(self.sectors.values()) | {"IGO", "NGO", "REB", "OPP", "IMG", "SPY", "ELI"}
        return len(rest) % 3 == 0 and all(rest[i:i + 3] in known for i in range(0, len(rest), 3))

    def person(self, name: str) -> tuple[str, tuple[Role, ...]] | None:
        """A person the dictionaries know by ``name`` (any case): canonical name and roles."""
        key = " ".join(name.split())
        for phrase in (key, key.title()):
            for e in self.names.get(phrase, ()):
                if e.kind in ("person", "surname") and e.roles:
                    return e.name, e.roles
        low = key.lower()
        for phrase, entries in self.names.items():
            if phrase.lower() == low:
                for e in entries:
                    if e.kind in ("person", "surname") and e.roles:
                        return e.name, e.roles
        return None

    def _add(self, phrase: str, entry: Entry) -> None:
        for art in _ARTICLES:
            phrase = phrase.removeprefix(art)
        phrase = phrase.strip()
        for variant in spellings(phrase):
            if variant and entry not in self.names[variant]:
                self.names[variant].append(entry)


def spellings(phrase: str) -> list[str]:
    """The ways news writes a dictionary phrase: as listed; with typographic apostrophes
    ("People’s Protection Units"); an acronym of four letters or more in title case, as
    British papers write them ("Isis", "Unicef", "Nato"); a name that starts with a
    lower-case particle capitalised at a sentence start ("De Mistura", "Al-Qaeda")."""
    out = [phrase]
    if "'" in phrase:
        out.append(phrase.replace("'", "\u2019"))
    words = phrase.split()
    if any(len(w) >= 4 and w.isalpha() and w.isupper() for w in words):
        out.append(" ".join(w.title() if len(w) >= 4 and w.isalpha() and w.isupper() else w for w in words))
    if words and words[0][:1].islower() and len(words) > 1 and words[0].lower() in _PARTICLES:
        out.append(phrase[:1].upper() + phrase[1:])
    return out


#: Lower-case particles that open a name ("de Mistura", "van Rompuy").
_PARTICLES = frozenset({"de", "van", "von", "der", "da", "del", "della", "di", "du", "le", "la", "bin", "ibn", "el"})


def group_entry(row: dict[str, str]) -> Entry:
    """The entry of a non-state group row of ``igos.tsv``.

    A group with a country of operation is placed in it, with the sector its CAMEO code gives
    when that code starts with the country (Fatah ``PSEPTY`` → ``PSE`` + ``PTY``, the Taliban
    ``AFGREB``), else as rebels there. An international militarized group (a CAMEO code that
    starts with ``IMG``: the Islamic State, ``IMGMUSISI``, wherever it operates) and a group
    with no country (al-Qaeda) are never given one: its actor code is its
    own CAMEO code, as the Phoenix dictionaries and GDELT write it (``IMGMUSALQ``: IMG, an
    international militarized group, then religion and the known-group code), or ``IMG`` + its
    group code when the row has no CAMEO code; its sector is the CAMEO type, ``IMG``. Never the
    group code glued to a sector (``ALQREB``)."""
    country = (row.get("country") or "").strip()
    cameo = (row.get("cameo") or "").strip()
    if country and not cameo.startswith("IMG"):
        sector = cameo[3:6] if cameo.startswith(country) and len(cameo) >= 6 else "REB"
        return Entry("group", country, row["name"], sector=sector)
    code = cameo if cameo.startswith("IMG") else "IMG" + row["code"]
    return Entry("group", code, row["name"], sector="IMG", transnational=True)


def _date(cell: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(cell) if cell else None
    except ValueError:
        return None


@functools.lru_cache(maxsize=1)
def states() -> Gazetteer:
    """The countries alone, current and former, with no names to look up: enough for
    :meth:`Gazetteer.as_of`, :meth:`~Gazetteer.predecessors` and
    :meth:`~Gazetteer.successor`, and quick to build (queries need no more)."""
    g = Gazetteer()
    for row in read_table("countries"):
        code = row["code"]
        g.countries[code] = Country(code, row["name"], row.get("successor") or None,
                                    _date(row.get("until", "")), row.get("continued") == "1")
    return g


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped dictionaries (built once per process)."""
    g = Gazetteer()
    g.countries.update(states().countries)
    for row in read_table("countries"):
        code = row["code"]
        g._add(row["name"], Entry("country", code, row["name"]))
        for alias in split_list(row.get("aliases")):
            g._add(alias, Entry("country", code, row["name"]))
        for dem in split_list(row.get("demonyms")):
            g._add(dem, Entry("demonym", code, row["name"]))
        for cap in split_list(row.get("capitals")):
            g._add(cap, Entry("capital", code, row["name"], sector="GOV"))
    for row in read_table("igos"):
        kind = row.get("kind") or "igo"
        if kind == "state":
            # a state body: "the Pentagon" → USA + MIL, "ISI" → PAK + SPY
            code = row.get("cameo") or row["code"]
            entry = Entry("state", row.get("country") or code[:3], row["name"], sector=code[3:6] or None)
        elif kind == "group":
            # an armed or political group: in its country of operation, or transnational
            entry = group_entry(row)
        elif kind == "ethnic":
            # a people with no state, by its CAMEO ethnic code: "Kurdish forces" → KURMIL
            entry = Entry("ethnic", row["code"], row["name"])
        else:
            # an organisation: its country is its own code (a UN body's is the UN's), its
            # actor code the full CAMEO code, as GDELT writes it (IGOUNO, IGOUNOKID, NGOHRIAMN)
            cameo = (row.get("cameo") or "").strip()
            org = "UNO" if cameo.startswith("IGOUNO") else row["code"]
            entry = Entry("igo", org, row["name"], sector="NGO" if kind == "ngo" else None,
                          actor_code=cameo or None)
        for phrase in [row["name"], *split_list(row.get("aliases"))]:
            g._add(phrase, entry)
    for row in read_table("sectors"):
        g.sectors.setdefault(row["term"].lower(), row["sector"])
    people: dict[str, list[Role]] = defaultdict(list)
    aliases: dict[str, set[str]] = defaultdict(set)
    prominent: set[str] = set()
    recent = dt.date(2005, 1, 1)
    for row in read_table("people"):
        end = _date(row.get("end", ""))
        if row.get("source") == "detente" or (row["code"][3:6] in ("GOV", "MIL") and (end is None or end >= recent)):
            prominent.add(row["name"])
        role = Role(
            name=row["name"],
            country=row["country"] or None,
            code=row["code"],
            sector=row["code"][3:6] or None if len(row["code"]) > 3 else None,
            start=_date(row.get("start", "")),
            end=_date(row.get("end", "")),
        )
        people[row["name"]].append(role)
        aliases[row["name"]].update(split_list(row.get("aliases")))
    surnames: dict[str, set[str]] = defaultdict(set)
    for name, roles in people.items():
        entry = Entry("person", roles[0].country or "", name, roles=tuple(roles))
        for phrase in {name, *aliases[name]}:
            g._add(phrase, entry)
        parts = name.split()
        if len(parts) >= 2 and parts[-1][:1].isupper() and len(parts[-1]) > 3:
            surnames[parts[-1]].add(name)
    # A surname alone ("Erdogan") stands for the people who bear it when they all belong to one
    # country: enough to place the actor, while the dated role decides the sector. A surname
    # that is an everyday word ("Brown", "May") or is borne in several countries is entered
    # without a country: it names a person only after that person's full name in the same
    # text (see the actor stage).
    for surname, names in surnames.items():
        if surname in g.names:
            continue
        countries = {people[n][0].country for n in names}
        if len(countries) == 1 and None not in countries and surname.lower() not in _COMMON_WORDS:
            roles = tuple(r for n in sorted(names) for r in people[n])
            g._add(surname, Entry("surname", countries.pop(), surname, roles=roles, bare=bool(names & prominent)))
        else:
            g._add(surname, Entry("surname", "", surname))
    return g
