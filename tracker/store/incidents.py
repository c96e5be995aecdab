"""Merge event mentions from many articles and sources into incidents.

Reads a DataFrame of mentions (``tracker.schema.EVENT_COLUMNS``, one row per event an article
reported); writes a DataFrame of incidents (the same columns, ``event_id`` being the incident id,
plus ``fatalities_best``, ``sources``, ``n_sources``, ``mention_ids``) and an assignment frame
(``event_id`` of the mention, ``incident_id``, ``merge_reason``) that says why each mention joined.

The merge is conservative: two mentions join only when every test below passes, and a mention that
could join two different incidents joins neither (it stays alone, and its reason says so).

- **Day**: the same calendar day, known to the day (``date_precision`` 1). A mention without a
  date, or dated only to the week or month, never merges: we cannot tell it is the same day (in a
  hand check, most week-dated merges were wrong).
- **Place**: the same place or one nested in the other, read from ``geo_precision`` (1 town,
  2 district, 3 governorate) and ``admin1``/``admin2``/``location``: two towns must be the same town
  in the same governorate; a town and a district need the same district; a governorate-level
  mention joins a town or district inside it. A mention without a place never merges.
- **Actors**: for ``actor1_side`` and ``actor2_side``, the same side or one of them unknown.
- **Type**: the same ``event_type`` and ``sub_event_type``, or one of them missing.
- **Toll**: when both give ``fatalities``, the larger is at most three times the smaller plus two
  (tolls rise as reports come in, but 7 and 47 killed are two events).
- **Articles**: two mentions from the same article never merge: its extraction already decided
  they are separate events. A place that is only a country (``location`` equal to ``country``,
  no governorate) counts as no place.

Figures across the mentions of one incident:

- ``fatalities``: ACLED codes the most conservative figure, so it is the **lowest** figure any
  mention reported (each mention's ``fatalities`` already is that mention's lowest figure).
- ``fatalities_low`` / ``fatalities_high``: the lowest and highest figure any mention gave (UCDP's
  low and high estimates).
- ``fatalities_best``: one figure per source (a source's highest report, since later reports of the
  same source update earlier ones), then the lower median of those figures: a middle estimate that
  one outlying source cannot drag, in the spirit of UCDP's best estimate.
- ``injured``, ``captured``, ``civilians_killed``, ``children_killed``, ``women_killed``: the lowest
  reported figure, like ``fatalities``.
- Other columns come from the most specific mention (smallest ``geo_precision``, then highest
  ``confidence``, then earliest ``published``), with gaps filled from the next mentions; the actor
  columns move together, from the first mention whose ``actor1_side`` is known.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from tracker.schema import EVENT_COLUMNS, conform, stable_id, to_frame
from tracker.text.normalize import normalize_key

__all__ = [
    "INCIDENT_EXTRA_COLUMNS",
    "Verdict",
    "compare",
    "merge_mentions",
    "combine",
]

#: Columns incidents carry beyond the event contract.
INCIDENT_EXTRA_COLUMNS: dict[str, str] = {
    "fatalities_best": "Int64",
    "sources": "object",
    "n_sources": "Int64",
    "mention_ids": "object",
}

_MIN_COLUMNS = ("fatalities", "injured", "captured", "civilians_killed", "children_killed", "women_killed")
_ACTOR_COLUMNS = ("actor1", "actor1_text", "actor1_side", "actor2", "actor2_text", "actor2_side")
_UNKNOWN = {"", "unknown"}
# Reports of one event disagree on the toll and later ones rise (5, then 11), but a toll more than
# three times another (plus a little for small counts) is a different event in the cases we checked
# by hand (7 vs 47 killed: two explosions; 5 vs 700: one killing vs a year's toll).
_TOLL_RATIO = 3
_TOLL_SLACK = 2


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether two mentions may be one incident, and the reason in words."""

    same: bool
    reason: str

    def __bool__(self) -> bool:
        return self.same


def _value(row: Mapping[str, Any], key: str) -> Any:
    v = row.get(key)
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    return normalize_key(text)


def _key(row: Mapping[str, Any], col: str) -> str | None:
    v = _value(row, col)
    if v is None:
        return None
    k = _fold(str(v))
    return k or None


def _day(row: Mapping[str, Any]) -> pd.Timestamp | None:
    v = _value(row, "event_date")
    return None if v is None else pd.Timestamp(v).normalize()


def _precision(row: Mapping[str, Any]) -> int:
    v = _value(row, "date_precision")
    return 1 if v is None else int(v)


def _place(row: Mapping[str, Any]) -> tuple[int, str | None, str | None, str | None] | None:
    """(level, admin1, admin2, town) with level 1 town, 2 district, 3 governorate; None if no place."""
    admin1 = _key(row, "admin1_pcode") or _key(row, "admin1")
    admin2 = _key(row, "admin2")
    town = _key(row, "location")
    if town and not admin1 and not admin2 and town == _key(row, "country"):
        return None  # a whole country is no place to match two reports on
    level = _value(row, "geo_precision")
    if level is None:
        # Infer the level when the geocoder did not say: a named place that is neither the
        # governorate nor the district is taken as a town.
        if town and town not in {_key(row, "admin1"), admin2}:
            level = 1
        elif admin2:
            level = 2
        elif admin1 or town:
            level = 3
        else:
            return None
    level = int(level)
    if level >= 3:
        admin1 = admin1 or town
        return (3, admin1, None, None) if admin1 else None
    if level == 2:
        admin2 = admin2 or town
        return (2, admin1, admin2, None) if admin2 else None
    return (1, admin1, admin2, town) if town else None


def _place_name(row: Mapping[str, Any]) -> str:
    parts = [_value(row, c) for c in ("location", "admin2", "admin1")]
    seen: list[str] = []
    for p in parts:
        if p is not None and str(p) not in seen:
            seen.append(str(p))
    return ", ".join(seen) or "no place"


#: How far from a city's point a quarter may lie and still be in it ("Jobar" in "Damascus").
_CITY_KM = 8.0


def _city_holding(city: Mapping[str, Any], quarter: Mapping[str, Any]) -> Verdict | None:
    """A quarter reported by one source inside the city another names: the city is the seat its
    governorate or district is named after, and the quarter lies within :data:`_CITY_KM` of it."""
    name = _key(city, "location")
    if not name or name not in {_key(city, "admin1"), _key(city, "admin2")}:
        return None
    points = [(_value(r, "latitude"), _value(r, "longitude")) for r in (city, quarter)]
    if any(v is None for p in points for v in p):
        return None
    (lat1, lon1), (lat2, lon2) = ((float(x), float(y)) for x, y in points)
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    if 2 * 6371 * math.asin(math.sqrt(h)) > _CITY_KM:
        return None
    return Verdict(True, f"{_place_name(quarter)} lies in the city of {_value(city, 'location')}")


def _same_place(a: Mapping[str, Any], b: Mapping[str, Any]) -> Verdict:
    pa, pb = _place(a), _place(b)
    if pa is None or pb is None:
        return Verdict(False, "a mention has no place")
    (la, a1a, a2a, ta), (lb, a1b, a2b, tb) = pa, pb
    if a1a and a1b and a1a != a1b:
        return Verdict(False, f"different governorates ({_value(a, 'admin1')} / {_value(b, 'admin1')})")
    if la == 1 and lb == 1:
        if ta != tb:
            city = _city_holding(a, b) or _city_holding(b, a)
            if city is not None:
                return city
            return Verdict(False, f"different places ({_place_name(a)} / {_place_name(b)})")
        if a2a and a2b and a2a != a2b:
            return Verdict(False, f"same name in different districts ({_place_name(a)} / {_place_name(b)})")
        return Verdict(True, f"same place {_place_name(a)}")
    inner, outer = (a, b) if la <= lb else (b, a)
    (li, i1, i2, _), (lo, o1, o2, _) = (pa, pb) if la <= lb else (pb, pa)
    if (
        _key(inner, "location")
        and _key(inner, "location") == _key(outer, "location")
        and (not i1 or not o1 or i1 == o1)
    ):
        # One name at two precisions (a city the geocoder also knows as an area, common outside Syria).
        return Verdict(True, f"same place {_place_name(inner)}")
    if lo == 2:
        if i2 and o2 and i2 != o2:
            return Verdict(False, f"different districts ({_place_name(a)} / {_place_name(b)})")
        if i2 != o2:
            # A town whose district is unknown cannot be put inside a district.
            return Verdict(False, f"{_place_name(inner)} not known to lie in {_place_name(outer)}")
        return Verdict(True, f"{_place_name(inner)} lies in district {_place_name(outer)}")
    # The outer mention is governorate-level: the inner one must name the same governorate.
    if not (i1 and o1 and i1 == o1):
        return Verdict(False, f"{_place_name(inner)} not known to lie in {_place_name(outer)}")
    if li == 3:
        return Verdict(True, f"same governorate {_place_name(a)}")
    return Verdict(True, f"{_place_name(inner)} lies in governorate {_place_name(outer)}")


def _side(row: Mapping[str, Any], col: str) -> str | None:
    v = _key(row, col)
    return None if v is None or v in _UNKNOWN else v


def _same_actors(a: Mapping[str, Any], b: Mapping[str, Any]) -> Verdict:
    notes = []
    for col in ("actor1_side", "actor2_side"):
        sa, sb = _side(a, col), _side(b, col)
        if sa and sb and sa != sb:
            return Verdict(False, f"{col} differs ({sa} / {sb})")
        notes.append(
            sa if sa and sb else f"{sa or sb or 'unknown'} (one unknown)" if (sa or sb) else "unknown"
        )
    return Verdict(True, f"sides {notes[0]} vs {notes[1]}")


def _same_type(a: Mapping[str, Any], b: Mapping[str, Any]) -> Verdict:
    for col in ("event_type", "sub_event_type"):
        ta, tb = _key(a, col), _key(b, col)
        if ta and tb and ta != tb:
            return Verdict(False, f"{col} differs ({_value(a, col)} / {_value(b, col)})")
    kind = _value(a, "sub_event_type") or _value(b, "sub_event_type") or _value(a, "event_type")
    kind = kind or _value(b, "event_type") or "type unknown"
    return Verdict(True, f"type {kind}")


def _same_toll(a: Mapping[str, Any], b: Mapping[str, Any]) -> Verdict:
    fa, fb = _value(a, "fatalities"), _value(b, "fatalities")
    if fa is None or fb is None:
        return Verdict(True, "toll given by one report at most")
    low, high = sorted((int(fa), int(fb)))
    if high > _TOLL_RATIO * low + _TOLL_SLACK:
        return Verdict(False, f"tolls too far apart ({low} / {high})")
    return Verdict(True, f"tolls {low} and {high} compatible" if low != high else f"same toll {low}")


def compare(a: Mapping[str, Any], b: Mapping[str, Any]) -> Verdict:
    """Decide whether two mentions (row mappings) can be the same incident, and say why.

    >>> m = {"event_date": "2017-01-23", "location": "Saraqib", "admin1": "Idleb", "geo_precision": 1}
    >>> compare(m, {**m, "admin1": "Idleb", "location": None, "geo_precision": 3}).same
    True
    >>> compare(m, {**m, "event_date": "2017-01-24"}).reason
    'different days (2017-01-23 / 2017-01-24)'
    """
    da, db = _day(a), _day(b)
    if da is None or db is None:
        return Verdict(False, "a mention has no date")
    if da != db:
        return Verdict(False, f"different days ({da.date()} / {db.date()})")
    pa, pb = _precision(a), _precision(b)
    if pa != pb:
        return Verdict(False, f"different date precision ({pa} / {pb})")
    if pa > 1:
        return Verdict(False, "dates known only to the week or month")
    article = _value(a, "article_id")
    if article is not None and article == _value(b, "article_id"):
        return Verdict(False, "same article (it reports them as separate events)")
    reasons = [f"same day {da.date()}"]
    for test in (_same_place, _same_actors, _same_type, _same_toll):
        verdict = test(a, b)
        if not verdict:
            return verdict
        reasons.append(verdict.reason)
    return Verdict(True, "; ".join(reasons))


def _rank(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Sort key: most specific and most trusted mention first (the incident's representative)."""
    geo = _value(row, "geo_precision")
    conf = _value(row, "confidence")
    published = _value(row, "published")
    return (
        9 if geo is None else int(geo),
        0.0 if conf is None else -float(conf),
        published is None,
        pd.Timestamp(published) if published is not None else pd.Timestamp(0),
        str(row.get("event_id")),
    )


def _lower_median(values: Sequence[int]) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def _records(mentions: pd.DataFrame | Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(mentions, pd.DataFrame):
        return conform(mentions).to_dict("records")
    return [dict(m) for m in mentions]


def combine(
    mentions: pd.DataFrame | Sequence[Mapping[str, Any]], *, incident_id: str | None = None
) -> dict[str, Any]:
    """One incident row (a dict keyed by the event columns and the incident extras) from its
    mentions (a frame or row mappings).

    >>> rows = [{"event_id": "a", "source": "X", "fatalities": 7},
    ...         {"event_id": "b", "source": "Y", "fatalities": 9, "fatalities_high": 12}]
    >>> inc = combine(rows)
    >>> (inc["fatalities"], inc["fatalities_low"], inc["fatalities_best"], inc["fatalities_high"], inc["n_sources"])
    (7, 7, 7, 12, 2)
    """
    records = sorted(_records(mentions), key=_rank)
    row: dict[str, Any] = {}
    for col in EVENT_COLUMNS:
        if col not in _ACTOR_COLUMNS:
            row[col] = next((v for r in records if (v := _value(r, col)) is not None), None)
    actor_source = next((r for r in records if _side(r, "actor1_side")), records[0])
    for col in _ACTOR_COLUMNS:
        row[col] = _value(actor_source, col)
    if row.get("actor2") is None:
        other = next((r for r in records if _value(r, "actor2") is not None), None)
        if other is not None:
            for col in ("actor2", "actor2_text", "actor2_side"):
                row[col] = _value(other, col)

    def figures(col: str) -> list[int]:
        return [int(v) for r in records if (v := _value(r, col)) is not None]

    for col in _MIN_COLUMNS:
        vals = figures(col)
        row[col] = min(vals) if vals else None
    low = figures("fatalities_low") + figures("fatalities")
    high = figures("fatalities_high") + figures("fatalities")
    row["fatalities_low"] = min(low) if low else None
    row["fatalities_high"] = max(high) if high else None
    per_source: dict[str, int] = {}
    for r in records:
        f = _value(r, "fatalities")
        if f is None:
            continue
        src = str(_value(r, "source") or _value(r, "article_id") or r.get("event_id"))
        per_source[src] = max(per_source.get(src, int(f)), int(f))
    row["fatalities_best"] = _lower_median(list(per_source.values()))
    sources = sorted({str(s) for s in (_value(r, "source") for r in records) if s is not None})
    row["sources"] = sources
    row["n_sources"] = len(sources)
    mention_ids = sorted(str(r.get("event_id")) for r in records)
    row["mention_ids"] = mention_ids
    # The id depends only on the set's smallest member, so it stays put while later reports join.
    row["event_id"] = incident_id or stable_id("incident", mention_ids[0])
    return row


def _cluster(records: list[dict[str, Any]]) -> tuple[list[list[int]], dict[int, str]]:
    """Complete-linkage clusters: a mention joins a cluster only if it matches every member,
    and only if exactly one cluster would take it."""
    clusters: list[list[int]] = []
    governorates: list[set[str]] = []  # known governorates per cluster: a cheap first filter
    reasons: dict[int, str] = {}
    for i, rec in enumerate(records):
        fits: list[tuple[int, str]] = []
        gov = _key(rec, "admin1_pcode") or _key(rec, "admin1")
        for ci, members in enumerate(clusters):
            if gov and governorates[ci] and gov not in governorates[ci]:
                continue
            first = compare(records[members[0]], rec)
            if first and all(compare(records[m], rec) for m in members[1:]):
                fits.append((ci, first.reason))
        if len(fits) == 1:
            ci, reason = fits[0]
            clusters[ci].append(i)
            if gov:
                governorates[ci].add(gov)
            reasons[i] = f"joined {records[clusters[ci][0]]['event_id']}: {reason}"
        else:
            clusters.append([i])
            governorates.append({gov} if gov else set())
            if len(fits) > 1:
                reasons[i] = f"kept apart: could be any of {len(fits)} incidents that day"
            else:
                reasons[i] = "first mention"
    return clusters, reasons


def merge_mentions(mentions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge mentions into incidents.

    Returns ``(incidents, assignment)``: incidents with the event columns plus
    :data:`INCIDENT_EXTRA_COLUMNS`, and one assignment row per mention (``event_id``,
    ``incident_id``, ``merge_reason``).

    >>> day = {"event_date": "2017-01-23", "admin1": "Idleb", "location": "Saraqib", "geo_precision": 1}
    >>> frame = to_frame([{**day, "event_id": "a", "source": "X", "fatalities": 7},
    ...                   {**day, "event_id": "b", "source": "Y", "fatalities": 8}])
    >>> incidents, assignment = merge_mentions(frame)
    >>> len(incidents), int(incidents["n_sources"].iloc[0]), list(assignment["incident_id"].unique()) == list(incidents["event_id"])
    (1, 2, True)
    """
    groups: dict[tuple[Any, int], list[dict[str, Any]]] = {}
    for rec in _records(mentions):
        groups.setdefault((_day(rec), _precision(rec)), []).append(rec)
    rows: list[dict[str, Any]] = []
    assignment: list[tuple[str, str, str]] = []
    for (day, _), records in sorted(
        groups.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or 0, kv[0][1])
    ):
        # Most specific first, so vague (governorate-level) reports meet every town before choosing.
        records.sort(key=_rank)
        if day is None:
            clusters, reasons = (
                [[i] for i in range(len(records))],
                dict.fromkeys(range(len(records)), "no date"),
            )
        else:
            clusters, reasons = _cluster(records)
        for members in clusters:
            incident = combine([records[m] for m in members])
            rows.append(incident)
            for m in members:
                assignment.append((str(records[m]["event_id"]), incident["event_id"], reasons[m]))
    return _incident_frame(rows), pd.DataFrame(
        assignment, columns=["event_id", "incident_id", "merge_reason"]
    )


def _incident_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = to_frame(rows)
    for col, dtype in INCIDENT_EXTRA_COLUMNS.items():
        if col not in frame:
            frame[col] = pd.Series([None] * len(frame), index=frame.index, dtype="object")
        if dtype != "object":
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(dtype)
    return frame
