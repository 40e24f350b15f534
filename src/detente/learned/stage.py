"""The learned stage: the sentence classifier checks the pattern coder and fills its gaps.

Runs after the events stage, on sentences that name an actor with a country or a sector
(headlines aside). The classifier (:mod:`detente.learned`) reads a sentence only when its
answer can change something:

* **check** the sentence's main pattern event (asserted, with a target when there is one)
  when that event is the sentence's main predicate, the one the classifier judges
  (:func:`_in_main_clause`), and comes from a bare head-word pattern (a more specific pattern,
  "recall o:ambassador", outweighs the classifier, which reads topics as much as actions).
  While the classifier gives the event's PentaClass probability ≥ ``threshold``
  (:data:`~detente.learned.COMBINE_THRESHOLD`) the event keeps its code and its confidence
  becomes the larger of the two; below that, the classifier's root replaces the code (at root
  level, e.g. ``19``) and the actors, modality and date found by the parse stay, with the rule
  ``learned:<model>|<the pattern rule it overrode>``. When the classifier sees no event at
  all, the pattern event stays, with the classifier's (low) probability as its confidence.
* **fall back** on a sentence where the patterns found nothing, whose main verb is not
  stative and has both sides in the parse, each a known actor with a country or a sector
  (subject → source; object, partner or the other country → target, as for a verb pattern): one root-level event when the classifier finds an
  event with probability ≥ ``fallback``; modality from that verb; rule ``learned:<model>``.

A learned event's ``confidence`` is the classifier's calibrated probability (of the class
when re-coding, of "some event" when falling back).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import extensions
from ..cameo import lookup
from ..records import Event, stable_id

__all__ = ["FALLBACK_THRESHOLD", "MODEL_ID", "LearnedStage"]

#: What a learned event's ``rule`` starts with.
MODEL_ID = "learned:sentence_classifier.v1"
#: A sentence with no pattern event gets a learned one when P(some event) is at least this.
FALLBACK_THRESHOLD = 0.5


@Language.factory(
    "detente_learned",
    default_config={"threshold": None, "fallback": FALLBACK_THRESHOLD},
    requires=["doc._.actors", "doc._.events"],
    assigns=["doc._.events"],
)
def make_learned_stage(
    nlp: Language, name: str, threshold: float | None, fallback: float
) -> LearnedStage:
    extensions.register()
    return LearnedStage(threshold=threshold, fallback=fallback)


class LearnedStage:
    """spaCy component; ``pipe`` embeds the sentences of a whole batch of documents at once.

    ``classifier`` defaults to the shipped one (:func:`detente.learned.load_classifier`); the
    MiniLM model loads on the first sentence that needs it.
    """

    def __init__(self, classifier=None, *, threshold: float | None = None, fallback: float = FALLBACK_THRESHOLD):
        from . import COMBINE_THRESHOLD

        self._classifier = classifier
        self.threshold = COMBINE_THRESHOLD if threshold is None else threshold
        self.fallback = fallback
        self._events = None

    def _events_stage(self):
        if self._events is None:
            from ..events import EventStage

            self._events = EventStage()
        return self._events

    @property
    def classifier(self):
        if self._classifier is None:
            from . import load_classifier

            self._classifier = load_classifier()
        return self._classifier

    def __call__(self, doc: Doc) -> Doc:
        self._apply([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        it = iter(docs)
        while batch := list(itertools.islice(it, max(1, batch_size))):
            self._apply(batch)
            yield from batch

    # ------------------------------------------------------------------------------------
    def _apply(self, docs: list[Doc]) -> None:
        tasks = [t for doc in docs for t in self._tasks(doc)]
        if not tasks:
            return
        preds = self.classifier.predict([sent.text.strip() for _, sent, _ in tasks])
        replaced: dict[int, dict[str, Event]] = {}
        added: dict[int, list[Event]] = {}
        for (doc, sent, item), pred in zip(tasks, preds):
            if isinstance(item, Event):
                new = self._check(item, pred)
                if new is not item:
                    replaced.setdefault(id(doc), {})[item.id] = new
            else:
                ev = self._fall_back(doc, sent, item, pred)
                if ev is not None:
                    added.setdefault(id(doc), []).append(ev)
        for doc in docs:
            swap = replaced.get(id(doc), {})
            extra = added.get(id(doc), [])
            if not swap and not extra:
                continue
            merged = [swap.get(e.id, e) for e in doc._.events or []] + extra
            merged.sort(key=lambda e: (e.sentence_span or (0, 0), e.span))
            doc._.events = merged

    def _tasks(self, doc: Doc) -> Iterator[tuple[Doc, Span, object]]:
        """What the classifier is asked, sentence by sentence: to judge a pattern event it
        may re-code (the main event, in the main clause, from a bare-head pattern), or to code
        a sentence with no pattern event whose main verb has two sides in the parse. Nothing
        else is embedded: the classifier's answer could not change it."""
        from ..events import main_event
        from ..events.patterns import Pattern, PatternMatch

        for _, sent, events in _candidates(doc):
            if events:
                main = main_event(events)
                if main is not None and _in_main_clause(doc, sent, main) and not _specific(main):
                    yield doc, sent, main
                continue
            verb = _main_verb(sent)
            if verb is None:
                continue
            # the arguments do not depend on the code: find them before asking for one
            probe = Pattern(code="01", kind="v", heads=frozenset({verb.lemma_}), text="learned")
            cand = self._events_stage()._arguments(doc, PatternMatch(probe, verb))
            # both sides must be known actors: "Experience has shown ..." is nobody's act;
            # and the one who acts an actor itself, not a thing named after one
            if (
                cand is not None
                and cand.targets
                and all(a.country or a.sector for a in (*cand.sources[:1], *cand.targets[:1]))
                and _is_agent(doc, verb, cand.sources[0])
            ):
                yield doc, sent, cand

    def _check(self, main: Event, pred) -> Event:
        from . import combine, pentaclass_of

        decision = combine(main.cameo, pred, self.threshold)
        p_class = pred.pentaclass_probs[pentaclass_of(main.cameo)]
        if decision.by == "pattern":
            conf = max(main.confidence, p_class)
            return main if conf == main.confidence else dataclasses.replace(main, confidence=round(conf, 3))
        if decision.root is None:
            low = max(0.001, round(min(main.confidence, p_class), 3))  # a confidence is > 0
            return dataclasses.replace(main, confidence=low)
        code = lookup(decision.root)
        return dataclasses.replace(
            main,
            id=stable_id(main.id, code.code, MODEL_ID),
            **code.event_fields(),
            confidence=max(0.001, round(pred.confidence, 3)),
            rule=f"{MODEL_ID}|{main.rule}",
        )

    def _fall_back(self, doc: Doc, sent: Span, cand, pred) -> Event | None:
        if pred.root is None:
            return None
        p_event = 1.0 - pred.root_probs.get("none", 0.0)
        if p_event < self.fallback:
            return None
        from ..events.patterns import PatternMatch

        m = cand.match
        coded = dataclasses.replace(m.pattern, code=pred.root)
        events = self._events_stage()._events(doc, sent, dataclasses.replace(cand, match=PatternMatch(coded, m.head)))
        if not events:
            return None
        ev = events[0]
        return dataclasses.replace(ev, id=stable_id(ev.id, MODEL_ID), confidence=round(p_event, 3), rule=MODEL_ID)


def _candidates(doc: Doc) -> Iterator[tuple[Doc, Span, list[Event]]]:
    """Sentences worth a look: they name an actor with a country or sector; each comes with
    the pattern events found in it."""
    from ..events import _headline, sentence_bounds

    mentions = [m for m in doc._.actors or [] if m.actor.country or m.actor.sector or m.members]
    if not mentions:
        return
    starts = sorted(m.start for m in mentions)
    by_sentence: dict[int, list[Event]] = {}
    for e in doc._.events or []:
        if e.sentence_span is not None:
            by_sentence.setdefault(e.sentence_span[0], []).append(e)
    for sent in doc.sents:
        n = bisect.bisect_left(starts, sent.end) - bisect.bisect_left(starts, sent.start)
        if n == 0 or _headline(sent):
            continue
        events = by_sentence.get(sentence_bounds(sent)[0], [])
        if events or n >= 2 or _pair_possible(sent):
            yield doc, sent, events


def _is_agent(doc: Doc, verb, actor) -> bool:
    """Is the one who acts an actor (a name, a reference, an agent noun), not a thing that
    only names one ("the British pound fell", "tourism revenues in Egypt recovered", "Sri
    Lanka's cricket team beat")? The verb's subject must be an actor mention itself; without
    a subject, the head of the source's noun phrase. A fallback has no pattern to vouch for
    the verb, so who acts must be an actor; its target may be a thing ("Somali camps")."""
    from ..events import _subject

    subj = _subject(verb)
    if subj is not None:
        return any(t._.actor is not None for t in (subj, *subj.conjuncts))
    if actor.span is None:
        return True
    span = doc.char_span(*actor.span, alignment_mode="expand")
    return span is None or span.root._.actor is not None


def _pair_possible(sent: Span) -> bool:
    """Can a one-actor sentence still hold an event? Only when something else could be the
    other side: a noun the parse makes an object or a prepositional object."""
    return any(t.dep_ in ("dobj", "obj", "pobj", "dative") and t.pos_ in ("NOUN", "PROPN", "PRON") for t in sent)


def _specific(event: Event) -> bool:
    """Was the event coded by a pattern with more than its head word (a particle, an object,
    a preposition, a modifier or a complement: "recall o:ambassador")? Such a pattern is
    more reliable than the classifier, which reads topics ("bombing") as much as actions."""
    return _rule_specificity(event.rule, event.cameo) > 0


@functools.lru_cache(maxsize=4096)
def _rule_specificity(rule: str, code: str) -> int:
    """The specificity of the pattern a rule id ("pattern:LINE:TERMS") names; 0 for any other
    rule. Each of the dictionary's patterns is parsed here once, not once per event."""
    from ..events.patterns import parse_pattern

    kind, _, rest = rule.partition(":")
    if kind != "pattern":
        return 0
    try:
        return parse_pattern(code, rest.partition(":")[2]).specificity
    except ValueError:
        return 0


def _in_main_clause(doc: Doc, sent: Span, event: Event) -> bool:
    """Is the event's trigger the sentence's main predicate (or a verb it coordinates, reports
    or completes)? The classifier reads a sentence for its main event: an event named inside
    a noun phrase or a subordinate clause is not the one it judges."""
    from ..events.modality import governing_verb

    span = doc.char_span(*event.span, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root
    verb = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(tok)
    if verb is None:
        return False
    root = sent.root
    return verb.i == root.i or (verb.head.i == root.i and verb.dep_ in ("conj", "ccomp", "xcomp"))


#: Verbs of states, wishes and views: a sentence they head describes how things are or what
#: someone wants or thinks (relation states and interests have their own stages), not an event.
STATIVE = frozenset(
    "be have want need wish hope like seem appear remain stay enjoy view see regard consider "  # noqa: SIM905
    "believe think know feel share lack possess own mean matter depend include contain "
    "deserve prefer understand recognise recognize follow exist witness experience face".split()
)


def _main_verb(sent: Span):
    """The verb that heads the sentence, when it can report an event (not a stative verb)."""
    root = sent.root
    verb = root if root.pos_ in ("VERB", "AUX") else next(
        (t for t in sent if t.pos_ == "VERB" and t.dep_ in ("ROOT", "conj", "ccomp")), None
    )
    if verb is None or verb.lemma_.lower() in STATIVE:
        return None
    return verb
