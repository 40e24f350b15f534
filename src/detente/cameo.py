"""CAMEO codes and what follows from them: name, Goldstein score, quad classes, PLOVER."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from .data import read_table

__all__ = ["CameoCode", "lookup", "all_codes", "PLOVER_QUAD", "QUAD_NAMES"]

#: PLOVER's own cooperation/conflict grouping of its event types (differs from GDELT's).
PLOVER_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4, "SEIZE": 4,
}  # fmt: skip
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad: int  # GDELT's grouping: roots 01-05, 06-09, 10-14, 15-20
    plover: str | None
    plover_mode: str | None
    plover_context: str | None

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def plover_quad(self) -> int | None:
        return PLOVER_QUAD.get(self.plover or "")

    def event_fields(self) -> dict[str, Any]:
        """What an :class:`~detente.records.Event` takes from its code: ``Event(...,
        **code.event_fields())``."""
        return {
            "cameo": self.code,
            "root": self.root,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "plover_context": self.plover_context,
            "quad": self.quad,
            "plover_quad": self.plover_quad,
            "goldstein": self.goldstein,
        }


@functools.lru_cache(maxsize=None)
def _codes() -> dict[str, CameoCode]:
    out = {}
    for row in read_table("cameo"):
        out[row["code"]] = CameoCode(
            code=row["code"],
            # the codebook writes the twenty roots in capitals; every label reads alike
            name=row["name"].capitalize() if row["name"].isupper() else row["name"],
            goldstein=float(row["goldstein"]),
            quad=int(row["quad"]),
            plover=row["plover"] or None,
            plover_mode=row["plover_mode"] or None,
            plover_context=row["plover_context"] or None,
        )
    return out


def lookup(code: str) -> CameoCode:
    """The CAMEO code ``code`` (a string: leading zeros matter). KeyError names it if unknown."""
    try:
        return _codes()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}") from None


def all_codes() -> list[CameoCode]:
    return list(_codes().values())
