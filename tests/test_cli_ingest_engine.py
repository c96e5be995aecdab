"""`tracker ingest --engine dask` gives the store the same incidents as the local engine."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from click.testing import CliRunner

from tracker.cli import cli

ARTICLES = [
    {
        "id": "e1",
        "lang": "en",
        "published": "2017-01-24",
        "text": "Government warplanes killed 7 civilians in Saraqib in Idlib province on Monday.",
    },
    {
        "id": "e2",
        "lang": "en",
        "published": "2017-01-24",
        "text": "Rebel shelling killed 3 people in the Hamdaniyeh district of Aleppo on Monday.",
    },
    {
        "id": "a1",
        "lang": "ar",
        "published": "2017-01-24",
        "text": "قتل خمسة مدنيين جراء غارات للطيران الحربي على بلدة سرمين في ريف إدلب أمس.",
    },
]


def _incidents(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select event_id, fatalities, admin1 from incidents order by event_id").fetchall()


def test_dask_engine_fills_the_store_like_the_local_one(tmp_path: Path) -> None:
    src = tmp_path / "articles.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), encoding="utf-8")
    runner = CliRunner()
    local = runner.invoke(cli, ["ingest", str(src), "--store", str(tmp_path / "local.duckdb"), "-q"])
    assert local.exit_code == 0, local.output
    dask = runner.invoke(
        cli,
        [
            "ingest",
            str(src),
            "--store",
            str(tmp_path / "dask.duckdb"),
            "--engine",
            "dask",
            "--dask-workers",
            "1",
            "-q",
        ],
    )
    assert dask.exit_code == 0, dask.output
    got = _incidents(tmp_path / "dask.duckdb")
    assert got == _incidents(tmp_path / "local.duckdb")
    assert {f for _, f, _ in got} == {7, 3, 5}


def test_dask_engine_needs_inputs(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--store", str(tmp_path / "s.duckdb"), "--engine", "dask"])
    assert result.exit_code == 2
    assert "needs input files" in result.output
