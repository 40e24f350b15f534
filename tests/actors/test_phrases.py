"""The phrase index finds what spaCy's PhraseMatcher finds, and keeps its tokenization."""

from __future__ import annotations

import pytest
from spacy.matcher import PhraseMatcher

from detente.actors.phrases import PhraseIndex, tokenized
from detente.nlp import PATTERN_STAGES, load

TEXT = (
    "The United States and the U.S. Army met Russia's envoy; the two countries, both sides and "
    "BOTH SIDES agreed. al-Qaeda and Al-Qaeda, the Islamic State of Iraq."
)


@pytest.fixture(scope="module")
def nlp():
    return load(stages=PATTERN_STAGES)


def _matcher(nlp, phrases, attr):
    m = PhraseMatcher(nlp.vocab, attr=attr)
    for key, doc in zip(phrases, nlp.tokenizer.pipe(phrases)):
        m.add(key, [doc])
    return m


@pytest.mark.parametrize("attr", ["ORTH", "LOWER"])
def test_same_matches_as_the_phrase_matcher(nlp, shared, attr):
    phrases = sorted(nlp.get_pipe("detente_actors").gaz.names)
    index = PhraseIndex(nlp, zip(phrases, tokenized(nlp, phrases, name="test-names")), attr=attr)
    matcher = _matcher(nlp, phrases, attr)
    texts = [TEXT] + [p.read_text(encoding="utf-8") for p in sorted((shared / "corpus").glob("*.txt"))]
    found = 0
    for text in texts:
        doc = nlp.make_doc(text)
        assert sorted(index(doc)) == sorted(matcher(doc))
        found += len(index(doc))
    assert found > 50
    # nested phrases are all reported ("U.S." inside "U.S. Army")
    doc = nlp.make_doc(TEXT)
    spans = {(doc.vocab.strings[m], s, e) for m, s, e in index(doc)}
    assert {("U.S.", 5, 6), ("U.S. Army", 5, 7), ("United States", 1, 3)} <= spans


def test_tokenization_is_cached_and_reused(nlp, tmp_path, monkeypatch):
    monkeypatch.setenv("DETENTE_CACHE_DIR", str(tmp_path))
    texts = ["the U.S. Army", "al-Qaeda", "Côte d'Ivoire"]
    words = tokenized(nlp, texts, name="t")
    assert words == [[t.text for t in nlp.make_doc(x)] for x in texts]
    [kept] = tmp_path.glob("t-*.json")
    kept.write_text('[["the", "U.S.", "Army"], ["al", "-", "Qaeda"], ["Côte", "d\'Ivoire"]]', encoding="utf-8")
    assert tokenized(nlp, texts, name="t")[1] == ["al", "-", "Qaeda"]  # read back, not re-run
    assert len(list(tmp_path.glob("t-*.json"))) == 1
    # other texts, other file; an unreadable file is rebuilt
    tokenized(nlp, texts[:2], name="t")
    assert len(list(tmp_path.glob("t-*.json"))) == 2
    kept.write_text("not json", encoding="utf-8")
    assert tokenized(nlp, texts, name="t") == words


def test_attr_is_checked(nlp):
    with pytest.raises(ValueError, match="ORTH or LOWER"):
        PhraseIndex(nlp, [], attr="LEMMA")


def test_a_folding_index_matches_names_whatever_their_accents(nlp):
    from detente.actors.phrases import fold

    assert fold("Erdoğan, Orbán, Łukasz, Kalın’s") == "Erdogan, Orban, Lukasz, Kalin's"
    phrases = ["Viktor Orban", "Recep Tayyip Erdoğan", "Pena", "Peña"]
    index = PhraseIndex(nlp, zip(phrases, tokenized(nlp, phrases, name="test-fold")), fold=True)
    doc = nlp.make_doc("Viktor Orbán met Recep Tayyip Erdogan; Peña and Pena spoke.")
    found = [(doc.vocab.strings[m], doc[s:e].text) for m, s, e in index(doc)]
    assert found[:2] == [("Viktor Orban", "Viktor Orbán"), ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan")]
    # both keys match both spellings, the one written as the text writes it first
    assert found[2:] == [("Peña", "Peña"), ("Pena", "Peña"), ("Pena", "Pena"), ("Peña", "Pena")]
    # without folding, accents must agree
    plain = PhraseIndex(nlp, zip(phrases, tokenized(nlp, phrases, name="test-fold")))
    assert [doc[s:e].text for _, s, e in plain(doc)] == ["Peña", "Pena"]
