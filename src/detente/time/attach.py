"""Where a temporal expression sits in the dependency tree, and which one a token gets.

The grammar works on characters; this module maps each expression onto the tokens that cover
it and reads its syntactic role: does it modify the main clause ("officials said *on
Monday*"), a subordinate clause ("talks held *in 1999*"), or only a noun ("the *2015* deal",
"*Monday's* talks")?
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..extensions import TimeMention
from ..records import TimeSpan

__all__ = [
    "clause_head",
    "covering_span",
    "in_main_clause",
    "is_noun_premodifier",
    "main_clause_heads",
    "time_for_token",
]

#: Dependencies of a clause that counts as part of the main clause (reported speech, chained
#: verbs, coordinated verbs).
_MAIN_DEPS = frozenset({"ccomp", "parataxis", "conj", "xcomp"})
#: Dependencies by which a time expression modifies a following noun ("the 2015 deal").
_PREMODIFIER_DEPS = frozenset({"compound", "nummod", "amod", "poss", "nmod", "npadvmod",
                               "quantmod"})


def covering_span(doc: Doc, start_char: int, end_char: int) -> Span | None:
    """The tokens covering the characters [start_char, end_char)."""
    return doc.char_span(start_char, end_char, alignment_mode="expand")


def clause_head(token: Token) -> Token:
    """The verb heading the clause ``token`` belongs to (or the root of its sentence)."""
    current = token
    while True:
        if current.pos_ == "VERB" or (current.pos_ == "AUX" and current.dep_ not in
                                      ("aux", "auxpass")):
            return current
        if current.head.i == current.i or current.dep_ == "ROOT":
            return current
        current = current.head


def main_clause_heads(sent: Span) -> set[Token]:
    """The root of ``sent`` and the verbs joined to it as reported speech or coordination."""
    heads = {sent.root}
    frontier = [sent.root]
    while frontier:
        head = frontier.pop()
        for child in head.children:
            if child.dep_ in _MAIN_DEPS and child.pos_ in ("VERB", "AUX") and child not in heads:
                heads.add(child)
                frontier.append(child)
    return heads


def is_noun_premodifier(span: Span) -> bool:
    """True when ``span`` only modifies a noun to its right ("the 2015 deal")."""
    root = span.root
    head = root.head
    return (
        root.dep_ in _PREMODIFIER_DEPS
        and head.i >= span.end
        and head.pos_ in ("NOUN", "PROPN")
    )


def in_main_clause(span: Span, sent: Span) -> bool:
    """True when ``span`` attaches to the main clause of its sentence ``sent``."""
    return clause_head(span.root) in main_clause_heads(sent)


def _path_length(a: Token, b: Token) -> int:
    """The number of dependency arcs between two tokens of one sentence."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return len(up_a) + len(up_b)


#: Clauses a verb governs whose time is their own: reported speech, complements, purposes.
_EMBEDDED_DEPS = frozenset({"ccomp", "xcomp", "advcl", "acl", "relcl", "pcomp"})


def _embedded_under(clause: Token, verb: Token) -> bool:
    """Is ``clause`` a clause that ``verb`` governs (reported, planned, feared)?"""
    cur = clause
    for _ in range(10):
        if cur.i == verb.i:
            return False
        if cur.head.i == cur.i:
            return False
        if cur.dep_ in _EMBEDDED_DEPS and cur.head.i == verb.i:
            return True
        cur = cur.head
    return False


#: Subordinators whose clause happens before or after the one it hangs on, not at its time.
_TEMPORAL_MARKS = frozenset({"after", "before", "since", "until", "till", "once"})


def _modifies_another_noun(clause: Token, token: Token) -> bool:
    """Is ``clause`` a clause about a noun (relative or infinitival: "a summit to be held on
    Friday", "Russia, which annexed Crimea in 2014"), or a clausal subject, that neither is
    nor contains ``token``? A bare participle ("the summit held on Friday ended …") is left
    alone: its time is often the sentence's."""
    infinitival = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    if not (clause.dep_ == "relcl" or (clause.dep_ == "acl" and infinitival)
            or (clause.dep_ in ("csubj", "csubjpass") and infinitival)):
        return False
    if clause.dep_ in ("acl", "relcl") and (clause.head.i == token.i or (
            token.pos_ in ("NOUN", "PROPN") and token.is_ancestor(clause.head))):
        return False  # a clause about the token's own noun phrase ("talks between the two
        # states that were held in May") dates the token
    return not clause.left_edge.i <= token.i <= clause.right_edge.i


def _bounded_by(own_clause: Token, clause: Token) -> bool:
    """Is ``own_clause`` an "after/before/since/until …" clause of ``clause``'s, whose time
    only bounds it?"""
    return (own_clause.dep_ == "advcl" and own_clause.head.i == clause.i
            and any(c.dep_ == "mark" and c.lower_ in _TEMPORAL_MARKS for c in own_clause.children))


def time_for_token(doc: Doc, token: Token) -> TimeSpan:
    """The time of ``token``: the expression closest to it in the dependency tree.

    Only expressions in the token's sentence count, and not those of a clause the token's
    verb governs (a statement is dated when it is made, not when what it reports or warns of
    happens). One under the token's own clause wins over one elsewhere in the sentence; ties
    go to the shorter tree path, then to the nearer expression in the text. An expression that only modifies a noun ("the 2015 deal") counts
    only for that noun and the tokens inside it. Without a candidate, the sentence's time
    (``sent._.when``) is returned, or an undated span.
    """
    sent = token.sent
    own_clause = clause_head(token)
    best: tuple[tuple[int, int, int], TimeMention] | None = None
    skipped = False
    for mention in doc._.timexes or ():
        if mention.start_char < sent.start_char or mention.end_char > sent.end_char:
            continue
        span = covering_span(doc, mention.start_char, mention.end_char)
        if span is None:
            continue
        inside = span.start <= token.i < span.end
        if is_noun_premodifier(span) and not inside and token.i != span.root.head.i:
            continue
        distance = 0 if inside else _path_length(token, span.root)
        head = clause_head(span.root)
        same_clause = inside or head == own_clause
        if not same_clause and (_embedded_under(head, own_clause) or _modifies_another_noun(head, token)
                                or _bounded_by(own_clause, head)):
            # the time of what a statement reports, warns of or plans ("warned that the
            # offensive would start on 10 September") is not the statement's; nor is the
            # time of a clause about a noun ("a summit to be held on Friday was criticised");
            # nor, for an "after …" clause, the time of the clause it precedes ("will fly home
            # on Friday after Egypt mediated a truce")
            skipped = True
            continue
        gap = 0 if inside else min(abs(token.idx - mention.start_char),
                                    abs(token.idx - mention.end_char))
        key = (0 if same_clause else 1, distance, gap)
        if best is None or key < best[0]:
            best = (key, mention)
    if best is not None:
        return best[1].when
    if skipped:
        return TimeSpan()  # the sentence's own date belongs to what it reports
    when = sent._.when
    return when if isinstance(when, TimeSpan) else TimeSpan()
