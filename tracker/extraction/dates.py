"""Date expressions in news text, resolved against the publication date.

Reads one folded sentence and the publication date; writes :class:`DateMention` records (span relative
to the sentence, resolved date, ACLED time precision 1 day / 2 week / 3 month).

The expressions are found here with patterns built from ``resources/lexicon/<lang>.yaml`` (``dates``):
absolute dates in both languages with Egyptian, Levantine and Maghrebi month names normalised to a month
number (no one dateparser locale holds them all: ``ar-SY`` and ``ar-MA`` cannot be combined), weekday names,
"yesterday / أمس / أمس الأول", "فجر الجمعة", "N days ago / منذ يومين", "last week / الأسبوع الماضي".
Absolute dates are resolved against the publication date here (a missing year is the latest such day on
or before it); relative ones are plain day arithmetic. Once the lexicon has named the month, a day, a month
number and a year (1900-2099, or the publication's) are all a date needs: :class:`datetime.date` checks the
day exists. A resolved date is never after the publication date, but for a day of the publication's own
month (a source dated by its month only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from tracker.extraction.numbers import grammar
from tracker.resources import lexicon
from tracker.text.anchored import max_width
from tracker.text.arabic import clitic_pattern, event_proclitics, has_article
from tracker.text.keywords import KeywordSet
from tracker.text.patterns import alternation
from tracker.text.regexes import PatternSet

__all__ = ["DateMention", "DateFinder", "finder", "resolve_date_expression"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and what it resolves to (None when it cannot be resolved)."""

    start: int
    end: int
    text: str
    date: date | None
    precision: int  # 1 day, 2 week, 3 month
    #: days before the day the narrative last named ("the previous night", "a week earlier"): such an
    #: expression counts back from a date told before it, not from the publication
    before_told: int | None = None
    #: a day named by its date or weekday (not "yesterday", not a span): it may date the sentence before
    named_day: bool = False


def _parse_absolute(day: int | None, month: int, year: int | None, published: date | None) -> date | None:
    """Resolve day/month/year against the publication date (never after it, but for a day of its month)."""
    if year is None:
        if published is None:
            return None
        # the latest such day on or before publication, or a day of the publication's own month
        year = published.year if (month, day or 1) <= (published.month, published.day) else published.year - 1
        if month == published.month:
            year = published.year
    out = _day(day, month, year)
    if out is None or (published is not None and out > published and not _same_month(out, published)):
        return None  # an explicit date after publication is not an event date
    return out


def _same_month(day: date, published: date) -> bool:
    """A day of the publication's own month: a source dated by its month only (a timeline under a month
    heading, a monthly report) tells of days after the 1st it is dated with."""
    return (day.year, day.month) == (published.year, published.month)


def _day(day: int | None, month: int, year: int) -> date | None:
    """The date, or None for a day the month does not have ("31 April"); no day = the 1st."""
    try:
        return date(year, month, day or 1)
    except ValueError:
        return None


def resolve_date_expression(text: str, lang: str, *, published: date | None) -> DateMention | None:
    """Resolve one date expression (folded text) against the publication date.

    >>> resolve_date_expression("30 دجنبر", "ar", published=date(2017, 1, 24)).date
    datetime.date(2016, 12, 30)
    """
    found = finder(lang).find(text, published=published)
    return found[0] if found else None


class DateFinder:
    """Compiled date-expression patterns of one language."""

    def __init__(self, lang: str) -> None:
        d = lexicon(lang).get("dates") or {}
        self.lang = lang
        self.months: dict[str, int] = {k: int(v) for k, v in (d.get("months") or {}).items()}
        self.weekdays: dict[str, int] = {k: int(v) for k, v in (d.get("weekdays") or {}).items()}
        self.relative: dict[str, tuple[int, int]] = {
            k: (int(v[0]), int(v[1])) for k, v in (d.get("relative") or {}).items()
        }
        self.ago_units: dict[str, int] = {k: int(v) for k, v in (d.get("ago_units") or {}).items()}
        self.ago_duals: dict[str, int] = {k: int(v) for k, v in (d.get("ago_duals") or {}).items()}
        self.ago_one: set[str] = set(d.get("ago_one") or [])
        self.day_words: dict[str, int] = {k: int(v) for k, v in (d.get("day_words") or {}).items()}
        self.anaphoric = set(d.get("anaphoric") or [])
        self.told_after = set(d.get("told_after") or [])
        self.today_words = set(d.get("today_words") or [])
        self.numbers = grammar(lang)
        months = alternation(self.months)
        weekdays = alternation(self.weekdays)
        prefixes = alternation(d.get("weekday_prefixes") or [])
        b, e = r"(?<!\w)", r"(?!\w)"
        pro = clitic_pattern(clitics=event_proclitics()) if lang == "ar" else ""
        ordinal = rf"(?:{alternation(d.get('ordinal_suffixes') or [])})?"
        day_of = _alternation_or_none(d.get("day_of"))
        month_nouns = _alternation_or_none(d.get("month_nouns"))
        year_words = alternation(d.get("year_words") or [])
        month_prefixes = _alternation_or_none(d.get("month_prefixes"))
        # a bare month name must have one of the prefixes or a year when it is also a common word
        self._month_prefix = re.compile(rf"(?:{month_prefixes})\s")
        self.ambiguous_months = set(d["ambiguous_months"]) if "ambiguous_months" in d else set(self.months)
        year = r"(?P<year>(?:19|20)\d\d)"
        pats: list[tuple[str, str]] = [
            ("iso", rf"{b}(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d){e}"),
            (
                "dmy",
                rf"{b}(?P<day>[0-3]?\d){ordinal}(?:\s+(?:{day_of}))?\s+(?:(?:{month_nouns})\s+)?{pro}(?P<month>{months})(?:\s*(?:,|{year_words})?\s*{year})?{e}",
            ),
        ]
        if self.day_words:
            pats.append(
                (
                    "dmy",
                    rf"{b}(?P<dayword>{alternation(self.day_words)})\s+(?:{day_of})\s+(?:(?:{month_nouns})\s+)?{pro}(?P<month>{months})(?:\s*(?:,|{year_words})?\s*{year})?{e}",
                )
            )
        if lang == "en":
            pats.append(
                ("mdy", rf"{b}(?P<month>{months})\.?\s+(?P<day>[0-3]?\d){ordinal}(?:\s*,?\s*{year})?{e}")
            )
        pats += [
            (
                "my",
                rf"{b}(?:(?:{month_prefixes})\s+)?(?:-?\s*)?{pro}(?P<month>{months})(?:\s*(?:,|{year_words})?\s*{year})?{e}",
            ),
            *self._ago_patterns(d),
            ("rel", rf"{b}{pro}(?P<rel>{alternation(self.relative)}){e}"),
            ("wd", rf"{b}(?:(?P<wdpre>{prefixes})\s+)?{pro}(?P<wd>{weekdays})(?:'s)?{e}"),
        ]
        self.patterns = PatternSet(pats)
        # every pattern naming a month has a month name (after a proclitic) at a word's start, and after it
        # a year or no word character: a text without one is not searched with them (most texts have a
        # month's letters inside a word only). One Aho-Corasick pass finds the names (_month_named)
        self._month_words = KeywordSet(self.months)
        self._month_before = re.compile(rf"{b}{pro}")
        self._month_reach = max_width(pro) or 0
        self._month_after = re.compile(rf"(?:\s*(?:,|{year_words})?\s*(?:19|20)\d\d)?{e}")
        self._weekday_words = KeywordSet(self.weekdays)
        # "N days ago" tries the whole number grammar at every word: run it only on text with a unit
        self._ago_hint = re.compile(rf"{b}(?:{alternation(list(self.ago_units) + list(self.ago_duals))}){e}")

    def _ago_patterns(self, d: dict[str, Any]) -> list[tuple[str, str]]:
        """Patterns for "منذ ثمانية أيام" and "eight days ago": the word for "ago" before the count or after
        the unit. The count is any number the number grammar reads, or another word (no count: no date)."""
        b, e = r"(?<!\w)", r"(?!\w)"
        count = rf"(?:(?P<agon>{self.numbers.number_source}|\w+)\s*)?"
        unit = rf"(?P<agounit>{alternation(list(self.ago_units) + list(self.ago_duals))})"
        before, after = d.get("ago_before") or [], d.get("ago_after") or []
        out = []
        if before:
            out.append(
                (
                    "ago",
                    rf"{b}(?P<agopre>{alternation(before)})\s+{count}{unit}"
                    rf"(?:\s+(?P<agopost>{_alternation_or_none(after)}))?{e}",
                )
            )
        if after:
            out.append(("ago", rf"{b}{count}{unit}\s+(?P<agopost>{alternation(after)}){e}"))
        return out

    def find(self, text: str, *, published: date | None) -> list[DateMention]:
        """Date expressions in folded ``text``, non-overlapping, in text order."""
        out: list[DateMention] = []
        taken: list[tuple[int, int]] = []
        month_named: bool | None = None
        for name, pat in self.patterns.candidates(text):
            if name == "ago" and self._ago_hint.search(text) is None:
                continue
            if name in _MONTH_PATTERNS:
                if month_named is None:
                    month_named = self._month_named(text)
                if not month_named:
                    continue
            for m in pat.finditer(text):
                if any(m.start() < te and ts < m.end() for ts, te in taken):
                    continue
                mention = self._resolve(name, m, published)
                if mention is not None:
                    out.append(mention)
                    taken.append((m.start(), m.end()))
        out.sort(key=lambda x: x.start)
        return self._with_weekday(text, out)

    def may_name_day(self, text: str) -> bool:
        """Could :meth:`find` tell a day named by its date or weekday (``named_day``) in ``text``? Only the
        ISO, day-month and weekday patterns name one: a match of each holds a dash and a year's first two
        digits, a month name as the month patterns ask, or a weekday's name."""
        return (
            ("-" in text and ("19" in text or "20" in text))
            or self._weekday_words.any(text)
            or self._month_named(text)
        )

    def _month_named(self, text: str) -> bool:
        """Does a month name stand in ``text`` as the month patterns ask: after a proclitic (or none) at a
        word's start, before a year or no word character?"""
        before, after = self._month_before.fullmatch, self._month_after.match
        for start, end in self._month_words.spans(text):
            if after(text, end) is None:
                continue
            for p in range(start, max(0, start - self._month_reach) - 1, -1):
                if before(text, p, start) is not None:
                    return True
        return False

    def _with_weekday(self, text: str, found: list[DateMention]) -> list[DateMention]:
        """ "اليوم (الأربعاء)", "today, Wednesday": a report filed a day or two after the event calls the
        day "today" and names it; the weekday says which day it was."""
        out: list[DateMention] = []
        for d in found:
            prev = out[-1] if out else None
            if (
                prev is not None
                and d.named_day
                and d.precision == 1
                and any(prev.text.endswith(w) for w in self.today_words)
                and not text[prev.end : d.start].strip(" ,()-")
            ):
                out[-1] = DateMention(prev.start, d.end, text[prev.start : d.end], d.date, 1, named_day=True)
                continue
            out.append(d)
        return out

    def _resolve(self, name: str, m: re.Match[str], published: date | None) -> DateMention | None:
        text = m.group()
        if name == "iso":
            try:
                dt = date(int(m.group("year")), int(m.group("mnum")), int(m.group("day")))
            except ValueError:
                return None
            if published and dt > published:
                return None
            return DateMention(m.start(), m.end(), text, dt, 1, named_day=True)
        if name in ("dmy", "mdy"):
            day = self.day_words[m.group("dayword")] if m.groupdict().get("dayword") else int(m.group("day"))
            month = self.months[m.group("month")]
            year = int(m.group("year")) if m.group("year") else None
            if not 1 <= day <= 31:
                return None
            return DateMention(
                m.start(), m.end(), text, _parse_absolute(day, month, year, published), 1, named_day=True
            )
        if name == "my":
            word = m.group("month")  # the proclitic stands outside the group
            if word in self.ambiguous_months and not m.group("year") and not self._month_prefix.match(text):
                return None  # the verb "may", the word "اب": a month only with a prefix or a year
            month = self.months[word]
            year = int(m.group("year")) if m.group("year") else None
            return DateMention(m.start(), m.end(), text, _parse_absolute(1, month, year, published), 3)
        if published is None:
            return DateMention(m.start(), m.end(), text, None, 1)
        if name == "rel":
            days, precision = self.relative[m.group("rel")]
            told = days if m.group("rel") in self.anaphoric else None
            return DateMention(m.start(), m.end(), text, published - timedelta(days=days), precision, told)
        if name == "ago":
            unit = m.group("agounit")
            n_text = m.group("agon")
            n = 1 if n_text is None or n_text in self.ago_one else self.numbers.number(n_text)
            if n is None:
                return None
            days = self.ago_duals[unit] if unit in self.ago_duals else n * self.ago_units[unit]
            if days >= published.toordinal():
                return None  # before the year 1: not a date
            precision = 1 if days < 7 else (2 if days < 28 else 3)
            told = days if m.group("agopost") in self.told_after else None
            return DateMention(m.start(), m.end(), text, published - timedelta(days=days), precision, told)
        if name == "wd":
            wd = self.weekdays[m.group("wd")]
            back = (published.weekday() - wd) % 7
            if (
                self.lang == "ar"
                and not m.group("wdpre")
                and not has_article(text, clitics=event_proclitics())
            ):
                return None
            return DateMention(m.start(), m.end(), text, published - timedelta(days=back), 1, named_day=True)
        return None


#: the patterns whose match holds a month name (``(?P<month>...)``)
_MONTH_PATTERNS = frozenset({"dmy", "mdy", "my"})


def _alternation_or_none(words: list[str] | None) -> str:
    return alternation(words or []) or "(?!)"


@lru_cache(maxsize=4)
def finder(lang: str) -> DateFinder:
    """The compiled date patterns of a language (built once per process)."""
    return DateFinder(lang)
