"""Actor codes: a country and a sector make a CAMEO-style code; a state's code follows the
date (the Soviet Union before 1992, Russia after). No spaCy here: query code uses it too."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..records import Actor
from .gazetteer import states

__all__ = ["actor_as_of", "actor_code"]

#: Sectors that only say what kind of organisation an actor is: an IGO's or NGO's code is its
#: own organisation code (UNO, AMN), never the code glued to its type (AMNNGO).
_ORGANISATION_TYPES = frozenset({"IGO", "NGO"})


def actor_code(country: str | None, sector: str | None) -> str | None:
    """CAMEO-style actor code: country then sector (``PAK`` + ``GOV`` → ``PAKGOV``).

    ``country`` may be an organisation's own code (UNO, NAT, AMN); its type (IGO, NGO) is not
    appended. A group with no country of operation does not come through here: its code is
    its own CAMEO code (``IMGMUSALQ``, see :func:`detente.actors.gazetteer.group_entry`)."""
    if country and sector and sector not in _ORGANISATION_TYPES:
        return country + sector
    return country or (sector or None)


def actor_as_of(actor: Actor, when) -> Actor:
    """The actor as its state was on a date (``when``: a date, or a TimeSpan whose middle
    counts): "Russia" in 1948 is the Soviet Union (``SUN``), the Soviet Union after 1991 is
    Russia; sectors follow (``RUSGOV`` → ``SUNGOV``). Other actors are returned as they are."""
    if actor is None or not actor.country or len(actor.country) != 3:
        return actor
    if when is not None and not isinstance(when, dt.date):
        if getattr(when, "start", None) is None:
            return actor
        start, end = when.start, when.end or when.start
        when = start + (end - start) / 2
    if when is None:
        return actor
    country = states().as_of(actor.country, when)
    if country == actor.country:
        return actor
    code = actor.code
    if code and code.startswith(actor.country):
        code = country + code[len(actor.country):]
    return dataclasses.replace(actor, country=country, code=code)
