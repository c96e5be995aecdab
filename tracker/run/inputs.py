"""Reading inputs: files, directories, stdin and feeds in, :class:`~tracker.document.Article` objects out.

Reads ``.txt`` (one article per file), ``.jsonl`` / ``.json`` / ``.csv`` / ``.tsv`` (one article per record,
any of them optionally gzipped), directories (recursively, in sorted order), ``-`` for stdin (plain text or
JSON lines, told apart by the first character), and http(s) URLs or ``.xml`` / ``.rss`` / ``.atom`` /
``.html`` / ``.htm`` files (handed to :func:`tracker.run.feeds.articles_from`). Writes nothing: every article
is yielded, every bad record goes into a :class:`RunReport` with its origin (``file:line``) and a reason,
and nothing raises for bad input.

Record fields: ``id``, ``text`` (required), ``published`` (date or datetime in any common format; the
date is kept), ``lang``, ``source``, ``url``, ``title``. A missing ``id`` becomes a stable hash of the
text. The ``published``/``lang``/``source`` options apply to plain-text inputs and fill records that lack
those fields. A plain-text article takes its metadata (same fields) from a ``.meta.json`` file beside it
when there is one. A missing language is told from the script (:func:`detect_language`). Records
become articles in :mod:`tracker.run.records`; each file format has its reader in
:mod:`tracker.run.readers`; this module finds the inputs and hands each to its reader.

Encodings (UTF-8, UTF-16/32 with BOM, legacy Arabic cp1256) and binary files are told apart by
:mod:`tracker.run.decoding`; undecodable bytes and binary files are reported, never raised.

Limits (why: one bad file must not exhaust memory): an article's text is cut at
:data:`tracker.run.records.MAX_TEXT_CHARS` characters (reported), a JSON/CSV line longer than :data:`tracker.run.decoding.MAX_LINE_BYTES` is skipped
(reported), and files are streamed: a ``.txt`` file is read only up to the bytes the cut needs.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from tracker.document import Article
from tracker.run.decoding import (
    DecodeProblem,
    decode_bytes,
    peek_head,
    peekable,
    sniff_encoding,
    stream_error,
)
from tracker.run.feeds import articles_from
from tracker.run.fetch import Fetcher
from tracker.run.readers import csv_records, json_document, jsonl_records, text_article
from tracker.run.records import (
    MAX_TEXT_CHARS,
    BadRecord,
    Defaults,
    RunReport,
    article_from_record,
    finish,
    norm_lang,
    opt_str,
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

TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
CSV_SUFFIXES = (".csv", ".tsv")
#: Metadata of a plain-text article, read with it and not as articles when a directory is read.
SIDECAR_SUFFIX = ".meta.json"
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".html", ".htm", ".xhtml")
_GZIP_MAGIC = b"\x1f\x8b"


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
    stream: IO[bytes], name: str, kind: str | None, article_id: str, defaults: Defaults, report: RunReport
) -> Iterator[Article]:
    stream = _open_maybe_gzip(stream)
    if kind is None:  # unknown extension given explicitly: JSON lines if it looks like them, else text
        kind = "jsonl" if _looks_like_jsonl(stream) else "text"
    if kind == "text":
        yield from text_article(stream, name, article_id, defaults, report)
    elif kind == "jsonl":
        yield from jsonl_records(stream, name, defaults, report)
    elif kind == "json":
        yield from json_document(stream, name, defaults, report)
    else:
        delimiter = "\t" if name.lower().removesuffix(".gz").endswith(".tsv") else None
        yield from csv_records(stream, name, defaults, report, delimiter=delimiter)


def _from_file(
    path: Path, kind: str | None, defaults: Defaults, report: RunReport, fetcher: Fetcher | None = None
) -> Iterator[Article]:
    name = str(path)
    if kind == "feed":
        yield from _from_feed(name, defaults, report, fetcher)
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
                record = {**meta, "text": article.text, "id": opt_str(meta.get("id")) or article.id}
                article = article_from_record(record, name, defaults, report) or article
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


def _from_stdin(defaults: Defaults, report: RunReport) -> Iterator[Article]:
    stream: IO[bytes] = getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode("utf-8"))
    # peek, not read: on a pipe it returns what has arrived instead of waiting for a full buffer.
    buffered = _open_maybe_gzip(peekable(stream))
    if not peek_head(buffered, 1):
        report.fail("<stdin>", "empty input: no text")
        return
    if _looks_like_jsonl(buffered):
        yield from jsonl_records(buffered, "<stdin>", defaults, report)
        return
    for article in text_article(buffered, "<stdin>", "", defaults, report):
        article.id = stable_id(article.text)
        yield article


def _from_feed(
    location: str, defaults: Defaults, report: RunReport, fetcher: Fetcher | None = None
) -> Iterator[Article]:
    full_text = fetcher is not None
    try:
        for article in articles_from(
            location, source=defaults.source, lang=defaults.lang, fetcher=fetcher, full_text=full_text
        ):
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
        if entry.name.endswith(SIDECAR_SUFFIX):
            log.debug("skipping %s: metadata of a text file", path)
        elif kind is None:
            report.skip(str(path), "not an article file (unknown extension)")
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
    full_text: bool = False,
) -> Iterator[Article]:
    """Yield the articles of every input in order; bad records go into ``report``, nothing raises.

    ``published``, ``lang`` and ``source`` apply to plain-text inputs and fill records lacking them.
    ``full_text`` fetches the linked page of each feed item (URL or saved feed with absolute links)
    and keeps its main text when longer than the item's; one polite :class:`Fetcher` serves the
    whole run, so robots.txt, crawl delays and back-off are shared across feeds.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("قتل 3 مدنيين", encoding="utf-8")
    >>> report = RunReport()
    >>> [(a.id, a.lang) for a in read_inputs([d / "a.txt"], published="2017-01-24", report=report)]
    [('a', 'ar')]
    """
    defaults = Defaults(to_date(published), norm_lang(lang), source)
    fetcher = Fetcher() if full_text else None
    seen: dict[tuple[int, int], str] = {}
    for item in inputs:
        value = os.fspath(item)
        if value == "-":
            articles = _from_stdin(defaults, report)
        elif _is_url(value):
            articles = _from_feed(value, defaults, report, fetcher)
        else:
            path = Path(value)
            if path.is_dir():
                articles = _from_directory(path, seen, defaults, report, fetcher)
            elif path.exists():
                articles = _from_file(path, _kind(path.name)[0], defaults, report, fetcher)
            else:
                report.fail(value, "no such file or directory")
                continue
        try:
            for article in articles:
                yield finish(article, report)
        except (OSError, EOFError, zlib.error) as exc:  # e.g. a gzip header that is not one
            report.fail(value, stream_error(exc))
        except Exception as exc:  # a reader bug must cost one input, not the run
            log.debug("reading %s failed", value, exc_info=True)
            report.fail(value, f"internal error while reading: {type(exc).__name__}: {exc}")


def _from_directory(
    root: Path,
    seen: dict[tuple[int, int], str],
    defaults: Defaults,
    report: RunReport,
    fetcher: Fetcher | None = None,
) -> Iterator[Article]:
    for path, kind in _walk(root, seen, report):
        yield from _from_file(path, kind, defaults, report, fetcher)
