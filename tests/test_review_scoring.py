"""``tracker evaluate``: our metrics on hand-made items, and the same figures as ``../shared/eval/score.py``
on the development sets (that test reads ``../shared``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.conftest import needs_shared
from tracker.cli import cli
from tracker.review.scoring import actor_class, score
from tracker.schema import conform


def _event(**values: Any) -> dict[str, Any]:
    return {
        "killed": None,
        "injured": None,
        "admin1": None,
        "country": "Syria",
        "actor1": None,
        "sub_event_type": None,
        "event_date": None,
        **values,
    }


GOLD = [
    {
        "id": "a",
        "events": [
            _event(
                killed=3,
                injured=2,
                admin1="Idleb",
                actor1="syrian_government",
                sub_event_type="Air/drone strike",
                event_date="2017-01-02",
            )
        ],
    },
    {"id": "b", "events": [_event(killed=1, admin1="Homs", event_date="2017-01-03"), _event(killed=2)]},
    {"id": "c", "events": [_event(killed=9, country="Iraq")]},  # outside Syria: no event here
    {"id": "d", "events": []},
]


def _predicted(*rows: dict[str, Any]) -> pd.DataFrame:
    return conform(pd.DataFrame(rows))


def test_metrics_on_hand_made_items() -> None:
    events = _predicted(
        {
            "article_id": "a",
            "fatalities": 3,
            "injured": 2,
            "admin1": "Idleb",
            "sub_event_type": "Air/drone strike",
            "actor1": "Military Forces of Syria (2000-2024)",
            "event_date": "2017-01-02",
        },
        {"article_id": "b", "fatalities": 2, "admin1": "Hama", "event_date": "2017-01-03"},
        {"article_id": "d", "fatalities": 1, "sub_event_type": "Government regains territory"},
    )
    figures = score(GOLD, events)
    assert (figures["detect_p"], figures["detect_r"]) == (2 / 3, 1.0)
    assert figures["killed_exact"] == 0.5 and figures["n_killed_items"] == 2  # b: 2 found, 3 reported
    assert figures["injured_exact"] == 1.0
    assert figures["date_acc"] == 1.0 and figures["n_dated"] == 2
    assert figures["admin1_f1"] == pytest.approx(0.5)  # Idleb found; Hama for Homs
    assert figures["actor1_f1"] == 1.0  # the registry's name is the government class; unknown is no value
    assert figures["type_f1"] == pytest.approx(
        2 / 3
    )  # d's territorial battle is an armed clash nobody reported


def test_actor_classes() -> None:
    assert actor_class("Allied Syrian and/or Russian Forces") == "syrian_government"
    assert actor_class("YPG: Peoples Protection Units") == "kurdish_sdf"
    assert actor_class("Hezbollah") == "iran_and_allies"
    assert actor_class("Unidentified Armed Group (Syria)") == "unknown"
    assert actor_class("Some New Militia") == "other"


@needs_shared
@pytest.mark.parametrize("name", ["en", "ar2"])
def test_same_figures_as_the_shared_scorer(shared: Path, tmp_path: Path, name: str) -> None:
    items = shared / "eval" / "dev-items"
    out = tmp_path / "events.csv"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["extract", str(items / f"articles_{name}.jsonl"), "-o", str(out)]).exit_code == 0
    )
    reference = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score.py"),
            "items",
            str(items / f"gold_{name}.jsonl"),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    expected = [line for line in reference.splitlines() if ": " in line and not line.startswith("OK")]
    args = ["--input", str(items / f"articles_{name}.jsonl")] if name == "en" else ["--events", str(out)]
    mine = runner.invoke(cli, ["evaluate", str(items / f"gold_{name}.jsonl"), *args])
    assert mine.exit_code == 0, mine.output
    assert mine.output.splitlines() == expected


def test_evaluate_needs_one_source(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": "a", "events": []}\n')
    assert CliRunner().invoke(cli, ["evaluate", str(gold)]).exit_code == 2
