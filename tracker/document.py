"""Plain dataclasses passed between stages: an article and its sentences.

Reads nothing; every stage takes and returns these (or plain dicts for the final rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.text.normalize import Normalized


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
    """A sentence of an article: ``start``/``end`` index the article's normalised text.

    ``clauses`` (spans relative to ``text``) are computed on first use: most sentences of a corpus
    never need them.
    """

    index: int
    start: int
    end: int
    text: str  # normalised text of the sentence
    _clauses: list[tuple[int, int]] | None = None

    @property
    def clauses(self) -> list[tuple[int, int]]:
        if self._clauses is None:
            from tracker.extraction.segment import split_clauses

            self._clauses = split_clauses(self.text)
        return self._clauses


@dataclass(slots=True)
class Doc:
    """An article with its normalised text and sentences."""

    article: Article
    lang: str
    norm: Normalized
    sentences: list[Sentence]
