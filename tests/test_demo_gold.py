"""End to end: the extractor on the bundled demo corpus finds the hand-written gold events.

Precision and recall are counted by ``tests/demo_matching.py`` (the same code as
``scripts/eval_demo.py``, which prints the misses): a match is the same article, the same sub-event
family, equal fatalities (or both unknown) and the same governorate.
"""

from __future__ import annotations

import pytest

import tracker
from tests.demo_matching import Score, load_corpus, load_gold, score, to_articles

THRESHOLD = 0.9


@pytest.fixture(scope="module")
def result() -> Score:
    articles = to_articles(load_corpus())
    frame = tracker.extract(articles)
    return score(load_gold(), frame.to_dict("records"))


def test_demo_precision(result: Score) -> None:
    precision = result.precision
    assert precision >= THRESHOLD, result.summary(misses=20)


def test_demo_recall(result: Score) -> None:
    recall = result.recall
    assert recall >= THRESHOLD, result.summary(misses=20)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_demo_recall_per_language(lang: str) -> None:
    # One language must not carry the other: each alone reaches the threshold less a margin.
    records = [r for r in load_corpus() if r["lang"] == lang]
    ids = {r["id"] for r in records}
    gold = [g for g in load_gold() if g["article_id"] in ids]
    frame = tracker.extract(to_articles(records))
    per_lang = score(gold, frame.to_dict("records"))
    recall = per_lang.recall
    assert recall >= THRESHOLD - 0.05, per_lang.summary(misses=10)
