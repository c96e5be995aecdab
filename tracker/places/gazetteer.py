"""The gazetteer: the packaged Syrian places, regions and neighbouring countries, and their names.

Reads ``resources/places/gazetteer.csv.gz`` (built by ``scripts/build_gazetteer.py``) and the hand-written
``regions.yaml`` and ``countries.yaml``; writes :class:`Place` records with their names per language
(:func:`load_gazetteer`) and the problems found in them (:func:`validate_gazetteer`).
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass

from tracker.resources import load_yaml, path
from tracker.schema import ADMIN1
from tracker.text.normalize import normalize_key

__all__ = ["LEVELS", "SYRIA_BBOX", "Place", "load_gazetteer", "validate_gazetteer"]

LEVELS = ("country", "admin1", "admin2", "admin3", "town", "neighbourhood", "region")

#: Syria's bounding box (lat_min, lat_max, lon_min, lon_max), with a little margin for border villages.
SYRIA_BBOX = (32.2, 37.4, 35.5, 42.5)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer record (a governorate, district, sub-district, town, neighbourhood, region or country)."""

    id: str
    level: str
    name: str
    admin1_pcode: str | None
    admin2: str | None
    latitude: float
    longitude: float
    population: int
    country: str

    @property
    def pcode(self) -> str | None:
        """The OCHA P-code (SY.., C...., N....) when the record has one."""
        return self.id if self.id[:1] in ("S", "C", "N") and not self.id.startswith("SA") else None


def load_gazetteer() -> tuple[list[Place], list[dict[str, list[str]]]]:
    """The packaged gazetteer, regions and countries as records and their names per language."""
    places: list[Place] = []
    names: list[dict[str, list[str]]] = []
    raw = path("places", "gazetteer.csv.gz").read_bytes()
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            places.append(
                Place(
                    id=row["id"],
                    level=row["level"],
                    name=row["name"],
                    admin1_pcode=row["admin1_pcode"] or None,
                    admin2=row["admin2"] or None,
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                    population=int(row["population"] or 0),
                    country=row["country"] or "Syria",
                )
            )
            en = [row["name"], *filter(None, row["aliases_en"].split("|"))]
            ar = [row["name_ar"], *filter(None, row["aliases_ar"].split("|"))]
            names.append({"en": en, "ar": ar})
    extra = load_yaml("places", "regions.yaml") + load_yaml("places", "countries.yaml")
    # a record written by hand may stand for a gazetteer record (a village of the occupied Golan is coded
    # in Israel): the gazetteer's is dropped
    dropped = {i for rec in extra for i in rec.get("supersedes", [])}
    kept = [k for k, p in enumerate(places) if p.id not in dropped]
    places, names = [places[k] for k in kept], [names[k] for k in kept]
    for rec in extra:
        places.append(
            Place(
                id=rec["id"],
                level=rec.get("level", "region"),
                name=rec["name"],
                admin1_pcode=rec.get("admin1"),
                admin2=None,
                latitude=float(rec["lat"]),
                longitude=float(rec["lon"]),
                population=int(rec.get("population", 0)),
                country=rec.get("country", "Syria"),
            )
        )
        names.append({"en": [rec["name"], *rec.get("en", [])], "ar": list(rec.get("ar", []))})
    return places, names


def validate_gazetteer() -> tuple[list[str], dict[str, int]]:
    """Check the packaged places: (problems, count of records per level).

    Every record has a known level; Syrian records lie inside Syria and name one of the 14
    governorates (regions spanning several may name none); ids are unique; every name is folded.
    """
    places, names = load_gazetteer()
    problems: list[str] = []
    seen: set[str] = set()
    lat0, lat1, lon0, lon1 = SYRIA_BBOX
    for p, per_lang in zip(places, names, strict=True):
        if p.id in seen:
            problems.append(f"{p.id}: duplicate id")
        seen.add(p.id)
        if p.level not in LEVELS:
            problems.append(f"{p.id}: unknown level {p.level!r}")
        if p.country == "Syria" and p.level != "country":
            if not (lat0 <= p.latitude <= lat1 and lon0 <= p.longitude <= lon1):
                problems.append(f"{p.id}: {p.latitude},{p.longitude} outside Syria")
            if p.admin1_pcode not in ADMIN1 and not (p.level == "region" and p.admin1_pcode is None):
                problems.append(f"{p.id}: unknown governorate {p.admin1_pcode!r}")
        # The built table stores names folded; the hand-written YAML is folded when loaded.
        built = not p.id.startswith(("R-", "X-"))
        for lang in ("ar", "en"):
            for n in per_lang.get(lang, []):
                if not normalize_key(n) or (built and lang == "ar" and n != normalize_key(n)):
                    problems.append(f"{p.id}: name not folded: {n!r}")
    counts: dict[str, int] = {}
    for p in places:
        counts[p.level] = counts.get(p.level, 0) + 1
    return problems, counts
