"""``tracker events`` lists incidents with the ids ``tracker explain`` takes; ``tracker stats`` speaks
in dates and words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_store import article, ingest
from tracker.cli import cli
from tracker.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    ingest(
        path,
        [
            article(
                "a",
                "day=2017-01-23; place=Saraqib; admin1=Idleb; actor=Syrian Arab Air Force; killed=7; violation=yes",
            ),
            article(
                "b", "day=2017-02-09; place=Aleppo; admin1=Aleppo; side=opposition; killed=4; violation=no"
            ),
            article("c", "place=Douma; admin1=Rural Damascus; side=government; killed=2"),
        ],
    )
    return path


def _rows(output: str) -> list[list[str]]:
    return [
        [c.strip() for c in line.split("│")[1:-1]] for line in output.splitlines() if line.startswith("│")
    ]


def test_events_lists_incidents_newest_first_with_undated_last(store: Path) -> None:
    result = CliRunner().invoke(cli, ["events", "--store", str(store)])
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert [r[1:] for r in rows] == [
        ["2017-02-09", "Aleppo", "opposition", "4", "no"],
        ["2017-01-23", "Saraqib, Idleb", "Syrian Arab Air Force", "7", "yes"],
        ["", "Douma, Rural Damascus", "government", "2", "unknown"],
    ]
    with Store(store, read_only=True) as opened:
        assert sorted(r[0] for r in rows) == sorted(opened.incidents()["event_id"])
    assert "3 of 3 incident(s)" in result.stderr


def test_events_filters_and_limit(store: Path) -> None:
    runner = CliRunner()
    violations = runner.invoke(cli, ["events", "--store", str(store), "--violations-only"])
    assert [r[2] for r in _rows(violations.stdout)] == ["Saraqib, Idleb"]
    limited = runner.invoke(cli, ["events", "--store", str(store), "--limit", "1"])
    assert [r[2] for r in _rows(limited.stdout)] == ["Aleppo"]
    assert "1 of 3 incident(s); --limit 0 shows all 3" in limited.stderr
    none = runner.invoke(cli, ["events", "--store", str(store), "--admin1", "Homs"])
    assert none.exit_code == 0 and "match these filters" in none.stdout


def test_an_id_from_events_is_what_explain_takes(store: Path) -> None:
    runner = CliRunner()
    first = _rows(runner.invoke(cli, ["events", "--store", str(store)]).stdout)[0][0]
    explained = runner.invoke(cli, ["explain", first, "--store", str(store)])
    assert explained.exit_code == 0 and f"incident {first}" in explained.stdout


def test_events_without_a_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["events", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no store at" in result.output


def test_stats_prints_dates_as_dates_and_nothing_as_none(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    lines = dict(
        line.split("  ", 1)
        for line in runner.invoke(cli, ["stats", "--store", str(store)]).stdout.splitlines()
    )
    assert (lines["first event"].strip(), lines["last event"].strip()) == ("2017-01-23", "2017-02-09")
    assert "T" not in lines["last run"] and "None" not in lines["last run"]
    empty = tmp_path / "empty.duckdb"
    assert runner.invoke(cli, ["ingest", "--store", str(empty)]).exit_code == 0
    output = runner.invoke(cli, ["stats", "--store", str(empty)]).stdout
    assert "None" not in output
    assert [line.split()[-1] for line in output.splitlines() if line.endswith(" event")] == []
    assert {line.rsplit(None, 1)[-1] for line in output.splitlines() if " event " in line} == {"none"}
