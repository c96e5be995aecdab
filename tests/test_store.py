"""The store: incremental and atomic ingestion, merging across sources, reading back, schema versions.

Most tests use ``line_extractor``, a tiny deterministic extractor whose events are spelled out in
the article text (``day=2017-01-23; place=Saraqib; ...`` one event a line), so the merge mechanics
are tested apart from the language extractor; one test runs the real pipeline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from tracker.document import Article
from tracker.extraction.pipeline import ArticleResult
from tracker.run.ingest import ingest as run_ingest
from tracker.store import SCHEMA_VERSION, Store, StoreError, writer

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = date(2017, 1, 24)

_KEYS = {
    "day": "event_date",
    "place": "location",
    "admin1": "admin1",
    "admin2": "admin2",
    "geo": "geo_precision",
    "side": "actor1_side",
    "actor": "actor1",
    "killed": "fatalities",
    "high": "fatalities_high",
    "type": "sub_event_type",
    "violation": "violation",
}


def line_extractor(article: Article) -> ArticleResult:
    """Events spelled out in the text: lines of ``key=value`` pairs separated by ``;``.

    A line ``aggregate=N`` gives an aggregate toll, ``ceasefire=ID`` a ceasefire announcement and
    ``fail`` makes extraction raise.
    """
    result = ArticleResult()
    for i, line in enumerate(article.text.splitlines()):
        line = line.strip()
        if line == "fail":
            raise ValueError("extractor failure requested by the text")
        if "=" not in line:
            continue
        pairs = dict(p.strip().split("=", 1) for p in line.split(";") if "=" in p)
        if "aggregate" in pairs:
            result.aggregates.append({"kind": "killed", "count": int(pairs["aggregate"]), "scope": "period"})
            continue
        if "ceasefire" in pairs:
            result.ceasefires_found.append(
                {"id": pairs["ceasefire"], "name": pairs["ceasefire"], "start": "2016-12-30"}
            )
            continue
        row: dict[str, Any] = {_KEYS[k]: v for k, v in pairs.items()}
        row["event_id"] = f"{article.id}-{i}"
        row.setdefault("geo_precision", 1)
        row.setdefault("event_type", "Explosions/Remote violence")
        row.setdefault("sub_event_type", "Air/drone strike")
        row.setdefault("date_precision", 1)
        if "violation" in row:
            row["violation"] = row["violation"] == "yes"
        result.events.append(row)
    return result


STRIKE = "day=2017-01-23; place=Saraqib; admin1=Idleb; side=government; killed={killed}"


def article(aid: str, text: str, source: str = "SOHR", **kw: Any) -> Article:
    return Article(id=aid, text=text, published=PUBLISHED, lang="en", source=source, **kw)


def three_sources() -> list[Article]:
    return [
        article("sohr-1", STRIKE.format(killed=7) + "; high=9", "SOHR"),
        article("reuters-1", STRIKE.format(killed=8), "Reuters"),
        article(
            "sana-1", "day=2017-01-23; place=Idleb; admin1=Idleb; geo=3; side=unknown; killed=12", "SANA"
        ),
    ]


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every data table's rows, sorted, read with plain DuckDB (not the code under test)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in ("articles", "mentions", "incidents", "aggregates", "ceasefires_found", "runs"):
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            keep = [c for c in cols if c not in ("started", "finished", "seconds", "changed_at")]
            rows = con.execute(
                f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in keep)} FROM {table}"
            ).fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "t.duckdb"


def ingest(path: Path, articles: list[Article], *, judge: Any = None, **kw: Any) -> Any:
    # Incidents keep the mentions' judgement unless a test asks for a judge: the ceasefire
    # registry is another module's business.
    with Store(path) as store:
        return run_ingest(store, articles, progress=False, **kw, extractor=line_extractor, judge=judge)


def test_same_strike_from_three_sources_is_one_incident(store_path: Path) -> None:
    result = ingest(store_path, three_sources())
    assert (result.new, result.mentions_added, result.incidents_total) == (3, 3, 1)
    with Store(store_path, read_only=True) as store:
        inc = store.incidents()
        assert len(inc) == 1
        row = inc.iloc[0]
        assert row["n_sources"] == 3
        assert sorted(row["sources"]) == ["Reuters", "SANA", "SOHR"]
        assert (row["fatalities"], row["fatalities_low"], row["fatalities_best"], row["fatalities_high"]) == (
            7,
            7,
            8,
            12,
        )
        assert row["location"] == "Saraqib"
        assert row["actor1_side"] == "government"
        mentions = store.mentions()
        assert len(mentions) == 3
        assert set(mentions["incident_id"]) == {row["event_id"]}


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        pytest.param(
            "day=2017-01-23; place=Ariha; admin1=Idleb; side=government; killed=3",
            2,
            id="same-day-other-town",
        ),
        pytest.param(
            "day=2017-01-24; place=Saraqib; admin1=Idleb; side=government; killed=3",
            2,
            id="next-day-same-town",
        ),
        pytest.param(
            "day=2017-01-23; place=Saraqib; admin1=Idleb; side=opposition; killed=3", 2, id="other-side"
        ),
        pytest.param(
            "day=2017-01-23; place=Saraqib; admin1=Idleb; side=government; killed=3", 1, id="same-strike"
        ),
    ],
)
def test_merge_or_not_across_articles(store_path: Path, second: str, expected: int) -> None:
    ingest(store_path, [article("a", STRIKE.format(killed=5), "SOHR"), article("b", second, "AFP")])
    with Store(store_path, read_only=True) as store:
        assert len(store.incidents()) == expected
        assert len(store.mentions()) == 2


def test_reingest_changes_nothing_and_extracts_nothing(store_path: Path) -> None:
    calls: list[str] = []

    def counting(a: Article) -> ArticleResult:
        calls.append(a.id)
        return line_extractor(a)

    articles = [*three_sources(), article("agg", "aggregate=300\nceasefire=nationwide-2016-12-30")]
    with Store(store_path) as store:
        run_ingest(store, articles, progress=False, extractor=counting, judge=None)
    before = snapshot(store_path)
    calls.clear()
    with Store(store_path) as store:
        again = run_ingest(store, articles, progress=False, extractor=counting, judge=None)
    assert calls == []
    assert (again.new, again.changed, again.unchanged, again.mentions_added, again.incidents_recomputed) == (
        0,
        0,
        4,
        0,
        0,
    )
    after = snapshot(store_path)
    assert len(after["runs"]) == 2
    before.pop("runs"), after.pop("runs")
    assert after == before
    assert len(after["aggregates"]) == 1 and len(after["ceasefires_found"]) == 1


def test_same_content_under_another_id_is_stored_once(store_path: Path) -> None:
    text = STRIKE.format(killed=4)
    result = ingest(store_path, [article("x1", text, "SOHR"), article("x2", text, "SOHR-mirror")])
    assert (result.new, result.duplicates, result.mentions_added) == (1, 1, 1)
    again = ingest(store_path, [article("x2", text, "SOHR-mirror")])
    assert (again.new, again.duplicates) == (0, 1)
    assert snapshot(store_path)["articles"].__len__() == 1


def test_changed_article_replaces_its_old_mentions(store_path: Path) -> None:
    ingest(store_path, three_sources())
    # Reuters corrects its report: the strike was in Ariha, on the next day, with 10 dead.
    corrected = article(
        "reuters-1", "day=2017-01-24; place=Ariha; admin1=Idleb; side=government; killed=10", "Reuters"
    )
    result = ingest(store_path, [corrected])
    assert (result.changed, result.mentions_removed, result.mentions_added) == (1, 1, 1)
    with Store(store_path, read_only=True) as store:
        inc = store.incidents()
        assert len(inc) == 2
        saraqib = inc[inc["location"] == "Saraqib"].iloc[0]
        assert sorted(saraqib["sources"]) == ["SANA", "SOHR"]
        ariha = inc[inc["location"] == "Ariha"].iloc[0]
        assert (ariha["fatalities"], ariha["sources"]) == (10, ["Reuters"])
        assert len(store.mentions(article_id="reuters-1")) == 1


def test_changed_article_with_fewer_events_removes_undated_and_dated(store_path: Path) -> None:
    ingest(store_path, [article("a", STRIKE.format(killed=2) + "\nplace=Homs; admin1=Homs; killed=1")])
    with Store(store_path, read_only=True) as store:
        assert len(store.incidents()) == 2  # one dated, one undated (its own incident)
    ingest(store_path, [article("a", "nothing violent any more")])
    with Store(store_path, read_only=True) as store:
        assert store.incidents().empty and store.mentions().empty
        assert store.stats()["articles"] == 1


def test_failed_article_is_counted_and_retried_next_run(store_path: Path) -> None:
    result = ingest(store_path, [article("ok", STRIKE.format(killed=1)), article("bad", "fail")])
    assert (result.new, result.failed, result.status) == (2, 1, "ok")
    assert "bad" in result.errors[0]
    with Store(store_path, read_only=True) as store:
        assert store.stats()["articles"] == 1
    again = ingest(store_path, [article("ok", STRIKE.format(killed=1)), article("bad", "fail")])
    assert (again.unchanged, again.failed) == (1, 1)


@pytest.mark.parametrize("keep_text", [False, True], ids=["metadata-only", "with-text"])
def test_article_text_kept_only_when_asked(store_path: Path, keep_text: bool) -> None:
    with Store(store_path, keep_text=keep_text) as store:
        run_ingest(
            store,
            [article("a", STRIKE.format(killed=2))],
            progress=False,
            extractor=line_extractor,
            judge=None,
        )
        rows = store.con.execute("SELECT text, content_hash IS NOT NULL FROM articles").fetchall()
    assert rows == [(STRIKE.format(killed=2) if keep_text else None, True)]


def test_batches_see_each_other(store_path: Path) -> None:
    # A duplicate in a later batch and the same strike spread over batches.
    arts = [article(f"a{i}", STRIKE.format(killed=5 + i), f"S{i}") for i in range(7)]
    arts.append(article("dup", arts[0].text, "S0"))
    result = ingest(store_path, arts, batch_size=3)
    assert (result.new, result.duplicates) == (7, 1)
    with Store(store_path, read_only=True) as store:
        inc = store.incidents()
        assert len(inc) == 1 and inc["n_sources"].iloc[0] == 7


def _export_store(path: Path) -> None:
    ingest(
        path,
        [
            article(
                "a", "day=2017-01-02; place=Saraqib; admin1=Idleb; side=government; killed=3; violation=yes"
            ),
            article(
                "b",
                "day=2017-01-05; place=Douma; admin1=Rural Damascus; side=opposition; actor=Jaysh al-Islam; killed=2",
            ),
            article(
                "c",
                "day=2017-01-09; place=Aleppo; admin1=Aleppo; side=government; actor=Military Forces of Russia (2000-); killed=4; violation=yes",
            ),
        ],
    )


@pytest.mark.parametrize(
    ("filters", "locations"),
    [
        pytest.param({}, ["Saraqib", "Douma", "Aleppo"], id="all"),
        pytest.param({"since": "2017-01-05"}, ["Douma", "Aleppo"], id="since-inclusive"),
        pytest.param({"until": "2017-01-05"}, ["Saraqib", "Douma"], id="until-inclusive"),
        pytest.param({"since": "2017-01-03", "until": "2017-01-08"}, ["Douma"], id="window"),
        pytest.param({"admin1": "Rural Damascus"}, ["Douma"], id="admin1-name"),
        pytest.param({"admin1": "idleb"}, ["Saraqib"], id="admin1-any-case"),
        pytest.param({"actor": "russia"}, ["Aleppo"], id="actor-part-of-name"),
        pytest.param({"actor": "opposition"}, ["Douma"], id="actor-side"),
        pytest.param({"violations_only": True}, ["Saraqib", "Aleppo"], id="violations"),
        pytest.param({"violations_only": True, "admin1": "Aleppo"}, ["Aleppo"], id="combined"),
    ],
)
def test_read_filters(store_path: Path, filters: dict[str, Any], locations: list[str]) -> None:
    _export_store(store_path)
    with Store(store_path, read_only=True) as store:
        assert store.incidents(**filters)["location"].tolist() == locations
        assert store.mentions(**filters)["location"].tolist() == locations


def test_stats_and_explain(store_path: Path) -> None:
    # SANA's governorate-level report fits both the Saraqib and the Ariha strike: it joins neither.
    ingest(
        store_path,
        [*three_sources(), article("other", "day=2017-01-23; place=Ariha; admin1=Idleb; killed=6", "AFP")],
    )
    with Store(store_path, read_only=True) as store:
        stats = store.stats()
        assert (stats["articles"], stats["mentions"], stats["incidents"], stats["merged_incidents"]) == (
            4,
            4,
            3,
            1,
        )
        assert stats["schema_version"] == SCHEMA_VERSION
        assert stats["last_run"]["status"] == "ok"
        inc_id = store.incidents().query("location == 'Saraqib'")["event_id"].iloc[0]
        why = store.explain(inc_id)
        assert sorted(m["source"] for m in why["mentions"]) == ["Reuters", "SOHR"]
        reasons = " | ".join(m["merge_reason"] for m in why["mentions"])
        assert "same day 2017-01-23; same place Saraqib, Idleb" in reasons
        apart = sorted(o["why_apart"] for o in why["kept_apart"])
        assert apart == [
            "compatible, yet kept apart: it could join more than one incident that day (or the store was merged under other rules)",
            "different places (Saraqib, Idleb / Ariha, Idleb)",
        ]
        sana = store.explain("sana-1-0")  # by mention id
        assert sana["mentions"][0]["merge_reason"] == "kept apart: could be any of 2 incidents that day"
        assert store.explain("reuters-1-0")["incident"]["event_id"] == inc_id
        with pytest.raises(KeyError):
            store.explain("nope")


def test_aggregates_and_runs_read_back(store_path: Path) -> None:
    ingest(store_path, [article("agg", "aggregate=300")], inputs=["file.jsonl"])
    with Store(store_path, read_only=True) as store:
        agg = store.aggregates()
        assert agg["count"].tolist() == [300] and agg["source"].tolist() == ["SOHR"]
        runs = store.runs()
        assert runs["inputs"].tolist() == [["file.jsonl"]] and runs["status"].tolist() == ["ok"]


def test_a_newer_extractor_reads_unchanged_articles_again(store_path: Path) -> None:
    calls: list[str] = []

    def extractor(a: Article) -> ArticleResult:
        calls.append(a.id)
        return line_extractor(a)

    articles = three_sources()
    extractor.fingerprint = "v1"  # type: ignore[attr-defined]
    with Store(store_path) as store:
        run_ingest(store, articles, progress=False, extractor=extractor, judge=None)
    before = snapshot(store_path)
    calls.clear()
    extractor.fingerprint = "v2"  # type: ignore[attr-defined]
    with Store(store_path) as store:
        again = run_ingest(store, articles, progress=False, extractor=extractor, judge=None)
    assert sorted(calls) == sorted(a.id for a in articles)
    assert (again.new, again.changed, again.unchanged, again.outdated) == (0, 0, 0, len(articles))
    assert "re-read by a newer extractor" in again.summary()
    after = snapshot(store_path)
    # the same extractor output: the same mentions and incidents, nothing doubled
    assert len(after["mentions"]) == len(before["mentions"])
    assert len(after["incidents"]) == len(before["incidents"])
    calls.clear()
    with Store(store_path) as store:
        third = run_ingest(store, articles, progress=False, extractor=extractor, judge=None)
    assert calls == [] and third.unchanged == len(articles)


def test_the_packaged_extractor_has_a_stable_fingerprint() -> None:
    from tracker.store import extractor_fingerprint

    first = extractor_fingerprint()
    extractor_fingerprint.cache_clear()
    assert extractor_fingerprint() == first and len(first) == 16


# -- schema versions -----------------------------------------------------------------------

V1_LAYOUT = """
CREATE TABLE meta (key VARCHAR, value VARCHAR);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE articles (article_id VARCHAR, content_hash VARCHAR, source VARCHAR, url VARCHAR, title VARCHAR,
  published TIMESTAMP, language VARCHAR, origin VARCHAR, text VARCHAR, n_events INTEGER, n_aggregates INTEGER,
  first_run INTEGER, last_run INTEGER);
CREATE TABLE mentions AS SELECT * FROM (SELECT NULL::VARCHAR AS event_id) WHERE false;
CREATE TABLE incidents (event_id VARCHAR, event_date TIMESTAMP, location VARCHAR, admin1 VARCHAR,
  fatalities BIGINT, sources VARCHAR[], mention_ids VARCHAR[], run_id INTEGER);
INSERT INTO incidents VALUES ('old-1', '2016-05-01', 'Douma', 'Rural Damascus', 6, ['SOHR', 'AFP'], ['m1', 'm2'], 1);
CREATE TABLE aggregates (aggregate_id VARCHAR, count BIGINT, run INTEGER);
CREATE TABLE ceasefires_found (article_id VARCHAR, record VARCHAR, run_id INTEGER);
CREATE TABLE runs (run_id INTEGER, started TIMESTAMP, finished TIMESTAMP, inputs VARCHAR[]);
INSERT INTO runs VALUES (1, '2016-05-02 10:00', '2016-05-02 10:05', ['old.jsonl']);
"""


def _write_layout(path: Path, sql: str) -> None:
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()


def test_older_store_is_migrated(store_path: Path) -> None:
    _write_layout(store_path, V1_LAYOUT)
    with pytest.raises(StoreError, match=f"version 1.*version {SCHEMA_VERSION}"):
        Store(store_path, read_only=True)
    with Store(store_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
    con = duckdb.connect(str(store_path), read_only=True)
    try:
        assert con.execute("SELECT fatalities_best, n_sources FROM incidents").fetchall() == [(6, 2)]
        assert con.execute("SELECT status FROM runs").fetchall() == [("ok",)]
        assert "run_id" in [r[0] for r in con.execute("DESCRIBE aggregates").fetchall()]
        # articles read before extractors were recorded are read again by the next run that sees them
        assert "extractor" in [r[0] for r in con.execute("DESCRIBE articles").fetchall()]
        assert "outdated" in [r[0] for r in con.execute("DESCRIBE runs").fetchall()]
    finally:
        con.close()


def test_a_version_3_store_gets_the_district_pcode_and_takes_new_rows(store_path: Path) -> None:
    # Version 3 had no admin2_pcode and no background: rebuild a current store's tables without them.
    first = "day=2017-01-23; place=Saraqib; admin1=Idleb; admin2=Ariha; killed=4"
    with Store(store_path) as store:
        run_ingest(store, [article("old", first)], progress=False, extractor=line_extractor, judge=None)
    con = duckdb.connect(str(store_path))
    for table in ("mentions", "incidents"):
        con.execute(f"CREATE TABLE v3 AS SELECT * EXCLUDE (admin2_pcode, background) FROM {table}")
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE v3 RENAME TO {table}")
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    con.close()
    with Store(store_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        run_ingest(
            store,
            [article("new", STRIKE.format(killed=2).replace("Saraqib", "Kafr Nabl"))],
            progress=False,
            extractor=line_extractor,
            judge=None,
        )
        mentions = store.mentions()
    assert sorted(mentions["location"]) == ["Kafr Nabl", "Saraqib"]
    assert mentions["admin2"].eq("Ariha").sum() == 1 and mentions["admin2_pcode"].isna().all()
    con = duckdb.connect(str(store_path), read_only=True)
    try:
        columns = [r[0] for r in con.execute("DESCRIBE mentions").fetchall()]
    finally:
        con.close()
    assert columns[columns.index("admin2") + 1] == "admin2_pcode"
    assert columns[columns.index("notes") - 1] == "background"


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        pytest.param(
            "CREATE TABLE meta (key VARCHAR, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '99');",
            f"version 99, newer than this tracker's version {SCHEMA_VERSION}",
            id="newer",
        ),
        pytest.param(
            "CREATE TABLE meta (key VARCHAR, value VARCHAR); INSERT INTO meta VALUES ('schema_version', '0');",
            "no migration from version 0",
            id="too-old",
        ),
        pytest.param("CREATE TABLE something (x INTEGER);", "not a tracker store", id="foreign-file"),
    ],
)
def test_unusable_store_fails_clearly(store_path: Path, sql: str, message: str) -> None:
    _write_layout(store_path, sql)
    with pytest.raises(StoreError, match=message):
        Store(store_path)


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "missing.duckdb", read_only=True)


# -- crashes and write errors ----------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tests.test_store import article, line_extractor
    from tracker.run.ingest import ingest as run_ingest
    from tracker.store import Store

    path, marker, n, phase = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

    def extractor(a):
        if phase == "extract" and a.id == "k50":
            marker.write_text("extracting")
        return line_extractor(a)

    def judge(frame):
        # Called once per chunk of days while incidents are recomputed, just before the commit.
        if phase == "merge":
            marker.write_text("merging")
        return frame

    def articles():
        for i in range(n):
            day = f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}"
            yield article(f"k{i}", f"day={day}; place=Town{i % 40}; admin1=Hama; killed={i % 9}\\nid {i}" + " pad" * 200, f"S{i % 5}")

    with Store(path) as store:
        run_ingest(store, articles(), progress=False, batch_size=20, extractor=extractor, judge=judge)
    print("done")
    """
)


def _start_child(
    store: Path, marker: Path, n: int, phase: str = "extract", **kw: Any
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(store), str(marker), str(n), phase], cwd=ROOT, env=env, **kw
    )


@pytest.mark.parametrize(
    ("phase", "delay"),
    [
        ("extract", 0.0),
        ("extract", 0.2),
        ("merge", 0.0),
        ("merge", 0.02),
        ("merge", 0.1),
        ("merge", 0.3),
        ("merge", 1.0),
    ],
    ids=lambda v: str(v),
)
def test_sigkill_mid_run_leaves_before_or_after(tmp_path: Path, phase: str, delay: float) -> None:
    n = 600
    store = tmp_path / "k.duckdb"
    ingest(store, three_sources())
    before = snapshot(store)
    marker = tmp_path / "marker"
    child = _start_child(store, marker, n, phase)
    deadline = time.monotonic() + 120
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert marker.exists(), "the child never reached the phase to kill"
    time.sleep(delay)
    killed = child.poll() is None
    if killed:
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    after = snapshot(store)
    after_runs, before_runs = after.pop("runs"), before.pop("runs")
    if after_runs == before_runs:
        assert after == before, "killed run left part of itself behind"
    else:
        assert len(after_runs) == len(before_runs) + 1
        assert len(after["articles"]) == 3 + n
        assert len(after["mentions"]) == 3 + n
        assert all(row[-3] is not None for row in after["mentions"])  # every mention has its incident
    assert killed or child.returncode == 0


def test_sigkill_then_rerun_completes(tmp_path: Path) -> None:
    store = tmp_path / "k.duckdb"
    marker = tmp_path / "marker"
    child = _start_child(store, marker, 200)
    while not marker.exists() and child.poll() is None:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    done = _start_child(store, tmp_path / "m2", 200, stdout=subprocess.PIPE)
    out, _ = done.communicate(timeout=120)
    assert done.returncode == 0 and b"done" in out
    with Store(store, read_only=True) as s:
        assert s.stats()["articles"] == 200
        assert s.mentions()["incident_id"].notna().all()


_FULL_DISK_CHILD = textwrap.dedent(
    """
    import resource, signal, sys
    from tests.test_store import article, line_extractor
    from tracker.run.ingest import ingest as run_ingest
    from tracker.store import Store, StoreError

    path, limit = sys.argv[1], int(sys.argv[2])
    # Writes past the limit fail with EFBIG instead of killing the process: a full disk, as DuckDB sees it.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    big = [article(f"f{i}", f"day=2016-03-{1 + i % 28:02d}; place=T{i}; admin1=Hama; killed=1" + " filler" * 2000, "S")
           for i in range(600)]
    try:
        with Store(path, keep_text=True) as store:
            run_ingest(store, big, progress=False, extractor=line_extractor)
    except StoreError as exc:
        print("StoreError:", exc)
        sys.exit(3)
    print("no error")
    """
)


def test_full_disk_fails_cleanly_and_keeps_the_store(tmp_path: Path) -> None:
    store = tmp_path / "full.duckdb"
    ingest(store, three_sources())
    before = snapshot(store)
    limit = store.stat().st_size + 2_000_000
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", _FULL_DISK_CHILD, str(store), str(limit)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert b"StoreError" in proc.stdout and b"rolled back" in proc.stdout
    after = snapshot(store)
    after_runs, before_runs = after.pop("runs"), before.pop("runs")
    assert after == before
    # The failed run is logged only if the disk had room for it; the earlier run is intact.
    assert after_runs[: len(before_runs)] == before_runs or before_runs[0] in after_runs


# -- the real extractor ------------------------------------------------------------------------


def test_real_extractor_three_reports_one_incident(store_path: Path) -> None:
    reports = [
        article("r1", "Government warplanes killed 7 civilians in Saraqib in Idlib on Monday.", "Wire A"),
        article(
            "r2",
            "Syrian government aircraft killed nine people in the town of Saraqib, Idlib province, on Monday.",
            "Wire B",
        ),
        article("r3", "Government warplanes killed 2 fighters in Deir ez-Zor on Saturday.", "Wire C"),
    ]
    with Store(store_path) as store:
        result = run_ingest(store, reports, progress=False)
        assert result.mentions_added >= 3
        inc = store.incidents()
        saraqib = inc[inc["location"].str.startswith("Saraq", na=False)]  # the gazetteer spells it Saraqab
        assert len(saraqib) == 1
        row = saraqib.iloc[0]
        assert row["n_sources"] == 2
        assert (row["fatalities_low"], row["fatalities_high"]) == (7, 9)
        assert pd.Timestamp(row["event_date"]).date() == date(2017, 1, 23)
        assert len(inc) == 2


def test_incidents_are_rejudged_by_the_judge(store_path: Path) -> None:
    seen: list[int] = []

    def judge_all(frame: pd.DataFrame) -> pd.DataFrame:
        seen.append(len(frame))
        return frame.assign(
            ceasefire="nationwide-2016-12-30", violation=True, violation_reason="judged as a whole"
        )

    ingest(store_path, three_sources(), judge=judge_all)
    assert seen == [1]  # the merged incident, not its three mentions
    with Store(store_path, read_only=True) as store:
        inc = store.incidents(violations_only=True)
        assert inc[["ceasefire", "violation_reason"]].values.tolist() == [
            ["nationwide-2016-12-30", "judged as a whole"]
        ]
        assert store.mentions()["violation"].isna().all()  # mentions keep their own judgement


def test_default_judge_is_the_ceasefire_module(store_path: Path) -> None:
    ingest(store_path, three_sources(), judge="auto")
    with Store(store_path, read_only=True) as store:
        inc = store.incidents().iloc[0]
    assert inc["ceasefire"] == "nationwide-2016-12-30"
    assert inc["violation_reason"]


# --- memory of a long run ---------------------------------------------------------------------------


def _spread_over_days() -> list[Article]:
    """Reports over five days (two sources on each day) and three undated ones."""
    arts = []
    for day in range(1, 6):
        for killed, source in ((day, "SOHR"), (day + 1, "SANA")):
            text = f"day=2017-01-0{day}; place=Saraqib; admin1=Idleb; side=government; killed={killed}"
            arts.append(article(f"{source}-{day}", text, source))
    arts += [article(f"undated-{i}", f"place=Town{i}; admin1=Idleb; killed={i + 1}") for i in range(3)]
    return arts


def test_merging_in_small_steps_gives_the_same_store(tmp_path: Path, monkeypatch) -> None:
    whole, steps = tmp_path / "whole.duckdb", tmp_path / "steps.duckdb"
    ingest(whole, _spread_over_days())
    monkeypatch.setattr(writer, "MENTIONS_PER_MERGE", 3)
    with Store(steps) as store:
        run_ingest(store, _spread_over_days(), progress=False, extractor=line_extractor, judge=None)
        with store.new_run(extractor="check") as run:
            run.days.update(date(2017, 1, d) for d in range(1, 6))
            # Two mentions a day: at most one day's pair fits under three, so one day per step.
            assert run.day_chunks() == [[date(2017, 1, d)] for d in range(1, 6)]
    stored, expected = snapshot(steps), snapshot(whole)
    assert len(stored.pop("runs")) == 2  # the checking run only read
    assert stored == {table: rows for table, rows in expected.items() if table != "runs"}
    incidents = expected["incidents"]
    assert len(incidents) == 5 + 3  # a day's two sources are one incident; undated stay apart


def test_a_run_caps_duckdb_memory_and_restores_it(store_path: Path) -> None:
    with Store(store_path) as store:

        def limit() -> str:
            return str(store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0])

        before = limit()
        with store.new_run(extractor="check"):
            during = limit()
        assert limit() == before
    mib = {"KiB": 1 / 1024, "MiB": 1, "GiB": 1024}  # DuckDB prints sizes like '61.0 MiB'
    during_mib, before_mib = (float(v.split()[0]) * mib[v.split()[1]] for v in (during, before))
    assert during_mib <= 64 < before_mib
