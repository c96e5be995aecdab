"""What the export layouts share: rows as plain dicts, typed cell readers, actors and countries of a row.

Reads the event columns of :data:`tracker.schema.EVENT_COLUMNS` (any subset; store incidents add
``fatalities_best``, ``sources`` and ``n_sources``) and the packaged actor registry.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from tracker.actors import Actor, registry
from tracker.export.countries import country
from tracker.resources import load_yaml

__all__ = [
    "DEFAULT_COUNTRY",
    "acled_conventions",
    "actor_of",
    "day",
    "english_date",
    "integer",
    "local_name",
    "number",
    "place_country",
    "records",
    "text",
]

#: The country of an event whose place is unknown: the tracker covers Syria (as the ceasefire judgement
#: assumes).
DEFAULT_COUNTRY = "Syria"

_COUNTRY_SUFFIX = re.compile(r"\s*\((?P<country>[^()]+)\)$")
#: Actors named after the country they act in, not a group that keeps its name abroad.
_LOCAL_SIDES = frozenset({"civilians", "unknown"})


def records(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The rows as dicts of ``columns`` (those the frame has; all by default), missing values None
    (lists, as the store's ``sources``, kept)."""
    names = [c for c in (columns or frame.columns) if c in frame.columns]
    values = [frame[c].to_numpy(dtype=object, na_value=None) for c in names]
    return (
        [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]
        if names
        else [{}] * len(frame)
    )


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def text(value: Any) -> str | None:
    """A non-empty string, or None."""
    if isinstance(value, str):
        return value.strip() or None
    if value is None or _is_list(value):
        return None
    return str(value).strip() or None


def integer(value: Any) -> int | None:
    """A whole number (``"7"``, ``7.0``), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is None or isinstance(value, bool) or _is_list(value):
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def number(value: Any) -> float | None:
    """A finite number (``"35.8"``, ``35.8``), or None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool) or _is_list(value):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def day(value: Any) -> date | None:
    """The calendar day of a date or timestamp (or ISO text), or None."""
    if value is None:
        return None
    stamp = pd.Timestamp(value) if not isinstance(value, pd.Timestamp) else value
    return None if pd.isna(stamp) else stamp.date()


def place_country(row: Mapping[str, Any]) -> str:
    """The row's country name, or :data:`DEFAULT_COUNTRY` when the place is unknown."""
    return text(row.get("country")) or DEFAULT_COUNTRY


@lru_cache(maxsize=1)
def _actors() -> dict[str, Actor]:
    return {actor.name: actor for actor in registry()}


def actor_of(name: str | None) -> Actor | None:
    """The registry's actor of that name (None for a name the registry does not know)."""
    return _actors().get(name) if name else None


@lru_cache(maxsize=4096)
def local_name(name: str, where: str) -> str:
    """An actor named after the country it acts in, renamed for the event's country.

    >>> local_name("Civilians (Syria)", "Yemen"), local_name("Islamic State (Syria)", "Iraq")
    ('Civilians (Yemen)', 'Islamic State (Syria)')
    """
    actor = actor_of(name)
    found = _COUNTRY_SUFFIX.search(name)
    if actor is None or actor.side not in _LOCAL_SIDES or found is None or country(found["country"]) is None:
        return name
    return f"{name[: found.start()]} ({where})"


@lru_cache(maxsize=1)
def acled_conventions() -> dict[str, Any]:
    """``resources/export/acled.yaml``: ACLED's columns, codes and labels."""
    return load_yaml("export", "acled.yaml")  # type: ignore[no-any-return]


def english_date(when: date, *, padded: bool = False) -> str:
    """``23 January 2017`` (``04 January 2017`` when ``padded``), whatever the machine's locale."""
    month = acled_conventions()["months"][when.month - 1]
    return f"{when.day:02d} {month} {when.year}" if padded else f"{when.day} {month} {when.year}"
