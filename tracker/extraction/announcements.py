"""Ceasefire announcements and entries into force found in the news, as candidate registry entries.

Reads normalised article text (``tracker.text.normalize.normalize(...).text``), the publication date and
the word lists ``resources/lexicon_ceasefire/<lang>.yaml`` (nouns, in-force and announcement verbs,
months, relative days, weekdays); writes one dict per announcement (keys in :func:`find_announcements`),
tied to the shipped agreement starting the same day when there is one
(:func:`tracker.ceasefires.default_registry`). Arabic words may carry the proclitics of
:func:`tracker.text.arabic.clitic_pattern`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from tracker.ceasefires.registry import default_registry
from tracker.document import Sentence
from tracker.extraction.context import ArticleContext
from tracker.extraction.dates import resolve_date_expression
from tracker.extraction.segment import split_sentences
from tracker.resources import load_yaml
from tracker.resources.cache import cached
from tracker.schema import stable_id
from tracker.text.arabic import clitic_pattern
from tracker.text.normalize import normalize_key
from tracker.text.patterns import alternation
from tracker.text.regexes import Gated

__all__ = ["announcements", "find_announcements", "may_announce"]

_AN_WINDOW_BEFORE = 50  # announcement verbs come shortly before the noun ("announced a truce")
_IF_WINDOW = 90  # "took effect ... on 30 December" follows the noun within a clause or two


@dataclass(frozen=True, slots=True)
class _Lex:
    nouns: re.Pattern[str]
    kinds: dict[str, str]
    past: re.Pattern[str]
    future: re.Pattern[str]
    announced: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str] | None
    midnight: re.Pattern[str] | None
    relative: re.Pattern[str] | None
    weekdays: re.Pattern[str] | None
    months: dict[str, int]
    relative_days: dict[str, int]
    weekday_index: dict[str, int]


def _word_re(words: Iterable[str], lang: str, *, prefix: bool = False) -> re.Pattern[str]:
    alts = alternation(words)
    pre = clitic_pattern() if (prefix and lang == "ar") else ""
    return re.compile(rf"(?<!\w){pre}(?P<w>{alts})(?!\w)")


@lru_cache(maxsize=4)
def _lexicon(lang: str) -> _Lex:
    """The announcement patterns of a language, kept in the resource cache: built at the first sentence
    naming a ceasefire, their compiling was a part of the extraction's time in every process."""
    return cached(f"ceasefire_lexicon_{lang}", lambda: _read_lexicon(lang))


def _read_lexicon(lang: str) -> _Lex:
    raw = load_yaml("lexicon_ceasefire", f"{lang}.yaml") or {}
    kinds = {normalize_key(k): str(v) for k, v in raw.get("nouns", {}).items()}
    if lang == "ar":
        # ل + ال folds to لل ("للهدنه"): add those spellings so the prefix rule stays simple.
        kinds |= {"لل" + k[2:]: v for k, v in list(kinds.items()) if k.startswith("ال")}
    inf = raw.get("in_force", {})
    months = {normalize_key(k): int(v) for k, v in raw.get("months", {}).items()}
    rel = {normalize_key(k): int(v) for k, v in raw.get("relative_days", {}).items()}
    wd = {normalize_key(k): int(v) for k, v in raw.get("weekdays", {}).items()}
    mon = alternation(months)
    pre = clitic_pattern() if lang == "ar" else ""
    day_month = re.compile(
        rf"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{pre}(?P<m>{mon})(?!\w)(?:\s*,?\s*(?P<y>(?:19|20)\d\d))?"
    )
    month_day = None
    if lang != "ar":
        month_day = re.compile(
            rf"(?<!\w)(?P<m>{mon})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:\s*,?\s*(?P<y>(?:19|20)\d\d))?"
        )
    return _Lex(
        nouns=_word_re(kinds, lang, prefix=True),
        kinds=kinds,
        past=_word_re((normalize_key(w) for w in inf.get("past", [])), lang, prefix=True),
        future=_word_re((normalize_key(w) for w in inf.get("future", [])), lang, prefix=True),
        announced=_word_re((normalize_key(w) for w in raw.get("announced", [])), lang, prefix=True),
        day_month=day_month,
        month_day=month_day,
        midnight=_word_re((normalize_key(w) for w in raw.get("midnight", [])), lang)
        if raw.get("midnight")
        else None,
        relative=_word_re(rel, lang, prefix=True) if rel else None,
        weekdays=_word_re(wd, lang, prefix=True) if wd else None,
        months=months,
        relative_days=rel,
        weekday_index=wd,
    )


def find_announcements(text: str, lang: str, *, published: date | None = None) -> list[dict[str, Any]]:
    """Ceasefire announcements and entries into force in a normalised text, as candidate registry entries.

    ``text`` is folded with ``tracker.text.normalize.normalize(...).text``; spans index it. A candidate
    needs a ceasefire noun and, near it, a word saying it took (or will take) effect or was
    announced. Its start is the date written next to it (a year-less date is put in the year that
    brings it nearest ``published``), or "midnight"/"yesterday"/a weekday counted from ``published``;
    ``None`` when neither is there. Keys: ``id, name, start, evidence, lang, event_type,
    sub_event_type, span_start, span_end, trigger_text, date_text, published, registry_id`` (the
    shipped agreement with that start date, if any), ``evidence_start, evidence_end`` (the
    sentence's span in ``text``, to show the evidence as originally written with
    ``Normalized.original_span``). ``span_start``/``span_end`` cover the noun, trigger and date.

    >>> [c["start"] for c in find_announcements("a truce took effect at midnight", "en",
    ...                                         published=date(2016, 9, 12))]
    [datetime.date(2016, 9, 12)]
    """
    lex = _lexicon(lang)
    out: list[dict[str, Any]] = []
    for sent in split_sentences(text):
        s = sent.text
        for noun in lex.nouns.finditer(s):
            found = _announcement(s, noun, lex, lang, published)
            if found is None:
                continue
            rel_start, rel_end, trigger, start, date_text = found
            kind = lex.kinds.get(noun.group("w"), "Ceasefire")
            name = f"{kind} of {start.day} {start:%B %Y}" if start else f"{kind} (date not stated)"
            span_start, span_end = sent.start + rel_start, sent.start + rel_end
            out.append(
                {
                    "id": stable_id("ceasefire-found", lang, text[span_start:span_end], start),
                    "name": name,
                    "start": start,
                    "evidence": s.strip(),
                    "lang": lang,
                    "event_type": "Strategic developments",
                    "sub_event_type": "Agreement",
                    "span_start": span_start,
                    "span_end": span_end,
                    "trigger_text": trigger,
                    "date_text": date_text,
                    "published": published,
                    "registry_id": _known_id(start),
                    "evidence_start": sent.start,
                    "evidence_end": sent.end,
                }
            )
            break  # one candidate per sentence: later nouns there repeat the same agreement
    return out


def _announcement(
    s: str, noun: re.Match[str], lex: _Lex, lang: str, published: date | None
) -> tuple[int, int, str, date | None, str | None] | None:
    lo, hi = noun.start(), noun.end()
    after = s[hi : hi + _IF_WINDOW]
    before = s[max(0, lo - _AN_WINDOW_BEFORE) : lo]
    trig: tuple[int, int, str, bool | None] | None = None  # (start, end, text, future or unknown tense)
    after_kinds: tuple[tuple[re.Pattern[str], bool | None], ...] = ((lex.future, True), (lex.past, False))
    for pat, future in after_kinds:
        m = pat.search(after)
        if m and (trig is None or hi + m.start() < trig[0]):
            trig = (hi + m.start(), hi + m.end(), m.group(0), future)
    announced_only = False
    if trig is None:
        before_kinds: tuple[tuple[re.Pattern[str], bool | None, bool], ...] = (
            (lex.future, True, False),
            (lex.past, False, False),
            (lex.announced, None, True),
        )
        for pat, future, ann in before_kinds:
            m = _last(pat, before)
            if m:
                off = max(0, lo - _AN_WINDOW_BEFORE)
                trig = (off + m.start(), off + m.end(), m.group(0), future)
                announced_only = ann
                break
    if trig is None:
        return None
    t_start, t_end, t_text, future = trig
    when = _find_date(s, max(hi, t_end), lex, lang, published, future=future)
    if when is None:
        when = _find_date(s, 0, lex, lang, published, future=future)
    if announced_only and when is None:
        # "reach a mechanism to monitor a ceasefire" is talk about a ceasefire, not an announcement:
        # an announcement verb alone counts only when a date or time is given with it.
        return None
    start, d_text, d_end = when if when else (None, None, max(hi, t_end))
    return min(lo, t_start), max(hi, t_end, d_end), t_text.strip(), start, d_text


def _last(pat: re.Pattern[str], s: str) -> re.Match[str] | None:
    matches = list(pat.finditer(s))
    return matches[-1] if matches else None


def _find_date(
    s: str, pos: int, lex: _Lex, lang: str, published: date | None, *, future: bool | None
) -> tuple[date | None, str, int] | None:
    window = s[pos : pos + _IF_WINDOW]
    best: tuple[int, date | None, str, int] | None = None
    for pat in (lex.day_month, lex.month_day):
        if pat is None:
            continue
        m = pat.search(window)
        if m and (best is None or m.start() < best[0]):
            day_s, mon_s, year_s = m.group("d"), m.group("m"), m.group("y")
            d = _shared_date(m.group(0), lang, published) if future is not True else None
            if d is None:
                d = _calendar_date(
                    int(day_s), lex.months[mon_s], int(year_s) if year_s else None, published, future=future
                )
            if d is not None:
                best = (m.start(), d, m.group(0), pos + m.end())
    if best is not None:
        return best[1], best[2], best[3]
    if published is None:
        return None
    for pat, kind in ((lex.relative, "rel"), (lex.weekdays, "wd"), (lex.midnight, "mid")):
        if pat is None:
            continue
        m = pat.search(window)
        if not m:
            continue
        w = m.group("w")
        if kind == "rel":
            d = published + timedelta(days=lex.relative_days[w])
        elif kind == "wd":
            delta = (lex.weekday_index[w] - published.weekday()) % 7
            d = published + timedelta(days=delta) if future else published - timedelta(days=(7 - delta) % 7)
        else:
            # "took effect at midnight" in a report means the midnight that began its day;
            # "will take effect at midnight" the one that ends it.
            d = published + timedelta(days=1) if future else published
        return d, m.group(0), pos + m.end()
    return None


def _shared_date(text: str, lang: str, published: date | None) -> date | None:
    """A past date resolved by :mod:`tracker.extraction.dates` (the event dates' resolver), so that an entry into
    force and the events after it get their years the same way. It never looks ahead, so the
    future tense keeps :func:`_calendar_date`."""
    if published is None:
        return None
    found = resolve_date_expression(text, lang, published=published)
    return found.date if found is not None and found.precision == 1 else None


def _calendar_date(
    day: int, month: int, year: int | None, published: date | None, *, future: bool | None
) -> date | None:
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if published is None:
        return None
    candidates = []
    for y in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    # A report of an entry into force looks back, an announcement of one looks ahead (a day of slack
    # for time zones); then the nearest to publication.
    slack = timedelta(days=1)
    fitting = [
        d
        for d in candidates
        if future is None or (d >= published - slack if future else d <= published + slack)
    ]
    return min(fitting or candidates, key=lambda d: (abs((d - published).days), d > published))


def _known_id(start: date | None) -> str | None:
    if start is None:
        return None
    return next((c.id for c in default_registry().ceasefires if c.start == start), None)


# --- the pipeline stage: announcements of one sentence, with the article's fields ----------------

_CEASEFIRE_HINT = Gated(
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
