"""Document → CodedDocument: the one function every runner (CLI, API, Dask) calls."""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import logging
import re
import sys
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions, prefilter
from .extensions import doc_text
from .ingest.text import scrub_surrogates
from .nlp import load
from .records import CodedDocument, Document

__all__ = [
    "MAX_DOC_CHARS",
    "MAX_SENTENCE_TOKENS",
    "Coder",
    "code_document",
    "code_documents",
    "code_text",
    "over_budget",
    "to_coded",
]

log = logging.getLogger(__name__)

#: Per-document budget. Parse time and memory grow with length (about 7 s and 600 MB for
#: 200,000 characters on one core; spaCy refuses 1,000,000), so longer documents are skipped.
MAX_DOC_CHARS = 200_000
#: Most characters parsed at once (see :func:`_by_size`).
MAX_BATCH_CHARS = 60_000
#: Most characters parsed at once while the extractor's encoder reads the previous group
#: (see :class:`Coder`): small groups keep both cores busy.
OVERLAP_BATCH_CHARS = 10_000
#: While the encoder runs beside the parse, Python hands its lock between the two threads at
#: least this often (seconds; its default is 0.005): the encoder's thread takes the lock back
#: after each sentence it encodes, and at the default it spent about a fifth of its time
#: waiting for the parse's thread to let go (10% of a run's wall time on two cores). The
#: previous interval is restored when :meth:`Coder.feed` or :meth:`Coder.finish` returns.
SWITCH_INTERVAL = 0.001
#: Groups the encoder may have been given and not yet finished (see :class:`Coder`): with
#: two, it has the next group queued when it finishes one, and this thread rarely waits for
#: it (a tenth of the wall time with one, measured on two cores).
LOOKAHEAD = 2
#: Longest sentence, in tokens as estimated from the text, of a document that is coded.
MAX_SENTENCE_TOKENS = 1_000
#: doc.user_data key: the document's sentence count from the first pass.
_SENTENCES = "detente.sentences"

_SENTENCE_BREAK_RE = re.compile(r"\n|(?<=[.!?])\s")
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def over_budget(text: str) -> str | None:
    """Why ``text`` is too long to code, or None when it is within the per-document budget.

    "too long (N chars, limit M)" beyond :data:`MAX_DOC_CHARS`; "too long (a sentence of
    about N tokens, limit M)" when a stretch between sentence ends (a line break, or ``.!?``
    before a space) has more than :data:`MAX_SENTENCE_TOKENS` words and punctuation marks.
    Cheap (no parse), so a hostile document is turned away before it costs anything.
    """
    if len(text) > MAX_DOC_CHARS:
        return f"too long ({len(text)} chars, limit {MAX_DOC_CHARS})"
    if len(text) > MAX_SENTENCE_TOKENS:
        for piece in _SENTENCE_BREAK_RE.split(text):
            if len(piece) > MAX_SENTENCE_TOKENS:
                n = len(_TOKEN_RE.findall(piece))
                if n > MAX_SENTENCE_TOKENS:
                    return f"too long (a sentence of about {n} tokens, limit {MAX_SENTENCE_TOKENS})"
    return None


def _prepare(nlp: Language, document: Document, first_pass: bool = True) -> Doc:
    extensions.register()
    # A lone surrogate (a JSON "\ud800" escape) would crash the tokenizer; U+FFFD keeps offsets.
    text = scrub_surrogates(document.text)
    sentences = None
    doc = None
    if first_pass:
        # only the sentences that can hold an event are parsed (offsets unchanged)
        found = prefilter.first_pass(nlp, text)
        text, sentences, doc = found.text, found.sentences, found.doc
    if doc is None:
        doc = nlp.make_doc(text)
    extensions.remember_text(doc, text)  # the tokenizer keeps every character
    doc._.doc_id = document.id
    doc._.published = document.published
    if sentences is not None:
        doc.user_data[_SENTENCES] = sentences
    return doc


def to_coded(document: Document, doc: Doc) -> CodedDocument:
    """Collect what the stages annotated on ``doc`` into a CodedDocument."""
    return CodedDocument(
        document=document,
        events=tuple(doc._.events or ()),
        states=tuple(doc._.states or ()),
        interests=tuple(doc._.interests or ()),
        actors=tuple(m.actor for m in (doc._.actors or ())),
        n_sentences=doc.user_data.get(_SENTENCES)
        or (sum(1 for _ in doc.sents) if doc.has_annotation("SENT_START") else 0),
        main_events=tuple(doc._.main_events or ()),
    )


def code_documents(
    documents: Iterable[Document],
    *,
    nlp: Language | None = None,
    batch_size: int = 16,
    first_pass: bool = True,
) -> Iterator[CodedDocument]:
    """Code documents lazily, in input order, batching the parse.

    A document beyond the per-document budget (:func:`over_budget`) is not parsed: it is
    yielded with no events, and a warning is logged. (``detente code`` reports and skips such
    documents before they get here.)

    ``first_pass``: parse only the sentences that can hold an event (:mod:`detente.prefilter`);
    False parses every sentence.
    """
    coder = Coder(nlp or load(), first_pass=first_pass)
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from coder.feed(batch)
            batch = []
    if batch:
        yield from coder.feed(batch)
    yield from coder.finish()


#: The stage whose encoder may run beside the parse (see :class:`Coder`).
_EXTRACT = "detente_extract"


@dataclasses.dataclass(slots=True)
class _Entry:
    document: Document
    doc: Doc | None = None  # parsed (up to a stage) and not yet finished
    coded: CodedDocument | None = None


class Coder:
    """Codes documents fed to it in batches and hands back, in input order, those it has
    finished: :meth:`feed` each batch, then :meth:`finish`.

    With the extractor on two cores or more (:attr:`.extract.runtime.Extractor.overlaps`),
    its encoder reads groups of documents on a thread of its own while this thread parses
    the next groups, then finishes each (the heads, events, states, interests): the stages
    before the extractor run up to :data:`LOOKAHEAD` groups ahead of those after it, across
    batches, and ``feed`` returns the documents up to the groups still being read. Otherwise ``feed``
    returns its whole batch. The events are the same either way. A Coder whose ``feed`` or
    ``finish`` raised holds documents it will not finish: start a new one.
    """

    def __init__(self, nlp: Language, *, first_pass: bool = True):
        self.nlp = nlp
        self.first_pass = first_pass
        names = nlp.pipe_names
        extract = nlp.get_pipe(_EXTRACT) if _EXTRACT in names else None
        self._extract = extract if extract is not None and getattr(extract.extractor, "overlaps", False) else None
        cut = names.index(_EXTRACT) if self._extract is not None else len(names)
        self._before, self._after = names[:cut], names[cut:]
        self._queue: collections.deque[_Entry] = collections.deque()  # in input order
        self._waiting: collections.deque[list[_Entry]] = collections.deque()  # groups being read

    def feed(self, batch: Iterable[Document]) -> list[CodedDocument]:
        with self._handoff():
            return self._feed(batch)

    def finish(self) -> list[CodedDocument]:
        with self._handoff():
            while self._waiting:
                self._end(self._waiting.popleft(), None)
            return self._done()

    @contextlib.contextmanager
    def _handoff(self) -> Iterator[None]:
        """:data:`SWITCH_INTERVAL` while the encoder may be running (never a longer one)."""
        before = sys.getswitchinterval()
        if self._extract is not None and before > SWITCH_INTERVAL:
            sys.setswitchinterval(SWITCH_INTERVAL)
        try:
            yield
        finally:
            sys.setswitchinterval(before)

    def _feed(self, batch: Iterable[Document]) -> list[CodedDocument]:
        todo = []
        for document in batch:
            why = over_budget(document.text)
            entry = _Entry(document)
            if why is None:
                entry.doc = _prepare(self.nlp, document, self.first_pass)
                todo.append(entry)
            else:
                log.warning("document %s not coded: %s", document.id, why)
                entry.coded = CodedDocument(document=document)
            self._queue.append(entry)
        if self._extract is None:
            for group in _by_size(todo, MAX_BATCH_CHARS):
                self._end(group, self.nlp.pipe([e.doc for e in group], batch_size=len(group)))
        else:
            for group in _by_size(todo, OVERLAP_BATCH_CHARS):
                ready = list(self.nlp.pipe([e.doc for e in group], batch_size=len(group), disable=self._after))
                self._extract.prefetch(ready)
                if len(self._waiting) >= LOOKAHEAD:
                    self._end(self._waiting.popleft(), None)
                for entry, doc in zip(group, ready):
                    entry.doc = doc
                self._waiting.append(group)
        return self._done()

    def _end(self, group: list[_Entry], docs: Iterable[Doc] | None) -> None:
        """The group's coded documents: ``docs`` are its docs through the whole pipeline;
        None runs the stages from the extractor on."""
        if not group:
            return
        if docs is None:
            docs = self.nlp.pipe([e.doc for e in group], batch_size=len(group), disable=self._before)
        for entry, doc in zip(group, docs):
            entry.coded = to_coded(entry.document, doc)
            entry.doc = None

    def _done(self) -> list[CodedDocument]:
        out = []
        while self._queue and self._queue[0].coded is not None:
            out.append(self._queue.popleft().coded)
        return out


def _by_size(entries: list[_Entry], most: int) -> Iterator[list[_Entry]]:
    """``entries`` in groups of at most ``most`` characters of text to parse
    (a longer document alone): the parser's working memory grows with the text it is given at
    once, and this keeps it the same whatever the mix of documents."""
    group: list[_Entry] = []
    size = 0
    for entry in entries:
        n = len(doc_text(entry.doc))
        if group and size + n > most:
            yield group
            group, size = [], 0
        group.append(entry)
        size += n
    if group:
        yield group


def code_document(document: Document, *, nlp: Language | None = None) -> CodedDocument:
    """Code one document."""
    return next(code_documents([document], nlp=nlp))


def code_text(
    text: str,
    published: dt.date | str | None = None,
    *,
    doc_id: str | None = None,
    title: str | None = None,
    source: str | None = None,
    nlp: Language | None = None,
) -> CodedDocument:
    """Code a piece of text. ``published`` (a date or ISO string) anchors relative dates;
    without it detente looks for the article's own date line, else the text stays undated."""
    text = scrub_surrogates(text)  # hashable, storable and printable, offsets unchanged
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    basis = "argument" if published else None
    if published is None:
        try:
            from .ingest import find_published

            published, basis = find_published(text)
        except ImportError:  # pragma: no cover
            published, basis = None, None
    document = Document(
        id=doc_id or Document.make_id(text, source),
        text=text,
        published=published,
        title=title,
        source=source,
        published_basis=basis,
    )
    return code_document(document, nlp=nlp)
