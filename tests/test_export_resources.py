"""The export resource files: they parse, codes are well formed and unique, names are known."""

from __future__ import annotations

import re

import pytest

from tracker.actors import registry
from tracker.export.countries import countries
from tracker.resources import load_yaml
from tracker.schema import EVENT_TYPES, SUB_EVENT_TYPES


def test_countries_table_codes_are_well_formed_and_unique():
    table = countries().values()
    assert all(re.fullmatch(r"[A-Z]{3}", c.iso3) for c in table)
    assert all(0 < c.iso < 1000 for c in table)
    for codes in ([c.iso3 for c in table], [c.iso for c in table], [c.gwno for c in table if c.gwno]):
        assert len(codes) == len(set(codes))
    assert {c.acled_region for c in table} <= {
        "Middle East",
        "Northern Africa",
        "Europe",
        "Caucasus and Central Asia",
        "South Asia",
        "North America",
    }


@pytest.mark.parametrize("country", list(countries().values()), ids=lambda c: c.iso3)
def test_ucdp_region_follows_the_gleditsch_ward_ranges(country):
    if country.gwno is None:
        return
    ranges = {
        "Americas": (2, 199),
        "Europe": (200, 399),
        "Africa": (400, 626),
        "Middle East": (630, 699),
        "Asia": (700, 999),
    }
    low, high = ranges[country.ucdp_region]
    assert low <= country.gwno <= high


def test_notes_phrasing_names_known_actors_and_types():
    phrasing = load_yaml("export", "notes.yaml")
    names = [a.name for a in registry()]
    for prefix in phrasing["actors"]:
        assert any(n.startswith(prefix) for n in names), prefix
    assert set(phrasing["events"]) <= set(SUB_EVENT_TYPES)
    for kind in phrasing["events"].values():
        assert kind.get("subject") or "unknown" in kind, kind


def test_acled_conventions_cover_every_event_type():
    conv = load_yaml("export", "acled.yaml")
    assert set(conv["disorder_type"]) == set(EVENT_TYPES)
    assert sorted(conv["inter_labels"]) == list(range(1, 9))
    assert set(conv["civilian_targeting_always"]) | set(conv["civilian_targeting_types"]) <= set(EVENT_TYPES)


def test_ucdp_side_names_start_known_actors():
    names = [a.name for a in registry()]
    for prefix in load_yaml("export", "ucdp.yaml")["sides"]:
        assert any(n.startswith(prefix) for n in names), prefix
