"""``tracker panel``: counts of events and fatalities per governorate or district and period, for maps.

Reads events (files written by ``tracker extract``: CSV, Parquet or JSONL, or the store's incidents,
opened read-only), counts them with :func:`tracker.export.panel.panel` (every place and period, zero
rows included, with OCHA P-codes) and writes the table with :func:`tracker.export.write_frame`. With
``--violations-only`` every event is judged again against the ceasefire registry in use, as
``tracker violations`` does. A summary goes to stderr. Exit status: 0 on success, 1 when the input or
the store cannot be read or the output written, 2 on a usage error.
"""

from __future__ import annotations

from datetime import date

import click

from tracker.commands.ceasefires import (
    incidents_store_option,
    open_store,
    read_events,
    reads_of,
    registry_from_files,
    registry_options,
)
from tracker.commands.guards import refuse_overwrite
from tracker.commands.options import output_option, period_option, quiet_option
from tracker.commands.store import parse_day

__all__ = ["panel"]

_UNITS = {"admin1": ("governorate", "governorates"), "admin2": ("district", "districts")}
_PERIODS = {"D": "day", "W": "week", "M": "month"}


@click.command(name="panel")
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, dir_okay=False), metavar="[INPUT]...")
@output_option("Output file: .csv, .parquet or .jsonl (optionally .gz); '-' for stdout (CSV).", required=True)
@incidents_store_option
@click.option(
    "--by",
    type=click.Choice(["admin1", "admin2"]),
    default="admin1",
    show_default=True,
    help="Places: governorates (admin1) or districts (admin2).",
)
@period_option("W")
@click.option("--violations-only", is_flag=True, help="Count only events judged ceasefire violations.")
@click.option("--since", callback=parse_day, metavar="DATE", help="First period: the one holding this day.")
@click.option("--until", callback=parse_day, metavar="DATE", help="Last period: the one holding this day.")
@registry_options
@click.option("--excel", is_flag=True, help="CSV with a BOM, so Excel shows Arabic correctly.")
@quiet_option("Print nothing but errors.")
def panel(
    inputs: tuple[str, ...],
    output: str,
    store_path: str,
    by: str,
    freq: str,
    violations_only: bool,
    since: date | None,
    until: date | None,
    registry_files: tuple[str, ...],
    replace: bool,
    excel: bool,
    quiet: bool,
) -> None:
    """Count events and fatalities per governorate or district and per day, week or month.

    Every place has a row for every period from the first to the last (zero rows included), with its
    OCHA P-codes, ready to join to the boundary layers in QGIS. Events without a date, outside Syria
    or not placed at the level asked for are left out and counted in the summary.

    \b
    Examples:
      tracker panel --by admin1 --freq W -o governorates-weekly.csv
      tracker panel events.parquet --by admin2 --freq M --violations-only -o districts.parquet
    """
    from tracker.export import format_for, write_frame
    from tracker.export.panel import panel as count

    if format_for(output) in (None, "geojson"):
        raise click.BadParameter(
            f"cannot write a panel to {output!r}: use .csv, .parquet or .jsonl", param_hint="'-o'"
        )
    if replace and not registry_files:
        raise click.UsageError("--replace needs at least one --ceasefires FILE")
    refuse_overwrite(reads=reads_of(inputs, store_path, registry_files), writes={"-o": output})
    if inputs:
        events = read_events(inputs)
    else:
        from tracker.review import reviewed_incidents

        with open_store(store_path) as store:
            events = reviewed_incidents(store)
    if violations_only:
        from tracker.ceasefires import judge
        from tracker.review import keep_reviewed_judgement

        events = keep_reviewed_judgement(judge(events, registry_from_files(registry_files, replace)), events)
    result = count(
        events, by=by, freq=freq.upper(), violations_only=violations_only, since=since, until=until
    )
    try:
        write_frame(result.counts, output, excel=excel)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot write {output}: {exc}") from None
    if quiet:
        return
    one, many = _UNITS[by]
    periods = result.counts["period_start"].nunique()
    what = "violation(s)" if violations_only else "event(s)"
    click.echo(
        f"{len(result.counts)} rows ({result.counts[f'{by}_pcode'].nunique()} {many} x {periods} "
        f"{_PERIODS[freq.upper()]}(s)): {int(result.counts['events'].sum())} {what}, "
        f"{int(result.counts['fatalities'].sum())} killed" + ("" if output == "-" else f" -> {output}"),
        err=True,
    )
    if result.left_out:
        click.echo(
            f"left out: {result.no_date} without a date, {result.outside_syria} outside Syria, "
            f"{result.no_place} without a {one}",
            err=True,
        )
