"""The extractor's encoder reading one group of documents while the next is parsed: the same
events as coding on one thread, in input order, whatever the batches."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from detente.extract.runtime import Extractor, load_extractor
from detente.pipeline import MAX_DOC_CHARS, OVERLAP_BATCH_CHARS, Coder
from detente.records import Document

_SENTENCES = [
    "Russian jets bombed rebel positions near Aleppo on {day}, the army said.",
    "Pakistan and China signed a trade agreement in Beijing on {day}.",
    "The French president criticised Turkey's offensive in a speech on {day}.",
    "Iran's foreign minister met his Iraqi counterpart in Baghdad on {day}.",
    "Protesters gathered outside the US embassy in Cairo.",
    "The weather was mild and the markets were calm.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _documents(n: int, chars: int) -> list[Document]:
    docs = []
    for i in range(n):
        parts, k = [], i
        while sum(map(len, parts)) < chars:
            parts.append(_SENTENCES[k % len(_SENTENCES)].format(day=_DAYS[k % len(_DAYS)]))
            k += 1
        docs.append(Document(id=f"d{i}", text="\n\n".join(parts), published=dt.date(2019, 3, 4)))
    return docs


@pytest.fixture
def with_threads(nlp):
    """Run ``nlp``'s extractor with a given number of threads (restored afterwards)."""
    stage = nlp.get_pipe("detente_extract")
    shipped = load_extractor()
    kept = stage._extractor

    def use(threads: int):
        stage._extractor = Extractor(shipped.heads, threads=threads)
        return nlp

    yield use
    stage._extractor = kept


def _code(nlp, batches):
    coder = Coder(nlp)
    out = [c for batch in batches for c in coder.feed(batch)]
    return out + coder.finish()


def test_the_encoder_beside_the_parse_codes_the_same_events(with_threads, monkeypatch):
    docs = _documents(9, OVERLAP_BATCH_CHARS // 4)  # groups of several documents, across batches
    batches = [docs[:4], docs[4:5], docs[5:]]
    alone = _code(with_threads(1), batches)
    nlp = with_threads(2)
    extractor = nlp.get_pipe("detente_extract").extractor
    threads = []
    vectors = extractor.vectors

    def spy(texts):
        threads.append(threading.current_thread().name)
        return vectors(texts)

    monkeypatch.setattr(extractor, "vectors", spy)
    beside = _code(nlp, batches)
    assert threads and all(name.startswith("detente-encoder") for name in threads)  # it did overlap
    assert len(threads) < len(docs)  # a group of documents a run
    assert [c.document.id for c in beside] == [d.id for d in docs]
    assert sum(len(c.events) for c in alone) > 9
    assert [c.events for c in beside] == [c.events for c in alone]


def test_coding_leaves_the_interpreters_switch_interval_as_it_found_it(with_threads):
    import sys

    from detente.pipeline import SWITCH_INTERVAL

    before = sys.getswitchinterval()
    seen = []
    nlp = with_threads(2)
    extractor = nlp.get_pipe("detente_extract").extractor
    decode = extractor.decode

    def spy(texts, vectors, **kw):  # on this thread, while the encoder may be running
        seen.append(sys.getswitchinterval())
        return decode(texts, vectors, **kw)

    extractor.decode = spy
    try:
        coded = _code(nlp, [_documents(3, OVERLAP_BATCH_CHARS // 2)])
    finally:
        del extractor.decode
    assert sum(len(c.events) for c in coded) > 3
    assert seen and max(seen) <= SWITCH_INTERVAL < before
    assert sys.getswitchinterval() == before


def test_documents_come_back_in_input_order_with_those_over_budget_in_place(with_threads):
    nlp = with_threads(2)
    docs = _documents(4, OVERLAP_BATCH_CHARS // 2)
    big = Document(id="big", text="Russia met China. " * (MAX_DOC_CHARS // 18 + 1))
    coder = Coder(nlp)
    first = coder.feed([docs[0], big, docs[1]])
    # what is finished comes back, in order; the group the encoder is reading waits
    assert len(first) < 3 and [c.document.id for c in first] == ["d0", "big", "d1"][: len(first)]
    rest = coder.feed(docs[2:]) + coder.finish()
    coded = first + rest
    assert [c.document.id for c in coded] == ["d0", "big", "d1", "d2", "d3"]
    assert coded[1].events == () and all(c.events for c in coded if c.document.id != "big")
