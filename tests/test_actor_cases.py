"""Golden actor-role cases (tests/data/cases_actors.yaml) over a fictional registry (tests/data/actors_fictional.yaml).

Each record names the trigger (and, when the case is about it, the casualty phrase) by its words; only the fields
its ``expected`` lists are compared, so a case checks one rule and stays readable. The registry is our own small
file of invented groups, so editing tracker/resources/actors/actors.yaml cannot break the grammar cases.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tracker.actors import ActorMatch, ActorTagger, load_registry
from tracker.extraction.segment import split_clauses
from tracker.text.normalize import normalize

DATA = Path(__file__).parent / "data"
REGISTRY = DATA / "actors_fictional.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "cases_actors.yaml").read_text(encoding="utf-8"))
FIELDS = {"actor1", "actor2", "actor1_text", "actor2_text"}


@lru_cache(maxsize=1)
def _tagger() -> ActorTagger:
    return ActorTagger(registry_path=REGISTRY, replace=True)


def _span(text: str, words: str) -> tuple[int, int]:
    folded = normalize(words).text
    start = text.find(folded)
    assert start >= 0, words
    return start, start + len(folded)


def _got(field: str, m: ActorMatch | None) -> str | None:
    if m is None:
        return None
    return m.actor.name if field in ("actor1", "actor2") else m.text


def _want(field: str, value: str | None) -> str | None:
    return value if value is None or field in ("actor1", "actor2") else normalize(value).text


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_actor_case(case: dict[str, Any]) -> None:
    text = normalize(case["text"]).text
    victims = _span(text, case["victims"]) if case.get("victims") else None
    # a case about clauses reads the sentence cut as the pipeline cuts it; the others as one clause
    clauses = split_clauses(text) if case.get("clauses") else [(0, len(text))]
    roles = _tagger().roles(
        text, case["lang"], trigger=_span(text, case["trigger"]), clauses=clauses, victims=victims
    )
    found = {
        "actor1": roles.actor1,
        "actor2": roles.actor2,
        "actor1_text": roles.actor1,
        "actor2_text": roles.actor2,
    }
    got = {k: _got(k, found[k]) for k in case["expected"]}
    assert got == {k: _want(k, v) for k, v in case["expected"].items()}, f"{case['why']} ({roles.why})"
    for m in (roles.actor1, roles.actor2):
        if m is not None:
            assert text[m.start : m.end] == m.text


def test_cases_are_well_formed() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for c in CASES:
        assert c.get("why") and c["lang"] in ("ar", "en") and c["expected"], c["id"]
        assert set(c["expected"]) <= FIELDS, c["id"]


def test_cases_name_only_fictional_actors() -> None:
    # Every canonical name a case expects is one of the fictional registry's, never one read from the real one.
    names = {a.name for a in load_registry(REGISTRY, replace=True)}
    expected = {v for c in CASES for k, v in c["expected"].items() if k in ("actor1", "actor2") and v}
    assert expected <= names
