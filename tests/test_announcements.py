"""Ceasefire announcements found in the news (``tracker.extraction.announcements``), and their word lists."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import needs_shared
from tracker.extraction.announcements import find_announcements
from tracker.resources import load_yaml
from tracker.text.normalize import normalize, normalize_key

ANNOUNCEMENTS = [
    # (id, lang, published, text, expected starts, why)
    (
        "ar-maghrebi-month-year-before",
        "ar",
        date(2017, 1, 24),
        "وشكلت الدول الثلاث آلية لمراقبة وقف إطلاق النار، وقد دخل حيز التنفيذ يوم 30 دجنبر.",
        [date(2016, 12, 30)],
        "year-less date a month before publication",
    ),
    (
        "ar-levantine-month",
        "ar",
        date(2016, 9, 13),
        "قال الجيش إن الهدنة دخلت حيز التنفيذ مساء 12 أيلول في كل المناطق.",
        [date(2016, 9, 12)],
        "Levantine month name",
    ),
    (
        "ar-egyptian-month-year",
        "ar",
        date(2016, 3, 1),
        "بدأ سريان وقف الأعمال العدائية في 27 فبراير 2016 في أنحاء البلاد.",
        [date(2016, 2, 27)],
        "explicit year, trigger before the noun",
    ),
    (
        "ar-prefixed-noun-future-midnight",
        "ar",
        date(2016, 12, 29),
        "أعلنت موسكو أن وقف إطلاق النار سيدخل حيز التنفيذ منتصف الليل.",
        [date(2016, 12, 30)],
        "future tense: the coming midnight",
    ),
    (
        "ar-yesterday",
        "ar",
        date(2017, 5, 7),
        "وقالت المصادر إن اتفاق خفض التصعيد بدأ سريانه أمس في أربع مناطق.",
        [date(2017, 5, 6)],
        "relative day",
    ),
    (
        "ar-as-of-tomorrow",
        "ar",
        date(2015, 7, 25),
        "التحالف يعلن بدء الهدنة الإنسانية اعتبارا من الغد لمدة خمسة أيام.",
        [date(2015, 7, 26)],
        "'as of tomorrow'",
    ),
    (
        "ar-day-before-yesterday",
        "ar",
        date(2016, 2, 29),
        "وقال إن وقف الأعمال العدائية دخل حيز التنفيذ أول من أمس.",
        [date(2016, 2, 27)],
        "the longest relative phrase wins",
    ),
    (
        "ar-talk-not-announcement",
        "ar",
        date(2017, 1, 24),
        "وقال المبعوث إن المهم هو التوصل إلى آلية لمراقبة وقف إطلاق نار على مستوى البلاد.",
        [],
        "talk about a ceasefire is not an announcement",
    ),
    (
        "ar-fragile-not-announcement",
        "ar",
        date(2017, 1, 24),
        "ودعا إلى تعزيز وقف إطلاق النار الهش الذي تعرض للخرق مرارا.",
        [],
        "a violated ceasefire is not a new one",
    ),
    (
        "en-midnight-past",
        "en",
        date(2016, 9, 13),
        "A truce took effect at midnight across the country, monitors said.",
        [date(2016, 9, 13)],
        "past tense: the midnight that began the day",
    ),
    (
        "en-month-day",
        "en",
        date(2017, 1, 5),
        "The ceasefire, which came into force on December 30, has largely held.",
        [date(2016, 12, 30)],
        "month-day order",
    ),
    (
        "en-day-month-year",
        "en",
        date(2017, 5, 8),
        "The de-escalation memorandum entered into force on 6 May 2017, officials said.",
        [date(2017, 5, 6)],
        "explicit year",
    ),
    (
        "en-weekday",
        "en",
        date(2016, 9, 14),
        "A cease-fire began on Monday evening in Aleppo.",
        [date(2016, 9, 12)],
        "weekday counted back",
    ),
    (
        "en-announced-with-date",
        "en",
        date(2016, 2, 23),
        "Russia and the United States announced a cessation of hostilities starting on February 27.",
        [date(2016, 2, 27)],
        "announcement with a date",
    ),
    (
        "en-no-trigger",
        "en",
        date(2017, 1, 24),
        "Violations of the ceasefire were reported in Hama.",
        [],
        "no entry into force",
    ),
    (
        "en-two-sentences",
        "en",
        date(2016, 12, 29),
        "The truce will take effect at midnight. Monitors said a ceasefire came into force on 27 February.",
        [date(2016, 12, 30), date(2016, 2, 27)],
        "one candidate per sentence",
    ),
]


@pytest.mark.parametrize(
    ("lang", "published", "text", "starts", "why"),
    [a[1:] for a in ANNOUNCEMENTS],
    ids=[a[0] for a in ANNOUNCEMENTS],
)
def test_find_announcements(lang, published, text, starts, why):
    folded = normalize(text).text
    found = find_announcements(folded, lang, published=published)
    assert [f["start"] for f in found] == starts, why
    for f in found:
        assert f["event_type"] == "Strategic developments" and f["sub_event_type"] == "Agreement"
        assert f["lang"] == lang
        assert 0 <= f["span_start"] < f["span_end"] <= len(folded)
        assert folded[f["span_start"] : f["span_end"]] in f["evidence"]
        assert folded[f["evidence_start"] : f["evidence_end"]].strip() == f["evidence"]


def test_announcement_name_and_registry_match():
    text = normalize("a truce took effect at midnight").text
    (found,) = find_announcements(text, "en", published=date(2016, 12, 30))
    assert found["name"] == "Truce of 30 December 2016"
    assert found["registry_id"] == "nationwide-2016-12-30"
    assert found["trigger_text"] == "took effect" and found["date_text"] == "midnight"


def test_announcement_without_publication_date_has_no_start():
    (found,) = find_announcements(normalize("a truce took effect at midnight").text, "en", published=None)
    assert found["start"] is None and found["name"] == "Truce (date not stated)"


def _corpus_article(shared: Path, article_id: str) -> dict:
    import gzip

    with gzip.open(shared / "corpus" / "saudinewsnet-ar" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            if f'"{article_id}"' in line:
                return json.loads(line)
    raise AssertionError(f"{article_id} not in the corpus")


@needs_shared
@pytest.mark.parametrize(
    ("article_id", "start"),
    [
        (
            "snn-71e0291b9262",
            date(2015, 7, 26),
        ),  # coalition truce in Yemen "as of next Sunday", published Saturday
        ("snn-2d3b8b64d741", date(2015, 7, 26)),  # the same truce, with the decree's own date
    ],
    ids=["weekday-ahead", "explicit-date"],
)
def test_real_announcements_in_arabic_news(shared: Path, article_id, start):
    a = _corpus_article(shared, article_id)
    text = normalize(f"{a['title']}\n{a['text']}").text
    found = find_announcements(text, "ar", published=date.fromisoformat(a["published"][:10]))
    assert found and {f["start"] for f in found} == {start}


@needs_shared
def test_seed_mentions_the_nationwide_ceasefire(shared: Path):
    meta = json.loads((shared / "seed" / "astana-talks.meta.json").read_text(encoding="utf-8"))
    text = (shared / "seed" / "astana-talks.ar.txt").read_text(encoding="utf-8")
    found = find_announcements(normalize(text).text, "ar", published=date.fromisoformat(meta["published"]))
    assert [f["start"] for f in found] == [date(2016, 12, 30)]
    assert found[0]["registry_id"] == "nationwide-2016-12-30"


# -- the word lists ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_announcement_lexicon_is_consistent(lang):
    raw = load_yaml("lexicon_ceasefire", f"{lang}.yaml")
    months = raw["months"]
    assert set(months.values()) == set(range(1, 13))
    assert set(raw["weekdays"].values()) == set(range(7))
    for key in ("nouns", "in_force", "announced", "months"):
        assert raw[key], key
    folded = [normalize_key(k) for k in months]
    assert len(folded) == len(set(folded)), "two month names fold to the same key"


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("دجنبر", 12),
        ("كانون الأول", 12),
        ("ديسمبر", 12),
        ("شباط", 2),
        ("فيفري", 2),
        ("أيار", 5),
        ("ماي", 5),
        ("غشت", 8),
        ("آب", 8),
    ],
    ids=[
        "maghrebi-dec",
        "levantine-dec",
        "egyptian-dec",
        "levantine-feb",
        "algerian-feb",
        "levantine-may",
        "maghrebi-may",
        "maghrebi-aug",
        "levantine-aug",
    ],
)
def test_arabic_month_names(word, month):
    assert load_yaml("lexicon_ceasefire", "ar.yaml")["months"][word] == month


# -- robustness -------------------------------------------------------------------------------------

_PIECES = [
    "وقف إطلاق النار",
    "الهدنة",
    "دخل حيز التنفيذ",
    "سيدخل",
    "أمس",
    "30",
    "31",
    "دجنبر",
    "شباط",
    "2016",
]
_PIECES += [
    "truce",
    "ceasefire",
    "took effect",
    "will take effect",
    "midnight",
    "february",
    "monday",
    ".",
    "\n",
]


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=25),
    lang=st.sampled_from(["ar", "en"]),
    published=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))),
)
def test_find_announcements_on_arbitrary_text(parts, lang, published):
    text = normalize(" ".join(parts)).text
    for f in find_announcements(text, lang, published=published):
        assert 0 <= f["span_start"] < f["span_end"] <= len(text)
        assert f["start"] is None or isinstance(f["start"], date)
        if published is None and f["start"] is not None:
            assert re.search(r"(19|20)\d\d", f["date_text"]), (
                "without a publication date only a written year gives a start"
            )


# -- the package's import order --------------------------------------------------------------------


@pytest.mark.parametrize(
    "first", ["tracker.extraction.announcements", "tracker.ceasefires", "tracker.ceasefires.judge"]
)
def test_announcements_and_ceasefires_import_in_either_order(first):
    # The announcements read the registry: importing either first must work.
    code = f"import {first}; import tracker.ceasefires as cf; import tracker.extraction.announcements as an; an.find_announcements; cf.judge_row"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
