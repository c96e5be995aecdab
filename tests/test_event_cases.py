"""Golden event cases (tests/data/cases_events.yaml): each record says why it exists.

Only the fields a case lists are compared, so a case checks one rule and stays readable.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

import tracker

CASES = yaml.safe_load((Path(__file__).parent / "data" / "cases_events.yaml").read_text(encoding="utf-8"))


def _plain(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return None if pd.isna(v) else v.date()
    if hasattr(v, "item"):
        return v.item()
    return v


def _run(case: dict[str, Any]) -> pd.DataFrame:
    art = {"id": case["id"], "text": case["text"], "lang": case["lang"], "title": case.get("title")}
    published = case.get("published")
    art["published"] = published if isinstance(published, date) else None
    return tracker.extract([art]).sort_values("span_start", na_position="last").reset_index(drop=True)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_event_case(case: dict[str, Any]) -> None:
    frame = _run(case)
    expected = case["expected"]
    got = [
        {k: _plain(row[k]) for k in exp} for exp, (_, row) in zip(expected, frame.iterrows(), strict=False)
    ]
    assert len(frame) == len(expected), (
        f"{case['why']}: got {frame[['sub_event_type', 'fatalities', 'evidence']].to_dict('records')}"
    )
    for exp, g in zip(expected, got, strict=True):
        assert g == exp, case["why"]


def test_case_ids_unique() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


def test_every_case_says_why() -> None:
    assert all(c.get("why") for c in CASES)
