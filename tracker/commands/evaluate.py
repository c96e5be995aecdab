"""``tracker evaluate``: score the extractor against a gold file (the dev-items format).

The gold file is one JSON object per article (what ``tracker review export-gold`` writes, or a file
annotated by hand following ``docs/CODING-GUIDE.md``); the events scored are extracted from
``--input`` in this process, or read from ``--events`` (a file ``tracker extract`` wrote). The metrics
are :func:`tracker.review.scoring.score`'s. Exit status: 0, 1 when a file cannot be read, 2 on a usage
error.
"""

from __future__ import annotations

import json

import click

__all__ = ["evaluate"]


@click.command(name="evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False), metavar="GOLD.jsonl")
@click.option(
    "--input",
    "inputs",
    multiple=True,
    type=click.Path(exists=True),
    metavar="FILE",
    help="Articles to extract and score (repeatable; as 'tracker extract' reads them).",
)
@click.option(
    "--events",
    "events_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="Events already extracted (CSV, Parquet or JSONL from 'tracker extract'), instead of --input.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def evaluate(gold: str, inputs: tuple[str, ...], events_files: tuple[str, ...], as_json: bool) -> None:
    """Score the extractor against GOLD.jsonl: detection, tolls, dates, governorates, actors, types.

    \b
    Examples:
      tracker evaluate gold.jsonl --input articles.jsonl
      tracker review export-gold mine.jsonl && tracker evaluate mine.jsonl --input articles.jsonl
    """
    if bool(inputs) == bool(events_files):
        raise click.UsageError("give the articles (--input) or an events file (--events), one of the two")
    from tracker.review.scoring import read_gold, score

    try:
        items = read_gold(gold)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"{gold}: cannot read the gold items ({exc})") from None
    if inputs:
        import tracker
        from tracker.run.inputs import RunReport, read_inputs

        report = RunReport()
        articles = list(read_inputs(inputs, report=report))
        if report.failed:
            click.echo(report.summary(), err=True)
        events = tracker.extract(articles)
    else:
        from tracker.commands.ceasefires import read_events

        events = read_events(events_files)
    figures = score(items, events)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    for name, value in figures.items():
        click.echo(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")
