"""The embedded store: one DuckDB file of articles, event mentions, merged incidents and runs.

Reads :class:`tracker.document.Article` streams (and, for reading back, the DuckDB file); writes
the tables ``articles`` (content-hashed, with text), ``mentions`` (one row per event an article
reported, ``EVENT_COLUMNS`` plus ``incident_id`` and ``merge_reason``), ``incidents`` (mentions
merged across articles and sources by :mod:`tracker.store.incidents`), ``aggregates``, ``ceasefires_found``,
``runs`` (the run log) and ``meta`` (``schema_version``).

Ingestion is incremental and atomic: only new or changed articles are extracted, a changed
article's old mentions are replaced, incidents are recomputed only for the days a run touched, and
the whole run is one transaction, so a killed process leaves the store as it was before or after.
Articles are streamed in batches and inserted through DataFrames, so memory does not grow with the
size of the corpus.

>>> from tracker.document import Article
>>> with Store(":memory:", extractor=lambda a: None) as store:
...     result = store.ingest([Article(id="a1", text="Nothing happened.")], progress=False)
...     (result.new, store.stats()["articles"])
(1, 1)
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import duckdb
import pandas as pd
import pyarrow as pa

from tracker.document import Article
from tracker.schema import ADMIN1, AGGREGATE_COLUMNS, EVENT_COLUMNS, SIDES, conform, stable_id, to_frame
from tracker.store.incidents import INCIDENT_EXTRA_COLUMNS, compare, merge_mentions

__all__ = [
    "SCHEMA_VERSION",
    "DEFAULT_PATH",
    "Store",
    "StoreError",
    "IngestResult",
    "format_explanation",
    "extractor_fingerprint",
]

log = logging.getLogger(__name__)

#: Version of the table layout written by this code. Bump it and add a migration to ``_MIGRATIONS``.
SCHEMA_VERSION = 4
DEFAULT_PATH = "tracker.duckdb"

_SQL_TYPES = {
    "string": "VARCHAR",
    "category": "VARCHAR",
    "datetime64[ns]": "TIMESTAMP",
    "Int8": "TINYINT",
    "Int64": "BIGINT",
    "Float64": "DOUBLE",
    "boolean": "BOOLEAN",
}

_ARTICLE_COLUMNS: dict[str, str] = {
    "article_id": "VARCHAR",
    "content_hash": "VARCHAR",
    "source": "VARCHAR",
    "url": "VARCHAR",
    "title": "VARCHAR",
    "published": "TIMESTAMP",
    "language": "VARCHAR",
    "origin": "VARCHAR",
    "text": "VARCHAR",
    "n_events": "INTEGER",
    "n_aggregates": "INTEGER",
    "first_run": "INTEGER",
    "last_run": "INTEGER",
    "extractor": "VARCHAR",  # the extractor's fingerprint: a newer extractor reads the article again
}

_RUN_COLUMNS: dict[str, str] = {
    "run_id": "INTEGER",
    "started": "TIMESTAMP",
    "finished": "TIMESTAMP",
    "inputs": "VARCHAR[]",
    "status": "VARCHAR",  # ok / failed
    "read": "INTEGER",
    "new": "INTEGER",
    "changed": "INTEGER",
    "unchanged": "INTEGER",
    "duplicates": "INTEGER",
    "outdated": "INTEGER",
    "failed": "INTEGER",
    "mentions_added": "INTEGER",
    "mentions_removed": "INTEGER",
    "aggregates_added": "INTEGER",
    "incidents_recomputed": "INTEGER",
    "error": "VARCHAR",
}

_CEASEFIRE_COLUMNS: dict[str, str] = {
    "article_id": "VARCHAR",
    "ceasefire_id": "VARCHAR",
    "name": "VARCHAR",
    "start": "TIMESTAMP",
    "record": "VARCHAR",  # the whole candidate record as JSON
    "run_id": "INTEGER",
}

# Other incidents of the day that ``explain`` compares with.
_NEIGHBOURS = 20

# Days whose incidents are recomputed together: bounds the memory of the merge step.
_DAYS_PER_CHUNK = 64


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says why and what to do."""


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


def _columns_sql(columns: Mapping[str, str]) -> str:
    return ", ".join(f'"{name}" {sql}' for name, sql in columns.items())


def _event_sql() -> dict[str, str]:
    return {c: _SQL_TYPES[d] for c, d in EVENT_COLUMNS.items()}


def _mention_columns() -> dict[str, str]:
    return {**_event_sql(), "incident_id": "VARCHAR", "merge_reason": "VARCHAR", "run_id": "INTEGER"}


def _incident_columns() -> dict[str, str]:
    return {
        **_event_sql(),
        "fatalities_best": "BIGINT",
        "sources": "VARCHAR[]",
        "n_sources": "INTEGER",
        "mention_ids": "VARCHAR[]",
        "run_id": "INTEGER",
    }


def _aggregate_columns() -> dict[str, str]:
    return {**{c: _SQL_TYPES[d] for c, d in AGGREGATE_COLUMNS.items()}, "run_id": "INTEGER"}


def _tables() -> dict[str, dict[str, str]]:
    return {
        "articles": _ARTICLE_COLUMNS,
        "mentions": _mention_columns(),
        "incidents": _incident_columns(),
        "aggregates": _aggregate_columns(),
        "ceasefires_found": _CEASEFIRE_COLUMNS,
        "runs": _RUN_COLUMNS,
    }


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    for name, columns in _tables().items():
        con.execute(f"CREATE TABLE {name} ({_columns_sql(columns)})")
    con.execute(
        "INSERT INTO meta VALUES ('schema_version', ?), ('created', ?)", [str(SCHEMA_VERSION), _now()]
    )


def _migrate_1_to_2(con: duckdb.DuckDBPyConnection) -> None:
    """Version 1 (the first layout) had no UCDP-style best estimate and no source count on incidents,
    no run status, and called the aggregates' run column ``run``."""
    con.execute("ALTER TABLE incidents ADD COLUMN fatalities_best BIGINT")
    con.execute("ALTER TABLE incidents ADD COLUMN n_sources INTEGER")
    # The best estimate of a v1 incident is its only recorded figure: the conservative one.
    con.execute("UPDATE incidents SET fatalities_best = fatalities, n_sources = len(sources)")
    con.execute("ALTER TABLE runs ADD COLUMN status VARCHAR")
    con.execute("UPDATE runs SET status = CASE WHEN finished IS NULL THEN 'failed' ELSE 'ok' END")
    con.execute("ALTER TABLE aggregates RENAME COLUMN run TO run_id")


def _migrate_2_to_3(con: duckdb.DuckDBPyConnection) -> None:
    # Articles read before the extractor was recorded count as read by an older one: the next run that
    # sees them again extracts them afresh.
    con.execute("ALTER TABLE articles ADD COLUMN extractor VARCHAR")
    con.execute("ALTER TABLE runs ADD COLUMN outdated INTEGER")


def _migrate_3_to_4(con: duckdb.DuckDBPyConnection) -> None:
    """Version 4 has the district P-code (``admin2_pcode``) after ``admin2`` on mentions and incidents.
    Rows are appended by position, so the tables are rebuilt with the column in its place; it stays
    empty until the articles are read again (``tracker panel`` looks codes up by district name)."""
    for table in ("mentions", "incidents"):
        names = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
        select = [f'"{n}"' + (', NULL::VARCHAR AS "admin2_pcode"' if n == "admin2" else "") for n in names]
        if "admin2" not in names:
            select.append('NULL::VARCHAR AS "admin2_pcode"')
        con.execute(f"CREATE TABLE _v4_{table} AS SELECT {', '.join(select)} FROM {table}")
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE _v4_{table} RENAME TO {table}")


#: from-version -> function bringing a store to from-version + 1, run inside one transaction.
_MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
    3: _migrate_3_to_4,
}


def _fingerprint_of(extractor: Callable[..., Any] | None) -> str:
    """The packaged extractor's fingerprint, or a custom extractor's own (its ``fingerprint`` attribute,
    else its qualified name)."""
    if extractor is None:
        return extractor_fingerprint()
    own = getattr(extractor, "fingerprint", None)
    return (
        str(own)
        if own
        else f"{getattr(extractor, '__module__', '')}.{getattr(extractor, '__qualname__', '')}"
    )


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


def _first(result: duckdb.DuckDBPyConnection) -> tuple[Any, ...] | None:
    """The first row of a query; reads the result to the end, as DuckDB wants before the next call."""
    rows = result.fetchall()
    return rows[0] if rows else None


def _append(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, columns: Mapping[str, str]
) -> None:
    """Append a frame's rows to a table, columns in the table's order (missing ones empty).

    Goes through Arrow: a frame registered as a view stays referenced until the transaction
    ends, so a long run would hold every batch in memory.
    """
    if frame.empty:
        return
    full = pd.DataFrame(
        {
            c: frame[c] if c in frame.columns else pd.Series([None] * len(frame), index=frame.index)
            for c in columns
        }
    )
    con.from_arrow(pa.Table.from_pandas(full, preserve_index=False)).insert_into(table)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


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


def _batched(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _source_of(article: Article) -> str:
    if article.source:
        return article.source
    if article.url:
        host = urlparse(article.url).netloc
        if host:
            return host
    return "unknown"


def _python(value: Any) -> Any:
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


def _load_judge() -> Callable[[pd.DataFrame], pd.DataFrame] | None:
    """``tracker.ceasefires.judge`` bound to a registry loaded once, or None if that module is absent."""
    try:
        module = importlib.import_module("tracker.ceasefires")
    except ModuleNotFoundError as exc:
        if exc.name == "tracker.ceasefires":
            return None
        raise
    judge = getattr(module, "judge", None)
    if judge is None:
        return None
    loader = getattr(module, "load_registry", None)
    registry = loader() if loader is not None else None
    return lambda frame: judge(frame, registry)


class Store:
    """A tracker store in one DuckDB file (a context manager).

    ``extractor`` maps an :class:`Article` to an object with ``.events``, ``.aggregates`` and
    ``.ceasefires_found`` (lists of row dicts), or None for nothing; it defaults to
    :func:`tracker.extraction.pipeline.extract_article`. ``judge`` re-judges merged incidents against the
    ceasefires (a function frame -> frame filling ``ceasefire``, ``violation``,
    ``violation_reason``); ``"auto"`` uses :func:`tracker.ceasefires.judge` when that module is
    installed, None keeps what the mentions said. ``keep_text`` stores each article's text too
    (off by default: DuckDB holds a transaction's new rows in memory until a row group of ~120,000
    fills, so texts would make a long run's memory grow; mentions keep their evidence sentence).
    ``memory_limit`` caps DuckDB's own buffers.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        read_only: bool = False,
        extractor: Callable[[Article], Any] | None = None,
        judge: Callable[[pd.DataFrame], pd.DataFrame] | None | str = "auto",
        keep_text: bool = False,
        memory_limit: str | None = "1GB",
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._extractor = extractor
        self._judge = judge
        self.keep_text = keep_text
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}: run 'tracker ingest' first or pass --store")
        config: dict[str, str | bool | int | float | list[str]] = {}
        if memory_limit:
            config["memory_limit"] = memory_limit
        try:
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
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

    def close(self) -> None:
        """Close the file (idempotent)."""
        self.con.close()

    def _tables_present(self) -> set[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        )
        return {r[0] for r in rows.fetchall()}

    def schema_version(self) -> int:
        """The layout version recorded in ``meta``."""
        row = _first(self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'"))
        if row is None:
            raise StoreError(f"{self.path} has a meta table without schema_version: not a tracker store")
        return int(row[0])

    def _check_schema(self) -> None:
        tables = self._tables_present()
        if not tables:
            if self.read_only:
                raise StoreError(f"{self.path} is empty: run 'tracker ingest' first")
            self._transaction(lambda: _create_schema(self.con))
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
        missing = [v for v in range(version, SCHEMA_VERSION) if v not in _MIGRATIONS]
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
                _MIGRATIONS[v](self.con)
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

    # -- ingestion ----------------------------------------------------------------------------

    def ingest(
        self,
        articles: Iterable[Article],
        *,
        progress: bool | Callable[[int], None] = True,
        batch_size: int = 500,
        inputs: Sequence[str] = (),
    ) -> IngestResult:
        """Extract new and changed articles, store their mentions and recompute the touched incidents.

        One transaction: on any error (including a full disk) nothing of the run is kept, a failed
        run is logged in ``runs`` if the disk allows, and :class:`StoreError` is raised.
        ``progress`` is True (log each batch), False, or a callable given the articles read so far.
        """
        if self.read_only:
            raise StoreError(f"{self.path} was opened read-only")
        extractor = self._extractor or importlib.import_module("tracker.extraction.pipeline").extract_article
        started = time.monotonic()
        started_at = datetime.now()
        row = _first(self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs"))
        result = IngestResult(run_id=int(row[0]) if row else 1)
        self.con.begin()
        try:
            judge = _load_judge() if self._judge == "auto" else self._judge
            run = _Run(
                self.con,
                result,
                extractor,
                judge,  # type: ignore[arg-type]
                keep_text=self.keep_text,
                fingerprint=_fingerprint_of(self._extractor),
            )
            for batch in _batched(articles, max(1, batch_size)):
                run.add_batch(batch)
                if callable(progress):
                    progress(result.read)
                elif progress:
                    log.info("read %d articles, %d new, %d changed", result.read, result.new, result.changed)
            run.recompute_incidents()
            result.incidents_total = self._count("incidents")
            result.seconds = time.monotonic() - started
            self._log_run(result, started_at, inputs)
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
        return result

    def _log_run(self, result: IngestResult, started_at: datetime, inputs: Sequence[str]) -> None:
        values = {k: v for k, v in asdict(result).items() if k in _RUN_COLUMNS}
        values.update(started=started_at, finished=datetime.now(), inputs=list(inputs))
        values["error"] = "; ".join(result.errors) or None
        _append(self.con, "runs", pd.DataFrame([values]), _RUN_COLUMNS)

    def _log_failed_run(self, result: IngestResult, started_at: datetime, inputs: Sequence[str]) -> None:
        failed = IngestResult(run_id=result.run_id, status="failed", read=result.read, errors=result.errors)
        try:
            self._transaction(lambda: self._log_run(failed, started_at, inputs))
        except duckdb.Error as exc:
            log.warning("could not log the failed run: %s", exc)

    def _checkpoint(self) -> None:
        # Folding the write-ahead log into the file keeps reopening fast; if it fails (full disk)
        # the committed run is still safe in the log.
        try:
            self.con.execute("CHECKPOINT")
        except duckdb.Error as exc:
            log.warning("checkpoint failed; the run is committed in the write-ahead log: %s", exc)

    # -- reading ------------------------------------------------------------------------------

    def _count(self, table: str) -> int:
        row = _first(self.con.execute(f"SELECT count(*) FROM {table}"))
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
    ) -> pd.DataFrame:
        """Merged incidents as a DataFrame (event columns, then ``fatalities_best``, ``sources``,
        ``n_sources``, ``mention_ids``), oldest first.

        ``since``/``until`` bound ``event_date`` (both days included); ``admin1`` is a governorate
        name or P-code (or a list); ``actor`` is a side (``government``...) or a case-insensitive part
        of an actor name, matched against both actors; ``violations_only`` keeps ``violation`` True.
        """
        where, params = self._filters(
            since=since, until=until, admin1=admin1, actor=actor, violations_only=violations_only
        )
        frame = self._select("incidents", where, params, "event_date NULLS LAST, event_id")
        frame = conform(frame)
        keep = list(EVENT_COLUMNS) + [c for c in INCIDENT_EXTRA_COLUMNS]
        frame["fatalities_best"] = frame["fatalities_best"].astype("Int64")
        frame["n_sources"] = frame["n_sources"].astype("Int64")
        return frame[keep].reset_index(drop=True)

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
        inc = _first(
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
            "first_event": _python(inc[5]),
            "last_event": _python(inc[6]),
            "aggregates": self._count("aggregates"),
            "ceasefires_found": self._count("ceasefires_found"),
            "runs": self._count("runs"),
        }
        last = self.con.execute("SELECT * FROM runs ORDER BY run_id DESC LIMIT 1").df()
        out["last_run"] = {k: _python(v) for k, v in last.iloc[0].items()} if len(last) else None
        return out

    def explain(self, event_id: str) -> dict[str, Any]:
        """Why an incident is what it is: its row, every mention behind it with the reason it joined,
        and the other incidents of that day in the same governorate with the reason they stayed apart.

        ``event_id`` may be an incident id or a mention id (the mention's incident is explained).
        Raises KeyError when neither exists.
        """
        row = _first(self.con.execute("SELECT incident_id FROM mentions WHERE event_id = ?", [event_id]))
        incident_id = row[0] if row and row[0] else event_id
        incident = self.con.execute("SELECT * FROM incidents WHERE event_id = ?", [incident_id]).df()
        if incident.empty:
            raise KeyError(f"no incident or mention with id {event_id!r}")
        inc = {k: _python(v) for k, v in incident.iloc[0].items()}
        mentions = self.mentions(incident_id=incident_id)
        mention_rows = [{k: _python(v) for k, v in r.items()} for r in mentions.to_dict("records")]
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
                        "location": _python(other["location"]),
                        "admin1": _python(other["admin1"]),
                        "why_apart": why,
                    }
                )
        return {"incident": inc, "mentions": mention_rows, "kept_apart": apart}


class _Run:
    """The state of one ingestion run inside its transaction: counts and the days it touched."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        result: IngestResult,
        extractor: Callable[[Article], Any],
        judge: Callable[[pd.DataFrame], pd.DataFrame] | None,
        *,
        keep_text: bool,
        fingerprint: str,
    ):
        self.con = con
        self.result = result
        self.extractor = extractor
        self.judge = judge
        self.keep_text = keep_text
        self.days: set[date] = set()  # bounded by the calendar, not by the corpus
        self.fingerprint = fingerprint

    def _insert(self, table: str, frame: pd.DataFrame, columns: Mapping[str, str]) -> None:
        _append(self.con, table, frame, columns)

    def _classify(self, batch: list[Article]) -> tuple[list[tuple[Article, str]], list[str]]:
        """Split a batch into articles to extract (with their hash) and ids whose old content goes."""
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
        return todo, remove

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
        self.con.execute(
            "DELETE FROM incidents WHERE event_id IN "
            f"(SELECT incident_id FROM mentions WHERE {sel} AND event_date IS NULL)",
            ids,
        ).fetchall()
        row = _first(self.con.execute(f"SELECT count(*) FROM mentions WHERE {sel}", ids))
        self.result.mentions_removed += int(row[0]) if row else 0
        for table in ("mentions", "aggregates", "ceasefires_found", "articles"):
            self.con.execute(f"DELETE FROM {table} WHERE {sel}", ids).fetchall()

    def _extract(
        self, article: Article
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        out = self.extractor(article)
        if out is None:
            return [], [], []
        return list(out.events), list(out.aggregates), list(out.ceasefires_found)

    def add_batch(self, batch: list[Article]) -> None:
        """Classify, extract and insert one batch of articles."""
        todo, remove = self._classify(batch)
        self._remove(remove)
        run_id = self.result.run_id
        articles: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        aggregates: list[dict[str, Any]] = []
        found: list[dict[str, Any]] = []
        for article, h in todo:
            try:
                ev, ag, cf = self._extract(article)
            except Exception as exc:  # one bad article must not sink the run; it is retried next run
                log.warning("extraction failed for article %s (%s): %s", article.id, article.origin, exc)
                self.result.failed += 1
                self.result.errors.append(f"{article.id}: {type(exc).__name__}: {exc}")
                continue
            source = _source_of(article)
            base = {
                "article_id": article.id,
                "source": source,
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
                        "ceasefire_id": _python(c.get("id")),
                        "name": _python(c.get("name")),
                        "start": pd.to_datetime(_python(c.get("start")), errors="coerce"),
                        "record": json.dumps({k: _python(v) for k, v in c.items()}, ensure_ascii=False),
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
            self._insert("articles", frame, _ARTICLE_COLUMNS)
        if events:
            mentions = to_frame(events).assign(run_id=run_id)
            self.days.update(d.date() for d in mentions["event_date"].dropna().dt.normalize().unique())
            self._insert("mentions", mentions, _mention_columns())
            self.result.mentions_added += len(mentions)
        if aggregates:
            self._insert(
                "aggregates",
                to_frame(aggregates, AGGREGATE_COLUMNS).assign(run_id=run_id),
                _aggregate_columns(),
            )
            self.result.aggregates_added += len(aggregates)
        if found:
            self._insert("ceasefires_found", pd.DataFrame(found).assign(run_id=run_id), _CEASEFIRE_COLUMNS)

    def recompute_incidents(self) -> None:
        """Re-merge the mentions of every day this run touched, and make incidents of new undated mentions."""
        days = sorted(self.days)
        for start in range(0, len(days), _DAYS_PER_CHUNK):
            chunk = [days[start : start + _DAYS_PER_CHUNK]]
            sel = "CAST(event_date AS DATE) IN (SELECT unnest(?::DATE[]))"
            self.con.execute(f"DELETE FROM incidents WHERE {sel}", chunk).fetchall()
            mentions = self.con.execute(f"SELECT * FROM mentions WHERE {sel}", chunk).df()
            self._store_incidents(mentions)
        undated = self.con.execute(
            "SELECT * FROM mentions WHERE event_date IS NULL AND incident_id IS NULL"
        ).df()
        self._store_incidents(undated)

    def _store_incidents(self, mentions: pd.DataFrame) -> None:
        if mentions.empty:
            return
        incidents, assignment = merge_mentions(mentions)
        if self.judge is not None and not incidents.empty:
            judged = self.judge(incidents[list(EVENT_COLUMNS)].copy())
            for col in ("ceasefire", "violation", "violation_reason"):
                incidents[col] = judged[col].to_numpy()
        incidents = incidents.assign(run_id=self.result.run_id)
        self._insert("incidents", incidents, _incident_columns())
        self.con.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _assign (event_id VARCHAR, incident_id VARCHAR, merge_reason VARCHAR)"
        ).fetchall()
        _append(
            self.con, "_assign", assignment, dict.fromkeys(("event_id", "incident_id", "merge_reason"), "")
        )
        self.con.execute(
            "UPDATE mentions SET incident_id = a.incident_id, merge_reason = a.merge_reason"
            " FROM _assign a WHERE mentions.event_id = a.event_id"
        ).fetchall()
        self.con.execute("DELETE FROM _assign").fetchall()
        self.result.incidents_recomputed += len(incidents)


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
