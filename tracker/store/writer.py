"""Writing one ingestion run: which articles are new, their stored rows, and the recomputed incidents.

Reads :class:`tracker.document.Article` batches and what an extractor found in them (rows as dicts);
writes the ``articles``, ``mentions``, ``aggregates``, ``ceasefires_found`` and ``incidents`` tables
inside the run's transaction (opened by :meth:`tracker.store.Store.new_run`), counting everything in
an :class:`IngestResult`. It calls no extractor and no judge: :mod:`tracker.run.ingest` does, and
hands the rows here.

Only new or changed articles need extracting: :meth:`RunWriter.classify` tells them apart by content
hash and by the fingerprint of the extractor that read them, and drops a changed article's old rows.
The days whose mentions changed are remembered, so only their incidents are merged again. The
incidents they replace are kept aside for the run (a temporary table), so each recomputed incident
continues the id of the stored one it shares most mentions with, and :meth:`RunWriter.log_changes`
records what was created, updated, merged, split or deleted (:mod:`tracker.store.identity`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlparse

import duckdb
import pandas as pd

from tracker.document import Article
from tracker.schema import AGGREGATE_COLUMNS, stable_id, to_frame
from tracker.store.identity import changes, fresh_ids, match
from tracker.store.tables import (
    ARTICLE_COLUMNS,
    INCIDENT_COLUMNS,
    TABLES,
    append,
    first,
)

__all__ = [
    "MENTIONS_PER_MERGE",
    "Extracted",
    "IngestResult",
    "RunWriter",
    "content_hash",
    "extractor_fingerprint",
    "log_run",
    "plain",
]

log = logging.getLogger(__name__)

#: Extraction failures kept in detail per run (all are counted).
MAX_ERRORS = 1000
# Incident columns that are not the incident's content (left out of its digest).
_NOT_CONTENT = {"event_id", "run_id", "changed_at", "digest"}
#: Mentions merged in one step at most (a day with more is merged alone, as a day is never split):
#: bounds the memory of the merge step by mentions, not by days, so a busy week, a store holding
#: years of reports or a long run's undated mentions cost no more than a quiet day. Merging and
#: judging take some 7 KB of Python objects per mention (Arabic corpus), so a step stays near 15 MB;
#: a run of 120,000 articles whose ~20,000 mentions fell within 64 days once took 140 MB at once.
MENTIONS_PER_MERGE = 2_000


@dataclass(slots=True)
class IngestResult:
    """What one ingestion run did."""

    run_id: int
    status: str = "ok"
    read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    outdated: int = 0  # unchanged articles read again because the extractor changed
    failed: int = 0
    mentions_added: int = 0
    mentions_removed: int = 0
    aggregates_added: int = 0
    incidents_recomputed: int = 0
    incidents_total: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One paragraph for the terminal."""
        return (
            f"run {self.run_id} {self.status}: {self.read} articles read, {self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.outdated} re-read by a newer extractor, "
            f"{self.duplicates} duplicates, {self.failed} failed; "
            f"{self.mentions_added} mentions added, {self.mentions_removed} removed, "
            f"{self.aggregates_added} aggregates; {self.incidents_recomputed} incidents recomputed, "
            f"{self.incidents_total} in store ({self.seconds:.1f}s)"
        )


class Extracted(NamedTuple):
    """One article to store with what its extraction found (rows as dicts)."""

    article: Article
    content_hash: str
    events: list[dict[str, Any]]
    aggregates: list[dict[str, Any]]
    ceasefires_found: list[dict[str, Any]]


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A fingerprint of the packaged extractor: its code and its resources (lexicons, gazetteer, actor
    and ceasefire registries). It changes with any upgrade or edit of these, so a store re-reads its
    articles with the new extractor."""
    root = Path(__file__).resolve().parents[1]  # the tracker package
    digest = hashlib.sha1()
    files = sorted(
        p
        for p in [*root.rglob("*.py"), *(root / "resources").rglob("*")]
        if p.is_file() and "demo" not in p.relative_to(root).parts and "__pycache__" not in p.parts
    )
    for p in files:
        digest.update(str(p.relative_to(root)).encode())
        digest.update(p.read_bytes())
    return digest.hexdigest()[:16]


def content_hash(article: Article) -> str:
    """Hash of what an article says (text, title, date, language): the same report read twice,
    or syndicated under another id, hashes the same.

    >>> content_hash(Article(id="a", text="x  y")) == content_hash(Article(id="b", text="x y"))
    True
    """
    text = " ".join(article.text.split())
    published = article.published.isoformat() if article.published else ""
    parts = (text, article.title or "", published, article.lang or "")
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def plain(value: Any) -> Any:
    """A JSON-friendly plain value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime | date):
        return pd.Timestamp(value).isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _source_of(article: Article) -> str:
    if article.source:
        return article.source
    if article.url:
        host = urlparse(article.url).netloc
        if host:
            return host
    return "unknown"


class RunWriter:
    """The state of one ingestion run inside its transaction: counts and the days it touched.

    ``fingerprint`` is the extractor's (recorded with each article it read); ``keep_text`` stores
    the articles' texts too.
    """

    def __init__(
        self, con: duckdb.DuckDBPyConnection, result: IngestResult, *, keep_text: bool, fingerprint: str
    ):
        self.con = con
        self.result = result
        self.keep_text = keep_text
        self.days: set[date] = set()  # bounded by the calendar, not by the corpus
        self.fingerprint = fingerprint
        # The run's time (UTC, naive as DuckDB stores it): the changed_at of what it changes. Runs are
        # serialised by the store's lock, so a later run never has an earlier time; whole seconds, as
        # exports write it, so the time a user holds is the time stored.
        self.stamp = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        self._pooled = False  # whether the incidents of the run's days are set aside yet
        self._through: date = date.min  # the last day whose incidents have been recomputed
        # The stored incidents this run replaces, and the incidents it stores.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _old_incidents (event_id VARCHAR, day DATE, digest VARCHAR,"
            " changed_at TIMESTAMP, mention_ids VARCHAR[], claimed BOOLEAN)"
        ).fetchall()
        con.execute("CREATE OR REPLACE TEMP TABLE _new_incidents (event_id VARCHAR, kept BOOLEAN)").fetchall()
        # Each merged mention's incident and reason, applied by :meth:`assign_mentions`.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _assign (event_id VARCHAR, incident_id VARCHAR, merge_reason VARCHAR)"
        ).fetchall()

    def classify(self, batch: list[Article]) -> list[tuple[Article, str]]:
        """The articles of a batch to extract, with their content hash; the old rows of changed
        articles are dropped, and unchanged articles and duplicates counted."""
        hashes = [content_hash(a) for a in batch]
        known = self.con.execute(
            "SELECT article_id, content_hash, extractor FROM articles WHERE article_id IN (SELECT unnest(?))"
            " OR content_hash IN (SELECT unnest(?))",
            [[a.id for a in batch], hashes],
        ).fetchall()
        by_id = {aid: h for aid, h, _ in known}
        read_by = {aid: x for aid, _, x in known}
        seen_hashes = {h for _, h, _ in known}
        todo: list[tuple[Article, str]] = []
        remove: list[str] = []
        claimed: dict[str, int] = {}
        for article, h in zip(batch, hashes, strict=True):
            self.result.read += 1
            old = by_id.get(article.id)
            if old == h and read_by.get(article.id) == self.fingerprint:
                self.result.unchanged += 1
                continue
            if old == h and article.id not in claimed:
                # the same text, read by an older extractor: read it again
                self.result.outdated += 1
                remove.append(article.id)
                claimed[article.id] = len(todo)
                todo.append((article, h))
                continue
            if article.id in claimed:
                # The same id twice in one batch: the later version wins, as it would across batches.
                todo[claimed[article.id]] = (article, h)
                continue
            if h in seen_hashes:
                self.result.duplicates += 1
                if old is not None:
                    remove.append(article.id)
                continue
            seen_hashes.add(h)
            if old is not None:
                self.result.changed += 1
                remove.append(article.id)
            else:
                self.result.new += 1
            claimed[article.id] = len(todo)
            todo.append((article, h))
        self._remove(remove)
        return todo

    def _remove(self, article_ids: list[str]) -> None:
        """Drop changed articles' old rows, remembering which days' incidents must be recomputed."""
        if not article_ids:
            return
        sel, ids = "article_id IN (SELECT unnest(?))", [article_ids]
        days = self.con.execute(
            f"SELECT DISTINCT CAST(event_date AS DATE) FROM mentions WHERE {sel} AND event_date IS NOT NULL",
            ids,
        ).fetchall()
        self.days.update(d for (d,) in days)
        # Undated mentions are their own incidents: drop those incidents with them.
        undated = f"event_id IN (SELECT incident_id FROM mentions WHERE {sel} AND event_date IS NULL)"
        self._set_aside(undated, ids)
        self.con.execute(f"DELETE FROM incidents WHERE {undated}", ids).fetchall()
        row = first(self.con.execute(f"SELECT count(*) FROM mentions WHERE {sel}", ids))
        self.result.mentions_removed += int(row[0]) if row else 0
        for table in ("mentions", "aggregates", "ceasefires_found", "articles"):
            self.con.execute(f"DELETE FROM {table} WHERE {sel}", ids).fetchall()

    def failed(self, article: Article, exc: Exception) -> None:
        """Count an article whose extraction failed: it is not stored, so the next run tries it again."""
        self.result.failed += 1
        if len(self.result.errors) < MAX_ERRORS:  # counted all, kept in detail up to a bound
            self.result.errors.append(f"{article.id}: {type(exc).__name__}: {exc}")

    def add(self, extracted: list[Extracted]) -> None:
        """Insert a batch of extracted articles with their mentions, aggregates and announcements."""
        run_id = self.result.run_id
        articles: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        aggregates: list[dict[str, Any]] = []
        found: list[dict[str, Any]] = []
        for article, h, ev, ag, cf in extracted:
            base = {
                "article_id": article.id,
                "source": _source_of(article),
                "url": article.url,
                "title": article.title,
                "published": article.published,
                "language": article.lang,
            }
            for i, e in enumerate(ev):
                row = {**e, **{k: v for k, v in base.items() if e.get(k) is None}}
                row["event_id"] = e.get("event_id") or stable_id(article.id, "event", i)
                row["article_id"] = article.id
                events.append(row)
            for i, a in enumerate(ag):
                row = {**a, **{k: v for k, v in base.items() if a.get(k) is None and k in AGGREGATE_COLUMNS}}
                row["aggregate_id"] = a.get("aggregate_id") or stable_id(article.id, "aggregate", i)
                row["article_id"] = article.id
                aggregates.append(row)
            for c in cf:
                found.append(
                    {
                        "article_id": article.id,
                        "ceasefire_id": plain(c.get("id")),
                        "name": plain(c.get("name")),
                        "start": pd.to_datetime(plain(c.get("start")), errors="coerce"),
                        "record": json.dumps({k: plain(v) for k, v in c.items()}, ensure_ascii=False),
                    }
                )
            articles.append(
                {
                    **base,
                    "published": pd.Timestamp(article.published) if article.published else None,
                    "content_hash": h,
                    "origin": article.origin,
                    "text": article.text if self.keep_text else None,
                    "n_events": len(ev),
                    "n_aggregates": len(ag),
                    "first_run": run_id,
                    "last_run": run_id,
                    "extractor": self.fingerprint,
                }
            )
        if articles:
            frame = pd.DataFrame(articles)
            frame["published"] = pd.to_datetime(frame["published"]).astype("datetime64[ns]")
            append(self.con, "articles", frame, ARTICLE_COLUMNS)
        if events:
            mentions = to_frame(events).assign(run_id=run_id)
            self.days.update(d.date() for d in mentions["event_date"].dropna().dt.normalize().unique())
            append(self.con, "mentions", mentions)
            self.result.mentions_added += len(mentions)
        if aggregates:
            append(self.con, "aggregates", to_frame(aggregates, AGGREGATE_COLUMNS).assign(run_id=run_id))
            self.result.aggregates_added += len(aggregates)
        if found:
            append(self.con, "ceasefires_found", pd.DataFrame(found).assign(run_id=run_id))

    # -- incidents ------------------------------------------------------------------------------

    def day_chunks(self) -> list[list[date]]:
        """The days this run touched, sorted, in chunks of at most :data:`MENTIONS_PER_MERGE`
        stored mentions (more only for one day alone), whose incidents are merged together."""
        days = sorted(self.days)
        if not days:
            return []
        counts = dict(
            self.con.execute(
                "SELECT CAST(event_date AS DATE) AS day, count(*) FROM mentions"
                " WHERE CAST(event_date AS DATE) IN (SELECT unnest(?::DATE[])) GROUP BY day",
                [days],
            ).fetchall()
        )
        chunks: list[list[date]] = [[]]
        size = 0
        for day in days:
            n = int(counts.get(day, 0))
            if chunks[-1] and size + n > MENTIONS_PER_MERGE:
                chunks.append([])
                size = 0
            chunks[-1].append(day)
            size += n
        return chunks

    def _set_aside(self, where: str, params: list[Any]) -> None:
        """Keep the stored incidents matching ``where`` for the run, before they are deleted."""
        self.con.execute(
            "INSERT INTO _old_incidents SELECT event_id, CAST(event_date AS DATE), digest, changed_at,"
            f" mention_ids, false FROM incidents WHERE ({where})"
            " AND event_id NOT IN (SELECT event_id FROM _old_incidents)",
            params,
        ).fetchall()

    def clear_incidents(self, days: list[date]) -> pd.DataFrame:
        """Delete the incidents of these days and return all their mentions, to be merged again."""
        sel = "CAST(event_date AS DATE) IN (SELECT unnest(?::DATE[]))"
        if not self._pooled:
            # Every day of the run at once: a mention that moved to a later day finds its incident.
            self._set_aside(sel, [sorted(self.days)])
            self._pooled = True
        self._through = max(days)
        self.con.execute(f"DELETE FROM incidents WHERE {sel}", [days]).fetchall()
        return self.con.execute(f"SELECT * FROM mentions WHERE {sel}", [days]).df()

    def unmerged_undated(self) -> Iterator[pd.DataFrame]:
        """Mentions without a date that belong to no incident yet (each becomes its own), at most
        :data:`MENTIONS_PER_MERGE` at a time."""
        self._through = date.max
        ids = [
            event_id
            for (event_id,) in self.con.execute(
                "SELECT event_id FROM mentions WHERE event_date IS NULL AND incident_id IS NULL"
                " ORDER BY event_id"
            ).fetchall()
        ]
        for start in range(0, len(ids), MENTIONS_PER_MERGE):
            yield self.con.execute(
                "SELECT * FROM mentions WHERE event_id IN (SELECT unnest(?))",
                [ids[start : start + MENTIONS_PER_MERGE]],
            ).df()

    def _stored_ids(self, mention_ids: list[str]) -> pd.DataFrame:
        """The set-aside incidents, not yet continued, that share a mention with these."""
        return self.con.execute(
            "SELECT event_id, day, digest, changed_at, mention_ids FROM _old_incidents WHERE NOT claimed"
            " AND event_id IN (SELECT event_id FROM (SELECT event_id, unnest(mention_ids) AS m"
            " FROM _old_incidents) WHERE m IN (SELECT unnest(?)))",
            [mention_ids],
        ).df()

    def _used(self, ids: Any) -> set[str]:
        """Which of these ids are, or ever were, incident ids."""
        rows = self.con.execute(
            "SELECT event_id FROM incidents WHERE event_id IN (SELECT unnest($1))"
            " UNION SELECT event_id FROM _old_incidents WHERE event_id IN (SELECT unnest($1))"
            " UNION SELECT incident_id FROM incident_changes WHERE incident_id IN (SELECT unnest($1))",
            [sorted(ids)],
        ).fetchall()
        return {r[0] for r in rows}

    def _identify(self, incidents: pd.DataFrame, assignment: pd.DataFrame) -> None:
        """Give recomputed incidents the ids of the stored ones they continue (else new ids), in
        place, with their digest and ``changed_at``."""
        mentions = [frozenset(str(m) for m in ms) for ms in incidents["mention_ids"]]
        stored = self._stored_ids(sorted(set().union(*mentions)))
        old = {r.event_id: frozenset(r.mention_ids) for r in stored.itertuples()}
        pending = {
            r.event_id for r in stored.itertuples() if not pd.isna(r.day) and r.day.date() > self._through
        }
        kept = match(mentions, old, pending=pending)
        fresh = iter(fresh_ids([m for m, k in zip(mentions, kept, strict=True) if k is None], self._used))
        ids = [k if k is not None else next(fresh) for k in kept]
        digests = [
            hashlib.sha1(
                json.dumps(
                    {k: plain(v) for k, v in r.items() if k not in _NOT_CONTENT}, sort_keys=True, default=str
                ).encode()
            ).hexdigest()
            for r in incidents.to_dict("records")
        ]
        before = {r.event_id: (r.digest, r.changed_at) for r in stored.itertuples()}
        changed_at = [
            before[i][1] if k is not None and before[i][0] == d else self.stamp
            for i, k, d in zip(ids, kept, digests, strict=True)
        ]
        rename = dict(zip(incidents["event_id"], ids, strict=True))
        assignment["incident_id"] = assignment["incident_id"].map(rename)
        incidents["event_id"] = ids
        incidents["digest"] = digests
        incidents["changed_at"] = pd.to_datetime(pd.Series(changed_at, index=incidents.index))
        self.con.execute(
            "UPDATE _old_incidents SET claimed = true WHERE event_id IN (SELECT unnest(?))",
            [[k for k in kept if k is not None]],
        ).fetchall()
        append(
            self.con,
            "_new_incidents",
            pd.DataFrame({"event_id": ids, "kept": [k is not None for k in kept]}),
            {"event_id": "", "kept": ""},
        )

    def store_incidents(self, incidents: pd.DataFrame, assignment: pd.DataFrame) -> None:
        """Insert merged incidents under their lasting ids (see :mod:`tracker.store.identity`) and record
        each mention's incident and the reason it joined. Changes the frames' ids in place."""
        if not incidents.empty:
            self._identify(incidents, assignment)
        append(self.con, "incidents", incidents.assign(run_id=self.result.run_id), INCIDENT_COLUMNS)
        append(
            self.con, "_assign", assignment, dict.fromkeys(("event_id", "incident_id", "merge_reason"), "")
        )
        self.result.incidents_recomputed += len(incidents)

    def assign_mentions(self) -> None:
        """Record each merged mention's incident and the reason it joined, in one ``UPDATE`` once
        every merge step is done (no step reads them back): one set of undo records for the
        commit instead of one per step, each touching most of the run's mention blocks."""
        self.con.execute(
            "UPDATE mentions SET incident_id = a.incident_id, merge_reason = a.merge_reason"
            " FROM _assign a WHERE mentions.event_id = a.event_id"
        ).fetchall()
        self.con.execute("DELETE FROM _assign").fetchall()

    def log_changes(self) -> None:
        """Append what this run did to incident ids to ``incident_changes`` (once every day is
        recomputed): the ids created, updated, merged, split and deleted."""
        exploded = "SELECT event_id AS old_id, unnest(mention_ids) AS mention_id FROM _old_incidents"
        old = self.con.execute(
            f"WITH om AS ({exploded}), holders AS (SELECT om.old_id, list(DISTINCT m.incident_id) FILTER"
            " (WHERE m.incident_id IS NOT NULL AND m.incident_id <> om.old_id) AS others FROM om"
            " LEFT JOIN mentions m ON m.event_id = om.mention_id GROUP BY om.old_id)"
            " SELECT o.event_id, o.claimed, i.digest IS DISTINCT FROM o.digest, coalesce(h.others, [])"
            " FROM _old_incidents o LEFT JOIN holders h ON h.old_id = o.event_id"
            " LEFT JOIN incidents i ON i.event_id = o.event_id ORDER BY o.event_id"
        ).fetchall()
        new = self.con.execute(
            f"WITH om AS ({exploded}) SELECT n.event_id, n.kept, coalesce(list(DISTINCT om.old_id) FILTER"
            " (WHERE om.old_id IS NOT NULL AND om.old_id <> n.event_id), []) FROM _new_incidents n"
            " JOIN mentions m ON m.incident_id = n.event_id LEFT JOIN om ON om.mention_id = m.event_id"
            " GROUP BY n.event_id, n.kept ORDER BY n.event_id"
        ).fetchall()
        log_rows = changes(old, new)
        frame = pd.DataFrame(
            {
                "incident_id": [c.incident_id for c in log_rows],
                "change": [c.change for c in log_rows],
                "other_ids": [list(c.other_ids) for c in log_rows],
            }
        )
        append(self.con, "incident_changes", frame.assign(run_id=self.result.run_id, changed_at=self.stamp))


def log_run(
    con: duckdb.DuckDBPyConnection, result: IngestResult, started_at: datetime, inputs: list[str]
) -> None:
    """Append a run to the run log."""
    values = {k: v for k, v in asdict(result).items() if k in TABLES["runs"]}
    values.update(started=started_at, finished=datetime.now(), inputs=list(inputs))
    values["error"] = "; ".join(result.errors) or None
    append(con, "runs", pd.DataFrame([values]))
