"""Export: an event (or aggregate) DataFrame in, a CSV, Parquet, JSON-lines or GeoJSON file out.

Reads a frame built by :func:`tracker.schema.to_frame` (any frame works) and, for ACLED-style files,
``resources/export/acled.yaml`` and :func:`tracker.actors.registry` when present. Writes:

- ``.csv`` — UTF-8, CRLF line ends (``excel=True`` adds a BOM so Excel reads Arabic), dates ISO (``2017-01-24``, with
  the time only when one is set), nullable integers as integers, list cells joined with ``"; "``, and
  text cells that a spreadsheet would run as a formula prefixed with ``'`` (:func:`neutralise_formulas`).
- ``.parquet`` — the frame's dtypes kept (categories, nullable integers, datetimes).
- ``.jsonl`` — one JSON object a line, UTF-8, dates ISO, missing values ``null``.
- ``.geojson`` — a FeatureCollection of points for rows with coordinates; properties are the other columns.

A ``.gz`` ending compresses CSV, JSON lines and GeoJSON; ``-`` writes to stdout.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

__all__ = ["FORMATS", "write_frame", "to_acled", "to_csv_bytes", "neutralise_formulas", "format_for"]

log = logging.getLogger(__name__)

#: Formats write_frame writes ("acled" is CSV with ACLED's columns).
FORMATS = ("csv", "parquet", "jsonl", "geojson", "acled")
_SUFFIX_FORMATS = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".geojson": "geojson",
}
# A spreadsheet runs a cell that starts with these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def format_for(path: str | Path) -> str | None:
    """The format a file name asks for (``"csv"`` for ``-``), or None when the suffix is unknown.

    >>> format_for("events.csv.gz"), format_for("out.parquet"), format_for("x.docx")
    ('csv', 'parquet', None)
    """
    name = str(path).lower()
    if name == "-":
        return "csv"
    name = name.removesuffix(".gz")
    return _SUFFIX_FORMATS.get(Path(name).suffix)


def _guard(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells starting with ``= + - @``, tab or CR begin with ``'`` instead.

    Numbers (a negative longitude) are not text and stay as they are.

    >>> neutralise_formulas(pd.DataFrame({"a": ["=1+2", "ok"], "b": [-1, 2]}))["a"].tolist()
    ["'=1+2", 'ok']
    """
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.CategoricalDtype):
            categories = series.cat.categories
            if categories.dtype.kind in "OU" or pd.api.types.is_string_dtype(categories.dtype):
                guarded = [_guard(c) for c in categories]
                if guarded != list(categories):
                    out[col] = series.astype(object).map(_guard, na_action="ignore").astype("category")
        elif pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
            out[col] = series.map(_guard, na_action="ignore").astype(series.dtype)
    return out


def _iso_dates(series: pd.Series) -> pd.Series:
    """Datetimes as ISO strings: the date alone when no row has a time of day."""
    values = series.dt.tz_convert("UTC").dt.tz_localize(None) if series.dt.tz is not None else series
    present = values.dropna()
    has_time = bool((present != present.dt.normalize()).any()) if len(present) else False
    text = values.dt.strftime("%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d")
    return text.astype("string")


def _is_listlike(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    out = neutralise_formulas(frame)
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            out[col] = _iso_dates(series)
        elif series.dtype == object and series.map(_is_listlike).any():
            out[col] = series.map(
                lambda v: "; ".join(str(x) for x in v) if _is_listlike(v) else v, na_action="ignore"
            )
    return out


def _write_csv(frame: pd.DataFrame, handle: IO[bytes], *, excel: bool) -> None:
    text = io.TextIOWrapper(
        handle, encoding="utf-8-sig" if excel else "utf-8", newline="", write_through=True
    )
    try:
        # CRLF (RFC 4180) also makes the writer quote cells holding a bare CR, which "\n" would not.
        _csv_ready(frame).to_csv(text, index=False, lineterminator="\r\n")
        text.flush()
    finally:
        text.detach()  # the caller closes the byte stream


def to_csv_bytes(frame: pd.DataFrame, *, excel: bool = False) -> bytes:
    """The frame as CSV bytes, exactly as :func:`write_frame` writes a ``.csv`` (for downloads).

    >>> to_csv_bytes(pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "t": ["=A1", "b"]}))
    b"n,t\\r\\n1,'=A1\\r\\n,b\\r\\n"
    """
    buffer = io.BytesIO()
    _write_csv(frame, buffer, excel=excel)
    return buffer.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def _json_rows(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Rows as plain dicts: dates ISO, missing values None, numpy scalars unwrapped (by the encoder)."""
    prepared = frame.copy()
    for col in prepared.columns:
        if pd.api.types.is_datetime64_any_dtype(prepared[col].dtype):
            prepared[col] = _iso_dates(prepared[col])
    columns = list(prepared.columns)
    objects = prepared.astype(object)
    missing = prepared.isna().to_numpy()
    for values, gaps in zip(objects.itertuples(index=False, name=None), missing, strict=True):
        yield {c: (None if gap else v) for c, v, gap in zip(columns, values, gaps, strict=True)}


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_json_default, allow_nan=False)


def _write_jsonl(frame: pd.DataFrame, handle: IO[bytes]) -> None:
    for row in _json_rows(frame):
        handle.write((_dumps(row) + "\n").encode("utf-8"))


def _write_geojson(frame: pd.DataFrame, handle: IO[bytes]) -> None:
    if not {"latitude", "longitude"} <= set(frame.columns):
        raise ValueError("GeoJSON needs 'latitude' and 'longitude' columns")
    has_point = (frame["latitude"].notna() & frame["longitude"].notna()).to_numpy(dtype=bool)
    skipped = int((~has_point).sum())
    if skipped:
        log.info("GeoJSON: %d row(s) without coordinates left out", skipped)
    handle.write(b'{"type": "FeatureCollection", "features": [')
    first = True
    for row in _json_rows(frame.loc[has_point]):
        lon, lat = float(row.pop("longitude")), float(row.pop("latitude"))
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": row,
        }
        handle.write((("" if first else ",\n") + _dumps(feature)).encode("utf-8"))
        first = False
    handle.write(b"]}\n")


@contextlib.contextmanager
def _open_out(path: str | Path, *, compress: bool) -> Iterator[IO[bytes]]:
    if str(path) == "-":
        stream = sys.stdout.buffer
        yield stream
        stream.flush()
        return
    opener = gzip.open if compress else open
    with opener(Path(path), "wb") as handle:
        yield handle  # type: ignore[misc]


def write_frame(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    fmt: str | None = None,
    excel: bool = False,
    acled: bool = False,
) -> None:
    """Write ``frame`` to ``path`` in ``fmt`` (default: from the suffix; ``"acled"`` = ACLED columns as CSV).

    ``excel`` adds a BOM (CSV only); ``acled`` renames and fills columns with :func:`to_acled` first.
    Raises ValueError when the format cannot be told.

    >>> import tempfile, os
    >>> out = os.path.join(tempfile.mkdtemp(), "e.jsonl")
    >>> write_frame(pd.DataFrame({"event_id": ["a"], "fatalities": pd.array([3], dtype="Int64")}), out)
    >>> open(out, encoding="utf-8").read()
    '{"event_id": "a", "fatalities": 3}\\n'
    """
    if fmt == "acled":
        acled, fmt = True, None
    fmt = fmt or format_for(path) or ("csv" if acled else None)
    if fmt not in FORMATS:
        raise ValueError(
            f"cannot tell the output format of {str(path)!r}: use .csv, .parquet, .jsonl or .geojson"
        )
    if acled:
        frame = to_acled(frame)
    compress = str(path).lower().endswith(".gz")
    if str(path) == "-":
        _write_to(frame, "-", fmt=fmt, excel=excel, compress=compress)
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename: a run killed half-way (or a full disk) never leaves a
    # truncated file where a complete one is expected, and an earlier complete file stays as it was.
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        _write_to(frame, partial, fmt=fmt, excel=excel, compress=compress)
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()


def _write_to(frame: pd.DataFrame, path: str | Path, *, fmt: str, excel: bool, compress: bool) -> None:
    if fmt == "parquet":
        if str(path) == "-":
            buffer = io.BytesIO()
            frame.to_parquet(buffer, index=False)
            sys.stdout.buffer.write(buffer.getvalue())
            sys.stdout.buffer.flush()
        else:
            frame.to_parquet(path, index=False)
        return
    with _open_out(path, compress=compress) as handle:
        if fmt == "csv":
            _write_csv(frame, handle, excel=excel)
        elif fmt == "jsonl":
            _write_jsonl(frame, handle)
        else:
            _write_geojson(frame, handle)


# --------------------------------------------------------------------------------------------------
# ACLED


@lru_cache(maxsize=1)
def _acled_conventions() -> dict[str, Any]:
    from tracker.resources import load_yaml

    return load_yaml("export", "acled.yaml")  # type: ignore[no-any-return]


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def _registry_inter_codes() -> dict[str, int]:
    """Actor name -> ACLED inter code from the actors registry (empty when it is not available)."""
    try:
        from tracker.actors import registry
    except ImportError:
        return {}
    try:
        actors = registry()
    except Exception:  # the export must not fail because the registry does
        log.debug("actors registry unavailable", exc_info=True)
        return {}
    codes_by_type = _acled_conventions()["inter_codes"]
    items = actors.values() if isinstance(actors, Mapping) else actors
    codes: dict[str, int] = {}
    for actor in items:
        name, kind = _field(actor, "name"), _field(actor, "actor_type")
        if isinstance(kind, int) and 1 <= kind <= 8:
            codes[str(name)] = kind
        elif isinstance(kind, str) and kind.strip().lower() in codes_by_type:
            codes[str(name)] = int(codes_by_type[kind.strip().lower()])
    return codes


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([pd.NA] * len(frame), index=frame.index, dtype="object")


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string")


def _inter(
    actor: pd.Series, side: pd.Series, by_name: dict[str, int], by_side: Mapping[str, int]
) -> pd.Series:
    codes = [
        by_name.get(str(a))
        if not pd.isna(a) and str(a) in by_name
        else by_side.get(str(s))
        if not pd.isna(s)
        else None
        for a, s in zip(actor.astype(object), side.astype(object), strict=True)
    ]
    return pd.array(codes, dtype="Int64")


def _interaction(inter1: pd.Series, inter2: pd.Series) -> pd.Series:
    """ACLED's interaction: the two inter codes, lower first (17); a lone actor's code followed by 0 (10)."""
    values: list[int | None] = []
    for a, b in zip(inter1, inter2, strict=True):
        if pd.isna(a) and pd.isna(b):
            values.append(None)
        elif pd.isna(a) or pd.isna(b):
            values.append(int(b if pd.isna(a) else a) * 10)
        else:
            low, high = sorted((int(a), int(b)))
            values.append(low * 10 + high)
    return pd.array(values, dtype="Int64")


def to_acled(frame: pd.DataFrame) -> pd.DataFrame:
    """The events with ACLED's export columns, in ACLED's order and conventions.

    Filled from our columns where we have them (dates as "24 January 2017", inter codes from the
    actors registry or the side, disorder type from the event type); empty otherwise. See
    ``resources/export/README.md`` for the deliberate differences (ids, fatalities 0 when unknown).

    >>> row = to_acled(pd.DataFrame({"event_id": ["ab"], "event_date": [pd.Timestamp("2017-01-04")]})).iloc[0]
    >>> row["event_id_cnty"], row["event_date"], int(row["year"])
    ('SYRab', '04 January 2017', 2017)
    """
    conv = _acled_conventions()
    index = frame.index
    country = _text(_column(frame, "country")).fillna(conv["default_country"])
    facts = conv["countries"]
    default = facts[conv["default_country"]]
    iso3 = country.map(lambda c: facts.get(c, default)["iso3"])
    date = pd.to_datetime(_column(frame, "event_date"), errors="coerce")
    months = conv["months"]
    out = pd.DataFrame(index=index)
    out["event_id_cnty"] = _text(iso3 + _text(_column(frame, "event_id")))
    out["event_date"] = pd.array(
        [None if pd.isna(d) else f"{d.day:02d} {months[d.month - 1]} {d.year}" for d in date], dtype="string"
    )
    out["year"] = date.dt.year.astype("Int64")
    out["time_precision"] = pd.to_numeric(_column(frame, "date_precision"), errors="coerce").astype("Int64")
    event_type = _text(_column(frame, "event_type"))
    out["disorder_type"] = _text(event_type.map(conv["disorder_type"]))
    out["event_type"] = event_type
    out["sub_event_type"] = _text(_column(frame, "sub_event_type"))
    by_name = _registry_inter_codes()
    by_side = conv["side_inter_codes"]
    for n in ("1", "2"):
        actor = _text(_column(frame, f"actor{n}"))
        out[f"actor{n}"] = actor
        out[f"assoc_actor_{n}"] = pd.array([None] * len(frame), dtype="string")
        out[f"inter{n}"] = _inter(actor, _column(frame, f"actor{n}_side"), by_name, by_side)
    out["interaction"] = _interaction(out["inter1"], out["inter2"])
    civilians = (pd.to_numeric(_column(frame, "civilians_killed"), errors="coerce").fillna(0) > 0) | (
        _text(_column(frame, "actor2_side")) == "civilians"
    ).fillna(False)
    out["civilian_targeting"] = pd.array(
        [conv["civilian_targeting"] if c else None for c in civilians], dtype="string"
    )
    out["iso"] = pd.array([facts.get(c, default)["iso"] for c in country], dtype="Int64")
    out["region"] = pd.array([facts.get(c, default)["region"] for c in country], dtype="string")
    out["country"] = country
    for name in ("admin1", "admin2", "admin3", "location"):
        out[name] = _text(_column(frame, name))
    out["latitude"] = pd.to_numeric(_column(frame, "latitude"), errors="coerce").astype("Float64")
    out["longitude"] = pd.to_numeric(_column(frame, "longitude"), errors="coerce").astype("Float64")
    out["geo_precision"] = pd.to_numeric(_column(frame, "geo_precision"), errors="coerce").astype("Int64")
    source, reporter = _text(_column(frame, "source")), _text(_column(frame, "reported_by"))
    out["source"] = pd.array(
        [
            "; ".join(dict.fromkeys(str(x) for x in (s, r) if not pd.isna(x))) or None
            for s, r in zip(source, reporter, strict=True)
        ],
        dtype="string",
    )
    out["source_scale"] = pd.array([None] * len(frame), dtype="string")
    out["notes"] = _text(_column(frame, "notes")).fillna(_text(_column(frame, "evidence")))
    out["fatalities"] = pd.to_numeric(_column(frame, "fatalities"), errors="coerce").fillna(0).astype("Int64")
    violation = _column(frame, "violation").astype("boolean")
    ceasefire = _text(_column(frame, "ceasefire"))
    out["tags"] = pd.array(
        [
            f"ceasefire violation: {c}" if v is True and not pd.isna(c) else None
            for v, c in zip(violation.astype(object), ceasefire, strict=True)
        ],
        dtype="string",
    )
    out["timestamp"] = pd.array([None] * len(frame), dtype="Int64")
    return out[conv["columns"]].reset_index(drop=True)
