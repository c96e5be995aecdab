"""The ceasefire registry: shipped facts, user files that add or replace, and clear errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker.ceasefires import RegistryError, load_registry
from tracker.schema import ADMIN1

# The canonical actor names fixed in the contracts (shared with the actors registry and the dashboard).
CANONICAL = {
    "Military Forces of Syria (2000-2024)",
    "Military Forces of Syria (2000-2024) Syrian Arab Air Force",
    "QDW: National Defense Forces",
    "Militia (Pro-Government)",
    "Military Forces of Russia (2000-)",
    "Allied Syrian and/or Russian Forces",
    "Military Forces of Iran (1979-)",
    "Militia (Pro-Iran)",
    "Hezbollah",
    "Opposition Rebels (Syria)",
    "Ahrar al-Sham",
    "Jaysh al-Islam",
    "Military Forces of Turkey (2016-)",
    "Jabhat al-Nusra",
    "Jabhat Fateh al-Sham",
    "HTS: Hayat Tahrir al Sham",
    "Islamic State (Syria)",
    "QSD: Syrian Democratic Forces",
    "YPG: Peoples Protection Units",
    "Global Coalition Against Daesh",
    "Military Forces of Israel (2009-)",
    "Civilians (Syria)",
    "Unidentified Armed Group (Syria)",
}


# -- shipped registry -------------------------------------------------------------------------------

SHIPPED_FACTS = [
    # (id, start, end, guarantors, area)
    ("coh-2016-02-27", date(2016, 2, 27), date(2016, 9, 11), {"United States", "Russia"}, "country"),
    ("us-russia-2016-09-12", date(2016, 9, 12), date(2016, 9, 19), {"United States", "Russia"}, "country"),
    ("nationwide-2016-12-30", date(2016, 12, 30), None, {"Russia", "Turkey"}, "country"),
    ("astana-deescalation-2017-05-06", date(2017, 5, 6), None, {"Russia", "Turkey", "Iran"}, "zones"),
]


@pytest.mark.parametrize(
    ("cid", "start", "end", "guarantors", "area"), SHIPPED_FACTS, ids=[f[0] for f in SHIPPED_FACTS]
)
def test_shipped_agreements(cid, start, end, guarantors, area):
    cf = load_registry().get(cid)
    assert cf is not None
    assert (cf.start, cf.end, set(cf.guarantors), cf.area) == (start, end, guarantors, area)
    assert cf.party_sides() == {"government", "opposition"}
    assert cf.sources, "every shipped agreement credits its sources"


def test_nationwide_ceasefire_excludes_isis_and_jfs_hts():
    cf = load_registry().get("nationwide-2016-12-30")
    assert {"Islamic State (Syria)", "Jabhat Fateh al-Sham", "HTS: Hayat Tahrir al Sham"} <= set(cf.excluded)
    gov = next(p for p in cf.parties if p.side == "government")
    assert "Military Forces of Russia (2000-)" in gov.actors


def test_astana_has_the_four_zones():
    cf = load_registry().get("astana-deescalation-2017-05-06")
    assert [z.id for z in cf.zones] == ["idlib", "homs-north", "eastern-ghouta", "south"]
    south = cf.zones[3]
    assert south.admin1 == {"SY12", "SY14"}
    assert "SY07" in cf.zones[0].admin1


def test_shipped_actor_names_are_canonical():
    for cf in load_registry():
        names = set(cf.excluded) | {a for p in cf.parties for a in p.actors}
        assert names <= CANONICAL, (cf.id, names - CANONICAL)


def test_shipped_zone_polygons_lie_in_syria():
    for zone in load_registry().zones.values():
        for lon, lat in zone.polygon:
            assert 35.5 <= lon <= 42.5 and 32.3 <= lat <= 37.4, (zone.id, lon, lat)
        assert zone.admin1 <= set(ADMIN1)


# -- user files -------------------------------------------------------------------------------------

USER_ADD = """\
ceasefires:
  - id: user-truce-2018-02-24
    name: Truce of 24 February 2018
    start: 2018-02-24
    end: 2018-03-24
    area: {zones: [eastern-ghouta]}
    parties:
      - side: government
      - side: opposition
"""

USER_REPLACE = """\
zones:
  north:
    name: North
    admin1: [SY02, SY07]
ceasefires:
  - id: nationwide-2016-12-30
    name: Edited nationwide ceasefire
    start: 2016-12-29
    area: {zones: [north]}
    applies_to: air
    parties:
      - {side: government, label: the regime}
      - {side: opposition, label: the rebels}
"""


def write(tmp_path: Path, text: str, name: str = "user.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_user_file_adds_an_agreement(tmp_path):
    reg = load_registry([write(tmp_path, USER_ADD)])
    assert [c.id for c in reg][-1] == "user-truce-2018-02-24"
    assert len(reg) == len(load_registry()) + 1
    added = reg.get("user-truce-2018-02-24")
    assert added.zones[0].id == "eastern-ghouta" and added.origin.endswith("user.yaml")
    assert added.parties[0].label == "the government side"


def test_user_file_replaces_an_agreement_with_the_same_id(tmp_path):
    reg = load_registry(write(tmp_path, USER_REPLACE))
    cf = reg.get("nationwide-2016-12-30")
    assert (cf.name, cf.start, cf.applies_to, cf.end) == (
        "Edited nationwide ceasefire",
        date(2016, 12, 29),
        "air",
        None,
    )
    assert len(reg) == len(load_registry())
    assert reg.zones["north"].admin1 == {"SY02", "SY07"}


def test_replace_drops_the_shipped_agreements(tmp_path):
    reg = load_registry([write(tmp_path, USER_ADD)], replace=True)
    assert [c.id for c in reg] == ["user-truce-2018-02-24"]


def test_later_files_win(tmp_path):
    a = write(tmp_path, USER_ADD, "a.yaml")
    b = write(tmp_path, USER_ADD.replace("Truce of 24 February 2018", "Second version"), "b.yaml")
    assert load_registry([a, b]).get("user-truce-2018-02-24").name == "Second version"


def test_empty_user_file_changes_nothing(tmp_path):
    assert len(load_registry([write(tmp_path, "# nothing yet\n")])) == len(load_registry())


# -- malformed files --------------------------------------------------------------------------------

GOOD_ENTRY = """\
ceasefires:
  - id: fine-2018
    name: A fine truce
    start: 2018-01-01
    area: {country: Syria}
    parties:
      - side: government
      - side: opposition
"""

MALFORMED = [
    # (id, text, line, field, words in the message)
    (
        "missing-start",
        GOOD_ENTRY
        + "  - id: no-start\n    name: No start\n    area: {country: Syria}\n    parties: [{side: government}]\n",
        9,
        "start",
        ["missing"],
    ),
    (
        "bad-date",
        GOOD_ENTRY.replace("start: 2018-01-01", "start: 2018-02-30"),
        4,
        "start",
        ["not a real date"],
    ),
    (
        "date-in-words",
        GOOD_ENTRY.replace("start: 2018-01-01", "start: 30 December 2016"),
        4,
        "start",
        ["YYYY-MM-DD"],
    ),
    (
        "end-before-start",
        GOOD_ENTRY.replace("    area:", "    end: 2017-12-31\n    area:"),
        5,
        "end",
        ["before the start"],
    ),
    (
        "unknown-side",
        GOOD_ENTRY.replace("side: opposition", "side: rebels"),
        8,
        "side",
        ["unknown side 'rebels'"],
    ),
    (
        "unknown-zone",
        GOOD_ENTRY.replace("{country: Syria}", "{zones: [atlantis]}"),
        5,
        "area.zones",
        ["unknown zone 'atlantis'"],
    ),
    ("unknown-pcode", GOOD_ENTRY.replace("{country: Syria}", "{admin1: [SY99]}"), 5, "area.admin1", ["SY99"]),
    (
        "other-country",
        GOOD_ENTRY.replace("{country: Syria}", "{country: Libya}"),
        5,
        "area.country",
        ["only Syria"],
    ),
    (
        "bad-applies-to",
        GOOD_ENTRY.replace("    area:", "    applies_to: ground\n    area:"),
        5,
        "applies_to",
        ["'ground'"],
    ),
    (
        "unknown-field",
        GOOD_ENTRY.replace("    area:", "    strat: 2018-01-01\n    area:"),
        5,
        "strat",
        ["unknown field"],
    ),
    ("duplicate-id", GOOD_ENTRY + GOOD_ENTRY.split("\n", 1)[1], 9, "id", ["twice"]),
    (
        "yaml-syntax",
        GOOD_ENTRY.replace("area: {country: Syria}", "area: {country: Syria"),
        6,
        None,
        ["YAML syntax error"],
    ),
    ("not-a-list", "ceasefires:\n  id: x\n", 2, "ceasefires", ["list"]),
    ("zone-without-place", "zones:\n  empty:\n    name: Empty\n", 2, "zones.empty", ["needs admin1"]),
    (
        "bad-polygon",
        "zones:\n  z:\n    polygon: [[36.1, 33.2], [36.2]]\n",
        3,
        "polygon",
        ["longitude, latitude"],
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "field", "words"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_file_names_file_line_and_field(tmp_path, text, line, field, words):
    path = write(tmp_path, text, "broken.yaml")
    with pytest.raises(RegistryError) as info:
        load_registry([path])
    err = info.value
    assert err.file == str(path)
    assert err.line == line, str(err)
    assert err.field == field, str(err)
    message = str(err)
    assert message.startswith(f"{path}, line {line}: ")
    if field:
        assert f"field '{field}'" in message
    for w in words:
        assert w in message


def test_missing_file_is_a_registry_error(tmp_path):
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry([tmp_path / "absent.yaml"])


def test_nothing_half_loaded(tmp_path):
    good = write(tmp_path, USER_ADD, "good.yaml")
    bad = write(tmp_path, GOOD_ENTRY.replace("side: opposition", "side: rebels"), "bad.yaml")
    with pytest.raises(RegistryError):
        load_registry([good, bad])
    # A failed load leaves no trace: the next load sees only what it is given.
    assert load_registry().get("user-truce-2018-02-24") is None
    assert load_registry([good]).get("fine-2018") is None


# Town coordinates (OCHA / Syrian Archive) inside and outside the approximate zones: government-held
# cities next to the zones must stay outside them.
ZONE_POINTS = [
    ("kabani-jabal-al-akrad", 36.233, 35.719, "idlib"),
    ("latmana-north-hama", 36.623, 35.321, "idlib"),
    ("daret-azza-west-aleppo", 36.851, 36.285, "idlib"),
    ("rastan", 36.731, 34.924, "homs-north"),
    ("taldu-houla", 36.524, 34.875, "homs-north"),
    ("douma", 36.405, 33.571, "eastern-ghouta"),
    ("zamalka", 36.356, 33.527, "eastern-ghouta"),
    ("aleppo-city", 37.16, 36.20, None),
    ("hama-city", 36.75, 35.13, None),
    ("lattakia-city", 35.79, 35.52, None),
    ("homs-city", 36.71, 34.73, None),
    ("damascus-old-city", 36.306, 33.511, None),
]


@pytest.mark.parametrize(
    ("lon", "lat", "zone"), [p[1:] for p in ZONE_POINTS], ids=[p[0] for p in ZONE_POINTS]
)
def test_zone_polygons(lon, lat, zone):
    zones = load_registry().zones
    inside = [z for z, spec in zones.items() if spec.contains({"longitude": lon, "latitude": lat})]
    assert inside == ([zone] if zone else [])
