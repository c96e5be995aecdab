"""Where folded words occur in a text once it is folded, found without folding it: one byte per character.

Reads word lists (already folded) and raw text; answers "where are these words in
:func:`tracker.text.normalize.fold` of the text" (the article pre-filter's question, asked of every article,
half of which hold no word at all) in three C passes instead of folding the text and walking it character by
character:

- the text is encoded one byte per character with a code page of its own (``codecs.charmap_encode``): a byte
  for each character of the words, for each character that folds into one of them and for each character
  folding removes, the commonest others too; any other character becomes ``?``, which no word holds;
- ``bytes.translate`` folds those bytes (each to its folded character's byte, the removed ones deleted), so
  a byte's offset is the offset of its character in the folded text;
- a Rust Aho-Corasick DFA (``ahocorasick_rs``, 2-5x faster than ``pyahocorasick`` on whole articles) finds
  every occurrence, overlapping ones included.

A character folding removes that has no byte of its own (the code page holds 256) is met only in a text the
``?`` byte stands in: such a text is folded first. Used where measured faster: the words of one pre-filter
over whole texts (per-call overhead makes it slower than ``pyahocorasick`` on short texts and big lists).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

import ahocorasick_rs

from tracker.text.normalize import fold, folds

__all__ = ["FoldedScan"]

#: Characters given a byte when there is room, after those the words need: the commonest in Arabic news text
#: first (a character without a byte costs the encoder a call to its error handler), then the rest of ASCII.
_COMMON = (
    "\n،.ظ\"»«():-,/؟!؛%”“–*'_{};@[]#+=•…٪″●&<>|~^$\\"
    + "0123456789٠١٢٣٤٥٦٧٨٩"
    + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    + "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0x0600, 0x0700))
)
_FILLER = "?"  # what charmap_encode writes for a character without a byte
_UNMAPPED = "\ufffe"  # a byte without a character, for charmap_build


class FoldedScan:
    """Occurrences of folded words in a raw text's folded form: ``FoldedScan(words).spans(raw) ==
    KeywordSet(words).spans(fold(raw))``. :meth:`of` says when the words allow it.

    >>> FoldedScan.of(["قتل", "قصف"]).spans("قُتِلَ ثلاثة في قصفٍ")
    [(0, 3), (13, 16)]
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
        needed = sorted(alphabet) + sorted(c for c, d in to.items() if d in alphabet)
        removed = sorted(c for c, d in to.items() if not d)
        # the Latin combining marks (rare in news text) after the common characters
        marks = [c for c in removed if "\u0300" <= c <= "\u036f"]
        others = [c for c in removed if c not in marks]
        chars = list(dict.fromkeys(["\x00", _FILLER, *needed, *others, *_COMMON, *marks]))[:256]
        page = chars + [_UNMAPPED] * (256 - len(chars))
        self._map = codecs.charmap_build("".join(page))
        byte = {c: i for i, c in enumerate(chars)}
        table = bytearray(range(256))
        for c, d in to.items():
            if c in byte and d in alphabet:
                table[byte[c]] = byte[d]
        self._table = bytes(table)
        self._delete = bytes(byte[c] for c in removed if c in byte)
        hidden = [c for c in removed if c not in byte]
        self._hidden = re.compile("[" + "".join(re.escape(c) for c in hidden) + "]") if hidden else None
        self._filler = bytes([byte[_FILLER]])
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

    def spans(self, raw: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every occurrence in ``fold(raw)``, in text order (the shorter first at one
        start)."""
        data = self._encode(raw)
        hidden, filler = self._hidden, self._filler
        # (a "?" byte that is no "?" of the text: a character without a byte, maybe one folding removes)
        if (
            hidden is not None
            and filler in data
            and data.count(filler) != raw.count(_FILLER)
            and hidden.search(raw)
        ):
            data = self._encode(fold(raw))  # removed first
        found = self._auto.find_matches_as_indexes(
            data.translate(self._table, self._delete), overlapping=True
        )
        return sorted([(start, end) for _, start, end in found]) if found else []
