"""When: the date of each event mention.

Reads a mention's sentence and the article context; writes ``event_date``, ``date_precision`` (1 day,
2 week, 3 month) and ``date_text`` (the words as written; None when the date is the publication's).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, timedelta
from functools import lru_cache

from tracker.document import Passage
from tracker.extraction.context import ArticleContext
from tracker.extraction.dates import DateMention
from tracker.extraction.dates import finder as date_finder
from tracker.extraction.mention import Mention
from tracker.extraction.segment import clause_of
from tracker.resources import lexicon
from tracker.text.patterns import alternation

__all__ = ["date_mention"]


def date_mention(ctx: ArticleContext, m: Mention, *, told: Collection[int] = ()) -> None:
    """The date written in the event's clause, else the nearest in its sentence, else a day the next
    sentence gives when it tells no event of its own (``told``: the indexes of the sentences that tell
    one), else the dateline's (for a sentence after the first), else the publication's week."""
    s, ev = m.sentence, m.event
    found = [d for d in date_finder(ctx.lang).find(s.text, published=ctx.published) if d.date is not None]
    cs, ce = clause_of(m.clauses, ev.anchor[0])
    found = [d for d in found if cs <= d.start < ce or not _dates_other(ctx.lang, s.text, d)]
    # "fighting since the previous night": when ongoing fighting began, not the day it is reported for
    found = [d for d in found if d.named_day or not _since(ctx.lang).search(s.text, 0, d.start)]
    if found:
        in_clause = [d for d in found if cs <= d.start < ce]
        pick = in_clause[0] if in_clause else min(found, key=lambda d: abs(d.start - ev.anchor[0]))
        day, precision, words = pick.date, pick.precision, m.passage.words(pick.start, pick.end)
        if pick.before_told is not None and (told_day := _day_told_before(ctx, m, pick)) is not None:
            day = told_day - timedelta(days=pick.before_told)
    elif not m.headline and (later := _next_sentence_day(ctx, m, told)) is not None:
        nd, passage = later
        day, precision, words = nd.date, nd.precision, passage.words(nd.start, nd.end)
    elif s.index > 0 and (dl := ctx.dateline) is not None and dl.date is not None:
        day, precision, words = dl.date, dl.precision, ctx.whole.words(dl.start, dl.end)
    elif ctx.published is not None:
        day, precision, words = ctx.published, 2, None
    else:
        day, precision, words = None, None, None
    m.columns.update(event_date=day, date_precision=precision, date_text=words)


def _day_told_before(ctx: ArticleContext, m: Mention, d: DateMention) -> date | None:
    """The last day named (by its date or weekday) before ``d`` in the sentence, else in the sentences
    before it: the day "the previous night" or "a week earlier" counts back from."""
    s = m.sentence
    finder = date_finder(ctx.lang)
    before = [x for x in finder.find(s.text[: d.start], published=ctx.published) if x.named_day and x.date]
    if before:
        return before[-1].date
    if s.index <= 0:
        return None
    for prev in reversed(ctx.sentences[: s.index]):
        if not finder.may_name_day(prev.text):
            continue
        named = [x for x in finder.find(prev.text, published=ctx.published) if x.named_day and x.date]
        if named:
            return named[-1].date
    return None


def _next_sentence_day(
    ctx: ArticleContext, m: Mention, told: Collection[int]
) -> tuple[DateMention, Passage] | None:
    """The first day's date of the next sentence when that sentence tells no event of its own: it says
    more of this one ("An air strike killed 12 in Saraqib. It happened on Tuesday, activists said.")."""
    i = m.sentence.index + 1
    if i >= len(ctx.sentences) or i in told:
        return None
    nxt, finder = ctx.sentences[i], date_finder(ctx.lang)
    if not finder.may_name_day(nxt.text):
        return None  # (most sentences: no date or weekday named)
    found = [
        d
        for d in finder.find(nxt.text, published=ctx.published)
        if d.date is not None and d.precision == 1 and d.named_day
    ]
    return (found[0], ctx.passage(nxt)) if found else None


@lru_cache(maxsize=2)
def _since(lang: str) -> re.Pattern[str]:
    """A word for "since" ending the text before a date (``dates.since`` in the lexicon)."""
    words = (lexicon(lang).get("dates") or {}).get("since") or []
    return re.compile(rf"(?<!\w)(?:{alternation(words) or '(?!)'})\s*$")


_OTHER_WINDOW = 4  # words before a date searched for a truce or talks it dates


@lru_cache(maxsize=2)
def _other_dated(lang: str) -> re.Pattern[str]:
    words = (lexicon(lang).get("dates") or {}).get("other_dated") or []
    return re.compile(rf"(?<!\w)(?:{alternation(words) or '(?!)'})(?!\w)")


def _dates_other(lang: str, text: str, d: DateMention) -> bool:
    """Does the date tell when a truce, talks or a statement came, not an event ("a day after the
    ceasefire announced on Tuesday")? It does when one of those words stands a few words before it."""
    before = text[: d.start].split()[-_OTHER_WINDOW:]
    return _other_dated(lang).search(" ".join(before)) is not None
