"""The store: a DuckDB database of documents, events, actors, states and interests.

Writes are idempotent upserts by document: storing a CodedDocument again replaces what that
document had, in one transaction, so re-running an ingest never duplicates anything and a
failure half-way through one document leaves the previous state intact. Queries return pandas
DataFrames. Dyad queries match either direction and include predecessor states (a PAK–RUS
query includes PAK–SUN events).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import pandas as pd

from .records import CodedDocument, Event, Interest
from .rows import from_row, to_row

__all__ = ["DEFAULT_DB", "Store", "StoreError", "StoreLockedError", "UnknownCountryError"]

log = logging.getLogger(__name__)

DEFAULT_DB = "detente.duckdb"

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY, title VARCHAR, url VARCHAR, source VARCHAR, published DATE,
    published_basis VARCHAR, lang VARCHAR, text VARCHAR, n_events INTEGER,
    coded_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, doc_id VARCHAR NOT NULL, sentence VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, span_start INTEGER, span_end INTEGER,
    trigger VARCHAR,
    source_code VARCHAR, source_country VARCHAR, source_sector VARCHAR, source_name VARCHAR,
    source_text VARCHAR, source_via VARCHAR,
    target_code VARCHAR, target_country VARCHAR, target_sector VARCHAR, target_name VARCHAR,
    target_text VARCHAR, target_via VARCHAR,
    "symmetric" BOOLEAN, cameo VARCHAR, root VARCHAR, plover VARCHAR, plover_mode VARCHAR,
    plover_context VARCHAR, quad INTEGER, plover_quad INTEGER, goldstein DOUBLE,
    when_start DATE, when_end DATE, when_precision VARCHAR, when_basis VARCHAR, when_text VARCHAR,
    place VARCHAR, modality VARCHAR, confidence DOUBLE, rule VARCHAR,
    geo_name VARCHAR, geo_country VARCHAR, geo_adm1 VARCHAR, geo_lat DOUBLE, geo_lon DOUBLE,
    geo_level VARCHAR, geo_feature_id VARCHAR
);
CREATE TABLE IF NOT EXISTS actors (
    doc_id VARCHAR NOT NULL, code VARCHAR, country VARCHAR, sector VARCHAR, name VARCHAR,
    text VARCHAR, span_start INTEGER, span_end INTEGER, via VARCHAR
);
CREATE TABLE IF NOT EXISTS states (
    doc_id VARCHAR NOT NULL, a VARCHAR, b VARCHAR, polarity INTEGER, strength DOUBLE,
    when_start DATE, when_end DATE, when_precision VARCHAR, when_basis VARCHAR, when_text VARCHAR,
    sentence VARCHAR, span_start INTEGER, span_end INTEGER, trigger VARCHAR, modality VARCHAR
);
CREATE TABLE IF NOT EXISTS interests (
    doc_id VARCHAR NOT NULL, holder_code VARCHAR, holder_country VARCHAR,
    counterpart_code VARCHAR, counterpart_country VARCHAR, issue VARCHAR, stance VARCHAR,
    attribution VARCHAR, when_start DATE, when_end DATE, when_basis VARCHAR,
    sentence VARCHAR, span_start INTEGER, span_end INTEGER, trigger VARCHAR
);
"""

_CHILD_TABLES = ("events", "actors", "states", "interests")

#: Columns added to a table after its first release: a store made before them gets them
#: when it is opened for writing (and a Parquet dataset's view shows them as NULL).
_ADDED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (
        ("geo_name", "VARCHAR"), ("geo_country", "VARCHAR"), ("geo_adm1", "VARCHAR"),
        ("geo_lat", "DOUBLE"), ("geo_lon", "DOUBLE"), ("geo_level", "VARCHAR"),
        ("geo_feature_id", "VARCHAR"),
        ("source_span_start", "INTEGER"), ("source_span_end", "INTEGER"),
        ("target_span_start", "INTEGER"), ("target_span_end", "INTEGER"),
    ),
    "interests": (
        ("holder_sector", "VARCHAR"), ("holder_name", "VARCHAR"), ("holder_text", "VARCHAR"),
        ("holder_via", "VARCHAR"), ("counterpart_sector", "VARCHAR"), ("counterpart_name", "VARCHAR"),
        ("counterpart_text", "VARCHAR"), ("counterpart_via", "VARCHAR"), ("when_precision", "VARCHAR"),
        ("when_text", "VARCHAR"), ("holder_span_start", "INTEGER"), ("holder_span_end", "INTEGER"),
        ("counterpart_span_start", "INTEGER"), ("counterpart_span_end", "INTEGER"),
    ),
}  # fmt: skip


from .errors import NotFound, StoreError, UnknownCode

#: The name the store's callers knew an unknown code by.
UnknownCountryError = UnknownCode


class StoreLockedError(StoreError):
    """The database file is held by another process (DuckDB: one writing process, or any
    number of reading processes, never both). See docs/concurrency.md."""

    def __init__(self, path: str, pid: int | None, read_only: bool):
        holder = f"another process (PID {pid})" if pid else "another process"
        if read_only:
            message = (
                f"{path} is being written by {holder}, e.g. a running `detente code`; DuckDB "
                "lets no other process open a database while one writes it. Query it when "
                "that run has finished."
            )
        else:
            message = (
                f"{path} is open in {holder}; DuckDB lets a process write a database only "
                "when no other process has it open. Run again when that one has finished "
                "(an interrupted `detente code` resumes where it stopped)."
            )
        super().__init__(message)
        self.path, self.pid = path, pid


_LOCKED_RE = re.compile(r"Could not set lock|Conflicting lock")
_PID_RE = re.compile(r"\(PID (\d+)\)")


def _connect(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open ``path``; while another process holds it, retry with backoff for up to ``wait``
    seconds, then raise StoreLockedError."""
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if not _LOCKED_RE.search(str(exc)):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pid = _PID_RE.search(str(exc))
                raise StoreLockedError(path, int(pid.group(1)) if pid else None, read_only) from exc
            time.sleep(min(delay, remaining))
            delay = min(1.0, 2 * delay)




def event_row(e: Event) -> dict[str, Any]:
    """The row of the events table that holds ``e`` (:func:`detente.rows.to_row`)."""
    return to_row(e)


def event_from_row(r: dict[str, Any]) -> Event:
    """Rebuild the Event record from a row of the events table."""
    return from_row(Event, r)


class Store:
    """A detente database. ``Store(":memory:")`` for a throw-away one.

    ``read_only=True`` opens an existing file for queries only. A file another process is
    writing (or, to write, one another process has open) is retried for up to ``wait``
    seconds, then :class:`StoreLockedError` says so.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = DEFAULT_DB,
        *,
        read_only: bool = False,
        connection: duckdb.DuckDBPyConnection | None = None,
        wait: float = 0.0,
    ):
        self.path = str(path)
        self.parquet = connection is None and os.path.isdir(self.path)
        if self.parquet:
            # a Parquet dataset written by the Dask engine: DuckDB reads it in place
            self.con = duckdb.connect(":memory:")
            self._attach_parquet(self.path)
            return
        if connection is not None:
            self.con = connection
        else:
            if read_only and self.path != ":memory:" and not os.path.exists(self.path):
                raise StoreError(f"no detente database at {self.path} (run `detente code` first)")
            try:
                self.con = _connect(self.path, read_only, wait)
            except StoreLockedError:
                raise
            except duckdb.Error as exc:
                raise StoreError(f"cannot open {self.path}: {exc}") from exc
        if not read_only:
            # one transaction: a process killed while creating the tables leaves all or none
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(SCHEMA)
                for table, columns in _ADDED_COLUMNS.items():
                    for name, typ in columns:
                        self.con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {typ}")
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise

    def _attach_parquet(self, root: str) -> None:
        """Expose ``root/TABLE/*.parquet`` as the store's tables (read-only views)."""
        self.con.execute(SCHEMA)
        for table in ("documents", *_CHILD_TABLES):
            files = os.path.join(root, table, "*.parquet")
            if not glob.glob(files):
                continue
            self.con.execute(f"DROP TABLE {table}")
            quoted = files.replace("'", "''")
            source = f"read_parquet('{quoted}', union_by_name = true)"
            have = {r[0] for r in self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
            extra = "".join(
                f", NULL::{typ} AS {name}" for name, typ in _ADDED_COLUMNS.get(table, ()) if name not in have
            )  # partitions written before a column existed
            self.con.execute(f"CREATE VIEW {table} AS SELECT *{extra} FROM {source}")

    def write_parquet(self, root: str, name: str) -> None:
        """Write every table of this store as ``root/TABLE/NAME.parquet`` (one partition)."""
        for table in ("documents", *_CHILD_TABLES):
            os.makedirs(os.path.join(root, table), exist_ok=True)
            final = os.path.join(root, table, f"{name}.parquet")
            tmp = final + ".tmp"
            self.con.execute(f"COPY {table} TO '{tmp.replace(chr(39), chr(39) * 2)}' (FORMAT parquet)")
            os.replace(tmp, final)  # a partition appears whole or not at all

    # -- context manager -------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ----------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone() is not None

    def add(self, coded: CodedDocument) -> None:
        """Store one coded document, replacing whatever that document had before."""
        self.add_many([coded])

    def add_many(self, batch: Sequence[CodedDocument]) -> None:
        """Store coded documents in one transaction (all or nothing)."""
        if not batch:
            return
        if self.parquet:
            raise StoreError(f"{self.path} is a Parquet dataset: write to it with --engine dask")
        ids = [c.document.id for c in batch]
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        docs = pd.DataFrame([{**to_row(c.document), "n_events": len(c.events), "coded_at": now} for c in batch])
        events = [to_row(e) for c in batch for e in c.events]
        actors = [{"doc_id": c.document.id, **to_row(a)} for c in batch for a in c.actors]
        states = [to_row(s) for c in batch for s in c.states]
        interests = [to_row(i) for c in batch for i in c.interests]
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            with self._registered("_ids", pd.DataFrame({"id": ids})):
                for table in _CHILD_TABLES:
                    con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT id FROM _ids)")
                con.execute("DELETE FROM documents WHERE id IN (SELECT id FROM _ids)")
            self._insert("documents", docs)
            for table, rows in (
                ("events", events),
                ("actors", actors),
                ("states", states),
                ("interests", interests),
            ):
                if rows:
                    # one event id per event: the last occurrence in a batch wins
                    frame = pd.DataFrame(rows)
                    if table == "events":
                        frame = frame.drop_duplicates("id", keep="last")
                    self._insert(table, frame)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def _insert(self, table: str, frame: pd.DataFrame) -> None:
        cols = [r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()]
        for c in cols:
            if c not in frame.columns:
                frame[c] = None
        frame = frame[cols]
        with self._registered("_frame", frame):
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _frame")

    # -- side tables: a source's own columns that detente has no field for -----------------
    def add_side_rows(self, table: str, frame: pd.DataFrame) -> None:
        """Upsert ``frame`` (an ``id`` column and string columns) into the side table
        ``table``, created on first use with every column VARCHAR (e.g. ``gdelt_events``:
        GDELT's own columns, so an export gives them back). One transaction."""
        if self.parquet:
            raise StoreError(f"{self.path} is a Parquet dataset: it cannot be written to")
        if not table.isidentifier() or table in ("documents", *_CHILD_TABLES) or "id" not in frame:
            raise ValueError(f"not a side table or frame without 'id': {table!r}")
        cols = ", ".join(f'"{c}" VARCHAR' for c in frame.columns if c != "id")
        frame = frame.astype(object).where(frame.notna(), None)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f"CREATE TABLE IF NOT EXISTS {table} (id VARCHAR PRIMARY KEY, {cols})")
            with self._registered("_side", frame):
                con.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM _side)")
            self._insert(table, frame)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def rows_where_in(
        self, table: str, column: str, values: Iterable[Any], columns: str = "*"
    ) -> pd.DataFrame:
        """``SELECT columns FROM table WHERE column IN values``, for any number of values
        (they are joined as a registered frame, not spelled into the SQL)."""
        frame = pd.DataFrame({"v": pd.Series(list(values), dtype=object)})
        with self._registered("_where_in", frame):
            return self.con.execute(
                f"SELECT {columns} FROM {table} WHERE {column} IN (SELECT v FROM _where_in)"
            ).df()

    @contextlib.contextmanager
    def _registered(self, name: str, frame: pd.DataFrame):
        """``frame`` visible to SQL as ``name`` inside the block."""
        self.con.register(name, frame)
        try:
            yield
        finally:
            self.con.unregister(name)

    def has_table(self, name: str) -> bool:
        """Whether the store has a table or view called ``name``."""
        rows = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchall()
        return bool(rows[0][0])

    def arrow(self, query: str, params: Sequence[Any] | None = None):
        """Run SQL on the store and return a ``pyarrow.Table`` (``sql()`` gives pandas)."""
        finish = getattr(self.con, "complete", None)  # DuckDB >= 2: end a half-read result first
        if finish is not None:
            finish()
        return self.con.sql(query, params=list(params) if params else None).to_arrow_table()

    # -- queries ---------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {
            t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", *_CHILD_TABLES)
        }

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run SQL on the store and return a DataFrame."""
        return self.con.execute(query, params or []).df()

    def events(
        self,
        dyad: tuple[str, str] | None = None,
        *,
        since: int | dt.date | None = None,
        until: int | dt.date | None = None,
        root: str | Iterable[str] | None = None,
        modality: str | None = "asserted",
        country: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        columns: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Events as a DataFrame, oldest first (undated last); ``columns`` selects fewer.

        ``dyad`` matches either direction and predecessor states; ``since``/``until`` are
        years or dates (undated events are dropped when either is given); ``modality=None``
        returns every modality.
        """
        where, params = self._event_filter(
            dyad, since=since, until=until, root=root, modality=modality, country=country
        )
        if columns is not None:
            known = {r[0] for r in self.con.execute("DESCRIBE events").fetchall()}
            unknown = [c for c in columns if c not in known]
            if unknown:
                raise ValueError(f"unknown event column(s): {', '.join(unknown)}")
        select = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        sql = f"SELECT {select} FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY when_start NULLS LAST, doc_id, span_start"
        if limit:
            sql += f" LIMIT {int(limit)}"
        if offset:
            sql += f" OFFSET {int(offset)}"
        return self.con.execute(sql, params).df()

    def count_events(
        self,
        dyad: tuple[str, str] | None = None,
        *,
        since: int | dt.date | None = None,
        until: int | dt.date | None = None,
        root: str | Iterable[str] | None = None,
        modality: str | None = "asserted",
        country: str | None = None,
    ) -> int:
        """How many events :meth:`events` would return with no ``limit``, counted in the
        database."""
        where, params = self._event_filter(
            dyad, since=since, until=until, root=root, modality=modality, country=country
        )
        sql = "SELECT count(*) FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        return int(self.con.execute(sql, params).fetchone()[0])

    def _event_filter(
        self, dyad, *, since=None, until=None, root=None, modality=None, country=None
    ) -> tuple[list[str], list[Any]]:
        """The WHERE clauses and their parameters of the events queries."""
        where: list[str] = []
        params: list[Any] = []
        if dyad is not None:
            a, b = (self._expand(c) for c in dyad)
            where.append(_DYAD_SQL)
            params += [a, b, b, a]
        if country is not None:
            c = self._expand(country)
            where.append("(source_country IN ? OR target_country IN ?)")
            params += [c, c]
        if since is not None:
            # (written out, not coalesce(): DuckDB then skips whole row groups by their dates)
            where.append("(when_end >= ? OR (when_end IS NULL AND when_start >= ?))")
            params += [_as_date(since, start=True)] * 2
        if until is not None:
            where.append("when_start <= ?")
            params.append(_as_date(until, start=False))
        if root is not None:
            roots = [root] if isinstance(root, str) else list(root)
            where.append("root IN ?")
            params.append([r.zfill(2) for r in roots])
        if modality is not None:
            where.append("modality = ?")
            params.append(modality)
        return where, params

    def timeline(
        self,
        a: str,
        b: str,
        *,
        since: int | dt.date | None = None,
        until: int | dt.date | None = None,
        modality: str | None = "asserted",
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Events between ``a`` and ``b``, oldest first, with their evidence sentences
        (``limit``/``offset`` page through a long timeline)."""
        cols = [
            "when_start", "when_end", "when_precision", "when_basis", "source_code", "target_code",
            "cameo", "plover", "goldstein", "quad", "modality", "trigger", "sentence", "id", "doc_id",
        ]  # fmt: skip
        return self.events(
            (a, b), since=since, until=until, modality=modality, limit=limit, offset=offset, columns=cols
        )

    def dyad_counts(
        self, a: str, b: str, *, freq: str = "year", modality: str | None = "asserted",
        since: int | str | dt.date | None = None, until: int | str | dt.date | None = None,
    ) -> pd.DataFrame:
        """Per-period event counts by GDELT and PLOVER quad class and Goldstein sum/mean for a
        dyad (either direction, predecessors included), computed in the database: fast on
        millions of events. An event counts in the period of its interval's middle, and in
        ``since``..``until`` when that middle is; undated events are left out."""
        if freq not in ("year", "quarter", "month"):
            raise ValueError(f"freq must be year, quarter or month, not {freq!r}")
        where, params = self._event_filter((a, b), modality=modality)
        where += ["when_start IS NOT NULL", *_mid_window(since, until, params)]
        # one group per (period, quad, PLOVER quad), pivoted here: as fast as counting the
        # GDELT quads alone with FILTER clauses, and the PLOVER ones come free
        rows = self.con.execute(
            f"""SELECT date_trunc('{freq}', {_MID_DAY_SQL})::DATE AS period, quad, plover_quad, count(*) AS n,
                       sum(goldstein) AS g, count(goldstein) AS ng
                FROM events WHERE {' AND '.join(where)} GROUP BY ALL""",
            params,
        ).df()
        cols = ["period", "n_events", "q1", "q2", "q3", "q4", "plover_q1", "plover_q2", "plover_q3", "plover_q4",
                "goldstein_sum", "goldstein_mean"]  # fmt: skip
        if rows.empty:
            return pd.DataFrame(columns=cols)
        g = rows.groupby("period")
        out = pd.DataFrame({"n_events": g["n"].sum()})
        for q in range(1, 5):
            out[f"q{q}"] = rows["n"].where(rows["quad"] == q, 0).groupby(rows["period"]).sum()
        for q in range(1, 5):
            out[f"plover_q{q}"] = rows["n"].where(rows["plover_quad"] == q, 0).groupby(rows["period"]).sum()
        out["goldstein_sum"] = g["g"].sum()
        out["goldstein_mean"] = out["goldstein_sum"] / g["ng"].sum().where(lambda n: n > 0)
        return out.reset_index().sort_values("period").reset_index(drop=True)[cols]

    def event(self, event_id: str) -> Event | None:
        rows = self.con.execute("SELECT * FROM events WHERE id = ?", [event_id]).df()
        if rows.empty:
            rows = self.con.execute("SELECT * FROM events WHERE id LIKE ?", [event_id + "%"]).df()
            if len(rows) != 1:
                return None
        return event_from_row(rows.iloc[0].to_dict())

    def document(self, doc_id: str) -> dict[str, Any] | None:
        rows = self.con.execute("SELECT * FROM documents WHERE id = ?", [doc_id]).df()
        return None if rows.empty else rows.iloc[0].to_dict()

    def explain(self, event_id: str) -> dict[str, Any]:
        """Everything behind one event: sentence, actors, trigger, rule, date and its basis."""
        ev = self.event(event_id)
        if ev is None:
            raise NotFound(f"no event with id {event_id!r}")
        doc = self.document(ev.doc_id) or {}
        out = ev.to_dict()
        out["document"] = {
            "id": ev.doc_id,
            "title": doc.get("title"),
            "published": str(doc.get("published")) if doc.get("published") is not None else None,
            "published_basis": doc.get("published_basis"),
            "source": doc.get("source"),
        }
        out["explanation"] = _explanation(ev)
        return out

    def states(
        self, a: str, b: str, *, since: int | str | dt.date | None = None, until: int | str | dt.date | None = None
    ) -> pd.DataFrame:
        """The relation states of ``a``–``b`` (either order, predecessors included), oldest
        first; ``since``/``until`` keep the dated states whose interval meets the window."""
        where, params = self._state_filter(a, b, since, until)
        return self.con.execute(f"SELECT * FROM states WHERE {where} ORDER BY when_start NULLS LAST", params).df()

    def _state_filter(self, a: str, b: str, since, until) -> tuple[str, list[Any]]:
        """The WHERE clause of the relation states of ``a``–``b`` in the window."""
        ea, eb = self._expand(a), self._expand(b)
        where, params = ["((a IN ? AND b IN ?) OR (a IN ? AND b IN ?))"], [ea, eb, eb, ea]
        if since is not None or until is not None:
            where.append("when_start IS NOT NULL")
        if since is not None:
            where.append("coalesce(when_end, when_start) >= ?")
            params.append(_as_date(since, start=True))
        if until is not None:
            where.append("when_start <= ?")
            params.append(_as_date(until, start=False))
        return " AND ".join(where), params

    # -- one dyad's picture (see detente.analysis.picture) ---------------------------------
    def modality_counts(self, a: str, b: str, *, since=None, until=None) -> dict[str, int]:
        """How many events of ``a``–``b`` there are of each modality, most first."""
        where, params = self._event_filter((a, b), since=since, until=until)
        rows = self.con.execute(
            f"SELECT modality, count(*) AS n FROM events WHERE {' AND '.join(where)} GROUP BY 1 ORDER BY n DESC, 1",
            params,
        ).fetchall()
        return {m: int(n) for m, n in rows}

    def dyad_documents(self, a: str, b: str, *, since=None, until=None) -> int:
        """How many documents hold an event (of any modality) or a relation state of ``a``–``b``."""
        where, params = self._event_filter((a, b), since=since, until=until)
        state_where, state_params = self._state_filter(a, b, since, until)
        return int(self.con.execute(
            f"SELECT count(DISTINCT doc_id) FROM (SELECT doc_id FROM events WHERE {' AND '.join(where)} "
            f"UNION ALL SELECT doc_id FROM states WHERE {state_where})", params + state_params,
        ).fetchone()[0])  # fmt: skip

    def dyad_interests(self, a: str, b: str) -> pd.DataFrame:
        """The interests held by either side, or held towards either side."""
        both = sorted({*self._expand(a), *self._expand(b)})
        return self.con.execute(
            "SELECT * FROM interests WHERE holder_country IN ? OR counterpart_country IN ?", [both, both]
        ).df()

    def recent_events(self, a: str, b: str, n: int, *, since=None, until=None) -> pd.DataFrame:
        """The ``n`` latest events of ``a``–``b`` (every modality; undated last), with the
        columns a timeline and the issues read."""
        where, params = self._event_filter((a, b), since=since, until=until)
        cols = ("id, doc_id, sentence, trigger, source_code, source_country, target_code, target_country, "
                '"symmetric", cameo, goldstein, when_start, when_end, when_precision, modality, plover_context')
        return self.con.execute(
            f"SELECT {cols} FROM events WHERE {' AND '.join(where)} ORDER BY when_start DESC NULLS LAST, id LIMIT ?",
            [*params, int(n)],
        ).df()

    def count_undated(self, a: str, b: str, *, modality: str | None = "asserted") -> int:
        where, params = self._event_filter((a, b), modality=modality)
        return int(self.con.execute(
            f"SELECT count(*) FROM events WHERE {' AND '.join(where)} AND when_start IS NULL", params
        ).fetchone()[0])  # fmt: skip

    def strongest_events(self, a: str, b: str, lo: dt.date, hi: dt.date, top: int = 3) -> pd.DataFrame:
        """The ``top`` asserted events of ``a``–``b`` that meet ``lo``..``hi``, largest
        |Goldstein| first: what explains a turning point on counts computed here."""
        where, params = self._event_filter((a, b), modality="asserted")
        return self.con.execute(
            f"""SELECT id, when_start, when_end, when_precision, source_code, source_country,
                       target_code, target_country, cameo, goldstein, trigger, sentence
                FROM events WHERE {' AND '.join(where)}
                  AND when_start IS NOT NULL AND when_start <= ? AND coalesce(when_end, when_start) >= ?
                ORDER BY abs(goldstein) DESC, when_start, id LIMIT ?""",
            [*params, hi, lo, int(top)],
        ).df()

    def third_parties(
        self, a: str, b: str, *, since=None, until=None, limit: int | None = None, include_igos: bool = False,
        modality: str | None = "asserted", min_docs: int = 1,
    ) -> pd.DataFrame:
        """:func:`detente.analysis.third_parties` of this store, computed in the database."""
        return third_party_table(self.con, a, b, since=since, until=until, limit=limit, include_igos=include_igos,
                                 modality=modality, min_docs=min_docs)

    def interests(self, holder: str, counterpart: str | None = None) -> pd.DataFrame:
        params: list[Any] = [self._expand(holder)]
        sql = "SELECT * FROM interests WHERE holder_country IN ?"
        if counterpart:
            sql += " AND counterpart_country IN ?"
            params.append(self._expand(counterpart))
        return self.con.execute(sql, params).df()

    def top_dyads(self, n: int = 5) -> list[tuple[str, str, int]]:
        """The ``n`` country pairs with the most events (either direction), most first."""
        rows = self.con.execute(
            "SELECT least(source_country, target_country) a, greatest(source_country, target_country) b, "
            "count(*) n FROM events WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
            "AND source_country <> target_country GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT ?",
            [n],
        ).fetchall()
        return [(a, b, int(k)) for a, b, k in rows]

    def _expand(self, code: str) -> list[str]:
        """A country (or organisation, group, people) given by its code or its name, with the
        states it continues (RUS: also SUN). UnknownCode with suggestions otherwise."""
        from .actors.gazetteer import states
        from .actors.lookup import country_code

        code = country_code(code)
        return [code, *states().predecessors(code)]


#: Events of a dyad, either direction: parameters A, B, B, A (each a list of codes).
_DYAD_SQL = "((source_country IN ? AND target_country IN ?) OR (source_country IN ? AND target_country IN ?))"
#: The middle of an event's interval, in seconds (an event without an end: its start) ...
_MID_EPOCH_SQL = "((epoch(when_start) + epoch(greatest(coalesce(when_end, when_start), when_start))) / 2)"
#: ... and its day, which places the event in a period.
_MID_DAY_SQL = "(when_start + ((greatest(coalesce(when_end, when_start), when_start) - when_start) // 2)::INTEGER)"


def _mid_window(since, until, params: list[Any]) -> list[str]:
    """The clauses keeping the events whose interval's middle lies in ``since``..``until``
    (the whole of the last day included), as :func:`detente.analysis.dyad_series` places
    them; their parameters are appended to ``params``."""
    clauses = []
    if since is not None:
        clauses.append(f"{_MID_EPOCH_SQL} >= epoch(?::DATE)")
        params.append(_as_date(since, start=True))
    if until is not None:
        clauses.append(f"{_MID_EPOCH_SQL} < epoch(?::DATE + 1)")
        params.append(_as_date(until, start=False))
    return clauses


#: The columns of a third-party table, in order.
THIRD_PARTY_COLUMNS = [
    "country", "name", "n_docs", "n_mentions", "n_with_a", "goldstein_a", "n_with_b", "goldstein_b",
]  # fmt: skip


def third_party_table(
    con: duckdb.DuckDBPyConnection, a: str, b: str, *, since=None, until=None, limit: int | None = None,
    include_igos: bool = False, modality: str | None = "asserted", min_docs: int = 1,
) -> pd.DataFrame:
    """Third parties of ``a``–``b`` on a connection with ``events``, ``actors`` and ``states``
    tables (or views of frames): see :func:`detente.analysis.third_parties`."""
    from .actors.gazetteer import gazetteer
    from .actors.lookup import country_code
    from .analysis._frames import canonical, members

    a, b = country_code(a), country_code(b)
    ma, mb = sorted(members(a)), sorted(members(b))
    ca, cb = sorted(members(canonical(a))), sorted(members(canonical(b)))
    clauses, wparams = (["modality = ?"], [modality]) if modality is not None else ([], [])
    if since is not None or until is not None:
        clauses += ["when_start IS NOT NULL", *_mid_window(since, until, wparams)]
    window = "".join(f" AND {c}" for c in clauses)
    canon = _canon_case("country")
    gaz = gazetteer()
    co = con.execute(
        f"""WITH dyad_docs AS (
                SELECT doc_id FROM events WHERE {_DYAD_SQL}{window}
                UNION SELECT doc_id FROM states WHERE (a IN ? AND b IN ?) OR (a IN ? AND b IN ?)
                UNION (SELECT doc_id FROM actors WHERE country IN ?
                       INTERSECT SELECT doc_id FROM actors WHERE country IN ?))
            SELECT {canon} AS country, count(DISTINCT doc_id) AS n_docs, count(*) AS n_mentions
            FROM actors WHERE doc_id IN (SELECT doc_id FROM dyad_docs)
              AND country IS NOT NULL AND {canon} NOT IN ?
            GROUP BY 1""",
        [ma, mb, mb, ma, *wparams, ma, mb, mb, ma, ca, cb, sorted({canonical(c) for c in (*ma, *mb)})],
    ).fetchall()
    co = [(c, int(d), int(m)) for c, d, m in co if (include_igos or gaz.country(c) is not None) and d >= min_docs]
    if not co:
        return pd.DataFrame(columns=THIRD_PARTY_COLUMNS)
    cs = sorted({m for c, _, _ in co for m in members(c)})
    stats: dict[tuple[str, str], tuple[int, float]] = {}
    for side, mx in (("a", ma), ("b", mb)):
        for c, n, g in con.execute(
            f"""SELECT {_canon_case("o")} AS c, count(*) AS n, avg(g) AS g FROM (
                    SELECT CASE WHEN source_country IN ? THEN target_country ELSE source_country END AS o,
                           goldstein AS g
                    FROM events WHERE {_DYAD_SQL}{window})
                GROUP BY 1""",
            [mx, mx, cs, cs, mx, *wparams],
        ).fetchall():
            stats[(side, c)] = (int(n), float("nan") if g is None else float(g))
    rows = []
    for c, n_docs, n_mentions in co:
        country = gaz.country(c)
        na, ga = stats.get(("a", c), (0, float("nan")))
        nb, gb = stats.get(("b", c), (0, float("nan")))
        rows.append([c, country.name if country else c, n_docs, n_mentions, na, ga, nb, gb])
    rows.sort(key=lambda r: (-r[2], -(r[4] + r[6]), -r[3], r[0]))
    return pd.DataFrame(rows[:limit] if limit else rows, columns=THIRD_PARTY_COLUMNS)


def _canon_case(col: str) -> str:
    """SQL mapping the former states in ``col`` to the states they continue (SUN -> RUS)."""
    from .actors.gazetteer import gazetteer
    from .analysis._frames import canonical

    pairs = sorted((c.code, canonical(c.code)) for c in gazetteer().countries.values() if c.successor)
    whens = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in pairs)
    return f"(CASE {col} {whens} ELSE {col} END)" if whens else col


def _as_date(v: int | str | dt.date, *, start: bool) -> dt.date:
    from .bounds import parse_bound

    return parse_bound(v, start=start)


def interest_from_row(r: dict[str, Any]) -> Interest:
    """Rebuild the Interest record from a row of the interests table."""
    return from_row(Interest, r)


def _explanation(ev: Event) -> list[str]:
    basis = {
        "text": "from a date expression in the event's own sentence",
        "narrative": "carried from the last dated sentence of the same passage",
        "publication": "from the publication date (the passage reports recent news)",
        "none": "undated: the text gives no date and the passage is not recent news",
    }
    model, _, pattern = ev.rule.partition("|") if ev.rule.startswith("model:") else ("", "", ev.rule)
    if model:
        decided = (f"trigger {ev.trigger!r} read by the extractor ({model}, P(trigger) {ev.confidence:.2f}); "
                   + (f"fine code from the matching pattern {pattern}" if pattern else "no pattern agreed: the root's own code"))
    else:
        decided = f"trigger {ev.trigger!r} matched {ev.rule}"
    lines = [
        decided,
        f"code {ev.cameo} ({ev.plover or 'no PLOVER type'}), Goldstein {ev.goldstein:+.1f}, quad {ev.quad}",
        f"source {ev.source.code} from {ev.source.text!r} (via {ev.source.via})",
    ]
    if ev.target is not None:
        lines.append(f"target {ev.target.code} from {ev.target.text!r} (via {ev.target.via})")
    lines.append(f"modality {ev.modality}")
    if ev.place:
        g = ev.geo
        where = "not in the gazetteer"
        if g is not None:
            at = f", {g.lat:.4f} {g.lon:.4f}" if g.lat is not None and g.lon is not None else ""
            where = f"{g.name} ({g.level}, {g.country}{at})"
        lines.append(f"place {ev.place!r}: {where}")
    when = ev.when
    span = f"{when.start}..{when.end}" if when.dated else "undated"
    lines.append(f"date {span} ({when.precision}), {basis.get(when.basis, when.basis)}"
                 + (f": {when.text!r}" if when.text else ""))
    return lines


def dumps_event(e: Event) -> str:
    return json.dumps(e.to_dict(), ensure_ascii=False, default=str)
