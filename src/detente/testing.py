"""Helpers for testing code that reads detente's records or store, without the spaCy model.

>>> from detente.testing import DocumentBuilder, year, filled_store
>>> doc = DocumentBuilder("d1", "Pakistan and Russia", published="2016-11-07")
>>> doc.event("In 2003 Pakistan and Russia held talks.", "held talks",
...           ("Pakistan", "PAK"), ("Russia", "RUS"), "040", year(2003))  # doctest: +ELLIPSIS
Event(...)
>>> store = filled_store([doc.coded()])   # an in-memory Store holding it
>>> len(store.events(("PAK", "RUS")))
1

``DocumentBuilder`` writes the text sentence by sentence and computes every character span,
so the records it builds are what the pipeline would store (evidence included);
``filled_store`` adds them to a store; ``small_corpus`` is a ready-made set of documents (a
warm then cold Pakistan–Russia relationship, a Soviet-era event, a third party) for tests of
the analysis, the report and the dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from .cameo import lookup
from .records import Actor, CodedDocument, Document, Event, Interest, RelationState, TimeSpan

__all__ = ["DocumentBuilder", "day", "filled_store", "small_corpus", "year"]


def year(y: int, basis: str = "text") -> TimeSpan:
    """The whole of year ``y``, as a date written in the text ("2003") gives it."""
    return TimeSpan(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", basis, str(y))


def day(y: int, m: int, d: int, text: str | None = None) -> TimeSpan:
    """One day, written in the text as ``text``."""
    return TimeSpan(dt.date(y, m, d), dt.date(y, m, d), "day", "text", text)


def _date(value: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class DocumentBuilder:
    """Builds one :class:`CodedDocument` sentence by sentence, computing the character spans.

    Sides are given as ``(text as written, code)`` or ``(text, code, name)``; the text must
    occur in the sentence."""

    def __init__(self, doc_id: str, title: str | None = None, published: dt.date | str | None = None,
                 url: str | None = None, source: str = "test wire"):  # fmt: skip
        self.id, self.title, self.published, self.url, self.source = doc_id, title, _date(published), url, source
        self.text = ""
        self.events: list[Event] = []
        self.states: list[RelationState] = []
        self.interests: list[Interest] = []
        self.actors: list[Actor] = []

    def sentence(self, sentence: str) -> int:
        """Append a sentence; its start offset in the document."""
        if self.text:
            self.text += " "
        start = len(self.text)
        self.text += sentence
        return start

    @staticmethod
    def _span(s0: int, sentence: str, needle: str) -> tuple[int, int]:
        i = sentence.index(needle)
        return s0 + i, s0 + i + len(needle)

    def actor(self, s0: int, sentence: str, text: str, code: str, name: str | None = None) -> Actor:
        a = Actor(code=code, country=code[:3], name=name or text, text=text,
                  span=self._span(s0, sentence, text), via="country")  # fmt: skip
        self.actors.append(a)
        return a

    def event(self, sentence: str, trigger: str, src: tuple[str, ...], tgt: tuple[str, ...],
              cameo: str, when: TimeSpan = TimeSpan(), modality: str = "asserted") -> Event:  # fmt: skip
        """An event of ``cameo`` from ``src`` to ``tgt``, told by ``sentence`` at ``trigger``."""
        s0 = self.sentence(sentence)
        source = self.actor(s0, sentence, *src)
        target = self.actor(s0, sentence, *tgt)
        ev = Event(
            id=f"{self.id}-e{len(self.events)}", doc_id=self.id, sentence=sentence,
            span=self._span(s0, sentence, trigger), source=source, target=target,
            **lookup(cameo).event_fields(), when=when, modality=modality, confidence=0.9,
            rule=f"test:{cameo}", trigger=trigger, sentence_span=(s0, s0 + len(sentence)),
        )  # fmt: skip
        self.events.append(ev)
        return ev

    def state(self, sentence: str, trigger: str, a: str, b: str, polarity: int, when: TimeSpan,
              strength: float = 0.6) -> RelationState:  # fmt: skip
        """How ``sentence`` describes the relationship of ``a`` and ``b`` (polarity ±1)."""
        s0 = self.sentence(sentence)
        st = RelationState(self.id, a, b, polarity, strength, when, sentence,
                           self._span(s0, sentence, trigger), trigger)  # fmt: skip
        self.states.append(st)
        return st

    def interest(self, sentence: str, trigger: str, holder: str, counterpart: str, issue: str,
                 stance: str = "seek") -> Interest:  # fmt: skip
        """What ``holder`` wants of ``counterpart`` on ``issue``, as ``sentence`` states it."""
        s0 = self.sentence(sentence)
        it = Interest(self.id, Actor(code=holder, country=holder), Actor(code=counterpart, country=counterpart),
                      issue, stance, "author", TimeSpan(), sentence, self._span(s0, sentence, trigger),
                      trigger)  # fmt: skip
        self.interests.append(it)
        return it

    def coded(self) -> CodedDocument:
        doc = Document(id=self.id, text=self.text, published=self.published, title=self.title,
                       url=self.url, source=self.source)  # fmt: skip
        return CodedDocument(doc, tuple(self.events), tuple(self.states), tuple(self.interests),
                             tuple(self.actors))  # fmt: skip


def small_corpus() -> list[CodedDocument]:
    """Two documents: six warm years of Pakistan–Russia talks then six cold years of threats,
    a joint drill, a Soviet-era event, a US appeal to Pakistan (a third party), relation states
    for both periods, an interest; and a US–Pakistan accusation in a second document."""
    op = DocumentBuilder("oped", "Pakistan and Russia", "2016-11-20")
    for y in range(2000, 2006):
        op.event(f"In {y} Pakistan and Russia held talks on the gas pipeline.", "held talks",
                 ("Pakistan", "PAK"), ("Russia", "RUS"), "040", year(y))  # fmt: skip
    for y in range(2006, 2012):
        op.event(f"In {y} Moscow threatened Islamabad with sanctions.", "threatened",
                 ("Moscow", "RUSGOV", "Russia"), ("Islamabad", "PAKGOV", "Pakistan"), "130", year(y))  # fmt: skip
    op.event("On 14 March 2016 Pakistan and Russia began a joint naval drill.", "joint naval drill",
             ("Pakistan", "PAK"), ("Russia", "RUS"), "062", day(2016, 3, 14, "14 March 2016"))  # fmt: skip
    op.event("In 1975 the Soviet Union sent engineers to Pakistan.", "sent engineers",
             ("the Soviet Union", "SUN"), ("Pakistan", "PAK"), "070", year(1975))  # fmt: skip
    op.event("In 2004 the United States urged Pakistan to buy its gas elsewhere.", "urged",
             ("the United States", "USA"), ("Pakistan", "PAK"), "020", year(2004))  # fmt: skip
    op.state("Ties between Pakistan and Russia were warm in 2003.", "warm", "PAK", "RUS", 1, year(2003))
    op.state("By 2009 ties between Pakistan and Russia had turned cold.", "cold", "PAK", "RUS", -1, year(2009))
    op.interest("Russia wants a market for its gas in Pakistan.", "wants", "RUS", "PAK", "energy")
    usa = DocumentBuilder("usa", None, "2006-03-01")
    usa.event("The United States accused Pakistan.", "accused", ("United States", "USA"),
              ("Pakistan", "PAK"), "112", year(2006))  # fmt: skip
    return [op.coded(), usa.coded()]


def filled_store(documents: Iterable[CodedDocument] | None = None, path: str | Path = ":memory:"):
    """A :class:`~detente.store.Store` at ``path`` (default: in memory) holding ``documents``
    (default: :func:`small_corpus`). The caller closes it (or uses it in a ``with``)."""
    from .store import Store

    store = Store(path)
    store.add_many(list(small_corpus() if documents is None else documents))
    return store
