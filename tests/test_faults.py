"""Faults: the store survives a killed ingest or export and a full disk; a read-only store serves.

Each fault is real: a separate process is killed with SIGKILL (no chance to clean up), a disk is
"full" because the writing process runs under a small ``RLIMIT_FSIZE`` (writes past it fail with
EFBIG, as on a full disk), and a store file is made read-only with ``chmod 0444``. After each, the
store must open and hold exactly what it held before the fault (an ingest is one transaction) or
what a completed run gives.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tracker.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and resource limits")

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = "2017-01-24"
# Written for these tests: one casualty sentence per article, varied so incidents differ.
PLACES = ("Saraqib", "Douma", "Ariha", "Azaz", "Kafr Nubl", "Harasta", "Jisr al-Shughur", "Atarib")
AR_PLACES = ("سراقب", "دوما", "أريحا", "اعزاز", "كفرنبل", "حرستا", "جسر الشغور", "الأتارب")


def corpus(path: Path, n: int, *, prefix: str) -> Path:
    """``n`` articles as JSON lines, alternating English and Arabic."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            k = i % len(PLACES)
            text = (
                f"Shelling killed {i % 40 + 1} people in {PLACES[k]} on Monday, residents said. "
                f"Report {prefix}{i}."
                if i % 2 == 0
                else f"قتل {i % 40 + 1} شخصا جراء غارات على {AR_PLACES[k]} أمس. تقرير {prefix}{i}."
            )
            record = {"id": f"{prefix}{i}", "text": text, "published": PUBLISHED, "source": f"S{i % 5}"}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def tracker(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker.cli", *args]


def snapshot(store: Path) -> dict:
    """What the store holds, read through a plain read-only DuckDB connection."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        counts = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
            for table in ("articles", "mentions", "incidents")
            if table in present
        }
        ids = (
            [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()]
            if "articles" in present
            else []
        )
        incidents = con.execute(
            "SELECT event_id, fatalities_best FROM incidents ORDER BY event_id"
        ).fetchall()
    finally:
        con.close()
    return {"counts": counts, "ids": ids, "incidents": incidents}


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A store after one complete ingest of 40 articles, and its snapshot."""
    root = tmp_path_factory.mktemp("faults")
    store = root / "base.duckdb"
    proc = subprocess.run(
        tracker("ingest", str(corpus(root / "base.jsonl", 40, prefix="base")), "--store", str(store), "-q"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    snap = snapshot(store)
    assert snap["counts"]["articles"] == 40 and snap["counts"]["incidents"] > 0
    return store, snap


@pytest.fixture
def store(base_store: tuple[Path, dict], tmp_path: Path) -> tuple[Path, dict]:
    """A private copy of the base store for one test."""
    path, snap = base_store
    copy = tmp_path / "store.duckdb"
    copy.write_bytes(path.read_bytes())
    return copy, snap


# The ingest run by the kill test: the real Store in a real process, saying after each batch how far
# it got, so the kill lands mid-run rather than at a guessed time.
INGEST_SCRIPT = """
import sys
from tracker.run.ingest import ingest
from tracker.run.inputs import RunReport, read_inputs
from tracker.store import Store
with Store(sys.argv[1]) as st:
    ingest(
        st,
        read_inputs([sys.argv[2]], report=RunReport()),
        batch_size=25,
        progress=lambda n: print(n, flush=True),
    )
print("done", flush=True)
"""


def test_sigkill_during_ingest_leaves_the_previous_store(store: tuple[Path, dict], tmp_path: Path) -> None:
    path, before = store
    more = corpus(tmp_path / "more.jsonl", 600, prefix="more")
    proc = subprocess.Popen(
        [sys.executable, "-c", INGEST_SCRIPT, str(path), str(more)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    seen = []
    try:
        for line in proc.stdout:  # type: ignore[union-attr]
            seen.append(line.strip())
            if len(seen) == 3:  # 75 articles into a run of 600
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, (seen, proc.stderr.read())  # type: ignore[union-attr]
    assert "done" not in seen
    # The store opens (DuckDB replays or drops its log) and holds exactly the previous content.
    assert snapshot(path) == before
    with Store(path) as st:
        assert st.stats()["articles"] == 40
    # The next run completes and adds the new articles once.
    again = subprocess.run(
        tracker("ingest", str(more), "--store", str(path), "-q"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr
    after = snapshot(path)
    assert after["counts"]["articles"] == 640
    assert set(before["ids"]) < set(after["ids"])


def test_sigkill_of_the_cli_at_any_moment_is_before_or_after(
    store: tuple[Path, dict], tmp_path: Path
) -> None:
    """``tracker ingest`` killed at a few moments of its run: each time the store holds either the
    previous content or the whole run, never part of it."""
    path, before = store
    more = corpus(tmp_path / "more.jsonl", 200, prefix="cli")
    outcomes = []
    for delay in (1.0, 3.0, 6.0):
        proc = subprocess.Popen(
            tracker("ingest", str(more), "--store", str(path), "-q", "--batch-size", "20"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        n = snapshot(path)["counts"]["articles"]
        assert n in (40, 240), (delay, n)
        outcomes.append((proc.returncode, n))
        if n == 240:
            break
    assert any(code == -signal.SIGKILL for code, _ in outcomes), outcomes


def test_sigkill_during_export_leaves_the_store_intact(tmp_path: Path) -> None:
    from tests.support.synth import write_synthetic_store

    path = write_synthetic_store(tmp_path / "big.duckdb", 150_000, seed=3)
    before = snapshot(path)
    size = path.stat().st_size
    out = tmp_path / "incidents.csv"
    proc = subprocess.Popen(
        tracker("export", "-o", str(out), "--store", str(path)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 120
    while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL) if proc.poll() is None else None
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL  # killed mid-export, not after it finished
    assert path.stat().st_size == size
    assert snapshot(path) == before
    # A new export over the same path completes and holds every incident.
    done = subprocess.run(
        tracker("export", "-o", str(out), "--store", str(path)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert f"wrote {before['counts']['incidents']} incident(s)" in done.stderr


def test_synthetic_store_exports(tmp_path: Path) -> None:
    from tests.support.synth import write_synthetic_store

    path = write_synthetic_store(tmp_path / "synth.duckdb", 10)
    proc = subprocess.run(
        tracker("export", "-o", str(tmp_path / "x.csv"), "--store", str(path)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def _limit_file_size(limit: int):  # noqa: ANN202 - a preexec_fn
    def apply() -> None:
        # Ignore SIGXFSZ so a write past the limit fails with EFBIG (like ENOSPC) instead of killing.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_fails_cleanly_and_keeps_the_store(store: tuple[Path, dict], tmp_path: Path) -> None:
    path, before = store
    more = corpus(tmp_path / "more.jsonl", 1500, prefix="full")
    limit = path.stat().st_size + 64 * 1024  # room for 64 KiB more in any one file
    proc = subprocess.run(
        tracker("ingest", str(more), "--store", str(path), "-q"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        preexec_fn=_limit_file_size(limit),  # noqa: PLW1509 - the fault under test
    )
    assert proc.returncode not in (0, -signal.SIGXFSZ), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert str(path) in proc.stderr and "Error" in proc.stderr, proc.stderr
    # The store opens (without the limit) with its previous content, and accepts the run later.
    assert snapshot(path) == before
    again = subprocess.run(
        tracker("ingest", str(more), "--store", str(path), "-q"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert again.returncode == 0, again.stderr
    assert snapshot(path)["counts"]["articles"] == 40 + 1500


def test_full_disk_during_export_names_the_output(store: tuple[Path, dict], tmp_path: Path) -> None:
    path, before = store
    out = tmp_path / "incidents.csv"
    proc = subprocess.run(
        tracker("export", "-o", str(out), "--store", str(path)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        preexec_fn=_limit_file_size(512),  # noqa: PLW1509 - the fault under test
    )
    assert proc.returncode == 1, proc.stderr
    assert f"cannot write {out}" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert snapshot(path) == before


def test_read_only_store_serves_the_dashboard(store: tuple[Path, dict]) -> None:
    from dashboards.app import create_app
    from dashboards.data import DashboardData, Filters

    path, before = store
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 0444
    path.parent.chmod(0o555)  # no log or temporary file can be made beside it either
    mtime, size = path.stat().st_mtime_ns, path.stat().st_size
    try:
        data = DashboardData(path)
        try:
            kpis = data.kpis(Filters())
            assert kpis["events"] == before["counts"]["incidents"]
            assert data.count(Filters()) == before["counts"]["incidents"]
            page = data.page(Filters(), page=0, size=10, sort_by=[])
            assert len(page) == min(10, before["counts"]["incidents"])
            assert data.event(page["event_id"].iloc[0]) is not None
        finally:
            data.close()
        app = create_app(path)
        client = app.server.test_client()
        assert client.get("/").status_code == 200
        assert client.get("/_dash-layout").status_code == 200
        app.tracker_data.close()
        # Two readers at once (the dashboard and an export) are fine on a read-only file.
        with Store(path, read_only=True) as st, Store(path, read_only=True) as st2:
            assert len(st.incidents()) == len(st2.incidents()) == before["counts"]["incidents"]
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)
    assert (path.stat().st_mtime_ns, path.stat().st_size) == (mtime, size)


def test_dashboard_opens_a_store_whose_ingest_was_killed(store: tuple[Path, dict], tmp_path: Path) -> None:
    """The dashboard (read-only) opened right after a killed ingest, before any writer touched the
    store again: it shows the previous content."""
    from dashboards.data import DashboardData, Filters

    path, before = store
    more = corpus(tmp_path / "more.jsonl", 300, prefix="dash")
    proc = subprocess.Popen(
        [sys.executable, "-c", INGEST_SCRIPT, str(path), str(more)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    for n, _line in enumerate(proc.stdout, 1):  # type: ignore[union-attr]
        if n == 2:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    data = DashboardData(path)
    try:
        assert data.kpis(Filters())["events"] == before["counts"]["incidents"]
    finally:
        data.close()
