"""The extraction pipeline: articles in, event rows (and aggregate tolls) out.

Stages, in order (each a module named after it): normalize -> segment -> events (triggers,
numbers, casualties) -> dates -> places -> actors -> ceasefires (judgement) -> dedupe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.document import Article


@dataclass(slots=True)
class ArticleResult:
    """What one article yields: event rows and aggregate rows (dicts keyed by schema columns),
    and ceasefire announcements found in it (candidate registry entries)."""

    events: list[dict[str, Any]] = field(default_factory=list)
    aggregates: list[dict[str, Any]] = field(default_factory=list)
    ceasefires_found: list[dict[str, Any]] = field(default_factory=list)


def extract_article(article: Article) -> ArticleResult:
    """Extract one article. Placeholder until the extraction stages land."""
    return ArticleResult()
