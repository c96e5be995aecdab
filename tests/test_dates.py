"""Relative dates ("N days ago", "منذ N أيام") read their count with the number grammar of the lexicon."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import tracker
from tracker.extraction.dates import resolve_date_expression
from tracker.text.normalize import normalize_key

PUBLISHED = date(2017, 1, 24)

AR_DAYS = {
    2: "اثنين",
    3: "ثلاثة",
    4: "أربعة",
    5: "خمسة",
    6: "ستة",
    7: "سبعة",
    8: "ثمانية",
    9: "تسعة",
    10: "عشرة",
    11: "أحد عشر",
    12: "اثني عشر",
}
EN_NUMBERS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
}


def _ar_unit(n: int, *, week: bool) -> str:
    # Arabic counts 3-10 take the plural, 11 and above the accusative singular
    if week:
        return "أسابيع" if n <= 10 else "أسبوعا"
    return "أيام" if n <= 10 else "يوما"


def _cases() -> list[object]:
    out = []
    for n in range(3, 13):
        for week in (False, True):
            unit, days, kind = _ar_unit(n, week=week), n * (7 if week else 1), "weeks" if week else "days"
            out.append(pytest.param("ar", f"منذ {AR_DAYS[n]} {unit}", days, id=f"ar-{n}-{kind}-words"))
            out.append(pytest.param("ar", f"قبل {n} {unit}", days, id=f"ar-{n}-{kind}-digits"))
    for n in range(2, 13):
        for unit, size in (("days", 1), ("weeks", 7)):
            out.append(pytest.param("en", f"{EN_NUMBERS[n]} {unit} ago", n * size, id=f"en-{n}-{unit}-words"))
            out.append(pytest.param("en", f"{n} {unit} ago", n * size, id=f"en-{n}-{unit}-digits"))
    out += [
        pytest.param("ar", "منذ يومين", 2, id="ar-dual-days"),
        pytest.param("ar", "قبل يومين", 2, id="ar-dual-days-qabl"),
        pytest.param("ar", "منذ أسبوعين", 14, id="ar-dual-weeks"),
        pytest.param("ar", "منذ يوم", 1, id="ar-a-day"),
        pytest.param("ar", "منذ أسبوع", 7, id="ar-a-week"),
        pytest.param("ar", "منذ ثلاث أيام", 3, id="ar-3-feminine-form"),
        pytest.param("ar", "منذ ثماني أيام", 8, id="ar-8-construct-form"),
        pytest.param("ar", "منذ خمسة عشر يوما", 15, id="ar-15-days-words"),
        pytest.param("en", "twenty-one days ago", 21, id="en-21-hyphenated"),
        pytest.param("en", "a couple of days ago", 2, id="en-a-couple"),
    ]
    return out


@pytest.mark.parametrize(("lang", "text", "days"), _cases())
def test_n_days_or_weeks_ago(lang: str, text: str, days: int) -> None:
    found = resolve_date_expression(normalize_key(text), lang, published=PUBLISHED)
    assert found is not None and found.text == normalize_key(text)
    assert found.date == PUBLISHED - timedelta(days=days)
    assert found.precision == (1 if days < 7 else 2 if days < 28 else 3)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param("en", "several days ago", id="en-several"),
        pytest.param("en", "a few weeks ago", id="en-a-few"),
        pytest.param("ar", "منذ عدة أيام", id="ar-several"),
        pytest.param("ar", "منذ بضعة أيام", id="ar-a-few"),
        pytest.param("en", "999999 days ago", id="en-before-year-1"),  # it raised OverflowError
    ],
)
def test_a_vague_count_gives_no_day(lang: str, text: str) -> None:
    found = resolve_date_expression(normalize_key(text), lang, published=PUBLISHED)
    assert found is None or found.date is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        pytest.param("قتل 5 مدنيين بقصف على حلب منذ ثمانية أيام", "2017-01-16", id="ar-8-days"),
        pytest.param("قتل 5 مدنيين بقصف على حلب منذ عشرة أيام", "2017-01-14", id="ar-10-days"),
        pytest.param("Shelling killed 5 civilians in Aleppo eight days ago", "2017-01-16", id="en-8-days"),
    ],
)
def test_the_event_takes_the_relative_date(text: str, day: str) -> None:
    frame = tracker.extract([text], published=str(PUBLISHED))
    assert [str(d.date()) for d in frame["event_date"]] == [day]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_month_patterns_skipped_only_where_they_cannot_match(lang: str) -> None:
    """DateFinder.find leaves the month patterns out of a text with no month name after a proclitic at a
    word's start and before a year or no word character: none of them matches a text it leaves out."""
    import random

    from tracker.extraction.dates import _MONTH_PATTERNS, finder

    f = finder(lang)
    patterns = [p for name, p in f.patterns.patterns if name in _MONTH_PATTERNS]
    months = list(f.months)
    pieces = (
        months + ["و" + m for m in months] + ["ب", "ال", "في", "3", "12", "2016", "عام", "year", ",", "-"]
    )
    rnd = random.Random(f"months-{lang}")
    kept = 0
    for _ in range(3000):
        text = "".join(
            rnd.choice(pieces) + rnd.choice(["", " ", " ", "\t"]) for _ in range(rnd.randint(1, 6))
        )
        if not f._month_named(text):
            assert not any(p.search(text) for p in patterns), text
        else:
            kept += any(p.search(text) is not None for p in patterns)
    assert kept > 0


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_day_is_named_only_where_may_name_day_says(lang: str) -> None:
    """DateFinder.may_name_day (when's next and earlier sentences are searched only when it holds): find
    tells no day named by its date or weekday in a text it turns down."""
    import random

    from tracker.extraction.dates import finder

    f = finder(lang)
    pieces = [
        *f.months,
        *f.weekdays,
        *f.relative,
        "ب",
        "ال",
        "يوم",
        "3",
        "12",
        "2016",
        "2016-04-03",
        "-",
        ",",
    ]
    rnd = random.Random(f"days-{lang}")
    kept = 0
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) + rnd.choice(["", " ", " "]) for _ in range(rnd.randint(1, 6)))
        named = [d for d in f.find(text, published=date(2017, 1, 24)) if d.named_day]
        if not f.may_name_day(text):
            assert not named, text
        else:
            kept += bool(named)
    assert kept > 0
