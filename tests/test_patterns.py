"""alternation(): the words as a trie match what the flat alternation, longest first, matches."""

from __future__ import annotations

import random
import re

import pytest

from tracker.text.patterns import alternation


def flat(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted({w for w in words if w}, key=len, reverse=True))


CONTEXTS = [
    r"(?<!\w)(?:{})(?!\w)",
    r"(?P<w>{})",
    r"(?:{})\s+(\w+)",
    r"(?:{})e",  # the match must give back letters to the rest of the pattern
    r"(?<!\w)(?:{})(?:\s+\S+){{0,2}}?\s+(?:{})(?!\w)",
]


@pytest.mark.parametrize("seed", range(6))
def test_trie_matches_the_flat_alternation(seed):
    rng = random.Random(seed)
    alphabet = "ab e.قتل"  # few letters: many words share beginnings and are prefixes of others
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(40)] + [""]
    texts = ["".join(rng.choice(alphabet) for _ in range(200)) for _ in range(20)]
    for context in CONTEXTS:
        ours = re.compile(context.format(alternation(words), alternation(words)))
        theirs = re.compile(context.format(flat(words), flat(words)))
        for text in texts:
            assert [(m.span(), m.groups()) for m in ours.finditer(text)] == [
                (m.span(), m.groups()) for m in theirs.finditer(text)
            ]


def test_longer_phrase_wins_and_gives_back():
    pat = re.compile(rf"(?:{alternation(['air', 'air strike', 'air strikes'])})")
    assert pat.match("air strikes hit").group() == "air strikes"
    assert (
        re.match(rf"(?:{alternation(['air', 'air strikes'])}) strike", "air strike").group() == "air strike"
    )


def test_special_characters_are_escaped_and_empty_gives_empty():
    assert re.fullmatch(alternation(["a.b", "a+", "(x)"]), "a.b")
    assert not re.fullmatch(alternation(["a.b"]), "axb")
    assert alternation([]) == alternation([""]) == ""
    assert alternation("word") == "word"
