"""Arabic morphology as data: proclitics, the definite article and pronoun suffixes.

The lists live in the lexicon (``resources/lexicon/ar.yaml``, section ``morphology``), folded like article
text; every module that strips or allows a clitic asks this one for them, so they are defined once.
"""

from __future__ import annotations

from functools import lru_cache

from tracker.resources import lexicon
from tracker.text.patterns import alternation

__all__ = [
    "ARTICLE",
    "article_pattern",
    "clitic_pattern",
    "proclitics",
    "pronoun_suffixes",
    "strip_article",
    "strip_proclitic",
]

ARTICLE = "ال"


@lru_cache(maxsize=1)
def _morphology() -> dict[str, list[str]]:
    return dict(lexicon("ar").get("morphology") or {})


@lru_cache(maxsize=1)
def proclitics() -> frozenset[str]:
    """The proclitics a word may carry (و ف ب ل ك and their stacks such as وب، فل), without the article.

    >>> sorted(proclitics())[:3]
    ['ب', 'ف', 'فب']
    """
    return frozenset(_morphology().get("proclitics") or [])


@lru_cache(maxsize=1)
def pronoun_suffixes() -> tuple[str, ...]:
    """Pronoun suffixes, longest first ("هما" before "ها" before "ه")."""
    return tuple(sorted(set(_morphology().get("pronoun_suffixes") or []), key=len, reverse=True))


def strip_proclitic(word: str, *, min_rest: int = 2) -> str:
    """``word`` without a leading proclitic (the longest that fits), when at least ``min_rest`` letters
    remain; else ``word`` unchanged. Only the clitic is removed, never the article.

    >>> strip_proclitic("والنظام"), strip_proclitic("بقصف"), strip_proclitic("ول")
    ('النظام', 'قصف', 'ول')
    """
    for k in (2, 1):
        if len(word) - k >= min_rest and word[:k] in proclitics():
            return word[k:]
    return word


def strip_article(word: str, *, min_rest: int = 2) -> str:
    """``word`` without proclitics and the definite article ("وبالقصف" -> "قصف", "للنظام" -> "نظام").

    >>> strip_article("وبالقصف"), strip_article("للنظام"), strip_article("الى", min_rest=3)
    ('قصف', 'نظام', 'الى')
    """
    for lil in ("لل", "ولل", "فلل"):  # ل + ال written with the article's alef dropped
        if word.startswith(lil) and len(word) - len(lil) >= min_rest:
            return word[len(lil) :]
    rest = strip_proclitic(word, min_rest=min_rest)
    if rest.startswith(ARTICLE) and len(rest) - 2 >= min_rest:
        return rest[2:]
    return rest


@lru_cache(maxsize=4)
def clitic_pattern(*, article: bool = False) -> str:
    """A regex for optional proclitics (and, with ``article``, an optional definite article after them),
    to put in front of an Arabic word: ``(?:(?:وب|ول|...|و|ف)?(?:ال)?)``."""
    pre = f"(?:{alternation(proclitics())})?"
    return f"(?:{pre}(?:{ARTICLE})?)" if article else pre


def article_pattern() -> str:
    """A regex for an optional definite article: ``(?:ال)?``."""
    return f"(?:{ARTICLE})?"
