"""Clash rules: both sides of a clash ("clashes between X and Y", "اشتباكات بين X و Y", "X ... in clashes
with Y"), the side written first (or the one that launched the attack) as actor1, unless its dead are the ones
counted (:func:`dead_side`); a clash word cut off from the casualties by a clause break gives way to the kill
verb next to them (:func:`reanchor`).
"""

from __future__ import annotations

from tracker.actors.candidates import after, before, place_named, usable
from tracker.actors.context import Sentence
from tracker.actors.phrase import widen
from tracker.actors.registry import ActorMatch, Roles
from tracker.actors.words import PASSIVE_KILLED, WORD

_LINKS = frozenset({"من", "في"})  # "عناصر من X", "ضابط في X"


def clash_between(sent: Sentence) -> Roles | None:
    """Clashes name both sides, the first written as actor1 (ACLED's habit): "clashes between X and Y",
    "اشتباكات بين X و Y", "X ... in clashes with Y"; the side whose dead are counted is the target ("قتل عناصر
    من X في اشتباكات مع Y": Y, then X; the guideline: victims are not perpetrators); a side "who launched" the
    attack ("الذي شن هجوما") or whose attempt to advance is told ("بعد محاولة X التقدم") is actor1."""
    cfg = sent.cfg
    near = [
        (s, e)
        for s, e, _ in cfg.clash.spans(sent.text)
        if abs(s - sent.ts) <= 40 and clash_linked(sent, s, e)
    ]
    if not near:
        return None
    if any(s < sent.te and sent.ts < e for s, e, _ in cfg.clash.spans(sent.text)) and not victims_linked(
        sent
    ):
        return None  # the clash is the setting of deaths another attack caused
    cs, ce = near[0]
    parties: tuple[ActorMatch, ActorMatch] | None = None
    why = "clash-between"
    first_word = sent.word_index(ce)
    for i in range(first_word, min(first_word + 4, len(sent.words))):
        w = sent.word_at(i)
        if w in cfg.between:
            first = after(sent, sent.words[i][1], window=1, perpetrator=False)
            second = after(sent, first.end, window=1, taken=first, perpetrator=False) if first else None
            if first is not None and second is not None:
                if joined(sent, first, second):
                    parties = (first, second)
            elif first is not None:
                parties = (first, first)
            other = other_side(sent, parties[1]) if parties is not None else None
            if parties is not None and other is not None:
                # "بين X (و Y) من جهة، و Z من جهة أخرى": Z is the other side; the side whose dead are counted
                # anywhere in the sentence ("كبدت X 12 قتيلا") is the target
                parties, why = (parties[0], other), "clash-between;sides"
                if dead_actor(sent, parties[0]) and not dead_actor(sent, other):
                    parties, why = (other, parties[0]), "clash-between;sides;dead-side"
            break
        if w in cfg.with_:
            other = after(sent, sent.words[i][1], window=1, perpetrator=False)
            if other is None:
                break
            mine = before(sent, cs, window=60, taken=other, perpetrator=False)
            while sent.lang == "ar" and mine is not None and place_named(sent, mine):
                # "X بالتعاون مع Y وبغطاء من طيران Z ... في اشتباكات مع W": who backs a side is not the side
                mine = before(
                    sent, mine.start, window=60 - sent.gap(mine.start, cs), taken=other, perpetrator=False
                )
            if mine is not None and mine.actor.side != "civilians" and mine.actor.id != other.actor.id:
                # the side written first leads, as ACLED lists battles, unless it is the side whose dead
                # are counted ("16 Turkish soldiers were killed in clashes with IS"): the other killed them
                parties, why = (mine, other), "clash-with"
                if dead_side(sent, mine) and not dead_side(sent, other):
                    parties, why = (other, mine), "clash-with;dead-side"
            else:
                parties, why = (other, other), "clash-with"
            break
    if parties is None:
        named: list[ActorMatch] = []
        aside: ActorMatch | None = None  # the last name said aside ("brokered by X"): "and Y" after it is too
        for m in sent.matches:
            if place_named(sent, m) or (aside is not None and joined(sent, aside, m)):
                aside = m
                continue
            side = usable(sent, m, perpetrator=False) and m.actor.side != "civilians"
            if side and all(m.actor.id != n.actor.id for n in named):
                named.append(m)
        if not named or all(is_victim_group(sent, n) for n in named):
            # "بمقتل 15 مسلحا في اشتباكات", "مقتل عناصر من X و Y في اشتباكات": the dead, not a side named as such
            return None
        # the other party is on the other side: "القوات النظامية وحزب الله ... والفصائل" are two parties, not three
        other = next((n for n in named[1:] if n.actor.side != named[0].actor.side), None)
        if other is None or sent.lang != "ar":
            other = named[1] if len(named) > 1 else named[0]
        parties, why = (named[0], other), "clash-parties"
        if sent.lang != "ar":
            swap = len(named) > 1 and dead_side(sent, named[0]) and not dead_side(sent, named[1])
        else:
            swap = (
                other is not named[0]
                and (dead_side(sent, named[0]) or dead_actor(sent, named[0]))
                and not (dead_side(sent, other) or dead_actor(sent, other))
            )
        if swap:
            parties, why = (other, named[0]), "clash-parties;dead-side"
    first, second = parties
    if second is first:
        sent.why.append(why)
        return Roles(widen(sent, first, None), None, why)
    if launched_attack(sent, second) and not launched_attack(sent, first):
        first, second, why = second, first, why + ";attacker"
    sent.why.append(why)
    return Roles(widen(sent, first, second), widen(sent, second, first), why)


def other_side(sent: Sentence, m: ActorMatch) -> ActorMatch | None:
    """Arabic: a side marker ("من جهة") closes the side ending with ``m`` (at most three words after it): the
    first name after the marker (at most two words after it) is the other side."""
    if sent.cfg.side_marks is None:
        return None
    rest = sent.text[m.end : m.end + 60]
    for s, e, _ in sent.cfg.side_marks.spans(rest):
        if len(WORD.findall(rest[:s])) <= 3:
            return after(sent, m.end + e, window=2, taken=m, perpetrator=False)
    return None


def dead_actor(sent: Sentence, m: ActorMatch) -> bool:
    """Some mention of ``m``'s actor in the sentence is the casualty phrase or the side that suffered losses
    ("كبدت قوات النظام 12 قتيلا" after "بين القوات النظامية ... من جهة")."""
    v = sent.victims
    return any(
        (v is not None and v[0] <= x.start < v[1]) or losses_of(sent, x)
        for x in sent.matches
        if x.actor.id == m.actor.id
    )


def joined(sent: Sentence, first: ActorMatch, m: ActorMatch) -> bool:
    """``m`` follows ``first`` with nothing or a conjunction alone between ("Russia and Turkey", "روسيا
    وتركيا", the و glued to the name)."""
    between = sent.text[first.end : m.start].strip()
    glued_and = sent.lang == "ar" and sent.text[m.start - 1 : m.start] == "و"
    return not between or between in sent.cfg.conj or glued_and


def clash_linked(sent: Sentence, s: int, e: int) -> bool:
    """The clash word at ``[s, e)`` is the trigger or its cause: no clause break between them ("where ...
    were killed in an area that has seen fighting"), and after the trigger it follows a cause preposition
    ("killed in clashes with") with no relative pronoun between. Languages without ``clause_breaks``
    take any clash word near the trigger."""
    cfg = sent.cfg
    if not cfg.clause_breaks or (s < sent.te and sent.ts < e):
        return True
    a, b = (e, sent.ts) if e <= sent.ts else (sent.te, s)
    words = [w.group() for w in WORD.finditer(sent.text[a:b])]
    if any(w in cfg.clause_breaks for w in words):
        return False
    if s < sent.te:
        return True  # "clashes that killed ..."
    if any(w in cfg.relatives for w in words):
        return False
    return bool(cfg.cause.spans(sent.text[a:b]))


def reanchor(sent: Sentence) -> None:
    """A clash trigger cut off from its casualties by a clause break ("ISIL executed eight men ... because they
    belonged to groups that had fought ...") gives way to the kill verb next to the casualties."""
    if sent.victims is None or victims_linked(sent):
        return
    if not any(s < sent.te and sent.ts < e for s, e, _ in sent.cfg.clash.spans(sent.text)):
        return
    vs, ve = sent.victims
    i, j = sent.word_index(vs) - 1, sent.word_index(ve)
    skip = sent.cfg.passive_aux
    while j < len(sent.words) and j - sent.word_index(ve) < 3 and sent.in_words(j, skip):
        j += 1  # "38 civilians have been killed"
    for k in (j, i):
        if 0 <= k < len(sent.words) and sent.word_at(k) in sent.cfg.kill_verbs:
            sent.ts, sent.te = sent.words[k]
            sent.why.append("trigger-at-victims")
            return


def victims_linked(sent: Sentence) -> bool:
    """A clash trigger caused the casualties written around it, unless a clause break stands between them:
    "five were killed in an area that has seen fighting", "killed ... as fighting raged", "fighting raged
    on the edges, where 38 civilians have been killed" (languages without ``clause_breaks``: always)."""
    cfg = sent.cfg
    if not cfg.clause_breaks or sent.victims is None:
        return True
    vs, ve = sent.victims
    if ve <= sent.ts:
        a, b, after = ve, sent.ts, True
    elif vs >= sent.te:
        a, b, after = sent.te, vs, False
    else:
        return True
    words = [w.group() for w in WORD.finditer(sent.text[a:b])]
    if any(w in cfg.clause_breaks for w in words):
        return False
    return not (after and any(w in cfg.relatives for w in words))


def dead_side(sent: Sentence, m: ActorMatch) -> bool:
    """The party is the one whose dead are counted ("29 rebels were killed in clashes with ...", "قتل ثلاثة
    عناصر من X خلال اشتباكات مع Y", "كبدت X 12 قتيلا"): inside the casualty phrase, after a count or (Arabic)
    a member noun, in the ranks that suffered losses, or the subject of an English passive kill verb."""
    if sent.victims is not None and sent.victims[0] <= m.start < sent.victims[1]:
        return True
    i = sent.word_index(m.start)
    if sent.is_count(i - 1):
        return True
    if sent.lang == "en":
        return bool(PASSIVE_KILLED.match(sent.text, m.end))
    members = sent.in_words(i - 1, sent.cfg.member) or (
        sent.in_words(i - 2, sent.cfg.member) and sent.in_words(i - 1, _LINKS)
    )
    return members or losses_of(sent, m) or coordinated_dead(sent, m)


def losses_of(sent: Sentence, m: ActorMatch) -> bool:
    """Arabic: the name is the side that suffered losses: after "في صفوف" or the object of "كبد"
    (``loss_markers``)."""
    if sent.cfg.losses is None:
        return False
    left = sent.text[max(0, m.start - 30) : m.start]
    return any(not left[e:].strip() for _s, e, _ in sent.cfg.losses.spans(left))


def is_victim_group(sent: Sentence, m: ActorMatch) -> bool:
    """The name is the group of the dead: inside the casualty phrase, after a count or member noun, or the
    subject of a passive kill verb."""
    if sent.victims is not None and sent.victims[0] <= m.start < sent.victims[1] + 40:
        return True
    i = sent.word_index(m.start)
    if sent.is_count(i - 1) or sent.in_words(i - 1, sent.cfg.member) or sent.in_words(i - 2, sent.cfg.member):
        return True
    if sent.lang == "en":
        return bool(PASSIVE_KILLED.match(sent.text, m.end))
    return losses_of(sent, m) or coordinated_dead(sent, m)


def coordinated_dead(sent: Sentence, m: ActorMatch) -> bool:
    """Arabic: the name is joined by a glued و to the name before it, only that name's modifiers between (at
    most five words, no preposition), and that name is among the dead (:func:`dead_side`): "مقتل عناصر من X
    وقوات Y الموالية لها وZ" counts Z's dead too."""
    if sent.lang != "ar" or sent.text[m.start - 1 : m.start] != "و":
        return False
    prev = [x for x in sent.matches if x.end <= m.start]
    if not prev:
        return False
    i, j = sent.word_index(prev[-1].end), sent.word_of(m.start)
    if j - i > 5 or any(
        sent.in_words(k, sent.cfg.prepositions) or sent.word_at(k)[0].isdigit() for k in range(i, j)
    ):
        return False
    return dead_side(sent, prev[-1])


def launched_attack(sent: Sentence, m: ActorMatch) -> bool:
    """The party is followed by "who launched"/"الذي شن" (an attack), or the sentence tells its attempt to
    advance ("بعد محاولة قوات النظام التقدم", ``attempt_markers`` right before a name of the same actor)."""
    rest = sent.text[m.end : m.end + 30]
    if any(s <= 3 for s, _e, _ in sent.cfg.attacker_relatives.spans(rest)):
        return True
    if sent.cfg.attempts is None:
        return False
    for x in sent.matches:
        if x.actor.id == m.actor.id:
            left = sent.text[max(0, x.start - 20) : x.start]
            if any(not left[e:].strip() for _s, e, _ in sent.cfg.attempts.spans(left)):
                return True
    return False
