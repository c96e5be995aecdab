"""Partitions of a corpus for the Dask engine, and what a worker does with one.

The client cuts the inputs into partitions (:func:`partitions_of`): byte ranges of whole lines of an
uncompressed JSON lines file (:class:`JsonlRange`), row groups of a Parquet file (:class:`ParquetPiece`),
or lists of articles it read itself. A worker reads its partition, skips the articles the store already
holds unchanged and extracts the rest (:func:`extract_partition`), returning an :class:`Outcome`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.document import Article

__all__ = [
    "BYTES_PER_ARTICLE",
    "UNCHANGED",
    "JsonlRange",
    "Outcome",
    "ParquetPiece",
    "extract_partition",
    "is_parquet",
    "jsonl_ranges",
    "parquet_files",
    "partitions_of",
    "range_ids",
    "worker_identity",
]

_PARQUET_SUFFIXES = (".parquet", ".pq")
_ARTICLE_FIELDS = ("id", "text", "published", "lang", "source", "url", "title")
#: The result of an article the store already holds unchanged: it was not extracted.
UNCHANGED = "unchanged"


@dataclass(slots=True)
class ParquetPiece:
    """Row groups of one Parquet file: a partition a worker reads itself."""

    path: str
    row_groups: list[int]
    rows: int
    #: article id -> content hash of the articles the store holds, read by this extractor: not extracted
    known: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class JsonlRange:
    """Whole lines of a JSON lines file, from byte ``start`` to ``end``: a partition a worker reads
    itself. ``first_line`` numbers its first line as in the file, so origins are the local engine's."""

    path: str
    start: int
    end: int
    first_line: int
    lines: int
    known: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Outcome:
    """What a worker returns for one partition: per article its result or the reason it failed."""

    articles: list[Article] | None  # sent back only when the client did not have them (Parquet)
    results: list[Any]  # ArticleResult or None when extraction failed
    errors: list[str | None]
    bad_records: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason) unreadable rows
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason) kept with a warning
    truncated: int = 0


# --------------------------------------------------------------------------------------------------
# worker side


def _extract_many(
    articles: list[Article], known: dict[str, str] | None = None
) -> tuple[list[Any], list[str | None]]:
    from tracker.extraction.pipeline import extract_article
    from tracker.store import content_hash

    results: list[Any] = []
    errors: list[str | None] = []
    for article in articles:
        if known and known.get(article.id) == content_hash(article):
            results.append(UNCHANGED)
            errors.append(None)
            continue
        try:
            results.append(extract_article(article))
            errors.append(None)
        except Exception as exc:  # one article's bug must not lose its partition
            results.append(None)
            errors.append(f"extraction failed: {type(exc).__name__}: {exc}")
    return results, errors


def _read_piece(piece: ParquetPiece, defaults: dict[str, Any]) -> tuple[list[Article], list[tuple[str, str]]]:
    """The articles of some row groups of a Parquet file; rows without text are bad records."""
    import pyarrow.parquet as pq

    from tracker.extraction.pipeline import as_articles
    from tracker.run.inputs import MAX_TEXT_CHARS, detect_language

    parquet = pq.ParquetFile(piece.path)
    present = [c for c in _ARTICLE_FIELDS if c in parquet.schema_arrow.names]
    table = parquet.read_row_groups(piece.row_groups, columns=present)
    articles: list[Article] = []
    bad: list[tuple[str, str]] = []
    first = piece.row_groups[0]
    for n, record in enumerate(table.to_pylist()):
        origin = f"{piece.path}:row-group-{first}+{n}"
        record = {k: v for k, v in record.items() if v is not None and v == v}  # drop nulls and NaN
        try:
            (article,) = as_articles([record], **defaults)
        except (ValueError, TypeError) as exc:
            bad.append((origin, str(exc).replace("article 0: ", "")))
            continue
        article.origin = origin
        # The same finishing as tracker.run.inputs gives line files: a length cap and a known language.
        article.text = article.text[:MAX_TEXT_CHARS]
        if article.lang not in ("ar", "en"):
            article.lang = detect_language(article.text)
        articles.append(article)
    return articles, bad


def worker_identity() -> tuple[str, str]:
    """Worker task: this process's tracker version and extractor fingerprint."""
    import tracker
    from tracker.store import extractor_fingerprint

    return str(tracker.__version__), extractor_fingerprint()


def _shift(origin: str, name: str, lines: int) -> str:
    """``name:N`` of a line counted from a range's start, as numbered in the whole file."""
    head, _, number = origin.rpartition(":")
    return f"{name}:{int(number) + lines}" if head == name and number.isdigit() else origin


def _read_range(part: JsonlRange, defaults: dict[str, Any]) -> tuple[list[Article], Any]:
    """The articles of some lines of a JSON lines file, finished as :func:`tracker.run.inputs.read_inputs`
    finishes them; returns them with the range's own :class:`tracker.run.records.RunReport`."""
    import io

    from tracker.run.readers import jsonl_records
    from tracker.run.records import Defaults, RunReport, finish, norm_lang

    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    report = RunReport()
    options = Defaults(defaults["published"], norm_lang(defaults["lang"]), defaults["source"])
    articles = [finish(a, report) for a in jsonl_records(io.BytesIO(data), part.path, options, report)]
    offset = part.first_line - 1
    for article in articles:
        article.origin = _shift(article.origin or "", part.path, offset)
    whole = part.start == 0
    for records in (report.bad, report.warnings):
        records[:] = [
            type(r)(_shift(r.origin, part.path, offset), r.reason)
            for r in records
            if whole or r.origin != part.path  # "empty file" is said of the whole file only
        ]
    return articles, report


def range_ids(part: JsonlRange, defaults: dict[str, Any]) -> list[str]:
    """Worker task: the article ids of a JSONL range (the client looks them up in the store)."""
    return [a.id for a in _read_range(part, defaults)[0]]


def extract_partition(
    payload: list[Article] | ParquetPiece | JsonlRange, defaults: dict[str, Any]
) -> Outcome:
    """Worker task: read the partition if it is a Parquet piece or a JSONL range, then extract every article."""
    if isinstance(payload, JsonlRange):
        articles, report = _read_range(payload, defaults)
        report.no_date = 0  # counted again by the client from the articles sent back
        results, errors = _extract_many(articles, payload.known)
        return Outcome(
            articles,
            results,
            errors,
            [(b.origin, b.reason) for b in report.bad],
            [(w.origin, w.reason) for w in report.warnings],
            report.truncated,
        )
    if isinstance(payload, ParquetPiece):
        articles, bad = _read_piece(payload, defaults)
        results, errors = _extract_many(articles, payload.known)
        return Outcome(articles, results, errors, bad)
    results, errors = _extract_many(payload)
    return Outcome(None, results, errors)


# --------------------------------------------------------------------------------------------------
# client side: partitions, the cluster, consuming results


def is_parquet(value: str) -> bool:
    path = Path(value)
    if path.is_dir():
        return any(p.suffix.lower() in _PARQUET_SUFFIXES for p in path.rglob("*") if p.is_file())
    return path.suffix.lower() in _PARQUET_SUFFIXES


def parquet_files(value: str) -> list[str]:
    path = Path(value)
    if path.is_dir():
        return sorted(
            str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _PARQUET_SUFFIXES
        )
    return [str(path)]


def _parquet_pieces(value: str, partition_size: int) -> Iterator[ParquetPiece]:
    """Row groups of each file, grouped until a partition holds about ``partition_size`` rows."""
    import pyarrow.parquet as pq

    for name in parquet_files(value):
        meta = pq.ParquetFile(name).metadata
        groups: list[int] = []
        rows = 0
        for g in range(meta.num_row_groups):
            groups.append(g)
            rows += meta.row_group(g).num_rows
            if rows >= partition_size:
                yield ParquetPiece(name, groups, rows)
                groups, rows = [], 0
        if groups:
            yield ParquetPiece(name, groups, rows)


#: Bytes of JSON lines per article of ``partition_size``, for the byte ranges workers read (news
#: articles of the corpora average 2-4 KB as JSON lines).
BYTES_PER_ARTICLE = 4_000
_JSONL_SUFFIXES = (".jsonl", ".ndjson")


def _is_jsonl(value: str) -> bool:
    """An uncompressed JSON lines file in UTF-8: split by byte ranges, read by the workers."""
    from tracker.run.decoding import sniff_encoding

    path = Path(value)
    if path.suffix.lower() not in _JSONL_SUFFIXES or not path.is_file():
        return False
    with path.open("rb") as handle:
        encoding, _ = sniff_encoding(handle.read(4))
    return encoding in (None, "utf-8")


def jsonl_ranges(value: str, size: int) -> Iterator[JsonlRange]:
    """Ranges of whole lines of about ``size`` bytes; the client only counts newlines."""
    start, first_line, pos, newlines = 0, 1, 0, 0
    cut = size
    with open(value, "rb") as handle:
        while chunk := handle.read(1 << 23):
            i = 0
            while pos + len(chunk) > cut:
                j = chunk.find(b"\n", max(i, cut - pos))
                if j < 0:
                    break
                upto = newlines + chunk.count(b"\n", 0, j + 1)
                yield JsonlRange(value, start, pos + j + 1, first_line, upto - first_line + 1)
                start, first_line, i = pos + j + 1, upto + 1, j + 1
                cut = start + size
            newlines += chunk.count(b"\n")
            pos += len(chunk)
    if start < pos or start == 0:
        yield JsonlRange(value, start, pos, first_line, newlines - first_line + 2)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def partitions_of(
    inputs: Sequence[str], *, partition_size: int, defaults: dict[str, Any], report: Any
) -> Iterator[list[Article] | ParquetPiece | JsonlRange]:
    """Partitions in input order: Parquet pieces for Parquet inputs, article lists for the rest."""
    from tracker.run.inputs import read_inputs

    line_inputs: list[str] = []
    for value in inputs:
        if _is_jsonl(value):
            if line_inputs:
                yield from _batches(read_inputs(line_inputs, report=report, **defaults), partition_size)
                line_inputs = []
            yield from jsonl_ranges(value, partition_size * BYTES_PER_ARTICLE)
        elif is_parquet(value):
            if line_inputs:  # keep the input order across kinds
                yield from _batches(read_inputs(line_inputs, report=report, **defaults), partition_size)
                line_inputs = []
            try:
                yield from _parquet_pieces(value, partition_size)
            except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError)
                report.fail(value, f"cannot read Parquet: {exc}")
        else:
            line_inputs.append(value)
    if line_inputs:
        yield from _batches(read_inputs(line_inputs, report=report, **defaults), partition_size)
