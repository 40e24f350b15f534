"""Faster drop-in equivalents of two of the English model's components.

The model's ``attribute_ruler`` runs a general ``Matcher`` over every token although all but
a handful of its 179 rules look at one token's tag, word and dependency label; and its
``lemmatizer`` does not cache words it recognises as base forms. Together they took ~30% of
detente's time. These components give the same annotations (a test checks it on real text)
at a fraction of the cost:

- :class:`FastAttributeRuler` indexes the one-token rules (plain values or ``IN`` lists) by
  tag, runs a small ``Matcher`` only for the multi-token and regular-expression rules, and applies every match in rule order, as the
  original does (later rules take precedence).
- :class:`CachedLemmatizer` memoises the lemma of every (word, POS, morphology) it has seen.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

__all__ = ["CachedLemmatizer", "FastAttributeRuler"]

_SIMPLE_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE", "ORTH"}


class FastAttributeRuler:
    """Same output as ``ruler``, computed with dictionary lookups."""

    def __init__(self, ruler: AttributeRuler):
        self.attrs = ruler.attrs
        self.by_tag: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        self.untagged: list[tuple[int, dict]] = []
        self.multi = Matcher(ruler.vocab)
        self.has_multi = False
        # what the first token of a multi-token rule can be: words, patterns, dependencies;
        # a doc with none of them needs no Matcher run (most docs: the rules are for "gonna",
        # "y'all", "ain't", expletives)
        self.first_words: set[str] = set()
        self.first_regexes: list[re.Pattern[str]] = []
        self.first_deps: set[str] = set()
        self.first_any = False
        for i, rule in enumerate(ruler.patterns):
            patterns = rule["patterns"]
            simple = all(
                len(p) == 1 and set(p[0]) <= _SIMPLE_KEYS and all(map(_plain, p[0].values()))
                for p in patterns
            )
            if not simple or ruler.indices[i] not in (0, -1):
                self.multi.add(str(i), patterns)
                self.has_multi = True
                for p in patterns:
                    self._first_token(p[0])
                continue
            for p in patterns:
                cond = {k: _condition(v) for k, v in p[0].items()}
                tag = cond.pop("TAG", None)
                if isinstance(tag, tuple):  # TAG NOT_IN: checked token by token
                    cond["TAG"] = tag
                    self.untagged.append((i, cond))
                elif tag is None:
                    self.untagged.append((i, cond))
                else:
                    for t in tag if isinstance(tag, frozenset) else (tag,):
                        self.by_tag[t].append((i, cond))
        self.indices = ruler.indices

    def _first_token(self, first: dict) -> None:
        lower, dep = first.get("LOWER"), first.get("DEP")
        words = _first_token_words(lower) if lower is not None else None
        if words is not None:
            self.first_words.update(words)
        elif isinstance(lower, dict) and set(lower) == {"REGEX"}:
            self.first_regexes.append(re.compile(lower["REGEX"]))
        elif isinstance(dep, str):
            self.first_deps.add(dep)
        else:
            self.first_any = True

    def _could_match(self, doc: Doc) -> bool:
        if self.first_any:
            return True
        strings = doc.vocab.strings
        lowers = {strings[h] for h in set(doc.to_array(LOWER).tolist())}
        if lowers & self.first_words or any(rx.search(w) for rx in self.first_regexes for w in lowers):
            return True
        return bool(self.first_deps & {strings[h] for h in set(doc.to_array(DEP).tolist())})

    def __call__(self, doc: Doc) -> Doc:
        hits: list[tuple[int, int]] = []  # (rule index, token index)
        for tok in doc:
            for i, cond in self.by_tag.get(tok.tag_, ()):
                if _ok(tok, cond):
                    hits.append((i, tok.i))
            for i, cond in self.untagged:
                if _ok(tok, cond):
                    hits.append((i, tok.i))
        if self.has_multi and self._could_match(doc):
            for match_id, start, end in self.multi(doc, allow_missing=True):
                i = int(doc.vocab.strings[match_id])
                index = self.indices[i]
                hits.append((i, (start if index >= 0 else end) + index))
        hits.sort()
        for i, t in hits:
            set_token_attrs(doc[t], self.attrs[i])
        return doc


def _first_token_words(value) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return list(value["IN"])
    return None


def _plain(value) -> bool:
    """A condition the lookups handle: a string, a bool, {"IN": [...]} or {"NOT_IN": [...]}."""
    if isinstance(value, dict):
        return len(value) == 1 and set(value) <= {"IN", "NOT_IN"} and all(
            isinstance(v, str) for v in next(iter(value.values()))
        )
    return isinstance(value, (str, bool))


def _condition(value):
    """A rule's value as _ok reads it: a string or bool; a frozenset (IN); ("not", frozenset)."""
    if isinstance(value, dict):
        if "IN" in value:
            return frozenset(value["IN"])
        return ("not", frozenset(value["NOT_IN"]))
    return value


def _is(actual: str, value) -> bool:
    if isinstance(value, frozenset):
        return actual in value
    if isinstance(value, tuple):
        return actual not in value[1]
    return actual == value


def _ok(tok, cond: dict) -> bool:
    for key, value in cond.items():
        if key == "LOWER":
            if not _is(tok.lower_, value):
                return False
        elif key == "DEP":
            if not _is(tok.dep_, value):
                return False
        elif key == "ORTH":
            if not _is(tok.text, value):
                return False
        elif key == "TAG":
            if not _is(tok.tag_, value):
                return False
        elif key == "IS_SPACE":
            if tok.is_space != value:
                return False
    return True


class CachedLemmatizer:
    """The model's lemmatizer, with every result memoised."""

    def __init__(self, lemmatizer: Lemmatizer, max_size: int = 500_000):
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}  # -> the lemma's string hash
        self.max_size = max_size

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache = self.cache
        overwrite = self.lemmatizer.overwrite
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        for i, (orth, pos, morph, old) in enumerate(arr.tolist()):
            if not overwrite and old != 0:
                continue
            key = (orth, pos, morph)
            lemma = cache.get(key)
            if lemma is None:
                lemma = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(cache) >= self.max_size:
                    cache.clear()
                cache[key] = lemma
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc
