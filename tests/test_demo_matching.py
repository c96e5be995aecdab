"""The demo corpus and its gold file are consistent, and the matching used to score them behaves."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import pytest

from tests.demo_matching import FAMILIES, GOLD_PATH, is_match, load_corpus, load_gold, pair_events, score
from tracker.schema import ADMIN1, SUB_EVENT_TYPES, to_frame

SIDES = {"government", "opposition", "other", "civilians", "unknown"}
CEASEFIRE_START = date(2016, 12, 30)
EXCLUDED = {"Islamic State (Syria)", "Jabhat Fateh al-Sham", "HTS: Hayat Tahrir al Sham"}


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return load_corpus()


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return load_gold()


def _events(gold: list[dict]) -> list[tuple[str, dict]]:
    return [(item["article_id"], e) for item in gold for e in item["events"]]


# ---- the corpus -------------------------------------------------------------------------------------------


def test_corpus_records_are_complete_and_in_range(corpus: list[dict]) -> None:
    assert len(corpus) >= 140
    for r in corpus:
        assert set(r) == {"id", "lang", "published", "source", "url", "title", "text"}, r["id"]
        assert r["lang"] in ("ar", "en")
        assert date(2016, 12, 1) <= date.fromisoformat(r["published"]) <= date(2017, 3, 31), r["id"]
        assert r["url"].startswith("http://demo.invalid/")
        assert r["title"].strip() and len(r["text"]) > 60, r["id"]
    assert len({r["id"] for r in corpus}) == len(corpus)
    assert len({r["url"] for r in corpus}) == len(corpus)


def test_corpus_mixes_languages_and_months(corpus: list[dict]) -> None:
    langs = Counter(r["lang"] for r in corpus)
    assert min(langs.values()) >= 0.4 * len(corpus)
    months = Counter(r["published"][:7] for r in corpus)
    assert set(months) == {"2016-12", "2017-01", "2017-02", "2017-03"}


def test_arabic_reports_are_arabic(corpus: list[dict]) -> None:
    from tracker.run.inputs import detect_language

    wrong = [r["id"] for r in corpus if detect_language(r["title"] + " " + r["text"]) != r["lang"]]
    assert wrong == []


# ---- the gold file ----------------------------------------------------------------------------------------


def test_gold_has_one_item_per_article_in_order(corpus: list[dict], gold: list[dict]) -> None:
    assert [g["article_id"] for g in gold] == [r["id"] for r in corpus]
    assert all(g["why"].strip() for g in gold)


def test_gold_events_use_the_contract_vocabulary(gold: list[dict]) -> None:
    from tracker.actors import registry

    known_actors = {a.name for a in registry()}
    for aid, e in _events(gold):
        assert e["sub_event_type"] in SUB_EVENT_TYPES, aid
        assert e["admin1"] is None or e["admin1"] in ADMIN1.values(), aid
        assert e["actor1_side"] in SIDES, aid
        if e["actor1"] is not None and not e.get("country"):
            assert e["actor1"] in known_actors, (aid, e["actor1"])
        for key in ("fatalities", "injured"):
            assert e[key] is None or (isinstance(e[key], int) and e[key] > 0), aid
        assert e["violation"] in (True, False, None), aid


def test_gold_dates_never_follow_publication(corpus: list[dict], gold: list[dict]) -> None:
    published = {r["id"]: date.fromisoformat(r["published"]) for r in corpus}
    late = [aid for aid, e in _events(gold) if date.fromisoformat(e["event_date"]) > published[aid]]
    assert late == []


@pytest.mark.parametrize(
    ("rule", "check"),
    [
        (
            "before the ceasefire: not in scope",
            lambda e: e["event_date"] >= "2016-12-30" or e["violation"] is None,
        ),
        (
            "outside Syria: no governorate, not in scope",
            lambda e: not e.get("country") or (e["admin1"] is None and e["violation"] is None),
        ),
        (
            "excluded groups never violate",
            lambda e: e["actor1"] not in EXCLUDED or e["violation"] is not True,
        ),
        ("unknown perpetrator: unknown", lambda e: e["actor1_side"] != "unknown" or e["violation"] is None),
    ],
    ids=["before-start", "outside-syria", "excluded", "unknown-actor"],
)
def test_gold_violations_follow_the_ceasefire_rules(gold: list[dict], rule: str, check) -> None:
    broken = [aid for aid, e in _events(gold) if not check(e)]
    assert broken == [], rule


def test_gold_covers_what_the_demo_promises(gold: list[dict]) -> None:
    events = [e for _, e in _events(gold)]
    after = [e for e in events if e["event_date"] >= CEASEFIRE_START.isoformat() and not e.get("country")]
    violations = Counter(e["actor1_side"] for e in after if e["violation"] is True)
    assert violations["government"] >= 10 and violations["opposition"] >= 5
    assert sum(e["violation"] is False for e in after) >= 10
    assert sum(e["fatalities"] is None for e in events) >= 10
    assert sum(bool(e.get("country")) for e in events) >= 3
    assert sum(not g["events"] for g in gold) >= 10
    assert sum(len(g["aggregates"]) for g in gold) >= 5
    per_incident = Counter(e["incident"] for e in events if e.get("incident"))
    assert sum(n >= 3 for n in per_incident.values()) >= 3


def test_multi_outlet_incidents_agree_on_place_and_date(gold: list[dict]) -> None:
    seen: dict[str, tuple] = {}
    for aid, e in _events(gold):
        if e.get("incident"):
            key = (e["admin1"], e["event_date"], FAMILIES[e["sub_event_type"]])
            assert seen.setdefault(e["incident"], key) == key, aid


# ---- the matching -----------------------------------------------------------------------------------------

GOLD_EVENT = {"sub_event_type": "Suicide bomb", "fatalities": 12, "admin1": "Damascus"}


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        ({"sub_event_type": "Suicide bomb", "fatalities": 12, "admin1": "Damascus"}, True),
        ({"sub_event_type": "Remote explosive/landmine/IED", "fatalities": 12, "admin1": "Damascus"}, True),
        ({"sub_event_type": "Air/drone strike", "fatalities": 12, "admin1": "Damascus"}, False),
        ({"sub_event_type": "Suicide bomb", "fatalities": 13, "admin1": "Damascus"}, False),
        ({"sub_event_type": "Suicide bomb", "fatalities": 12, "admin1": "Rural Damascus"}, False),
        ({"sub_event_type": "Suicide bomb", "fatalities": 12.0, "admin1": "Damascus"}, True),
        ({"sub_event_type": None, "fatalities": 12, "admin1": "Damascus"}, False),
    ],
    ids=["same", "same-family", "other-family", "other-count", "other-governorate", "float-count", "no-type"],
)
def test_is_match(pred: dict, expected: bool) -> None:
    assert is_match(GOLD_EVENT, pred) is expected


@pytest.mark.parametrize(
    ("gold_value", "pred_value"),
    [(None, None), (None, 0), (None, pd.NA), (0, None)],
    ids=["none-none", "none-zero", "none-na", "zero-none"],
)
def test_missing_counts_match(gold_value, pred_value) -> None:
    g = {"sub_event_type": "Armed clash", "fatalities": gold_value, "admin1": None}
    p = {"sub_event_type": "Armed clash", "fatalities": pred_value, "admin1": pd.NA}
    assert is_match(g, p)


def test_pairing_is_one_to_one_and_prefers_agreeing_fields() -> None:
    air = {"sub_event_type": "Air/drone strike", "fatalities": 5, "admin1": "Idleb"}
    shelling = {**air, "sub_event_type": "Shelling/artillery/missile attack"}
    saraqeb, ariha = {**air, "location": "Saraqeb"}, {**air, "location": "Ariha"}
    assert pair_events([air, air], [air]) == [(0, 0)]
    assert pair_events([air], [air, air]) == [(0, 0)]
    assert pair_events([air], [shelling]) == []
    # Both pairings are valid; the one that also agrees on the place wins.
    assert pair_events([saraqeb, ariha], [ariha, saraqeb]) == [(0, 1), (1, 0)]


def test_score_counts_precision_recall_and_fields() -> None:
    gold = [
        {
            "article_id": "a",
            "events": [
                {
                    "sub_event_type": "Air/drone strike",
                    "fatalities": 5,
                    "admin1": "Idleb",
                    "location": "Saraqeb",
                },
                {"sub_event_type": "Armed clash", "fatalities": None, "admin1": "Hama", "location": "Morek"},
            ],
            "aggregates": [{"count": 300, "kind": "killed"}],
        },
        {"article_id": "b", "events": [], "aggregates": []},
    ]
    rows = to_frame(
        [
            {
                "article_id": "a",
                "sub_event_type": "Air/drone strike",
                "fatalities": 5,
                "admin1": "Idleb",
                "location": "Saraqib",
            },
            {"article_id": "b", "sub_event_type": "Attack", "fatalities": 2, "admin1": "Homs"},
            {"article_id": "z", "sub_event_type": "Attack", "fatalities": 2, "admin1": "Homs"},  # not in gold
        ]
    ).to_dict("records")
    result = score(gold, rows, aggregates=[{"article_id": "a", "count": 300, "kind": "killed"}])
    assert (result.n_gold, result.n_pred, result.n_matched) == (2, 2, 1)
    assert result.precision == 0.5 and result.recall == 0.5
    assert result.field_accuracy()["fatalities"] == 1.0
    assert result.field_accuracy()["location"] == 0.0  # spelling differs beyond folding
    assert [aid for aid, _ in result.missed] == ["a"] and [aid for aid, _ in result.extra] == ["b"]
    assert (result.n_found_aggregates, result.n_gold_aggregates) == (1, 1)


def test_gold_scores_perfectly_against_itself_through_a_frame(gold: list[dict]) -> None:
    rows = [{**e, "article_id": aid} for aid, e in _events(gold)]
    result = score(gold, to_frame(rows).to_dict("records"))
    assert result.precision == 1.0 and result.recall == 1.0
    assert set(result.field_accuracy().values()) == {1.0}


def test_gold_path_is_in_tests_data() -> None:
    assert GOLD_PATH.parent.name == "data" and GOLD_PATH.is_file()
