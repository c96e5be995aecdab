"""Ingestion: every input kind, every encoding, every bad record reported with origin and reason."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import needs_shared
from tracker.run import decoding, records
from tracker.run.inputs import (
    DecodeProblem,
    RunReport,
    decode_bytes,
    detect_language,
    read_inputs,
)
from tracker.schema import to_date

DATA = Path(__file__).parent / "data" / "ingest"
AR = "قتل خمسة مدنيين بقصف مدفعي على بلدة كفرنبل في ريف إدلب يوم الثلاثاء."
EN = "Shelling killed four people in Kafr Nabl on Tuesday."


def read(*inputs, **options):
    """Articles and the report of one read."""
    report = RunReport()
    articles = list(read_inputs([str(i) for i in inputs], report=report, **options))
    return articles, report


def reasons(report: RunReport) -> dict[str, str]:
    return {bad.origin: bad.reason for bad in report.bad}


# --- language ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (AR, "ar"),
        (EN, "en"),
        ("أفاد المرصد السوري (SOHR) بمقتل 3 مدنيين في حلب.", "ar"),
        ("The Arabic word قصف means shelling in this English report about Aleppo.", "en"),
        ("12, 3 - 45 ...", "en"),
        ("", "en"),
    ],
    ids=["arabic", "english", "arabic-with-acronym", "english-quoting-arabic", "digits-only", "empty"],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_language_is_told_per_article_when_not_given(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(f'{{"id": "a", "text": "{AR}"}}\n{{"id": "e", "text": "{EN}"}}\n', encoding="utf-8")
    articles, _ = read(path)
    assert [(a.id, a.lang) for a in articles] == [("a", "ar"), ("e", "en")]


def test_lang_option_fills_records_without_lang_but_record_wins(tmp_path):
    path = tmp_path / "l.jsonl"
    path.write_text(
        f'{{"id": "1", "text": "{EN}"}}\n{{"id": "2", "text": "{EN}", "lang": "en-GB"}}\n', encoding="utf-8"
    )
    articles, _ = read(path, lang="ar")
    assert [a.lang for a in articles] == ["ar", "en"]


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-01-24", date(2017, 1, 24)),
        ("2017-01-24T23:30:00+03:00", date(2017, 1, 24)),
        ("2017-01-24 08:00:00Z", date(2017, 1, 24)),
        ("24 January 2017", date(2017, 1, 24)),
        ("Tue, 24 Jan 2017 10:00:00 GMT", date(2017, 1, 24)),
        ("1/24/17", date(2017, 1, 24)),
        ("24/01/2017", date(2017, 1, 24)),
        ("24 يناير 2017", date(2017, 1, 24)),
        (1485216000, date(2017, 1, 24)),
        (1485216000000, date(2017, 1, 24)),
        (date(2017, 1, 24), date(2017, 1, 24)),
        (None, None),
        ("  ", None),
        (float("nan"), None),
    ],
    ids=[
        "iso-date",
        "iso-offset-keeps-local-date",
        "iso-z",
        "day-month-year",
        "rfc-2822",
        "us-numeric",
        "day-first-when-day-over-12",
        "arabic-month",
        "unix-seconds",
        "unix-milliseconds",
        "date-object",
        "none",
        "blank",
        "nan",
    ],
)
def test_to_date(value, expected):
    assert to_date(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2017", "January 2017", "Tuesday", "not a date"], ids=str)
def test_to_date_refuses_incomplete_or_relative_dates(value):
    # Completing them from today's date would invent a publication date.
    with pytest.raises(ValueError):
        to_date(value)
    assert to_date(value, errors="none") is None


def test_unreadable_published_is_a_warning_and_counts_as_no_date(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(f'{{"id": "1", "text": "{EN}", "published": "sometime"}}\n', encoding="utf-8")
    articles, report = read(path)
    assert articles[0].published is None
    assert report.no_date == 1
    assert "unreadable published date" in report.warnings[0].reason
    assert report.failed == 0


# --- encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (AR.encode("utf-8"), AR, "utf-8"),
        (b"\xef\xbb\xbf" + AR.encode("utf-8"), AR, "utf-8"),
        (AR.encode("utf-16"), AR, "utf-16-le"),
        (b"\xfe\xff" + AR.encode("utf-16-be"), AR, "utf-16-be"),
        (AR.encode("cp1256"), AR, "cp1256"),
        (("Report: " + AR).encode("cp1256"), "Report: " + AR, "cp1256"),
        (EN.encode("utf-16-le"), EN, "utf-16-le"),
        (EN.encode("ascii"), EN, "utf-8"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-bom-le",
        "utf16-bom-be",
        "cp1256",
        "cp1256-mixed",
        "utf16-no-bom",
        "ascii",
    ],
)
def test_decode_bytes(data, text, encoding):
    assert decode_bytes(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(1, 9)) * 20, "binary"),
    ],
    ids=["nul-bytes", "control-characters"],
)
def test_decode_bytes_refuses(data, reason):
    with pytest.raises(DecodeProblem, match=reason):
        decode_bytes(data)


def test_cut_prefix_drops_a_split_character():
    data = AR.encode("utf-8")[:5]  # two letters and half of the third
    assert decode_bytes(data, final=False) == (AR[:2], "utf-8")


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"], ids=["utf8", "utf8-bom", "utf16-bom", "cp1256"]
)
def test_arabic_txt_in_every_encoding(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(AR.encode(encoding))
    articles, report = read(path, published="2017-01-24")
    assert [(a.id, a.text, a.lang, a.published) for a in articles] == [
        ("report", AR, "ar", date(2017, 1, 24))
    ]
    assert report.failed == 0


@pytest.mark.parametrize("encoding", ["utf-16", "cp1256"], ids=["utf16-bom", "cp1256"])
def test_arabic_csv_in_legacy_encodings(tmp_path, encoding):
    path = tmp_path / "a.csv"
    path.write_bytes(f'id,text,published\r\nx,"{AR}",2017-01-24\r\n'.encode(encoding))
    articles, report = read(path)
    assert [(a.id, a.text, a.published) for a in articles] == [("x", AR, date(2017, 1, 24))]
    assert report.failed == 0


# --- text files -------------------------------------------------------------------------------------


def test_txt_options_apply_and_id_is_the_stem():
    articles, report = read(
        DATA / "report.en.txt", DATA / "report.ar.txt", published="2017-01-24", source="Monitor"
    )
    assert [(a.id, a.lang, a.published, a.source) for a in articles] == [
        ("report.en", "en", date(2017, 1, 24), "Monitor"),
        ("report.ar", "ar", date(2017, 1, 24), "Monitor"),
    ]
    assert articles[0].text.startswith("Shelling by government forces killed four people")
    assert articles[1].text.startswith("قتل خمسة مدنيين")
    assert articles[0].origin == str(DATA / "report.en.txt")
    assert (report.failed, report.no_date) == (0, 0)


def test_txt_without_published_counts_as_no_date():
    articles, report = read(DATA / "report.en.txt")
    assert articles[0].published is None
    assert report.no_date == 1
    assert "no publication date: 1" in report.summary()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        ("empty.jsonl", b"", "empty file"),
        ("empty.csv", b"", "empty file"),
        ("header-only.csv", b"id,text,published\r\n\r\n", "no records"),
        ("binary.jsonl", b'{"text": "x"}\n\x00\x01\x02\x03' * 10, "binary file"),
    ],
    ids=[
        "empty-txt",
        "blank-txt",
        "binary-txt",
        "empty-jsonl",
        "empty-csv",
        "header-only-csv",
        "binary-jsonl",
    ],
)
def test_unreadable_file_is_one_failed_record(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    articles, report = read(path)
    assert articles == []
    assert report.failed == 1
    assert report.bad[0].origin.startswith(str(path))
    assert reason in report.bad[0].reason


def test_long_text_is_cut_and_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(records, "MAX_TEXT_CHARS", 1000)
    path = tmp_path / "long.txt"
    path.write_text("قصف " * 5000, encoding="utf-8")  # one line, 20,000 characters
    articles, report = read(path)
    assert len(articles[0].text) == 1000
    assert report.truncated == 1
    assert "cut at 1,000 characters" in report.warnings[0].reason
    assert "text cut at 1,000 characters: 1 article" in report.summary()


def test_long_jsonl_text_is_cut_and_an_overlong_line_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(records, "MAX_TEXT_CHARS", 100)
    monkeypatch.setattr(decoding, "MAX_LINE_BYTES", 4096)
    path = tmp_path / "long.jsonl"
    lines = [
        f'{{"id": "cut", "text": "{"a " * 500}"}}',
        f'{{"id": "skipped", "text": "{"b " * 5000}"}}',
        f'{{"id": "kept", "text": "{EN}"}}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, report = read(path)
    assert [(a.id, len(a.text)) for a in articles] == [("cut", 100), ("kept", len(EN))]
    assert reasons(report) == {f"{path}:2": "line longer than 0 MiB: skipped"}
    assert report.truncated == 1


# --- JSON lines -------------------------------------------------------------------------------------


def test_jsonl_good_and_bad_records():
    path = DATA / "articles.jsonl"
    articles, report = read(path)
    assert [a.id for a in articles][:2] == ["en-1", "ar-1"]
    first, second, third = articles
    assert (first.published, first.lang, first.source, first.url, first.title) == (
        date(2016, 3, 6),
        "en",
        "Example Wire",
        "https://example.org/en-1",
        "Clashes near Tal Rifaat",
    )
    assert (second.published, second.lang) == (date(2016, 3, 6), "ar")
    assert first.origin == f"{path}:1"
    # Missing id: a stable hash of the text, the same on every run.
    assert len(third.id) == 16 and int(third.id, 16) >= 0
    assert third.id == read(path)[0][2].id
    assert third.published is None
    assert reasons(report) == {
        f"{path}:3": "invalid JSON: Unterminated string starting at (column 26)",
        f"{path}:4": "missing 'text'",
        f"{path}:6": "not a JSON object (list)",
    }
    # Every record is accounted for (the blank line 5 is not a record).
    report.record(True)
    report.record(False)
    report.record(False)
    assert (report.read, report.failed) == (6, 3)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "1", "text": null}', "missing 'text'"),
        ('{"id": "1", "text": "   "}', "empty 'text'"),
        ('{"id": "1", "text": 42}', "'text' is not a string (int)"),
        ('{"id": "1", "text": "x"', "invalid JSON"),
        ('"just a string"', "not a JSON object (str)"),
        ("[" * 100_000, "invalid JSON"),
    ],
    ids=["null-text", "blank-text", "number-text", "unclosed-object", "not-an-object", "deeply-nested"],
)
def test_jsonl_bad_record_does_not_stop_the_file(tmp_path, line, reason):
    path = tmp_path / "x.jsonl"
    path.write_text(f'{line}\n{{"id": "ok", "text": "{EN}"}}\n', encoding="utf-8")
    articles, report = read(path)
    assert [a.id for a in articles] == ["ok"]
    assert list(reasons(report)) == [f"{path}:1"]
    assert reasons(report)[f"{path}:1"].startswith(reason)


def test_jsonl_undecodable_bytes_cost_characters_and_cp1256_line_is_read(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(
        b'{"id": "latin", "text": "caf\xe9 \xe0 la gare"}\n'
        + f'{{"id": "legacy", "text": "{AR}"}}\n'.encode("cp1256")
        + f'{{"id": "utf8", "text": "{AR}"}}\n'.encode()
    )
    articles, report = read(path)
    assert [(a.id, a.text) for a in articles] == [
        ("latin", "caf\ufffd \ufffd la gare"),
        ("legacy", AR),
        ("utf8", AR),
    ]
    assert report.failed == 0
    assert [str(w) for w in report.warnings] == [f"{path}:1: 2 invalid UTF-8 byte(s) replaced"]


def test_jsonl_gz_and_json_array_and_pretty_json(tmp_path):
    gz = tmp_path / "a.jsonl.gz"
    gz.write_bytes(gzip.compress(f'{{"id": "g", "text": "{AR}"}}\n'.encode()))
    array = tmp_path / "b.json"
    array.write_text(f'[{{"id": "j1", "text": "{EN}"}}, 3, {{"id": "j2", "text": "{AR}"}}]', encoding="utf-8")
    pretty = tmp_path / "c.json"
    pretty.write_text(f'{{\n  "id": "p",\n  "text": "{EN}"\n}}\n', encoding="utf-8")
    articles, report = read(gz, array, pretty)
    assert [(a.id, a.lang) for a in articles] == [("g", "ar"), ("j1", "en"), ("j2", "ar"), ("p", "en")]
    assert reasons(report) == {f"{array}:[1]": "not a JSON object (int)"}


def test_truncated_gzip_keeps_records_before_the_break(tmp_path):
    lines = "".join(
        f'{{"id": "r{i}", "text": "{EN} Report number {i} of many, padded {"x" * (i % 97)}."}}\n'
        for i in range(3000)
    )
    whole = gzip.compress(lines.encode(), compresslevel=1)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    articles, report = read(path)
    assert 0 < len(articles) < 3000
    assert [a.id for a in articles] == [f"r{i}" for i in range(len(articles))]
    assert report.failed == 1
    assert "truncated gzip" in report.bad[0].reason
    assert "records before this line were kept" in report.bad[0].reason


def test_file_that_is_not_gzip_despite_its_name(tmp_path):
    path = tmp_path / "plain.jsonl.gz"
    path.write_text(f'{{"id": "1", "text": "{EN}"}}\n', encoding="utf-8")
    articles, report = read(path)
    assert [a.id for a in articles] == ["1"]  # read by content, not by name
    corrupt = tmp_path / "corrupt.jsonl.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00garbage that is not deflate data" * 3)
    articles, report = read(corrupt)
    assert articles == [] and report.failed == 1


# --- CSV --------------------------------------------------------------------------------------------


def test_csv_extra_columns_ignored_and_short_row_reported():
    path = DATA / "articles.csv"
    articles, report = read(path)
    assert [(a.id, a.lang, a.published, a.source) for a in articles[:2]] == [
        ("csv-en", "en", date(2017, 2, 10), "Example Wire"),
        ("csv-ar", "ar", date(2017, 2, 24), None),
    ]
    assert articles[0].title == "Roadside bomb" and articles[0].url == "https://example.org/csv-en"
    assert articles[1].text == "أصيب مدنيان بانفجار عبوة ناسفة في مدينة الباب."
    assert len(articles[2].id) == 16 and articles[2].published == date(2017, 2, 11)
    assert articles[2].origin == f"{path}:5"
    assert reasons(report) == {f"{path}:4": "missing 'text' (row has 1 of 8 columns)"}


def test_csv_without_text_column_is_reported_once():
    path = DATA / "no_text_column.csv"
    articles, report = read(path)
    assert articles == []
    assert reasons(report) == {f"{path}:1": "CSV has no 'text' column (columns: id, body, published)"}


def test_csv_multiline_field_semicolon_delimiter_and_line_numbers(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text(f'id;text\n1;"{EN}\nsecond line"\n2;"{AR}"\n', encoding="utf-8")
    articles, report = read(path)
    assert [(a.id, a.origin) for a in articles] == [("1", f"{path}:2"), ("2", f"{path}:4")]
    assert articles[0].text == EN + "\nsecond line"
    assert report.failed == 0


def test_csv_row_with_undecodable_bytes_keeps_the_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,text\n1,caf\xe9 \xe0 la gare\n" + f"2,{AR}\n".encode())
    articles, report = read(path)
    assert [a.id for a in articles] == ["1", "2"]
    assert report.failed == 0
    assert [str(w) for w in report.warnings] == [f"{path}:2: 2 invalid UTF-8 byte(s) replaced"]


# --- directories, stdin, feeds ----------------------------------------------------------------------


def test_directory_recursive_sorted_with_symlink_loop(tmp_path):
    root = tmp_path / "news"
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text(EN, encoding="utf-8")
    (root / "b" / "c.txt").write_text(AR, encoding="utf-8")
    (root / "b" / "d.jsonl").write_text(f'{{"id": "d1", "text": "{EN}"}}\n', encoding="utf-8")
    (root / "b" / "readme.md").write_text("not an article", encoding="utf-8")
    (root / ".hidden.txt").write_text(EN, encoding="utf-8")
    os.symlink(root, root / "b" / "loop")  # b/loop -> news: following it would never end
    os.symlink(root / "a.txt", root / "b" / "same.txt")
    os.symlink(root / "gone.txt", root / "b" / "dangling.txt")
    articles, report = read(root)
    assert [a.id for a in articles] == ["a", "c", "d1"]
    assert report.failed == 0
    warnings = {w.origin: w.reason for w in report.warnings}
    assert "symlink loop" in warnings[str(root / "b" / "loop")]
    assert warnings[str(root / "b" / "same.txt")] == f"same file as {root / 'a.txt'}: skipped"
    assert warnings[str(root / "b" / "dangling.txt")] == "broken symlink or special file: skipped"


def test_fixture_directory_skips_unknown_extensions():
    articles, report = read(DATA / "nested")
    assert [a.id for a in articles] == ["story"]
    assert report.failed == 0


def test_txt_metadata_sidecar_beats_the_options_and_is_not_read_as_articles():
    articles, report = read(DATA / "sidecar", published="2020-01-01", source="Other")
    assert [(a.id, a.published, a.lang, a.source, a.title) for a in articles] == [
        ("sidecar-1", date(2017, 1, 24), "ar", "Example Wire", "Shelling on Khan Shaykhun")
    ]
    assert (report.failed, report.warnings) == (0, [])


def test_broken_sidecar_is_a_warning(tmp_path):
    (tmp_path / "r.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "r.meta.json").write_text("{not json", encoding="utf-8")
    articles, report = read(tmp_path / "r.txt", published="2017-01-24")
    assert [(a.id, a.published) for a in articles] == [("r", date(2017, 1, 24))]
    assert report.warnings[0].origin == str(tmp_path / "r.meta.json")


@needs_shared
def test_seed_folder_reads_one_article_with_its_metadata(shared):
    articles, report = read(shared / "seed")
    assert [(a.id, a.published, a.lang) for a in articles] == [("seed-astana", date(2017, 1, 24), "ar")]
    assert report.failed == 0


def test_missing_path_is_a_failed_record(tmp_path):
    articles, report = read(tmp_path / "nope.txt", DATA / "report.en.txt")
    assert [a.id for a in articles] == ["report.en"]
    assert reasons(report) == {str(tmp_path / "nope.txt"): "no such file or directory"}


def set_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (AR.encode("utf-8"), [(AR, "ar", "<stdin>")]),
        (AR.encode("utf-16"), [(AR, "ar", "<stdin>")]),
        (
            f'{{"id": "1", "text": "{EN}"}}\nnot json\n{{"id": "2", "text": "{AR}"}}\n'.encode(),
            [(EN, "en", "<stdin>:1"), (AR, "ar", "<stdin>:3")],
        ),
        (gzip.compress(f'{{"id": "1", "text": "{EN}"}}\n'.encode()), [(EN, "en", "<stdin>:1")]),
    ],
    ids=["arabic-text", "utf16-text", "jsonl", "gzipped-jsonl"],
)
def test_stdin_text_or_jsonl(monkeypatch, data, expected):
    set_stdin(monkeypatch, data)
    articles, _ = read("-", published="2017-01-24")
    assert [(a.text, a.lang, a.origin) for a in articles] == expected
    assert all(a.published == date(2017, 1, 24) for a in articles)


def test_stdin_text_id_is_stable_and_empty_stdin_fails(monkeypatch):
    set_stdin(monkeypatch, EN.encode())
    first = read("-")[0][0].id
    set_stdin(monkeypatch, EN.encode())
    assert read("-")[0][0].id == first
    set_stdin(monkeypatch, b"")
    articles, report = read("-")
    assert articles == [] and reasons(report) == {"<stdin>": "empty input: no text"}


def test_ingest_reads_every_line_of_a_slow_pipe(tmp_path: Path) -> None:
    # A real pipe fed in odd-sized pieces that split lines, as a slow producer writes them: the
    # sniffing peeks at what has arrived, and every one of the 5,000 records must still be read.
    lines = "".join(
        json.dumps({"id": f"n{i}", "text": f"Invented note {i}: a quiet day.", "published": "2020-01-02"})
        + "\n"
        for i in range(5000)
    ).encode()
    command = [sys.executable, "-m", "tracker.cli", "ingest", "-", "--store", str(tmp_path / "s.duckdb")]
    with (
        (tmp_path / "err.txt").open("w+b") as err,
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err) as proc,
    ):
        assert proc.stdin is not None and proc.stdout is not None
        for start in range(0, len(lines), 997):
            proc.stdin.write(lines[start : start + 997])
            proc.stdin.flush()
            if start < 20_000:
                time.sleep(0.005)
        proc.stdin.close()
        out = proc.stdout.read().decode()
        assert proc.wait(timeout=300) == 0, (tmp_path / "err.txt").read_text()
    assert "5000 articles read, 5000 new" in out


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://example.org/</link>
<item><title>Shelling in Kafr Nabl</title><link>https://example.org/1</link>
<guid>https://example.org/1</guid><pubDate>Tue, 24 Jan 2017 10:00:00 GMT</pubDate>
<description>Shelling killed four people in Kafr Nabl on Tuesday, a local monitor said.</description></item>
</channel></rss>
"""


def test_feed_file_is_read_by_the_feeds_module(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    articles, report = read(path)
    assert [(a.url, a.published, a.lang) for a in articles] == [
        ("https://example.org/1", date(2017, 1, 24), "en")
    ]
    assert "Kafr Nabl" in articles[0].text
    assert report.failed == 0


def test_feed_garbage_is_reported(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_bytes(b"\x00\x01 not a feed \xff" * 50)
    articles, report = read(path, DATA / "report.en.txt")
    assert [a.id for a in articles] == ["report.en"]
    assert report.failed == 1 and report.bad[0].origin == str(path)


# --- the report -------------------------------------------------------------------------------------


def test_summary_accounts_for_every_record_and_limits_the_list():
    report = RunReport()
    report.record(True, events=3, aggregates=1)
    report.record(False)
    for i in range(25):
        report.fail(f"a.jsonl:{i + 1}", "invalid JSON")
    text = report.summary()
    lines = text.splitlines()
    assert lines[0] == "read 27 record(s): 1 with events, 1 without events, 25 failed"
    assert lines[1] == "events: 3, aggregate tolls: 1"
    assert "  a.jsonl:20: invalid JSON" in lines
    assert "  a.jsonl:21: invalid JSON" not in lines
    assert lines[-1] == "  ... and 5 more"


def test_summary_says_when_nothing_was_read():
    assert "nothing could be read or extracted" in RunReport().summary()
    report = RunReport()
    report.fail("a.txt", "binary file")
    assert "nothing could be read or extracted" in report.summary()
    report.record(False)
    assert "nothing could be read" not in report.summary()


# --- arbitrary input never crashes ------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".json", ".jsonl.gz"]))
def test_arbitrary_bytes_never_raise(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    articles, report = read(path)
    assert articles or report.failed >= 1
    assert all(isinstance(a.text, str) and a.text.strip() and a.lang in ("ar", "en") for a in articles)
