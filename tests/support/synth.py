"""Synthetic incidents for tests and benchmarks: realistic-looking rows, no real reports.

Reads nothing; writes a DataFrame with the columns of :data:`tracker.schema.EVENT_COLUMNS` plus the
store's incident columns (``fatalities_best``, ``sources``, ``n_sources``, ``mention_ids``), or a store
file: the store's own tables (:func:`tracker.store.tables.create_tables`) with ``incidents`` and
``mentions`` filled, the rest empty.

District names and label points are facts from OCHA COD-AB Syria (CC BY 3.0 IGO). The ceasefire
periods are approximate and only shape the synthetic judgements; the real ones live in the ceasefire
registry. Every sentence is generated from templates written here.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from tracker.schema import ADMIN1, EVENT_COLUMNS, SUB_EVENT_TYPES, conform
from tracker.store.tables import append, create_tables

__all__ = [
    "SYNTHETIC_CEASEFIRES",
    "synthetic_incidents",
    "write_incidents_store",
    "write_synthetic_store",
]

log = logging.getLogger(__name__)

#: (admin1 P-code, district, district in Arabic, latitude, longitude): OCHA admin label points.
_DISTRICTS: tuple[tuple[str, str, str, float, float], ...] = (
    ("SY02", "A'zaz", "اعزاز", 36.467, 37.208),
    ("SY09", "Abu Kamal", "البوكمال", 34.588, 40.694),
    ("SY02", "Afrin", "عفرين", 36.574, 36.794),
    ("SY02", "Ain Al Arab", "عين العرب", 36.533, 38.471),
    ("SY06", "Al-Haffa", "الحفة", 35.638, 36.123),
    ("SY08", "Al-Hasakeh", "مركز الحسكة", 36.169, 40.653),
    ("SY08", "Al-Malikeyyeh", "المالكية", 36.963, 41.970),
    ("SY06", "Al-Qardaha", "القرداحة", 35.441, 36.062),
    ("SY04", "Al-Qusayr", "القصير", 34.512, 36.510),
    ("SY02", "Al Bab", "الباب", 36.390, 37.544),
    ("SY14", "Al Fiq", "فيق", 32.819, 35.746),
    ("SY07", "Al Ma'ra", "معرة النعمان", 35.566, 36.779),
    ("SY04", "Al Makhrim", "المخرم", 34.826, 37.423),
    ("SY09", "Al Mayadin", "الميادين", 34.937, 40.444),
    ("SY03", "Al Qutayfah", "القطيفة", 33.814, 36.800),
    ("SY03", "An Nabk", "النبك", 34.043, 36.735),
    ("SY11", "Ar-Raqqa", "مركز الرقة", 35.827, 39.279),
    ("SY04", "Ar-Rastan", "الرستن", 34.897, 36.719),
    ("SY07", "Ariha", "أريحا", 35.773, 36.563),
    ("SY02", "As-Safira", "السفيرة", 35.814, 37.525),
    ("SY05", "As-Salamiyeh", "السلمية", 35.174, 37.639),
    ("SY12", "As-Sanamayn", "الصنمين", 33.104, 36.236),
    ("SY05", "As-Suqaylabiyah", "السقيلبية", 35.476, 36.343),
    ("SY13", "As-Sweida", "مركز السويداء", 32.771, 36.888),
    ("SY03", "At Tall", "التل", 33.700, 36.376),
    ("SY11", "Ath-Thawrah", "الثورة", 35.811, 38.506),
    ("SY03", "Az-Zabdani", "الزبداني", 33.701, 36.106),
    ("SY10", "Banyas", "بانياس", 35.150, 36.001),
    ("SY01", "Damascus", "دمشق", 33.516, 36.274),
    ("SY12", "Dar'a", "درعا", 32.621, 36.224),
    ("SY03", "Darayya", "داريا", 33.454, 36.252),
    ("SY09", "Deir-ez-Zor", "مركز دير الزور", 35.566, 40.203),
    ("SY10", "Dreikish", "دريكيش", 34.928, 36.146),
    ("SY03", "Duma", "دوما", 33.326, 37.571),
    ("SY05", "Hama", "مركز حماة", 35.226, 36.769),
    ("SY07", "Harim", "حارم", 36.123, 36.521),
    ("SY04", "Homs", "مركز حمص", 34.442, 37.127),
    ("SY07", "Idleb", "مركز إدلب", 35.880, 36.770),
    ("SY12", "Izra'", "ازرع", 32.866, 36.148),
    ("SY06", "Jablah", "جبلة", 35.345, 36.081),
    ("SY02", "Jarablus", "جرابلس", 36.678, 37.862),
    ("SY02", "Jebel Saman", "جبل سمعان", 35.940, 37.073),
    ("SY07", "Jisr-Ash-Shugur", "جسر الشغور", 35.882, 36.309),
    ("SY06", "Lattakia", "مركز اللاذقية", 35.701, 35.938),
    ("SY05", "Masyaf", "مصياف", 35.050, 36.356),
    ("SY02", "Menbij", "منبج", 36.028, 37.901),
    ("SY05", "Muhradah", "محردة", 35.290, 36.548),
    ("SY10", "Qadmous", "القدموس", 35.148, 36.168),
    ("SY03", "Qatana", "قطنا", 33.361, 35.974),
    ("SY08", "Quamishli", "القامشلي", 36.804, 41.471),
    ("SY14", "Quneitra", "مركز القنيطرة", 33.118, 35.820),
    ("SY08", "Ras Al Ain", "رأس العين", 36.657, 39.898),
    ("SY03", "Rural Damascus", "مركز ريف دمشق", 33.364, 36.281),
    ("SY10", "Safita", "صافيتا", 34.812, 36.147),
    ("SY13", "Salkhad", "صلخد", 32.499, 36.841),
    ("SY13", "Shahba", "شهبا", 32.986, 36.797),
    ("SY10", "Sheikh Badr", "الشيخ بدر", 35.023, 36.077),
    ("SY04", "Tadmor", "تدمر", 34.467, 38.813),
    ("SY04", "Tall Kalakh", "تلكلخ", 34.740, 36.272),
    ("SY10", "Tartous", "مركز طرطوس", 34.851, 35.963),
    ("SY11", "Tell Abiad", "تل أبيض", 36.350, 39.480),
    ("SY03", "Yabroud", "يبرود", 33.938, 36.491),
)

#: (canonical actor, side, English surface form, Arabic surface form, weight as perpetrator).
_ACTORS: tuple[tuple[str, str, str, str, float], ...] = (
    ("Military Forces of Syria (2000-2024)", "government", "Syrian army", "قوات النظام", 0.22),
    (
        "Military Forces of Syria (2000-2024) Syrian Arab Air Force",
        "government",
        "Syrian warplanes",
        "الطيران الحربي السوري",
        0.12,
    ),
    ("Military Forces of Russia (2000-)", "government", "Russian jets", "الطائرات الروسية", 0.10),
    ("Militia (Pro-Government)", "government", "pro-government militias", "الميليشيات الموالية", 0.04),
    ("Hezbollah", "government", "Hezbollah fighters", "عناصر حزب الله", 0.02),
    ("Opposition Rebels (Syria)", "opposition", "rebels", "الفصائل المعارضة", 0.14),
    ("Ahrar al-Sham", "opposition", "Ahrar al-Sham", "حركة أحرار الشام", 0.04),
    ("Jaysh al-Islam", "opposition", "Jaysh al-Islam", "جيش الإسلام", 0.03),
    ("Military Forces of Turkey (2016-)", "opposition", "Turkish forces", "القوات التركية", 0.03),
    ("Islamic State (Syria)", "other", "Islamic State", "تنظيم الدولة", 0.10),
    ("HTS: Hayat Tahrir al Sham", "other", "Hayat Tahrir al-Sham", "هيئة تحرير الشام", 0.04),
    ("QSD: Syrian Democratic Forces", "other", "the SDF", "قوات سوريا الديمقراطية", 0.04),
    ("Global Coalition Against Daesh", "other", "coalition aircraft", "طائرات التحالف الدولي", 0.03),
    ("Unidentified Armed Group (Syria)", "unknown", "unidentified gunmen", "مسلحون مجهولون", 0.05),
)

#: (sub-event type, English trigger, Arabic trigger, weight).
_TRIGGERS: tuple[tuple[str, str, str, float], ...] = (
    ("Air/drone strike", "air strikes", "غارات جوية", 0.38),
    ("Shelling/artillery/missile attack", "shelling", "قصف مدفعي", 0.30),
    ("Armed clash", "clashes", "اشتباكات", 0.18),
    ("Remote explosive/landmine/IED", "a car bomb", "تفجير سيارة مفخخة", 0.08),
    ("Attack", "an attack", "هجوم", 0.06),
)

#: (outlet, language, weight within its language).
_SOURCES: tuple[tuple[str, str, float], ...] = (
    ("Syrian Observatory for Human Rights", "ar", 0.35),
    ("SANA", "ar", 0.2),
    ("Enab Baladi", "ar", 0.2),
    ("Al Jazeera Arabic", "ar", 0.25),
    ("Reuters", "en", 0.35),
    ("AFP", "en", 0.3),
    ("AP", "en", 0.2),
    ("Syria Direct", "en", 0.15),
)

#: Approximate periods for synthetic judgements: (id, start, end).
SYNTHETIC_CEASEFIRES: tuple[tuple[str, str, str], ...] = (
    ("coh-2016-02-27", "2016-02-27", "2016-07-01"),
    ("us-russia-2016-09-12", "2016-09-12", "2016-09-19"),
    ("nationwide-2016-12-30", "2016-12-30", "2017-05-05"),
    ("astana-deescalation-2017-05-06", "2017-05-06", "2017-12-31"),
)

#: District weights per governorate: where most of the reported violence was.
_ADMIN1_WEIGHT = {
    "SY02": 6.0,
    "SY07": 6.0,
    "SY03": 5.0,
    "SY05": 3.0,
    "SY04": 3.0,
    "SY12": 3.0,
    "SY09": 3.0,
    "SY11": 2.0,
    "SY01": 1.5,
    "SY08": 1.0,
    "SY06": 1.0,
    "SY14": 0.5,
    "SY13": 0.3,
    "SY10": 0.2,
}


def _pick(rng: np.random.Generator, weights: list[float], n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def synthetic_incidents(
    n: int, *, seed: int = 0, start: str = "2016-01-01", end: str = "2017-12-31"
) -> pd.DataFrame:
    """``n`` synthetic incidents with the event contract's dtypes plus the store's incident columns.

    The same ``n`` and ``seed`` always give the same rows. About 55 % are Arabic; 15 % are merged from
    two outlets; about 8 % have no fatality figure.

    >>> frame = synthetic_incidents(3, seed=1)
    >>> len(frame), frame["event_id"].is_unique
    (3, True)
    """
    rng = np.random.default_rng(seed)
    idx = np.arange(n)
    ids = pd.Series([f"syn{seed}-{i:08d}" for i in idx], dtype="string")

    first, last = pd.Timestamp(start), pd.Timestamp(end)
    days = (last - first).days + 1
    event_date = first + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    published = event_date + pd.to_timedelta(rng.integers(0, 3, n), unit="D")

    district = _pick(rng, [_ADMIN1_WEIGHT[d[0]] for d in _DISTRICTS], n)
    dist = np.array(_DISTRICTS, dtype=object)[district]
    pcode = dist[:, 0].astype(str)
    arabic = rng.random(n) < 0.55
    lang = np.where(arabic, "ar", "en")

    actor = _pick(rng, [a[4] for a in _ACTORS], n)
    actors = np.array(_ACTORS, dtype=object)[actor]
    side = actors[:, 1].astype(str)
    victim_civilian = rng.random(n) < 0.7
    trig = np.array(_TRIGGERS, dtype=object)[_pick(rng, [t[3] for t in _TRIGGERS], n)]

    src_ar = [s for s in _SOURCES if s[1] == "ar"]
    src_en = [s for s in _SOURCES if s[1] == "en"]
    source = np.where(
        arabic,
        np.array([s[0] for s in src_ar], dtype=object)[_pick(rng, [s[2] for s in src_ar], n)],
        np.array([s[0] for s in src_en], dtype=object)[_pick(rng, [s[2] for s in src_en], n)],
    )
    merged = rng.random(n) < 0.15
    other_source = np.array([s[0] for s in _SOURCES], dtype=object)[rng.integers(0, len(_SOURCES), n)]
    merged &= other_source != source

    fatalities = pd.array(np.minimum(rng.geometric(0.18, n) - 1, 400), dtype="Int64")
    fatalities[rng.random(n) < 0.08] = pd.NA
    injured = pd.array(rng.poisson(3, n), dtype="Int64")

    count = pd.Series(fatalities).astype("string").fillna("")
    place_text = np.where(arabic, dist[:, 2], dist[:, 1]).astype(str)
    actor_text = np.where(arabic, actors[:, 3], actors[:, 2]).astype(str)
    trigger_text = np.where(arabic, trig[:, 2], trig[:, 1]).astype(str)
    count_text = np.where(count == "", "", np.where(arabic, count + " أشخاص", count + " people")).astype(str)
    # Templates keep the four highlighted parts verbatim so the dashboard can find them.
    ar_sentence = "قتل " + count_text + " في " + trigger_text + " نفذتها " + actor_text + " على " + place_text
    en_sentence = (
        count_text + " were killed in " + trigger_text + " by " + actor_text + " on " + place_text + "."
    )
    no_count_ar = "سقط ضحايا في " + trigger_text + " نفذتها " + actor_text + " على " + place_text
    no_count_en = (
        "Casualties were reported after " + trigger_text + " by " + actor_text + " on " + place_text + "."
    )
    evidence = np.where(
        arabic,
        np.where(count_text == "", no_count_ar, ar_sentence),
        np.where(count_text == "", no_count_en, en_sentence),
    )

    ceasefire = np.full(n, None, dtype=object)
    for cf_id, cf_start, cf_end in SYNTHETIC_CEASEFIRES:
        inside = (event_date >= pd.Timestamp(cf_start)) & (event_date <= pd.Timestamp(cf_end))
        ceasefire[np.asarray(inside)] = cf_id
    in_force = ceasefire != None  # noqa: E711 - elementwise comparison on an object array
    party = np.isin(side, ["government", "opposition"])
    violation = pd.array(np.where(in_force & party, True, False), dtype="boolean")
    violation[in_force & (side == "unknown")] = pd.NA
    reason = np.select(
        [in_force & party, in_force & (side == "other"), in_force & (side == "unknown"), ~in_force],
        [
            "party to the ceasefire attacked inside its area",
            "perpetrator excluded from the ceasefire",
            "perpetrator unknown",
            "no ceasefire in force",
        ],
        default="",
    )

    article_id = pd.Series([f"art{seed}-{i:08d}" for i in idx], dtype="string")
    frame = pd.DataFrame(
        {
            "event_id": ids,
            "article_id": article_id,
            "source": source,
            "url": "https://example.org/synthetic/" + article_id,
            "title": np.where(arabic, "تقرير ميداني من " + dist[:, 2], "Field report from " + dist[:, 1]),
            "published": published,
            "language": lang,
            "event_date": event_date,
            "date_precision": 1,
            "date_text": np.where(arabic, "اليوم", "on Tuesday"),
            "event_type": _event_types(trig[:, 0]),
            "sub_event_type": trig[:, 0],
            "trigger_text": trigger_text,
            "actor1": actors[:, 0],
            "actor1_text": actor_text,
            "actor1_side": side,
            "actor2": np.where(victim_civilian, "Civilians (Syria)", "Unidentified Armed Group (Syria)"),
            "actor2_text": np.where(victim_civilian, np.where(arabic, "مدنيين", "civilians"), ""),
            "actor2_side": np.where(victim_civilian, "civilians", "unknown"),
            "location": dist[:, 1],
            "location_text": place_text,
            "admin1": [ADMIN1[p] for p in pcode],
            "admin1_pcode": pcode,
            "admin2": dist[:, 1],
            "latitude": dist[:, 3].astype(float),
            "longitude": dist[:, 4].astype(float),
            "geo_precision": 2,
            "country": "Syria",
            "fatalities": fatalities,
            "fatalities_low": fatalities,
            "fatalities_high": fatalities,
            "injured": injured,
            "count_text": pd.Series(count_text, dtype="string").replace("", pd.NA),
            "reported_by": np.where(arabic, "المرصد السوري", "Syrian Observatory for Human Rights"),
            "evidence": evidence,
            "span_start": 0,
            "span_end": [len(e) for e in evidence],
            "sentence_index": 0,
            "ceasefire": ceasefire,
            "violation": violation,
            "violation_reason": reason,
            "confidence": np.round(rng.uniform(0.5, 1.0, n), 2),
        }
    )
    frame = conform(frame)
    frame["fatalities_best"] = frame["fatalities"]
    frame["sources"] = [[a, b] if m else [a] for a, b, m in zip(source, other_source, merged, strict=True)]
    frame["n_sources"] = pd.array(np.where(merged, 2, 1), dtype="Int32")
    frame["mention_ids"] = [[e, e + "-b"] if m else [e] for e, m in zip(ids, merged, strict=True)]
    return frame


def _event_types(sub_types: np.ndarray) -> list[str]:
    return [SUB_EVENT_TYPES[s] for s in sub_types]


def write_incidents_store(path: str | Path, frame: pd.DataFrame) -> Path:
    """Write ``frame`` (incident rows) as a store file: its ``incidents`` and their ``mentions``.

    Missing incident columns are derived: ``fatalities_best`` from ``fatalities``, ``sources`` from
    ``source``, ``mention_ids`` from ``event_id``. Each listed mention becomes a ``mentions`` row (the
    first with the incident's source, later ones with the next listed source). An existing file is
    replaced.
    """
    path = Path(path)
    path.unlink(missing_ok=True)
    frame = conform(frame)
    if "fatalities_best" not in frame:
        frame["fatalities_best"] = frame["fatalities"]
    if "sources" not in frame:
        frame["sources"] = [[s] if isinstance(s, str) else [] for s in frame["source"]]
    if "mention_ids" not in frame:
        frame["mention_ids"] = [[e] for e in frame["event_id"]]
    if "n_sources" not in frame:
        frame["n_sources"] = [len(s) for s in frame["sources"]]
    event_cols = ", ".join(f'"{c}"' for c in EVENT_COLUMNS if c not in ("event_id", "source"))
    with duckdb.connect(str(path)) as con:
        con.execute("SET enable_progress_bar = false")
        create_tables(con)
        con.execute("INSERT INTO meta VALUES ('generator', 'tests.support.synth')")
        append(con, "incidents", frame)
        con.execute(
            f"""INSERT INTO mentions (event_id, source, {event_cols}, incident_id)
            SELECT mention_ids[i], coalesce(sources[i], source), {event_cols}, event_id
            FROM incidents, range(1, len(mention_ids) + 1) AS r(i)"""
        )
    log.info("wrote %d incidents to %s", len(frame), path)
    return path


def write_synthetic_store(path: str | Path, n: int, *, seed: int = 0) -> Path:
    """Create a store file at ``path`` holding ``n`` synthetic incidents (see :func:`synthetic_incidents`)."""
    return write_incidents_store(path, synthetic_incidents(n, seed=seed))
