"""``--full-text`` on ``tracker extract`` and ``tracker ingest``: a headlines-only feed on a loopback
server, whose items link to the full reports (tests/feeds_server.py)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from tests.feeds_server import FeedServer
from tracker.cli import cli


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def _extract(server: FeedServer, tmp_path: Path, *options: str) -> pd.DataFrame:
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(
        cli, ["extract", server.url("/headlines.rss"), "-o", str(out), "-q", *options]
    )
    assert result.exit_code == 0, result.output
    return pd.read_csv(out)


def test_headlines_alone_give_no_figure(server, tmp_path):
    events = _extract(server, tmp_path)
    assert not (events["fatalities"] > 0).any()
    assert server.count("/reports/maarat.html") == 0, "no page fetched without --full-text"


def test_full_text_reads_the_linked_reports(server, tmp_path):
    events = _extract(server, tmp_path, "--full-text")
    assert sorted(events["fatalities"]) == [3, 8]
    assert set(events["url"]) == {server.url("/reports/maarat.html"), server.url("/reports/daraa.html")}
    # Politely: robots.txt asked once for the host, each report fetched once, with our User-Agent.
    assert server.count("/robots.txt") == 1
    assert server.count("/reports/maarat.html") == server.count("/reports/daraa.html") == 1
    assert all(agent.startswith("ceasefire-tracker/") for _, agent in server.hits)


def test_full_text_honours_robots_txt(tmp_path):
    with FeedServer(robots=b"User-agent: *\nDisallow: /reports/\n") as server:
        events = _extract(server, tmp_path, "--full-text")
        assert server.count("/reports/maarat.html") == 0
    assert not (events["fatalities"] > 0).any(), "the headlines are kept when the page may not be read"


def test_ingest_full_text_stores_the_reports_events(server, tmp_path):
    store = tmp_path / "store.duckdb"
    result = CliRunner().invoke(
        cli, ["ingest", server.url("/headlines.rss"), "--store", str(store), "-q", "--full-text"]
    )
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(store), read_only=True) as con:
        figures = sorted(row[0] for row in con.execute("SELECT fatalities FROM incidents").fetchall())
    assert figures == [3, 8]


def test_full_text_is_not_for_the_dask_engine(tmp_path):
    feed = tmp_path / "feed.rss"
    feed.write_text("<rss/>", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["ingest", str(feed), "--store", str(tmp_path / "s.duckdb"), "--engine", "dask", "--full-text"]
    )
    assert result.exit_code == 2
    assert "--full-text" in result.output
