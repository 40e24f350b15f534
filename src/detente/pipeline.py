"""Document → CodedDocument: the one function every runner (CLI, API, Dask) calls."""

from __future__ import annotations

import datetime as dt
import logging
import re
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
    nlp = nlp or load()
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from _code_batch(nlp, batch, first_pass)
            batch = []
    if batch:
        yield from _code_batch(nlp, batch, first_pass)


def _code_batch(nlp: Language, batch: list[Document], first_pass: bool = True) -> Iterator[CodedDocument]:
    reasons = [over_budget(d.text) for d in batch]
    docs = [_prepare(nlp, d, first_pass) for d, why in zip(batch, reasons) if why is None]
    parsed = (doc for group in _by_size(docs) for doc in nlp.pipe(group, batch_size=max(1, len(group))))
    for document, why in zip(batch, reasons):
        if why is not None:
            log.warning("document %s not coded: %s", document.id, why)
            yield CodedDocument(document=document)
        else:
            yield to_coded(document, next(parsed))


def _by_size(docs: list[Doc]) -> Iterator[list[Doc]]:
    """``docs`` in groups of at most :data:`MAX_BATCH_CHARS` characters (a longer document
    alone): the parser's working memory grows with the text it is given at once, and this
    keeps it the same whatever the mix of documents."""
    group: list[Doc] = []
    size = 0
    for doc in docs:
        n = len(doc_text(doc))
        if group and size + n > MAX_BATCH_CHARS:
            yield group
            group, size = [], 0
        group.append(doc)
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
