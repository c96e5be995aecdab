"""Ceasefires: the registry of agreements, the judgement of each event against it, and violation counts.

``registry`` reads the agreements, ``judge`` judges events against them, ``counts`` counts violations.
Announcements of ceasefires found in the news are an extraction stage: ``tracker.extraction.announcements``.
"""

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
    "judge",
    "judge_row",
    "load_registry",
    "violation_counts",
]
