"""The synthetic test data is written through the store's own tables, so the store reads it back."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.support.synth import synthetic_incidents, write_incidents_store
from tracker.store import SCHEMA_VERSION, Store
from tracker.store.tables import TABLES


def test_synthetic_store_has_the_store_layout(tmp_path: Path) -> None:
    path = write_incidents_store(tmp_path / "synth.duckdb", synthetic_incidents(40, seed=2))
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
        ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for table, column, sql in rows:
        found.setdefault(table, {})[column] = sql
    assert found.pop("meta") == {"key": "VARCHAR", "value": "VARCHAR"}
    assert found == TABLES


def test_store_reads_the_synthetic_incidents_back(tmp_path: Path) -> None:
    frame = synthetic_incidents(40, seed=2)
    path = write_incidents_store(tmp_path / "synth.duckdb", frame)
    with Store(path, read_only=True) as store:
        incidents, stats = store.incidents(), store.stats()
        mentions = store.mentions()
    assert sorted(incidents["event_id"]) == sorted(frame["event_id"])
    assert stats["schema_version"] == SCHEMA_VERSION
    assert stats["incidents"] == 40 and stats["mentions"] == sum(len(m) for m in frame["mention_ids"])
    assert set(mentions["incident_id"]) == set(frame["event_id"])
    assert incidents["fatalities_best"].equals(incidents["fatalities"])
