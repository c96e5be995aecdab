"""Ingestion: input files, directories, stdin and feeds in, :class:`~tracker.document.Article` objects out.

Reads ``.txt`` (one article per file), ``.jsonl`` / ``.json`` / ``.csv`` / ``.tsv`` (one article per record,
any of them optionally gzipped), directories (recursively, in sorted order), ``-`` for stdin (plain text or
JSON lines, told apart by the first character), and http(s) URLs or ``.xml`` / ``.rss`` / ``.atom`` /
``.html`` / ``.htm`` files (handed to :func:`tracker.run.feeds.articles_from`). Writes nothing: every article
is yielded, every bad record goes into a :class:`RunReport` with its origin (``file:line``) and a reason,
and nothing raises for bad input.

Record fields: ``id``, ``text`` (required), ``published`` (date or datetime in any common format, read
by :func:`tracker.schema.to_date`; the date is kept), ``lang``, ``source``, ``url``, ``title``. A missing
``id`` becomes a stable hash of the text. The ``published``/``lang``/``source`` options apply to
plain-text inputs and fill records that lack those fields. A plain-text article takes its metadata (same
fields) from a ``.meta.json`` file beside it when there is one. A missing language is told from the script
(:func:`detect_language`).

Encodings (UTF-8, UTF-16/32 with BOM, legacy Arabic cp1256) and binary files are told apart by
:mod:`tracker.run.decoding`; undecodable bytes and binary files are reported, never raised.

Limits (why: one bad file must not exhaust memory): an article's text is cut at :data:`MAX_TEXT_CHARS`
characters (reported), a JSON/CSV line longer than :data:`tracker.run.decoding.MAX_LINE_BYTES` is skipped
(reported), and files are streamed: a ``.txt`` file is read only up to the bytes the cut needs.
"""

from __future__ import annotations

import csv
import gzip
import importlib
import io
import json
import logging
import math
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from tracker.document import Article
from tracker.run import decoding
from tracker.run.decoding import (
    DecodeProblem,
    PrefixedStream,
    decode_bytes,
    peek_head,
    peekable,
    read_head,
    sniff_encoding,
    stream_error,
    text_lines,
)
from tracker.schema import stable_id, to_date
from tracker.text.language import detect_language

__all__ = [
    "MAX_TEXT_CHARS",
    "BadRecord",
    "RunReport",
    "read_inputs",
    "detect_language",
    "decode_bytes",
    "DecodeProblem",
]

log = logging.getLogger(__name__)

#: Longest article text kept, in characters; longer texts are cut and the cut is reported.
MAX_TEXT_CHARS = 2_000_000

TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
CSV_SUFFIXES = (".csv", ".tsv")
#: Metadata of a plain-text article, read with it and not as articles when a directory is read.
SIDECAR_SUFFIX = ".meta.json"
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".html", ".htm", ".xhtml")
_GZIP_MAGIC = b"\x1f\x8b"
_LANG_ALIASES = {"ar": "ar", "ara": "ar", "arabic": "ar", "en": "en", "eng": "en", "english": "en"}


@dataclass(slots=True, frozen=True)
class BadRecord:
    """A record that could not be used (or a warning about one): where it came from and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(slots=True)
class RunReport:
    """Accounts for every record of a run: ``read == with_events + without_events + failed``.

    Ingestion calls :meth:`fail` for records it cannot read; extraction calls :meth:`record` for each
    article it processed (or :meth:`fail` when extraction raised). ``warnings`` hold problems that did
    not lose the record (a cut text, an unreadable date, a skipped symlink loop).

    >>> r = RunReport()
    >>> r.record(True, events=2); r.record(False); r.fail("a.jsonl:3", "invalid JSON")
    >>> (r.read, r.with_events, r.without_events, r.failed, r.events)
    (3, 1, 1, 1, 2)
    """

    with_events: int = 0
    without_events: int = 0
    events: int = 0
    aggregates: int = 0
    no_date: int = 0
    truncated: int = 0
    interrupted: bool = False
    bad: list[BadRecord] = field(default_factory=list)
    warnings: list[BadRecord] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Records that could not be read or extracted."""
        return len(self.bad)

    @property
    def processed(self) -> int:
        """Articles that went through extraction (with or without events)."""
        return self.with_events + self.without_events

    @property
    def read(self) -> int:
        """Every record met: processed plus failed."""
        return self.processed + self.failed

    def record(self, result_has_events: bool, *, events: int = 0, aggregates: int = 0) -> None:
        """Count one article that went through extraction."""
        if result_has_events:
            self.with_events += 1
        else:
            self.without_events += 1
        self.events += events
        self.aggregates += aggregates

    def fail(self, origin: str, reason: str) -> None:
        """Count one record that could not be read or extracted."""
        log.debug("bad record %s: %s", origin, reason)
        self.bad.append(BadRecord(origin, reason))

    def warn(self, origin: str, reason: str) -> None:
        """Note a problem that did not lose the record."""
        log.debug("warning %s: %s", origin, reason)
        self.warnings.append(BadRecord(origin, reason))

    def summary(self, *, limit: int = 20) -> str:
        """A multi-line account of the run for stderr; lists at most ``limit`` bad records and warnings."""
        lines = [
            f"read {self.read} record(s): {self.with_events} with events, "
            f"{self.without_events} without events, {self.failed} failed",
            f"events: {self.events}" + (f", aggregate tolls: {self.aggregates}" if self.aggregates else ""),
        ]
        if self.no_date:
            lines.append(
                f"no publication date: {self.no_date} article(s); their events have no date "
                "(give --published or a 'published' field)"
            )
        if self.truncated:
            lines.append(f"text cut at {MAX_TEXT_CHARS:,} characters: {self.truncated} article(s)")
        if self.interrupted:
            lines.append("interrupted: only the records above were read; the output holds their events")
        if self.processed == 0:
            lines.append("nothing could be read or extracted")
        for title, items in (("failed records", self.bad), ("warnings", self.warnings)):
            if not items:
                continue
            lines.append(f"{title}:")
            lines.extend(f"  {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"  ... and {len(items) - limit} more")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# language


def _norm_lang(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    key = value.strip().lower().replace("_", "-").split("-")[0]
    return _LANG_ALIASES.get(key)


# --------------------------------------------------------------------------------------------------
# records -> articles


@dataclass(slots=True)
class _Defaults:
    published: date | None
    lang: str | None
    source: str | None


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _opt_str(value: Any) -> str | None:
    return None if _missing(value) else str(value).strip()


def _article_from_record(
    record: Mapping[str, Any], origin: str, defaults: _Defaults, report: RunReport
) -> Article | None:
    text = record.get("text")
    if _missing(text):
        report.fail(origin, "missing 'text'" if "text" not in record or text is None else "empty 'text'")
        return None
    if not isinstance(text, str):
        report.fail(origin, f"'text' is not a string ({type(text).__name__})")
        return None
    published = defaults.published
    raw_date = record.get("published")
    if not _missing(raw_date):
        try:
            published = to_date(raw_date)
        except (ValueError, OverflowError, OSError):
            report.warn(origin, f"unreadable published date {str(raw_date)[:40]!r}: treated as missing")
            published = defaults.published
    rec_id = _opt_str(record.get("id"))
    raw_lang = record.get("lang", record.get("language"))
    lang = _norm_lang(raw_lang)
    if lang is None and not _missing(raw_lang):
        report.warn(origin, f"unsupported lang {str(raw_lang)[:20]!r}: told from the script instead")
    return Article(
        id=rec_id or stable_id(text),
        text=text,
        published=published,
        lang=lang or defaults.lang,
        source=_opt_str(record.get("source")) or defaults.source,
        url=_opt_str(record.get("url")),
        title=_opt_str(record.get("title")),
        origin=origin,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _finish(article: Article, report: RunReport) -> Article:
    """Cut an over-long text, replace lone surrogates, tell the language, count a missing date."""
    if _SURROGATE.search(article.text) or (article.title and _SURROGATE.search(article.title)):
        # a JSON "\ud800" escape decodes to a lone surrogate, which no UTF-8 writer accepts
        article.text = _SURROGATE.sub("\ufffd", article.text)
        article.title = _SURROGATE.sub("\ufffd", article.title) if article.title else article.title
        report.warn(article.origin or article.id, "lone surrogate characters replaced by U+FFFD")
    if len(article.text) > MAX_TEXT_CHARS:
        article.text = article.text[:MAX_TEXT_CHARS]
        report.truncated += 1
        report.warn(article.origin or article.id, f"text cut at {MAX_TEXT_CHARS:,} characters")
    if article.lang not in ("ar", "en"):
        article.lang = detect_language(article.text)
    if article.published is None:
        report.no_date += 1
    return article


def _jsonl_records(stream: IO[bytes], name: str, defaults: _Defaults, report: RunReport) -> Iterator[Article]:
    seen = False
    for line in text_lines(stream):
        origin = f"{name}:{line.number}"
        if line.text is None:
            seen = True
            report.fail(origin, line.error or "unreadable line")
            continue
        if not line.text.strip():
            continue
        seen = True
        try:
            record = json.loads(line.text.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            report.fail(origin, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            report.fail(origin, "invalid JSON: nested too deeply")
            continue
        if not isinstance(record, dict):
            report.fail(origin, f"not a JSON object ({type(record).__name__})")
            continue
        article = _article_from_record(record, origin, defaults, report)
        if article is not None:
            yield article
    if not seen:
        report.fail(name, "empty file: no records")


def _json_document(stream: IO[bytes], name: str, defaults: _Defaults, report: RunReport) -> Iterator[Article]:
    """A ``.json`` file: an array of records, one record, or (most often) JSON lines."""
    buffered = peekable(stream)
    head = peek_head(buffered)
    encoding, skip = sniff_encoding(head)
    first = head[skip:].lstrip()[:1] if encoding in (None, "utf-8") else b""
    if first != b"[":
        # One object per line, or one pretty-printed object: try lines, fall back to the whole document.
        data, more, error = read_head(buffered, decoding.MAX_LINE_BYTES)
        if not more and error is None and first == b"{":
            try:
                record = json.loads(decode_bytes(data)[0])
            except (json.JSONDecodeError, DecodeProblem, RecursionError):
                pass
            else:
                if isinstance(record, dict):
                    article = _article_from_record(record, f"{name}:1", defaults, report)
                    if article is not None:
                        yield article
                    return
        yield from _jsonl_records(io.BufferedReader(PrefixedStream(data, buffered)), name, defaults, report)
        return
    data, more, error = read_head(buffered, decoding.MAX_LINE_BYTES)
    if more or error:
        report.fail(
            name, error or f"JSON array larger than {decoding.MAX_LINE_BYTES // 2**20} MiB: use JSON lines"
        )
        return
    try:
        records = json.loads(decode_bytes(data)[0])
    except DecodeProblem as exc:
        report.fail(name, str(exc))
        return
    except json.JSONDecodeError as exc:
        report.fail(f"{name}:{exc.lineno}", f"invalid JSON: {exc.msg} (column {exc.colno})")
        return
    if not records:
        report.fail(name, "empty file: no records")
    for index, record in enumerate(records):
        origin = f"{name}:[{index}]"
        if not isinstance(record, dict):
            report.fail(origin, f"not a JSON object ({type(record).__name__})")
            continue
        article = _article_from_record(record, origin, defaults, report)
        if article is not None:
            yield article


def _csv_records(
    stream: IO[bytes], name: str, defaults: _Defaults, report: RunReport, *, delimiter: str | None = None
) -> Iterator[Article]:
    bad_lines: dict[int, str] = {}
    consumed = 0

    def lines() -> Iterator[str]:
        nonlocal consumed
        for line in text_lines(stream):
            consumed = line.number
            if line.text is None:
                # A blank stand-in keeps the reader going; the row holding this line is reported.
                bad_lines[line.number] = line.error or "unreadable line"
                yield "\n"
            else:
                yield line.text

    source = lines()
    header_line = next(source, None)
    if header_line is None or not header_line.strip():
        report.fail(name, bad_lines.get(1, "empty file: no header"))
        return
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(header_line, delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    header = [h.strip().lower() for h in next(csv.reader([header_line], delimiter=delimiter))]
    if "text" not in header:
        report.fail(f"{name}:1", f"CSV has no 'text' column (columns: {', '.join(header)[:200]})")
        return
    # The csv module's field limit (128 KiB) is global: raised while this file is read, then restored.
    old_limit = csv.field_size_limit()
    csv.field_size_limit(decoding.MAX_LINE_BYTES)
    rows = 0
    try:
        reader = csv.reader(source, delimiter=delimiter)
        start = 2
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                rows += 1
                report.fail(f"{name}:{start}", f"invalid CSV: {exc}")
                start = consumed + 1
                continue
            origin = f"{name}:{start}"
            broken = [bad_lines.pop(n) for n in sorted(bad_lines) if start <= n <= consumed]
            start = consumed + 1
            if not broken and not any(cell.strip() for cell in row):
                continue
            rows += 1
            if broken:
                report.fail(origin, broken[0])
                continue
            record = dict(zip(header, row, strict=False))
            if "text" not in record:
                report.fail(origin, f"missing 'text' (row has {len(row)} of {len(header)} columns)")
                continue
            article = _article_from_record(record, origin, defaults, report)
            if article is not None:
                yield article
        for number in sorted(bad_lines):  # a break after the last complete row
            report.fail(f"{name}:{number}", bad_lines[number])
        if rows == 0 and not bad_lines:
            report.fail(name, "no records: a header line only")
    finally:
        csv.field_size_limit(old_limit)


def _text_article(
    stream: IO[bytes], name: str, article_id: str, defaults: _Defaults, report: RunReport
) -> Iterator[Article]:
    # Read only what the cut needs: at most 4 bytes per character in UTF-8, UTF-16 and UTF-32.
    data, more, error = read_head(stream, 4 * MAX_TEXT_CHARS + 4)
    if error:
        if not data:
            report.fail(name, error)
            return
        report.warn(name, error + " (text before the break was kept)")
    try:
        text, encoding = decode_bytes(data, final=not (more or error))
    except DecodeProblem as exc:
        report.fail(name, str(exc))
        return
    if not text.strip():
        report.fail(name, "empty file: no text")
        return
    if more or len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        report.truncated += 1
        report.warn(name, f"text cut at {MAX_TEXT_CHARS:,} characters")
    log.debug("%s read as %s", name, encoding)
    article = Article(
        id=article_id,
        text=text,
        published=defaults.published,
        lang=defaults.lang,
        source=defaults.source,
        origin=name,
    )
    yield article


# --------------------------------------------------------------------------------------------------
# dispatch


def _kind(name: str) -> tuple[str | None, bool]:
    """(kind, gzipped) from a file name; kind None for unknown extensions."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    for kind, suffixes in (
        ("text", TEXT_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("json", JSON_SUFFIXES),
        ("csv", CSV_SUFFIXES),
        ("feed", FEED_SUFFIXES),
    ):
        if lower.endswith(suffixes):
            return kind, gz
    return None, gz


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", *TEXT_SUFFIXES):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name or path.name


def _open_maybe_gzip(stream: IO[bytes]) -> io.BufferedReader:
    """Gzip is told by its magic bytes, not the file name."""
    buffered = peekable(stream)
    if peek_head(buffered, 2) == _GZIP_MAGIC:
        return peekable(gzip.GzipFile(fileobj=buffered, mode="rb"))
    return buffered


def _looks_like_jsonl(stream: io.BufferedReader) -> bool:
    head = peek_head(stream)
    encoding, skip = sniff_encoding(head)
    return encoding in (None, "utf-8") and head[skip:].lstrip()[:1] == b"{"


def _from_stream(
    stream: IO[bytes], name: str, kind: str | None, article_id: str, defaults: _Defaults, report: RunReport
) -> Iterator[Article]:
    stream = _open_maybe_gzip(stream)
    if kind is None:  # unknown extension given explicitly: JSON lines if it looks like them, else text
        kind = "jsonl" if _looks_like_jsonl(stream) else "text"
    if kind == "text":
        yield from _text_article(stream, name, article_id, defaults, report)
    elif kind == "jsonl":
        yield from _jsonl_records(stream, name, defaults, report)
    elif kind == "json":
        yield from _json_document(stream, name, defaults, report)
    else:
        delimiter = "\t" if name.lower().removesuffix(".gz").endswith(".tsv") else None
        yield from _csv_records(stream, name, defaults, report, delimiter=delimiter)


def _from_file(path: Path, kind: str | None, defaults: _Defaults, report: RunReport) -> Iterator[Article]:
    name = str(path)
    if kind == "feed":
        yield from _from_feed(name, defaults, report)
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        report.fail(name, f"cannot open: {exc.strerror or exc}")
        return
    meta = _sidecar(path, report) if kind == "text" else None
    with handle:
        for article in _from_stream(handle, name, kind, _stem(path), defaults, report):
            if meta is not None:
                record = {**meta, "text": article.text, "id": _opt_str(meta.get("id")) or article.id}
                article = _article_from_record(record, name, defaults, report) or article
            yield article


def _sidecar(path: Path, report: RunReport) -> dict[str, Any] | None:
    """Metadata of a plain-text article from ``<name>.meta.json`` beside it (``report.ar.txt`` looks for
    ``report.ar.meta.json``, then ``report.meta.json``): id, published, lang, source, url, title."""
    base = _stem(path)
    names = [base + SIDECAR_SUFFIX]
    if "." in base:
        names.append(base.rsplit(".", 1)[0] + SIDECAR_SUFFIX)
    for candidate in (path.with_name(n) for n in names):
        if not candidate.is_file():
            continue
        try:
            meta = json.loads(candidate.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as exc:
            report.warn(str(candidate), f"metadata not read: {exc}")
            return None
        if isinstance(meta, dict):
            return meta
        report.warn(str(candidate), "metadata not read: not a JSON object")
        return None
    return None


def _from_stdin(defaults: _Defaults, report: RunReport) -> Iterator[Article]:
    stream: IO[bytes] = getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode("utf-8"))
    # peek, not read: on a pipe it returns what has arrived instead of waiting for a full buffer.
    buffered = _open_maybe_gzip(peekable(stream))
    if not peek_head(buffered, 1):
        report.fail("<stdin>", "empty input: no text")
        return
    if _looks_like_jsonl(buffered):
        yield from _jsonl_records(buffered, "<stdin>", defaults, report)
        return
    for article in _text_article(buffered, "<stdin>", "", defaults, report):
        article.id = stable_id(article.text)
        yield article


def _from_feed(location: str, defaults: _Defaults, report: RunReport) -> Iterator[Article]:
    try:
        feeds = importlib.import_module("tracker.run.feeds")
    except ImportError as exc:
        report.fail(location, f"feeds and web pages cannot be read: tracker.run.feeds is unavailable ({exc})")
        return
    try:
        for article in feeds.articles_from(location, source=defaults.source, lang=defaults.lang):
            if article.published is None:
                article.published = defaults.published
            if article.origin is None:
                article.origin = location
            yield article
    except Exception as exc:  # a feed is someone else's server or file: never stop the run for it
        report.fail(location, f"feed error: {type(exc).__name__}: {exc}")


def _first_visit(path: Path, seen: dict[tuple[int, int], str], report: RunReport, *, repeat: str) -> bool:
    """True the first time a file or directory (device and inode) is met; a repeat is reported, not read."""
    try:
        st = path.stat()
    except OSError as exc:
        report.warn(str(path), f"cannot read: {exc.strerror or exc}")
        return False
    key = (st.st_dev, st.st_ino)
    if key in seen:
        report.warn(str(path), repeat.format(first=seen[key]))
        return False
    seen[key] = str(path)
    return True


def _walk(root: Path, seen: dict[tuple[int, int], str], report: RunReport) -> Iterator[tuple[Path, str]]:
    """Files of known kinds under ``root``, depth first in name order; each directory and file once."""
    if not _first_visit(
        root, seen, report, repeat="symlink loop or repeated directory (already read as {first}): skipped"
    ):
        return
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        report.warn(str(root), f"cannot list directory: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            yield from _walk(path, seen, report)
            continue
        if not is_file:
            report.warn(str(path), "broken symlink or special file: skipped")
            continue
        kind, _ = _kind(entry.name)
        if kind is None or entry.name.endswith(SIDECAR_SUFFIX):
            log.debug("skipping %s: not an article file", path)
        elif _first_visit(path, seen, report, repeat="same file as {first}: skipped"):
            yield path, kind


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def read_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    published: date | str | None = None,
    lang: str | None = None,
    source: str | None = None,
    report: RunReport,
) -> Iterator[Article]:
    """Yield the articles of every input in order; bad records go into ``report``, nothing raises.

    ``published``, ``lang`` and ``source`` apply to plain-text inputs and fill records lacking them.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("قتل 3 مدنيين", encoding="utf-8")
    >>> report = RunReport()
    >>> [(a.id, a.lang) for a in read_inputs([d / "a.txt"], published="2017-01-24", report=report)]
    [('a', 'ar')]
    """
    defaults = _Defaults(to_date(published), _norm_lang(lang), source)
    seen: dict[tuple[int, int], str] = {}
    for item in inputs:
        value = os.fspath(item)
        if value == "-":
            articles = _from_stdin(defaults, report)
        elif _is_url(value):
            articles = _from_feed(value, defaults, report)
        else:
            path = Path(value)
            if path.is_dir():
                articles = _from_directory(path, seen, defaults, report)
            elif path.exists():
                articles = _from_file(path, _kind(path.name)[0], defaults, report)
            else:
                report.fail(value, "no such file or directory")
                continue
        try:
            for article in articles:
                yield _finish(article, report)
        except (OSError, EOFError, zlib.error) as exc:  # e.g. a gzip header that is not one
            report.fail(value, stream_error(exc))
        except Exception as exc:  # a reader bug must cost one input, not the run
            log.debug("reading %s failed", value, exc_info=True)
            report.fail(value, f"internal error while reading: {type(exc).__name__}: {exc}")


def _from_directory(
    root: Path, seen: dict[tuple[int, int], str], defaults: _Defaults, report: RunReport
) -> Iterator[Article]:
    for path, kind in _walk(root, seen, report):
        yield from _from_file(path, kind, defaults, report)
