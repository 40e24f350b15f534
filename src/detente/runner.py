"""Run the pipeline over inputs into a store: the function behind ``detente code``.

Documents stream from the readers in batches; each batch is coded (in this process, or in
worker processes that each load the pipeline once) and written to the store in one
transaction, in input order (in this process the pipeline runs on across batches, so a
batch's last documents may be written with the next batch's). Memory stays bounded by the
batches in flight, whatever the size of the corpus. Documents already stored are skipped, so an interrupted run resumes.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .ingest import IngestProblem, read_inputs
from .pipeline import MAX_DOC_CHARS, Coder, code_documents, over_budget
from .records import CodedDocument, Document
from .store import Store

__all__ = ["code_batch", "code_paths", "default_workers"]

log = logging.getLogger(__name__)

#: Below this many documents, starting worker processes costs more than it saves.
MIN_DOCS_FOR_WORKERS = 64
#: Input problems held before they are reported (between batches, a file of bad lines
#: must neither fill memory nor keep its errors until the end).
_MAX_HELD_ERRORS = 1000


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def code_batch(batch: list[Document], learned: bool = True) -> list[CodedDocument]:
    """Code one batch with this process's pipeline (loaded on first use, then kept);
    ``learned=False`` codes with the patterns alone (no extractor)."""
    from .nlp import load, stages

    return list(code_documents(batch, nlp=load(stages=stages(learned)), batch_size=len(batch) or 1))


def _batches(items: Iterator[Document | IngestProblem], size: int, errors: list[IngestProblem]):
    batch: list[Document] = []
    chars = 0
    for item in items:
        if isinstance(item, IngestProblem):
            errors.append(item)
            if len(errors) >= _MAX_HELD_ERRORS:
                yield []  # an empty batch: the consumer reports the errors held so far
            continue
        if batch and chars + len(item.text) > MAX_DOC_CHARS:
            # parse memory grows with a batch's text: a batch holds at most one budget's worth
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item.text)
        if len(batch) >= size:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


@dataclass
class RunStats:
    """What a run met besides what it yields: documents already in the store (not coded again)."""

    already_stored: int = 0


def code_paths(
    paths: Iterable[str],
    store: Store,
    *,
    published: dt.date | None = None,
    batch_size: int = 16,
    recode: bool = False,
    workers: int | None = 1,
    learned: bool = True,
    stats: RunStats | None = None,
) -> Iterator[CodedDocument | IngestProblem]:
    """Read, code and store every document under ``paths``; yield each result as it is stored
    (and each input problem as an IngestProblem, as soon as it is met).

    ``workers``: processes to code with; ``None`` means every core when the input is large
    enough to be worth it. Documents already in the store (same id) are not coded again
    unless ``recode``; ``stats`` (when given) counts them. ``learned=False`` codes with the
    patterns alone (no extractor).
    """
    seen: set[str] = set()
    stats = stats if stats is not None else RunStats()

    def fresh() -> Iterator[Document | IngestProblem]:
        # documents beyond the per-document budget are reported (file:line) and not coded
        for item in read_inputs(paths, published=published, budget=over_budget):
            if isinstance(item, IngestProblem):
                yield item
                continue
            if item.id in seen or (not recode and store.has_document(item.id)):
                log.info("already stored: %s", item.id)
                stats.already_stored += 1
                continue
            seen.add(item.id)
            yield item

    errors: list[IngestProblem] = []
    batches = _batches(fresh(), batch_size, errors)
    n = workers if workers is not None else default_workers()
    if n > 1:
        # Look ahead: a small input is coded here rather than paying for worker start-up.
        head: list[list[Document]] = []
        for batch in batches:
            head.append(batch)
            yield from _drain(errors)
            if sum(map(len, head)) >= MIN_DOCS_FOR_WORKERS:
                break
        small = sum(map(len, head)) < MIN_DOCS_FOR_WORKERS
        chained = _chain(head, batches)
        if small:
            yield from _serial(chained, store, errors, learned)
        else:
            yield from _parallel(chained, store, errors, n, learned)
        return
    yield from _serial(batches, store, errors, learned)


def _chain(head: list[list[Document]], rest: Iterator[list[Document]]) -> Iterator[list[Document]]:
    yield from head
    yield from rest


def _drain(errors: list[IngestProblem]) -> Iterator[IngestProblem]:
    held = errors[:]  # (not pop(0) in a loop: quadratic in the errors held)
    errors.clear()
    yield from held


def _serial(batches: Iterator[list[Document]], store: Store, errors: list[IngestProblem], learned: bool):
    """Code here, storing what is finished after each batch: the pipeline runs on across
    batches (:class:`~detente.pipeline.Coder`), so a batch's last documents may be stored
    with the next batch."""
    from .nlp import load, stages

    coder = None  # (the pipeline loads when there is something to code)
    for batch in batches:
        yield from _drain(errors)
        if batch:
            coder = coder or Coder(load(stages=stages(learned)))
            yield from _store(store, coder.feed(batch))
    if coder is not None:
        yield from _store(store, coder.finish())
    yield from _drain(errors)


def _store(store: Store, coded: list[CodedDocument]) -> list[CodedDocument]:
    if coded:
        store.add_many(coded)
    return coded


def worker_setup(learned: bool = True, parent: int | None = None) -> None:
    """Load the pipeline in a worker process (the extractor runs on one thread a process),
    and make the worker end when the process that started it (``parent``) ends, however it
    ends: a killed ``detente code`` leaves no worker behind."""
    from .extract.runtime import THREADS_ENV
    from .nlp import load, stages

    exit_with_parent(parent)
    os.environ[THREADS_ENV] = "1"  # one worker a core: its encoder takes no other's
    load(stages=stages(learned))


def exit_with_parent(parent: int | None = None, every: float = 1.0) -> None:
    """End this process soon after ``parent`` (default: the current parent) is gone.

    On Linux the kernel signals it at once (``PR_SET_PDEATHSIG``); everywhere a daemon thread
    also checks every ``every`` seconds that the parent is still this process's parent (a
    parent killed before the signal was set up, or another system)."""
    import signal
    import threading

    parent = parent or os.getppid()
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass

    def watch() -> None:
        import time

        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="detente-parent-watch", daemon=True).start()


def _parallel(
    batches: Iterator[list[Document]], store: Store, errors: list[IngestProblem], n: int, learned: bool
):
    ctx = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(
        max_workers=n, mp_context=ctx, initializer=worker_setup, initargs=(learned, os.getpid())
    ) as pool:
        pending: deque[cf.Future] = deque()
        for batch in batches:
            if not batch:
                yield from _drain(errors)
                continue
            pending.append(pool.submit(code_batch, batch, learned))
            if len(pending) >= 2 * n:
                yield from _drain(errors)
                coded = pending.popleft().result()
                store.add_many(coded)
                yield from coded
        while pending:
            yield from _drain(errors)
            coded = pending.popleft().result()
            store.add_many(coded)
            yield from coded
    yield from _drain(errors)
