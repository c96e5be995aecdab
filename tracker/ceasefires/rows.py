"""Reading the values of one event row (a mapping of ``tracker.schema.EVENT_COLUMNS``) the way the registry
and the judgement both do: missing values (None, <NA>, NaN, NaT, empty text) read as None.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from tracker.schema import ADMIN1, to_date
from tracker.text.normalize import normalize_key

__all__ = ["as_day", "as_number", "as_text", "name_key", "pcode_of"]


def as_text(v: Any) -> str | None:
    """The value as stripped text, None when missing or blank.

    >>> as_text("  Aleppo "), as_text(float("nan")), as_text("")
    ('Aleppo', None, None)
    """
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    s = str(v).strip()
    return s or None


def as_number(v: Any) -> float | None:
    """The value as a float, None when missing or not a number."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def as_day(v: Any) -> date | None:
    """The value as a calendar day (times of day dropped), None when missing or not a date
    (:func:`tracker.schema.to_date`, the one reading of a date).

    >>> as_day("2017-01-23 14:00"), as_day(pd.NaT)
    (datetime.date(2017, 1, 23), None)
    """
    return to_date(v, errors="none")


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A place or country name folded for comparison."""
    return normalize_key(name)


@lru_cache(maxsize=1024)
def pcode_of(admin1: str | None) -> str | None:
    """The governorate P-code of a governorate name or P-code ("Aleppo" or "SY02" -> "SY02").

    >>> pcode_of("Aleppo"), pcode_of("SY02"), pcode_of("Atlantis")
    ('SY02', 'SY02', None)
    """
    if not admin1:
        return None
    if admin1 in ADMIN1:
        return admin1
    key = normalize_key(admin1)
    return next((code for code, name in ADMIN1.items() if normalize_key(name) == key), None)
