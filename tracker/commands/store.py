"""``tracker ingest``, ``export``, ``stats`` and ``explain``: the store from the command line.

``ingest`` reads inputs with :func:`tracker.run.inputs.read_inputs` and adds them to the store with
:func:`tracker.run.ingest.ingest` (one transaction per run); ``export`` writes incidents or mentions
with :func:`tracker.export.write_frame`; ``stats`` and ``explain`` print what the store holds and why an
incident was merged. Summaries go to stderr for ``export`` (so ``-o -`` streams the data) and to
stdout for the others. Exit status: 0 on success, 1 when the store cannot be opened or written, 2 on
a usage error.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

import click

from tracker.commands.extract import (
    check_inputs,
    check_output,
    input_options,
    output_format_options,
    progress_display,
    report_written,
)

__all__ = ["ingest", "export", "stats", "explain", "parse_day"]

_STORE_HELP = "The store file (DuckDB)."


def _store_option(func: Any) -> Any:
    return click.option(
        "--store",
        "store_path",
        default="tracker.duckdb",
        show_default=True,
        type=click.Path(dir_okay=False),
        help=_STORE_HELP,
    )(func)


def _open(path: str, *, read_only: bool, keep_text: bool = False) -> Any:
    from tracker.store import Store, StoreError

    try:
        return Store(path, read_only=read_only, keep_text=keep_text)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback: an option's ``YYYY-MM-DD`` value as a date."""
    if value is None:
        return None
    import pandas as pd

    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


@click.command(name="ingest")
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@_store_option
@input_options
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Articles extracted and inserted at a time (memory stays bounded by it).",
)
@click.option("--keep-text", is_flag=True, help="Store the articles' full text too (a larger store).")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Extract in this process, or on a Dask cluster (a local one unless --scheduler is given).",
)
@click.option(
    "--scheduler", metavar="ADDRESS", help="A dask.distributed scheduler, e.g. tcp://10.0.0.5:8786."
)
@click.option(
    "--dask-output",
    metavar="DIR",
    help="With --engine dask: also write the events and aggregates as Parquet partitions under DIR.",
)
@click.option(
    "--dask-workers", type=click.IntRange(min=1), default=2, show_default=True, help="Local cluster size."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display; the summary only.")
def ingest(
    inputs: tuple[str, ...],
    store_path: str,
    published: date | None,
    lang: str | None,
    source: str | None,
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
    """
    from tracker.run.ingest import ingest as ingest_articles
    from tracker.run.inputs import RunReport, read_inputs
    from tracker.store import StoreError

    check_inputs(inputs)
    if engine == "dask" or scheduler:
        if not inputs:
            raise click.UsageError("--engine dask needs input files.")
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
    articles = read_inputs(inputs, published=published, lang=lang, source=source, report=report)
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
                store, articles, progress=on_batch, batch_size=batch_size, inputs=list(inputs)
            )
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(result.summary())
    for error in result.errors[:20]:
        click.echo(f"  extraction failed: {error}")
    if report.bad:
        click.echo(f"{len(report.bad)} input record(s) could not be read:")
        for bad in report.bad[:20]:
            click.echo(f"  {bad}")
        if len(report.bad) > 20:
            click.echo(f"  ... and {len(report.bad) - 20} more")


@click.command(name="export")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Output file: .csv, .parquet, .jsonl or .geojson (optionally .gz); '-' for stdout (CSV).",
)
@_store_option
@click.option(
    "--mentions", is_flag=True, help="Export every mention (one row per article's report), not incidents."
)
@click.option("--since", callback=parse_day, metavar="DATE", help="Events on or after this day.")
@click.option("--until", callback=parse_day, metavar="DATE", help="Events on or before this day.")
@click.option(
    "--admin1", multiple=True, metavar="GOVERNORATE", help="Governorate name or P-code (repeatable)."
)
@click.option(
    "--actor", metavar="NAME", help="A side (government, opposition, ...) or part of an actor's name."
)
@click.option("--violations-only", is_flag=True, help="Only events judged ceasefire violations.")
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
    fmt: str | None,
    acled_legacy: bool,
    excel: bool,
) -> None:
    """Export incidents (or mentions) from the store to FILE, with optional filters.

    \b
    Examples:
      tracker export -o incidents.csv --since 2017-01-01 --admin1 Idleb
      tracker export -o violations.parquet --violations-only
      tracker export -o acled.csv --format acled
      tracker export -o ged.csv --format ucdp
    """
    from tracker.export import write_frame
    from tracker.review import reviewed_incidents, reviewed_mentions

    check_output(output, fmt, acled_legacy)
    filters: dict[str, Any] = dict(
        since=since, until=until, admin1=list(admin1) or None, actor=actor, violations_only=violations_only
    )
    with _open(store_path, read_only=True) as store:
        frame = reviewed_mentions(store, **filters) if mentions else reviewed_incidents(store, **filters)
    try:
        written = write_frame(frame, output, fmt=fmt, excel=excel, acled_legacy=acled_legacy)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot write {output}: {exc}") from None
    report_written(len(frame), written, output, "mention(s)" if mentions else "incident(s)")


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
        click.echo(f"{key.replace('_', ' '):<{width}}  {value}")
    if last:
        click.echo(
            f"{'last run':<{width}}  {last['run_id']} {last['status']} at {last['finished'] or last['started']}: "
            f"{last['new']} new, {last['changed']} changed, {last['unchanged']} unchanged"
        )


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
            raise click.ClickException(f"no incident or mention {event_id!r} in {store_path}") from None
    if as_json:
        click.echo(json.dumps(why, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_explanation(why))
