"""The packaged places resources: they parse, names are folded, codes are known, coordinates are sound."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

from tests.conftest import needs_shared
from tracker.resources import load_yaml, path
from tracker.schema import ADMIN1
from tracker.text.normalize import normalize_key

# Syria's bounding box with a small margin for border villages.
LAT = (32.2, 37.4)
LON = (35.5, 42.5)
LEVELS = {"country", "admin1", "admin2", "admin3", "town", "neighbourhood", "region"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    raw = path("places", "gazetteer.csv.gz").read_bytes()
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_gazetteer_parses_with_unique_ids(rows: list[dict[str, str]]) -> None:
    assert len(rows) > 5000
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["level"] for r in rows} <= LEVELS


def test_governorates_are_the_fourteen(rows: list[dict[str, str]]) -> None:
    admin1 = {r["id"]: r["name"] for r in rows if r["level"] == "admin1"}
    assert admin1 == ADMIN1


def test_every_record_sits_in_syria_under_a_known_governorate(rows: list[dict[str, str]]) -> None:
    admin2 = {r["id"] for r in rows if r["level"] == "admin2"}
    for r in rows:
        assert r["country"] == "Syria", r["id"]
        assert LAT[0] <= float(r["latitude"]) <= LAT[1] and LON[0] <= float(r["longitude"]) <= LON[1], r["id"]
        assert r["admin1_pcode"] in ADMIN1, r["id"]
        if r["admin2_pcode"]:
            assert r["admin2_pcode"] in admin2 and r["admin2_pcode"].startswith(r["admin1_pcode"]), r["id"]
        if r["pcode"]:
            assert r["pcode"].startswith(r["admin1_pcode"]), r["id"]


def test_names_are_folded(rows: list[dict[str, str]]) -> None:
    for r in rows:
        for name in [
            r["name_ar"],
            *filter(None, r["aliases_ar"].split("|")),
            *filter(None, r["aliases_en"].split("|")),
        ]:
            assert name == normalize_key(name), (r["id"], name)


@pytest.mark.parametrize(
    ("name_ar", "alias_en", "admin1"),
    [
        ("حلب", "aleppo", "SY02"),
        ("ادلب", "idlib", "SY07"),
        ("دير الزور", "deir ez-zor", "SY09"),
        ("درعا", "daraa", "SY12"),
    ],
    ids=["aleppo", "idlib", "deir-ez-zor", "daraa"],
)
def test_capitals_answer_to_their_variants(
    rows: list[dict[str, str]], name_ar: str, alias_en: str, admin1: str
) -> None:
    towns = [
        r for r in rows if r["level"] == "town" and r["name_ar"] == name_ar and r["admin1_pcode"] == admin1
    ]
    assert towns and any(alias_en in r["aliases_en"].split("|") for r in towns)


def test_regions_and_countries() -> None:
    regions = load_yaml("places", "regions.yaml")
    countries = load_yaml("places", "countries.yaml")
    ids = [r["id"] for r in regions + countries]
    assert len(ids) == len(set(ids))
    for r in regions:
        assert r["admin1"] is None or r["admin1"] in ADMIN1, r["id"]
        assert LAT[0] <= r["lat"] <= LAT[1] and LON[0] <= r["lon"] <= LON[1], r["id"]
        assert all(normalize_key(n) for n in r["ar"] + r["en"]), r["id"]
    assert {c["country"] for c in countries} >= {
        "Syria",
        "Lebanon",
        "Turkey",
        "Iraq",
        "Jordan",
        "Israel",
        "Palestine",
    }
    for c in countries:
        assert c["level"] in LEVELS and c.get("ar") and c.get("en"), c["id"]


def _walk(node: object, where: str) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            _walk(v, f"{where}.{k}")
    elif isinstance(node, list):
        for v in node:
            _walk(v, where)
    elif ".romanise." in where:
        assert isinstance(node, str), (where, node)  # "" = the letter has no consonant in English
    else:
        assert isinstance(node, str) and normalize_key(node), (where, node)


@pytest.mark.parametrize("name", ["words.yaml", "common_words.yaml"])
def test_word_lists_are_strings(name: str) -> None:
    _walk(load_yaml("places", name), name)


def test_boundaries() -> None:
    adm1 = json.loads(path("places", "syr_adm1.geojson").read_text(encoding="utf-8"))
    props = [f["properties"] for f in adm1["features"]]
    assert {p["ADM1_PCODE"] for p in props} == set(ADMIN1)
    assert all(p["ADM1_EN"] and p["ADM1_AR"] for p in props)
    adm2 = json.loads(path("places", "syr_adm2.geojson").read_text(encoding="utf-8"))
    assert len(adm2["features"]) == 62


@needs_shared
def test_built_file_matches_a_fresh_build(tmp_path, shared) -> None:  # type: ignore[no-untyped-def]
    """The committed gazetteer is what the build script makes from ../shared today."""
    import runpy

    from tests.conftest import ROOT

    build = runpy.run_path(str(ROOT / "scripts" / "build_gazetteer.py"))["build"]
    build(shared, tmp_path)
    fresh = gzip.decompress((tmp_path / "gazetteer.csv.gz").read_bytes())
    packaged = gzip.decompress(path("places", "gazetteer.csv.gz").read_bytes())
    assert fresh == packaged


def test_cli_check_reports_ok() -> None:
    from click.testing import CliRunner

    from tracker.cli import cli

    result = CliRunner().invoke(cli, ["resources", "check"])
    assert result.exit_code == 0, result.output
    assert "gazetteer OK" in result.output and "admin1 14" in result.output


def test_cli_build_needs_the_shared_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from tracker.cli import cli

    result = CliRunner().invoke(cli, ["resources", "build", "--shared", str(tmp_path)])
    assert result.exit_code != 0 and "data/gazetteer" in result.output
