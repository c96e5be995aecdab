"""The map's offline base layers: the packaged outlines and names, the style that draws them, and
the app routes that serve them and the label glyphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboards.basemap import GLYPHS_DIR, empty_glyphs, load_base_map, map_style
from dashboards.data import load_boundaries
from tests.dashboard_fixtures import *  # noqa: F403 - the shared store fixtures


@pytest.fixture(scope="module")
def base():  # noqa: ANN201 - a BaseMap
    return load_base_map(load_boundaries())


def _names(base, kind: str) -> set[str]:  # noqa: ANN001
    return {f["properties"]["name"] for f in base.labels["features"] if f["properties"]["kind"] == kind}


def test_neighbouring_countries_are_shipped(base) -> None:  # noqa: ANN001
    names = {f["properties"]["name"] for f in base.countries["features"]}
    assert {"Turkey", "Iraq", "Lebanon", "Jordan", "Israel", "Palestine", "Cyprus"} <= names
    assert "Syria" not in names  # drawn from the OCHA governorates instead
    for feature in base.countries["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)


def test_names_of_every_level(base) -> None:  # noqa: ANN001
    assert len(_names(base, "governorate")) == 14 and "Idleb" in _names(base, "governorate")
    assert len(_names(base, "district")) == 62
    towns = _names(base, "town")
    assert {"Aleppo", "Damascus", "Homs", "Raqqa" if "Raqqa" in towns else "Ar-Raqqa"} <= towns
    assert {"Beirut", "Mosul", "Amman", "Gaziantep"} <= towns  # large towns abroad
    assert {"TURKEY", "IRAQ", "LEBANON", "JORDAN"} <= _names(base, "country")
    # every name is drawn with the shipped glyphs (Latin only: MapLibre cannot shape Arabic offline)
    assert all(ord(ch) < 0x180 or 0x2010 <= ord(ch) < 0x203B for name in towns for ch in name)


def test_governorate_bounds_lie_in_syria(base) -> None:  # noqa: ANN001
    assert len(base.governorate_bounds) == 14
    west, south, east, north = base.governorate_bounds["Idleb"]
    assert 35.9 < west < east < 37.2 and 35.2 < south < north < 36.7
    for w, s, e, n in base.governorate_bounds.values():
        assert 35.5 <= w < e <= 42.5 and 32.2 <= s < n <= 37.5


def test_style_uses_only_its_own_sources_and_glyphs() -> None:
    urls = {k: f"/m/{k}.geojson" for k in ("countries", "governorates", "districts", "labels")}
    style = map_style(urls, glyphs_url="/g/{fontstack}/{range}.pbf")
    assert style["glyphs"] == "/g/{fontstack}/{range}.pbf"
    assert {s["data"] for s in style["sources"].values()} == set(urls.values())
    ids = [layer["id"] for layer in style["layers"]]
    assert len(ids) == len(set(ids)) and ids[0] == "water"
    for layer in style["layers"][1:]:
        assert layer["source"] in style["sources"]
    # the choropleth trace is put under the district lines: they must come after the fills
    assert ids.index("syria-fill") < ids.index("districts-line") < ids.index("labels-governorate")
    assert map_style({}, glyphs_url="/g")["layers"] == style["layers"][:1]  # nothing shipped: water only


def test_app_serves_layers_and_glyphs(small_store: Path) -> None:
    from dashboards.app import create_app

    app = create_app(small_store)
    client = app.server.test_client()
    countries = client.get("/_tracker/map/countries.geojson")
    assert countries.status_code == 200 and "Turkey" in countries.get_data(as_text=True)
    labels = json.loads(client.get("/_tracker/map/labels.geojson").get_data())
    assert labels["features"]
    latin = client.get("/_tracker/glyphs/Noto Sans Regular/0-255.pbf")
    assert latin.status_code == 200 and latin.data == (GLYPHS_DIR / "0-255.pbf").read_bytes()
    arabic = client.get("/_tracker/glyphs/Noto Sans Regular/1536-1791.pbf")
    assert arabic.status_code == 200 and arabic.data == empty_glyphs("Noto Sans Regular", "1536-1791")
    assert client.get("/_tracker/glyphs/x/0-99.pbf").status_code == 404  # not a block
    # a path out of the folder is not the glyph route at all (Dash answers with its page)
    assert client.get("/_tracker/glyphs/x/..%2F..%2Fapp.pbf").mimetype == "text/html"
    app.tracker_data.close()


def test_empty_glyph_block_is_a_fontstack_message() -> None:
    raw = empty_glyphs("Noto Sans Regular", "512-767")
    # field 1 (stacks), length-delimited, holding name (field 1) and range (field 2)
    assert raw[0] == 0x0A and raw[1] == len(raw) - 2
    assert raw[2:4] == bytes([0x0A, len("Noto Sans Regular")]) and raw.endswith(b"\x12\x07512-767")
