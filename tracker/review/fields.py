"""What an analyst may decide about an event, how a value is checked, and which columns it sets.

A decision is one field and one value, kept as text in the ``reviews`` table: :func:`validate` turns what
a person typed into that canonical text (or raises :class:`ReviewError` saying why it is refused), and
:func:`columns_for` turns the canonical text into the event columns it sets (a place sets its
governorate, district and coordinates too; an actor its side; a toll its low and high bounds).

>>> validate("fatalities", " 12 ")
'12'
>>> columns_for("fatalities", "12")["fatalities_high"]
12
>>> validate("review", "duplicate")
'duplicate'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

from tracker.schema import SUB_EVENT_TYPES, to_date

__all__ = ["FIELDS", "REJECTIONS", "ReviewError", "validate", "columns_for", "actor_names", "place_by_id"]

#: ``review`` values that take an event out of every count (the reason is kept).
REJECTIONS = ("not_event", "duplicate", "aggregate")

#: Field -> what it holds (the fields an analyst may decide).
FIELDS: dict[str, str] = {
    "review": "confirmed, or a rejection: not_event, duplicate, aggregate",
    "actor1": "a registered actor's name or id (or a new name with add_actor)",
    "actor2": "a registered actor's name or id (or a new name with add_actor)",
    "sub_event_type": "one of ACLED's sub-event types",
    "fatalities": "a non-negative integer",
    "injured": "a non-negative integer",
    "location": "a gazetteer place id (or a name that only one place has)",
    "event_date": "a day, YYYY-MM-DD",
    "ceasefire": "a ceasefire id, or empty for none",
    "violation": "true or false",
}


class ReviewError(ValueError):
    """A decision that cannot be recorded; the message says why."""


@lru_cache(maxsize=1)
def _actors() -> dict[str, tuple[str, str]]:
    """Lower-cased actor name or id -> (name, side)."""
    from tracker.actors.registry import registry

    out: dict[str, tuple[str, str]] = {}
    for actor in registry():
        out[actor.id.lower()] = (actor.name, actor.side)
        out[actor.name.lower()] = (actor.name, actor.side)
    return out


def actor_names() -> list[str]:
    """The registered actors' names, sorted (for pickers)."""
    return sorted({name for name, _ in _actors().values()})


@lru_cache(maxsize=1)
def _places() -> tuple[dict[str, Any], dict[str, list[str]]]:
    from tracker.places.gazetteer import load_gazetteer

    places, names = load_gazetteer()
    by_id = {p.id: p for p in places}
    by_name: dict[str, list[str]] = {}
    for p in places:
        by_name.setdefault(p.name.lower(), []).append(p.id)
    del names
    return by_id, by_name


def place_by_id(place_id: str) -> Any:
    """The gazetteer :class:`~tracker.places.gazetteer.Place` of an id, or None."""
    return _places()[0].get(place_id)


def _integer(field: str, text: str) -> str:
    try:
        number = int(text)
    except ValueError:
        raise ReviewError(f"{field} must be a non-negative integer, not {text!r}") from None
    if number < 0:
        raise ReviewError(f"{field} must be a non-negative integer, not {text!r}")
    return str(number)


def validate(field: str, value: Any, *, add_actor: bool = False) -> str:
    """The canonical text of a reviewed value; :class:`ReviewError` when the field or value is refused.

    ``add_actor`` accepts an actor that is not in the registry (an explicit addition).
    """
    if field not in FIELDS:
        raise ReviewError(f"cannot review {field!r}: fields are {', '.join(FIELDS)}")
    text = "" if value is None else str(value).strip()
    if field == "review":
        if text not in ("confirmed", *REJECTIONS):
            raise ReviewError(f"review must be confirmed or one of {', '.join(REJECTIONS)}, not {text!r}")
        return text
    if field in ("fatalities", "injured"):
        return _integer(field, text)
    if field in ("actor1", "actor2"):
        if not text:
            raise ReviewError(f"{field} cannot be empty")
        known = _actors().get(text.lower())
        if known is not None:
            return known[0]
        if add_actor:
            return text
        raise ReviewError(f"{text!r} is not a registered actor: pick one, or add it explicitly (add_actor)")
    if field == "sub_event_type":
        if text not in SUB_EVENT_TYPES:
            raise ReviewError(f"{text!r} is not a sub-event type: one of {', '.join(SUB_EVENT_TYPES)}")
        return text
    if field == "location":
        by_id, by_name = _places()
        if text in by_id:
            return text
        ids = by_name.get(text.lower(), [])
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise ReviewError(f"{len(ids)} places are called {text!r}: give an id ({', '.join(ids[:6])})")
        raise ReviewError(f"no place {text!r} in the gazetteer")
    if field == "event_date":
        day = to_date(text, errors="none") if text else None
        if day is None:
            raise ReviewError(f"{text!r} is not a date (use YYYY-MM-DD)")
        return day.isoformat()
    if field == "violation":
        if text.lower() not in ("true", "false"):
            raise ReviewError(f"violation must be true or false, not {text!r}")
        return text.lower()
    return text  # ceasefire: an id or nothing


def columns_for(field: str, value: str) -> dict[str, Any]:
    """The event columns a canonical reviewed value sets (``review`` sets none)."""
    if field == "review":
        return {}
    if field in ("fatalities", "injured"):
        number = int(value)
        if field == "injured":
            return {"injured": number}
        return {
            "fatalities": number,
            "fatalities_low": number,
            "fatalities_high": number,
            "fatalities_best": number,
        }
    if field in ("actor1", "actor2"):
        known = _actors().get(value.lower())
        return {field: value, f"{field}_side": known[1] if known else "unknown"}
    if field == "sub_event_type":
        return {"sub_event_type": value, "event_type": SUB_EVENT_TYPES[value]}
    if field == "location":
        place = place_by_id(value)
        if place is None:
            return {}
        from tracker.schema import ADMIN1

        return {
            "location": place.name,
            "admin1_pcode": place.admin1_pcode,
            "admin1": ADMIN1.get(place.admin1_pcode or "", None),
            "admin2": place.admin2,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "country": place.country,
            "geo_precision": 1
            if place.level in ("town", "neighbourhood", "admin3")
            else 2
            if place.level == "admin2"
            else 3,
        }
    if field == "event_date":
        return {"event_date": pd.Timestamp(value), "date_precision": 1}
    if field == "violation":
        return {"violation": value == "true"}
    return {"ceasefire": value or None}
