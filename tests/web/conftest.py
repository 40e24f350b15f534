"""A small store of hand-made coded documents for the dashboard (no model needed), written
to a temporary DuckDB file: the app opens it read-only and reads it from worker threads."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from pathlib import Path

import pytest

from detente import Store
from detente.records import CodedDocument, TimeSpan
from detente.testing import DocumentBuilder, day, year

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '"><img src=x onerror="window.__pwned=2">'
EVIL_ID = "evil/1"  # a document id with a slash: it must survive the URL


Doc = DocumentBuilder  # the builder of detente.testing, under a shorter name


PAK = ("Pakistan", "PAK", "Pakistan")
RUS = ("Russia", "RUS", "Russia")
PAKGOV = ("Islamabad", "PAKGOV", "Pakistan")
RUSGOV = ("Moscow", "RUSGOV", "Russia")


def documents() -> list[CodedDocument]:
    op = Doc("oped", "Pakistan & Russia: a naval drill", dt.date(2016, 11, 20),
             url="https://example.org/oped")  # fmt: skip
    for y in range(2000, 2006):  # warm years
        op.event(f"In {y} Pakistan and Russia held talks on the gas pipeline.", "held talks",
                 PAK, RUS, "040", year(y))  # fmt: skip
    for y in range(2006, 2012):  # cold years
        op.event(f"In {y} Moscow threatened Islamabad with sanctions.", "threatened",
                 RUSGOV, PAKGOV, "130", year(y))  # fmt: skip
    op.event("On 14 March 2016 Pakistan and Russia began a joint naval drill.",
             "joint naval drill", PAK, RUS, "062", day(2016, 3, 14, "14 March 2016"))  # fmt: skip
    op.event("Pakistan may one day buy helicopters from Russia.", "buy", PAK, RUS, "061",
             TimeSpan(), modality="hypothetical")  # fmt: skip
    op.state("Ties between Pakistan and Russia were warm in 2003.", "warm", "PAK", "RUS", 1,
             year(2003))  # fmt: skip
    op.interest("Russia wants to sell energy to Pakistan.", "wants", "RUS", "PAK", "energy")
    op.interest("Pakistan seeks energy from Russia.", "seeks", "PAK", "RUS", "energy")
    s = "The United States and India watched closely."
    s0 = op.sentence(s)
    op.actor(s0, s, "United States", "USA", "United States")
    op.actor(s0, s, "India", "IND", "India")

    old = Doc("soviet", "Soviet days", dt.date(1975, 6, 1))
    old.event("In 1975 the Soviet Union invited Pakistan to talks.", "invited",
              ("Soviet Union", "SUN", "Soviet Union"), PAK, "036", year(1975))  # fmt: skip

    evil = Doc(EVIL_ID, f"India and China {SCRIPT} {IMG}", dt.date(2017, 6, 9),
               url="javascript:window.__pwned=3")  # fmt: skip
    evil.event(f"India accused China {SCRIPT} of building a road.", "accused",
               ("India", "IND", "India"), ("China", "CHN", "China"), "112", day(2017, 6, 8))  # fmt: skip
    evil.event(f"{IMG} China threatened India in 2017.", "threatened",
               ("China", "CHN", "China"), ("India", "IND", "India"), "130", year(2017))  # fmt: skip

    usa = Doc("usa", None, dt.date(2006, 3, 1))  # a feed row without a title
    usa.event("The United States accused Pakistan.", "accused",
              ("United States", "USA", "United States"), PAK, "112", year(2006))  # fmt: skip
    return [op.coded(), old.coded(), evil.coded(), usa.coded()]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    """The hand-made store as a DuckDB file."""
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    with Store(path) as store:
        store.add_many(documents())
    return path


@pytest.fixture(scope="session")
def app(web_db):
    from detente.web import create_app

    return create_app(web_db)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    return TestClient(app)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_server(db: Path):
    """Serve ``db`` with uvicorn on 127.0.0.1 and a free port in a background thread; yields
    the base URL and stops the server afterwards."""
    import uvicorn

    from detente.web import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the dashboard did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(web_db):
    yield from run_server(web_db)
