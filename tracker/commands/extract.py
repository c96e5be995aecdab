"""``tracker extract``: article files in, an event file out (no store).

Reads the inputs with :func:`tracker.run.inputs.read_inputs`, extracts each article with
:func:`tracker.run.pool.extract_articles` (in a process pool with ``--workers``, results kept in input
order so the output does not depend on the number of workers), builds the event frame with
:func:`tracker.schema.to_frame` and writes it with :func:`tracker.export.write_frame`. A progress bar
and the run summary go to stderr, so ``-o -`` can stream the events to stdout.

Exit status: 0 when at least one article was processed, 1 when nothing could be read, 2 on a
usage error (unknown option, missing input path, unknown output format), 130 when stopped with
Ctrl-C (the events found until then are still written).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from tracker.commands.guards import refuse_overwrite
from tracker.commands.options import output_option, quiet_option
from tracker.run.pool import extract_articles, worker_pool
from tracker.run.progress import progress_display

__all__ = [
    "check_engine",
    "check_inputs",
    "check_output",
    "engine_options",
    "extract",
    "extract_articles",
    "full_text_option",
    "input_options",
    "output_format_options",
    "parse_published",
    "progress_display",
    "report_written",
    "worker_pool",
]


def parse_published(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    from tracker.schema import FIRST_YEAR, LAST_YEAR, date_in_range, to_date

    try:
        day = to_date(value)
    except (ValueError, OverflowError, OSError) as exc:
        raise click.BadParameter(str(exc)) from None
    if not date_in_range(day):
        raise click.BadParameter(f"{value!r} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return day


def check_inputs(inputs: tuple[str, ...]) -> None:
    if inputs.count("-") > 1:
        raise click.BadParameter("'-' (stdin) can be given once", param_hint="INPUT")
    for value in inputs:
        if value == "-" or value.lower().startswith(("http://", "https://")):
            continue
        if not Path(value).exists():
            raise click.BadParameter(f"{value!r}: no such file or directory", param_hint="INPUT")


def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--published``, ``--lang`` and ``--source`` options of every command that reads articles."""
    options = (
        click.option(
            "--published",
            callback=parse_published,
            metavar="DATE",
            help="Publication date of plain-text inputs and of records without one (e.g. 2017-01-24).",
        ),
        click.option(
            "--lang",
            type=click.Choice(["ar", "en"]),
            help="Language when not given (default: told from the script).",
        ),
        click.option("--source", metavar="NAME", help="Source name for inputs and records without one."),
    )
    for option in reversed(options):
        command = option(command)
    return command


#: ``--full-text``: follow each feed item's link for the report's main text (commands reading feeds).
full_text_option = click.option(
    "--full-text",
    is_flag=True,
    help="Fetch each feed item's linked page (politely: robots.txt, crawl delay, back-off) and use its "
    "main text when longer than the item's; for feeds carrying headlines or summaries only.",
)


def engine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--engine``, ``--scheduler`` and ``--dask-workers``: where ``extract`` and ``ingest`` extract."""
    options = (
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="Extract in this process, or on a Dask cluster (a local one unless --scheduler is given).",
        ),
        click.option(
            "--scheduler", metavar="ADDRESS", help="A dask.distributed scheduler, e.g. tcp://10.0.0.5:8786."
        ),
        click.option(
            "--dask-workers",
            type=click.IntRange(min=1),
            default=2,
            show_default=True,
            metavar="N",
            help="Local cluster size (without --scheduler).",
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


def check_engine(engine: str, scheduler: str | None, inputs: tuple[str, ...], full_text: bool) -> bool:
    """True for a Dask run (``--engine dask`` or a ``--scheduler``); usage errors of the engine options."""
    if engine != "dask" and not scheduler:
        return False
    if not inputs:
        raise click.UsageError("--engine dask needs input files.")
    if full_text:
        raise click.UsageError("--full-text goes with the local engine (pages are fetched once, politely).")
    if "-" in inputs:
        raise click.UsageError("--engine dask reads files, not stdin.")
    return True


def output_format_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--format``, ``--acled-legacy`` and ``--excel`` options of every command that writes events."""
    options = (
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["csv", "parquet", "jsonl", "geojson", "acled", "ucdp"]),
            help="Output format (default: from the file's extension); 'acled' and 'ucdp' write ACLED's or "
            "UCDP GED's columns (as CSV unless the extension says .parquet, .jsonl or .geojson).",
        ),
        click.option(
            "--acled-legacy",
            is_flag=True,
            help="With --format acled: dates as '23 January 2017' and numeric inter and interaction codes, "
            "as in older ACLED files.",
        ),
        click.option("--excel", is_flag=True, help="CSV with a BOM, so Excel shows Arabic correctly."),
    )
    for option in reversed(options):
        command = option(command)
    return command


def check_output(output: str, fmt: str | None, acled_legacy: bool) -> None:
    """Usage errors of the output options: an unknown extension, --acled-legacy without --format acled."""
    from tracker.export import format_for

    if fmt is None and format_for(output) is None:
        raise click.BadParameter(
            f"cannot tell the format of {output!r}: use .csv, .parquet, .jsonl or .geojson, or --format",
            param_hint="'-o'",
        )
    if acled_legacy and fmt != "acled":
        raise click.UsageError("--acled-legacy goes with --format acled")


def report_written(rows: int, written: int, output: str, what: str, *, quiet: bool = False) -> None:
    """Say on stderr how many rows went to ``output`` (not with ``quiet``), and how many a GeoJSON file
    left out (always: rows missing from a file are never silent)."""
    if output != "-" and not quiet:
        click.echo(f"wrote {written} {what} to {output}", err=True)
    if written < rows:
        click.echo(f"{rows - written} {what} without coordinates left out of the GeoJSON", err=True)


@click.command(name="extract")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@output_option(
    "Output file: .csv, .parquet, .jsonl or .geojson (optionally .gz); '-' for stdout (CSV).", required=True
)
@input_options
@full_text_option
@output_format_options
@click.option(
    "--aggregates",
    "aggregates_path",
    metavar="FILE",
    help="Also write aggregate tolls (long periods, whole regions) to FILE.",
)
@click.option(
    "--ledger",
    "ledger_path",
    metavar="FILE",
    help="Also write the casualty ledger to FILE: each figure, its role (event, part, total, remainder, "
    "aggregate, revision) and why.",
)
@quiet_option("No progress bar; the summary only when records failed.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Processes extracting in parallel (output order stays the input order).",
)
@engine_options
@click.pass_context
def extract(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: str,
    published: date | None,
    lang: str | None,
    source: str | None,
    full_text: bool,
    fmt: str | None,
    acled_legacy: bool,
    excel: bool,
    aggregates_path: str | None,
    ledger_path: str | None,
    quiet: bool,
    workers: int,
    engine: str,
    scheduler: str | None,
    dask_workers: int,
) -> None:
    """Extract casualty and strike events from articles into OUT.

    INPUT is a .txt file (one article), a .jsonl/.jsonl.gz/.json or .csv file of articles (fields id,
    text, published, lang, source, url, title), a directory (read recursively), an RSS/Atom feed or
    web page (file or URL), or '-' for stdin (plain text or JSON lines). With --full-text, each
    feed item's linked page is fetched for the full report.

    \b
    Examples:
      tracker extract report.txt --published 2017-01-24 -o events.csv
      tracker extract articles.jsonl.gz --workers 2 -o events.parquet
      tracker extract news/ --format acled -o acled.csv
      tracker extract news/ --format ucdp -o ged.parquet
      tracker extract https://example.org/feed.rss --full-text -o events.csv
      tracker extract corpus.jsonl --engine dask --scheduler tcp://10.0.0.5:8786 -o events.parquet
    """
    import pandas as pd

    from tracker.export import format_for, write_frame
    from tracker.extraction.ledger import LEDGER_COLUMNS
    from tracker.run.inputs import RunReport, read_inputs
    from tracker.schema import AGGREGATE_COLUMNS, to_frame

    check_inputs(inputs)
    check_output(output, fmt, acled_legacy)
    refuse_overwrite(
        reads={"INPUT": inputs},
        writes={"-o": output, "--aggregates": aggregates_path, "--ledger": ledger_path},
    )
    for path, hint in ((aggregates_path, "aggregates"), (ledger_path, "ledger")):
        if path is not None and format_for(path) in (None, "geojson"):
            raise click.BadParameter(
                f"cannot write the {hint} to {path!r}: use .csv, .parquet or .jsonl", param_hint=f"'--{hint}'"
            )

    ledger: list[dict[str, Any]] | None = [] if ledger_path is not None else None
    if check_engine(engine, scheduler, inputs, full_text):
        if ledger is not None:
            raise click.UsageError("--ledger is written by the local engine only (leave out --engine dask)")
        from tracker.run.distributed import run_dask_ingest

        summary = run_dask_ingest(
            list(inputs),
            scheduler=scheduler,
            store=None,
            output=None,
            quiet=quiet,
            n_workers=dask_workers,
            published=published,
            lang=lang,
            source=source,
            collect=True,
        )
        report, events, aggregates = summary.report, summary.event_rows, summary.aggregate_rows
        summarised = True  # the engine has printed the run summary
    else:
        summarised = False
        report = RunReport()
        articles = read_inputs(
            inputs, published=published, lang=lang, source=source, report=report, full_text=full_text
        )
        show_progress = not quiet and sys.stderr.isatty()
        display, advance = progress_display(show_progress)
        with worker_pool(workers) as pool, display:
            events, aggregates = extract_articles(
                articles, report=report, workers=workers, pool=pool, on_article=advance, ledger=ledger
            )

    try:
        written = write_frame(to_frame(events), output, fmt=fmt, excel=excel, acled_legacy=acled_legacy)
        if aggregates_path is not None:
            write_frame(to_frame(aggregates, AGGREGATE_COLUMNS), aggregates_path, excel=excel)
        if ledger_path is not None and ledger is not None:
            write_frame(pd.DataFrame(ledger, columns=list(LEDGER_COLUMNS)), ledger_path, excel=excel)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot write the output: {exc}") from None

    if not summarised and (not quiet or report.failed or not report.processed):
        click.echo(report.summary(), err=True)
    report_written(len(events), written, output, "event(s)", quiet=quiet)
    sys.stderr.flush()
    if report.interrupted:
        ctx.exit(130)  # the shell's code for a run stopped by SIGINT
    ctx.exit(0 if report.processed else 1)
