"""Hostile input files in one batch through the real ``tracker extract`` command.

``tests/test_ingest.py`` checks each kind of bad file alone through :func:`tracker.run.inputs.read_inputs`;
this module puts them all in one directory next to good ones and runs the command as a user would
(click runner and a real subprocess): every bad record is named by file (and line, where a file has
lines), the good records of the batch still give their events, and the run summary accounts for every
record: ``read == with events + without events + failed``. A 20 MB single-line text is part of the
batch; the 200 MB case is timed by ``benchmarks/pathological.py``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tracker.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EN = "Shelling killed 4 people in Douma on Monday."
AR = "قتل 12 شخصا جراء غارات على سراقب أمس"
SUMMARY = re.compile(r"read (\d+) record\(s\): (\d+) with events, (\d+) without events, (\d+) failed")
BIG_MB = 20


def _jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _complete_lines(data: bytes) -> int:
    """JSON lines fully inside a cut gzip stream, counted by zlib (not by the code under test)."""
    out = zlib.decompressobj(wbits=31).decompress(data)
    return out.count(b"\n")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A directory of good and hostile files, and what a run over it must report."""
    root = tmp_path_factory.mktemp("hostile") / "batch"
    (root / "sub").mkdir(parents=True)
    expect: dict = {"bad": {}, "warn": {}, "articles": set()}

    (root / "empty.txt").write_bytes(b"")
    expect["bad"][f"{root / 'empty.txt'}"] = "empty file"
    (root / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    expect["bad"][f"{root / 'photo.txt'}"] = "binary file"

    many = _jsonl(
        [
            {"id": f"gz{i}", "text": f"{EN} Report {i} {'x' * (i % 89)}", "published": "2017-01-24"}
            for i in range(4000)
        ]
    )
    whole = gzip.compress(many.encode(), compresslevel=1)
    cut = whole[: len(whole) * 2 // 3]
    (root / "cut.jsonl.gz").write_bytes(cut)
    kept = _complete_lines(cut)
    assert 0 < kept < 4000
    expect["gz_kept"] = kept
    expect["articles"] |= {f"gz{i}" for i in range(kept)}

    lines = [
        json.dumps({"id": "j1", "text": EN, "published": "2017-01-24"}),
        json.dumps({"id": "j2", "text": AR, "published": "2017-01-24"}, ensure_ascii=False),
        '{"id": "j3", "text": "a line cut in the mid',
        json.dumps({"id": "j4", "text": EN, "published": "2017-01-24"}),
        json.dumps({"id": "j5", "text": "Nothing happened today.", "published": "2017-01-24"}),
    ]
    (root / "broken.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect["bad"][f"{root / 'broken.jsonl'}:3"] = "invalid JSON"
    expect["articles"] |= {"j1", "j2", "j4", "j5"}

    (root / "no-text.csv").write_text("id,published\nc0,2017-01-24\n", encoding="utf-8")
    expect["bad"][f"{root / 'no-text.csv'}:1"] = "no 'text' column"
    csv_rows = [
        "id,text,published",
        f'c1,"{EN}",2017-01-24,extra,columns,here',
        "c2",
        f'c3,"{AR}",2017-01-24',
    ]
    (root / "ragged.csv").write_text("\n".join(csv_rows) + "\n", encoding="utf-8")
    expect["bad"][f"{root / 'ragged.csv'}:3"] = "missing 'text'"
    expect["articles"] |= {"c1", "c3"}

    (root / "sub" / "legacy.txt").write_bytes(AR.encode("cp1256"))
    (root / "sub" / "wide.txt").write_bytes(("\ufeff" + AR).encode("utf-16-le"))
    (root / "sub" / "wide-be.txt").write_bytes(AR.encode("utf-16"))  # BOM in the machine's order
    expect["articles"] |= {"legacy", "wide", "wide-be"}

    # One line of BIG_MB megabytes: a casualty sentence, then words without a full stop.
    with (root / "sub" / "big.txt").open("w", encoding="utf-8") as handle:
        handle.write(EN[:-1] + " ")
        chunk = "and the report went on without an end " * 1000
        for _ in range(BIG_MB * 1024 * 1024 // len(chunk)):
            handle.write(chunk)
    expect["articles"].add("big")
    expect["warn"][f"{root / 'sub' / 'big.txt'}"] = "cut at"

    os.symlink(root, root / "sub" / "loop")  # sub/loop -> batch
    os.symlink(root / "sub" / "ping", root / "sub" / "pong")  # ping <-> pong: ELOOP on stat
    os.symlink(root / "sub" / "pong", root / "sub" / "ping")
    expect["warn"][f"{root / 'sub' / 'loop'}"] = "symlink loop"
    expect["read"] = 2 + (kept + 1) + 5 + 1 + 3 + 4
    return root, expect


def _counts(stderr: str) -> tuple[int, int, int, int]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    read, with_events, without, failed = map(int, match.groups())
    return read, with_events, without, failed


def _check_run(stderr: str, out: Path, root: Path, expect: dict) -> None:
    read, with_events, without, failed = _counts(stderr)
    assert read == with_events + without + failed == expect["read"], stderr[-3000:]
    assert failed == len(expect["bad"]) + 1  # + the truncated gzip
    for origin, reason in expect["bad"].items():
        assert re.search(rf"^  {re.escape(origin)}: .*{re.escape(reason)}", stderr, re.M), (origin, stderr)
    gz_line = expect["gz_kept"] + 1
    assert re.search(rf"^  {re.escape(str(root / 'cut.jsonl.gz'))}:{gz_line}: .*truncated gzip", stderr, re.M)
    for origin, reason in expect["warn"].items():
        assert re.search(rf"^  {re.escape(origin)}: .*{re.escape(reason)}", stderr, re.M), (origin, stderr)
    assert str(root / "sub" / "ping") in stderr and str(root / "sub" / "pong") in stderr
    events = pd.read_json(out, lines=True, dtype=False)
    # Every readable article with a casualty sentence gave its event, whatever its encoding.
    with_events_ids = set(events["article_id"])
    assert expect["articles"] - {"j5"} <= with_events_ids, expect["articles"] - with_events_ids
    assert "j5" not in with_events_ids
    by_id = events.drop_duplicates("article_id").set_index("article_id")
    for stem in ("legacy", "wide", "wide-be"):
        assert by_id.loc[stem, "evidence"] == AR and by_id.loc[stem, "fatalities"] == 12
    assert by_id.loc["big", "fatalities"] == 4


def test_hostile_batch_through_the_cli(batch: tuple[Path, dict], tmp_path: Path) -> None:
    root, expect = batch
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(root), "-o", str(out), "--published", "2017-01-24"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    _check_run(result.stderr, out, root, expect)


def test_hostile_batch_in_a_real_process(batch: tuple[Path, dict], tmp_path: Path) -> None:
    root, expect = batch
    out = tmp_path / "events.jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker.cli",
            "extract",
            str(root),
            "-o",
            str(out),
            "--published",
            "2017-01-24",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    _check_run(proc.stderr, out, root, expect)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("nul.jsonl", b'{"id": "n1", "text": "' + b"\x00" * 64 + b'"}\n', None, id="nul-bytes"),
        pytest.param("bom-only.txt", b"\xef\xbb\xbf", "empty", id="bom-only"),
        pytest.param(
            "utf16-odd.txt", b"\xff\xfe" + "قتل".encode("utf-16-le") + b"\x00", None, id="utf16-odd-length"
        ),
        pytest.param("deep.json", b"[" * 100_000 + b"]" * 100_000, None, id="deeply-nested-json"),
        pytest.param(
            "lone-surrogate.jsonl",
            b'{"id": "s1", "text": "\\ud800 Shelling killed 4 people in Douma."}\n',
            None,
            id="lone-surrogate",
        ),
    ],
)
def test_odd_files_are_accounted_for(tmp_path: Path, name: str, content: bytes, reason: str | None) -> None:
    """Files the per-kind tests do not try: the run finishes and accounts for each (with a reason
    naming the file when it fails); what each must give is not fixed here, only that nothing is lost."""
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(EN, encoding="utf-8")
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(
        cli, ["extract", str(path), str(good), "-o", str(out), "--published", "2017-01-24"]
    )
    assert result.exit_code == 0, (result.stderr, result.exception)
    read, with_events, without, failed = _counts(result.stderr)
    assert with_events >= 1  # the good file
    assert read == with_events + without + failed >= 2
    if failed:
        assert f"  {path}" in result.stderr
    if reason:
        assert reason in result.stderr
