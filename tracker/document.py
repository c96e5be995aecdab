"""Plain values passed between stages: an article, its sentences, and passages of its folded text.

Reads nothing. Stages read folded text (:mod:`tracker.text.normalize`); :class:`Passage` is the one way
from a span found in folded text back to the words as the reporter wrote them: the evidence, the spans
and every ``*_text`` column of an event row are read through :meth:`Passage.words` and
:meth:`Passage.span`. The event mention the extraction stages fill in is
:class:`tracker.extraction.mention.Mention`.
"""

from __future__ import annotations

from collections.abc import Sequence
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

    Its clauses (:func:`tracker.extraction.segment.split_clauses`) are computed by the stage that needs
    them: most sentences of a corpus never do.
    """

    index: int
    start: int
    end: int
    text: str  # normalised text of the sentence


@dataclass(frozen=True, slots=True)
class Passage:
    """Folded text a stage reads, and the way back to the words as written.

    ``text`` is a stretch of ``norm.text``, or several stretches joined by one space (an article's lead:
    its first two sentences); ``pieces`` holds, for each stretch in order, where it starts in ``text`` and
    where in ``norm.text``.

    >>> from tracker.text.normalize import normalize
    >>> norm = normalize("قُتِلَ ١٢ شخصاً. غارات على مدينة إدلب.")
    >>> p = Passage.of(norm, 13, len(norm.text))
    >>> p.text, p.words(16, 20)
    ('غارات علي مدينه ادلب.', 'إدلب')
    """

    text: str
    norm: Normalized
    pieces: tuple[tuple[int, int], ...] = ((0, 0),)

    @classmethod
    def of(cls, norm: Normalized, start: int = 0, end: int | None = None) -> Passage:
        """The stretch ``[start, end)`` of ``norm.text`` (all of it by default)."""
        end = len(norm.text) if end is None else end
        return cls(norm.text[start:end], norm, ((0, start),))

    @classmethod
    def joined(cls, norm: Normalized, parts: Sequence[Passage]) -> Passage:
        """Passages of ``norm`` joined by one space, as ``" ".join`` joins their texts."""
        pieces: list[tuple[int, int]] = []
        at = 0
        for part in parts:
            pieces.extend((at + p_at, start) for p_at, start in part.pieces)
            at += len(part.text) + 1
        return cls(" ".join(p.text for p in parts), norm, tuple(pieces) or ((0, 0),))

    def _folded(self, i: int) -> int:
        at, start = self.pieces[0]
        for p_at, p_start in self.pieces[1:]:
            if p_at > i:
                break
            at, start = p_at, p_start
        return start + i - at

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind ``[start, end)`` of ``text``."""
        if len(self.pieces) == 1:  # one stretch (a sentence, the whole text): a plain shift
            shift = self.pieces[0][1] - self.pieces[0][0]
            return self.norm.to_original(start + shift, (end if end > start else start) + shift)
        a = self._folded(start)
        b = self._folded(end - 1) + 1 if end > start else a
        return self.norm.to_original(a, b)

    def words(self, start: int, end: int) -> str:
        """The words as written behind ``[start, end)`` of ``text``."""
        a, b = self.span(start, end)
        return self.norm.original[a:b]
