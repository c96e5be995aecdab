"""The packaged registry at work: actor finding, renamed groups, reporting sources, headline and claimant actors.

Every sentence here is written for these tests. The role grammar's cases are data (tests/data/cases_actors.yaml,
run by tests/test_actor_cases.py over a fictional registry); the tests here are about the real registry's words.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.actors import UNREGISTERED, ActorTagger, default_tagger, load_registry
from tracker.text.normalize import normalize

REGIME = "Military Forces of Syria (2000-2024)"
SAAF = "Military Forces of Syria (2000-2024) Syrian Arab Air Force"
RUSSIA = "Military Forces of Russia (2000-)"
ISIS = "Islamic State (Syria)"
COALITION = "Global Coalition Against Daesh"


def _span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    i = text.find(normalize(words).text, after)
    assert i >= 0, words
    return i, i + len(normalize(words).text)


def _name(match) -> str | None:
    return None if match is None else match.actor.name


@pytest.mark.parametrize(
    "lang,text,when,expected",
    [
        ("ar", "هاجمت جبهة النصرة حاجزا", date(2016, 3, 1), "Jabhat al-Nusra"),
        ("ar", "هاجمت جبهة النصرة حاجزا", date(2016, 10, 1), "Jabhat Fateh al-Sham"),
        ("ar", "هاجمت جبهة النصرة حاجزا", date(2018, 1, 1), "HTS: Hayat Tahrir al Sham"),
        ("en", "Nusra Front fighters attacked", date(2017, 6, 1), "HTS: Hayat Tahrir al Sham"),
        ("en", "Hayat Tahrir al-Sham attacked", date(2015, 6, 1), "Jabhat al-Nusra"),
        ("en", "Hayat Tahrir al-Sham attacked", None, "HTS: Hayat Tahrir al Sham"),
    ],
    ids=["nusra-before", "nusra-jfs-period", "nusra-after", "en-nusra-after", "hts-before", "no-date"],
)
def test_renamed_groups_follow_the_date(lang: str, text: str, when: date | None, expected: str) -> None:
    found = default_tagger().find(normalize(text).text, lang, when=when)
    assert [m.actor.name for m in found] == [expected]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Security forces opened fire on mourners in the old town", "Police Forces of Syria (2000-2024)"),
        ("Turkish security forces detained two smugglers", "Military Forces of Turkey (2016-)"),
        ("Army defectors ambushed a patrol near the bridge", "Opposition Rebels (Syria)"),
        ("State television said armed gangs attacked a checkpoint", "Opposition Rebels (Syria)"),
        ("The Islam Army fired rockets at the capital", "Jaysh al-Islam"),
        ("NATO said its aircraft struck a compound", "NATO: North Atlantic Treaty Organization"),
        ("French jets struck a depot near the river", "Military Forces of France"),
        ("Iraqi forces shelled the border crossing", "Military Forces of Iraq (2014-)"),
        ("Jordanian troops fired on a vehicle at the fence", "Military Forces of Jordan (1999-)"),
    ],
    ids=[
        "security-forces",
        "foreign-security-forces",
        "defectors",
        "armed-gangs",
        "islam-army",
        "nato",
        "france",
        "iraq",
        "jordan",
    ],
)
def test_names_of_syrian_sides(text: str, expected: str) -> None:
    """Words reporters used for the government's security forces and for the armed opposition."""
    found = default_tagger().find(normalize(text).text, "en")
    assert [m.actor.name for m in found][:1] == [expected]


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        ("ar", "والنظام يقصف", ["النظام"]),
        ("ar", "تعرضت لقصف للنظام وقوات الأسد", ["للنظام", "قوات الاسد"]),
        ("ar", "قال مسؤول في نظامنا", []),
        ("en", "the coalition's statement", ["the coalition"]),
        ("en", "Assad regime forces and Russian jets", ["assad regime forces", "russian jets"]),
        ("en", "This is a regimen of drugs", []),
        ("en", "anti-Assad rallies spread to the coast", []),
    ],
    ids=[
        "ar-clitic-waw",
        "ar-lam-al",
        "ar-no-partial-word",
        "en-possessive",
        "en-two",
        "en-no-partial-word",
        "en-anti",
    ],
)
def test_find_word_boundaries(lang: str, text: str, expected: list[str]) -> None:
    assert [m.text for m in default_tagger().find(normalize(text).text, lang)] == expected


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        (
            "ar",
            "قتل خمسة مدنيين في قصف على دوما، وفق المرصد السوري لحقوق الإنسان",
            "Syrian Observatory for Human Rights",
        ),
        ("ar", "ذكرت وكالة سانا أن قذائف سقطت على حي المزة", "SANA"),
        ("ar", "قال الدفاع المدني إن فرقه انتشلت جثث ثلاثة أطفال", "Syria Civil Defence (White Helmets)"),
        ("ar", "أعلنت وزارة الدفاع الروسية تسجيل خروقات للهدنة", "Russian Ministry of Defence"),
        ("ar", "أفاد ناشطون بمقتل شخصين", "Activists"),
        (
            "en",
            "Six people died in the raid, a monitor based in Britain, the Syrian Observatory for Human Rights, reported",
            "Syrian Observatory for Human Rights",
        ),
        (
            "en",
            "The White Helmets rescue group said it had pulled 12 bodies from the rubble",
            "Syria Civil Defence (White Helmets)",
        ),
        ("en", "The Local Coordination Committees reported shelling", "Local Coordination Committees"),
        ("en", "Two soldiers died in the attack", None),
    ],
    ids=[
        "ar-sohr",
        "ar-sana",
        "ar-civil-defence",
        "ar-russian-mod",
        "ar-activists",
        "en-sohr",
        "en-white-helmets",
        "en-lcc",
        "en-none",
    ],
)
def test_reporter(lang: str, text: str, expected: str | None) -> None:
    assert default_tagger().reporter(normalize(text).text, lang) == expected


def test_reporter_prefers_source_next_to_cue() -> None:
    text = normalize("SANA blamed terrorists for the blast, while the Syrian Observatory said 7 died").text
    assert default_tagger().reporter(text, "en") == "Syrian Observatory for Human Rights"


def test_reporter_is_not_an_actor() -> None:
    text = normalize("اتهم ناشطون قوات النظام بقصف البلدة").text
    trigger = _span(text, "بقصف")
    roles = default_tagger().roles(text, "ar", trigger=trigger, clauses=[(0, len(text))])
    assert _name(roles.actor1) == REGIME


FICTIONAL = """
sides: [government, opposition, other, civilians, unknown]
actor_types: {1: State forces, 2: Rebel groups, 3: Political militias, 4: Identity militias, 5: Rioters,
  6: Protesters, 7: Civilians, 8: External/Other forces}
actors:
  - id: ruritania
    name: Military Forces of Ruritania
    side: government
    type: 1
    aliases: {en: [Ruritanian army], ar: [الجيش الروريتاني]}
    modifiers: {en: [Ruritanian]}
  - id: blue
    name: Blue Brigades
    side: opposition
    type: 2
    aliases: {en: [Blue Brigades], ar: [الكتائب الزرقاء]}
  - id: people
    name: Civilians (Ruritania)
    side: civilians
    type: 7
    aliases: {en: [villagers]}
means:
  en:
    - words: [drones]
"""


def test_fictional_registry_replaces_packaged(tmp_path: Path) -> None:
    # Role grammar runs on a tiny dictionary of our own, so editing the real registry cannot break it,
    # and a user can describe another conflict in data alone.
    path = tmp_path / "ruritania.yaml"
    path.write_text(FICTIONAL, encoding="utf-8")
    assert {a.name for a in load_registry(path, replace=True)} == {
        "Military Forces of Ruritania",
        "Blue Brigades",
        "Civilians (Ruritania)",
    }
    tagger = ActorTagger(registry_path=path, replace=True)
    text = normalize("Five villagers were killed by Ruritanian drones").text
    roles = tagger.roles(text, "en", trigger=_span(text, "killed"), clauses=[(0, len(text))])
    assert (_name(roles.actor1), _name(roles.actor2)) == (
        "Military Forces of Ruritania",
        "Civilians (Ruritania)",
    )
    ar = normalize("اشتباكات بين الجيش الروريتاني والكتائب الزرقاء").text
    roles = tagger.roles(ar, "ar", trigger=_span(ar, "اشتباكات"), clauses=[(0, len(ar))])
    assert (_name(roles.actor1), _name(roles.actor2)) == ("Military Forces of Ruritania", "Blue Brigades")


def test_added_actor_extends_packaged(tmp_path: Path) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(FICTIONAL, encoding="utf-8")
    names = {a.name for a in load_registry(path)}
    assert {"Blue Brigades", "Islamic State (Syria)"} <= names


def test_unregistered_match_has_no_name() -> None:
    text = normalize("Tribal militiamen attacked a checkpoint").text
    roles = default_tagger().roles(text, "en", trigger=_span(text, "attacked"), clauses=[(0, len(text))])
    assert roles.actor1 is not None and not roles.actor1.registered
    assert roles.actor1.actor == UNREGISTERED and roles.actor1.actor.name == ""


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list('قتل النظام داعش و ب 12 ,."Killed by the regime ISIS')), max_size=80
    ),
    st.data(),
)
def test_roles_never_fail_and_spans_hold(raw: str, data: st.DataObject) -> None:
    text = normalize(raw).text
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    for lang in ("ar", "en"):
        roles = default_tagger().roles(text, lang, trigger=(start, end), clauses=[(0, len(text))])
        for m in (roles.actor1, roles.actor2):
            if m is not None:
                assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "lang,title,lead,expected",
    [
        (
            "en",
            "Coalition air strikes kill 30 civilians near Raqqa",
            "At least 30 people died on Monday.",
            COALITION,
        ),
        ("en", "Thirty dead in Raqqa", "Russian jets struck the market on Monday, killing 30.", RUSSIA),
        ("ar", "مقتل 12 مدنيا بغارات روسية على إدلب", None, RUSSIA),
        ("en", "Thirty dead in Raqqa", "The toll rose on Monday.", None),
        (
            "en",
            "Air strikes kill nine in Idlib",
            "Government helicopters dropped barrel bombs on the town on Monday, killing nine.",
            SAAF,
        ),
        ("en", "Turkey says sarin was used in the attack", None, None),
    ],
    ids=["en-title", "en-lead", "ar-title", "en-none", "en-name-over-description", "en-speaker"],
)
def test_article_actor(lang: str, title: str, lead: str | None, expected: str | None) -> None:
    m = default_tagger().article_actor(normalize(title).text, normalize(lead).text if lead else None, lang)
    assert _name(m) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "A car bomb killed 12 people in Azaz on Sunday. The Islamic State group claimed responsibility for "
            "the attack on Monday.",
            ISIS,
        ),
        (
            "A car bomb killed 12 people in Azaz on Sunday. Nobody claimed responsibility for the attack.",
            None,
        ),
        (
            "Rebels shelled Aleppo. Islamic State has not claimed responsibility for the bombing in Azaz.",
            None,
        ),
        ("A bomb hit Azaz. Suicide bombers claimed responsibility for the attack.", None),
    ],
    ids=["claim", "nobody", "negated", "description"],
)
def test_article_claimant(text: str, expected: str | None) -> None:
    m = default_tagger().article_claimant(normalize(text).text, "en")
    assert _name(m) == expected


@pytest.mark.parametrize(
    "when,expected",
    [
        (date(2014, 6, 1), SAAF),
        (date(2015, 9, 29), SAAF),
        (date(2015, 9, 30), "Allied Syrian and/or Russian Forces"),
        (None, "Allied Syrian and/or Russian Forces"),
    ],
    ids=["2014", "eve-of-russian-campaign", "first-day", "undated"],
)
def test_unnamed_warplanes_before_russia_joined(when: date | None, expected: str) -> None:
    """Unnamed warplanes are the joint Syrian-Russian actor only once Russia's air campaign began."""
    t = default_tagger()
    text = normalize("Warplanes struck the market").text
    found = t.find(text, "en")
    assert [t.coded(m.actor, when).name for m in found] == [expected]


@pytest.mark.parametrize(
    "lang,text,trigger,expected",
    [
        ("en", "Four demonstrators were shot dead outside the town hall.", "shot", REGIME),
        ("en", "Two conscripts trying to defect were executed at a checkpoint.", "executed", REGIME),
        ("en", "A teacher died under torture in a prison near the capital.", "died", REGIME),
        ("ar", "قتل ثلاثة متظاهرين برصاص في ساحة البلدة", "قتل", REGIME),
        ("ar", "توفي معتقل تحت التعذيب في أحد الفروع الأمنية", "توفي", REGIME),
        ("en", "A defected officer was among the rebels killed in the fighting.", "killed", None),
        ("en", "Four farmers were shot dead near the village.", "shot", None),
    ],
)
def test_state_victims(lang: str, text: str, trigger: str, expected: str | None) -> None:
    # protesters, would-be defectors and deaths in detention are the state's victims; a defector killed
    # fighting, or victims described otherwise, imply nobody
    norm = normalize(text).text
    found = default_tagger().state_victims(norm, lang, trigger=_span(norm, trigger))
    assert (None if found is None else found.name) == expected
