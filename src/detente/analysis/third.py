"""Third parties: the countries that come up with a dyad, and how each side gets on with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from ._frames import as_timestamps, column

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["third_parties"]


def third_parties(
    data: Store | Mapping[str, pd.DataFrame],
    a: str,
    b: str,
    *,
    modality: str | None = "asserted",
    since: int | str | dt.date | None = None,
    until: int | str | dt.date | None = None,
    include_igos: bool = False,
    min_docs: int = 1,
) -> pd.DataFrame:
    """Countries co-mentioned with ``a`` and ``b``, and their relations with each side.

    ``data`` is a :class:`~detente.store.Store`, or a mapping with an ``actors`` frame (the
    actors table: ``doc_id``, ``country``) and an ``events`` frame (``Store.events()`` shaped,
    every dyad — not only a–b), and optionally ``states``.

    A document is about the dyad when its actors include both sides (predecessors count for
    their successors) or it has an event or state between them. Every other country among its
    actors is a co-mentioned third party C. For each C: ``n_docs`` (dyad documents naming it),
    ``n_mentions`` (its actor mentions there), and over all of ``data``'s events between C
    and A (either direction): ``n_with_a`` and the mean Goldstein ``goldstein_a``; the same
    for B. Former states are merged into their successors; organisations (UNO, NAT, …) are
    left out unless ``include_igos``. ``since``/``until`` limit the events by the middle of
    their interval. Ranked by ``n_docs``, then events with either side, then mentions.

    One implementation, in SQL (:func:`detente.store.third_party_table`): on a store it runs
    in the database, on frames in an in-memory DuckDB that reads them.
    """
    from ..store import Store, third_party_table

    if isinstance(data, Store):
        return data.third_parties(a, b, since=since, until=until, include_igos=include_igos, modality=modality,
                                  min_docs=min_docs)
    import duckdb

    actors, events, states = _frames(data)
    con = duckdb.connect()
    try:
        con.register("actors", _table(actors, {"doc_id": str, "country": object}))
        con.register("events", _events_table(events))
        con.register("states", _table(states if states is not None else pd.DataFrame(),
                                      {"doc_id": str, "a": object, "b": object}))
        return third_party_table(con, a, b, since=since, until=until, include_igos=include_igos,
                                 modality=modality, min_docs=min_docs)
    finally:
        con.close()


def _table(frame: pd.DataFrame, cols: dict[str, type]) -> pd.DataFrame:
    """``frame``'s columns ``cols`` (missing ones empty), as strings or objects."""
    out = pd.DataFrame(index=frame.index)
    for c, kind in cols.items():
        values = column(frame, c).astype(object)
        out[c] = values.map(lambda v: None if v is None or v != v else str(v)) if kind is str else values.where(values.notna(), None)
    return out.reset_index(drop=True)


def _events_table(events: pd.DataFrame) -> pd.DataFrame:
    """An events frame with the columns the query reads: a missing modality is asserted, a
    missing end is the start."""
    out = _table(events, {"doc_id": str, "source_country": object, "target_country": object})
    out["modality"] = column(events, "modality").fillna("asserted").astype(object).to_numpy()
    out["goldstein"] = pd.to_numeric(column(events, "goldstein"), errors="coerce").astype(float).to_numpy()
    start = as_timestamps(column(events, "when_start"))
    out["when_start"] = start.to_numpy()
    out["when_end"] = as_timestamps(column(events, "when_end")).fillna(start).to_numpy()
    return out


def _frames(data: Mapping[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    try:
        return data["actors"], data["events"], data.get("states")
    except KeyError as exc:
        raise ValueError(f"third_parties needs an {exc.args[0]!r} frame") from None
