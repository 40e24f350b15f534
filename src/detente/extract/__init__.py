"""The extract stage: a fine-tuned encoder reads each candidate sentence once and says which
events it reports, the CAMEO root of each and the phrases naming their source and target.

The model (:mod:`.runtime`: MiniLM fine-tuned end to end, int8 ONNX, with small numpy heads,
:mod:`.model`) is the judge of events; the events stage (:mod:`detente.events`) turns each
reading into coded events, letting the actor dictionaries name the phrases and the verb
patterns give the fine CAMEO code and the evidence. Sets ``doc._.readings``: a dict from a
sentence's start character to its :class:`~.model.Reading`, character offsets in the
document. Sentences that name no actor, and headlines, are not read.

Training: ``tools/train_extractor.py`` (:mod:`.train`, :mod:`.data`).
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import extensions
from ..extensions import doc_text
from .model import ArgSpan, Reading, Trigger

__all__ = ["MODEL_ID", "TRIGGER_FLOOR", "ExtractStage", "candidate_sentences"]

#: What an event decided by the extractor names as its rule.
MODEL_ID = "model:extractor.v1"
#: Triggers read at least this likely are kept in a reading (the events stage decides which
#: become events: see :data:`detente.events.judge.TRIGGER_THRESHOLD`).
TRIGGER_FLOOR = 0.15


@Language.factory(
    "detente_extract",
    default_config={"floor": TRIGGER_FLOOR},
    requires=["doc._.actors"],
    assigns=["doc._.readings"],
)
def make_extract_stage(nlp: Language, name: str, floor: float) -> ExtractStage:
    extensions.register()
    return ExtractStage(floor=floor)


class ExtractStage:
    """spaCy component; ``pipe`` reads the candidate sentences of a batch of documents.

    ``extractor`` defaults to the shipped model (:func:`.runtime.load_extractor`), loaded on
    the first sentence that needs it."""

    def __init__(self, extractor=None, *, floor: float = TRIGGER_FLOOR):
        self._extractor = extractor
        self.floor = floor

    @property
    def extractor(self):
        if self._extractor is None:
            from .runtime import load_extractor

            self._extractor = load_extractor()
        return self._extractor

    def __call__(self, doc: Doc) -> Doc:
        self._apply([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        it = iter(docs)
        while batch := list(itertools.islice(it, max(1, batch_size))):
            self._apply(batch)
            yield from batch

    def _apply(self, docs: list[Doc]) -> None:
        tasks = []
        for doc in docs:
            doc._.readings = {}
            text = doc_text(doc)
            for sent in candidate_sentences(doc):
                start, end = _strip(text, sent.start_char, sent.end_char)
                if end > start:
                    tasks.append((doc, sent.start_char, start, text[start:end]))
        if not tasks:
            return
        from ..events.judge import AGREE_THRESHOLD, TRIGGER_THRESHOLD

        readings = self.extractor.read([t[3] for t in tasks], trigger_threshold=self.floor,
                                       args_threshold=min(AGREE_THRESHOLD, TRIGGER_THRESHOLD))
        for (doc, key, offset, _), reading in zip(tasks, readings):
            doc._.readings[key] = shift(reading, offset)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def shift(reading: Reading, offset: int) -> Reading:
    """The reading with its character offsets moved by ``offset`` (sentence → document)."""
    if not offset:
        return reading
    return dataclasses.replace(reading, triggers=tuple(
        dataclasses.replace(
            t, start=t.start + offset, end=t.end + offset,
            args=tuple(ArgSpan(a.start + offset, a.end + offset, a.role, a.p) for a in t.args),
        )
        for t in reading.triggers
    ))


def candidate_sentences(doc: Doc) -> Iterator[Span]:
    """The sentences worth reading: they name an actor and are not headlines."""
    from ..events import _headline

    mentions = doc._.actors or []
    if not mentions:
        return
    starts = sorted(m.start for m in mentions)
    for sent in doc.sents:
        j = bisect.bisect_left(starts, sent.start)
        if j < len(starts) and starts[j] < sent.end and not _headline(sent):
            yield sent


__all__ += ["ArgSpan", "Reading", "Trigger", "shift"]
