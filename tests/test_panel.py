"""Panels: events and fatalities per governorate or district and period, zero rows included; the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tests.test_store import article, ingest
from tracker.cli import cli
from tracker.export import write_frame
from tracker.export.panel import panel, units
from tracker.schema import to_frame

EVENTS = [
    {"event_id": "a", "event_date": "2017-01-02", "admin1": "Idleb", "admin1_pcode": "SY07", "fatalities": 3},
    {"event_id": "b", "event_date": "2017-01-04", "admin1": "Idleb", "admin2": "Ariha", "fatalities": 2},
    {
        "event_id": "c",
        "event_date": "2017-01-17",
        "admin1": "Aleppo",
        "admin2_pcode": "SY0200",
        "fatalities": None,
    },
    {"event_id": "d", "event_date": None, "admin1": "Idleb", "fatalities": 9},
    {"event_id": "e", "event_date": "2017-01-05", "country": "Iraq", "fatalities": 4},
    {"event_id": "f", "event_date": "2017-01-05", "country": "Syria", "fatalities": 1},
    {"event_id": "g", "event_date": "2017-01-10", "admin1": "Hama", "fatalities": 6, "violation": True},
]


def test_every_governorate_and_week_has_a_row():
    result = panel(to_frame(EVENTS), by="admin1", freq="W")
    counts = result.counts
    assert list(counts.columns) == [
        "admin1_pcode",
        "admin1",
        "period_start",
        "period_end",
        "events",
        "fatalities",
    ]
    weeks = [pd.Timestamp("2017-01-02"), pd.Timestamp("2017-01-09"), pd.Timestamp("2017-01-16")]
    assert len(counts) == 14 * 3 and sorted(counts["period_start"].unique()) == weeks
    assert counts["period_end"].tolist()[:3] == [
        pd.Timestamp(d) for d in ("2017-01-08", "2017-01-15", "2017-01-22")
    ]
    idleb = counts[counts["admin1_pcode"] == "SY07"]
    assert idleb[["events", "fatalities"]].values.tolist() == [[2, 5], [0, 0], [0, 0]]
    aleppo = counts[counts["admin1"] == "Aleppo"]
    assert aleppo[["events", "fatalities"]].values.tolist() == [[0, 0], [0, 0], [1, 0]]  # no figure counts 0
    assert int(counts["events"].sum()) == 4
    assert (result.no_date, result.outside_syria, result.no_place, result.left_out) == (1, 1, 1, 3)


def test_districts_from_codes_or_names():
    counts = panel(to_frame(EVENTS), by="admin2", freq="M").counts
    assert list(counts.columns)[:4] == ["admin1_pcode", "admin1", "admin2_pcode", "admin2"]
    assert len(counts) == len(units("admin2")) == 62
    ariha = counts[counts["admin2"] == "Ariha"].iloc[0]
    assert (ariha["admin2_pcode"], ariha["admin1"], ariha["events"], ariha["fatalities"]) == (
        "SY0705",
        "Idleb",
        1,
        2,
    )
    assert counts[counts["admin2_pcode"] == "SY0200"]["events"].tolist() == [1]


def test_days_between_since_and_until():
    counts = panel(
        to_frame(EVENTS), by="admin1", freq="D", since=date(2017, 1, 1), until=date(2017, 1, 3)
    ).counts
    assert len(counts) == 14 * 3
    assert counts[counts["admin1"] == "Idleb"]["events"].tolist() == [0, 1, 0]


def test_violations_only():
    result = panel(to_frame(EVENTS), by="admin1", freq="M", violations_only=True)
    assert result.events == 1 and int(result.counts["events"].sum()) == 1
    assert result.counts[result.counts["admin1"] == "Hama"]["fatalities"].tolist() == [6]


def test_no_events_gives_no_rows_but_the_columns():
    assert panel(to_frame([]), by="admin2").counts.columns.tolist()[-2:] == ["events", "fatalities"]
    assert len(panel(to_frame([])).counts) == 0


@pytest.mark.parametrize(("by", "freq"), [("admin3", "W"), ("admin1", "Y")], ids=["level", "frequency"])
def test_unknown_options_are_refused(by, freq):
    with pytest.raises(ValueError, match="must be one of"):
        panel(to_frame(EVENTS), by=by, freq=freq)


# --- the command ------------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, ["panel", *args], catch_exceptions=False)


def test_panel_from_an_events_file_to_parquet(tmp_path: Path):
    events = tmp_path / "events.csv"
    write_frame(to_frame(EVENTS), events)
    out = tmp_path / "panel.parquet"
    result = run(str(events), "--by", "admin2", "--freq", "M", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "62 rows (62 districts x 1 month(s)): 2 event(s), 2 killed" in result.stderr
    assert "left out: 1 without a date, 1 outside Syria, 3 without a district" in result.stderr
    assert str(pq.read_schema(out).field("period_start").type) == "date32[day]"
    assert pd.read_parquet(out)["admin2_pcode"].str.startswith("SY").all()


def test_panel_from_the_store_as_csv(tmp_path: Path):
    store = tmp_path / "s.duckdb"
    ingest(
        store,
        [
            article("a", "day=2017-01-23; place=Saraqib; admin1=Idleb; killed=7"),
            article("b", "day=2017-02-09; place=Aleppo; admin1=Aleppo; killed=4", "AFP"),
        ],
    )
    out = tmp_path / "panel.csv"
    result = run("--store", str(store), "--freq", "M", "-o", str(out))
    assert result.exit_code == 0, result.output
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(back) == 14 * 2 and back["period_start"].unique().tolist() == ["2017-01-01", "2017-02-01"]
    idleb = back[back["admin1_pcode"] == "SY07"]
    assert idleb[["events", "fatalities"]].values.tolist() == [["1", "7"], ["0", "0"]]


def test_panel_violations_are_judged_against_the_registry(tmp_path: Path):
    events = tmp_path / "events.csv"
    rows = [
        {"event_date": "2017-01-23", "admin1": "Idleb", "actor1_side": "government", "fatalities": 7},
        {"event_date": "2016-06-01", "admin1": "Idleb", "actor1_side": "government", "fatalities": 3},
    ]
    write_frame(to_frame(rows), events)
    out = tmp_path / "v.csv"
    result = run(str(events), "--violations-only", "--freq", "M", "--since", "2017-01-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    back = pd.read_csv(out)
    assert back["events"].sum() == 1 and back[back["admin1"] == "Idleb"]["fatalities"].tolist() == [7]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "p.geojson"], "cannot write a panel"),
        (["--by", "admin3", "-o", "p.csv"], "admin3"),
        (["--replace", "-o", "p.csv"], "--replace needs"),
    ],
    ids=["geojson", "level", "replace-alone"],
)
def test_panel_usage_errors(tmp_path: Path, args, message):
    events = tmp_path / "e.csv"
    write_frame(to_frame(EVENTS), events)
    result = CliRunner().invoke(cli, ["panel", str(events), *args])
    assert result.exit_code == 2 and message in result.output


def test_panel_help_lists_the_options():
    result = CliRunner().invoke(cli, ["panel", "--help"])
    assert result.exit_code == 0
    for option in ("--by [admin1|admin2]", "--freq [D|W|M]", "--violations-only", "--since", "-o, --output"):
        assert option in result.output
