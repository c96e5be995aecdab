"""Ceasefires: the registry of agreements, the judgement of each event against it, and violation counts.

``registry`` reads the agreements, ``judge`` judges events against them, ``counts`` counts violations.
Announcements of ceasefires found in the news are an extraction stage: ``tracker.extraction.announcements``.
"""

from typing import Any

from tracker.ceasefires.counts import violation_counts
from tracker.ceasefires.judge import judge, judge_row
from tracker.ceasefires.registry import (
    Ceasefire,
    Party,
    Registry,
    RegistryError,
    Zone,
    default_registry,
    load_registry,
)

__all__ = [
    "Ceasefire",
    "Party",
    "Registry",
    "RegistryError",
    "Zone",
    "default_registry",
    "find_announcements",
    "judge",
    "judge_row",
    "load_registry",
    "violation_counts",
]


def __getattr__(name: str) -> Any:
    # Compatibility only: find_announcements moved to tracker.extraction.announcements, which reads the
    # registry from this package; imported on first use so that neither import starts the other's.
    if name == "find_announcements":
        from tracker.extraction.announcements import find_announcements

        return find_announcements
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
