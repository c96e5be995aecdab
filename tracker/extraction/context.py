"""The article context: what the stages know about one article beyond its event mentions.

Reads an :class:`~tracker.document.Article` (its folded text and sentences, given by the segment stage);
gives, each computed once on first use, the dateline's date, the article's own place (the headline's,
else the dateline's), the governorate it names most, its reporting source, the perpetrator its headline
or lead names and who claims responsibility in it (places and actors with their words as written, read
through :class:`~tracker.document.Passage`). The headline is read as a text of its own
(:meth:`ArticleContext.headline`) that shares the body's place and reporter.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from tracker.actors import ActorMatch, default_tagger
from tracker.document import Article, Passage, Sentence
from tracker.extraction.dates import DateMention
from tracker.extraction.dates import finder as date_finder
from tracker.places import PlaceMatch, default_geocoder
from tracker.text.normalize import Normalized

if TYPE_CHECKING:
    from datetime import date

__all__ = ["ArticleContext"]

_DATELINE_CHARS = 120  # where an article's dateline may end
#: what ends a dateline after its date: an optional agency in brackets, then a dash or colon
_DATELINE_END = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?[-\u2013\u2014:]")


class ArticleContext:
    """One folded text of an article (its body, or its headline) and what the stages ask about it.

    ``title`` is the headline's passage (None without a headline). A headline's context has ``body``, the
    body's context: it takes the body's place and reporter, and has no dateline.
    """

    def __init__(
        self,
        article: Article,
        lang: str,
        norm: Normalized,
        sentences: list[Sentence],
        *,
        title: Passage | None,
        body: ArticleContext | None = None,
    ) -> None:
        self.article = article
        self.lang = lang
        self.norm = norm
        self.sentences = sentences
        self.title = title
        self.body = body
        self.published: date | None = article.published

    def headline(self) -> ArticleContext | None:
        """The headline read as a one-sentence text (sentence index -1) that shares this body's place and
        reporter; None without a headline."""
        if self.title is None:
            return None
        text = self.title.text
        only = Sentence(index=-1, start=0, end=len(text), text=text)
        return ArticleContext(self.article, self.lang, self.title.norm, [only], title=self.title, body=self)

    def passage(self, s: Sentence) -> Passage:
        """A sentence of this text as a passage."""
        return Passage.of(self.norm, s.start, s.end)

    @cached_property
    def whole(self) -> Passage:
        return Passage.of(self.norm)

    @cached_property
    def lead(self) -> Passage:
        """The first two sentences, joined by a space."""
        return Passage.joined(self.norm, [self.passage(s) for s in self.sentences[:2]])

    @cached_property
    def about_syria(self) -> bool:
        return "سوري" in self.norm.text or "syria" in self.norm.text

    @cached_property
    def dateline(self) -> DateMention | None:
        """A day's date at the very start of the body ("ALEPPO, Jan 23 -"); spans index ``norm.text``."""
        if self.body is not None:
            return None
        head = self.norm.text[:_DATELINE_CHARS]
        found = [d for d in date_finder(self.lang).find(head, published=self.published) if d.date is not None]
        if not found or found[0].precision != 1 or not _DATELINE_END.match(head, found[0].end):
            return None  # a date in the first sentence's words ("the toll from Friday") is not a dateline
        return found[0]

    @cached_property
    def place(self) -> PlaceMatch | None:
        """The article's own place: the headline's first place, else the dateline's; its ``text`` is the
        words as written (its span indexes the headline or the lead)."""
        if self.body is not None:
            return self.body.place
        geo = default_geocoder()
        # the headline and the lead are asked apart, to read the words from the one the place is in
        found = geo.article_place(self.title.text, "", self.lang) if self.title is not None else None
        passage = self.title
        if found is None:
            found, passage = geo.article_place(None, self.lead.text, self.lang), self.lead
        return _as_written(found, passage)

    @cached_property
    def named_most(self) -> PlaceMatch | None:
        """The governorate the text names most: where a story's unplaced figures most likely are."""
        return default_geocoder().most_named(self.norm.text, self.lang)

    @cached_property
    def reporter(self) -> str | None:
        """The reporting source the body names first, sentence by sentence."""
        if self.body is not None:
            return self.body.reporter
        spans = ((s.start, s.end, s.text) for s in self.sentences)
        return default_tagger().first_reporter(self.norm.text, spans, self.lang)

    @cached_property
    def article_actor(self) -> ActorMatch | None:
        """The perpetrator the headline, else the lead, names (a description, "warplanes", yields to a name
        in the lead); its ``text`` is the words as written."""
        tagger = default_tagger()
        in_title = self.title_actor
        if in_title is not None and not tagger.describes(in_title):
            return in_title
        found = tagger.article_actor(None, self.lead.text, self.lang, when=self.published)
        in_lead = _as_written(found, self.lead)
        if in_lead is not None and not tagger.describes(in_lead):
            return in_lead
        return in_title if in_title is not None else in_lead

    @cached_property
    def title_actor(self) -> ActorMatch | None:
        """The perpetrator the headline alone names, with its words as written."""
        if self.title is None:
            return None
        found = default_tagger().article_actor(self.title.text, None, self.lang, when=self.published)
        return _as_written(found, self.title)

    @cached_property
    def claimant(self) -> ActorMatch | None:
        """Who claims responsibility in the text (None: nobody), with its words as written."""
        found = default_tagger().article_claimant(self.norm.text, self.lang, when=self.published)
        return None if found is None else _as_written(found, self.whole)  # (most articles: nobody claims)


_Match = TypeVar("_Match", PlaceMatch, ActorMatch)


def _as_written(found: _Match | None, passage: Passage | None) -> _Match | None:
    """A match found in ``passage``, its ``text`` the words as written."""
    if found is None or passage is None:
        return found
    return replace(found, text=passage.words(found.start, found.end))
