"""Events as one flat table: pandas, Arrow, Parquet and CSV, with one documented schema.

:data:`EVENT_SCHEMA` is the Arrow schema of every flat export: the columns of the store's
``events`` table followed by four columns of the event's document (``doc_*``). Every field
carries a ``description`` in its metadata; ``docs/data-model.md`` lists them.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import IO, Any

import pandas as pd
import pyarrow as pa

from ..bounds import parse_bound

__all__ = [
    "EVENT_SCHEMA",
    "events_table",
    "parse_bound",
    "select_events",
    "to_frame",
    "write_csv",
    "write_parquet",
]

_FIELDS: list[tuple[str, pa.DataType, str]] = [
    ("id", pa.string(), "event id: stable hash of document, sentence, trigger span and code; 'gdelt-' + GLOBALEVENTID for imported GDELT rows"),
    ("doc_id", pa.string(), "id of the document the event was found in"),
    ("sentence", pa.string(), "the sentence that states the event (empty for GDELT rows)"),
    ("sentence_start", pa.int32(), "character offset of the sentence in the document"),
    ("sentence_end", pa.int32(), "character offset of the sentence's end"),
    ("span_start", pa.int32(), "character offset of the trigger in the document"),
    ("span_end", pa.int32(), "character offset of the trigger's end"),
    ("trigger", pa.string(), "the words that triggered the event pattern"),
    *[
        (f"{side}_{part}", pa.string(), f"{role} actor: {desc}")
        for side, role in (("source", "source"), ("target", "target"))
        for part, desc in (
            ("code", "CAMEO-style code, country + sector (PAKGOV)"),
            ("country", "ISO 3166 alpha-3 country, former-state or IGO code"),
            ("sector", "CAMEO sector code (GOV, MIL, ...)"),
            ("name", "canonical name"),
            ("text", "the words naming it in the sentence"),
            ("via", "how it was resolved: country, capital, demonym, person, igo, gdelt, ..."),
        )
    ],
    *[
        (f"{side}_span_{end}", pa.int32(), f"{side} actor: character offset of the {what} of its words in the document")
        for side in ("source", "target")
        for end, what in (("start", "start"), ("end", "end"))
    ],
    ("symmetric", pa.bool_(), "true when the event has no direction (two sides meet)"),
    ("cameo", pa.string(), "CAMEO event code, a string with its leading zero"),
    ("root", pa.string(), "CAMEO root code, two digits"),
    ("plover", pa.string(), "PLOVER event type (PLOVER draft 0.8 map)"),
    ("plover_mode", pa.string(), "PLOVER mode"),
    ("plover_context", pa.string(), "PLOVER context(s), '; '-separated"),
    ("quad", pa.int32(), "GDELT quad class: 1 verbal coop. (roots 01-05), 2 material coop. (06-09), 3 verbal conflict (10-14), 4 material conflict (15-20)"),
    ("plover_quad", pa.int32(), "PLOVER's own quad class of the PLOVER type"),
    ("goldstein", pa.float64(), "Goldstein score of the CAMEO code, -10 (conflict) to +10 (cooperation)"),
    ("when_start", pa.date32(), "first day the event may have happened"),
    ("when_end", pa.date32(), "last day the event may have happened"),
    ("when_precision", pa.string(), "day, week, month, season, quarter, year, decade, century or unknown"),
    ("when_basis", pa.string(), "where the date came from: text, narrative, publication or none"),
    ("when_text", pa.string(), "the date expression as written"),
    ("place", pa.string(), "where it happened, as named (GDELT: ActionGeo_FullName)"),
    ("modality", pa.string(), "asserted, negated, hypothetical, future, recommended, reported or generic"),
    ("confidence", pa.float64(), "the coder's confidence, 0 to 1"),
    ("rule", pa.string(), "what decided it: 'model:extractor.v1' (the trained extractor, then '|' and the pattern that gave the fine code, if any, or '|usual-code' when the code is the one hand coders of news most often give an event of its root) or 'pattern:LINE:TERMS' (the patterns alone, --no-learned), then '|held-by-militants' when an arrest by a militant group was coded as an abduction (181), '|content-asks' when a statement that another actor must or should act was coded as a demand (100) or an appeal (020), or '|no-comment' when a reply not given, or a statement that there is or will be no comment, was coded as a refusal to comment (011), '|will-not' when a yielding one says one will not do ('will not release') was coded as the refusal of it (124x), '|content-threatens' when a statement or vow that the speaker will use force was coded as a threat of force (138), '|content-warns' when a statement or warning that another actor would face consequences or a confrontation was coded as a threat (130) against that actor, '|own-post' when a resignation (0831) that names no target takes the resigner's own country, '|content-accuses' when a statement that another actor committed an assault or mass violence, or is behind something, was coded as an accusation (112), or '|story-target' when a conflict event (roots 10-20) whose sentence names no target a coder can name takes as its target the source's opponent elsewhere in the document; 'gdelt' for imported GDELT rows"),
    ("geo_name", pa.string(), "the place resolved with the GeoNames gazetteer: 'City, [US state,] Country', 'State, United States' or 'Country' (GDELT: ActionGeo_FullName)"),
    ("geo_country", pa.string(), "the place's country, ISO 3166 alpha-3 (GDELT: ActionGeo_CountryCode, in FIPS 10-4)"),
    ("geo_adm1", pa.string(), "the place's first-order division, GeoNames' admin1 code within the country ('TX', '09')"),
    ("geo_lat", pa.float64(), "the place's latitude (a country's or state's: that of its most central city)"),
    ("geo_lon", pa.float64(), "the place's longitude"),
    ("geo_level", pa.string(), "city, region (a US state) or country"),
    ("geo_feature_id", pa.string(), "the place's gazetteer id: a GeoNames id; GDELT's ActionGeo_FeatureID for imported GDELT rows"),
    ("doc_url", pa.string(), "the document's URL"),
    ("doc_title", pa.string(), "the document's title"),
    ("doc_source", pa.string(), "the document's source (publisher, feed or 'gdelt')"),
    ("doc_published", pa.date32(), "the document's publication date"),
]  # fmt: skip

#: The Arrow schema of the flat event exports (Parquet, CSV, ``events_table``).
EVENT_SCHEMA = pa.schema(
    [pa.field(name, typ, metadata={"description": desc}) for name, typ, desc in _FIELDS],
    metadata={"detente.table": "events", "detente.schema_version": "2"},  # 2: actor spans (2026-12)
)


#: What an export does with an event the text gives no date: "skip" leaves it out (the
#: default: GDELT readers take SQLDATE as the day of the event, and an invented day is the
#: very error detente exists to avoid), "publication" writes its article's publication day
#: and says so (GDELT: a flag column, ``detente.formats.gdelt.PUBLICATION_FLAG``; PLOVER:
#: ``date_basis`` "publication").
UNDATED = ("skip", "publication")

def check_undated(undated: str) -> str:
    """``undated`` if it is one of :data:`UNDATED`, else ValueError."""
    if undated not in UNDATED:
        raise ValueError(f"undated must be one of {', '.join(UNDATED)}, not {undated!r}")
    return undated


def is_undated(ev: dict[str, Any]) -> bool:
    """Does the event row carry no date of its own (no ``when_start``)?"""
    return _date(ev.get("when_start")) is None


def select_events(
    store: Any,
    dyad: tuple[str, str] | None = None,
    *,
    since: int | str | dt.date | None = None,
    until: int | str | dt.date | None = None,
    modality: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events an export writes (``Store.events`` rows, every modality by default) and
    the rows of their documents. Raises UnknownCountryError for an unknown dyad code."""
    events = store.events(
        dyad, since=parse_bound(since, start=True), until=parse_bound(until, start=False),
        modality=modality,
    )  # fmt: skip
    docs = store.rows_where_in(
        "documents", "id", events["doc_id"].drop_duplicates(),
        columns="id, url, title, source, published, coded_at",
    )  # fmt: skip
    return events, docs


def to_frame(events: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Events joined with their documents' columns, in :data:`EVENT_SCHEMA` order."""
    docs = documents.rename(columns={"id": "doc_id", "url": "doc_url", "title": "doc_title",
                                     "source": "doc_source", "published": "doc_published"})  # fmt: skip
    docs = docs[["doc_id", "doc_url", "doc_title", "doc_source", "doc_published"]]
    frame = events.merge(docs, on="doc_id", how="left") if len(events) else events.copy()
    for name in EVENT_SCHEMA.names:
        if name not in frame.columns:
            frame[name] = None
    return frame[EVENT_SCHEMA.names]


def events_table(events: pd.DataFrame, documents: pd.DataFrame) -> pa.Table:
    """:func:`to_frame` as a ``pyarrow.Table`` with :data:`EVENT_SCHEMA`."""
    frame = to_frame(events, documents)
    arrays = []
    for f in EVENT_SCHEMA:
        col = frame[f.name]
        if pa.types.is_date32(f.type):
            values = [_date(v) for v in col]
        else:
            values = [None if _missing(v) else v for v in col.astype(object)]
            if pa.types.is_integer(f.type):
                values = [None if v is None else int(v) for v in values]
            elif pa.types.is_floating(f.type):
                values = [None if v is None else float(v) for v in values]
            elif pa.types.is_boolean(f.type):
                values = [None if v is None else bool(v) for v in values]
            else:
                values = [None if v is None else str(v) for v in values]
        arrays.append(pa.array(values, type=f.type))
    return pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA)


def _missing(v: Any) -> bool:
    if v is None or v is pd.NaT:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _date(v: Any) -> dt.date | None:
    if _missing(v):
        return None
    if isinstance(v, pd.Timestamp | dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def write_parquet(table: pa.Table, path: str | os.PathLike[str]) -> None:
    """Write an :func:`events_table` to a Parquet file (schema and descriptions included)."""
    import pyarrow.parquet as pq

    pq.write_table(table, os.fspath(path))


def write_csv(table: pa.Table, out: IO[str]) -> None:
    """Write an :func:`events_table` as CSV with a header (dates ISO, empty cells for nulls)."""
    ints = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype()}
    frame = table.to_pandas(types_mapper=ints.get)
    for f in EVENT_SCHEMA:
        if pa.types.is_date32(f.type):
            frame[f.name] = [None if d is None or _missing(d) else d.isoformat() for d in table.column(f.name).to_pylist()]
    frame.to_csv(out, index=False, lineterminator="\n")
