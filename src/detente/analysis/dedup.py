"""Many reports, one event: cluster the rows that report the same real event.

News repeats itself: one Turkish incursion is reported by ten articles (and twice in some of
them). A series that counts rows counts articles; one that counts clusters counts events.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ._frames import column, is_missing, midpoints

__all__ = ["dedup_events"]

_PRECISION_RANK = {
    p: i
    for i, p in enumerate(
        ("day", "week", "month", "season", "quarter", "year", "decade", "century", "unknown")
    )
}


def dedup_events(
    events: pd.DataFrame,
    window_days: int = 3,
    *,
    match: str = "root",
    within_document: bool = False,
) -> pd.DataFrame:
    """One row per real event, with ``mentions`` (how many rows reported it), ``event_ids``
    (their ids, a list) and ``n_docs`` (how many documents).

    Two rows report the same event when they have the same dyad (unordered when the event is
    symmetric, ordered otherwise), the same CAMEO root (``match="root"``) or the same
    three-digit code family (``match="code3"``), interval midpoints at most ``window_days``
    apart (measured from the cluster's first report, so a month of daily shelling does not
    chain into one event), and the same place when both name one. By default two rows of one
    document are never merged: a report is an article, and an article that tells of two
    same-coded events on the same days (two visits the narrative dates to one year) is taken
    at its word; ``within_document=True`` also merges repeats inside an article.

    The row kept for a cluster is its most common code, then the most precise date, then the
    earliest. Undated rows and rows without both a source and a target country are never
    merged: each stays an event of its own.
    """
    if match not in ("root", "code3"):
        raise ValueError(f"match must be 'root' or 'code3', not {match!r}")
    if events.empty:
        out = events.copy()
        out["mentions"] = pd.Series(dtype="int64")
        out["event_ids"] = pd.Series(dtype=object)
        out["n_docs"] = pd.Series(dtype="int64")
        return out
    frame = events.reset_index(drop=True)
    # plain lists: the loops below read single cells, which a pandas Series makes ~50x dearer
    mid = midpoints(frame).tolist()
    src = column(frame, "source_country").astype(object).tolist()
    tgt = column(frame, "target_country").astype(object).tolist()
    sym = column(frame, "symmetric", False).fillna(False).astype(bool).tolist()
    cameo = column(frame, "cameo").astype(object).tolist()
    root = column(frame, "root").astype(object).tolist()
    family = [
        (
            str(c)[:3]
            if match == "code3" and not is_missing(c)
            else (r if not is_missing(r) else str(c)[:2])
        )
        for c, r in zip(cameo, root)
    ]
    place = [None if is_missing(p) else str(p).strip().lower() for p in column(frame, "place")]
    docs = list(column(frame, "doc_id"))
    window = pd.Timedelta(days=window_days)

    def dyad(i: int) -> tuple:
        s = None if is_missing(src[i]) else src[i]
        t = None if is_missing(tgt[i]) else tgt[i]
        return ("sym", *sorted([s or "", t or ""])) if sym[i] else ("dir", s, t)

    clusters: list[list[int]] = []
    open_by_key: dict[tuple, list[dict]] = {}
    order = sorted(
        range(len(frame)), key=lambda i: (pd.isna(mid[i]), mid[i] if not pd.isna(mid[i]) else 0, i)
    )
    for i in order:
        if pd.isna(mid[i]) or is_missing(tgt[i]) or is_missing(src[i]):
            clusters.append([i])
            continue
        key = (dyad(i), family[i])
        home = None
        for c in open_by_key.get(key, []):
            if mid[i] - c["anchor"] > window:
                continue
            if place[i] and c["place"] and place[i] != c["place"]:
                continue
            if not within_document and docs[i] in c["docs"]:
                continue
            home = c
            break
        if home is None:
            home = {"anchor": mid[i], "place": place[i], "docs": set(), "rows": []}
            open_by_key.setdefault(key, []).append(home)
            clusters.append(home["rows"])
        home["rows"].append(i)
        home["docs"].add(docs[i])
        home["place"] = home["place"] or place[i]
        # clusters whose window has passed can no longer take rows
        open_by_key[key] = [c for c in open_by_key[key] if mid[i] - c["anchor"] <= window]

    precision = [_PRECISION_RANK.get(p, 99) for p in column(frame, "when_precision", "unknown")]
    keep, mentions, ids, n_docs = [], [], [], []
    event_id = list(column(frame, "id"))
    for rows in clusters:
        common = Counter(cameo[r] for r in rows).most_common(1)[0][0]
        best = min(
            rows,
            key=lambda r: (
                cameo[r] != common,
                precision[r],
                mid[r] if not pd.isna(mid[r]) else 0,
                r,
            ),
        )
        keep.append(best)
        mentions.append(len(rows))
        ids.append([event_id[r] for r in sorted(rows, key=lambda r: (mid[r], r))])
        n_docs.append(len({docs[r] for r in rows}))
    out = frame.loc[keep].copy()
    out["mentions"] = mentions
    out["event_ids"] = ids
    out["n_docs"] = n_docs
    out["_mid"] = [mid[k] for k in keep]
    out = out.sort_values(
        ["_mid", *(["doc_id"] if "doc_id" in out else [])], na_position="last", kind="stable"
    )
    return out.drop(columns="_mid").reset_index(drop=True)
