import pytest

from detente.events.patterns import load_patterns, parse_pattern


def test_pattern_terms_are_parsed():
    p = parse_pattern("046", "v:hold o:talk|negotiation t:with", line=7)
    assert p.kind == "v" and p.heads == {"hold"}
    assert p.objects == {"talk", "negotiation"} and p.targets == {"with"}
    assert p.rule == "pattern:7:v:hold o:talk|negotiation t:with"


def test_more_terms_make_a_pattern_more_specific():
    assert parse_pattern("087", "v:pull +out p:of").specificity > parse_pattern("190", "v:attack").specificity


@pytest.mark.parametrize(
    "text, message",
    [
        ("o:talk", "no v: or n: head"),
        ("v:hold n:talk", "two heads"),
        ("v:hold q:x", "unknown term"),
        ("v:hold o:", "bad term"),
    ],
)
def test_bad_patterns_name_their_line(text, message):
    with pytest.raises(ValueError, match=message):
        parse_pattern("046", text, line=3)


def test_unknown_code_in_a_pattern_is_rejected():
    with pytest.raises(KeyError):
        parse_pattern("999", "v:hold")


def test_shipped_dictionary_reaches_every_root():
    patterns = load_patterns().patterns
    roots = {p.code[:2] for p in patterns}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert len({p.code for p in patterns}) >= 150


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("Chile wants to expand its influence across the Andes.", ("CHL", None)),
        ("Russian police arrested Russian opposition activists.", ("RUSCOP", "RUSOPP")),
    ],
)
def test_an_actor_is_not_its_own_target(sentence, want):
    import datetime as dt

    from detente.nlp import PATTERN_STAGES, load
    from detente.pipeline import code_text

    events = code_text(sentence, dt.date(2020, 1, 1), nlp=load(stages=PATTERN_STAGES)).events
    assert [(e.source.code, e.target.code if e.target else None) for e in events] == [want]


@pytest.mark.parametrize(
    "text, word, code",
    [
        # a word whose preposition makes the event: without it, no such event
        ("Syrian troops fired at the convoy.", "fired", "193"),
        ("The president fired his chief of staff.", "fired", "not 193"),
        ("The minister flew to Ankara.", "flew", "042"),
        ("Jets flew over the border.", "flew", None),
        # one of several prepositions is enough ("fly bombers over or near")
        ("Russia flew bombers near the border.", "flew", "150"),
        ("Russia flew bombers over the border.", "flew", "150"),
    ],
)
def test_a_required_preposition_is_one_of_those_listed(nlp, text, word, code):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    m = load_patterns().match(tok)
    found = m.pattern.code if m else None
    assert found != code[4:] if code and code.startswith("not ") else found == code


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("The Turkish president expressed disappointment with the American decision.", "110"),
        ("Kenya voiced strong reservations about the British plan.", "110"),
        ("The Egyptian foreign minister expressed fury at the Ethiopian move.", "111"),
    ],
)
def test_expressed_disappointment_or_fury_is_disapproval(sentence, code):
    import datetime as dt

    from detente.nlp import PATTERN_STAGES, load
    from detente.pipeline import code_text

    events = code_text(sentence, dt.date(2020, 1, 1), nlp=load(stages=PATTERN_STAGES)).events
    assert code in [e.cameo for e in events]
