"""Exit codes, dates and the run summary tell the truth (issue 24, items 5, 6 and 8).

Dates outside 1900-2100 cost their record with a reason; an article without a publication date is
named with how many of its events stayed undated; nothing readable exits 1 (and the run is not
logged "ok"); a file the run leaves out is listed; failures are all counted, at most 1,000 kept.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.document import Article
from tracker.extraction.pipeline import extract_article
from tracker.run.records import MAX_DETAILS, RunReport

STRIKE = "Government warplanes killed 7 civilians in Saraqib in Idlib on Monday."


def _jsonl(path: Path, published: list[str]) -> Path:
    rows = [{"id": f"r{i}", "text": STRIKE, "published": p, "lang": "en"} for i, p in enumerate(published)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31", "1850-06-01", "2101-01-01"])
def test_a_date_outside_1900_2100_costs_its_record(tmp_path: Path, bad: str) -> None:
    src = _jsonl(tmp_path / "a.jsonl", ["2017-01-24", bad, "2017-01-25"])
    out = tmp_path / "e.csv"
    result = CliRunner().invoke(cli, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"a.jsonl:2: published date '{bad}' outside 1900-2100" in result.stderr
    assert "2 with events, 0 without events, 1 failed" in result.stderr


@pytest.mark.parametrize("bad", ["0001-01-01", "2200-01-01"])
def test_published_option_outside_the_range_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    (tmp_path / "a.txt").write_text(STRIKE, encoding="utf-8")
    args = ["extract", str(tmp_path / "a.txt"), "--published", bad, "-o", str(tmp_path / "e.csv")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "outside 1900-2100" in result.output


def test_the_extractor_reads_a_placeholder_date_as_no_date() -> None:
    article = Article(id="x", text=STRIKE, published=date(1, 1, 1), lang="en")
    events = extract_article(article).events  # raised OverflowError before
    assert events and all(e["event_date"] is None for e in events)


def test_an_undated_text_is_named_with_its_undated_events(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(STRIKE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "report.txt"), "-o", str(tmp_path / "e.csv")])
    assert result.exit_code == 0
    assert "articles without a publication date:" in result.stderr
    assert "report.txt: no publication date; 1 of 1 event(s) undated" in result.stderr


def test_ingest_names_undated_articles(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(STRIKE, encoding="utf-8")
    args = ["ingest", str(tmp_path / "report.txt"), "--store", str(tmp_path / "s.duckdb"), "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "report.txt: no publication date; 1 of 1 event(s) undated" in result.output


def test_ingest_of_nothing_readable_exits_1_and_is_not_logged_ok(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n{also not\n", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(bad), "--store", str(store), "-q"])
    assert result.exit_code == 1, result.output
    assert "2 input record(s) could not be read" in result.output
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT status FROM runs").fetchall() == [("empty",)]


def test_ingest_with_no_input_only_creates_the_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--store", str(tmp_path / "s.duckdb"), "-q"])
    assert result.exit_code == 0, result.output


def test_a_skipped_file_is_listed(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(STRIKE, encoding="utf-8")
    (news / "notes.docx").write_bytes(b"PK\x03\x04")
    args = ["extract", str(news), "--published", "2017-01-24", "-o", str(tmp_path / "e.csv")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert "files skipped:" in result.stderr
    assert "notes.docx: not an article file (unknown extension)" in result.stderr


def test_failures_are_all_counted_and_the_first_thousand_kept() -> None:
    report = RunReport()
    for i in range(MAX_DETAILS + 500):
        report.fail(f"f.jsonl:{i + 1}", "invalid JSON")
    assert report.failed == MAX_DETAILS + 500
    assert len(report.bad) == MAX_DETAILS
    assert f"... and {MAX_DETAILS + 500 - 20} more" in report.summary()


def test_a_local_feed_file_obeys_the_body_cap(tmp_path: Path) -> None:
    from tracker.run.fetch import Fetcher

    feed = tmp_path / "big.rss"
    item = f"<item><title>t</title><description>{STRIKE}</description></item>"
    with feed.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>')
        for _ in range(Fetcher.max_bytes // len(item) + 10):
            out.write(item)
        out.write("</channel></rss>")
    result = CliRunner().invoke(cli, ["extract", str(feed), "-o", str(tmp_path / "e.csv")])
    assert result.exit_code == 1
    assert "byte cap of a feed or page" in result.stderr
