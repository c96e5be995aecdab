"""Numbers in news text: digits, number words (Arabic and English), qualifiers and vague quantities.

Reads folded text (see :mod:`tracker.text.normalize`: Arabic-Indic digits are already ASCII); writes
:class:`Quantity` values. The word lists live in ``resources/lexicon/<lang>.yaml`` under ``numbers`` and
``qualifiers``; this module only knows how to combine them (units + tens + multipliers).

ACLED conventions: the figure used is the lowest reported one ("at least 12" -> 12); vague words take
fixed values (dozens = 12, hundreds = 100, several/many = 3) and are flagged ``vague``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.resources import lexicon
from tracker.text.arabic import clitic_pattern, number_proclitics
from tracker.text.patterns import alternation

__all__ = ["Quantity", "NumberGrammar", "grammar", "parse_quantity"]

MAX_COUNT = 10_000_000  # anything larger is not a casualty figure


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count as written: ``value`` is the figure to use, ``low``/``high`` the bounds the words give."""

    value: int
    low: int | None
    high: int | None
    qualifier: str | None  # at_least / more_than / about / range / None
    vague: bool
    start: int
    end: int


class NumberGrammar:
    """Compiled number patterns of one language.

    ``pattern`` matches a quantity (with optional qualifier) and is meant to be embedded in larger
    patterns through :attr:`source`; :meth:`value` turns a matched string into a :class:`Quantity`.
    """

    def __init__(self, lang: str) -> None:
        lex = lexicon(lang)
        nums = lex["numbers"]
        self.lang = lang
        self.words: dict[str, int] = {}
        self.kind: dict[str, str] = {}
        for section in ("units", "tens", "hundreds"):
            for w, v in (nums.get(section) or {}).items():
                self.words[w] = int(v)
                self.kind[w] = "add"
        for w, v in (nums.get("multipliers") or {}).items():
            self.words[w] = int(v)
            self.kind[w] = "mul"
        self.vague: dict[str, int] = {w: int(v) for w, v in (nums.get("vague") or {}).items()}
        self.qualifiers: dict[str, str] = {}
        for kind, words in (lex.get("qualifiers") or {}).items():
            for w in words:
                self.qualifiers[w] = kind
        digits = r"\d{1,3}(?:[,.]\d{3})+(?!\d)|\d+"
        word = alternation(list(self.words))
        pre = clitic_pattern(clitics=number_proclitics()) if lang == "ar" else ""
        joiners = alternation(nums.get("joiners") or [])
        if lang == "ar":
            # the conjunction is a proclitic, glued or not; one way to match each gap (two made repeated
            # words exponential)
            joiner = rf"\s+(?:(?:{joiners})\s*)?"
        else:
            joiner = rf"\s+(?:{joiners})\s+|\s*-\s*|\s+"
        words_after = rf"(?:(?:{joiner})(?:{word}))*"
        mul = alternation(list(nums.get("multipliers") or {}))
        # digits take number words after them only through a multiplier ("3 million", "3 آلاف"): a year
        # before a figure ("... 2016 Two children were killed") is no part of it
        self.number_source = (
            rf"(?:(?:{digits})(?:(?:{joiner})(?:{mul}){words_after})?|{pre}(?:{word}){words_after})"
        )
        rng = rf"(?:\s*(?:-|–|{alternation(nums.get('range_words') or [])})\s*)"
        qual = alternation(list(self.qualifiers))
        vague = alternation(list(self.vague))
        # no figure inside a date written with dashes or slashes ("23-04-2016 Child killed")
        not_date = r"(?<!\d[-/])(?!\d{1,4}[-/]\d{1,2}[-/]\d)"
        self.source = (
            rf"{not_date}(?:(?P<qual>{qual})\s+)?"
            rf"(?:(?P<num>{self.number_source})(?:{rng}(?P<num2>{self.number_source}))?|(?P<vague>{vague}))"
        )
        bound = r"(?<![\w])" if lang == "en" else r"(?<![\w])"
        self.pattern = re.compile(rf"{bound}{self.source}(?!\w)")
        self._word_re = re.compile(rf"{digits}|{word}")

    def number(self, text: str) -> int | None:
        """The value of a number written in digits and/or words, e.g. ``"twenty-five"`` -> 25."""
        total = 0
        current = 0
        seen = False
        last_unit = False
        for m in self._word_re.finditer(text):
            tok = m.group()
            if tok[0].isdigit():
                current += (
                    int(re.sub(r"[,.]", "", tok)) if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", tok) else int(tok)
                )
                seen = True
                continue
            v = self.words.get(tok)
            if v is None:
                continue
            if self.kind[tok] == "add" and v < 10 and last_unit:
                break  # "two-three" is a range, not a sum: keep the first figure
            last_unit = self.kind[tok] == "add" and v < 10
            seen = True
            if self.kind[tok] == "mul":
                if v >= 1000:
                    total += max(current, 1) * v
                    current = 0
                else:
                    current = max(current, 1) * v
            else:
                current += v
        if not seen:
            return None
        value = total + current
        return value if 0 <= value <= MAX_COUNT else None

    def quantity(self, m: re.Match[str], offset: int = 0) -> Quantity | None:
        """A :class:`Quantity` from a match of :attr:`pattern` (or of a pattern embedding :attr:`source`)."""
        qual_text = m.group("qual")
        qualifier = self.qualifiers.get(qual_text) if qual_text else None
        head = "qual" if qual_text else ("num" if m.group("num") else "vague")
        tail = "num2" if m.group("num2") else ("num" if m.group("num") else "vague")
        s, e = m.start(head) + offset, m.end(tail) + offset
        if m.group("vague"):
            v = self.vague[m.group("vague")]
            return Quantity(v, v, None, qualifier, True, s, e)
        n1 = self.number(m.group("num") or "")
        if n1 is None:
            return None
        n2 = self.number(m.group("num2")) if m.group("num2") else None
        if n2 is not None and n2 > n1:
            return Quantity(n1, n1, n2, "range", False, s, e)
        low = n1 if qualifier in ("at_least", "more_than") else None
        high = n1 if qualifier == "about" else None
        if qualifier is None:
            low = high = n1
        return Quantity(n1, low, high, qualifier, False, s, e)


@lru_cache(maxsize=4)
def grammar(lang: str) -> NumberGrammar:
    """The compiled number grammar of a language (built once per process)."""
    return NumberGrammar(lang)


def parse_quantity(text: str, lang: str) -> Quantity | None:
    """Parse the first quantity in folded ``text``.

    >>> parse_quantity("at least twenty-five", "en").value
    25
    >>> q = parse_quantity("ما لا يقل عن خمسه وعشرين", "ar")
    >>> (q.value, q.qualifier)
    (25, 'at_least')
    """
    g = grammar(lang)
    m = g.pattern.search(text)
    return g.quantity(m) if m else None
