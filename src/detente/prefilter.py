"""The cheap first pass: only sentences that can hold an event get the full parse.

Before a document is parsed, its text is tokenized and the actor stage's phrase matchers
(names of countries, capitals, organisations, groups and people, and references such as "the
two countries") run over the tokens. A sentence, found by punctuation and line breaks, is kept
when it names an actor, refers to a pair, or holds a date-like word the time stage may anchor
a passage on; so are the items of a list under a kept lead-in ("Its key interests are:", up to
the blank line after them) and an "it"/"its" sentence right after a kept one. Every other sentence is blanked: its characters become spaces, so every offset in the document stays the
same, and the parser passes over it as one whitespace token. The last blank is U+2028 (LINE
SEPARATOR): the pipeline starts a sentence after it, so a kept sentence cannot join the blank,
and unlike a line break it does not look like a paragraph break to the time stage.

What is lost: events whose only participants are unnamed ("police arrested protesters", no
country anywhere in the sentence), which have no country to put in a dyad.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX, LENGTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["SEPARATOR", "Filtered", "first_pass"]

#: The last character of a blanked sentence: a line separator, after which a sentence starts.
SEPARATOR = "\u2028"

#: Where a sentence may end: line breaks, or . ! ? (and closing quotes or brackets) before
#: whitespace and a capital, digit or opening quote.
_BREAK = re.compile(r"\n+|(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9])")
#: Words before a period that do not end a sentence ("Mr. X", "Gen. Y", "Jan. 5", "J. Smith").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Adm|Gov|Sen|Rep|St|Jr|Sr|Prof|Rev|No|Vol|vs|"
    r"etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Ltd|Co|Corp|Ft|Mt|approx)|\b[A-Z])\.$"
)
#: Words that may carry or shift a date: years, day numbers, months, weekdays, relative words
#: and the time stage's narrative connectives ("meanwhile", "the following day").
_TIME = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d|\d{1,2}(?:st|nd|rd|th)?|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow|tonight|"
    r"ago|last|next|earlier|later|since|until|decades?|century|centuries|years?|months?|weeks?|"
    r"days?|spring|summer|autumn|fall|winter|now|then|recently|previously|formerly|time|"
    r"meanwhile|afterwards?|after|before|subsequently|thereafter|following|previous|preceding|"
    r"prior)\b",
    re.IGNORECASE,
)


#: "it"/"its" may stand for the country the sentence before named.
_PRONOUN = re.compile(r"\b(?:it|its|It|Its)\b")
#: A list item's number or letter at the start of a line ("1.", "b.", "iv."): no sentence end.
_LIST_MARK = re.compile(r"\s*(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})\.")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Filtered:
    """A text ready to parse: ``text`` has the same length as the original; ``doc`` is it,
    tokenized (from the first pass's own tokens, not by a second run of the tokenizer), or
    None when the first pass did not tokenize."""

    text: str
    sentences: int  # sentences found by the first pass
    kept: int  # of which kept for the parse
    doc: Doc | None = None


def _chunks(text: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for m in _BREAK.finditer(text):
        if "\n" not in m.group() and (
            _ABBREVIATION.search(text, max(0, m.start() - 8), m.start())
            or _LIST_MARK.fullmatch(text, text.rfind("\n", 0, m.start()) + 1, m.start())
        ):
            continue
        end = m.start() + len(m.group(1) or "")  # closing quotes belong to the sentence
        if text[start:end].strip():
            out.append((start, end))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def first_pass(nlp: Language, text: str) -> Filtered:
    """Blank the sentences of ``text`` that cannot hold an event (see the module docstring).
    Without detente's actor stage in ``nlp`` the text is returned as it is."""
    chunks = _chunks(text)
    if "detente_actors" not in nlp.pipe_names or len(chunks) < 2:
        return Filtered(text, len(chunks), len(chunks))
    actors = nlp.get_pipe("detente_actors")
    doc = nlp.make_doc(text)
    starts = sorted(
        {doc[s].idx for _, s, _ in actors.names(doc)} | {doc[s].idx for _, s, _ in actors.refs(doc)}
    )
    out = list(text)
    blanked: list[tuple[int, int]] = []
    kept = 0
    j = 0
    listing = False  # inside the list under a kept lead-in ("Its key interests are:")
    items = 0
    previous = (0, 0, False)
    for a, b in chunks:
        while j < len(starts) and starts[j] < a:
            j += 1
        if listing and items and _PARAGRAPH.search(text, previous[1], a):
            listing = False  # the blank line after the items ends the list
        items = items + 1 if listing else 0
        keep = (
            (j < len(starts) and starts[j] < b)
            or _TIME.search(text, a, b) is not None
            or listing
            or (previous[2] and _PRONOUN.search(text, a, b) is not None)
        )
        previous = (a, b, keep)
        if keep:
            kept += 1
            if not listing and text[a:b].rstrip().endswith(":"):
                listing, items = True, 0
            continue
        out[a:b] = " " * (b - a - 1) + SEPARATOR
        blanked.append((a, b))
    filtered = "".join(out)
    return Filtered(filtered, len(chunks), kept, _blanked_doc(doc, blanked, filtered))


def _blanked_doc(doc: Doc, blanked: list[tuple[int, int]], text: str) -> Doc | None:
    """``doc`` with the tokens of each blanked range replaced by one whitespace token, so the
    text need not be tokenized again. None if a token crosses a range's edge (then the caller
    tokenizes ``text``)."""
    if not blanked:
        return doc
    starts = doc.to_array(IDX).astype(numpy.int64)
    ends = starts + doc.to_array(LENGTH).astype(numpy.int64)
    spaced = doc.to_array(SPACY).astype(bool).tolist()
    lo = numpy.array([a for a, _ in blanked], dtype=numpy.int64)
    hi = numpy.array([b for _, b in blanked], dtype=numpy.int64)
    # the range each token starts in, if any
    k = numpy.searchsorted(hi, starts, side="right")
    inside = (k < len(blanked)) & (lo[numpy.minimum(k, len(blanked) - 1)] <= starts)
    if (inside & (ends > hi[numpy.minimum(k, len(blanked) - 1)])).any():
        return None  # a token runs out of a blanked range
    # a kept token that a range starts inside of
    nxt = numpy.searchsorted(lo, starts, side="right")
    if ((nxt < len(blanked)) & (lo[numpy.minimum(nxt, len(blanked) - 1)] < ends) & ~inside).any():
        return None
    words: list[str] = []
    spaces: list[bool] = []
    opened = -1  # the range whose whitespace word is out
    for i, (start, end, r, is_in) in enumerate(zip(starts.tolist(), ends.tolist(), k.tolist(), inside.tolist())):
        if is_in:
            a, b = blanked[r]
            if start > a and opened != r:
                return None
            if opened != r:
                words.append(text[a:b])
                spaces.append(False)
                opened = r
            if end == b:
                spaces[-1] = spaced[i]
            continue
        words.append(text[start:end])
        spaces.append(spaced[i])
    out = Doc(doc.vocab, words=words, spaces=spaces)
    if "".join(w + " " * s for w, s in zip(words, spaces)) != text:
        return None
    return out
