"""Regular expressions tried only where a match can begin: a few characters before one of their leading words.

Most casualty constructions and the trigger pattern begin with an outcome or trigger word, after an optional
proclitic ("مقتل", "وقصف", "killed"). :func:`leading_literals` finds, from the parsed pattern (as
:mod:`tracker.text.regexes` does), strings one of which every match holds at most a few characters after its
start; one Aho-Corasick pass finds them in the text, and the pattern is tried (``match``) only at the few
positions before each, instead of at every position as ``re``'s search does. The same matches, in the same
order: every position a match can begin at is tried, in turn (``tests/test_regexes.py`` checks it against
``re`` on fixed, random and lexicon patterns).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from tracker.text.regexes import _CASED, _P, _REPEATS, Gated, PatternSet, _automaton, _part, compile_pattern

__all__ = [
    "Anchored",
    "AnchoredSet",
    "anchored_or_gated",
    "leading_literals",
    "matches_at",
    "first_match",
    "matches_before",
    "search_before",
    "starts_before",
    "max_width",
]

#: The most strings :func:`leading_literals` lists for one part of a pattern (a word list and its clitics).
_LEAD_CAP = 4096
#: The shortest leading word :class:`AnchoredSet` looks for (a shorter one stands almost everywhere).
_LEAD_MIN = 3


def _exact_of(op: Any, av: Any) -> frozenset[str] | None:
    """A set of strings holding every string this part can match (None: not known or too many)."""
    if op is _P.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _exact_seq(sub.data)
    if op is _P.ATOMIC_GROUP:
        return _exact_seq(av.data)
    if op is _P.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            found = _exact_seq(alt.data)
            if found is None or len(out) + len(found) > _LEAD_CAP:
                return None
            out |= found
        return frozenset(out)
    if op in _REPEATS:
        lo, hi, item = av
        inner = _exact_seq(item.data)
        if inner is None or hi > 1:
            return None
        return inner | {""} if lo == 0 else inner
    return _part(op, av).exact  # a literal, a small class, a look-around (""), else None


def _exact_seq(data: Any) -> frozenset[str] | None:
    run = frozenset([""])
    for op, av in data:
        part = _exact_of(op, av)
        if part is None or len(run) * len(part) > _LEAD_CAP:
            return None
        run = frozenset(a + b for a in run for b in part)
    return run


def _lead(state: Any, data: Any) -> tuple[frozenset[str], int] | None:
    """(strings, reach): every match of the sequence holds one of the strings, beginning at most ``reach``
    characters after the match's start; None when no such pair is found."""
    offset = 0
    for i, (op, av) in enumerate(data):
        exact = _exact_of(op, av)
        if exact and "" not in exact:
            for op2, av2 in data[i + 1 :]:  # the longest run of known strings: fewer false starts
                more = _exact_of(op2, av2)
                if more is None or len(exact) * len(more) > _LEAD_CAP:
                    break
                exact = frozenset(a + b for a in exact for b in more)
            return exact, offset
        inner: tuple[frozenset[str], int] | None = None
        if op is _P.SUBPATTERN and not (av[1] or av[2]):
            inner = _lead(state, av[3].data)
        elif op is _P.ATOMIC_GROUP:
            inner = _lead(state, av.data)
        elif op in _REPEATS and av[0] >= 1:
            inner = _lead(state, av[2].data)  # the first repetition holds it
        elif op is _P.BRANCH:
            alts = [_lead(state, alt.data) for alt in av[1]]
            if all(a is not None for a in alts):
                words = frozenset().union(*(a[0] for a in alts if a is not None))
                inner = words, max(a[1] for a in alts if a is not None)
        if inner is not None:
            return inner[0], offset + inner[1]
        if op in (_P.GROUPREF, _P.GROUPREF_EXISTS):
            return None
        _lo, hi = _P.SubPattern(state, [(op, av)]).getwidth()
        if hi >= _P.MAXREPEAT:
            return None  # an unbounded part before any known word
        offset += hi
    return None


@lru_cache(maxsize=256)
def leading_literals(source: str, flags: int = 0) -> tuple[frozenset[str], int] | None:
    """``(strings, reach)``: every match of ``source`` holds one of the strings, beginning at most ``reach``
    characters after the match's start; None when the pattern begins with no such part (or may match empty).

    >>> words, reach = leading_literals(r"(?<!\\w)(?:w|f)?(?:killed|shot)\\s+\\d+")
    >>> sorted(words), reach
    (['killed', 'shot'], 1)
    """
    parsed = _P.parse(source, flags)
    if (parsed.state.flags | flags) & _CASED or parsed.getwidth()[0] == 0:
        return None
    found = _lead(parsed.state, parsed.data)
    return None if found is None or not all(found[0]) else found


class Anchored:
    """A compiled pattern tried only at the few positions a match can begin at: at most ``reach`` characters
    before one of its :func:`leading_literals` (all found in one Aho-Corasick pass), rather than at every
    position of the text. ``finditer`` and ``search`` give what :class:`re.Pattern`'s give: every position
    where a match can begin is tried, in order. A pattern with no leading literals is searched as it is.

    >>> a = Anchored(r"(?<!\\w)(?:w|f)?(?:killed|shot) (?P<n>\\d+)")
    >>> [m.group("n") for m in a.finditer("fshot 3, killed 4, wkilled x, killed 5")]
    ['3', '4', '5']
    """

    __slots__ = ("_auto", "_lead", "pattern", "re")

    def __init__(
        self,
        source: str,
        flags: int = 0,
        *,
        lead: tuple[frozenset[str], int] | None | bool = True,
        compiled: re.Pattern[str] | None = None,
    ) -> None:
        # ``compiled``: read back from a pickle, which keeps the pattern as the resource cache keeps patterns
        self.re = compile_pattern(source, flags) if compiled is None else compiled
        self.pattern = source
        # ``lead`` given: read back from a pickle, not worked out again
        self._lead = leading_literals(source, flags) if lead is True else lead or None
        self._auto = _automaton({w: len(w) for w in self._lead[0]}) if self._lead else None

    def __reduce__(self) -> tuple[Any, ...]:
        return (_anchored, (self.pattern, self.re.flags, self._lead, self.re))

    @property
    def flags(self) -> int:
        return self.re.flags

    def _starts(self, text: str, pos: int, endpos: int) -> list[int]:
        assert self._lead is not None and self._auto is not None
        reach = self._lead[1]
        starts: set[int] = set()
        for end, n in self._auto.iter(text, pos, min(endpos, len(text))):
            q = end - n + 1
            starts.update(range(max(pos, q - reach), q + 1))
        return sorted(starts)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if self._auto is None:
            return self.re.finditer(string, pos, endpos)
        return iter(matches_at(self.re, string, self._starts(string, pos, endpos), endpos))

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.re.match(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._auto is None:
            return self.re.search(string, pos, endpos)
        return first_match(self.re, string, self._starts(string, pos, endpos), endpos)

    def search_led(
        self, string: str, leads: list[tuple[int, int]], pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        """:meth:`search` when the caller found where the leading words stand (``leads``, their spans in
        ``string``, from a pass over it of its own): tried only before those, with no pass of this one's."""
        if self._lead is None:
            return self.search(string, pos, endpos)
        return search_before(self.re, string, leads, self._lead[1], pos, endpos)


def anchored_or_gated(source: str) -> Anchored | Gated:
    """``source`` tried only before its leading words when it has some (:class:`Anchored`), else searched
    only in text holding one of its required literals (:class:`Gated`): for a pattern searched in many
    sentences that hold its literals, whose leading words are rarer (a period phrase: "منذ مطلع")."""
    return Anchored(source) if leading_literals(source) is not None else Gated(source)


def _anchored(
    source: str, flags: int, lead: tuple[frozenset[str], int] | None, compiled: re.Pattern[str] | None = None
) -> Anchored:
    return Anchored(source, flags, lead=lead, compiled=compiled)


def max_width(source: str, flags: int = 0) -> int | None:
    """The most characters a match of ``source`` can span; None when unbounded.

    >>> max_width(r"(?<!\\w)(?:w|wb)?"), max_width(r"\\s+")
    (2, None)
    """
    hi = _P.parse(source, flags).getwidth()[1]
    return None if hi >= _P.MAXREPEAT else int(hi)


def matches_at(
    pattern: re.Pattern[str], text: str, starts: list[int], endpos: int = sys.maxsize
) -> list[re.Match[str]]:
    """What ``pattern.finditer(text, starts[0], endpos)`` finds when no match can begin anywhere but at
    ``starts`` (sorted) and no match is empty: each position tried in turn, past the last match found."""
    out = []
    after = 0
    match = pattern.match
    for p in starts:
        if p >= after:
            m = match(text, p, endpos)
            if m is not None:
                out.append(m)
                after = m.end()
    return out


def first_match(
    pattern: re.Pattern[str], text: str, starts: Iterable[int], endpos: int = sys.maxsize
) -> re.Match[str] | None:
    """What ``pattern.search`` finds when no match can begin anywhere but at ``starts`` (sorted)."""
    match = pattern.match
    for p in starts:
        m = match(text, p, endpos)
        if m is not None:
            return m
    return None


def starts_before(
    pattern: re.Pattern[str], text: str, positions: Iterable[int], reach: int, pos: int = 0
) -> list[int]:
    """The positions from ``pos`` and at most ``reach`` characters before one of ``positions``, sorted: where
    a match of ``pattern`` can begin when every match begins so. A pattern that begins with ``(?<!\\w)`` is
    left out where a word character stands before (it fails there at once, one call each)."""
    starts: set[int] = set()
    if pattern.pattern.startswith(_NON_WORD_BEFORE):
        for q in positions:
            for p in range(max(pos, q - reach), q + 1):
                if p == 0 or not ((c := text[p - 1]).isalnum() or c == "_"):  # (what ``\\w`` matches)
                    starts.add(p)
    else:
        for q in positions:
            starts.update(range(max(pos, q - reach), q + 1))
    return sorted(starts)


_NON_WORD_BEFORE = r"(?<!\w)"


def matches_before(
    pattern: re.Pattern[str], text: str, positions: Iterable[int], reach: int
) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds when every match begins at most ``reach`` characters before one
    of ``positions`` (where the caller found a word every match holds) and no match is empty."""
    return matches_at(pattern, text, starts_before(pattern, text, positions, reach))


def search_before(
    pattern: re.Pattern[str],
    text: str,
    leads: list[tuple[int, int]],
    reach: int,
    pos: int = 0,
    endpos: int = sys.maxsize,
) -> re.Match[str] | None:
    """What :meth:`Anchored.search` finds searching ``text[pos:endpos]`` for ``pattern`` when ``leads`` are the
    spans of its leading words in ``text`` (found by the caller) and its matches begin at most ``reach``
    characters before one: tried only before those inside the stretch."""
    end = min(endpos, len(text))
    inside = [q for q, e in leads if q >= pos and e <= end]
    return first_match(pattern, text, starts_before(pattern, text, inside, reach, pos), endpos)


class AnchoredSet(PatternSet):
    """A :class:`PatternSet` whose :meth:`scan` also tells, for each pattern with
    :func:`leading_literals`, the positions a match of it can begin at: one Aho-Corasick pass over the
    text for the whole list (the patterns' required literals and leading words), then each pattern tried
    only there (:func:`matches_at`) rather than at every position.

    >>> ps = AnchoredSet([("n", r"(?<!\\w)(?:killed|shot) \\d+"), ("d", r"\\d+ dead")])
    >>> [(n, starts) for n, _, starts in ps.scan("3 dead, killed 4")]
    [('n', [8]), ('d', None)]
    """

    def __init__(
        self,
        named: Iterable[tuple[str, str]],
        *,
        gate: tuple[int, dict[str, int]] | None = None,
        leads: list[tuple[frozenset[str], int] | None] | None = None,
        compiled: list[re.Pattern[str]] | None = None,
    ) -> None:
        super().__init__(named, gate=gate, compiled=compiled)
        # (given: read back from a pickle, not worked out again)
        if leads is None:
            leads = [leading_literals(p.pattern) for _, p in self.patterns]
            # a leading word of two letters ("ان") stands in most sentences: the pattern is searched instead
            leads = [lead if lead and min(map(len, lead[0])) >= _LEAD_MIN else None for lead in leads]
        self._leads = leads
        # patterns with the same leading words and reach share their starts: one group each
        groups: dict[tuple[frozenset[str], int], int] = {}
        self._group = [groups.setdefault(lead, len(groups)) if lead else -1 for lead in leads]
        self._group_reach = [reach for _words, reach in groups]
        # word -> (patterns it gates, groups it leads, its length)
        words: dict[str, tuple[int, int, int]] = {w: (bits, 0, len(w)) for w, bits in self._gate[1].items()}
        for (lead_words, _reach), g in groups.items():
            for w in lead_words:
                bits, led, n = words.get(w, (0, 0, len(w)))
                words[w] = (bits, led | 1 << g, n)
        self._scan_auto = _automaton(words) if words else None
        #: the words :meth:`scan` looks for: (patterns it gates, groups it leads, its length); a caller that
        #: passes over the text anyway can look for them too and hand what it found to :meth:`scanned`
        self.scan_words = words

    def __reduce__(self) -> tuple[Any, ...]:
        named = [(name, p.pattern) for name, p in self.patterns]
        return (_anchored_set, (named, self._gate, self._leads, [p for _, p in self.patterns]))

    def scan(self, text: str) -> list[tuple[str, re.Pattern[str], list[int] | None]]:
        """The patterns that may match ``text``, in their order, each with the positions a match of it can
        begin at (None: anywhere, the pattern has no leading literals)."""
        mask = 0
        led_hits: list[tuple[int, int]] = []  # (where a leading word begins, the groups it leads)
        if self._scan_auto is not None:
            for end, (bits, led, n) in self._scan_auto.iter(text):
                mask |= bits
                if led:
                    led_hits.append((end - n + 1, led))
        return self.scanned(mask, led_hits)

    def scanned(
        self, mask: int, led_hits: list[tuple[int, int]]
    ) -> list[tuple[str, re.Pattern[str], list[int] | None]]:
        """What :meth:`scan` tells of a text in which the words of :attr:`scan_words` found set the gate bits
        ``mask`` and lead (``led_hits``: where each begins, the groups it leads; in any order)."""
        mask |= self._always
        out: list[tuple[str, re.Pattern[str], list[int] | None]] = []
        starts: dict[int, list[int]] = {}
        group, group_reach = self._group, self._group_reach
        for i, (name, p) in enumerate(self.patterns):
            if mask >> i & 1:
                g = group[i]
                if g < 0:
                    out.append((name, p, None))
                    continue
                found = starts.get(g)
                if found is None:
                    reach, bit = group_reach[g], 1 << g
                    if reach:
                        at: set[int] = set()
                        for q, led in led_hits:
                            if led & bit:
                                at.update(range(max(0, q - reach), q + 1))
                    else:
                        at = {q for q, led in led_hits if led & bit}
                    found = starts[g] = sorted(at)
                if found:
                    out.append((name, p, found))
        return out


def _anchored_set(
    named: list[tuple[str, str]],
    gate: tuple[int, dict[str, int]],
    leads: list[tuple[frozenset[str], int] | None],
    compiled: list[re.Pattern[str]] | None = None,
) -> AnchoredSet:
    return AnchoredSet(named, gate=gate, leads=leads, compiled=compiled)
