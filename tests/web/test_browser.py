"""The dashboard in a real browser: Debian's Chromium driven by Playwright.

Skipped, with the reason, when Playwright or /usr/bin/chromium is missing (`make test` on a
fresh machine without apt); CI installs Chromium in .ci/run and runs them. The store is coded
by the real pipeline from the shared op-ed and from a hostile JSONL record, in one
subprocess (one model load).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run_server

CHROMIUM = Path("/usr/bin/chromium")
OPED = (
    Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "pakistan-russia-oped-2016-11-07.txt"
)
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '"><img src=x onerror="window.__pwned=2">'
EVIL = {
    "id": "evil-1",
    "published": "2017-06-09",
    "title": f"India and China {SCRIPT} {IMG}",
    "url": "javascript:window.__pwned=3",
    "source": "test wire",
    "text": f"NEW DELHI - India accused China on Thursday of building a road {SCRIPT} near the "
    f"border. {IMG} China threatened India with sanctions in 2017.",
}

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
)
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium to run the browser tests",
)


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory) -> Path:
    """A store coded by ``detente code`` from the op-ed (when ../shared has it) and the
    hostile record."""
    tmp = tmp_path_factory.mktemp("browser")
    evil = tmp / "evil.jsonl"
    evil.write_text(json.dumps(EVIL) + "\n", encoding="utf-8")
    db = tmp / "coded.duckdb"
    inputs = [str(OPED)] if OPED.exists() else []
    cmd = [sys.executable, "-m", "detente", "code", *inputs, str(evil), "--db", str(db), "--no-progress"]
    done = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def base_url(coded_db):
    yield from run_server(coded_db)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records what it requested, console errors and dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    pg.requests, pg.errors, pg.dialogs = [], [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def test_explore_pakistan_russia(page, base_url):
    if not OPED.exists():
        pytest.skip(f"the shared op-ed is not at {OPED}")
    page.goto(base_url + "/")
    assert page.get_by_role("heading", name="Most active dyads").is_visible()
    page.fill("#home-search", "Pakistan")
    page.press("#home-search", "Enter")
    page.wait_for_url("**/search?q=Pakistan")
    assert page.locator("section.result h2 .name").first.inner_text() == "Pakistan"

    page.locator('a[href="/dyad/PAK/RUS"]').first.click()
    page.wait_for_url("**/dyad/PAK/RUS")
    assert page.locator("h1").inner_text().startswith("Pakistan – Russia")
    chart = page.locator("svg.chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 600 and box["height"] > 200
    assert page.locator("svg.chart circle.dot").count() >= 3
    assert page.locator("svg.chart line.turning").count() >= 1

    # an event dated to the day by its own sentence: its row, then its page, show the same
    # trigger and date, highlighted in the evidence
    row = (
        page.locator("#timeline tr")
        .filter(has=page.locator("mark.hl.date"))
        .filter(has=page.locator("td.when a", has_text=re.compile(r"^\d{4}-\d\d-\d\d$")))
        .first
    )
    assert row.is_visible()
    trigger = row.locator("mark.hl.trigger").all_inner_texts()
    date = row.locator("mark.hl.date").first.inner_text()
    assert trigger and date
    row.locator("td.when a").click()
    page.wait_for_url("**/event/**")
    assert page.locator("h1").inner_text().strip()
    assert page.locator("blockquote.evidence mark.hl.trigger").all_inner_texts() == trigger
    assert date in page.locator("blockquote.evidence mark.hl.date").all_inner_texts()
    assert f"text: “{date}”" in page.locator("dl").last.inner_text()

    page.locator("a", has_text="Pakistan-Russia Joint Military Exercise").first.click()
    page.wait_for_url("**/document/**")
    assert page.locator("article.text a.hl.trigger").count() >= 10
    assert page.locator("article.text mark.hl.actor").count() >= 20

    assert all(u.startswith(base_url) for u in page.requests), "a request left the machine"
    assert not page.errors, page.errors


def test_hostile_text_is_shown_not_run(page, base_url):
    twin = json.loads(page.request.get(base_url + "/dyad/IND/CHN?format=json").text())
    event_urls = [e["url"] for e in twin["timeline"]["events"]]
    assert event_urls, "the hostile record coded no IND–CHN event"
    pages = ["/", "/search?q=India", "/dyad/IND/CHN", "/document/evil-1", *event_urls]
    for url in pages:
        page.goto(base_url + url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator("img").count() == 0, url
        text = page.locator("body").inner_text()
        if url != "/search?q=India":
            assert SCRIPT in text or IMG in text, url  # shown literally
    page.goto(base_url + "/document/evil-1")
    assert page.locator("h1").inner_text() == EVIL["title"]
    body = page.locator("article.text").inner_text()
    assert SCRIPT in body and IMG in body
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.evaluate("window.__pwned") is None
    assert not page.dialogs
