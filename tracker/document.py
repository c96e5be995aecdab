"""Plain dataclasses passed between stages: an article and its sentences.

Reads nothing; every stage takes and returns these (or plain dicts for the final rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tracker.normalize import Normalized


@dataclass(slots=True)
class Article:
    """One news report.

    ``published`` is None when unknown: events then get no date rather than today's.
    ``origin`` says where it was read from (``file:line``) for error reports.
    """

    id: str
    text: str
    published: date | None = None
    lang: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str | None = None


@dataclass(slots=True)
class Sentence:
    """A sentence of an article: ``start``/``end`` index the article's normalised text."""

    index: int
    start: int
    end: int
    text: str  # normalised text of the sentence
    clauses: list[tuple[int, int]] = field(default_factory=list)  # spans relative to ``text``


@dataclass(slots=True)
class Doc:
    """An article with its normalised text and sentences."""

    article: Article
    lang: str
    norm: Normalized
    sentences: list[Sentence]
