"""detente's command line: a thin Typer adapter over the library.

Every command calls one public function, prints results on stdout and progress and messages
on stderr, and turns library errors into clean messages with a non-zero exit status.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__
from .errors import NotFound, UnknownCode
from .store import DEFAULT_DB, Store, StoreError

#: Seconds to wait for a database another process holds (DuckDB: one writer, or readers).
LOCK_WAIT = 3.0

app = typer.Typer(
    name="detente",
    help="Political event data from news text: code, store, query and explain events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[str, typer.Option("--db", help="DuckDB database file (':memory:' for none).")]
CountryArg = "A country or organisation: a code (PAK, UNO) or a name (Pakistan, 'the Soviet Union')."
SinceOption = Annotated[Optional[str], typer.Option(help="First date: YYYY, YYYY-MM or YYYY-MM-DD.")]
UntilOption = Annotated[Optional[str], typer.Option(help="Last date: YYYY, YYYY-MM or YYYY-MM-DD.")]

#: Rows a terminal table shows when no --limit is given; csv and jsonl give every row.
TABLE_ROWS = 100
LimitOption = Annotated[
    Optional[int],
    typer.Option(help=f"At most this many rows (a table shows {TABLE_ROWS} unless told; csv and jsonl give all).",
                 min=1),
]
OffsetOption = Annotated[int, typer.Option(help="Skip this many rows first (page through with --limit).", min=0)]


class Undated(str, Enum):
    skip = "skip"
    publication = "publication"


class Format(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class _Nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class CodeFormat(str, Enum):
    none = "none"
    jsonl = "jsonl"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)  # user input in it: not markup
    return typer.Exit(code)


def _country(value: str | None) -> str | None:
    """A country argument as its code: a code or any name the actor tables know (Pakistan,
    "the Soviet Union"); an unknown or ambiguous one is a usage error with suggestions."""
    if value is None:
        return None
    from .actors.lookup import country_code

    try:
        return country_code(value)
    except UnknownCode as exc:
        raise _fail(str(exc), 2) from None


def _dyad(value: tuple[str, str] | None) -> tuple[str, str] | None:
    return None if value is None else (_country(value[0]), _country(value[1]))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"detente {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what detente does.")] = False,
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = None,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@app.command()
def code(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .html .jsonl .csv), directories, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    published: Annotated[
        Optional[str], typer.Option(help="Publication date YYYY-MM-DD for plain text without one.")
    ] = None,
    fmt: Annotated[
        CodeFormat, typer.Option("--format", help="Also print every coded event as JSON lines on stdout.")
    ] = CodeFormat.none,
    strict: Annotated[bool, typer.Option(help="Exit with status 2 when any input was skipped.")] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
    workers: Annotated[
        Optional[int], typer.Option(help="Worker processes (default: every core, for large inputs).")
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="local: this machine into a DuckDB file; dask: a Dask cluster into a Parquet directory (--db DIR).")
    ] = Engine.local,
    scheduler: Annotated[
        Optional[str], typer.Option(help="Dask scheduler address (default: start a LocalCluster).")
    ] = None,
    learned: Annotated[
        bool,
        typer.Option(help="Let the trained extractor decide the events (default); --no-learned: the verb patterns alone (faster, far less accurate on news)."),
    ] = True,
) -> None:
    """Read documents, code their events, and store them (re-running adds nothing new)."""
    from .ingest import IngestProblem, InputError
    from .runner import RunStats, code_paths, default_workers

    stats = RunStats()

    pub = None
    if published:
        try:
            pub = dt.date.fromisoformat(published)
        except ValueError:
            raise _fail(f"--published must be a date YYYY-MM-DD, not {published!r}") from None
    if engine is Engine.dask:
        if db.endswith(".duckdb") or (os.path.exists(db) and not os.path.isdir(db)):
            raise _fail(f"--engine dask writes a Parquet directory: give --db DIR, not {db!r}")
        from .scale import code_with_dask

        if not logging.getLogger().isEnabledFor(logging.INFO):
            for name in ("distributed", "dask"):
                logging.getLogger(name).setLevel(logging.WARNING)

        def results():
            yield from code_with_dask(
                paths, db, scheduler=scheduler, n_workers=workers or default_workers(), published=pub,
                learned=learned,
            )

        store = None
    else:
        try:
            store = Store(db, wait=LOCK_WAIT)
        except StoreError as exc:
            raise _fail(str(exc)) from None

        def results():
            yield from code_paths(paths, store, published=pub, workers=workers, learned=learned, stats=stats)

    started = time.perf_counter()
    from .ingest import estimate_documents

    total = estimate_documents(paths) if engine is Engine.local else None
    meter = _Meter(total, progress)
    n_skipped = n_too_long = 0
    n_docs = n_events = n_sents = 0
    with meter:
        try:
            for item in results():
                if isinstance(item, IngestProblem):
                    n_skipped += 1
                    n_too_long += "too long (" in item.reason
                    _say_skipped(item, meter)
                else:
                    n_docs += 1
                    n_events += len(item.events)
                    n_sents += item.n_sentences
                    if fmt is CodeFormat.jsonl:
                        for e in item.events:
                            sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
                meter.update(n_docs + n_skipped + stats.already_stored, n_docs, n_events, n_sents)
        except InputError as exc:
            raise _fail(str(exc)) from None
        finally:
            if store is not None:
                store.close()
    try:
        with Store(db, read_only=True, wait=LOCK_WAIT) if db != ":memory:" else _Nothing() as final:
            counts = final.counts() if final is not None else {"documents": n_docs, "events": n_events}
    except StoreError:  # another process took the database as soon as this run let it go
        counts = {"documents": "?", "events": "?"}
    elapsed = time.perf_counter() - started
    already = f"{stats.already_stored} document(s) already stored (skipped); " if stats.already_stored else ""
    err.print(
        f"stored {n_docs} new document(s), {n_events} event(s) in {elapsed:.1f}s; {already}"
        f"skipped {n_skipped} unusable input(s){f' ({n_too_long} too long)' if n_too_long else ''}; "
        f"database {db} now holds {counts['documents']} documents, "
        f"{counts['events']} events",
        soft_wrap=True,
    )
    if strict and n_skipped:
        raise typer.Exit(2)


def _say_skipped(item, meter=None) -> None:
    """One line per skipped input. Its text comes from the input, so it is never read as
    markup; piped output is written plainly (rich costs ~0.2 ms a line: a minute for a
    file of 300,000 bad lines)."""
    if err.is_terminal:
        (meter.console if meter is not None else err).print(f"[yellow]skipped[/yellow] {escape(str(item))}", soft_wrap=True)
    else:
        sys.stderr.write(f"skipped {item}\n")


class _Meter:
    """Progress of ``code`` on stderr: on a terminal a bar with documents done of the total
    (when the input's size is known), events, the rate and the time left; without one, a line
    every :data:`PROGRESS_EVERY` seconds."""

    def __init__(self, total: int | None, enabled: bool):
        self.total = total or None
        self.enabled = enabled
        self.started = time.perf_counter()
        self._last = self.started
        self._bar = None
        self.console = err
        if enabled and err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("coding"), BarColumn(), MofNCompleteColumn(),
                TextColumn("docs · {task.fields[events]} events · {task.fields[rate]:.1f} docs/s · "
                           "{task.fields[srate]:.0f} sentences/s ·"),
                TimeRemainingColumn(), console=err, transient=True,
            )  # fmt: skip
            self.console = self._bar.console

    def __enter__(self):
        if self._bar is not None:
            self._bar.__enter__()
            self._task = self._bar.add_task("coding", total=self.total, events=0, rate=0.0, srate=0.0)
        return self

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
        return False

    def update(self, done: int, docs: int, events: int, sentences: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        secs = max(1e-9, now - self.started)
        if self._bar is not None:
            self._bar.update(self._task, completed=done, events=events, rate=docs / secs, srate=sentences / secs)
            return
        if now - self._last < PROGRESS_EVERY:
            return
        self._last = now
        rate = done / secs
        of = f"/{self.total} ({done / self.total:.0%})" if self.total else ""
        left = ""
        if self.total and rate > 0 and done < self.total:
            left = f", about {_duration((self.total - done) / rate)} left"
        sys.stderr.write(f"coded {done}{of} documents, {events} events, {rate:.1f} docs/s{left}\n")
        sys.stderr.flush()


#: Seconds between two progress lines when stderr is not a terminal.
PROGRESS_EVERY = 5.0


def _duration(secs: float) -> str:
    if secs < 90:
        return f"{secs:.0f}s"
    if secs < 5400:
        return f"{secs / 60:.0f} min"
    return f"{secs / 3600:.1f} h"


def _print_frame(frame, fmt: Format) -> None:
    frame = frame.copy()
    for col in frame.columns:
        if str(frame[col].dtype).startswith("datetime64"):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d").where(frame[col].notna(), None)
    if fmt is Format.csv:
        frame.to_csv(sys.stdout, index=False)
    elif fmt is Format.jsonl:
        for rec in frame.to_dict(orient="records"):
            sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    else:
        if frame.empty:
            err.print("no events")
            return
        from rich.table import Table

        table = Table(show_lines=False)
        for col in frame.columns:
            table.add_column(str(col), overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*["" if v is None or v != v else str(v) for v in row])
        Console(soft_wrap=False, width=200).print(table)


def _open(db: str) -> Store:
    try:
        return Store(db, read_only=True, wait=LOCK_WAIT)
    except StoreError as exc:
        raise _fail(str(exc)) from None


@contextlib.contextmanager
def _query(db: str) -> Iterator[Store]:
    """The store, read-only, for a query: an unknown country code is a clear error."""
    with _open(db) as store:
        try:
            yield store
        except UnknownCode as exc:
            raise _fail(str(exc), 2) from None
        except ValueError as exc:  # a bad --since/--until
            raise _fail(str(exc), 2) from None


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    dyad: Annotated[
        Optional[tuple[str, str]], typer.Option(help="Two countries, codes or names, e.g. --dyad PAK RUS or --dyad Pakistan Russia (either direction).", callback=_dyad)
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    root: Annotated[Optional[list[str]], typer.Option(help="CAMEO root(s), e.g. --root 04.")] = None,
    all_modalities: Annotated[
        bool, typer.Option("--all", help="Include non-asserted events (negated, hypothetical, ...).")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", help="table, csv or jsonl.")] = Format.table,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> None:
    """List stored events, oldest first."""
    query = dict(since=since, until=until, root=root, modality=None if all_modalities else "asserted")
    with _query(db) as store:
        limit, total = _page(store, dyad, query, fmt, limit, offset)
        frame = store.events(dyad, limit=limit, offset=offset, **query)
        if frame.empty and fmt is Format.table:
            _say_nothing(store, "events" + (f" between {_labelled(dyad[0])} and {_labelled(dyad[1])}" if dyad else ""),
                         all_modalities)
            return
    if fmt is Format.table:
        frame = frame[["id", "when_start", "when_precision", "source_code", "target_code", "cameo", "goldstein",
                       "modality", "trigger", "sentence"]]
    _print_frame(frame, fmt)
    _say_page(len(frame), offset, total)


def _page(store: Store, dyad, query: dict, fmt: Format, limit: int | None, offset: int) -> tuple[int | None, int | None]:
    """The row limit to ask for and, for a table, how many rows there are in all (to say
    when it is cut short)."""
    if fmt is not Format.table:
        return limit, None
    return limit or TABLE_ROWS, store.count_events(dyad, **query)


def _say_page(shown: int, offset: int, total: int | None) -> None:
    if total is not None and offset + shown < total:
        err.print(
            f"rows {offset + 1}–{offset + shown} of {total:,}; --offset {offset + shown} shows the next ones, "
            "--limit N shows more, --format csv or jsonl gives them all",
            soft_wrap=True,
        )


def _labelled(code: str) -> str:
    from .actors.lookup import labelled

    return labelled(code)


def _say_nothing(store: Store, what: str, all_modalities: bool = True) -> None:
    """An empty answer that says what the store holds and what it can answer."""
    counts = store.counts()
    scope = "" if all_modalities else " asserted"
    lines = [f"no{scope} {what}; the store holds {counts['events']} events from {counts['documents']} documents"]
    top = store.top_dyads(5)
    if top:
        lines.append("its most frequent dyads: " + ", ".join(f"{a}–{b} ({n})" for a, b, n in top))
    if not all_modalities:
        lines.append("--all includes negated, hypothetical and reported events")
    err.print("\n".join(lines), soft_wrap=True)


@app.command()
def timeline(
    a: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    b: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[Format, typer.Option("--format", help="table, csv or jsonl.")] = Format.table,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> None:
    """Events between two countries, oldest first (undated last), with their evidence sentences."""
    with _query(db) as store:
        limit, total = _page(store, (a, b), dict(since=since, until=until), fmt, limit, offset)
        frame = store.timeline(a, b, since=since, until=until, limit=limit, offset=offset)
        if frame.empty and fmt is Format.table:
            _say_nothing(store, f"dated events between {_labelled(a)} and {_labelled(b)}")
            return
    frame = frame.assign(quad_class=[QUAD_NAMES.get(int(q), "") if q == q else "" for q in frame["quad"]])
    if fmt is Format.table:
        frame = frame.assign(
            when=[_when_label(r) for r in frame.itertuples()],
        )[["when", "source_code", "target_code", "cameo", "goldstein", "quad_class", "modality", "trigger",
           "sentence", "id"]]
    _print_frame(frame, fmt)
    _say_page(len(frame), offset, total)


#: GDELT's quad classes.
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def _when_label(r) -> str:
    if r.when_start is None or r.when_start != r.when_start:
        return "undated"
    start, end = str(r.when_start)[:10], str(r.when_end)[:10]
    if r.when_precision == "year":
        return start[:4]
    if r.when_precision == "day":
        return start
    return start if start == end else f"{start}..{end}"


@app.command()
def explain(
    event_id: Annotated[str, typer.Argument(help="An event id (or a unique prefix).")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show why an event was coded: sentence, actors, trigger, rule, date and its basis."""
    with _open(db) as store:
        try:
            info = store.explain(event_id)
        except NotFound as exc:
            raise _fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2, default=str))
        return
    typer.echo(f"event {info['id']}  (document {info['doc_id']})")
    typer.echo(f"sentence: {info['sentence']}")
    for line in info["explanation"]:
        typer.echo(f"  - {line}")


# -- the relationship picture: report, series, states ---------------------------------------
class Freq(str, Enum):
    year = "year"
    quarter = "quarter"
    month = "month"


class ReportFormat(str, Enum):
    html = "html"
    md = "md"


class SeriesFormat(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


FreqOption = Annotated[Freq, typer.Option(help="Period length: year, quarter or month.")]


def _bound(value: Optional[str], name: str) -> Optional[str]:
    """A --since/--until as typed, checked early: a usage error (exit 2) names the option."""
    from .bounds import parse_bound

    try:
        parse_bound(value, start=True)
    except ValueError as exc:
        raise _fail(f"{name}: {exc}", 2) from None
    return value.strip() if value is not None else None


@app.command()
def report(
    a: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    b: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    freq: FreqOption = Freq.year,
    out: Annotated[
        Optional[Path], typer.Option(help="Write here (default: stdout). Markdown also gets a PNG chart beside it.")
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="html (one self-contained page) or md.")] = ReportFormat.html,
) -> None:
    """The relationship between two countries as a report: temperature chart with turning
    points, timeline, relation states, issues and third parties."""
    from .report import build_report, render_html, render_markdown, save_charts

    since, until = _bound(since, "--since"), _bound(until, "--until")
    with _query(db) as store:
        rep = build_report(store, a, b, since=since, until=until, freq=freq.value)
    if fmt is ReportFormat.html:
        text = render_html(rep)
    else:
        chart = None
        if out is not None:
            chart = save_charts(rep, out.parent, formats=("png",))[0].name
        text = render_markdown(rep, chart=chart)
    if out is None:
        sys.stdout.write(text)
        return
    out.write_text(text, encoding="utf-8")
    err.print(
        f"wrote {out}: {rep.n_events} events ({rep.n_reports} reports), "
        f"{len(rep.turning_points)} turning point(s), {len(rep.states)} relation state(s)"
    )


@app.command()
def series(
    a: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    b: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    db: DbOption = DEFAULT_DB,
    freq: FreqOption = Freq.year,
    since: SinceOption = None,
    until: UntilOption = None,
    dedup: Annotated[bool, typer.Option(help="Count events (repeated reports merged), not reports.")] = True,
    fmt: Annotated[SeriesFormat, typer.Option("--format", help="table, csv, jsonl or parquet (needs --out).")] = SeriesFormat.table,
    out: Annotated[Optional[Path], typer.Option(help="Write to this file instead of stdout.")] = None,
) -> None:
    """The dyad per period: events by quad class, Goldstein sum and mean, cooperation share,
    and the relation-state track."""
    from .report import series_from_store

    if fmt is SeriesFormat.parquet and out is None:
        raise _fail("--format parquet needs --out FILE")
    since, until = _bound(since, "--since"), _bound(until, "--until")
    with _query(db) as store:
        frame = series_from_store(store, a, b, freq=freq.value, since=since, until=until, dedup=dedup)
    if out is None:
        _print_frame(frame, Format(fmt.value))
        return
    if fmt is SeriesFormat.parquet:
        frame.to_parquet(out, index=False)
    elif fmt is SeriesFormat.csv:
        frame.to_csv(out, index=False)
    elif fmt is SeriesFormat.jsonl:
        with open(out, "w", encoding="utf-8") as fh:
            for rec in frame.to_dict(orient="records"):
                fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    else:
        raise _fail("--format table prints to the terminal; use csv, jsonl or parquet with --out")
    err.print(f"wrote {len(frame)} period(s) to {out}")


@app.command()
def states(
    a: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    b: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", help="table, csv or jsonl (one RelationState per line).")] = Format.table,
) -> None:
    """How the texts describe the relationship between two countries, oldest first."""
    from .analysis import relation_states

    with _query(db) as store:
        frame = store.states(a, b)
    if fmt is Format.jsonl:
        for rec in relation_states(frame):
            sys.stdout.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        return
    if fmt is Format.table:
        frame = frame.assign(when=[_when_label(r) for r in frame.itertuples()])[
            ["when", "a", "b", "polarity", "strength", "modality", "trigger", "sentence"]
        ]
    _print_frame(frame, fmt)


@app.command()
def interests(
    holder: Annotated[str, typer.Argument(help="The side whose interests to list: a code or a name (RUS, Russia).", callback=_country)],
    db: DbOption = DEFAULT_DB,
    counterpart: Annotated[Optional[str], typer.Option(help="Only interests toward this country (a code or a name).", callback=_country)] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table, csv or jsonl.")] = Format.table,
) -> None:
    """What HOLDER wants (or wants to avoid), as the texts state it, with evidence."""
    with _query(db) as store:
        frame = store.interests(holder, counterpart)
    if fmt is Format.jsonl:
        from .store import interest_from_row

        for r in frame.to_dict(orient="records"):
            # the record's own JSON shape, as `code --format jsonl` prints events
            rec = interest_from_row(r).to_dict()
            sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        return
    if fmt is Format.table:
        frame = frame[["holder_code", "counterpart_code", "issue", "stance", "attribution", "sentence"]]
    _print_frame(frame, fmt)


@app.command("convergence")
def convergence_cmd(
    a: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    b: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[Format, typer.Option("--format", help="table, csv or jsonl.")] = Format.table,
) -> None:
    """Issues where the interests of A and B converge (same stance) or diverge: the converging
    issues ranked first (most stated by both sides first, the catch-all "diplomatic" last),
    then the diverging ones, ranked the same way."""
    from .analysis import convergence

    with _query(db) as store:
        store.interests(a)
        store.interests(b)
        frame = convergence(store.sql("SELECT * FROM interests"), a, b)
    if frame.empty:
        err.print(f"no issue on which both {a.upper()} and {b.upper()} state interests")
        return
    if fmt is Format.table:
        frame = frame.assign(
            evidence_a=[" | ".join(x) for x in frame["evidence_a"]],
            evidence_b=[" | ".join(x) for x in frame["evidence_b"]],
        )
    _print_frame(frame, fmt)


# -- other tools' formats: GDELT in and out, PLOVER JSON, Parquet, CSV; comparing sources ----
class ExportFormat(str, Enum):
    gdelt = "gdelt"
    plover_jsonl = "plover-jsonl"
    parquet = "parquet"
    csv = "csv"


@app.command("import-gdelt")
def import_gdelt_cmd(
    files: Annotated[list[Path], typer.Argument(help="GDELT 1.0 (57/58 columns) or 2.0 (61 columns) event exports, .CSV or .zip.")],
    db: DbOption = DEFAULT_DB,
    strict: Annotated[bool, typer.Option(help="Exit with status 2 when any line was skipped.")] = False,
) -> None:
    """Import GDELT event exports as events with rule 'gdelt' (re-importing adds nothing new).

    One source document per SOURCEURL; GDELT's other columns are kept in the table
    gdelt_events, so `detente export --format gdelt` gives them back."""
    from .formats import import_gdelt

    try:
        store = Store(db)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    with store:
        try:
            summary = import_gdelt([str(f) for f in files], store, on_problem=_say_skipped)
        except StoreError as exc:
            raise _fail(str(exc)) from None
        counts = store.counts()
    err.print(
        f"read {summary.rows} GDELT row(s) from {summary.files} file(s): "
        f"{summary.new_events} new event(s) in {summary.documents} source document(s); "
        f"skipped {summary.skipped} line(s); database {db} now holds "
        f"{counts['documents']} documents, {counts['events']} events"
    )
    if strict and summary.skipped:
        raise typer.Exit(2)


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="gdelt (GDELT 2.0, 61 columns), plover-jsonl, parquet (needs --out) or csv.")],
    out: Annotated[Optional[Path], typer.Option(help="Write to this file (default: stdout).")] = None,
    db: DbOption = DEFAULT_DB,
    dyad: Annotated[
        Optional[tuple[str, str]], typer.Option(help="Two countries, codes or names, e.g. --dyad PAK RUS or --dyad Pakistan Russia (either direction).", callback=_dyad)
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    all_modalities: Annotated[
        bool, typer.Option("--all", help="Include non-asserted events (negated, hypothetical, ...).")
    ] = False,
    undated: Annotated[
        Undated,
        typer.Option(help="GDELT and PLOVER: leave out events the text gives no date (skip, the default: "
                          "both formats read a date as the day it happened), or date them to their "
                          "article's publication day, flagged (publication: GDELT gets a 62nd column "
                          "DetenteSQLDATEIsPublication, PLOVER date_basis 'publication')."),
    ] = Undated.skip,
) -> None:
    """Export stored events as GDELT rows, PLOVER JSON lines, Parquet or CSV."""
    from .formats import export_events

    if fmt is ExportFormat.parquet and out is None:
        raise _fail("--format parquet needs --out FILE")
    since, until = _bound(since, "--since"), _bound(until, "--until")
    with _open(db) as store:
        try:
            result = export_events(
                store, fmt.value, out, dyad=dyad, since=since, until=until,
                modality=None if all_modalities else "asserted", undated=undated.value,
            )  # fmt: skip
        except UnknownCode as exc:
            raise _fail(str(exc), 2) from None
        except ValueError as exc:
            raise _fail(str(exc)) from None
    if result.skipped:
        err.print(f"left out {result.skipped} event(s) with no PLOVER type (CAMEO roots 01-02)")
    if result.undated_skipped:
        err.print(f"left out {result.undated_skipped} event(s) the text gives no date "
                  "(--undated publication dates them to their article, flagged)", soft_wrap=True)
    if result.publication_dated:
        err.print(f"dated {result.publication_dated} undated event(s) to their article's publication day (flagged)",
                  soft_wrap=True)
    if out is not None:
        err.print(f"wrote {result.rows} event(s) to {out}")


@app.command()
def compare(
    a: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    b: Annotated[str, typer.Argument(help=CountryArg, callback=_country)],
    db: DbOption = DEFAULT_DB,
    sources: Annotated[str, typer.Option(help="Two sources, comma-separated: detente (coded from text) and gdelt (imported).")] = "detente,gdelt",
    freq: Annotated[Freq, typer.Option(help="Period length: year, quarter or month.")] = Freq.month,
    since: SinceOption = None,
    until: UntilOption = None,
    dedup: Annotated[bool, typer.Option(help="Merge repeated reports of one event within each source first.")] = False,
    out: Annotated[Optional[Path], typer.Option(help="Draw both series on one chart here (.png, .svg or .pdf).")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="The per-period table as table, csv or jsonl.")] = Format.table,
) -> None:
    """Compare two sources' series for one dyad: Pearson's r of Goldstein means and counts.

    Sources split the store by rule: detente (coded from text) and gdelt (imported). The
    Goldstein r uses the periods where both have events; the count r every period."""
    from .compare import compare_sources
    from .report import save_comparison_chart

    names = [s.strip() for s in sources.split(",") if s.strip()]
    since, until = _bound(since, "--since"), _bound(until, "--until")
    with _open(db) as store:
        try:
            result = compare_sources(store, a, b, names, freq=freq.value, since=since, until=until, dedup=dedup)
        except UnknownCode as exc:
            raise _fail(str(exc), 2) from None
        except ValueError as exc:
            raise _fail(str(exc)) from None
    _print_frame(result.table, fmt)
    info = result.to_dict()
    lines = [
        f"{result.a}-{result.b} per {result.freq}, {len(result.table)} period(s); events: "
        + ", ".join(f"{s} {n}" for s, n in info["events"].items()),
        f"Pearson r of the Goldstein mean: {_r_label(info['r_goldstein'])} over {result.n_goldstein} period(s) with events in both",
        f"Pearson r of the event counts:   {_r_label(info['r_counts'])} over {result.n_counts} period(s)",
    ]
    for line in lines:
        if fmt is Format.table:
            typer.echo(line)
        else:
            err.print(escape(line))
    if out is not None:
        save_comparison_chart(result, out)
        err.print(f"wrote {out}")


def _r_label(r) -> str:
    return "n/a (too few periods, or a series that does not vary)" if r is None else f"{r:+.3f}"


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default: only this machine).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Browse the store in a read-only web dashboard (every page also as JSON with ?format=json)."""
    import uvicorn

    from .web import create_app

    try:
        dashboard = create_app(db)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    err.print(f"serving {escape(db)} read-only at http://{host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(dashboard, host=host, port=port, log_level="warning")


actors_app = typer.Typer(help="Look up the actor dictionaries: countries, organisations, groups, people.")
app.add_typer(actors_app, name="actors")


@actors_app.command("search")
def actors_search(
    name: Annotated[str, typer.Argument(help="A name or part of one, e.g. 'Blair' or 'Kremlin'.")],
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
) -> None:
    """Names the dictionaries know that contain NAME, and what each resolves to."""
    from .actors.gazetteer import gazetteer

    hits = gazetteer().search(name, limit=limit)
    if not hits:
        raise _fail(f"no actor name contains {name!r}")
    for phrase, entry in hits:
        code = entry.code + (entry.sector or "") if entry.kind in ("state", "capital") else entry.code
        roles = f", {len(entry.roles)} dated role(s)" if entry.roles else ""
        typer.echo(f"{phrase}\t{entry.kind}\t{code}\t{entry.name}{roles}")


@actors_app.command("show")
def actors_show(
    code: Annotated[str, typer.Argument(help="A code (PAK, SUN, PAKGOV, UNO) or a name (Pakistan, 'the Soviet Union', 'Yoweri Museveni').")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Everything known under a code or name: names, successor and predecessors, people with
    roles; for a person, their dated roles."""
    from .actors.gazetteer import gazetteer
    from .actors.lookup import country_code

    gaz = gazetteer()
    person = gaz.person(code)
    if person is not None:
        name, roles = person
        rows = [{"name": r.name, "code": r.code, "start": r.start, "end": r.end} for r in roles]
        if as_json:
            typer.echo(json.dumps({"person": name, "roles": rows}, ensure_ascii=False, indent=2, default=str))
            return
        typer.echo(f"{name}  (person, {len(rows)} dated role(s), latest first)")
        for r in sorted(rows, key=lambda r: str(r["start"] or ""), reverse=True)[:20]:
            typer.echo(f"    {r['code']}  {r['start'] or '?'} – {r['end'] or 'open'}")
        return
    info = gaz.describe(code)
    if info is None:
        try:
            info = gaz.describe(country_code(code))
        except UnknownCode as exc:
            raise _fail(str(UnknownCode(f"unknown actor {code!r}", exc.suggestions)), 2) from None
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2, default=str))
        return
    typer.echo(f"{info['code']}  {info['name'] or ''}")
    if info["successor"]:
        typer.echo(f"  successor: {info['successor']}")
    if info["predecessors"]:
        typer.echo(f"  predecessors: {', '.join(info['predecessors'])}")
    for kind, names in info["names"].items():
        typer.echo(f"  {kind}: {'; '.join(names[:30])}{' …' if len(names) > 30 else ''}")
    people = info["people"]
    if people:
        typer.echo(f"  people with roles: {len(people)} (latest first)")
        for r in sorted(people, key=lambda r: str(r["start"] or ""), reverse=True)[:15]:
            typer.echo(f"    {r['name']}  {r['code']}  {r['start'] or '?'} – {r['end'] or 'open'}")


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
