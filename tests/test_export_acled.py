"""ACLED layout: conventions row by row (countries, actors, inter labels, civilian targeting, notes)."""

from __future__ import annotations

import pandas as pd
import pytest

import tracker
from tests.test_export import ROWS
from tracker.export import ACLED_COLUMNS, describe, to_acled
from tracker.schema import to_frame


def acled_row(**fields) -> pd.Series:
    return to_acled(to_frame([{"event_id": "x", **fields}])).iloc[0]


def test_columns_are_acleds_then_the_extractor_notes():
    acled = to_acled(to_frame(ROWS))
    assert list(acled.columns) == [*ACLED_COLUMNS, "extractor_notes"]
    assert list(to_acled(to_frame([])).columns) == list(acled.columns)
    assert str(acled["fatalities"].dtype) == "Int64" and str(acled["iso"].dtype) == "Int64"
    assert str(acled["inter1"].dtype) == "string"


def test_a_strike_on_civilians():
    row = to_acled(to_frame(ROWS)).iloc[0]
    assert (row["event_id_cnty"], row["event_date"], row["year"], row["time_precision"]) == (
        "SYRe1",
        "2017-01-23",
        2017,
        1,
    )
    assert (row["disorder_type"], row["inter1"], row["inter2"]) == (
        "Political violence",
        "State forces",
        "Civilians",
    )
    assert row["interaction"] == "State forces-Civilians"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert (row["iso"], row["region"], row["country"]) == (760, "Middle East", "Syria")
    assert row["source"] == "Example Wire; Syrian Observatory for Human Rights"
    assert (
        row["notes"]
        == "On 23 January 2017, Syrian government air strikes killed 7 civilians in Saraqib (Idleb)."
    )
    assert row["fatalities"] == 7 and row["tags"] == "ceasefire violation: nationwide-2016-12-30"
    assert pd.isna(row["extractor_notes"])


def test_a_lone_rebel_actor_without_date_or_figure():
    row = to_acled(to_frame(ROWS)).iloc[1]
    assert pd.isna(row["event_date"]) and pd.isna(row["year"]) and pd.isna(row["time_precision"])
    assert (row["inter1"], row["interaction"]) == ("Rebel group", "Rebel group only")
    assert pd.isna(row["actor2"]) and pd.isna(row["civilian_targeting"])
    assert (row["location"], row["geo_precision"]) == ("Aleppo", 3)  # the governorate, its precision
    assert row["fatalities"] == 0  # ACLED writes 0 when no figure is reported
    assert row["notes"] == (
        "On an unreported date, clashes involving opposition rebels took place in Aleppo governorate, "
        "with no casualty figure reported."
    )
    assert row["extractor_notes"] == "-2+3"  # the extractor's remark, in its own column


def test_the_older_style():
    acled = to_acled(to_frame(ROWS), legacy=True)
    assert acled["event_date"].tolist()[0] == "23 January 2017"
    assert acled["inter1"].tolist() == [1, 2] and acled["interaction"].tolist() == [17, 20]
    assert str(acled["interaction"].dtype) == "Int64"
    assert (
        to_acled(to_frame([{"event_date": "2017-01-04"}]), legacy=True)["event_date"][0] == "04 January 2017"
    )


@pytest.mark.parametrize(
    ("country", "iso3", "iso", "region"),
    [
        ("Yemen", "YEM", 887, "Middle East"),
        ("Saudi Arabia", "SAU", 682, "Middle East"),
        ("Iraq", "IRQ", 368, "Middle East"),
        ("Egypt", "EGY", 818, "Northern Africa"),
        ("Russia", "RUS", 643, "Europe"),
        ("Afghanistan", "AFG", 4, "South Asia"),
        ("United States", "USA", 840, "North America"),
        (None, "SYR", 760, "Middle East"),  # no place: the tracker's country
    ],
    ids=["yemen", "saudi-arabia", "iraq", "egypt", "russia", "afghanistan", "united-states", "unknown"],
)
def test_each_event_has_its_own_country(country, iso3, iso, region):
    row = acled_row(country=country)
    assert (row["event_id_cnty"], row["iso"], row["region"], row["country"]) == (
        f"{iso3}x",
        iso,
        region,
        country or "Syria",
    )


@pytest.mark.parametrize(
    ("fields", "actor1", "actor2", "interaction"),
    [
        ({"country": "Yemen"}, "Unidentified Armed Group (Yemen)", None, "Political militia only"),
        (
            {"actor2": "Civilians (Syria)", "actor2_side": "civilians", "country": "Yemen"},
            "Unidentified Armed Group (Yemen)",
            "Civilians (Yemen)",
            "Political militia-Civilians",
        ),
        (
            {
                "actor1": "Civilians (Syria)",
                "actor1_side": "civilians",
                "event_type": "Violence against civilians",
            },
            "Unidentified Armed Group (Syria)",
            "Civilians (Syria)",
            "Political militia-Civilians",
        ),
        (
            {
                "actor1": "Islamic State (Syria)",
                "event_type": "Violence against civilians",
                "country": "Iraq",
            },
            "Islamic State (Syria)",
            "Civilians (Iraq)",
            "Rebel group-Civilians",
        ),
        (
            {"actor1": "Military Forces of Russia (2000-)", "actor2": "Opposition Rebels (Syria)"},
            "Military Forces of Russia (2000-)",
            "Opposition Rebels (Syria)",
            "Rebel group-External/Other forces",
        ),
    ],
    ids=["no-actor", "victims-only", "victims-as-actor1", "violence-against-civilians", "lower-code-first"],
)
def test_actor1_is_never_empty_and_victims_are_actor2(fields, actor1, actor2, interaction):
    row = acled_row(**fields)
    assert row["actor1"] == actor1
    assert (None if pd.isna(row["actor2"]) else row["actor2"]) == actor2
    assert row["interaction"] == interaction


@pytest.mark.parametrize(
    ("fields", "targeted"),
    [
        ({"event_type": "Violence against civilians", "sub_event_type": "Attack"}, True),
        (
            {"event_type": "Violence against civilians", "actor2": "Opposition Rebels (Syria)"},
            True,
        ),
        (
            {
                "event_type": "Explosions/Remote violence",
                "actor2": "Civilians (Syria)",
                "actor2_side": "civilians",
            },
            True,
        ),
        ({"event_type": "Explosions/Remote violence", "civilians_killed": 4}, False),
        (
            {
                "event_type": "Battles",
                "actor2": "Civilians (Syria)",
                "actor2_side": "civilians",
                "civilians_killed": 2,
            },
            False,
        ),
    ],
    ids=[
        "attack",
        "attack-on-a-named-group",
        "strike-on-civilians",
        "civilians-killed-incidentally",
        "battle",
    ],
)
def test_civilian_targeting_follows_acleds_rule(fields, targeted):
    value = acled_row(**fields)["civilian_targeting"]
    assert (not pd.isna(value) and value == "Civilian targeting") is targeted


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        (
            {
                "event_date": "2017-01-23",
                "sub_event_type": "Armed clash",
                "event_type": "Battles",
                "date_precision": 2,
                "actor1": "Opposition Rebels (Syria)",
                "actor2": "Islamic State (Syria)",
                "fatalities": 9,
                "injured": 4,
                "location": "Al-Bab",
                "admin1": "Aleppo",
            },
            "In the week of 23 January 2017, clashes between opposition rebels and Islamic State militants "
            "killed 9 people and wounded 4 in Al-Bab (Aleppo).",
        ),
        (
            {
                "event_date": "2015-07-21",
                "sub_event_type": "Attack",
                "event_type": "Violence against civilians",
                "fatalities": 5,
                "children_killed": 2,
                "women_killed": 1,
                "location": "Sanaa",
                "country": "Yemen",
            },
            "On 21 July 2015, unidentified gunmen killed 5 civilians, including 2 children and 1 woman, "
            "in Sanaa (Yemen).",
        ),
        (
            {
                "event_date": "2017-01-01",
                "sub_event_type": "Air/drone strike",
                "actor1": "Military Forces of the United States",
                "fatalities": 20,
                "civilians_killed": 4,
                "injured": 3,
                "location": "Raqqa",
                "admin1": "Ar-Raqqa",
            },
            "On 1 January 2017, US air strikes killed 20 people, including 4 civilians, and wounded 3 "
            "in Raqqa (Ar-Raqqa).",
        ),
        (
            {
                "event_date": "2015-07-01",
                "date_precision": 3,
                "sub_event_type": "Suicide bomb",
                "event_type": "Explosions/Remote violence",
                "actor1": "Islamic State (Syria)",
            },
            "In July 2015, a suicide bombing by Islamic State militants took place, with no casualty figure reported.",
        ),
        (
            {
                "event_date": "2017-01-01",
                "sub_event_type": "Shelling/artillery/missile attack",
                "actor1": "Military Forces of Turkey (2016-)",
                "actor2": "QSD: Syrian Democratic Forces",
                "fatalities": 0,
                "location": "Afrin",
                "admin1": "Aleppo",
            },
            "On 1 January 2017, Turkish shelling of the Syrian Democratic Forces caused no deaths in Afrin (Aleppo).",
        ),
        (
            {
                "event_date": "2017-01-01",
                "sub_event_type": "Abduction/forced disappearance",
                "event_type": "Violence against civilians",
                "actor1": "Islamic State (Syria)",
                "captured": 3,
                "admin1": "Ar-Raqqa",
            },
            "On 1 January 2017, Islamic State militants abducted 3 civilians in Ar-Raqqa governorate.",
        ),
    ],
    ids=[
        "clash-week",
        "attack-abroad",
        "strike-with-breakdown",
        "bombing-month-no-figure",
        "no-deaths",
        "abduction",
    ],
)
def test_notes_describe_the_event_in_one_sentence(fields, sentence):
    assert acled_row(**fields)["notes"] == sentence


def test_an_arabic_report_is_described_in_english():
    events = tracker.extract(
        ["قتل سبعة مدنيين بينهم ثلاثة أطفال في غارات جوية لطيران النظام على مدينة سراقب في ريف إدلب أمس"],
        published="2017-01-24",
        lang="ar",
    )
    notes = to_acled(events)["notes"].tolist()
    assert notes == [
        "On 23 January 2017, Syrian government air strikes killed 7 civilians, including 3 children, "
        "in Saraqab (Idleb)."
    ]
    assert describe(events.iloc[0].to_dict()).isascii()
