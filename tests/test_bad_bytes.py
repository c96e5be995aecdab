"""Bad bytes cost the line or the characters, never the file (issue 24, item 4).

NUL bytes and invalid UTF-8 become U+FFFD and are reported with file:line; a text pasted together
from UTF-8 and cp1256 is decoded line by line, so both halves keep their events.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tracker.run.inputs import RunReport, read_inputs

EN = "Government warplanes killed 7 civilians in Saraqib in Idlib on Monday."
AR = "قتل خمسة مدنيين في قصف على سرمين"


def _read(path: Path) -> tuple[list, RunReport]:
    report = RunReport()
    articles = list(read_inputs([path], published=date(2017, 1, 24), report=report))
    return articles, report


def _warnings(report: RunReport) -> list[str]:
    return [str(w) for w in report.warnings]


def test_one_nul_in_the_head_of_a_jsonl_costs_nothing_but_the_character(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": f"{EN} ({i})"}) for i in range(1002)]
    lines[3] = lines[3].replace("Saraqib", "Sara\x00qib").replace("\\u0000", "\x00")
    path.write_bytes(("\n".join(lines) + "\n").encode())
    articles, report = _read(path)
    assert len(articles) == 1002
    assert report.failed == 0
    assert articles[3].text.startswith("Government warplanes killed 7 civilians in Sara\ufffdqib")
    assert _warnings(report) == [f"{path}:4: 1 NUL byte(s) replaced"]


def test_a_nul_further_down_costs_the_character_too(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": EN}) for i in range(500)]
    raw = ("\n".join(lines) + "\n").encode()
    at = raw.index(b"Saraqib", 20_000)
    path.write_bytes(raw[:at] + b"\x00" + raw[at:])
    articles, report = _read(path)
    assert len(articles) == 500
    assert report.failed == 0
    assert len(_warnings(report)) == 1 and "NUL byte(s) replaced" in _warnings(report)[0]


def test_invalid_utf8_in_a_text_costs_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"Intro line.\n" + EN.encode().replace(b"Monday", b"Mon\xff\xfe\xfd\xfcday") + b"\n")
    articles, report = _read(path)
    assert len(articles) == 1
    assert "Mon\ufffd" in articles[0].text and "civilians in Saraqib" in articles[0].text
    assert _warnings(report) == [f"{path}:2: 4 invalid UTF-8 byte(s) replaced"]


def test_a_nul_in_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes((EN + " " + "More words follow here. " * 20).encode().replace(b"7", b"7\x00", 1))
    articles, report = _read(path)
    assert len(articles) == 1 and report.failed == 0
    assert _warnings(report) == [f"{path}:1: 1 NUL byte(s) replaced"]


def test_a_text_half_utf8_half_cp1256_keeps_both_halves(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes((AR + ".\n").encode("utf-8") + ("قتل ثلاثة مدنيين في حمص.\n").encode("cp1256"))
    articles, report = _read(path)
    assert len(articles) == 1
    assert articles[0].text == AR + ".\n" + "قتل ثلاثة مدنيين في حمص.\n"
    assert any("mixed encodings (utf-8+cp1256)" in w for w in _warnings(report))


def test_a_real_binary_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    articles, report = _read(path)
    assert articles == []
    assert report.bad[0].reason.startswith("binary file")
