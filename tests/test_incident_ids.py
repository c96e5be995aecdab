"""Stable incident ids, the change log and keeping a copy in sync (``--changed-since``/``--deleted-since``).

Most tests use the store tests' ``line_extractor`` (events spelled out in the text; a mention's id is
``<article id>-<line>``), so the order of mention ids is chosen by the article ids: an article ``aaa``
reporting an incident first stored from article ``zzz`` would, under the old rule (the id of the
smallest mention), have renamed it. The sync test runs the real extractor on invented reports.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from tests.test_store import STRIKE, article, ingest, line_extractor
from tracker.cli import cli
from tracker.document import Article
from tracker.extraction.pipeline import ArticleResult
from tracker.review import decide, moved, reviewed_incidents
from tracker.run.ingest import ingest as run_ingest
from tracker.schema import stable_id
from tracker.store import SCHEMA_VERSION, Store
from tracker.store.identity import changes, fresh_ids, match

DOUMA = "day=2017-01-23; place=Douma; admin1=Rural Damascus; side=opposition; killed=2"
ALEPPO = "day=2017-01-23; place=Aleppo; admin1=Aleppo; side=government; killed=4"


def ids_by_place(path: Path) -> dict[str, str]:
    with Store(path, read_only=True) as store:
        inc = store.incidents()
    return dict(zip(inc["location"], inc["event_id"], strict=True))


def log(path: Path, run_id: int | None = None) -> list[tuple[str, str, list[str]]]:
    """(incident id, change, other ids) of the change log, or of one run's part of it."""
    with Store(path, read_only=True) as store:
        frame = store.changes()
    if run_id is not None:
        frame = frame[frame["run_id"] == run_id]
    rows = zip(frame["incident_id"], frame["change"], frame["other_ids"], strict=True)
    return sorted((i, c, sorted(o)) for i, c, o in rows)


def test_a_later_report_joins_without_renaming_the_incident(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    ingest(path, [article("zzz", STRIKE.format(killed=7), "SOHR"), article("yyy", DOUMA, "SOHR")])
    first = ids_by_place(path)
    assert first["Saraqib"] == stable_id("incident", "zzz-0")
    assert log(path, 1) == sorted((i, "created", []) for i in first.values())
    with Store(path, read_only=True) as store:
        douma_changed = store.incidents().set_index("event_id").loc[first["Douma"], "changed_at"]

    # B: a later report of the Saraqib strike (its mention id sorts first) and a new incident, a second
    # later at least: changed_at is kept in whole seconds (ACLED's timestamp)
    time.sleep(1.05 - time.time() % 1)
    ingest(path, [article("aaa", STRIKE.format(killed=9), "Reuters"), article("bbb", ALEPPO, "AFP")])
    later = ids_by_place(path)
    assert later["Saraqib"] == first["Saraqib"] != stable_id("incident", "aaa-0")
    assert later["Douma"] == first["Douma"]
    assert log(path, 2) == sorted([(first["Saraqib"], "updated", []), (later["Aleppo"], "created", [])])
    with Store(path, read_only=True) as store:
        inc = store.incidents().set_index("event_id")
        runs = store.runs()
        assert sorted(inc.loc[first["Saraqib"], "sources"]) == ["Reuters", "SOHR"]
        # The Douma incident was recomputed with its day but did not change: neither logged nor touched.
        assert inc.loc[first["Douma"], "changed_at"] == douma_changed
        assert inc.loc[first["Saraqib"], "changed_at"] > douma_changed
        assert store.incidents(changed_since=inc.loc[first["Saraqib"], "changed_at"])[
            "location"
        ].tolist() == [
            "Aleppo",
            "Saraqib",
        ]
        assert list(store.deletions()["event_id"]) == []
    assert list(runs["run_id"]) == [1, 2]


def test_reingesting_and_a_new_extractor_keep_every_id(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    articles = [
        article("zzz", STRIKE.format(killed=7), "SOHR"),
        article("aaa", STRIKE.format(killed=9), "Reuters"),
        article("yyy", "day=2017-01-24; place=Douma; admin1=Rural Damascus; killed=2\n" + ALEPPO, "AFP"),
    ]
    ingest(path, articles)
    before = ids_by_place(path)
    ingest(path, articles)  # the same articles: nothing to do

    def upgraded(a: Article) -> ArticleResult:
        return line_extractor(a)

    upgraded.fingerprint = "line-extractor-v2"  # type: ignore[attr-defined]
    with Store(path) as store:
        result = run_ingest(store, articles, progress=False, extractor=upgraded, judge=None)
    assert result.outdated == 3 and result.incidents_recomputed == 3
    assert ids_by_place(path) == before
    assert [c for _, c, _ in log(path)] == ["created"] * 3  # the recompute changed nothing

    # A store rebuilt from the same articles in another order gives the same ids.
    other = tmp_path / "other.duckdb"
    ingest(other, list(reversed(articles)))
    assert ids_by_place(other) == before


def test_two_incidents_that_become_one_are_logged_as_a_merge(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    # 7 and 30 killed are two events; a correction of the first report to 25 makes them one.
    ingest(
        path, [article("a", STRIKE.format(killed=7), "SOHR"), article("b", STRIKE.format(killed=30), "AFP")]
    )
    with Store(path, read_only=True) as store:
        old = store.incidents().set_index("fatalities")["event_id"].to_dict()
    ingest(path, [article("a", STRIKE.format(killed=25), "SOHR")])
    with Store(path, read_only=True) as store:
        inc = store.incidents()
        gone = store.deletions()
    assert len(inc) == 1
    survivor = inc["event_id"].iloc[0]
    assert survivor in old.values()
    absorbed = next(i for i in old.values() if i != survivor)
    assert log(path, 2) == sorted([(survivor, "merged", [absorbed]), (absorbed, "merged_away", [survivor])])
    assert gone[["event_id", "change", "replaced_by"]].values.tolist() == [
        [absorbed, "merged_away", survivor]
    ]
    explained = CliRunner().invoke(cli, ["explain", absorbed, "--store", str(path)])
    assert explained.exit_code == 1
    assert f"incident {absorbed} is gone: merged away into {survivor}" in explained.output


def test_a_split_keeps_the_id_on_the_larger_part(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    reports = [article(a, STRIKE.format(killed=k), a) for a, k in (("a", 7), ("b", 8), ("c", 9))]
    ingest(path, reports)
    (kept,) = ids_by_place(path).values()
    # The third report is corrected to 40 killed: too far from 7 and 8 to be the same strike.
    ingest(path, [article("c", STRIKE.format(killed=40), "c")])
    with Store(path, read_only=True) as store:
        inc = store.incidents().set_index("fatalities")
    assert inc.loc[7, "event_id"] == kept and sorted(inc.loc[7, "mention_ids"]) == ["a-0", "b-0"]
    split_off = inc.loc[40, "event_id"]
    assert split_off != kept
    assert log(path, 2) == sorted([(kept, "split", [split_off]), (split_off, "created", [kept])])


def test_a_moved_date_keeps_the_id_and_a_retracted_report_is_deleted(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    ingest(path, [article("a", STRIKE.format(killed=7)), article("d", DOUMA)])
    first = ids_by_place(path)
    # The first report's date is corrected; the second report is withdrawn (no event left).
    ingest(path, [article("a", STRIKE.format(killed=7).replace("01-23", "01-22")), article("d", "no event")])
    with Store(path, read_only=True) as store:
        inc = store.incidents()
        gone = store.deletions()
    assert inc["event_id"].tolist() == [first["Saraqib"]]
    assert str(inc["event_date"].iloc[0].date()) == "2017-01-22"
    assert log(path, 2) == sorted([(first["Saraqib"], "updated", []), (first["Douma"], "deleted", [])])
    assert gone["event_id"].tolist() == [first["Douma"]] and gone["replaced_by"].isna().all()


def test_a_deleted_id_is_never_given_to_another_incident(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    ingest(path, [article("d", DOUMA)])
    (gone,) = ids_by_place(path).values()
    ingest(path, [article("d", "no event")])
    ingest(path, [article("d", DOUMA)])  # the same mention id comes back
    (back,) = ids_by_place(path).values()
    assert back != gone and back == stable_id("incident", "d-0", 1)


def test_review_decisions_follow_their_mention_into_a_merge(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    ingest(
        path, [article("a", STRIKE.format(killed=7), "SOHR"), article("b", STRIKE.format(killed=30), "AFP")]
    )
    with Store(path) as store:
        before = store.incidents()["event_id"].tolist()
        for incident_id in before:
            decide(store.con, incident_id, "injured", 3, reviewer="ana")
    ingest(path, [article("b", STRIKE.format(killed=9), "AFP")])  # now one strike
    with Store(path, read_only=True) as store:
        (survivor,) = store.incidents()["event_id"]
        followed = moved(store.con)
        reviewed = reviewed_incidents(store)
    (absorbed,) = set(before) - {survivor}
    assert followed[["incident_id", "current_incident"]].values.tolist() == [[absorbed, survivor]]
    assert reviewed["injured"].tolist() == [3]
    listed = CliRunner().invoke(cli, ["review", "moved", "--store", str(path)])
    assert listed.exit_code == 0 and "1 decision(s) now on another incident" in listed.output
    assert f"{absorbed} -> {survivor}  injured = 3" in listed.output


def test_a_version_5_store_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    ingest(path, [article("zzz", STRIKE.format(killed=7))])
    (kept,) = ids_by_place(path).values()
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE v5 AS SELECT * EXCLUDE (changed_at, digest) FROM incidents")
    con.execute("DROP TABLE incidents; ALTER TABLE v5 RENAME TO incidents; DROP TABLE incident_changes")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    finished = con.execute("SELECT finished FROM runs").fetchall()[0][0]
    con.close()
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 6
        assert store.incidents()["changed_at"].tolist() == [pd.Timestamp(finished)]
    ingest(path, [article("aaa", STRIKE.format(killed=9), "Reuters")])
    with Store(path, read_only=True) as store:
        assert store.incidents()["event_id"].tolist() == [kept]
    assert log(path) == [(kept, "updated", [])]


# -- the functions alone ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "old", "pending", "expected"),
    [
        pytest.param([{"a", "b"}], {"X": {"a"}}, (), ["X"], id="a-report-joins"),
        pytest.param([{"a"}, {"b", "c"}], {"X": {"a", "b", "c"}}, (), [None, "X"], id="split-larger-keeps"),
        pytest.param([{"a", "b", "c"}], {"X": {"a"}, "Y": {"b", "c"}}, (), ["Y"], id="merge-most-shared"),
        pytest.param([{"b"}, {"a"}], {"X": {"a", "b"}}, (), [None, "X"], id="tie-smallest-mention"),
        pytest.param([{"c"}], {"X": {"a", "b", "c"}}, {"X"}, [None], id="pending-minority-waits"),
        pytest.param([{"b", "c"}], {"X": {"a", "b", "c"}}, {"X"}, ["X"], id="pending-majority-takes"),
        pytest.param([{"z"}], {"X": {"a"}}, (), [None], id="nothing-shared"),
    ],
)
def test_match(new: list[set[str]], old: dict[str, set[str]], pending: Any, expected: list[Any]) -> None:
    assert match(new, old, pending=pending) == expected
    assert match(list(reversed(new)), old, pending=pending) == list(reversed(expected))


def test_fresh_ids_skip_used_ones() -> None:
    used = {stable_id("incident", "a"), stable_id("incident", "b")}
    assert fresh_ids([{"a", "b", "c"}], lambda ids: used & set(ids)) == [stable_id("incident", "c")]
    assert fresh_ids([{"a", "b"}], lambda ids: used & set(ids)) == [stable_id("incident", "a", "b", 1)]


def test_changes_for_an_unchanged_recompute_are_empty() -> None:
    assert changes([("X", True, False, [])], [("X", True, [])]) == []


# -- the command line: keeping a copy up to date ---------------------------------------------------

REPORT_A1 = "Government warplanes killed 7 civilians in Saraqib in Idlib on Monday."
REPORT_A2 = "A car bomb killed 4 people in Azaz in Aleppo on Monday."
REPORT_B1 = "Warplanes of the government killed 9 civilians in Saraqib in Idlib on Monday."
REPORT_B2 = "Shelling killed 3 people in Douma in Rural Damascus on Tuesday."


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _ingest(runner: CliRunner, folder: Path, store: Path, source: str) -> None:
    args = ["ingest", str(folder), "--store", str(store), "--published", "2017-01-24", "--source", source]
    result = runner.invoke(cli, [*args, "--quiet"])
    assert result.exit_code == 0, result.output


def _export(runner: CliRunner, store: Path, out: Path, *extra: str) -> pd.DataFrame:
    result = runner.invoke(cli, ["export", "--store", str(store), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return pd.read_csv(out, dtype=str, keep_default_na=False)


def test_a_copy_is_brought_up_to_date_with_changed_and_deleted_rows(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "s.duckdb"
    _ingest(runner, _write(tmp_path / "a", {"a1": REPORT_A1, "a2": REPORT_A2}), store, "Wire")
    copy = _export(runner, store, tmp_path / "copy.csv")
    acled = _export(runner, store, tmp_path / "acled.csv", "--format", "acled")
    assert len(copy) == 2 and (acled["timestamp"].astype(int) > 1_600_000_000).all()
    saraqib = copy.loc[copy["location_text"] == "Saraqib", "event_id"].item()

    # B: another source's report of the Saraqib strike, a new incident, and the Azaz report withdrawn.
    folder = _write(tmp_path / "b", {"b1": REPORT_B1, "b2": REPORT_B2, "a2": "The roads were quiet."})
    _ingest(runner, folder, store, "Other")
    latest = max(copy["changed_at"])
    changed = _export(runner, store, tmp_path / "changed.csv", "--changed-since", latest)
    deleted = _export(runner, store, tmp_path / "deleted.csv", "--deleted-since", latest)
    # The rows of the copy's latest second come again (harmless: they are replaced); here both changed.
    assert sorted(changed["location_text"]) == ["Douma", "Saraqib"]
    assert saraqib in set(changed["event_id"])
    assert deleted["change"].tolist() == ["deleted"] and list(deleted.columns) == [
        "event_id",
        "change",
        "replaced_by",
        "deleted_at",
    ]
    # Drop the deleted ids, replace the changed rows: the copy equals a fresh export.
    synced = copy[~copy["event_id"].isin(deleted["event_id"]) & ~copy["event_id"].isin(changed["event_id"])]
    synced = pd.concat([synced, changed]).sort_values("event_id").reset_index(drop=True)
    fresh = _export(runner, store, tmp_path / "fresh.csv").sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(synced, fresh)
    # ACLED's timestamp works as the time too.
    newest = str(
        _export(runner, store, tmp_path / "acled2.csv", "--format", "acled")["timestamp"].astype(int).max()
    )
    again = _export(runner, store, tmp_path / "again.csv", "--changed-since", newest)
    assert sorted(again["location_text"]) == ["Douma", "Saraqib"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--deleted-since", "2017-01-01", "--mentions"], "takes no filter", id="deleted-mentions"
        ),
        pytest.param(
            ["--deleted-since", "2017-01-01", "--format", "acled"], "takes no filter", id="deleted-acled"
        ),
        pytest.param(
            ["--changed-since", "2017-01-01", "--mentions"], "does not go with", id="changed-mentions"
        ),
        pytest.param(["--changed-since", "yesterday-ish"], "is not a time", id="bad-time"),
    ],
)
def test_sync_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    store = tmp_path / "s.duckdb"
    ingest(store, [article("a", STRIKE.format(killed=7))])
    result = CliRunner().invoke(cli, ["export", "--store", str(store), "-o", str(tmp_path / "x.csv"), *args])
    assert result.exit_code == 2 and message in result.output
