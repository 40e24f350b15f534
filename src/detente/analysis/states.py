"""Relation states as the analysis reads them: records back from rows, and narrative reversals.

A narrative often dates a change by the period it ends: "Through the 1960s relations were
cordial. Later, however, the ties soured. In 1979 they improved again." The time stage carries
"the 1960s" over to the second sentence (basis ``narrative``), so the stored "soured" state
claims 1960–1969, the very period the text calls cordial. :func:`resolve_reversals` reads
such a state as what came *after* the period it inherited: from the day after that period ends to the day before
the next later-dated state of the same document (or one period's length when there is none).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..records import RelationState, TimeSpan
from ._frames import as_timestamps, column, is_missing

__all__ = ["relation_states", "resolve_reversals"]


def resolve_reversals(states: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``states`` where narrative-dated reversals are moved after the period they
    inherited (see the module doc). Adds a ``resolved`` column: True for moved rows."""
    out = states.copy()
    out["resolved"] = False
    needed = {"doc_id", "span_start", "when_basis", "polarity", "when_start", "when_end"}
    if out.empty or not needed <= set(out.columns):
        return out
    out["when_start"] = as_timestamps(out["when_start"])
    out["when_end"] = as_timestamps(out["when_end"])
    asserted = column(out, "modality", "asserted").fillna("asserted") == "asserted"
    for _, doc in out[asserted].groupby("doc_id", sort=False):
        doc = doc.sort_values("span_start")
        rows = list(doc.itertuples())
        for i, row in enumerate(rows):
            if row.when_basis != "narrative" or pd.isna(row.when_start):
                continue
            prev = next(
                (
                    p
                    for p in reversed(rows[:i])
                    if p.when_start == row.when_start and p.when_end == row.when_end
                ),
                None,
            )
            if prev is None or prev.polarity == row.polarity or prev.when_basis == "narrative":
                continue
            new_start = prev.when_end + pd.Timedelta(days=1)
            later = [
                r.when_start
                for r in rows[i + 1 :]
                if not pd.isna(r.when_start) and r.when_start > prev.when_end
            ]
            if later and later[0] > new_start:
                new_end = later[0] - pd.Timedelta(days=1)
            else:
                new_end = new_start + (prev.when_end - prev.when_start)
            out.loc[row.Index, ["when_start", "when_end", "resolved"]] = [new_start, new_end, True]
    return out


def relation_states(states: pd.DataFrame) -> list[RelationState]:
    """The :class:`RelationState` records behind rows of ``Store.states()``."""

    def date(v: object) -> dt.date | None:
        return None if is_missing(v) else pd.Timestamp(v).date()

    def text(v: object) -> str | None:
        return None if is_missing(v) else str(v)

    out = []
    for r in states.to_dict(orient="records"):
        out.append(
            RelationState(
                doc_id=str(r.get("doc_id")),
                a=str(r.get("a")),
                b=str(r.get("b")),
                polarity=int(r.get("polarity")),
                strength=float(r.get("strength")),
                when=TimeSpan(
                    start=date(r.get("when_start")),
                    end=date(r.get("when_end")),
                    precision=text(r.get("when_precision")) or "unknown",
                    basis=text(r.get("when_basis")) or "none",
                    text=text(r.get("when_text")),
                ),
                sentence=text(r.get("sentence")) or "",
                span=(
                    int(r.get("span_start") or 0) if not is_missing(r.get("span_start")) else 0,
                    int(r.get("span_end") or 0) if not is_missing(r.get("span_end")) else 0,
                ),
                trigger=text(r.get("trigger")) or "",
                modality=text(r.get("modality")) or "asserted",
            )
        )
    return out
