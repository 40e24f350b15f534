"""The dashboard: a small read-only FastAPI app over a detente store.

Every page is HTML by default and JSON with ``?format=json`` (the same data: see
:mod:`detente.web.views`); ``/openapi.json`` describes them all. Templates and the stylesheet
ship inside the package and the chart is inline SVG: the pages load nothing from the network.
Article text is untrusted: templates autoescape everything, and a Content-Security-Policy
forbids inline scripts as a second line of defence.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..actors.gazetteer import gazetteer
from ..records import MODALITIES
from ..store import DEFAULT_DB, Store, UnknownCountryError
from . import views
from .chart_geometry import QUADS, chart

__all__ = ["create_app"]

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DESCRIPTION = (
    "A read-only dashboard over a detente store. Every page is HTML by default and the "
    "same data as JSON with `?format=json`."
)

Format = Literal["html", "json"]
FormatQuery = Annotated[Format, Query(description="`html` (default) or `json`, the page's data.")]
Modality = Literal[("all", *MODALITIES)]  # type: ignore[valid-type]
Freq = Literal["year", "quarter", "month"]


def _environment() -> Environment:
    from ..rendering import environment

    env = environment()
    env.globals["quads"] = QUADS
    return env


def _wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _dyad_by_name(a: str, b: str) -> tuple[str, str] | None:
    """The codes of a dyad written with a name on either side (Pakistan, "soviet union"),
    when both sides resolve and one was not already a code; else None."""
    from ..actors.lookup import country_code

    if views.is_known(a) and views.is_known(b):
        return None
    try:
        codes = country_code(a), country_code(b)
    except UnknownCountryError:
        return None
    return codes if (codes[0], codes[1]) != (a, b) and all(map(views.is_known, codes)) else None


def _parse_date(value: str | None, name: str, *, start: bool) -> dt.date | None:
    """A year, year-month or ISO date; as the first or last day it names."""
    from ..bounds import parse_bound

    try:
        return parse_bound(value, start=start)
    except ValueError as exc:
        raise _invalid(name, f"{name}: {exc}") from None


def _invalid(name: str, message: str) -> HTTPException:
    return HTTPException(422, [{"loc": ["query", name], "msg": message, "type": "value_error"}])


def _store(request: Request) -> Iterator[Store]:
    """One cursor per request: a DuckDB connection is not shared between threads."""
    base: Store = request.app.state.store
    with request.app.state.lock:
        cursor = base.con.cursor()
    try:
        cursor.execute("SET enable_progress_bar = false")
        yield Store(base.path, read_only=True, connection=cursor)
    finally:
        cursor.close()


StoreDep = Annotated[Store, Depends(_store)]


# -- rendering ---------------------------------------------------------------------------
def page(request: Request, template: str, data: dict[str, Any], fmt: str, **extra: Any) -> Response:
    """``data`` as JSON (``fmt == "json"``) or through ``template``, with a link to its JSON."""
    if fmt == "json":
        return JSONResponse(views.jsonable(data))
    json_url = str(request.url.include_query_params(format="json"))
    json_url = json_url[len(str(request.base_url)) - 1 :]  # path and query only
    return request.app.state.templates.TemplateResponse(
        request, template, {"data": data, "json_url": json_url, **extra}
    )


def error(request: Request, status: int, detail: Any) -> Response:
    """An error as JSON (when asked for) or as the error page."""
    if _wants_json(request):
        return JSONResponse({"detail": views.jsonable(detail)}, status_code=status)
    messages = [_message(d) for d in detail] if isinstance(detail, list) else [str(detail)]
    title = {404: "Not found", 422: "Invalid request"}.get(status, "Error")
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"status": status, "title": title, "messages": messages},
        status_code=status,
    )  # fmt: skip


async def security_headers(request: Request, call_next):
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    return error(request, exc.status_code, exc.detail)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
              for e in exc.errors()]  # fmt: skip
    return error(request, 422, detail)


async def unknown_country(request: Request, exc: UnknownCountryError) -> Response:
    return error(request, 404, f"{exc}: search for a country at /search?q=NAME")


# -- routes: plain functions of the request, the store and the parameters ----------------
router = APIRouter()


@router.get("/", summary="Home: the most active dyads", response_class=HTMLResponse)
def home(request: Request, db: StoreDep, format: FormatQuery = "html") -> Response:
    return page(request, "home.html", views.home_page(db), format)


@router.get("/search", summary="Countries by name or code, with their dyads", response_class=HTMLResponse)
def search(
    request: Request,
    db: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="A name or code: Pakistan, PAK, Putin.")],
    format: FormatQuery = "html",
) -> Response:
    if not q.strip():
        raise _invalid("q", "q must name a country, organisation or person")
    return page(request, "search.html", views.search_page(db, q), format)


@router.get("/dyad/{a}/{b}", summary="A dyad: temperature, timeline, states, issues", response_class=HTMLResponse)
def dyad(
    request: Request,
    db: StoreDep,
    a: Annotated[str, Path(max_length=16, description="Country code, e.g. PAK")],
    b: Annotated[str, Path(max_length=16, description="Country code, e.g. RUS")],
    since: Annotated[str | None, Query(max_length=10, description="Timeline from: 2016, 2016-09 or 2016-03-14")] = None,
    until: Annotated[str | None, Query(max_length=10, description="Timeline until: 2016, 2016-09 or 2016-03-14")] = None,
    root: Annotated[list[str] | None, Query(description="CAMEO root codes 01-20 (repeat for several)")] = None,
    modality: Annotated[Modality, Query(description="Timeline modality; `all` shows every one")] = "all",
    page_: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = views.PAGE_SIZE,
    freq: Annotated[Freq, Query(description="Chart period")] = "year",
    format: FormatQuery = "html",
) -> Response:
    canonical = _dyad_by_name(a, b)
    if canonical is not None:  # /dyad/Pakistan/Russia: the same page under its codes
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(views.dyad_url(*canonical) + query, status_code=307)
    lo = _parse_date(since, "since", start=True)
    hi = _parse_date(until, "until", start=False)
    if lo and hi and lo > hi:
        raise _invalid("until", f"until ({until}) is before since ({since})")
    roots = []
    for r in root or []:
        if not r.strip():
            continue
        if not r.strip().isdigit() or not 1 <= int(r) <= 20:
            raise _invalid("root", f"root must be a CAMEO root code 01-20, not {r!r}")
        roots.append(f"{int(r):02d}")
    try:
        data = views.dyad_page(db, a, b, since=lo, until=hi, roots=roots, modality=modality,
                               page=page_, per_page=per_page, freq=freq)  # fmt: skip
    except ValueError as exc:
        if isinstance(exc, UnknownCountryError):
            raise
        raise _invalid("b", str(exc)) from None
    if page_ > data["timeline"]["pages"] and page_ > 1:
        raise _invalid("page", f"page {page_} is past the last page ({data['timeline']['pages']})")
    if format == "json":
        return page(request, "dyad.html", data, format)
    t = data["timeline"]["filters"]
    keep = {"root": t["root"], "modality": None if t["modality"] == "all" else t["modality"],
            "freq": None if t["freq"] == "year" else t["freq"]}  # fmt: skip

    def href(row: dict[str, Any]) -> str:
        if freq == "year":
            span = {"since": row["period"], "until": row["period"]}
        else:
            span = {"since": row["start"], "until": row["end"]}
        return views.dyad_url(data["a"]["code"], data["b"]["code"], **keep, **span) + "#timeline"

    picture = chart(data["series"], data["turning_points"], href=href,
                    selected=(t["since"], t["until"]))  # fmt: skip
    clear = views.dyad_url(data["a"]["code"], data["b"]["code"],
                           freq=None if freq == "year" else freq) + "#timeline"  # fmt: skip
    return page(request, "dyad.html", data, format, chart=picture, clear_url=clear)


@router.get("/event/{event_id:path}", summary="One event explained", response_class=HTMLResponse)
def event(
    request: Request,
    db: StoreDep,
    event_id: Annotated[str, Path(max_length=200)],
    format: FormatQuery = "html",
) -> Response:
    try:
        data = views.event_page(db, event_id)
    except KeyError:
        raise HTTPException(404, f"no event with id {event_id!r}") from None
    return page(request, "event.html", data, format)


@router.get("/document/{doc_id:path}", summary="One document, highlighted", response_class=HTMLResponse)
def document(
    request: Request,
    db: StoreDep,
    doc_id: Annotated[str, Path(max_length=1000)],
    format: FormatQuery = "html",
) -> Response:
    try:
        data = views.document_page(db, doc_id)
    except KeyError:
        raise HTTPException(404, f"no document with id {doc_id!r}") from None
    return page(request, "document.html", data, format)



# -- the app ---------------------------------------------------------------------------------
def create_app(db: str | os.PathLike[str] = DEFAULT_DB) -> FastAPI:
    """The dashboard over the store at ``db``, opened read-only (raises
    :class:`~detente.store.StoreError` when there is none). Serve it with any ASGI server,
    e.g. ``uvicorn.run(create_app("detente.duckdb"), host="127.0.0.1")``."""
    base = Store(db, read_only=True)
    gazetteer()  # build the dictionaries now, not on the first request

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        base.close()

    app = FastAPI(
        title="detente dashboard",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # the interactive docs load their assets from a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = base
    app.state.lock = threading.Lock()
    app.state.templates = Jinja2Templates(env=_environment())
    app.mount("/static", StaticFiles(packages=[("detente.web", "static")]), name="static")
    app.middleware("http")(security_headers)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(UnknownCountryError, unknown_country)
    app.include_router(router)
    return app


def _message(d: Any) -> str:
    if isinstance(d, dict):
        loc = [str(x) for x in d.get("loc", ()) if x not in ("query", "path", "body")]
        return (f"{'.'.join(loc)}: " if loc else "") + str(d.get("msg"))
    return str(d)

