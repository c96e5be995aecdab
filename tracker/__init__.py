"""Ceasefire-violation tracker: casualty and strike events from Arabic and English news.

>>> import tracker
>>> frame = tracker.extract(["Warplanes killed 5 civilians in Idlib on Monday."], published="2017-01-24")

The heavy modules are imported on first use, never at ``import tracker``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["extract", "extract_all"]
__version__ = "0.1.0"


def extract(*args: Any, **kwargs: Any) -> Any:
    """Extract events from texts or articles; see :func:`tracker.extraction.pipeline.extract`."""
    from tracker.extraction.pipeline import extract as _extract

    return _extract(*args, **kwargs)


def extract_all(*args: Any, **kwargs: Any) -> Any:
    """Events, aggregates and a run report; see :func:`tracker.extraction.pipeline.extract_all`."""
    from tracker.extraction.pipeline import extract_all as _extract_all

    return _extract_all(*args, **kwargs)
