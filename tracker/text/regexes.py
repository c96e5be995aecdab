"""Regular expressions that skip text they cannot match: the same matches as :func:`re.compile`, found sooner.

Most of the rules' patterns begin with a look-behind (``(?<!\\w)``) or an optional proclitic. Python's ``re``
then tries the whole pattern at every position of the text: it only skips ahead to a possible first
character when the pattern *begins* with a literal or a character class. Two things are done here, both
from the parsed pattern (``re._parser``), so that no pattern's text has to be rewritten:

- :func:`compile_pattern` gives ``re``'s search the set of characters a match can begin with (looking past
  look-arounds, anchors and optional parts), which is what ``re`` itself does for ``[ab]c``: a position
  whose character cannot begin a match is never tried;
- :func:`required_literals` lists strings one of which every match contains ("killed" in
  ``\\d+ (?:people )?killed``). :class:`Gated` searches a pattern only when one of them occurs in the text
  (one Aho-Corasick pass), and :class:`PatternSet` runs, of a list of patterns tried over the same text,
  only those that can match it (one pass for the whole list).

Both only ever leave out positions or texts where the pattern cannot match, so every method returns what
the plain pattern returns (``tests/test_regexes.py`` checks it against ``re`` on generated text). A flag
or a construct the analysis does not know (case-insensitive matching, back-references) gives the plain
pattern.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import ahocorasick

__all__ = ["Gated", "PatternSet", "compile_pattern", "first_characters", "required_literals"]

# the parser and compiler behind re (Python >= 3.11, as the project requires)
import _sre
from re import _compiler as _C  # type: ignore[attr-defined]
from re import _parser as _P  # type: ignore[attr-defined]

_REPEATS: tuple[Any, ...] = (_P.MAX_REPEAT, _P.MIN_REPEAT, _P.POSSESSIVE_REPEAT)
_ZERO_WIDTH: tuple[Any, ...] = (_P.ASSERT, _P.ASSERT_NOT, _P.AT)

#: Flags under which a literal does not stand for itself alone: no analysis, the plain pattern.
_CASED = re.IGNORECASE | re.LOCALE
#: A set of exact strings grows by concatenation up to this many; then only a required part is kept.
_EXACT_CAP = 64
#: A character class of at most this many characters is a set of one-character literals.
_SMALL_CLASS = 8


# --------------------------------------------------------------------------------------------------
# the first characters of a match


def first_characters(source: str, flags: int = 0) -> list[tuple[Any, Any]] | None:
    """The characters a match of ``source`` can begin with, as ``re``'s parser writes a class (LITERAL,
    RANGE, CATEGORY items); None when any character may begin one, or a match may be empty."""
    parsed = _P.parse(source, flags)
    if (parsed.state.flags | flags) & _CASED:
        return None
    found = _first(parsed.data)
    if found is None or found[1]:
        return None
    return found[0]


def _first(data: Any) -> tuple[list[tuple[Any, Any]], bool] | None:
    """(the first characters, whether the sequence may match empty), None when unknown or any character."""
    items: list[tuple[Any, Any]] = []
    for op, av in data:
        found = _first_of(op, av)
        if found is None:
            return None
        items += found[0]
        if not found[1]:
            return items, False
    return items, True


def _first_of(op: Any, av: Any) -> tuple[list[tuple[Any, Any]], bool] | None:
    if op is _P.LITERAL:
        return [(op, av)], False
    if op is _P.IN:
        if any(o is _P.NEGATE for o, _ in av):
            return None
        return list(av), False
    if op is _P.BRANCH:
        items: list[tuple[Any, Any]] = []
        empty = False
        for alt in av[1]:
            found = _first(alt.data)
            if found is None:
                return None
            items += found[0]
            empty = empty or found[1]
        return items, empty
    if op is _P.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _first(sub.data)
    if op is _P.ATOMIC_GROUP:
        return _first(av.data)
    if op in _REPEATS:
        lo, _hi, item = av
        found = _first(item.data)
        return None if found is None else (found[0], found[1] or lo == 0)
    if op in _ZERO_WIDTH:
        return [], True  # a look-around or an anchor consumes nothing: what follows begins the match
    return None  # any character, a negated literal, a back-reference ...


@lru_cache(maxsize=4096)
def compile_pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, with ``re``'s search told which characters a match can begin with
    when ``re`` does not find it out itself (a pattern that begins with a look-behind or an optional
    part). The same pattern, the same matches: a position is left out only when no match can begin there.

    >>> p = compile_pattern(r"(?<!\\w)(?:al-)?(?:killed|shot)(?!\\w)")
    >>> [m.group() for m in p.finditer("shot, killed; al-killed")]
    ['shot', 'killed', 'al-killed']
    """
    if not isinstance(source, str):
        return re.compile(source, flags)
    program = compiled_program(source, flags)
    return re.compile(source, flags) if program is None else from_program(source, flags, program)


#: What ``_sre.compile`` takes: pattern, flags, code, groups - 1, group index, index group.
Program = tuple[str, int, list[int], int, dict[str, int], tuple[str | None, ...]]


def compiled_program(source: str, flags: int = 0) -> Program | None:
    """The program :func:`compile_pattern` runs for ``source``: parsed and compiled once, it can be kept
    (:mod:`tracker.resources.cache` pickles it) and read back by :func:`from_program` without parsing the
    pattern again. None when this Python's internals are not the ones it knows (the plain pattern then)."""
    try:
        parsed = _P.parse(source, flags)
        all_flags = parsed.state.flags | flags
        if all_flags & re.DEBUG:
            return None
        code = _C._code(parsed, flags)
        # <INFO> <skip> <flags> <min> <max> ...: re found a prefix or a class itself, or a match may be empty
        found = _first(parsed.data) if not all_flags & _CASED else None
        if (
            code[0] is _C.INFO
            and not code[2] & (_C.SRE_INFO_PREFIX | _C.SRE_INFO_CHARSET)
            and code[3] > 0
            and found is not None
            and not found[1]
        ):
            # re's own info block for a pattern that begins with this class, with this pattern's widths
            probe = _P.SubPattern(parsed.state, [(_P.IN, found[0])])
            probe.width = parsed.getwidth()
            info: list[Any] = []
            _C._compile_info(info, probe, all_flags)
            if info[2] & _C.SRE_INFO_CHARSET:
                code = info + code[1 + code[1] :]
        # what re._compiler.compile does with the code
        groupindex = parsed.state.groupdict
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return (
            source,
            all_flags,
            [int(c) for c in code],
            parsed.state.groups - 1,
            dict(groupindex),
            tuple(indexgroup),
        )
    except Exception:  # noqa: BLE001 (another Python's internals: the plain pattern is always right)
        return None


def from_program(source: str, flags: int, program: Program) -> re.Pattern[str]:
    """The pattern :func:`compile_pattern` gives for ``source``, from its :func:`compiled_program`; a
    program this Python cannot run gives the pattern compiled again."""
    try:
        compiled: re.Pattern[str] = _sre.compile(*program)
        return compiled
    except Exception:  # noqa: BLE001 (a program kept by another Python: compile it here)
        return re.compile(source, flags)


# --------------------------------------------------------------------------------------------------
# literals every match contains


class _Info:
    """What a part of a pattern matches: ``exact`` its every match (a small set of strings, or None),
    ``need`` strings one of which every match contains (or None: no such set known)."""

    __slots__ = ("exact", "need")

    def __init__(self, exact: frozenset[str] | None = None, need: frozenset[str] | None = None) -> None:
        self.exact = exact
        self.need = need


def _useful(s: frozenset[str] | None) -> bool:
    return bool(s) and "" not in s  # type: ignore[operator]


def _rank(s: frozenset[str]) -> tuple[int, int]:
    return min(map(len, s)), -len(s)  # the longest shortest string, then the fewest strings


def _best(*sets: frozenset[str] | None) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    for s in sets:
        if s is not None and _useful(s) and (best is None or _rank(s) > _rank(best)):
            best = s
    return best


def _sequence(data: Any) -> _Info:
    run: frozenset[str] | None = frozenset([""])  # what the parts since the last inexact one match
    need: frozenset[str] | None = None
    whole = True  # every part so far matches a known set of strings: the run is the sequence's
    for op, av in data:
        part = _part(op, av)
        if run is not None and part.exact is not None and len(run) * len(part.exact) <= _EXACT_CAP:
            run = frozenset(a + b for a in run for b in part.exact)
        else:  # the run so far is one required part; a new run starts after this part
            need = _best(need, run, part.need, part.exact)
            whole = False  # an inexact part, or too many strings to list
            run = part.exact if part.exact is not None else frozenset([""])
    return _Info(run if whole else None, _best(need, run))


def _part(op: Any, av: Any) -> _Info:
    if op is _P.LITERAL:
        return _Info(frozenset([chr(av)]))
    if op is _P.IN:
        chars: list[str] = []
        for o, a in av:
            if o is _P.LITERAL:
                chars.append(chr(a))
            elif o is _P.RANGE and a[1] - a[0] < _SMALL_CLASS:
                chars.extend(chr(c) for c in range(a[0], a[1] + 1))
            else:
                return _Info()
        return _Info(frozenset(chars)) if len(chars) <= _SMALL_CLASS else _Info()
    if op is _P.BRANCH:
        alts = [_sequence(alt.data) for alt in av[1]]
        exacts = [a.exact for a in alts]
        if all(e is not None for e in exacts) and sum(len(e) for e in exacts if e) <= _EXACT_CAP:
            return _Info(frozenset().union(*(e for e in exacts if e is not None)))
        needs = [_best(a.need, a.exact) for a in alts]
        if any(n is None for n in needs):
            return _Info()
        return _Info(None, frozenset().union(*(n for n in needs if n is not None)))
    if op is _P.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return _Info() if add_flags or del_flags else _sequence(sub.data)
    if op is _P.ATOMIC_GROUP:
        return _sequence(av.data)
    if op in _REPEATS:
        lo, hi, item = av
        inner = _sequence(item.data)
        if lo == 0:
            return _Info(inner.exact | {""}) if hi == 1 and inner.exact is not None else _Info()
        if lo == hi == 1:
            return inner
        return _Info(None, _best(inner.need, inner.exact))
    if op in _ZERO_WIDTH:
        return _Info(frozenset([""]))  # consumes nothing (a look-around's text is not the match's)
    return _Info()


@lru_cache(maxsize=4096)
def required_literals(source: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``source`` contains; None when no such set is known.

    >>> sorted(required_literals(r"(?<!\\w)\\d+\\s+(?:people\\s+)?(?:killed|died)(?!\\w)"))
    ['died', 'killed']
    """
    parsed = _P.parse(source, flags)
    if (parsed.state.flags | flags) & _CASED:
        return None
    info = _sequence(parsed.data)
    return _best(info.need, info.exact)


def _automaton(words: dict[str, Any]) -> Any:
    auto = ahocorasick.Automaton()
    for word, value in words.items():
        auto.add_word(word, value)
    if words:
        auto.make_automaton()
    return auto


# --------------------------------------------------------------------------------------------------
# patterns searched only in text that holds one of their literals


class Gated:
    """A compiled pattern searched only in text holding one of its :func:`required_literals` (a pattern with
    none is always searched). The methods of :class:`re.Pattern` the rules use, with the same results.

    >>> g = Gated(r"(?<!\\w)(?:car|truck) bomb(?!\\w)")
    >>> g.search("a car bomb went off").group(), g.search("no such thing")
    ('car bomb', None)
    """

    __slots__ = ("_auto", "_gated", "_literals", "pattern", "re")

    def __init__(
        self,
        source: str,
        flags: int = 0,
        *,
        literals: frozenset[str] | None | bool = True,
        compiled: re.Pattern[str] | None = None,
    ) -> None:
        # ``compiled``: read back from a pickle, which keeps the pattern as the resource cache keeps patterns
        self.re = compile_pattern(source, flags) if compiled is None else compiled
        self.pattern = source
        # ``literals`` given: read back from a pickle, not worked out again
        self._literals = required_literals(source, flags) if literals is True else literals or None
        self._gated = self._literals is not None
        self._auto = _automaton({w: 1 for w in self._literals or ()})

    def __reduce__(self) -> tuple[Any, ...]:
        return (_gated, (self.pattern, self.re.flags, self._literals, self.re))

    @property
    def flags(self) -> int:
        return self.re.flags

    def may_match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """Could the pattern match in ``text[pos:endpos]``?"""
        if not self._gated:
            return True
        for _ in self._auto.iter(text, pos, min(endpos, len(text))):
            return True
        return False

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._gated:  # (may_match, written out: the rules call this one most)
            for _ in self._auto.iter(string, pos, min(endpos, len(string))):
                return self.re.search(string, pos, endpos)
            return None
        return self.re.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.re.match(string, pos, endpos) if self.may_match(string, pos, endpos) else None

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.re.fullmatch(string, pos, endpos) if self.may_match(string, pos, endpos) else None

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.re.finditer(string, pos, endpos) if self.may_match(string, pos, endpos) else iter(())

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.re.findall(string, pos, endpos) if self.may_match(string, pos, endpos) else []

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self.re.sub(repl, string, count) if self.may_match(string) else string


def _gated(
    source: str, flags: int, literals: frozenset[str] | None, compiled: re.Pattern[str] | None = None
) -> Gated:
    return Gated(source, flags, literals=literals, compiled=compiled)


class PatternSet:
    """Named patterns tried in turn over the same text: :meth:`candidates` gives, in order, those whose
    :func:`required_literals` occur in it (one Aho-Corasick pass for them all) and those that have none.

    >>> ps = PatternSet([("bomb", r"car bomb"), ("shot", r"(?<!\\w)shot dead")])
    >>> [name for name, _ in ps.candidates("a car bomb")], len(ps)
    (['bomb'], 2)
    """

    def __init__(
        self,
        named: Iterable[tuple[str, str]],
        *,
        gate: tuple[int, dict[str, int]] | None = None,
        compiled: list[re.Pattern[str]] | None = None,
    ) -> None:
        # ``compiled``: read back from a pickle, which keeps the patterns as the resource cache keeps patterns
        named = list(named)
        self.patterns = (
            [(name, compile_pattern(source)) for name, source in named]
            if compiled is None
            else [(name, p) for (name, _source), p in zip(named, compiled, strict=True)]
        )
        if gate is None:  # (given: read back from a pickle, not worked out again)
            always, words = 0, dict[str, int]()
            for i, (_name, p) in enumerate(self.patterns):
                literals = required_literals(p.pattern)
                if literals is None:
                    always |= 1 << i
                for w in literals or ():
                    words[w] = words.get(w, 0) | 1 << i
            gate = always, words
        self._gate = gate
        self._always, words = gate
        self._auto = _automaton(words)
        self._gated = bool(words)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _pattern_set,
            ([(name, p.pattern) for name, p in self.patterns], self._gate, [p for _, p in self.patterns]),
        )

    def __iter__(self) -> Iterator[tuple[str, re.Pattern[str]]]:
        return iter(self.patterns)

    def __len__(self) -> int:
        return len(self.patterns)

    def candidates(self, text: str) -> list[tuple[str, re.Pattern[str]]]:
        """The patterns that may match ``text``, in their order."""
        mask = self._always
        if self._gated:
            for _end, bits in self._auto.iter(text):
                mask |= bits
        return [p for i, p in enumerate(self.patterns) if mask >> i & 1]


def _pattern_set(
    named: list[tuple[str, str]],
    gate: tuple[int, dict[str, int]],
    compiled: list[re.Pattern[str]] | None = None,
) -> PatternSet:
    return PatternSet(named, gate=gate, compiled=compiled)
