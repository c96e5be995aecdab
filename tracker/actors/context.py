"""The sentence the role rules read: its text, words, trigger span and actor matches.

:class:`Sentence` is built by :meth:`tracker.actors.ActorTagger.roles` for one trigger; every rule is a plain
function of it. Its methods are the word-level look-ups all rules share (the word at a position, the words
between two positions, whether a word is in a word list); the rules record the constructions they used in
``why``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from tracker.actors.registry import ActorMatch
from tracker.actors.words import AR_WORD, WORD, Lang, without_clitic

#: A date written with separators ("03.10.2017", "2017-10-03").
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\.?")
#: :data:`WORD` and :data:`AR_WORD` as one group, to split a text into its words and the text between them.
_SPLIT = re.compile(f"({WORD.pattern})")
_AR_SPLIT = re.compile(f"({AR_WORD.pattern})")


def overlap(a: ActorMatch | None, b: ActorMatch | None) -> bool:
    """Both matches exist and share characters."""
    return a is not None and b is not None and a.start < b.end and b.start < a.end


@dataclass
class Sentence:
    """One call of the role rules.

    ``matches`` are the registered names the rules may pick (descriptions such as "warplanes" left out until
    no name is found), ``all_matches`` every name and description, ``defaults`` the descriptions,
    ``means_defaults`` the bare means of attack ("air strikes"). ``excluded`` are agent-exclusion phrases
    ("held by"), ``agents`` the Arabic agent markers ("بنيران"). ``ts``/``te`` is the trigger; a rule may move
    it (``reanchor``). ``light_np`` is the span after a light verb whose phrase no name filled.
    """

    text: str
    lang: str
    cfg: Lang
    ts: int
    te: int
    clauses: list[tuple[int, int]]
    victims: tuple[int, int] | None
    words: list[tuple[int, int]]
    matches: list[ActorMatch]
    all_matches: list[ActorMatch]
    defaults: list[ActorMatch]
    means_defaults: list[ActorMatch]
    excluded: list[tuple[int, int, object]]
    agents: list[tuple[int, int, object]]
    why: list[str] = field(default_factory=list)
    light_np: tuple[int, int] | None = None
    #: answers the rules ask for more than once in a call (:func:`~tracker.actors.voice.passive_verb`, ...), by
    #: question and what it reads that a rule may change (the trigger span, the list of names)
    answers: dict[tuple[object, ...], bool] = field(default_factory=dict)
    #: the same for noun phrases (:func:`~tracker.actors.phrase.ar_np_before`, ...): asked by the target and the
    #: unregistered-subject rules alike
    phrases: dict[tuple[object, ...], ActorMatch | None] = field(default_factory=dict)
    #: the names lists those answers were keyed by (:meth:`matches_key`), kept alive with the sentence
    held: dict[int, object] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    #: each word's text, and the same without its proclitic (:func:`without_clitic`, filled in when first
    #: asked): the rules look words up in word lists many times per call, the texts are cut once per sentence
    texts: list[str] = field(default_factory=list)
    bases: list[str | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.starts and self.words:  # the tagger passes them in, shared by the calls on one sentence
            self.starts = [s for s, _e in self.words]  # words are sorted and disjoint: bisect finds them
            self.ends = [e for _s, e in self.words]
        if not self.texts and self.words:
            self.texts = [self.text[s:e] for s, e in self.words]
            self.bases = [None] * len(self.texts)

    def base(self, i: int) -> str:
        """Word ``i`` (an index of a word) without its proclitic."""
        b = self.bases[i]
        if b is None:
            b = self.bases[i] = without_clitic(self.texts[i])
        return b

    def matches_key(self) -> int:
        """The identity of the names list the rules read now (a rule may put another list in its place), for
        the keys of :attr:`answers` and :attr:`phrases`. The list is kept with the sentence, so no other list
        can take its identity while those answers are kept."""
        key = id(self.matches)
        self.held[key] = self.matches
        return key

    def word_index(self, pos: int) -> int:
        """Index of the first word starting at or after ``pos``."""
        return bisect_left(self.starts, pos)

    def word_of(self, pos: int) -> int:
        """Index of the word that contains ``pos`` (or, between words, of the word before it)."""
        return bisect_right(self.starts, pos) - 1

    def gap(self, a: int, b: int) -> int:
        """Number of words between character positions a <= b."""
        return max(0, bisect_right(self.ends, b) - bisect_left(self.starts, a))

    def word_at(self, i: int) -> str:
        """The text of word ``i``."""
        return self.texts[i]

    def in_words(self, i: int, vocab: frozenset[str]) -> bool:
        """Word ``i`` exists and is in ``vocab``, with or without a proclitic."""
        if not 0 <= i < len(self.texts):
            return False
        w = self.texts[i]
        if w in vocab:
            return True
        b = self.bases[i]
        if b is None:  # :meth:`base`, inlined: the rules ask this most
            b = self.bases[i] = without_clitic(w)
        return b in vocab

    def is_count(self, i: int) -> bool:
        """Word ``i`` is a number or a count word ("three", "ثلاثة")."""
        if not 0 <= i < len(self.texts):
            return False
        w = self.texts[i]
        if w[0].isdigit():  # a dateline's date ("03.10.2017 Russia's forces ..."), not a count
            return _DATE.fullmatch(w) is None
        counts = self.cfg.counts
        if w in counts:
            return True
        b = self.bases[i]
        if b is None:  # :meth:`base`, inlined
            b = self.bases[i] = without_clitic(w)
        return b in counts

    def is_stop(self, i: int) -> bool:
        """Word ``i`` is a stop word (also with و/ف glued to it) or a number: a noun phrase ends there."""
        if not 0 <= i < len(self.texts):
            return False
        w, stop = self.texts[i], self.cfg.stop
        if w in stop:
            return True
        b = self.bases[i]
        if b is None:  # :meth:`base`, inlined: asked at every word of a noun phrase
            b = self.bases[i] = without_clitic(w)
        if b in stop or w[0].isdigit():
            return True
        return self.lang == "ar" and w[:1] in "وف" and w[1:] in stop  # "وفي", "فمن"

    def in_trigger(self, s: int, e: int) -> bool:
        """The span ``[s, e)`` overlaps the trigger."""
        return s < self.te and self.ts < e

    def same_clause(self, a: int, b: int) -> bool:
        """Position ``b`` lies in the clause of position ``a`` (or ``a`` is in none)."""
        for s, e in self.clauses:
            if s <= a < e:
                return b <= e
        return True

    def starts_name(self, i: int) -> bool:
        """A registered name starts at word ``i``."""
        return 0 <= i < len(self.words) and any(m.start == self.words[i][0] for m in self.matches)


class Words(NamedTuple):
    """The words of a text (:attr:`Sentence.words` and the lists made from them): read apart from the names,
    as a text that names none is read for its names alone."""

    words: list[tuple[int, int]]
    starts: list[int]
    ends: list[int]
    texts: list[str]
    bases: list[str | None]  # filled in by :meth:`Sentence.base` as the rules ask


@lru_cache(maxsize=64)
def text_words(text: str, lang: str) -> Words:
    """The words of the text, kept for the few sentences of the article at hand (its events, the clauses before
    them, its headline and lead ask about the same sentence with other triggers)."""
    # a full stop after an Arabic word ends the sentence, not an abbreviation. One split (in C) gives the text
    # between words and the words in turn; their running lengths are where each word starts and ends.
    parts = (_AR_SPLIT if lang == "ar" else _SPLIT).split(text)
    offsets = list(accumulate(map(len, parts)))
    starts, ends, texts = offsets[0:-1:2], offsets[1::2], parts[1::2]
    return Words(list(zip(starts, ends, strict=False)), starts, ends, texts, [None] * len(texts))
