"""Text normalisation with an offset map back to the original text.

Reads raw article text; writes a :class:`Normalized` whose ``text`` is folded for matching and whose
``to_original`` maps any span of it back to the original characters (so evidence spans point into
what the reporter wrote).

Folding (the same for article text and for every word list, see :func:`normalize_key`):

- Arabic: diacritics, Quranic marks, tatweel and bidi/zero-width controls removed; alef variants
  (أ إ آ ٱ) -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي, Persian ک/ی -> ك/ي; Arabic-Indic and Persian
  digits -> ASCII digits; Arabic comma/semicolon/question mark kept (they split sentences).
- Latin: lower case, precomposed accents stripped (é -> e), combining marks removed.
- Typography: curly quotes -> straight, dashes -> '-', non-breaking and odd spaces -> ' '.

Every replacement is one character for one character; removals are the only length change, so
the offset map is cheap and exact.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Normalized", "fold", "folds", "normalize", "normalize_key", "fold_digits"]

_DELETE_RANGES = [
    (0x0610, 0x061A),  # Arabic honorific signs
    (0x064B, 0x065F),  # harakat, shadda, sukun, ...
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06ED),  # Quranic annotation signs
    (0x0640, 0x0640),  # tatweel
    (0x0300, 0x036F),  # Latin combining marks
    (0x200B, 0x200F),  # zero-width space/joiners, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings/overrides
    (0x2066, 0x2069),  # bidi isolates
    (0x061C, 0x061C),  # Arabic letter mark
    (0xFEFF, 0xFEFF),  # BOM / zero-width no-break space
    (0x00AD, 0x00AD),  # soft hyphen
]

_REPLACE = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ک": "ك",
    "ی": "ي",
    "ڤ": "ف",
    "گ": "ك",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "`": "'",
    "´": "'",
    "ʼ": "'",
    "ʻ": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u3000": " ",
    "\t": " ",
    "\r": " ",
}
for _i in range(10):
    _REPLACE[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _REPLACE[chr(0x06F0 + _i)] = str(_i)  # Persian digits
_REPLACE["٫"] = "."  # Arabic decimal separator
_REPLACE["٬"] = ","  # Arabic thousands separator


def _build_table() -> dict[int, int | None]:
    table: dict[int, int | None] = {}
    for lo, hi in _DELETE_RANGES:
        for cp in range(lo, hi + 1):
            table[cp] = None
    for src, dst in _REPLACE.items():
        table[ord(src)] = ord(dst)
    # Latin letters: lower case and strip precomposed accents, one char for one char.
    for cp in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)):
        ch = chr(cp)
        low = ch.lower()
        base = unicodedata.normalize("NFD", low)[0] if len(low) == 1 else ch
        if len(low) == 1 and base.isalpha() and base.isascii():
            table[cp] = ord(base)
        elif len(low) == 1 and low != ch:
            table[cp] = ord(low)
    return table


@lru_cache(maxsize=1)
def _table() -> dict[int, int | None]:
    return _build_table()


@lru_cache(maxsize=1)
def _lookup() -> list[int | None]:
    """:func:`_table` as a list indexed by code point, every character of the Basic Multilingual Plane
    listed (itself when folding keeps it): ``str.translate`` reads a list without hashing and without
    the KeyError a dict raises for each character it does not hold, 2.3x faster on Arabic news text.
    Characters past the list's end are kept as they are, as a dict without them keeps them."""
    table = _table()
    return [table.get(cp, cp) for cp in range(max(0x10000, max(table) + 1))]


@lru_cache(maxsize=1)
def folds() -> dict[str, str]:
    """Every character folding changes, and what it becomes: one character, or ``""`` when it is removed.

    The one definition other folders derive from (the keyword pre-filter searches raw text with it).

    >>> folds()["أ"], folds()["\u064e"], "a" in folds()
    ('ا', '', False)
    """
    return {chr(src): "" if dst is None else chr(dst) for src, dst in _table().items() if src != dst}


#: "IS", the Islamic State's initials, in upper case among other words: kept as written, as folded it would be
#: the verb "is". Not inside an upper-case run ("THIS IS WAR") nor as a question's verb ("IS it?").
_INITIALS = re.compile(r"(?<![A-Z][A-Z] )\bIS\b(?! [A-Z][A-Z])(?!\?)")


def fold(text: str) -> str:
    """``text`` folded for matching (:func:`normalize` without the offset map); the Islamic State's initials
    "IS" among other words stay as written.

    >>> fold("An IS attack is feared")
    'an IS attack is feared'
    """
    if "IS" in text:
        return "IS".join(_fold(part) for part in _INITIALS.split(text))
    return _fold(text)


def _fold(text: str) -> str:
    """``text`` folded for matching (:func:`normalize` without the offset map).

    Each character folding changes that the text holds is replaced in one ``str.replace`` pass: the Arabic
    letters that fold (أ إ آ ى ئ ة ؤ, in nearly every Arabic sentence) always, the others (marks, capitals,
    typography) once one regex pass has found which the text holds. 3x faster than ``str.translate`` on
    Arabic news text (which looks every character up, the many it keeps included). The same text, as no
    character folds into one that folds again (:func:`_changes` checks it, else ``str.translate`` is used).

    >>> fold("قُتِلَ Civilians")
    'قتل civilians'
    """
    changes = _changes()
    if changes is None:
        return text.translate(_lookup())
    pattern, to, letters = changes
    for ch, dst in letters:
        text = text.replace(ch, dst)
    # each other character met replaced everywhere, the search going on from where it was met (none before
    # it: the text there is unchanged), rather than listing every occurrence first
    search = pattern.search
    m = search(text)
    while m is not None:
        ch = m.group()
        text = text.replace(ch, to[ch])
        m = search(text, m.start())
    return text


@lru_cache(maxsize=1)
def _changes() -> tuple[re.Pattern[str], dict[str, str], tuple[tuple[str, str], ...]] | None:
    """A class of the characters folding changes but the Arabic letters, what each character becomes, and
    the Arabic letters that fold with what each becomes; None if a character folds into one that folds
    again (replacing them one by one would then differ from translating)."""
    to = folds()
    if any(dst in to for dst in to.values() if dst):
        return None
    letters = tuple((c, d) for c, d in sorted(to.items()) if "\u0621" <= c <= "\u064a")
    others = sorted(c for c in to if not "\u0621" <= c <= "\u064a")
    return re.compile("[" + "".join(re.escape(c) for c in others) + "]"), to, letters


@lru_cache(maxsize=1)
def _deleted_re() -> re.Pattern[str]:
    cls = "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _DELETE_RANGES)
    return re.compile(f"[{cls}]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Folded text and the way back to the original.

    ``removed`` lists the original indices of removed characters (sorted); empty when none were removed,
    in which case offsets are the identity. Worked out at its first use (many texts are folded only to be
    searched: their offsets are never mapped back).
    """

    original: str
    text: str
    #: ``removed``, and for each removed character how many characters were kept before it (``removed[k] - k``,
    #: sorted: a folded offset is mapped back by bisection); None until first used
    _removed: tuple[tuple[int, ...], tuple[int, ...]] | None = field(default=None, compare=False, repr=False)

    @property
    def removed(self) -> tuple[int, ...]:
        """The original indices of the removed characters, sorted."""
        return self._offsets()[0]

    def _offsets(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        found = self._removed
        if found is None:
            if len(self.text) == len(self.original):
                found = (), ()
            else:
                removed = tuple(m.start() for m in _deleted_re().finditer(self.original))
                found = removed, tuple(r - k for k, r in enumerate(removed))
            object.__setattr__(self, "_removed", found)
        return found

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``text`` to the span of ``original`` it came from."""
        n = len(self.original)
        if len(self.text) == n:
            return start, end
        # The i-th kept character sits at original index i + (number of removed chars before it): those
        # with at most i kept characters before them.
        kept_before = self._offsets()[1]
        first = min(start + bisect_right(kept_before, start), n)
        if end <= start:
            return first, first
        return first, min(end - 1 + bisect_right(kept_before, end - 1), n) + 1

    def original_span(self, start: int, end: int) -> str:
        """The original characters behind a span of the folded text."""
        s, e = self.to_original(start, end)
        return self.original[s:e]


def normalize(text: str, folded: str | None = None) -> Normalized:
    """Fold ``text`` for matching, keeping the way back to the original (``folded``: ``fold(text)``, when
    the caller has it already).

    >>> n = normalize("قُتِلَ ١٢ شخصاً")
    >>> n.text
    'قتل 12 شخصا'
    >>> n.original_span(4, 6)
    '١٢'
    """
    return Normalized(text, fold(text) if folded is None else folded)


_SPACES = re.compile(r"\s+")


def normalize_key(text: str) -> str:
    """Fold a word or phrase from a word list exactly as article text is folded, spaces collapsed.

    >>> normalize_key("  Dar'a ") == normalize_key("dar'a")
    True
    """
    table = _lookup()
    folded = (
        "IS".join(part.translate(table) for part in _INITIALS.split(text))
        if "IS" in text
        else text.translate(table)
    )
    return _SPACES.sub(" ", folded).strip()


def fold_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits by ASCII digits, nothing else."""
    return text.translate(
        {ord(chr(0x0660 + i)): str(i) for i in range(10)} | {ord(chr(0x06F0 + i)): str(i) for i in range(10)}
    )
