"""tracker.text.regexes: the same matches as re, whatever the pattern and the text."""

from __future__ import annotations

import pickle
import random
import re

import pytest

from tracker.text.patterns import alternation
from tracker.text.regexes import Gated, PatternSet, compile_pattern, first_characters, required_literals

B, E = r"(?<!\w)", r"(?!\w)"
WORDS = ["قتل", "مقتل", "قتلى", "جرحى", "killed", "shot dead", "car bomb", "air strikes", "air"]
PATTERNS = [
    rf"{B}(?:و|ف|ب)?(?:{alternation(WORDS)}){E}",
    rf"{B}(?:و|ف)?(?:ال)?(?P<w>{alternation(WORDS)})\s+\d+{E}",
    r"[.!?؟]+[\"')\]]*(?=\s|$)|\n+",
    rf"{B}\d+\s+(?:people\s+)?(?:killed|died){E}",
    rf"{B}(?:(?:\d+|three)\s+)?(?:civilians|مدنيين)\s+(?:were\s+)?(?:killed|قتلوا){E}",
    r"(?<!\d[-/])(?!\d{1,4}[-/]\d)(?:\d+|ثلاثه)\s+(?:قتيلا|جريحا)",
    r"(?:^|\s)(?:car|truck)?\s*bomb",
    r"\w+(?:['.-]\w+)*\.?",
    r"(?i)killed",  # case-insensitive: left to re
    r"(a)\1",  # a back-reference
    r"x*",  # may match empty
    r"(?:ab|a)(?:c|)d",
    r"[^a]b|cb",
    r"(?<=\d )related(?= )",
    r"(?:a{2,3}|b{0,1}c)+d",
    r"w(x\w?y)z",  # an inexact part inside a group: the group's strings are not known
    r"(?<!\w)((?:in|over) the (?:past|last) (?:[^ ]+ )?(?:days|weeks))(?!\w)",
    r"x([ab][ab][ab][ab][ab][ab][ab])y",  # more strings (128) than are listed
]
#: texts some of the patterns above match
MATCHED = ["xabababay", "wxayz", "in the past five days", "a b"]
ALPHABET = list("abcd wxyz.!?\n0123-/") + [
    "in the past five days",
    "over the last weeks",
    "قتل",
    "مقتل",
    " ",
    "killed",
    "bomb",
    "car ",
    "air ",
    "مدنيين",
    "و",
    "ال",
]


def _texts(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 30))) for _ in range(n)]


def _all(p: re.Pattern[str] | Gated, text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in p.finditer(text)]


@pytest.mark.parametrize("source", PATTERNS, ids=[f"p{i}" for i in range(len(PATTERNS))])  # (set order)
def test_compiled_matches_are_re_matches(source: str) -> None:
    plain, fast, gated = re.compile(source), compile_pattern(source), Gated(source)
    assert fast.pattern == source and fast.flags == plain.flags and fast.groupindex == plain.groupindex
    for text in _texts(400) + [w + " " + w for w in WORDS] + MATCHED:
        assert _all(fast, text) == _all(plain, text) == _all(gated, text), text
        for pos in (0, 1, 3):
            got = plain.search(text, pos, len(text) - 1)
            for p in (fast, gated):
                m = p.search(text, pos, len(text) - 1)
                assert (m and m.span()) == (got and got.span())
        assert gated.sub("#", text) == plain.sub("#", text)
        literals = required_literals(source)
        if literals is not None and plain.search(text):
            assert any(w in text for w in literals), (text, literals)
        m1, m2 = gated.match(text), plain.match(text)
        assert (m1 and m1.span()) == (m2 and m2.span())


def test_required_literals_and_first_characters() -> None:
    assert required_literals(rf"{B}\d+\s+(?:people\s+)?(?:killed|died){E}") == {"killed", "died"}
    assert required_literals(r"x*") is None and required_literals(r"(?i)killed") is None
    assert required_literals(r"(?:car|truck) bomb") == {"car bomb", "truck bomb"}
    literal = re._parser.LITERAL  # type: ignore[attr-defined]
    assert first_characters(rf"{B}(?:و)?قتل") == [(literal, ord("و")), (literal, ord("ق"))]
    assert first_characters(r"x*") is None and first_characters(r".a") is None


def test_pattern_set_keeps_the_order_and_leaves_out_only_what_cannot_match() -> None:
    named = [(f"p{i}", s) for i, s in enumerate(PATTERNS) if not s.startswith("(?i)")]
    ps = PatternSet(named)
    assert [n for n, _ in ps] == [n for n, _ in named]
    for text in _texts(300, seed=3):
        kept = {n for n, _ in ps.candidates(text)}
        for name, p in ps:
            if name not in kept:
                assert p.search(text) is None, (name, text)
        assert [n for n, _ in ps.candidates(text)] == [n for n, _ in named if n in kept]


def test_pickled_and_read_back() -> None:
    ps = PatternSet([("a", PATTERNS[0])])
    back = pickle.loads(pickle.dumps(ps))
    assert [(n, p.pattern) for n, p in back] == [(n, p.pattern) for n, p in ps]
    g = pickle.loads(pickle.dumps(Gated(PATTERNS[3])))
    assert g.search("5 people killed") is not None and g.search("5 people") is None


def test_the_lexicon_patterns_match_as_re_does_on_their_own_words() -> None:
    """Every casualty and date pattern of both languages, over text built from their own words."""
    from tracker.extraction.casualties import finder as casualty_finder
    from tracker.extraction.dates import finder as date_finder
    from tracker.resources import lexicon

    for lang in ("ar", "en"):
        lex = lexicon(lang)
        words = [w for v in lex.values() if isinstance(v, list) for w in v if isinstance(w, str)][:3000]
        rnd = random.Random(lang)
        texts = [
            " ".join(rnd.choice(words + ["12", "3", "،", ".", "و"]) for _ in range(25)) for _ in range(150)
        ]
        for ps in (casualty_finder(lang).patterns, date_finder(lang).patterns):
            for text in texts:
                kept = {n for n, _ in ps.candidates(text)}
                for name, p in ps:
                    plain = re.compile(p.pattern)
                    expected = _all(plain, text)
                    assert _all(p, text) == expected
                    if name not in kept:
                        assert expected == []


def _random_pattern(rnd: random.Random, depth: int = 0) -> str:
    """A random pattern over the letters a-d: literals, classes, groups, alternations, repeats, look-arounds."""
    parts = []
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.randint(0, 11 if depth < 2 else 4)
        if kind <= 2:
            parts.append("".join(rnd.choice("abcd ") for _ in range(rnd.randint(1, 3))))
        elif kind == 3:
            parts.append(rnd.choice(["[ab]", "[a-c]", "\\w", "\\s", "[^a]", ".", "\\d", "[b ]"]))
        elif kind == 4:
            parts.append(rnd.choice(["(?<!\\w)", "(?!\\w)", "\\b", "^", "$", "(?<=a)", "(?=b)"]))
        elif kind <= 6:
            inner = "|".join(_random_pattern(rnd, depth + 1) for _ in range(rnd.randint(1, 3)))
            parts.append(rnd.choice(["(?:", "(", f"(?P<g{rnd.randint(0, 10**6)}>"]) + inner + ")")
        else:
            inner = _random_pattern(rnd, depth + 1)
            parts.append(
                "(?:" + inner + ")" + rnd.choice(["?", "*", "+", "{2}", "{1,3}", "{0,2}", "??", "+?"])
            )
    return "".join(parts)


def test_random_patterns_match_as_re_does() -> None:
    rnd = random.Random(25)
    texts = ["".join(rnd.choice("abcd  ") for _ in range(rnd.randint(0, 14))) for _ in range(150)]
    checked = 0
    for _ in range(1500):
        source = _random_pattern(rnd)
        try:
            plain = re.compile(source)
        except re.error:
            continue
        fast, gated = compile_pattern(source), Gated(source)
        literals = required_literals(source)
        for text in texts:
            expected = _all(plain, text)
            assert _all(fast, text) == expected == _all(gated, text), (source, text)
            if literals is not None and expected:
                assert any(w in text for w in literals), (source, text, literals)
        checked += 1
    assert checked > 1000


def test_fold_replaces_as_translate_does() -> None:
    """tracker.text.normalize.fold (one str.replace per character it changes) = str.translate."""
    from tracker.text.normalize import _lookup, fold, folds

    rnd = random.Random(137)
    changed = list(folds())
    for _ in range(500):
        text = "".join(
            rnd.choice(changed) if rnd.random() < 0.3 else chr(rnd.randrange(0x20, 0x10400))
            for _ in range(60)
        )
        assert fold(text) == text.translate(_lookup())


def test_anchored_matches_are_re_matches() -> None:
    """Anchored (tried only before its leading words) finds what re finds: fixed, random and lexicon patterns."""
    from tracker.extraction.casualties import finder as casualty_finder
    from tracker.extraction.events import analyser
    from tracker.text.anchored import Anchored, leading_literals

    def same(source: str, texts: list[str]) -> None:
        plain, anchored = re.compile(source), Anchored(source)
        back = pickle.loads(pickle.dumps(anchored))
        for text in texts:
            expected = _all(plain, text)
            assert _all(anchored, text) == expected == _all(back, text), (source, text)
            for pos, end in ((1, len(text)), (2, len(text) - 1)):
                got, m = plain.search(text, pos, end), anchored.search(text, pos, end)
                assert (m and m.span()) == (got and got.span()), (source, text, pos, end)
                spans = [x.span() for x in anchored.finditer(text, pos, end)]
                assert spans == [x.span() for x in plain.finditer(text, pos, end)], (source, text)

    assert leading_literals(r"(?<!\w)(?:و|ف)?(?:قتل|مقتل)\s+\d+") == (frozenset(["قتل", "مقتل"]), 1)
    assert leading_literals(r"x*") is None and leading_literals(r"\w+killed") is None
    for source in PATTERNS:
        same(source, _texts(300) + [w + " " + w for w in WORDS] + MATCHED)
    rnd = random.Random(26)
    texts = ["".join(rnd.choice("abcd  ") for _ in range(rnd.randint(0, 14))) for _ in range(120)]
    for _ in range(1200):
        source = _random_pattern(rnd)
        try:
            re.compile(source)
        except re.error:
            continue
        same(source, texts)
    for lang in ("ar", "en"):
        an = analyser(lang)
        words = list(an.trigger_type) + [w for w in casualty_finder(lang).killed_words]
        rnd = random.Random(lang)
        pieces = words + ["12", "3", "،", ".", "و", "ال", "وال", "ها", " "]
        texts = ["".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(25)) for _ in range(150)]
        for source in [an.trigger_re.pattern] + [p.pattern for _, p in casualty_finder(lang).patterns]:
            same(source, texts)


def test_anchored_set_finds_what_re_finds() -> None:
    """AnchoredSet.scan + matches_at: every pattern left out cannot match; the others match as re does."""
    from tracker.extraction.casualties import finder as casualty_finder
    from tracker.text.anchored import AnchoredSet, matches_at

    named = [(f"p{i}", s) for i, s in enumerate(PATTERNS) if not s.startswith("(?i)") and s != r"x*"]
    cases = [(AnchoredSet(named), _texts(300, seed=5) + MATCHED)]
    for lang in ("ar", "en"):
        finder = casualty_finder(lang)
        words = sorted(finder.killed_words | finder.injured_words) + list(finder.victim_class)
        rnd = random.Random(lang)
        pieces = words + ["12", "3", "،", ".", "و", "ال", " "]
        texts = ["".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(25)) for _ in range(150)]
        cases.append((finder.patterns, texts))
    for ps, texts in cases:
        assert isinstance(ps, AnchoredSet)
        back = pickle.loads(pickle.dumps(ps))
        for text in texts:
            scanned = ps.scan(text)
            assert [(n, p.pattern, st) for n, p, st in back.scan(text)] == [
                (n, p.pattern, st) for n, p, st in scanned
            ]
            kept = {p.pattern: starts for _, p, starts in scanned}
            assert [p.pattern for _, p, _ in scanned] == [p.pattern for _, p in ps if p.pattern in kept]
            for _name, p in ps:
                expected = _all(re.compile(p.pattern), text)
                if p.pattern not in kept:
                    assert expected == [], (p.pattern, text)
                    continue
                starts = kept[p.pattern]
                got = p.finditer(text) if starts is None else matches_at(p, text, starts)
                assert [(m.span(), m.groups()) for m in got] == expected, (p.pattern, text)


def test_sentence_pass_scans_as_the_casualty_patterns_do() -> None:
    """The events' one pass over a sentence (WordGroups.read, with the casualty patterns' scan words) finds
    every occurrence of its words (overlapping ones too), and tells AnchoredSet.scanned what the set's own
    scan finds; so does the analyser's pass read back from a pickle (its automaton built again)."""
    from tracker.extraction.events import analyser

    for lang in ("ar", "en"):
        an = analyser(lang)
        wg, ps = an._words, an.casualties.patterns
        assert wg is not None
        back = pickle.loads(pickle.dumps(wg))
        table = dict(zip(wg._words, wg._payload, strict=True))
        rnd = random.Random(lang + "pass")
        pieces = sorted(ps.scan_words) + list(an.trigger_type) + ["12", "3", "،", ".", "و", "ال", " "]
        for _ in range(200):
            text = "".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(20))
            bits, kept, scan = wg.read(text, 4)
            assert scan is not None and ps.scanned(*scan) == ps.scan(text), text
            assert back.read(text, 4) == (bits, kept, scan)
            found = [(i, w) for w in table if w in text for i in range(len(text)) if text.startswith(w, i)]
            expected = wg.always
            for _i, w in found:
                expected |= table[w][0]
            assert bits == expected
            assert kept == sorted((i, i + len(w)) for i, w in found if table[w][0] & 4)


def test_triggers_from_the_prefilter_stems_are_those_searched() -> None:
    """SentenceAnalyser.triggers given the pre-filter's stems (matches_before) finds what its search finds."""
    from tracker.extraction.events import analyser

    for lang in ("ar", "en"):
        an = analyser(lang)
        rnd = random.Random(lang + "stems")
        pieces = list(an.trigger_type) + ["12", "،", ".", "و", "ال", "وال", "ها", "ب", "x", " "]
        for _ in range(300):
            text = "".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(20))
            stems = an.hit_spans(text)
            assert an.triggers(text, stems) == an.triggers(text), text


def test_subject_first_casualties_skipped_only_where_they_cannot_match() -> None:
    """CasualtyFinder.find leaves the subject-first construction out of a sentence in which no subject is
    followed by its spaces, auxiliaries and verb: the pattern finds nothing in any sentence it leaves out."""
    from tracker.extraction.casualties import finder as casualty_finder
    from tracker.extraction.casualty_grammar import subject_before_verb

    finder = casualty_finder("ar")
    assert finder._svo is not None
    svo = dict(finder.patterns)["svo"]
    verbs = list(finder.lex.get("killed_after") or [])
    subjects = [*finder.victim_class, *finder.singular, *finder.dual]
    aux = list(finder.lex.get("outcome_auxiliaries") or [])
    pieces = verbs + ["م" + v for v in verbs] + subjects + aux + ["3", "من", "،", "و", "ال", "_", " "]
    rnd = random.Random("svo")
    kept = 0
    for _ in range(4000):
        text = "".join(rnd.choice(pieces) + rnd.choice(["", "", " ", "\t"]) for _ in range(rnd.randint(1, 8)))
        if not subject_before_verb(text, *finder._svo):
            assert svo.search(text) is None, text
        else:
            kept += svo.search(text) is not None
    assert kept > 0


def test_counted_casualties_searched_only_where_they_can_stand() -> None:
    """CasualtyFinder.find searches the count-then-noun construction only where a counted noun has a figure's
    last digit or word before it, from after the last character no figure holds before the first counted
    noun to a little past the last one: the same matches."""
    from tracker.extraction.casualties import finder as casualty_finder
    from tracker.extraction.casualty_grammar import counted_matches

    finder = casualty_finder("ar")
    assert finder._counted_nouns is not None
    counted = dict(finder.patterns)["counted"]
    nouns = list(finder.lex.get("killed_counted_nouns") or []) + list(
        finder.lex.get("injured_counted_nouns") or []
    )
    pieces = (
        nouns
        + ["و" + n for n in nouns]
        + ["3", "12", "1,200", "ثلاثه", "عشرات", "نحو", "من", "،", "-", ".", "و", ":", "2016-04-3"]
        + ["ب", "ل", "ال", "لل", "وب", "ثمن", "x3", "مئات", "الاف", "خمسه عشر", "الف", "٣", "\n"]
    )
    rnd = random.Random("counted")
    for _ in range(6000):
        text = "".join(
            rnd.choice(pieces) + rnd.choice(["", " ", " ", "\t"]) for _ in range(rnd.randint(1, 9))
        )
        want = [(m.span(), m.groupdict()) for m in counted.finditer(text)]
        assert [
            (m.span(), m.groupdict()) for m in counted_matches(counted, text, finder._counted_nouns)
        ] == want


def test_mask_tells_the_casualty_hint_of_the_masked_text() -> None:
    """SentenceAnalyser.mask: the text masked as the pattern masks it, and CasualtyFinder.hint of it."""
    from tracker.extraction.events import analyser
    from tracker.resources import lexicon

    for lang in ("ar", "en"):
        an = analyser(lang)
        pieces = (
            list(lexicon(lang).get("mask") or []) + sorted(an.casualties.hint_words)[:40] + ["3", "و", " "]
        )
        rnd = random.Random(lang + "mask")
        for _ in range(600):
            text = "".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(rnd.randint(1, 6)))
            masked, hint = an.mask(text)
            assert masked == an.mask_re.sub(lambda m: " " * (m.end() - m.start()), text), text
            assert hint == an.casualties.hint(masked), text
