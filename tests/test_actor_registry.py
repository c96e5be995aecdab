"""The actor registry and reporter list are consistent data (tracker/resources/actors/*.yaml)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from tracker.actors import default_tagger, load_registry
from tracker.resources import load_yaml
from tracker.text.normalize import normalize, normalize_key

ACTORS: dict[str, Any] = load_yaml("actors", "actors.yaml")
REPORTERS: dict[str, Any] = load_yaml("actors", "reporters.yaml")

#: Names and sides fixed by the contract shared with the ceasefire registry, demo gold file and dashboard.
CONTRACT = [
    ("Military Forces of Syria (2000-2024)", "government", None),
    (
        "Military Forces of Syria (2000-2024) Syrian Arab Air Force",
        "government",
        "Military Forces of Syria (2000-2024)",
    ),
    ("QDW: National Defense Forces", "government", None),
    ("Militia (Pro-Government)", "government", None),
    ("Military Forces of Russia (2000-)", "government", None),
    ("Allied Syrian and/or Russian Forces", "government", None),
    ("Military Forces of Iran (1979-)", "government", None),
    ("Militia (Pro-Iran)", "government", None),
    ("Hezbollah", "government", None),
    ("Opposition Rebels (Syria)", "opposition", None),
    ("Ahrar al-Sham", "opposition", "Opposition Rebels (Syria)"),
    ("Jaysh al-Islam", "opposition", "Opposition Rebels (Syria)"),
    ("Military Forces of Turkey (2016-)", "opposition", None),
    ("Jabhat al-Nusra", "other", None),
    ("Jabhat Fateh al-Sham", "other", None),
    ("HTS: Hayat Tahrir al Sham", "other", None),
    ("Islamic State (Syria)", "other", None),
    ("QSD: Syrian Democratic Forces", "other", None),
    ("YPG: Peoples Protection Units", "other", "QSD: Syrian Democratic Forces"),
    ("Global Coalition Against Daesh", "other", None),
    ("Military Forces of Israel (2009-)", "other", None),
    ("Civilians (Syria)", "civilians", None),
    ("Unidentified Armed Group (Syria)", "unknown", None),
]


def _entries() -> list[dict[str, Any]]:
    return list(ACTORS["actors"])


def _alias_items(entry: dict[str, Any]) -> list[tuple[str, str]]:
    return [(lang, alias) for lang, words in (entry.get("aliases") or {}).items() for alias in words]


def test_ids_and_names_unique() -> None:
    ids = [e["id"] for e in _entries()]
    names = [e["name"] for e in _entries()]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name,side,parent", CONTRACT, ids=[c[0] for c in CONTRACT])
def test_contract_actor_present(name: str, side: str, parent: str | None) -> None:
    by_name = {a.name: a for a in load_registry()}
    by_id = {a.id: a for a in load_registry()}
    assert name in by_name
    actor = by_name[name]
    assert actor.side == side
    if parent is not None:
        assert actor.parent is not None and by_id[actor.parent].name == parent


def test_sides_and_types_from_allowed_sets() -> None:
    sides = set(ACTORS["sides"])
    assert sides == {"government", "opposition", "other", "civilians", "unknown"}
    types = {int(t) for t in ACTORS["actor_types"]}
    assert types == set(range(1, 9))  # ACLED inter codes
    for e in _entries():
        assert e["side"] in sides, e["id"]
        assert int(e["type"]) in types, e["id"]


def test_parents_and_successors_exist() -> None:
    ids = {e["id"] for e in _entries()}
    for e in _entries():
        assert e.get("parent") in ids | {None}, e["id"]
        assert e.get("parent") != e["id"]
        assert e.get("successor") in ids | {None}, e["id"]


def test_date_ranges_valid_and_renames_chain() -> None:
    by_id = {a.id: a for a in load_registry()}
    for a in by_id.values():
        if a.valid_from and a.valid_to:
            assert a.valid_from < a.valid_to, a.id
        if a.successor:
            nxt = by_id[a.successor]
            assert a.valid_to is not None and nxt.valid_from == a.valid_to, a.id


def test_no_alias_on_two_actors() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for e in _entries():
        for _lang, alias in _alias_items(e):
            owners[normalize_key(alias)].add(e["id"])
    clashes = {alias: ids for alias, ids in owners.items() if len(ids) > 1}
    assert clashes == {}


def test_no_reporter_alias_on_two_reporters() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for r in REPORTERS["reporters"]:
        for words in r["aliases"].values():
            for alias in words:
                owners[normalize_key(alias)].add(r["name"])
    assert {a: n for a, n in owners.items() if len(n) > 1} == {}


def test_languages_are_ar_and_en() -> None:
    for e in _entries():
        assert set(e.get("aliases") or {}) <= {"ar", "en"}, e["id"]
        assert set(e.get("modifiers") or {}) <= {"ar", "en"}, e["id"]


def _alias_cases() -> list[tuple[str, str, str]]:
    return [(e["id"], lang, alias) for e in _entries() for lang, alias in _alias_items(e)]


@pytest.mark.parametrize("actor_id,lang,alias", _alias_cases(), ids=lambda v: str(v))
def test_every_alias_found_as_written(actor_id: str, lang: str, alias: str) -> None:
    # The alias as a reporter writes it (with hamza, teh marbuta, capitals) goes through the article
    # normaliser and must be found whole, naming its own actor: this is what "every alias is normalised" means.
    text = normalize(alias).text
    found = default_tagger().find(text, lang)
    assert [(m.start, m.end, m.actor.id) for m in found] == [(0, len(text), actor_id)]


@pytest.mark.parametrize(
    "lang,alias,name",
    [
        (lang, a, r["name"])
        for r in REPORTERS["reporters"]
        for lang, words in r["aliases"].items()
        for a in words
    ],
    ids=lambda v: str(v),
)
def test_every_reporter_alias_found(lang: str, alias: str, name: str) -> None:
    assert default_tagger().reporter(normalize(alias).text, lang) == name


def test_means_defaults_and_flags_are_known() -> None:
    ids = {e["id"] for e in _entries()}
    for lang, groups in ACTORS["means"].items():
        assert lang in {"ar", "en"}
        for group in groups:
            assert group.get("default") in ids | {None}
            assert all(isinstance(w, str) and w for w in group["words"])
    assert set(ACTORS["units"]) <= {"ar", "en"}
    for e in _entries():
        assert isinstance(e.get("fallback", False), bool), e["id"]
