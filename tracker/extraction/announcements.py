"""Ceasefire announcements told in an article: candidate entries for the ceasefire registry.

Reads a sentence that names a ceasefire and the article context; writes the records of
:func:`tracker.ceasefires.find_announcements` with the article's fields, spans into the original text
and the evidence as written.
"""

from __future__ import annotations

import re
from typing import Any

from tracker.ceasefires import find_announcements
from tracker.document import Sentence
from tracker.extraction.context import ArticleContext

__all__ = ["announcements", "may_announce"]

_CEASEFIRE_HINT = re.compile(
    r"وقف\s+(?:\w+\s+)?اطلاق\s+النار|هدنه|الهدنه|وقف الاعمال العدائيه|ceasefire|cease-fire|truce|cessation of hostilities"
)


def may_announce(s: Sentence) -> bool:
    """Does the sentence name a ceasefire at all (a cheap test before the announcement rules)?"""
    return _CEASEFIRE_HINT.search(s.text) is not None


def announcements(ctx: ArticleContext, s: Sentence) -> list[dict[str, Any]]:
    """The ceasefire announcements of one sentence of the article."""
    passage = ctx.passage(s)
    a = ctx.article
    out = []
    for found in find_announcements(s.text, ctx.lang, published=ctx.published):
        rec = dict(found)
        rec.update(article_id=a.id, source=a.source, url=a.url, published=a.published, language=ctx.lang)
        if "span_start" in rec and rec["span_start"] is not None:
            rec["span_start"], rec["span_end"] = passage.span(int(rec["span_start"]), int(rec["span_end"]))
        es, ee = rec.get("evidence_start"), rec.get("evidence_end")
        if es is not None and ee is not None:
            rec["evidence"] = passage.words(int(es), int(ee))
        else:
            rec["evidence"] = passage.words(0, len(s.text))
        out.append(rec)
    return out
