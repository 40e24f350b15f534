"""Scale out on Dask: the same per-batch coding function, one pipeline per worker, writing
Parquet partitions that DuckDB (and so every query command) reads in place.

A dataset directory holds ``documents/``, ``events/``, ``actors/``, ``states/`` and
``interests/``, one Parquet file per coded batch, named after the batch's document ids, so
re-running writes the same files and adds nothing. Open it with ``Store(DIR)``.

Start a :class:`distributed.LocalCluster` only under ``if __name__ == "__main__"`` in scripts
(the ``detente`` command does that for you); give ``scheduler=ADDRESS`` to use a cluster
started elsewhere (see docs/scaling.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator

from .ingest import IngestProblem, read_inputs
from .pipeline import over_budget
from .records import CodedDocument, Document, stable_id
from .runner import _batches, _drain, code_batch
from .store import Store

__all__ = ["code_partition", "code_with_dask"]

log = logging.getLogger(__name__)


def code_partition(batch: list[Document], out_dir: str, learned: bool = True) -> list[CodedDocument]:
    """Code one batch on this worker and write it as one Parquet partition."""
    from .extract.runtime import THREADS_ENV

    os.environ.setdefault(THREADS_ENV, "1")  # a worker a core, unless told otherwise
    coded = code_batch(batch, learned)
    name = "part-" + stable_id(*sorted(d.id for d in batch))
    with Store(":memory:") as mem:
        mem.add_many(coded)
        mem.write_parquet(out_dir, name)
    return coded


def _stored_ids(out_dir: str) -> set[str]:
    if not os.path.isdir(os.path.join(out_dir, "documents")):
        return set()
    with Store(out_dir) as s:
        return set(s.sql("SELECT id FROM documents")["id"])


def code_with_dask(
    paths: Iterable[str],
    out_dir: str,
    *,
    scheduler: str | None = None,
    n_workers: int = 2,
    batch_size: int = 16,
    published: dt.date | None = None,
    recode: bool = False,
    learned: bool = True,
) -> Iterator[CodedDocument | IngestProblem]:
    """Code everything under ``paths`` on a Dask cluster into the Parquet dataset ``out_dir``.

    Yields coded documents in input order as their partitions are written, and input
    problems as IngestErrors. Without ``scheduler`` a LocalCluster of ``n_workers``
    single-threaded processes is started (and stopped at the end).
    """
    from distributed import Client, LocalCluster

    os.makedirs(out_dir, exist_ok=True)
    done = set() if recode else _stored_ids(out_dir)
    seen: set[str] = set()

    def fresh() -> Iterator[Document | IngestProblem]:
        for item in read_inputs(paths, published=published, budget=over_budget):
            if isinstance(item, IngestProblem):
                yield item
            elif item.id not in done and item.id not in seen:
                seen.add(item.id)
                yield item

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    errors: list[IngestProblem] = []
    try:
        limit = 2 * max(1, len(client.scheduler_info().get("workers", {})) or n_workers)
        pending: deque = deque()
        for batch in _batches(fresh(), batch_size, errors):
            if not batch:  # only input problems so far: report them
                yield from _drain(errors)
                continue
            pending.append(client.submit(code_partition, batch, out_dir, learned, pure=False))
            if len(pending) >= limit:
                yield from _drain(errors)
                yield from pending.popleft().result()
        while pending:
            yield from _drain(errors)
            yield from pending.popleft().result()
        yield from _drain(errors)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
