"""``tracker extract``: article files in, an event file out (no store).

Reads the inputs with :func:`tracker.run.inputs.read_inputs`, extracts each article with
:func:`tracker.extraction.pipeline.extract_article` (in a process pool with ``--workers``, results kept in input
order so the output does not depend on the number of workers), builds the event frame with
:func:`tracker.schema.to_frame` and writes it with :func:`tracker.export.write_frame`. A progress bar
and the run summary go to stderr, so ``-o -`` can stream the events to stdout.

Exit status: 0 when at least one article was processed, 1 when nothing could be read, 2 on a
usage error (unknown option, missing input path, unknown output format), 130 when stopped with
Ctrl-C (the events found until then are still written).
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tracker.document import Article

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

__all__ = [
    "check_inputs",
    "extract",
    "extract_articles",
    "input_options",
    "parse_published",
    "progress_display",
    "worker_pool",
]

#: Articles a worker takes at a time; batches of several chunks per worker bound memory.
CHUNK_SIZE = 8


def _extract_one(article: Article) -> tuple[Any, str | None]:
    """Run the extractor on one article; an exception becomes a reason instead of ending the run."""
    from tracker.extraction.pipeline import extract_article

    try:
        return extract_article(article), None
    except Exception as exc:  # one article's bug must not lose the others
        return None, f"extraction failed: {type(exc).__name__}: {exc}"


#: Tiny reports that make the extractor load its word lists, gazetteer and actors (both languages).
_WARM_UP = (
    Article("warm-up-ar", "قتل 3 مدنيين بقصف على مدينة حلب أمس.", lang="ar"),
    Article("warm-up-en", "Shelling killed 3 civilians in Aleppo yesterday.", lang="en"),
)


def _warm_up() -> None:
    """Load the extractor's resources once in the parent, so forked workers share them instead of
    each loading them again (seconds per worker)."""
    for article in _WARM_UP:
        _extract_one(article)


@contextmanager
def worker_pool(workers: int) -> Iterator[Pool | None]:
    """A process pool for ``workers`` > 1 (None otherwise), with the extractor loaded before forking.

    Open it before any thread starts (the progress display runs one): a fork copies a thread's
    held locks, not the thread.
    """
    if workers <= 1:
        yield None
        return
    import multiprocessing

    context = multiprocessing.get_context()
    if context.get_start_method() == "fork":
        _warm_up()
    with context.Pool(workers) as pool:
        yield pool


def _results(
    articles: Iterable[Article], pool: Pool | None, workers: int
) -> Iterator[tuple[Article, Any, str | None]]:
    if pool is None:
        for article in articles:
            yield (article, *_extract_one(article))
        return
    # Batches are mapped in order, so output order is the input order whatever the worker count,
    # and at most one batch of articles is held in memory.
    batch_size = max(workers, 1) * CHUNK_SIZE * 4
    iterator = iter(articles)
    while batch := list(itertools.islice(iterator, batch_size)):
        for article, result in zip(batch, pool.imap(_extract_one, batch, chunksize=CHUNK_SIZE), strict=True):
            yield (article, *result)


def extract_articles(
    articles: Iterable[Article],
    *,
    report: Any,
    workers: int = 1,
    pool: Pool | None = None,
    on_article: Callable[[], None] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Extract every article; returns (event rows, aggregate rows) and counts each article in ``report``.

    ``report`` is a :class:`tracker.run.inputs.RunReport`; an article whose extraction raises is counted as
    failed with its origin. With ``workers`` > 1 the articles go to ``pool`` (one from
    :func:`worker_pool`, opened here when not given). ``on_article`` is called after each article
    (progress display). Ctrl-C stops the run but keeps what was extracted so far
    (``report.interrupted`` is set).
    """
    if workers > 1 and pool is None:
        with worker_pool(workers) as own_pool:
            return extract_articles(
                articles, report=report, workers=workers, pool=own_pool, on_article=on_article
            )
    events: list[dict[str, Any]] = []
    aggregates: list[dict[str, Any]] = []
    try:
        for article, result, error in _results(articles, pool, workers):
            if error is not None:
                report.fail(article.origin or article.id, error)
            else:
                events.extend(result.events)
                aggregates.extend(result.aggregates)
                report.record(
                    bool(result.events), events=len(result.events), aggregates=len(result.aggregates)
                )
            if on_article is not None:
                on_article()
    except KeyboardInterrupt:  # a long run stopped by hand still writes what it found
        report.interrupted = True
    return events, aggregates


def parse_published(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    from tracker.schema import to_date

    try:
        return to_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def check_inputs(inputs: tuple[str, ...]) -> None:
    if inputs.count("-") > 1:
        raise click.BadParameter("'-' (stdin) can be given once", param_hint="INPUT")
    for value in inputs:
        if value == "-" or value.lower().startswith(("http://", "https://")):
            continue
        if not Path(value).exists():
            raise click.BadParameter(f"{value!r}: no such file or directory", param_hint="INPUT")


def progress_display(enabled: bool) -> tuple[AbstractContextManager[Any], Callable[[], None] | None]:
    """A rich progress display on stderr and the callback that advances it (None when disabled)."""
    if not enabled:
        return nullcontext(), None
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} articles"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("extract", total=None, rate="")

    def advance() -> None:
        progress.advance(task)
        speed = progress.tasks[task].speed
        progress.update(task, rate=f"{speed:.1f}/s" if speed else "")

    return progress, advance


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


@click.command(name="extract")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="OUT",
    help="Output file: .csv, .parquet, .jsonl or .geojson (optionally .gz); '-' for stdout (CSV).",
)
@input_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "jsonl", "geojson", "acled"]),
    help="Output format (default: from OUT's extension); 'acled' writes ACLED's columns.",
)
@click.option("--excel", is_flag=True, help="CSV with a BOM, so Excel shows Arabic correctly.")
@click.option(
    "--aggregates",
    "aggregates_path",
    metavar="FILE",
    help="Also write aggregate tolls (long periods, whole regions) to FILE.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; the summary only when records failed.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes extracting in parallel (output order stays the input order).",
)
@click.pass_context
def extract(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: str,
    published: date | None,
    lang: str | None,
    source: str | None,
    fmt: str | None,
    excel: bool,
    aggregates_path: str | None,
    quiet: bool,
    workers: int,
) -> None:
    """Extract casualty and strike events from articles into OUT.

    INPUT is a .txt file (one article), a .jsonl/.jsonl.gz/.json or .csv file of articles (fields id,
    text, published, lang, source, url, title), a directory (read recursively), an RSS/Atom feed or
    web page (file or URL), or '-' for stdin (plain text or JSON lines).

    \b
    Examples:
      tracker extract report.txt --published 2017-01-24 -o events.csv
      tracker extract articles.jsonl.gz --workers 2 -o events.parquet
      tracker extract news/ --format acled -o acled.csv
    """
    from tracker.export import format_for, write_frame
    from tracker.run.inputs import RunReport, read_inputs
    from tracker.schema import AGGREGATE_COLUMNS, to_frame

    check_inputs(inputs)
    if fmt is None and format_for(output) is None:
        raise click.BadParameter(
            f"cannot tell the format of {output!r}: use .csv, .parquet, .jsonl or .geojson, or --format",
            param_hint="'-o'",
        )
    if aggregates_path is not None and format_for(aggregates_path) in (None, "geojson"):
        raise click.BadParameter(
            f"cannot write aggregates to {aggregates_path!r}: use .csv, .parquet or .jsonl",
            param_hint="'--aggregates'",
        )

    report = RunReport()
    articles = read_inputs(inputs, published=published, lang=lang, source=source, report=report)
    show_progress = not quiet and sys.stderr.isatty()
    display, advance = progress_display(show_progress)
    with worker_pool(workers) as pool, display:
        events, aggregates = extract_articles(
            articles, report=report, workers=workers, pool=pool, on_article=advance
        )

    try:
        write_frame(to_frame(events), output, fmt=fmt, excel=excel)
        if aggregates_path is not None:
            write_frame(to_frame(aggregates, AGGREGATE_COLUMNS), aggregates_path, excel=excel)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot write the output: {exc}") from None

    if not quiet or report.failed or not report.processed:
        click.echo(report.summary(), err=True)
    if output != "-" and not quiet:
        click.echo(f"wrote {report.events} event(s) to {output}", err=True)
    sys.stderr.flush()
    if report.interrupted:
        ctx.exit(130)  # the shell's code for a run stopped by SIGINT
    ctx.exit(0 if report.processed else 1)
