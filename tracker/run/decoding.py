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
    if not sample:
        return None
    if b"\x00" in sample:
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
    """Decode an article's bytes; returns (text, encoding name).

    ``final=False`` when ``data`` is a cut prefix (a character split at the end is dropped).
    Raises :class:`DecodeProblem` for binary data or bytes no supported encoding reads.

    >>> decode_bytes("قصف".encode("cp1256"))
    ('قصف', 'cp1256')
    """
    encoding, skip = sniff_encoding(data)
    if encoding is not None:
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(data[skip:], final=final)
        except UnicodeDecodeError as exc:
            raise DecodeProblem(f"undecodable bytes: invalid {encoding} at byte {exc.start + skip}") from None
        return text, encoding
    reason = _binary_reason(data[:SNIFF_BYTES])
    if reason:
        raise DecodeProblem(reason)
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=final), "utf-8"
    except UnicodeDecodeError as exc:
        text = data.decode("cp1256")
        if _non_ascii_arabic_share(text) >= 0.7:
            return text, "cp1256"
        raise DecodeProblem(
            f"undecodable bytes: not UTF-8 (byte {exc.start}), UTF-16 or cp1256 Arabic"
        ) from None


def _decode_line(raw: bytes) -> str:
    """One line of a UTF-8 (or, failing that, cp1256 Arabic) record file."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw.decode("cp1256")
        if _non_ascii_arabic_share(text) >= 0.7:
            return text
        raise DecodeProblem(f"undecodable bytes: not UTF-8 (byte {exc.start}) or cp1256 Arabic") from None


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
        try:
            yield Line(number, _decode_line(raw))
        except DecodeProblem as exc:
            yield Line(number, None, str(exc))


def _wide_lines(stream: IO[bytes], encoding: str, skip: int) -> Iterator[Line]:
    stream.read(skip)
    wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")  # type: ignore[type-var]
    number = 0
    while True:
        number += 1
        try:
            line = wrapper.readline(MAX_LINE_BYTES // 2)
        except UnicodeDecodeError as exc:
            yield Line(
                number, None, f"undecodable bytes: invalid {encoding} ({exc.reason}); rest of file skipped"
            )
            return
        except (EOFError, OSError, zlib.error) as exc:
            yield Line(number, None, stream_error(exc))
            return
        if not line:
            return
        yield Line(number, line)
