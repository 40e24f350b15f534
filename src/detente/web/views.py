"""What each dashboard page shows, as plain JSON-ready data.

One function per page, each taking a read-only :class:`~detente.store.Store` and returning a
dict: the HTML page renders that dict through a template, and the page's JSON twin
(``?format=json``) is the same dict. Nothing here knows about HTTP; unknown country codes
raise :class:`~detente.errors.UnknownCode`, unknown event or document ids ``KeyError``
(:class:`~detente.errors.NotFound` is one).

Speed on large stores: every page reads aggregates or one page of rows from DuckDB; the dyad
page renders :func:`~detente.analysis.picture.dyad_picture`, which counts a large dyad in the
database.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import numpy as np
import pandas as pd

from ..actors.gazetteer import gazetteer
from ..actors.lookup import country_code, display_name, organisation_names
from ..analysis._frames import canonical, date_label, is_missing, members
from ..analysis.picture import dyad_picture
from ..cameo import QUAD_NAMES, lookup
from ..records import MODALITIES
from ..store import Store
from .highlight import Mark, locate, segments

__all__ = [
    "PAGE_SIZE",
    "document_page",
    "dyad_page",
    "event_page",
    "home_page",
    "jsonable",
    "search_page",
]

#: Third parties the dyad page lists.
THIRD_PARTIES = 12
#: Timeline rows per page.
PAGE_SIZE = 100

_KIND_RANK = {k: i for i, k in enumerate(
    ("country", "demonym", "capital", "igo", "state", "group", "person", "surname"))}  # fmt: skip


# -- codes and names -------------------------------------------------------------------------
def is_known(code: str) -> bool:
    """A country or organisation code detente knows (what the store's queries accept)."""
    return gazetteer().country(code) is not None or code in organisation_names()


def name_of(code: str | None) -> str | None:
    return None if code is None else display_name(code)


def _side(code: str) -> dict[str, Any]:
    return {"code": code, "name": name_of(code), "url": f"/search?{urlencode({'q': code})}"}


def dyad_url(a: str, b: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "", [])}, doseq=True)
    return f"/dyad/{quote(a, safe='')}/{quote(b, safe='')}" + (f"?{query}" if query else "")


def event_url(event_id: str) -> str:
    return f"/event/{quote(str(event_id), safe='')}"


def document_url(doc_id: str) -> str:
    return f"/document/{quote(str(doc_id), safe='')}"


def _cameo_name(code: Any) -> str | None:
    try:
        return lookup(str(code)).name
    except (KeyError, ValueError):
        return None


def _safe_link(url: Any) -> str | None:
    """A document's own URL, only when it is an http(s) link (never ``javascript:``)."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


# -- JSON ------------------------------------------------------------------------------------
def jsonable(value: Any) -> Any:
    """``value`` with dates as ISO strings, NaN/NaT as None, numpy scalars as Python ones,
    frames as lists of records, and dataclass-like records through their ``to_dict``."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return [jsonable(r) for r in value.to_dict(orient="records")]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return jsonable(value.to_dict())
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _val(v: Any) -> Any:
    return None if is_missing(v) else v


# -- SQL helpers -----------------------------------------------------------------------------
def _dyad_where(a: str, b: str) -> tuple[str, list[Any]]:
    ma, mb = sorted(members(a)), sorted(members(b))
    sql = ("((source_country IN ? AND target_country IN ?) "
           "OR (source_country IN ? AND target_country IN ?))")  # fmt: skip
    return sql, [ma, mb, mb, ma]


def _rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur = store.con.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


# -- home ------------------------------------------------------------------------------------
def active_dyads(store: Store, limit: int = 20, country: str | None = None) -> list[dict[str, Any]]:
    """The dyads with the most asserted events (former states merged into successors),
    optionally only those involving ``country``: one GROUP BY over the events, merged here."""
    where = ["modality = 'asserted'", "source_country IS NOT NULL", "target_country IS NOT NULL",
             "source_country <> target_country"]  # fmt: skip
    params: list[Any] = []
    if country is not None:
        m = sorted(members(country))
        where.append("(source_country IN ? OR target_country IN ?)")
        params += [m, m]
    rows = _rows(
        store,
        f"""SELECT source_country AS s, target_country AS t, count(*) AS n,
                   sum(goldstein) AS g, min(when_start) AS first, max(when_end) AS last
            FROM events WHERE {' AND '.join(where)} GROUP BY 1, 2""",
        params,
    )
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        s, t = canonical(r["s"]), canonical(r["t"])
        if s == t or not (is_known(s) and is_known(t)):
            continue
        key = (min(s, t), max(s, t))
        m = merged.setdefault(key, {"n": 0, "g": 0.0, "first": None, "last": None})
        m["n"] += int(r["n"])
        m["g"] += float(r["g"] or 0.0)
        for k, pick in (("first", min), ("last", max)):
            if r[k] is not None:
                m[k] = r[k] if m[k] is None else pick(m[k], r[k])
    top = sorted(merged.items(), key=lambda kv: (-kv[1]["n"], kv[0]))[:limit]
    out = []
    for (a, b), m in top:
        if country is not None and canonical(country) == b:
            a, b = b, a  # the searched country first
        out.append(
            {
                "a": a, "b": b, "a_name": name_of(a), "b_name": name_of(b),
                "n_events": m["n"], "goldstein_mean": m["g"] / m["n"] if m["n"] else None,
                "first": m["first"].year if m["first"] is not None else None,
                "last": m["last"].year if m["last"] is not None else None,
                "url": dyad_url(a, b),
            }
        )  # fmt: skip
    return out


def document_label(title: str | None, text: str | None, width: int = 90) -> str | None:
    """What a list shows for a document: its title, or else its opening words (a feed of
    articles often has no title; its id is a hash no reader recognises)."""
    if title and title.strip():
        return title.strip()
    words = " ".join((text or "").split())
    if not words:
        return None
    if len(words) <= width:
        return words
    cut = words.rfind(" ", 0, width)
    return words[: cut if cut > width // 2 else width].rstrip(",;:") + " …"


def home_page(store: Store, *, limit: int = 20) -> dict[str, Any]:
    """The most active dyads, store totals and the latest documents."""
    docs = _rows(
        store,
        """SELECT id, title, left(text, 200) AS lead, published, source, n_events FROM documents
           ORDER BY published DESC NULLS LAST, coded_at DESC NULLS LAST, id LIMIT 10""",
    )
    for d in docs:
        d["label"] = document_label(d["title"], d.pop("lead")) or d["id"]
        d["url"] = document_url(d["id"])
    return {
        "counts": store.counts(),
        "dyads": active_dyads(store, limit),
        "documents": docs,
    }


# -- search ----------------------------------------------------------------------------------
def search_page(store: Store, q: str, *, limit: int = 10, dyads: int = 10) -> dict[str, Any]:
    """Countries and organisations whose code or a name (country, demonym, capital, person
    holding a role there, …) matches ``q``, each with the dyads involving it."""
    query = q.strip()
    found: dict[str, dict[str, Any]] = {}
    code = query.upper()
    if 2 <= len(code) <= 4 and is_known(code):
        found[code] = {"code": code, "name": name_of(code), "matched": code, "via": "code"}
    hits = gazetteer().search(query, limit=200)
    ranked = sorted(
        enumerate(hits),
        key=lambda ih: (ih[1][0].lower() != query.lower(), _KIND_RANK.get(ih[1][1].kind, 99), ih[0]),
    )
    for _, (phrase, entry) in ranked:
        c = entry.code
        if c in found or not is_known(c):
            continue
        found[c] = {"code": c, "name": name_of(c), "matched": phrase, "via": entry.kind}
        if len(found) >= limit:
            break
    results = list(found.values())[:limit]
    for i, r in enumerate(results):
        r["url"] = f"/search?{urlencode({'q': r['code']})}"
        r["dyads"] = active_dyads(store, dyads, country=r["code"]) if i < 5 else []
    return {"q": query, "results": results}


# -- dyad ------------------------------------------------------------------------------------
def _filters_where(
    since: dt.date | None, until: dt.date | None, roots: Sequence[str], modality: str | None
) -> tuple[list[str], list[Any]]:
    where, params = [], []
    if since is not None:
        where.append("when_end >= ?")
        params.append(since)
    if until is not None:
        where.append("when_start <= ?")
        params.append(until)
    if roots:
        where.append("root IN ?")
        params.append(list(roots))
    if modality is not None:
        where.append("modality = ?")
        params.append(modality)
    return where, params


def dyad_page(
    store: Store,
    a: str,
    b: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    roots: Sequence[str] = (),
    modality: str = "all",
    page: int = 1,
    per_page: int = PAGE_SIZE,
    freq: str = "year",
) -> dict[str, Any]:
    """Everything about ``a``–``b`` (either order; predecessors included): the picture of
    the dyad (:func:`~detente.analysis.picture.dyad_picture`: the temperature series and its
    turning points, relation states, issues, third parties and where the two sides' interests
    converge) and a page of the timeline (filtered by period, CAMEO roots and modality;
    ``modality="all"`` shows every modality)."""
    a, b = country_code(a), country_code(b)
    if modality != "all" and modality not in MODALITIES:
        raise ValueError(f"modality must be 'all' or one of {', '.join(MODALITIES)}")
    pic = dyad_picture(store, a, b, freq=freq)
    roots = [str(r).zfill(2) for r in roots]
    filters = {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "root": roots,
        "modality": modality,
        "freq": freq,
        "per_page": per_page,
    }
    return {
        "a": _side(a),
        "b": _side(b),
        "url": dyad_url(a, b),
        "swap_url": dyad_url(b, a),
        "totals": {
            "asserted": pic.n_reports,
            "all": sum(pic.by_modality.values()),
            "by_modality": pic.by_modality,
            "documents": pic.n_documents,
        },
        "analysis": pic.analysis,
        "analysis_note": pic.note,
        "freq": freq,
        "series": _series_rows(pic.series),
        "undated": pic.n_undated,
        "turning_column": pic.turning_column,
        "turning_points": [_with_urls(jsonable(t.to_dict())) for t in pic.turning_points],
        "issues": jsonable(pic.issues),
        "states": _states_rows(pic.states),
        "third_parties": _third_party_rows(pic.third_parties.head(THIRD_PARTIES), a, b),
        "convergence": jsonable(pic.convergence),
        "timeline": _timeline(store, a, b, filters, page),
    }


def _series_rows(series: pd.DataFrame) -> list[dict[str, Any]]:
    cols = ["period", "start", "end", "n_events", "q1", "q2", "q3", "q4", "goldstein_mean",
            "n_states", "state_mean"]  # fmt: skip
    return [jsonable({c: r.get(c) for c in cols}) for r in series.to_dict(orient="records")]


def _with_urls(tp: dict[str, Any]) -> dict[str, Any]:
    for e in tp.get("events", []):
        e["url"] = event_url(e["id"])
    return tp


def _states_rows(states: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        jsonable({**r, "read_as": r["read_as"] or None, "trigger": r["trigger"] or None,
                  "sentence": r["sentence"] or None, "doc_url": document_url(r["doc_id"])})
        for r in states.to_dict(orient="records")
    ]  # fmt: skip


def _third_party_rows(table: pd.DataFrame, a: str, b: str) -> list[dict[str, Any]]:
    return [
        {**jsonable(r), "name": name_of(r["country"]), "url_a": dyad_url(a, r["country"]),
         "url_b": dyad_url(b, r["country"])}
        for r in table.to_dict(orient="records")
    ]  # fmt: skip


def _timeline(store: Store, a: str, b: str, filters: dict[str, Any], page: int) -> dict[str, Any]:
    since = dt.date.fromisoformat(filters["since"]) if filters["since"] else None
    until = dt.date.fromisoformat(filters["until"]) if filters["until"] else None
    modality = None if filters["modality"] == "all" else filters["modality"]
    per_page = int(filters["per_page"])
    dyad_sql, dyad_params = _dyad_where(a, b)
    where, params = _filters_where(since, until, filters["root"], modality)
    total = store.con.execute(
        f"SELECT count(*) FROM events WHERE {' AND '.join([dyad_sql, *where])}", dyad_params + params
    ).fetchone()[0]
    pages = max(1, math.ceil(total / per_page))
    frame = store.events(
        (a, b), since=since, until=until, root=filters["root"] or None, modality=modality,
        limit=per_page, offset=(page - 1) * per_page,
    )  # fmt: skip
    records = frame.to_dict(orient="records")
    actors = _doc_actors(store, {r["doc_id"] for r in records})
    keep = {"since": filters["since"], "until": filters["until"], "root": filters["root"],
            "modality": None if filters["modality"] == "all" else filters["modality"],
            "freq": None if filters["freq"] == "year" else filters["freq"],
            "per_page": None if per_page == PAGE_SIZE else per_page}  # fmt: skip

    def page_url(p: int) -> str | None:
        if p < 1 or p > pages:
            return None
        return dyad_url(a, b, **keep, page=p if p > 1 else None) + "#timeline"

    return {
        "filters": filters,
        "total": int(total),
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "first": (page - 1) * per_page + 1 if records else 0,
        "prev": page_url(page - 1),
        "next": page_url(page + 1),
        "events": [_event_row(r, actors.get(r["doc_id"], [])) for r in records],
    }


def _doc_actors(store: Store, doc_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    ids = sorted(set(doc_ids))
    out: dict[str, list[dict[str, Any]]] = {}
    if not ids:
        return out
    for r in _rows(
        store,
        "SELECT doc_id, code, country, name, text, span_start, span_end, via FROM actors "
        "WHERE doc_id IN ? AND span_start IS NOT NULL AND span_end IS NOT NULL ORDER BY span_start",
        [ids],
    ):
        out.setdefault(r["doc_id"], []).append(r)
    return out


def _actor_label(r: dict[str, Any]) -> str:
    code = r.get("code") or r.get("country")
    name = r.get("name")
    if code and name:
        return f"{code} · {name}"
    return str(code or name or r.get("via") or "actor")


def _sentence_marks(r: dict[str, Any], actors: Sequence[dict[str, Any]]) -> tuple[int, list[Mark]]:
    """Marks for an event's sentence (document coordinates) and the sentence's offset."""
    sentence = _val(r.get("sentence")) or ""
    s0 = _val(r.get("sentence_start"))
    marks: list[Mark] = []
    name = _cameo_name(r.get("cameo"))
    label = f"{r.get('cameo')} {name}" if name else str(r.get("cameo"))
    if s0 is not None:
        s0 = int(s0)
        marks.append(Mark(int(r["span_start"]), int(r["span_end"]), "trigger", label))
        end = s0 + len(sentence)
        for act in actors:
            if s0 <= act["span_start"] and act["span_end"] <= end:
                marks.append(Mark(act["span_start"], act["span_end"], "actor", _actor_label(act)))
    else:
        s0 = 0
        i = locate(sentence, _val(r.get("trigger")))
        if i is not None:
            marks.append(Mark(i, i + len(r["trigger"]), "trigger", label))
    if _val(r.get("when_basis")) == "text":
        i = locate(sentence, _val(r.get("when_text")))
        if i is not None:
            marks.append(Mark(s0 + i, s0 + i + len(r["when_text"]), "date", "date: " + str(r["when_text"])))
    return s0, marks


def _event_row(r: dict[str, Any], actors: Sequence[dict[str, Any]]) -> dict[str, Any]:
    offset, marks = _sentence_marks(r, actors)
    src = _val(r.get("source_code")) or _val(r.get("source_country"))
    tgt = _val(r.get("target_code")) or _val(r.get("target_country"))
    return jsonable(
        {
            "id": r["id"], "url": event_url(r["id"]),
            "doc_id": r["doc_id"], "doc_url": document_url(r["doc_id"]),
            "when": date_label(r.get("when_start"), r.get("when_end"), r.get("when_precision")),
            "when_basis": _val(r.get("when_basis")),
            "source": src, "source_name": name_of(_val(r.get("source_country"))),
            "target": tgt, "target_name": name_of(_val(r.get("target_country"))),
            "cameo": r.get("cameo"), "cameo_name": _cameo_name(r.get("cameo")),
            "goldstein": r.get("goldstein"), "quad": r.get("quad"),
            "quad_name": QUAD_NAMES.get(int(r["quad"])) if _val(r.get("quad")) is not None else None,
            "modality": r.get("modality"), "trigger": _val(r.get("trigger")),
            "sentence": _val(r.get("sentence")),
            "segments": segments(_val(r.get("sentence")) or "", marks, offset=offset),
        }
    )  # fmt: skip


# -- event -----------------------------------------------------------------------------------
def event_page(store: Store, event_id: str) -> dict[str, Any]:
    """The ``explain`` view of one event, its sentence highlighted (trigger, actors, date)."""
    explained = store.explain(event_id)  # KeyError when unknown
    row = _rows(store, "SELECT * FROM events WHERE id = ?", [explained["id"]])[0]
    actors = _doc_actors(store, [row["doc_id"]]).get(row["doc_id"], [])
    offset, marks = _sentence_marks(row, actors)
    src, tgt = _val(row.get("source_country")), _val(row.get("target_country"))
    dyad = None
    if src and tgt and is_known(src) and is_known(tgt) and canonical(src) != canonical(tgt):
        dyad = {"a": src, "b": tgt, "url": dyad_url(canonical(src), canonical(tgt))}
    explained["document"]["url"] = document_url(row["doc_id"])
    explained["document"]["label"] = document_label(
        explained["document"].get("title"), (store.document(row["doc_id"]) or {}).get("text")) or row["doc_id"]
    published = explained["document"].get("published")
    if published:
        explained["document"]["published"] = jsonable(pd.Timestamp(published))
    return jsonable(
        {
            "event": explained,
            "url": event_url(explained["id"]),
            "cameo_name": _cameo_name(row.get("cameo")),
            "quad_name": QUAD_NAMES.get(int(row["quad"])) if _val(row.get("quad")) is not None else None,
            "source_name": name_of(src),
            "target_name": name_of(tgt),
            "segments": segments(_val(row.get("sentence")) or "", marks, offset=offset),
            "dyad": dyad,
        }
    )  # fmt: skip


# -- document --------------------------------------------------------------------------------
def document_page(store: Store, doc_id: str) -> dict[str, Any]:
    """A stored document's text with its actors, event triggers, dates, relation states and
    interests highlighted from the stored spans, and the events coded from it."""
    doc = store.document(doc_id)
    if doc is None:
        raise KeyError(f"no document with id {doc_id!r}")
    text = _val(doc.get("text")) or ""
    actors = _doc_actors(store, [doc_id]).get(doc_id, [])
    events = _rows(store, "SELECT * FROM events WHERE doc_id = ? ORDER BY span_start, id", [doc_id])
    states = _rows(store, "SELECT * FROM states WHERE doc_id = ? ORDER BY span_start", [doc_id])
    interests = _rows(store, "SELECT * FROM interests WHERE doc_id = ? ORDER BY span_start", [doc_id])
    marks = [Mark(r["span_start"], r["span_end"], "actor", _actor_label(r)) for r in actors]
    for e in events:
        name = _cameo_name(e["cameo"])
        src = e["source_code"] or e["source_country"] or "?"
        tgt = e["target_code"] or e["target_country"] or "–"
        label = f"{src} → {tgt}: {e['cameo']} {name or ''} ({e['modality']})".strip()
        marks.append(Mark(e["span_start"], e["span_end"], "trigger", label, event_url(e["id"])))
        if e.get("when_basis") == "text" and e.get("when_text") and e.get("sentence_start") is not None:
            s0 = int(e["sentence_start"])
            i = locate(text[s0 : s0 + len(e["sentence"] or "")], e["when_text"])
            if i is not None:
                marks.append(Mark(s0 + i, s0 + i + len(e["when_text"]), "date", f"date: {e['when_text']}"))
    for s in states:
        if _val(s.get("span_start")) is None:
            continue
        pol = "warm" if s["polarity"] > 0 else "cold"
        marks.append(Mark(s["span_start"], s["span_end"], "state",
                          f"relation {s['a']}–{s['b']} {pol} ({s['polarity'] * s['strength']:+.1f}): {s['trigger']}"))
        if s.get("when_basis") == "text" and s.get("when_text") and s.get("sentence"):
            s0 = locate(text, s["sentence"], near=int(s["span_start"]))
            i = locate(s["sentence"], s["when_text"]) if s0 is not None else None
            if i is not None:
                marks.append(Mark(s0 + i, s0 + i + len(s["when_text"]), "date", f"date: {s['when_text']}"))
    for it in interests:
        if _val(it.get("span_start")) is None:
            continue
        marks.append(Mark(it["span_start"], it["span_end"], "interest",
                          f"{it['holder_code']} {it['stance']}s: {it['issue']}"))  # fmt: skip
    meta = {k: doc.get(k) for k in ("id", "title", "url", "source", "published",
                                    "published_basis", "lang", "n_events", "coded_at")}  # fmt: skip
    meta["link"] = _safe_link(doc.get("url"))
    meta["label"] = document_label(doc.get("title"), text) or doc_id
    return jsonable(
        {
            "document": meta,
            "url": document_url(doc_id),
            "text": text,
            "segments": segments(text, marks),
            "actors": actors,
            "events": [_event_row(e, actors) for e in events],
            "states": [
                {k: s.get(k) for k in ("a", "b", "polarity", "strength", "when_start", "when_end",
                                       "when_basis", "trigger", "modality", "sentence")}
                for s in states
            ],
            "interests": [
                {k: it.get(k) for k in ("holder_code", "counterpart_code", "issue", "stance",
                                        "attribution", "trigger", "sentence")}
                for it in interests
            ],
        }
    )  # fmt: skip
