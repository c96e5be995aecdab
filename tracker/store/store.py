"""The embedded store: one DuckDB file of articles, event mentions, merged incidents and runs.

Reads the DuckDB file; writes it through :meth:`Store.new_run` (one transaction per ingestion run,
rows written by :class:`tracker.store.writer.RunWriter`). The tables are defined in
:mod:`tracker.store.tables`; merging mentions into incidents is :mod:`tracker.store.incidents`.
Running an ingestion (reading, extracting, merging, judging) is :func:`tracker.run.ingest.ingest`,
which sits above the store and writes through :meth:`Store.new_run`.

Ingestion is incremental and atomic: only new or changed articles are extracted, a changed
article's old mentions are replaced, incidents are recomputed only for the days a run touched, and
the whole run is one transaction, so a killed process leaves the store as it was before or after.
Articles are streamed in batches and inserted through DataFrames, so memory does not grow with the
size of the corpus.

>>> with Store(":memory:") as store:
...     (store.stats()["articles"], len(store.incidents()))
(0, 0)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from tracker.schema import ADMIN1, AGGREGATE_COLUMNS, EVENT_COLUMNS, SIDES, conform
from tracker.store.access import (
    DEFAULT_WAIT,
    is_lock_error,
    open_for_reading,
    publish_snapshot,
    snapshot_fresh,
)
from tracker.store.incidents import INCIDENT_EXTRA_COLUMNS, compare
from tracker.store.tables import MIGRATIONS, SCHEMA_VERSION, create_tables, first
from tracker.store.writer import IngestResult, RunWriter, log_run, plain

__all__ = ["DEFAULT_PATH", "Store", "StoreError", "format_explanation"]

log = logging.getLogger(__name__)

DEFAULT_PATH = "tracker.duckdb"

#: DuckDB's memory cap while an ingestion run writes a store file (see :meth:`Store._run_memory`):
#: a run of 200,000 articles fills it early, and so its peak memory does not grow with the run. The
#: commit pins memory that grows with the run: a replayed 200,000-article run could not commit under
#: 40 MB (see benchmarks/RESULTS.md, issue 24).
RUN_MEMORY_LIMIT = "48MB"

# Other incidents of the day that ``explain`` compares with.
_NEIGHBOURS = 20


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says why and what to do."""


class Store:
    """A tracker store in one DuckDB file (a context manager).

    ``keep_text`` stores each article's text too (off by default: texts make the store large;
    mentions keep their evidence sentence). ``memory_limit`` caps DuckDB's own buffers (a run
    writing a file is held to the lower :data:`RUN_MEMORY_LIMIT`).

    Readers and a writer share the file through a read snapshot (:mod:`tracker.store.access`): a
    read-only store opens the latest snapshot, a writable one publishes it after every run
    (``snapshot_every_run``) and when closed. ``wait`` is how long to wait for another process's
    hold on the file to end (seconds).
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        read_only: bool = False,
        keep_text: bool = False,
        memory_limit: str | None = "1GB",
        wait: float = DEFAULT_WAIT,
        snapshot_every_run: bool = True,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.keep_text = keep_text
        self.memory_limit = memory_limit
        self.snapshot_every_run = snapshot_every_run
        self._closed = False
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}: run 'tracker ingest' first or pass --store")
        config: dict[str, str | bool | int | float | list[str]] = {}
        if memory_limit:
            config["memory_limit"] = memory_limit
        try:
            self.con = self._connect(config, wait)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        try:
            self._check_schema()
        except BaseException:
            self.con.close()
            raise

    # -- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connect(self, config: dict[str, Any], wait: float) -> duckdb.DuckDBPyConnection:
        if self.path == ":memory:":
            return duckdb.connect(self.path, read_only=self.read_only, config=config)
        if self.read_only:
            return open_for_reading(self.path, wait=wait, config=config)
        deadline = time.monotonic() + wait
        pause = 0.05
        while True:
            try:
                return duckdb.connect(self.path, config=config)
            except duckdb.Error as exc:
                if not is_lock_error(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 1.0)

    def close(self) -> None:
        """Publish the read snapshot if this store wrote since the last one, and close (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            if not self.read_only and self.path != ":memory:" and not snapshot_fresh(self.path):
                publish_snapshot(self.con, self.path)
        finally:
            self.con.close()

    def _tables_present(self) -> set[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        )
        return {r[0] for r in rows.fetchall()}

    def schema_version(self) -> int:
        """The layout version recorded in ``meta``."""
        row = first(self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'"))
        if row is None:
            raise StoreError(f"{self.path} has a meta table without schema_version: not a tracker store")
        return int(row[0])

    def _check_schema(self) -> None:
        tables = self._tables_present()
        if not tables:
            if self.read_only:
                raise StoreError(f"{self.path} is empty: run 'tracker ingest' first")
            self._transaction(lambda: create_tables(self.con))
            return
        if "meta" not in tables:
            raise StoreError(f"{self.path} is a DuckDB file but not a tracker store (no meta table)")
        version = self.schema_version()
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has store schema version {version}, newer than this tracker's version "
                f"{SCHEMA_VERSION}: upgrade the tracker to read it"
            )
        missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
        if missing:
            raise StoreError(
                f"{self.path} has store schema version {version}; this tracker uses version {SCHEMA_VERSION} "
                f"and has no migration from version {missing[0]}: re-ingest into a new store"
            )
        if self.read_only:
            raise StoreError(
                f"{self.path} has store schema version {version}; this tracker uses version {SCHEMA_VERSION}: "
                "open it once for writing (e.g. 'tracker ingest --store PATH' with no input) to migrate it"
            )

        def migrate() -> None:
            for v in range(version, SCHEMA_VERSION):
                log.info("migrating %s from schema version %d to %d", self.path, v, v + 1)
                MIGRATIONS[v](self.con)
            self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])

        self._transaction(migrate)

    def _transaction(self, work: Callable[[], Any]) -> Any:
        self.con.begin()
        try:
            out = work()
            self.con.commit()
        except BaseException:
            self._rollback()
            raise
        return out

    def _rollback(self) -> None:
        try:
            self.con.rollback()
        except duckdb.Error as exc:  # the connection may already be invalidated by an I/O error
            log.warning("rollback failed (the file is untouched: the run was never committed): %s", exc)

    # -- writing ------------------------------------------------------------------------------

    @contextmanager
    def new_run(self, *, extractor: str, inputs: Sequence[str] = ()) -> Iterator[RunWriter]:
        """One ingestion run as a transaction: yields the :class:`RunWriter` that stores its rows.

        ``extractor`` is the fingerprint of the extractor the run uses (recorded with each article).
        When the block ends the run is logged in ``runs`` and committed. On any error (including a
        full disk) nothing of the run is kept, a failed run is logged in ``runs`` if the disk allows,
        and :class:`StoreError` is raised.
        """
        if self.read_only:
            raise StoreError(f"{self.path} was opened read-only")
        started = time.monotonic()
        started_at = datetime.now()
        row = first(self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs"))
        result = IngestResult(run_id=int(row[0]) if row else 1)
        with self._run_memory():
            self.con.begin()
            try:
                yield RunWriter(self.con, result, keep_text=self.keep_text, fingerprint=extractor)
                result.incidents_total = self._count("incidents")
                result.seconds = time.monotonic() - started
                log_run(self.con, result, started_at, list(inputs))
                self.con.commit()
            except BaseException as exc:
                self._rollback()
                result.status = "failed"
                result.seconds = time.monotonic() - started
                result.errors.append(f"{type(exc).__name__}: {exc}")
                if not isinstance(exc, Exception):
                    raise
                self._log_failed_run(result, started_at, inputs)
                raise StoreError(f"ingestion into {self.path} failed and was rolled back: {exc}") from exc
            self._checkpoint()
            if self.snapshot_every_run and self.path != ":memory:":
                publish_snapshot(self.con, self.path)

    def _log_failed_run(self, result: IngestResult, started_at: datetime, inputs: Sequence[str]) -> None:
        failed = IngestResult(run_id=result.run_id, status="failed", read=result.read, errors=result.errors)
        try:
            self._transaction(lambda: log_run(self.con, failed, started_at, list(inputs)))
        except duckdb.Error as exc:
            log.warning("could not log the failed run: %s", exc)

    @contextmanager
    def _run_memory(self) -> Iterator[None]:
        """Cap DuckDB's buffers at :data:`RUN_MEMORY_LIMIT` while a run writes a store file, from its
        first row to its checkpoint and snapshot.

        A run is one transaction, and DuckDB keeps the blocks of the rows it appended (and of the
        incidents it merged) in its buffer pool up to ``memory_limit``: with 1 GB that pool is what
        made a long run's memory grow with every article. Under the cap the blocks are written to
        the store file or spilled beside it (``STORE.tmp``) instead; the run's queries touch a
        batch or :data:`~tracker.store.writer.MENTIONS_PER_MERGE` mentions at a time, so they fit.
        An in-memory store has nowhere to spill and keeps its own limit.
        """
        if self.path == ":memory:":
            yield
            return
        self.con.execute(f"SET memory_limit = '{RUN_MEMORY_LIMIT}'")
        try:
            yield
        finally:
            try:
                if self.memory_limit:
                    self.con.execute("SET memory_limit = ?", [self.memory_limit])
                else:
                    self.con.execute("RESET memory_limit")
            except duckdb.Error as exc:  # a connection a failed disk invalidated: the run's error tells
                log.debug("memory limit not restored: %s", exc)

    def _checkpoint(self) -> None:
        # Folding the write-ahead log into the file keeps reopening fast; if it fails (full disk)
        # the committed run is still safe in the log.
        try:
            self.con.execute("CHECKPOINT")
        except duckdb.Error as exc:
            log.warning("checkpoint failed; the run is committed in the write-ahead log: %s", exc)

    # -- reading ------------------------------------------------------------------------------

    def _count(self, table: str) -> int:
        row = first(self.con.execute(f"SELECT count(*) FROM {table}"))
        return int(row[0]) if row else 0

    def _select(self, table: str, where: list[str], params: list[Any], order: str) -> pd.DataFrame:
        sql = f"SELECT * FROM {table}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        # Through Arrow: about twice as fast as .df() on large results; list columns become
        # Python lists (what the dashboard and the exporters expect), not NumPy arrays.
        table_ = self.con.sql(f"{sql} ORDER BY {order}", params=params or None).to_arrow_table()
        lists = [f.name for f in table_.schema if pa.types.is_list(f.type)]
        frame = table_.drop_columns(lists).to_pandas()
        for name in lists:
            frame[name] = pd.Series(
                [v or [] for v in table_.column(name).to_pylist()], index=frame.index, dtype=object
            )
        return frame

    @staticmethod
    def _filters(
        *,
        since: Any = None,
        until: Any = None,
        admin1: str | Sequence[str] | None = None,
        actor: str | None = None,
        violations_only: bool = False,
    ) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if since is not None:
            where.append("event_date >= ?")
            params.append(pd.Timestamp(since).to_pydatetime())
        if until is not None:
            # ``until`` is a day: everything on that day is included.
            where.append("event_date < ?")
            params.append((pd.Timestamp(until).normalize() + pd.Timedelta(days=1)).to_pydatetime())
        if admin1:
            names = [admin1] if isinstance(admin1, str) else list(admin1)
            # A P-code also finds rows that carry only the governorate's name, and the reverse.
            by_name = {name.lower(): code for code, name in ADMIN1.items()}
            keys = {n.lower() for n in names}
            keys |= {ADMIN1[n.upper()].lower() for n in names if n.upper() in ADMIN1}
            keys |= {by_name[n.lower()].lower() for n in names if n.lower() in by_name}
            where.append("(lower(admin1) IN (SELECT unnest(?)) OR lower(admin1_pcode) IN (SELECT unnest(?)))")
            params += [sorted(keys), sorted(keys)]
        if actor:
            if actor.lower() in SIDES:
                where.append("(actor1_side = ? OR actor2_side = ?)")
                params += [actor.lower(), actor.lower()]
            else:
                where.append("(actor1 ILIKE ? OR actor2 ILIKE ?)")
                params += [f"%{actor}%", f"%{actor}%"]
        if violations_only:
            where.append("violation")
        return where, params

    def incidents(
        self,
        *,
        since: Any = None,
        until: Any = None,
        admin1: str | Sequence[str] | None = None,
        actor: str | None = None,
        violations_only: bool = False,
        changed_since: Any = None,
    ) -> pd.DataFrame:
        """Merged incidents as a DataFrame (event columns, then ``fatalities_best``, ``sources``,
        ``n_sources``, ``mention_ids``, ``changed_at``), oldest first.

        ``since``/``until`` bound ``event_date`` (both days included); ``admin1`` is a governorate
        name or P-code (or a list); ``actor`` is a side (``government``...) or a case-insensitive part
        of an actor name, matched against both actors; ``violations_only`` keeps ``violation`` True;
        ``changed_since`` (a time, UTC) keeps the incidents created or changed at or after it.
        """
        where, params = self._filters(
            since=since, until=until, admin1=admin1, actor=actor, violations_only=violations_only
        )
        if changed_since is not None:
            where.append("changed_at >= ?")
            params.append(pd.Timestamp(changed_since).to_pydatetime())
        frame = self._select("incidents", where, params, "event_date NULLS LAST, event_id")
        frame = conform(frame)
        keep = list(EVENT_COLUMNS) + [c for c in INCIDENT_EXTRA_COLUMNS] + ["changed_at"]
        frame["fatalities_best"] = frame["fatalities_best"].astype("Int64")
        frame["n_sources"] = frame["n_sources"].astype("Int64")
        frame["changed_at"] = pd.to_datetime(frame["changed_at"]).astype("datetime64[ns]")
        return frame[keep].reset_index(drop=True)

    def changes(self, *, since: Any = None) -> pd.DataFrame:
        """The change log of incident ids (``incident_id``, ``change``, ``other_ids``, ``run_id``,
        ``changed_at``), oldest first; ``since`` (a time, UTC) keeps the changes at or after it. ``change`` is
        ``created``, ``updated``, ``merged`` (``other_ids`` joined it), ``merged_away`` (it joined
        ``other_ids``), ``split`` (``other_ids`` were split off it) or ``deleted``."""
        where, params = (
            ([], []) if since is None else (["changed_at >= ?"], [pd.Timestamp(since).to_pydatetime()])
        )
        return self._select("incident_changes", where, params, "changed_at, run_id, incident_id").reset_index(
            drop=True
        )

    def deletions(self, *, since: Any = None) -> pd.DataFrame:
        """The incident ids gone from the store (deleted, or merged into another incident) at or
        after ``since`` (UTC): ``event_id``, ``change`` (``deleted`` / ``merged_away``), ``replaced_by``
        (the incidents now holding its mentions, ``; ``-joined, empty when deleted) and ``deleted_at``.
        With :meth:`incidents` ``changed_since=`` it brings a copy taken earlier up to date: drop
        these ids, then insert or replace the changed incidents."""
        log = self.changes(since=since)
        gone = log[log["change"].isin(["deleted", "merged_away"])]
        return pd.DataFrame(
            {
                "event_id": gone["incident_id"].astype("string"),
                "change": gone["change"].astype("string"),
                "replaced_by": pd.Series(
                    ["; ".join(ids) or None for ids in gone["other_ids"]], index=gone.index, dtype="string"
                ),
                "deleted_at": pd.to_datetime(gone["changed_at"]).astype("datetime64[ns]"),
            }
        ).reset_index(drop=True)

    def mentions(
        self,
        *,
        since: Any = None,
        until: Any = None,
        admin1: str | Sequence[str] | None = None,
        actor: str | None = None,
        violations_only: bool = False,
        incident_id: str | None = None,
        article_id: str | None = None,
    ) -> pd.DataFrame:
        """Event mentions as extracted from each article (event columns plus ``incident_id`` and
        ``merge_reason``); filters as in :meth:`incidents`."""
        where, params = self._filters(
            since=since, until=until, admin1=admin1, actor=actor, violations_only=violations_only
        )
        for col, value in (("incident_id", incident_id), ("article_id", article_id)):
            if value is not None:
                where.append(f"{col} = ?")
                params.append(value)
        frame = self._select("mentions", where, params, "event_date NULLS LAST, event_id")
        frame = conform(frame)
        return frame[list(EVENT_COLUMNS) + ["incident_id", "merge_reason"]].reset_index(drop=True)

    def aggregates(self) -> pd.DataFrame:
        """Aggregate tolls (periods, whole regions) kept apart from events."""
        frame = self._select("aggregates", [], [], "published NULLS LAST, aggregate_id")
        return conform(frame, AGGREGATE_COLUMNS)[list(AGGREGATE_COLUMNS)].reset_index(drop=True)

    def runs(self) -> pd.DataFrame:
        """The run log, oldest first."""
        return self._select("runs", [], [], "run_id")

    def stats(self) -> dict[str, Any]:
        """Counts and ranges: what the store holds.

        Keys: path, schema_version, articles, mentions, incidents, merged_incidents (with more than
        one mention), multi_source_incidents, aggregates, ceasefires_found, violations, fatalities,
        first_event, last_event, runs, last_run (dict or None).
        """
        q = self.con.execute
        inc = first(
            q(
                "SELECT count(*), count(*) FILTER (WHERE len(mention_ids) > 1), count(*) FILTER (WHERE n_sources > 1),"
                " count(*) FILTER (WHERE violation), coalesce(sum(fatalities), 0), min(event_date), max(event_date)"
                " FROM incidents"
            )
        )
        assert inc is not None
        out: dict[str, Any] = {
            "path": self.path,
            "schema_version": self.schema_version(),
            "articles": self._count("articles"),
            "mentions": self._count("mentions"),
            "incidents": int(inc[0]),
            "merged_incidents": int(inc[1]),
            "multi_source_incidents": int(inc[2]),
            "violations": int(inc[3]),
            "fatalities": int(inc[4]),
            "first_event": plain(inc[5]),
            "last_event": plain(inc[6]),
            "aggregates": self._count("aggregates"),
            "ceasefires_found": self._count("ceasefires_found"),
            "runs": self._count("runs"),
        }
        last = self.con.execute("SELECT * FROM runs ORDER BY run_id DESC LIMIT 1").df()
        out["last_run"] = {k: plain(v) for k, v in last.iloc[0].items()} if len(last) else None
        return out

    def explain(self, event_id: str) -> dict[str, Any]:
        """Why an incident is what it is: its row, every mention behind it with the reason it joined,
        and the other incidents of that day in the same governorate with the reason they stayed apart.

        ``event_id`` may be an incident id or a mention id (the mention's incident is explained).
        Raises KeyError when neither exists.
        """
        row = first(self.con.execute("SELECT incident_id FROM mentions WHERE event_id = ?", [event_id]))
        incident_id = row[0] if row and row[0] else event_id
        incident = self.con.execute("SELECT * FROM incidents WHERE event_id = ?", [incident_id]).df()
        if incident.empty:
            raise KeyError(f"no incident or mention with id {event_id!r}")
        inc = {k: plain(v) for k, v in incident.iloc[0].items()}
        mentions = self.mentions(incident_id=incident_id)
        mention_rows = [{k: plain(v) for k, v in r.items()} for r in mentions.to_dict("records")]
        apart: list[dict[str, Any]] = []
        if inc["event_date"] is not None:
            # Neighbours: the same day and the same governorate, or the same place name when the
            # governorate is unknown (outside Syria); at most _NEIGHBOURS of them.
            day = pd.Timestamp(inc["event_date"]).normalize()
            others = self.con.execute(
                "SELECT * FROM incidents WHERE CAST(event_date AS DATE) = ? AND event_id <> ?"
                " AND (lower(admin1) = lower(?) OR lower(location) = lower(?)) ORDER BY event_id LIMIT ?",
                [day.date(), incident_id, inc["admin1"], inc["location"], _NEIGHBOURS],
            ).df()
            for other in others.to_dict("records"):
                verdict = compare(inc, other)
                why = verdict.reason
                if verdict.same:
                    why = "compatible, yet kept apart: it could join more than one incident that day (or the store was merged under other rules)"
                apart.append(
                    {
                        "event_id": other["event_id"],
                        "location": plain(other["location"]),
                        "admin1": plain(other["admin1"]),
                        "why_apart": why,
                    }
                )
        return {"incident": inc, "mentions": mention_rows, "kept_apart": apart}


def format_explanation(explanation: Mapping[str, Any]) -> str:
    """Plain text for :meth:`Store.explain`'s dict (what ``tracker explain`` prints)."""
    inc = explanation["incident"]
    lines = [
        f"incident {inc['event_id']}: {inc.get('sub_event_type') or inc.get('event_type') or 'event'} "
        f"on {str(inc.get('event_date') or 'unknown date')[:10]} at "
        f"{', '.join(str(p) for p in (inc.get('location'), inc.get('admin1')) if p) or 'unknown place'}",
        f"  actors: {inc.get('actor1') or 'unknown'} ({inc.get('actor1_side') or 'unknown'}) -> "
        f"{inc.get('actor2') or 'unknown'} ({inc.get('actor2_side') or 'unknown'})",
        f"  fatalities {inc.get('fatalities')} (low {inc.get('fatalities_low')}, best {inc.get('fatalities_best')}, "
        f"high {inc.get('fatalities_high')}); {inc.get('n_sources')} sources: {', '.join(inc.get('sources') or [])}",
        f"  ceasefire {inc.get('ceasefire') or '-'}, violation {inc.get('violation')}"
        + (f" ({inc['violation_reason']})" if inc.get("violation_reason") else ""),
        f"  {len(explanation['mentions'])} mentions:",
    ]
    for m in explanation["mentions"]:
        lines.append(
            f"  - {m['event_id']} [{m.get('source')}] {m.get('title') or m.get('article_id')}: "
            f"{m.get('fatalities')} killed at {m.get('location') or m.get('admin1') or 'unknown place'}"
        )
        if m.get("evidence"):
            lines.append(f"      evidence: {m['evidence']}")
        lines.append(f"      why: {m.get('merge_reason')}")
    if explanation["kept_apart"]:
        lines.append("  other incidents that day nearby, kept apart:")
        for o in explanation["kept_apart"]:
            lines.append(f"  - {o['event_id']} at {o.get('location') or o.get('admin1')}: {o['why_apart']}")
    return "\n".join(lines)
