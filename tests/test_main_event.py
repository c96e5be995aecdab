"""An article's news and its background: period tolls, earlier events, and the main event.

Our own articles. A report often recalls an earlier, deadlier attack or a toll since some month; those
must not become the article's main event, nor the place a reader is shown for it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import tracker
from tracker.extraction.pipeline import EARLIER_NOTE, main_events


def _extract(text: str, lang: str = "en", title: str | None = None, published: date = date(2017, 4, 9)):
    return tracker.extract_all(
        [{"id": "a", "text": text, "title": title, "lang": lang, "published": published}]
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Rebel shelling has killed more than 250 civilians in Aleppo since mid-February."),
        (
            "en",
            "Coalition raids have killed 480 civilians in Raqqa province since September 2015, the group said.",
        ),
        ("en", "Since then more than 90 people have been killed in the bombardment of Douma."),
        ("en", "In the past three weeks at least 140 people were killed in air strikes on Idlib."),
        ("en", "At least 70 fighters have been killed in Daraa since the offensive began."),
        ("ar", "قتل 140 مدنيا في قصف على مدينة دوما منذ مطلع شهر شباط"),
        ("ar", "قتل أكثر من 60 شخصا في غارات على ريف إدلب خلال الأسابيع الثلاثة الماضية"),
        ("ar", "وقتل 35 شخصا في حلب منذ عام 2015 بحسب المرصد"),
    ],
)
def test_period_tolls_are_aggregates_not_events(lang: str, text: str) -> None:
    out = _extract(text, lang)
    assert out.events.empty, out.events[["fatalities", "evidence"]].to_dict("records")
    assert len(out.aggregates) == 1


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Shelling killed 7 people in Saraqib on Sunday."),
        ("ar", "قتل 7 أشخاص في قصف على سراقب يوم الأحد"),
    ],
)
def test_a_dated_strike_is_still_an_event(lang: str, text: str) -> None:
    assert len(_extract(text, lang).events) == 1


ARTICLE = (
    "Air strikes killed 9 civilians in the town of Kafranbel on Saturday, rescuers said. "
    "The raids came three days after a suspected chemical attack killed 74 people in Khan Sheikhoun. "
    "In February a car bomb killed 51 people in al-Bab."
)


def test_earlier_events_are_background() -> None:
    ev = _extract(ARTICLE).events.sort_values("span_start")
    assert list(ev["fatalities"]) == [9, 74, 51]
    # one by its words ("came three days after"), one by its date (February, before an April report)
    assert list(ev["background"]) == [False, True, True]
    # and people read it in the notes, once
    assert [n.count(EARLIER_NOTE) for n in ev["notes"].fillna("")] == [0, 1, 1]


def test_the_main_event_is_decided_by_the_background_column_not_by_the_notes() -> None:
    ev = _extract(ARTICLE).events
    assert main_events(ev.assign(notes=None)).loc["a", "fatalities"] == 9
    # the deadliest event, once it is no longer background, is the main one
    assert main_events(ev.assign(background=False)).loc["a", "fatalities"] == 74


def test_main_event_is_the_deadliest_of_the_news_not_of_the_background() -> None:
    main = main_events(_extract(ARTICLE).events)
    assert list(main.index) == ["a"]
    assert main.loc["a", "fatalities"] == 9
    assert main.loc["a", "admin1"] == "Idleb"


def test_main_event_is_the_deadliest_when_all_are_news() -> None:
    text = (
        "Shelling killed 4 people in Ariha on Saturday. "
        "On the same day government air strikes killed 16 people in Saraqib."
    )
    main = main_events(_extract(text).events)
    assert main.loc["a", "fatalities"] == 16


def test_background_words_before_another_figure_do_not_count() -> None:
    # the recalled attack comes after today's figure: today's strike is the news
    text = (
        "Air strikes killed 11 people in Binnish on Saturday, a week after a bombing killed 30 in Idlib city."
    )
    ev = _extract(text).events.sort_values("span_start")
    assert not ev["background"].iloc[0]
    assert main_events(ev).loc["a", "fatalities"] == 11


def test_arabic_earlier_event_by_words() -> None:
    text = (
        "قتل 6 مدنيين في قصف على بلدة سرمين اليوم. "
        "وياتي ذلك بعد أيام من غارات قتل فيها 40 شخصا في مدينة إدلب الشهر الماضي."
    )
    ev = _extract(text, "ar").events.sort_values("span_start")
    assert list(ev["fatalities"]) == [6, 40]
    assert list(ev["background"]) == [False, True]
    assert main_events(ev).loc["a", "fatalities"] == 6


def test_main_events_of_nothing_is_empty() -> None:
    empty = _extract("The talks in Geneva ended without agreement.").events
    assert main_events(empty).empty
    assert isinstance(main_events(empty), pd.DataFrame)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a government, not a scene
        ("Russia says air strikes killed 12 militants near Palmyra on Monday.", "Tadmor"),
        ("Washington and Paris accuse the regime of the attack that killed 40 people in Douma.", "Duma"),
        # a masthead, not a scene
        ("Shelling kills 5 in Douma | Jordan Times", None),
    ],
)
def test_a_country_or_capital_named_bare_is_not_the_place(text: str, place: str | None) -> None:
    ev = _extract(text).events
    assert len(ev) == 1
    if place is None:
        assert ev["country"].iloc[0] in ("Syria", None) or pd.isna(ev["country"].iloc[0])
    else:
        assert ev["location"].iloc[0] == place


@pytest.mark.parametrize(
    ("lang", "text", "country"),
    [
        ("en", "In Iraq, a suicide bomber killed 17 people at a checkpoint on Monday.", "Iraq"),
        ("en", "Rockets fired from Syria killed 2 people in the Turkish border town of Kilis.", "Turkey"),
        ("ar", "قتل 17 شخصا في تفجير انتحاري بالعراق يوم الاثنين", "Iraq"),
    ],
)
def test_a_place_abroad_after_a_locative_word_is_the_place(lang: str, text: str, country: str) -> None:
    ev = _extract(text, lang).events
    assert list(ev["country"]) == [country]


def test_a_label_place_is_not_the_scene() -> None:
    text = "Kurdish-led fighters killed 14 IS (banned in Russia) militants near Tal Abyad on Sunday."
    ev = _extract(text).events
    assert list(ev["admin1"]) == ["Ar-Raqqa"]


def test_on_the_border_with_a_neighbour_the_scene_is_syrian() -> None:
    ev = _extract("Gunmen executed 6 men in a village on the border with Iraq last week.").events
    assert len(ev) == 1 and ev["country"].iloc[0] != "Iraq"


def test_a_headline_naming_only_the_country_takes_the_leads_place() -> None:
    ev = _extract(
        "Medics counted the dead in the town of Jisr al-Shughur on Friday.",
        title="Air strikes kill 23 in Syria, monitor says",
    ).events
    headline = ev[ev["notes"].fillna("").str.contains("from the headline")]
    assert list(headline["fatalities"]) == [23]
    assert headline["admin1"].iloc[0] == "Idleb"
    assert headline["geo_precision"].iloc[0] >= 2


def test_the_next_sentences_place_must_agree_with_the_headlines_governorate() -> None:
    text = (
        "At least 15 people were killed on Saturday when a car bomb went off at a checkpoint. "
        "Officials in Qamishli condemned the attack, the third this month."
    )
    ev = _extract(text, title="Car bomb kills 15 near Azaz").events
    assert list(ev["admin1"]) == ["Aleppo"]
    # with no headline place, the next sentence still says where
    ev = _extract(text).events
    assert list(ev["admin1"]) == ["Al-Hasakeh"]


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("Rival factions clashed in Eastern Gouta, leaving 19 fighters dead.", "Rural Damascus"),
        ("Turkish shelling killed 4 civilians in Efrin on Monday.", "Aleppo"),
        # the mountains, not the Latakia village of the same spelling, unless Latakia is named
        ("Rival groups fought on the Qalmoun barrens, leaving 25 fighters dead.", "Rural Damascus"),
        ("Shelling killed 3 people in Qalmun near Qardaha in Latakia province.", "Lattakia"),
        # a spelling found by its consonants, though its first word alone is a common-word village
        ("Militants attacked army posts in Khan Touman, killing 9 soldiers.", "Aleppo"),
    ],
)
def test_wire_spellings_of_well_known_places(text: str, admin1: str) -> None:
    assert list(_extract(text).events["admin1"]) == [admin1]


def test_a_figure_with_no_place_of_its_own_takes_the_governorate_the_story_names_most() -> None:
    text = (
        "Families buried their dead on Sunday. "
        "Many had waited for hours at the cemetery gates. "
        "Rescuers searched the rubble in Saraqib and in nearby Sarmin through the night. "
        "Talks on a truce stalled again in Geneva. "
        "Medics said 14 people had been killed."
    )
    ev = _extract(text).events
    assert list(ev["fatalities"]) == [14]
    assert ev["admin1"].iloc[0] == "Idleb"
    assert ev["geo_precision"].iloc[0] == 3
    assert "governorate the article names most" in ev["notes"].iloc[0]


def test_a_figure_in_a_story_that_names_no_syrian_place_stays_unplaced() -> None:
    ev = _extract("Talks stalled in Geneva on Sunday. Medics said 14 people had been killed.").events
    assert ev["admin1"].isna().all()


def test_in_english_the_place_after_the_figure_is_the_figures() -> None:
    ev = _extract("Troops retake hill in Homs kill 50 militants in Hama").events
    assert list(ev["admin1"]) == ["Hama"]


def test_a_hyphen_ends_the_phrase_before_a_capital_abroad() -> None:
    text = (
        "Medics said 9 people had been killed in the raids on Sunday. "
        "Bombers hit depots in Afghanistan - Reports MOSCOW (Sputnik) Officials met on Monday."
    )
    ev = _extract(text).events
    assert list(ev["fatalities"]) == [9]
    assert ev["country"].iloc[0] != "Russia"


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("Gunmen carried out the killing of 4 shepherds near Suran on Tuesday.", 4),
        ("A video shows the execution of 9 prisoners in a square in al-Mayadin.", 9),
        ("Activists reported the murder of 3 teachers in Ariha.", 3),
    ],
)
def test_nominal_killings_are_counted(text: str, fatalities: int) -> None:
    assert list(_extract(text).events["fatalities"]) == [fatalities]


def test_a_web_pages_list_of_other_stories_is_not_the_articles_news() -> None:
    text = (
        "Shelling killed 3 people in Jobar on Monday, residents said. "
        "Related News Car bomb kills 40 in Azaz - Monitor Strikes kill 17 in Raqqa"
    )
    ev = _extract(text).events
    assert list(ev["fatalities"]) == [3]


@pytest.mark.parametrize(
    ("lang", "text", "admin1"),
    [
        (
            "en",
            "A car bomb went off in the town of Jableh on Sunday, killing 31 people, a monitor based in London said.",
            "Lattakia",
        ),
        (
            "ar",
            "انفجرت سيارة مفخخة في مدينة جبلة، ما أدى الى مقتل 31 شخصا بحسب المرصد ومقره لندن",
            "Lattakia",
        ),
    ],
)
def test_where_a_monitor_is_based_is_not_the_scene(lang: str, text: str, admin1: str) -> None:
    assert list(_extract(text, lang).events["admin1"]) == [admin1]


def test_a_locative_word_belongs_to_the_place_right_after_it() -> None:
    # "in Syria MOSCOW (agency)": the dateline after the country is not where it happened
    ev = _extract("Russia says its strikes killed 40 militants in Syria Moscow AFP Saturday.").events
    assert list(ev["fatalities"]) == [40]
    assert ev["country"].iloc[0] != "Russia"


def test_a_merged_mention_keeps_one_coherent_place() -> None:
    # the headline names the town, the body's figure only a foreign dateline: one event, placed in Syria
    ev = _extract(
        "Warplanes killed 17 militants overnight, officials in Moscow said.",
        title="Air strikes kill 17 militants near Palmyra",
    ).events
    assert len(ev) == 1
    row = ev.iloc[0]
    assert row["admin1"] == "Homs" and row["country"] == "Syria" and row["location"] == "Tadmor"


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("12 Daesh terrorists were killed near Tabqa on Sunday.", 12),
        ("Over 40 ISIL terrorists killed in army operations east of Palmyra.", 40),
    ],
)
def test_terrorists_named_by_their_group_are_victims(text: str, fatalities: int) -> None:
    ev = _extract(text).events
    assert list(ev["fatalities"]) == [fatalities]
    assert ev["sub_event_type"].iloc[0] == "Armed clash"


def test_a_terrorist_attack_on_civilians_is_not_a_clash() -> None:
    ev = _extract(
        "Three civilians were killed and four hurt in a terrorist attack on a bakery in Aleppo."
    ).events
    assert list(ev["fatalities"]) == [3]
    assert list(ev["sub_event_type"]) == ["Attack"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Rescuers pulled 20 bodies from the rubble in the Jadida neighbourhood of Mosul on Monday."),
        ("ar", "قتل خمسة مدنيين بقذائف سقطت على حي المأمون في الساحل الايمن من الموصل"),
    ],
)
def test_a_quarter_of_a_city_abroad_is_abroad_though_a_syrian_village_shares_its_name(
    lang: str, text: str
) -> None:
    ev = _extract(text, lang).events
    assert list(ev["country"]) == ["Iraq"]
    assert ev["admin1"].isna().all()


def test_a_syrian_quarter_followed_by_its_syrian_city_stays_syrian() -> None:
    ev = _extract("Shelling killed 6 people in the Sakhour district of Aleppo on Monday.").events
    assert list(ev["admin1"]) == ["Aleppo"]


def test_the_headlines_perpetrator_beats_the_bodys_weakest_guess() -> None:
    ev = _extract(
        "Patrols managed to kill about 35 militants of the Nusra Front near Rahibeh.",
        title="Syrian army kills 35 Nusra fighters in ambush near Damascus",
        published=date(2015, 6, 1),
    ).events
    assert len(ev) == 1
    # the body's only other name is the victims' own group: the headline says who killed them
    assert ev["actor1_side"].iloc[0] == "government"
