"""Which named actors may fill a role, and the nearest one before or after a position.

A name is no perpetrator when it is a place ("opposition-held", "الخاضعة لسيطرة"), who says so ("Turkey
says ..."), the subject of a passive kill verb ("ISIS fighters were killed") or civilians; :func:`after` and
:func:`before` give the nearest usable name within a window of words.
"""

from __future__ import annotations

from tracker.actors.context import Sentence, overlap
from tracker.actors.registry import ActorMatch
from tracker.actors.voice import reduced_passive, reported_claim
from tracker.actors.words import PASSIVE_KILLED, WORD

_MIN = frozenset({"من"})


def usable(
    sent: Sentence, m: ActorMatch, *, taken: ActorMatch | None = None, perpetrator: bool = True
) -> bool:
    """The name may fill a role: it is not ``taken``, not the trigger, and (for a ``perpetrator``) not civilians,
    a place, a speaker or the dead."""
    if overlap(m, taken) or sent.in_trigger(m.start, m.end):
        return False
    return not (
        perpetrator
        and (
            m.actor.side == "civilians" or place_named(sent, m) or speaker(sent, m) or killed_subject(sent, m)
        )
    )


def after(
    sent: Sentence, pos: int, *, window: int, taken: ActorMatch | None = None, perpetrator: bool = True
) -> ActorMatch | None:
    """The first usable registered match starting after ``pos`` with at most ``window`` words between."""
    for m in sent.matches:
        if m.start < pos:
            continue
        if sent.gap(pos, m.start) > window:
            return None
        if usable(sent, m, taken=taken, perpetrator=perpetrator):
            return m
    return None


def before(
    sent: Sentence, pos: int, *, window: int, taken: ActorMatch | None = None, perpetrator: bool = True
) -> ActorMatch | None:
    """The last usable registered match ending before ``pos`` with at most ``window`` words between."""
    for m in reversed(sent.matches):
        if m.end > pos:
            continue
        if sent.gap(m.end, pos) > window:
            return None
        if usable(sent, m, taken=taken, perpetrator=perpetrator):
            return m
    return None


def place_named(sent: Sentence, m: ActorMatch) -> bool:
    """The name describes a place ("opposition-held", "ISIS areas", "الخاضعة لسيطرة"), not an attacker."""
    nxt = WORD.match(sent.text, m.end + (1 if sent.text[m.end : m.end + 1] in "- " else 0))
    if nxt is not None and nxt.group().rstrip(".") in sent.cfg.place_after:
        return True
    return any(s <= m.start <= e + 1 for s, e, _ in sent.excluded) or seized_from(sent, m)


def seized_from(sent: Sentence, m: ActorMatch) -> bool:
    """Arabic: the name follows "من" behind a verb of seizing ("انتزع X من Y السيطرة", "استعادت X من Y"),
    at most three words between: Y lost the ground."""
    if not sent.cfg.seize_verbs:
        return False
    i = sent.word_index(m.start)
    frm = next((j for j in (i - 1, i - 2) if sent.in_words(j, _MIN)), None)
    if frm is None or (frm == i - 2 and not sent.in_words(i - 1, sent.cfg.forces)):
        return False  # "من قوات Y", "من عناصر Y": one word for the body of men at most
    return any(sent.in_words(j, sent.cfg.seize_verbs) for j in range(max(0, frm - 4), frm))


def speaker(sent: Sentence, m: ActorMatch) -> bool:
    """English: the name is who says so ("Turkey says tests point to sarin", "Russia says 62 troops were
    killed in US-led strikes"), not who did it; unless what it says starts with a pronoun for itself
    ("Russia says its jets killed ...")."""
    cfg = sent.cfg
    if sent.lang != "en" or m.end >= sent.ts or not cfg.pronouns:
        return False
    rest = sent.text[m.end : sent.ts]
    spans = cfg.speech.spans(rest)
    if not spans or spans[0][0] > 1 or rest[: spans[0][0]].strip():
        return False
    s, e, _ = spans[0]
    for cs, ce, _ in cfg.claim.spans(sent.text[m.end : sent.te]):
        if cs <= s < ce and not reported_claim(sent, m.end + cs, m.end + ce):
            return False  # "IS claimed the attack": a claim, not a report
    j = sent.word_index(m.end + e)
    if j < len(sent.words) and sent.word_at(j) == "that":
        j += 1
    return not (j < len(sent.words) and sent.word_at(j).lower() in cfg.pronouns)


def killed_subject(sent: Sentence, m: ActorMatch) -> bool:
    """English: the name is the subject of a passive kill verb within two words after it ("Four Hezbollah
    members killed fighting in Syria", "ISIS fighters were killed"): the dead, not a perpetrator."""
    if sent.lang != "en":
        return False
    if PASSIVE_KILLED.match(sent.text, m.end):
        return True
    j = sent.word_index(m.end)
    for k in range(j, min(j + 3, len(sent.words))):
        if sent.text[sent.words[k - 1][1] if k > j else m.end : sent.words[k][0]].strip(' "'):
            return False
        if sent.word_at(k) in sent.cfg.kill_verbs:
            return reduced_passive(sent, k)
    return False


def after_place_prep(sent: Sentence, m: ActorMatch) -> bool:
    """The name follows one of ``place_preps`` ("in Aleppo", "on the regime's positions")."""
    i = sent.word_index(m.start) - 1
    while i >= 0 and sent.word_at(i) in ("the", "a", "an"):
        i -= 1
    return i >= 0 and sent.word_at(i) in sent.cfg.place_preps


def origin_of(sent: Sentence, m: ActorMatch) -> bool:
    """The name is where people came from ("gunmen who crossed the border from X"): "from" before it, one of
    ``origin_words`` before that."""
    i = sent.word_index(m.start) - 1
    while i >= 0 and sent.word_at(i) in ("the", "a", "an"):
        i -= 1
    if i < 1 or sent.word_at(i) != "from":
        return False
    j = i - 1
    while j >= 0 and sent.word_at(j) in ("the", "a", "an"):
        j -= 1
    return j >= 0 and sent.word_at(j) in sent.cfg.origin_words
