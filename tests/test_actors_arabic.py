"""Arabic role syntax: which words make the perpetrator's and the target's noun phrases, and the constructions
that put them where they are (tracker.actors._RoleFinder).

Every sentence here is written for these tests; names of people and groups are invented. A case names the
trigger by its words and the expected ``actor1_text`` / ``actor2_text`` (as written, before folding; None = no
actor); the canonical actor is checked only where the case is about it.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from tracker.actors import default_tagger
from tracker.text.normalize import normalize

UNIDENTIFIED = "Unidentified Armed Group (Syria)"


class SpanCase(NamedTuple):
    id: str
    why: str  # the construction the case exists for
    text: str
    trigger: str
    actor1_text: str | None
    actor2_text: str | None
    actor1: str | None = None  # canonical name, checked when given ("" = words kept, no registered actor)


def _roles(case: SpanCase):
    text = normalize(case.text).text
    trig = normalize(case.trigger).text
    start = text.find(trig)
    assert start >= 0, case.trigger
    return default_tagger().roles(text, "ar", trigger=(start, start + len(trig)), clauses=[(0, len(text))])


def _folded(words: str | None) -> str | None:
    return None if words is None else normalize(words).text


NOUN_PHRASES = [
    SpanCase(
        "agreeing-adjective-object",
        "an indefinite object with its relative adjective",
        "قتلت قوات النظام جنديا أردنيا قرب الحدود",
        "قتلت",
        "قوات النظام",
        "جنديا أردنيا",
    ),
    SpanCase(
        "agreeing-adjectives-subject",
        "a subject with two agreeing adjectives, the last one also a registered description",
        "هاجم مسلحون عراقيون مجهولون حاجزا للشرطة",
        "هاجم",
        "مسلحون عراقيون مجهولون",
        "حاجزا للشرطة",
        UNIDENTIFIED,
    ),
    SpanCase(
        "title-and-name",
        "a title takes the person's name, even a name that begins with و",
        "اغتال مسلحون النائب وليد حمدان في درعا",
        "اغتال",
        "مسلحون",
        "النائب وليد حمدان",
    ),
    SpanCase(
        "group-noun-and-name",
        "a group noun takes the group's name",
        "قتل ثلاثة جنود في هجوم نفذته حركة شباب التحرير قرب الحدود",
        "قتل",
        "حركة شباب التحرير",
        "جنود",
    ),
    SpanCase(
        "member-in-group",
        "a member noun with في and its group",
        "اغتال مجهولون ضابطا في الشرطة المحلية قرب السوق",
        "اغتال",
        "مجهولون",
        "ضابطا في الشرطة المحلية",
    ),
    SpanCase(
        "member-from-quoted-group",
        "a member noun with من and a quoted group name",
        'قتل الجيش عنصرين من "كتائب الحسام" قرب المدينة',
        "قتل",
        "الجيش",
        'عنصرين من "كتائب الحسام"',
    ),
    SpanCase(
        "coordinated-victims",
        "victims joined by و",
        "قتل المسلحون ثلاثة مدنيين وجنديا في الهجوم",
        "قتل",
        "المسلحون",
        "مدنيين وجنديا",
    ),
    SpanCase(
        "waw-noun",
        "a noun that begins with و is not a new clause",
        "جرح وزير الزراعة في تفجير استهدف موكبه",
        "جرح",
        "تفجير",
        "وزير الزراعة",
    ),
    SpanCase(
        "ends-at-agent-marker",
        "the victims end where the agent marker starts",
        "قتل أحد عناصر الحرس بنيران مسلحين مجهولين",
        "قتل",
        "مسلحين مجهولين",
        "عناصر الحرس",
    ),
    SpanCase(
        "no-genitive-after-ending",
        "a definite word after an indefinite noun with its ending is not its genitive",
        "اغتال مسلحون الشيخ ياسر العلي أمام منزله",
        "اغتال",
        "مسلحون",
        "الشيخ ياسر العلي",
    ),
    SpanCase(
        "name-then-adjective",
        "a name after a group noun, then its adjective",
        "قتل الجيش خمسة مقاتلين موالين لحركة طالبان الأفغانية أمس",
        "قتل",
        "الجيش",
        "مقاتلين موالين لحركة طالبان الأفغانية",
    ),
    SpanCase(
        "death-noun-genitive",
        "the genitive of a death noun is the victim, not the subject",
        "أكدت مصادر مقتل قائد اللواء العاشر في غارة جوية",
        "مقتل",
        "غارة جوية",
        "قائد اللواء العاشر",
    ),
]


def _check(case: SpanCase) -> None:
    roles = _roles(case)
    got = (roles.actor1.text if roles.actor1 else None, roles.actor2.text if roles.actor2 else None)
    assert got == (_folded(case.actor1_text), _folded(case.actor2_text)), roles.why
    if case.actor1 is not None:
        assert roles.actor1 is not None and roles.actor1.actor.name == case.actor1


@pytest.mark.parametrize("case", NOUN_PHRASES, ids=lambda c: c.id)
def test_noun_phrases(case: SpanCase) -> None:
    _check(case)


CONSTRUCTIONS = [
    SpanCase(
        "speaker-pronoun-unregistered",
        "أعلن X أنه قتل: the pronoun on أن right before the verb is the speaker, also a group not registered",
        "وأعلن الحرس الوطني أنه قتل ثلاثة مسلحين قرب الحدود",
        "قتل",
        "الحرس الوطني",
        "مسلحين",
    ),
    SpanCase(
        "kana-qad-passive",
        "كان + counted victims + قد + kill verb",
        "وكان خمسة جنود قد قتلوا في هجوم على الحاجز",
        "قتلوا",
        None,
        "جنود",
    ),
    SpanCase(
        "object-pronoun-verb",
        "a verb with an object pronoun: its subject follows, the phrase before it is the object",
        "وقال مصدر إن عمالا مصريين خطفهم مسلحون قرب الحدود",
        "خطفهم",
        "مسلحون",
        "عمالا مصريين",
    ),
    SpanCase(
        "support-verb-vso",
        "نفذ + subject + air strike: the subject attacked, the target follows على",
        "نفذت القوات الخاصة ضربة جوية على مخبأ للمهربين",
        "ضربة",
        "القوات الخاصة",
        "مخبأ للمهربين",
    ),
    SpanCase(
        "support-verb-svo",
        "subject + يشن + raid",
        "وكان سلاح البحرية يشن غارة على الميناء",
        "غارة",
        "سلاح البحرية",
        "الميناء",
    ),
    SpanCase(
        "coordinated-verbs",
        "a verb joined by و shares the subject of the violent verb before it",
        "اقتحم مسلحو العشيرة مبنى البلدية وقتلوا حارسين",
        "وقتلوا",
        "مسلحو العشيرة",
        "حارسين",
    ),
    SpanCase(
        "noun-before-registered-adjective",
        "the subject noun before a registered description",
        "وقتل مهاجم انتحاري عشرة جنود عند الحاجز",
        "وقتل",
        "مهاجم انتحاري",
        "جنود",
        UNIDENTIFIED,
    ),
    SpanCase(
        "people-acting-on-object",
        "people before a verb that has an object are its subject, not victims",
        "وقالت الأسرة إن رجالا ملثمين خطفوا ابنها من المدرسة",
        "خطفوا",
        "رجالا ملثمين",
        "ابنها",
    ),
    SpanCase(
        "member-in-army-not-cause",
        "في + a group after a member noun is membership, not the cause",
        "وقتل انتحاري 12 مجندا في الجيش قرب الثكنة",
        "وقتل",
        "انتحاري",
        "مجندا في الجيش",
        UNIDENTIFIED,
    ),
    SpanCase(
        "joined-kill-verbs",
        "قتل وجرح + counted victims",
        "قتل وجرح عشرون شرطيا في هجوم مسلح",
        "قتل",
        "مسلح",
        "شرطيا",
    ),
    SpanCase(
        "weapon-fired-at",
        "a weapon as object, time words, then على + target",
        "وأطلق المسلحون عشرات القذائف فجر اليوم على الأحياء السكنية",
        "وأطلق",
        "المسلحون",
        "الأحياء السكنية",
    ),
    SpanCase(
        "bomber-near",
        "فجر نفسه قرب X",
        "فجر انتحاري نفسه قرب حافلة للجنود",
        "فجر",
        "انتحاري",
        "حافلة للجنود",
    ),
    SpanCase(
        "blast-in-front-of",
        "an explosion in front of X",
        "انفجرت سيارة مفخخة أمام مقر البلدية",
        "انفجرت",
        "سيارة مفخخة",
        "مقر البلدية",
    ),
    SpanCase(
        "result-clause",
        "ما أسفر عن مقتل X",
        "انفجرت عبوة ناسفة في السوق ما أسفر عن مقتل ثلاثة أشخاص",
        "انفجرت",
        "عبوة ناسفة",
        "أشخاص",
    ),
    SpanCase(
        "speaker-own-men",
        "أعلن X مقتل اثنين من عناصره: the speaker's own men",
        "أعلنت الشرطة مقتل اثنين من عناصرها في كمين",
        "مقتل",
        None,
        "الشرطة",
    ),
    SpanCase(
        "member-and-group-adjacent",
        "a member noun and the group right after it are one phrase",
        "وتأتي التصريحات بعد مقتل 15 جنديا تركيا في هجوم",
        "مقتل",
        None,
        "جنديا تركيا",
    ),
    SpanCase(
        "glued-preposition-stops",
        "وفي opens an adverbial, not the subject",
        "وفي حادث آخر استهدف انتحاري مركزا للشرطة",
        "استهدف",
        "انتحاري",
        "مركزا للشرطة",
    ),
    SpanCase(
        "sentence-final-full-stop",
        "the full stop after the last word does not hide its ending",
        "وأكدت الفتاة أنه تم اختطافها من قبل عدة ضباط سوريين.",
        "اختطافها",
        "ضباط سوريين",
        None,
    ),
    SpanCase(
        "object-after-time-word",
        "a quoted verb, a time word, then its object: the people before the verb acted",
        'وأفاد شهود بأن شبان الحي "خطفوا" أمس مدير المدرسة',
        "خطفوا",
        "شبان الحي",
        "مدير المدرسة",
    ),
    SpanCase(
        "kana-apposition-qad",
        "كان + quoted subject + an apposition between commas + قد + verb",
        'وكانت "سرايا الجبل"، الذراع المسلحة لحزب صغير، قد قصفت مخفرا للشرطة',
        "قصفت",
        "سرايا الجبل",
        "مخفرا للشرطة",
    ),
    SpanCase(
        "counted-subject-reflexive",
        "a count after فجر is its subject when a reflexive object follows",
        "فجر ثلاثة انتحاريين أنفسهم في مركز للشرطة",
        "فجر",
        "انتحاريين",
        None,
    ),
    SpanCase(
        "quantified-subject-fired",
        "بعض + subject + النار + على target",
        "أطلق بعض الحراس النار على المتظاهرين",
        "أطلق",
        "الحراس",
        "المتظاهرين",
    ),
    SpanCase(
        "named-bomber",
        "a bomber 'called' + his name",
        "وقالت الشرطة إن الهجوم نفذه انتحاري يدعى سامي الحلبي",
        "الهجوم",
        "انتحاري يدعى سامي الحلبي",
        None,
    ),
    SpanCase(
        "member-subject-with-object",
        "fighters before a kill verb that has an object are its subject",
        "ذكرت مصادر أن المتمردين من الموالين للحركة اختطفوا خمسة جنود",
        "اختطفوا",
        "المتمردين من الموالين للحركة",
        "جنود",
    ),
    SpanCase(
        "means-genitive-not-attacker",
        "the genitive of a bombing is what was bombed, not part of the attacker",
        "وأسفر تفجير المساجد عن مقتل عشرين شخصا",
        "تفجير",
        "تفجير",
        "المساجد",
    ),
    SpanCase(
        "lam-article-adjective",
        "ل + ال (written لل) is definite: its adjective follows",
        "استهدفت دورية خاصة للمسلحين الحوثيين حاجزا للجيش",
        "استهدفت",
        "دورية خاصة للمسلحين الحوثيين",
        "حاجزا للجيش",
    ),
    SpanCase(
        "group-link-not-across-verb",
        "an attack is not coded as the group named in its object",
        "قال مصدر إن عملية انتحارية بسيارة مفخخة استهدفت أمس رتلا لقوات التحالف قرب المدينة",
        "استهدفت",
        "عملية انتحارية بسيارة مفخخة",
        "رتلا لقوات التحالف",
    ),
]


@pytest.mark.parametrize("case", CONSTRUCTIONS, ids=lambda c: c.id)
def test_constructions(case: SpanCase) -> None:
    _check(case)
