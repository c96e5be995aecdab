"""The export options of ``tracker extract`` and ``tracker export``: ACLED (current and older style),
UCDP GED, and GeoJSON's count of rows without coordinates."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.test_export import ACLED_EXPORT_COLUMNS, GED_COLUMNS
from tests.test_store import article, ingest
from tracker.cli import cli

PLACED = "Artillery shelling killed three people in the village of Kansafra on Sunday, residents said."
UNPLACED = "Shelling killed four people on Sunday, residents said."


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    rows = [{"id": "placed", "text": PLACED}, {"id": "unplaced", "text": UNPLACED}]
    path.write_text(
        "".join(json.dumps({**r, "published": "2017-01-24"}) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def test_geojson_says_how_many_events_had_no_point(tmp_path: Path, articles: Path):
    out = tmp_path / "events.geojson"
    result = run("extract", str(articles), "-o", str(out))
    assert result.exit_code == 0, result.output
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert len(features) == 1 and features[0]["id"] == features[0]["properties"]["event_id"]
    assert "wrote 1 event(s) to" in result.stderr
    assert "1 event(s) without coordinates left out of the GeoJSON" in result.stderr
    quiet = run("extract", str(articles), "-q", "-o", str(out))
    assert "without coordinates left out" in quiet.stderr and "wrote" not in quiet.stderr


def test_acled_current_and_older_style(tmp_path: Path, articles: Path):
    current, older = tmp_path / "acled.csv", tmp_path / "acled-old.csv"
    assert run("extract", str(articles), "--format", "acled", "-o", str(current)).exit_code == 0
    assert (
        run("extract", str(articles), "--format", "acled", "--acled-legacy", "-o", str(older)).exit_code == 0
    )
    new = pd.read_csv(current, usecols=ACLED_EXPORT_COLUMNS, dtype=str)
    old = pd.read_csv(older, usecols=ACLED_EXPORT_COLUMNS, dtype=str)
    assert new["event_date"].tolist() == ["2017-01-22", "2017-01-22"]
    assert old["event_date"].tolist() == ["22 January 2017", "22 January 2017"]
    assert new["inter1"].tolist() == ["Political militia"] * 2 and old["inter1"].tolist() == ["3", "3"]
    assert old["interaction"].tolist() == ["30", "30"]


def test_acled_legacy_needs_the_acled_format(tmp_path: Path, articles: Path):
    result = CliRunner().invoke(
        cli, ["extract", str(articles), "--acled-legacy", "-o", str(tmp_path / "e.csv")]
    )
    assert result.exit_code == 2 and "--acled-legacy goes with --format acled" in result.output


def test_ucdp_from_extract_and_from_the_store(tmp_path: Path, articles: Path):
    out = tmp_path / "ged.csv"
    assert run("extract", str(articles), "--format", "ucdp", "-o", str(out)).exit_code == 0
    assert pd.read_csv(out, nrows=0).columns.tolist() == GED_COLUMNS
    store = tmp_path / "s.duckdb"
    ingest(store, [article("a", "day=2017-01-23; place=Saraqib; admin1=Idleb; side=government; killed=7")])
    parquet = tmp_path / "ged.parquet"
    result = run("export", "--store", str(store), "--format", "ucdp", "-o", str(parquet))
    assert result.exit_code == 0, result.output
    ged = pd.read_parquet(parquet)
    assert list(ged.columns) == GED_COLUMNS and ged["best"].tolist() == [7]
    assert ged["date_start"].tolist()[0].isoformat() == "2017-01-23"  # a date, not a timestamp
