"""Modality of an event's own predicate: asserted, negated, hypothetical, future, recommended,
reported or generic.

Saying, promising or threatening is itself an asserted event; what is said, promised or
threatened is not asserted by the text (CAMEO's 03 and 13 codes carry the intent).
"""

from __future__ import annotations

from spacy.tokens import Token

__all__ = ["governing_verb", "hedged", "modality", "wished"]

_RECOMMEND = {"should", "must", "ought", "need", "needs"}
#: Verbs whose complement is recommended ("X ought to hand over …").
_RECOMMEND_VERBS = {"ought"}
_HYPOTHETICAL = {"could", "may", "might", "would", "can", "ca"}
_FUTURE = {"will", "shall", "'ll", "wo"}
_CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
#: Verbs whose complement is intended, not done ("wants to attack").
_INTENT_VERBS = {
    "want", "plan", "intend", "seek", "hope", "aim", "try", "attempt", "wish", "expect",
    "promise", "pledge", "vow", "threaten", "agree", "offer", "propose", "prepare", "decide",
    "consider", "mull", "weigh", "vote", "urge", "ask", "call", "demand", "appeal", "warn",
    "refuse", "reject", "decline", "fail", "need", "would", "push", "press", "encourage", "invite",
    "eager", "keen", "ready", "willing", "likely", "able", "set", "due", "going",
}  # fmt: skip
_NEGATING_VERBS = {"refuse", "decline", "fail", "reject", "deny"}
#: Neutral reporting verbs: what they introduce is reported when a named party says it
#: ("Syria said that Turkish jets bombed …"), and asserted when the attribution is the
#: story's own sourcing ("…, officials said", "witnesses said").
_SAY_VERBS = {"say", "tell", "report", "announce", "state", "add", "confirm", "note", "write"}
#: Verbs whose clause complement is a claim, not asserted by the text ("X claimed that …").
_REPORT_VERBS = {
    "claim", "allege", "accuse", "insist", "deny", "suggest", "believe", "think", "assert",
    "charge", "blame", "suspect", "fear", "argue", "rumor", "rumour", "speculate",
}  # fmt: skip


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above a noun trigger ("visit" in "X's visit helped …" → "helped")."""
    cur = tok
    for _ in range(12):
        if cur.head.i == cur.i:
            return cur if cur.pos_ in ("VERB", "AUX") else None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


#: Adverbs that make a present-tense clause habitual ("routinely detains").
_HABITUAL = {
    "routinely", "regularly", "traditionally", "usually", "often", "always", "typically",
    "frequently", "generally", "normally", "habitually", "customarily", "annually",
}  # fmt: skip


def _habitual(verb: Token) -> bool:
    if verb.tag_ not in ("VBZ", "VBP"):
        return False
    for c in verb.children:
        if c.dep_ == "advmod" and c.lower_ in _HABITUAL:
            return True
        if c.dep_ == "npadvmod" and any(g.lower_ == "every" for g in c.children):
            return True  # "every year"
    return False


#: Verbs and nouns of wanting whose content clause says what is wanted, not done: "demanded
#: that X withdraw", "the demand that X withdraw", "a call for X to withdraw".
_MANDATIVE = frozenset({
    "demand", "urge", "ask", "call", "request", "propose", "proposal", "recommend", "recommendation",
    "order", "plea", "appeal", "insist", "insistence", "want", "wish", "hope", "plan", "push", "pressure",
    "ultimatum", "condition", "requirement", "require", "expectation", "expect",
})  # fmt: skip

#: Adverbs that pass on a claim without making it.
_HEDGES = frozenset({"allegedly", "reportedly", "purportedly", "supposedly", "reputedly"})
#: Nouns whose content clause is a claim passed on ("reports that …", "allegations that …").
_CLAIM_NOUNS = frozenset({"report", "claim", "allegation", "rumour", "rumor", "suggestion"})


def hedged(verb: Token) -> bool:
    """Is the event passed on as a claim by the words around it ("allegedly", "reportedly",
    "reports that …")? Such words decide its modality, whatever the trained model reads."""
    return _hedging_adverb(verb) or _claim_content(verb)


def _hedging_adverb(verb: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in _HEDGES for c in verb.children)


def _claim_content(clause: Token) -> bool:
    """Is ``clause`` the content of a claim noun ("reports that …")?"""
    return clause.dep_ in ("acl", "ccomp") and clause.head.pos_ == "NOUN" and clause.head.lemma_.lower() in _CLAIM_NOUNS


def _wanted_content(clause: Token) -> bool:
    """Is ``clause`` the content of a word of wanting ("the demand that X withdraw")?"""
    return (clause.dep_ in ("acl", "ccomp", "relcl") and clause.head.i != clause.i
            and clause.head.lemma_.lower() in _MANDATIVE and _content_clause(clause))


def wished(verb: Token) -> bool:
    """Is the event what somebody demands, urges or wants ("the demand that X withdraw and
    disarm", "urged that talks resume")? Such words decide its modality (future), whatever
    the trained model reads."""
    cur = verb
    for _ in range(4):
        if cur.dep_ != "conj" or cur.head.i == cur.i:
            break
        cur = cur.head
    return _wanted_content(cur)


def _according_to_party(verb: Token) -> bool:
    """"According to Armenian officials, …": a named party's claim."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            for t in c.subtree:
                m = t._.actor if t.has_extension("actor") else None
                if m is not None and (m.actor.country or m.members):
                    return True
    return False


#: Verbs whose object names the act ("made a statement", "held talks"): "no" on the object
#: denies the act.
_LIGHT_VERBS = frozenset({"make", "give", "offer", "show", "issue", "provide", "express", "voice", "take",
                          "hold", "send", "pay", "extend", "lodge", "file"})


def denied(verb: Token) -> bool:
    """Does "no" on the object of a verb that names its act by the object deny the act ("issued
    no statement", "gave no sign of", "held no talks")?"""
    return verb.lemma_.lower() in _LIGHT_VERBS and any(
        c.dep_ in ("dobj", "obj") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in verb.children)


def _own(verb: Token) -> str | None:
    """Modality marked on ``verb`` itself by auxiliaries, negation and conditional marks."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if _according_to_party(verb) or _hedging_adverb(verb):
        return "reported"  # "according to X, …", "allegedly hurl", "reportedly brokered"
    if _habitual(verb):
        return "generic"
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in verb.children) or denied(verb):
        return "negated"
    for a in aux:
        w = a.lower_
        if w in _RECOMMEND:
            return "recommended"
        if w in _HYPOTHETICAL:
            return "hypothetical"
        if w in _FUTURE:
            return "future"
    if verb.dep_ in ("csubj", "csubjpass") and any(a.tag_ == "TO" for a in aux):
        return "future"  # an infinitive as the subject: "talks … to be held in Lima have been called …"
    # "is going to", "are set to", "is expected to"
    if verb.dep_ == "advcl" and any(c.lower_ in _CONDITIONAL_MARKS for c in verb.children if c.dep_ == "mark"):
        return "hypothetical"
    if verb.tag_ == "VB" and not aux and verb.dep_ == "ROOT":
        return "recommended"  # imperative
    return None


def modality(trigger: Token, *, is_noun: bool = False) -> str:
    """The modality of the event whose trigger is ``trigger``."""
    verb = trigger
    if is_noun:
        # A participle on the way up asserts its noun: "the talks held in 2009 … should be …".
        cur = trigger
        for _ in range(12):
            if cur.head.i == cur.i:
                break
            if cur.dep_ in ("acl",) and cur.tag_ == "VBN":
                return "asserted"
            for c in cur.children:
                if c.dep_ == "acl" and c.tag_ == "VBN" and c.i != trigger.i:
                    if cur.i != trigger.i:
                        return "asserted"
            cur = cur.head
            if cur.pos_ in ("VERB", "AUX"):
                break
        gv = governing_verb(trigger)
        if gv is None:
            return "asserted"
        if _generic_noun(trigger, gv):
            return "generic"
        verb = gv
    if not is_noun:
        # A gerund under a noun's preposition, or an infinitive that modifies a noun, is a
        # prospect, not a deed ("the obstacle in establishing ties", "a step to strengthen
        # relations", "hopes of signing a deal").
        if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.head.pos_ == "NOUN":
            return "generic"
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
        if infinitive and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            # …except "the first country to recognise X", which says that it did
            ordinal = any(
                c.lower_ in ("first", "last", "only", "second", "third") or c.ent_type_ == "ORDINAL"
                for c in verb.head.children
            )
            if not ordinal:
                return "generic"
        # A purpose clause says what is intended ("To strengthen ties, X needs to …").
        if infinitive and verb.dep_ == "advcl":
            return "future"
    # Walk up through coordinated and complement verbs: modality is inherited from the chain.
    cur = verb
    for _ in range(8):
        own = _own(cur)
        if own:
            return own
        head = cur.head
        if head.i == cur.i:
            break
        if cur.dep_ == "conj":
            cur = head
            continue
        if _claim_content(cur):
            return "reported"  # "there are unconfirmed reports that Russians were killed"
        if _wanted_content(cur):
            return "future"  # "the demand that Ruritania withdraw", "urged that talks resume"
        if cur.dep_ in ("xcomp", "ccomp", "pcomp", "advcl", "acomp") or (
            cur.dep_ == "pobj" and head.dep_ == "prep"
        ):
            gov = head if head.pos_ in ("VERB", "AUX", "ADJ") else head.head
            lemma = gov.lemma_.lower()
            if cur.dep_ == "advcl" and any(c.lower_ in _CONDITIONAL_MARKS for c in cur.children):
                return "hypothetical"
            if lemma in _NEGATING_VERBS and cur.dep_ == "xcomp":
                return "negated"
            if gov.lower_ in _RECOMMEND_VERBS:
                return "recommended"
            if lemma == "stop" and any(c.lower_ == "short" for c in gov.children) and cur.dep_ == "pcomp":
                return "negated"  # "stopped short of recalling"
            if lemma in _INTENT_VERBS and cur.dep_ in ("xcomp", "pcomp", "acomp", "pobj"):
                return "future"
            if lemma in _REPORT_VERBS and cur.dep_ in ("ccomp", "pcomp", "pobj"):
                return "reported"
            if lemma in _SAY_VERBS and cur.dep_ == "ccomp" and _named_party_says(gov):
                return "reported"
            if (lemma in _SAY_VERBS or lemma in _REPORT_VERBS) and cur.dep_ == "xcomp" and any(
                c.dep_ == "auxpass" for c in gov.children
            ):
                return "reported"  # "X is said / believed / reported to have …"
            if cur.dep_ == "advcl":
                break
            cur = gov
            continue
        break
    return "asserted"


def _content_clause(verb: Token) -> bool:
    """Is ``verb`` the head of a finite content clause ("… that X withdraw", "… X withdraw")
    rather than a relative clause ("the demand that was made")? The parser sometimes calls a
    content clause with "that" a relative clause: "that" is then its mark, not its subject."""
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "which", "who") for c in verb.children):
        return False
    if verb.dep_ == "relcl" and not any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _generic_noun(noun: Token, verb: Token) -> bool:
    """An event noun that is the subject of a present-tense statement describes a kind of
    event, not one that happened: "A joint exercise is an omen of …", "X's cooperation with
    Y brings huge benefits"."""
    if noun.dep_ not in ("nsubj",) or noun.head.i != verb.i:
        return False
    if verb.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    indefinite = any(c.lower_ in ("a", "an", "any", "every") for c in noun.children if c.dep_ == "det")
    return indefinite or verb.lemma_ != "be"


def _named_party_says(verb: Token) -> bool:
    """Is the sayer of ``verb`` an actor tied to a country (a party, not the story's source)?"""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            for t in c.subtree:
                m = t._.actor if t.has_extension("actor") else None
                if m is not None and (m.actor.country or m.members):
                    return True
    return False
