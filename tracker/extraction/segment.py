"""Sentence and clause splitting for Arabic and Latin-script text.

Reads a :class:`~tracker.text.normalize.Normalized` text; writes :class:`~tracker.document.Sentence`
objects whose spans index the normalised text, each with clause spans relative to the sentence.
Clauses are cut at commas, semicolons, dashes and a few clause-opening words held in the lexicons
(``clause_openers``), so the place and count nearest a trigger can be told from those elsewhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.document import Sentence
from tracker.resources import lexicon
from tracker.text.keywords import KeywordSet
from tracker.text.patterns import alternation
from tracker.text.regexes import compile_pattern

# A sentence ends at . ! ? ؟ or a newline (paragraph), unless the dot belongs to a number
# (3.5), an initial or a short abbreviation (U.S., Mr., Gen.: ``abbreviations`` in the lexicons).
_MAX_SENTENCE = 2000  # very long run-on text is cut so no stage sees unbounded input


def _both_languages(concept: str) -> set[str]:
    # sentences are cut before the language matters: the words of both lexicons apply
    return {w for lang in ("ar", "en") for w in lexicon(lang).get(concept) or []}


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(w.rstrip(".") for w in _both_languages("abbreviations"))


@lru_cache(maxsize=1)
def _clause_re() -> tuple[re.Pattern[str], re.Pattern[str], KeywordSet]:
    """The clause boundaries (punctuation, a clause opener); the punctuation alone, which finds the same
    boundaries in a sentence that holds no opener (most: tried at every word, the openers are the slow
    part); the openers, to tell."""
    openers = _both_languages("clause_openers")
    alts = alternation(openers)
    punct = r"[,،;؛:]|\s-\s|\(|\)"
    if alts:
        full = rf"{punct}|(?<!\S)(?=(?:{alts})(?!\w))"
        return compile_pattern(full), compile_pattern(punct), KeywordSet(openers)
    return compile_pattern(punct), compile_pattern(punct), KeywordSet([])


def split_sentences(text: str) -> list[Sentence]:
    """Split normalised ``text`` into sentences with clause spans.

    >>> [s.text for s in split_sentences("Two killed in Homs. Gen. Ali said so.")]
    ['Two killed in Homs.', 'Gen. Ali said so.']
    """
    out: list[Sentence] = []
    split_until(text, out)
    return out


def split_until(text: str, out: list[Sentence], start: int = 0, upto: int | None = None) -> int | None:
    """The sentences of ``text`` from ``start`` (0, or a position this function returned) appended to
    ``out``, the sentences :func:`split_sentences` gives there. With ``upto``, it stops at the first
    boundary past ``upto`` (every sentence starting at or before it is in ``out``) and returns where to go
    on from; else (and when the text ends first) None. A stage that reads only the sentences of a few
    positions splits no further than it needs.

    >>> out = []; rest = split_until("Two killed. Ali said so. Calm.", out, upto=3)
    >>> [s.text for s in out], rest
    (['Two killed.'], 11)
    >>> split_until("Two killed. Ali said so. Calm.", out, rest), [s.index for s in out]
    (None, [0, 1, 2])
    """
    append = out.append
    abbreviations, (ends, word_before, reach) = _abbreviations(), _sentence_end()
    for m in ends.finditer(text, start):
        dot, end = m.span()
        if text[dot] == "." and m.lastgroup is None:
            # the word before the dot, when it is no longer than an abbreviation (text[dot - 1] is no dot: a
            # run of them starts the match; a longer word is told by the group "long")
            w = word_before.search(text, max(0, dot - reach), dot)
            if w is not None:
                word = w.group().lower()
                if word in abbreviations or (len(word) == 1 and word.isalpha()):
                    continue
        body = text[start:end]
        kept = body.lstrip()
        first = start + len(body) - len(kept)
        kept = kept.rstrip()
        if len(kept) > _MAX_SENTENCE:
            _emit_long(text, first, first + len(kept), out)
        elif kept:
            append(Sentence(len(out), first, first + len(kept), kept))
        start = end
        if upto is not None and start > upto:
            return start
    body = text[start:]
    kept = body.lstrip()
    first = start + len(body) - len(kept)
    _emit_long(text, first, first + len(kept.rstrip()), out)
    return None


@lru_cache(maxsize=1)
def _sentence_end() -> tuple[re.Pattern[str], re.Pattern[str], int]:
    """Where a sentence may end (a run of . ! ? ؟ with closing quotes before a space or the end, a newline),
    with the empty group "long" when more characters than the longest abbreviation stand before it with no
    space (a word lower-cased is never shorter, so no abbreviation); the word that ends where a search stops,
    when it is no longer than that; and how far back to search for it."""
    reach = max(1, max(map(len, _abbreviations()), default=1))
    ends = compile_pattern(rf"(?P<long>(?<=\S{{{reach + 1}}}))?[.!?؟]+[\"')\]]*(?=\s|$)|\n+")
    return ends, re.compile(rf"(?<!\S)\S{{0,{reach}}}\Z"), reach


def _emit_long(text: str, start: int, end: int, out: list[Sentence]) -> None:
    """The sentence ``[start, end)`` (no space at either end), cut at a space before every
    ``_MAX_SENTENCE`` characters when it is longer."""
    if start >= end:
        return
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        out.append(Sentence(len(out), start, cut, text[start:cut]))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append(Sentence(len(out), start, end, text[start:end]))


def split_clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence (relative offsets), cut at punctuation and clause openers."""
    spans: list[tuple[int, int]] = []
    prev = 0
    full, punct, openers = _clause_re()
    for m in (full if openers.any(sentence) else punct).finditer(sentence):
        cut = m.start()
        if cut > prev:
            spans.append((prev, cut))
        prev = m.end() if m.end() > m.start() else cut
    if prev < len(sentence):
        spans.append((prev, len(sentence)))
    return spans or [(0, len(sentence))]


def clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The clause span containing relative position ``pos`` (the last one if past the end)."""
    for s, e in clauses:
        if s <= pos < e:
            return s, e
    return clauses[-1] if clauses else (0, pos + 1)
