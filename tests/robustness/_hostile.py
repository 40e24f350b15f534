"""Hypothesis strategies for hostile input: bytes, encodings, broken JSONL/CSV/HTML, nasty text.

Shared by the robustness tests and ``benchmarks/fuzz.py``: strategies, and the checks that
what the readers and the pipeline give back is well-formed. Nothing here touches files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

from hypothesis import strategies as st

from detente.cameo import lookup
from detente.ingest import MAX_DOCUMENT_CHARS, IngestProblem, normalize_text
from detente.records import BASES, MODALITIES, PRECISIONS, CodedDocument, Document, Event

# --------------------------------------------------------------------------------------
# Pieces of news-like and hostile text

COUNTRIES = (
    "Russia", "Pakistan", "China", "India", "Iran", "Syria", "Turkey", "Ukraine", "Israel",
    "the United States", "the US", "France", "Germany", "Japan", "North Korea", "Afghanistan",
    "the Soviet Union", "Moscow", "Islamabad", "Beijing", "New Delhi", "Tehran", "Damascus",
    "Washington", "Russian", "Pakistani", "Chinese", "Indian", "Iranian", "Syrian", "Turkish",
    "NATO", "the United Nations", "the EU", "Kremlin", "Prime Minister Shinzo Abe",
    "President Putin", "the two countries", "both sides", "the government", "the army",
    "rebels", "Russian troops", "Pakistani and Indian officials",
)  # fmt: skip
VERBS = (
    "attacked", "met", "held talks with", "signed an agreement with", "condemned", "accused",
    "visited", "threatened", "did not attack", "may sanction", "will visit", "rejected",
    "welcomed", "praised", "expelled diplomats from", "invaded", "agreed to cooperate with",
    "urged", "criticized", "sent troops to", "imposed sanctions on", "said", "denied",
    "called on", "bombed", "shelled", "negotiated with", "promised aid to",
)  # fmt: skip
DATES = (
    "on 3 May 2016", "in 1999", "last week", "yesterday", "on Tuesday", "2015-03-02",
    "12/12/12", "in the 1990s", "32 February 2016", "in spring 2015", "Q3 2017",
    "between 1999 and 2001", "0000-00-00", "9999", "on 31/02/2016", "in 10000 BC",
    "on 29 February 2015", "ISLAMABAD, 3 May 2016 -", "Mar. 2, 2015", "two years later",
    "since 2001", "until next year", "in the 21st century", "at 10:30 GMT", "May 2016",
)  # fmt: skip
PUNCTUATION = tuple(".,;:!?()[]{}\"'-/\\|@#$%^&*~`<>") + (
    "–",
    "—",
    "…",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
)
CONTROLS = tuple(chr(c) for c in range(32)) + (
    "\x7f", "\x85", "\xa0", "\u2028", "\u2029", "\ufeff", "\ufffe", "\u200b", "\u200d",
    "\u202e", "\u0301", "\ufffd", "\U0001f600", "\U000e0001",
)  # fmt: skip
SEPARATORS = (" ", " ", " ", "", "\n", "\n\n", "\t", "  ", "\r\n", ", ")

#: Any unicode, surrogates included (hypothesis leaves them out of st.text by default).
any_char = st.characters(codec=None, exclude_categories=())
any_text = st.text(any_char, max_size=60)


def sentences() -> st.SearchStrategy[str]:
    """A news-like sentence: actor, verb, actor, maybe a date, a final mark."""
    return st.builds(
        lambda a, v, b, d, end: " ".join(x for x in (a, v, b, d) if x) + end,
        st.sampled_from(COUNTRIES),
        st.sampled_from(VERBS),
        st.sampled_from(COUNTRIES),
        st.one_of(st.just(""), st.sampled_from(DATES)),
        st.sampled_from((".", ".", "!", "?", "", ";", "...")),
    )


def hostile_pieces(max_repeat: int = 300) -> st.SearchStrategy[str]:
    """One piece of hostile text: long tokens, deep parentheses, runs of country names, …"""
    n = st.integers(1, max_repeat)
    return st.one_of(
        sentences(),
        st.sampled_from(COUNTRIES),
        st.sampled_from(DATES),
        st.sampled_from(PUNCTUATION),
        st.sampled_from(CONTROLS),
        any_text,
        # a very long token
        st.builds(lambda c, k: c * k, st.sampled_from("aZ9-._/é"), st.integers(100, 5000)),
        # deep parentheses / brackets / quotes around a sentence
        st.builds(
            lambda k, s, o: o[0] * k + s + o[1] * k,
            n,
            sentences(),
            st.sampled_from(("()", "[]", "{}", '""', "«»", "<>")),
        ),
        # a run of country names in one sentence
        st.builds(
            lambda names, sep, v: sep.join(names) + f" {v} talks.",
            st.lists(st.sampled_from(COUNTRIES), min_size=2, max_size=max_repeat),
            st.sampled_from((", ", " and ", ",", " ", "/")),
            st.sampled_from(VERBS),
        ),
        # a run of one punctuation mark or date
        st.builds(lambda p, k: p * k, st.sampled_from(PUNCTUATION + DATES), n),
    )


def hostile_texts(max_pieces: int = 12, max_repeat: int = 300) -> st.SearchStrategy[str]:
    """Texts mixing news sentences with hostile pieces, joined by odd separators."""
    return st.builds(
        lambda parts, seps: "".join(p + seps[i % len(seps)] for i, p in enumerate(parts)),
        st.lists(hostile_pieces(max_repeat), min_size=0, max_size=max_pieces),
        st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=4),
    )


# --------------------------------------------------------------------------------------
# Bytes in many encodings

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252",
             "latin-1", "mojibake", "garbage")  # fmt: skip
#: Encodings that a reader must decode back to exactly the text written.
EXACT = ("utf-8", "utf-8-sig", "utf-16", "utf-32")


def encode(text: str, encoding: str) -> bytes:
    """``text`` as bytes in ``encoding``; "mojibake" is UTF-8 read as Latin-1 and re-encoded,
    "garbage" is UTF-8 with a few bytes flipped."""
    safe = text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates
    if encoding == "mojibake":
        return safe.encode("utf-8").decode("latin-1").encode("utf-8")
    if encoding == "garbage":
        data = bytearray(safe.encode("utf-8"))
        for i in range(0, len(data), 7):
            data[i] ^= 0x80
        return bytes(data)
    return safe.encode(encoding, "replace")


def encoded_texts() -> st.SearchStrategy[tuple[str, str, bytes]]:
    """(text, encoding, bytes) for news-like and random text."""
    return st.builds(
        lambda text, enc: (text, enc, encode(text, enc)),
        # a lone surrogate has no encoding at all: the text compared is the one encoded
        st.one_of(hostile_texts(max_pieces=6, max_repeat=20), st.text(max_size=300)).map(
            lambda t: t.encode("utf-8", "replace").decode("utf-8")),
        st.sampled_from(ENCODINGS),
    )


# --------------------------------------------------------------------------------------
# JSON Lines: good records and every kind of bad line

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8,
)  # fmt: skip
field_values = st.one_of(json_values, st.sampled_from(DATES), any_text)


def records() -> st.SearchStrategy[dict]:
    """A JSON object that may or may not be a usable record (text of any type, odd fields)."""
    return st.fixed_dictionaries(
        {"text": st.one_of(hostile_texts(max_pieces=4, max_repeat=10), any_text, json_values)},
        optional={name: field_values
                  for name in ("id", "published", "date", "title", "url", "source", "lang")},
    )  # fmt: skip


def _dump(record: dict) -> str:
    # json.dumps writes lone surrogates as \udXXX escapes: exactly the hostile case wanted
    return json.dumps(record, ensure_ascii=False, allow_nan=True)


def bad_lines() -> st.SearchStrategy[str]:
    """One line that is not a usable JSON record."""
    return st.one_of(
        st.text(st.characters(exclude_characters="\n\r", codec="utf-8"), max_size=80),
        st.builds(lambda r, k: _dump(r)[:k], records(), st.integers(0, 40)),  # truncated
        st.builds(lambda v: json.dumps(v), json_values),  # not an object
        st.builds(lambda k: "[" * k + "]" * k, st.integers(1, 5000)),  # nested too deeply
        st.builds(lambda k: '{"text": "x", "id": ' + "9" * k + "}", st.integers(4000, 6000)),
        st.just('{"text": "Russia \\ud800 met China"}'),  # a lone surrogate escape
        st.just('{"text": "a", "text": 5}'),
        st.just('{"text": NaN, "id": Infinity}'),
        st.just('{"text": "unterminated'),
        st.just("\x00\x01\x02 binary"),
    )


def jsonl_lines() -> st.SearchStrategy[list[str]]:
    """Lines of a JSONL file: records, bad lines and blank lines, in any order."""
    return st.lists(
        st.one_of(st.builds(_dump, records()), bad_lines(), st.sampled_from(("", "   ", "\t"))),
        max_size=12,
    )


# --------------------------------------------------------------------------------------
# CSV with broken quoting

HEADERS = (
    ["id", "text"], ["text"], ["ID", "Text", "Published"], ["text", "published", "title", "url"],
    ["title", "body"], ["text", "text"], [], ["Text ", "date", "source", "lang"],
)  # fmt: skip


def csv_files() -> st.SearchStrategy[tuple[list[str], list[list[str]], str]]:
    """(header, rows, file text): a CSV written properly, then possibly broken line by line."""
    cell = st.one_of(hostile_texts(max_pieces=3, max_repeat=5), st.text(max_size=30),
                     st.sampled_from(DATES))  # fmt: skip

    def build(header, rows, breaks, ending):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=ending)
        if header:
            writer.writerow(header)
        for row in rows:
            writer.writerow(row)
        text = out.getvalue()
        lines = text.split(ending)
        for where, how in breaks:
            if not lines:
                break
            i = where % len(lines)
            lines[i] = {
                "quote": lines[i] + '"',
                "open": '"' + lines[i],
                "inner": lines[i][: len(lines[i]) // 2] + '"x"' + lines[i][len(lines[i]) // 2 :],
                "drop": "",
                "cut": lines[i][: len(lines[i]) // 2],
                "nul": lines[i] + "\x00",
            }[how]
        return header, rows, ending.join(lines)

    return st.builds(
        build,
        st.sampled_from(HEADERS),
        st.lists(st.lists(cell, min_size=0, max_size=5), max_size=8),
        st.lists(st.tuples(st.integers(0, 100),
                           st.sampled_from(("quote", "open", "inner", "drop", "cut", "nul"))),
                 max_size=3),
        st.sampled_from(("\n", "\r\n", "\r")),
    )  # fmt: skip


# --------------------------------------------------------------------------------------
# HTML

TAGS = ("p", "div", "span", "h1", "article", "script", "style", "li", "ul", "table", "td",
        "tr", "a", "b", "i", "br", "main", "nav", "footer", "iframe", "svg", "noscript")  # fmt: skip


def html_pages() -> st.SearchStrategy[str]:
    """HTML fragments and pages, nested and broken, around news-like sentences."""
    node = st.deferred(
        lambda: st.one_of(
            sentences(),
            any_text,
            st.builds(lambda t, kids, close: f"<{t}>" + "".join(kids) + (f"</{t}>" if close else ""),
                      st.sampled_from(TAGS), st.lists(node, max_size=3), st.booleans()),
            st.sampled_from(("<!--", "-->", "<![CDATA[", "<", ">", "&amp;", "&#0;", "&#xD800;",
                             "&nbsp;", "</p>", "<meta charset='utf-16'>",
                             '<meta http-equiv="content-type" content="text/html; charset=koi8-r">',
                             "<time datetime='2016-99-99'>x</time>",
                             '<meta property="article:published_time" content="2015-03-02">',
                             '<link rel="canonical" href="https://x.org/2016/11/07/a">')),
        )
    )  # fmt: skip
    return st.builds(
        lambda head, body, wrap: (
            f"<html><head>{head}</head><body>{body}</body></html>" if wrap else head + body
        ),
        st.text(max_size=20),
        st.builds("".join, st.lists(node, max_size=6)),
        st.booleans(),
    )


# --------------------------------------------------------------------------------------
# Checks

_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
_ID = re.compile("^[0-9a-f]{16}$")


def check_items(
    items, path, n_lines: int | None = None
) -> tuple[list[Document], list[IngestProblem]]:
    """Every item is a well-formed Document or an IngestProblem naming ``path`` (and a line
    within the file, when there is one); no reader hit an unexpected exception."""
    docs, errors = [], []
    for item in items:
        if isinstance(item, IngestProblem):
            assert item.path == str(path), item
            assert isinstance(item.reason, str) and item.reason, item
            assert not item.reason.startswith("unexpected error"), item
            assert item.severity in ("error", "warning"), item
            if item.line is not None:
                assert item.line >= 1, item
                if n_lines is not None:
                    assert item.line <= n_lines, (item, n_lines)
            assert str(item).startswith(item.location)
            errors.append(item)
            continue
        assert isinstance(item, Document), type(item)
        assert item.text and item.text == normalize_text(item.text), repr(item.text[:80])
        assert not _BAD_CHARS.search(item.text), repr(item.text[:80])
        assert len(item.text) <= MAX_DOCUMENT_CHARS
        assert isinstance(item.id, str) and item.id
        for value in (item.id, item.text, item.title, item.url, item.source, item.lang):
            if value is not None:
                value.encode("utf-8")  # storable and printable: no lone surrogates
        assert item.published is None or isinstance(item.published, dt.date)
        assert (item.published is None) == (item.published_basis is None)
        docs.append(item)
    return docs, errors


def check_coded(coded: CodedDocument) -> None:
    """Everything found in ``coded`` is well-formed and anchored in its document's text."""
    text = coded.document.text
    for e in coded.events:
        start, end = e.span
        assert 0 <= start < end <= len(text), e.span
        assert e.trigger == text[start:end], (e.trigger, text[start:end])
        code = lookup(e.cameo)  # KeyError for a code outside the CAMEO list
        assert e.root == code.root and e.quad == code.quad and e.goldstein == code.goldstein
        assert e.modality in MODALITIES and 0 < e.confidence <= 1
        assert e.when.precision in PRECISIONS and e.when.basis in BASES
        if e.when.dated:
            assert e.when.end is not None and e.when.start <= e.when.end
        assert e.doc_id == coded.document.id and _ID.match(e.id)
        assert e.sentence_span is not None
        s0, s1 = e.sentence_span
        assert 0 <= s0 <= start and end <= s1 <= len(text)
        assert e.sentence == text[s0:s1].strip()
        for actor in (e.source, e.target):
            if actor is not None and actor.span is not None and actor.via not in ("context",):
                a0, a1 = actor.span
                assert 0 <= a0 < a1 <= len(text)
        assert Event.from_dict(json.loads(json.dumps(e.to_dict(), ensure_ascii=False))) == e
    for a in coded.actors:
        if a.span is not None:
            assert 0 <= a.span[0] < a.span[1] <= len(text)
            assert a.text == text[a.span[0] : a.span[1]], (a.text, a.span)
    for s in (*coded.states, *coded.interests):
        assert 0 <= s.span[0] <= s.span[1] <= len(text)
    json.dumps(coded.to_dict(), ensure_ascii=False).encode("utf-8")
