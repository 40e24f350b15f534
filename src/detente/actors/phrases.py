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

With ``fold=True`` a phrase matches whatever its letters' accents, on either side ("Viktor
Orbán" in the text, "Viktor Orban" in the dictionary; :func:`fold`); where two phrases then
match the same tokens, the one written as the text writes it comes first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..cache import cache_dir, keep

__all__ = ["PhraseIndex", "fold", "tokenized"]

log = logging.getLogger(__name__)


#: Letters that have no accent-free decomposition, and the apostrophe as typeset.
_FOLDED_LETTERS = str.maketrans({"ı": "i", "İ": "I", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss",
                                 "đ": "d", "Đ": "D", "ð": "d", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                                 "\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def fold(text: str) -> str:
    """``text`` without its letters' accents ("Orbán" → "Orban", "Erdoğan" → "Erdogan",
    "Łukasz" → "Lukasz"), case kept."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_FOLDED_LETTERS))
    return "".join(c for c in text if not unicodedata.combining(c))


class PhraseIndex:
    """Phrases (each a key and its token texts), matched on ``attr`` ("ORTH" or "LOWER"), with
    or without accents (``fold``)."""

    def __init__(self, nlp: Language, phrases: Iterable[tuple[str, Sequence[str]]], attr: str = "ORTH",
                 fold: bool = False):
        if attr not in ("ORTH", "LOWER"):
            raise ValueError(f"attr must be ORTH or LOWER, not {attr!r}")
        self.attr = ORTH if attr == "ORTH" else LOWER
        strings = nlp.vocab.strings
        # the folded hashes of each phrase -> (key hash, the phrase's own hashes)
        self._phrases: dict[tuple[int, ...], list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
        self._lengths: dict[int, list[int]] = defaultdict(list)  # first token -> lengths, longest first
        self._folded: dict[int, int] | None = {} if fold else None  # a token's hash -> its folded one
        for key, words in phrases:
            if not words:
                continue
            if attr == "LOWER":
                words = [w.lower() for w in words]
            own = tuple(get_string_id(w) for w in words)
            hashes = tuple(get_string_id(_fold(w)) for w in words) if fold else own
            match_id = strings.add(key)
            if all(m != match_id for m, _ in self._phrases[hashes]):
                self._phrases[hashes].append((match_id, own))
            if len(hashes) not in self._lengths[hashes[0]]:
                self._lengths[hashes[0]].append(len(hashes))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)
        self._first = frozenset(self._lengths)

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._phrases.values())

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        own = values = doc.to_array(self.attr).tolist()
        if self._folded is not None:
            values = self._fold_values(doc, own)
        n = len(values)
        out: list[tuple[int, int, int]] = []
        first, lengths, phrases = self._first, self._lengths, self._phrases
        for i, value in enumerate(values):
            if value not in first:
                continue
            for length in lengths[value]:
                if i + length <= n:
                    found = phrases.get(tuple(values[i : i + length]))
                    if not found:
                        continue
                    if len(found) > 1:  # as the text writes it first
                        written = tuple(own[i : i + length])
                        found = sorted(found, key=lambda f: f[1] != written)
                    out.extend((match_id, i, i + length) for match_id, _ in found)
        out.sort(key=lambda m: (m[1], m[2]))
        return out

    def _fold_values(self, doc: Doc, values: list[int]) -> list[int]:
        folded, strings = self._folded, doc.vocab.strings
        out = []
        for value in values:
            f = folded.get(value)
            if f is None:
                text = strings[value]
                f = folded[value] = value if text.isascii() else get_string_id(_fold(text))
            out.append(f)
        return out


_fold = fold


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
