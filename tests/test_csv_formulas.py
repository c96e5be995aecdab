"""Every CSV the project writes neutralises formula cells after all joining (issue 24, item 3).

One function (``tracker.export.files.neutralise_formulas``, applied last by the CSV writer) guards every
writer: ``write_frame`` to ``.csv`` and ``.csv.gz``, the ACLED and UCDP layouts, ``to_csv_bytes`` (the
dashboard download, ``-o -``), ``tracker export`` of a store whose feeds carry hostile names (the
``sources`` list column), ``tracker violations`` and ``tracker ceasefires``.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.test_dashboard_security import _is_number
from tests.test_store import STRIKE, article, ingest
from tracker.cli import cli
from tracker.export import to_csv_bytes, write_frame

FORMULAS = ['=HYPERLINK("http://x.invalid","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [
        cell
        for row in csv.reader(io.StringIO(text, newline=""))
        for cell in row
        if cell.startswith(_STARTS) and not _is_number(cell)
    ]


def _hostile_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(len(FORMULAS))],
            "text": FORMULAS,
            "sources": [[f, "AFP"] for f in FORMULAS],
            "kind": pd.Series(FORMULAS, dtype="category"),
            "longitude": [-1.5] * len(FORMULAS),
        }
    )


@pytest.mark.parametrize("name", ["out.csv", "out.csv.gz"], ids=["csv", "gzip"])
def test_write_frame_csv(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    write_frame(_hostile_frame(), out)
    data = gzip.decompress(out.read_bytes()) if name.endswith(".gz") else out.read_bytes()
    assert _formula_cells(data) == []
    assert "'=HYPERLINK" in data.decode()  # kept, quoted
    assert "-1.5" in data.decode()  # numbers untouched


@pytest.mark.parametrize("excel", [False, True], ids=["plain", "excel"])
def test_to_csv_bytes_list_column(excel: bool) -> None:
    data = to_csv_bytes(_hostile_frame(), excel=excel)
    assert _formula_cells(data) == []
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0]["sources"] == "'" + FORMULAS[0] + "; AFP"


@pytest.fixture
def hostile_store(tmp_path: Path) -> Path:
    """A store whose incidents come from feeds named like formulas (joined into ``sources``)."""
    path = tmp_path / "h.duckdb"
    articles = [article(f"a{i}", STRIKE.format(killed=3 + i), source=name) for i, name in enumerate(FORMULAS)]
    ingest(path, articles)
    return path


@pytest.mark.parametrize("fmt", ["csv", "acled", "ucdp"])
@pytest.mark.parametrize("mentions", [False, True], ids=["incidents", "mentions"])
def test_export_of_a_hostile_store(hostile_store: Path, tmp_path: Path, fmt: str, mentions: bool) -> None:
    out = tmp_path / "x.csv"
    args = ["export", "--store", str(hostile_store), "-o", str(out), "--format", fmt]
    result = CliRunner().invoke(cli, [*args, "--mentions"] if mentions else args)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.count(b"\r\n") > 1  # rows, not only a header
    assert _formula_cells(data) == []
    if fmt == "csv" and not mentions:
        assert "'=HYPERLINK" in data.decode()


def test_export_to_stdout(hostile_store: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--store", str(hostile_store), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert _formula_cells(result.stdout_bytes) == []


def test_violations_counts_by_source(hostile_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.csv"
    args = ["violations", "--store", str(hostile_store), "--by", "source", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert _formula_cells(out.read_bytes()) == []
