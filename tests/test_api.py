"""The Python API an analyst uses: ``tracker.extract_all`` with workers and progress, and
``tracker.open_store`` with typed frames, ``tables()`` and ``sql()``; the README's example runs."""

from __future__ import annotations

import doctest
import json
import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import tracker
import tracker.store.reader
from tracker.commands.dashboard import ingest_demo
from tracker.document import Article
from tracker.resources import path as resource_path
from tracker.run.ingest import ingest
from tracker.schema import EVENT_COLUMNS
from tracker.store import Store, StoreError, StoreReader

ROOT = Path(__file__).resolve().parents[1]


def _demo_articles(n: int) -> list[dict[str, object]]:
    lines = resource_path("demo", "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:n]]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "tracker.duckdb"
    ingest_demo(path)
    return path


def test_extract_all_in_workers_gives_what_one_process_gives() -> None:
    articles = pd.DataFrame(_demo_articles(40))
    alone = tracker.extract_all(articles)
    pooled = tracker.extract_all(articles, workers=2)
    assert alone.articles == pooled.articles == 40
    assert len(alone.events) > 20
    pd.testing.assert_frame_equal(alone.events, pooled.events)
    pd.testing.assert_frame_equal(alone.aggregates, pooled.aggregates)
    assert alone.articles_with_events == pooled.articles_with_events


def test_extract_all_shows_progress_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich draws its bar only for a terminal (or a notebook)
    result = tracker.extract_all(
        ["Shelling killed 4 people in Douma yesterday."] * 3, published="2017-01-24", progress=True
    )
    captured = capsys.readouterr()
    assert result.articles == 3 and captured.out == ""
    assert "3 articles of 3" in captured.err


def test_extract_all_still_refuses_a_record_without_text() -> None:
    with pytest.raises(ValueError, match="missing 'text'"):
        tracker.extract_all([{"id": "x"}], workers=2)


def test_open_store_gives_typed_frames(demo_store: Path) -> None:
    with tracker.open_store(demo_store) as store:
        assert isinstance(store, StoreReader) and "read-only" in repr(store)
        incidents = store.incidents()
        assert list(incidents.columns[: len(EVENT_COLUMNS)]) == list(EVENT_COLUMNS)
        assert str(incidents["event_date"].dtype).startswith("datetime64")
        assert str(incidents["fatalities"].dtype) == "Int64"
        assert store.stats()["incidents"] == len(incidents)
        idleb = store.incidents(admin1="SY07")
        assert len(idleb) and set(idleb["admin1"]) == {"Idleb"}
        mentions = store.mentions(incident_id=idleb["event_id"].iloc[0])
        assert set(mentions["incident_id"]) == {idleb["event_id"].iloc[0]}
        assert store.runs()["status"].tolist() == ["ok"]
        assert len(store.aggregates()) == store.stats()["aggregates"]


def test_tables_and_sql_answer_without_knowing_the_layout(demo_store: Path) -> None:
    with tracker.open_store(demo_store) as store:
        tables = store.tables().set_index("table")
        assert {"incidents", "mentions", "articles", "runs"} <= set(tables.index)
        assert tables.loc["incidents", "rows"] == len(store.incidents())
        assert tables.loc["incidents", "about"]
        counted = store.sql("SELECT count(*) AS n FROM incidents WHERE admin1 = ?", ["Idleb"])
        assert int(counted["n"].iloc[0]) == len(store.incidents(admin1="Idleb"))
        with pytest.raises(duckdb.Error):
            store.sql("DELETE FROM incidents")
    with Store(demo_store, read_only=True) as check:
        assert check.stats()["incidents"] == len(check.incidents()) > 0


def test_open_store_errors_and_writing(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        tracker.open_store(tmp_path / "none.duckdb")
    path = tmp_path / "new.duckdb"
    with tracker.open_store(path, read_only=False) as store:
        result = ingest(
            store,
            [Article("a", "Shelling killed 4 people in Douma yesterday.", published=date(2017, 1, 24))],
            progress=False,
        )
        assert result.new == 1 and len(store.incidents()) == 1


def test_the_docstring_examples_run() -> None:
    for module in (tracker, tracker.store.reader):
        failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert tried > 0 and failures == 0, module.__name__


def test_the_readme_example_runs(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From Python / Jupyter", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    monkeypatch.chdir(demo_store.parent)
    exec(compile(code.group(1), "README.md", "exec"), {"articles": _demo_articles(5)})
