"""Build ``tracker/resources/places/region_countries.geojson``: outlines of Syria's neighbours.

The dashboard's map draws these under the governorates so that events in Iraq, Lebanon or Turkey
sit on land with a name, not in white space. The outlines come from Natural Earth's 1:110m
countries (public domain), read from the shapefile that geopandas 0.14 shipped as its
``naturalearth_lowres`` example (``pip download geopandas==0.14.4 --no-deps`` and unzip it):

    python scripts/build_region_outlines.py PATH/TO/naturalearth_lowres.shp

Syria itself is left out (the OCHA governorate boundaries draw it). Coordinates are rounded to
0.001 degree; properties are ``name`` and ``iso_a3``.
"""

from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tracker" / "resources" / "places" / "region_countries.geojson"

#: lon/lat box of the region shown around Syria: a country is kept when its outline reaches into it.
REGION = (25.0, 27.0, 50.0, 43.0)
SKIP = {"SYR"}


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The records of a dBASE III table as text."""
    raw = path.read_bytes()
    count, header_len, record_len = struct.unpack("<4xIHH", raw[:12])
    fields: list[tuple[str, int]] = []
    pos = 32
    while raw[pos] != 0x0D:
        fields.append((raw[pos : pos + 11].split(b"\0")[0].decode(), raw[pos + 16]))
        pos += 32
    rows = []
    for i in range(count):
        off = header_len + i * record_len + 1  # skip the deletion flag
        row = {}
        for name, width in fields:
            row[name] = raw[off : off + width].decode("utf-8", "replace").strip()
            off += width
        rows.append(row)
    return rows


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each record of a polygon shapefile as a list of rings of (lon, lat)."""
    raw = path.read_bytes()
    pos, shapes = 100, []
    while pos < len(raw):
        _, length = struct.unpack(">ii", raw[pos : pos + 8])
        body = raw[pos + 8 : pos + 8 + 2 * length]
        pos += 8 + 2 * length
        if struct.unpack("<i", body[:4])[0] != 5:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44 : 44 + 4 * n_parts])) + [n_points]
        start = 44 + 4 * n_parts
        points = [struct.unpack("<2d", body[start + 16 * i : start + 16 * i + 16]) for i in range(n_points)]
        shapes.append([points[a:b] for a, b in zip(parts, parts[1:], strict=False)])
    return shapes


def _signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def build(shp: Path) -> dict:
    rows = read_dbf(shp.with_suffix(".dbf"))
    features = []
    lon0, lat0, lon1, lat1 = REGION
    for row, rings in zip(rows, read_polygons(shp), strict=True):
        if row.get("iso_a3") in SKIP or not rings:
            continue
        if not any(lon0 <= x <= lon1 and lat0 <= y <= lat1 for ring in rings for x, y in ring):
            continue
        # Shapefile outer rings run clockwise (negative signed area), holes counter-clockwise.
        polygons: list[list[list[list[float]]]] = []
        for ring in rings:
            coords = [[round(x, 3), round(y, 3)] for x, y in ring]
            if _signed_area(ring) <= 0 or not polygons:
                polygons.append([coords[::-1]])  # GeoJSON: outer rings counter-clockwise
            else:
                polygons[-1].append(coords[::-1])
        features.append(
            {
                "type": "Feature",
                "properties": {"name": row["name"], "iso_a3": row["iso_a3"]},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapefile", type=Path, help="naturalearth_lowres.shp")
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args()
    collection = build(args.shapefile)
    args.out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    names = ", ".join(f["properties"]["name"] for f in collection["features"])
    print(f"{args.out}: {len(collection['features'])} countries ({names})")


if __name__ == "__main__":
    main()
