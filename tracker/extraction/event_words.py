"""What one pass over a sentence tells the events analysis (:mod:`tracker.extraction.events`): which of
several word groups have a word in it, and where the words of some stand, so that a pattern whose words a
sentence lacks is not searched in it, and one searched several times in a sentence (an attack verb, asked
of each clause) is tried only before its leading words found once. Each search this saves was an
Aho-Corasick pass over the sentence of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import ahocorasick_rs

__all__ = ["Scan", "WordGroups", "blank"]


#: What a pass found of the words of an :class:`~tracker.text.anchored.AnchoredSet` (its gate bits, and
#: where each leading word begins with the groups it leads): what its ``scanned`` reads.
Scan = tuple[int, list[tuple[int, int]]]


class WordGroups:
    """Word groups looked for in one Aho-Corasick pass: bit ``1 << i`` for the i-th group. A group given
    as None or with no word cannot be told (its bit is always set: :attr:`always`). ``also``: the
    :attr:`~tracker.text.anchored.AnchoredSet.scan_words` of a pattern set looked for in the same pass
    (:meth:`read` then tells their :data:`Scan`: the set's own pass over the text is saved).

    The pass is a Rust Aho-Corasick DFA (``ahocorasick_rs``, every occurrence, overlapping ones included):
    on the events' sentences it walks them in about half the time ``pyahocorasick`` takes. It cannot be
    pickled: it is built (a few ms) at the first :meth:`read` of a process.

    >>> wg = WordGroups([["ceasefire"], ["killed", "wounded"], None])
    >>> wg.read("two killed", keep=2)
    (6, [(4, 10)], None)
    """

    def __init__(
        self, groups: Sequence[Iterable[str] | None], also: dict[str, tuple[int, int, int]] | None = None
    ) -> None:
        bits: dict[str, int] = {}
        self.always = 0
        for i, group in enumerate(groups):
            words = list(group or ())
            if not words or not all(words):
                self.always |= 1 << i
            for w in words:
                if w:
                    bits[w] = bits.get(w, 0) | 1 << i
        self._also = also is not None
        # word -> (its groups' bits, the set's gate bits, the set's groups it leads)
        table = {w: (b, 0, 0) for w, b in bits.items()}
        for w, (gate, led, _n) in (also or {}).items():
            if w:
                table[w] = (bits.get(w, 0), gate, led)
        self._words = list(table)
        self._payload = list(table.values())
        self._find: Any = None  # the automaton's search, built at the first read

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_find": None}

    def read(self, text: str, keep: int = 0) -> tuple[int, list[tuple[int, int]], Scan | None]:
        """The bits of the groups with a word in ``text`` (and :attr:`always`), the spans, in text order,
        of the words of the groups in ``keep``, and (when looked for) what it found of the ``also`` words."""
        find = self._find
        if find is None:
            if not self._words:
                return self.always, [], (0, []) if self._also else None
            find = self._find = ahocorasick_rs.AhoCorasick(
                self._words, implementation=ahocorasick_rs.Implementation.DFA
            ).find_matches_as_indexes
        bits, kept, gates, led_hits = self.always, [], 0, []
        payload = self._payload
        for i, start, end in find(text, overlapping=True):
            b, gate, led = payload[i]
            bits |= b
            if b & keep:
                kept.append((start, end))
            if led:
                led_hits.append((start, led))
            gates |= gate
        kept.sort()
        return bits, kept, (gates, led_hits) if self._also else None


def blank(m: re.Match[str]) -> str:
    """Spaces for a masked phrase (offsets hold)."""
    return " " * (m.end() - m.start())
