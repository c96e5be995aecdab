"""``tracker watch``: follow the feeds of a sources file and ingest new items into the store.

Reads the sources file (see ``tracker/resources/feeds/sources.example.yaml``) and the feeds it lists;
writes new items into the store (``--store``). Each new ceasefire violation is printed to stdout as
one line; a summary of each poll goes to stderr (not with ``--quiet``). Ctrl-C (or SIGTERM) stops
after the feed being read, with everything fetched so far committed; a second Ctrl-C stops at once.

Exit status: 0 after the requested polls or a clean stop; 1 when the sources file or the store
cannot be used, or every feed polled failed every time; 2 on a usage error (the store being the
sources file included).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tracker.commands.guards import refuse_overwrite
from tracker.commands.options import quiet_option, store_option

__all__ = ["watch"]


@click.command("watch")
@click.argument("sources_file", metavar="SOURCES.yaml", type=click.Path(dir_okay=False, path_type=Path))
@store_option("The store to ingest into (created if missing).", as_path=True)
@click.option(
    "--interval",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="Seconds between polls of feeds whose entry gives no interval [default: 900].",
)
@click.option("--once", is_flag=True, help="Poll every feed once, then exit.")
@click.option(
    "--polls", type=click.IntRange(min=1), default=None, metavar="N", help="Poll this many times, then exit."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    metavar="SECONDS",
    help="Seconds per request.",
)
@quiet_option("Print only the new violations, not the poll summaries.")
def watch(
    sources_file: Path,
    store_path: Path,
    interval: float | None,
    once: bool,
    polls: int | None,
    timeout: float,
    quiet: bool,
) -> None:
    """Poll the feeds listed in SOURCES.yaml and ingest their new items into the store.

    New items are found by GUID or URL and by content, so a story is ingested once even when a
    feed repeats it. New ceasefire violations are printed as they appear. A feed that is down,
    slow or broken is retried later with a growing delay; the others go on.

    \b
    Example:
      tracker watch sources.yaml --store tracker.duckdb --interval 900
    """
    from tracker.run.sources import SourcesError, load_sources, watch_agent
    from tracker.run.watch import DEFAULT_INTERVAL, PollReport, Watcher, format_violation
    from tracker.store import Store, StoreError

    if once and polls is not None:
        raise click.UsageError("give --once or --polls, not both")
    refuse_overwrite(reads={"SOURCES.yaml": [sources_file]}, writes={"--store": store_path})
    try:
        sources = load_sources(sources_file)
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from exc
    if interval is not None and interval < 60:
        click.echo(f"warning: polling every {interval:g} s is hard on news sites; 900 is usual", err=True)

    def print_violation(violation: dict[str, Any]) -> None:
        click.echo(f"new violation: {format_violation(violation)}")

    polls_done = 0

    def print_poll(report: PollReport) -> None:
        nonlocal polls_done
        polls_done += 1
        if not quiet:
            click.echo(f"poll {polls_done}: {report.summary()}", err=True)

    def open_store() -> Store:
        # Open per feed with new items, closed between feeds and while the watch sleeps, so that
        # `tracker ingest` can write and readers see each feed's items once they are in.
        return Store(store_path, snapshot_every_run=False)

    try:
        watcher = Watcher(
            sources.feeds,
            open_store,
            timeout=timeout,
            agent=watch_agent(sources),
            default_interval=DEFAULT_INTERVAL if interval is None else interval,
            on_violation=print_violation,
            on_poll=print_poll,
        )
        if not quiet:
            click.echo(f"watching {len(sources.feeds)} feeds into {store_path}; Ctrl-C stops", err=True)
        reports = watcher.run(polls=1 if once else polls)
        if not quiet:
            click.echo(f"stopped; {watcher.known_items()} feed items known in {store_path}", err=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    polled = [feed for report in reports for feed in report.feeds if feed.status != "waiting"]
    if polled and all(feed.status == "failed" for feed in polled):
        click.echo("every feed failed: nothing was read", err=True)
        sys.exit(1)
