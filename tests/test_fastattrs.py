"""The fast attribute ruler and cached lemmatizer annotate exactly as the model's own."""

import spacy

from detente.nlp import MODEL, load

TEXT = (
    "But the US withdrawal from Syria, announced by Donald Trump, ends its alliance with the Kurds. "
    "Russia's troops didn't leave; they'd been there since 2015 and the Kremlin won't say more. "
    "Pakistan and India held talks on Tuesday, officials said. Who's next? It's unclear.\n\n"
    "The U.N. envoy, who was travelling, said the ceasefire was 'fragile' but holding – for now."
)


def test_same_tags_pos_morph_and_lemmas_as_the_model(shared):
    reference = spacy.load(MODEL, exclude=["ner"])
    fast = load()
    # the model's rarer rules: contractions, "gonna", "y'all", "nothin'", expletive "there"
    slang = "Y'all ain't gonna believe it. There is nothin' left, so let's go. C'mon, we gotta leave."
    texts = [TEXT, slang]
    corpus = shared / "corpus" / "pakistan-russia-oped-2016-11-07.txt"
    texts.append(corpus.read_text(encoding="utf-8"))
    for text in texts:
        want = reference(text)
        got = fast(text)
        assert [t.text for t in got] == [t.text for t in want]
        for a, b in zip(got, want):
            assert (a.pos_, str(a.morph), a.lemma_) == (b.pos_, str(b.morph), b.lemma_), a.text


def test_the_fast_components_replace_the_originals():
    nlp = load()
    assert "detente_fast_attributes" in nlp.pipe_names and "detente_fast_lemmas" in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    slow = load(fast=False)
    assert "attribute_ruler" in slow.pipe_names


def test_the_faster_lemma_index_still_serializes():
    nlp = load()
    lemmatizer = nlp.get_pipe("lemmatizer")
    data = lemmatizer.to_bytes()
    assert len(data) > 1_000_000  # the tables, lists and all
    index = lemmatizer.lookups.get_table("lemma_index")
    nouns = next(words for words in index.values() if len(words) > 50_000)
    assert isinstance(nouns, list) and "treaty" in nouns and "treaties" not in nouns


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
