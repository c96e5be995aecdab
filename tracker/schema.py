"""The Event contract: column names and dtypes every stage, export, the store and the dashboard obey.

Reads only the country list (``resources/export/countries.csv``, on first use). ``EVENT_COLUMNS`` is the
public contract (documented in README.md); ``to_frame`` builds the one DataFrame from plain dicts with these
dtypes, and ``empty_frame`` gives a zero-row frame with the same dtypes. Categorical columns take their
categories from fixed vocabularies (:func:`categories`), so frames built apart keep their categorical
dtype through ``pd.concat``. ``to_date`` is the one reading of a value as a calendar date.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import math
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Literal

import pandas as pd

#: ACLED event types and the sub-event types we produce (ACLED's names).
SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Chemical weapon": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
    "Agreement": "Strategic developments",
    "Other": "Strategic developments",
}

EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

#: Column name -> pandas dtype. Order is the export order.
EVENT_COLUMNS: dict[str, str] = {
    "event_id": "string",
    "article_id": "string",
    "source": "string",
    "url": "string",
    "title": "string",
    "published": "datetime64[ns]",
    "language": "category",
    "event_date": "datetime64[ns]",
    "date_precision": "Int8",  # ACLED time_precision: 1 day, 2 week, 3 month
    "date_text": "string",
    "event_type": "category",
    "sub_event_type": "category",
    "trigger_text": "string",
    "actor1": "string",
    "actor1_text": "string",
    "actor1_side": "category",  # government / opposition / other / civilians / unknown
    "actor2": "string",
    "actor2_text": "string",
    "actor2_side": "category",
    "location": "string",
    "location_text": "string",
    "admin1": "category",
    "admin1_pcode": "category",
    "admin2": "string",
    "admin2_pcode": "string",
    "latitude": "Float64",
    "longitude": "Float64",
    "geo_precision": "Int8",  # ACLED: 1 town, 2 district/near, 3 governorate
    "country": "category",
    "fatalities": "Int64",  # ACLED: lowest reported figure
    "fatalities_low": "Int64",
    "fatalities_high": "Int64",
    "injured": "Int64",
    "captured": "Int64",
    "civilians_killed": "Int64",
    "children_killed": "Int64",
    "women_killed": "Int64",
    "count_text": "string",
    "reported_by": "string",
    "evidence": "string",
    "span_start": "Int64",
    "span_end": "Int64",
    "sentence_index": "Int64",
    "ceasefire": "string",
    "violation": "boolean",  # True / False / <NA> = unknown
    "violation_reason": "string",
    "confidence": "Float64",
    "background": "boolean",  # an earlier event the article recalls as background to its own news
    "notes": "string",  # for people: how the figures were found (never read by code)
}

#: The columns that say where an event happened (filled together by the places stage).
PLACE_COLUMNS: tuple[str, ...] = (
    "location",
    "location_text",
    "admin1",
    "admin1_pcode",
    "admin2",
    "admin2_pcode",
    "latitude",
    "longitude",
    "geo_precision",
    "country",
)

#: Aggregate tolls (long periods, whole countries) are kept apart from events.
AGGREGATE_COLUMNS: dict[str, str] = {
    "aggregate_id": "string",
    "article_id": "string",
    "source": "string",
    "published": "datetime64[ns]",
    "language": "category",
    "kind": "string",  # killed / injured
    "count": "Int64",
    "count_text": "string",
    "scope": "string",  # why it is an aggregate (period, nationwide, ...)
    "location": "string",
    "admin1": "string",
    "evidence": "string",
    "span_start": "Int64",
    "span_end": "Int64",
}

SIDES: tuple[str, ...] = ("government", "opposition", "other", "civilians", "unknown")

ADMIN1: dict[str, str] = {
    "SY01": "Damascus",
    "SY02": "Aleppo",
    "SY03": "Rural Damascus",
    "SY04": "Homs",
    "SY05": "Hama",
    "SY06": "Lattakia",
    "SY07": "Idleb",
    "SY08": "Al-Hasakeh",
    "SY09": "Deir-ez-Zor",
    "SY10": "Tartous",
    "SY11": "Ar-Raqqa",
    "SY12": "Dar'a",
    "SY13": "As-Sweida",
    "SY14": "Quneitra",
}


LANGUAGES: tuple[str, ...] = ("ar", "en")

#: The categories of each categorical column (``country`` is read from the countries table).
_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "language": LANGUAGES,
    "event_type": EVENT_TYPES,
    "sub_event_type": tuple(SUB_EVENT_TYPES),
    "actor1_side": SIDES,
    "actor2_side": SIDES,
    "admin1": tuple(ADMIN1.values()),
    "admin1_pcode": tuple(ADMIN1),
}

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _countries() -> tuple[str, ...]:
    from tracker.resources import read_text

    return tuple(row["name"] for row in csv.DictReader(io.StringIO(read_text("export", "countries.csv"))))


def categories(column: str) -> tuple[str, ...]:
    """The fixed vocabulary of a categorical column, in sorted order (empty for a column without one).

    A value outside it is kept: it is added to that frame's categories (and logged).

    >>> categories("actor1_side")
    ('civilians', 'government', 'opposition', 'other', 'unknown')
    """
    values = _countries() if column == "country" else _VOCABULARIES.get(column, ())
    return tuple(sorted(values))


def _categorical(series: pd.Series, column: str) -> pd.Series:
    text = series.astype("string")
    vocabulary = categories(column)
    extra = set(text.dropna().unique()) - set(vocabulary)
    if extra:
        log.debug("%s: values outside the vocabulary kept as extra categories: %s", column, sorted(extra))
    # Sorted like pandas' own categories, so sorting and grouping by the column order rows as before.
    dtype = pd.CategoricalDtype(pd.Index(sorted({*vocabulary, *extra}), dtype="string"))
    return text.astype(dtype)


def stable_id(*parts: Any, length: int = 16) -> str:
    """Return a stable hex id from the parts: the same input always gives the same id.

    >>> stable_id("a", 1) == stable_id("a", 1)
    True
    """
    h = hashlib.sha1("\x1f".join(["" if p is None else str(p) for p in parts]).encode("utf-8"))
    return h.hexdigest()[:length]


#: Publication dates a news report can have; others are typing errors or placeholders ("0001-01-01").
FIRST_YEAR, LAST_YEAR = 1900, 2100


def date_in_range(value: date | None) -> bool:
    """Whether a publication date lies within :data:`FIRST_YEAR`-:data:`LAST_YEAR` (None: no date, fine).

    >>> date_in_range(date(2017, 1, 24)), date_in_range(date(1, 1, 1)), date_in_range(None)
    (True, False, True)
    """
    return value is None or FIRST_YEAR <= value.year <= LAST_YEAR


def to_date(value: Any, *, errors: Literal["raise", "none"] = "raise") -> date | None:
    """The calendar date of a value given as a date, datetime, pandas Timestamp, Unix time or string.

    Strings: ISO 8601 first, then common written forms ("24 Jan 2017", "Tue, 24 Jan 2017 10:00:00 GMT",
    "1/24/17": numeric dates are read month first unless the first number exceeds 12), then Arabic
    or other languages' month names. The date is kept as written (no time-zone shift). A string that
    lacks a day, month or year is refused rather than completed from today's date.

    Missing values (None, NaN, NaT, NA, blank) give None. A value that is not a date raises ValueError
    (OverflowError or OSError for a Unix time out of range), or gives None with ``errors="none"``.

    >>> to_date("2017-01-24T23:30:00+03:00"), to_date("24 January 2017")
    (datetime.date(2017, 1, 24), datetime.date(2017, 1, 24))
    >>> to_date("sometime", errors="none") is None
    True
    """
    try:
        return _to_date(value)
    except (ValueError, OverflowError, OSError):
        if errors == "raise":
            raise
        return None


def _to_date(value: Any) -> date | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp (NaT is caught by the NaN test)
        if value != value:
            return None
        return value.to_pydatetime().date()  # type: ignore[no-any-return]
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        seconds = value / 1000 if abs(value) > 1e11 else value  # milliseconds since the epoch
        return datetime.fromtimestamp(seconds, tz=UTC).date()
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    parsed = _written_date(text)
    if parsed is None:
        raise ValueError(f"not a date: {text!r}")
    return parsed


def _written_date(text: str) -> date | None:
    from dateutil import parser as du_parser

    # Parsing with two different defaults shows whether the string itself gave day, month and year.
    try:
        a = du_parser.parse(text, default=datetime(2000, 1, 1))
        b = du_parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        pass
    else:
        return a.date() if a.date() == b.date() else None
    import dateparser

    # Absolute dates only: a relative one ("yesterday") would be counted from today.
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["custom-formats", "absolute-time"]}
    found = dateparser.parse(text, settings=settings)
    return found.date() if found else None


_TRUE = frozenset({"true", "1", "yes", "t", "y"})
_FALSE = frozenset({"false", "0", "no", "f", "n"})


def _to_bool(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    text = str(v).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return pd.NA


def _coerce(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    for col, dtype in columns.items():
        if col not in frame:
            frame[col] = pd.Series([None] * len(frame), index=frame.index, dtype="object")
        s = frame[col]
        if dtype.startswith("datetime64"):
            # "mixed": one frame may hold "2017-01-23" and "2017-01-23 14:30" (pandas would otherwise guess
            # the format from the first value and turn the rest into NaT)
            if isinstance(s.dtype, pd.ArrowDtype):  # dates read back from Parquet (date32)
                s = s.astype(object)
            if not pd.api.types.is_datetime64_any_dtype(s):
                s = pd.to_datetime(s, errors="coerce", utc=False, format="mixed")
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_localize(None)
            frame[col] = s.astype("datetime64[ns]")
        elif dtype == "category":
            frame[col] = _categorical(s, col)
        elif dtype == "boolean":
            if not pd.api.types.is_bool_dtype(s) and not pd.api.types.is_numeric_dtype(s):
                # read back from CSV/JSON: "True"/"False"/"" and friends
                s = s.map(_to_bool, na_action="ignore")
            frame[col] = s.astype("boolean")
        elif dtype in ("Int8", "Int64"):
            frame[col] = pd.to_numeric(s, errors="coerce").astype(dtype)
        elif dtype == "Float64":
            frame[col] = pd.to_numeric(s, errors="coerce").astype("Float64")
        else:
            frame[col] = s.astype(dtype)
    extra = [c for c in frame.columns if c not in columns]
    return frame[list(columns) + extra]


def to_frame(rows: Iterable[Mapping[str, Any]], columns: Mapping[str, str] = EVENT_COLUMNS) -> pd.DataFrame:
    """Build a DataFrame with the contract's columns and dtypes from plain dicts.

    Missing keys become missing values; unknown keys are kept after the contract's columns.

    >>> to_frame([{"event_id": "x", "fatalities": 3}])["fatalities"].dtype
    Int64Dtype()
    """
    frame = pd.DataFrame(list(rows))
    return _coerce(frame, columns)


def empty_frame(columns: Mapping[str, str] = EVENT_COLUMNS) -> pd.DataFrame:
    """A zero-row frame with the contract's dtypes."""
    return to_frame([], columns)


def conform(frame: pd.DataFrame, columns: Mapping[str, str] = EVENT_COLUMNS) -> pd.DataFrame:
    """Cast an existing frame (e.g. read back from Parquet or the store) to the contract's dtypes."""
    return _coerce(frame.copy(), columns)
