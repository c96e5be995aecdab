"""Readers per file format: JSON lines, JSON documents, CSV/TSV, and plain text.

Each reads one byte stream (already un-gzipped) and yields :class:`~tracker.document.Article`
objects made by :func:`tracker.run.records.article_from_record`; every record it cannot use goes
into the :class:`~tracker.run.records.RunReport` with its origin (``file:line``) and a reason.
Lines longer than :data:`tracker.run.decoding.MAX_LINE_BYTES` are skipped (reported); a plain-text
file is read only up to the bytes that :data:`tracker.run.records.MAX_TEXT_CHARS` needs.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from typing import IO

from tracker.document import Article
from tracker.run import decoding, records
from tracker.run.decoding import (
    DecodeProblem,
    PrefixedStream,
    decode_bytes,
    decode_text,
    peek_head,
    peekable,
    read_head,
    sniff_encoding,
    text_lines,
)
from tracker.run.records import Defaults, RunReport, article_from_record

__all__ = ["csv_records", "json_document", "jsonl_records", "text_article"]

#: Lines of one text file named in the warnings (a text full of bad bytes is one warning more).
MAX_NOTES = 20

log = logging.getLogger(__name__)


def jsonl_records(stream: IO[bytes], name: str, defaults: Defaults, report: RunReport) -> Iterator[Article]:
    seen = False
    for line in text_lines(stream):
        origin = f"{name}:{line.number}"
        if line.text is None:
            seen = True
            report.fail(origin, line.error or "unreadable line")
            continue
        if line.note:
            report.warn(origin, line.note)
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
        article = article_from_record(record, origin, defaults, report)
        if article is not None:
            yield article
    if not seen:
        report.fail(name, "empty file: no records")


def json_document(stream: IO[bytes], name: str, defaults: Defaults, report: RunReport) -> Iterator[Article]:
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
                    article = article_from_record(record, f"{name}:1", defaults, report)
                    if article is not None:
                        yield article
                    return
        yield from jsonl_records(io.BufferedReader(PrefixedStream(data, buffered)), name, defaults, report)
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
        article = article_from_record(record, origin, defaults, report)
        if article is not None:
            yield article


def csv_records(
    stream: IO[bytes], name: str, defaults: Defaults, report: RunReport, *, delimiter: str | None = None
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
                if line.note:
                    report.warn(f"{name}:{line.number}", line.note)
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
            article = article_from_record(record, origin, defaults, report)
            if article is not None:
                yield article
        for number in sorted(bad_lines):  # a break after the last complete row
            report.fail(f"{name}:{number}", bad_lines[number])
        if rows == 0 and not bad_lines:
            report.fail(name, "no records: a header line only")
    finally:
        csv.field_size_limit(old_limit)


def text_article(
    stream: IO[bytes], name: str, article_id: str, defaults: Defaults, report: RunReport
) -> Iterator[Article]:
    # Read only what the cut needs: at most 4 bytes per character in UTF-8, UTF-16 and UTF-32.
    data, more, error = read_head(stream, 4 * records.MAX_TEXT_CHARS + 4)
    if error:
        if not data:
            report.fail(name, error)
            return
        report.warn(name, error + " (text before the break was kept)")
    try:
        text, encoding, notes = decode_text(data, final=not (more or error))
    except DecodeProblem as exc:
        report.fail(name, str(exc))
        return
    for note in notes[:MAX_NOTES]:
        # "line 3: ..." -> "report.txt:3: ..." (file:line, as for record files)
        where, _, what = note.partition(": ")
        report.warn(
            f"{name}:{where.removeprefix('line ')}" if where.startswith("line ") else name, what or note
        )
    if len(notes) > MAX_NOTES:
        report.warn(name, f"{len(notes) - MAX_NOTES} more line(s) with characters replaced")
    if "+" in encoding:
        report.warn(name, f"mixed encodings ({encoding}): each line decoded on its own")
    if not text.strip():
        report.fail(name, "empty file: no text")
        return
    if more or len(text) > records.MAX_TEXT_CHARS:
        text = text[: records.MAX_TEXT_CHARS]
        report.truncated += 1
        report.warn(name, f"text cut at {records.MAX_TEXT_CHARS:,} characters")
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
