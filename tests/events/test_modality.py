"""Modality and arguments of coded events, on sentences written for these tests."""

import pytest


def one(coded, root=None):
    evs = [e for e in coded.events if root is None or e.root == root]
    assert evs, coded.events
    return evs[0]


@pytest.mark.parametrize(
    "text, root, modality",
    [
        ("Russia attacked Georgia in 2008.", "19", "asserted"),
        ("Russia did not attack Georgia.", "19", "negated"),
        ("Russia never attacked Georgia.", "19", "negated"),
        ("Russia could attack Georgia.", "19", "hypothetical"),
        ("Russia may impose sanctions on Georgia.", "16", "hypothetical"),
        ("If Russia attacks Georgia, NATO will respond.", "19", "hypothetical"),
        ("Russia should hold talks with Georgia.", "04", "recommended"),
        ("Russia will visit Georgia next week.", "04", "future"),
        ("Georgia claimed that Russia attacked its villages.", "19", "reported"),
        ("Russian troops allegedly attacked Georgian villages in 2008.", "19", "reported"),
        ("There are unconfirmed reports that Russian troops attacked Georgian villages.", "19", "reported"),
        # "no" on the object that names the act denies it
        ("Chile issued no statement on the border incident.", "01", "negated"),
        ("Chile issued a statement on the border incident.", "01", "asserted"),
        ("The Chilean foreign minister gave no hint of a policy change in his address.", "01", "negated"),
    ],
)
def test_modality_of_the_events_own_predicate(code, text, root, modality):
    e = one(code(text), root)
    assert e.modality == modality, e


def test_saying_threatening_and_promising_are_asserted_events(code):
    c = code("India threatened to cut ties with Pakistan.")
    threat = [e for e in c.events if e.root == "13"]
    assert threat and threat[0].modality == "asserted"
    assert threat[0].source.country == "IND" and threat[0].target.country == "PAK"


def test_passive_agent_is_the_source(code):
    e = one(code("Syria was attacked by Turkey on 20 January 2018."), "19")
    assert (e.source.country, e.target.country) == ("TUR", "SYR")
    assert e.when.start.isoformat() == "2018-01-20"


def test_a_wish_to_attack_is_no_attack(code):
    events = code("Russia wants to attack Georgia.").events
    assert not [e for e in events if e.root == "19" and e.asserted]


def test_coordinated_subjects_make_one_symmetric_event(code):
    c = code("Pakistan and Russia held talks in Moscow.")
    talks = [e for e in c.events if e.root == "04"]
    assert len(talks) == 1 and talks[0].symmetric
    assert {talks[0].source.country, talks[0].target.country} == {"PAK", "RUS"}


def test_event_noun_with_possessor_and_destination(code):
    e = one(code("In 2004, the Indian prime minister's visit to Beijing was a success."), "04")
    assert e.source.country == "IND" and e.target.country == "CHN" and e.cameo == "042"
    assert e.when.start.year == 2004


def test_every_event_carries_its_evidence(code):
    text = "Turkey imposed sanctions on Syria in 2011."
    e = one(code(text), "16")
    assert text[e.span[0] : e.span[1]] == e.trigger
    # the model decided the event, the pattern it agrees with gave the fine code and trigger
    assert e.sentence == text and e.rule.startswith("model:extractor.v1|pattern:")
    # PLOVER's map puts 163 (impose sanctions) under COERCE, mode "restrict"
    assert e.plover == "COERCE" and e.plover_mode == "restrict" and e.quad == 4 and e.goldstein < 0
    assert e.doc_id and len(e.id) == 16


def test_event_ids_are_stable(code):
    a = code("Turkey imposed sanctions on Syria in 2011.").events
    b = code("Turkey imposed sanctions on Syria in 2011.").events
    assert [e.id for e in a] == [e.id for e in b]


@pytest.mark.parametrize(
    "text",
    [
        "Peru's demand that Chile and Bolivia release the detained fishermen drew no reply.",
        "Washington's call that Iran release the sailors went unanswered.",
    ],
)
def test_what_is_demanded_is_not_done(code, text):
    # the demand is an event; the release it asks for has not happened
    events = code(text).events
    assert not [e for e in events if e.root == "08" and e.asserted], events


def test_a_meeting_still_to_be_held_is_future(code):
    events = code("Talks between Chile and Peru to be held in Lima on Monday have been called a turning "
                  "point by Brazil.").events
    assert not [e for e in events if e.root == "04" and e.asserted], events


def test_who_leads_an_attack_is_its_source(code):
    # "Ruritanian-led": the leader carries out the strikes, as "Ruritania's strikes" would
    [e] = [e for e in code("On the eve of the Turkish-led airstrikes, the talks collapsed.").events if e.root == "19"]
    assert e.source.country == "TUR" and e.asserted
