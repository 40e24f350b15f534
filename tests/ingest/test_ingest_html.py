"""HTML pages: offline extraction with trafilatura, metadata, dates, failures."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.ingest import IngestProblem, read_html, read_inputs
from detente.records import Document

PARAGRAPHS = (
    "<p>The two foreign ministers met in the capital on Tuesday and agreed to reopen "
    "the border crossing that has been closed since the spring.</p>"
    "<p>Trade between the neighbours is expected to resume next month, officials said "
    "after the meeting ended late in the evening.</p>"
)


def page(head="", body_top="", paragraphs=PARAGRAPHS, title="Ministers agree to reopen border"):
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{title}</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<script>var tracking = 'script text must not appear';</script>"
        f"<article><h1>{title}</h1>{body_top}{paragraphs}</article>"
        "<footer>Copyright footer</footer></body></html>"
    )


def write(tmp_path, name, html, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(html.encode(encoding) if isinstance(html, str) else html)
    return path


def only_doc(items):
    items = list(items)
    found = [i for i in items if isinstance(i, Document)]
    assert len(found) == 1, items
    return found[0]


def test_html_main_text_title_and_metadata_date(tmp_path):
    html = page(head='<meta property="article:published_time" content="2016-11-07T10:00:00Z">')
    doc = only_doc(read_html(write(tmp_path, "border.html", html)))
    assert "agreed to reopen the border crossing" in doc.text
    assert "script text" not in doc.text and "tracking" not in doc.text
    assert doc.title == "Ministers agree to reopen border"
    assert (doc.published, doc.published_basis) == (dt.date(2016, 11, 7), "metadata")
    assert doc.source == "border.html"
    assert doc.id == Document.make_id(doc.text, "border.html")


def test_html_blocks_become_paragraphs(tmp_path):
    doc = only_doc(read_html(write(tmp_path, "p.htm", page())))
    passages = doc.text.split("\n\n")
    assert any(p.startswith("The two foreign ministers") for p in passages)
    assert any(p.startswith("Trade between the neighbours") for p in passages)


def test_html_dateline_in_text(tmp_path):
    html = page(body_top="<p>November 7, 2016</p>")
    doc = only_doc(read_html(write(tmp_path, "d.html", html)))
    assert (doc.published, doc.published_basis) == (dt.date(2016, 11, 7), "dateline")


def test_html_date_from_canonical_url_has_url_basis(tmp_path):
    html = page(
        head='<link rel="canonical" href="https://news.example.org/world/2016/11/07/border">'
    )
    doc = only_doc(read_html(write(tmp_path, "u.html", html)))
    assert doc.url == "https://news.example.org/world/2016/11/07/border"
    assert (doc.published, doc.published_basis) == (dt.date(2016, 11, 7), "url")


def test_html_published_argument_when_no_metadata(tmp_path):
    path = write(tmp_path, "a.html", page())
    doc = only_doc(read_inputs([path], published=dt.date(2016, 11, 9)))
    assert (doc.published, doc.published_basis) == (dt.date(2016, 11, 9), "argument")


def test_html_metadata_beats_argument(tmp_path):
    html = page(head='<meta name="date" content="2016-11-07">')
    doc = only_doc(read_inputs([write(tmp_path, "m.html", html)], published=dt.date(2016, 11, 9)))
    assert (doc.published, doc.published_basis) == (dt.date(2016, 11, 7), "metadata")


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1"])
def test_html_declared_single_byte_charset(tmp_path, charset):
    html = page(
        head=f'<meta charset="{charset}">',
        title="Caf\xe9 diplomacy",
        paragraphs="<p>Officials called the talks \u201cconstructive\u201d and said the caf\xe9 "
        "meeting in the old town would be followed by a formal summit next spring.</p>",
    )
    doc = only_doc(read_html(write(tmp_path, "c.html", html, encoding="cp1252")))
    assert doc.title == "Caf\xe9 diplomacy"
    assert "\u201cconstructive\u201d" in doc.text


def test_html_without_text(tmp_path):
    path = write(tmp_path, "empty.html", "<html><head><title>x</title></head><body></body></html>")
    (err,) = list(read_inputs([path]))
    assert isinstance(err, IngestProblem)
    assert err.reason == "no text found in HTML"
    assert str(err) == f"{path}: no text found in HTML"


@pytest.mark.parametrize("content", [b"", b"  \n  "])
def test_empty_html_file(tmp_path, content):
    (err,) = list(read_html(write(tmp_path, "e.html", content)))
    assert err.reason == "empty document"


def test_binary_html_file(tmp_path):
    (err,) = list(read_html(write(tmp_path, "b.html", b"\x00\x01\x02\x03<html>" * 10)))
    assert err.reason == "binary file, not text"


def test_html_is_never_fetched(tmp_path, monkeypatch):
    import htmldate.utils
    import trafilatura.downloads

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(htmldate.utils, "fetch_url", refuse)
    monkeypatch.setattr(trafilatura.downloads, "fetch_url", refuse)
    items = list(read_html(write(tmp_path, "url.html", "https://news.example.org/2016/11/07/a")))
    assert all(isinstance(i, (Document, IngestProblem)) for i in items)


def test_html_parser_failure_is_reported(tmp_path, monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(trafilatura, "extract", broken)
    (err,) = list(read_html(write(tmp_path, "x.html", page())))
    assert isinstance(err, IngestProblem)
    assert "parser exploded" in err.reason
