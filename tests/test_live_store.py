"""A watch and an ingest write a store while the dashboard, stats, export and violations read it.

The writer processes are real ``tracker`` processes; the readers run here, against the read snapshot
the writers publish (tracker.store.access). Every read must succeed, and the dashboard, built once,
must show each poll's new events without a restart.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from tracker.cli import cli
from tracker.document import Article
from tracker.run.ingest import ingest
from tracker.store import Store
from tracker.store.access import Reader, snapshot_path

PLACES = ["Saraqib", "Khan Sheikhoun", "Maarat al-Numan", "Jisr al-Shughur", "Ariha", "Douma"]


def _report(n: int) -> tuple[str, str]:
    day = date(2017, 1, 2) + timedelta(days=n)
    text = f"Government warplanes killed {n + 3} civilians in {PLACES[n % len(PLACES)]} on {day:%d %B %Y}."
    return day.strftime("%a, %d %b %Y 10:00:00 GMT"), text


def _rss(items: int) -> bytes:
    entries = []
    for n in range(items):
        published, text = _report(n)
        entries.append(
            f"<item><title>Report {n}</title><link>http://news.invalid/{n}</link><guid>news-{n}</guid>"
            f"<pubDate>{published}</pubDate><description>{text}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Growing wire</title>'
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


@pytest.fixture
def growing_feed() -> Iterator[str]:
    """A feed that has one more report at every request (the n-th request shows n reports)."""
    hits = [0]
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/robots.txt":
                body = b"User-agent: *\n"
            else:
                with lock:
                    hits[0] += 1
                    body = _rss(hits[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/feed.rss"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _tracker(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tracker.cli", *args]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow  # real processes: the extractor's start-up takes seconds
def test_watch_and_ingest_while_the_dashboard_stats_and_export_read(
    growing_feed: str, tmp_path: Path
) -> None:
    from dashboards.app import create_app
    from dashboards.data import Filters

    store = tmp_path / "live.duckdb"
    Store(store).close()  # an empty store, as `tracker ingest --store` with no input makes
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"feeds:\n  - name: Wire\n    url: {growing_feed}\n    language: en\n", encoding="utf-8"
    )
    articles = tmp_path / "more.jsonl"
    rows = [
        {"id": f"extra-{n}", "text": _report(50 + n)[1], "published": "2017-03-01", "lang": "en"}
        for n in range(3)
    ]
    articles.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

    app = create_app(store)  # opened once, before any writer, and never restarted
    client = app.server.test_client()
    data = app.tracker_data  # type: ignore[attr-defined]
    runner = CliRunner()
    errors: list[str] = []
    seen: list[int] = []

    def read_everything() -> None:
        page = client.get("/")
        if page.status_code != 200:
            errors.append(f"dashboard page: {page.status_code}")
        seen.append(data.count(Filters()))
        for args in (
            ["stats", "--json", "--store", str(store)],
            ["export", "--store", str(store), "-o", str(tmp_path / "x.csv")],
            ["violations", "--store", str(store), "--quiet"],
        ):
            result = runner.invoke(cli, args)
            if result.exit_code != 0:
                errors.append(f"{args[0]}: {result.output} {result.exception!r}")

    polls = 5
    watch = _tracker("watch", str(sources), "--store", str(store), "--polls", str(polls), "--interval", "1")
    ingest = None
    try:
        deadline = time.monotonic() + 240
        while watch.poll() is None and time.monotonic() < deadline:
            read_everything()
            if ingest is None and seen[-1] >= 2:
                # A second writer: it waits for the watch's short write and the watch waits for it.
                ingest = _tracker("ingest", str(articles), "--store", str(store), "-q")
        out, err = watch.communicate(timeout=30)
        assert watch.returncode == 0, err
        assert ingest is not None
        ingest_out, ingest_err = ingest.communicate(timeout=120)
        assert ingest.returncode == 0, ingest_err
    finally:
        watch.kill()
        if ingest is not None:
            ingest.kill()
    read_everything()

    assert errors == []
    assert err.count("poll ") >= polls
    with duckdb.connect(str(store), read_only=True) as con:
        final = con.execute("SELECT count(*) FROM incidents").fetchone()
    assert final is not None and final[0] >= polls + len(rows)
    # The dashboard, never restarted, shows what the writers stored, and saw it grow on the way.
    assert seen[-1] == final[0]
    assert len(set(seen)) >= 3
    assert seen == sorted(seen)


def test_reader_follows_published_snapshots_and_never_blocks_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    writer = Store(path)
    reader = Reader(path)
    counts = []
    for n in range(3):
        ingest(writer, [Article(id=f"a{n}", text=f"report {n}")], extractor=lambda a: None, progress=False)
        with reader.cursor() as cur:
            row = cur.execute("SELECT count(*) FROM articles").fetchone()
            counts.append(row[0] if row else None)
    writer.close()
    reader.close()
    assert counts == [1, 2, 3]
    assert snapshot_path(path).exists()


def test_a_reader_in_another_process_does_not_block_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    # A reader process that keeps the store open for reading for 3 seconds.
    code = (
        "import time; from tracker.store import Store\n"
        f"s = Store({str(path)!r}, read_only=True); print('open', flush=True); time.sleep(3); s.close()"
    )
    reader = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "open"
        started = time.monotonic()
        with Store(path, wait=0.0) as writer:
            ingest(writer, [Article(id="a", text="report")], progress=False, extractor=lambda a: None)
        assert time.monotonic() - started < 3, "the writer did not wait for the reader"
    finally:
        reader.wait(timeout=10)
