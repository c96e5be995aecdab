"""Review decisions as an overlay: validation, application to incidents and mentions, survival across
re-ingestion and re-extraction by an upgraded extractor, orphans, the queue, CSV round trips, the gold
export, and the commands downstream (export, violations) reading reviewed values."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.document import Article
from tracker.extraction.pipeline import ArticleResult
from tracker.review import (
    ReviewError,
    decide,
    orphans,
    queue,
    reviewed_incidents,
    reviewed_mentions,
    validate,
)
from tracker.review.csvio import export_decisions, gold_items, import_decisions
from tracker.run.ingest import ingest
from tracker.schema import stable_id
from tracker.store import SCHEMA_VERSION, Store

PUBLISHED = date(2017, 1, 24)


class Extractor:
    """One event per line ``killed=N; day=...``; the evidence is the line. ``version`` goes into the
    ids and the fingerprint, as an upgraded extractor changes both."""

    def __init__(self, version: int = 1) -> None:
        self.version = version
        self.fingerprint = f"test-extractor-{version}"

    def __call__(self, article: Article) -> ArticleResult:
        result = ArticleResult()
        for i, line in enumerate(article.text.splitlines()):
            pairs = dict(p.strip().split("=", 1) for p in line.split(";") if "=" in p)
            if "killed" not in pairs:
                continue
            result.events.append(
                {
                    "event_id": stable_id(article.id, i, pairs["killed"], self.version),
                    "event_date": pairs.get("day", "2017-01-23"),
                    "date_precision": 1,
                    "location": pairs.get("place", "Saraqib"),
                    "admin1": pairs.get("admin1", "Idleb"),
                    "fatalities": int(pairs["killed"]) + (self.version - 1),  # the upgrade reads another toll
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Air/drone strike",
                    "actor1_side": "unknown",
                    "violation": pairs.get("violation") == "yes",
                    "evidence": line,
                    "span_start": 0,
                    "sentence_index": i,
                    "confidence": float(pairs.get("confidence", 0.5)),
                }
            )
        return result


ARTICLES = [
    Article(id="a1", text="killed=5; place=Saraqib", published=PUBLISHED, source="S1"),
    Article(
        id="a2",
        text="killed=40; place=Darayya; admin1=Rural Damascus; day=2017-01-20",
        published=PUBLISHED,
        source="S2",
    ),
    Article(
        id="a3",
        text="killed=2; violation=yes; day=2017-01-10; admin1=Aleppo; place=Aleppo",
        published=PUBLISHED,
        source="S3",
    ),
]


def _store(path: Path) -> Store:
    return Store(path)


def _ingest(store: Store, articles: list[Article], version: int = 1) -> None:
    ingest(store, articles, extractor=Extractor(version), judge=None, progress=False)


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    with _store(path) as store:
        _ingest(store, ARTICLES)
    return path


def _incident_of(store: Store, article_id: str) -> str:
    mentions = store.mentions(article_id=article_id)
    return str(mentions["incident_id"].iloc[0])


def test_validation_refuses_bad_values() -> None:
    assert validate("fatalities", "12") == "12"
    for field, value in [
        ("fatalities", "-1"),
        ("fatalities", "3.5"),
        ("injured", "many"),
        ("location", "Nowhere-on-earth"),
        ("actor1", "The Martians"),
        ("sub_event_type", "Picnic"),
        ("event_date", "soon"),
        ("violation", "maybe"),
        ("review", "meh"),
        ("notes", "x"),
    ]:
        with pytest.raises(ReviewError):
            validate(field, value)
    assert validate("actor1", "The Martians", add_actor=True) == "The Martians"
    assert validate("actor1", "syria-military") == "Military Forces of Syria (2000-2024)"
    assert validate("location", "SY020203") == "SY020203"


def test_correction_applies_and_keeps_the_machine_value(store_path: Path) -> None:
    with _store(store_path) as store:
        inc = _incident_of(store, "a1")
        decide(store.con, inc, "fatalities", 9, reviewer="ana", comment="recount")
        decide(store.con, inc, "actor1", "syria-military", reviewer="ana")
        with pytest.raises(ReviewError, match="reviewer"):
            decide(store.con, inc, "fatalities", 3, reviewer=" ")
        machine = store.incidents().set_index("event_id").loc[inc]
        assert machine["fatalities"] == 5  # the machine's row is untouched
        reviewed = reviewed_incidents(store).set_index("event_id").loc[inc]
        assert reviewed["fatalities"] == 9 and reviewed["fatalities_best"] == 9
        assert reviewed["actor1_side"] == "government" and bool(reviewed["reviewed"])
        assert json.loads(reviewed["machine_values"])["fatalities"] == "5"
        mention = reviewed_mentions(store, article_id="a1").iloc[0]
        assert mention["fatalities"] == 9 and mention["review"] == "corrected"


def test_latest_decision_wins_and_rejection_removes(store_path: Path) -> None:
    with _store(store_path) as store:
        inc = _incident_of(store, "a1")
        decide(store.con, inc, "fatalities", 9, reviewer="ana", decided=pd.Timestamp("2026-01-01"))
        decide(store.con, inc, "fatalities", 7, reviewer="bo", decided=pd.Timestamp("2026-01-02"))
        assert reviewed_incidents(store).set_index("event_id").loc[inc, "fatalities"] == 7
        decide(store.con, _incident_of(store, "a2"), "review", "duplicate", reviewer="bo")
        assert len(reviewed_incidents(store)) == 2
        assert len(reviewed_incidents(store, keep_rejected=True)) == 3


def test_filters_see_reviewed_values(store_path: Path) -> None:
    with _store(store_path) as store:
        decide(store.con, _incident_of(store, "a1"), "location", "SY020203", reviewer="ana")
        assert set(reviewed_incidents(store, admin1="Aleppo")["event_id"]) == {
            _incident_of(store, "a1"),
            _incident_of(store, "a3"),
        }


def test_corrections_survive_reingest_and_upgrade_and_orphans_are_listed(store_path: Path) -> None:
    with _store(store_path) as store:
        decide(store.con, _incident_of(store, "a1"), "fatalities", 11, reviewer="ana")
        decide(store.con, _incident_of(store, "a2"), "review", "confirmed", reviewer="ana")
    with _store(store_path) as store:  # the same articles again: nothing changes
        _ingest(store, ARTICLES)
        assert (
            reviewed_incidents(store).set_index("event_id").loc[_incident_of(store, "a1"), "fatalities"] == 11
        )
    with _store(store_path) as store:  # an upgraded extractor: new ids, a new machine toll
        _ingest(store, ARTICLES, version=2)
        inc = _incident_of(store, "a1")
        assert store.incidents().set_index("event_id").loc[inc, "fatalities"] == 6
        assert reviewed_incidents(store).set_index("event_id").loc[inc, "fatalities"] == 11
        assert orphans(store.con).empty
        changed = Article(
            id="a2", text="killed=40; place=Darayya (updated)", published=PUBLISHED, source="S2"
        )
        _ingest(store, [changed], version=2)
        lost = orphans(store.con)
        assert list(lost["article_id"]) == ["a2"] and list(lost["reviewed_value"]) == ["confirmed"]


def test_queue_order_and_counter(store_path: Path) -> None:
    with _store(store_path) as store:
        rows, done, total = queue(store)
        # the violation first, then the largest toll
        assert [store.mentions(incident_id=e)["article_id"].iloc[0] for e in rows["event_id"]] == [
            "a3",
            "a2",
            "a1",
        ]
        assert (done, total) == (0, 3)
        decide(store.con, rows["event_id"].iloc[0], "review", "confirmed", reviewer="ana")
        rows, done, total = queue(store)
        assert (len(rows), done, total) == (2, 1, 3)


def test_csv_round_trip_is_all_or_nothing(store_path: Path, tmp_path: Path) -> None:
    with _store(store_path) as store:
        inc = _incident_of(store, "a1")
        decide(store.con, inc, "injured", 4, reviewer="ana", comment="from the photo caption")
        text = export_decisions(store.con)
    other = tmp_path / "other.duckdb"
    with _store(other) as store:
        _ingest(store, ARTICLES)
        assert import_decisions(store.con, text) == 1
        assert reviewed_incidents(store).set_index("event_id").loc[inc, "injured"] == 4
        bad = (
            "event_id,field,reviewed_value,reviewer\n" + f"{inc},fatalities,3,ana\n{inc},fatalities,-3,ana\n"
        )
        with pytest.raises(ReviewError, match="line 3"):
            import_decisions(store.con, bad)
        assert reviewed_incidents(store).set_index("event_id").loc[inc, "fatalities"] == 5


def test_decisions_csv_neutralises_formulas_and_reads_them_back(store_path: Path, tmp_path: Path) -> None:
    comment = '=HYPERLINK("http://example.org","x")'
    with _store(store_path) as store:
        inc = _incident_of(store, "a1")
        decide(store.con, inc, "injured", 4, reviewer="@ana", comment=comment)
        text = export_decisions(store.con)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + comment in cells and "'@ana" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    other = tmp_path / "other.duckdb"
    with _store(other) as store:
        _ingest(store, ARTICLES)
        assert import_decisions(store.con, text) == 1
        assert store.con.execute("SELECT reviewer, comment FROM reviews").fetchall() == [("@ana", comment)]


def test_gold_export_holds_fully_reviewed_articles(store_path: Path) -> None:
    with _store(store_path) as store:
        decide(store.con, _incident_of(store, "a1"), "fatalities", 6, reviewer="ana")
        decide(store.con, _incident_of(store, "a2"), "review", "aggregate", reviewer="ana")
        items = {i["id"]: i for i in gold_items(store)}
    assert set(items) == {"a1", "a2"}
    assert items["a1"]["events"][0]["killed"] == 6 and items["a1"]["events"][0]["event_date"] == "2017-01-23"
    assert items["a2"]["events"] == [] and items["a2"]["aggregates"][0]["killed"] == 40


def _run(*args: Any) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_commands_downstream_use_reviewed_values(store_path: Path, tmp_path: Path) -> None:
    with _store(store_path) as store:
        a1, a2, a3 = (_incident_of(store, a) for a in ("a1", "a2", "a3"))
    s = ("--store", store_path)
    assert _run("review", "set", a1, "fatalities", "-1", *s, "--reviewer", "ana").exit_code == 2  # an option
    refused = _run("review", "set", a1, "fatalities", "x", *s, "--reviewer", "ana")
    assert refused.exit_code == 1 and "non-negative" in refused.output
    assert _run("review", "set", a1, "fatalities", "8", *s).exit_code == 2  # no reviewer
    assert _run("review", "set", a1, "fatalities", "8", *s, "--reviewer", "ana").exit_code == 0
    assert _run("review", "set", a3, "violation", "false", *s, "--reviewer", "ana").exit_code == 0
    out = tmp_path / "e.csv"
    assert _run("export", "-o", out, *s).exit_code == 0
    frame = pd.read_csv(out).set_index("event_id")
    assert frame.loc[a1, "fatalities"] == 8 and frame.loc[a1, "reviewed"]
    assert json.loads(frame.loc[a1, "machine_values"])["fatalities"] == "5"
    assert not frame.loc[a2, "reviewed"]
    queue_out = _run("review", "queue", *s)
    assert "reviewed 2 / 3" in queue_out.output
    decisions = tmp_path / "d.csv"
    assert _run("review", "export", decisions, *s).exit_code == 0
    assert len(pd.read_csv(decisions)) == 2


def test_a_version_4_store_gets_the_reviews_table(store_path: Path) -> None:
    import duckdb

    con = duckdb.connect(str(store_path))
    con.execute("DROP TABLE reviews")
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.close()
    with _store(store_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        decide(store.con, _incident_of(store, "a1"), "review", "confirmed", reviewer="ana")
        assert reviewed_incidents(store)["reviewed"].sum() == 1


def test_exported_gold_scores_the_reviewed_events_perfectly(store_path: Path) -> None:
    from tracker.review.scoring import score

    with _store(store_path) as store:
        for article in ("a1", "a2", "a3"):
            decide(store.con, _incident_of(store, article), "review", "confirmed", reviewer="ana")
        decide(store.con, _incident_of(store, "a1"), "fatalities", 6, reviewer="ana")
        gold = list(gold_items(store))
        figures = score(gold, reviewed_mentions(store))
        machine = score(gold, store.mentions())
    assert figures["detect_f1"] == 1.0 and figures["killed_exact"] == 1.0 and figures["date_acc"] == 1.0
    assert machine["killed_exact"] == pytest.approx(2 / 3)  # the machine's toll of a1 was 5
