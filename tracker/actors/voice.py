"""Verb voice and verb forms around a trigger: active or passive, auxiliaries, nominal triggers.

Reads a :class:`~tracker.actors.context.Sentence`; every function answers one question about its trigger
or a word of it: is the trigger passive ("were killed", "قتل 12 شخصا"), a noun ("مقتل", "بقصف"), a verb
whose subject is its victim ("أصيب", "died"), a verb carrying an object pronoun ("خطفهم"), a plural verb
whose subject was named before ("خطفوا")? Is a word verb-like (a new predicate ends a noun phrase)?
"""

from __future__ import annotations

from tracker.actors.context import Sentence
from tracker.actors.words import WORD, Lang, without_clitic
from tracker.text.arabic import proclitics


def passive_verb(sent: Sentence) -> bool:
    """Arabic: a count, person or member word follows the verb ("قتل 12 شخصا"); English: an auxiliary
    precedes it ("were killed", "have reportedly been killed"). Asked by several rules: remembered for the
    trigger and the names the rules read (:attr:`Sentence.answers`)."""
    key = ("passive", sent.ts, sent.te, sent.matches_key())
    got = sent.answers.get(key)
    if got is None:
        got = sent.answers[key] = _passive_verb(sent)
    return got


def _passive_verb(sent: Sentence) -> bool:
    ti = sent.word_index(sent.ts)
    cfg = sent.cfg
    if undergoer_trigger(sent):
        return True
    if sent.lang == "ar":
        nxt = ti + 1
        texts, kill_verbs = sent.texts, cfg.kill_verbs
        while nxt < len(texts) and (
            sent.in_words(nxt, cfg.leading)
            and not sent.is_count(nxt)
            or (texts[nxt][:1] == "و" and texts[nxt][1:] in kill_verbs)  # :func:`joined_kill_verb`, inlined
        ):
            nxt += 1  # "قتل أمس 4 جنود", "قتل أول من أمس ...", "قتل وجرح 17 سائحا"
        if object_follows(sent, nxt):
            return False  # "فجر 3 انتحاريين أنفسهم", "أطلق بعض المسلحين النار": verb, subject, object
        return (
            sent.is_count(nxt)
            or (sent.in_words(nxt, cfg.member) and not sent.starts_name(nxt))
            or sent.in_words(nxt, cfg.persons)
            or sent.in_words(ti - 1, cfg.passive)
            or any(m.actor.side == "civilians" and sent.word_index(m.start) == nxt for m in sent.matches)
        )
    if sent.in_words(ti - 1, cfg.passive) or reduced_passive(sent, ti):
        return True
    adverb = ti >= 1 and (sent.word_at(ti - 1).endswith("ly") or sent.word_at(ti - 1) in ("been", "being"))
    return adverb and sent.in_words(ti - 2, cfg.passive_aux)


def reduced_passive(sent: Sentence, ti: int) -> bool:
    """English headline passive without an auxiliary: a counted noun phrase, then a kill participle
    with no object after it ("23 ISIS fighters killed in strikes", "Scores of rebels killed near Aleppo";
    not "Two gunmen killed three soldiers"); uncounted when a cause preposition follows ("Rebels killed in
    air strikes")."""
    if ti >= len(sent.words) or sent.word_at(ti).lower() not in sent.cfg.kill_verbs:
        return False
    nxt = ti + 1
    if nxt < len(sent.words) and not sent.text[sent.words[ti][1] : sent.words[nxt][0]].strip():
        w = sent.word_at(nxt).lower()
        counted = sent.is_count(nxt) and (not sent.is_stop(nxt) or sent.is_count(nxt + 1))
        if counted or w in ("the", "a", "an") or sent.starts_name(nxt):
            return False  # the verb has an object ("killed at least 12"; not "killed over a road")
        if any(s == 0 and e == len(w) for s, e, _ in sent.cfg.cause.spans(w)):
            return True  # "Rebel fighters killed in a suicide attack": no object, the cause follows
    i, seen = ti - 1, 0
    while i >= 0 and seen < 6:
        if sent.text[sent.words[i][1] : sent.words[i + 1][0]].strip(' "'):
            return False  # punctuation before the participle's subject ends
        if sent.is_count(i):
            return True
        if sent.is_stop(i) and sent.word_at(i).lower() != "of":
            return False
        i, seen = i - 1, seen + 1
    return False


def undergoer_trigger(sent: Sentence) -> bool:
    """The trigger verb's subject is its victim ("أصيب", "died")."""
    word = sent.text[sent.ts : sent.te]
    return word in sent.cfg.undergoer_verbs or without_clitic(word) in sent.cfg.undergoer_verbs


def nominal_trigger(sent: Sentence) -> bool:
    """The trigger is a noun ("مقتل", "الهجوم", "بقصف", "killing"), not a finite verb with a subject
    (remembered for the trigger, as :func:`passive_verb`)."""
    key = ("nominal", sent.ts, sent.te)
    got = sent.answers.get(key)
    if got is None:
        got = sent.answers[key] = _nominal_trigger(sent)
    return got


def _nominal_trigger(sent: Sentence) -> bool:
    word = sent.text[sent.ts : sent.te]
    base = without_clitic(word)
    if base in sent.cfg.victim_nouns or word in sent.cfg.victim_nouns:
        return True
    if any(m.start <= sent.ts < m.end for m in sent.means_defaults):
        return True  # "تفجير", "غارات جوية", "air strikes": a means of attack is a noun
    if sent.lang == "ar":
        ti = sent.word_index(sent.ts)
        return (
            word.startswith("ال")
            or (word[:1] in "بل" and base != word)
            or sent.in_words(ti - 1, sent.cfg.prepositions)
        )
    return False


def nominal_word(sent: Sentence, w: str) -> bool:
    return w in sent.cfg.victim_nouns or w in sent.cfg.blast_words or w.startswith("ال")


def plural_verb(sent: Sentence) -> bool:
    """An Arabic verb with the plural ending ("خطفوا"): in verb-subject order the verb is singular, so its
    subject was named before ("اقتحم مسلحون ... وخطفوا")."""
    word = without_clitic(sent.text[sent.ts : sent.te])
    return sent.lang == "ar" and len(word) > 4 and word.endswith("وا") and not nominal_trigger(sent)


def joined_kill_verb(sent: Sentence, i: int) -> bool:
    """ "وجرح", "وأصيب" right after a kill verb: "قتل وجرح 17 سائحا" has one subject for both."""
    w = sent.word_at(i) if 0 <= i < len(sent.words) else ""
    return sent.lang == "ar" and w[:1] == "و" and w[1:] in sent.cfg.kill_verbs


def victim_noun_trigger(sent: Sentence) -> bool:
    """ "مقتل X", "اغتيال X": the genitive of a death noun is the victim, never the subject."""
    word = without_clitic(sent.text[sent.ts : sent.te])
    return word in sent.cfg.victim_nouns and word not in sent.cfg.kill_verbs  # "خطف" is also a verb


def object_suffix_verb(sent: Sentence) -> bool:
    """A violent verb with an object pronoun ("خطفهم", "اغتاله", "اختطفوه"): the subject follows it and the
    noun phrase before it is the object ("رهائن خطفهم مسلحون")."""
    word = without_clitic(sent.text[sent.ts : sent.te])
    m = sent.cfg.third_person.match(word)
    if m is None or word in sent.cfg.kill_verbs:
        return False
    base = m.group(1)
    base = base + "ا" if base.endswith("و") else base  # "اختطفوه" is "اختطفوا" + ه
    if base in sent.cfg.kill_verbs:
        return True
    return any(s == 0 and e == len(base) for s, e, _ in sent.cfg.triggers.spans(base)) and not nominal_word(
        sent, base
    )


def object_follows(sent: Sentence, i: int) -> bool:
    """A reflexive or a fired weapon ("أنفسهم", "النار") two to four words after word ``i``, with no
    punctuation or preposition glued to it: the words before it are the verb's subject."""
    text, words, cfg = sent.text, sent.words, sent.cfg
    for k in range(i + 1, min(i + 4, len(words))):
        if text[words[k - 1][1] : words[k][0]].strip(' "'):
            return False
        w = sent.texts[k]
        if w in cfg.reflexives or w in cfg.weapon_objects:
            return True
        if sent.is_stop(k):
            return False
    return False


def has_object(sent: Sentence) -> bool:
    """A noun phrase follows the verb trigger directly (time words skipped): the verb is transitive here."""
    i = sent.word_index(sent.te)
    while i < len(sent.words) and sent.in_words(i, sent.cfg.leading) and not sent.is_count(i):
        i += 1
    prev = sent.words[i - 1][1] if i > 0 and sent.words[i - 1][1] > sent.te else sent.te
    if i >= len(sent.words) or sent.text[prev : sent.words[i][0]].strip(' "'):
        return False
    w = sent.word_at(i)
    if (
        sent.is_stop(i)
        or ar_verb_like(sent, i)
        or (len(w) > 3 and w[0] in "وفبل" and w not in sent.cfg.waw_nouns)
    ):
        return False
    return True


def ar_verb_like(sent: Sentence, i: int) -> bool:
    """A violent or undergoer verb (also with و/ف), or a perfect plural verb ("نقلوا"): a new predicate."""
    return _word_answer(sent.cfg, "ar-verb", sent.word_at(i))


def verb_like(sent: Sentence, word: str) -> bool:
    """English: a word that is a verb of the role lists (a trigger, speech, claim or attribution verb) or
    a past form ("accused", "foiled"); hyphenated forms ("Turkish-backed") are adjectives."""
    if word.endswith("ed") and "-" not in word:
        return True
    return _word_answer(sent.cfg, "verb", word)


def _word_answer(cfg: Lang, question: str, word: str) -> bool:
    """:func:`ar_verb_like` or :func:`verb_like` of a word, which read the word alone: remembered per
    language (the rules ask about the same words again and again; at most a few thousand are kept)."""
    memo = cfg.word_answers
    key = (question, word)
    got = memo.get(key)
    if got is None:
        if len(memo) >= 4096:
            memo.clear()
        if question == "verb":
            phrases = (cfg.triggers, cfg.speech, cfg.claim, cfg.attribution)
            got = any(bool(p.spans(word)) for p in phrases) or word in cfg.kill_verbs
        else:
            base = without_clitic(word)
            if word in cfg.verbs or base in cfg.verbs or (len(base) > 3 and base.endswith("وا")):
                got = True
            else:
                words = cfg.trigger_words
                trigger = word in words or any(word[:k] in proclitics() and word[k:] in words for k in (1, 2))
                nominal = base in cfg.victim_nouns or base in cfg.blast_words or base.startswith("ال")
                got = trigger and not word.startswith("ال") and not nominal
        memo[key] = got
    return got


def verb_between(sent: Sentence, a: int, b: int) -> bool:
    """A trigger word (another event) between positions a and b."""
    words = (m.group() for m in WORD.finditer(sent.text[a:b]))
    verbs = sent.cfg.verbs
    return any(w in verbs or without_clitic(w) in verbs for w in words)


def reported_claim(sent: Sentence, s: int, e: int) -> bool:
    """A bare "claims"/"claimed" that reports a statement ("the opposition claims killed hundreds",
    "activists claimed that ..."), not a claim of responsibility."""
    j = sent.word_index(e)
    if j >= len(sent.words) or " " in sent.text[s:e]:
        return False
    w = sent.word_at(j)
    if w == "that" or sent.is_count(j):
        return True
    # a clause follows: "claimed (that) its fighters killed 30 soldiers", "claims killed hundreds"
    for k in range(j, min(j + 4, len(sent.words))):
        v = sent.word_at(k)
        if v in sent.cfg.kill_verbs or (k == j and sent.cfg.triggers.spans(v)):
            return True
    return False
