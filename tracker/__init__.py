"""Ceasefire-violation tracker: casualty and strike events from Arabic and English news.

>>> import tracker
>>> frame = tracker.extract(["Warplanes killed 5 civilians in Idlib on Monday."], published="2017-01-24")

``tracker.extract_all`` does many articles (in worker processes, with a progress bar);
``tracker.open_store`` reads a store (``tracker ingest``'s DuckDB file) as DataFrames.

The heavy modules are imported on first use, never at ``import tracker``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["extract", "extract_all", "open_store"]
__version__ = "0.1.0"


def extract(*args: Any, **kwargs: Any) -> Any:
    """Extract events from texts or articles; see :func:`tracker.extraction.pipeline.extract`."""
    from tracker.extraction.pipeline import extract as _extract

    return _extract(*args, **kwargs)


def extract_all(*args: Any, workers: int = 1, progress: bool = False, **kwargs: Any) -> Any:
    """Events, aggregate tolls and ceasefire announcements of many articles (an
    :class:`~tracker.extraction.pipeline.Extraction`), in ``workers`` processes, with a progress bar on
    stderr with ``progress=True``; see :func:`tracker.run.pool.extract_all`.

    >>> result = extract_all(["Shelling killed 4 people in Douma yesterday."], published="2017-01-24")
    >>> (result.articles, len(result.events))
    (1, 1)
    """
    from tracker.run.pool import extract_all as _extract_all

    return _extract_all(*args, workers=workers, progress=progress, **kwargs)


def open_store(*args: Any, **kwargs: Any) -> Any:
    """A store opened for reading: ``open_store("tracker.duckdb", read_only=True)`` gives a
    :class:`~tracker.store.reader.StoreReader` with ``incidents()``, ``mentions()``, ``aggregates()``,
    ``runs()``, ``stats()``, ``explain(id)``, ``tables()`` and ``sql(query)``; see
    :func:`tracker.store.reader.open_store`."""
    from tracker.store.reader import open_store as _open_store

    return _open_store(*args, **kwargs)
