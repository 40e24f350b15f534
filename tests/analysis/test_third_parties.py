"""third_parties from actors and events frames, and from a store."""

import datetime as dt
import math

import pandas as pd

from detente import Store
from detente.analysis import third_parties
from detente.records import Actor, CodedDocument, Document


def test_co_mentioned_countries_with_their_relations_to_each_side(events):
    actors = pd.DataFrame(
        [
            # d1 names both sides (RUS as SUN), the USA twice, India and the UN
            *({"doc_id": "d1", "country": c} for c in ["PAK", "SUN", "USA", "USA", "IND", "UNO"]),
            # d2 names both sides and the USA
            *({"doc_id": "d2", "country": c} for c in ["PAK", "RUS", "USA"]),
            # d3 names only Pakistan: China there is not a third party of the dyad
            *({"doc_id": "d3", "country": c} for c in ["PAK", "CHN"]),
            # d4 has a PAK-RUS event but its actors list only Pakistan and Iran
            *({"doc_id": "d4", "country": c} for c in ["PAK", "IRN"]),
        ]
    )
    ev = events(
        [
            {"doc_id": "d4", "source_country": "PAK", "target_country": "RUS", "when_start": "2016-01-01"},
            {"doc_id": "x", "source_country": "USA", "target_country": "PAK", "goldstein": -4.0,
             "when_start": "2016-01-01"},
            {"doc_id": "x", "source_country": "PAK", "target_country": "USA", "goldstein": 2.0,
             "when_start": "2017-01-01"},
            {"doc_id": "x", "source_country": "SUN", "target_country": "USA", "goldstein": -10.0,
             "when_start": "1962-10-01"},
            {"doc_id": "x", "source_country": "IND", "target_country": "PAK", "goldstein": -2.0,
             "modality": "negated", "when_start": "2016-01-01"},
        ]
    )  # fmt: skip
    out = third_parties({"actors": actors, "events": ev}, "PAK", "RUS")
    assert list(out["country"]) == ["USA", "IND", "IRN"]
    usa = out.set_index("country").loc["USA"]
    assert (usa["name"], usa["n_docs"], usa["n_mentions"]) == ("United States", 2, 3)
    assert (usa["n_with_a"], usa["goldstein_a"]) == (2, -1.0)
    assert (usa["n_with_b"], usa["goldstein_b"]) == (1, -10.0)  # SUN counts for RUS
    ind = out.set_index("country").loc["IND"]
    assert ind["n_with_a"] == 0 and math.isnan(ind["goldstein_a"])  # the negated event is out
    assert third_parties({"actors": actors, "events": ev}, "PAK", "RUS", include_igos=True)[
        "country"
    ].tolist() == ["USA", "IND", "IRN", "UNO"]
    recent = third_parties({"actors": actors, "events": ev}, "PAK", "RUS", since=2017)
    assert recent.set_index("country").loc["USA", "n_with_a"] == 1


def test_from_a_store(store):
    doc = Document(id="d1", text="t", published=dt.date(2015, 3, 2))
    actors = tuple(Actor(code=c, country=c) for c in ("PAK", "RUS", "AFG", "AFG"))
    store.add(CodedDocument(doc, actors=actors))
    out = third_parties(store, "PAK", "RUS")
    assert out[["country", "n_docs", "n_mentions", "n_with_a"]].values.tolist() == [
        ["AFG", 1, 2, 0]
    ]


def test_nothing_found(events):
    out = third_parties(
        {"actors": pd.DataFrame(columns=["doc_id", "country"]), "events": events([])}, "PAK", "RUS"
    )
    assert out.empty and "goldstein_a" in out.columns


def test_store_fixture_is_isolated():
    with Store(":memory:") as s:
        assert third_parties(s, "PAK", "RUS").empty
