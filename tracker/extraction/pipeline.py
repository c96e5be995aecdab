"""The extraction pipeline: articles in, event rows (and aggregate tolls) out.

The pipeline is :data:`STAGES`: named stages run in order over one article's :class:`Work`, each
reading what the ones before it wrote. A stage is a small function here; its rules live in the modules
the list names beside it. The value the stages pass along is the event mention
(:class:`~tracker.extraction.mention.Mention`), and what they ask about the whole article is the
article context (:class:`~tracker.extraction.context.ArticleContext`).
:func:`extract_article` is the unit of work (one article, plain dicts out); :func:`extract` and
:func:`extract_all` build the DataFrames with the dtypes of :mod:`tracker.schema`.

Every event row keeps the sentence it came from (``evidence``) and the character span in the
article text (``span_start``/``span_end``), so each figure can be traced to its words.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeAlias

import pandas as pd

from tracker.ceasefires import judge_row
from tracker.document import Article, Passage, Sentence
from tracker.extraction.abroad import place_abroad
from tracker.extraction.announcements import announcements, may_announce
from tracker.extraction.background import EARLIER_NOTE, main_events, mark_background
from tracker.extraction.context import ArticleContext
from tracker.extraction.events import SentenceAnalyser, analyser
from tracker.extraction.ledger import Entry, settle
from tracker.extraction.mention import Mention, PlaceFrom
from tracker.extraction.merge import dedupe_mentions
from tracker.extraction.rows import aggregate_row, event_row, mention_of
from tracker.extraction.segment import split_until
from tracker.extraction.when import date_mention
from tracker.extraction.where import (
    bare_tally,
    conjoined_mentions,
    figureless,
    place_mentions,
    unplaced_split,
    vague_strike,
)
from tracker.extraction.who import carry_within_article, identify
from tracker.schema import AGGREGATE_COLUMNS, EVENT_COLUMNS, date_in_range, stable_id, to_date, to_frame
from tracker.text.language import detect_language
from tracker.text.normalize import normalize
from tracker.text.regexes import Gated

log = logging.getLogger(__name__)

__all__ = [
    "EARLIER_NOTE",
    "STAGES",
    "ArticleResult",
    "Extraction",
    "Work",
    "as_articles",
    "collect",
    "detect_language",
    "extract",
    "extract_all",
    "extract_article",
    "main_events",
]


@dataclass(slots=True)
class ArticleResult:
    """What one article yields: event rows and aggregate rows (dicts keyed by schema columns),
    and ceasefire announcements found in it (candidate registry entries)."""

    events: list[dict[str, Any]] = field(default_factory=list)
    aggregates: list[dict[str, Any]] = field(default_factory=list)
    ceasefires_found: list[dict[str, Any]] = field(default_factory=list)
    #: the casualty ledger: each figure's role and why (:mod:`~tracker.extraction.ledger`)
    ledger: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """The result of :func:`extract_all`."""

    events: pd.DataFrame
    aggregates: pd.DataFrame
    ceasefires_found: pd.DataFrame
    articles: int = 0
    articles_with_events: int = 0
    articles_without_date: int = 0


@dataclass(slots=True)
class Work:
    """One article on its way through the stages."""

    article: Article
    lang: str
    analyser: SentenceAnalyser
    #: the text folded and where its trigger stems are, by the pre-filter (:func:`extract_article`)
    folded: str | None = None
    hits: list[tuple[int, int]] | None = None
    body_context: ArticleContext | None = None  # written by "segment"
    headline_context: ArticleContext | None = None  # written by "segment" when the article has a headline
    #: where the body's sentences go on from, when "segment" split them only up to the last trigger stem
    rest: int | None = None
    sentences_with_triggers: list[Sentence] = field(default_factory=list)  # written by "events"
    found: list[Mention] = field(default_factory=list)  # every event told, body then headline
    mentions: list[Mention] = field(default_factory=list)  # the events kept ("sort", then "merge")
    aggregates: list[Mention] = field(default_factory=list)  # period and nationwide tolls ("sort")
    result: ArticleResult = field(default_factory=ArticleResult)
    ledger: list[Entry] = field(default_factory=list)  # written by "ledger": each figure's role

    @property
    def body(self) -> ArticleContext:
        assert self.body_context is not None, "the segment stage comes first"
        return self.body_context

    def context(self, m: Mention) -> ArticleContext:
        """The context of the text a mention is told in: the headline's, else the body's."""
        if m.headline:
            assert self.headline_context is not None, "headline mentions come from the headline's context"
            return self.headline_context
        return self.body


def _segment(work: Work) -> None:
    """Fold the text and the headline (:mod:`tracker.text.normalize`), split sentences
    (:mod:`~tracker.extraction.segment`): the article contexts."""
    a = work.article
    text = a.text or ""
    if "Tags" in text:  # (the pattern tries every position: looked for only where its word stands)
        text = _TAGS.sub(lambda m: " " * len(m.group()), text)
        work.folded = work.hits = None  # folded and searched before the list was blanked
    norm = normalize(text, work.folded)
    title = Passage.of(normalize(a.title)) if a.title else None
    sentences: list[Sentence] = []
    # (the events stage reads the sentences of the stems; the rest only when it tells an event: _whole)
    hits = work.hits
    work.rest = split_until(norm.text, sentences, upto=None if hits is None else hits[-1][0] if hits else -1)
    work.body_context = ArticleContext(a, work.lang, norm, sentences, title=title)
    work.headline_context = work.body_context.headline()


#: A web page's line of keywords run into the text ("Tags Syria Idlib Shelling Rebels The town was hit ..."): a
#: list of up to 15 words after "Tags" at a sentence start, up to a full stop or the capitalised article
#: that opens the next sentence. No sentence: blanked (same length, so offsets hold) before folding.
_TAGS = re.compile(r"(?:(?<=[.!?] )|(?<=[.!?]\t)|^)Tags(?: [^\s.!?]+){1,15}?(?=\.|\s+(?:A|An|The|At least) )")


#: Where a web page's list of other stories begins (scraped text keeps them in the article body).
_RELATED = Gated(
    r"(?<!\w)(?:related (?:news|articles|stories|posts|content)|read more|you may also like|more stories"
    r"|most read|recommended for you|اقرا ايضا|مواضيع ذات صله|اخبار ذات صله|الاكثر قراءه"
    # "... Views 458 Related Lebanon charges ...": a share counter, then the related stories
    r"|(?<=\d )related(?= ))(?!\w)"
)


def _events(work: Work) -> None:
    """Trigger words, figures and victims (:mod:`~tracker.extraction.events`): a mention per event, with
    the columns of the event itself (:func:`~tracker.extraction.rows.mention_of`)."""
    an, ctx = work.analyser, work.body
    hits = an.hit_spans(ctx.norm.text) if work.hits is None else work.hits
    sentences = ctx.sentences
    starts = [s.start for s in sentences]
    k, n = 0, len(hits)
    while k < n:  # the sentences a trigger stem begins in, in order
        start, end = hits[k]
        j = bisect_right(starts, start) - 1
        if j < 0 or start >= sentences[j].end:
            k += 1
            continue
        s = sentences[j]
        work.sentences_with_triggers.append(s)
        # the stems inside it (hits are sorted by start), relative to it; the next stem past it
        k, first = bisect_left(hits, (s.end,), k), k
        stems = [(a - s.start, b - s.start) for a, b in hits[first:k] if b <= s.end]
        found, clauses = an.analyse_clauses(s.text, stem=end <= s.end, stems=stems)
        related = _RELATED.search(s.text) if found else None
        if related is not None:
            # "Related News Car bomb kills 8 in Daraa - ...": a web page's list of other headlines
            found = [ev for ev in found if ev.anchor[0] < related.start()]
        if found:
            _whole(work)
        for ev in found:
            others = tuple(o.anchor for o in found if o is not ev)
            work.found.append(mention_of(ctx, s, clauses, ev, others=others))
    head = work.headline_context
    if head is not None:
        (s,) = head.sentences
        clauses = [(0, len(s.text))]
        told = [ev for ev in an.analyse(s.text, clauses, headline=True) if not ev.aggregate]
        if told:
            _whole(work)  # (the headline's context reads the body's)
        work.found.extend(mention_of(head, s, clauses, ev, headline=True) for ev in told)


def _whole(work: Work) -> None:
    """Every sentence of the body, for the stages after the events found (:func:`_segment` split them only
    up to the last trigger stem: most articles past the pre-filter tell no event)."""
    if work.rest is not None:
        split_until(work.body.norm.text, work.body.sentences, work.rest)
        work.rest = None


def _announcements(work: Work) -> None:
    """Ceasefires announced in the article (:mod:`~tracker.extraction.announcements`)."""
    for s in work.sentences_with_triggers:
        if may_announce(s):
            _whole(work)
            work.result.ceasefires_found.extend(announcements(work.body, s))


def _when(work: Work) -> None:
    """The date of each event (:mod:`~tracker.extraction.when`)."""
    told = {m.sentence.index for m in work.found if not m.headline}
    for m in work.found:
        date_mention(work.context(m), m, told=told)


def _where(work: Work) -> None:
    """The place of each event (:mod:`~tracker.extraction.where`)."""
    place_mentions((work.context(m), m) for m in work.found)
    work.found = [x for m in work.found for x in (m, *conjoined_mentions(m))]


def _abroad(work: Work) -> None:
    """Events the sentence puts outside Syria without a scene abroad (:mod:`~tracker.extraction.abroad`)."""
    for m in work.found:
        place_abroad(work.context(m), m)


def _who(work: Work) -> None:
    """Perpetrator, target and reporting source of each event (:mod:`~tracker.extraction.who`)."""
    for m in work.found:
        identify(work.context(m), m)


def _ledger(work: Work) -> None:
    """Each casualty figure's role: event, located part, total of parts, remainder, aggregate
    (:mod:`~tracker.extraction.ledger`)."""
    work.ledger = settle(work.found, work.lang)
    work.result.ledger = [{"article_id": work.article.id, **e.as_dict()} for e in work.ledger]


def _sort(work: Work) -> None:
    """Keep the events: a figureless strike with no place of its own is dropped, and so is a figureless
    headline strike of a kind the body tells; period and nationwide tolls are set aside as aggregates."""
    placed = _placed(work)
    for m in work.found:
        if m.headline:
            if m.aggregate:
                continue  # a total of figures the body tells with their places (extraction.ledger)
            if figureless(m.event) and any(
                b.event.sub_event_type == m.event.sub_event_type for b in work.mentions if not b.headline
            ):
                continue  # "Clashes rage in Wadi Barada" heads the clashes the body tells
            m.notes.append("from the headline")
            work.mentions.append(m)
        elif vague_strike(m, work.lang) or m.restates:
            continue
        elif (
            m.aggregate
            or unplaced_split(m)
            or bare_tally(m, work.lang, placed_nearby=_placed_nearby(placed, m))
        ):
            work.aggregates.append(m)
        else:
            work.mentions.append(m)


def _placed(work: Work) -> list[Mention]:
    """The body's figures with a place of their own (read once per article for :func:`_placed_nearby`)."""
    return [
        o
        for o in work.found
        if not o.headline
        and o.event.killed is not None
        and o.place_from in (None, PlaceFrom.SENTENCE)
        and o.columns.get("location") is not None
    ]


def _placed_nearby(placed: list[Mention], m: Mention) -> bool:
    """Is another figure told in the same or the next sentence with a place of its own?"""
    si = m.sentence.index
    return any(o is not m and 0 <= o.sentence.index - si <= 1 for o in placed)


def _merge(work: Work) -> None:
    """One event per incident within the article (:mod:`~tracker.extraction.merge`)."""
    work.mentions = dedupe_mentions(work.mentions)


def _background(work: Work) -> None:
    """Earlier events the article recalls (:mod:`~tracker.extraction.background`)."""
    mark_background(work.mentions, work.lang, work.article.published)


def _carry(work: Work) -> None:
    """The article's one perpetrator of a kind of attack, for its events of that kind that name none
    (:func:`~tracker.extraction.who.carry_within_article`): a lone event has no other to take one from."""
    if len(work.mentions) > 1:
        carry_within_article(work.mentions)


def _judge(work: Work) -> None:
    """Each event against the ceasefires in force (:func:`tracker.ceasefires.judge_row`)."""
    for m in work.mentions:
        m.columns["ceasefire"], m.columns["violation"], m.columns["violation_reason"] = judge_row(m.columns)


def _rows(work: Work) -> None:
    """The rows (:mod:`~tracker.extraction.rows`)."""
    work.result.events = [event_row(m) for m in work.mentions]
    work.result.aggregates = [aggregate_row(m) for m in work.aggregates]


Stage = Callable[[Work], None]

#: The extraction pipeline: each stage, by name, in the order it runs, with where its rules live.
STAGES: tuple[tuple[str, Stage], ...] = (
    ("segment", _segment),  # text.normalize, extraction.segment -> extraction.context
    ("events", _events),  # extraction.events (numbers, casualties) -> extraction.mention, extraction.rows
    ("announcements", _announcements),  # extraction.announcements, ceasefires
    ("when", _when),  # extraction.when (extraction.dates)
    ("where", _where),  # extraction.where (places)
    ("abroad", _abroad),  # extraction.abroad: foreign events with no scene abroad found
    ("who", _who),  # extraction.who (actors)
    ("ledger", _ledger),  # extraction.ledger: totals, located parts and remainders
    ("sort", _sort),  # extraction.where: vague strikes, tolls split across places
    ("merge", _merge),  # extraction.merge
    ("background", _background),  # extraction.background
    ("carry", _carry),  # extraction.who: a perpetrator carried within the article
    ("judge", _judge),  # ceasefires
    ("rows", _rows),  # extraction.rows
)

#: The stages that only read the events found (each a no-op without one): run only when there are some.
_EVENT_STAGES = frozenset(
    {"when", "where", "abroad", "who", "ledger", "sort", "merge", "background", "carry", "judge", "rows"}
)


def extract_article(article: Article) -> ArticleResult:
    """Extract the events, aggregate tolls and ceasefire announcements of one article.

    >>> a = Article(id="a1", text="Government warplanes killed 7 civilians in Saraqib on Monday.",
    ...             published=date(2017, 1, 24), lang="en")
    >>> [(e["sub_event_type"], e["fatalities"]) for e in extract_article(a).events]
    [('Air/drone strike', 7)]
    """
    if not date_in_range(article.published):
        # A placeholder date (0001-01-01) would overflow every date computed from it: read undated.
        log.warning(
            "article %s: publication date %s ignored (outside 1900-2100)", article.id, article.published
        )
        article = replace(article, published=None)
    text = article.text or ""
    lang = article.lang if article.lang in ("ar", "en") else detect_language(text)
    an = analyser(lang)
    # the pre-filter: no trigger stem in the text or the headline, no event (the stems of the folded text found
    # without folding it; the folded text, for the stages, only past it)
    found = an.prefilter.scan(text)
    hits = found.spans
    if not hits and not (article.title and an.raw_may_have_events(article.title)):
        return ArticleResult()
    work = Work(article, lang, an, found.folded(), hits)
    for name, stage in STAGES:
        if name in _EVENT_STAGES and not work.found:
            break  # (two articles in three past the pre-filter) no event told: those stages have none to read
        stage(work)
    return work.result


#: A record of an article: ``id``, ``text``, ``published``, ``lang``, ``source``, ``url``, ``title``.
Record: TypeAlias = Mapping[str, Any]
#: What the extract functions take: an article (its text, a record or an Article), many, or a DataFrame of
#: records.
Articles: TypeAlias = str | Article | Record | Iterable[str | Article | Record] | pd.DataFrame


def as_articles(
    data: Articles, *, published: date | str | None = None, lang: str | None = None, source: str | None = None
) -> Iterable[Article]:
    """Turn a string, a list of strings/dicts/Articles or a DataFrame of articles into Articles."""
    items: Iterable[str | Article | Record]
    if isinstance(data, (str, Article, Mapping)):
        items = [data]
    elif isinstance(data, pd.DataFrame):
        items = data.to_dict("records")
    else:
        items = data
    default_pub = to_date(published, errors="none")
    for n, item in enumerate(items):
        if isinstance(item, Article):
            yield item
            continue
        if isinstance(item, str):
            yield Article(id=stable_id(item), text=item, published=default_pub, lang=lang, source=source)
            continue
        rec = dict(item)
        text = rec.get("text")
        if not isinstance(text, str):
            raise ValueError(f"article {n}: missing 'text'")
        yield Article(
            id=str(rec.get("id") or rec.get("article_id") or stable_id(text)),
            text=text,
            published=to_date(rec.get("published"), errors="none") or default_pub,
            lang=rec.get("lang") or rec.get("language") or lang,
            source=rec.get("source") or source,
            url=rec.get("url"),
            title=rec.get("title") if isinstance(rec.get("title"), str) else None,
        )


def extract_all(
    data: Articles, *, published: date | str | None = None, lang: str | None = None, source: str | None = None
) -> Extraction:
    """Events, aggregate tolls and ceasefire announcements of many articles, as DataFrames, in this
    process (:func:`tracker.extract_all` adds worker processes and a progress display).

    ``data``: a string, a list of strings, dicts (``id``, ``text``, ``published``, ``lang``, ``source``,
    ``url``, ``title``) or :class:`~tracker.document.Article`, or a DataFrame with those columns.
    """
    articles = as_articles(data, published=published, lang=lang, source=source)
    return collect((art, extract_article(art)) for art in articles)


def collect(results: Iterable[tuple[Article, ArticleResult]]) -> Extraction:
    """An :class:`Extraction` of articles and their results, in the order given."""
    events: list[dict[str, Any]] = []
    aggs: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    n = with_events = no_date = 0
    for art, res in results:
        n += 1
        no_date += art.published is None
        with_events += bool(res.events)
        events.extend(res.events)
        aggs.extend(res.aggregates)
        found.extend(res.ceasefires_found)
    return Extraction(
        events=to_frame(events, EVENT_COLUMNS)[list(EVENT_COLUMNS)],
        aggregates=to_frame(aggs, AGGREGATE_COLUMNS)[list(AGGREGATE_COLUMNS)],
        ceasefires_found=pd.DataFrame(found),
        articles=n,
        articles_with_events=with_events,
        articles_without_date=no_date,
    )


def extract(
    data: Articles, *, published: date | str | None = None, lang: str | None = None, source: str | None = None
) -> pd.DataFrame:
    """Extract events from texts or articles into a DataFrame with the columns of :mod:`tracker.schema`.

    >>> frame = extract(["Shelling killed 4 people in Douma yesterday."], published="2017-01-24")
    >>> int(frame.loc[0, "fatalities"]), str(frame.loc[0, "event_date"].date())
    (4, '2017-01-23')
    """
    return extract_all(data, published=published, lang=lang, source=source).events
