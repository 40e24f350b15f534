"""The learned stage in the pipeline: confirm, re-code, fall back; and its evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.learned import Prediction
from detente.learned.stage import MODEL_ID, LearnedStage
from detente.nlp import PATTERN_STAGES, STAGES, load
from detente.pipeline import code_text

DAY = dt.date(2021, 3, 4)


def test_the_default_pipeline_runs_the_classifier_after_the_patterns():
    names = load().pipe_names
    assert names.index("detente_events") < names.index("detente_learned") < names.index("detente_states")
    assert "detente_learned" in STAGES and "detente_learned" not in PATTERN_STAGES
    assert "detente_learned" not in load(stages=PATTERN_STAGES).pipe_names


@pytest.mark.parametrize(
    ("sentence", "source", "target", "root"),
    [
        ("Kenya pummelled Somali militant camps with artillery on Tuesday.", "KEN", "SOM", "19"),
        ("Finland handed Estonia a shipment of ventilators on Tuesday.", "FIN", "EST", "07"),
    ],
)
def test_a_sentence_the_patterns_miss_gets_a_root_level_event(sentence, source, target, root):
    assert not code_text(sentence, DAY, nlp=load(stages=PATTERN_STAGES)).events
    [ev] = code_text(sentence, DAY).events
    assert (ev.source.country, ev.target.country, ev.cameo, ev.root) == (source, target, root, root)
    assert ev.rule == MODEL_ID and 0.5 <= ev.confidence <= 1.0
    # evidence: the sentence, and the main verb as the trigger, at its place in the text
    assert ev.sentence == sentence and sentence[ev.span[0] : ev.span[1]] == ev.trigger
    assert ev.modality == "asserted" and ev.when.start == dt.date(2021, 3, 2)  # dated as any event


def test_a_confirmed_pattern_event_keeps_its_code_and_rule():
    sentence = "Norway lashed out at Sweden over the fishing quota dispute."
    [plain] = code_text(sentence, DAY, nlp=load(stages=PATTERN_STAGES)).events
    [ev] = code_text(sentence, DAY).events
    assert (ev.cameo, ev.rule, ev.id) == (plain.cameo, plain.rule, plain.id)
    assert ev.confidence >= plain.confidence


# -- the rules, with a classifier that says what the test needs ---------------------------
class Says:
    """A stand-in classifier: the same prediction for every sentence."""

    def __init__(self, pentaclass: int, root: str | None, p: float = 0.95, p_event: float = 0.9):
        probs = [(1 - p) / 4] * 5
        probs[pentaclass] = p
        roots = {f"{i:02d}": 0.0 for i in range(1, 21)}
        if root:
            roots[root] = p_event
        roots["none"] = 1 - p_event if root else 0.9
        self.prediction = Prediction(pentaclass, tuple(probs), root, roots, p)
        self.seen: list[str] = []

    def predict(self, sentences):
        self.seen.extend(sentences)
        return [self.prediction] * len(sentences)


def patterns_then(stage: LearnedStage, sentence: str):
    doc = load(stages=PATTERN_STAGES)(sentence)
    before = list(doc._.events)
    stage(doc)
    return before, list(doc._.events)


def test_a_bare_verb_pattern_the_classifier_rejects_is_recoded_at_root_level():
    # "attacked" is a bare-verb pattern (class 4); the stand-in says verbal cooperation (04)
    before, after = patterns_then(LearnedStage(Says(1, "04")), "Chile attacked Peru.")
    assert [e.root for e in before] == ["19"] or before[0].root in {"18", "19"}
    [ev] = after
    assert ev.cameo == "04" and ev.rule.startswith(MODEL_ID + "|pattern:")
    assert (ev.source.country, ev.target.country) == ("CHL", "PER") and ev.id != before[0].id


def test_a_specific_pattern_outweighs_the_classifier():
    before, after = patterns_then(LearnedStage(Says(1, "04")), "Chile recalled its ambassador from Peru.")
    assert [e.cameo for e in after] == [e.cameo for e in before] and before[0].root == "16"


def test_an_event_outside_the_main_clause_is_not_recoded():
    sentence = "After Chile held talks with Peru, the markets rose."
    before, after = patterns_then(LearnedStage(Says(4, "19")), sentence)
    assert before and [e.cameo for e in after] == [e.cameo for e in before]


def test_no_event_in_the_classifiers_eyes_lowers_the_confidence_only():
    before, after = patterns_then(LearnedStage(Says(4, None, p=0.99)), "Chile praised Peru.")
    [b], [a] = before, after
    assert a.cameo == b.cameo and a.rule == b.rule and a.confidence < b.confidence


@pytest.mark.parametrize(
    "sentence",
    [
        "Chile wants closer ties with Peru.",  # a wish: the interests stage's
        "Chile and Peru have a long border.",  # a state of things
        "Chilean wine sells well.",  # nobody on the other side
    ],
)
def test_no_fallback_without_an_action_and_two_sides(sentence):
    _, after = patterns_then(LearnedStage(Says(4, "19")), sentence)
    assert not [e for e in after if e.rule == MODEL_ID]


@pytest.mark.parametrize(
    ("sentence", "coded"),
    [
        ("Russian gas reached Germany through the new pipeline.", False),  # a thing acts
        ("Chilean wine flooded Peruvian markets.", False),
        ("Tourism revenues in Chile and Peru recovered strongly.", False),
        ("Chilean troops reached the Peruvian border.", True),  # an agent noun acts
        ("Chile pestered Peru about the border.", True),
    ],
)
def test_a_fallback_needs_an_actor_to_act(sentence, coded):
    """Even when the classifier is sure of an event, a fallback is coded only when who acts
    is an actor itself, not a thing named after one; its target may be a thing."""
    _, after = patterns_then(LearnedStage(Says(4, "19")), sentence)
    assert bool([e for e in after if e.rule == MODEL_ID]) is coded


def test_no_fallback_when_the_classifier_is_unsure():
    stage = LearnedStage(Says(4, "19", p_event=0.3))
    _, after = patterns_then(stage, "Chile pestered Peru about the border.")
    assert not [e for e in after if e.rule == MODEL_ID]


def test_sentences_without_actors_are_not_read():
    says = Says(4, "19")
    patterns_then(LearnedStage(says), "The weather was cold. Chile pestered Peru about the border.")
    assert says.seen == ["Chile pestered Peru about the border."]


def test_the_cli_codes_with_the_classifier_unless_told_not_to(tmp_path):
    from typer.testing import CliRunner

    from detente.cli import app
    from detente.store import Store

    text = tmp_path / "note.txt"
    text.write_text("Kenya pummelled Somali militant camps with artillery on Tuesday.\n", encoding="utf-8")
    rules = {}
    for flag in ("--learned", "--no-learned"):
        db = tmp_path / f"{flag}.duckdb"
        result = CliRunner().invoke(
            app, ["code", str(text), "--db", str(db), "--no-progress", "--published", "2021-03-04", flag]
        )
        assert result.exit_code == 0, result.output
        with Store(str(db)) as store:
            rules[flag] = list(store.sql("SELECT rule FROM events")["rule"])
    assert rules == {"--learned": [MODEL_ID], "--no-learned": []}
