"""The store from Python or a notebook: :func:`open_store` and the :class:`StoreReader` it returns.

A thin layer over :class:`tracker.store.Store` (which opens the file and owns its locking): the same
typed DataFrames, one call each, plus :meth:`StoreReader.tables` to see what the store holds and
:meth:`StoreReader.sql` to ask DuckDB anything else.

>>> from tracker.document import Article
>>> from tracker.store import Store
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "doc.duckdb"
>>> with Store(path, extractor=lambda a: None) as st:
...     _ = st.ingest([Article(id="a1", text="Nothing happened.")], progress=False)
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
    "feed_items": "feed items already ingested by 'tracker watch'",
    "feed_sources": "the feeds of 'tracker watch' and their reliability notes",
    "meta": "the store's layout version",
}


def open_store(path: str | Path = DEFAULT_PATH, *, read_only: bool = True) -> StoreReader:
    """Open a tracker store for reading (or, with ``read_only=False``, for writing too: then
    ``.store`` is the :class:`~tracker.store.Store` whose ``ingest`` adds articles).

    Raises :class:`~tracker.store.StoreError` when there is no store at ``path`` or it cannot be
    opened. Use it as a context manager, or call :meth:`StoreReader.close` when done.
    """
    return StoreReader(Store(path, read_only=read_only, judge=None if read_only else "auto"))


class StoreReader:
    """An open store's contents as typed DataFrames (the dtypes of :mod:`tracker.schema`).

    Filters of :meth:`incidents` and :meth:`mentions`: ``since``/``until`` bound ``event_date`` (both
    days included, ``"2017-01-01"`` or a date); ``admin1`` is a governorate name or P-code, or a list;
    ``actor`` is a side (``government``, ``opposition``...) or part of an actor's name;
    ``violations_only`` keeps the events judged ceasefire violations.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def path(self) -> str:
        return self.store.path

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (idempotent)."""
        self.store.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.store.read_only else "read-write"
        return f"<StoreReader {self.path} ({mode})>"

    def incidents(
        self,
        *,
        since: Any = None,
        until: Any = None,
        admin1: str | Sequence[str] | None = None,
        actor: str | None = None,
        violations_only: bool = False,
    ) -> pd.DataFrame:
        """Merged incidents, oldest first: the event columns, then ``fatalities_best``, ``sources``,
        ``n_sources`` and ``mention_ids``. ``event_id`` is what ``tracker explain`` takes."""
        return self.store.incidents(
            since=since, until=until, admin1=admin1, actor=actor, violations_only=violations_only
        )

    def mentions(
        self,
        *,
        since: Any = None,
        until: Any = None,
        admin1: str | Sequence[str] | None = None,
        actor: str | None = None,
        violations_only: bool = False,
        incident_id: str | None = None,
        article_id: str | None = None,
    ) -> pd.DataFrame:
        """Every event as one article reported it: the event columns, then ``incident_id`` and
        ``merge_reason``; also filtered by ``incident_id`` or ``article_id``."""
        return self.store.mentions(
            since=since,
            until=until,
            admin1=admin1,
            actor=actor,
            violations_only=violations_only,
            incident_id=incident_id,
            article_id=article_id,
        )

    def aggregates(self) -> pd.DataFrame:
        """Aggregate tolls (``tracker.schema.AGGREGATE_COLUMNS``), oldest publication first."""
        return self.store.aggregates()

    def runs(self) -> pd.DataFrame:
        """The ingestion runs, oldest first: ``run_id``, ``started``, ``finished``, ``status``, the
        counts of articles read, new, changed, unchanged, failed... and the ``inputs``."""
        return self.store.runs()

    def stats(self) -> dict[str, Any]:
        """Counts and date range (what ``tracker stats`` prints); see :meth:`Store.stats`."""
        return self.store.stats()

    def explain(self, event_id: str) -> dict[str, Any]:
        """Why an incident is what it is (what ``tracker explain`` prints); see :meth:`Store.explain`."""
        return self.store.explain(event_id)

    def tables(self) -> pd.DataFrame:
        """The store's tables: ``table``, ``rows`` and what each holds (``about``): the names to
        use in :meth:`sql`."""
        names = [
            r[0]
            for r in self.store.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        # fetchall, not fetchone: DuckDB keeps a result that was not read to the end open.
        rows = [self.store.con.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0] for n in names]
        return pd.DataFrame(
            {
                "table": names,
                "rows": pd.array([r[0] if r else 0 for r in rows], dtype="Int64"),
                "about": [TABLES.get(n, "") for n in names],
            }
        )

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Any DuckDB query over the store's tables (see :meth:`tables`), as a DataFrame.

        ``params`` fill ``?`` placeholders. On a read-only store a query that writes fails.

        >>> store.sql("SELECT admin1, count(*) AS n FROM incidents GROUP BY 1 ORDER BY n DESC")  # doctest: +SKIP
        """
        return self.store.con.execute(query, list(params) if params is not None else None).df()
