"""Build the packaged Syrian gazetteer from the facts in ``../shared/data/gazetteer``.

Reads OCHA COD-AB tables and boundaries, the Syrian Archive place list, Open-Syria aliases and the
GeoNames extract; writes ``tracker/resources/places/gazetteer.csv.gz`` (one row a place: level,
English and Arabic names, aliases, P-codes, parents, coordinates, population) and copies the
simplified governorate and district boundaries beside it. Regions, countries and word lists are
written by hand in the YAML files of the same folder and are not touched here.

Run: ``python scripts/build_gazetteer.py [--shared ../shared] [--out tracker/resources/places]``
(or ``tracker resources build``).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import logging
import math
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.schema import ADMIN1  # noqa: E402
from tracker.text.normalize import normalize_key  # noqa: E402

log = logging.getLogger("build_gazetteer")

COLUMNS = [
    "id",
    "level",
    "name",
    "name_ar",
    "pcode",
    "admin1_pcode",
    "admin2",
    "admin2_pcode",
    "latitude",
    "longitude",
    "population",
    "country",
    "aliases_en",
    "aliases_ar",
    "source",
]

# Level words written into some source names ("حي الفردوس", "مدينة حمص"): the name is what follows.
_AR_LEVEL_PREFIX = re.compile(r"^(?:حي|مدينه|بلده|قريه|ناحيه|منطقه|مخيم)\s+")
_HALF_AR = re.compile(r"\s+(?:ال)?(?:غربي|شرقي|شمالي|جنوبي)(?:ه)?$")
_HALF_EN = re.compile(
    r"\s+(?:al[- ]?|el[- ]?)?(?:gharbi|sharqi|shamali|janoubi|janubi|west|east|north|south)$"
)
_PAREN = re.compile(r"\s*\(.*?\)\s*")
_LATIN_OK = re.compile(r"^[a-z][a-z '\-]{2,40}$")
_ARABIC_OK = re.compile(r"^[\u0621-\u064a ]{2,40}$")


def _clean_en(name: str) -> str:
    return _PAREN.sub(" ", str(name)).strip()


def _clean_ar(name: str) -> str:
    return _AR_LEVEL_PREFIX.sub("", normalize_key(str(name)))


def _split_ar(name: str) -> list[str]:
    # Syrian Archive joins an Arabic name and its other-language name with "_"; a ":" is a path, not a name.
    return [p for p in (_clean_ar(x) for x in str(name).split("_")) if p and ":" not in p]


_ARTICLES = frozenset("al el ar as ad an at az ash ath adh ed es et ez er en".split())


def _latin_aliases(values: Iterable[str]) -> list[str]:
    out = []
    for v in values:
        k = normalize_key(v)
        if not _LATIN_OK.match(k) or len(k.replace(" ", "")) < 4:
            continue
        letters = [c for c in k if c.isalpha()]
        vowels = sum(c in "aeiouy" for c in letters)
        words = re.split(r"[ \-']", k)
        # GeoNames carries machine romanisations of the Arabic script ("alrqt", "a lei po"): skip them.
        if vowels < 0.3 * len(letters) or any(len(w) <= 2 and w not in _ARTICLES for w in words if w):
            continue
        out.append(k)
    return out


def _arabic_aliases(values: Iterable[str]) -> list[str]:
    out = []
    for v in values:
        k = _clean_ar(v)
        if _ARABIC_OK.match(k) and len(k.replace(" ", "")) >= 3:
            out.append(k)
    return out


# --- point in polygon (to find the district of points the tables leave without parents) ---


def _in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


class _Districts:
    def __init__(self, geojson: dict) -> None:
        self.features = [(f["properties"], _polygons(f["geometry"])) for f in geojson["features"]]

    def find(self, lat: float, lon: float) -> dict | None:
        best, best_d = None, math.inf
        for props, polys in self.features:
            for poly in polys:
                if _in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, h) for h in poly[1:]):
                    return props
            d = (props["label_lat"] - lat) ** 2 + (props["label_lon"] - lon) ** 2
            if d < best_d:
                best, best_d = props, d
        # Simplified borders leave slivers outside every polygon; take the nearest district then.
        return best if best_d < 0.05 else None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        0.5
        - math.cos((lat2 - lat1) * p) / 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2
    )
    return 12742 * math.asin(math.sqrt(a))


# --- the build ---


class _Builder:
    def __init__(self, src: Path) -> None:
        self.src = src
        self.rows: list[dict] = []
        self.adm2 = json.loads((src / "ocha" / "syr_adm2_simplified.geojson").read_text(encoding="utf-8"))
        self.districts = _Districts(self.adm2)
        self.adm2_by_pcode = {f["properties"]["ADM2_PCODE"]: f["properties"] for f in self.adm2["features"]}
        self.adm3 = pd.read_csv(src / "ocha" / "syr_admin3_subdistricts.csv")
        self.capitals = pd.read_csv(src / "ocha" / "syr_admincapitals.csv")
        self.opensyria = {}
        for kind in ("governorates", "districts", "subdistricts"):
            for rec in json.loads((src / "opensyria" / f"{kind}.json").read_text(encoding="utf-8")):
                code = rec.get("externalIds", {}).get("ochaPcode")
                if code:
                    self.opensyria[code] = rec

    def add(self, **row: object) -> dict:
        row.setdefault("country", "Syria")
        row.setdefault("population", 0)
        row["aliases_en"] = sorted(set(row.get("aliases_en") or []))
        row["aliases_ar"] = sorted(set(row.get("aliases_ar") or []))
        self.rows.append(row)
        return row

    def _open_aliases(self, pcode: str) -> tuple[list[str], list[str], int]:
        rec = self.opensyria.get(pcode)
        if not rec:
            return [], [], 0
        en = [rec["name"]["en"]] + [a["value"] for a in rec["aliases"] if a["language"] == "en"]
        ar = [rec["name"]["ar"]] + [a["value"] for a in rec["aliases"] if a["language"] == "ar"]
        pop = int((rec.get("population") or {}).get("value") or 0)
        return _latin_aliases(en), _arabic_aliases(ar), pop

    def admin_units(self) -> None:
        adm1 = json.loads((self.src / "ocha" / "syr_adm1_simplified.geojson").read_text(encoding="utf-8"))
        caps = self.capitals
        for f in adm1["features"]:
            p = f["properties"]
            code = p["ADM1_PCODE"]
            lvl = 0 if code == "SY01" else 1
            cap = caps[(caps.adm_p_lvl == lvl) & ((caps.adm1_pcode == code) | (lvl == 0))]
            # A governorate is placed at its capital (as ACLED does); Rural Damascus has none of its own.
            lat, lon = (
                (cap.iloc[0].y_coord, cap.iloc[0].x_coord) if len(cap) else (p["label_lat"], p["label_lon"])
            )
            en, ar, pop = self._open_aliases(code)
            self.add(
                id=code,
                level="admin1",
                name=ADMIN1[code],
                name_ar=normalize_key(p["ADM1_AR"]),
                pcode=code,
                admin1_pcode=code,
                admin2=None,
                admin2_pcode=None,
                latitude=lat,
                longitude=lon,
                population=pop,
                aliases_en=en + [normalize_key(p["ADM1_EN"])],
                aliases_ar=ar,
                source="ocha",
            )
        for p in self.adm2_by_pcode.values():
            code = p["ADM2_PCODE"]
            cap = caps[(caps.adm_p_lvl == 2) & (caps.adm2_pcode == code)]
            lat, lon = (
                (cap.iloc[0].y_coord, cap.iloc[0].x_coord) if len(cap) else (p["label_lat"], p["label_lon"])
            )
            en, ar, pop = self._open_aliases(code)
            self.add(
                id=code,
                level="admin2",
                name=p["ADM2_EN"],
                name_ar=normalize_key(p["ADM2_AR"]),
                pcode=code,
                admin1_pcode=p["ADM1_PCODE"],
                admin2=p["ADM2_EN"],
                admin2_pcode=code,
                latitude=lat,
                longitude=lon,
                population=pop,
                aliases_en=en + _latin_aliases([p.get("ADM2_REF") or ""]),
                aliases_ar=ar,
                source="ocha",
            )
        for r in self.adm3.itertuples():
            cap = caps[(caps.adm_p_lvl == 3) & (caps.adm3_pcode == r.adm3_pcode)]
            lat, lon = (
                (cap.iloc[0].y_coord, cap.iloc[0].x_coord) if len(cap) else (r.center_lat, r.center_lon)
            )
            en, ar, pop = self._open_aliases(r.adm3_pcode)
            ar_name = normalize_key(r.adm3_name1)
            self.add(
                id=r.adm3_pcode,
                level="admin3",
                name=r.adm3_name,
                name_ar=ar_name,
                pcode=r.adm3_pcode,
                admin1_pcode=r.adm1_pcode,
                admin2=r.adm2_name,
                admin2_pcode=r.adm2_pcode,
                latitude=lat,
                longitude=lon,
                population=pop,
                aliases_en=en + _latin_aliases([str(r.adm3_ref_n)]),
                aliases_ar=ar,
                source="ocha",
            )

    def _adm3_index(self) -> dict[tuple[str, str], pd.Series]:
        idx = {}
        for _, r in self.adm3.iterrows():
            for a3 in {normalize_key(r.adm3_name1), normalize_key(r.adm3_name1).removeprefix("مركز ")}:
                idx[(a3, normalize_key(r.adm2_name1))] = r
        return idx

    def villages(self) -> None:
        sa = pd.read_csv(self.src / "syrianarchive_locations.csv", dtype=str)
        idx = self._adm3_index()
        later = []  # Syrian Archive's own places, added once the OCHA places they may repeat are in
        for r in sa.itertuples():
            if not r.lat or pd.isna(r.lat):
                continue
            lat, lon = float(r.lat), float(r.lon)
            names_ar = _split_ar(r.name_ar)
            if not names_ar:
                continue
            if isinstance(r.old_sa_name, str) and ":" in r.old_sa_name:
                names_ar += _arabic_aliases([r.old_sa_name.split(":", 1)[1]])
            name_en = _clean_en(r.name_en)
            if r.sa_loc_only == "TRUE":
                later.append((r, name_en, names_ar, lat, lon))
                continue
            parts = [normalize_key(x) for x in str(r.hierarchy_ar).split(" - ")]
            a3 = idx.get((parts[-2], parts[-1])) if len(parts) >= 3 else None
            if a3 is not None:
                admin1, admin2, admin2_pcode, a3code = (
                    a3.adm1_pcode,
                    a3.adm2_name,
                    a3.adm2_pcode,
                    a3.adm3_pcode,
                )
            else:
                props = self.districts.find(lat, lon)
                if props is None:
                    log.info("no district for %s", name_en)
                    continue
                admin1, admin2, admin2_pcode, a3code = (
                    props["ADM1_PCODE"],
                    props["ADM2_EN"],
                    props["ADM2_PCODE"],
                    None,
                )
            self.add(
                id=r.ocha_pcode_or_sa_code if str(r.ocha_pcode_or_sa_code).startswith("C") else f"SA{r.id}",
                level="town",
                name=name_en,
                name_ar=names_ar[0],
                pcode=a3code,
                admin1_pcode=admin1,
                admin2=admin2,
                admin2_pcode=admin2_pcode,
                latitude=lat,
                longitude=lon,
                aliases_en=_latin_aliases([name_en, str(r.name_en)]),
                aliases_ar=names_ar[1:],
                source="syrianarchive",
            )
        for args in later:
            self._sa_only(*args)

    def _sa_only(self, r: object, name_en: str, names_ar: list[str], lat: float, lon: float) -> None:
        code = str(r.ocha_pcode_or_sa_code)  # type: ignore[attr-defined]
        if not code.startswith("SY") or code[:4] not in ADMIN1:
            return
        props = self.districts.find(lat, lon)
        if props is None or props["ADM1_PCODE"] != code[:4]:
            return  # coordinates disagree with the governorate: leave the place out
        for t in self.rows:
            if t["name_ar"] == names_ar[0] and _km(lat, lon, t["latitude"], t["longitude"]) < 10:
                return  # the same place under its OCHA record
        if name_en.isupper():
            name_en = name_en.title()
        in_city = "مدينه" in normalize_key(str(r.hierarchy_ar))  # type: ignore[attr-defined]
        self.add(
            id=f"SA{r.id}",
            level="neighbourhood" if in_city else "town",
            name=name_en,  # type: ignore[attr-defined]
            name_ar=names_ar[0],
            pcode=None,
            admin1_pcode=code[:4],
            admin2=props["ADM2_EN"],
            admin2_pcode=props["ADM2_PCODE"],
            latitude=lat,
            longitude=lon,
            aliases_en=_latin_aliases([name_en]),
            aliases_ar=names_ar[1:],
            source="syrianarchive",
        )

    def neighbourhoods(self) -> None:
        nb = pd.read_csv(self.src / "ocha" / "syr_neighborhoods.csv", dtype=str)
        for r in nb.itertuples():
            if pd.isna(r.label_lat) or pd.isna(r.neighbor_1):
                continue
            name_ar = _clean_ar(r.neighbor_1)
            # "جوبر الغربي" / "Joubar Gharbi" are halves of what the news calls Jobar: keep the whole name too.
            base_ar = _HALF_AR.sub("", name_ar)
            base_en = _HALF_EN.sub("", normalize_key(r.neighborho))
            self.add(
                id=r.neighbor_2,
                level="neighbourhood",
                name=r.neighborho,
                name_ar=name_ar,
                pcode=r.adm3_pcode,
                admin1_pcode=r.adm1_pcode,
                admin2=r.adm2_en,
                admin2_pcode=r.adm2_pcode,
                latitude=float(r.label_lat),
                longitude=float(r.label_lon),
                aliases_en=_latin_aliases([r.neighborho, base_en]),
                aliases_ar=_arabic_aliases([base_ar]) if base_ar != name_ar else [],
                source="ocha",
            )

    def geonames(self) -> None:
        gn = pd.read_csv(
            self.src / "geonames_sy_cities500.csv", dtype={"names_ar": str, "alternatenames_other": str}
        )
        towns = [r for r in self.rows if r["level"] in ("town", "admin1")]
        for g in gn.itertuples():
            ar = _arabic_aliases(str(g.names_ar).split("|")) if isinstance(g.names_ar, str) else []
            en = _latin_aliases(
                [g.name]
                + (str(g.alternatenames_other).split("|") if isinstance(g.alternatenames_other, str) else [])
            )
            best, best_d = None, 6.0
            for t in towns:
                if t["level"] == "admin1" and t["id"] != "SY01":
                    continue
                names = {t["name_ar"], *t["aliases_ar"]}
                if not names.intersection(ar) and normalize_key(t["name"]) not in en:
                    continue
                d = _km(g.latitude, g.longitude, t["latitude"], t["longitude"])
                if d < best_d:
                    best, best_d = t, d
            if best is not None:
                best["population"] = max(int(best["population"] or 0), int(g.population))
                best["aliases_en"] = sorted(set(best["aliases_en"]) | set(en))
                best["aliases_ar"] = sorted(set(best["aliases_ar"]) | set(ar) - {best["name_ar"]})
                continue
            props = self.districts.find(g.latitude, g.longitude)
            if props is None or not ar:
                continue
            self.add(
                id=f"GN{g.geonameid}",
                level="town",
                name=normalize_key(g.name).title(),
                name_ar=ar[0],
                pcode=None,
                admin1_pcode=props["ADM1_PCODE"],
                admin2=props["ADM2_EN"],
                admin2_pcode=props["ADM2_PCODE"],
                latitude=g.latitude,
                longitude=g.longitude,
                population=int(g.population),
                aliases_en=en,
                aliases_ar=ar[1:],
                source="geonames",
            )

    def share_capital_names(self) -> None:
        """A governorate and its capital city answer to the same names (Deir al-Zour, دير الزور)."""
        towns = [r for r in self.rows if r["level"] == "town"]
        for a in (r for r in self.rows if r["level"] == "admin1"):
            near = [t for t in towns if t["admin1_pcode"] == a["admin1_pcode"]]
            near = [t for t in near if _km(a["latitude"], a["longitude"], t["latitude"], t["longitude"]) < 2]
            if not near:
                continue
            t = max(near, key=lambda r: r["population"])
            en = (
                set(a["aliases_en"])
                | set(t["aliases_en"])
                | {normalize_key(a["name"]), normalize_key(t["name"])}
            )
            ar = set(a["aliases_ar"]) | set(t["aliases_ar"]) | {a["name_ar"], t["name_ar"]}
            a["aliases_en"] = t["aliases_en"] = sorted(k for k in en if "governorate" not in k)
            a["aliases_ar"] = t["aliases_ar"] = sorted(k for k in ar if not k.startswith("محافظه"))
            a["aliases_en"] = sorted(set(a["aliases_en"]) | {k for k in en if "governorate" in k})
            a["aliases_ar"] = sorted(set(a["aliases_ar"]) | {k for k in ar if k.startswith("محافظه")})

    def share_unit_names(self) -> None:
        """A district or sub-district named after its main town lends the town its spellings."""
        towns: dict[str, list[dict]] = {}
        for r in self.rows:
            if r["level"] == "town":
                towns.setdefault(r["name_ar"], []).append(r)
        unit_words = ("district", "subdistrict", "sub-district", "nahiya", "nahiyat", "mantiqat", "markaz")
        for u in (r for r in self.rows if r["level"] in ("admin2", "admin3")):
            base = u["name_ar"].removeprefix("مركز ")
            near = [
                t
                for t in towns.get(base, [])
                if t["admin1_pcode"] == u["admin1_pcode"]
                and _km(u["latitude"], u["longitude"], t["latitude"], t["longitude"]) < 5
            ]
            if not near:
                continue
            t = max(near, key=lambda r: r["population"])
            en = {k for k in u["aliases_en"] if not any(w in k for w in unit_words)}
            t["aliases_en"] = sorted(set(t["aliases_en"]) | en | {normalize_key(u["name"])})

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows)
        frame = frame.drop_duplicates(subset=["id"], keep="first")
        frame["aliases_en"] = frame["aliases_en"].map(lambda v: "|".join(v))
        frame["aliases_ar"] = frame["aliases_ar"].map(lambda v: "|".join(v))
        frame["latitude"] = frame["latitude"].astype(float).round(5)
        frame["longitude"] = frame["longitude"].astype(float).round(5)
        frame["population"] = frame["population"].fillna(0).astype(int)
        return frame[COLUMNS]


def build(shared: Path, out: Path) -> pd.DataFrame:
    """Build the gazetteer from ``shared/data/gazetteer`` into ``out``; return the table written."""
    src = shared / "data" / "gazetteer"
    b = _Builder(src)
    b.admin_units()
    b.villages()
    b.neighbourhoods()
    b.geonames()
    b.share_capital_names()
    b.share_unit_names()
    frame = b.frame()
    out.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    # mtime=0 so a rebuild from the same facts gives the same bytes (reviewable, cache-friendly).
    with open(out / "gazetteer.csv.gz", "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    for level in ("adm1", "adm2"):
        data = json.loads((src / "ocha" / f"syr_{level}_simplified.geojson").read_text(encoding="utf-8"))
        (out / f"syr_{level}.geojson").write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    return frame


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "tracker" / "resources" / "places")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    frame = build(args.shared, args.out)
    log.info("%d places written to %s", len(frame), args.out / "gazetteer.csv.gz")
    log.info("%s", frame["level"].value_counts().to_dict())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
