"""No command writes over one of its own inputs, its store or its other output (issue 24, item 1).

Each case runs the real command through click's test runner and checks the exit status (2, a usage
error), the message and that every file involved is byte for byte as before.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_cli_store import filled  # noqa: F401  (fixture)
from tracker.cli import cli
from tracker.commands.guards import same_file

TEXT = "Government warplanes killed 7 civilians in Saraqib in Idlib on Monday."


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    rows = [{"id": str(i), "text": TEXT, "published": "2017-01-24", "lang": "en"} for i in range(3)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def events(tmp_path: Path, articles: Path) -> Path:
    path = tmp_path / "ev.csv"
    result = CliRunner().invoke(cli, ["extract", str(articles), "-o", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return path


def _snapshot(*paths: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


def _refused(args: list[str], *keep: Path, says: str = "would overwrite") -> None:
    before = _snapshot(*keep)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "nothing was written" in result.output
    assert _snapshot(*keep) == before


def test_extract_onto_its_input(articles: Path) -> None:
    _refused(["extract", str(articles), "-o", str(articles)], articles)


def test_extract_onto_its_input_by_another_spelling(articles: Path) -> None:
    other = articles.parent / "sub" / ".." / articles.name
    (articles.parent / "sub").mkdir()
    _refused(["extract", str(articles), "-o", str(other), "--format", "csv"], articles)


def test_extract_onto_a_hard_link_of_its_input(articles: Path) -> None:
    link = articles.parent / "link.jsonl"
    os.link(articles, link)
    _refused(["extract", str(articles), "-o", str(link)], articles)


def test_extract_aggregates_onto_the_input(articles: Path, tmp_path: Path) -> None:
    _refused(
        ["extract", str(articles), "-o", str(tmp_path / "out.csv"), "--aggregates", str(articles)],
        articles,
    )
    assert not (tmp_path / "out.csv").exists()


def test_extract_aggregates_onto_the_output(articles: Path, events: Path) -> None:
    _refused(
        ["extract", str(articles), "-o", str(events), "--aggregates", str(events)],
        articles,
        events,
        says="are the same file",
    )


def test_extract_onto_a_file_inside_an_input_directory(articles: Path, events: Path) -> None:
    _refused(["extract", str(articles.parent), "-o", str(events)], articles, events)


def test_violations_onto_its_event_file(events: Path) -> None:
    _refused(["violations", str(events), "-o", str(events)], events)


def test_violations_onto_its_registry(events: Path, tmp_path: Path) -> None:
    registry = tmp_path / "reg.csv"
    registry.write_text("id,name,start\n", encoding="utf-8")
    _refused(["violations", str(events), "--ceasefires", str(registry), "-o", str(registry)], registry)


def test_panel_onto_its_event_file(events: Path) -> None:
    _refused(["panel", str(events), "-o", str(events)], events)


def test_export_onto_its_store(filled: Path) -> None:  # noqa: F811
    _refused(["export", "-o", str(filled), "--format", "csv", "--store", str(filled)], filled)


def test_export_onto_the_store_log(filled: Path) -> None:  # noqa: F811
    wal = Path(str(filled) + ".wal")
    result = CliRunner().invoke(cli, ["export", "-o", str(wal), "--format", "csv", "--store", str(filled)])
    assert result.exit_code == 2
    assert not wal.exists()


def test_violations_onto_the_store(filled: Path) -> None:  # noqa: F811
    _refused(["violations", "--store", str(filled), "-o", str(filled)], filled)


def test_ceasefires_found_onto_the_store(filled: Path) -> None:  # noqa: F811
    _refused(["ceasefires", "--found", "--store", str(filled), "-o", str(filled)], filled)


def test_ingest_into_an_input(articles: Path) -> None:
    _refused(["ingest", str(articles), "--store", str(articles)], articles)


def test_watch_into_its_sources_file(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text("feeds: []\n", encoding="utf-8")
    _refused(["watch", str(sources), "--store", str(sources), "--once"], sources)


def test_a_store_may_live_in_the_input_directory(articles: Path, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--store", str(store), "-q"])
        assert result.exit_code == 0, result.output


def test_distinct_paths_still_work(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "ev.csv"
    out.parent.mkdir()
    result = CliRunner().invoke(cli, ["extract", str(articles), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert out.exists()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("x.csv", "./x.csv", True),
        ("x.csv", "y.csv", False),
        ("-", "-", False),
        ("http://a/b", "http://a/b", False),
    ],
    ids=["dot", "other", "stdout", "url"],
)
def test_same_file(a: str, b: str, same: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert same_file(a, b) is same
