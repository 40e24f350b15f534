"""Cut a text into highlighted pieces from stored spans, for safe rendering.

Article text is untrusted. Nothing here produces markup: :func:`segments` returns plain
pieces of text, each with the kinds of span that cover it (``actor``, ``trigger``, ``date``,
``state``, ``interest``), and the template escapes every piece. Spans may overlap (an actor
inside an event's trigger); the text is cut at every span boundary so each piece carries
all the kinds that cover it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Mark", "locate", "segments"]


@dataclass(frozen=True)
class Mark:
    """A span ``[start, end)`` of the text to highlight as ``kind``; ``label`` is shown on
    hover, ``href`` links the piece (an event's trigger links to its event page)."""

    start: int
    end: int
    kind: str
    label: str = ""
    href: str | None = None


def segments(text: str, marks: Iterable[Mark], *, offset: int = 0) -> list[dict]:
    """``text`` cut at every mark boundary: ``[{"text", "kinds", "labels", "href"}]``.

    ``offset`` is where ``text`` starts in the coordinates of the marks (a sentence inside
    its document). Marks outside the text are clipped or dropped; pieces without a mark have
    empty ``kinds``. Joining the pieces' ``text`` gives back ``text`` exactly.
    """
    n = len(text)
    clipped = []
    for m in marks:
        s, e = max(0, int(m.start) - offset), min(n, int(m.end) - offset)
        if s < e:
            clipped.append((s, e, m))
    cuts = sorted({0, n, *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    out: list[dict] = []
    for lo, hi in itertools.pairwise(cuts):
        covering = [m for s, e, m in clipped if s <= lo and hi <= e]
        kinds = sorted({m.kind for m in covering})
        labels = list(dict.fromkeys(m.label for m in covering if m.label))
        hrefs = list(dict.fromkeys(m.href for m in covering if m.href))
        piece = {
            "text": text[lo:hi],
            "kinds": kinds,
            "labels": labels,
            "href": hrefs[0] if len(hrefs) == 1 else None,
        }
        if out and not kinds and not out[-1]["kinds"]:
            out[-1]["text"] += piece["text"]
        else:
            out.append(piece)
    if not out:
        out.append({"text": text, "kinds": [], "labels": [], "href": None})
    return out


def locate(text: str, needle: str | None, *, near: int | None = None) -> int | None:
    """Where ``needle`` starts in ``text`` (the occurrence that contains position ``near``
    when given, else the first), or ``None``."""
    if not needle:
        return None
    if near is None:
        i = text.find(needle)
        return None if i < 0 else i
    i = text.find(needle, max(0, near - len(needle) + 1))
    return i if 0 <= i <= near else None
