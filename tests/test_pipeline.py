"""The pipeline as a whole: its stages, and the words of each row as the reporter wrote them.

Our own sentences. Stages read folded text (no diacritics, one alef, lower case); a row's ``*_text``
columns must still hold the article's own characters, whichever stage and text (sentence, headline,
lead) the words were found in.
"""

from __future__ import annotations

from datetime import date

import pytest

from tracker.document import Article
from tracker.extraction.pipeline import STAGES, extract_article

PUBLISHED = date(2017, 1, 24)


def _events(text: str, *, title: str | None = None, lang: str = "en") -> list[dict]:
    article = Article(id="a", text=text, title=title, lang=lang, published=PUBLISHED)
    return extract_article(article).events


def test_the_stages_run_in_this_order() -> None:
    assert [name for name, _ in STAGES] == [
        "segment",
        "events",
        "announcements",
        "when",
        "where",
        "abroad",
        "who",
        "ledger",
        "sort",
        "merge",
        "background",
        "carry",
        "judge",
        "rows",
    ]


@pytest.mark.parametrize(
    ("lang", "title", "text", "words", "how"),
    [
        pytest.param(
            "ar",
            "غارات على مدينة إدلب",
            "قتل 5 مدنيين اليوم.",
            "إدلب",
            "place from the dateline or headline",
            id="ar-body-figure-place-in-the-headline",
        ),
        pytest.param(
            "en",
            "Air strikes on Saraqib",
            "Five civilians were killed on Monday.",
            "Saraqib",
            "place from the dateline or headline",
            id="en-body-figure-place-in-the-headline",
        ),
        pytest.param(
            "en",
            None,
            "Residents of Saraqib woke to sirens on Sunday. Rescuers worked through the night. "
            "Medics said 5 people had been killed.",
            "Saraqib",
            "place from the dateline or headline",
            id="en-place-in-the-lead",
        ),
        pytest.param(
            "ar",
            None,
            "استيقظ أهالي مدينة إدلب على صفارات الإنذار. وعمل المسعفون طوال الليل. وقال مسعفون إن 5 أشخاص قتلوا.",
            "إدلب",
            "place from the dateline or headline",
            id="ar-place-in-the-lead",
        ),
        pytest.param(
            "en",
            "Air strikes kill 23 in Syria, monitor says",
            "Medics counted the dead in the town of Jisr al-Shughur on Friday.",
            "Jisr al-Shughur",
            "place from the lead",
            id="en-headline-names-the-country-the-lead-the-place",
        ),
    ],
)
def test_location_text_is_the_place_as_written(
    lang: str, title: str | None, text: str, words: str, how: str
) -> None:
    rows = [r for r in _events(text, title=title, lang=lang) if how in (r["notes"] or "")]
    assert [r["location_text"] for r in rows] == [words]


@pytest.mark.parametrize(
    ("lang", "title", "text"),
    [
        ("ar", "غارات على مدينة إدلب", "قتل 5 مدنيين اليوم."),
        ("en", "Air strikes on Saraqib", "Five civilians were killed on Monday."),
        (
            "en",
            "Syrian Army kills 35 Nusra fighters near Damascus",
            "Patrols killed about 35 militants on Monday.",
        ),
        ("ar", "الجيش السوري يقتل 35 مسلحا من جبهة النصرة قرب دمشق", "وقتل 35 مسلحا يوم الاثنين."),
        ("en", None, "Government warplanes killed 7 civilians in Saraqib on Monday."),
        ("ar", None, "قُتل ١٢ شخصاً جراء غاراتٍ على سراقب أمس"),
    ],
)
def test_every_text_column_holds_words_of_the_article(lang: str, title: str | None, text: str) -> None:
    rows = _events(text, title=title, lang=lang)
    assert rows
    for row in rows:
        for col in ("trigger_text", "count_text", "date_text", "location_text", "actor1_text", "actor2_text"):
            words = row.get(col)
            if words is not None:
                assert words in text or words in (title or ""), (col, words)
