"""The pre-filter's keyword search folds text exactly as :func:`tracker.text.normalize.normalize` does.

The pre-filter runs on raw article text so that most articles are dropped before they are normalised;
it must never drop an article whose normalised text holds a trigger word.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracker


@pytest.mark.parametrize(
    ("plain", "raw"),
    [
        pytest.param("قتل 5 مدنيين في حلب أمس", "ق\u061cتل 5 مدنيين في حلب أمس", id="ar-letter-mark"),
        pytest.param(
            "5 civilians killed in Idlib yesterday",
            "5 civilians kil\u0301led in Idlib yesterday",
            id="en-combining",
        ),
    ],
)
def test_a_character_normalisation_removes_does_not_hide_the_article(plain: str, raw: str) -> None:
    from tracker.text.normalize import normalize

    assert normalize(raw).text == normalize(plain).text
    assert len(tracker.extract([plain], published="2017-01-24")) == 1
    assert len(tracker.extract([raw], published="2017-01-24")) == 1


def _spellings() -> dict[str, list[str]]:
    """Folded character -> the raw characters that fold to it (itself included)."""
    from tracker.text.normalize import folds

    out: dict[str, list[str]] = {}
    for src, dst in sorted(folds().items()):
        if dst:
            out.setdefault(dst, [dst]).append(src)
    return out


@st.composite
def _raw_text(draw: st.DrawFn, words: list[str]) -> str:
    """Text made of trigger words spelled as raw text may spell them (other letter forms, marks and
    controls inside, capitals), cut short or not, between arbitrary characters."""
    from tracker.text.normalize import folds

    spell = _spellings()
    removed = [c for c, d in folds().items() if not d]
    pieces = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            pieces.append(draw(st.text(max_size=6)))
            continue
        word = draw(st.sampled_from(words))
        word = word[: draw(st.integers(1, len(word)))] if draw(st.booleans()) else word
        for ch in word:
            pieces.append(draw(st.sampled_from(spell.get(ch, [ch]))))
            if draw(st.integers(0, 5)) == 0:
                pieces.append(draw(st.sampled_from(removed)))
    return "".join(pieces)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_raw_search_agrees_with_searching_the_normalised_text(lang: str) -> None:
    from tracker.extraction.events import analyser
    from tracker.resources import lexicon
    from tracker.text.keywords import KeywordSet, RawKeywordSet
    from tracker.text.normalize import normalize

    words = lexicon(lang)["prefilter"]
    raw, folded = RawKeywordSet(words), KeywordSet(words)

    @given(st.one_of(_raw_text(words), st.text()))
    @settings(max_examples=400, deadline=None)
    def agree(text: str) -> None:
        assert raw.any(text) == folded.any(normalize(text).text)

    agree()
    an = analyser(lang)
    assert an.raw_may_have_events("x ق\u061cتل x k\u0301illed") == an.may_have_events("x قتل x killed")


def test_raw_search_of_spellings_over_the_cap() -> None:
    # a word with more raw spellings than SPELLING_CAP is found by its start, then confirmed by folding
    from tracker.text.keywords import KeywordSet, RawKeywordSet
    from tracker.text.normalize import normalize

    words = ["ااااااااب", "اه ات", "k-k", "is"]  # ("is": searched by its spellings, not by a byte scan)
    raw, folded = RawKeywordSet(words), KeywordSet(words)
    assert folded.folded_scan() is None

    @given(st.text(alphabet="اأإآٱبتة ى\u064e\u00a0Kk\u0301-\u2013", max_size=30))
    @settings(max_examples=300, deadline=None)
    def agree(text: str) -> None:
        assert raw.any(text) == folded.any(normalize(text).text)

    agree()
    assert raw.any("أاإآٱ\u064eاااب") and not raw.any("أاإآٱااا")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_scanning_raw_text_finds_what_searching_the_folded_text_finds(lang: str) -> None:
    # the pre-filter's byte scan (FoldedScan, for the Arabic words) finds what folding, then searching, finds,
    # and gives the same folded text;
    # the English words (with an "s" folding may keep upper case) are searched in the folded text
    import pickle

    from tracker.resources import lexicon
    from tracker.text.foldscan import FoldedScan
    from tracker.text.keywords import KeywordSet
    from tracker.text.normalize import fold

    words = lexicon(lang)["prefilter"]
    keywords = KeywordSet(words)
    scan = FoldedScan.of(words)
    assert (scan is not None) == (lang == "ar")
    if scan is not None:
        scan = pickle.loads(pickle.dumps(scan))  # the resource cache pickles it: built again from its words
    # characters without a byte of their own (Latin combining marks, emoji, lone surrogates) and "?" too
    noise = st.text(alphabet="?IS\u0301\u036f\U0001f600\ud800\ufffe\x00 .ظxÉ\u06d6", max_size=4)

    @given(st.one_of(_raw_text(words), st.text(), st.lists(st.one_of(_raw_text(words), noise)).map("".join)))
    @settings(max_examples=400, deadline=None)
    def agree(text: str) -> None:
        folded = fold(text)
        expected = keywords.spans(folded)
        found = keywords.scan(text)
        assert (found.spans, found.folded()) == (expected, folded)
        if scan is not None:
            found = scan.scan(text)
            assert (found.spans, found.folded()) == (expected, folded)

    agree()


def test_folded_scan_needs_folded_words_with_room_for_their_bytes() -> None:
    from tracker.text.foldscan import FoldedScan

    assert FoldedScan.of([]) is None
    assert FoldedScan.of(["أطلق"]) is None  # not folded
    assert FoldedScan.of(["is it"]) is None  # "IS" stays as written when folded
    assert FoldedScan.of(["".join(chr(c) for c in range(0x4E00, 0x4F00))]) is None  # 256 characters
    assert FoldedScan.of(["قتل"]) is not None
    with pytest.raises(ValueError, match="code page"):
        FoldedScan(["".join(chr(c) for c in range(0x4E00, 0x4F00))])
