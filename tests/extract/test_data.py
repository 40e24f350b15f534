"""The extractor's training files: offsets that point where they say, no evaluation article."""

from __future__ import annotations

import pytest
import yaml

from detente.extract import data

from ..conftest import REPO


@pytest.fixture(scope="module")
def news(shared):
    events = data.read_news_events(REPO / data.NEWS_EVENTS)
    windows = data.read_news_windows(REPO / data.NEWS_WINDOWS)
    articles = data.guardian_articles(shared / data.ARTICLES)
    return events, windows, articles


def test_no_article_kept_for_evaluation_is_labelled(shared, news):
    events, windows, _ = news
    reserved = {line.strip() for line in (shared / "gold" / "RESERVED.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")}
    dev = {d["id"] for d in yaml.safe_load((shared / "gold" / "guardian-dev.yaml").read_text())["documents"]}
    labelled = set(windows) | {e.doc_id for e in events}
    assert labelled and not labelled & (reserved | dev)


def test_every_span_lies_in_its_sentence_inside_the_labelled_opening(news):
    events, windows, articles = news
    for e in events:
        text = articles[e.doc_id][0]
        end = windows[e.doc_id][0]
        s0, s1 = e.sentence
        assert 0 <= s0 < s1 <= end, e
        for a, b in (e.trigger, *e.sources, *e.targets):
            assert s0 <= a < b <= s1, e
            assert text[a:b].strip() == text[a:b], e  # no stray spaces: the phrase as written
        assert e.cameo and all(c[:2] in data.ROOTS for c in e.cameo)


def test_news_examples_are_the_sentences_of_the_openings(news):
    events, windows, articles = news
    examples = data.news_examples(events, windows, articles)
    assert {ex.group for ex in examples} == set(windows)
    assert sum(ex.no_event for ex in examples) > 0  # sentences with no event teach too
    with_events = [ex for ex in examples if ex.events]
    assert sum(len(ex.events) for ex in with_events) <= len(events)  # a list of targets is one trigger
    for ex in with_events:
        for ev in ex.events:
            a, b = ev.trigger
            assert ex.text[a:b].strip(), ex.text
            for s, t in ev.sources + ev.targets + ev.reciprocal:
                assert ex.text[s:t].strip()


def test_bio_spans_and_alignment_to_the_written_sentence():
    tokens = ["A", "Swiss", "court", "rejected", "the", "Croatian", "government", "'s", "request"]
    tags = ["B-S", "I-S", "I-S", "O", "B-T", "I-T", "I-T", "O", "O"]
    text, offsets = data.bio_text(tokens)
    spans = data.bio_spans(tags, offsets)
    assert [text[a:b] for a, b in spans["S"]] == ["A Swiss court"]
    assert [text[a:b] for a, b in spans["T"]] == ["the Croatian government"]
    written = "A Swiss court rejected the Croatian government's request."
    aligned = data._align_bio(written, tokens, tags)
    assert [written[a:b] for a, b in aligned["T"]] == ["the Croatian government"]


def test_pentaclass_and_bio_files_make_one_example_per_sentence(shared):
    examples = data.pentaclass_examples(shared / data.PENTACLASS, shared / data.BIO)
    penta = [e for e in examples if e.origin == "pentaclass"]
    assert len(penta) == len(data.read_pentaclass(shared / data.PENTACLASS))
    # most PentaClass sentences are also in the actors-bio file, and carry its spans
    assert sum(e.events[0].has_arguments for e in penta) > len(penta) * 0.6


def test_a_root_takes_the_code_hand_coders_usually_accept_for_it():
    from detente.extract.train import USUAL_CODE_MIN, root_codes

    def ex(*code_sets):
        return data.Example("x", [data.EventLabel(roots=frozenset({c[0][:2]}), codes=frozenset(c))
                                  for c in code_sets], True, "news", "g")

    many = USUAL_CODE_MIN + 5
    examples = [ex(("111", "11"))] * many + [ex(("112", "111"))] * 3 + [ex(("110",))] * 2
    # disapprovals coded 111 most often: 111 fits more of them than 110 does
    assert root_codes(examples) == {"11": "111"}
    # a root whose events are coded at its own "0" code, or too seldom, keeps it
    examples = [ex(("010",))] * many + [ex(("0874", "087"))] * (USUAL_CODE_MIN - 1)
    assert root_codes(examples) == {}


def test_the_shipped_model_knows_the_usual_codes_of_its_training_news(shared):
    from importlib import resources

    from detente.extract.model import Heads
    from detente.extract.train import root_codes

    heads = Heads.from_bytes((resources.files("detente") / "data/models/extractor.npz").read_bytes())
    examples, _ = data.training_examples(REPO, shared)
    # what tools/train_extractor.py writes from the same files
    assert heads.info["root_codes"] == root_codes(examples)
    assert heads.info["root_codes"]["11"] == "111"  # hand coders of news seldom leave a disapproval at 110
