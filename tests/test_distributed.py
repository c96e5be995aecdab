"""The Dask engine gives the local engine's events: same ids, same key columns, in Parquet and in the store."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path

import click
import pandas as pd
import pytest

from tests.conftest import SHARED, needs_shared
from tracker.extraction.pipeline import extract
from tracker.run.inputs import RunReport, read_inputs
from tracker.schema import AGGREGATE_COLUMNS, EVENT_COLUMNS

distributed = pytest.importorskip("dask.distributed")

from tracker.run.distributed import extract_dask, run_dask_ingest  # noqa: E402

KEY_COLUMNS = [
    "event_id",
    "article_id",
    "event_date",
    "sub_event_type",
    "fatalities",
    "injured",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "violation",
]

#: Our own reports: most with a strike or a toll, two without any.
ARABIC = [
    ("ar-1", "2017-01-24", "قتل خمسة مدنيين وأصيب عشرة آخرون جراء غارة جوية على مدينة إدلب صباح اليوم."),
    (
        "ar-2",
        "2017-01-24",
        "قصفت قوات النظام بالمدفعية بلدة كفرنبل في ريف إدلب مما أدى إلى مقتل ثلاثة أشخاص.",
    ),
    ("ar-3", "2016-03-02", "انفجرت سيارة مفخخة في مدينة أعزاز بريف حلب الشمالي، ما أسفر عن مقتل سبعة أشخاص."),
    ("ar-4", "2016-03-02", "أعلنت وزارة الصحة افتتاح مستشفى جديد في دمشق."),
    (
        "ar-5",
        "2017-02-10",
        "اشتباكات عنيفة بين فصائل المعارضة وقوات النظام في حي جوبر بدمشق أسفرت عن مقتل 12 مقاتلا.",
    ),
    ("ar-6", "2017-02-10", "سقط صاروخ على حي سكني في مدينة درعا أمس وقتل طفلان."),
    ("ar-7", "2015-08-01", "ارتفعت أسعار الخضار في أسواق الرياض هذا الأسبوع."),
    ("ar-8", "2016-09-14", "شنت طائرات روسية غارات على ريف حماة الشمالي أدت إلى مقتل أربعة مدنيين."),
]


@pytest.fixture(scope="module")
def scheduler():
    """One two-process cluster for the module: workers load the extractor's resources once."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _arabic_records() -> list[dict]:
    return [{"id": i, "published": p, "lang": "ar", "text": t} for i, p, t in ARABIC]


def _timeline_records(limit: int) -> list[dict]:
    """English timeline sentences dated by their day heading and period year."""
    path = SHARED / "corpus" / "wikipedia-syria-timeline" / "events.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:limit]
    records = []
    for n, row in enumerate(rows):
        year = re.search(r"\d{4}", row["period"])
        try:
            published = (
                datetime.strptime(f"{row['date_heading']} {year.group()}", "%d %B %Y").date().isoformat()
            )
        except (ValueError, AttributeError):
            published = None
        records.append({"id": f"timeline-{n}", "published": published, "lang": "en", "text": row["event"]})
    return records


def _local(path: Path) -> pd.DataFrame:
    """The local engine over the same articles as the Dask engine reads."""
    return extract(list(read_inputs([path], report=RunReport())))


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[KEY_COLUMNS].sort_values("event_id").reset_index(drop=True)


def _assert_same(dask_events: pd.DataFrame, local: pd.DataFrame) -> None:
    assert sorted(dask_events["event_id"]) == sorted(local["event_id"])
    pd.testing.assert_frame_equal(
        _keyed(dask_events), _keyed(local), check_dtype=False, check_categorical=False
    )


@needs_shared
def test_english_timeline_equals_local_engine(tmp_path, scheduler):
    path = _write_jsonl(tmp_path / "timeline.jsonl", _timeline_records(200))
    local = _local(path)
    summary = extract_dask(
        [path], scheduler=scheduler, output=tmp_path / "out", partition_size=2, progress=False
    )
    events = pd.read_parquet(tmp_path / "out" / "events")
    assert len(local) >= 50  # the sample must hold real events for the comparison to mean anything
    _assert_same(events, local)
    # Byte ranges of about 2 * BYTES_PER_ARTICLE, read by the workers themselves.
    assert summary.partitions == pytest.approx(path.stat().st_size / 8000, abs=1)
    assert (summary.report.processed, summary.events) == (200, len(local))


def test_arabic_jsonl_equals_local_engine(tmp_path, scheduler):
    path = _write_jsonl(tmp_path / "ar.jsonl", _arabic_records())
    local = _local(path)
    summary = extract_dask(
        [path], scheduler=scheduler, output=tmp_path / "out", partition_size=3, progress=False
    )
    events = pd.read_parquet(tmp_path / "out" / "events")
    assert set(local["article_id"]) >= {"ar-1", "ar-3", "ar-8"}
    _assert_same(events, local)
    assert summary.report.with_events == local["article_id"].nunique()
    assert list(events.columns) == list(EVENT_COLUMNS)


def test_parquet_dataset_input(tmp_path, scheduler):
    """A folder of Parquet files is read by the workers; a row without text is a bad record, not a crash."""
    records = _arabic_records()
    dataset = tmp_path / "articles"
    dataset.mkdir()
    pd.DataFrame(records[:4]).to_parquet(dataset / "a.parquet", index=False, row_group_size=2)
    broken = pd.DataFrame(
        records[4:] + [{"id": "no-text", "published": "2017-01-01", "lang": "ar", "text": None}]
    )
    broken.to_parquet(dataset / "b.parquet", index=False)
    local = _local(_write_jsonl(tmp_path / "ar.jsonl", records))
    summary = extract_dask(
        [dataset], scheduler=scheduler, output=tmp_path / "out", partition_size=2, progress=False
    )
    _assert_same(pd.read_parquet(tmp_path / "out" / "events"), local)
    assert summary.report.processed == len(records)
    assert [(b.origin.split(":")[0], b.reason) for b in summary.report.bad] == [
        (str(dataset / "b.parquet"), "missing 'text'")
    ]


def test_store_ingest_and_rerun(tmp_path, scheduler):
    path = _write_jsonl(tmp_path / "ar.jsonl", _arabic_records())
    local = _local(path)
    store = tmp_path / "tracker.duckdb"
    first = extract_dask([path], scheduler=scheduler, store=store, partition_size=3, progress=False)
    again = extract_dask([path], scheduler=scheduler, store=store, partition_size=3, progress=False)
    from tracker.store import Store

    with Store(store, read_only=True) as db:
        mentions = db.mentions()
    assert sorted(mentions["event_id"]) == sorted(local["event_id"])
    assert (first.store.new, first.store.mentions_added) == (len(ARABIC), len(local))
    assert (again.store.unchanged, again.store.mentions_added) == (len(ARABIC), 0)
    assert (first.unchanged, again.unchanged, again.articles) == (0, len(ARABIC), 0), (
        "unchanged articles are not sent to the workers"
    )


@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_only_new_and_changed_articles_are_extracted_again(tmp_path, scheduler, kind):
    records = _arabic_records()
    store = tmp_path / "tracker.duckdb"

    def write(rows: list[dict]) -> Path:
        if kind == "jsonl":
            return _write_jsonl(tmp_path / "ar.jsonl", rows)
        path = tmp_path / "ar.parquet"
        pd.DataFrame(rows).to_parquet(path, row_group_size=3)
        return path

    extract_dask([write(records)], scheduler=scheduler, store=store, partition_size=3, progress=False)
    records[1] = {**records[1], "text": records[1]["text"].replace("ثلاثة", "أربعة")}
    again = extract_dask([write(records)], scheduler=scheduler, store=store, partition_size=3, progress=False)
    assert (again.unchanged, again.articles) == (len(ARABIC) - 1, 1)
    assert (again.store.unchanged, again.store.changed) == (len(ARABIC) - 1, 1)
    from tracker.store import Store

    with Store(store, read_only=True) as db:
        figures = db.mentions().set_index("article_id")["fatalities"]
    assert figures["ar-2"] == 4


def test_default_local_cluster_replaces_old_partitions(tmp_path):
    """No scheduler: a LocalCluster is started and shut down; a re-run leaves only its own files."""
    path = _write_jsonl(tmp_path / "ar.jsonl", _arabic_records())
    out = tmp_path / "out"
    (out / "events").mkdir(parents=True)
    stale = out / "events" / "part-00099.parquet"
    pd.DataFrame({"event_id": ["stale"]}).to_parquet(stale)
    summary = extract_dask([path], n_workers=1, output=out, partition_size=100, progress=False)
    assert not stale.exists()
    assert summary.workers == 1
    assert [Path(f).name for f in summary.event_files] == ["part-00000.parquet"]
    aggregates = pd.read_parquet(out / "aggregates")
    assert list(aggregates.columns) == list(AGGREGATE_COLUMNS)


def test_run_dask_ingest_prints_summary_and_fails_on_nothing(tmp_path, scheduler, capsys):
    """The helper behind 'tracker ingest --engine dask': summary on stderr, an error when nothing was read."""
    path = _write_jsonl(tmp_path / "ar.jsonl", _arabic_records())
    store = str(tmp_path / "tracker.duckdb")
    summary = run_dask_ingest([str(path)], scheduler=scheduler, store=store, output=None, quiet=False)
    err = capsys.readouterr().err
    assert "dask: 1 partition(s) on 2 worker thread(s)" in err
    assert summary.store.new == len(ARABIC)
    empty = _write_jsonl(tmp_path / "empty.jsonl", [{"id": "x", "text": ""}])
    with pytest.raises(click.ClickException, match="nothing could be read"):
        run_dask_ingest([str(empty)], scheduler=scheduler, store=None, output=None, quiet=True)


def test_store_records_the_extractors_fingerprint(tmp_path, scheduler):
    """A Dask-built store notices an upgrade, and switching engines reads nothing again."""
    from tracker.run.ingest import ingest
    from tracker.store import Store, extractor_fingerprint

    path = _write_jsonl(tmp_path / "ar.jsonl", _arabic_records())
    store = tmp_path / "tracker.duckdb"
    extract_dask([path], scheduler=scheduler, store=store, progress=False)
    with Store(store) as db:
        recorded = {r[0] for r in db.con.execute("SELECT DISTINCT extractor FROM articles").fetchall()}
        assert recorded == {extractor_fingerprint()}
        local = ingest(db, read_inputs([path], report=RunReport()), progress=False)
    assert (local.unchanged, local.outdated) == (len(ARABIC), 0)


def test_workers_of_another_version_are_refused(tmp_path, scheduler):
    import tracker
    from tracker.run.distributed import WorkerMismatch

    def set_version(value: str) -> None:
        import tracker

        tracker.__version__ = value

    path = _write_jsonl(tmp_path / "ar.jsonl", _arabic_records())
    with distributed.Client(scheduler) as client:
        client.run(set_version, "0.0.1-old")
        try:
            with pytest.raises(WorkerMismatch, match=r"2 of 2 Dask worker\(s\) differ .* runs 0\.0\.1-old"):
                extract_dask([path], scheduler=scheduler, store=tmp_path / "s.duckdb", progress=False)
            with pytest.raises(click.ClickException, match="Install the same tracker wheel"):
                run_dask_ingest([str(path)], scheduler=scheduler, store=None, output=None, quiet=True)
        finally:
            client.run(set_version, tracker.__version__)
    assert not (tmp_path / "s.duckdb").exists(), "refused before anything was written"


def test_cli_extract_engine_dask_writes_the_local_engines_file(tmp_path, scheduler):
    from click.testing import CliRunner

    from tracker.cli import cli

    path = _write_jsonl(tmp_path / "ar.jsonl", _arabic_records())
    runner = CliRunner()
    local = runner.invoke(cli, ["extract", str(path), "-o", str(tmp_path / "local.csv"), "-q"])
    dask = runner.invoke(
        cli, ["extract", str(path), "-o", str(tmp_path / "dask.csv"), "--scheduler", scheduler, "-q"]
    )
    assert (local.exit_code, dask.exit_code) == (0, 0), dask.output
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert len(pd.read_csv(tmp_path / "dask.csv")) == len(_local(path)) > 0


def test_dask_logs_are_quiet_unless_verbose(tmp_path):
    """No scheduler, nanny or comm chatter on stderr: only the run summary (with -v, Dask's INFO lines)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    path = _write_jsonl(tmp_path / "ar.jsonl", _arabic_records()[:2])
    command = [sys.executable, "-m", "tracker.cli", "extract", str(path), "-o", str(tmp_path / "e.csv")]
    command += ["--engine", "dask", "--dask-workers", "1"]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "distributed" not in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("read 2 record(s)")


def _many_records(copies: int) -> list[dict]:
    return [{**record, "id": f"{record['id']}-{n}"} for n in range(copies) for record in _arabic_records()]


def test_jsonl_ranges_cut_at_line_ends_and_number_lines_as_the_file():
    from tracker.run.partitions import jsonl_ranges

    path = Path(__file__).parent / "data" / "ingest" / "articles.jsonl"
    data = path.read_bytes()
    for size in (1, 50, 300, len(data) + 10):
        parts = list(jsonl_ranges(str(path), size))
        assert b"".join(data[p.start : p.end] for p in parts) == data
        assert all(data[p.end - 1 : p.end] == b"\n" for p in parts[:-1])
        assert [p.first_line for p in parts] == [data[: p.start].count(b"\n") + 1 for p in parts]
        assert sum(p.lines for p in parts) >= data.count(b"\n")


def test_workers_read_jsonl_byte_ranges_like_the_local_reader(tmp_path, scheduler):
    """Several ranges, a bad line in the middle: the same events, the same origins and bad records."""
    records = _many_records(6)
    path = _write_jsonl(tmp_path / "ar.jsonl", records)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(20, "{not json\n")
    path.write_text("".join(lines), encoding="utf-8")
    store = tmp_path / "tracker.duckdb"
    summary = extract_dask([path], scheduler=scheduler, partition_size=1, store=store, progress=False)
    assert summary.partitions >= 3
    local_report = RunReport()
    local = extract(list(read_inputs([path], report=local_report)))
    assert [str(b) for b in summary.report.bad] == [str(b) for b in local_report.bad]
    assert "ar.jsonl:21" in str(summary.report.bad[0])
    from tracker.store import Store

    with Store(store, read_only=True) as db:
        mentions = db.mentions()
        origins = dict(db.con.execute("SELECT article_id, origin FROM articles").fetchall())
    from tracker.run.ingest import ingest

    with Store(tmp_path / "local.duckdb") as db:  # copies under other ids are duplicates in a store
        ingest(db, read_inputs([path], report=RunReport()), progress=False)
        local_mentions = db.mentions()
        local_origins = dict(db.con.execute("SELECT article_id, origin FROM articles").fetchall())
    assert sorted(mentions["event_id"]) == sorted(local_mentions["event_id"])
    assert set(mentions["event_id"]) <= set(local["event_id"])
    assert origins == local_origins, "line numbers of the whole file"
