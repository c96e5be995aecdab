"""``tracker ledger``: the casualty ledger of articles, read by people.

For each article, every casualty figure the extractor read, in order: the sentence it is in, its words,
the count it gives, its role (:mod:`tracker.extraction.ledger`: event, part, total, remainder, aggregate,
revision, restatement) and why; then the events that come out. ``tracker extract --ledger FILE`` writes
the same ledger as a table. Exit status: 0, 1 when no article could be read.
"""

from __future__ import annotations

import json
from datetime import date

import click

from tracker.commands.extract import input_options

__all__ = ["ledger"]


@click.command(name="ledger")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True), metavar="INPUT...")
@input_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per article.")
def ledger(
    inputs: tuple[str, ...], published: date | None, lang: str | None, source: str | None, as_json: bool
) -> None:
    """Show each casualty figure of the articles in INPUT..., its role and why, and the events counted.

    \b
    Examples:
      tracker ledger article.txt --published 2017-01-24
      tracker ledger articles.jsonl --json
    """
    from tracker.extraction.pipeline import extract_article
    from tracker.run.inputs import RunReport, read_inputs

    report = RunReport()
    n = 0
    for art in read_inputs(inputs, published=published, lang=lang, source=source, report=report):
        n += 1
        result = extract_article(art)
        figures = [{k: v for k, v in e.items() if k != "article_id"} for e in result.ledger]
        events = [{"fatalities": e.get("fatalities"), "location": e.get("location")} for e in result.events]
        if as_json:
            click.echo(
                json.dumps({"article_id": art.id, "figures": figures, "events": events}, ensure_ascii=False)
            )
            continue
        click.echo(f"article {art.id}")
        for f in figures:
            count = "-" if f["count"] is None else f["count"]
            click.echo(f"  sentence {f['sentence_index']}: {f['words']!r} -> {count} {f['role']}: {f['why']}")
        killed = sum(e["fatalities"] or 0 for e in events)
        click.echo(f"  {len(events)} event(s), {killed} killed")
    if n == 0:
        raise click.ClickException("no article could be read")
