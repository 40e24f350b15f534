""""it" and "its" for a just-named country, on sentences written for these tests."""

import itertools

import pytest


@pytest.fixture(scope="module")
def refs(nlp):
    """The pronoun mentions of a text: (phrase, code) for each ``via="reference"`` actor."""

    def run(text):
        doc = nlp(text)
        return [
            (doc[m.start : m.end].text, m.actor.code)
            for m in doc._.actors
            if m.actor.via == "reference" and not m.members
        ]

    return run


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Turkey said its border with Syria would stay closed.", [("its", "TUR")]),
        ("Iran said it would retaliate against Israel.", [("it", "IRN")]),
        ("Vietnam said it had expelled two Chinese diplomats.", [("it", "VNM")]),
        # a country's institution, named with its country
        ("The Indian government said it was ready to talk to Pakistan.", [("it", "INDGOV")]),
        # "its" before an agent noun joins it: the country's army
        ("Brazil said its army would leave the area.", [("its army", "BRAMIL")]),
        # the previous sentence's subject, past a time phrase
        ("Japan protested on Monday. It said the ship had entered the bay.", [("It", "JPN")]),
        ("The Egyptian foreign ministry spoke on Sunday. It said talks would resume.", [("It", "EGYGOV")]),
        # an object "it" is never its own clause's subject
        ("Ghana said Togo had insulted it.", [("it", "GHA")]),
        ("Chile said Peru had urged it to withdraw.", [("it", "CHL")]),
    ],
)
def test_it_and_its_stand_for_the_country_just_named(refs, text, expected):
    assert refs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the nearest noun phrase is a thing, not an actor
        "The agreement was signed in March. It covers trade and energy.",
        "Norway signed the treaty. It covers fishing rights.",
        # dummy "it"
        "It is unclear whether Egypt will attend.",
        "It is likely that Peru will object.",
        "It rained in Cairo on Tuesday.",
        "It was reported that Chile would attend.",
        "It was decided that Chile would attend.",
        "It takes years to build trust, Argentina said.",
        "Egypt made it clear that the talks were over.",
        "Argentina found it hard to agree with Chile.",
        # two countries could be meant
        "Iran told Israel it would retaliate.",
        "Kenya accused Uganda of violating its airspace.",
        # a person or a plural is not an "it"
        "Russia's foreign minister said it would respond.",
        "Mexican officials said it would take time.",
        "Peru and Chile signed a pact, and it was welcomed.",
    ],
)
def test_no_antecedent_no_actor(refs, text):
    assert refs(text) == []


def test_pronoun_mentions_never_overlap_and_stay_in_order(nlp):
    doc = nlp("Brazil said its army would leave, and it asked Chile to send its navy.")
    spans = [(m.start, m.end) for m in doc._.actors]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    for m in doc._.actors:
        assert all(t._.actor is m for t in doc[m.start : m.end])


def test_a_resolved_pronoun_keeps_its_own_words_and_the_countrys_name(nlp):
    doc = nlp("Iran said it would retaliate against Israel.")
    m = next(m for m in doc._.actors if m.actor.via == "reference")
    assert m.actor.text == "it" and doc.text[m.actor.span[0] : m.actor.span[1]] == "it"
    assert m.actor.country == "IRN" and m.actor.name == "Iran"


def test_a_statement_that_threatens_is_one_threat(code):
    # "said it would retaliate": the statement is coded by what it does (an intent, 03, or a
    # threat, 13), from Iran ("it") to Israel, and the retaliation it announces is not asserted
    events = code("Iran said it would retaliate against Israel.").events
    asserted = [e for e in events if e.asserted]
    assert [(e.source.country, e.target.country) for e in asserted] == [("IRN", "ISR")]
    assert asserted[0].root in ("03", "13")


def test_its_does_not_steal_the_target(code, refs):
    # "its" in the object of a verb whose subject is the same country says nothing new about
    # who acts, and the events stage would take it for the target: it stays unannotated
    assert refs("Turkey closed its border with Syria.") == []
    e = code("Turkey closed its border with Syria.").events[0]
    assert (e.source.code, e.target.code) == ("TUR", "SYR")
    e = code("Chile lifted its ban on imports from Peru.").events[0]
    assert (e.source.code, e.target.code) == ("CHL", "PER")
    e = code("Pakistan deployed its troops along the border with India.").events[0]
    assert (e.source.code, e.target.code) == ("PAK", "IND")
