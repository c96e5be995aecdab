"""Rows: the columns an event mention starts with, and the rows the pipeline returns.

:func:`mention_of` reads an event the events stage found in a sentence and writes the columns that
describe the event itself: the article's, the figures, the trigger and count words, the evidence and
the span (as written, through :class:`~tracker.document.Passage`), and a stable id. :func:`event_row`
and :func:`aggregate_row` write a finished mention as a dict keyed by the columns of
:data:`tracker.schema.EVENT_COLUMNS` or :data:`tracker.schema.AGGREGATE_COLUMNS`.
"""

from __future__ import annotations

from typing import Any

from tracker.document import Sentence
from tracker.extraction.context import ArticleContext
from tracker.extraction.events import EventMention
from tracker.extraction.mention import Mention
from tracker.schema import SUB_EVENT_TYPES, stable_id

__all__ = ["aggregate_row", "event_row", "mention_of"]


def mention_of(
    ctx: ArticleContext,
    s: Sentence,
    clauses: list[tuple[int, int]],
    ev: EventMention,
    *,
    others: tuple[tuple[int, int], ...] = (),
    headline: bool = False,
) -> Mention:
    """The mention of an event found in sentence ``s`` (the headline's when ``headline``), with the columns
    of the event itself. A headline's spans index no body text: its span columns are empty."""
    a = ctx.article
    passage = ctx.passage(s)
    span_start, span_end = passage.span(*ev.span)

    def words(rel: tuple[int, int] | None) -> str | None:
        return None if rel is None else passage.words(*rel)

    k, i, c = ev.killed, ev.injured, ev.captured
    fatalities = k.quantity.value if k is not None and not k.combined else (0 if ev.fatalities_zero else None)
    count = k if k is not None else i
    columns: dict[str, Any] = {
        "article_id": a.id,
        "source": a.source,
        "url": a.url,
        "title": a.title,
        "published": a.published,
        "language": ctx.lang,
        "sub_event_type": ev.sub_event_type,
        "event_type": SUB_EVENT_TYPES.get(ev.sub_event_type),
        "trigger_text": words(ev.trigger),
        "fatalities": fatalities,
        "fatalities_low": (k.quantity.low if k is not None and not k.combined else fatalities),
        "fatalities_high": (k.quantity.high if k is not None and not k.combined else fatalities),
        "injured": i.quantity.value if i is not None else None,
        "captured": c.quantity.value if c is not None else None,
        "civilians_killed": k.breakdown.get("civilians") if k is not None else None,
        "children_killed": k.breakdown.get("children") if k is not None else None,
        "women_killed": k.breakdown.get("women") if k is not None else None,
        "count_text": words((count.quantity.start, count.quantity.end)) if count is not None else None,
        "evidence": passage.words(0, len(s.text)),
        "span_start": None if headline else span_start,
        "span_end": None if headline else span_end,
        "sentence_index": s.index,
        "confidence": ev.confidence,
        "event_id": stable_id(a.id, s.index, span_start, ev.sub_event_type, fatalities),
    }
    notes = []
    if k is not None and k.combined:
        notes.append(f"killed and injured given together: {k.quantity.value}")
    if k is not None and k.quantity.vague:
        notes.append("vague count (ACLED convention)")
    if k is not None and k.update:
        notes.append("revised toll")
    return Mention(
        sentence=s,
        passage=passage,
        clauses=clauses,
        event=ev,
        others=others,
        headline=headline,
        columns=columns,
        notes=notes,
        typed=bool(ev.triggers) or ev.captured is not None,
        aggregate=ev.aggregate,
        in_headline=headline,
    )


def event_row(m: Mention) -> dict[str, Any]:
    """The event row of a finished mention."""
    return {**m.columns, "background": m.background, "notes": "; ".join(m.notes) or None}


def aggregate_row(m: Mention) -> dict[str, Any]:
    """The aggregate row of a period or nationwide toll."""
    c = m.columns
    return {
        "aggregate_id": stable_id("agg", c["article_id"], c["span_start"], c.get("fatalities")),
        "article_id": c["article_id"],
        "source": c.get("source"),
        "published": c.get("published"),
        "language": c.get("language"),
        "kind": "killed" if c.get("fatalities") is not None else "injured",
        "count": c.get("fatalities") if c.get("fatalities") is not None else c.get("injured"),
        "count_text": c.get("count_text"),
        "scope": "period or nationwide toll",
        "location": c.get("location"),
        "admin1": c.get("admin1"),
        "evidence": c.get("evidence"),
        "span_start": c.get("span_start"),
        "span_end": c.get("span_end"),
    }
