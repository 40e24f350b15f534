"""Third parties: the countries that come up with a dyad, and how each side gets on with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from ._frames import canonical, column, dyad_mask, members, midpoints, modality_mask, to_timestamp

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["third_parties"]

COLUMNS = [
    "country", "name", "n_docs", "n_mentions", "n_with_a", "goldstein_a", "n_with_b",
    "goldstein_b",
]  # fmt: skip


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
    left out unless ``include_igos``. ``since``/``until`` limit the events by date.
    Ranked by ``n_docs``, then events with either side, then mentions.
    """
    from ..actors.gazetteer import gazetteer

    actors, events, states = _frames(data)
    ma, mb = members(a), members(b)
    dyad = ma | mb
    act = actors.assign(country=column(actors, "country").astype(object))
    act = act[act["country"].notna()]
    act = act.assign(country=act["country"].map(canonical), doc_id=act["doc_id"].astype(str))
    sides = (
        act.assign(
            _a=act["country"].isin({canonical(c) for c in ma}),
            _b=act["country"].isin({canonical(c) for c in mb}),
        )
        .groupby("doc_id")[["_a", "_b"]]
        .any()
    )
    docs = set(sides.index[sides["_a"] & sides["_b"]])
    ev = events[modality_mask(events, modality)]
    lo, hi = to_timestamp(since, start=True), to_timestamp(until, start=False)
    if lo is not None or hi is not None:
        mid = midpoints(ev)
        keep = mid.notna()
        if lo is not None:
            keep &= mid >= lo
        if hi is not None:
            keep &= mid <= hi
        ev = ev[keep]
    docs |= set(map(str, column(ev[dyad_mask(ev, a, b)], "doc_id")))
    if states is not None and not states.empty:
        sa, sb = column(states, "a"), column(states, "b")
        smask = (sa.isin(ma) & sb.isin(mb)) | (sa.isin(mb) & sb.isin(ma))
        docs |= set(map(str, column(states[smask], "doc_id")))
    gaz = gazetteer()
    skip = {canonical(c) for c in dyad}
    co = act[act["doc_id"].isin(docs) & ~act["country"].isin(skip)]
    if not include_igos:
        co = co[co["country"].map(lambda c: gaz.country(c) is not None)]
    if co.empty:
        return pd.DataFrame(columns=COLUMNS)
    agg = co.groupby("country").agg(n_docs=("doc_id", "nunique"), n_mentions=("doc_id", "size"))
    agg = agg[agg["n_docs"] >= min_docs]
    rows = []
    for c, r in agg.iterrows():
        with_a = ev[dyad_mask(ev, c, a)]
        with_b = ev[dyad_mask(ev, c, b)]
        country = gaz.country(c)
        rows.append(
            {
                "country": c,
                "name": country.name if country else c,
                "n_docs": int(r["n_docs"]),
                "n_mentions": int(r["n_mentions"]),
                "n_with_a": len(with_a),
                "goldstein_a": float(with_a["goldstein"].mean()) if len(with_a) else float("nan"),
                "n_with_b": len(with_b),
                "goldstein_b": float(with_b["goldstein"].mean()) if len(with_b) else float("nan"),
            }
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["_events"] = out["n_with_a"] + out["n_with_b"]
    out = out.sort_values(
        ["n_docs", "_events", "n_mentions", "country"],
        ascending=[False, False, False, True],
        kind="stable",
    )
    return out.drop(columns="_events").reset_index(drop=True)


def _frames(data) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    if isinstance(data, Mapping):
        try:
            return data["actors"], data["events"], data.get("states")
        except KeyError as exc:
            raise ValueError(f"third_parties needs an {exc.args[0]!r} frame") from None
    actors = data.sql("SELECT doc_id, country FROM actors")
    events = data.events(modality=None)
    states = data.sql("SELECT doc_id, a, b FROM states")
    return actors, events, states
