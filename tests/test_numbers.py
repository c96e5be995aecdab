"""The number grammar reads its words, joiners and range words from the lexicons."""

from __future__ import annotations

import pytest

from tracker.extraction.casualties import finder
from tracker.extraction.numbers import parse_quantity
from tracker.text.normalize import normalize_key


@pytest.mark.parametrize(
    ("lang", "text", "value", "high"),
    [
        pytest.param("ar", "خمسة وعشرين", 25, 25, id="ar-joined"),
        pytest.param("ar", "خمسة أو ستة", 5, 6, id="ar-range-or"),
        pytest.param("ar", "5-7", 5, 7, id="ar-range-dash"),
        pytest.param("en", "one hundred and five", 105, 105, id="en-joined"),
        pytest.param("en", "five to seven", 5, 7, id="en-range-to"),
    ],
)
def test_numbers_and_ranges(lang: str, text: str, value: int, high: int) -> None:
    q = parse_quantity(normalize_key(text), lang)
    assert q is not None and (q.value, q.high) == (value, high)


def test_a_toll_rising_from_one_figure_to_another_is_not_a_range() -> None:
    # "the toll rose from 31 to 32 killed": إلى is not a range word in Arabic (see ar.yaml numbers)
    found = finder("ar").find(normalize_key("ارتفعت حصيلة الهجوم من 31 إلى 32 قتيلا"))
    assert [(c.kind, c.quantity.value, c.quantity.qualifier) for c in found] == [("killed", 32, None)]
