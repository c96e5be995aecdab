"""The event mention the extraction stages pass along, and how its place was found.

A :class:`Mention` is one event told in an article. The events stage makes it from a sentence's
:class:`~tracker.extraction.events.EventMention`, with the columns that describe the event itself
(:func:`tracker.extraction.rows.mention_of`); the when, where and who stages add theirs; the merge stage
folds the mentions of one event; the rows stage turns the rest into rows. What a later stage needs to
know is a field here: nothing reads ``notes``, which are for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from tracker.document import Passage, Sentence
from tracker.extraction.events import EventMention

__all__ = ["Mention", "PlaceFrom"]


class PlaceFrom(Enum):
    """Where the where stage found an event's place. The value is the note people read (none for the
    event's own sentence)."""

    SENTENCE = ""
    PREVIOUS = "place from the previous sentence"
    NEXT = "place from the next sentence"
    LEAD = "place from the lead"
    COUNTRY = "only the country is named"
    #: the dateline's or headline's place, or a place the sentence names for another event or as a
    #: reporting place: none the event's own words give
    ARTICLE = "place from the dateline or headline"
    NAMED_MOST = "governorate the article names most"


@dataclass(slots=True, eq=False)
class Mention:
    """One event told in an article, filled in stage by stage.

    ``sentence`` and ``passage`` are where it is told (the headline for ``headline`` mentions; spans of
    ``event`` index ``passage.text``), ``clauses`` that sentence's clause spans and ``others`` the
    anchors of the other events told in it. ``columns`` are the event columns of
    :data:`tracker.schema.EVENT_COLUMNS` found so far; ``notes`` say, for people, how they were found.
    """

    sentence: Sentence
    passage: Passage
    clauses: list[tuple[int, int]]
    event: EventMention
    others: tuple[tuple[int, int], ...] = ()
    headline: bool = False
    columns: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: the words name the kind of attack (a weapon, a capture): the mention that says what kind it was
    typed: bool = False
    #: a period or nationwide toll, not an event (kept apart from the events)
    aggregate: bool = False
    place_from: PlaceFrom | None = None
    #: the perpetrator was found by a rule surer than "the nearest armed actor in the sentence"
    actor_sure: bool = False
    #: told in the headline, or merged with a headline mention
    in_headline: bool = False
    #: told as background to the article's news (an earlier event)
    background: bool = False
    #: the figure restates deaths counted by an earlier figure ("Of the 10 killed, six were ..."): no event
    restates: bool = False
    #: further places the strike's words join to its own ("shelled Zabdin and Deir al-Asafir"): one event
    #: each (written by "where", PlaceMatch records)
    conjoined: list[Any] = field(default_factory=list)

    @property
    def revises(self) -> bool:
        """A revised toll ("the toll rose to 11")."""
        return self.event.update

    @property
    def part(self) -> bool:
        """A figure that is an item of a list ("7 in X, 4 in Y")."""
        k = self.event.killed
        return bool(k is not None and k.part)

    @property
    def zero(self) -> bool:
        """An explicit "no casualties"."""
        return self.event.fatalities_zero

    @property
    def vague(self) -> bool:
        """A vague figure ("dozens")."""
        k = self.event.killed
        return bool(k is not None and k.quantity.vague)
