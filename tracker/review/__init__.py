"""Analysts in the loop: decisions on events kept as an overlay over the machine's rows.

:mod:`tracker.review.fields` validates a reviewed value (what may be corrected and how);
:mod:`tracker.review.overlay` records decisions in the store's ``reviews`` table, ties them to the
mentions of the current extraction and applies them to incidents and mentions (what every export,
count and figure reads); :mod:`tracker.review.csvio` moves decisions to and from CSV.
"""

from __future__ import annotations

from tracker.review.fields import FIELDS, REJECTIONS, ReviewError, validate
from tracker.review.overlay import (
    Decision,
    apply_reviews,
    decide,
    decisions,
    keep_reviewed_judgement,
    last_reviewed,
    moved,
    orphans,
    queue,
    rejected,
    resolved,
    reviewed_incidents,
    reviewed_mentions,
)

__all__ = [
    "FIELDS",
    "REJECTIONS",
    "ReviewError",
    "validate",
    "Decision",
    "apply_reviews",
    "decide",
    "decisions",
    "keep_reviewed_judgement",
    "last_reviewed",
    "moved",
    "orphans",
    "queue",
    "rejected",
    "resolved",
    "reviewed_incidents",
    "reviewed_mentions",
]
