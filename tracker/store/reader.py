"""The store from Python or a notebook: :func:`open_store` and the :class:`StoreReader` it returns.

A :class:`tracker.store.Store` (which opens the file and owns its locking) with two more methods:
:meth:`StoreReader.tables` to see what the store holds and :meth:`StoreReader.sql` to ask DuckDB
anything else.

>>> from tracker.document import Article
>>> from tracker.run.ingest import ingest
>>> from tracker.store import Store
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "doc.duckdb"
>>> with Store(path) as st:
...     _ = ingest(st, [Article(id="a1", text="Nothing happened.")], extractor=lambda a: None, progress=False)
>>> with open_store(path) as store:
...     (len(store.incidents()), int(store.sql("SELECT count(*) AS n FROM articles")["n"][0]))
(0, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from tracker.store.store import DEFAULT_PATH, Store

__all__ = ["StoreReader", "open_store"]

#: What each table holds, for :meth:`StoreReader.tables`.
TABLES = {
    "incidents": "merged incidents: one row per event however many reports (StoreReader.incidents)",
    "mentions": "events as extracted from each article, with the incident they joined (StoreReader.mentions)",
    "articles": "every article read: id, source, url, title, published, content hash, extractor",
    "aggregates": "aggregate tolls (long periods, whole regions) kept apart from events",
    "ceasefires_found": "ceasefire announcements found in the news",
    "runs": "the ingestion log, one row per run",
    "incident_changes": "incident ids created, updated, merged, split and deleted, per run (StoreReader.changes)",
    "reviews": "analysts' decisions on events, an overlay over the machine's rows",
    "feed_items": "feed items already ingested by 'tracker watch'",
    "feed_sources": "the feeds of 'tracker watch' and their reliability notes",
    "meta": "the store's layout version",
}


def open_store(path: str | Path = DEFAULT_PATH, *, read_only: bool = True) -> StoreReader:
    """Open a tracker store for reading (with ``read_only=False``, for :func:`tracker.run.ingest.ingest` too).

    Raises :class:`~tracker.store.StoreError` when there is no store at ``path`` or it cannot be
    opened. Use it as a context manager, or call :meth:`StoreReader.close` when done.
    """
    return StoreReader(path, read_only=read_only)


class StoreReader(Store):
    """A :class:`~tracker.store.Store` for analysts: its typed DataFrames (the dtypes of
    :mod:`tracker.schema`), plus :meth:`tables` and :meth:`sql`.

    - ``incidents(since=, until=, admin1=, actor=, violations_only=)``: merged incidents, oldest first:
      the event columns, then ``fatalities_best``, ``sources``, ``n_sources``, ``mention_ids`` and
      ``changed_at``; ``event_id`` (stable while reports join) is what ``tracker explain`` takes;
      ``changed_since=`` keeps the incidents created or changed since a time. ``since``/``until`` bound ``event_date`` (both days
      included); ``admin1`` is a governorate name or P-code, or a list; ``actor`` is a side
      (``government``, ``opposition``...) or part of an actor's name.
    - ``mentions(...)``: every event as one article reported it, with ``incident_id`` and
      ``merge_reason``; the same filters, and ``incident_id=`` or ``article_id=``.
    - ``aggregates()``: aggregate tolls; ``runs()``: the ingestion log; ``stats()``: counts and the date
      range; ``explain(event_id)``: why an incident is what it is.
    - ``changes(since=)``: the log of incident ids; ``deletions(since=)``: the ids that disappeared.
    """

    def __enter__(self) -> StoreReader:
        return self

    def __repr__(self) -> str:
        return f"<StoreReader {self.path} ({'read-only' if self.read_only else 'read-write'})>"

    def tables(self) -> pd.DataFrame:
        """The store's tables: ``table``, ``rows`` and what each holds (``about``): the names to
        use in :meth:`sql`."""
        names = [
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        # fetchall, not fetchone: DuckDB keeps a result that was not read to the end open.
        rows = [self.con.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0] for n in names]
        return pd.DataFrame(
            {
                "table": names,
                "rows": pd.array(rows, dtype="Int64"),
                "about": [TABLES.get(n, "") for n in names],
            }
        )

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Any DuckDB query over the store's tables (see :meth:`tables`), as a DataFrame; ``params``
        fill ``?`` placeholders. On a read-only store a query that writes fails.
        """
        return self.con.execute(query, list(params) if params is not None else None).df()
