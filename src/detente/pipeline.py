"""Document → CodedDocument: the one function every runner (CLI, API, Dask) calls."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions
from .nlp import load
from .records import CodedDocument, Document

__all__ = ["code_document", "code_documents", "code_text", "to_coded"]

log = logging.getLogger(__name__)


def _prepare(nlp: Language, document: Document) -> Doc:
    extensions.register()
    doc = nlp.make_doc(document.text)
    doc._.doc_id = document.id
    doc._.published = document.published
    return doc


def to_coded(document: Document, doc: Doc) -> CodedDocument:
    """Collect what the stages annotated on ``doc`` into a CodedDocument."""
    return CodedDocument(
        document=document,
        events=tuple(doc._.events or ()),
        states=tuple(doc._.states or ()),
        interests=tuple(doc._.interests or ()),
        actors=tuple(m.actor for m in (doc._.actors or ())),
    )


def code_documents(
    documents: Iterable[Document],
    *,
    nlp: Language | None = None,
    batch_size: int = 16,
) -> Iterator[CodedDocument]:
    """Code documents lazily, in input order, batching the parse."""
    nlp = nlp or load()
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from _code_batch(nlp, batch)
            batch = []
    if batch:
        yield from _code_batch(nlp, batch)


def _code_batch(nlp: Language, batch: list[Document]) -> Iterator[CodedDocument]:
    docs = [_prepare(nlp, d) for d in batch]
    for document, doc in zip(batch, nlp.pipe(docs, batch_size=len(docs))):
        yield to_coded(document, doc)


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
