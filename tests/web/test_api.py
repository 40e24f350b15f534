"""The dashboard in process: every page's JSON twin, its HTML, and bad parameters."""

from __future__ import annotations

import concurrent.futures
import os
import re

import httpx
import pytest

from detente import Store
from detente.analysis import picture
from detente.store import StoreError
from detente.web import create_app

from .conftest import EVIL_ID, IMG, SCRIPT

PAGES = ["/", "/search?q=Pakistan", "/dyad/PAK/RUS", "/event/oped-e12", "/document/oped"]


def get_json(client, url: str, status: int = 200, **params):
    r = client.get(url, params={**params, "format": "json"})
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def test_public_api():
    import detente.web

    assert detente.web.__all__ == ["create_app"]


# -- home ------------------------------------------------------------------------------------
def test_home_json_lists_the_most_active_dyads(client):
    data = get_json(client, "/")
    assert data["counts"]["documents"] == 4
    top = data["dyads"][0]
    # the Soviet event counts for Russia: 13 + 1 asserted PAK–RUS/SUN events
    assert (top["a"], top["b"], top["n_events"]) == ("PAK", "RUS", 14)
    assert top["url"] == "/dyad/PAK/RUS"
    assert (top["first"], top["last"]) == (1975, 2016)
    assert {(d["a"], d["b"]) for d in data["dyads"]} == {("PAK", "RUS"), ("CHN", "IND"), ("PAK", "USA")}
    assert data["documents"][0]["id"] == EVIL_ID  # the latest first


def test_home_html(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert 'action="/search"' in r.text
    assert 'href="/dyad/PAK/RUS"' in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_a_document_without_a_title_is_listed_by_its_opening_words(client):
    data = get_json(client, "/")
    [usa] = [d for d in data["documents"] if d["id"] == "usa"]
    assert usa["title"] is None and usa["label"] == "The United States accused Pakistan."
    assert ">The United States accused Pakistan.</a>" in client.get("/").text
    page = get_json(client, "/document/usa")
    assert page["document"]["label"] == "The United States accused Pakistan."


# -- search ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("q", "code", "via"),
    [("Pakistan", "PAK", "country"), ("pak", "PAK", "code"), ("PAK", "PAK", "code"),
     ("Moscow", "RUS", "capital"), ("russian", "RUS", "demonym")],
)  # fmt: skip
def test_search_finds_countries_by_name_or_code(client, q, code, via):
    data = get_json(client, "/search", q=q)
    first = data["results"][0]
    assert (first["code"], first["via"]) == (code, via)


def test_search_lists_the_dyads_of_a_country(client):
    data = get_json(client, "/search", q="Pakistan")
    pak = data["results"][0]
    assert pak["name"] == "Pakistan"
    assert [(d["a"], d["b"]) for d in pak["dyads"]] == [("PAK", "RUS"), ("PAK", "USA")]
    assert pak["dyads"][0]["url"] == "/dyad/PAK/RUS"
    html = client.get("/search", params={"q": "Pakistan"}).text
    assert 'href="/dyad/PAK/RUS"' in html


def test_search_without_a_match(client):
    assert get_json(client, "/search", q="Atlantis Xq")["results"] == []
    assert "No country" in client.get("/search", params={"q": "Atlantis Xq"}).text


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "x" * 101}])
def test_search_needs_a_query(client, params):
    r = client.get("/search", params={**params, "format": "json"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "q"
    assert client.get("/search", params=params).status_code == 422


# -- dyad ------------------------------------------------------------------------------------
def test_dyad_json(client):
    data = get_json(client, "/dyad/PAK/RUS")
    assert (data["a"]["code"], data["a"]["name"], data["b"]["name"]) == ("PAK", "Pakistan", "Russia")
    assert data["totals"] == {"asserted": 14, "all": 15, "by_modality": {"asserted": 14, "hypothetical": 1},
                              "documents": 2}  # fmt: skip
    assert data["analysis"] == "full"
    periods = [r["period"] for r in data["series"]]
    assert periods[0] == "1975" and periods[-1] == "2016" and len(periods) == 42
    warm = next(r for r in data["series"] if r["period"] == "2003")
    assert warm["n_events"] == 1 and warm["q1"] == 1 and warm["state_mean"] == pytest.approx(0.6)
    assert next(r for r in data["series"] if r["period"] == "1990")["goldstein_mean"] is None
    # warm talks 2000–2005, threats 2006–2011: the temperature turns cold in 2006
    turns = {t["period"]: t for t in data["turning_points"]}
    assert "2006" in turns and turns["2006"]["direction"] == "colder"
    assert turns["2006"]["events"] and turns["2006"]["events"][0]["url"].startswith("/event/")
    assert data["states"][0]["trigger"] == "warm"
    assert data["issues"][0]["issue"] == "energy"
    assert data["convergence"][0]["issue"] == "energy"
    assert data["convergence"][0]["relation"] == "converge"
    assert [t["country"] for t in data["third_parties"]] == ["USA", "IND"]


def test_dyad_timeline_has_evidence_with_the_trigger_highlighted(client):
    data = get_json(client, "/dyad/PAK/RUS")
    t = data["timeline"]
    assert (t["total"], t["page"], t["pages"], t["prev"], t["next"]) == (15, 1, 1, None, None)
    ex = next(e for e in t["events"] if e["cameo"] == "062")
    assert ex["when"] == "2016-03-14"
    assert ex["url"] == "/event/oped-e12" and ex["doc_url"] == "/document/oped"
    assert "".join(s["text"] for s in ex["segments"]) == ex["sentence"]
    kinds = {s["text"]: s["kinds"] for s in ex["segments"] if s["kinds"]}
    assert kinds["joint naval drill"] == ["trigger"]
    assert kinds["Pakistan"] == ["actor"] and kinds["Russia"] == ["actor"]
    assert kinds["14 March 2016"] == ["date"]
    assert t["events"][-1]["modality"] == "hypothetical"  # every modality by default, undated last


def test_dyad_either_order_and_case(client):
    ab = get_json(client, "/dyad/PAK/RUS")
    ba = get_json(client, "/dyad/rus/pak")
    assert (ba["a"]["code"], ba["b"]["code"]) == ("RUS", "PAK")
    assert ba["totals"] == ab["totals"]
    assert [e["id"] for e in ba["timeline"]["events"]] == [e["id"] for e in ab["timeline"]["events"]]
    # the predecessor state has its own page and shows in its successor's
    sun = get_json(client, "/dyad/SUN/PAK")
    assert sun["totals"]["asserted"] == 1


def test_dyad_filters(client):
    t = get_json(client, "/dyad/PAK/RUS", since="2016", until="2016")["timeline"]
    assert [e["cameo"] for e in t["events"]] == ["062"]
    assert t["filters"]["since"] == "2016-01-01" and t["filters"]["until"] == "2016-12-31"
    t = get_json(client, "/dyad/PAK/RUS", since="2005-06", until="2006-01-31")["timeline"]
    assert [e["when"] for e in t["events"]] == ["2005", "2006"]
    t = get_json(client, "/dyad/PAK/RUS", root="13")["timeline"]
    assert {e["cameo"] for e in t["events"]} == {"130"} and t["total"] == 6
    t = client.get("/dyad/PAK/RUS", params=[("root", "6"), ("root", "03"), ("format", "json")]).json()["timeline"]
    assert [e["cameo"] for e in t["events"]] == ["036", "062", "061"]
    t = get_json(client, "/dyad/PAK/RUS", modality="hypothetical")["timeline"]
    assert [e["cameo"] for e in t["events"]] == ["061"]
    t = get_json(client, "/dyad/PAK/RUS", modality="asserted", root="", since="")["timeline"]
    assert t["total"] == 14  # empty form fields mean no filter


def test_dyad_timeline_pages(client):
    first = get_json(client, "/dyad/PAK/RUS", per_page=4)["timeline"]
    assert (first["total"], first["pages"], first["prev"]) == (15, 4, None)
    assert first["next"] == "/dyad/PAK/RUS?per_page=4&page=2#timeline"
    second = client.get(first["next"].split("#")[0] + "&format=json").json()["timeline"]
    assert second["page"] == 2 and second["first"] == 5
    assert second["prev"] == "/dyad/PAK/RUS?per_page=4#timeline"
    ids = [e["id"] for p in range(1, 5) for e in get_json(client, "/dyad/PAK/RUS", per_page=4, page=p)["timeline"]["events"]]
    assert len(ids) == len(set(ids)) == 15


def test_dyad_html(client):
    r = client.get("/dyad/PAK/RUS")
    assert r.status_code == 200
    html = r.text
    assert "<svg" in html and 'class="chart"' in html
    assert html.count('class="turning"') == 2
    assert "joint naval drill" in html
    assert '<mark class="hl trigger"' in html
    assert 'href="/dyad/PAK/RUS?since=2003&amp;until=2003#timeline"' in html  # a period's link
    assert 'href="/dyad/PAK/RUS?format=json"' in html  # the JSON twin


@pytest.mark.parametrize("freq", ["quarter", "month"])
def test_dyad_other_periods(client, freq):
    data = get_json(client, "/dyad/PAK/RUS", freq=freq)
    assert data["freq"] == freq
    assert data["series"][0]["period"] == ("1975Q3" if freq == "quarter" else "1975-07")
    assert client.get("/dyad/PAK/RUS", params={"freq": freq}).status_code == 200


def test_dyad_on_a_large_store_uses_database_counts(client, monkeypatch):
    full = get_json(client, "/dyad/PAK/RUS")
    monkeypatch.setattr(picture, "FULL_ANALYSIS_LIMIT", 0)
    data = get_json(client, "/dyad/PAK/RUS")
    assert data["analysis"] == "aggregate"
    assert [(r["period"], r["n_events"]) for r in data["series"]] == [
        (r["period"], r["n_events"]) for r in full["series"]
    ]
    assert {t["period"] for t in data["turning_points"]} == {t["period"] for t in full["turning_points"]}
    assert all(t["events"] for t in data["turning_points"])
    assert data["issues"][0]["issue"] == "energy"
    assert client.get("/dyad/PAK/RUS").status_code == 200


def test_turning_points_on_a_long_monthly_series_come_from_years(client, monkeypatch):
    monkeypatch.setattr(picture, "MAX_TURNING_PERIODS", 100)
    data = get_json(client, "/dyad/PAK/RUS", freq="month")
    assert "yearly values" in data["analysis_note"]
    assert "2006" in {t["period"] for t in data["turning_points"]}
    assert 'class="turning"' in client.get("/dyad/PAK/RUS", params={"freq": "month"}).text


def test_a_dyad_named_in_words_redirects_to_its_codes(client):
    r = client.get("/dyad/Pakistan/the Soviet Union", params={"freq": "month"}, follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/dyad/PAK/SUN?freq=month"
    assert client.get("/dyad/pakistan/Russia", params={"format": "json"}).json()["b"]["code"] == "RUS"


@pytest.mark.parametrize("url", ["/dyad/XYZ/RUS", "/dyad/PAK/QQQ", "/dyad/Pakistn/RUS", "/dyad/%3Cb%3E/RUS"])
def test_dyad_unknown_country_is_404(client, url):
    r = client.get(url, params={"format": "json"})
    assert r.status_code == 404
    assert "unknown country or organisation" in r.json()["detail"]
    html = client.get(url)
    assert html.status_code == 404 and "unknown country or organisation" in html.text
    assert "<b>" not in html.text
    # a misspelt name gets the closest codes, as on the command line
    if "Pakistn" in url:
        assert "did you mean PAK (Pakistan)" in r.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2016-13"}, {"since": "20166"}, {"since": "yesterday"}, {"until": "2016-02-30"},
        {"since": "2017", "until": "2016"}, {"root": "99"}, {"root": "ab"}, {"modality": "maybe"},
        {"page": "0"}, {"page": "x"}, {"per_page": "1000"}, {"freq": "week"}, {"page": "3"},
    ],
)  # fmt: skip
def test_dyad_bad_parameters_are_422(client, params):
    r = client.get("/dyad/PAK/RUS", params={"format": "json", **params})
    assert r.status_code == 422, params
    detail = r.json()["detail"]
    assert detail and all("msg" in d and "loc" in d for d in detail)
    html = client.get("/dyad/PAK/RUS", params=params)
    assert html.status_code == 422 and "Invalid request" in html.text


def test_unknown_format_is_422(client):
    r = client.get("/dyad/PAK/RUS", params={"format": "xml"})
    assert r.status_code == 422 and "format" in r.text
    r = client.get("/", params={"format": "xml"}, headers={"accept": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "format"]


def test_dyad_of_one_country_is_422(client):
    assert client.get("/dyad/RUS/RUS", params={"format": "json"}).status_code == 422
    assert client.get("/dyad/SUN/RUS", params={"format": "json"}).status_code == 422


# -- event -----------------------------------------------------------------------------------
def test_event_json_explains(client):
    data = get_json(client, "/event/oped-e12")
    e = data["event"]
    assert (e["cameo"], e["trigger"], e["rule"]) == ("062", "joint naval drill", "test:062")
    assert e["when"] == {"start": "2016-03-14", "end": "2016-03-14", "precision": "day",
                         "basis": "text", "text": "14 March 2016"}  # fmt: skip
    assert e["document"]["title"] == "Pakistan & Russia: a naval drill"
    assert e["document"]["published"] == "2016-11-20"
    assert e["document"]["url"] == "/document/oped"
    assert any("date 2016-03-14" in line for line in e["explanation"])
    assert data["dyad"]["url"] == "/dyad/PAK/RUS"
    assert data["source_name"] == "Pakistan" and data["cameo_name"]
    trig = [s["text"] for s in data["segments"] if "trigger" in s["kinds"]]
    assert trig == ["joint naval drill"]


def test_event_html(client):
    r = client.get("/event/oped-e12")
    assert r.status_code == 200
    assert '<mark class="hl trigger" title="062' in r.text
    assert "Pakistan &amp; Russia: a naval drill" in r.text
    assert 'href="/dyad/PAK/RUS"' in r.text


def test_unknown_event_is_404(client):
    r = client.get("/event/nope", params={"format": "json"})
    assert r.status_code == 404 and r.json() == {"detail": "no event with id 'nope'"}
    assert client.get("/event/nope").status_code == 404


# -- document --------------------------------------------------------------------------------
def test_document_json_highlights_from_spans(client):
    data = get_json(client, "/document/oped")
    assert data["document"]["title"] == "Pakistan & Russia: a naval drill"
    assert data["document"]["link"] == "https://example.org/oped"
    assert "".join(s["text"] for s in data["segments"]) == data["text"]
    by_kind: dict[str, list[str]] = {}
    for s in data["segments"]:
        for k in s["kinds"]:
            by_kind.setdefault(k, []).append(s["text"])
    assert "joint naval drill" in by_kind["trigger"]
    assert {"Pakistan", "Russia", "Moscow", "United States"} <= set(by_kind["actor"])
    assert "14 March 2016" in by_kind["date"] and "2003" in by_kind["date"]
    assert by_kind["state"] == ["warm"]
    assert set(by_kind["interest"]) == {"wants", "seeks"}
    trigger = next(s for s in data["segments"] if s["text"] == "joint naval drill")
    assert trigger["href"] == "/event/oped-e12"
    assert len(data["events"]) == 14


def test_document_with_a_slash_in_its_id(client):
    data = get_json(client, "/document/evil%2F1")
    assert data["document"]["id"] == EVIL_ID
    assert data["document"]["link"] is None  # a javascript: URL is never a link
    assert get_json(client, "/dyad/IND/CHN")["timeline"]["events"][0]["doc_url"] == "/document/evil%2F1"


def test_unknown_document_is_404(client):
    r = client.get("/document/nope", params={"format": "json"})
    assert r.status_code == 404 and "no document" in r.json()["detail"]
    assert client.get("/document/nope").status_code == 404
    assert client.get("/no/such/page").status_code == 404


# -- untrusted text --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url", ["/", "/dyad/IND/CHN", "/document/evil%2F1", "/event/evil%2F1-e0", "/event/evil%2F1-e1",
            "/search?q=India"],
)  # fmt: skip
def test_article_text_is_escaped(client, url):
    r = client.get(url)
    assert r.status_code == 200
    html = r.text
    assert "<script>window" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    if url != "/search?q=India":
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html or "&lt;img src=x" in html
    # no script at all: the pages need none
    assert "<script" not in html


def test_json_twin_keeps_text_verbatim(client):
    data = get_json(client, "/document/evil%2F1")
    assert SCRIPT in data["document"]["title"] and IMG in data["text"]


# -- every page ------------------------------------------------------------------------------
@pytest.mark.parametrize("url", PAGES)
def test_every_page_links_its_json_twin_and_loads_nothing_external(client, url):
    r = client.get(url)
    assert r.status_code == 200
    m = re.search(r'href="([^"]*format=json[^"]*)" class="json-link"', r.text)
    assert m, "no JSON link"
    twin = client.get(m.group(1).replace("&amp;", "&"))
    assert twin.status_code == 200 and twin.headers["content-type"].startswith("application/json")
    for src in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert not src.startswith(("http:", "https:", "//")) or src == "https://example.org/oped", src


def test_static_assets_ship_in_the_package(client):
    css = client.get("/static/detente.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert "@import" not in css.text and "url(http" not in css.text
    assert client.get("/static/favicon.svg").status_code == 200


def test_openapi_describes_every_page(client):
    spec = client.get("/openapi.json").json()
    assert {"/", "/search", "/dyad/{a}/{b}", "/event/{event_id}", "/document/{doc_id}"} <= set(spec["paths"])
    params = {p["name"]: p for p in spec["paths"]["/dyad/{a}/{b}"]["get"]["parameters"]}
    assert {"a", "b", "since", "until", "root", "modality", "page", "per_page", "freq", "format"} <= set(params)
    assert client.get("/docs").status_code == 404  # the interactive docs need a CDN


# -- serving ---------------------------------------------------------------------------------
def test_the_store_is_opened_read_only(web_db, app):
    before = os.path.getmtime(web_db)
    with pytest.raises(Exception, match="read-only|read only"):
        app.state.store.con.execute("CREATE TABLE x (i INTEGER)")
    assert os.path.getmtime(web_db) == before


def test_a_missing_store_fails_early(tmp_path):
    with pytest.raises(StoreError, match="no detente database"):
        create_app(tmp_path / "missing.duckdb")


def test_concurrent_requests_on_a_real_server(server):
    urls = [f"{server}{u}{'&' if '?' in u else '?'}format=json" for u in PAGES * 4]
    with httpx.Client(timeout=30) as http, concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda u: http.get(u).status_code, urls))
    assert codes == [200] * len(urls)


def test_serve_command(monkeypatch, web_db, tmp_path):
    import uvicorn
    from typer.testing import CliRunner

    from detente.cli import app as cli

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(cli, ["serve", "--db", str(web_db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0][1] == {"host": "127.0.0.1", "port": 8123, "log_level": "warning"}
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no detente database" in result.output


def test_a_route_is_a_plain_function_of_the_request_and_the_store(web_db):
    # no app, no server: the dyad route called with a bare request and a store
    import json as _json

    from starlette.requests import Request

    from detente.web import app as web

    request = Request({"type": "http", "method": "GET", "path": "/dyad/PAK/RUS", "query_string": b"",
                       "headers": [], "server": ("test", 80), "scheme": "http", "root_path": ""})  # fmt: skip
    with Store(web_db, read_only=True) as store:
        response = web.dyad(request, store, "PAK", "RUS", format="json")
        assert response.status_code == 200
        data = _json.loads(response.body)
        assert (data["a"]["code"], data["b"]["code"]) == ("PAK", "RUS") and data["timeline"]["total"] > 0
        moved = web.dyad(request, store, "Pakistan", "Russia", format="json")
        assert moved.status_code == 307 and moved.headers["location"] == "/dyad/PAK/RUS"
