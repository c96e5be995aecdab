"""Background: the events an article tells as background to its own news, and each article's main event.

Reads the merged mentions of one article; sets ``background`` on the earlier events it recalls (and notes
:data:`EARLIER_NOTE` for people). :func:`main_events` picks each article's main event from an event frame
by its ``background`` column.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd

from tracker.extraction.events import analyser
from tracker.extraction.mention import Mention
from tracker.schema import to_date

__all__ = ["EARLIER_NOTE", "main_events", "mark_background"]

#: Days an event may lie before the article's own news and still be part of it.
_EARLIER_DAYS = 2
#: The note people read on a background event (the evaluation's scorer reads these words too).
EARLIER_NOTE = "an earlier event, told as background"


def _told_as_earlier(lang: str, m: Mention) -> bool:
    """Does the sentence present this event as an earlier one ("Earlier this week a chemical attack
    killed 87", "The attack came a day after strikes killed 26")? Only the words since the previous
    figure count: in "strikes killed 15, a day after a bombing killed 26" the 15 is today's news."""
    anchor = m.event.anchor[0]
    start = max((o[1] for o in m.others if o[1] <= anchor), default=0)
    return analyser(lang).earlier_re.search(m.sentence.text, start, anchor) is not None


def mark_background(mentions: Sequence[Mention], lang: str, published: date | None) -> None:
    """Mark the events an article tells as background to its own news.

    The article's news is its headline event, else its first event in the text; an event is background
    when the text says so (``earlier_markers``) or when its date, read from the text, ends more than
    two days before the news's date (a whole month for "in April", a week for "two weeks ago").
    """
    if len(mentions) < 2:
        return
    headline = [m for m in mentions if m.in_headline]
    news = (
        headline[0]
        if headline
        else min(
            mentions, key=lambda m: (m.columns.get("span_start") is None, m.columns.get("span_start") or 0)
        )
    )
    news_day = (
        to_date(news.columns.get("event_date"), errors="none") if news.columns.get("date_text") else None
    )
    news_day = news_day or published
    for m in mentions:
        if m is news:
            continue
        c = m.columns
        earlier = _told_as_earlier(lang, m)
        day = to_date(c.get("event_date"), errors="none")
        if not earlier and news_day is not None and day is not None and c.get("date_text"):
            span = {1: 0, 2: 6, 3: calendar.monthrange(day.year, day.month)[1] - 1}.get(
                c.get("date_precision") or 1, 0
            )
            earlier = day + timedelta(days=span + _EARLIER_DAYS) < news_day
        if earlier:
            m.background = True
            m.notes.append(EARLIER_NOTE)


def main_events(events: pd.DataFrame) -> pd.DataFrame:
    """Each article's main event: the one with most fatalities among those it reports as its news.

    Events the article tells as background (column ``background``) count only when it reports nothing
    else; ties go to the event told first. One row per article, indexed by ``article_id``.
    """
    if events.empty:
        return events.set_index("article_id")
    background = events["background"].astype("boolean").fillna(False)
    ranked = events.assign(
        _bg=background.astype(int),
        _f=events["fatalities"].astype("Float64").fillna(-1),
        _s=events["span_start"].astype("Float64").fillna(float("inf")),
    ).sort_values(["article_id", "_bg", "_f", "_s"], ascending=[True, True, False, True], kind="stable")
    return ranked.drop_duplicates("article_id").drop(columns=["_bg", "_f", "_s"]).set_index("article_id")
