"""Find listed phrases in a document, as spaCy's ``PhraseMatcher`` does, at a fraction of
its set-up cost.

A ``PhraseMatcher`` needs every phrase as a tokenized ``Doc``: for the 35,000 names of the
actor dictionaries that is three to four seconds in every process that loads the pipeline
(each worker, each CLI run), mostly spent creating a vocabulary entry for every new word.
:class:`PhraseIndex` keeps each phrase as the tuple of its tokens' string hashes instead (the
values ``Doc.to_array(ORTH)`` or ``LOWER`` gives), and matches a document by looking up the
token sequences that start with a phrase's first token. The tokenization of the phrases, the
one thing that needs the tokenizer, is kept in the cache directory (:func:`detente.cache.cache_dir`)
and reused while the phrases and the model are the same.

Matches are ``(match_id, start, end)`` like the ``PhraseMatcher``'s: every listed phrase at
every position (nested and overlapping ones too), ``match_id`` the hash of the phrase's key
(``doc.vocab.strings[match_id]`` is the key).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..cache import cache_dir, keep

__all__ = ["PhraseIndex", "tokenized"]

log = logging.getLogger(__name__)


class PhraseIndex:
    """Phrases (each a key and its token texts), matched on ``attr`` ("ORTH" or "LOWER")."""

    def __init__(self, nlp: Language, phrases: Iterable[tuple[str, Sequence[str]]], attr: str = "ORTH"):
        if attr not in ("ORTH", "LOWER"):
            raise ValueError(f"attr must be ORTH or LOWER, not {attr!r}")
        self.attr = ORTH if attr == "ORTH" else LOWER
        strings = nlp.vocab.strings
        self._phrases: dict[tuple[int, ...], list[int]] = defaultdict(list)
        self._lengths: dict[int, list[int]] = defaultdict(list)  # first token -> lengths, longest first
        for key, words in phrases:
            if not words:
                continue
            if attr == "LOWER":
                words = [w.lower() for w in words]
            hashes = tuple(get_string_id(w) for w in words)
            match_id = strings.add(key)
            if match_id not in self._phrases[hashes]:
                self._phrases[hashes].append(match_id)
            if len(hashes) not in self._lengths[hashes[0]]:
                self._lengths[hashes[0]].append(len(hashes))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)
        self._first = frozenset(self._lengths)

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._phrases.values())

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        values = doc.to_array(self.attr).tolist()
        n = len(values)
        out: list[tuple[int, int, int]] = []
        first, lengths, phrases = self._first, self._lengths, self._phrases
        for i, value in enumerate(values):
            if value not in first:
                continue
            for length in lengths[value]:
                if i + length <= n:
                    for match_id in phrases.get(tuple(values[i : i + length]), ()):
                        out.append((match_id, i, i + length))
        out.sort(key=lambda m: (m[1], m[2]))
        return out


def tokenized(nlp: Language, texts: Sequence[str], *, name: str) -> list[list[str]]:
    """The token texts of each of ``texts`` by ``nlp``'s tokenizer, read from the cache when
    these texts were tokenized by this model before (``name`` names the cache file)."""
    digest = hashlib.sha256()
    digest.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{_spacy_version()}".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    path = cache_dir() / f"{name}-{digest.hexdigest()[:20]}.json"
    try:
        words = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(words, list) and len(words) == len(texts):
            return words
    except (OSError, ValueError):
        pass
    words = [[t.text for t in doc] for doc in nlp.tokenizer.pipe(texts)]
    if not keep(path, json.dumps(words, ensure_ascii=False).encode("utf-8")):
        log.debug("cannot keep the tokenized phrases in %s", path.parent)
    return words


def _spacy_version() -> str:
    import spacy

    return spacy.__version__
