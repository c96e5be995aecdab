"""When: the date of each event mention.

Reads a mention's sentence and the article context; writes ``event_date``, ``date_precision`` (1 day,
2 week, 3 month) and ``date_text`` (the words as written; None when the date is the publication's).
"""

from __future__ import annotations

from tracker.extraction.context import ArticleContext
from tracker.extraction.dates import finder as date_finder
from tracker.extraction.mention import Mention
from tracker.extraction.segment import clause_of

__all__ = ["date_mention"]


def date_mention(ctx: ArticleContext, m: Mention) -> None:
    """The date written in the event's clause, else the nearest in its sentence, else the dateline's (for
    a sentence after the first), else the publication's week."""
    s, ev = m.sentence, m.event
    found = [d for d in date_finder(ctx.lang).find(s.text, published=ctx.published) if d.date is not None]
    if found:
        cs, ce = clause_of(m.clauses, ev.anchor[0])
        in_clause = [d for d in found if cs <= d.start < ce]
        pick = in_clause[0] if in_clause else min(found, key=lambda d: abs(d.start - ev.anchor[0]))
        day, precision, words = pick.date, pick.precision, m.passage.words(pick.start, pick.end)
    elif s.index > 0 and (dl := ctx.dateline) is not None and dl.date is not None:
        day, precision, words = dl.date, dl.precision, ctx.whole.words(dl.start, dl.end)
    elif ctx.published is not None:
        day, precision, words = ctx.published, 2, None
    else:
        day, precision, words = None, None, None
    m.columns.update(event_date=day, date_precision=precision, date_text=words)
