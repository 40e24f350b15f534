"""The typed records that pass between detente's stages.

Every record is a frozen dataclass. ``to_dict`` turns one into plain JSON-ready values
(dates as ISO strings, nested records as dicts) and ``from_dict`` reads that back; the two
live here, in one place, so every exporter and the store agree on the shape.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

__all__ = [
    "Actor",
    "CodedDocument",
    "Document",
    "Event",
    "Interest",
    "Place",
    "RelationState",
    "TimeSpan",
    "stable_id",
]

T = TypeVar("T", bound="Record")

#: Precisions a TimeSpan may carry, finest first.
PRECISIONS = ("day", "week", "month", "season", "quarter", "year", "decade", "century", "unknown")
#: Where a TimeSpan came from.
BASES = ("text", "narrative", "publication", "none")
#: Modalities an event may have; only "asserted" events enter series by default.
MODALITIES = (
    "asserted",
    "negated",
    "hypothetical",
    "future",
    "recommended",
    "reported",
    "generic",
)


def stable_id(*parts: object, length: int = 16) -> str:
    """A short, deterministic hex id built from ``parts``."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


class Record:
    """Mixin giving dataclass records one ``to_dict``/``from_dict`` pair."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            out[f.name] = _dump(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        hints = typing.get_type_hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                kwargs[f.name] = _load(hints[f.name], data[f.name])
        return cls(**kwargs)


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    return value


def _load(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _load(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], v) for v in value)
        return tuple(_load(a, v) for a, v in zip(args, value))
    if isinstance(hint, type) and issubclass(hint, Record):
        return value if isinstance(value, hint) else hint.from_dict(value)
    if hint is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


@dataclass(frozen=True)
class Document(Record):
    """One input text with its metadata."""

    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    lang: str = "en"
    #: How ``published`` was found: "metadata", "dateline", "url", "argument" or None.
    published_basis: str | None = None

    @staticmethod
    def make_id(text: str, source: str | None = None) -> str:
        """The id of a document that brings none of its own: a hash of source and text."""
        return stable_id(source or "", text)


@dataclass(frozen=True)
class Actor(Record):
    """Who: a state, organisation, sector of a state, person or group, as resolved."""

    code: str | None
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    text: str | None = None
    span: tuple[int, int] | None = None
    #: How it was resolved: "country", "capital", "demonym", "person", "igo", "reference", …
    via: str | None = None

    @property
    def resolved(self) -> bool:
        return self.country is not None


@dataclass(frozen=True)
class TimeSpan(Record):
    """When: an honest interval with the precision the text supports."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: str = "unknown"
    basis: str = "none"
    text: str | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None

    @property
    def year(self) -> int | None:
        return self.start.year if self.start else None

    @classmethod
    def undated(cls) -> TimeSpan:
        return cls()


#: Levels a Place may have, finest first.
PLACE_LEVELS = ("city", "region", "country")


@dataclass(frozen=True)
class Place(Record):
    """Where: a place phrase resolved with a gazetteer (:mod:`detente.places`), or read from a
    GDELT ActionGeo block.

    ``country`` is an ISO 3166 alpha-3 code like every other detente country; ``adm1`` the
    first-order division's code within that country as GeoNames (and GDELT, after its
    FIPS country prefix) writes it ("TX", "09"); ``feature_id`` the gazetteer's id of the
    feature (a GeoNames id for places detente resolves; GDELT's own ActionGeo_FeatureID
    for imported GDELT events)."""

    name: str
    country: str | None = None
    adm1: str | None = None
    lat: float | None = None
    lon: float | None = None
    #: "city", "region" (a US state or another first-order division) or "country".
    level: str = "country"
    feature_id: str | None = None


@dataclass(frozen=True)
class Event(Record):
    """What: one coded event between a source and (usually) a target, with its evidence."""

    id: str
    doc_id: str
    sentence: str
    span: tuple[int, int]
    source: Actor
    target: Actor | None
    cameo: str
    root: str
    plover: str | None
    plover_mode: str | None
    quad: int
    goldstein: float
    when: TimeSpan
    modality: str = "asserted"
    confidence: float = 1.0
    rule: str = ""
    symmetric: bool = False
    place: str | None = None
    trigger: str = ""
    #: Character span of the whole sentence in the document.
    sentence_span: tuple[int, int] | None = None
    plover_context: str | None = None
    plover_quad: int | None = None
    #: ``place`` resolved with the gazetteer (None when it names nothing the gazetteer knows).
    geo: Place | None = None

    @property
    def asserted(self) -> bool:
        return self.modality == "asserted"


@dataclass(frozen=True)
class RelationState(Record):
    """How a text describes the relationship itself ("ties were cold in the 1990s")."""

    doc_id: str
    a: str
    b: str
    polarity: int
    strength: float
    when: TimeSpan
    sentence: str
    span: tuple[int, int]
    trigger: str
    modality: str = "asserted"


@dataclass(frozen=True)
class Interest(Record):
    """What one side wants ("Brazil wants a permanent seat on the Security Council")."""

    doc_id: str
    holder: Actor
    counterpart: Actor | None
    issue: str
    stance: str
    attribution: str
    when: TimeSpan
    sentence: str
    span: tuple[int, int]
    trigger: str = ""


@dataclass(frozen=True)
class CodedDocument(Record):
    """A document with everything detente found in it."""

    document: Document
    events: tuple[Event, ...] = field(default_factory=tuple)
    states: tuple[RelationState, ...] = field(default_factory=tuple)
    interests: tuple[Interest, ...] = field(default_factory=tuple)
    actors: tuple[Actor, ...] = field(default_factory=tuple)
    #: How many sentences the document had (for throughput figures).
    n_sentences: int = 0
    #: The id of each sentence's main event, the one a sentence-level label describes
    #: (:func:`detente.events.main_event`), in text order.
    main_events: tuple[str, ...] = ()

    schema_version: ClassVar[int] = 1

    def asserted_events(self) -> list[Event]:
        return [e for e in self.events if e.asserted]
