"""Training examples for the extractor, from the files it learns from.

An :class:`Example` is one sentence with what is known about its events, as character spans:

* ``pentaclass-train.tsv`` (real news; the PentaClass of the sentence's main event) and
  ``actors-bio-train.txt`` (the same kind of sentences, the main event's source/target/
  reciprocal spans): one main event, whose trigger is not marked. The trigger is taken from
  the parse (:func:`main_trigger`), and nothing is said of other words (they may trigger
  events the annotators left out).
* detente's development sentences (``tests/data/event_sentences.tsv``): the main event's root,
  or no event at all.
* news labelled by hand (``training/news-events.tsv``, article ids and character offsets into
  ``../shared/data/guardian-syria-2017-2019/articles.csv``): every event of every sentence of
  the labelled openings, with its trigger, source, target and code; a sentence of a labelled
  opening with no event holds none.

Every role is a set of allowed labels, so that "one of the roots of class 3" and "no event"
are said the same way (see :mod:`.train`).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .model import ROOTS, pentaclass_roots

__all__ = [
    "EventLabel",
    "Example",
    "NewsEvent",
    "bio_examples",
    "dev_examples",
    "guardian_articles",
    "main_trigger",
    "news_examples",
    "pentaclass_examples",
    "read_bio",
    "read_news_events",
    "read_news_windows",
    "read_pentaclass",
    "training_examples",
]

Span = tuple[int, int]


@dataclass
class EventLabel:
    """One event of a training sentence. ``roots``: the acceptable CAMEO roots ("01"…"20").
    ``trigger`` None: not marked (only the sentence-level heads learn from the event)."""

    roots: frozenset[str]
    trigger: Span | None = None
    sources: list[Span] = field(default_factory=list)
    targets: list[Span] = field(default_factory=list)
    reciprocal: list[Span] = field(default_factory=list)
    has_arguments: bool = False  # are the argument spans known (empty lists mean "none")?
    modality: str | None = None  # asserted, negated, hypothetical, future, recommended, reported
    time: str | None = None  # recent, past or undated (see :func:`time_class`)
    #: The full CAMEO codes a hand coder accepted (news only). Not learned by the network:
    #: counted once for :func:`detente.extract.train.root_codes` (so not part of the repr,
    #: which keys cached cross-validation models).
    codes: frozenset[str] = field(default=frozenset(), repr=False, compare=False)


@dataclass
class Example:
    """One sentence and what is known about it.

    ``complete``: every event trigger of the sentence is marked (a word that is no trigger is
    labelled so); else only the marked triggers teach. ``no_event``: the sentence holds none.
    ``group``: what cross-validation keeps together (an article, a sentence).
    """

    text: str
    events: list[EventLabel]
    complete: bool
    origin: str
    group: str
    no_event: bool = False
    #: In an incomplete example, words that are certainly no trigger (function words and
    #: punctuation, the argument phrases): what the example can teach about where events are not.
    not_triggers: list[Span] = field(default_factory=list)


# --------------------------------------------------------------------------- ConfliBERT files
def read_pentaclass(path: Path) -> list[tuple[str, int]]:
    """(sentence, PentaClass) rows of a ``sentence TAB label`` file."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text and label.strip().isdigit():
            out.append((text, int(label)))
    return out


def read_bio(path: Path) -> list[tuple[list[str], list[str]]]:
    """(tokens, tags) per sentence of a one-token-a-line BIO file."""
    out, toks, tags = [], [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if toks:
                out.append((toks, tags))
            toks, tags = [], []
            continue
        tok, _, tag = line.rpartition(" ")
        toks.append(tok)
        tags.append(tag.strip())
    if toks:
        out.append((toks, tags))
    return out


def bio_text(tokens: Sequence[str]) -> tuple[str, list[Span]]:
    """The tokens joined by single spaces, with each token's character span."""
    spans, pos = [], 0
    for t in tokens:
        spans.append((pos, pos + len(t)))
        pos += len(t) + 1
    return " ".join(tokens), spans


def bio_spans(tags: Sequence[str], offsets: Sequence[Span]) -> dict[str, list[Span]]:
    """Character spans of the S, T and R phrases of a tag sequence."""
    out: dict[str, list[Span]] = {"S": [], "T": [], "R": []}
    start = role = None
    for i, tag in enumerate([*tags, "O"]):
        kind, _, r = tag.partition("-")
        if role is not None and (kind != "I" or r != role):
            out[role].append((offsets[start][0], offsets[i - 1][1]))
            role = None
        if kind in ("B", "I") and role is None and r in out:
            start, role = i, r
    return out


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", s.lower())


def pentaclass_examples(path: Path, bio_path: Path | None = None, nlp=None, *, spanless_triggers: bool = False) -> list[Example]:
    """The PentaClass sentences; those also in the actors-bio file carry its spans (and the
    trigger the parse gives, :func:`main_trigger`); the bio sentences not in the PentaClass
    file come last, with an unknown class."""
    rows = read_pentaclass(path)
    bio = read_bio(bio_path) if bio_path is not None and Path(bio_path).exists() else []
    by_text = {}
    for toks, tags in bio:
        by_text.setdefault(_norm("".join(toks)), (toks, tags))
    out: list[Example] = []
    used = set()
    for i, (text, label) in enumerate(rows):
        key = _norm(text)
        ev = EventLabel(roots=pentaclass_roots(label))
        if key in by_text:
            used.add(key)
            toks, tags = by_text[key]
            spans = _align_bio(text, toks, tags)
            if spans is not None:
                ev.sources, ev.targets, ev.reciprocal = spans["S"], spans["T"], spans["R"]
                ev.has_arguments = True
        out.append(Example(text=text, events=[ev], complete=False, origin="pentaclass", group=f"pc{i}"))
    for j, (toks, tags) in enumerate(bio):
        key = _norm("".join(toks))
        if key in used:
            continue
        used.add(key)
        text, offsets = bio_text(toks)
        s = bio_spans(tags, offsets)
        ev = EventLabel(roots=frozenset(ROOTS), sources=s["S"], targets=s["T"], reciprocal=s["R"], has_arguments=True)
        out.append(Example(text=text, events=[ev], complete=False, origin="bio", group=f"bio{j}"))
    if nlp is not None:
        add_main_triggers(out, nlp, spanless=spanless_triggers)
    return out


def bio_examples(path: Path, nlp=None) -> list[Example]:
    """Every actors-bio sentence (tokens joined by spaces) with its spans; the class unknown."""
    out = []
    for j, (toks, tags) in enumerate(read_bio(path)):
        text, offsets = bio_text(toks)
        s = bio_spans(tags, offsets)
        ev = EventLabel(roots=frozenset(ROOTS), sources=s["S"], targets=s["T"], reciprocal=s["R"], has_arguments=True)
        out.append(Example(text=text, events=[ev], complete=False, origin="bio", group=f"bio{j}"))
    if nlp is not None:
        add_main_triggers(out, nlp)
    return out


def _align_bio(text: str, toks: Sequence[str], tags: Sequence[str]) -> dict[str, list[Span]] | None:
    """The bio tokens' spans in the sentence as written (None when they cannot be found in
    order)."""
    offsets, pos = [], 0
    for t in toks:
        k = text.find(t, pos)
        if k < 0 or text[pos:k].strip():
            return None
        offsets.append((k, k + len(t)))
        pos = k + len(t)
    return bio_spans(tags, offsets)


def dev_examples(rows) -> list[Example]:
    """detente's development sentences (:func:`detente.evaluate.load_sentences` rows): the
    root of the main event, or no event (a negative)."""
    out = []
    for i, r in enumerate(rows):
        if r.root:
            out.append(Example(text=r.sentence, events=[EventLabel(roots=frozenset({r.root[:2]}), modality=r.modality)],
                               complete=False, origin="dev", group=f"dev{i}"))
        else:
            out.append(Example(text=r.sentence, events=[], complete=True, origin="dev", group=f"dev{i}", no_event=True))
    return out


# --------------------------------------------------------------------------- main triggers
def add_main_triggers(examples: Iterable[Example], nlp, *, spanless: bool = True) -> None:
    """Mark the trigger of each one-event example whose trigger is not marked, from the
    parse (:func:`main_trigger`). ``spanless=False`` leaves the examples with no argument
    spans alone: without a source or target phrase to start from the parse offers only the
    root verb, often a reporting "said" whose report is the labelled event."""
    todo = [ex for ex in examples if not ex.complete and len(ex.events) == 1]
    for ex, doc in zip(todo, nlp.pipe([ex.text for ex in todo], batch_size=64)):
        ev = ex.events[0]
        if ev.trigger is None and (spanless or ev.has_arguments):
            ev.trigger = main_trigger(doc, ev.sources + ev.reciprocal, ev.targets)
        ex.not_triggers = not_triggers(doc, ev)


#: Parts of speech that never name an event.
_NEVER_TRIGGERS = frozenset({"PUNCT", "DET", "ADP", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "SYM", "SPACE"})


def not_triggers(doc, ev: EventLabel) -> list[Span]:
    """Character spans of the words of a parsed sentence that are certainly no trigger:
    function words and punctuation, and the words of its argument phrases."""
    args = ev.sources + ev.targets + ev.reciprocal
    out = []
    for t in doc:
        s, e = t.idx, t.idx + len(t.text)
        if ev.trigger is not None and s < ev.trigger[1] and ev.trigger[0] < e:
            continue
        if t.pos_ in _NEVER_TRIGGERS or any(a <= s and e <= b for a, b in args):
            out.append((s, e))
    return out


_VERBAL = ("VERB", "AUX")


def main_trigger(doc, sources: Sequence[Span], targets: Sequence[Span]) -> Span | None:
    """The word that most likely names a sentence's main event, from its parse: the verb
    that governs the source phrase (through a passive "by"), else the one that governs the
    target phrase, else the sentence's root verb."""
    for spans in (sources, targets):
        for s, e in spans:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or not len(span):
                continue
            tok = span.root
            for _ in range(6):
                if tok.head.i == tok.i:
                    break
                if tok.dep_ == "pobj" and tok.head.lower_ == "by":
                    tok = tok.head
                tok = tok.head
                if tok.pos_ in _VERBAL or (tok.pos_ == "NOUN" and tok.dep_ in ("ROOT",)):
                    return tok.idx, tok.idx + len(tok.text)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if roots:
        t = roots[0]
        if t.pos_ not in _VERBAL:
            t = next((c for c in t.subtree if c.pos_ == "VERB"), t)
        return t.idx, t.idx + len(t.text)
    return None


# --------------------------------------------------------------------------- news labels
@dataclass(frozen=True)
class NewsEvent:
    """One hand-coded news event, by article id and character offsets (no text)."""

    doc_id: str
    sentence: Span
    trigger: Span
    sources: tuple[Span, ...]
    targets: tuple[Span, ...]
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]
    symmetric: bool
    cameo: tuple[str, ...]
    modality: str
    date: tuple[dt.date, dt.date] | None


def _spans(cell: str) -> tuple[Span, ...]:
    if not cell:
        return ()
    return tuple(tuple(int(x) for x in part.split("-")) for part in cell.split(";"))  # type: ignore[misc]


def read_news_events(path: Path) -> list[NewsEvent]:
    """``training/news-events.tsv``: one event a row (see its header)."""
    out = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader((l for l in fh if not l.startswith("#")), delimiter="\t"):
            date = None
            if row["date"]:
                a, _, b = row["date"].partition("/")
                date = (dt.date.fromisoformat(a), dt.date.fromisoformat(b or a))
            out.append(NewsEvent(
                doc_id=row["doc_id"],
                sentence=_spans(row["sentence"])[0],
                trigger=_spans(row["trigger"])[0],
                sources=_spans(row["source_span"]),
                targets=_spans(row["target_span"]),
                source_codes=tuple(row["source"].split()) if row["source"] else (),
                target_codes=tuple(row["target"].split()) if row["target"] else (),
                symmetric=row["symmetric"] == "1",
                cameo=tuple(row["cameo"].split()),
                modality=row["modality"],
                date=date,
            ))
    return out


def read_news_windows(path: Path) -> dict[str, tuple[int, dt.date]]:
    """``training/news-windows.tsv``: for each labelled article, where its labelled opening
    ends (a character offset) and its publication date."""
    out = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader((l for l in fh if not l.startswith("#")), delimiter="\t"):
            out[row["doc_id"]] = (int(row["end"]), dt.date.fromisoformat(row["published"]))
    return out


def guardian_articles(path: Path) -> dict[str, tuple[str, dt.date]]:
    """The Guardian sample by id ("guardian-N", N the CSV's first column): text and date."""
    csv.field_size_limit(1 << 30)
    out = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = next(iter(row))
            out[f"guardian-{row[key]}"] = (row["text"], dt.date.fromisoformat(row["date"][:10]))
    return out


_SENT_END = re.compile(r"[.!?][”\"’')]*\s+(?=[“\"‘'(A-Z0-9])")


def split_sentences(text: str, end: int) -> Iterator[Span]:
    """Sentence spans of ``text[:end]`` by punctuation (the labelled openings are cut the same
    way, so a labelled sentence is one of these)."""
    start = 0
    for m in _SENT_END.finditer(text, 0, end):
        yield start, m.end()
        start = m.end()
    if start < end:
        yield start, end


def news_examples(events: Sequence[NewsEvent], windows: dict[str, tuple[int, dt.date]],
                  articles: dict[str, tuple[str, dt.date]]) -> list[Example]:
    """Every sentence of every labelled opening, with all its events (none: a negative)."""
    by_doc: dict[str, list[NewsEvent]] = {}
    for e in events:
        by_doc.setdefault(e.doc_id, []).append(e)
    out = []
    for doc_id, (end, published) in sorted(windows.items()):
        text = articles[doc_id][0]
        mine = by_doc.get(doc_id, [])
        for s, t in split_sentences(text, end):
            inside = [e for e in mine if s <= e.sentence[0] < t]
            sent = text[s:t].rstrip()
            labels = _merge([_label(e, s, published) for e in inside])
            out.append(Example(text=sent, events=labels, complete=True, origin="news", group=doc_id,
                               no_event=not labels))
    return out


#: An event dated within this many days before publication is the article's news.
RECENT_DAYS = 7


def time_class(date: tuple[dt.date, dt.date] | None, published: dt.date) -> str:
    """When a hand-coded event happened, as the story tells it: "recent" (the news: on or
    just before the publication day), "past" (a time of its own, before the news or planned
    after it) or "undated" (background with no time in the text)."""
    if date is None:
        return "undated"
    start, end = date
    if start <= published and end >= published - dt.timedelta(days=RECENT_DAYS) and (end - start).days <= 31:
        return "recent"
    return "past"


def _label(e: NewsEvent, offset: int, published: dt.date) -> EventLabel:
    shift = lambda spans: [(a - offset, b - offset) for a, b in spans]
    root = e.cameo[0][:2]
    when = time_class(e.date, published)
    if e.symmetric:
        return EventLabel(roots=frozenset({root}), trigger=shift([e.trigger])[0],
                          reciprocal=shift(e.sources) + shift(e.targets), has_arguments=True,
                          modality=e.modality, time=when, codes=frozenset(e.cameo))
    return EventLabel(roots=frozenset({root}), trigger=shift([e.trigger])[0], sources=shift(e.sources),
                      targets=shift(e.targets), has_arguments=True, modality=e.modality, time=when,
                      codes=frozenset(e.cameo))


def _merge(labels: list[EventLabel]) -> list[EventLabel]:
    """One label per trigger: the events of one trigger (one per target of a list) become
    one event with several targets."""
    out: dict[tuple, EventLabel] = {}
    for ev in labels:
        key = ev.trigger
        if key not in out:
            out[key] = ev
            continue
        have = out[key]
        have.roots = have.roots | ev.roots if have.roots & ev.roots else have.roots
        for name in ("sources", "targets", "reciprocal"):
            cur = getattr(have, name)
            cur.extend(s for s in getattr(ev, name) if s not in cur)
    return list(out.values())


# --------------------------------------------------------------------------- everything
PENTACLASS = Path("data/cameo-sentences/pentaclass-train.tsv")
BIO = Path("data/cameo-sentences/actors-bio-train.txt")
ARTICLES = Path("data/guardian-syria-2017-2019/articles.csv")
DEV = Path("tests/data/event_sentences.tsv")
NEWS_EVENTS = Path("training/news-events.tsv")
NEWS_WINDOWS = Path("training/news-windows.tsv")


def training_examples(repo: Path, shared: Path, *, nlp=None) -> tuple[list[Example], dict[str, int]]:
    """Every training sentence the shipped extractor learns from, in a fixed order, and how
    many came from each source (``repo``: the checkout; ``shared``: ../shared)."""
    from ..evaluate import load_sentences

    if nlp is None:
        from ..nlp import load

        nlp = load(stages=())
    out = pentaclass_examples(shared / PENTACLASS, shared / BIO, nlp=nlp)
    dev = dev_examples(load_sentences(repo / DEV))
    add_main_triggers(dev, nlp)
    out += dev
    if (repo / NEWS_EVENTS).exists():
        news = news_examples(read_news_events(repo / NEWS_EVENTS), read_news_windows(repo / NEWS_WINDOWS),
                             guardian_articles(shared / ARTICLES))
        out += news
    sizes: dict[str, int] = {}
    for ex in out:
        sizes[ex.origin] = sizes.get(ex.origin, 0) + 1
    return out, sizes
