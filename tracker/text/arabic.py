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
    "event_proclitics",
    "has_article",
    "lam_article",
    "locative_proclitics",
    "number_proclitics",
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
def event_proclitics() -> frozenset[str]:
    """The proclitics trigger, casualty and date words take: all but ك ("as, like"), which would read a
    comparison as an event ("كبراميل متفجرة", like barrel bombs).

    >>> sorted(proclitics() - event_proclitics())
    ['فك', 'ك', 'وك']
    """
    return frozenset(_morphology().get("event_proclitics") or [])


@lru_cache(maxsize=1)
def locative_proclitics() -> frozenset[str]:
    """The proclitic that says "in, at" before a place ("بحلب").

    >>> sorted(locative_proclitics())
    ['ب']
    """
    return frozenset(_morphology().get("locative_proclitics") or [])


@lru_cache(maxsize=1)
def number_proclitics() -> frozenset[str]:
    """The proclitics a number takes ("و20 جريحا", "بخمسة"): و ف ب, one at a time.

    >>> sorted(number_proclitics())
    ['ب', 'ف', 'و']
    """
    return frozenset(_morphology().get("number_proclitics") or [])


@lru_cache(maxsize=1)
def pronoun_suffixes() -> tuple[str, ...]:
    """Pronoun suffixes, longest first ("هما" before "ها" before "ه")."""
    return tuple(sorted(set(_morphology().get("pronoun_suffixes") or []), key=len, reverse=True))


def strip_proclitic(word: str, *, min_rest: int = 2, clitics: frozenset[str] | None = None) -> str:
    """``word`` without a leading proclitic (the longest that fits), when at least ``min_rest`` letters
    remain; else ``word`` unchanged. Only the clitic is removed, never the article. ``clitics`` narrows
    the proclitics removed (:func:`event_proclitics`).

    >>> strip_proclitic("والنظام"), strip_proclitic("بقصف"), strip_proclitic("ول")
    ('النظام', 'قصف', 'ول')
    """
    allowed = proclitics() if clitics is None else clitics
    for k in (2, 1):
        if len(word) - k >= min_rest and word[:k] in allowed:
            return word[k:]
    return word


def strip_article(word: str, *, min_rest: int = 2, clitics: frozenset[str] | None = None) -> str:
    """``word`` without proclitics and the definite article ("وبالقصف" -> "قصف", "للنظام" -> "نظام").

    >>> strip_article("وبالقصف"), strip_article("للنظام"), strip_article("الى", min_rest=3)
    ('قصف', 'نظام', 'الى')
    """
    for lil in lam_article():
        if word.startswith(lil) and len(word) - len(lil) >= min_rest:
            return word[len(lil) :]
    rest = strip_proclitic(word, min_rest=min_rest, clitics=clitics)
    if rest.startswith(ARTICLE) and len(rest) - 2 >= min_rest:
        return rest[2:]
    return rest


def has_article(word: str, *, clitics: frozenset[str] | None = None) -> bool:
    """Does ``word`` carry the definite article, after any proclitic?

    >>> has_article("والضحايا"), has_article("للضحايا"), has_article("ضحايا")
    (True, True, False)
    """
    return word.startswith(lam_article()) or strip_proclitic(word, clitics=clitics).startswith(ARTICLE)


@lru_cache(maxsize=1)
def lam_article() -> tuple[str, ...]:
    """The article after the proclitic ل, written with its alef dropped ("للنظام" = ل + النظام), and
    with what may stand before that ل, longest first.

    >>> lam_article()
    ('فلل', 'ولل', 'لل')
    """
    forms = {p + ARTICLE[1:] for p in proclitics() if p.endswith("ل")}
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


@lru_cache(maxsize=4)
def clitic_pattern(*, article: bool = False, clitics: frozenset[str] | None = None) -> str:
    """A regex for an optional proclitic (and, with ``article``, an optional definite article after it,
    "لل" included), to put in front of an Arabic word: ``(?:وب|ول|...|و|ف)?``. ``clitics`` narrows the
    proclitics allowed (:func:`event_proclitics`).

    >>> import re
    >>> bool(re.fullmatch(clitic_pattern(article=True) + "قصف", "للقصف"))
    True
    """
    pre = f"(?:{alternation(proclitics() if clitics is None else clitics)})?"
    return f"(?:{alternation(lam_article())}|{pre}(?:{ARTICLE})?)" if article else pre


def article_pattern() -> str:
    """A regex for an optional definite article: ``(?:ال)?``."""
    return f"(?:{ARTICLE})?"
