"""Where two sides' interests converge or diverge, from stored Interest rows."""

from __future__ import annotations

import pandas as pd

from ._frames import members

__all__ = ["GENERIC", "convergence"]

#: The issue an interest gets when nothing more specific is named.
GENERIC = "diplomatic"


def convergence(interests: pd.DataFrame, a: str, b: str, *, examples: int = 2) -> pd.DataFrame:
    """Issues on which both ``a`` and ``b`` hold interests, ranked.

    ``interests`` is a frame like ``Store.sql("SELECT * FROM interests")``. An issue
    *converges* when both sides hold it with the same stance, and *diverges* when their
    stances differ. The converging issues come first, then the diverging ones, each ranked
    (``rank`` 1, 2, … within its relation). Rows: rank, issue, relation ("converge"/"diverge"), stance_a, stance_b, n_a,
    n_b, score (the smaller of n_a and n_b, then their sum, decide the rank; the catch-all
    "diplomatic" issue comes after the specific ones), evidence_a,
    evidence_b (up to ``examples`` sentences each). Predecessor states count for their
    successor.
    """
    cols = ["issue", "relation", "stance_a", "stance_b", "n_a", "n_b", "score", "evidence_a", "evidence_b"]
    if interests.empty:
        return pd.DataFrame(columns=cols)
    ma, mb = members(a), members(b)
    side_a = interests[interests["holder_country"].isin(ma)]
    side_b = interests[interests["holder_country"].isin(mb)]
    rows = []
    for issue in sorted(set(side_a["issue"]) & set(side_b["issue"])):
        ia, ib = side_a[side_a["issue"] == issue], side_b[side_b["issue"] == issue]
        sa, sb = ia["stance"].mode().iloc[0], ib["stance"].mode().iloc[0]
        rows.append(
            {
                "issue": issue,
                "relation": "converge" if sa == sb else "diverge",
                "stance_a": sa,
                "stance_b": sb,
                "n_a": len(ia),
                "n_b": len(ib),
                "score": min(len(ia), len(ib)) + 0.01 * (len(ia) + len(ib)),
                "evidence_a": list(dict.fromkeys(ia["sentence"]))[:examples],
                "evidence_b": list(dict.fromkeys(ib["sentence"]))[:examples],
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    # "diplomatic" is the catch-all every relation is about: specific issues rank first
    order = out["relation"].map({"converge": 0, "diverge": 1})
    generic = (out["issue"] == GENERIC).astype(int)
    out = (
        out.assign(_o=order, _g=generic)
        .sort_values(["_o", "_g", "score", "issue"], ascending=[True, True, False, True])
        .drop(columns=["_o", "_g"])
        .reset_index(drop=True)
    )
    # the rank within its relation: converging issues are ranked, then diverging ones
    return out.assign(rank=out.groupby("relation").cumcount() + 1)[["rank", *cols]]
