"""Fast keyword search (Aho-Corasick) for the cheap pre-filters that skip text with no trigger word.

Reads word lists (already folded); answers "is any of these words in the text, and where" in one C pass,
whatever the number of words. Python's ``re`` tries every alternative at every position, which made the
pre-filter the costliest step on corpora where most articles report no violence.

:class:`RawKeywordSet` answers the same question on raw text, as if the text had been folded by
:func:`tracker.text.normalize.normalize`, without folding it: which characters to expect comes from
:func:`tracker.text.normalize.folds`, the one definition of folding.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from itertools import product

import ahocorasick

from tracker.text.foldscan import FoldedScan, Scanned, scanner
from tracker.text.normalize import fold, folds
from tracker.text.regexes import _automaton

__all__ = ["KeywordGroups", "KeywordSet", "RawKeywordSet"]

#: Raw spellings searched per word; a word with more is searched by the longest start that has at most
#: this many, and a hit on that start is confirmed by folding the text.
SPELLING_CAP = 512


class KeywordSet:
    """A set of words searched all at once.

    >>> ks = KeywordSet(["killed", "shelling"])
    >>> ks.any("three killed"), ks.any("talks resumed")
    (True, False)
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._auto = ahocorasick.Automaton()
        n = 0
        for w in words:
            if w:
                self._auto.add_word(w, len(w))
                n += 1
        self._empty = n == 0
        if not self._empty:
            self._auto.make_automaton()
        #: :meth:`scan`'s scanner, built at its first call (None: the words allow none)
        self._scan: FoldedScan | None = None
        self._scan_built = False

    def any(self, text: str) -> bool:
        """Does any word occur in ``text`` (as a substring)?"""
        if self._empty:
            return False
        for _ in self._auto.iter(text):
            return True
        return False

    def starts(self, text: str) -> list[int]:
        """Start offsets of every occurrence, in text order."""
        if self._empty:
            return []
        return sorted(end - length + 1 for end, length in self._auto.iter(text))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of every occurrence, in text order (the shorter first at one start)."""
        if self._empty:
            return []
        return sorted([(end - length + 1, end + 1) for end, length in self._auto.iter(text)])

    def folded_scan(self) -> FoldedScan | None:
        """The words' :class:`~tracker.text.foldscan.FoldedScan` (built at the first call), or None when they
        allow none."""
        if not self._scan_built:
            self._scan = None if self._empty else scanner(tuple(sorted(self._auto.keys())))
            self._scan_built = True
        return self._scan

    def scan(self, raw: str) -> Scanned:
        """:meth:`spans` of ``fold(raw)`` and that folded text, found without folding ``raw`` when the words
        allow it (:class:`~tracker.text.foldscan.FoldedScan`: 3x faster on whole articles)."""
        scan = self.folded_scan()
        if scan is not None:
            return scan.scan(raw)
        folded = fold(raw)
        return Scanned(self.spans(folded), raw, text=folded)


class KeywordGroups:
    """Several word lists searched in one pass: which of them have a word in a text.

    >>> kg = KeywordGroups([["ceasefire"], ["killed", "wounded"]])
    >>> kg.found("two killed"), kg.found("ceasefire: none killed"), kg.found("calm")
    (2, 3, 0)
    """

    def __init__(self, groups: Sequence[Iterable[str]]) -> None:
        words: dict[str, int] = {}
        for i, group in enumerate(groups):
            for w in group:
                if w:
                    words[w] = words.get(w, 0) | 1 << i
        self._all = (1 << len(groups)) - 1
        self._auto = _automaton(words)
        self._empty = not words

    def found(self, text: str) -> int:
        """A bit per list (``1 << i`` for the i-th), set when one of its words occurs in ``text``."""
        bits = 0
        if not self._empty:
            for _end, word_bits in self._auto.iter(text):
                bits |= word_bits
                if bits == self._all:
                    break
        return bits


class RawKeywordSet:
    """Folded words searched in raw text, with the answer folding the text first would give:
    ``RawKeywordSet(words).any(raw) == KeywordSet(words).any(normalize(raw).text)`` for every ``raw``.

    The characters folding changes are met three ways, by how often news text holds them:

    - Arabic letters that fold (أ إ آ ى ئ ة ؤ) stand in most sentences: each word is searched in all its
      raw spellings (``اطلاق``, ``إطلاق`` ...) and the text as written;
    - ASCII capitals: the text is lower-cased, ASCII only, as folding does;
    - the others that can touch a word (marks and controls folding removes, other letter forms, odd
      spaces and dashes) are rare: they are folded in the text before the search.

    When the words allow it, a byte scan (:class:`~tracker.text.foldscan.FoldedScan`) answers instead, 2x
    faster on headlines.

    >>> ks = RawKeywordSet(["قتل", "killed"])
    >>> ks.any("قُتل"), ks.any("KILLED"), ks.any("قبل")
    (True, True, False)
    """

    def __init__(self, words: Iterable[str]) -> None:
        vocabulary = sorted({w for w in words if w})
        self._folded = KeywordSet(vocabulary)
        alphabet = set("".join(vocabulary))
        spellings: dict[str, list[str]] = {c: [c] for c in alphabet}
        self._swap: dict[str, str] = {}  # rare characters, folded in the text before the search
        self._lower_ascii = False
        deleted = []
        for src, dst in folds().items():
            if not dst:
                deleted.append(src)
            elif dst not in alphabet:
                continue  # cannot be part of a word, folded or not
            elif "A" <= src <= "Z":
                self._lower_ascii = True
            elif "\u0621" <= src <= "\u064a":  # the Arabic letters proper: hamza forms, ة, ى
                spellings[dst].append(src)
            else:
                self._swap[src] = dst
        self._deleted = re.compile(_char_class(deleted)) if deleted else None
        self._swap_re = re.compile(_char_class(self._swap)) if self._swap else None
        # spelling -> True when it spells a whole word, False when only a word's start (a hit to confirm)
        whole: dict[str, bool] = {}
        for word in vocabulary:
            choices = [spellings[c] for c in word]
            n = len(word)
            while n > 1 and math.prod(len(c) for c in choices[:n]) > SPELLING_CAP:
                n -= 1
            for spelled in product(*choices[:n]):
                key = "".join(spelled)
                whole[key] = whole.get(key, False) or n == len(word)
        self._auto = ahocorasick.Automaton()
        for key, complete in whole.items():
            self._auto.add_word(key, complete)
        self._empty = not whole
        if not self._empty:
            self._auto.make_automaton()

    def _prefold(self, raw: str) -> str:
        text = self._deleted.sub("", raw) if self._deleted is not None else raw
        if self._swap_re is not None:
            text = self._swap_re.sub(lambda m: self._swap[m.group()], text)
        if self._lower_ascii:
            text = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
        return text

    def any(self, raw: str) -> bool:
        """Does any word occur in ``raw`` once it is folded?"""
        if self._empty:
            return False
        scan = self._folded.folded_scan()  # the same answer from a byte scan, when the words allow it
        if scan is not None:
            return scan.any(raw)
        text = self._prefold(raw)
        confirm = False
        for _, complete in self._auto.iter(text):
            if complete:
                return True
            confirm = True
        return confirm and self._folded.any(fold(text))


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
