"""The records the events analysis writes (:mod:`tracker.extraction.events`): a trigger word and an event
mention of one sentence, with the casualty figures grouped into it. Kept apart from the analyser, which
the stages after it (rows, mention, where) need not read to use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.extraction.casualties import Casualty

__all__ = ["EventMention", "Trigger", "attach_trigger", "nearest_event"]


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger word: which sub-event type it signals and where it is (relative to the sentence)."""

    sub_event_type: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class EventMention:
    """One event found in a sentence; spans are relative to the sentence."""

    sub_event_type: str
    trigger: tuple[int, int]
    anchor: tuple[int, int]  # the span the event is built around (casualty mention or trigger)
    killed: Casualty | None = None
    injured: Casualty | None = None
    captured: Casualty | None = None
    triggers: list[Trigger] = field(default_factory=list)
    fatalities_zero: bool = False  # explicit "no casualties"
    aggregate: bool = False
    update: bool = False
    confidence: float = 0.5

    @property
    def by_place(self) -> tuple[int, int] | None:
        """Span of "including N in X, M in Y" when the figure is a toll split by place."""
        return self.killed.by_place if self.killed is not None else None

    @property
    def span(self) -> tuple[int, int]:
        """The whole stretch of the sentence that produced this event."""
        start, end = min(self.anchor[0], self.trigger[0]), max(self.anchor[1], self.trigger[1])
        for c in (self.killed, self.injured, self.captured):
            if c is not None:
                start, end = min(start, c.start), max(end, c.end)
        return start, end


def nearest_event(events: list[EventMention], pos: int, *, max_gap: int) -> EventMention | None:
    """The event whose anchor is nearest ``pos``, at most ``max_gap`` characters away (the first of a tie)."""
    best, gap = None, max_gap + 1
    for ev in events:
        d = pos - ev.anchor[1] if pos >= ev.anchor[1] else ev.anchor[0] - pos
        if d < gap:
            best, gap = ev, d
    return best


def attach_trigger(events: list[EventMention], t: Trigger) -> EventMention | None:
    """The event a trigger word belongs to: the one whose anchor holds it, else the nearest one after it
    (cause precedes toll) unless one closely before it is nearer."""
    if not events:
        return None
    after = [ev for ev in events if ev.anchor[0] >= t.end]
    before = [ev for ev in events if ev.anchor[1] <= t.start]
    inside = [ev for ev in events if ev.anchor[0] <= t.start < ev.anchor[1]]
    if inside:
        return inside[0]
    if before and t.start - before[-1].anchor[1] <= 60:
        # "killed 5 people in air strikes": the cause follows the toll closely
        if not after or t.start - before[-1].anchor[1] <= after[0].anchor[0] - t.end:
            return before[-1]
    if after:
        return after[0]
    return before[-1] if before else None
