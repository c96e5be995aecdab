"""``tracker extract``: inputs to output files, the run summary, exit codes, workers and progress.

These tests check the plumbing (every record accounted for, files readable, order kept), not what
the extractor finds: event-level expectations live with the extractor's tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.schema import AGGREGATE_COLUMNS, EVENT_COLUMNS

DATA = Path(__file__).parent / "data" / "ingest"
ROOT = Path(__file__).resolve().parents[1]
EN = "Artillery shelling killed three people in the village of Kansafra on Sunday, residents said."
AR = "قتل ثلاثة أشخاص بقصف مدفعي على قرية كنصفرة في ريف إدلب يوم الأحد، بحسب سكان."
SUMMARY = re.compile(r"read (\d+) record\(s\): (\d+) with events, (\d+) without events, (\d+) failed")


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(cli, ["extract", *args], input=input, catch_exceptions=False)


def counts(stderr: str) -> tuple[int, int, int, int]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    read, with_events, without, failed = map(int, match.groups())
    assert read == with_events + without + failed  # every record accounted for
    return read, with_events, without, failed


@pytest.fixture
def articles(tmp_path) -> Path:
    """A JSON-lines file of 24 articles in both languages (no events expected of any particular one)."""
    path = tmp_path / "articles.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(24):
            text = (AR if i % 2 else EN).replace("3", str(i)) + f" ({i})"
            handle.write(
                json.dumps({"id": f"a{i:02d}", "text": text, "published": "2017-01-24"}, ensure_ascii=False)
            )
            handle.write("\n")
    return path


# --- inputs and the summary -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.en.txt", "report.ar.txt"], ids=["english", "arabic"])
def test_txt_to_csv(tmp_path, name):
    out = tmp_path / "events.csv"
    result = run(str(DATA / name), "--published", "2017-01-24", "--source", "Monitor", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert counts(result.stderr) == (1, *counts(result.stderr)[1:3], 0)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert f"wrote {len(frame)} event(s) to {out}" in result.stderr


def test_bad_records_are_listed_and_do_not_stop_the_run(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 30)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "events.csv"
    result = run(
        str(DATA / "articles.jsonl"), str(DATA / "articles.csv"), str(binary), str(empty), "-o", str(out)
    )
    assert result.exit_code == 0
    read, _, _, failed = counts(result.stderr)
    assert (read, failed) == (12, 6)
    for line in (
        f"{DATA / 'articles.jsonl'}:3: invalid JSON",
        f"{DATA / 'articles.jsonl'}:4: missing 'text'",
        f"{DATA / 'articles.csv'}:4: missing 'text'",
        f"{binary}: binary file",
        f"{empty}: empty file",
    ):
        assert line in result.stderr
    assert "no publication date: 1 article(s)" in result.stderr
    assert out.exists()


def test_directory_input(tmp_path):
    out = tmp_path / "events.jsonl"
    result = run(str(DATA / "nested"), "--published", "2017-02-03", "-o", str(out))
    assert result.exit_code == 0
    assert counts(result.stderr) == (1, *counts(result.stderr)[1:3], 0)


@pytest.mark.parametrize(
    "data",
    [
        AR.encode("utf-8"),
        AR.encode("utf-16"),
        (json.dumps({"id": "s", "text": EN}) + "\nnot json\n").encode(),
    ],
    ids=["arabic-text", "utf16-text", "jsonl-with-a-bad-line"],
)
def test_stdin(tmp_path, data):
    out = tmp_path / "events.csv"
    result = run("-", "--published", "2017-01-24", "-o", str(out), input=data)
    assert result.exit_code == 0
    read, _, _, failed = counts(result.stderr)
    assert read - failed == 1
    if failed:
        assert "<stdin>:2: invalid JSON" in result.stderr


def test_output_to_stdout_keeps_the_summary_on_stderr():
    result = run(str(DATA / "report.en.txt"), "--published", "2017-01-24", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith(",".join(EVENT_COLUMNS))
    assert "read 1 record(s)" in result.stderr and "read 1" not in result.stdout


def test_quiet_prints_the_summary_only_when_records_failed(tmp_path):
    out = tmp_path / "e.csv"
    clean = run(str(DATA / "report.ar.txt"), "--quiet", "-o", str(out))
    assert (clean.exit_code, clean.stderr) == (0, "")
    bad = run(str(DATA / "articles.jsonl"), "--quiet", "-o", str(out))
    assert bad.exit_code == 0 and "failed records:" in bad.stderr


# --- exit codes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["{empty}", "-o", "{out}"], 1, "nothing could be read or extracted"),
        (["{binary}", "-o", "{out}"], 1, "binary file"),
        ([str(DATA / "no_text_column.csv"), "-o", "{out}"], 1, "no 'text' column"),
        (["{missing}", "-o", "{out}"], 2, "no such file or directory"),
        ([str(DATA / "report.en.txt"), "-o", "{tmp}/events.xlsx"], 2, "cannot tell the format"),
        ([str(DATA / "report.en.txt"), "--published", "someday", "-o", "{out}"], 2, "not a date"),
        ([str(DATA / "report.en.txt"), "--workers", "0", "-o", "{out}"], 2, "--workers"),
        ([str(DATA / "report.en.txt"), "--lang", "fr", "-o", "{out}"], 2, "--lang"),
        ([str(DATA / "report.en.txt"), "--format", "xlsx", "-o", "{out}"], 2, "--format"),
        ([str(DATA / "report.en.txt"), "--aggregates", "{tmp}/agg.geojson", "-o", "{out}"], 2, "aggregates"),
        ([str(DATA / "report.en.txt")], 2, "Missing option '-o'"),
        (["-o", "{out}"], 2, "Missing argument 'INPUT...'"),
        (["-", "-", "-o", "{out}"], 2, "'-' (stdin) can be given once"),
    ],
    ids=[
        "empty-file",
        "binary-file",
        "csv-without-text",
        "missing-path",
        "unknown-output-format",
        "bad-published",
        "zero-workers",
        "unknown-lang",
        "unknown-format",
        "aggregates-geojson",
        "no-output",
        "no-input",
        "stdin-twice",
    ],
)
def test_exit_codes(tmp_path, args, code, message):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    names = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.txt",
        "missing": tmp_path / "missing.txt",
        "out": tmp_path / "events.csv",
        "tmp": tmp_path,
    }
    result = run(*(a.format(**names) for a in args))
    assert result.exit_code == code
    assert message in result.stderr


def test_extraction_error_costs_one_article(tmp_path, monkeypatch):
    import tracker.extraction.pipeline

    real = tracker.extraction.pipeline.extract_article

    def flaky(article):  # stands in for an extractor bug hit by one article
        if article.id == "ar-1":
            raise RuntimeError("boom")
        return real(article)

    monkeypatch.setattr(tracker.extraction.pipeline, "extract_article", flaky)
    result = run(str(DATA / "articles.jsonl"), "-o", str(tmp_path / "e.csv"))
    assert result.exit_code == 0
    assert f"{DATA / 'articles.jsonl'}:2: extraction failed: RuntimeError: boom" in result.stderr
    assert counts(result.stderr)[3] == 4

    monkeypatch.setattr(tracker.extraction.pipeline, "extract_article", lambda article: 1 / 0)
    result = run(str(DATA / "report.en.txt"), "-o", str(tmp_path / "e.csv"))
    assert result.exit_code == 1  # nothing was processed
    assert "ZeroDivisionError" in result.stderr


def test_ctrl_c_keeps_what_was_extracted(tmp_path, monkeypatch):
    from tracker.document import Article
    from tracker.run.inputs import RunReport
    from tracker.run.pool import extract_articles

    def articles_then_ctrl_c():  # the user presses Ctrl-C while the third article is being read
        yield Article("1", EN, lang="en", origin="a:1")
        yield Article("2", AR, lang="ar", origin="a:2")
        raise KeyboardInterrupt

    report = RunReport()
    events, _ = extract_articles(articles_then_ctrl_c(), report=report)
    assert report.interrupted and report.read == 2
    assert len(events) == report.events
    assert "interrupted" in report.summary()


# --- output formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "options", "read_back"),
    [
        ("e.csv", [], lambda p: pd.read_csv(p)),
        ("e.csv", ["--excel"], lambda p: pd.read_csv(p, encoding="utf-8-sig")),
        ("e.parquet", [], pd.read_parquet),
        (
            "e.jsonl",
            [],
            lambda p: (
                pd.read_json(p, lines=True) if p.stat().st_size else pd.DataFrame(columns=list(EVENT_COLUMNS))
            ),
        ),
        (
            "e.out",
            ["--format", "jsonl"],
            lambda p: (
                pd.read_json(p, lines=True) if p.stat().st_size else pd.DataFrame(columns=list(EVENT_COLUMNS))
            ),
        ),
    ],
    ids=["csv", "excel-csv", "parquet", "jsonl", "format-option"],
)
def test_output_formats(tmp_path, articles, name, options, read_back):
    out = tmp_path / name
    result = run(str(articles), "-o", str(out), *options)
    assert result.exit_code == 0
    frame = read_back(out)
    assert set(EVENT_COLUMNS) <= set(frame.columns) or len(frame) == 0
    assert f"wrote {len(frame)} event(s)" in result.stderr


def test_geojson_and_acled_outputs(tmp_path, articles):
    geo = tmp_path / "e.geojson"
    assert run(str(articles), "-o", str(geo)).exit_code == 0
    assert json.loads(geo.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    acled = tmp_path / "acled.csv"
    assert run(str(articles), "--format", "acled", "-o", str(acled)).exit_code == 0
    columns = pd.read_csv(acled).columns.tolist()
    assert columns[:3] == ["event_id_cnty", "event_date", "year"]
    assert columns[-2:] == ["timestamp", "extractor_notes"]


def test_aggregates_file(tmp_path, articles):
    agg = tmp_path / "aggregates.csv"
    result = run(str(articles), "-o", str(tmp_path / "e.csv"), "--aggregates", str(agg))
    assert result.exit_code == 0
    assert pd.read_csv(agg).columns.tolist() == list(AGGREGATE_COLUMNS)


def test_workers_give_the_same_output_in_the_same_order(tmp_path, articles):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first = run(str(articles), str(DATA / "articles.jsonl"), "-o", str(one))
    second = run(str(articles), str(DATA / "articles.jsonl"), "--workers", "2", "-o", str(two))
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert one.read_bytes() == two.read_bytes()
    assert counts(first.stderr) == counts(second.stderr)


# --- a real process ---------------------------------------------------------------------------------


def tracker_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker.cli", "extract", *args]


def test_subprocess_run(tmp_path):
    out = tmp_path / "events.parquet"
    proc = subprocess.run(
        tracker_command(
            str(DATA / "report.ar.txt"),
            str(DATA / "articles.jsonl"),
            "--published",
            "2017-01-24",
            "-o",
            str(out),
        ),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert counts(proc.stderr)[3] == 3
    assert "\x1b[" not in proc.stderr  # stderr is not a terminal: no progress bar
    assert list(pd.read_parquet(out).columns) == list(EVENT_COLUMNS)
    missing = subprocess.run(
        tracker_command("nope.txt", "-o", str(out)), capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert missing.returncode == 2


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("quiet", "shown"), [(False, True), (True, False)], ids=["tty", "tty-quiet"])
def test_progress_bar_on_a_terminal(tmp_path, articles, quiet, shown):
    import pty

    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            tracker_command(str(articles), "-o", str(tmp_path / "e.csv"), *(["--quiet"] if quiet else [])),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=slave,
            cwd=ROOT,
            timeout=300,
            env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
        )
        os.close(slave)
        slave = -1
        captured = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            captured += chunk
    finally:
        if slave != -1:
            os.close(slave)
        os.close(master)
    assert proc.returncode == 0
    assert (b"24 articles" in captured) is shown


def _ledger_of(tmp_path: Path, text: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ledger and the events ``tracker extract --ledger`` writes for one text."""
    src = tmp_path / "toll.txt"
    src.write_text(text, encoding="utf-8")
    ledger = tmp_path / "ledger.csv"
    out = tmp_path / "events.csv"
    result = run(str(src), "--published", "2017-02-10", "-o", str(out), "--ledger", str(ledger))
    assert result.exit_code == 0, result.output
    return pd.read_csv(ledger), pd.read_csv(out)


def test_ledger_gives_each_figure_its_role(tmp_path):
    rows, events = _ledger_of(
        tmp_path,
        "Monitors counted 96 people killed on Friday, including 40 in Idlib, of which 25 died in"
        " shelling on Saraqib, and 20 in Hama.",
    )
    roles = dict(zip(rows["words"].astype(str), rows["role"], strict=True))
    assert roles == {"96": "total", "40": "remainder", "25": "part", "20": "part"}
    assert sorted(events["fatalities"]) == [15, 20, 25]  # 96 is the aggregate, 40 keeps 40 - 25


def test_ledger_needs_a_table_format(tmp_path):
    src = tmp_path / "toll.txt"
    src.write_text(EN, encoding="utf-8")
    result = run(str(src), "-o", str(tmp_path / "e.csv"), "--ledger", str(tmp_path / "l.geojson"))
    assert result.exit_code == 2
    assert "--ledger" in result.output


def test_ledger_names_a_restated_figure(tmp_path):
    rows, events = _ledger_of(
        tmp_path,
        "Gunmen ambushed a patrol near Salamiyah, killing 8 policemen. Of the 8 killed, three were officers.",
    )
    assert list(rows["role"]) == ["event", "restatement"]
    assert list(events["fatalities"]) == [8]  # the same eight deaths, counted once
