"""Run the pipeline over inputs into a store: the function behind ``detente code``."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator

from .ingest import IngestError, read_inputs
from .pipeline import code_documents
from .records import CodedDocument, Document
from .store import Store

__all__ = ["code_paths"]

log = logging.getLogger(__name__)


def code_paths(
    paths: Iterable[str],
    store: Store,
    *,
    published: dt.date | None = None,
    batch_size: int = 16,
    recode: bool = False,
) -> Iterator[CodedDocument | IngestError]:
    """Read, code and store every document under ``paths``; yield each result as it is stored.

    Documents already in the store (same id) are not coded again unless ``recode``; each batch
    is written in one transaction, so an interrupted run loses at most the batch in flight and
    a re-run completes the work without duplicates.
    """
    pending: list[Document] = []
    seen: set[str] = set()

    def flush() -> Iterator[CodedDocument]:
        coded = list(code_documents(pending, batch_size=batch_size))
        store.add_many(coded)
        pending.clear()
        yield from coded

    for item in read_inputs(paths, published=published):
        if isinstance(item, IngestError):
            yield item
            continue
        if item.id in seen or (not recode and store.has_document(item.id)):
            log.info("already stored: %s", item.id)
            continue
        seen.add(item.id)
        pending.append(item)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
