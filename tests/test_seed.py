"""The report the product was specified from (../shared/seed) must come out right."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import tracker
from tests.conftest import SHARED, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def seed() -> tracker.extraction.pipeline.Extraction:  # type: ignore[name-defined]
    text = (SHARED / "seed" / "astana-talks.ar.txt").read_text(encoding="utf-8")
    meta = json.loads((SHARED / "seed" / "astana-talks.meta.json").read_text(encoding="utf-8"))
    return tracker.extract_all(
        [{"id": meta["id"], "text": text, "published": meta["published"], "lang": meta["lang"]}]
    )


def test_exactly_two_events(seed) -> None:
    assert len(seed.events) == 2


def test_government_air_strikes_kill_12_in_the_west(seed) -> None:
    ev = seed.events.sort_values("span_start").iloc[0]
    assert ev["fatalities"] == 12
    assert ev["sub_event_type"] == "Air/drone strike"
    assert ev["actor1_side"] == "government"
    assert ev["actor1"].startswith("Military Forces of Syria")
    assert pd.isna(ev["admin1"]), "the report says only 'west of the country': no governorate can be told"
    assert ev["country"] == "Syria"
    assert ev["reported_by"] == "Syrian Observatory for Human Rights"
    assert "12" in ev["evidence"]


def test_opposition_kills_6_in_aleppo_city(seed) -> None:
    ev = seed.events.sort_values("span_start").iloc[1]
    assert ev["fatalities"] == 6
    assert ev["actor1_side"] == "opposition"
    assert ev["admin1"] == "Aleppo"
    assert ev["admin1_pcode"] == "SY02"
    assert ev["location"] == "Aleppo"


def test_spans_point_at_the_figures(seed) -> None:
    text = (SHARED / "seed" / "astana-talks.ar.txt").read_text(encoding="utf-8")
    for _, ev in seed.events.iterrows():
        assert str(ev["fatalities"]) in text[int(ev["span_start"]) : int(ev["span_end"])]


def test_both_are_violations_of_the_30_december_ceasefire(seed) -> None:
    events = seed.events.sort_values("span_start")
    assert list(events["ceasefire"]) == ["nationwide-2016-12-30"] * 2
    assert list(events["violation"]) == [True, True]
    assert events["actor1_side"].tolist() == ["government", "opposition"]
    assert all(isinstance(r, str) and "30 December 2016" in r for r in events["violation_reason"])


def test_the_ceasefire_itself_is_found_as_a_candidate(seed) -> None:
    found = seed.ceasefires_found
    assert len(found) >= 1
    assert str(pd.Timestamp(found.iloc[0]["start"]).date()) == "2016-12-30"
