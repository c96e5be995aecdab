"""Target and victim rules: who was killed or hit.

The casualty phrase and the group it names (:func:`victim_match`), else the verb's object, the undergoer
of "تعرض"/"survived", the English passive subject, what a weapon was fired at (:func:`target`), the victims
of a result clause ("ما أسفر عن مقتل X"), and the speaker whose own men died (:func:`possessive_speaker`).
"""

from __future__ import annotations

import re

from tracker.actors.candidates import after, before
from tracker.actors.context import Sentence, overlap
from tracker.actors.phrase import ar_bounded_before, ar_np_before, np_after, np_before, victim_like
from tracker.actors.registry import UNREGISTERED, ActorMatch
from tracker.actors.voice import (
    ar_verb_like,
    joined_kill_verb,
    nominal_trigger,
    object_suffix_verb,
    passive_verb,
    undergoer_trigger,
)
from tracker.actors.words import without_clitic
from tracker.text.normalize import normalize_key

_STOP = re.compile(r"[.؟!:]")
#: "... عن مقتل", "... إلى إصابة": the prepositions before the death noun of a result clause with no link phrase
_RESULT_PREPS = frozenset(("عن", "الي", "الى"))


def victim_match(sent: Sentence) -> ActorMatch | None:
    """The victims: a registered actor inside the casualty phrase, or one linked to a member noun in it
    ("تسعة عناصر من تنظيم داعش", "ISIS fighters"); else the phrase itself, unregistered."""
    if sent.victims is None:
        if sent.lang == "ar" and not (passive_verb(sent) or nominal_trigger(sent)):
            return None  # "هاجم عناصر من داعش حاجزا": members of an active verb are its subject
        if sent.lang == "en" and passive_verb(sent):
            return None  # "Dozens were killed by ISIS fighters": the dead are the subject, before the verb
        return member_victim(sent, sent.te, len(sent.text))
    vs, ve = sent.victims
    inside = [m for m in sent.matches if m.start >= vs and m.end <= ve]
    named = [m for m in inside if m.actor.side != "civilians"]
    described = all(m in sent.defaults or normalize_key(m.text) in sent.cfg.member for m in named)
    linked = member_victim(sent, vs, min(ve + 60, len(sent.text))) if described else None
    if named and linked is not None and linked.end > ve:
        return linked  # "35 militants of the Nusra Front": the group named after the description
    if named:
        sent.why.append("victims-group")
        return named[0]
    if linked is not None:
        return linked
    if inside:
        sent.why.append("victims-civilians")
        return ActorMatch(vs, ve, sent.text[vs:ve], inside[0].actor)
    sent.why.append("victims-unregistered")
    return ActorMatch(vs, ve, sent.text[vs:ve], UNREGISTERED)


def member_victim(sent: Sentence, start: int, end: int) -> ActorMatch | None:
    """A member noun followed by a link and a group ("عناصر من قوات النظام", "members of ISIS"), or in
    English preceded by the group ("ISIS fighters"), within a few words of ``start``."""
    cfg = sent.cfg
    lo = sent.word_index(start)
    texts, member = sent.texts, cfg.member
    for i in range(lo, min(lo + 5, len(texts))):
        if texts[i] not in member and sent.base(i) not in member:  # :meth:`Sentence.in_words`, inlined
            continue
        ws, we = sent.words[i]
        inside = next((m for m in sent.matches if m.start <= ws < m.end), None)
        bare = inside is not None and normalize_key(inside.text) in cfg.member  # "militants" alone
        if inside is not None and not (bare and sent.lang == "en"):
            if sent.lang == "en" and inside.actor.side != "civilians":
                sent.why.append("victims-member")
                return inside  # "ISIS fighters" is one name
            continue  # the member noun is part of a name ("عناصر حزب الله")
        window = 3
        if sent.lang == "en":  # "members and commanders of ISIS": coordinated member nouns share the group
            k = i
            while (
                k + 2 < len(sent.words)
                and sent.in_words(k + 1, cfg.conj)
                and sent.in_words(k + 2, cfg.member)
            ):
                k += 2
            we = sent.words[k][1]
            window = 4  # "of the hardline Islamist militants": the group's adjectives stand before its noun
        m = after(sent, we, window=window, perpetrator=False)
        if m is not None and m.start < end and m.actor.side != "civilians" and m not in sent.means_defaults:
            link = sent.text[we : m.start]
            if not link.strip() or cfg.member_links.spans(link):
                sent.why.append("victims-member")
                if sent.lang == "ar" and not link.strip():
                    # "جنديا تركيا", "عناصر داعش": one phrase, the member noun first
                    return ActorMatch(ws, m.end, sent.text[ws : m.end], m.actor)
                return m
        if sent.lang == "en":
            m = before(sent, ws, window=0, perpetrator=False)
            if m is not None and m.actor.side != "civilians":
                sent.why.append("victims-member")
                return m
            if bare and inside is not None and inside.actor.side != "civilians":
                sent.why.append("victims-member")
                return inside  # "18 moderate rebels": no group named, the description stands
    return None


def target(sent: Sentence, a1: ActorMatch | None) -> ActorMatch | None:
    """The target when no casualty phrase was given: the undergoer of "تعرض"/"survived", the English
    passive subject, or the phrase after the verb (or after its subject) or after a death noun."""
    cfg = sent.cfg
    if sent.lang == "ar" and not nominal_trigger(sent):
        np = ar_np_before(sent) or ar_bounded_before(sent)
        if (
            np is not None
            and not overlap(np, a1)
            and (undergoer_trigger(sent) or victim_like(sent, np) or object_suffix_verb(sent))
        ):
            sent.why.append("undergoer-subject")
            return np
    for s, e, _ in cfg.undergo.spans(sent.text):
        if e <= sent.ts and sent.gap(e, sent.ts) <= 12:
            np = (
                np_after(sent, e, limit=sent.ts, victim=True)
                if sent.lang == "ar"
                else np_before(sent, s, victim=True)
            )
            if sent.lang == "ar" and all(
                sent.in_words(k, cfg.prepositions)
                for k in range(sent.word_index(e), sent.word_index(sent.ts))
            ):
                # "ان الدورية تعرضت لهجوم", "ان القائد نجا من محاولة اغتيال": the subject stands before the verb
                np = ar_subject_of(sent, s)
            if np is not None and not overlap(np, a1):
                sent.why.append("undergoer")
                return np
    if sent.lang == "en" and passive_verb(sent):
        np = np_before(sent, sent.ts, victim=True)
        if np is not None and not overlap(np, a1):
            sent.why.append("passive-subject" if np.registered else "passive-subject-unregistered")
            return np
        m = before(sent, sent.ts, window=5, taken=a1, perpetrator=False)
        if m is not None:
            sent.why.append("passive-subject")
        return m
    start = sent.te
    if a1 is not None and a1.start >= sent.te and sent.gap(sent.te, a1.start) <= 1:
        start = a1.end  # verb, subject, object
    if sent.lang == "ar":
        start = max([start] + [m.end for m in sent.means_defaults if m.start <= sent.ts < m.end])
        i = sent.word_index(start)
        while i < len(sent.words) and joined_kill_verb(sent, i):
            start, i = sent.words[i][1], i + 1
        hit = aimed_at(sent, start, a1)
        if hit is not None:
            return hit
    np = np_after(sent, start, victim=True)
    if (
        np is not None
        and not overlap(np, a1)
        and not (np.registered and a1 is not None and np.actor.id == a1.actor.id)
    ):
        if not cfg.agent.spans_within(sent.text, start, np.start):
            sent.why.append("object" if np.registered else "object-unregistered")
            return np
    prep = target_prep(sent, start)
    if prep is not None:
        np = np_after(sent, prep, victim=True)
        if (
            np is not None
            and not overlap(np, a1)
            and not (np.registered and a1 and np.actor.id == a1.actor.id)
        ):
            sent.why.append("target-prep")
            return np
    m = after(sent, start, window=4, taken=a1, perpetrator=False)
    if m is not None and m in sent.means_defaults:
        return None  # "launched air strikes on ...": the means, not a target
    if m is None or (a1 is not None and m.actor.id == a1.actor.id):
        return None  # "regime helicopters dropped barrel bombs": the means, not a target
    if cfg.agent.spans_within(sent.text, start, m.start):
        return None
    sent.why.append("object")
    return m


def ar_subject_of(sent: Sentence, verb: int) -> ActorMatch | None:
    """Arabic: the noun phrase before the verb starting at ``verb``, after a subordinator or auxiliary ("ان",
    "كان") or a clause's first word, at most twelve words back: the subject of "ان القوات تعرضت لهجوم"."""
    vi = sent.word_index(verb)
    for j in range(vi - 1, max(-1, vi - 13), -1):
        if sent.in_words(j, sent.cfg.openers):
            return np_after(sent, sent.words[j][1], limit=verb, victim=True)
        if j == 0 or sent.text[sent.words[j - 1][1] : sent.words[j][0]].strip(' "'):
            return np_after(sent, sent.words[j][0], limit=verb, victim=True)  # the clause starts at word j
    return None


def target_prep(sent: Sentence, start: int) -> int | None:
    """End of a target preposition ("على", "against") within three words after ``start``."""
    i = sent.word_index(start)
    for j in range(i, min(i + 3, len(sent.words))):
        if sent.word_at(j) in sent.cfg.target_preps:
            return sent.words[j][1]
        if sent.text[sent.words[j - 1][1] if j > i else start : sent.words[j][0]].strip(' "'):
            return None
    return None


def aimed_at(sent: Sentence, start: int, a1: ActorMatch | None) -> ActorMatch | None:
    """What a weapon was fired at, or a bomb went off near: "أطلقوا صاروخا على X", "أطلق النار على X", "فجر
    نفسه قرب X", "انفجرت سيارة مفخخة أمام X". Only when the verb's object is a weapon or the bomber himself,
    or the trigger is an explosion."""
    cfg = sent.cfg
    i = sent.word_index(start)
    while i < len(sent.words) and (
        sent.in_words(i, cfg.leading) and not sent.in_words(i, cfg.weapon_objects) or sent.is_count(i)
    ):
        i += 1  # "عشرات الصواريخ", "فجر أمس"
    blast = without_clitic(sent.text[sent.ts : sent.te]) in cfg.blast_words
    if i >= len(sent.words):
        return None
    weapon = sent.in_words(i, cfg.fired) or any(m.start == sent.words[i][0] for m in sent.means_defaults)
    if not (weapon or blast):
        return None
    near = {s: e for s, e, _ in cfg.near_preps.spans(sent.text)} if cfg.near_preps else {}
    for k in range(i, min(i + 10, len(sent.words))):
        ks, ke = sent.words[k]
        if k > i and sent.text[sent.words[k - 1][1] : ks].strip(' "'):
            return None  # punctuation: the clause ends
        if k > i and ar_verb_like(sent, k) and not sent.in_words(k, cfg.leading):
            return None  # another verb ("فجر" at dawn is a time word)
        if overlap(a1, ActorMatch(ks, ke, "", UNREGISTERED)):
            return None
        end = ke if sent.word_at(k) in cfg.target_preps else near.get(ks)
        if end is None:
            continue
        np = np_after(sent, end, victim=True)
        if np is not None and not overlap(np, a1) and not sent.in_words(sent.word_index(np.start), cfg.means):
            sent.why.append("aimed-at")
            return np
        return None
    return None


def result_victims(sent: Sentence, a1: ActorMatch | None) -> ActorMatch | None:
    """The victims of a result clause after the trigger: "... ما أسفر عن مقتل X", "أدى ... إلى إصابة X",
    "فجر نفسه فقتل X"."""
    cfg = sent.cfg
    if cfg.result_links is None:
        return None
    lo = sent.word_index(sent.te)
    links = {s: e for s, e, _ in cfg.result_links.spans(sent.text) if s >= sent.te}
    if not links and _RESULT_PREPS.isdisjoint(sent.texts[max(0, lo - 1) : lo + 19]):
        return None  # no result link, and no preposition a death noun could follow, in the words read below
    stop = _STOP.search(sent.text, sent.te)  # the sentence's end after the trigger
    end_at = len(sent.text) if stop is None else stop.start()
    for k in range(lo, min(lo + 20, len(sent.words))):
        ks, ke = sent.words[k]
        if end_at < ks:
            return None
        end = links.get(ks)
        if end is None:
            # a death noun after "عن"/"إلى" (the rarer word first; :meth:`Sentence.base` is the word without clitic)
            if (
                k == 0
                or sent.texts[k - 1] not in ("عن", "الي", "الى")
                or sent.base(k) not in cfg.victim_nouns
            ):
                continue
            end = ke
        else:
            j = sent.word_index(end)
            if j < len(sent.words) and without_clitic(sent.word_at(j)) in cfg.victim_nouns:
                end = sent.words[j][1]  # "أسفر عن مقتل ..."
        np = np_after(sent, end, victim=True)
        if np is not None and not overlap(np, a1):
            sent.why.append("result-victims")
            return np
        return None
    return None


def possessive_speaker(sent: Sentence, a2: ActorMatch | None, a1: ActorMatch | None) -> ActorMatch | None:
    """ "أعلن الجيش مقتل اثنين من جنوده": the victims are the speaker's own men, so the speaker is the target."""
    if a2 is None or sent.lang != "ar":
        return a2
    last = sent.word_index(a2.end) - 1
    m = sent.cfg.third_person.match(sent.word_at(last)) if 0 <= last < len(sent.words) else None
    if m is None or m.group(1) not in sent.cfg.member:
        return a2
    verbs = [sp for sp in sent.cfg.speech.spans(sent.text[: sent.ts])]
    if not verbs:
        return a2
    e = verbs[-1][1]
    speaker = after(sent, e, window=1, perpetrator=False) or np_after(sent, e, limit=sent.ts)
    if speaker is None or overlap(speaker, a1) or victim_like(sent, speaker):
        return a2
    sent.why.append("speaker-own-men")
    return speaker
