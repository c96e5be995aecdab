"""Ceasefires: the registry of agreements, the judgement of each event against it, and violation counts."""

from tracker.ceasefires.core import (
    Ceasefire,
    Party,
    Registry,
    RegistryError,
    Zone,
    default_registry,
    find_announcements,
    judge,
    judge_row,
    load_registry,
    violation_counts,
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
