"""Fast keyword search (Aho-Corasick) for the cheap pre-filters that skip text with no trigger word.

Reads word lists (already folded); answers "is any of these words in the text, and where" in one C pass,
whatever the number of words. Python's ``re`` tries every alternative at every position, which made the
pre-filter the costliest step on corpora where most articles report no violence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import product

import ahocorasick

__all__ = ["KeywordSet", "raw_variants", "needs_folding"]

# Letters that normalisation folds, and what they fold to (see tracker.text.normalize).
_FOLDS = {"ا": "اأإآٱ", "ي": "يىئی", "ه": "هة", "و": "وؤ", "ك": "كک"}
_DIACRITICS = re.compile(
    "[\u064b-\u065f\u0670\u0640\u0610-\u061a\u06d6-\u06ed\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]"
)
_VARIANT_LIMIT = 64


def needs_folding(text: str) -> bool:
    """True when ``text`` holds characters that folding removes (diacritics, tatweel, controls).

    Raw text without them can be searched with :func:`raw_variants` instead of being folded first.
    """
    return _DIACRITICS.search(text) is not None


def raw_variants(word: str) -> list[str]:
    """Spellings of a folded Arabic word as it may stand in raw text (hamza forms, ة, ى ...).

    Latin words are matched case-insensitively by searching lower-cased text, so they have one variant.

    >>> sorted(raw_variants("اطلاق"))[:2]
    ['آطلاق', 'أطلاق']
    """
    choices = [_FOLDS.get(ch, ch) for ch in word]
    count = 1
    for c in choices:
        count *= len(c)
    if count > _VARIANT_LIMIT:
        # keep the initial letter's variants (hamza on the first alef is the common case) and fold the rest
        choices = [choices[0]] + [c[0] for c in choices[1:]]
        out = {"".join(p) for p in product(*choices)}
        out.add(word)
        return sorted(out)
    return sorted({"".join(p) for p in product(*choices)})


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
