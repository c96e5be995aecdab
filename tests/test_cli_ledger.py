"""``tracker ledger``: each casualty figure of an article, its role and why."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tracker.cli import cli

RESTATED = (
    "Gunmen ambushed a patrol near Salamiyah, killing 8 policemen. Of the 8 killed, three were officers."
)


def test_ledger_shows_each_figure_its_role_and_the_events_counted(tmp_path):
    src = tmp_path / "patrol.txt"
    src.write_text(RESTATED, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["ledger", str(src), "--published", "2017-02-10"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "article patrol"
    assert "-> 8 event" in lines[1]
    assert "-> 8 restatement" in lines[2]
    assert lines[-1].strip() == "1 event(s), 8 killed"


def test_ledger_as_json_lists_figures_and_events(tmp_path):
    src = tmp_path / "toll.txt"
    src.write_text(
        "Monitors counted 96 people killed on Friday, including 40 in Idlib and 20 in Hama.", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["ledger", str(src), "--published", "2017-02-10", "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.output.splitlines()]
    assert [f["role"] for f in record["figures"]] == ["total", "part", "part"]
    assert sorted(e["fatalities"] for e in record["events"]) == [20, 40]
