"""What reading inputs produces besides articles: the run report, publication dates, records -> articles.

Reads one record (a mapping of ``id``, ``text``, ``published``, ``lang``, ``source``, ``url``,
``title``) at a time; writes an :class:`~tracker.document.Article`, or a :class:`BadRecord` into the
:class:`RunReport` with the reason it could not be used. :func:`finish` applies the limits every
article gets whatever its format: the text cut at :data:`MAX_TEXT_CHARS` characters, lone
surrogates replaced, the language told from the script when no record gave it.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.document import Article
from tracker.schema import FIRST_YEAR, LAST_YEAR, date_in_range, stable_id, to_date
from tracker.text.language import detect_language

__all__ = [
    "MAX_TEXT_CHARS",
    "BadRecord",
    "Defaults",
    "RunReport",
    "article_from_record",
    "finish",
    "norm_lang",
    "opt_str",
]

log = logging.getLogger(__name__)

#: Longest article text kept, in characters; longer texts are cut and the cut is reported.
MAX_TEXT_CHARS = 2_000_000
#: Failed records, warnings and undated articles kept in detail (all are counted): a run over a
#: million bad lines must not keep a million reasons in memory.
MAX_DETAILS = 1000

_LANG_ALIASES = {"ar": "ar", "ara": "ar", "arabic": "ar", "en": "en", "eng": "en", "english": "en"}


@dataclass(slots=True, frozen=True)
class BadRecord:
    """A record that could not be used (or a warning about one): where it came from and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(slots=True)
class RunReport:
    """Accounts for every record of a run: ``read == with_events + without_events + failed``.

    Ingestion calls :meth:`fail` for records it cannot read; extraction calls :meth:`record` for each
    article it processed (or :meth:`fail` when extraction raised). ``warnings`` hold problems that did
    not lose the record (a cut text, an unreadable date, a skipped symlink loop).

    >>> r = RunReport()
    >>> r.record(True, events=2); r.record(False); r.fail("a.jsonl:3", "invalid JSON")
    >>> (r.read, r.with_events, r.without_events, r.failed, r.events)
    (3, 1, 1, 1, 2)
    """

    with_events: int = 0
    without_events: int = 0
    events: int = 0
    aggregates: int = 0
    no_date: int = 0
    truncated: int = 0
    interrupted: bool = False
    bad: list[BadRecord] = field(default_factory=list)
    warnings: list[BadRecord] = field(default_factory=list)
    undated: list[BadRecord] = field(default_factory=list)
    skipped: list[BadRecord] = field(default_factory=list)
    #: How many of each there were (the lists keep the first :data:`MAX_DETAILS`).
    counts: dict[str, int] = field(
        default_factory=lambda: {"bad": 0, "warnings": 0, "undated": 0, "skipped": 0}
    )

    @property
    def failed(self) -> int:
        """Records that could not be read or extracted."""
        return self.counts["bad"]

    def _keep(self, kind: str, item: BadRecord) -> None:
        self.counts[kind] += 1
        details: list[BadRecord] = getattr(self, kind)
        if len(details) < MAX_DETAILS:
            details.append(item)

    @property
    def processed(self) -> int:
        """Articles that went through extraction (with or without events)."""
        return self.with_events + self.without_events

    @property
    def read(self) -> int:
        """Every record met: processed plus failed."""
        return self.processed + self.failed

    def record(self, result_has_events: bool, *, events: int = 0, aggregates: int = 0) -> None:
        """Count one article that went through extraction."""
        if result_has_events:
            self.with_events += 1
        else:
            self.without_events += 1
        self.events += events
        self.aggregates += aggregates

    def fail(self, origin: str, reason: str) -> None:
        """Count one record that could not be read or extracted."""
        log.debug("bad record %s: %s", origin, reason)
        self._keep("bad", BadRecord(origin, reason))

    def warn(self, origin: str, reason: str) -> None:
        """Note a problem that did not lose the record."""
        log.debug("warning %s: %s", origin, reason)
        self._keep("warnings", BadRecord(origin, reason))

    def skip(self, origin: str, reason: str) -> None:
        """Note a file left out of the run (not an article file); listed in the summary."""
        log.debug("skipped %s: %s", origin, reason)
        self._keep("skipped", BadRecord(origin, reason))

    def note_undated(self, article: Article, events: Sequence[Mapping[str, Any]]) -> None:
        """Name an article read without a publication date and how many of its events have no date."""
        if article.published is not None:
            return
        undated = sum(1 for e in events if e.get("event_date") is None)
        reason = f"no publication date; {undated} of {len(events)} event(s) undated"
        self._keep("undated", BadRecord(article.origin or article.id, reason))

    def summary(self, *, limit: int = 20) -> str:
        """A multi-line account of the run for stderr; lists at most ``limit`` bad records and warnings."""
        lines = [
            f"read {self.read} record(s): {self.with_events} with events, "
            f"{self.without_events} without events, {self.failed} failed",
            f"events: {self.events}" + (f", aggregate tolls: {self.aggregates}" if self.aggregates else ""),
        ]
        if self.no_date:
            lines.append(
                f"no publication date: {self.no_date} article(s); their events have no date "
                "(give --published or a 'published' field)"
            )
        if self.truncated:
            lines.append(f"text cut at {MAX_TEXT_CHARS:,} characters: {self.truncated} article(s)")
        if self.interrupted:
            lines.append("interrupted: only the records above were read; the output holds their events")
        if self.processed == 0:
            lines.append("nothing could be read or extracted")
        return "\n".join([*lines, *self.details(limit=limit)])

    def details(self, *, limit: int = 20) -> list[str]:
        """The failed records, warnings, undated articles and skipped files, at most ``limit`` of each."""
        lines: list[str] = []
        for title, kind in (
            ("failed records", "bad"),
            ("warnings", "warnings"),
            ("articles without a publication date", "undated"),
            ("files skipped", "skipped"),
        ):
            items: list[BadRecord] = getattr(self, kind)
            if not items:
                continue
            lines.append(f"{title}:")
            lines.extend(f"  {item}" for item in items[:limit])
            if self.counts[kind] > limit:
                lines.append(f"  ... and {self.counts[kind] - limit} more")
        return lines


# --------------------------------------------------------------------------------------------------
# language, dates


def norm_lang(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    key = value.strip().lower().replace("_", "-").split("-")[0]
    return _LANG_ALIASES.get(key)


# --------------------------------------------------------------------------------------------------
# records -> articles


@dataclass(slots=True)
class Defaults:
    published: date | None
    lang: str | None
    source: str | None


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def opt_str(value: Any) -> str | None:
    return None if _missing(value) else str(value).strip()


def article_from_record(
    record: Mapping[str, Any], origin: str, defaults: Defaults, report: RunReport
) -> Article | None:
    text = record.get("text")
    if _missing(text):
        report.fail(origin, "missing 'text'" if "text" not in record or text is None else "empty 'text'")
        return None
    if not isinstance(text, str):
        report.fail(origin, f"'text' is not a string ({type(text).__name__})")
        return None
    published = defaults.published
    raw_date = record.get("published")
    if not _missing(raw_date):
        try:
            published = to_date(raw_date)
        except (ValueError, OverflowError, OSError):
            report.warn(origin, f"unreadable published date {str(raw_date)[:40]!r}: treated as missing")
            published = defaults.published
        if not date_in_range(published):
            report.fail(origin, f"published date {str(raw_date)[:40]!r} outside {FIRST_YEAR}-{LAST_YEAR}")
            return None
    rec_id = opt_str(record.get("id"))
    raw_lang = record.get("lang", record.get("language"))
    lang = norm_lang(raw_lang)
    if lang is None and not _missing(raw_lang):
        report.warn(origin, f"unsupported lang {str(raw_lang)[:20]!r}: told from the script instead")
    return Article(
        id=rec_id or stable_id(text),
        text=text,
        published=published,
        lang=lang or defaults.lang,
        source=opt_str(record.get("source")) or defaults.source,
        url=opt_str(record.get("url")),
        title=opt_str(record.get("title")),
        origin=origin,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def finish(article: Article, report: RunReport) -> Article:
    """Cut an over-long text, replace lone surrogates, tell the language, count a missing date."""
    if _SURROGATE.search(article.text) or (article.title and _SURROGATE.search(article.title)):
        # a JSON "\ud800" escape decodes to a lone surrogate, which no UTF-8 writer accepts
        article.text = _SURROGATE.sub("\ufffd", article.text)
        article.title = _SURROGATE.sub("\ufffd", article.title) if article.title else article.title
        report.warn(article.origin or article.id, "lone surrogate characters replaced by U+FFFD")
    if len(article.text) > MAX_TEXT_CHARS:
        article.text = article.text[:MAX_TEXT_CHARS]
        report.truncated += 1
        report.warn(article.origin or article.id, f"text cut at {MAX_TEXT_CHARS:,} characters")
    if article.lang not in ("ar", "en"):
        article.lang = detect_language(article.text)
    if article.published is None:
        report.no_date += 1
    return article
