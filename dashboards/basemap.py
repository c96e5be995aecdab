"""The map's offline base layers: the region's countries, Syria's governorates and districts, towns
and their names, as a MapLibre style that fetches nothing from outside the app.

Reads the packaged ``tracker/resources/places`` files (``region_countries.geojson``,
``syr_adm1.geojson``, ``syr_adm2.geojson``, ``gazetteer.csv.gz``, ``countries.yaml``) once, when
the app is created; writes nothing. :func:`map_style` gives the style object for ``layout.map.style``:
its sources are URLs the app serves (see :mod:`dashboards.app`) and its text comes from the glyph
files in ``assets/glyphs`` (built by ``scripts/build_map_glyphs.py``), because plotly's own
``white-bg`` style points its glyphs at a font server.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

GLYPHS_DIR = Path(__file__).resolve().parent / "assets" / "glyphs"
FONT = "Noto Sans Regular"  # the only font stack the app serves (any name gets the same glyphs)

#: Towns of Syria labelled on the map (by population), the zoom from which the smaller ones are
#: named, and the smallest population of a town abroad (from countries.yaml) that is labelled.
TOWNS = 45
TOWNS_ZOOM = 6.3
TOWNS_ABROAD_MIN = 100_000

#: lon/lat box around Syria in which places abroad are labelled.
REGION = (33.0, 29.5, 46.0, 39.0)

#: Colours of the base map.
WATER = "#e8eef3"
LAND = "#f6f5f1"
COUNTRY_LINE = "#a3a9b0"
DISTRICT_LINE = "#c9c9c9"
LABEL = "#3b4148"
LABEL_MUTED = "#7b828a"


Bounds = tuple[float, float, float, float]  # west, south, east, north


@dataclass
class BaseMap:
    """GeoJSON collections for the base layers; any may be None when its file is missing."""

    countries: dict[str, Any] | None = None
    districts: dict[str, Any] | None = None
    labels: dict[str, Any] = field(default_factory=lambda: {"type": "FeatureCollection", "features": []})
    #: governorate name (English, as the store has it) -> its bounding box
    governorate_bounds: dict[str, Bounds] = field(default_factory=dict)


def _resource(name: str) -> Path | None:
    from tracker import resources

    ref = resources.path("places", name)
    return Path(str(ref)) if ref.is_file() else None


def _read_json(name: str) -> dict[str, Any] | None:
    path = _resource(name)
    if path is None:
        log.warning("packaged %s not found; the map is drawn without it", name)
        return None
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _point(name: str, kind: str, lon: float, lat: float, rank: int = 0) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"name": name, "kind": kind, "rank": rank},
        "geometry": {"type": "Point", "coordinates": [round(float(lon), 4), round(float(lat), 4)]},
    }


def _coords(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [(float(x), float(y)) for polygon in polygons for ring in polygon for x, y in ring]


def bounds_of(points: list[tuple[float, float]]) -> Bounds:
    """The bounding box (west, south, east, north) of ``(lon, lat)`` points."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def load_base_map(governorates: dict[str, Any] | None) -> BaseMap:
    """Read the packaged layers; ``governorates`` is the governorate GeoJSON the app already has."""
    import pandas as pd
    import yaml

    base = BaseMap(countries=_read_json("region_countries.geojson"), districts=_read_json("syr_adm2.geojson"))
    labels = base.labels["features"]
    # Country names and towns abroad come from the geocoder's list of the region's places.
    countries_path = _resource("countries.yaml")
    if countries_path is not None:
        west, south, east, north = REGION
        for rec in yaml.safe_load(countries_path.read_text(encoding="utf-8")) or []:
            if rec.get("country") == "Syria" or not (
                west <= rec["lon"] <= east and south <= rec["lat"] <= north
            ):
                continue
            if rec.get("level") == "country":
                labels.append(_point(rec["name"].upper(), "country", rec["lon"], rec["lat"]))
            elif rec.get("level") == "town" and rec.get("population", 0) >= TOWNS_ABROAD_MIN:
                labels.append(_point(rec["name"], "town", rec["lon"], rec["lat"], rank=2))
    for feature in (governorates or {}).get("features", []):
        props = feature.get("properties", {})
        name = props.get("ADM1_EN")
        if not name:
            continue
        base.governorate_bounds[name] = bounds_of(_coords(feature["geometry"]))
        if "label_lon" in props:
            labels.append(_point(name, "governorate", props["label_lon"], props["label_lat"]))
    for feature in (base.districts or {}).get("features", []):
        props = feature.get("properties", {})
        if props.get("ADM2_EN") and "label_lon" in props:
            labels.append(_point(props["ADM2_EN"], "district", props["label_lon"], props["label_lat"]))
    gazetteer = _resource("gazetteer.csv.gz")
    if gazetteer is not None:
        towns = pd.read_csv(gazetteer, usecols=["level", "name", "latitude", "longitude", "population"])
        towns = towns[(towns["level"] == "town") & towns["latitude"].notna()]
        towns = towns.sort_values("population", ascending=False).head(TOWNS)
        for rank, town in enumerate(towns.itertuples()):
            # the ten largest are named from the first zoom, the others once zoomed in
            labels.append(
                _point(town.name, "town", town.longitude, town.latitude, rank=0 if rank < 10 else 1)
            )
    return base


def map_style(urls: dict[str, str], *, glyphs_url: str) -> dict[str, Any]:
    """A MapLibre style with the base layers, its GeoJSON read from ``urls`` (keys ``countries``,
    ``governorates``, ``districts``, ``labels``; a missing key leaves its layers out)."""
    sources = {name: {"type": "geojson", "data": url} for name, url in urls.items()}
    layers: list[dict[str, Any]] = [
        {"id": "water", "type": "background", "paint": {"background-color": WATER}}
    ]
    if "countries" in urls:
        layers += [
            {"id": "countries-fill", "type": "fill", "source": "countries", "paint": {"fill-color": LAND}},
            {
                "id": "countries-line",
                "type": "line",
                "source": "countries",
                "paint": {"line-color": COUNTRY_LINE, "line-width": 0.8},
            },
        ]
    if "governorates" in urls:
        layers.append(
            {"id": "syria-fill", "type": "fill", "source": "governorates", "paint": {"fill-color": "#ffffff"}}
        )
    if "districts" in urls:
        layers.append(
            {
                "id": "districts-line",
                "type": "line",
                "source": "districts",
                "minzoom": 6,
                "paint": {"line-color": DISTRICT_LINE, "line-width": 0.6},
            }
        )
    if "governorates" in urls:
        layers.append(
            {
                "id": "governorates-line",
                "type": "line",
                "source": "governorates",
                "paint": {"line-color": "#666c73", "line-width": 1.0},
            }
        )
    if "labels" in urls:
        layers += _label_layers()
    return {
        "version": 8,
        "name": "tracker-offline",
        "sources": sources,
        "layers": layers,
        "glyphs": glyphs_url,
    }


def _label_layers() -> list[dict[str, Any]]:
    """Dots and names from the ``labels`` source: countries, towns (the largest from the first zoom,
    the others once zoomed in), districts when close, governorates."""
    text = {"text-field": ["get", "name"], "text-font": [FONT], "text-max-width": 8}
    halo = {"text-halo-color": "rgba(255,255,255,0.9)", "text-halo-width": 1.4}
    beside = {"text-anchor": "left", "text-offset": [0.5, 0]}
    big_towns = ["all", ["==", ["get", "kind"], "town"], ["==", ["get", "rank"], 0]]
    small_towns = ["all", ["==", ["get", "kind"], "town"], [">", ["get", "rank"], 0]]
    # names as (layer id, filter, minzoom, layout, colour), in drawing order after the country names
    names: list[tuple[str, list[Any], float, dict[str, Any], str]] = [
        ("labels-district", ["==", ["get", "kind"], "district"], 7, {"text-size": 10}, LABEL_MUTED),
        (
            "labels-governorate",
            ["==", ["get", "kind"], "governorate"],
            0,
            {"text-size": 12, "text-transform": "uppercase", "text-letter-spacing": 0.08},
            "#4d5359",
        ),
        ("labels-town", big_towns, 0, {"text-size": 11, **beside}, LABEL),
        ("labels-town-zoomed", small_towns, TOWNS_ZOOM, {"text-size": 10, **beside}, LABEL),
    ]
    country = ("labels-country", ["==", ["get", "kind"], "country"], 0, {"text-size": 13, "text-letter-spacing": 0.15}, LABEL_MUTED)  # fmt: skip
    symbols = [
        {"id": layer_id, "type": "symbol", "source": "labels", "minzoom": zoom, "filter": where,
         "layout": {**text, **layout}, "paint": {"text-color": colour, **halo}}
        for layer_id, where, zoom, layout, colour in [country, *names]
    ]  # fmt: skip
    dots = [
        {"id": layer_id, "type": "circle", "source": "labels", "minzoom": zoom, "filter": where,
         "paint": {"circle-radius": 2.2, "circle-color": "#50565c"}}
        for layer_id, where, zoom in (("towns-dot", big_towns, 0), ("towns-dot-zoomed", small_towns, TOWNS_ZOOM))
    ]  # fmt: skip
    return [symbols[0], *dots, *symbols[1:]]


#: Protobuf of an empty glyph block (a font stack with no glyphs), for blocks the app does not ship.
def empty_glyphs(fontstack: str, block: str) -> bytes:
    """A valid glyph file with no glyphs, so MapLibre draws nothing instead of logging an error."""

    def field_bytes(number: int, value: bytes) -> bytes:
        return bytes([number << 3 | 2, len(value)]) + value

    return field_bytes(1, field_bytes(1, fontstack.encode()[:60]) + field_bytes(2, block.encode()[:20]))


__all__ = ["FONT", "GLYPHS_DIR", "BaseMap", "bounds_of", "empty_glyphs", "load_base_map", "map_style"]
