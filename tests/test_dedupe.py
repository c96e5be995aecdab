"""Merging mentions into incidents: what joins, what stays apart, and the figures of a merged incident."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tracker.schema import to_frame
from tracker.store.incidents import combine, compare, merge_mentions

SARAQIB = {
    "event_date": pd.Timestamp("2017-01-23"),
    "date_precision": 1,
    "location": "Saraqib",
    "admin1": "Idleb",
    "admin1_pcode": "SY07",
    "admin2": "Idleb",
    "geo_precision": 1,
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "actor1": "Military Forces of Syria (2000-2024) Syrian Arab Air Force",
    "actor1_side": "government",
    "actor2": "Civilians (Syria)",
    "actor2_side": "civilians",
}


def mention(event_id: str, source: str, **changes: Any) -> dict[str, Any]:
    row = {
        **SARAQIB,
        "event_id": event_id,
        "source": source,
        "article_id": f"art-{event_id}",
        "fatalities": 5,
    }
    return {**row, **changes}


IDLEB_ONLY = {"location": "Idleb", "admin2": None, "geo_precision": 3}

SAME = [
    pytest.param({}, id="identical-report"),
    pytest.param(IDLEB_ONLY, id="town-within-its-governorate"),
    pytest.param({"location": None, "geo_precision": 3}, id="governorate-by-admin1-only"),
    pytest.param({"location": "Idleb", "geo_precision": 2}, id="town-within-its-district"),
    pytest.param({"actor1": None, "actor1_side": "unknown"}, id="perpetrator-unknown-in-one"),
    pytest.param({"actor1": "Military Forces of Russia (2000-)"}, id="other-actor-same-side"),
    pytest.param({"sub_event_type": None}, id="sub-type-missing-in-one"),
    pytest.param({"event_date": pd.Timestamp("2017-01-23 14:30")}, id="same-day-other-hour"),
    pytest.param({"location": "SARAQIB"}, id="case-folded-place"),
    pytest.param({"fatalities": 11}, id="toll-rose-from-5-to-11"),
    pytest.param({"geo_precision": 2, "admin2": None}, id="same-name-coarser-precision"),
    pytest.param({"fatalities": None}, id="toll-in-one-report-only"),
]


def test_quarter_and_its_city_are_one_place() -> None:
    city = {"location": "Idleb", "admin2": "Idleb", "latitude": 35.93, "longitude": 36.63}
    quarter = {"location": "Al-Qusour", "admin2": "Idleb", "latitude": 35.94, "longitude": 36.64}
    a, b = mention("a", "SOHR", **city), mention("b", "Reuters", **quarter)
    assert compare(a, b).same and compare(b, a).same
    assert "lies in the city of Idleb" in compare(a, b).reason
    far = {**quarter, "latitude": 35.80, "longitude": 36.90}  # a town of the district, not of the city
    assert not compare(a, mention("c", "AFP", **far)).same


APART = [
    pytest.param({"event_date": pd.Timestamp("2017-01-24")}, "different days", id="next-day"),
    pytest.param({"location": "Maarrat al-Numan"}, "different places", id="other-town-same-governorate"),
    pytest.param(
        {"location": "Aleppo", "admin1": "Aleppo", "admin1_pcode": "SY02", "geo_precision": 3},
        "different governorates",
        id="other-governorate",
    ),
    pytest.param(
        {"location": "Ariha", "geo_precision": 2, "admin2": "Ariha"},
        "different districts",
        id="other-district",
    ),
    pytest.param({"actor1_side": "opposition"}, "actor1_side differs", id="other-side"),
    pytest.param(
        {"sub_event_type": "Shelling/artillery/missile attack"},
        "sub_event_type differs",
        id="shelling-vs-air",
    ),
    pytest.param(
        {"event_type": "Battles", "sub_event_type": "Armed clash"},
        "event_type differs",
        id="battle-vs-strike",
    ),
    pytest.param({"date_precision": 2}, "different date precision", id="week-vs-day"),
    pytest.param({"event_date": None}, "no date", id="undated"),
    pytest.param(
        {"location": None, "admin1": None, "admin1_pcode": None, "admin2": None, "geo_precision": None},
        "no place",
        id="no-place",
    ),
    pytest.param({"article_id": "art-a"}, "same article", id="same-article"),
    pytest.param({"fatalities": 47}, "tolls too far apart (5 / 47)", id="toll-5-vs-47"),
    pytest.param(
        {
            "location": "Iraq",
            "country": "Iraq",
            "admin1": None,
            "admin1_pcode": None,
            "admin2": None,
            "geo_precision": 3,
        },
        "no place",
        id="country-only",
    ),
]


@pytest.mark.parametrize("changes", SAME)
def test_compatible_mentions_merge(changes: dict[str, Any]) -> None:
    a, b = mention("a", "SOHR"), mention("b", "Reuters", **changes)
    assert compare(a, b).same
    assert compare(b, a).same  # symmetric
    incidents, _ = merge_mentions(to_frame([a, b]))
    assert len(incidents) == 1


@pytest.mark.parametrize(("changes", "reason"), APART)
def test_incompatible_mentions_stay_apart(changes: dict[str, Any], reason: str) -> None:
    a, b = mention("a", "SOHR"), mention("b", "Reuters", **changes)
    verdict = compare(a, b)
    assert not verdict.same
    assert reason in verdict.reason
    incidents, _ = merge_mentions(to_frame([a, b]))
    assert len(incidents) == 2


def test_week_dated_reports_never_merge() -> None:
    a, b = mention("a", "X", date_precision=2), mention("b", "Y", date_precision=2)
    assert compare(a, b).reason == "dates known only to the week or month"


def test_three_sources_one_incident_with_low_best_high() -> None:
    frame = to_frame(
        [
            mention("m1", "SOHR", fatalities=7, fatalities_high=9),
            mention("m2", "Reuters", fatalities=8),
            mention("m3", "SANA", **IDLEB_ONLY, fatalities=12, injured=20),
        ]
    )
    incidents, assignment = merge_mentions(frame)
    assert len(incidents) == 1
    inc = incidents.iloc[0]
    assert inc["n_sources"] == 3
    assert inc["sources"] == ["Reuters", "SANA", "SOHR"]
    assert inc["mention_ids"] == ["m1", "m2", "m3"]
    assert inc["fatalities"] == 7  # ACLED: the most conservative figure
    assert (inc["fatalities_low"], inc["fatalities_best"], inc["fatalities_high"]) == (7, 8, 12)
    assert inc["injured"] == 20
    assert inc["location"] == "Saraqib"  # the most specific place wins over "Idleb"
    assert set(assignment["incident_id"]) == {inc["event_id"]}
    reasons = dict(zip(assignment["event_id"], assignment["merge_reason"], strict=True))
    assert "lies in governorate" in reasons["m3"]


def test_best_estimate_takes_each_sources_latest_figure_once() -> None:
    # SOHR updated its toll from 5 to 11; the best estimate uses 11 for SOHR, not both figures.
    frame = to_frame(
        [
            mention("a", "SOHR", fatalities=5),
            mention("b", "SOHR", fatalities=11),
            mention("c", "AFP", fatalities=10),
        ]
    )
    inc = combine(frame)
    assert (inc["fatalities"], inc["fatalities_low"], inc["fatalities_best"], inc["fatalities_high"]) == (
        5,
        5,
        10,
        11,
    )
    assert inc["n_sources"] == 2


def test_known_actor_fills_an_unknown_one() -> None:
    frame = to_frame(
        [
            mention("a", "X", actor1=None, actor1_side="unknown"),
            mention("b", "Y", geo_precision=2, location="Idleb"),
        ]
    )
    inc = combine(frame)
    assert inc["actor1_side"] == "government"
    assert inc["location"] == "Saraqib"


def test_governorate_report_between_two_towns_joins_neither() -> None:
    frame = to_frame(
        [
            mention("a", "SOHR"),
            mention("b", "SOHR", location="Maarrat al-Numan"),
            mention("c", "SANA", **IDLEB_ONLY),
        ]
    )
    incidents, assignment = merge_mentions(frame)
    assert len(incidents) == 3
    reason = assignment.set_index("event_id").loc["c", "merge_reason"]
    assert "kept apart" in reason


def test_no_chaining_through_a_vague_mention() -> None:
    # A governorate-level report may match two towns, but the towns must never end up together.
    frame = to_frame(
        [mention("a", "X", **IDLEB_ONLY), mention("b", "Y"), mention("c", "Z", location="Ariha")]
    )
    incidents, _ = merge_mentions(frame)
    assert all("Saraqib" not in ids or "Ariha" not in ids for ids in incidents["location"])
    merged = incidents[incidents["n_sources"] > 1]
    assert len(merged) <= 1


def test_incident_id_stable_when_a_later_report_joins() -> None:
    first, _ = merge_mentions(to_frame([mention("a", "X"), mention("b", "Y")]))
    later, _ = merge_mentions(to_frame([mention("a", "X"), mention("b", "Y"), mention("c", "Z")]))
    assert first["event_id"].iloc[0] == later["event_id"].iloc[0]


def test_empty_frame() -> None:
    incidents, assignment = merge_mentions(to_frame([]))
    assert incidents.empty and assignment.empty
    assert "fatalities_best" in incidents


def test_many_days_and_places_partition() -> None:
    rows = []
    for day in ("2017-01-01", "2017-01-02"):
        for town in ("Saraqib", "Ariha"):
            for source in ("A", "B"):
                rows.append(mention(f"{day}-{town}-{source}", source, event_date=day, location=town))
    incidents, assignment = merge_mentions(to_frame(rows))
    assert len(incidents) == 4
    assert (incidents["n_sources"] == 2).all()
    assert len(assignment) == 8
    assert pd.Series(assignment["incident_id"]).value_counts().eq(2).all()
