"""``tracker extract`` end to end on plain reports: the events a reader would write down.

Kept apart from test_cli_extract.py (plumbing) because it depends on the extractor's quality.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from tracker.cli import cli

CASES = [
    {
        "id": "en-airstrike",
        "lang": "en",
        "text": "Government warplanes killed 7 civilians in Saraqib, Idlib province, on Monday.",
        "expected": {
            "fatalities": 7,
            "civilians_killed": 7,
            "admin1": "Idleb",
            "admin1_pcode": "SY07",
            "event_date": "2017-01-23",
            "sub_event_type": "Air/drone strike",
            "language": "en",
        },
        "why": "the plain English report: count, victims, governorate, weekday before publication, strike type",
    },
    {
        "id": "ar-airstrike",
        "lang": "ar",
        "text": "قتل سبعة مدنيين بغارات جوية لطائرات النظام على مدينة سراقب في ريف إدلب يوم الاثنين.",
        "expected": {
            "fatalities": 7,
            "civilians_killed": 7,
            "admin1": "Idleb",
            "admin1_pcode": "SY07",
            "event_date": "2017-01-23",
            "sub_event_type": "Air/drone strike",
            "language": "ar",
        },
        "why": "the same report in Arabic with the number as a word",
    },
    {
        "id": "ar-shelling-yesterday",
        "lang": "ar",
        "text": "قتل 4 أشخاص وأصيب 10 آخرون أمس بقصف مدفعي على مدينة دوما في ريف دمشق.",
        "expected": {
            "fatalities": 4,
            "injured": 10,
            "admin1": "Rural Damascus",
            "admin1_pcode": "SY03",
            "event_date": "2017-01-23",
            "sub_event_type": "Shelling/artillery/missile attack",
        },
        "why": "killed and injured kept apart; 'yesterday' counted from the publication date",
    },
    {
        "id": "en-children",
        "lang": "en",
        "text": "At least 12 people, including 5 children, were killed by shelling on the city of Aleppo yesterday.",
        "expected": {
            "fatalities": 12,
            "children_killed": 5,
            "admin1": "Aleppo",
            "admin1_pcode": "SY02",
            "event_date": "2017-01-23",
        },
        "why": "'at least' and 'including N children' as a breakdown, not a second event",
    },
]


def extract_one(tmp_path, text: str, *args: str) -> pd.DataFrame:
    src = tmp_path / "report.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(src), "--published", "2017-01-24", "-o", str(out), *args])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_plain_report_gives_one_event(tmp_path, case):
    frame = extract_one(tmp_path, case["text"])
    assert len(frame) == 1, case["why"]
    row = frame.iloc[0].to_dict()
    assert {k: row.get(k) for k in case["expected"]} == case["expected"], case["why"]


def test_no_publication_date_means_no_event_date(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(CASES[0]["text"], encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1 and rows[0]["event_date"] is None and rows[0]["fatalities"] == 7
    assert "no publication date: 1 article(s)" in result.stderr


def test_non_violent_text_gives_no_event(tmp_path):
    frame = extract_one(tmp_path, "Delegations met in Astana on Monday to discuss the ceasefire and a political settlement.")
    assert len(frame) == 0


def test_acled_export_of_a_plain_report(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text(CASES[0]["text"], encoding="utf-8")
    out = tmp_path / "acled.csv"
    result = CliRunner().invoke(cli, ["extract", str(src), "--published", "2017-01-24", "--format", "acled", "-o", str(out)])
    assert result.exit_code == 0
    row = pd.read_csv(out, dtype=str, keep_default_na=False).iloc[0]
    assert (row["event_date"], row["year"], row["fatalities"], row["admin1"]) == ("23 January 2017", "2017", "7", "Idleb")
    assert row["civilian_targeting"] == "Civilian targeting"
