"""Bytes to text for ingestion: encodings, binary detection and line streams that never raise on bad bytes.

Reads byte streams (files, gzip members, stdin); writes decoded text or a reason. Knows UTF-8 with or
without BOM, UTF-16/UTF-32 with BOM, BOM-less UTF-16 whose zero bytes betray it, and legacy Arabic
cp1256 when the bytes are not UTF-8 and their non-ASCII characters are mostly Arabic letters. NUL bytes
or many control characters mark a binary file. Record files are decoded line by line, so one bad line
costs one record; a line longer than :data:`MAX_LINE_BYTES` is skipped rather than read into memory.
"""

from __future__ import annotations

import codecs
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

__all__ = [
    "MAX_LINE_BYTES",
    "SNIFF_BYTES",
    "DecodeProblem",
    "Line",
    "PrefixedStream",
    "decode_bytes",
    "decode_text",
    "peek_head",
    "peekable",
    "read_head",
    "sniff_encoding",
    "stream_error",
    "text_lines",
]

#: Longest JSON-lines/CSV line read, in bytes (room for 2,000,000 Arabic letters as \\uXXXX escapes).
MAX_LINE_BYTES = 32 * 1024 * 1024
#: Bytes looked at to tell an encoding or a binary file.
SNIFF_BYTES = 8192
#: Read size for streaming.
CHUNK_BYTES = 1 << 20
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ARABIC_LETTER = re.compile(
    r"[\u0621-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]"
)
_NON_ASCII = re.compile(r"[^\x00-\x7F]")
_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7E\u00A0-\u024F\u0600-\u06FF\u2000-\u206F]")
# Control bytes that never occur in text (tab, newlines, form feed and escape are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))


class DecodeProblem(ValueError):
    """Bytes that are not text we can read (binary, or no known encoding fits); ``str()`` is the reason."""


def _non_ascii_arabic_share(text: str) -> float:
    non_ascii = len(_NON_ASCII.findall(text))
    if not non_ascii:
        return 0.0
    return len(_ARABIC_LETTER.findall(text)) / non_ascii


def _binary_reason(sample: bytes) -> str | None:
    # Shares, not presence: one stray NUL or control byte in a text costs that character (see
    # _decode_line), not the file; an image or an archive has them everywhere.
    if not sample:
        return None
    if sample.count(0) / len(sample) > 0.02:
        return "binary file (NUL bytes)"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > 0.05:
        return "binary file (control characters)"
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without BOM shows its zero bytes on one side of every pair (ASCII and spaces)."""
    zeros = sample.count(b"\x00")
    if len(sample) < 4 or zeros < len(sample) * 0.05:
        return None
    odd = sample[1::2].count(b"\x00")
    if odd >= zeros * 0.95:
        return "utf-16-le"
    if zeros - odd >= zeros * 0.95:
        return "utf-16-be"
    return None


def sniff_encoding(head: bytes) -> tuple[str | None, int]:
    """(encoding, BOM length) from a BOM or the BOM-less UTF-16 pattern; (None, 0) when undecided."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    guess = _utf16_without_bom(head[:SNIFF_BYTES])
    if guess and _plausible_text(_try_decode(head[:SNIFF_BYTES], guess)):
        return guess, 0
    return None, 0


def _plausible_text(text: str) -> bool:
    """Mostly printable Latin/Arabic characters: tells real BOM-less UTF-16 from binary with zero bytes."""
    if not text:
        return False
    return len(_PLAUSIBLE.findall(text)) >= 0.9 * len(text)


def _try_decode(data: bytes, encoding: str) -> str:
    try:
        return codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return "\x00"


def decode_bytes(data: bytes, *, final: bool = True) -> tuple[str, str]:
    """Decode an article's bytes; returns (text, encoding name). See :func:`decode_text`.

    >>> decode_bytes("قصف".encode("cp1256"))
    ('قصف', 'cp1256')
    """
    text, encoding, _notes = decode_text(data, final=final)
    return text, encoding


def decode_text(data: bytes, *, final: bool = True) -> tuple[str, str, list[str]]:
    """Decode an article's bytes; returns (text, encoding name, notes on what was replaced).

    With a BOM (or BOM-less UTF-16) the whole text has that encoding. Otherwise each line is read on
    its own: UTF-8, or cp1256 when its non-ASCII characters are mostly Arabic letters, so a file
    pasted together from both keeps every line ("utf-8+cp1256"). Bad bytes cost characters, never
    the text: NUL bytes and bytes no encoding reads become U+FFFD, and each such line is named in
    the notes ("line 3: 4 invalid UTF-8 byte(s) replaced"). ``final=False`` when ``data`` is a cut
    prefix (a character split at the end is dropped). Raises :class:`DecodeProblem` only for binary
    data (an image, an archive).

    >>> decode_text("Report\n".encode() + "قصف".encode("cp1256"))
    ('Report\nقصف', 'cp1256', [])
    >>> decode_text(b"caf\xe9 ok\n")
    ('caf\ufffd ok\n', 'utf-8', ['line 1: 1 invalid UTF-8 byte(s) replaced'])
    """
    encoding, skip = sniff_encoding(data)
    if encoding is not None:
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        text = decoder.decode(data[skip:], final=final)
        notes = [] if "\ufffd" not in text else [f"invalid {encoding} bytes replaced by U+FFFD"]
        if "\x00" in text:
            text = text.replace("\x00", "\ufffd")
            notes.append("NUL characters replaced by U+FFFD")
        return text, encoding, notes
    reason = _binary_reason(data[:SNIFF_BYTES])
    if reason:
        raise DecodeProblem(reason)
    parts: list[str] = []
    notes = []
    used: set[str] = set()
    lines = data.splitlines(keepends=True)
    if not final and lines:
        lines[-1] = _without_split_character(lines[-1])
    for number, raw in enumerate(lines, start=1):
        text, line_encoding, note = _decode_line(raw)
        parts.append(text)
        if line_encoding is not None:
            used.add(line_encoding)
        if note:
            notes.append(f"line {number}: {note}")
    return "".join(parts), "+".join(sorted(used, key=("utf-8", "cp1256").index)) or "utf-8", notes


def _without_split_character(line: bytes) -> bytes:
    """The last line of a cut prefix without the UTF-8 character the cut split, if it split one."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(line):
            return line[: exc.start]
    return line


def _decode_line(raw: bytes) -> tuple[str, str | None, str | None]:
    """One line of a UTF-8 (or cp1256 Arabic) file: (text, encoding when it had non-ASCII, note).

    Invalid bytes and NUL become U+FFFD and the note says how many; the line is never lost.
    """
    note = None
    try:
        text = raw.decode("utf-8")
        encoding = "utf-8" if not raw.isascii() else None
    except UnicodeDecodeError:
        legacy = raw.decode("cp1256", errors="replace")
        if _non_ascii_arabic_share(legacy) >= 0.7:
            text, encoding = legacy, "cp1256"
        else:
            text, encoding = raw.decode("utf-8", errors="replace"), "utf-8"
            bad = text.count("\ufffd") - raw.count("\ufffd".encode())
            note = f"{bad} invalid UTF-8 byte(s) replaced"
    if "\x00" in text:
        nul = text.count("\x00")
        text = text.replace("\x00", "\ufffd")
        note = f"{note}; " if note else ""
        note += f"{nul} NUL byte(s) replaced"
    return text, encoding, note


class PrefixedStream(io.RawIOBase):
    """A stream that first returns ``head`` and then the rest of ``stream`` (stdin after sniffing)."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(view))
        n = len(data)
        view[:n] = data
        return n


def read_head(stream: IO[bytes], limit: int) -> tuple[bytes, bool, str | None]:
    """Up to ``limit`` bytes: (data, more bytes follow, error that stopped reading)."""
    parts: list[bytes] = []
    size = 0
    try:
        while size < limit:
            chunk = stream.read(min(CHUNK_BYTES, limit - size))
            if not chunk:
                return b"".join(parts), False, None
            parts.append(chunk)
            size += len(chunk)
        more = bool(stream.read(1))
    except (EOFError, OSError, zlib.error) as exc:
        return b"".join(parts), False, stream_error(exc)
    return b"".join(parts), more, None


def stream_error(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return f"truncated gzip: {exc}"
    return f"unreadable stream: {exc}"


@dataclass(slots=True)
class Line:
    number: int
    text: str | None  # None when the line could not be used
    error: str | None = None
    note: str | None = None  # characters replaced (the line is kept)


def _raw_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(line number, bytes, error) for each line; an over-long line is skipped, a broken stream ends."""
    number = 0
    while True:
        number += 1
        try:
            raw = stream.readline(MAX_LINE_BYTES)
        except (EOFError, OSError, zlib.error) as exc:
            yield number, None, stream_error(exc) + " (records before this line were kept)"
            return
        if not raw:
            return
        if len(raw) >= MAX_LINE_BYTES and not raw.endswith(b"\n"):
            try:
                while (rest := stream.readline(CHUNK_BYTES)) and not rest.endswith(b"\n"):
                    pass
            except (EOFError, OSError, zlib.error) as exc:
                yield number, None, stream_error(exc)
                return
            yield number, None, f"line longer than {MAX_LINE_BYTES // 2**20} MiB: skipped"
            continue
        yield number, raw, None


def peekable(stream: IO[bytes] | io.IOBase) -> io.BufferedReader:
    """The stream itself when it can ``peek`` (files, gzip members), else a buffered wrapper."""
    if hasattr(stream, "peek"):
        return cast(io.BufferedReader, stream)
    return io.BufferedReader(cast(io.RawIOBase, stream))


def peek_head(stream: io.BufferedReader, size: int = SNIFF_BYTES) -> bytes:
    """Up to ``size`` leading bytes, not consumed; ``b""`` when the stream is broken (reading reports it)."""
    try:
        return stream.peek(size)[:size]
    except (EOFError, OSError, zlib.error):
        return b""


def text_lines(stream: IO[bytes]) -> Iterator[Line]:
    """Decoded lines of a record file: UTF-16/32 by BOM for the whole file, else UTF-8 or cp1256 per line."""
    buffered = peekable(stream)
    head = peek_head(buffered)
    encoding, skip = sniff_encoding(head)
    if encoding and encoding != "utf-8":
        yield from _wide_lines(buffered, encoding, skip)
        return
    if skip:
        buffered.read(skip)
    reason = _binary_reason(head[skip:])
    if reason:
        yield Line(1, None, reason)
        return
    for number, raw, error in _raw_lines(buffered):
        if raw is None:
            yield Line(number, None, error)
            continue
        text, _encoding, note = _decode_line(raw)
        yield Line(number, text, note=note)


def _wide_lines(stream: IO[bytes], encoding: str, skip: int) -> Iterator[Line]:
    stream.read(skip)
    wrapper = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")  # type: ignore[type-var]
    number = 0
    while True:
        number += 1
        try:
            line = wrapper.readline(MAX_LINE_BYTES // 2)
        except (EOFError, OSError, zlib.error) as exc:
            yield Line(number, None, stream_error(exc))
            return
        if not line:
            return
        note = f"invalid {encoding} bytes replaced by U+FFFD" if "\ufffd" in line else None
        if "\x00" in line:
            line = line.replace("\x00", "\ufffd")
            note = "NUL characters replaced by U+FFFD"
        yield Line(number, line, note=note)
