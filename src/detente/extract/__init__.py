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
import os
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
        self._pool = None

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

    def prefetch(self, docs: list[Doc]) -> None:
        """Start reading ``docs`` (parsed, their actors found) on the encoder's own thread,
        when the extractor runs beside the parse (:attr:`.runtime.Extractor.overlaps`);
        :meth:`pipe` later takes the vectors instead of computing them. The readings are the
        same either way: each sentence is still encoded alone."""
        extractor = self.extractor
        if not getattr(extractor, "overlaps", False) or not docs:
            return
        tasks = _tasks(docs)
        if self._pool is None or self._pool[0] != os.getpid():  # (a forked child has no thread)
            from concurrent.futures import ThreadPoolExecutor

            self._pool = (os.getpid(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="detente-encoder"))
        future = self._pool[1].submit(extractor.vectors, [t[3] for t in tasks]) if tasks else None
        for doc in docs:
            doc.user_data[_PREFETCHED] = (future, tasks)

    def _apply(self, docs: list[Doc]) -> None:
        prefetched = [doc.user_data.pop(_PREFETCHED, None) for doc in docs]
        if not all(prefetched):
            tasks = _tasks(docs)
            if tasks:
                self._set(tasks, self.extractor.read([t[3] for t in tasks], **self._kw()))
            return
        these = {id(doc) for doc in docs}
        for doc in docs:
            doc._.readings = {}
        done = set()
        for future, tasks in prefetched:
            if future is None or id(tasks) in done:
                continue
            done.add(id(tasks))
            mine = [(t, v) for t, v in zip(tasks, future.result()) if id(t[0]) in these]
            if mine:
                self._set([t for t, _ in mine], self.extractor.decode([t[3] for t, _ in mine], [v for _, v in mine], **self._kw()))

    def _kw(self) -> dict:
        from ..events.judge import AGREE_THRESHOLD, TRIGGER_THRESHOLD

        return {"trigger_threshold": self.floor, "args_threshold": min(AGREE_THRESHOLD, TRIGGER_THRESHOLD)}

    @staticmethod
    def _set(tasks, readings) -> None:
        for (doc, key, offset, _), reading in zip(tasks, readings):
            doc._.readings[key] = shift(reading, offset)


#: doc.user_data key of a document whose sentences :meth:`ExtractStage.prefetch` is reading.
_PREFETCHED = "detente.prefetched"


def _tasks(docs: list[Doc]) -> list[tuple[Doc, int, int, str]]:
    """(document, sentence start, text start, text) of each sentence to read in ``docs``;
    sets each document's readings to an empty dict."""
    tasks = []
    for doc in docs:
        doc._.readings = {}
        text = doc_text(doc)
        for sent in candidate_sentences(doc):
            start, end = _strip(text, sent.start_char, sent.end_char)
            if end > start:
                tasks.append((doc, sent.start_char, start, text[start:end]))
    return tasks


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
