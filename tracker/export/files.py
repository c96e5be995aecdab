"""Files: a DataFrame in, a CSV, Parquet, JSON-lines or GeoJSON file out.

Reads any frame (usually one built by :func:`tracker.schema.to_frame`, or the ACLED and UCDP frames of
:mod:`tracker.export.acled` and :mod:`tracker.export.ucdp`). Writes:

- ``.csv`` — UTF-8, CRLF line ends (``excel=True`` adds a BOM so Excel reads Arabic), dates ISO (``2017-01-24``, with
  the time only when one is set), nullable integers as integers, list cells joined with ``"; "``, and
  text cells that a spreadsheet would run as a formula prefixed with ``'`` (:func:`neutralise_formulas`).
- ``.parquet`` — the frame's dtypes kept (categories, nullable integers); a datetime column with no time of
  day in any row is written as a date (Arrow ``date32``), as the CSV writes it, so R, QGIS and DuckDB read
  dates, not midnight timestamps.
- ``.jsonl`` — one JSON object a line, UTF-8, dates ISO, missing values ``null``.
- ``.geojson`` — a FeatureCollection of points for rows with coordinates, each with the row's id as the
  feature ``id``; properties are the other columns. Rows without coordinates are left out and counted.

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
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from tracker.export.acled import to_acled
from tracker.export.ucdp import to_ucdp

__all__ = [
    "FORMATS",
    "STYLES",
    "write_frame",
    "to_csv_bytes",
    "neutralise_formulas",
    "restore_formula",
    "format_for",
]

log = logging.getLogger(__name__)

#: File formats write_frame writes.
FORMATS = ("csv", "parquet", "jsonl", "geojson")
#: Column layouts of other datasets: ``fmt="acled"`` or ``"ucdp"`` writes that layout (CSV by default).
STYLES = ("acled", "ucdp")
#: The columns that identify a row, in the order a GeoJSON feature id is taken from.
_ID_COLUMNS = ("event_id", "event_id_cnty", "id", "incident_id", "aggregate_id")
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


def restore_formula(value: str) -> str:
    """A cell as it was before :func:`neutralise_formulas`, for a CSV the project reads back.

    >>> restore_formula("'=1+2"), restore_formula("'quoted"), restore_formula("ok")
    ('=1+2', "'quoted", 'ok')
    """
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS) else value


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


def _naive(series: pd.Series) -> pd.Series:
    return series.dt.tz_convert("UTC").dt.tz_localize(None) if series.dt.tz is not None else series


def _has_time(values: pd.Series) -> bool:
    """Whether any row of a datetime column has a time of day (else it holds dates)."""
    present = values.dropna()
    return bool((present != present.dt.normalize()).any()) if len(present) else False


def _iso_dates(series: pd.Series) -> pd.Series:
    """Datetimes as ISO strings: the date alone when no row has a time of day."""
    values = _naive(series)
    text = values.dt.strftime("%Y-%m-%dT%H:%M:%S" if _has_time(values) else "%Y-%m-%d")
    return text.astype("string")


def _parquet_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Datetime columns without a time of day as Arrow dates; everything else as it is."""
    out = frame
    for col in frame.columns:
        series = frame[col]
        if (
            not isinstance(series.dtype, pd.ArrowDtype)
            and pd.api.types.is_datetime64_any_dtype(series.dtype)
            and not _has_time(_naive(series))
        ):
            if out is frame:
                out = frame.copy()
            out[col] = _naive(series).astype(pd.ArrowDtype(pa.date32()))
    return out


def _is_listlike(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def _csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """The cells as the CSV shows them; formulas are neutralised last, after every join and format,
    so no cell (a list joined with "; " included) reaches the file starting with ``=``."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            out[col] = _iso_dates(series)
        elif series.dtype == object and series.map(_is_listlike).any():
            out[col] = series.map(
                lambda v: "; ".join(str(x) for x in v) if _is_listlike(v) else v, na_action="ignore"
            )
    return neutralise_formulas(out)


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


def _write_geojson(frame: pd.DataFrame, handle: IO[bytes]) -> int:
    if not {"latitude", "longitude"} <= set(frame.columns):
        raise ValueError("GeoJSON needs 'latitude' and 'longitude' columns")
    has_point = (frame["latitude"].notna() & frame["longitude"].notna()).to_numpy(dtype=bool)
    skipped = int((~has_point).sum())
    if skipped:
        log.info("GeoJSON: %d row(s) without coordinates left out", skipped)
    id_column = next((c for c in _ID_COLUMNS if c in frame.columns), None)
    handle.write(b'{"type": "FeatureCollection", "features": [')
    first = True
    for row in _json_rows(frame.loc[has_point]):
        lon, lat = float(row.pop("longitude")), float(row.pop("latitude"))
        feature: dict[str, Any] = {"type": "Feature"}
        if id_column is not None and row[id_column] is not None:
            feature["id"] = row[id_column]
        feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
        feature["properties"] = row
        handle.write((("" if first else ",\n") + _dumps(feature)).encode("utf-8"))
        first = False
    handle.write(b"]}\n")
    return len(frame) - skipped


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
    acled_legacy: bool = False,
) -> int:
    """Write ``frame`` to ``path`` in ``fmt`` and return the number of rows written.

    ``fmt`` is a file format (default: from the suffix) or a layout of :data:`STYLES`: ``"acled"``
    (:func:`tracker.export.to_acled`; ``acled_legacy`` for the older date and numeric inter style)
    or ``"ucdp"`` (:func:`tracker.export.to_ucdp`), written as CSV unless the suffix says otherwise.
    ``acled=True`` is the same as ``fmt="acled"``. ``excel`` adds a BOM (CSV only). Only GeoJSON
    writes fewer rows than the frame has: rows without coordinates have no point.
    Raises ValueError when the format cannot be told.

    >>> import tempfile, os
    >>> out = os.path.join(tempfile.mkdtemp(), "e.jsonl")
    >>> write_frame(pd.DataFrame({"event_id": ["a"], "fatalities": pd.array([3], dtype="Int64")}), out)
    1
    >>> open(out, encoding="utf-8").read()
    '{"event_id": "a", "fatalities": 3}\\n'
    """
    style = "acled" if acled else None
    if fmt in STYLES:
        style, fmt = fmt, None
    fmt = fmt or format_for(path) or ("csv" if style else None)
    if fmt not in FORMATS:
        raise ValueError(
            f"cannot tell the output format of {str(path)!r}: use .csv, .parquet, .jsonl or .geojson"
        )
    if style == "acled":
        frame = to_acled(frame, legacy=acled_legacy)
    elif style == "ucdp":
        frame = to_ucdp(frame)
    compress = str(path).lower().endswith(".gz")
    if str(path) == "-":
        return _write_to(frame, "-", fmt=fmt, excel=excel, compress=compress)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename: a run killed half-way (or a full disk) never leaves a
    # truncated file where a complete one is expected, and an earlier complete file stays as it was.
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        written = _write_to(frame, partial, fmt=fmt, excel=excel, compress=compress)
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    return written


def _write_to(frame: pd.DataFrame, path: str | Path, *, fmt: str, excel: bool, compress: bool) -> int:
    if fmt == "parquet":
        ready = _parquet_ready(frame)
        if str(path) == "-":
            buffer = io.BytesIO()
            ready.to_parquet(buffer, index=False)
            sys.stdout.buffer.write(buffer.getvalue())
            sys.stdout.buffer.flush()
        else:
            ready.to_parquet(path, index=False)
        return len(frame)
    with _open_out(path, compress=compress) as handle:
        if fmt == "geojson":
            return _write_geojson(frame, handle)
        if fmt == "csv":
            _write_csv(frame, handle, excel=excel)
        else:
            _write_jsonl(frame, handle)
    return len(frame)
