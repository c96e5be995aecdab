"""Perpetrator rules: explicit constructions that name who did it.

The trigger names its actor ("Russian jets"), a support verb's subject ("نفذ الجيش ضربة"), the accused
("X accused Y of killing"), the claimant ("X claimed"), the actor after a light verb ("قامت X بقتل"), an agent
marker ("killed by X", "من قبل X"), a cause ("killed in Russian air strikes"); then the group of an unnamed
attacker (:func:`group_of`) and, weakest, an armed actor named in the sentence (:func:`sentence_fallback`).
"""

from __future__ import annotations

import re

from tracker.actors.candidates import after, after_place_prep, before, origin_of, usable
from tracker.actors.context import Sentence, overlap
from tracker.actors.phrase import bounded_before, np_after, np_before, other_head
from tracker.actors.registry import UNREGISTERED, ActorMatch
from tracker.actors.rules.clash import losses_of
from tracker.actors.voice import passive_verb, reported_claim, verb_between, verb_like
from tracker.actors.words import WORD, without_clitic
from tracker.text.normalize import normalize_key


def trigger_names_actor(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """The trigger is a means of attack that names its actor: "Russian jets", "regime shelling",
    "غارات التحالف", "البراميل المتفجرة"."""
    for m in sent.matches:
        if m.start < sent.te and sent.ts < m.end and m.actor.side != "civilians" and not overlap(m, a2):
            if members_of(sent, m):
                return None  # "killing 10 members of the air force": the group of the dead
            return _unless_countered(sent, m, "trigger-names-actor")
    return None


def members_of(sent: Sentence, m: ActorMatch) -> bool:
    """The name is the group of members counted or named before it ("six soldiers from the Free Syrian
    Army", "members and commanders of ISIS", "عناصر من قوات النظام"): who they are, not who acted."""
    i = sent.word_index(m.start)
    for j in range(i - 1, max(-1, i - 4), -1):
        if sent.text[sent.words[j][1] : sent.words[j + 1][0] if j + 1 < len(sent.words) else m.start].strip(
            ' "'
        ):
            return False  # punctuation between: another phrase
        if sent.in_words(j, sent.cfg.member):
            link = sent.text[sent.words[j][1] : m.start]
            if normalize_key(link.strip()) in ("في", "in"):
                return False  # "ثلاثة مسلحين في غارة أمريكية": the cause, not the group
            return bool(sent.cfg.member_links.spans(link)) and sent.gap(sent.words[j][1], m.start) <= 2
    return False


def member_phrase(sent: Sentence, m: ActorMatch) -> bool:
    """Arabic: the name closes a member's phrase ("أرفع ضابط في قوات X قتل", "عنصر من X أصيب"): the member
    heads the phrase, the name is his group, not who acted (:func:`members_of` leaves "في" to causes)."""
    i = sent.word_of(m.start)
    return (
        sent.lang == "ar"
        and sent.words[i][0] == m.start
        and sent.in_words(i - 1, frozenset(("في", "من")))
        and sent.in_words(i - 2, sent.cfg.member)
        and not sent.in_words(i, sent.cfg.means)  # "ثلاثة مسلحين في ضربة جوية": the cause
    )


def _unless_countered(sent: Sentence, m: ActorMatch, why: str) -> ActorMatch:
    """``m``, found by the rule ``why``, unless it names an attack that another actor met (:func:`countered_by`)."""
    countered = countered_by(sent, m)
    if countered is not None:
        sent.why.append("counter-attack")
        return countered
    sent.why.append(why)
    return m


def countered_by(sent: Sentence, m: ActorMatch) -> ActorMatch | None:
    """ "SDF foiled an ISIS attack", "Syrian jets pound ISIS offensive": the named attack is the object of
    a verb that meets it; that verb's subject is who did the killing."""
    cfg = sent.cfg
    if cfg.counter is None:
        return None
    i = sent.word_index(m.start)
    for j in range(i - 1, max(-1, i - 4), -1):  # the verb, with an article or two between
        ws, we = sent.words[j]
        if cfg.counter.spans(sent.text[ws:we]):
            subject = before(sent, ws, window=1, taken=m)
            return subject if subject is not None and sent.same_clause(subject.start, ws) else None
        if normalize_key(sent.text[ws:we]) not in cfg.leading:
            return None
    return None


def support_subject(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """ "نفذ الجيش ضربة جوية", "سلاح الجو يشن غارة": the trigger is the object of a support verb, whose subject
    (after the verb, else the bounded phrase before it) is the attacker."""
    means = without_clitic(sent.text[sent.ts : sent.te]) in sent.cfg.means
    if sent.lang != "ar" or not (means or any(m.start <= sent.ts < m.end for m in sent.means_defaults)):
        return None
    ti = sent.word_index(sent.ts)
    if ti >= len(sent.words) or sent.words[ti][0] != sent.ts:
        return None  # the trigger is glued to a preposition ("بغارة"): not an object
    for j in range(ti - 1, max(-1, ti - 9), -1):  # "شنت طائرة أمريكية من دون طيار (الأربعاء) غارة"
        if sent.text[sent.words[j][1] : sent.words[j + 1][0]].strip(' "()'):
            return None
        if not sent.in_words(j, sent.cfg.support_verbs):
            continue
        vs, ve = sent.words[j]
        if j < ti - 1:
            np = after(sent, ve, window=0, taken=a2) or np_after(sent, ve, limit=sent.ts)
        else:
            np = before(sent, vs, window=1, taken=a2) or bounded_before(sent, j)
        if np is not None and not overlap(np, a2):
            sent.why.append("support-verb")
            return np
        return None
    return None


def attributed(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """ "X accused Y of killing", "اتهم X Y بقتل": the accused is the suspected perpetrator."""
    for _s, e, _ in sent.cfg.attribution.spans(sent.text):
        if e > sent.ts:
            continue
        between = [m for m in sent.matches if m.start >= e and m.end <= sent.ts and usable(sent, m, taken=a2)]
        if not between:
            continue
        pick = between[0]
        if sent.lang == "ar" and len(between) >= 2 and sent.gap(e, between[0].start) == 0:
            pick = between[1]  # verb, accuser, accused
        sent.why.append("attribution")
        return pick
    return None


def claimed(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """ "تبنت X الهجوم", "X claimed responsibility for the attack": the claimant is the perpetrator."""
    for s, e, _ in sent.cfg.claim.spans(sent.text):
        if sent.ts < e and s < sent.te:
            continue
        if sent.lang == "ar":
            m = after(sent, e, window=1, taken=a2) or np_after(
                sent, e, limit=sent.ts if e <= sent.ts else None
            )
        else:
            if reported_claim(sent, s, e):
                continue
            m = np_before(sent, s) or before(sent, s, window=3, taken=a2)
        if m is not None and not overlap(m, a2):
            sent.why.append("claim")
            return m
    return None


def light_verb(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """ "قامت المعارضة بقتل": the actor between the light verb and the trigger."""
    for _s, e, _ in sent.cfg.light.spans(sent.text):
        if e <= sent.ts and sent.gap(e, sent.ts) <= 10:
            m = after(sent, e, window=0, taken=a2)
            if m is not None and m.end <= sent.ts:
                sent.why.append("light-verb")
                return m
            sent.light_np = (e, sent.ts)
    return None


def agent_marker(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """Passive and relative clauses: "killed by X", "من قبل X", "غارات شنها X", "strikes carried out by X".
    Markers after the trigger are preferred; a relative clause before it also counts."""
    spans = sent.cfg.agent.spans(sent.text)
    spans = [sp for sp in spans if not any(xs <= sp[0] < xe for xs, xe, _ in sent.excluded)]
    ordered = sorted(spans, key=lambda sp: (sp[0] < sent.te, abs(sp[0] - sent.te)))
    for s, e, _ in ordered:
        if s >= sent.te and (sent.gap(sent.te, s) > 12 or verb_between(sent, sent.te, s)):
            continue  # "after a pilot was killed by rebels": the marker belongs to another verb
        m = after(sent, e, window=2, taken=a2)
        if m is not None:
            sent.why.append("agent-marker")
            return m
        near = sent.gap(sent.te, s) <= 6 if s >= sent.te else sent.gap(e, sent.ts) <= 6
        if near and sent.text[s:e] not in sent.cfg.named_only:
            np = np_after(sent, e)
            if np is not None and np.text.split()[-1].rstrip(".") in sent.cfg.times:
                np = None  # "killed by the evening": a time, not an agent
            if np is not None and not overlap(np, a2) and not sent.in_trigger(np.start, np.end):
                sent.why.append("agent-marker-unregistered")
                return np
    return None


def cause(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """ "قتل 5 في غارات روسية", "killed in Russian air strikes", "بقصف للنظام": a registered actor right
    after a cause preposition or a means of attack, within ten words after the trigger."""
    cfg = sent.cfg
    if sent.lang == "en" and not passive_verb(sent):
        if before(sent, sent.ts, window=1, taken=a2) is not None:
            return None  # "The U.S. military launched strikes on ...": an active verb with its subject
        if sent.is_count(sent.word_index(sent.te)):
            return None  # "... and kill 47 militants (banned in Russia)": an active verb with its object
        after_trigger = sent.word_index(sent.te)
        if sent.in_words(after_trigger, cfg.kill_verbs) or sent.in_words(after_trigger, cfg.trigger_words):
            return None  # "Air strikes killed 45 after rebel fire": the trigger is the cause, "after" another event
    for m in sent.matches:
        if m.start < sent.te or not usable(sent, m, taken=a2) or members_of(sent, m):
            continue
        if sent.gap(sent.te, m.start) > 10:
            return None
        if sent.lang == "ar" and not sent.same_clause(sent.ts, m.start):
            return None  # "أمطرت X البلدات بالقذائف، ردا على هجوم لـ Y": Y's attack is another clause's cause
        i = sent.word_index(m.start)
        if i >= len(sent.words) or sent.words[i][0] > m.start:
            i -= 1  # the match starts inside a word: a proclitic is glued to it
        glued = sent.text[sent.words[i][0] : m.start] if 0 <= i < len(sent.words) else ""
        if "ب" in glued:
            sent.why.append("cause")
            return m
        for j in (i - 1, i - 2):
            if j < 0 or sent.words[j][0] < sent.te:
                continue
            if j == i - 1 and sent.lang == "ar" and sent.in_words(j - 1, cfg.people):
                break  # "42 مجندا في الجيش": the group of the victims, not a cause
            w = sent.word_at(j)
            if sent.in_words(j, cfg.means) or cfg.cause.spans(w) and len(w) <= 6:
                sent.why.append("cause")
                return m
    return None


def group_of(sent: Sentence, a1: ActorMatch | None, a2: ActorMatch | None) -> ActorMatch | None:
    """ "A suicide bomber from the Nusra Front", "مسلحون من تنظيم الدولة": an unnamed attacker linked to a
    group is coded as the group (the span covers both)."""
    if a1 is None or a1.actor.id not in (UNREGISTERED.id, "unidentified"):
        return a1
    m = after(sent, a1.end, window=4, taken=a2)
    if m is None or m.actor.id == a1.actor.id or not sent.cfg.member_links.spans(sent.text[a1.end : m.start]):
        return a1
    if verb_between(sent, a1.end, m.start):
        return a1
    if sent.lang == "ar" and (other_head(sent, a1.end, m.start) or a1.end <= sent.ts < m.start):
        return a1  # "انتحاري 12 مجندا في الجيش", "عملية استهدفت رتلا للتحالف": the group of other words
    between = range(sent.word_index(a1.end), sent.word_of(m.start) + 1)
    if sent.lang == "ar" and any(sent.in_words(k, sent.cfg.targets) for k in between):
        return a1  # "عمليات انتحارية على حواجز لقوات النظام": the group the target belongs to
    sent.why.append("member-of")
    return ActorMatch(a1.start, m.end, sent.text[a1.start : m.end], m.actor)


def possessor(sent: Sentence, a1: ActorMatch | None, a2: ActorMatch | None) -> ActorMatch | None:
    """Arabic: "أعلن تنظيم X ... أن مجموعة من مقاتليه اقتحمت": members with a pronoun ("مقاتليه", "عناصرها")
    are the men of whoever speaks; the speaker (the registered subject of a speech verb before the trigger)
    is the perpetrator."""
    if sent.lang != "ar" or a1 is None or a1.registered:
        return a1
    lo, hi = sent.word_index(a1.start), sent.word_index(a1.end)
    owned = False
    for k in range(lo, min(hi + 2, len(sent.words))):
        m = sent.cfg.third_person.match(sent.word_at(k))
        if m is not None and m.group(1) in sent.cfg.member:
            owned = True
            break
    if not owned:
        return a1
    for _s, e, _ in reversed(sent.cfg.speech.spans(sent.text[: a1.start])):
        speaker = after(sent, e, window=1, taken=a2)
        if speaker is not None and speaker.end <= a1.start:
            sent.why.append("possessor-speaker")
            return speaker
    return a1


def sentence_fallback(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """No construction names the perpetrator: the nearest armed actor named before the trigger in the same
    sentence ("Jets believed to be Russian struck the town, where five civilians were killed"), else the
    first after it. Weakest rule; ``why`` says so."""
    armed = [
        m
        for m in sent.matches
        if usable(sent, m, taken=a2)
        and not counted(sent, m)  # "304 Daesh militants", "30 foreign-sponsored Takfiri terrorists"
        and not passive_subject(sent, m)
        and not joined_to(sent, m, a2)
        and not later_event(sent, m)
        and not members_of(sent, m)
        and not (sent.victims is not None and sent.victims[0] <= m.start < sent.victims[1])
        and not (a2 is not None and a2.registered and m.actor.id == a2.actor.id)  # the victims named again
        and not losses_of(sent, m)
        and not origin_of(sent, m)  # "gunmen who crossed the border from X"
    ]
    if (
        sent.lang == "en"
    ):  # a name in a prepositional phrase ("an attack on regime forces") is not the subject
        armed = [m for m in armed if not after_place_prep(sent, m)] or armed
    named = [m for m in armed if m not in sent.defaults] or armed  # a name before a description
    if sent.lang == "ar":
        # "يقصف مواقع X": a name after a noun of places or positions is what was hit
        armed = [m for m in armed if not sent.in_words(sent.word_of(m.start) - 1, sent.cfg.target_nouns)]
        armed = [m for m in armed if not member_phrase(sent, m)]  # "ضابط في قوات X": his group
        named = [m for m in named if m in armed] or armed
        # "استهدفت X ... بصواريخ، في حين ... التي قصفت قوات Y": the trigger's own clause first
        own = next(((s, e) for s, e in sent.clauses if s <= sent.ts < e), None)
        named = [m for m in named if own is None or own[0] <= m.start < own[1]] or named
    named = [m for m in named if subject_of_verb(sent, m)] or named  # "اقتحم مسلحون ... وخطفوا"
    before = [m for m in named if m.end <= sent.ts]
    pick = before[-1] if before else (named[0] if named else None)
    return None if pick is None else _unless_countered(sent, pick, "sentence")


def counted(sent: Sentence, m: ActorMatch) -> bool:
    """A count stands before the name, at most two modifiers between ("30 pro-regime gunmen", "30
    foreign-sponsored Takfiri terrorists"): the name counts people, the dead or the hit."""
    i = sent.word_of(m.start) - 1
    for _ in range(3):
        if i < 0 or sent.text[sent.words[i][1] : sent.words[i + 1][0]].strip(' "'):
            return False
        if sent.is_count(i):
            return True
        ws = sent.words[i][0]
        if (
            sent.is_stop(i)
            or verb_like(sent, sent.word_at(i))
            or any(x.start <= ws < x.end for x in sent.all_matches)
        ):
            return False  # "2016 RVF foiled NLB attack": a verb or another name between
        i -= 1
    return False


def later_event(sent: Sentence, m: ActorMatch) -> bool:
    """English, active verb: "Jets kill 9 after an insurgent raid on the town": a name after "after" is
    another, earlier event's actor."""
    if sent.lang != "en" or m.start < sent.te or passive_verb(sent):
        return False
    i = sent.word_index(m.start)
    return any(sent.in_words(j, sent.cfg.later) for j in (i - 1, i - 2) if j >= 0)


def joined_to(sent: Sentence, m: ActorMatch, a2: ActorMatch | None) -> bool:
    """The name is joined to the victims by "and" ("40 militants of the Nusra Front and the so-called
    Free Syrian Army"): more victims, not the perpetrator."""
    if a2 is None or m.start < a2.end:
        return False
    gap = sent.text[a2.end : m.start].split()
    if 0 < len(gap) <= 5 and any(normalize_key(w) in sent.cfg.conj for w in gap):
        return True
    # Arabic: "مقتل أفراد من قوات X وقوات Y الموالية لدمشق وحزب Z": و glued to the name, the list unbroken
    glued = sent.lang == "ar" and sent.text[m.start - 1 : m.start] == "و"
    return glued and len(gap) <= 8 and not re.search(r"[،,.؛:]", sent.text[a2.end : m.start])


def passive_subject(sent: Sentence, m: ActorMatch) -> bool:
    """English: the name is in the subject of the passive trigger ("the Nusra Front commander in Latakia was
    killed"): before it in the same clause, with no other verb or clause break between."""
    if (
        sent.lang != "en"
        or m.end > sent.ts
        or not passive_verb(sent)
        or not sent.same_clause(m.start, sent.ts)
    ):
        return False
    between = sent.text[m.end : sent.ts]
    if re.search(r"[,;:]", between) or sent.cfg.triggers.spans(between):
        return False
    return not any(w.group() in sent.cfg.breaks for w in WORD.finditer(between))


def subject_of_verb(sent: Sentence, m: ActorMatch) -> bool:
    """The name sits in a subject slot of a violent verb: right after it in Arabic ("اقتحم مسلحون"), right
    before it in English ("gunmen stormed")."""
    i = sent.word_index(m.start)
    j = i - 1 if sent.lang == "ar" else sent.word_index(m.end)
    if not 0 <= j < len(sent.words):
        return False
    s, e = sent.words[j]
    return bool(sent.cfg.triggers.spans(sent.text[s:e])) and not sent.is_count(j)


def own_strikes(sent: Sentence, a1: ActorMatch | None, a2: ActorMatch | None) -> ActorMatch | None:
    """ "قالت قيادة قوات التحالف إن 17 ضربة جوية نفذت", "The coalition said air strikes hit ...": strikes the
    sentence only describes ("air strikes", "warplanes"), told by a state or foreign force that speaks of them,
    are the speaker's own. A description of an armed group ("a car bomb") stays with its kind."""
    state = (1, 8)
    if a1 is None or a1 not in sent.defaults or a1.actor.actor_type not in state:
        return a1
    spans = sent.cfg.speech.spans(sent.text[: sent.ts])
    if not spans:
        return a1
    vs, ve, _ = spans[-1]
    named = [m for m in sent.all_matches if m not in sent.defaults and usable(sent, m, taken=a2)]
    if sent.lang == "ar":  # verb, then its subject: "قالت القيادة المشتركة لقوات التحالف"
        speaker = next((m for m in named if ve <= m.start < sent.ts and sent.gap(ve, m.start) <= 3), None)
    else:  # subject, then the verb: "The coalition said"
        speaker = next((m for m in reversed(named) if m.end <= vs and sent.gap(m.end, vs) <= 1), None)
    if speaker is None or speaker.actor.actor_type not in state or overlap(speaker, a2):
        return a1
    sent.why.append("speaker-own-strikes")
    return speaker
