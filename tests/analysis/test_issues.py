"""dyad_issues: PLOVER contexts and lexicon key words in the evidence, ranked."""

import pandas as pd

from detente.analysis import dyad_issues


def test_issues_are_ranked_with_counts_phrases_and_examples(events, states):
    ev = events(
        [
            {"source_country": "PAK", "target_country": "RUS", "plover_context": "military",
             "sentence": "Pakistan and Russia held joint military exercises."},
            # two events from one sentence count once for the sentence's issues
            {"source_country": "RUS", "target_country": "PAK", "plover_context": "economic",
             "sentence": "Russia will build a gas pipeline and sell arms to Pakistan."},
            {"source_country": "PAK", "target_country": "RUS", "plover_context": "military; legal",
             "sentence": "Russia will build a gas pipeline and sell arms to Pakistan."},
            {"source_country": "PAK", "target_country": "RUS", "modality": "recommended",
             "plover_context": "diplomatic",
             "sentence": "Relations should be developed in the energy sector."},
            {"source_country": "IND", "target_country": "RUS", "plover_context": "nuclear",
             "sentence": "India bought a nuclear reactor."},
        ]
    )  # fmt: skip
    st = states(
        [{"a": "PAK", "b": "RUS", "polarity": 1, "when_start": "2016-01-01",
          "sentence": "Ties improved as terrorism and extremism became common threats."}]
    )  # fmt: skip
    interests = pd.DataFrame(
        [
            {"doc_id": "d1", "holder_country": "RUS", "counterpart_country": "PAK",
             "issue": "economic", "sentence": "Russia's hardware companies need new markets."},
            {"doc_id": "d1", "holder_country": "RUS", "counterpart_country": "USA",
             "issue": "military", "sentence": "Russia wants to monitor US military bases."},
            {"doc_id": "other", "holder_country": "RUS", "counterpart_country": "USA",
             "issue": "military", "sentence": "Not about Pakistan at all."},
        ]
    )  # fmt: skip
    out = dyad_issues(ev, st, interests, "PAK", "RUS")
    got = {r.issue: (r.count, r.n_events, r.n_states, r.n_interests) for r in out.itertuples()}
    assert got == {
        # exercises; the pipeline/arms sentence (two events); bases; "hardware" companies
        "military": (4, 3, 0, 2),
        "economic": (2, 1, 0, 1),  # the pipeline sentence; markets
        "energy": (2, 3, 0, 0),  # gas/pipeline (two events, one sentence); energy sector
        "legal": (1, 1, 0, 0),
        "terrorism": (1, 0, 1, 0),
        "diplomatic": (2, 1, 1, 0),  # "relations", "ties": general, ranked last
    }
    assert list(out["issue"]) == [
        "military",
        "economic",
        "energy",
        "legal",
        "terrorism",
        "diplomatic",
    ]
    energy = out.set_index("issue").loc["energy"]
    assert sorted(energy["phrases"]) == ["energy", "gas", "pipeline"]
    assert out.set_index("issue").loc["terrorism", "phrases"] == ["terrorism", "extremism"]
    # examples: sentences that name the issue by a key word first, then the others
    assert out.set_index("issue").loc["legal", "examples"] == [
        "Russia will build a gas pipeline and sell arms to Pakistan."
    ]
    assert out.set_index("issue").loc["military", "examples"] == [
        "Pakistan and Russia held joint military exercises.",
        "Russia will build a gas pipeline and sell arms to Pakistan.",
        "Russia's hardware companies need new markets.",
    ]
    # asserted events only, when asked
    asserted = dyad_issues(ev, st, None, "PAK", "RUS", modality="asserted")
    assert "energy" in set(asserted["issue"])
    assert asserted.set_index("issue").loc["energy", "count"] == 1


def test_no_evidence_gives_an_empty_frame(events):
    out = dyad_issues(events([]), None, None, "PAK", "RUS")
    assert out.empty and list(out.columns)[:2] == ["issue", "count"]
