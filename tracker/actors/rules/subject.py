"""Subject rules: the subject of an active verb is the perpetrator.

Arabic: "ان X قتل" (the phrase after a subordinator or auxiliary), "وكان X، ...، قد قتل" (كان ... قد), verb then
subject ("قتلت قوات النظام"), a verb with an object pronoun ("خطفهم مسلحون"), a verb joined by و to an earlier
one ("اقتحم مسلحون ... وخطفوا"), a pronoun that refers to the speaker ("قال الجيش ان قواته قتلت"). English: the
noun phrase before the verb, the clause's subject before a participle ("X struck the town, killing 18").
"""

from __future__ import annotations

import re

from tracker.actors.candidates import after, after_place_prep, before, usable
from tracker.actors.context import Sentence, overlap
from tracker.actors.phrase import (
    ar_bounded_before,
    ar_np_before,
    noun_before_adjective,
    np_after,
    np_before,
    np_span,
    victim_like,
)
from tracker.actors.registry import ActorMatch
from tracker.actors.rules.perpetrator import member_phrase
from tracker.actors.voice import (
    nominal_trigger,
    nominal_word,
    object_suffix_verb,
    passive_verb,
    plural_verb,
    undergoer_trigger,
    verb_like,
    victim_noun_trigger,
)
from tracker.actors.words import without_clitic


def active(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """Active voice. Arabic: "ان X فعل" (subject before), verb-subject ("قتلت قوات النظام"), or a
    registered subject just before the verb; English: the noun phrase before the verb."""
    cfg = sent.cfg
    ti = sent.word_index(sent.ts)
    if sent.lang == "ar":
        nominal = nominal_trigger(sent)
        if object_suffix_verb(sent):
            np = np_after(sent, sent.te, names=3)
            if np is not None and not overlap(np, a2) and not victim_like(sent, np):
                sent.why.append("verb-object-pronoun-subject")
                return np
        if not nominal:
            np = ar_subject_before(sent)
            if np is not None and not overlap(np, a2):
                sent.why.append("subject-verb" if np.registered else "subject-verb-unregistered")
                return np
        if (
            not passive_verb(sent)
            and not sent.in_words(ti + 1, cfg.target_nouns)
            and not plural_verb(sent)
            and not victim_noun_trigger(sent)
        ):
            m = after(sent, sent.te, window=1, taken=a2)
            if m is not None and m in sent.means_defaults and sent.in_words(ti, cfg.support_verbs):
                m = None  # "نفذ ضربات جوية": the means is the object of a support verb
            if m is not None:
                sent.why.append("verb-subject")
                return noun_before_adjective(sent, m)
        m = before(sent, sent.ts, window=2, taken=a2)
        if (
            m is not None
            and sent.same_clause(m.start, sent.ts)
            and not nominal
            and not member_phrase(sent, m)
        ):
            sent.why.append("subject-verb")
            return m
        return None
    if passive_verb(sent):
        return None
    antecedent = relative_antecedent(sent, a2)
    if antecedent is not None:  # "captured by X militiamen, who executed one of them"
        sent.why.append("subject-verb")
        return antecedent
    raised = infinitive_subject(sent, a2)
    if raised is not None:  # "The FSA claimed to have killed 100 soldiers"
        sent.why.append("subject-verb")
        return raised
    if 0 < ti < len(sent.words) and sent.word_at(ti) in cfg.participles and not sent.is_stop(ti - 1):
        m = clause_subject(sent, a2)
        if m is not None:  # "X struck the town, killing 18": the participle's subject is the clause's
            sent.why.append("participle-subject")
            return m
    np = np_before(sent, sent.ts)
    if np is not None and not np.registered and after_place_prep(sent, np):
        np = None  # "rebel raid on Hama army post kills 12": the object of a preposition is no subject
    if np is not None:
        cover = next(
            (xs for xs, xe, _ in sent.excluded if xe <= np.start and sent.gap(xe, np.start) == 0), None
        )
        if cover is not None:  # "government forces backed by Russian strikes recaptured": the backed side
            lead = before(sent, cover, window=1, taken=a2) or np_before(sent, cover)
            if lead is not None:
                sent.why.append("subject-verb")
                return lead
    named = before(sent, sent.ts, window=1, taken=a2)
    if (
        named is not None
        and (np is None or named.start < np.start)
        and sent.same_clause(named.start, sent.ts)
    ):
        sent.why.append(
            "subject-verb"
        )  # a name longer than the plain noun phrase ("jets believed to be Russian")
        return named
    if np is not None and not np.registered:
        # "Rebel rocket fire on a government-held district killed ...": the name opening the clause
        cs = next((s for s, e in sent.clauses if s <= sent.ts < e), 0)
        first = next(
            (m for m in sent.matches if cs <= m.start < np.start and usable(sent, m, taken=a2)),
            None,
        )
        if first is not None:
            sent.why.append("subject-verb")
            return first
    if np is not None and not overlap(np, a2) and np.actor.side != "civilians":
        sent.why.append("subject-verb" if np.registered else "subject-verb-unregistered")
        return np
    m = before(sent, sent.ts, window=4, taken=a2)
    if m is not None and sent.same_clause(m.start, sent.ts):
        verb = verb_before(sent, m)
        if verb is not None:  # "rebels attacked government forces with car bombs": the verb's subject
            subject = before(sent, verb, window=1, taken=a2)
            if subject is None:
                return None
            m = subject
        sent.why.append("subject-verb")
        return m
    return None


def instrument_subject(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """Arabic: "أمطرت X البلدات المحاصرة بالقذائف": the trigger is the weapon after ب, its clause opens with a
    verb of firing (``instrument_verbs``); the registered name right after that verb is its subject. Tried
    before the looser constructions: an attack named later in the sentence ("ردا على هجوم Y") is another's."""
    if sent.lang != "ar":
        return None
    m = _instrument_subject(sent, a2)
    if m is not None:
        sent.why.append("instrument-verb-subject")
    return m


def _instrument_subject(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    ti = sent.word_of(sent.ts)
    if (
        ti < 0
        or sent.words[ti][0] >= sent.ts
        or not sent.text[sent.words[ti][0] : sent.ts].endswith(("ب", "بال"))
    ):
        return None
    vi = _firing_verb(sent, ti)
    if vi is None:
        return None
    m = after(sent, sent.words[vi][1], window=0, taken=a2)
    return m if m is not None and m.end <= sent.ts else None


def _firing_verb(sent: Sentence, ti: int) -> int | None:
    """The verb of firing that opens the weapon's clause (after a subordinator: "فيما أمطرت"), or one of the
    two clauses before it when commas set an aside between ("أمطرت X، بينها Y، البلدات بالقذائف")."""
    starts = [s for s, e in sent.clauses if s <= sent.ts]
    for back, cs in enumerate(reversed(starts[-3:])):
        vi = sent.word_index(cs)
        opened = sent.in_words(vi, sent.cfg.subordinators)
        if opened:
            vi += 1
        if vi < ti and sent.in_words(vi, sent.cfg.instrument_verbs):
            return vi
        if opened or (back and sent.in_words(vi, sent.cfg.trigger_words)):
            return None  # a new statement, or another attack told between
    return None


def relative_antecedent(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """English: "X, who executed", "X that had shelled": the subject of a relative clause's verb is the name
    just before the relative pronoun (auxiliaries and adverbs between pronoun and verb allowed)."""
    j = sent.word_index(sent.ts) - 1
    while j > 0 and sent.in_words(j, sent.cfg.auxiliaries):
        j -= 1
    if j < 1 or sent.word_at(j) not in ("who", "which", "that"):
        return None
    rs = sent.words[j][0]
    # its antecedent may close a phrase that would make it a place ("captured by X, who ...")
    m = before(sent, rs, window=0, taken=a2, perpetrator=False)
    if m is None or sent.text[m.end : rs].strip(" ,") or m.actor.side == "civilians":
        return None
    return m


def infinitive_subject(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """English: "X claimed to have killed", "X is believed to have carried out": the perfect infinitive's
    subject is the subject of the verb before "to have"."""
    ti = sent.word_index(sent.ts)
    if ti < 3 or sent.word_at(ti - 1) != "have" or sent.word_at(ti - 2) != "to":
        return None
    j = ti - 3  # the verb that takes the infinitive, with its auxiliaries ("is believed")
    while j > 0 and sent.in_words(j - 1, sent.cfg.passive_aux):
        j -= 1
    if sent.text[sent.words[j][1] : sent.words[ti - 2][0]].strip():
        return None  # punctuation between
    vs = sent.words[j][0]
    # the name is the verb's subject even when the verb is one of saying ("claimed"): no speaker test
    named = [m for m in sent.matches if m.end <= vs and sent.gap(m.end, vs) <= 1]
    m = named[-1] if named else np_before(sent, vs)
    return None if m is None or overlap(m, a2) or m.actor.side == "civilians" else m


def clause_subject(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """English: the first name of the sentence before the trigger that is not in a prepositional phrase
    ("in Aleppo", "on ISIS positions") nor the dead; "Rebel groups including X and Y" is "Rebel groups"."""
    for m in sent.matches:
        if m.end > sent.ts:
            return None
        if not usable(sent, m, taken=a2) or after_place_prep(sent, m):
            continue
        if verb_before(sent, m) is not None:
            return None  # "bomb attacks struck the army officers' club, killing 20": the verb's object
        return m
    return None


def verb_before(sent: Sentence, m: ActorMatch) -> int | None:
    """English: the start of a verb right before the name (articles skipped), which makes it an object."""
    i = sent.word_index(m.start) - 1
    while i >= 0 and sent.word_at(i) in ("the", "a", "an"):
        i -= 1
    if i < 0 or re.search(r"[^\w\s\"'-]", sent.text[sent.words[i][1] : m.start]):
        return None  # punctuation between: not the verb's object
    w = sent.word_at(i)
    if any(x.start <= sent.words[i][0] < x.end for x in sent.all_matches):
        return None  # part of a name ("the so-called")
    return sent.words[i][0] if verb_like(sent, w) else None


def ar_subject_before(sent: Sentence) -> ActorMatch | None:
    """The Arabic subject before a verb trigger: the noun phrase after the nearest subordinator ("ان") or
    auxiliary ("كان") within eight words ("ان انتحاريا يقود سيارة فجر نفسه"), else the words between the
    clause start and the verb ("وكان انتحاريان قد فجرا")."""
    if undergoer_trigger(sent):
        return None
    ti = sent.word_index(sent.ts)
    text, words, texts, openers = sent.text, sent.words, sent.texts, sent.cfg.openers
    for j in range(ti - 1, max(-1, ti - 9), -1):
        if j == ti - 1:
            if not sent.cfg.third_person_end.search(texts[j]):
                continue  # "كان X قد فعل": the subject is not between قد and the verb; "أنه فعل" is a pronoun
        elif text[words[j][1] : words[j + 1][0]].strip(' "'):
            break  # punctuation: another clause (a comma may end the subject: "أن X من Y، فجر")
        if texts[j] in openers or sent.base(j) in openers:  # :meth:`Sentence.in_words`, inlined
            np = antecedent(sent, np_after(sent, sent.words[j][1], limit=sent.ts), sent.words[j][1])
            if np is not None and not victim_like(sent, np):
                return np
            break
    np = kana_subject(sent, ti)
    if np is not None:
        return np
    i = ti - 1
    while i >= 0 and sent.in_words(i, sent.cfg.auxiliaries):
        i -= 1
    picked: list[int] = []
    while i >= 0 and len(picked) < 3:
        nxt = words[picked[0]][0] if picked else sent.ts
        if text[words[i][1] : nxt].strip(' "'):
            break  # punctuation: the clause starts here
        if sent.in_words(i, openers) or sent.is_stop(i):
            break
        picked.insert(0, i)
        i -= 1
    if not picked:
        return None
    bounded = i < 0 or sent.in_words(i, openers) or bool(text[words[i][1] : words[picked[0]][0]].strip(' "'))
    if not bounded:
        return None
    np = np_span(sent, words[picked[0]][0], words[picked[-1]][1])
    return None if np is None or victim_like(sent, np) else np


def antecedent(sent: Sentence, np: ActorMatch | None, sub_end: int | None) -> ActorMatch | None:
    """ "قال الجيش الأمريكي ان قواته قتلت", "أكد الحلف انه قتل": a pronoun (a suffix on the subject or on
    ان) refers to whoever spoke; that speaker is the subject."""
    if np is not None and (
        np.registered
        or " " in np.text
        or np.text.startswith("ال")
        or not sent.cfg.third_person_end.search(np.text)
    ):
        return np  # not a pronoun suffix (teh marbuta folds to ه, but a definite noun takes no suffix)
    if np is None and (sub_end is None or not sent.cfg.third_person_end.search(sent.text[:sub_end])):
        return None
    start = np.start if np is not None else (sub_end or sent.ts)
    verbs = [sp for sp in sent.cfg.speech.spans(sent.text[:start])]
    if not verbs:
        return np
    speaker = after(sent, verbs[-1][1], window=1) or np_after(sent, verbs[-1][1], limit=start)
    if speaker is None or victim_like(sent, speaker):
        return np
    sent.why.append("speaker")
    return speaker


def kana_subject(sent: Sentence, ti: int) -> ActorMatch | None:
    """ "وكانت "كتائب X"، الجناح العسكري لـ Y، قد قصفت": كان + subject + an apposition between commas + قد +
    verb. The subject runs from كان to the first comma."""
    if ti < 1 or without_clitic(sent.word_at(ti - 1)) != "قد":
        return None
    for j in range(ti - 2, max(-1, ti - 16), -1):
        if any(ch in sent.text[sent.words[j][1] : sent.words[j + 1][0]] for ch in ".؟!:"):
            return None
        w = sent.word_at(j)
        if w in sent.cfg.auxiliaries and without_clitic(w) not in ("قد", "لقد"):
            comma = re.search(r"[،,]", sent.text[sent.words[j][1] : sent.ts])
            if comma is None:
                return None
            np = np_after(sent, sent.words[j][1], limit=sent.words[j][1] + comma.start())
            return None if np is None or victim_like(sent, np) else np
    return None


def verb_subject_unregistered(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """No perpetrator found: the noun phrase after a light verb, or after an Arabic active verb."""
    if sent.light_np is not None:
        np = np_after(sent, sent.light_np[0], limit=sent.light_np[1])
        if np is not None:
            sent.why.append("light-verb-unregistered")
            return np
    if sent.lang != "ar" or nominal_trigger(sent) or passive_verb(sent):
        return None
    if ar_np_before(sent) is not None or ar_bounded_before(sent) is not None or plural_verb(sent):
        return None  # the subject stands before the verb (a plural verb carries its subject)
    np = np_after(sent, sent.te, names=3)
    if np is not None and not overlap(np, a2):
        sent.why.append("verb-subject-unregistered")
        return np
    return None


def coordinated_subject(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """ "اقتحم مسلحون المنزل وخطفوا ...": a verb joined by و/ف shares the subject of the violent verb before it
    in the sentence (verb-subject order)."""
    word = sent.text[sent.ts : sent.te]
    if sent.lang != "ar" or word[:1] not in "وف" or without_clitic(word) == word or nominal_trigger(sent):
        return None
    for s, e, _ in reversed(sent.cfg.triggers.spans(sent.text[: sent.ts])):
        if sent.gap(e, sent.ts) > 20 or any(ch in sent.text[e : sent.ts] for ch in ".؟!:"):
            return None
        i = sent.word_index(s)
        if i >= len(sent.words) or sent.words[i][0] != s and sent.words[i][0] > s:
            i -= 1
        w = without_clitic(sent.word_at(i))
        if nominal_word(sent, w) or w in sent.cfg.undergoer_verbs or sent.words[i][1] != e:
            continue
        before_verb = _subject_of(sent, sent.words[i], a2)
        if before_verb is not None:  # "أن ضربة X ... استهدفت سيارة وقتلت": the subject stands before
            sent.why.append("coordinated-subject")
            return before_verb
        np = after(sent, e, window=0, taken=a2) or np_after(sent, e)
        if np is None or overlap(np, a2) or victim_like(sent, np) or np.end > sent.ts:
            return None
        sent.why.append("coordinated-subject")
        return np
    return None


def relative_head_subject(sent: Sentence, a2: ActorMatch | None) -> ActorMatch | None:
    """English: "X, which drove Y out of Z last week, had seized": a relative clause between a name and the
    verb belongs to the name; the name it follows is the verb's subject, not a name inside the clause."""
    ti = sent.word_index(sent.ts)
    if sent.lang != "en" or not 0 < ti < len(sent.words) or passive_verb(sent):
        return None
    cs = next((s for s, e in sent.clauses if s <= sent.ts < e), 0)
    cfg_rel = sent.cfg.relatives
    for m in sent.matches:
        if not cs <= m.start or m.end >= sent.ts:
            continue
        j = sent.word_index(m.end)
        if j < ti - 2 and not sent.is_stop(j) and not sent.is_count(j) and sent.word_at(j) not in cfg_rel:
            j += 1  # the head noun after the name ("the YPG forces which ...")
        if j >= ti - 1 or sent.word_at(j) not in cfg_rel:
            continue
        if sent.text[m.end : sent.words[j][0]].strip(" ,") and j == sent.word_index(m.end):
            continue
        if not usable(sent, m, taken=a2):
            continue
        if m.actor.side == "civilians" or overlap(m, a2):
            continue
        sent.why.append("relative-head-subject")
        return m
    return None


def _subject_of(sent: Sentence, verb: tuple[int, int], a2: ActorMatch | None) -> ActorMatch | None:
    """The registered subject named before an earlier Arabic verb (after a subordinator: "أن X ... فعل"), read
    with that verb as the trigger."""
    ts, te, seen = sent.ts, sent.te, len(sent.why)
    sent.ts, sent.te = verb
    try:
        np = ar_subject_before(sent)
    finally:
        sent.ts, sent.te = ts, te
        del sent.why[seen:]
    if np is None or not np.registered or overlap(np, a2) or np.end > verb[0]:
        return None
    return np
