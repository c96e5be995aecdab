"""``tracker ingest``, ``export``, ``stats`` and ``explain``: the store from the command line.

``ingest`` reads inputs with :func:`tracker.run.inputs.read_inputs` and adds them to the store with
:func:`tracker.run.ingest.ingest` (one transaction per run); ``export`` writes incidents or mentions
with :func:`tracker.export.write_frame`; ``stats`` and ``explain`` print what the store holds and why an
incident was merged. Summaries go to stderr for ``export`` (so ``-o -`` streams the data) and to
stdout for the others. Exit status: 0 on success, 1 when the store cannot be opened or written or
``ingest`` was given inputs and could read none, 2 on a usage error (an output that would overwrite
the store or an input included).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, time
from typing import Any

import click

from tracker.commands.extract import (
    check_engine,
    check_inputs,
    check_output,
    engine_options,
    full_text_option,
    input_options,
    output_format_options,
    progress_display,
    report_written,
)
from tracker.commands.guards import refuse_overwrite
from tracker.commands.options import (
    incident_filter_options,
    output_option,
    parse_day,
    parse_moment,
    quiet_option,
    store_option,
)

__all__ = ["ingest", "export", "stats", "explain", "parse_day"]

_store_option = store_option("The store file (DuckDB).")


def _open(path: str, *, read_only: bool, keep_text: bool = False) -> Any:
    from tracker.store import Store, StoreError

    try:
        return Store(path, read_only=read_only, keep_text=keep_text)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


@click.command(name="ingest")
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@_store_option
@input_options
@full_text_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=500,
    metavar="N",
    show_default=True,
    help="Articles extracted and inserted at a time (memory stays bounded by it).",
)
@click.option("--keep-text", is_flag=True, help="Store the articles' full text too (a larger store).")
@engine_options
@click.option(
    "--dask-output",
    metavar="DIR",
    help="With --engine dask: also write the events and aggregates as Parquet partitions under DIR.",
)
@quiet_option("No progress display; the summary only.")
def ingest(
    inputs: tuple[str, ...],
    store_path: str,
    published: date | None,
    lang: str | None,
    source: str | None,
    full_text: bool,
    batch_size: int,
    keep_text: bool,
    engine: str,
    scheduler: str | None,
    dask_output: str | None,
    dask_workers: int,
    quiet: bool,
) -> None:
    """Extract new and changed articles into the store and merge incidents across sources.

    Re-running over the same inputs changes nothing; a changed article (same id, new text) replaces
    its old events. The run is one transaction: if it is interrupted, the store is as it was.
    With no INPUT, the store is only created (or migrated to this version's layout).

    \b
    Examples:
      tracker ingest news/ --store syria.duckdb
      tracker ingest report.txt --published 2017-01-24 --source SOHR
      tracker ingest https://example.org/feed.rss --full-text
    """
    from tracker.run.ingest import ingest as ingest_articles
    from tracker.run.inputs import RunReport, read_inputs
    from tracker.store import StoreError

    check_inputs(inputs)
    refuse_overwrite(reads={"INPUT": inputs}, writes={"--store": store_path, "--dask-output": dask_output})
    if check_engine(engine, scheduler, inputs, full_text):
        from tracker.run.distributed import run_dask_ingest

        run_dask_ingest(
            list(inputs),
            scheduler=scheduler,
            store=store_path,
            output=dask_output,
            quiet=quiet,
            n_workers=dask_workers,
            published=published,
            lang=lang,
            source=source,
            keep_text=keep_text,
        )
        return
    report = RunReport()
    articles = read_inputs(
        inputs, published=published, lang=lang, source=source, report=report, full_text=full_text
    )
    show = not quiet and sys.stderr.isatty()
    display, advance = progress_display(show)
    seen = 0

    def on_batch(read: int) -> None:
        nonlocal seen
        if advance is not None:
            for _ in range(read - seen):
                advance()
        seen = read

    with _open(store_path, read_only=False, keep_text=keep_text) as store, display:
        try:
            result = ingest_articles(
                store, articles, progress=on_batch, batch_size=batch_size, inputs=list(inputs), report=report
            )
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(result.summary())
    for error in result.errors[:20]:
        click.echo(f"  extraction failed: {error}")
    if result.failed > 20:
        click.echo(f"  ... and {result.failed - 20} more")
    if report.failed:
        click.echo(f"{report.failed} input record(s) could not be read:")
    for line in report.details():
        click.echo(line)
    if inputs and result.read == result.failed:
        click.echo("nothing could be read or extracted", err=True)
        sys.exit(1)


@click.command(name="export")
@output_option(
    "Output file: .csv, .parquet, .jsonl or .geojson (optionally .gz); '-' for stdout (CSV).", required=True
)
@_store_option
@click.option(
    "--mentions", is_flag=True, help="Export every mention (one row per article's report), not incidents."
)
@incident_filter_options
@click.option(
    "--changed-since",
    callback=parse_moment,
    metavar="TIME",
    help="Only incidents created or changed at or after TIME (UTC; a day, an ISO time or Unix seconds).",
)
@click.option(
    "--deleted-since",
    callback=parse_moment,
    metavar="TIME",
    help="Write the deletions list instead: incident ids deleted or merged away at or after TIME.",
)
@output_format_options
def export(
    output: str,
    store_path: str,
    mentions: bool,
    since: date | None,
    until: date | None,
    admin1: tuple[str, ...],
    actor: str | None,
    violations_only: bool,
    changed_since: datetime | None,
    deleted_since: datetime | None,
    fmt: str | None,
    acled_legacy: bool,
    excel: bool,
) -> None:
    """Export incidents (or mentions) from the store to OUT, with optional filters.

    To keep a copy up to date, take the latest ``changed_at`` (or ACLED ``timestamp``) it holds as TIME:
    drop the ids of ``--deleted-since TIME``, then insert or replace the rows of ``--changed-since TIME``.

    \b
    Examples:
      tracker export -o incidents.csv --since 2017-01-01 --admin1 Idleb
      tracker export -o violations.parquet --violations-only
      tracker export -o acled.csv --format acled
      tracker export -o ged.csv --format ucdp
      tracker export -o changed.csv --changed-since 2024-03-01T06:00:00
      tracker export -o deleted.csv --deleted-since 2024-03-01T06:00:00
    """
    from tracker.export import write_frame
    from tracker.review import last_reviewed, reviewed_incidents, reviewed_mentions

    check_output(output, fmt, acled_legacy)
    refuse_overwrite(reads={"--store": [store_path]}, writes={"-o": output})
    if changed_since is not None and mentions:
        raise click.UsageError("--changed-since selects incidents: it does not go with --mentions")
    if deleted_since is not None:
        _export_deletions(
            output,
            store_path,
            deleted_since,
            fmt=fmt,
            excel=excel,
            others=mentions or bool(since or until or admin1 or actor or violations_only or changed_since),
        )
        return
    filters: dict[str, Any] = dict(
        since=since, until=until, admin1=list(admin1) or None, actor=actor, violations_only=violations_only
    )
    with _open(store_path, read_only=True) as store:
        if mentions:
            frame = reviewed_mentions(store, **filters)
        else:
            frame = reviewed_incidents(store, **filters)
            # A review changes the row a user holds as much as a recompute does.
            reviewed = frame["event_id"].map(last_reviewed(store.con)).astype("datetime64[ns]")
            frame["changed_at"] = frame["changed_at"].where(
                reviewed.isna() | (frame["changed_at"] >= reviewed), reviewed
            )
            if changed_since is not None:
                frame = frame[frame["changed_at"] >= changed_since].reset_index(drop=True)
    try:
        written = write_frame(frame, output, fmt=fmt, excel=excel, acled_legacy=acled_legacy)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot write {output}: {exc}") from None
    report_written(len(frame), written, output, "mention(s)" if mentions else "incident(s)")


def _export_deletions(
    output: str, store_path: str, since: datetime, *, fmt: str | None, excel: bool, others: bool
) -> None:
    """``export --deleted-since``: the ids gone since a time, as a plain table (CSV, JSON lines, Parquet)."""
    from tracker.export import STYLES, format_for, write_frame

    if others or fmt in STYLES or (fmt or format_for(output)) == "geojson":
        raise click.UsageError(
            "--deleted-since writes the deletions list (CSV, JSON lines or Parquet): "
            "it takes no filter, --mentions, --changed-since or --format acled/ucdp"
        )
    import pandas as pd

    from tracker.review import rejected

    with _open(store_path, read_only=True) as store:
        frame = store.deletions(since=since)
        # An incident analysts rejected is gone from the exports too.
        dropped = rejected(store.con)
    dropped = dropped[dropped["decided"] >= since]
    if len(dropped):
        rows = pd.DataFrame(
            {"event_id": dropped["event_id"], "change": "rejected", "deleted_at": dropped["decided"]}
        )
        frame = pd.concat([frame, rows.astype({"event_id": "string", "change": "string"})], ignore_index=True)
    try:
        written = write_frame(frame, output, fmt=fmt, excel=excel)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot write {output}: {exc}") from None
    report_written(len(frame), written, output, "deleted incident id(s)")


@click.command(name="stats")
@_store_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(store_path: str, as_json: bool) -> None:
    """Summarise what the store holds: articles, mentions, incidents, runs."""
    with _open(store_path, read_only=True) as store:
        figures = store.stats()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
        return
    last = figures.pop("last_run")
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        click.echo(f"{key.replace('_', ' '):<{width}}  {_words(value)}")
    if last:
        click.echo(
            f"{'last run':<{width}}  {last['run_id']} {last['status']} at "
            f"{_words(last['finished'] or last['started'])}: "
            f"{last['new']} new, {last['changed']} changed, {last['unchanged']} unchanged"
        )
    else:
        click.echo(f"{'last run':<{width}}  none")


def _words(value: Any) -> str:
    """A figure of :meth:`Store.stats` for people: "none" for nothing, a day without a midnight time,
    a time to the second."""
    if value is None:
        return "none"
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.time() == time(0):
            return moment.date().isoformat()
        return moment.isoformat(sep=" ", timespec="seconds")
    return str(value)


@click.command(name="explain")
@click.argument("event_id")
@_store_option
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain(event_id: str, store_path: str, as_json: bool) -> None:
    """Show the mentions behind an incident (or a mention's incident) and why they were merged."""
    from tracker.store import format_explanation

    with _open(store_path, read_only=True) as store:
        try:
            why = store.explain(event_id)
        except KeyError:
            gone = store.deletions()
            gone = gone[gone["event_id"] == event_id]
            if len(gone):
                row = gone.iloc[-1]
                into = f" into {row['replaced_by']}" if row["change"] == "merged_away" else ""
                raise click.ClickException(
                    f"incident {event_id} is gone: {row['change'].replace('_', ' ')}{into} "
                    f"at {row['deleted_at']} (UTC)"
                ) from None
            raise click.ClickException(f"no incident or mention {event_id!r} in {store_path}") from None
    if as_json:
        click.echo(json.dumps(why, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_explanation(why))
