"""The store's tables: their columns with DuckDB types, their creation, and migrations between layouts.

Reads the event contract (:data:`tracker.schema.EVENT_COLUMNS`, :data:`~tracker.schema.AGGREGATE_COLUMNS`)
and writes DDL and rows into a DuckDB connection. The tables: ``articles`` (content-hashed, with
text), ``mentions`` (one row per event an article reported: the event columns plus ``incident_id``,
``merge_reason`` and ``run_id``), ``incidents`` (mentions merged across articles and sources by
:mod:`tracker.store.incidents`), ``aggregates``, ``ceasefires_found``, ``runs`` (the run log), ``reviews``
(analysts' decisions, an overlay), ``incident_changes`` (the log of incident ids created, changed,
merged, split and deleted) and ``meta`` (``schema_version``, ``created``). Outside the versioned
layout, ``fetch_state`` (what ``tracker watch`` must remember between runs about each feed) is created
when first needed by :func:`create_fetch_state`. Anything that writes a store file (the store itself, the
test data generator) creates it here, so the column types have one definition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from tracker.schema import AGGREGATE_COLUMNS, EVENT_COLUMNS

__all__ = [
    "SCHEMA_VERSION",
    "SQL_TYPES",
    "ARTICLE_COLUMNS",
    "MENTION_COLUMNS",
    "INCIDENT_COLUMNS",
    "INCIDENT_CHANGE_COLUMNS",
    "AGGREGATE_TABLE_COLUMNS",
    "CEASEFIRE_COLUMNS",
    "RUN_COLUMNS",
    "REVIEW_COLUMNS",
    "TABLES",
    "MIGRATIONS",
    "FETCH_STATE_COLUMNS",
    "create_tables",
    "create_fetch_state",
    "append",
    "first",
]

#: Version of the table layout written by this code. Bump it and add a migration to ``MIGRATIONS``.
SCHEMA_VERSION = 6

#: pandas dtype of the event contract -> DuckDB type.
SQL_TYPES: dict[str, str] = {
    "string": "VARCHAR",
    "category": "VARCHAR",
    "datetime64[ns]": "TIMESTAMP",
    "Int8": "TINYINT",
    "Int64": "BIGINT",
    "Float64": "DOUBLE",
    "boolean": "BOOLEAN",
}

ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "VARCHAR",
    "content_hash": "VARCHAR",
    "source": "VARCHAR",
    "url": "VARCHAR",
    "title": "VARCHAR",
    "published": "TIMESTAMP",
    "language": "VARCHAR",
    "origin": "VARCHAR",
    "text": "VARCHAR",
    "n_events": "INTEGER",
    "n_aggregates": "INTEGER",
    "first_run": "INTEGER",
    "last_run": "INTEGER",
    "extractor": "VARCHAR",  # the extractor's fingerprint: a newer extractor reads the article again
}

_EVENT_SQL: dict[str, str] = {c: SQL_TYPES[d] for c, d in EVENT_COLUMNS.items()}

MENTION_COLUMNS: dict[str, str] = {
    **_EVENT_SQL,
    "incident_id": "VARCHAR",
    "merge_reason": "VARCHAR",
    "run_id": "INTEGER",
}

INCIDENT_COLUMNS: dict[str, str] = {
    **_EVENT_SQL,
    "fatalities_best": "BIGINT",
    "sources": "VARCHAR[]",
    "n_sources": "INTEGER",
    "mention_ids": "VARCHAR[]",
    "run_id": "INTEGER",
    "changed_at": "TIMESTAMP",  # UTC: when the incident was created or its row last changed
    "digest": "VARCHAR",  # a hash of the row's values, to tell a changed incident from a recomputed one
}

#: The change log of incident ids (:mod:`tracker.store.identity`): one row per change of one incident.
#: ``change`` is ``created``, ``updated``, ``merged`` (other incidents joined it: ``other_ids``),
#: ``merged_away`` (it joined ``other_ids`` and its id is gone), ``split`` (part of it became
#: ``other_ids``) or ``deleted``; ``changed_at`` is the run's time (UTC).
INCIDENT_CHANGE_COLUMNS: dict[str, str] = {
    "incident_id": "VARCHAR",
    "change": "VARCHAR",
    "other_ids": "VARCHAR[]",
    "run_id": "INTEGER",
    "changed_at": "TIMESTAMP",
}

AGGREGATE_TABLE_COLUMNS: dict[str, str] = {
    **{c: SQL_TYPES[d] for c, d in AGGREGATE_COLUMNS.items()},
    "run_id": "INTEGER",
}

CEASEFIRE_COLUMNS: dict[str, str] = {
    "article_id": "VARCHAR",
    "ceasefire_id": "VARCHAR",
    "name": "VARCHAR",
    "start": "TIMESTAMP",
    "record": "VARCHAR",  # the whole candidate record as JSON
    "run_id": "INTEGER",
}

RUN_COLUMNS: dict[str, str] = {
    "run_id": "INTEGER",
    "started": "TIMESTAMP",
    "finished": "TIMESTAMP",
    "inputs": "VARCHAR[]",
    "status": "VARCHAR",  # ok / failed
    "read": "INTEGER",
    "new": "INTEGER",
    "changed": "INTEGER",
    "unchanged": "INTEGER",
    "duplicates": "INTEGER",
    "outdated": "INTEGER",
    "failed": "INTEGER",
    "mentions_added": "INTEGER",
    "mentions_removed": "INTEGER",
    "aggregates_added": "INTEGER",
    "incidents_recomputed": "INTEGER",
    "error": "VARCHAR",
}

#: One analyst's decision on one field of an event (an overlay: the machine's rows are never changed).
#: A decision is tied to a mention by ``mention_key`` (its article, its evidence sentence and its place
#: among that sentence's mentions), so it survives re-extraction; ``event_id`` is the mention's id when
#: decided, ``incident_id`` the incident it belonged to, ``target`` what the analyst reviewed
#: (``mention`` or ``incident``). See :mod:`tracker.review`.
REVIEW_COLUMNS: dict[str, str] = {
    "decision_id": "VARCHAR",
    "target": "VARCHAR",
    "event_id": "VARCHAR",
    "incident_id": "VARCHAR",
    "article_id": "VARCHAR",
    "mention_key": "VARCHAR",
    "evidence": "VARCHAR",
    "field": "VARCHAR",
    "machine_value": "VARCHAR",
    "reviewed_value": "VARCHAR",
    "reviewer": "VARCHAR",
    "decided": "TIMESTAMP",
    "comment": "VARCHAR",
}

#: Table name -> column name -> DuckDB type, in creation order (``meta`` apart).
TABLES: dict[str, dict[str, str]] = {
    "articles": ARTICLE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "incidents": INCIDENT_COLUMNS,
    "aggregates": AGGREGATE_TABLE_COLUMNS,
    "ceasefires_found": CEASEFIRE_COLUMNS,
    "runs": RUN_COLUMNS,
    "reviews": REVIEW_COLUMNS,
    "incident_changes": INCIDENT_CHANGE_COLUMNS,
}


#: ``fetch_state``: one row per watched feed (by the sources file's name), so a watch started from
#: cron asks "anything new?" with the validators of the last run and honours its back-off.
FETCH_STATE_COLUMNS: dict[str, str] = {
    "feed": "VARCHAR",
    "url": "VARCHAR",  # validators belong to a URL: a feed moved to another URL starts afresh
    "etag": "VARCHAR",
    "last_modified": "VARCHAR",
    "failures": "INTEGER",  # consecutive failed polls
    "next_due": "TIMESTAMP",  # UTC; set only while backing off after a failure
    "last_error": "VARCHAR",
    "updated": "TIMESTAMP",
}


def _columns_sql(columns: Mapping[str, str]) -> str:
    return ", ".join(f'"{name}" {sql}' for name, sql in columns.items())


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of the current layout, empty, and record its version in ``meta``.

    >>> con = duckdb.connect()
    >>> create_tables(con)
    >>> con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [(str(SCHEMA_VERSION),)]
    True
    """
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE {name} ({_columns_sql(columns)})")
    created = datetime.now().isoformat(timespec="seconds")
    con.execute(
        "INSERT INTO meta VALUES ('schema_version', ?), ('created', ?)", [str(SCHEMA_VERSION), created]
    )


def create_fetch_state(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``fetch_state`` if the store has none: idempotent, and outside :data:`SCHEMA_VERSION`
    (a store of any layout can hold it, and no migration of the versioned tables has to know it).

    >>> con = duckdb.connect()
    >>> create_fetch_state(con); create_fetch_state(con)
    >>> [row[0] for row in con.execute("DESCRIBE fetch_state").fetchall()][:3]
    ['feed', 'url', 'etag']
    """
    con.execute(
        f"CREATE TABLE IF NOT EXISTS fetch_state ({_columns_sql(FETCH_STATE_COLUMNS)}, PRIMARY KEY (feed))"
    )


def _migrate_1_to_2(con: duckdb.DuckDBPyConnection) -> None:
    """Version 1 (the first layout) had no UCDP-style best estimate and no source count on incidents,
    no run status, and called the aggregates' run column ``run``."""
    con.execute("ALTER TABLE incidents ADD COLUMN fatalities_best BIGINT")
    con.execute("ALTER TABLE incidents ADD COLUMN n_sources INTEGER")
    # The best estimate of a v1 incident is its only recorded figure: the conservative one.
    con.execute("UPDATE incidents SET fatalities_best = fatalities, n_sources = len(sources)")
    con.execute("ALTER TABLE runs ADD COLUMN status VARCHAR")
    con.execute("UPDATE runs SET status = CASE WHEN finished IS NULL THEN 'failed' ELSE 'ok' END")
    con.execute("ALTER TABLE aggregates RENAME COLUMN run TO run_id")


def _migrate_2_to_3(con: duckdb.DuckDBPyConnection) -> None:
    # Articles read before the extractor was recorded count as read by an older one: the next run that
    # sees them again extracts them afresh.
    con.execute("ALTER TABLE articles ADD COLUMN extractor VARCHAR")
    con.execute("ALTER TABLE runs ADD COLUMN outdated INTEGER")


#: from-version -> function bringing a store to from-version + 1, run inside one transaction.
def _with_columns(con: duckdb.DuckDBPyConnection, table: str, added: Mapping[str, tuple[str, str]]) -> None:
    """Rebuild ``table`` with new empty columns, each placed right before an existing one (rows are
    appended by position, so a column's place matters). ``added``: new column -> (the column it goes
    before, its DuckDB type)."""
    names = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
    added = {new: spec for new, spec in added.items() if new not in names}
    select = []
    for n in names:
        select += [f'NULL::{sql} AS "{new}"' for new, (before, sql) in added.items() if before == n]
        select.append(f'"{n}"')
    placed = {new for new, (before, _) in added.items() if before in names}
    select += [f'NULL::{sql} AS "{new}"' for new, (_, sql) in added.items() if new not in placed]
    con.execute(f"CREATE TABLE _rebuilt_{table} AS SELECT {', '.join(select)} FROM {table}")
    con.execute(f"DROP TABLE {table}")
    con.execute(f"ALTER TABLE _rebuilt_{table} RENAME TO {table}")


def _migrate_3_to_4(con: duckdb.DuckDBPyConnection) -> None:
    """Version 4 has the district P-code (``admin2_pcode``, after ``admin2``) and the ``background`` flag
    (an earlier event the article recalls, before ``notes``) on mentions and incidents. Both stay empty
    until the articles are read again (the new extractor's fingerprint makes the next ingest do that;
    ``tracker panel`` looks district codes up by name meanwhile)."""
    for table in ("mentions", "incidents"):
        _with_columns(
            con, table, {"admin2_pcode": ("latitude", "VARCHAR"), "background": ("notes", "BOOLEAN")}
        )


def _migrate_4_to_5(con: duckdb.DuckDBPyConnection) -> None:
    """Version 5 adds the ``reviews`` table (analysts' decisions, empty at first)."""
    con.execute(f"CREATE TABLE IF NOT EXISTS reviews ({_columns_sql(REVIEW_COLUMNS)})")


def _migrate_5_to_6(con: duckdb.DuckDBPyConnection) -> None:
    """Version 6 keeps incident ids stable and logs their changes: ``incidents`` gains ``changed_at``
    (taken as the end of the run that last wrote the incident) and ``digest`` (empty until the
    incident's day is next recomputed, which then logs it as ``updated`` once), and the
    ``incident_changes`` table starts empty."""
    _with_columns(con, "incidents", {"changed_at": ("", "TIMESTAMP"), "digest": ("", "VARCHAR")})
    con.execute(
        "UPDATE incidents SET changed_at = coalesce("
        "(SELECT coalesce(r.finished, r.started) FROM runs r WHERE r.run_id = incidents.run_id),"
        " CAST(now() AS TIMESTAMP))"
    )
    con.execute(f"CREATE TABLE IF NOT EXISTS incident_changes ({_columns_sql(INCIDENT_CHANGE_COLUMNS)})")


MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
    4: _migrate_4_to_5,
    5: _migrate_5_to_6,
}


def append(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
) -> None:
    """Append a frame's rows to a table, columns in the table's order (missing ones empty).

    ``columns`` defaults to the table's columns in :data:`TABLES`. Goes through Arrow: a frame
    registered as a view stays referenced until the transaction ends, so a long run would hold
    every batch in memory.
    """
    if frame.empty:
        return
    full = pd.DataFrame(
        {
            c: frame[c] if c in frame.columns else pd.Series([None] * len(frame), index=frame.index)
            for c in (TABLES[table] if columns is None else columns)
        }
    )
    con.from_arrow(pa.Table.from_pandas(full, preserve_index=False)).insert_into(table)


def first(result: duckdb.DuckDBPyConnection) -> tuple[Any, ...] | None:
    """The first row of a query; reads the result to the end, as DuckDB wants before the next call."""
    rows = result.fetchall()
    return rows[0] if rows else None
