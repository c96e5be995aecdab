"""Where folded words occur in a text once it is folded, found without folding it: one byte per character.

Reads word lists (already folded) and raw text; answers "where are these words in
:func:`tracker.text.normalize.fold` of the text" (the article pre-filter's question, asked of every article,
half of which hold no word at all) in three C passes instead of folding the text and walking it character by
character, and gives the folded text from the same bytes for the articles past it:

- the text is encoded one byte per character with a code page of its own (``codecs.charmap_encode``): a byte
  for each character of the words, for each character that folds into one of them and for each character
  folding removes, the commonest others too; any other character becomes ``?``, which no word holds;
- ``bytes.translate`` folds those bytes (each to its folded character's byte, the removed ones deleted), so
  a byte's offset is the offset of its character in the folded text;
- a Rust Aho-Corasick DFA (``ahocorasick_rs``, 2-5x faster than ``pyahocorasick`` on whole articles) finds
  every occurrence, overlapping ones included;
- when every character of the text has a byte, decoding the folded bytes gives the folded text.

A character folding removes that has no byte of its own (the code page holds 256) is met only in a text the
``?`` byte stands in: such a text is folded first. Used where measured faster: the words of one pre-filter
over whole texts (per-call overhead makes it slower than ``pyahocorasick`` on short texts and big lists).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from functools import lru_cache

import ahocorasick_rs

from tracker.text.normalize import fold, folds

__all__ = ["FoldedScan", "Scanned", "scanner"]

#: The order characters are given a byte in, after those the words need, till the 256 are given: the others
#: folding removes (but the Latin combining marks, rare in news text), then the commonest in Arabic news text
#: (a character without a byte costs the encoder a call to its error handler, and the text is folded as
#: before), then the rest of ASCII, of the Arabic block, typography, Latin-1 letters and the Latin marks. A
#: character that folds into another is given its byte after that other's.
_ORDER = (
    "".join(chr(c) for c in (*range(0x0610, 0x061B), 0x061C, *range(0x064B, 0x0660), 0x0640, 0x0670))
    + "".join(chr(c) for c in (*range(0x06D6, 0x06EE), *range(0x200B, 0x2010), *range(0x202A, 0x202F)))
    + "".join(chr(c) for c in (*range(0x2066, 0x206A), 0xFEFF, 0xAD))
    + "\n،.ظ\"»«():-,/؟!؛%”“–*'_{};@[]#+=•…٪″●&<>|~^$\\\t\r"
    + "0123456789٠١٢٣٤٥٦٧٨٩"
    + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    + "".join(chr(c) for c in (*range(0x20, 0x7F), *range(0x0600, 0x0700)))
    + "—‘’„‚´ʼʻ‐‑‒―−\u00a0\u2007\u202f\u2009\u200a\u3000ک یگڤپچژ"
    + "".join(chr(c) for c in (*range(0xC0, 0x100), *range(0x0300, 0x0370)))
)
_FILLER = "?"  # what charmap_encode writes for a character without a byte
_UNMAPPED = "\ufffe"  # a byte without a character, for charmap_build


class FoldedScan:
    """Occurrences of folded words in a raw text's folded form: ``FoldedScan(words).scan(raw).spans ==
    KeywordSet(words).spans(fold(raw))``, and the folded text itself. :meth:`of` says when the words allow it.

    >>> found = FoldedScan.of(["قتل", "قصف"]).scan("قُتِلَ ثلاثة في قصفٍ")
    >>> found.spans, found.folded()
    ([(0, 3), (13, 16)], 'قتل ثلاثه في قصف')
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._words = tuple(sorted({w for w in words if w}))
        self._build()

    @classmethod
    def of(cls, words: Iterable[str]) -> FoldedScan | None:
        """A scanner for ``words``, or None when their characters leave no byte code page: more than 255 of
        those it needs, a word that is not folded, ``?`` in a word, or an ``i``/``s`` (folding keeps the
        Islamic State's initials "IS" as written, which a code page cannot tell)."""
        words = [w for w in words if w]
        alphabet = set("".join(words))
        to = folds()
        if not words or alphabet & (set(to) | {_FILLER, "\x00", "i", "s"}):
            return None
        if 1 + len(alphabet) + sum(1 for d in to.values() if d in alphabet) > 255:
            return None
        return cls(words)

    def _build(self) -> None:
        to = folds()
        alphabet = set("".join(self._words))
        chars = {"\x00": 0, _FILLER: 1}  # character -> its byte
        for c in (*sorted(alphabet), *sorted(c for c, d in to.items() if d in alphabet), *_ORDER):
            if c in chars:
                continue
            d = to.get(c)
            if d and d not in chars:
                if len(chars) > 254:
                    continue
                chars[d] = len(chars)
            if len(chars) == 256:
                break
            chars[c] = len(chars)
        if not alphabet <= chars.keys():
            raise ValueError("more characters in the words than a code page holds (FoldedScan.of tells)")
        page = "".join(chars).ljust(256, _UNMAPPED)
        self._map = codecs.charmap_build(page)
        self._page = page
        table = bytearray(range(256))
        for c, d in to.items():
            if d and c in chars:
                table[chars[c]] = chars[d]
        self._table = bytes(table)
        self._delete = bytes(chars[c] for c, d in to.items() if not d and c in chars)
        # characters without a byte that could change a word's bytes when folded: looked for where "?" bytes are
        hidden = [c for c, d in to.items() if c not in chars and (not d or d in alphabet)]
        self._hidden = (
            re.compile("[" + "".join(re.escape(c) for c in sorted(hidden)) + "]") if hidden else None
        )
        self._filler = bytes([chars[_FILLER]])
        # "IS", which folding may keep as written (its bytes before folding; "?" when they have none)
        self._initials = bytes([chars["I"], chars["S"]]) if "I" in chars and "S" in chars else self._filler
        self._auto = ahocorasick_rs.BytesAhoCorasick(
            [self._encode(w) for w in self._words], implementation=ahocorasick_rs.Implementation.DFA
        )

    def _encode(self, text: str) -> bytes:
        return codecs.charmap_encode(text, "replace", self._map)[0]

    def __getstate__(self) -> tuple[str, ...]:
        return self._words  # (the Rust automaton cannot be pickled: built again from the words)

    def __setstate__(self, words: tuple[str, ...]) -> None:
        self._words = words
        self._build()

    def _folded(self, raw: str) -> tuple[bytes, str | None, bool]:
        """``raw`` encoded (or, when it holds a character without a byte that could change a word's bytes,
        folded, then encoded: that text is given too), and whether each character has a byte."""
        data = self._encode(raw)
        filler = self._filler
        # "?" bytes that are no "?" of the text: characters without a byte (the folded text is not read
        # from the bytes), maybe some that folding removes or turns into a word's letter
        exact = filler not in data or data.count(filler) == raw.count(_FILLER)
        if not exact and self._hidden is not None and self._hidden.search(raw):
            text = fold(raw)
            return self._encode(text), text, False  # (they are removed or turned first)
        return data, None, exact

    def scan(self, raw: str) -> Scanned:
        """Every occurrence in ``fold(raw)`` (``(start, end)`` in text order, the shorter first at one start),
        and the way to that folded text."""
        data, text, exact = self._folded(raw)
        initials = self._initials
        exact = exact and (initials[:1] not in data or initials not in data)  # (one byte looked for faster)
        data = data.translate(self._table, self._delete)
        found = self._auto.find_matches_as_indexes(data, overlapping=True)
        spans = sorted([(start, end) for _, start, end in found]) if found else []
        if exact:
            return Scanned(spans, raw, data=data, page=self._page)
        return Scanned(spans, raw, text=text)

    def any(self, raw: str) -> bool:
        """Does any word occur in ``fold(raw)``?"""
        data = self._folded(raw)[0].translate(self._table, self._delete)
        return bool(self._auto.find_matches_as_indexes(data))


@lru_cache(maxsize=8)
def scanner(words: tuple[str, ...]) -> FoldedScan | None:
    """``FoldedScan.of(words)``, built once per process for each list of words: the pre-filter's text and
    headline checks share one automaton, which stays in the CPU's cache (the headline check 0.068 -> 0.043 s
    on the whole Arabic corpus)."""
    return FoldedScan.of(words)


class Scanned:
    """What a scan found in a raw text: the words' ``spans`` in its folded form, and that form
    (:meth:`folded`: from the scanned bytes when they hold it, else folded)."""

    __slots__ = ("spans", "_raw", "_data", "_page", "_text")

    def __init__(
        self,
        spans: list[tuple[int, int]],
        raw: str,
        *,
        data: bytes | None = None,
        page: str = "",
        text: str | None = None,
    ) -> None:
        self.spans = spans
        self._raw, self._data, self._page, self._text = raw, data, page, text

    def folded(self) -> str:
        """``fold(raw)``."""
        if self._text is None:
            data = self._data
            self._text = (
                codecs.charmap_decode(data, "strict", self._page)[0] if data is not None else fold(self._raw)
            )
        return self._text
