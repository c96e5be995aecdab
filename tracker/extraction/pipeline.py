"""The extraction pipeline: articles in, event rows (and aggregate tolls) out.

Stages, in order, each a module named after it: normalize -> segment -> events (triggers, numbers,
casualties) -> dates -> places -> actors -> dedupe (within the article) -> ceasefires (judgement).
:func:`extract_article` is the unit of work (one article, plain dicts out); :func:`extract` and
:func:`extract_all` build the DataFrames with the dtypes of :mod:`tracker.schema`.

Every event row keeps the sentence it came from (``evidence``) and the character span in the
article text (``span_start``/``span_end``), so each figure can be traced to its words.
"""

from __future__ import annotations

import calendar
import logging
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import pandas as pd

from tracker.document import Article, Sentence
from tracker.extraction.dates import DateMention
from tracker.extraction.dates import finder as date_finder
from tracker.extraction.events import EventMention, analyser
from tracker.extraction.segment import clause_of, split_sentences
from tracker.schema import AGGREGATE_COLUMNS, EVENT_COLUMNS, SUB_EVENT_TYPES, stable_id, to_date, to_frame
from tracker.text.language import detect_language
from tracker.text.normalize import Normalized, normalize

log = logging.getLogger(__name__)

__all__ = [
    "ArticleResult",
    "Extraction",
    "extract",
    "extract_all",
    "extract_article",
    "detect_language",
    "as_articles",
]

_CEASEFIRE_HINT = re.compile(
    r"وقف\s+(?:\w+\s+)?اطلاق\s+النار|هدنه|الهدنه|وقف الاعمال العدائيه|ceasefire|cease-fire|truce|cessation of hostilities"
)


@dataclass(slots=True)
class ArticleResult:
    """What one article yields: event rows and aggregate rows (dicts keyed by schema columns),
    and ceasefire announcements found in it (candidate registry entries)."""

    events: list[dict[str, Any]] = field(default_factory=list)
    aggregates: list[dict[str, Any]] = field(default_factory=list)
    ceasefires_found: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """The result of :func:`extract_all`."""

    events: pd.DataFrame
    aggregates: pd.DataFrame
    ceasefires_found: pd.DataFrame
    articles: int = 0
    articles_with_events: int = 0
    articles_without_date: int = 0


def _stage(module: str) -> Any:
    """Optional stages (places, actors, ceasefires) are used when installed in this version."""
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


class _Context:
    """Per-article state shared by its sentences: dateline, article-level place and reporter."""

    def __init__(self, article: Article, lang: str, norm: Normalized, sentences: list[Sentence]) -> None:
        self.article = article
        self.lang = lang
        self.norm = norm
        self.sentences = sentences
        self.published = article.published
        self._dateline: DateMention | None | bool = False
        self._place: Any = False
        self._named_most: Any = False
        self._reporter: str | None | bool = False
        self.last_place: tuple[int, Any] | None = None
        self._actor: Any = False  # (sentence index, place) of the latest located event
        self._claimant: Any = False  # who claims responsibility in the article (None: nobody)
        self._title_actor: Any = False  # the headline's perpetrator alone

    def article_actor(self, tagger: Any, *, title_only: bool = False) -> Any:
        if title_only:
            if self._title_actor is False:
                title = normalize(self.article.title).text if self.article.title else None
                self._title_actor = tagger.article_actor(title, None, self.lang, when=self.published)
            return self._title_actor
        if self._actor is False:
            title = normalize(self.article.title).text if self.article.title else None
            lead = " ".join(s.text for s in self.sentences[:2])
            self._actor = tagger.article_actor(title, lead, self.lang, when=self.published)
        return self._actor

    def article_claimant(self, tagger: Any) -> Any:
        if self._claimant is False:
            self._claimant = tagger.article_claimant(self.norm.text, self.lang, when=self.published)
        return self._claimant

    def about_syria(self) -> bool:
        return "سوري" in self.norm.text or "syria" in self.norm.text

    def sentence_start(self, index: int) -> int:
        return self.sentences[index].start if 0 <= index < len(self.sentences) else 0

    def dateline(self) -> DateMention | None:
        if self._dateline is False:
            head = self.norm.text[:120]
            found = [
                d for d in date_finder(self.lang).find(head, published=self.published) if d.date is not None
            ]
            self._dateline = found[0] if found and found[0].precision == 1 else None
        return self._dateline  # type: ignore[return-value]

    def place(self) -> Any:
        if self._place is False:
            places = _stage("tracker.places")
            self._place = None
            if places is not None:
                lead = " ".join(s.text for s in self.sentences[:2])
                title = normalize(self.article.title).text if self.article.title else None
                self._place = places.default_geocoder().article_place(title, lead, self.lang)
        return self._place

    def named_most(self) -> Any:
        """The governorate the article names most: where a story's unplaced figures most likely are."""
        if self._named_most is False:
            places = _stage("tracker.places")
            self._named_most = None
            if places is not None:
                self._named_most = places.default_geocoder().most_named(self.norm.text, self.lang)
        return self._named_most

    def reporter(self) -> str | None:
        if self._reporter is False:
            actors = _stage("tracker.actors")
            self._reporter = None
            if actors is not None:
                tagger = actors.default_tagger()
                for s in self.sentences:
                    r = tagger.reporter(s.text, self.lang)
                    if r:
                        self._reporter = r
                        break
        return self._reporter  # type: ignore[return-value]


def extract_article(article: Article) -> ArticleResult:
    """Extract the events, aggregate tolls and ceasefire announcements of one article.

    >>> a = Article(id="a1", text="Government warplanes killed 7 civilians in Saraqib on Monday.",
    ...             published=date(2017, 1, 24), lang="en")
    >>> [(e["sub_event_type"], e["fatalities"]) for e in extract_article(a).events]
    [('Air/drone strike', 7)]
    """
    result = ArticleResult()
    text = article.text or ""
    lang = article.lang if article.lang in ("ar", "en") else detect_language(text)
    an = analyser(lang)
    if not an.raw_may_have_events(text) and not (article.title and an.raw_may_have_events(article.title)):
        return result
    norm = normalize(text)
    hits = an.hit_starts(norm.text)
    sentences = split_sentences(norm.text)
    ctx = _Context(article, lang, norm, sentences)
    mentions: list[dict[str, Any]] = []
    for s in sentences:
        i = bisect_left(hits, s.start)
        if i == len(hits) or hits[i] >= s.end:
            continue  # no trigger stem in this sentence
        if _CEASEFIRE_HINT.search(s.text):
            result.ceasefires_found.extend(_announcements(ctx, s))
        found = an.analyse(s.text, s.clauses)
        related = _RELATED.search(s.text)
        if related is not None:
            # "Related News Car bomb kills 8 in Daraa - ...": a web page's list of other headlines
            found = [ev for ev in found if ev.anchor[0] < related.start()]
        for ev in found:
            row = _row(ctx, s, ev, others=[o.anchor for o in found if o is not ev])
            if _vague_strike(ev, row):
                continue
            if (
                ev.by_place is not None
                and row.get("geo_precision") in (None, 3)
                and row.get("location") in (None, row.get("admin1"))
            ):
                ev.aggregate = True  # a toll split across places with no place of its own: a summary
            (result.aggregates if ev.aggregate else mentions).append(row)
    if article.title:
        tnorm = normalize(article.title)
        tsent = Sentence(
            index=-1, start=0, end=len(tnorm.text), text=tnorm.text, _clauses=[(0, len(tnorm.text))]
        )
        title_ctx = _Context(article, lang, tnorm, [tsent])
        title_ctx._dateline, title_ctx._place, title_ctx._reporter = None, ctx.place(), ctx.reporter()
        for ev in an.analyse(tnorm.text, tsent.clauses):
            if not ev.aggregate:
                row = _row(title_ctx, tsent, ev)
                row["span_start"] = row["span_end"] = None  # spans index the body text only
                row["notes"] = _join(row.get("notes"), "from the headline")
                mentions.append(row)
    from tracker.extraction.merge import dedupe_mentions

    events = dedupe_mentions(mentions)
    _mark_earlier(events, ctx.published)
    result.aggregates = [_aggregate_row(r) for r in result.aggregates]
    cf = _stage("tracker.ceasefires")
    if cf is not None and events and hasattr(cf, "judge_row"):
        for row in events:
            row["ceasefire"], row["violation"], row["violation_reason"] = cf.judge_row(row)
    result.events = events
    return result


#: Where a web page's list of other stories begins (scraped text keeps them in the article body).
_RELATED = re.compile(
    r"(?<!\w)(?:related (?:news|articles|stories|posts|content)|read more|you may also like|more stories"
    r"|most read|recommended for you|اقرا ايضا|مواضيع ذات صله|اخبار ذات صله|الاكثر قراءه)(?!\w)"
)

#: Days an event may lie before the article's own news and still be part of it.
_EARLIER_DAYS = 2
EARLIER_NOTE = "an earlier event, told as background"
_FROM_ARTICLE = "place from the dateline or headline"
_FROM_NAMED_MOST = "governorate the article names most"
_HEADLINE_NOTES = frozenset({"from the headline", "also in the headline"})


def _told_as_earlier(lang: str, text: str, ev: EventMention, others: Sequence[tuple[int, int]]) -> bool:
    """Does the sentence present this event as an earlier one ("Earlier this week a chemical attack
    killed 87", "The attack came a day after strikes killed 26")? Only the words since the previous
    figure count: in "strikes killed 15, a day after a bombing killed 26" the 15 is today's news."""
    start = max((o[1] for o in others if o[1] <= ev.anchor[0]), default=0)
    return analyser(lang).earlier_re.search(text, start, ev.anchor[0]) is not None


def _mark_earlier(events: list[dict[str, Any]], published: date | None) -> None:
    """Note the events an article tells as background to its own news.

    The article's news is its headline event, else its first event in the text; an event is background
    when the text says so (``earlier_markers``) or when its date, read from the text, ends more than
    two days before the news's date (a whole month for "in April", a week for "two weeks ago").
    """
    told_earlier = {id(r) for r in events if r.pop("_earlier", False)}
    if len(events) < 2:
        return
    headline = [r for r in events if _HEADLINE_NOTES & set((r.get("notes") or "").split("; "))]
    news = (
        headline[0]
        if headline
        else min(events, key=lambda r: (r.get("span_start") is None, r.get("span_start") or 0))
    )
    news_day = to_date(news.get("event_date"), errors="none") if news.get("date_text") else None
    news_day = news_day or published
    for row in events:
        if row is news:
            continue
        earlier = id(row) in told_earlier
        day = to_date(row.get("event_date"), errors="none")
        if not earlier and news_day is not None and day is not None and row.get("date_text"):
            span = {1: 0, 2: 6, 3: calendar.monthrange(day.year, day.month)[1] - 1}.get(
                row.get("date_precision") or 1, 0
            )
            earlier = day + timedelta(days=span + _EARLIER_DAYS) < news_day
        if earlier:
            row["notes"] = _join(row.get("notes"), EARLIER_NOTE)


def main_events(events: pd.DataFrame) -> pd.DataFrame:
    """Each article's main event: the one with most fatalities among those it reports as its news.

    Events the article tells as background (:data:`EARLIER_NOTE`) count only when it reports nothing
    else; ties go to the event told first. One row per article, indexed by ``article_id``.
    """
    if events.empty:
        return events.set_index("article_id")
    earlier = events["notes"].fillna("").str.contains(EARLIER_NOTE, regex=False)
    ranked = events.assign(
        _bg=earlier.astype(int),
        _f=events["fatalities"].astype("Float64").fillna(-1),
        _s=events["span_start"].astype("Float64").fillna(float("inf")),
    ).sort_values(["article_id", "_bg", "_f", "_s"], ascending=[True, True, False, True], kind="stable")
    return ranked.drop_duplicates("article_id").drop(columns=["_bg", "_f", "_s"]).set_index("article_id")


@lru_cache(maxsize=4)
def _country_words(lang: str) -> re.Pattern[str]:
    from tracker.resources import lexicon

    words = sorted(lexicon(lang).get("country_words") or [], key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def _vague_strike(ev: EventMention, row: dict[str, Any]) -> bool:
    """A strike with no figure is an event only where the sentence names its place.

    "the army keeps shelling towns" names none; "warplanes struck Sarmin" does.
    """
    figureless = ev.killed is None and ev.injured is None and ev.captured is None and not ev.fatalities_zero
    notes = row.get("notes") or ""
    return figureless and (row.get("location") is None or _FROM_ARTICLE in notes or _FROM_NAMED_MOST in notes)


def _join(a: str | None, b: str) -> str:
    return f"{a}; {b}" if a else b


def _announcements(ctx: _Context, s: Sentence) -> list[dict[str, Any]]:
    cf = _stage("tracker.ceasefires")
    if cf is None or not hasattr(cf, "find_announcements"):
        return []
    out = []
    for found in cf.find_announcements(s.text, ctx.lang, published=ctx.published):
        rec = dict(found)
        a = ctx.article
        rec.update(article_id=a.id, source=a.source, url=a.url, published=a.published, language=ctx.lang)
        if "span_start" in rec and rec["span_start"] is not None:
            rs, re_ = ctx.norm.to_original(s.start + int(rec["span_start"]), s.start + int(rec["span_end"]))
            rec["span_start"], rec["span_end"] = rs, re_
        es, ee = rec.get("evidence_start"), rec.get("evidence_end")
        if es is not None and ee is not None:
            rec["evidence"] = ctx.norm.original_span(s.start + int(es), s.start + int(ee))
        else:
            rec["evidence"] = ctx.norm.original_span(s.start, s.end)
        out.append(rec)
    return out


def _event_date(ctx: _Context, s: Sentence, ev: EventMention) -> tuple[date | None, int | None, str | None]:
    found = [d for d in date_finder(ctx.lang).find(s.text, published=ctx.published) if d.date is not None]
    if found:
        cs, ce = clause_of(s.clauses, ev.anchor[0])
        in_clause = [d for d in found if cs <= d.start < ce]
        pick = in_clause[0] if in_clause else min(found, key=lambda d: abs(d.start - ev.anchor[0]))
        return pick.date, pick.precision, ctx.norm.original_span(s.start + pick.start, s.start + pick.end)
    dl = ctx.dateline()
    if dl is not None and dl.date is not None and s.index > 0:
        return dl.date, dl.precision, ctx.norm.original_span(dl.start, dl.end)
    if ctx.published is not None:
        return ctx.published, 2, None
    return None, None, None


def _row(
    ctx: _Context, s: Sentence, ev: EventMention, *, others: Sequence[tuple[int, int]] = ()
) -> dict[str, Any]:
    a = ctx.article
    norm = ctx.norm
    span = ev.span
    span_start, span_end = norm.to_original(s.start + span[0], s.start + span[1])
    sent_start, sent_end = norm.to_original(s.start, s.end)

    def orig(rel: tuple[int, int] | None) -> str | None:
        if rel is None:
            return None
        return norm.original_span(s.start + rel[0], s.start + rel[1])

    event_date, precision, date_text = _event_date(ctx, s, ev)
    k, i, c = ev.killed, ev.injured, ev.captured
    fatalities = k.quantity.value if k is not None and not k.combined else (0 if ev.fatalities_zero else None)
    row: dict[str, Any] = {
        "article_id": a.id,
        "source": a.source,
        "url": a.url,
        "title": a.title,
        "published": a.published,
        "language": ctx.lang,
        "event_date": event_date,
        "date_precision": precision,
        "date_text": date_text,
        "sub_event_type": ev.sub_event_type,
        "event_type": SUB_EVENT_TYPES.get(ev.sub_event_type),
        "trigger_text": orig(ev.trigger),
        "fatalities": fatalities,
        "fatalities_low": (k.quantity.low if k is not None and not k.combined else fatalities),
        "fatalities_high": (k.quantity.high if k is not None and not k.combined else fatalities),
        "injured": i.quantity.value if i is not None else None,
        "captured": c.quantity.value if c is not None else None,
        "civilians_killed": k.breakdown.get("civilians") if k is not None else None,
        "children_killed": k.breakdown.get("children") if k is not None else None,
        "women_killed": k.breakdown.get("women") if k is not None else None,
        "count_text": orig((k.quantity.start, k.quantity.end))
        if k is not None
        else (orig((i.quantity.start, i.quantity.end)) if i is not None else None),
        "evidence": norm.original[sent_start:sent_end],
        "span_start": span_start,
        "span_end": span_end,
        "sentence_index": s.index,
        "confidence": ev.confidence,
        "notes": None,
        "_update": ev.update,
        "_typed": bool(ev.triggers) or ev.captured is not None,
        "_part": bool(k is not None and k.part),
        "_zero": ev.fatalities_zero,
        "_vague": bool(k is not None and k.quantity.vague),
        "_earlier": _told_as_earlier(ctx.lang, s.text, ev, others),
    }
    notes = []
    if k is not None and k.combined:
        notes.append(f"killed and injured given together: {k.quantity.value}")
    if k is not None and k.quantity.vague:
        notes.append("vague count (ACLED convention)")
    if k is not None and k.update:
        notes.append("revised toll")
    row["notes"] = "; ".join(notes) or None
    _places(ctx, s, ev, row, others=others)
    _actors(ctx, s, ev, row)
    if row["sub_event_type"] == "Territory":
        row["sub_event_type"] = (
            "Government regains territory"
            if row.get("actor1_side") == "government"
            else "Non-state actor overtakes territory"
        )
        row["event_type"] = "Battles"
    row["reported_by"] = row.get("reported_by") or ctx.reporter()
    row["country"] = row.get("country") or ("Syria" if row.get("admin1") else None)
    row["event_id"] = stable_id(a.id, s.index, span_start, ev.sub_event_type, fatalities)
    return row


def _own_text(s: Sentence, ev: EventMention, others: Sequence[tuple[int, int]]) -> str:
    """The sentence with the clauses of its other events blanked: their places are theirs."""
    own = clause_of(s.clauses, ev.anchor[0])
    text = s.text
    for o in others:
        cs, ce = clause_of(s.clauses, o[0])
        if (cs, ce) != own:
            text = text[:cs] + " " * (ce - cs) + text[ce:]
    return text


def _places(
    ctx: _Context, s: Sentence, ev: EventMention, row: dict[str, Any], *, others: Sequence[tuple[int, int]]
) -> None:
    places = _stage("tracker.places")
    if places is None:
        return
    geo = places.default_geocoder()
    text = _own_text(s, ev, others)
    if ev.by_place is not None:
        # "124 killed, including 51 in the Damascus suburbs": the place must come from outside the split
        bs, be = ev.by_place
        text = text[:bs] + " " * (be - bs) + text[be:]
    text = _blank_reporting_places(ctx, s, text, geo)
    # the figure's own span anchors the place: in "nine killed in Idlib: five in Maarat al-Numan and
    # four in Heish" each part lies in its own stretch of the sentence
    match = geo.locate(text, ctx.lang, anchor=ev.anchor, clauses=s.clauses, fallback=None)
    if match is not None and match.country != "Syria" and ctx.about_syria():
        # "Istanbul ... air strikes on Idlib province": in a Syrian story a Syrian place in the same
        # sentence is the likelier scene than a foreign one
        home = [m for m in geo.find(text, ctx.lang) if m.country == "Syria" and m.level != "country"]
        if home:
            match = min(home, key=lambda m: abs(m.start - ev.anchor[0]))
    if (
        match is not None
        and 0 <= match.start < match.end <= len(s.text)
        and s.text[match.start : match.end] == match.text
    ):
        row.update(places.to_columns(match))
        row["location_text"] = ctx.norm.original_span(s.start + match.start, s.start + match.end)
        ctx.last_place = (s.index, match)
        return
    cs, ce = clause_of(s.clauses, ev.anchor[0])
    span = (min(cs, ev.span[0]), max(ce, ev.span[1]))
    if ev.by_place is not None:
        return  # a toll split across places has no place of its own (see the aggregate test in extract_article)
    if _country_words(ctx.lang).search(text, *span):
        # "غرب البلاد", "strikes in Syria": the country; the next sentences may still say where ("The
        # raids hit Saraqib"), but the article's dateline or headline is not this event's place
        if _place_from_next(ctx, s, row, places, geo, syria_only=True):
            return
        lead = ctx.place()
        if s.index < 0 and lead is not None and lead.country == "Syria":
            # "Syria air strikes kill 32": a headline names the country, its lead the place
            row.update(places.to_columns(places.lowered(lead)))
            row["location_text"] = lead.text
            row["notes"] = _join(row.get("notes"), "place from the lead")
            return
        row["country"] = "Syria" if ctx.about_syria() else None
        row["geo_precision"] = 3
        row["notes"] = _join(row.get("notes"), "only the country is named")
        return
    # "the clashes killed 38": the place of the fighting just described, else the dateline's
    if ctx.last_place is not None and 0 < s.index - ctx.last_place[0] <= 2:
        prev = ctx.last_place[1]
        row.update(places.to_columns(prev))
        row["location_text"] = ctx.norm.original_span(
            ctx.sentence_start(ctx.last_place[0]) + prev.start,
            ctx.sentence_start(ctx.last_place[0]) + prev.end,
        )
        row["notes"] = _join(row.get("notes"), "place from the previous sentence")
        return
    # "43 were killed on Saturday in a car bomb attack ... The blast hit a transit point in Rashidin":
    # the next sentences often say where
    # ... unless the headline or dateline puts the story in another governorate: then that is likelier
    home = ctx.place()
    within = home.admin1_pcode if home is not None and home.country == "Syria" else None
    if _place_from_next(ctx, s, row, places, geo, syria_only=False, within=within):
        return
    match = geo.locate(s.text, ctx.lang, anchor=ev.anchor, clauses=s.clauses, fallback=ctx.place())
    if match is not None:
        row.update(places.to_columns(match))
        row["location_text"] = match.text
        row["notes"] = _join(row.get("notes"), _FROM_ARTICLE)
        return
    # no place near the figure, nor in the headline or dateline: the governorate the story is about
    match = ctx.named_most()
    row.update(places.to_columns(match))
    if match is not None:
        row["location_text"] = None
        row["notes"] = _join(row.get("notes"), _FROM_NAMED_MOST)


#: Places named in a label, not as a scene: "IS (banned in Russia)", a masthead ("| Jordan Times").
_NOT_A_SCENE = {
    "en": [
        re.compile(r"(?<!\w)(?:banned|outlawed|prohibited|proscribed) in (?:the )?(?P<place>\w+)"),
        re.compile(r"(?<!\w)(?:based|headquartered) in (?:the )?(?P<place>\w+)"),
        re.compile(r"(?<!\w)(?P<place>\w+) (?:times|tribune|herald|gazette|daily star|daily news)(?!\w)"),
    ],
    "ar": [
        re.compile(r"(?<!\w)(?:ال)?محظوره? في (?P<place>\w+)"),
        re.compile(r"(?<!\w)(?:و?مقره|ومقرها|مقرها) (?:في )?(?P<place>\w+)"),
    ],
}
_BASED = re.compile(r"(?<!\w)[\w'.-]+-based(?!\w)")
_DATELINE = re.compile(r"(?<![\w'])[A-Z][A-Z'.-]{3,}(?:\s+[A-Z][A-Z'.-]{2,}){0,2}(?![\w'])")
_DATELINE_WITHIN = 80  # characters from the start of the article


def _blank_reporting_places(ctx: _Context, s: Sentence, text: str, geo: Any) -> str:
    """Blank the places that say where the story was filed or who is based where, not where it happened.

    "BEIRUT (Reuters) - ...", "Last updated ... BEIRUT Air strikes ..." and "the Britain-based monitor"
    name no scene. A Syrian dateline ("ALEPPO -") is kept: there it is the likely scene.
    """
    for pattern in _NOT_A_SCENE["ar" if ctx.lang == "ar" else "en"]:
        for m in pattern.finditer(text):
            text = text[: m.start("place")] + " " * len(m.group("place")) + text[m.end("place") :]
    if ctx.lang != "en":
        return text
    text = _BASED.sub(lambda m: " " * len(m.group()), text)
    if s.start >= _DATELINE_WITHIN:
        return text
    start, end = ctx.norm.to_original(s.start, min(s.end, _DATELINE_WITHIN))
    for m in _DATELINE.finditer(ctx.norm.original[start:end]):
        # the folded sentence has the same length here unless diacritics were removed: check the words
        a, b = m.start(), m.end()
        if text[a:b].lower() != m.group().lower():
            continue
        found = geo.find(text[a:b], ctx.lang)
        if found and all(f.country != "Syria" for f in found):
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def _place_from_next(
    ctx: _Context,
    s: Sentence,
    row: dict[str, Any],
    places: Any,
    geo: Any,
    *,
    syria_only: bool,
    within: str | None = None,
) -> bool:
    """The first place of the next two sentences (Syrian, or abroad where it may be a scene; in the
    governorate ``within`` when given)."""
    for nxt in ctx.sentences[s.index + 1 : s.index + 3]:
        found = [
            m
            for m in geo.find(nxt.text, ctx.lang)
            if m.level != "country"
            and (m.country == "Syria" or (not syria_only and geo.may_be_scene(nxt.text, m, ctx.lang)))
            and (within is None or m.admin1_pcode == within)
        ]
        if found:
            row.update(places.to_columns(found[0]))
            row["location_text"] = ctx.norm.original_span(
                nxt.start + found[0].start, nxt.start + found[0].end
            )
            row["notes"] = _join(row.get("notes"), "place from the next sentence")
            return True
    return False


def _actors(ctx: _Context, s: Sentence, ev: EventMention, row: dict[str, Any]) -> None:
    actors = _stage("tracker.actors")
    if actors is None:
        return
    tagger = actors.default_tagger()
    victims = (
        ev.killed.victims
        if ev.killed is not None
        else (ev.injured.victims if ev.injured is not None else None)
    )
    roles = tagger.roles(
        s.text, ctx.lang, trigger=ev.trigger, clauses=s.clauses, victims=victims, when=ctx.published
    )
    actor1 = roles.actor1
    # the weakest rule ("the nearest armed actor in the sentence") may yield to the headline's actor
    row["_actor_sure"] = actor1 is not None and "sentence" not in roles.why.split(";")
    head, note = _carried_actor(ctx, tagger, actor1, roles.actor2, row.get("sub_event_type"))
    if head is not None:
        row["notes"] = _join(row.get("notes"), note)
        row["actor1"], row["actor1_side"] = head.actor.name or None, head.actor.side
        row["actor1_text"] = head.text
        actor1 = None
    for n, m in (("1", actor1), ("2", roles.actor2)):
        if m is None:
            continue
        row[f"actor{n}"] = m.actor.name or None  # unregistered names keep their words only
        row[f"actor{n}_side"] = m.actor.side
        row[f"actor{n}_text"] = ctx.norm.original_span(s.start + m.start, s.start + m.end)
    row["reported_by"] = tagger.reporter(s.text, ctx.lang)


def _carried_actor(ctx: _Context, tagger: Any, actor1: Any, actor2: Any, sub_event: Any) -> tuple[Any, str]:
    """The perpetrator the article names elsewhere, when the event's own sentence names none or only
    describes it ("air strikes", "a suicide bomber"): a claim of responsibility (not for air strikes), else
    the headline or lead; a description yields only to a named actor of its kind, and never to the event's
    own victims ("a roadside bomb killed five SDF fighters" under "SDF fighters ..." stays unidentified)."""
    if not hasattr(tagger, "article_actor"):
        return None, ""
    unnamed = actor1 is None or not actor1.actor.name
    if not unnamed and not tagger.describes(actor1):
        return None, ""
    victim = actor2.actor.id if actor2 is not None and actor2.actor.name else None
    if sub_event != "Air/drone strike":
        claimant = ctx.article_claimant(tagger)
        if (
            claimant is not None
            and claimant.actor.id != victim
            and (unnamed or tagger.may_name(claimant, actor1))
        ):
            words = ctx.norm.original_span(claimant.start, claimant.end)  # as written in the article
            return replace(claimant, text=words), "perpetrator from a claim in the article"
    if unnamed:
        head = ctx.article_actor(tagger)
    else:  # the lead's other sentences may report other attacks: a description yields to the headline only
        head = ctx.article_actor(tagger, title_only=True)
        if head is not None and (tagger.describes(head) or not tagger.may_name(head, actor1)):
            head = None
    if head is None or head.actor.id == victim:
        return None, ""
    return head, "perpetrator from the headline or lead"


def _aggregate_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "aggregate_id": stable_id("agg", row["article_id"], row["span_start"], row.get("fatalities")),
        "article_id": row["article_id"],
        "source": row.get("source"),
        "published": row.get("published"),
        "language": row.get("language"),
        "kind": "killed" if row.get("fatalities") is not None else "injured",
        "count": row.get("fatalities") if row.get("fatalities") is not None else row.get("injured"),
        "count_text": row.get("count_text"),
        "scope": "period or nationwide toll",
        "location": row.get("location"),
        "admin1": row.get("admin1"),
        "evidence": row.get("evidence"),
        "span_start": row.get("span_start"),
        "span_end": row.get("span_end"),
    }


def as_articles(
    data: Any, *, published: Any = None, lang: str | None = None, source: str | None = None
) -> Iterable[Article]:
    """Turn a string, a list of strings/dicts/Articles or a DataFrame of articles into Articles."""
    if isinstance(data, (str, Article, Mapping)):
        data = [data]
    if isinstance(data, pd.DataFrame):
        data = data.to_dict("records")
    default_pub = to_date(published, errors="none")
    for n, item in enumerate(data):
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
    data: Any, *, published: Any = None, lang: str | None = None, source: str | None = None
) -> Extraction:
    """Events, aggregate tolls and ceasefire announcements of many articles, as DataFrames.

    ``data``: a string, a list of strings, dicts (``id``, ``text``, ``published``, ``lang``, ``source``,
    ``url``, ``title``) or :class:`~tracker.document.Article`, or a DataFrame with those columns.
    """
    events: list[dict[str, Any]] = []
    aggs: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    n = with_events = no_date = 0
    for art in as_articles(data, published=published, lang=lang, source=source):
        n += 1
        no_date += art.published is None
        res = extract_article(art)
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
    data: Any, *, published: Any = None, lang: str | None = None, source: str | None = None
) -> pd.DataFrame:
    """Extract events from texts or articles into a DataFrame with the columns of :mod:`tracker.schema`.

    >>> frame = extract(["Shelling killed 4 people in Douma yesterday."], published="2017-01-24")
    >>> int(frame.loc[0, "fatalities"]), str(frame.loc[0, "event_date"].date())
    (4, '2017-01-23')
    """
    return extract_all(data, published=published, lang=lang, source=source).events
