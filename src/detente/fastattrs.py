"""Faster drop-in equivalents of two of the English model's components.

The model's ``attribute_ruler`` runs a general ``Matcher`` over every token although all but
a handful of its 179 rules look at one token's tag, word and dependency label; and its
``lemmatizer`` scans a list of up to 57,528 words for every new word and does not cache words
it recognises as base forms. Together they took ~30% of detente's time. These components give
the same annotations (a test checks it on real text) at a fraction of the cost:

- :class:`FastAttributeRuler` computes what the one-token rules (plain values, ``IN`` or
  ``NOT_IN`` lists) set once per distinct key (tag, and the word and label when a rule names
  them), writes a whole document's POS, morphology and lemmas with ``Doc.from_array``, and
  checks the few multi-token rules ("gon na", "let 's", an expletive before "be") only where
  their first token can be; every rule applies in rule order, as in the original (later
  rules take precedence).
- :class:`CachedLemmatizer` memoises the lemma of every (word, POS, morphology) it has seen,
  and turns the lemmatizer's word lists into sets (same answers).
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
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
        # Multi-token rules ("gon na", "let 's", an expletive before a form of "be") are
        # checked where their first token can be: a few positions a document. A model with
        # rules beyond these plain forms gets spaCy's Matcher for them instead.
        self.multi = Matcher(ruler.vocab)
        self.has_multi = False
        self.sequences: list[tuple[int, tuple[tuple[tuple[str, object], ...], ...]]] = []
        self.first_words: set[str] = set()
        self.first_regexes: list[re.Pattern[str]] = []
        self.first_deps: set[str] = set()
        self.first_any = False
        self._regex_cache: dict[int, bool] = {}
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
                    specs = tuple(_spec(t) for t in p)
                    self.sequences.append((i, specs))
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
        if any(None in specs for _, specs in self.sequences):
            self.sequences = []  # the Matcher does them all
        self._plan: dict[tuple[int, ...], tuple] = {}
        # the hashes the rules compare with (a string's hash is the same in any vocabulary)
        strings = ruler.vocab.strings
        self._columns = self._mentioned(ruler.vocab)
        self._first_lowers = numpy.array(sorted(strings.add(w) for w in self.first_words), dtype=numpy.uint64)
        self._first_deps = numpy.array(sorted(strings.add(w) for w in self.first_deps), dtype=numpy.uint64)

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

    def _sequence_hits(self, doc: Doc, lowers: numpy.ndarray, deps: numpy.ndarray) -> dict[int, list[int]]:
        """token index -> the multi-token rules that set it, as the Matcher would find them."""
        strings = doc.vocab.strings
        if self.first_any:
            candidates = range(len(doc))
        else:
            mask = numpy.isin(lowers, self._first_lowers) | numpy.isin(deps, self._first_deps)
            if self.first_regexes:
                cache = self._regex_cache
                hits = []
                for h in numpy.unique(lowers).tolist():
                    if h not in cache:
                        cache[h] = any(rx.search(strings[h]) for rx in self.first_regexes)
                    if cache[h]:
                        hits.append(h)
                mask |= numpy.isin(lowers, hits)
            candidates = numpy.flatnonzero(mask).tolist()
        out: dict[int, list[int]] = {}
        n = len(doc)
        for start in candidates:
            for r, specs in self.sequences:
                end = start + len(specs)
                if end <= n and all(_spec_ok(doc[start + k], spec) for k, spec in enumerate(specs)):
                    index = self.indices[r]
                    out.setdefault((start if index >= 0 else end) + index, []).append(r)
        return out

    def _matcher_hits(self, doc: Doc) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for match_id, start, end in self.multi(doc, allow_missing=True):
            r = int(doc.vocab.strings[match_id])
            index = self.indices[r]
            out.setdefault((start if index >= 0 else end) + index, []).append(r)
        return out

    def _rules_for(self, doc: Doc, i: int) -> tuple[int, ...]:
        """The one-token rules token ``i`` satisfies, in rule order."""
        tok = doc[i]
        hits = [r for r, cond in self.by_tag.get(tok.tag_, ()) if _ok(tok, cond)]
        hits += [r for r, cond in self.untagged if _ok(tok, cond)]
        return tuple(sorted(hits))

    def _folded(self, rules: tuple[int, ...]) -> dict[int, int]:
        """What applying ``rules`` in order leaves set (a later rule wins)."""
        out: dict[int, int] = {}
        for r in rules:
            out.update(self.attrs[r])
        return out

    def _mentioned(self, vocab) -> dict[int, numpy.ndarray]:
        """Per key column, the string hashes some one-token rule compares that column with.
        Any other word or label reads the same to every rule, so it is keyed as 0."""
        words: dict[str, set[str]] = {"LOWER": set(), "DEP": set(), "ORTH": set()}
        for cond in [c for rules in self.by_tag.values() for _, c in rules] + [c for _, c in self.untagged]:
            for key, value in cond.items():
                if key in words:
                    if isinstance(value, tuple):
                        value = value[1]
                    words[key].update(value if isinstance(value, frozenset) else (value,))
        return {
            _KEY_ATTRS.index(_ATTR_IDS[key]): numpy.array(
                sorted({vocab.strings.add(w) for w in values}), dtype=numpy.uint64
            )
            for key, values in words.items()
        }

    def _outcome(self, folded: dict[int, int]) -> tuple[list[int], list[bool], bool]:
        values, mask = [0] * len(_SET_ATTRS), [False] * len(_SET_ATTRS)
        for attr, value in folded.items():
            col = _SET_COLUMN.get(attr)
            if col is not None:
                values[col], mask[col] = value, True
        return values, mask, any(attr not in _SET_COLUMN for attr in folded)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # A one-token rule reads only the token's tag, word, dependency and is_space, and
        # most words and labels are named by no rule: what the rules set is computed once per
        # distinct key, and written for the whole document with a few array operations.
        keys = doc.to_array(_KEY_ATTRS)
        lowers, deps = keys[:, 1].copy(), keys[:, 2].copy()
        for col, named in self._columns.items():
            keys[:, col] = numpy.where(numpy.isin(keys[:, col], named), keys[:, col], 0)
        unique, first, inverse = numpy.unique(keys, axis=0, return_index=True, return_inverse=True)
        plan = self._plan
        table_values = numpy.zeros((len(unique), len(_SET_ATTRS)), dtype=numpy.uint64)
        table_mask = numpy.zeros((len(unique), len(_SET_ATTRS)), dtype=bool)
        others: dict[int, dict[int, int]] = {}
        for u, (key, i) in enumerate(zip(map(tuple, unique.tolist()), first.tolist())):
            entry = plan.get(key)
            if entry is None:
                folded = self._folded(self._rules_for(doc, i))
                entry = (folded, *self._outcome(folded))
                if len(plan) >= _PLAN_SIZE:
                    plan.clear()
                plan[key] = entry
            table_values[u], table_mask[u] = entry[1], entry[2]
            if entry[3]:
                others[u] = entry[0]
        inverse = inverse.reshape(-1)
        values = doc.to_array(_SET_ATTRS)
        values = numpy.where(table_mask[inverse], table_values[inverse], values)
        special = {t: others[u] for t, u in enumerate(inverse.tolist()) if u in others} if others else {}
        if self.has_multi:
            extra = self._sequence_hits(doc, lowers, deps) if self.sequences else self._matcher_hits(doc)
            for t, rules in extra.items():
                # rule order decides, one-token and multi-token rules alike
                folded = self._folded(tuple(sorted(set(self._rules_for(doc, t)) | set(rules))))
                row, mask, other = self._outcome(folded)
                values[t] = numpy.where(mask, numpy.array(row, dtype=numpy.uint64), values[t])
                special.pop(t, None)
                if other:
                    special[t] = folded
        doc.from_array(_SET_ATTRS, values)
        for t, folded in special.items():  # a rule that sets a tag or a dependency: rare
            set_token_attrs(doc[t], folded)
        return doc


#: What a one-token rule can read, and what nearly every rule sets.
_KEY_ATTRS = [TAG, LOWER, DEP, ORTH, IS_SPACE]
_SET_ATTRS = [POS, MORPH, LEMMA]
_SET_COLUMN = {attr: i for i, attr in enumerate(_SET_ATTRS)}
_ATTR_IDS = {"LOWER": LOWER, "DEP": DEP, "ORTH": ORTH}
#: Distinct token keys remembered (a few MB at most).
_PLAN_SIZE = 200_000


_SPEC_ATTRS = {"LOWER": "lower_", "ORTH": "text", "TAG": "tag_", "DEP": "dep_"}


def _spec(token: dict):
    """One token of a multi-token rule as ((attribute, test), ...), or None when it uses
    something else (an operator, another attribute) and only the Matcher can read it."""
    out = []
    for key, value in token.items():
        if key not in _SPEC_ATTRS:
            return None
        if isinstance(value, str):
            out.append((_SPEC_ATTRS[key], ("==", value)))
        elif isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list):
                out.append((_SPEC_ATTRS[key], (op, frozenset(arg))))
            elif op == "REGEX" and isinstance(arg, str):
                out.append((_SPEC_ATTRS[key], (op, re.compile(arg))))
            else:
                return None
        else:
            return None
    return tuple(out)


def _spec_ok(tok, spec) -> bool:
    for attr, (op, arg) in spec:
        actual = getattr(tok, attr)
        if op == "==":
            ok = actual == arg
        elif op == "IN":
            ok = actual in arg
        elif op == "NOT_IN":
            ok = actual not in arg
        else:
            ok = arg.search(actual) is not None
        if not ok:
            return False
    return True


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
        _index_as_sets(lemmatizer)
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


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """The rule lemmatizer asks ``form in index`` of each candidate form, and the model ships
    each part of speech's index as a list (57,528 nouns): a linear scan, ~100 µs a new word.
    With set lookups the answers, and so the lemmas, are the same; the lists stay lists (the
    pipeline still serializes)."""
    if lemmatizer.mode != "rule" or not lemmatizer.lookups.has_table("lemma_index"):
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, _IndexedList):
            table[key] = _IndexedList(words)


class _IndexedList(list):
    """A list whose ``in`` is a set lookup."""

    def __init__(self, items):
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item) -> bool:
        return item in self._members
