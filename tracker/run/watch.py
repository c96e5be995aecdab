"""Watching the news: poll the feeds of a sources file on an interval and ingest what is new.

Reads a sources file (:mod:`tracker.run.sources`: feeds with name, url, language, reliability notes,
interval) and the feeds it lists, over HTTP through the polite :class:`tracker.run.fetch.Fetcher`. Writes
new items into the store with :func:`tracker.run.ingest.ingest`, remembers every item it has seen in the
store's ``feed_items`` table (item id = hash of GUID or URL, and a content hash, so a story republished under a new GUID is
not ingested twice), each feed's validators and back-off in ``fetch_state`` (:class:`FetchStates`),
and the feeds' reliability notes in ``feed_sources``. Reports incidents that became violations with each ingest.

A feed that is down, slow, returns garbage or redirects in a loop is logged and retried later with
an exponentially growing delay; the other feeds go on. Stopping (Ctrl-C, SIGTERM) takes effect
between feeds: what was fetched is committed first.

>>> sources = load_sources("sources.yaml")  # doctest: +SKIP
>>> with Store("tracker.duckdb") as store:  # doctest: +SKIP
...     Watcher(sources.feeds, store).run(polls=1)
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast

from tracker.document import Article
from tracker.run.feeds import FeedError, content_hash, response_articles, with_full_text
from tracker.run.fetch import Fetcher, FetchError, user_agent
from tracker.run.ingest import Judge, ingest
from tracker.run.sources import Source, record_sources
from tracker.store import Store, StoreError
from tracker.store.tables import create_fetch_state

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 900.0  # seconds: news sites update every few minutes; a quarter hour is polite
MAX_BACKOFF = 6 * 3600.0
KEEP_REPORTS = 100

#: What a reported violation carries (columns of the store's ``incidents`` table).
VIOLATION_FIELDS = (
    "event_id",
    "event_date",
    "sub_event_type",
    "actor1",
    "actor1_side",
    "location",
    "admin1",
    "fatalities",
    "injured",
    "ceasefire",
    "violation_reason",
    "url",
    "title",
)


# --- what has been seen --------------------------------------------------------------------------


class SeenItems:
    """The ``feed_items`` table: every feed item the watch has ingested, by id and content hash."""

    def __init__(self, con: Any) -> None:
        self.con = con
        con.execute(
            "CREATE TABLE IF NOT EXISTS feed_items ("
            " item_id VARCHAR PRIMARY KEY,"  # Article.id: a hash of the GUID or URL
            " content_hash VARCHAR NOT NULL,"
            " feed VARCHAR, url VARCHAR, title VARCHAR, first_seen TIMESTAMP)"
        )

    def new(self, articles: Sequence[Article]) -> list[Article]:
        """The articles seen neither by id nor by content hash (nor earlier in this list)."""
        if not articles:
            return []
        ids = [a.id for a in articles]
        hashes = [content_hash(a.text) for a in articles]
        known = self.con.execute(
            "SELECT item_id, content_hash FROM feed_items WHERE item_id IN (SELECT unnest(?))"
            " OR content_hash IN (SELECT unnest(?))",
            [ids, hashes],
        ).fetchall()
        seen_ids = {row[0] for row in known}
        seen_hashes = {row[1] for row in known}
        fresh = []
        for article, digest in zip(articles, hashes, strict=True):
            if article.id in seen_ids or digest in seen_hashes:
                continue
            seen_ids.add(article.id)
            seen_hashes.add(digest)
            fresh.append(article)
        return fresh

    def remember(self, feed: str, articles: Sequence[Article]) -> None:
        """Record ``articles`` as seen (committed at once: they are in the store already)."""
        now = datetime.now(UTC).replace(tzinfo=None)
        if not articles:
            return
        # One statement over lists: row-by-row executemany is slow in DuckDB.
        columns = [
            [a.id for a in articles],
            [content_hash(a.text) for a in articles],
            [a.url for a in articles],
            [a.title for a in articles],
        ]
        self.con.execute(
            "INSERT OR IGNORE INTO feed_items SELECT unnest(?), unnest(?), ?, unnest(?), unnest(?), ?",
            [columns[0], columns[1], feed, columns[2], columns[3], now],
        )

    def count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM feed_items").fetchone()
        return int(row[0]) if row else 0


# --- the watch -----------------------------------------------------------------------------------


@dataclass(slots=True)
class FeedState:
    """How a feed is doing: consecutive failures, when it is next due, its validators for 304s."""

    failures: int = 0
    next_due: float = 0.0
    last_error: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class FetchStates:
    """The store's ``fetch_state`` table: each feed's validators and back-off, kept between watches.

    A watch run from cron (``--once``) thus sends the last run's ``If-None-Match`` /
    ``If-Modified-Since`` and gets a 304 for an unchanged feed, and a failing feed keeps waiting
    out its back-off across runs. A feed's due time is kept only while it backs off: a healthy
    feed is polled whenever the watch runs. ``clock`` is the watch's (monotonic) clock; due times
    are stored as UTC wall-clock times.
    """

    def __init__(self, con: Any, clock: Callable[[], float]) -> None:
        # The connection is passed to each call: a watch opens the store only while it works.
        self.clock = clock
        create_fetch_state(con)

    def load(self, con: Any, source: Source) -> FeedState:
        """The state last saved for ``source`` (a fresh one when none, or when its URL changed)."""
        row = con.execute(
            "SELECT etag, last_modified, failures, next_due, last_error FROM fetch_state"
            " WHERE feed = ? AND url = ?",
            [source.name, source.url],
        ).fetchone()
        if row is None:
            return FeedState()
        etag, last_modified, failures, next_due, last_error = row
        due = 0.0
        if next_due is not None:
            due = self.clock() + (next_due - _utc_now()).total_seconds()
        return FeedState(
            failures=failures or 0,
            next_due=due,
            last_error=last_error,
            etag=etag,
            last_modified=last_modified,
        )

    def save(self, con: Any, source: Source, state: FeedState) -> None:
        """Keep ``state`` for ``source`` (committed at once, like the items seen)."""
        now = _utc_now()
        due = now + timedelta(seconds=max(0.0, state.next_due - self.clock())) if state.failures else None
        con.execute(
            "INSERT OR REPLACE INTO fetch_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                source.name,
                source.url,
                state.etag,
                state.last_modified,
                state.failures,
                due,
                state.last_error,
                now,
            ],
        )


@dataclass(slots=True)
class FeedResult:
    """One feed's part of a poll. ``status``: ``ok``, ``not-modified``, ``failed`` or ``waiting``."""

    name: str
    status: str
    items: int = 0
    new: int = 0
    retry: int = 0  # new items the store could not extract: offered again next poll
    error: str | None = None


@dataclass(slots=True)
class PollReport:
    """What one poll did: per-feed results and the violations that appeared."""

    feeds: list[FeedResult] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(f.new for f in self.feeds)

    def summary(self) -> str:
        failed = [f"{f.name} ({f.error})" for f in self.feeds if f.status == "failed"]
        polled = sum(1 for f in self.feeds if f.status != "waiting")
        text = f"{polled} feeds polled, {self.new} new items, {len(self.violations)} new violations"
        return text + (f"; failed: {'; '.join(failed)}" if failed else "")


class Watcher:
    """Polls feeds and ingests their new items into ``store``.

    ``timeout`` and ``agent`` (the User-Agent) configure the fetcher when none is given.
    ``default_interval`` applies to feeds without their own. A failing feed waits
    ``max(interval, min_backoff) * 2**failures`` seconds (capped at ``max_backoff``) before the next
    try. ``on_violation`` is called with each new violation (a dict of :data:`VIOLATION_FIELDS`);
    every new violation is also logged (INFO). ``on_poll`` gets each poll's report. ``extractor`` and
    ``judge`` are passed to :func:`tracker.run.ingest.ingest` (None and ``"auto"``: the packaged ones).
    """

    def __init__(
        self,
        sources: Sequence[Source],
        store: Store | Callable[[], AbstractContextManager[Store]],
        *,
        fetcher: Fetcher | None = None,
        timeout: float = 20.0,
        agent: str | None = None,
        default_interval: float = DEFAULT_INTERVAL,
        min_backoff: float = 60.0,
        max_backoff: float = MAX_BACKOFF,
        on_violation: Callable[[dict[str, Any]], None] | None = None,
        on_poll: Callable[[PollReport], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        extractor: Callable[[Article], Any] | None = None,
        judge: Judge | Literal["auto"] | None = "auto",
    ) -> None:
        self.sources = list(sources)
        self.extractor = extractor
        self.judge = judge
        self.stop_event = threading.Event()
        # Retry waits are short (the next poll is the real retry) and end early on a stop request.
        self.fetcher = fetcher or Fetcher(
            timeout=timeout, retries=1, max_backoff=60.0, agent=agent or user_agent(), sleep=self._nap
        )
        self.default_interval = default_interval
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self.on_violation = on_violation
        self.on_poll = on_poll
        self.clock = clock
        # An open store is used as it is (and left open); an opener is called per feed.
        self.store: Store
        self._open: Callable[[], AbstractContextManager[Store]] | None = None
        if hasattr(store, "con"):
            self.store = cast(Store, store)
        else:
            self._open = cast(Callable[[], AbstractContextManager[Store]], store)
        with self._session() as opened:
            self.seen = SeenItems(opened.con)
            record_sources(opened.con, self.sources)
            self.fetch_states = FetchStates(opened.con, clock)
            self.state: dict[str, FeedState] = {
                s.name: self.fetch_states.load(opened.con, s) for s in self.sources
            }

    @contextmanager
    def _session(self) -> Iterator[Store]:
        """The store, opened for as long as the block runs when the watch was given an opener (so
        the store is free between feeds and while the watch sleeps; see tracker.store.access)."""
        if self._open is None:
            yield self.store
            return
        with self._open() as store:
            self.store = store
            if hasattr(self, "seen"):
                self.seen.con = store.con
            yield store

    def known_items(self) -> int:
        """How many feed items the store remembers."""
        with self._session():
            return self.seen.count()

    def interval(self, source: Source) -> float:
        return source.interval if source.interval is not None else self.default_interval

    def poll(self, *, force: bool = False) -> PollReport:
        """Poll every feed that is due (all of them with ``force``); stop early if asked to."""
        report = PollReport()
        for source in self.sources:
            state = self.state[source.name]
            if self.stop_event.is_set():
                break
            if not force and state.next_due > self.clock():
                report.feeds.append(FeedResult(source.name, "waiting", error=state.last_error))
                continue
            result, violations = self._poll_feed(source, state)
            report.feeds.append(result)
            report.violations.extend(violations)
        return report

    def run(self, *, polls: int | None = None) -> list[PollReport]:
        """Poll until stopped (``stop()``, SIGINT, SIGTERM) or after ``polls`` polls.

        Waits between polls until the next feed is due. Signals are handled only when called from
        the main thread: the first asks for a clean stop, a second interrupts at once. Returns the
        reports of the last :data:`KEEP_REPORTS` polls (a watch may run for months).
        """
        reports: deque[PollReport] = deque(maxlen=KEEP_REPORTS)
        done = 0
        with self._signals():
            while not self.stop_event.is_set():
                report = self.poll()
                reports.append(report)
                done += 1
                log.info("poll %d: %s", done, report.summary())
                if self.on_poll is not None:
                    self.on_poll(report)
                if polls is not None and done >= polls:
                    break
                self._wait_until(min((s.next_due for s in self.state.values()), default=self.clock()))
        return list(reports)

    def _nap(self, seconds: float) -> None:
        self._wait_until(self.clock() + seconds)

    def _wait_until(self, due: float) -> None:
        # Short slices: a signal delivered to another thread only runs its handler when the
        # main thread wakes, so a long wait would make Ctrl-C take that long.
        while not self.stop_event.is_set() and (left := due - self.clock()) > 0:
            self.stop_event.wait(min(left, 0.5))

    def stop(self) -> None:
        """Ask the watch to stop after the feed it is on."""
        self.stop_event.set()

    # -- one feed -------------------------------------------------------------------------------

    def _poll_feed(self, source: Source, state: FeedState) -> tuple[FeedResult, list[dict[str, Any]]]:
        try:
            response = self.fetcher.get(source.url, headers=_validators(state))
            if response.status == 304:
                self._succeeded(source, state)
                return FeedResult(source.name, "not-modified"), []
            articles = response_articles(response, source=source.name, lang=source.lang, origin=source.url)
        except (FetchError, FeedError) as exc:
            self._failed(source, state, exc)
            return FeedResult(source.name, "failed", error=str(exc)), []
        except Exception as exc:  # a parser bug on one feed's bytes must not end a months-long watch
            log.exception("%s: unexpected error reading the feed", source.name)
            self._failed(source, state, exc)
            return FeedResult(source.name, "failed", error=f"{type(exc).__name__}: {exc}"), []
        violations: list[dict[str, Any]] = []
        stored: list[Article] = []
        try:
            with self._session():
                fresh = self.seen.new(articles)
            if source.full_text:
                fresh = [self._full_text(a) for a in fresh]
            if fresh:
                with self._session():
                    before = self._violation_ids()
                    ingest(
                        self.store,
                        fresh,
                        extractor=self.extractor,
                        judge=self.judge,
                        progress=False,
                        inputs=[source.url],
                    )
                    # Only what the store kept counts as seen: an article whose extraction failed is
                    # left out by the store to be tried again, so the watch must offer it again.
                    stored = self._kept(fresh)
                    self.seen.remember(source.name, stored)
                    violations = self._violations_since(before)
                log.info("%s: %d new of %d items", source.name, len(stored), len(articles))
        except StoreError as exc:
            # Another writer (an ingest) holds the store, or the run failed and was rolled back: the
            # items wait for the next poll, which must fetch them again rather than hear "not modified".
            log.warning("%s: the store did not take the items, left for the next poll: %s", source.name, exc)
            state.etag = state.last_modified = None
            state.last_error = str(exc)
            state.next_due = self.clock() + self.interval(source)
            return FeedResult(source.name, "failed", error=f"store: {exc}"), []
        retry = len(fresh) - len(stored)
        if retry:
            log.warning(
                "%s: %d new items not stored (extraction failed); offered again next poll", source.name, retry
            )
        # With items to retry, the next request must not be answered "not modified".
        state.etag = None if retry else response.headers.get("etag")
        state.last_modified = None if retry else response.headers.get("last-modified")
        self._succeeded(source, state)
        for violation in violations:
            log.info("new violation: %s", format_violation(violation))
            if self.on_violation is not None:
                self.on_violation(violation)
        result = FeedResult(source.name, "ok", items=len(articles), new=len(stored), retry=retry)
        return result, violations

    def _kept(self, articles: Sequence[Article]) -> list[Article]:
        """The articles the store holds now, under their id or (a duplicate) under their content."""
        from tracker.store import content_hash as stored_hash

        hashes = [stored_hash(a) for a in articles]
        rows = self.store.con.execute(
            "SELECT article_id, content_hash FROM articles WHERE article_id IN (SELECT unnest(?))"
            " OR content_hash IN (SELECT unnest(?))",
            [[a.id for a in articles], hashes],
        ).fetchall()
        ids, known = {r[0] for r in rows}, {r[1] for r in rows}
        return [a for a, h in zip(articles, hashes, strict=True) if a.id in ids or h in known]

    def _full_text(self, article: Article) -> Article:
        try:
            return with_full_text(article, fetcher=self.fetcher)
        except Exception:  # same reason: keep the feed's text rather than stop
            log.exception("full text of %s failed, keeping the feed's text", article.url)
            return article

    def _succeeded(self, source: Source, state: FeedState) -> None:
        state.failures = 0
        state.last_error = None
        state.next_due = self.clock() + self.interval(source)
        self._save_state(source, state)

    def _save_state(self, source: Source, state: FeedState) -> None:
        try:
            with self._session() as opened:
                self.fetch_states.save(opened.con, source, state)
        except StoreError as exc:  # another writer holds the store: the state is kept in memory
            log.warning("%s: feed state not saved this time: %s", source.name, exc)

    def _failed(self, source: Source, state: FeedState, exc: Exception) -> None:
        state.failures += 1
        state.last_error = str(exc)
        base = max(self.interval(source), self.min_backoff)
        delay = min(base * 2**state.failures, self.max_backoff)
        state.next_due = self.clock() + delay
        self._save_state(source, state)
        log.warning(
            "%s failed (%d in a row), next try in %.0f s: %s", source.name, state.failures, delay, exc
        )

    # -- violations -----------------------------------------------------------------------------

    def _has_incidents(self) -> bool:
        row = self.store.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'incidents'"
        ).fetchone()
        return bool(row and row[0])

    def _violation_ids(self) -> set[str]:
        if not self._has_incidents():
            return set()
        rows = self.store.con.execute("SELECT event_id FROM incidents WHERE violation").fetchall()
        return {r[0] for r in rows}

    def _violations_since(self, before: set[str]) -> list[dict[str, Any]]:
        if not self._has_incidents():
            return []
        columns = ", ".join(VIOLATION_FIELDS)
        cursor = self.store.con.execute(
            f"SELECT {columns} FROM incidents WHERE violation ORDER BY event_date, event_id"
        )
        rows = [dict(zip(VIOLATION_FIELDS, row, strict=True)) for row in cursor.fetchall()]
        return [r for r in rows if r["event_id"] not in before]

    @contextmanager
    def _signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def ask_to_stop(signum: int, frame: object) -> None:
            if self.stop_event.is_set():
                raise KeyboardInterrupt  # a second signal: the user means it
            log.warning("stopping after the current feed (signal %d again to interrupt at once)", signum)
            self.stop_event.set()

        previous = {sig: signal.signal(sig, ask_to_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _validators(state: FeedState) -> dict[str, str]:
    # Conditional GET: an unchanged feed answers 304 with no body.
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def format_violation(violation: Mapping[str, Any]) -> str:
    """One line for a new violation: date, place, what, who, toll, ceasefire, source URL.

    >>> format_violation({"event_date": "2017-01-22", "location": "Aleppo", "actor1": "Rebels",
    ...                   "fatalities": 0, "injured": 4, "ceasefire": "c1"})
    '2017-01-22 Aleppo: event by Rebels, 4 injured; breaks c1'
    """
    day = str(violation.get("event_date") or "undated")[:10]
    place = (
        ", ".join(str(p) for p in (violation.get("location"), violation.get("admin1")) if p)
        or "unknown place"
    )
    who = violation.get("actor1") or "unknown actor"
    what = violation.get("sub_event_type") or "event"
    toll = "".join(
        f", {n} {word}"
        for n, word in ((violation.get("fatalities"), "killed"), (violation.get("injured"), "injured"))
        if isinstance(n, int) and n > 0
    )
    where_from = f" <{violation['url']}>" if violation.get("url") else ""
    return f"{day} {place}: {what} by {who}{toll}; breaks {violation.get('ceasefire') or '?'}{where_from}"
