"""Actors: who is named in a text, and what each name resolves to.

The dictionaries (:mod:`.gazetteer`) and the codes (:mod:`.codes`) need no spaCy and load
quickly; the spaCy component that finds actors in text is :mod:`.stage` (``detente_actors``),
imported on first use.
"""

from __future__ import annotations

from .codes import actor_as_of, actor_code
from .gazetteer import Entry, Gazetteer, gazetteer

__all__ = ["VERSION", "ActorStage", "Entry", "Gazetteer", "actor_as_of", "actor_code", "context_pair",
           "gazetteer", "make_actor_stage"]

_STAGE = ("VERSION", "ActorStage", "context_pair", "make_actor_stage")


def __getattr__(name: str):
    if name in _STAGE:
        from . import stage

        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
