"""Relation states and interests on sentences written for these tests."""

import pytest


@pytest.mark.parametrize(
    "text, a, b, polarity",
    [
        ("In the 1960s, relations between Iran and Iraq were cordial.", "IRN", "IRQ", 1),
        ("Ties between India and China deteriorated after the border clash in 2020.", "CHN", "IND", -1),
        ("In 2015 Turkish-Russian ties were strained.", "RUS", "TUR", -1),
        ("Japan and South Korea said their relations had improved in 2019.", "JPN", "KOR", 1),
        ("Egypt's friendly ties with Saudi Arabia helped in 2016.", "EGY", "SAU", 1),
    ],
)
def test_relation_states_get_dyad_and_polarity(code, text, a, b, polarity):
    states = code(text).states
    assert states, text
    s = states[0]
    assert (s.a, s.b, s.polarity) == (a, b, polarity)
    assert s.sentence == text and s.trigger


def test_state_period_comes_from_the_time_stage(code):
    s = code("During the 1990s, relations between Russia and Georgia were cold.").states[0]
    assert (s.when.start.year, s.when.end.year, s.when.precision) == (1990, 1999, "decade")


def test_a_plain_event_is_not_a_relation_state(code):
    assert code("Russia attacked Georgia in 2008.").states == ()


def test_interest_statements_get_holder_issue_and_stance(code):
    c = code("Russia wants to sell military hardware to Pakistan.")
    assert c.interests, c
    i = c.interests[0]
    assert i.holder.country == "RUS" and i.counterpart.country == "PAK"
    assert i.issue == "military" and i.stance == "seek" and i.attribution == "author"


def test_interests_to_lessen_something_are_avoidance(code):
    i = code("India is eager to reduce its dependence on Russian gas.").interests[0]
    assert i.holder.country == "IND" and i.stance == "avoid" and i.issue == "energy"


def test_interests_never_enter_the_event_list(code):
    c = code("China seeks to expand trade with Brazil.")
    assert c.interests and not [e for e in c.events if e.asserted and e.root in ("06",)]
