"""Measure the geocoder on the Syrian Archive chemical-weapon incidents (Arabic and English summaries).

Reads ``../shared/eval/syrianarchive-incidents/incidents.csv``; prints, per language, the share of
incidents placed in the right governorate and the median distance to the labelled coordinates.

The place of an incident is the most specific place of the first sentence that reports the attack
(falling back to any sentence, then to the title). The labelled governorate comes from the labelled
coordinates (point in the packaged OCHA polygons) or, without coordinates, from the governorate
written in the ``location`` field (which does not tell Damascus from Rural Damascus: both count).

Run: ``python scripts/eval_places.py [--shared ../shared] [--show-misses N]``
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.extraction.segment import split_sentences  # noqa: E402
from tracker.places import PlaceMatch, default_geocoder  # noqa: E402
from tracker.resources import read_text  # noqa: E402
from tracker.text.normalize import normalize, normalize_key  # noqa: E402

# Words that mark a sentence as reporting the attack itself (not its aftermath or sources).
ATTACK = {
    "ar": [
        normalize_key(w)
        for w in "هجوم غارة غارات قصف استهدف استهداف سقوط سقط صاروخ صواريخ قذيفة قذائف برميل براميل أصاب ضرب الهجوم وقع".split()
    ],
    "en": "attack attacked strike airstrike struck shell shelled shelling hit dropped bomb bombs rocket rockets missile barrel occurred".split(),
}
# A town and a neighbourhood are equally specific: the first named wins.
_RANK = {"neighbourhood": 5, "town": 5, "admin3": 4, "admin2": 3, "admin1": 2, "region": 1}


def _in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside, j = False, len(ring) - 1
    for i in range(len(ring)):
        xi, yi, xj, yj = ring[i][0], ring[i][1], ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def governorate_at(lat: float, lon: float, features: list[dict]) -> str | None:
    """The P-code of the governorate polygon containing the point (nearest label point if none)."""
    best, best_d = None, math.inf
    for f in features:
        geom = f["geometry"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        if any(_in_ring(lon, lat, p[0]) for p in polys):
            return f["properties"]["ADM1_PCODE"]
        d = (f["properties"]["label_lat"] - lat) ** 2 + (f["properties"]["label_lon"] - lon) ** 2
        if d < best_d:
            best, best_d = f["properties"]["ADM1_PCODE"], d
    return best if best_d < 0.05 else None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        0.5
        - math.cos((lat2 - lat1) * p) / 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * (1 - math.cos((lon2 - lon1) * p)) / 2
    )
    return 12742 * math.asin(math.sqrt(a))


def place_of(summary: str, title: str, lang: str) -> PlaceMatch | None:
    """The incident's place: most specific Syrian place of the first attack sentence, else fallbacks."""
    geo = default_geocoder()
    norm = normalize(summary or "").text
    sentences = split_sentences(norm)
    attack_first = [s for s in sentences if any(w in s.text for w in ATTACK[lang])] + sentences
    for s in attack_first:
        found = [m for m in geo.find(s.text, lang) if m.country == "Syria" and m.level != "country"]
        if found:
            return max(found, key=lambda m: (_RANK.get(m.level, 0), -m.start))
    found = [
        m
        for m in geo.find(normalize(title or "").text, lang)
        if m.country == "Syria" and m.level != "country"
    ]
    return max(found, key=lambda m: (_RANK.get(m.level, 0), -m.start)) if found else None


INCIDENTS = Path("eval", "syrianarchive-incidents", "incidents.csv")


def load_incidents(shared: Path) -> pd.DataFrame:
    """The Syrian Archive incidents, every column as text (empty, not NaN, where blank)."""
    return pd.read_csv(Path(shared) / INCIDENTS, dtype=str, keep_default_na=False)


def evaluate(shared: Path, *, show_misses: int = 0) -> dict[str, dict[str, float]]:
    """Per language (``ar``, ``en``): ``incidents`` with a labelled governorate, ``placed``,
    ``right_governorate``, ``median_km`` and ``within_5km`` (of those with labelled coordinates)."""
    frame = load_incidents(shared)
    frame["latitude"] = pd.to_numeric(frame["latitude"], errors="coerce")
    frame["longitude"] = pd.to_numeric(frame["longitude"], errors="coerce")
    features = json.loads(read_text("places", "syr_adm1.geojson"))["features"]
    geo = default_geocoder()
    results: dict[str, dict[str, float]] = {}
    for lang in ("ar", "en"):
        right = total = placed = 0
        errors: list[float] = []
        misses = []
        for row in frame.itertuples():
            if pd.notna(row.latitude):
                gold = {governorate_at(row.latitude, row.longitude, features)}
            else:
                head = str(row.location).split(":")[0]
                gold = {m.admin1_pcode for m in geo.find(normalize(head).text, "ar") if m.admin1_pcode}
                if gold & {"SY01", "SY03"}:
                    gold |= {"SY01", "SY03"}  # the label's "دمشق" covers both
            gold.discard(None)
            if not gold:
                continue
            total += 1
            m = place_of(getattr(row, f"summary_{lang}"), getattr(row, f"title_{lang}"), lang)
            if m is None:
                misses.append((row.incident_code, "-", row.location))
                continue
            placed += 1
            if m.admin1_pcode in gold:
                right += 1
            else:
                misses.append((row.incident_code, f"{m.text}->{m.name}/{m.admin1}", row.location))
            if pd.notna(row.latitude) and m.latitude is not None:
                errors.append(km(row.latitude, row.longitude, m.latitude, m.longitude))
        results[lang] = {
            "incidents": total,
            "placed": placed,
            "right_governorate": right / total if total else 0.0,
            "median_km": statistics.median(errors) if errors else float("nan"),
            "within_5km": sum(e <= 5 for e in errors) / len(errors) if errors else 0.0,
        }
        for miss in misses[:show_misses]:
            print(lang, *miss, sep=" | ")
    return results


def article_governorate(title: str, text: str) -> str | None:
    """The governorate of an English article: its headline's Syrian place, else the one named most."""
    geo = default_geocoder()
    head = geo.article_place(title, "", "en")
    if head is not None and head.country == "Syria" and head.admin1_pcode:
        return head.admin1_pcode
    counts: dict[str, int] = {}
    for m in geo.find(normalize(text[:3000]).text, "en"):
        if m.country == "Syria" and m.admin1_pcode:
            counts[m.admin1_pcode] = counts.get(m.admin1_pcode, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def evaluate_fakes(shared: Path) -> dict[str, float]:
    """FA-KES: share of articles whose governorate (headline or most named) is the labelled one.

    A proxy for "the governorate of the article's main event" until the pipeline picks that event.
    """
    frame = pd.read_csv(shared / "eval" / "fa-kes" / "fakes_dev.csv", dtype=str, keep_default_na=False)
    geo = default_geocoder()
    right = total = placed = 0
    for row in frame.itertuples():
        gold = {m.admin1_pcode for m in geo.find(normalize(row.location).text, "en") if m.admin1_pcode}
        if gold & {"SY01", "SY03"}:
            gold |= {"SY01", "SY03"}  # the label "damascus" covers the city and its countryside
        if not gold:
            continue
        total += 1
        got = article_governorate(row.article_title, row.article_content)
        placed += got is not None
        right += got in gold
    return {"articles": total, "placed": placed, "right_governorate": right / total if total else 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show-misses", type=int, default=0, help="print this many misses per language")
    args = parser.parse_args(argv)
    results = evaluate(args.shared, show_misses=args.show_misses)
    print(f"{'lang':<5}{'incidents':>10}{'placed':>8}{'right gov.':>12}{'median km':>11}{'<=5 km':>8}")
    for lang, r in results.items():
        print(
            f"{lang:<5}{r['incidents']:>10}{r['placed']:>8}{r['right_governorate']:>11.1%}"
            f"{r['median_km']:>11.1f}{r['within_5km']:>8.1%}"
        )
    fakes = evaluate_fakes(args.shared)
    print(
        f"fa-kes (en): {fakes['articles']} articles with a governorate, {fakes['placed']} placed, "
        f"{fakes['right_governorate']:.1%} right governorate (headline place, else the most named)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
