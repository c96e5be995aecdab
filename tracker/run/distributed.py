"""The Dask engine: extract a large corpus on a ``dask.distributed`` cluster.

Reads article files: uncompressed JSON lines files, which the workers read themselves by byte ranges
of whole lines (the client counts newlines only); other line files (gzipped JSON lines, CSV, JSON,
text or directories), streamed on the client with :func:`tracker.run.inputs.read_inputs` and shipped
to the workers in partitions of ``partition_size`` articles; or Parquet files and datasets of articles (columns ``id``, ``text``,
``published``, ``lang``, ``source``, ``url``, ``title``), whose row groups the workers read themselves.
Each worker runs :func:`tracker.extraction.pipeline.extract_article` on every article of its partition, so the
events and their ids are exactly those of the local engine.

Writes ``events/part-NNNNN.parquet`` and ``aggregates/part-NNNNN.parquet`` under ``output`` (dtypes of
:mod:`tracker.schema`; partition ``NNNNN`` holds the events of the ``NNNNN``-th input partition, so the
files do not depend on which worker finished first) and/or ingests the articles with their computed
events into a :class:`tracker.store.Store`. Partitions are consumed in input order with a bounded
number in flight, so the client's memory does not grow with the corpus.

A :class:`dask.distributed.LocalCluster` (processes, no dashboard) is started and shut down when no
scheduler address is given.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.document import Article
from tracker.run.partitions import (
    UNCHANGED,
    JsonlRange,
    Outcome,
    ParquetPiece,
    extract_partition,
    is_parquet,
    parquet_files,
    partitions_of,
    range_ids,
    worker_identity,
)

__all__ = ["DaskSummary", "PARTITION_SIZE", "WorkerMismatch", "extract_dask", "run_dask_ingest"]

log = logging.getLogger(__name__)

#: Articles per partition: large enough that scheduling costs little next to extraction
#: (~0.1-1 s of work), small enough that a partition's texts fit comfortably in a worker.
PARTITION_SIZE = 500


@dataclass(slots=True)
class DaskSummary:
    """The account of one Dask run."""

    report: Any  # tracker.run.inputs.RunReport: articles read, with/without events, failed
    partitions: int = 0
    workers: int = 0
    unchanged: int = 0  # articles the store held unchanged: not extracted
    scheduler: str = ""
    seconds: float = 0.0
    event_files: list[str] = field(default_factory=list)
    aggregate_files: list[str] = field(default_factory=list)
    store: Any = None  # tracker.store.IngestResult when a store was given
    #: With ``collect``: every event and aggregate row, in input order (what ``tracker extract`` writes).
    event_rows: list[dict[str, Any]] = field(default_factory=list)
    aggregate_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return int(self.report.processed)

    @property
    def events(self) -> int:
        return int(self.report.events)

    def summary(self) -> str:
        """Several lines for stderr: the run report, the engine and where the results went."""
        rate = self.articles / self.seconds if self.seconds else 0.0
        lines = [
            self.report.summary(),
            f"dask: {self.partitions} partition(s) on {self.workers} worker thread(s) at {self.scheduler},"
            f" {self.seconds:.1f} s ({rate:,.0f} articles/s)",
        ]
        if self.unchanged:
            lines.append(f"{self.unchanged} article(s) unchanged in the store: not extracted again")
        if self.event_files or self.aggregate_files:
            lines.append(
                f"wrote {len(self.event_files)} event and {len(self.aggregate_files)} aggregate partition file(s)"
            )
        if self.store is not None:
            lines.append(self.store.summary())
        return "\n".join(lines)


def _client(stack: ExitStack, scheduler: str | None, n_workers: int, log_level: int) -> Any:
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return stack.enter_context(Client(scheduler, timeout="30s"))
    cluster = stack.enter_context(
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,  # extraction is pure Python: threads would contend for the GIL
            processes=True,
            dashboard_address=":0",  # a free port: never clashes with another cluster
            silence_logs=log_level,
        )
    )
    client = stack.enter_context(Client(cluster))
    if log_level > logging.INFO:
        client.run(_quiet_worker, logging.CRITICAL)
    return client


def _quiet_worker(level: int) -> None:
    """Run in each local worker process: a worker whose heartbeat races the scheduler's shutdown logs an
    ERROR with a traceback though nothing failed (``silence_logs`` only reaches the nanny's logger there).
    Article errors come back through the run report, so a quiet run loses nothing."""
    logging.getLogger("distributed").setLevel(level)


class WorkerMismatch(RuntimeError):
    """Workers run another tracker than the client: their events would not be this version's."""


def _check_workers(client: Any) -> str:
    """The extractor fingerprint shared by the client and every worker; raise :class:`WorkerMismatch`
    naming the workers whose tracker version or extractor (code and resources) differs."""
    mine = worker_identity()
    theirs = client.run(worker_identity)
    odd = {address: found for address, found in theirs.items() if tuple(found) != mine}
    if odd:
        listed = "; ".join(
            f"{address} runs {version} (extractor {fingerprint})"
            for address, (version, fingerprint) in sorted(odd.items())
        )
        raise WorkerMismatch(
            f"{len(odd)} of {len(theirs)} Dask worker(s) differ from this client, tracker {mine[0]} "
            f"(extractor {mine[1]}): {listed}. Install the same tracker wheel on the workers."
        )
    return mine[1]


@contextmanager
def _dask_logs() -> Iterator[int]:
    """Dask's own loggers at ERROR unless ``tracker -v`` lowered the root level (INFO/DEBUG then):
    a normal run says nothing about schedulers, nannies or closing comms. Yields the level."""
    import distributed  # noqa: F401  (importing it sets its loggers' levels from Dask's config)

    root = logging.getLogger().getEffectiveLevel()
    level = root if root <= logging.INFO else logging.ERROR
    loggers = [logging.getLogger(name) for name in ("distributed", "tornado")]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield level
    finally:
        for logger, old in zip(loggers, before, strict=True):
            logger.setLevel(old)


#: Article ids -> content hash of those the store holds as read by this extractor.
KnownArticles = Callable[[list[str]], dict[str, str]]


def _known_in(store: Any, fingerprint: str) -> KnownArticles:
    """What ``store`` holds of some article ids, read by the extractor ``fingerprint``."""

    def known(ids: list[str]) -> dict[str, str]:
        rows = store.con.execute(
            "SELECT article_id, content_hash FROM articles WHERE article_id IN (SELECT unnest(?))"
            " AND extractor = ?",
            [ids, fingerprint],
        ).fetchall()
        return {aid: digest for aid, digest in rows}

    return known


def _piece_ids(piece: ParquetPiece) -> list[str]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(piece.path)
    if "id" not in parquet.schema_arrow.names:
        return []
    column = parquet.read_row_groups(piece.row_groups, columns=["id"]).column("id")
    return [str(v) for v in column.to_pylist() if v is not None]


def _submit(
    client: Any,
    payload: list[Article] | ParquetPiece | JsonlRange,
    defaults: dict[str, Any],
    known_of: KnownArticles | None,
) -> tuple[Any, list[int] | None]:
    """Send a partition (minus the articles the store holds unchanged); returns the future (None when
    nothing is left to send) and the positions of the articles sent (None: all of them)."""
    if known_of is None:
        return client.submit(extract_partition, payload, defaults, pure=False), None
    if isinstance(payload, JsonlRange):  # the worker reads the texts: it tells their ids first
        payload.known = known_of(client.submit(range_ids, payload, defaults, pure=False).result())
        return client.submit(extract_partition, payload, defaults, pure=False), None
    if isinstance(payload, ParquetPiece):  # the worker reads the texts: it skips what is known
        payload.known = known_of(_piece_ids(payload))
        return client.submit(extract_partition, payload, defaults, pure=False), None
    from tracker.store import content_hash

    known = known_of([a.id for a in payload])
    sent = [n for n, a in enumerate(payload) if known.get(a.id) != content_hash(a)]
    if not sent:
        return None, sent
    return client.submit(extract_partition, [payload[n] for n in sent], defaults, pure=False), sent


def _placed(payload: list[Article], outcome: Outcome, sent: list[int]) -> Outcome:
    """The outcome of the articles sent, spread over the whole partition (the rest unchanged)."""
    results: list[Any] = [UNCHANGED] * len(payload)
    errors: list[str | None] = [None] * len(payload)
    for n, result, error in zip(sent, outcome.results, outcome.errors, strict=True):
        results[n], errors[n] = result, error
    return Outcome(None, results, errors)


def _in_order(
    client: Any,
    payloads: Iterable[list[Article] | ParquetPiece | JsonlRange],
    defaults: dict[str, Any],
    window: int,
    known_of: KnownArticles | None = None,
) -> Iterator[tuple[list[Article] | ParquetPiece | JsonlRange, Any, BaseException | None]]:
    """Submit partitions with at most ``window`` in flight; yield (payload, outcome, error) in input order.

    With ``known_of``, articles the store holds unchanged are not extracted: left out of what is
    sent when the client read them, skipped by the worker reading a Parquet piece.
    """
    pending: deque[tuple[Any, Any, list[int] | None]] = deque()

    def head() -> tuple[Any, Any, BaseException | None]:
        payload, future, sent = pending.popleft()
        if future is None:
            return payload, _placed(payload, Outcome(None, [], []), []), None
        try:
            outcome = future.result()
            return payload, outcome if sent is None else _placed(payload, outcome, sent), None
        except Exception as exc:  # a worker lost or a partition unreadable: report it, go on
            return payload, None, exc
        finally:
            future.release()

    for payload in payloads:
        pending.append((payload, *_submit(client, payload, defaults, known_of)))
        if len(pending) >= window:
            yield head()
    while pending:
        yield head()


def _clear_parts(folder: Path) -> None:
    """Remove the partition files of an earlier run, so the folder holds this run's results only."""
    if folder.is_dir():
        for old in folder.glob("part-*.parquet"):
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)


class _Writer:
    """Writes each partition's events and aggregates as ``part-NNNNN.parquet`` (empty ones skipped)."""

    def __init__(self, output: str) -> None:
        self.events_dir = Path(output) / "events"
        self.aggregates_dir = Path(output) / "aggregates"
        _clear_parts(self.events_dir)
        _clear_parts(self.aggregates_dir)
        self.event_files: list[str] = []
        self.aggregate_files: list[str] = []

    def write(self, index: int, events: list[dict[str, Any]], aggregates: list[dict[str, Any]]) -> None:
        from tracker.schema import AGGREGATE_COLUMNS, EVENT_COLUMNS, to_frame

        for rows, columns, folder, files in (
            (events, EVENT_COLUMNS, self.events_dir, self.event_files),
            (aggregates, AGGREGATE_COLUMNS, self.aggregates_dir, self.aggregate_files),
        ):
            if rows:
                path = folder / f"part-{index:05d}.parquet"
                to_frame(rows, columns)[list(columns)].to_parquet(path, index=False)
                files.append(str(path))

    def finish(self) -> None:
        """An empty partition when a folder got none, so readers always find the schema."""
        from tracker.schema import AGGREGATE_COLUMNS, EVENT_COLUMNS, empty_frame

        for columns, folder, files in (
            (EVENT_COLUMNS, self.events_dir, self.event_files),
            (AGGREGATE_COLUMNS, self.aggregates_dir, self.aggregate_files),
        ):
            if not files:
                path = folder / "part-00000.parquet"
                empty_frame(columns)[list(columns)].to_parquet(path, index=False)
                files.append(str(path))


class _Results:
    """Computed results the store's extractor looks up by article object.

    The store reads articles in batches of ``store_batch`` and extracts a batch before reading the
    next, so an article yielded more than ``2 * store_batch`` articles ago has been looked up or
    skipped (unchanged, duplicate): dropping it bounds memory.
    """

    def __init__(self, store_batch: int, fingerprint: str) -> None:
        self.limit = 2 * store_batch
        self.pending: OrderedDict[int, tuple[Article, Any, str | None]] = OrderedDict()
        # The store records who read each article: the workers ran the packaged extractor (checked
        # by :func:`_check_workers`), so its fingerprint, not this class's name.
        self.fingerprint = fingerprint

    def add(self, article: Article, result: Any, error: str | None) -> None:
        self.pending[id(article)] = (article, result, error)  # holding the article keeps its id unique
        while len(self.pending) > self.limit:
            self.pending.popitem(last=False)

    def __call__(self, article: Article) -> Any:
        entry = self.pending.pop(id(article), None)
        if entry is None:  # cannot happen with the store's batching; extract here rather than fail
            from tracker.extraction.pipeline import extract_article

            return extract_article(article)
        _, result, error = entry
        if error is not None:
            raise RuntimeError(error)
        if isinstance(result, str):  # skipped as unchanged, yet the store wants it: read it here
            from tracker.extraction.pipeline import extract_article

            return extract_article(article)
        return result


def _progress_bar(enabled: bool, total: int | None) -> tuple[Any, Callable[[int], None]]:
    if not enabled:
        return nullcontext(), lambda n: None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("dask"),
        BarColumn(),
        TextColumn("{task.completed:,.0f} articles"),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("extract", total=total)
    return bar, lambda n: bar.advance(task, n)


def extract_dask(
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    scheduler: str | None = None,
    n_workers: int = 2,
    output: str | os.PathLike[str] | None = None,
    store: str | os.PathLike[str] | None = None,
    partition_size: int = PARTITION_SIZE,
    progress: bool = True,
    published: Any = None,
    lang: str | None = None,
    source: str | None = None,
    keep_text: bool = False,
    collect: bool = False,
) -> DaskSummary:
    """Extract every article of ``inputs`` on a Dask cluster; returns a :class:`DaskSummary`.

    ``scheduler``: a ``dask.distributed`` scheduler address (``tcp://host:8786``); None starts a
    LocalCluster of ``n_workers`` processes for the run. ``output``: a folder receiving
    ``events/`` and ``aggregates/`` Parquet partitions (earlier ``part-*.parquet`` files there are
    replaced). ``store``: a DuckDB store path to ingest the articles and their events into; articles
    it holds unchanged (same id and content, read by this extractor) are not extracted again, so
    the ``output`` partitions then hold the events of the articles extracted in this run. ``published``, ``lang`` and
    ``source`` fill records lacking them; ``keep_text`` keeps article texts in the store; ``collect``
    keeps every event and aggregate row in the summary (``event_rows``, ``aggregate_rows``). With a
    remote scheduler, Parquet inputs must be readable by the workers at the same path.

    >>> import tempfile, pathlib, json
    >>> d = pathlib.Path(tempfile.mkdtemp()); f = d / "a.jsonl"
    >>> _ = f.write_text(json.dumps({"id": "a1", "text": "Shelling killed 4 people in Douma.",
    ...                             "published": "2017-01-24"}) + "\\n", encoding="utf-8")
    >>> extract_dask([f], n_workers=1, output=d / "out", progress=False).events  # doctest: +SKIP
    1
    """
    from tracker.run.inputs import RunReport
    from tracker.schema import to_date

    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    names = [os.fspath(i) for i in inputs]
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    defaults = {"published": to_date(published), "lang": lang, "source": source}
    report = RunReport()
    summary = DaskSummary(report=report)
    started = time.monotonic()
    with ExitStack() as stack:
        log_level = stack.enter_context(_dask_logs())
        client = _client(stack, scheduler, n_workers, log_level)
        fingerprint = _check_workers(client)
        summary.scheduler = str(client.scheduler.address)
        summary.workers = sum(client.nthreads().values())
        window = 2 * max(1, summary.workers)
        writer = _Writer(os.fspath(output)) if output is not None else None
        total = _parquet_total(names)
        bar, advance = _progress_bar(progress, total)
        stack.enter_context(bar)
        payloads = partitions_of(names, partition_size=partition_size, defaults=defaults, report=report)
        db = None
        if store is not None:
            from tracker.store import Store

            db = stack.enter_context(Store(os.fspath(store), keep_text=keep_text))
        known_of = _known_in(db, fingerprint) if db is not None else None
        articles = _consume(
            _in_order(client, payloads, defaults, window, known_of), report, writer, summary, advance, collect
        )
        if db is not None:
            from tracker.run.ingest import ingest

            store_batch = 500
            results = _Results(store_batch, fingerprint)
            summary.store = ingest(
                db,
                _feed(articles, results),
                extractor=results,
                progress=False,
                batch_size=store_batch,
                inputs=names,
            )
        else:
            for _ in articles:
                pass
        if writer is not None:
            writer.finish()
            summary.event_files, summary.aggregate_files = writer.event_files, writer.aggregate_files
    summary.seconds = time.monotonic() - started
    return summary


def _parquet_total(names: Sequence[str]) -> int | None:
    """The number of articles when every input is Parquet (known from metadata), else None."""
    if not names or not all(is_parquet(n) for n in names):
        return None
    import pyarrow.parquet as pq

    try:
        return sum(pq.ParquetFile(f).metadata.num_rows for n in names for f in parquet_files(n))
    except (OSError, ValueError):
        return None


def _consume(
    outcomes: Iterable[tuple[Any, Any, BaseException | None]],
    report: Any,
    writer: _Writer | None,
    summary: DaskSummary,
    advance: Callable[[int], None],
    collect: bool = False,
) -> Iterator[tuple[Article, Any, str | None]]:
    """Count, write (and with ``collect`` keep in ``summary``) and pass on each partition's
    (article, result, error) in input order."""
    for index, (payload, outcome, failure) in enumerate(outcomes):
        summary.partitions += 1
        if failure is not None:
            if isinstance(payload, JsonlRange):
                where = f"{payload.path}:{payload.first_line}-{payload.first_line + payload.lines - 1}"
                count = payload.lines
            elif isinstance(payload, ParquetPiece):
                where, count = payload.path, payload.rows
            else:
                where, count = f"partition {index}", len(payload)
            report.fail(where, f"{count} article(s) lost: {type(failure).__name__}: {failure}")
            advance(count)
            continue
        articles = payload if outcome.articles is None else outcome.articles
        if outcome.articles is not None:  # read_inputs counted its own articles' missing dates
            report.no_date += sum(a.published is None for a in articles)
        for origin, reason in outcome.bad_records:
            report.fail(origin, reason)
        for origin, reason in outcome.warnings:
            report.warn(origin, reason)
        report.truncated += outcome.truncated
        events: list[dict[str, Any]] = []
        aggregates: list[dict[str, Any]] = []
        for article, result, error in zip(articles, outcome.results, outcome.errors, strict=True):
            if isinstance(result, str):  # UNCHANGED: the store has its events
                summary.unchanged += 1
            elif error is not None:
                report.fail(article.origin or article.id, error)
            else:
                report.record(
                    bool(result.events), events=len(result.events), aggregates=len(result.aggregates)
                )
                events.extend(result.events)
                aggregates.extend(result.aggregates)
            yield article, result, error
        if writer is not None:
            writer.write(index, events, aggregates)
        if collect:
            summary.event_rows.extend(events)
            summary.aggregate_rows.extend(aggregates)
        advance(len(articles) + len(outcome.bad_records))


def _feed(items: Iterable[tuple[Article, Any, str | None]], results: _Results) -> Iterator[Article]:
    for article, result, error in items:
        results.add(article, result, error)
        yield article


def run_dask_ingest(
    inputs: Sequence[str],
    *,
    scheduler: str | None,
    store: str | None,
    output: str | None,
    quiet: bool,
    n_workers: int = 2,
    published: Any = None,
    lang: str | None = None,
    source: str | None = None,
    keep_text: bool = False,
    collect: bool = False,
) -> DaskSummary:
    """``tracker ingest|extract --engine dask``: run :func:`extract_dask` and print its summary to stderr.

    Raises :class:`click.ClickException` when the cluster cannot be reached or nothing was read.
    """
    import click

    from tracker.store import StoreError

    try:
        summary = extract_dask(
            inputs,
            scheduler=scheduler,
            n_workers=n_workers,
            output=output,
            store=store,
            progress=not quiet and sys.stderr.isatty(),
            published=published,
            lang=lang,
            source=source,
            keep_text=keep_text,
            collect=collect,
        )
    except (OSError, TimeoutError, StoreError, WorkerMismatch) as exc:
        raise click.ClickException(f"the Dask engine failed: {exc}") from None
    if not quiet or summary.report.failed or not summary.report.processed:
        click.echo(summary.summary(), err=True)
    if not summary.report.processed and not summary.unchanged:
        raise click.ClickException("nothing could be read or extracted")
    return summary
