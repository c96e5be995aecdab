"""Noun-phrase extent: where the phrase of an actor starts and ends.

Reads a :class:`~tracker.actors.context.Sentence`; writes :class:`~tracker.actors.registry.ActorMatch` spans:
the noun phrase after or before a position (:func:`np_after`, :func:`np_before`), a name with the words that
belong to it (:func:`widen`: English adjectives before it; Arabic definite adjectives, agreeing indefinite
adjectives, the name after a title or group noun, the group after a member noun, coordinated victims), and
the clause-bounded phrase before an Arabic verb.
"""

from __future__ import annotations

from tracker.actors.candidates import place_named, speaker
from tracker.actors.context import Sentence
from tracker.actors.registry import UNREGISTERED, ActorMatch
from tracker.actors.voice import ar_verb_like, has_object, verb_like
from tracker.actors.words import without_clitic


def np_after(
    sent: Sentence, pos: int, *, limit: int | None = None, victim: bool = False, names: int = 0
) -> ActorMatch | None:
    """The noun phrase starting at the first word after ``pos`` (counts and articles skipped): up to 4
    words, to a stop word or punctuation; a quoted name is taken whole. Arabic phrases go on with
    definite words (and, for victims, with names)."""
    # A bounded phrase, a victim or a subject (``names`` words at most) may run on through a name.
    cap = 4 if (victim or limit is not None) else (names or 4)
    names_ok = victim or limit is not None or names > 0
    text, words, texts, cfg = sent.text, sent.words, sent.texts, sent.cfg  # read at every word below
    ar = sent.lang == "ar"
    limit = len(text) if limit is None else limit
    k = pos
    while k < limit and text[k].isspace():
        k += 1
    if k < limit and text[k] == '"':
        close = text.find('"', k + 1, limit)
        if close > k + 1:
            return np_span(sent, k + 1, close, victim=victim)
    i = sent.word_index(k)
    picked: list[tuple[int, int]] = []
    while i < len(words) and len(picked) < cap:
        s, e = words[i]
        if e > limit or (s < sent.te and sent.ts < e):  # :meth:`Sentence.in_trigger`, inlined
            break
        gap_text = text[picked[-1][1] if picked else k : s]
        if gap_text.strip(' "'):
            break
        if picked and ar and '"' in gap_text and text.count('"', k, s) % 2 == 1:
            close = text.find('"', s, min(limit, s + 80))
            if close > s:  # "تنظيم "ولاية سيناء"": a quoted name after its group noun
                picked.append((s, close + 1))
            break
        w = texts[i]
        if not picked and sent.in_words(i, cfg.leading) and not sent.is_count(i):
            i, k = i + 1, e  # "اقتحمت ليلا ...", "اغتالوا الأسبوع الماضي ..."
            continue
        if sent.is_stop(i) or sent.is_count(i):
            if picked or (sent.in_words(i, cfg.stop) and w not in cfg.leading):
                break
            i, k = i + 1, e  # a count or article before the noun ("three soldiers", "a police officer")
            continue
        if not picked and any(d.start == s for d in sent.means_defaults):
            return None  # a weapon ("air strikes") is not a party
        if picked and any(a == s for a, _e, _ in sent.agents):
            break  # "عناصر الحرس بنيران ...": the agent follows
        named: ActorMatch | None = None  # the first name that starts at the word
        for m in sent.matches:
            if m.start == s:
                named = m
                break
        if named is not None and (picked or victim):
            picked.append((s, named.end))  # a name is taken whole ("مواقع وحدات حماية الشعب")
            break
        if (
            not picked
            and ar
            and named is None
            and len(w) > 3
            and (w[0] == "و" or w[:3] == "بال")
            and w not in cfg.waw_nouns
        ):
            return None  # "واصيب ...", "بالرصاص ...": a new clause or a prepositional phrase
        if picked and ar and not w.startswith("ال") and '"' not in gap_text and not cfg.nisba.search(w):
            verbish = w[0] in "وفي" and len(w) > 3 and w not in cfg.waw_nouns
            if not names_ok or verbish or (w.endswith("ا") and len(w) > 3):
                # "و..." starts a clause, "ي..." is a verb, "...ا" an indefinite object ("حاجزا")
                break  # an Arabic noun phrase goes on with definite adjectives and genitives
        if not picked and sent.in_words(i, cfg.means):
            if named is not None and named not in sent.defaults:
                return named  # "ضربة إسرائيلية": a means that names its actor
            return None  # a weapon is not a party
        picked.append((s, e))
        i += 1
    if not picked:
        return None
    return np_span(sent, picked[0][0], picked[-1][1], victim=victim)


def np_before(sent: Sentence, pos: int, *, victim: bool = False) -> ActorMatch | None:
    """The English noun phrase ending just before ``pos`` (auxiliaries skipped): up to 5 words."""
    i = sent.word_index(pos) - 1
    while i >= 0 and (sent.in_words(i, sent.cfg.passive_aux) or sent.word_at(i).endswith("ly")):
        i -= 1  # "has reportedly", "accidentally"
    picked: list[tuple[int, int]] = []
    while i >= 0 and len(picked) < 5:
        s, e = sent.words[i]
        nxt = picked[0][0] if picked else (sent.words[i + 1][0] if i + 1 < len(sent.words) else pos)
        if sent.text[e:nxt].strip(' "') or sent.is_stop(i) or sent.is_count(i):
            break
        if verb_like(sent, sent.text[s:e]) and not any(m.start <= s < m.end for m in sent.all_matches):
            break  # "the agency claimed Daesh fighters killed": the phrase starts after the verb
        picked.insert(0, (s, e))
        i -= 1
    if not picked:
        return None
    return np_span(sent, picked[0][0], picked[-1][1], victim=victim)


def np_span(sent: Sentence, s: int, e: int, *, victim: bool = False) -> ActorMatch | None:
    if e <= s or sent.in_trigger(s, e):
        return None
    inside = [
        m
        for m in sent.all_matches
        if m.start >= s
        and m.end <= e
        and (victim or not (m.actor.side == "civilians" or place_named(sent, m) or speaker(sent, m)))
    ]
    if not inside:
        return ActorMatch(s, e, sent.text[s:e], UNREGISTERED)
    head = inside[0]  # the name leads: "Nusra terrorists", "قوات النظام السوري"
    return ActorMatch(s, e, sent.text[s:e], head.actor)


def widen(
    sent: Sentence, m: ActorMatch | None, other: ActorMatch | None, *, victim: bool = False
) -> ActorMatch | None:
    """A registered name with the words that belong to it: English adjectives before it ("Afghan rebels"),
    Arabic definite adjectives after it ("المسلحين الفلسطينيين")."""
    if m is None or (not m.registered and sent.lang == "en"):
        return m
    s, e = m.start, m.end
    if sent.lang == "en":
        i, n = sent.word_index(s) - 1, 0
        while i >= 0 and n < 3:
            ws, we = sent.words[i]
            w = sent.text[ws:we]
            if sent.text[we:s].strip() or sent.is_stop(i) or sent.is_count(i) or w in sent.cfg.leading:
                break
            if w.endswith(".") or verb_like(sent, w) or any(x.start <= ws < x.end for x in sent.all_matches):
                break  # "Activists accused government forces", "Nusra attacks US-trained rebels"
            if sent.in_trigger(ws, we) or (other is not None and other.start < s and ws < other.end):
                break
            s, i, n = ws, i - 1, n + 1
    else:
        return ar_widen(sent, m, other, victim=victim)
    if (s, e) == (m.start, m.end):
        return m
    return ActorMatch(s, e, sent.text[s:e], m.actor)


def ar_widen(sent: Sentence, m: ActorMatch, other: ActorMatch | None, *, victim: bool = False) -> ActorMatch:
    """An Arabic noun phrase with the words that belong to it: definite adjectives and genitives
    ("قوات الأمن العراقية", "دورية للجيش"), indefinite adjectives that agree with their noun ("جنديا باكستانيا",
    "مسلحون صوماليون مجهولون"), the name after a title or a group noun ("العميد سالم الحداد", "حركة طالبان"),
    the group after a member noun ("ضابط في الشرطة", "عناصر من "كتائب النصر"") and, for victims, a
    coordinated noun ("ثلاثة صحافيين ومترجم"). At most seven words; registered matches keep their actor,
    unregistered phrases take the first registered name inside them."""
    s, e = m.start, m.end
    if m in sent.means_defaults:
        return m  # "تفجير المساجد": the genitive of a means is what it hit, not the attacker
    words = sent.words
    first, i = sent.word_index(s), sent.word_index(e)
    if i > first and words[i - 1][1] > e:
        return m  # the match ends inside a word
    inside = list(range(first, i))
    if not inside:
        return m
    if i >= len(words):
        return m  # the match ends the sentence: no word to take
    ws, we = words[i]
    if sent.text[e:ws].strip() or sent.in_trigger(ws, we) or ar_verb_like(sent, i):
        return m  # the loop below stops at once (punctuation, the trigger or a verb after the match)
    registered = m.registered
    cfg, texts = sent.cfg, sent.texts
    names = 0 if registered else name_budget(sent, inside)
    proper: set[int] = set()  # words taken as a name ("طالبان" takes "الأفغانية" after it)
    for k, j in enumerate(inside):
        if sent.in_words(j, cfg.titles_groups):
            proper.update(inside[k + 1 :])
    definite = 0
    people = cfg.people
    member = any(sent.in_words(j, people) for j in inside) or not registered
    member = member or m.actor.id == "unidentified"
    last = inside[-1]
    name_end = i  # the word after the match
    agent_starts = {sp for sp, _e, _ in sent.agents}
    named_at: dict[int, ActorMatch] = {}  # the first name starting at each position
    for x in sent.matches:
        named_at.setdefault(x.start, x)
    while i < len(words) and len(inside) < 7:
        ws, we = words[i]
        if sent.text[e:ws].strip() or sent.in_trigger(ws, we) or ar_verb_like(sent, i):
            break
        if other is not None and ws < other.end and other.start < we:
            break
        if ws in agent_starts:
            break  # "بنيران ...", "جراء ...": an agent or a cause, not a modifier
        w = texts[i]
        link = None
        if member:
            # the group follows the member noun itself ("طالبا من ..."), not an adjective ("مقرب من ...")
            last_member = sent.in_words(last, people)
            head = last == first or registered and last < name_end or last_member
            if head or cfg.agreeing.search(texts[last]):
                link = member_link(sent, i, strong=registered or last_member)
        if link is not None and other is not None and ws < other.end and other.start < link[1]:
            break
        if link is not None:
            j, end = link
            inside += list(range(i, j))
            e, i, last = end, j, j - 1
            names = name_budget(sent, [sent.word_index(words[i - 1][0])]) if i < len(words) else 0
            member = False
            continue
        named = named_at.get(ws)
        if named is not None and not (named in sent.defaults and named.end == we and agrees(sent, last, i)):
            break  # the next word starts another name (a description may be an adjective: "مجهولون")
        if sent.is_stop(i) or sent.is_count(i) and not victim:
            break
        if names > 0:
            names -= 0 if w.startswith("ال") else 1
            proper.add(i)
        elif sent.in_words(i, cfg.naming_words) and not sent.in_words(last, cfg.naming_words):
            pass  # "انتحاري يدعى ...": the name follows
        elif w.startswith("ال") or w.startswith("لل") and len(w) > 4:
            if definite >= 3 or (nunated(sent, last) and last not in proper):
                break  # "مسلحون الشيخ ...": an indefinite noun with its ending takes no genitive
            definite += 1
        elif agrees(sent, last, i):
            pass
        elif victim and w.startswith("و") and coordinated_noun(sent, i):
            member = member or sent.is_count(i)  # "11 مدنيا وأربعة من رجال الشرطة"
        else:
            break
        if sent.in_words(i, cfg.name_heads):
            names = 3 if sent.in_words(i, cfg.naming_words) else name_budget(sent, [i])
        inside.append(i)
        e, last, i = we, i, i + 1
    if e == m.end:
        return m
    actor = m.actor
    if actor.id in (UNREGISTERED.id, "unidentified"):
        inner = [
            x.actor
            for x in sent.all_matches
            if x.start >= m.end
            and x.end <= e
            and x.actor.side != "civilians"
            and x.actor.id != "unidentified"
        ]
        actor = inner[0] if inner else actor
    return ActorMatch(s, e, sent.text[s:e], actor)


def agrees(sent: Sentence, head: int, i: int) -> bool:
    """Word ``i`` is an indefinite adjective agreeing with word ``head``: a relative adjective or a participle
    with the same ending ("جنديا باكستانيا", "مسلحين مجهولين", "سيارة مفخخة", "مسلح إسلامي")."""
    h, w = without_clitic(sent.word_at(head)), sent.word_at(i)
    if len(w) < 4 or w[0] in "وفي" or w.startswith("ال") or head < 0:
        return False
    if not (sent.cfg.agreeing.search(w) or w[0] == "م"):
        return False
    if h.endswith("ا") and not h.endswith("يا"):
        return w.endswith(("ا", "ين"))  # "عمالا مصريين": a broken plural takes the sound plural
    for end in ("ون", "ين", "ان", "ا", "ه"):
        if h.endswith(end):
            return w.endswith(end)
    # no ending: a singular ("مسلح إسلامي") or a broken plural ("ضباط عراقيين", "جنود مدججين")
    return not h.startswith("ال") and (w.endswith("ي") or w.endswith(("ين", "ون")))


def nunated(sent: Sentence, i: int) -> bool:
    """An indefinite noun with a case or plural ending ("مسلحون", "جنديا", "مقاتلين"): not in a genitive
    construction, so a definite word after it belongs to something else."""
    w = without_clitic(sent.word_at(i))
    if w.startswith(("ال", "ل")) or len(w) < 4 or sent.in_words(i, sent.cfg.titles_groups):
        return False  # "للمسلحين" is ل + ال
    return w.endswith(("ون", "ين", "ان", "ا"))


def name_budget(sent: Sentence, idx: list[int]) -> int:
    """Proper-name words still expected after the last title or group noun among word indexes ``idx``; a
    plural in the construct state ("مسلحو", "مقاتلو") takes the one word after it."""
    w = without_clitic(sent.word_at(idx[-1]))
    if len(w) > 4 and w.endswith("و") and (w[0] == "م" or sent.in_words(idx[-1], sent.cfg.member)):
        return 1
    for k, j in enumerate(reversed(idx)):
        if sent.in_words(j, sent.cfg.title_nouns):
            return max(0, 4 - k)
        if sent.in_words(j, sent.cfg.group_nouns) and not without_clitic(sent.word_at(j)).startswith("ال"):
            return 2 if k == 0 else 0  # "حركة طالبان"; not "قوات النظام" + more, nor "الحركة" + a name
    return 0


def member_link(sent: Sentence, i: int, *, strong: bool = True) -> tuple[int, int] | None:
    """ "من"/"في"/"في صفوف"/"التابعة ل" at word ``i`` followed by a group (a registered name, a quoted name, a
    group noun, or after من a definite noun): (index of the word after the group's first word, end)."""
    w = sent.word_at(i)
    if w not in ("من", "في") and not w.startswith("التابع") and not w.startswith("تابع"):
        return None
    j = i + 1
    if j < len(sent.words) and sent.word_at(j) == "صفوف":
        j += 1
    if w.startswith("التابع") or w.startswith("تابع"):
        if j < len(sent.words) and sent.word_at(j) in ("ل", "الى", "الي"):
            j += 1
    if j >= len(sent.words):
        return None
    js, je = sent.words[j]
    gap = sent.text[sent.words[j - 1][1] : js]
    if gap.strip(' "') or (gap.strip() and '"' not in gap):
        return None
    if '"' in gap:
        close = sent.text.find('"', js, js + 80)
        if close > js:
            return sent.word_index(close), close + 1
        return None
    named = next((x for x in sent.matches if x.start in (js, js + 1) and x not in sent.means_defaults), None)
    if named is not None:
        return sent.word_index(named.end), named.end
    nxt = sent.word_at(j)
    bare = nxt[1:] if nxt.startswith("ل") and not nxt.startswith("لل") and len(nxt) > 4 else nxt
    if sent.in_words(j, sent.cfg.group_nouns) or bare in sent.cfg.group_nouns:
        return j + 1, je
    if w == "من" and nxt.startswith("ال") and not sent.is_stop(j) and strong:
        return j + 1, je  # "مسلحين من العشائر"; not "ابنها من المدرسة"
    if w == "من" and sent.in_words(j, sent.cfg.people):
        return j + 1, je  # "أربعة من رجال الشرطة"
    return None


def coordinated_noun(sent: Sentence, i: int) -> bool:
    """ "و" + a noun that can join a victim phrase: a count, a member or person noun, a definite or a
    relative noun ("وطفلين", "والنائب", "ونمساوي"); not a verb ("وأصيب")."""
    base = sent.word_at(i)[1:]
    if len(base) < 3 or ar_verb_like(sent, i):
        return False
    cfg = sent.cfg
    return (
        base in cfg.counts
        or base in cfg.member
        or base in cfg.persons
        or base in cfg.title_nouns
        or base.startswith("ال")
        or bool(sent.cfg.agreeing.search(base))
        or any(x.start == sent.words[i][0] + 1 for x in sent.all_matches)
    )


def noun_before_adjective(sent: Sentence, m: ActorMatch) -> ActorMatch:
    """ "قتل مهاجم انتحاري": a registered adjective after the verb's subject noun; the phrase starts at the noun."""
    i = sent.word_index(m.start)
    j = i - 1
    if j < 0 or sent.words[j][0] < sent.te or sent.gap(sent.te, m.start) != 1:
        return m
    if sent.is_stop(j) or sent.is_count(j) or sent.in_words(j, sent.cfg.leading_means):
        return m
    if sent.text[sent.words[j][1] : m.start].strip() or not agrees(sent, j, i):
        return m
    s = sent.words[j][0]
    return ActorMatch(s, m.end, sent.text[s : m.end], m.actor)


def bounded_before(sent: Sentence, j: int) -> ActorMatch | None:
    """The words between the clause start (punctuation, a subordinator or the sentence start) and word ``j``."""
    i = j - 1
    picked: list[int] = []
    while i >= 0 and len(picked) < 4:
        nxt = sent.words[picked[0]][0] if picked else sent.words[j][0]
        if sent.text[sent.words[i][1] : nxt].strip(' "'):
            break
        if sent.is_stop(i) or sent.in_words(i, sent.cfg.openers):
            break
        picked.insert(0, i)
        i -= 1
    bounded = i < 0 or bool(
        picked
        and (
            sent.in_words(i, sent.cfg.openers)
            or sent.text[sent.words[i][1] : sent.words[picked[0]][0]].strip(' "')
        )
    )
    if not picked or not bounded:
        return None
    return np_span(sent, sent.words[picked[0]][0], sent.words[picked[-1]][1])


def ar_bounded_before(sent: Sentence) -> ActorMatch | None:
    """The words between the clause start and an Arabic verb trigger ("جنديين عراقيين قتلا"); remembered for
    the trigger and the names the rules read (:attr:`Sentence.phrases`)."""
    key = ("bounded-before", sent.ts, sent.te, sent.matches_key())
    if key not in sent.phrases:
        sent.phrases[key] = _ar_bounded_before(sent)
    return sent.phrases[key]


def _ar_bounded_before(sent: Sentence) -> ActorMatch | None:
    i = sent.word_index(sent.ts) - 1
    picked: list[int] = []
    while i >= 0 and len(picked) < 3:
        nxt = sent.words[picked[0]][0] if picked else sent.ts
        if sent.text[sent.words[i][1] : nxt].strip(' "'):
            break
        if sent.is_stop(i) or sent.in_words(i, sent.cfg.openers_leading):
            break
        if sent.in_words(i, sent.cfg.means):
            return None  # "عدة قذائف هاون سقطت": a weapon, not a victim
        picked.insert(0, i)
        i -= 1
    bounded = (
        i < 0
        or sent.in_words(i, sent.cfg.openers)
        or bool(picked and sent.text[sent.words[i][1] : sent.words[picked[0]][0]].strip(' "'))
    )
    if not picked or not bounded:
        return None
    return np_span(sent, sent.words[picked[0]][0], sent.words[picked[-1]][1], victim=True)


def ar_np_before(sent: Sentence) -> ActorMatch | None:
    """The Arabic noun phrase after the nearest subordinator ("ان") or auxiliary ("كان") within eight
    words before the trigger, up to the trigger; remembered like :func:`ar_bounded_before`."""
    key = ("np-before", sent.ts, sent.te, sent.matches_key())
    if key not in sent.phrases:
        sent.phrases[key] = _ar_np_before(sent)
    return sent.phrases[key]


def _ar_np_before(sent: Sentence) -> ActorMatch | None:
    ti = sent.word_index(sent.ts)
    text, words, texts, openers = sent.text, sent.words, sent.texts, sent.cfg.openers
    for j in range(ti - 1, max(-1, ti - 17), -1):
        if j + 1 < len(words) and text[words[j][1] : words[j + 1][0]].strip(' "'):
            break  # punctuation: another clause
        if j == ti - 1 and sent.lang == "ar" and sent.base(j) == "قد":
            continue  # "كان 40 جنديا قد قتلوا": the subject stands before قد
        if texts[j] in openers or sent.base(j) in openers:  # :meth:`Sentence.in_words`, inlined
            return np_after(sent, sent.words[j][1], limit=sent.ts, victim=True)
    return None


def victim_like(sent: Sentence, np: ActorMatch) -> bool:
    """People, counts or civilians: a victim, not a perpetrator ("ان 13 شخصا قتلوا", "جنديين قتلا")."""
    i = sent.word_index(np.start)
    if np.actor.side == "civilians" or sent.is_count(i):
        return True
    if sent.in_words(i, sent.cfg.persons):
        return not has_object(sent)  # "أن رجالا ملثمين خطفوا الطبيب": people who act on an object
    word = sent.text[sent.ts : sent.te]
    killed = word in sent.cfg.kill_verbs or without_clitic(word) in sent.cfg.kill_verbs
    counted = (
        sent.is_count(i - 1)
        or (i >= 2 and sent.word_at(i - 1) == "من" and sent.is_count(i - 2))
        or sent.in_words(i, sent.cfg.member)
        and not np.registered
    )
    return killed and counted and not has_object(sent)  # "أن 5 مسلحين خطفوا طفلا": they acted


def other_head(sent: Sentence, a: int, b: int) -> bool:
    """A count, member or person noun between positions a and b: a group after it belongs to that noun."""
    lo, hi = sent.word_index(a), sent.word_index(b)
    return any(sent.is_count(k) or sent.in_words(k, sent.cfg.people) for k in range(lo, hi))
