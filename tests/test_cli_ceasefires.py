"""``tracker violations`` and ``tracker ceasefires`` through click's test runner."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.extraction.pipeline import ArticleResult
from tracker.run.ingest import ingest
from tracker.schema import to_frame

GOV = "Military Forces of Syria (2000-2024)"
REBELS = "Opposition Rebels (Syria)"


def event(event_id: str, day: str, side: str, admin1: str, fatalities: int, reported_by: str, **kw):
    row = {
        "event_id": event_id,
        "article_id": f"art-{event_id}",
        "event_date": day,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": GOV if side == "government" else REBELS,
        "actor1_side": side,
        "actor2": None,
        "actor2_side": None,
        "admin1": admin1,
        "country": "Syria",
        "fatalities": fatalities,
        "reported_by": reported_by,
        "source": "test-wire",
    }
    row.update(kw)
    return row


ROWS = [
    event("e1", "2017-01-03", "government", "Aleppo", 5, "SOHR"),
    event("e2", "2017-01-03", "government", "Dar'a", 2, "Russian MoD"),
    event("e3", "2017-01-04", "opposition", "Hama", 3, "SOHR"),
    event("e4", "2017-01-20", "government", "Idleb", 4, "Turkish General Staff"),
    event(
        "e5",
        "2017-01-04",
        "government",
        "Aleppo",
        9,
        "SOHR",
        actor2="Islamic State (Syria)",
        actor2_side="other",
    ),
    event("e6", "2016-11-01", "government", "Aleppo", 8, "SOHR"),  # no ceasefire then
]


@pytest.fixture()
def events_csv(tmp_path: Path) -> Path:
    from tracker.ceasefires import judge
    from tracker.export import write_frame

    # As 'tracker extract' writes it: judged already, booleans and dates as text.
    path = tmp_path / "events.csv"
    write_frame(judge(to_frame(ROWS)), path)
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_violations_table(events_csv):
    result = run("violations", str(events_csv))
    assert result.exit_code == 0, result.output
    assert "Ceasefire violations (6 events, 5 under a ceasefire)" in result.output
    assert "Total: 4 violations, 14 killed" in result.output
    assert "2017-01-03" in result.output and "Aleppo" in result.output


def test_violations_csv_output(events_csv, tmp_path):
    out = tmp_path / "counts.csv"
    result = run("violations", str(events_csv), "--by", "side,admin1", "--freq", "D", "-o", str(out))
    assert result.exit_code == 0, result.output
    counts = pd.read_csv(out)
    got = {
        (r.period[:10], r.actor1_side, r.admin1): (r.violations, r.fatalities) for r in counts.itertuples()
    }
    assert got == {
        ("2017-01-03", "government", "Aleppo"): (1, 5),
        ("2017-01-03", "government", "Dar'a"): (1, 2),
        ("2017-01-04", "opposition", "Hama"): (1, 3),
        ("2017-01-20", "government", "Idleb"): (1, 4),
    }


def test_violations_by_month_and_reporting_source(events_csv, tmp_path):
    out = tmp_path / "by-source.csv"
    result = run(
        "violations", str(events_csv), "--by", "side", "--freq", "M", "--source-breakdown", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    counts = pd.read_csv(out)
    got = {(r.actor1_side, r.reported_by): r.violations for r in counts.itertuples()}
    assert got == {
        ("government", "SOHR"): 1,
        ("government", "Russian MoD"): 1,
        ("government", "Turkish General Staff"): 1,
        ("opposition", "SOHR"): 1,
    }
    assert set(counts["period"].str[:10]) == {"2017-01-01"}


def test_violations_from_jsonl_and_parquet(tmp_path):
    frame = to_frame(ROWS[:3])
    frame.to_json(tmp_path / "a.jsonl", orient="records", lines=True, date_format="iso")
    frame.to_parquet(tmp_path / "b.parquet")
    out = tmp_path / "c.csv"
    result = run(
        "violations",
        str(tmp_path / "a.jsonl"),
        str(tmp_path / "b.parquet"),
        "--by",
        "side",
        "--freq",
        "M",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert pd.read_csv(out).set_index("actor1_side")["violations"].to_dict() == {
        "government": 4,
        "opposition": 2,
    }


USER_REGISTRY = """\
ceasefires:
  - id: aleppo-only-2017
    name: Aleppo truce of 1 January 2017
    start: 2017-01-01
    area: {admin1: [SY02]}
    parties:
      - {side: government, label: the government side}
      - {side: opposition, label: the opposition}
"""


def test_violations_with_a_replacing_registry(events_csv, tmp_path):
    reg = tmp_path / "mine.yaml"
    reg.write_text(USER_REGISTRY, encoding="utf-8")
    out = tmp_path / "counts.csv"
    result = run(
        "violations",
        str(events_csv),
        "--by",
        "admin1",
        "--freq",
        "M",
        "--ceasefires",
        str(reg),
        "--replace",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    counts = pd.read_csv(out)
    # Only Aleppo is covered now: Hama, Idleb and Dar'a drop out; the strike on ISIS is still no violation
    # (not excluded by name in this registry, but not a party either).
    assert counts.set_index("admin1")["violations"].to_dict() == {"Aleppo": 1}


def test_violations_malformed_registry_is_a_clear_error(events_csv, tmp_path):
    reg = tmp_path / "broken.yaml"
    reg.write_text(USER_REGISTRY.replace("start: 2017-01-01", "start: 2017-13-01"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["violations", str(events_csv), "--ceasefires", str(reg)])
    assert result.exit_code == 1
    assert f"{reg}, line 4: field 'start'" in result.output


def test_violations_unknown_group_column(events_csv):
    result = CliRunner().invoke(cli, ["violations", str(events_csv), "--by", "colour"])
    assert result.exit_code == 2 and "colour" in result.output


def test_violations_missing_store(tmp_path):
    result = CliRunner().invoke(cli, ["violations", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no store at" in result.output


def test_ceasefires_lists_the_registry():
    result = run("ceasefires")
    assert result.exit_code == 0, result.output
    for cid in (
        "coh-2016-02-27",
        "us-russia-2016-09-12",
        "nationwide-2016-12-30",
        "astana-deescalation-2017-05-06",
    ):
        assert cid in result.output


def test_ceasefires_registry_to_csv_with_user_file(tmp_path):
    reg = tmp_path / "mine.yaml"
    reg.write_text(USER_REGISTRY, encoding="utf-8")
    out = tmp_path / "reg.csv"
    result = run("ceasefires", "--ceasefires", str(reg), "-o", str(out))
    assert result.exit_code == 0, result.output
    listed = pd.read_csv(out)
    assert listed["id"].tolist()[-1] == "aleppo-only-2017" and len(listed) == 5
    assert listed.set_index("id").loc["aleppo-only-2017", "area"] == "Aleppo"


def test_ceasefires_found_in_article_files(tmp_path):
    (tmp_path / "ar.txt").write_text(
        "وقالت موسكو إن الهدنة دخلت حيز التنفيذ في 30 دجنبر في كل المناطق.", encoding="utf-8"
    )
    (tmp_path / "en.txt").write_text(
        "A truce took effect at midnight in the south, monitors said.", encoding="utf-8"
    )
    out = tmp_path / "found.csv"
    result = run(
        "ceasefires",
        "--found",
        str(tmp_path / "ar.txt"),
        str(tmp_path / "en.txt"),
        "--published",
        "2017-01-24",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    found = pd.read_csv(out)
    assert found[["article_id", "start", "lang"]].values.tolist() == [
        ["ar", "2016-12-30", "ar"],
        ["en", "2017-01-24", "en"],
    ]
    assert found["registry_id"].tolist()[0] == "nationwide-2016-12-30"
    # The evidence is shown as written, not folded (hamza and teh marbuta kept).
    assert found["evidence"].tolist()[0].startswith("وقالت موسكو إن الهدنة دخلت حيز التنفيذ")


class _Extractor:
    """Stands in for the extraction pipeline: returns prepared rows per article id."""

    def __init__(self, events: dict[str, list[dict]], found: dict[str, list[dict]]):
        self.events, self.found = events, found

    def __call__(self, article):
        return ArticleResult(
            events=self.events.get(article.id, []), ceasefires_found=self.found.get(article.id, [])
        )


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    from tracker.document import Article
    from tracker.store import Store

    path = tmp_path / "t.duckdb"
    rows = {f"art-{r['event_id']}": [dict(r, event_date=pd.Timestamp(r["event_date"]))] for r in ROWS}
    found = {
        "art-e1": [
            {
                "name": "Ceasefire of 30 December 2016",
                "start": date(2016, 12, 30),
                "evidence": "وقف اطلاق النار، وقد دخل حيز التنفيذ يوم 30 دجنبر",
                "lang": "ar",
                "event_type": "Strategic developments",
                "sub_event_type": "Agreement",
                "span_start": 0,
                "span_end": 10,
                "registry_id": "nationwide-2016-12-30",
            }
        ]
    }
    articles = [
        Article(
            id=f"art-{r['event_id']}",
            text=f"report {r['event_id']}",
            published=date(2017, 1, 24),
            source=r["reported_by"],
        )
        for r in ROWS
    ]
    with Store(path) as store:
        ingest(store, articles, progress=False, extractor=_Extractor(rows, found))
    return path


def test_violations_from_the_store(store_path, tmp_path):
    out = tmp_path / "counts.csv"
    result = run("violations", "--store", str(store_path), "--by", "side", "--freq", "M", "-o", str(out))
    assert result.exit_code == 0, result.output
    counts = pd.read_csv(out)
    assert counts.set_index("actor1_side")["violations"].to_dict() == {"government": 3, "opposition": 1}


def test_ceasefires_found_in_the_store(store_path, tmp_path):
    out = tmp_path / "found.jsonl"
    result = run("ceasefires", "--found", "--store", str(store_path), "-o", str(out))
    assert result.exit_code == 0, result.output
    (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rec["name"] == "Ceasefire of 30 December 2016" and rec["start"].startswith("2016-12-30")
    assert rec["registry_id"] == "nationwide-2016-12-30" and rec["article_id"] == "art-e1"
    shown = run("ceasefires", "--found", "--store", str(store_path))
    assert "Ceasefire of 30 December 2016" in shown.output
