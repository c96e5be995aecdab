"""UCDP: event rows in the layout of UCDP's Georeferenced Event Dataset (GED), mapped from our fields.

Reads the event columns (and the store's ``fatalities_best``, ``sources``, ``n_sources`` when present),
``resources/export/ucdp.yaml``, ``countries.csv`` (Gleditsch-Ward numbers, UCDP regions) and the actor
registry. Writes GED's 49 columns in GED's order. Where the mapping is approximate (see
``resources/export/README.md``):

- ``type_of_violence``: 3 (one-sided) when the target is civilians or the event is violence against
  civilians; 1 (state-based) when a state's forces are a side; 2 (non-state) when two other armed groups
  are named; empty when only one non-state side is known (GED would not code the event).
- ``side_a`` is the state in state-based events and the perpetrator otherwise; sides are our actor names
  except "Government of <country>" for state forces and a few UCDP names (IS, Syrian insurgents).
  UCDP's own ids (``relid``, conflict, dyad and side ids) and ``active_year``/``code_status`` stay empty.
- ``best``/``low``/``high`` are the store's best estimate (else the reported figure) and the reported
  range; deaths not known to be civilians are ``deaths_unknown`` (``deaths_a``/``deaths_b`` 0).
- ``where_prec`` from the geocoder's precision and the units known; ``date_start``/``date_end`` span the
  week or month a less precise date stands for, never past the publication date.
- GED lists only events with at least one death; rows with no reported death are kept (``best`` empty or 0).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import pandas as pd

from tracker.export.countries import country
from tracker.export.fields import actor_of, day, integer, number, place_country, records, text
from tracker.resources import load_yaml

__all__ = ["UCDP_COLUMNS", "to_ucdp", "priogrid_gid"]

#: GED's columns, in GED's order (GED 23.1 to 25.1).
UCDP_COLUMNS: tuple[str, ...] = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)

_INTEGERS = (
    "year", "type_of_violence", "number_of_sources", "where_prec", "priogrid_gid", "country_id",
    "event_clarity", "date_prec", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
    "high", "low", "gwnoa", "gwnob",
)  # fmt: skip
_READS = (
    "event_id", "event_date", "date_precision", "published", "event_type", "actor1", "actor2", "actor2_side",
    "location", "location_text", "admin1", "admin2", "latitude", "longitude", "geo_precision", "country",
    "source", "sources", "n_sources", "url", "title", "reported_by", "fatalities", "fatalities_best",
    "fatalities_low", "fatalities_high", "civilians_killed",
)  # fmt: skip
_FLOATS = ("latitude", "longitude")
_DATES = ("source_date", "date_start", "date_end")


@lru_cache(maxsize=1)
def _conventions() -> dict[str, Any]:
    return load_yaml("export", "ucdp.yaml")  # type: ignore[no-any-return]


def priogrid_gid(latitude: float, longitude: float) -> int:
    """The PRIO-GRID cell (0.5 x 0.5 degrees, numbered row by row from 90S 180W) of a point.

    >>> priogrid_gid(-89.9, -179.9), priogrid_gid(33.51, 36.29)
    (1, 178273)
    """
    row = min(int(math.floor((latitude + 90) / 0.5)), 359)
    col = min(int(math.floor((longitude + 180) / 0.5)), 719)
    return row * 720 + col + 1


@lru_cache(maxsize=4096)
def _state(name: str | None) -> str | None:
    """The country whose state forces an actor is ("Military Forces of Turkey (2016-)" -> Turkey)."""
    if not name:
        return None
    for kind in ("Military Forces of ", "Police Forces of "):
        if name.startswith(kind):
            rest = name.removeprefix(kind).removeprefix("the ").split(" (", 1)[0]
            return rest if country(rest) is not None else None
    return None


@lru_cache(maxsize=4096)
def _side(name: str | None) -> str | None:
    if not name:
        return None
    conv = _conventions()
    state = _state(name)
    if state is not None:
        return str(conv["state_side"]).format(country=conv["state_names"].get(state, state))
    prefix = max((k for k in conv["sides"] if name.startswith(k)), key=len, default=None)
    return str(conv["sides"][prefix]) if prefix else name


def _is_civilian(name: str | None, side: str | None) -> bool:
    actor = actor_of(name)
    return side == "civilians" or (actor is not None and actor.side == "civilians")


def _known(name: str | None) -> str | None:
    """The actor's name, or None for no actor or an unidentified one."""
    actor = actor_of(name)
    return None if not name or (actor is not None and actor.side == "unknown") else name


def _sides(row: Mapping[str, Any]) -> tuple[int | None, str | None, str | None]:
    """(type_of_violence, side_a actor, side_b actor) as our actor names."""
    first, second = _known(text(row.get("actor1"))), _known(text(row.get("actor2")))
    civilian_target = _is_civilian(second, text(row.get("actor2_side")))
    if civilian_target or text(row.get("event_type")) == "Violence against civilians":
        return 3, first, "Civilians"
    if _state(second) and not _state(first):
        first, second = second, first  # a government is side A of a state-based dyad
    if _state(first):
        return 1, first, second
    if first and second:
        return 2, first, second
    return None, first, second


def _window(when: date, precision: int, published: date | None) -> tuple[date, date]:
    if precision >= 3:
        start = when.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    elif precision == 2:
        start, end = when - timedelta(days=3), when + timedelta(days=3)
    else:
        start = end = when
    return start, min(end, published) if published and published >= start else end


def _where_prec(row: Mapping[str, Any]) -> int:
    levels = _conventions()["where_prec"]
    precision = integer(row.get("geo_precision"))
    if precision == 1:
        return int(levels["town"])
    if precision == 2:
        return int(levels["near"])
    if text(row.get("admin2")):
        return int(levels["district"])
    if text(row.get("admin1")):
        return int(levels["governorate"])
    return int(levels["country"])


def _figures(row: Mapping[str, Any], violence: int | None) -> dict[str, int | None]:
    reported = integer(row.get("fatalities"))
    best = integer(row.get("fatalities_best"))
    best = best if best is not None else reported
    low = integer(row.get("fatalities_low"))
    high = integer(row.get("fatalities_high"))
    if best is None:
        return dict.fromkeys(
            ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high")
        )
    civilians = integer(row.get("civilians_killed"))
    civilians = best if violence == 3 and civilians is None else min(civilians or 0, best)
    return {
        "deaths_a": 0,
        "deaths_b": 0,
        "deaths_civilians": civilians,
        "deaths_unknown": best - civilians,
        "best": best,
        "low": min(x for x in (low, reported, best) if x is not None),
        "high": max(x for x in (high, best) if x is not None),
    }


def _row(row: Mapping[str, Any]) -> dict[str, Any]:
    conv = _conventions()
    where = place_country(row)
    facts = country(where)
    violence, actor_a, actor_b = _sides(row)
    side_a, side_b = _side(actor_a), _side(actor_b)
    when, published = day(row.get("event_date")), day(row.get("published"))
    precision = integer(row.get("date_precision")) or 1
    start, end = _window(when, precision, published) if when else (None, None)
    lat, lon = number(row.get("latitude")), number(row.get("longitude"))
    state_a, state_b = country(_state(actor_a) or ""), country(_state(actor_b) or "")
    sources = [text(s) for s in (row.get("sources") or ())] or [text(row.get("source"))]
    article = ", ".join(
        x
        for x in (
            "; ".join(s for s in sources if s),
            published and published.isoformat(),
            text(row.get("url")),
        )
        if x
    )
    admin1, admin2 = text(row.get("admin1")), text(row.get("admin2"))
    return {
        "id": text(row.get("event_id")),
        "year": when.year if when else None,
        "type_of_violence": violence,
        "dyad_name": f"{side_a} - {side_b}" if side_a and side_b else None,
        "side_a": side_a,
        "side_b": side_b,
        "number_of_sources": integer(row.get("n_sources")) or len([s for s in sources if s]) or 1,
        "source_article": article or None,
        "source_date": published,
        "source_headline": text(row.get("title")),
        "source_original": text(row.get("reported_by")),
        "where_prec": _where_prec(row),
        "where_coordinates": text(row.get("location")) or admin1 or where,
        "where_description": text(row.get("location_text")),
        "adm_1": str(conv["adm_1"]).format(name=admin1) if admin1 else None,
        "adm_2": str(conv["adm_2"]).format(name=admin2) if admin2 else None,
        "latitude": lat,
        "longitude": lon,
        "geom_wkt": f"POINT ({lon} {lat})" if lat is not None and lon is not None else None,
        "priogrid_gid": priogrid_gid(lat, lon) if lat is not None and lon is not None else None,
        "country": where,
        "country_id": facts.gwno if facts else None,
        "region": facts.ucdp_region if facts else None,
        "event_clarity": 1,
        "date_prec": conv["date_prec"].get(precision) if when else None,
        "date_start": start,
        "date_end": end,
        **_figures(row, violence),
        "gwnoa": state_a.gwno if state_a else None,
        "gwnob": state_b.gwno if state_b else None,
    }


def to_ucdp(frame: pd.DataFrame) -> pd.DataFrame:
    """The events in UCDP GED's layout (see the module docstring for the mapping).

    >>> rows = pd.DataFrame({"event_id": ["e1"], "actor1": ["Military Forces of Russia (2000-)"],
    ...                      "actor2": ["Civilians (Syria)"], "fatalities": [5], "country": ["Syria"]})
    >>> row = to_ucdp(rows).iloc[0]
    >>> int(row["type_of_violence"]), row["side_a"], row["side_b"], int(row["deaths_civilians"])
    (3, 'Government of Russia (Soviet Union)', 'Civilians', 5)
    """
    out = pd.DataFrame([_row(r) for r in records(frame, _READS)], columns=list(UCDP_COLUMNS))
    for col in UCDP_COLUMNS:
        if col in _INTEGERS:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
        elif col in _FLOATS:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Float64")
        elif col in _DATES:
            out[col] = pd.to_datetime(out[col], errors="coerce").astype("datetime64[ns]")
        else:
            out[col] = out[col].astype("string")
    return out
