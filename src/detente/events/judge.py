"""Events from the extractor's reading of a sentence (:mod:`detente.extract`).

The model decides whether a sentence holds events, where their triggers are, the CAMEO root
of each and the phrases naming their sides. Here:

* each phrase is named by the actor stage: the actors the phrase's head stands for (with its
  coordinated members, its possessor or modifier, its of/from phrase: "US-backed X" is X),
  else the actors mentioned inside it, else, for a pronoun, the actor it refers to;
* the verb patterns give the fine code and the trigger's evidence when a pattern matches the
  trigger with a code of the model's root; otherwise the event takes the code hand coders of
  news most often give that root, where it is not the root's own ("11" → "111", flagged
  ``|usual-code``), else the root's own code ("19" → "190");
* the parse gives modality, date and place, as for pattern events.

Pattern events the model did not read as triggers are kept when the model agrees: it gives
that word at least :data:`AGREE_THRESHOLD` as a trigger, and the pattern's root is the one it
would choose there. An event needs a source the dictionaries can name.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Span, Token

from ..actors import actor_as_of
from ..actors.stage import is_backer
from ..cameo import lookup
from ..extract import MODEL_ID
from ..extract.model import Reading, Trigger
from ..records import Actor, Event, TimeSpan
from ..time.dating import REPORTING_LEMMAS, publication_span
from .modality import _FUTURE

__all__ = ["AGREE_THRESHOLD", "TRIGGER_THRESHOLD", "judged_events", "resolve_phrase"]

# The thresholds below were chosen on the held-out fold of detente's hand-coded news (a model
# trained without those articles), never on ../shared/gold: event F1 first, then the
# development sentences and PentaClass as tie-breakers.

#: A trigger read at least this likely becomes an event.
TRIGGER_THRESHOLD = 0.4
#: A pattern event stands beside the model's when the model reads its word as a trigger at
#: least this likely, with the pattern's root.
AGREE_THRESHOLD = 0.35
#: A pattern on the trigger whose root the model gives at least this share of its likeliest
#: root's probability decides the root (the pattern is the more specific evidence); None: the
#: model's root always decides.
PATTERN_ROOT_RATIO: float | None = 0.3
#: The main event's root (the likeliest trigger's) is chosen within the class the sentence
#: head gives the sentence. Off: the sentence head is better on a sentence's one main event
#: (PentaClass), the trigger's own root on news, whose sentences often hold several (2 points
#: of event F1 on the held-out news).
MAIN_FROM_SENTENCE = False
#: …but when the trigger head is this unsure of an event's root (its likeliest root below
#: this), the sentence head has its say too, for the main event and the others, unless
#: that root is the act its complement says it wants or asks for; None: never.
ROOT_UNSURE: float | None = 0.4
#: The parse's modality gives way to the model's only when the model is at least this sure
#: of its own (measured on held-out news and written sentences: the two disagree on a few
#: percent of events, each right about half the time).
MODALITY_TRUST = 0.9
#: A pattern event also stands when the sentence head gives P(no event) below this and the
#: pattern's root at least :data:`SENTENCE_ROOT_FLOOR` (analysis prose: the trigger head,
#: trained mostly on news, reads its events less surely than the sentence head); None: off.
SENTENCE_AGREE: float | None = 0.5
SENTENCE_ROOT_FLOOR = 0.1
#: A sentence the sentence head reads as reporting an event (P(no event) below this) gets its
#: likeliest trigger as its main event even when no trigger reaches :data:`TRIGGER_THRESHOLD`.
SENTENCE_EVENT_THRESHOLD = 0.5
#: A pattern event the model does not read stands when it is a past action told in a clause
#: about a noun and dated there to an earlier year than the article's (:func:`_told_as_past`).
BACKGROUND_PAST = True

#: Pronouns a phrase may be, and what they can stand for ("we" and "I" in a quote: the
#: speaker and their side).
_PERSONAL = {"he": "person", "him": "person", "his": "person", "she": "person", "her": "person",
             "they": "plural", "them": "plural", "their": "plural", "it": "thing", "its": "thing",
             "we": "speaker", "us": "speaker", "our": "speaker", "i": "speaker", "me": "speaker",
             "my": "speaker"}
#: Who may act without a country: sectors a coder can still name (rebels, the opposition, an
#: armed group, NGOs, international bodies). "Officials", "troops" or "a spokesman" of no
#: known country are nobody a coder can name.
_NAMEABLE_SECTORS = frozenset({"REB", "OPP", "IMG", "NGO", "IGO", "INS", "SEP"})
#: Sector codes of a state's own organs (a country's press or opposition is another side).
_STATE_ORGANS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
#: Sectors that name no side without a country (rebels, militants, civilians, refugees and the
#: opposition do: hand coders code them).
_NO_SIDE = frozenset({"GOV", "MIL", "UAF", "BUS", "HLH", "EDU", "RAD", "PTY", "JUD", "COP", "LEG", "SPY", "LAB",
                      "AGR", "ELI", "ENV", "CRM", "MED"})
#: ``via`` of a target kept as written because its sector names no side without a country.
NO_SIDE_VIA = "sector"
#: Things named after a country that do not act for it: sport, money, markets.
_NOT_AGENTS = frozenset({
    "team", "side", "squad", "club", "player", "players", "eleven", "league", "pound", "dollar",
    "euro", "rouble", "ruble", "yuan", "rupee", "lira", "currency", "share", "shares", "stock",
    "stocks", "market", "markets", "price", "prices", "economy", "revenue", "revenues",
    "export", "exports", "import", "imports", "output", "inflation", "growth", "film", "song",
})
#: Heads of a definite phrase that refer back to an armed or political group ("the group").
_GROUP_WORDS = frozenset({"group", "organisation", "organization", "movement", "militia", "militias",
                          "militant", "militants", "jihadist", "jihadists", "extremist", "extremists",
                          "insurgent", "insurgents", "faction", "factions"})
#: ... and to a country.
_COUNTRY_WORDS = frozenset({"country", "nation", "state", "kingdom", "republic"})


def judged_events(stage, doc: Doc, sent: Span, reading: Reading, matches) -> list[Event]:
    """The sentence's events, as the reading decides (``matches``: the pattern hits in the
    sentence, :class:`~detente.events.patterns.PatternMatch`)."""
    out: list[Event] = []
    taken: set[int] = set()
    main = max(reading.triggers, key=lambda t: t.p, default=None)
    if main is not None and main.p < TRIGGER_THRESHOLD and reading.p_none >= SENTENCE_EVENT_THRESHOLD:
        main = None
    for trig in reading.triggers:
        tokens = _tokens(doc, trig.start, trig.end)
        if not tokens:
            continue
        if trig.p < TRIGGER_THRESHOLD and trig is not main:
            # a word the model doubts stands only when what it says asks something of
            # another actor ("wrote that Peru should take back …"), which the parse shows
            head = _head(tokens)
            if head.lemma_.lower() in _SAYING_LEMMAS and trig.p >= AGREE_THRESHOLD * 0.5:
                asked = [e for e in _events(stage, doc, sent, reading, trig, tokens, None, "01", matches)
                         if e.rule.endswith(ASKED_RULE)]
                if asked:
                    taken.update(t.i for t in tokens)
                    out.extend(asked)
            continue
        taken.update(t.i for t in tokens)
        unsure = ROOT_UNSURE is not None and max(trig.roots.values()) < ROOT_UNSURE
        if (named := _named_root(matches, tokens)) is not None:
            root = named
        elif (trig is main and MAIN_FROM_SENTENCE) or (unsure and not _explained(doc, reading, trig, _head(tokens))):
            root = reading.main_root(trig)
        else:
            root = _root(trig, matches, tokens)
        match = _pattern_for(matches, tokens, root)
        out.extend(_events(stage, doc, sent, reading, trig, tokens, match, root, matches))
    for m in matches:
        if m.head.i in taken:
            continue
        root = m.pattern.code[:2]
        trig = _trigger_at(reading, m.head)
        background = False
        if trig is not None and trig.p >= AGREE_THRESHOLD and trig.root == root:
            tokens = _tokens(doc, trig.start, trig.end) or [m.head]
        elif BACKGROUND_PAST and (told := _told_as_past(doc, m.head)) is not None and not any(
                told[0] <= e.span[0] < told[1] for e in out):
            # an earlier action named in a clause about a noun ("the talks held in 2009 …"):
            # background the model, which reads the sentence's own act, has not coded
            tokens = [m.head]
            trig = Trigger(m.head.idx, m.head.idx + len(m.head), reading.sentence_roots.get(root, 0.0),
                           {root: 1.0}, (), {}, {})
            background = True
        elif _sentence_agrees(reading, root, trig):
            # the sentence head reads an event of this root where the trigger head found no word
            # for it: the pattern's word is the trigger, the parse gives its sides
            tokens = [m.head]
            trig = Trigger(m.head.idx, m.head.idx + len(m.head), reading.sentence_roots.get(root, 0.0),
                           {root: 1.0}, (), trig.modalities if trig else {}, trig.times if trig else {})
        else:
            continue
        taken.update(t.i for t in tokens)
        found = _events(stage, doc, sent, reading, trig, tokens, m, root, matches)
        if background:
            # told as done, whatever the sentence says should now become of it
            found = [dataclasses.replace(e, rule=f"{e.rule}|{BACKGROUND_RULE}", modality="asserted")
                     for e in found]
        out.extend(found)
    return _unique(out)


#: The ``rule`` suffix of a pattern event kept as an earlier action told about a noun.
BACKGROUND_RULE = "background-past"


def _told_as_past(doc: Doc, head: Token) -> tuple[int, int] | None:
    """The characters of the noun phrase ("the talks held in 2009 …", "a committee set up in
    2009") when ``head`` is inside or is the noun of a past participle clause that the clause's
    own date words place in a year before the article's; else None."""
    from ..time.attach import clause_head, covering_span
    from . import time_of

    published = doc._.published
    verb = clause_head(head)
    if verb.dep_ != "acl":
        # the noun itself may be what the clause is about ("a joint committee set up in 2009")
        verb = next((c for c in head.children if c.dep_ == "acl"), verb)
    if published is None or verb.dep_ != "acl" or verb.tag_ != "VBN":
        return None
    lo, hi = verb.head.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
    if not any(lo <= m.start_char and m.end_char <= hi
               and (span := covering_span(doc, m.start_char, m.end_char)) is not None
               and clause_head(span.root) == verb for m in doc._.timexes or ()):
        return None  # no date words of the clause's own
    when = time_of(doc, head)
    if when.basis == "text" and when.end is not None and when.end.year < published.year:
        return lo, hi
    return None


def _explained(doc: Doc, reading: Reading, trig: Trigger, head: Token) -> bool:
    """Is the root the sentence head would give ``trig`` that of an act in its complement
    ("wants" in "X wants to attack Y", "call" in "the call that Y release …": the sentence head
    reads the attack, the release), which the word itself does not do?"""
    root = reading.main_root(trig)
    return any(_in_complement(tok, head) for t in reading.triggers if t is not trig and t.root == root
               for tok in _tokens(doc, t.start, t.end))


def _in_complement(tok: Token, head: Token) -> bool:
    """Is ``tok`` below ``head`` through a complement or content clause of a verb?"""
    cur, through = tok, False
    while cur.i != head.i:
        if cur.head.i == cur.i:
            return False  # not below head
        through = through or (cur.dep_ in ("xcomp", "ccomp", "acl", "relcl") and cur.pos_ in ("VERB", "AUX"))
        cur = cur.head
    return through


def _sentence_agrees(reading: Reading, root: str, trig: Trigger | None) -> bool:
    """Does the sentence head read an event of ``root`` in a sentence whose trigger head
    gives the pattern's word no trigger of its own?"""
    if SENTENCE_AGREE is None or trig is not None and trig.p >= AGREE_THRESHOLD:
        return False
    return reading.p_none < SENTENCE_AGREE and reading.sentence_roots.get(root, 0.0) >= SENTENCE_ROOT_FLOOR


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _trigger_at(reading: Reading, tok: Token) -> Trigger | None:
    for t in reading.triggers:
        if t.start <= tok.idx < t.end:
            return t
    return None


def _root(trig: Trigger, matches, tokens: list[Token]) -> str:
    """The event's root: the model's, or a pattern's on the trigger that the model finds
    nearly as likely (:data:`PATTERN_ROOT_RATIO`), or whose object makes a statement a verbal
    conflict (:func:`_says_what_it_does`)."""
    best = trig.root
    if PATTERN_ROOT_RATIO is None:
        return best
    idx = {t.i for t in tokens}
    for m in sorted(matches, key=lambda m: -m.pattern.specificity):
        r = m.pattern.code[:2]
        if not (m.head.i in idx or (m.obj is not None and m.obj.i in idx)):
            continue
        if trig.roots.get(r, 0.0) >= PATTERN_ROOT_RATIO * trig.roots[best] or _says_what_it_does(m, best, r) \
                or _shows_force(m, best, r):
            return r
    return best


#: Roots of a show or use of force that a verb's object makes of it ("shut the crossings",
#: "stayed on high alert", "boosted its forces").
_POSTURE_ROOTS = frozenset({"15", "19"})
#: Roots of what the model may read in such a verb alone (statements, cooperation, yielding).
_COOPERATIVE_ROOTS = frozenset({"01", "02", "03", "04", "05", "06", "07", "08"})


def _shows_force(m, best: str, r: str) -> bool:
    """Does a pattern with its object make what the model reads as a statement or a
    cooperative act a show or use of force? The object says so: closing a border is no
    yielding, boosting one's forces no cooperation."""
    return best in _COOPERATIVE_ROOTS and r in _POSTURE_ROOTS and m.obj is not None and bool(m.pattern.objects)


#: Verbs that only start or carry out the act their object names ("launched a mediation
#: effort", "began an investigation", "mounted an offensive").
_STARTING_VERBS = frozenset({"launch", "begin", "start", "initiate", "undertake", "mount", "open", "commence",
                             "spearhead", "kick"})


def _named_root(matches, tokens: list[Token]) -> str | None:
    """The root of the act a starting verb's object names ("launched a mediation effort"
    mediates, whatever "launched" would do), the trigger being the verb or the noun."""
    named = _named_acts(tokens) | {t.i for t in tokens if t.i in _named_acts([t.head, t.head.head])}
    # not a verbal conflict: "launched a campaign against X" may be one of arms or of words
    hits = [m for m in matches if m.head.i in named and m.pattern.kind == "n"
            and m.pattern.code[:2] not in _VERBAL_CONFLICT_ROOTS]
    return max(hits, key=lambda m: m.pattern.specificity).pattern.code[:2] if hits else None


def _named_acts(tokens: list[Token]) -> set[int]:
    """The nouns that name the act of a starting verb among ``tokens``: its object and the
    object's noun modifiers ("mediation" and "effort" of "launched a mediation effort")."""
    out: set[int] = set()
    for t in tokens:
        if t.pos_ != "VERB" or t.lemma_.lower() not in _STARTING_VERBS:
            continue
        for o in t.children:
            if o.dep_ in ("dobj", "obj") and o.pos_ == "NOUN":
                out.add(o.i)
                out.update(c.i for c in o.children if c.dep_ == "compound" and c.pos_ == "NOUN")
                # "an effort at mediation", "a campaign of arrests"
                out.update(g.i for p in o.children if p.dep_ == "prep" and p.lower_ in ("at", "of")
                           for g in p.children if g.dep_ == "pobj" and g.pos_ == "NOUN")
    return out


#: Roots of verbal conflict a statement's own words can make it (demand, disapprove, reject,
#: threaten).
_VERBAL_CONFLICT_ROOTS = frozenset({"10", "11", "12", "13"})


def _says_what_it_does(m, best: str, r: str) -> bool:
    """Does a pattern with its object ("expressed frustration", "voiced reservations", "called
    for an inquiry") make what the model reads as a plain statement a verbal conflict? The
    object noun says so, whatever the model finds likely."""
    return best == "01" and r in _VERBAL_CONFLICT_ROOTS and m.obj is not None and bool(m.pattern.objects)


def _pattern_for(matches, tokens: list[Token], root: str):
    """The pattern hit on the trigger whose code has the model's root (the most specific)."""
    idx = {t.i for t in tokens} | _named_acts(tokens)
    hits = [m for m in matches if (m.head.i in idx or (m.obj is not None and m.obj.i in idx))
            and m.pattern.code[:2] == root]
    return max(hits, key=lambda m: (m.head.i in idx, m.pattern.specificity), default=None)


def _head(tokens: list[Token]) -> Token:
    """The trigger's main word: a verb before anything else, then the phrase's root."""
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")]
    if verbs:
        return verbs[0]
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])


def _events(stage, doc: Doc, sent: Span, reading: Reading, trig: Trigger, tokens: list[Token], match,
            root: str, matches) -> list[Event]:
    from . import _dated, _place, build_event, time_of
    from .modality import denied, hedged, modality, wished

    head = match.head if match is not None else _head(tokens)
    if match is not None:
        code, rule = lookup(match.pattern.code), f"{MODEL_ID}|{match.pattern.rule}"
    elif reading.code_of(root) != root + "0":
        code, rule = lookup(reading.code_of(root)), f"{MODEL_ID}|{USUAL_CODE_RULE}"
    else:
        code, rule = lookup(root + "0"), MODEL_ID
    sources = [a for s in trig.args if s.role == "S" for a in resolve_phrase(doc, s.start, s.end)]
    targets = [a for s in trig.args if s.role == "T" for a in resolve_phrase(doc, s.start, s.end)]
    mutual = [a for s in trig.args if s.role == "R" for a in resolve_phrase(doc, s.start, s.end)]
    symmetric = False
    if not sources and len(mutual) >= 2:
        sources, targets, symmetric = mutual[:1], mutual[1:], True
    elif mutual:
        targets = targets + mutual if sources else targets
        sources = sources or mutual[:1]
    passive = next((c for c in head.children if c.dep_ == "nsubjpass"), None) if head.pos_ == "VERB" else None
    if passive is not None and sources and not mutual:
        # "X was detained", "the government is being urged": the passive's subject is acted on;
        # who acted is the "by" phrase, if any (but a state's troops "sent to Mali" are still
        # the state acting)
        lo, hi = passive.left_edge.idx, passive.right_edge.idx + len(passive.right_edge)
        acted_on = [a for a in sources if a.span is not None and lo <= a.span[0] and a.span[1] <= hi]
        if acted_on and not _sent_forces(head, acted_on):
            sources = [a for a in sources if a not in acted_on]
            targets = targets + [a for a in acted_on if a not in targets]
    if passive is not None and not sources and head.lemma_.lower() in _EXPELLING_LEMMAS:
        # "two inspectors were expelled from Iran": who expels is the country they leave
        whence = _from_phrase(head)
        if whence:
            sources = whence
            targets = [a for a in targets if a.code not in {w.code for w in whence}]
    if _said_by_another(head, sources + mutual):
        # "Japan and China held talks, officials said": who said it is the unnamed officials
        sources, mutual = [], []
    # one source per country: "the Peruvian defence minister, Ana Torres" is one; and
    # non-governmental groups side by side ("Human Rights Watch and Oxfam called for …") make
    # one appeal of the NGOs, not two, nor one of them to the other
    named = [a for a in sources if _can_source(doc, a)]
    sources = _distinct(named, by_country=True)
    targets = _distinct([a for a in targets if a.code and not (a.code == "MED" and code.root in ("01", "02"))])
    if not sources or (not targets and not symmetric):
        # the parse finds what the model's phrases did not name: the subject, the object
        parsed = _parsed_arguments(stage, doc, head, match, code.code)
        if parsed is not None:
            if not sources:
                sources = _distinct([a for a in parsed.sources if _can_source(doc, a) and _acts(doc, a)], by_country=True)
            if not targets and not symmetric and sources:
                if code.root == "01" and head.lemma_.lower() in REPORTING_LEMMAS:
                    # what a plain "said" says is its content, not its addressee; whom a
                    # statement is made to is the verb's object, of any country ("told a
                    # Spanish radio station")
                    targets = _distinct([a for a in _addressees(head) if a.code])
                else:
                    own = {a.country for a in named + sources}
                    targets = _distinct([a for a in parsed.targets if a.code and a.country not in own or a.sector == "CVL"])
    if not sources:
        return []
    if code.root in _VERBAL_ROOTS and head.lemma_.lower() in _SAYING_LEMMAS and not symmetric:
        # "X said Y must/should …": the statement demands or appeals (CAMEO 10 / 02) of Y,
        # whatever else the model reads in it
        asked = _asked_of(head, sources)
        if asked is not None:
            strength, whom = asked
            code = lookup(_ASK_CODES[strength])
            rule = f"{rule}|{ASKED_RULE}"
            targets = whom
    if (code.root in ("01", "03") or code.code == "130") and head.lemma_.lower() in _SAYING_LEMMAS | _VOWING_LEMMAS \
            and not symmetric:
        # "X said it would strike Y", "X vowed to attack Y": a threat of force (CAMEO 138)
        threat = _threatened(stage, doc, head, sources, matches, reading)
        if threat is not None:
            code, rule = lookup(THREAT_CODE), f"{rule}|{THREAT_RULE}"
            targets = threat or targets
    if code.root in ("01", "13") and not symmetric:
        # "X warned Y that it would face consequences": a threat (CAMEO 130) against Y
        warned = _warned_of_harm(head, sources)
        if warned:
            if code.root == "01":
                code, rule = lookup(WARNING_CODE), f"{rule}|{WARNING_RULE}"
            targets = warned
    if code.root == "01" and head.lemma_.lower() in _SAYING_LEMMAS and not symmetric:
        # "X said Y had shelled the town", "X said Y was behind the attack": an accusation
        accused = _accused(doc, head, sources, matches)
        if accused:
            code, rule, targets = lookup(ACCUSE_CODE), f"{rule}|{ACCUSE_RULE}", accused
    if code.root == "01" and targets and not symmetric:
        # "Chile is committed to the treaty, the Chilean minister said", "the ministry says it
        # expects the ambassador to …": the speaker's own state in what a statement says is its
        # content, not whom it is made to (unless it is told to them: "told the president"); its
        # press or opposition is another side
        own = {a.country for a in sources if a.country}
        told = {a.span for a in _addressees(head)}
        targets = [a for a in targets if not (a.code and a.country in own and a.span not in told
                                              and (a.code == a.country or a.code[3:6] in _STATE_ORGANS))]
    if not targets and not symmetric and code.code == RESIGN_CODE and sources[0].country:
        # "the defence secretary resigned": one steps down from one's own country's post
        # (hand coders of news give a resignation its resigner's country as target in 30 of 34)
        own = sources[0]
        targets = [Actor(code=own.country, country=own.country, text=own.text, span=own.span, via="context")]
        rule = f"{rule}|{OWN_POST_RULE}"
    if not targets and not symmetric:
        # the model marks a target no dictionary names ("the teenager", "two aid workers"):
        # kept as written, with no code, so the event still shows whom it was done to
        targets = _unnamed_targets(doc, trig, sources)
    # a state organ, a trade or the press with no country ("the government", "officials",
    # "reporters") is no side a coder can name: the event has no target named, and the story
    # may give it one (|story-target)
    targets = [a if a.country or not a.code or a.code[:3] not in _NO_SIDE else
               Actor(code=None, text=a.text, span=a.span, via=NO_SIDE_VIA) for a in targets]
    if targets and not any(a.code for a in targets):
        # no target a coder can name: the one kept as written is the model's likeliest phrase
        # ("flew doctors to the Horn of Africa" keeps the Horn of Africa, not the doctors)
        targets = _unnamed_targets(doc, trig, sources) or targets
    place = _place(head)
    if place and targets:
        # "clashed with militants in northern Pakistan": where it happened is not a side
        at = sent.text.find(place)
        if at >= 0:
            lo, hi = sent.start_char + at, sent.start_char + at + len(place)
            kept = [a for a in targets if a.span is None or not (lo <= a.span[0] and a.span[1] <= hi)]
            # ... unless it is all the event has: troops sent "in Mali", aid suspended "in
            # Yemen" are done to the country they are in ("near the border" is not)
            targets = kept if kept or not _happened_in(doc, lo, hi) else targets
    if len(sources) >= 2 and not targets and not symmetric and (
            code.root in _JOINT_ROOTS or head.lemma_.lower() in _RECIPROCAL_LEMMAS or _each_other(head)
            or _shared_bond(head) or not _coordinated(doc, sources[0], sources[1])):
        # "Britain and France discussed …", "Russia and Turkey agreed", "… upgraded their
        # ties": the two act together;
        # two sides named apart ("the plan Kenya drafted was rejected by Somalia") are the two
        # sides of the act; "A and B called for …" is two appeals, made side by side
        sources, targets, symmetric = sources[:1], sources[1:2], True
    if hedged(head):
        mod = "reported"
    elif wished(head):
        mod = "future"
    elif denied(head):
        mod = "negated"  # "issued no statement": the model reads the verb, not the "no"
    else:
        mod = _modality(trig, modality(head, is_noun=head.pos_ not in ("VERB", "AUX")))
    yielding = code.code if code.root == "08" else match.pattern.code if (
        match is not None and match.pattern.code.startswith("08")) else None
    if mod == "negated" and (yielding or code.root == "12") and _will_not(head):
        # "X will not release the hostages", "said it would not withdraw": a refusal to
        # yield (CAMEO 124x, the 08x it refuses), asserted, not a yielding that did not happen
        if yielding:
            code, rule = lookup(_refusal_of(yielding)), f"{rule}|{REFUSAL_RULE}"
        mod = "asserted"
    if code.root in ("01", "02") and _no_comment(head):
        # "did not respond to a request for comment": CAMEO codes the silence itself (011)
        code, mod, rule = lookup("011"), "asserted", f"{rule}|{NO_COMMENT_RULE}"
    when = story_time(doc, trig, time_of(doc, head))
    span = (min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens))
    if match is not None and match.obj is not None:
        lo, hi = sorted([match.head.i, match.obj.i])
        span = (min(span[0], doc[lo].idx), max(span[1], doc[hi].idx + len(doc[hi].text)))
    out = []
    for src in sources[:1] if symmetric else sources:
        for tgt in targets or [None]:
            src_d = actor_as_of(_dated(doc, src, when), when)
            tgt_d = actor_as_of(_dated(doc, tgt, when), when) if tgt is not None else None
            if tgt_d is not None and tgt_d.code == src_d.code and (
                    symmetric or _overlap(tgt_d.span, src_d.span)):
                continue  # one phrase is not both sides; a domestic event (USAGOV -> USAGOV) is
            out.append(build_event(
                doc, sent, span, src_d, tgt_d, code, when=when, modality=mod, confidence=trig.p,
                rule=rule, symmetric=symmetric, place=place, trigger=_text(doc, span),
                id_parts=(src_d.code, (tgt_d.code or tgt_d.text or "") if tgt_d else "", MODEL_ID),
            ))  # fmt: skip
    return out


#: Roots of acts that two sources named together do with each other (consult, cooperate).
_JOINT_ROOTS = frozenset({"03", "04", "05", "06"})
#: Words of acts that two sides named together do to each other, whatever the root.
_RECIPROCAL_LEMMAS = frozenset({"clash", "fight", "battle", "exchange", "agree", "negotiate", "talk",
                                "meet", "discuss", "trade", "swap", "skirmish"})


#: Bonds two sides have with each other, and the verbs of what they do to them together
#: ("upgraded diplomatic ties", "failed to reach an agreement", "severed relations").
_BONDS = frozenset({"tie", "relation", "relationship", "agreement", "deal", "accord", "pact", "treaty",
                    "ceasefire", "truce", "partnership", "alliance"})
_BOND_VERBS = frozenset({"sign", "reach", "conclude", "strike", "seal", "ink", "restore", "establish",
                         "upgrade", "downgrade", "normalise", "normalize", "sever", "cut", "break",
                         "resume", "renew", "strengthen", "deepen", "improve", "forge"})


def _shared_bond(head: Token) -> bool:
    """Does the verb (or the verb it governs: "failed to reach a deal") act on a bond between
    its subjects ("Chile and Peru restored ties")? Not "welcomed the deal": two sides can
    welcome a deal side by side."""
    verbs = [head, *(c for c in head.children if c.dep_ == "xcomp")]
    return any(v.lemma_.lower() in _BOND_VERBS and any(o.dep_ == "dobj" and o.lemma_.lower() in _BONDS
                                                        for o in v.children)
               for v in verbs)  # fmt: skip


def _coordinated(doc: Doc, a: Actor, b: Actor) -> bool:
    """Are the two actors named in one coordination ("A and B", "A, B and C")?"""
    if a.span is None or b.span is None:
        return False
    sa, sb = doc.char_span(*a.span, alignment_mode="expand"), doc.char_span(*b.span, alignment_mode="expand")
    if sa is None or sb is None:
        return False
    ra, rb = sa.root, sb.root
    return rb in ra.conjuncts or ra in rb.conjuncts or (sa.start <= rb.i < sa.end) or (sb.start <= ra.i < sb.end)


#: The rule note of a refusal to comment coded as CAMEO 011.
NO_COMMENT_RULE = "no-comment"
#: Ends the rule of an event whose full code is its root's usual one in hand-coded news
#: (:meth:`~detente.extract.model.Reading.code_of`), no pattern giving a finer one.
USUAL_CODE_RULE = "usual-code"
_COMMENT_LEMMAS = frozenset({"respond", "comment", "reply", "answer", "return"})


#: The rule note of a yielding (08x) one says one will not do, coded as a refusal (124x).
REFUSAL_RULE = "will-not"
#: The refusal (CAMEO 12x) of each kind of yielding (08x).
_REFUSALS = {"080": "124", "081": "1241", "082": "1242", "083": "123", "084": "1243", "085": "1244",
             "086": "1245", "087": "1246"}


def _refusal_of(code: str) -> str:
    """The CAMEO code of refusing the yielding ``code`` ("0833" accede to demands for rights ->
    "1233" reject a request for rights)."""
    if code.startswith("083") and len(code) == 4:
        return "123" + code[3]
    return _REFUSALS.get(code[:3], "124")


def _will_not(head: Token) -> bool:
    """Is the negated verb a refusal: "will not", "won't", "shall not", or "would not" in
    what one says ("said it would not withdraw")?"""
    aux = {c.lower_ for c in head.children if c.dep_ == "aux"}
    if not any(c.dep_ == "neg" for c in head.children):
        return False
    if aux & _FUTURE:
        return True
    return "would" in aux and head.dep_ == "ccomp" and head.head.lemma_.lower() in _SAYING_LEMMAS


def _no_comment(head: Token) -> bool:
    """Is the trigger a negated reply ("did not respond to a request for comment", "has not
    commented", "did not return calls", "had no comment"), or a statement that there will be
    none ("said it would not comment")? The model may mark the "not" itself."""
    verb = head.head if head.dep_ == "neg" else head
    if verb.lemma_.lower() in _SAYING_LEMMAS:
        return any(_refuses_comment(c) for c in verb.children if c.dep_ == "ccomp")
    return _refuses_comment(verb)


def _refuses_comment(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if verb.pos_ == "NOUN":  # "no comment"
        return lemma == "comment" and any(d.lower_ == "no" for d in verb.children)
    if lemma in ("have", "make", "offer", "give"):  # "had no comment", "offered no comment"
        return any(c.lemma_.lower() == "comment" and any(d.lower_ == "no" for d in c.children)
                   for c in verb.children if c.dep_ in ("dobj", "obj"))
    if lemma not in _COMMENT_LEMMAS or not any(c.dep_ == "neg" for c in verb.children):
        return False
    return lemma != "return" or any(c.lemma_.lower() in ("call", "message", "email", "request")
                                    for c in verb.children if c.dep_ in ("dobj", "obj"))


def _each_other(head: Token) -> bool:
    """Does the verb act on "each other" or "one another" ("accused each other")?"""
    return any(t.lower_ in ("other", "another") and t.i > 0 and t.doc[t.i - 1].lower_ in ("each", "one")
               for t in head.subtree if t.i > head.i)  # fmt: skip


def _modality(trig: Trigger, rule: str) -> str:
    """The event's modality: the parse's (auxiliaries, negation, complements, reporting
    verbs), unless the model is sure of another reading ("X reportedly did")."""
    if not trig.modalities:
        return rule
    if rule != "asserted":
        return rule if trig.modalities.get("asserted", 0.0) < MODALITY_TRUST else "asserted"
    model = trig.modality
    return model if model and trig.modalities[model] >= MODALITY_TRUST else rule


def story_time(doc: Doc, trig: Trigger, when: TimeSpan) -> TimeSpan:
    """The event's time as the story tells it. A date written in the sentence stands; without
    one, the model's reading of the event decides between the time stage's narrative time
    and the news: the article's news ("recent": the days up to publication), an event of
    another time (the narrative's date when it lies outside the news, else undated), or one
    the story gives no time ("undated")."""
    if trig.time is None or when.basis == "text":
        return when
    published = doc._.published
    if trig.time == "recent":
        return publication_span(published) if published is not None else when
    if trig.time == "undated":
        return TimeSpan()
    news = publication_span(published) if published is not None else None
    if when.dated and (news is None or when.basis == "narrative" and not (
            when.start >= news.start and when.end <= news.end)):
        return when
    return TimeSpan()


def _text(doc: Doc, span: tuple[int, int]) -> str:
    from ..extensions import doc_text

    return doc_text(doc)[span[0]:span[1]]


def _parsed_arguments(stage, doc: Doc, head: Token, match, code: str):
    """The sides the dependency rules of the pattern coder give the trigger's word."""
    from .patterns import Pattern, PatternMatch

    if match is None:
        kind = "v" if head.pos_ in ("VERB", "AUX") else "n"
        match = PatternMatch(Pattern(code=code, kind=kind, heads=frozenset({head.lemma_}), text="extractor"), head)
    return stage._arguments(doc, match)


#: How sure the model must be of a target phrase no dictionary names, to keep it.
UNNAMED_TARGET = 0.6


def _unnamed_targets(doc: Doc, trig: Trigger, sources: list[Actor]) -> list[Actor]:
    """The model's likeliest target phrase, as an actor with no code, when no actor stands
    for it (a phrase that names one which was left out, e.g. the press a statement is made
    to, stays out)."""
    best = max((a for a in trig.args if a.role == "T" and a.p >= UNNAMED_TARGET), key=lambda a: a.p, default=None)
    if best is None or resolve_phrase(doc, best.start, best.end):
        return []
    if any(s.span is not None and _overlap(s.span, (best.start, best.end)) for s in sources):
        return []
    text = _text(doc, (best.start, best.end))
    if not text or not any(c.isalpha() for c in text):
        return []
    return [Actor(code=None, text=text, span=(best.start, best.end), via="unnamed")]


#: CAMEO 0831: accede to demands for change in leadership (a resignation); the rule note of
#: one whose target is the resigner's own country.
RESIGN_CODE = "0831"
OWN_POST_RULE = "own-post"


#: Verbs of saying whose content may ask something of another actor ("warned that Y must"
#: is a warning: not here).
_SAYING_LEMMAS = (REPORTING_LEMMAS | {"tweet", "write", "tell", "argue"}) - {"warn", "deny"}
#: Roots of verbal events: what a saying verb's event may be before its content is read.
_VERBAL_ROOTS = frozenset({"01", "02", "03", "04", "05", "10", "11", "12", "13"})
#: Modal verbs of a content clause that ask something of its subject: a demand (CAMEO 100) or
#: an appeal (CAMEO 020).
_MODAL_STRENGTH = {"must": "demand", "should": "appeal", "ought": "appeal"}
_ASK_CODES = {"demand": "100", "appeal": "020"}
#: The rule note of a statement coded by what its content asks ("said Y must …").
ASKED_RULE = "content-asks"


def _own_side(sources: list[Actor]) -> set[str]:
    """The speaker's side: the sources' countries and codes (what a content clause's actor
    must not be to be another actor)."""
    return {a.country for a in sources if a.country} | {a.code for a in sources}


def _asked_of(head: Token, sources: list[Actor]) -> tuple[str, list[Actor]] | None:
    """A reporting verb's content clause that asks something of another actor: its
    subject is an actor of another country than the speaker's and its verb carries "must",
    "should" or "ought to" (not negated, not a question). The strength and whom it asks."""
    from . import _actors

    own = _own_side(sources)
    for clause in head.children:
        if clause.dep_ not in ("ccomp", "parataxis") or clause.pos_ not in ("VERB", "AUX"):
            continue
        modals = [c.lower_ for c in clause.children if c.dep_ == "aux" and c.lower_ in _MODAL_STRENGTH]
        if not modals or any(c.dep_ == "neg" for c in clause.children):
            continue
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in clause.children) or (
                clause.lemma_ == "be" and not any(c.dep_ == "auxpass" for c in clause.children)):
            continue  # what must have happened, or must be so, is a guess, not a demand
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        whom = [a for a in _actors(subj) if a.code and (a.country or a.code) not in own] if subj is not None else []
        if whom:
            return _MODAL_STRENGTH[modals[0]], whom
    return None


#: Verbs of intent whose infinitive may be a threatened act ("vowed to strike").
_VOWING_LEMMAS = frozenset({"vow", "pledge", "promise", "threaten", "warn", "plan", "prepare"})
#: Auxiliaries of a content clause that make its act a future one ("said it would strike").
_FUTURE_AUX = frozenset({"will", "would", "'ll", "shall"})
#: Roots of the use of force a speaker may threaten.
_FORCE_ROOTS = frozenset({"18", "19", "20"})
#: CAMEO 138: threaten to use military force.
THREAT_CODE = "138"
#: The rule note of a statement coded as the threat its content makes.
THREAT_RULE = "content-threatens"


def _threatened(stage, doc: Doc, head: Token, sources: list[Actor], matches, reading: Reading) -> list[Actor] | None:
    """A statement or vow whose content is the speaker's own use of force to come (a verb of
    force by the patterns or read by the model as a trigger of roots 18-20: "said it
    would launch an assault on X", "vowed to strike X"), not negated: whom it threatens (an
    empty list when the content names nobody), or None when it is no such threat. What another
    actor would do ("said Russia would attack") is a forecast, not a threat."""
    from . import _actors

    own = _own_side(sources)
    acts = None  # the sentence's verbs of force, read once, when a clause may threaten
    for clause in head.children:
        if clause.dep_ not in ("ccomp", "xcomp", "parataxis") or clause.pos_ not in ("VERB", "AUX"):
            continue
        future = clause.dep_ == "xcomp" and head.lemma_.lower() in _VOWING_LEMMAS or any(
            c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in clause.children)
        if not future or any(c.dep_ == "neg" or c.lower_ in ("never", "longer") for c in clause.children):
            continue
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ not in ("it", "we", "they", "i", "he", "she") and not any(
                a.country in own or a.code in own for a in _actors(subj)):
            continue
        # the clause's own act: its verb, its object ("mount an assault") or the verb it
        # governs ("plans to strike"), not a relative clause inside it
        own_act = {clause.i} | {c.i for c in clause.children if c.dep_ in ("dobj", "obj", "xcomp", "conj")}
        own_act |= {g.i for c in clause.children if c.dep_ == "xcomp" for g in c.children if g.dep_ in ("dobj", "obj")}
        if acts is None:
            acts = _acts_of_force(doc, matches, reading)
        for word, m, force in acts:
            if word.i in own_act:
                parsed = _parsed_arguments(stage, doc, word, m, force)
                targets = parsed.targets if parsed is not None else []
                return [a for a in targets if a.code and (a.country or a.code) not in own]
    return None


#: What a warning says another actor would face: harm the speaker may deal out ("warned Y
#: that it would face consequences", "… that it courted war").
_HARMS = frozenset({"consequence", "confrontation", "retaliation", "reprisal", "punishment", "price", "response",
                    "war", "wrath"})
_FACING = frozenset({"face", "risk", "pay", "suffer", "invite", "provoke", "court"})
#: Verbs that may warn of such harm.
_WARNING_LEMMAS = _SAYING_LEMMAS | {"warn", "caution"}
#: CAMEO 130: threaten, not specified; the rule note of a warning coded as such a threat.
WARNING_CODE = "130"
WARNING_RULE = "content-warns"


def _warned_of_harm(head: Token, sources: list[Actor]) -> list[Actor] | None:
    """A warning ("warned", "said") that another actor would face consequences, a
    confrontation or a price: whom it threatens (the content's subject, else whom the warning
    is addressed to), or None when it is no such warning."""
    from . import _actors

    if head.lemma_.lower() not in _WARNING_LEMMAS:
        return None
    own = _own_side(sources)
    for clause in head.children:
        if clause.dep_ != "ccomp" or clause.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "neg" for c in clause.children):
            continue
        verbs = [clause] + [c for c in clause.children if c.dep_ in ("xcomp", "conj") and c.pos_ == "VERB"]
        if not any(v.lemma_.lower() in _FACING and any(
                o.dep_ in ("dobj", "obj") and o.lemma_.lower() in _HARMS for o in v.children) for v in verbs):
            continue
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        whom = [a for a in _actors(subj) if a.code] if subj is not None else []
        if not whom:
            whom = _addressees(head)
        whom = [a for a in whom if (a.country or a.code) not in own]
        if whom:
            return whom
    return None


def _acts_of_force(doc: Doc, matches, reading: Reading) -> list[tuple[Token, object, str]]:
    """The sentence's verbs of force: a verb pattern of roots 18-20, or a verb the model reads
    as a trigger of those roots (a verb: a noun of force may be the object of its halting,
    "stall its offensive"). Each with its pattern match (or None) and its code."""
    acts = [(m.head, m, m.pattern.code) for m in matches
            if m.pattern.code[:2] in _FORCE_ROOTS and m.head.pos_ == "VERB"]
    for t in reading.triggers:
        if t.root in _FORCE_ROOTS:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and len(span) and _head(list(span)).pos_ == "VERB":
                acts.append((_head(list(span)), None, t.root + "0"))
    return acts


#: CAMEO 112: accuse.
ACCUSE_CODE = "112"
#: The rule note of a statement coded as the accusation its content makes.
ACCUSE_RULE = "content-accuses"
#: Roots of acts that saying another actor did them accuses it: assault, mass violence.
_CRIME_ROOTS = frozenset({"18", "20"})
#: Auxiliaries of a content clause that say its act is not (yet) so.
_NOT_SO_AUX = _FUTURE_AUX | set(_MODAL_STRENGTH) | {"could", "may", "might", "can"}
#: Words that lay an act at someone's door ("was behind", "responsible for").
_BLAME_WORDS = frozenset({"behind", "responsible", "guilty", "culpable"})


def _accused(doc: Doc, head: Token, sources: list[Actor], matches) -> list[Actor]:
    """A statement whose content says that another actor, named, committed an assault or mass
    violence (CAMEO 18, 20: "said the militia had tortured prisoners") or is behind something
    ("said Iran was behind the attack"), not negated and not to come: the accused. Fighting
    reported (19: "said the SDF had seized the town") is news, not an accusation."""
    from . import _actors

    own = _own_side(sources)
    for clause in head.children:
        if clause.dep_ not in ("ccomp", "parataxis") or clause.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in _NOT_SO_AUX for c in clause.children):
            continue
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            continue
        whom = [a for a in _actors(subj) if a.code and (a.country or a.code) not in own and a.sector != "CVL"]
        if not whom:
            continue
        blamed = clause.lemma_ == "be" and any(
            c.lower_ in _BLAME_WORDS for c in clause.children if c.dep_ in ("prep", "acomp", "attr", "advmod"))
        violent = any(m.pattern.code[:2] in _CRIME_ROOTS and m.head.i == clause.i for m in matches)
        if blamed or violent:
            return whom
    return []


def _addressees(head: Token) -> list[Actor]:
    """Whom a reporting verb is addressed to: its first object or dative ("told the
    station", "assured Ankara") or "to" phrase ("said to reporters") before what is said,
    unless it is the press with no country ("told reporters": no target)."""
    from . import _actors

    said = min((c.left_edge.i for c in head.children if c.dep_ in ("ccomp", "xcomp", "parataxis")), default=len(head.doc))
    for c in head.children:
        if c.i >= said or c.i < head.i:
            continue
        obj = c if c.dep_ in ("dobj", "dative", "iobj") and c.pos_ in ("NOUN", "PROPN") else None
        if c.dep_ in ("prep", "dative") and c.lower_ == "to":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
        if obj is not None:
            return [a for a in _actors(obj) if a.code and a.code != "MED"]
    return []


#: Verbs of moving forces: their passive subject is still who acts ("French troops were sent
#: to Mali" is France sending its troops).
_SENDING_LEMMAS = frozenset({"send", "deploy", "dispatch", "station", "post", "redeploy", "withdraw",
                             "pull", "move", "airlift", "fly"})
#: Forces of a state that stand for it when they are sent.
_FORCE_SECTORS = frozenset({"MIL", "COP", "SPY"})
#: Verbs of putting out of a country: who does it is the country left.
_EXPELLING_LEMMAS = frozenset({"expel", "deport", "ban", "bar", "evict", "oust", "kick"})


def _sent_forces(head: Token, actors: list[Actor]) -> bool:
    """Are ``actors`` a state's forces, the passive subject of a verb of sending them?"""
    return head.lemma_.lower() in _SENDING_LEMMAS and all(
        a.country and (a.sector in _FORCE_SECTORS or (a.code or "").endswith(tuple(_FORCE_SECTORS))) for a in actors)


def _from_phrase(head: Token) -> list[Actor]:
    """The nameable actors of the verb's "from" phrase ("expelled from Iran")."""
    from . import _actors

    return [a for c in head.children if c.dep_ == "prep" and c.lower_ == "from"
            for g in c.children if g.dep_ == "pobj" for a in _actors(g) if a.code and _nameable(a)]


def _said_by_another(head: Token, sources: list[Actor]) -> bool:
    """Is the trigger a reporting verb ("said") whose written subject is a noun phrase none
    of the model's sources lies in? The speaker is who the parse says, not the actors of
    what was said."""
    if head.pos_ != "VERB" or head.lemma_.lower() not in REPORTING_LEMMAS:
        return False
    subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return False
    lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
    return not any(a.span is not None and _overlap(a.span, (lo, hi)) for a in sources)


def _acts(doc: Doc, a: Actor) -> bool:
    """Is the phrase an actor that can act, not a thing named after one ("Sri Lanka's
    cricket team beat …")?"""
    if a.span is None:
        return True
    span = doc.char_span(*a.span, alignment_mode="expand")
    return span is None or span.root._.actor is not None or span.root.lemma_.lower() not in _NOT_AGENTS


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _nameable(a: Actor) -> bool:
    """Can a coder name this actor as a source: it has a country (or is an organisation or
    a transnational group), or a sector one can name without one (rebels, an NGO)?"""
    if not a.code:
        return False
    return bool(a.country) or a.code.startswith("IMG") or (a.sector or a.code)[:3] in _NAMEABLE_SECTORS


#: Sectors of a state's organs and parties, the sides of a text's own domestic politics.
_DOMESTIC_SECTORS = _STATE_ORGANS | {"PTY"}


def _domestic(doc: Doc, a: Actor) -> bool:
    """Is ``a`` a state organ or party of no country in a text that names no country at all
    ("the mayor's office refused to comment", "County police arrested two men")? Such a
    text is about its own country's politics, whose organs are sides a coder names by their
    sector; where the text names countries, a countryless organ may be any of theirs."""
    if not a.code or a.country or (a.sector or "")[:3] not in _DOMESTIC_SECTORS:
        return False
    return not any(m.actor.country for m in doc._.actors or ())


def _can_source(doc: Doc, a: Actor) -> bool:
    """Is ``a`` a source a coder names, in this text?"""
    return _nameable(a) or _domestic(doc, a)


def _happened_in(doc: Doc, lo: int, hi: int) -> bool:
    """Is the place phrase at ``lo:hi`` what an event happened inside ("in Mali")?"""
    span = doc.char_span(lo, hi, alignment_mode="expand")
    if span is None or not len(span):
        return False
    prep = span.root.head
    return span.root.dep_ == "pobj" and prep.lower_ in ("in", "inside", "within")


def _distinct(actors: list[Actor], by_country: bool = False) -> list[Actor]:
    """``actors`` without repeats: of a code; with ``by_country``, also of a country, and of
    non-governmental organisations (NGO codes) taken together."""
    out: list[Actor] = []
    for a in actors:
        if any(b.code == a.code or (by_country and a.country and b.country == a.country)
               or (by_country and a.code.startswith("NGO") and b.code.startswith("NGO")) for b in out):
            continue
        out.append(a)
    return out


#: Roots of material conflict (CAMEO 14-20): acts done to someone, told once a sentence.
_FORCE_ACTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})


def _unique(events: list[Event]) -> list[Event]:
    """One event per (root, source, target) in a sentence: the likeliest reading of it; and
    no use of force without a target beside the same one with its target."""
    best: dict[tuple, Event] = {}
    for e in events:
        key = (e.cameo[:2], e.source.code, e.target.code if e.target else None)
        if key not in best or e.confidence > best[key].confidence:
            best[key] = e
    # the same use of force by the same source, once with whom it was done to and once
    # without: the second is the first told less fully ("a suicide bomber killed 15 soldiers")
    done_to = {(e.cameo[:2], e.source.code) for e in best.values() if e.target is not None and e.cameo[:2] in _FORCE_ACTS}
    best = {k: e for k, e in best.items() if e.target is not None or (e.cameo[:2], e.source.code) not in done_to}
    keep = {id(e) for e in best.values()}
    return [e for e in events if id(e) in keep]


# ------------------------------------------------------------------------------ phrases
def resolve_phrase(doc: Doc, start: int, end: int) -> list[Actor]:
    """The actors a phrase the model marked stands for; each with the phrase as its text."""
    from . import _actors

    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    span = _whole_phrase(span)
    root = span.root
    if root._.actor is None and root.lemma_.lower() in _NOT_AGENTS:
        return []  # "Sri Lanka's cricket team", "the British pound": named after a country, not it
    # the head's actors (with its coordinated members and modifiers), as far as the phrase goes
    found = [a for a in _actors(root) if a.code and _within(a, span)]
    if not found or not any(_nameable(a) for a in found):
        found = _inside(span) or found
    if len(span) == 1 and root.lower_ in _PERSONAL and not any(_nameable(a) for a in found):
        ref = _antecedent(doc, root)
        found = [ref] if ref is not None else found
    elif not any(_nameable(a) for a in found) and _definite(span):
        ref = _referent(doc, span)
        found = [ref] if ref is not None else found
    if found and not any(_nameable(a) for a in found):
        found = [_placed(a, span) for a in found]
    return [_as_written(a, span) for a in found]


#: Dependents that sit inside a noun phrase: a phrase the model marks that is one of them
#: is a fragment of the phrase ("The" of "The foreign secretary").
_INSIDE_NP = frozenset({"det", "amod", "compound", "nummod", "nmod", "case", "predet", "quantmod", "punct"})


def _whole_phrase(span: Span) -> Span:
    """The noun phrase a marked fragment belongs to: a modifier ("The", "foreign") is read
    with the noun it modifies, and a phrase that misses the start of its head's modifiers
    ("backed militia" of "the Iranian-backed militia") with all of them. A possessor stays itself
    ("Russia" of "Russia's army" is Russia)."""
    from . import _noun_phrase

    if any(t._.actor is not None for t in span):
        return span  # it names an actor itself ("Iran" of "the Iran nuclear deal" is Iran)
    root = span.root
    for _ in range(3):
        if root.dep_ not in _INSIDE_NP or root.head.i == root.i or root.head.pos_ not in ("NOUN", "PROPN"):
            break
        root = root.head
    if root.pos_ not in ("NOUN", "PROPN"):
        return span
    lo, hi = _noun_phrase(root)
    if lo <= span.start and span.end <= hi and (lo, hi) != (span.start, span.end):
        return root.doc[lo:hi]
    return span


#: Titles written before a name ("Lt Gen", "Dr"), never a place's name.
_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "cmdr", "brig", "prof",
    "rev", "sen", "rep", "gov", "president", "general", "lieutenant", "colonel", "major", "captain", "admiral",
    "sergeant", "governor", "senator", "minister", "secretary", "ambassador", "commander", "chief",
})  # fmt: skip


def _placed(a: Actor, span: Span) -> Actor:
    """An agent with no country placed by a place named with it ("Illinois Governor",
    "officials from Kansas", "the authorities in New York City", "the Johor government"):
    the place's country, from the gazetteer."""
    from ..actors import actor_code
    from ..places import resolve as resolve_place

    if not a.sector or a.country:
        return a
    head = span.root
    words = [t for t in span if t.pos_ == "PROPN" and t.i != head.i and not is_backer(t)]
    words += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("from", "in", "of")
              for g in c.subtree if g.pos_ == "PROPN"]
    skip = {head.i}
    if head.pos_ == "PROPN":
        # "Lt Gen Ann Hollis", "David Moss": a person's titles and given name are no place,
        # whatever town bears them ("Kansas Governor Ann Hollis" is still in Kansas)
        skip |= {t.i for t in span if t.lower_.rstrip(".") in _TITLES}
        if head.i > span.start and head.nbor(-1).pos_ == "PROPN" and head.lower_.rstrip(".") not in _TITLES:
            skip.add(head.i - 1)
    words = [t for t in words if t.i not in skip]
    for t in words:
        run = [x for x in t.doc[max(t.left_edge.i, t.i - 3): t.i + 3] if x.pos_ == "PROPN" and x.i not in skip]
        for phrase in dict.fromkeys([" ".join(x.text for x in run), t.text]):
            place = resolve_place(phrase)
            if place is not None and place.country:
                return dataclasses.replace(a, country=place.country, code=actor_code(place.country, a.sector))
    return a


def _definite(span: Span) -> bool:
    return any(t.lower_ in ("the", "this", "that", "these", "those") and t.dep_ == "det" for t in span)


def _referent(doc: Doc, span: Span) -> Actor | None:
    """What a definite phrase with no actor of its own refers back to, within three
    sentences: "the group" (or "the militants") the last armed group named, "the country" the
    last country, any other "the X" the last phrase headed by X that names an actor ("the
    alliance" after "the Saudi-led alliance")."""
    from . import _actors

    head = span.root
    lemma = head.lemma_.lower()
    lo = _window_start(doc, head, 3)
    if lemma in _GROUP_WORDS or lemma in _COUNTRY_WORDS:
        best = None
        for m in doc._.actors or []:
            if not (lo <= m.start and m.end <= span.start):
                continue
            a = m.actor
            if lemma in _GROUP_WORDS and (a.via == "group" or (a.code or "").startswith("IMG")) or lemma in _COUNTRY_WORDS and a.via == "country":
                best = a
        return best
    for tok in reversed(doc[lo:span.start]):
        if tok.lemma_.lower() == lemma and tok.pos_ == head.pos_ and not _is_definite_bare(tok):
            found = [a for a in _actors(tok) if _nameable(a)]
            if not found:
                phrase = doc[tok.left_edge.i: tok.i + 1]
                found = [a for a in _inside(phrase) if _nameable(a)]
            if found:
                return found[0]
    return None


def _is_definite_bare(tok: Token) -> bool:
    """"the coalition" with nothing else before its head: itself a reference, no antecedent."""
    lefts = [c for c in tok.lefts if c.dep_ not in ("punct",)]
    return all(c.dep_ == "det" for c in lefts)


def _window_start(doc: Doc, tok: Token, n: int) -> int:
    """The first token of the sentence ``n - 1`` sentences before ``tok``'s (0 when there are
    fewer)."""
    start = tok.sent.start
    for _ in range(n - 1):
        if start == 0:
            return 0
        start = doc[start - 1].sent.start
    return start


def _within(a: Actor, span: Span) -> bool:
    """Is the actor named inside the phrase (or found by reference, with no place of its own
    in it)? A conjunct outside the phrase is another phrase's."""
    if a.span is None or a.via == "reference":
        return True
    return a.span[0] < span.end_char and span.start_char < a.span[1]


def _inside(span: Span) -> list[Actor]:
    """The actors a coder can name among those mentioned inside the phrase: all of them when
    the phrase coordinates them ("Presidents Vladimir Putin and Hassan Rouhani"), else the one
    nearest its head, its modifiers before what follows it ("the Saudi-led alliance against
    the Houthis" is Saudi Arabia's)."""
    found = []
    for m in dict.fromkeys(t._.actor for t in span if t._.actor is not None and not is_backer(t)):
        actors = list(m.members) if m.members else [m.actor]
        if any(_nameable(a) for a in actors):
            found.append((m, actors))
    if not found:
        return []
    if len(found) > 1 and any(t.dep_ == "cc" and t.lower_ in ("and", "or") for t in span):
        return [a for _, actors in found for a in actors]
    root = span.root.i
    m, actors = min(found, key=lambda f: (f[0].start > root, abs(f[0].start - root)))
    return actors


def _as_written(actor: Actor, span: Span) -> Actor:
    if actor.span is not None and not (span.start_char <= actor.span[0] and actor.span[1] <= span.end_char):
        # a person named earlier or a coordinated member outside the phrase keeps its own text
        if actor.via == "reference" or actor.span[1] <= span.start_char or actor.span[0] >= span.end_char:
            return dataclasses.replace(actor, text=span.text, span=(span.start_char, span.end_char))
        return actor
    return dataclasses.replace(actor, text=span.text, span=(span.start_char, span.end_char))


_PEOPLE_VIA = {"person", "person-role", "surname"}


def _antecedent(doc: Doc, pron: Token) -> Actor | None:
    """What a personal pronoun stands for: the nearest actor a coder can name mentioned before
    it in this sentence or the two before, of the pronoun's kind (he/she: a person or an
    office-holder; they: a group, a country, a plural agent; it: a country or an
    organisation); "we" and "I" in a quote: the speaker (:func:`_speaker`)."""
    kind = _PERSONAL[pron.lower_]
    if kind == "speaker":
        return _speaker(doc, pron)
    lo = _window_start(doc, pron, 3)
    cands = []
    for m in doc._.actors or []:
        if not (lo <= m.start and m.end <= pron.i):
            continue
        a = m.at(doc._.published) if m.roles else m.actor
        if not _nameable(a):
            continue
        # a person: a name, or an office named by a singular agent noun ("the foreign minister")
        is_person = a.via in _PEOPLE_VIA or (
            a.via not in ("country", "capital", "state", "igo", "group", "ethnic")
            and a.sector in ("GOV", "MIL", "LEG", "JUD", "COP", "SPY") and doc[m.end - 1].tag_ == "NN")
        if kind == "person" and not is_person:
            continue
        if kind in ("plural", "thing") and a.via in _PEOPLE_VIA:
            continue
        if kind == "thing" and a.sector == "CVL":
            continue
        cands.append((m, a))
    if not cands:
        return None
    # the subject of the nearest sentence that has a candidate subject, else the nearest one
    for s in reversed([s for s in doc.sents if s.start <= pron.i and s.end > lo]):
        subj = [(m, a) for m, a in cands if s.start <= m.start < s.end and _is_subject(doc, m)]
        if subj:
            m, a = subj[-1] if s.start <= pron.i < s.end else subj[0]
            return m.members[0] if m.members else a
    m, a = cands[-1]
    return m.members[0] if m.members else a


def _is_subject(doc: Doc, m) -> bool:
    """Does the mention head (or sit in) a clause's subject?"""
    for t in doc[m.start:m.end]:
        cur = t
        for _ in range(4):
            if cur.dep_ in ("nsubj", "nsubjpass", "nsubj:pass"):
                return True
            if cur.dep_ not in ("compound", "amod", "poss", "appos", "det", "nmod", "flat", "case"):
                break
            cur = cur.head
    return False


_OPEN_QUOTES = "\u201c\""
_CLOSE_QUOTES = "\u201d\""


def _speaker(doc: Doc, pron: Token) -> Actor | None:
    """Who "we" or "I" is: inside a quotation, the actor named outside the quotation in the
    same sentence (the one who "said" it), else in the next sentence or the one before; a
    first person outside any quotation is the author, no actor."""
    sent = pron.sent
    inside = _quoted_ranges(sent)
    if not any(a <= pron.idx < b for a, b in inside):
        return None
    sents = list(doc.sents)
    k = next(i for i, s in enumerate(sents) if s.start == sent.start)
    for s in (sent, *(sents[k + 1:k + 2]), *(sents[k - 1:k] if k else [])):
        quoted = _quoted_ranges(s)
        found = None
        for m in doc._.actors or []:
            if not (s.start <= m.start and m.end <= s.end):
                continue
            if any(a <= doc[m.start].idx < b for a, b in quoted):
                continue
            a = m.at(doc._.published) if m.roles else m.actor
            if _nameable(a):
                found = a if found is None or a.via in _PEOPLE_VIA else found
        if found is not None:
            return found
    return None


def _quoted_ranges(sent: Span) -> list[tuple[int, int]]:
    """Character ranges of the quotations in a sentence (curly or straight quotes; a
    quotation left open runs to the sentence's end)."""
    out, start = [], None
    for t in sent:
        if t.text in _OPEN_QUOTES and start is None and (t.text != '"' or t.whitespace_ == ""):
            start = t.idx
        elif t.text in _CLOSE_QUOTES and start is not None:
            out.append((start, t.idx + 1))
            start = None
    if start is not None:
        out.append((start, sent.end_char))
    return out
