"""``tracker events``: the store's incidents as a table on the terminal, newest first.

Reads the store (read-only) with :meth:`tracker.store.Store.incidents` and the filters of ``tracker
export``; prints one row per incident (its id, for ``tracker explain ID``, date, place, perpetrator,
people killed, whether it broke a ceasefire) and, on stderr, how many matched. Exit status: 0 on
success, 1 when the store cannot be opened, 2 on a usage error.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from tracker.commands.ceasefires import show_table
from tracker.commands.options import incident_filter_options, store_option

__all__ = ["events", "incident_rows"]

_VIOLATION = {True: "yes", False: "no"}


def incident_rows(incidents: Any) -> Any:
    """The listing's columns (id, date, place, actor, killed, violation) of an incidents frame."""
    import pandas as pd

    def place(row: Any) -> str:
        # The governorate in Syria, the country elsewhere ("Mosul, Iraq").
        region = row.admin1 if not pd.isna(row.admin1) else row.country
        parts = [str(p) for p in (row.location, region) if not pd.isna(p) and str(p)]
        return ", ".join(dict.fromkeys(parts))

    rows = list(incidents.itertuples(index=False))
    return pd.DataFrame(
        {
            "id": [r.event_id for r in rows],
            "date": [r.event_date for r in rows],
            "place": [place(r) for r in rows],
            "actor": [r.actor1 if not pd.isna(r.actor1) else r.actor1_side for r in rows],
            "killed": pd.array([r.fatalities for r in rows], dtype="Int64"),
            "violation": [_VIOLATION.get(r.violation, "unknown") for r in rows],
        },
        columns=["id", "date", "place", "actor", "killed", "violation"],
    )


@click.command(name="events")
@store_option("The store file (DuckDB).")
@incident_filter_options
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    metavar="N",
    help="Show the N most recent incidents (0: all of them).",
)
def events(
    store_path: str,
    since: date | None,
    until: date | None,
    admin1: tuple[str, ...],
    actor: str | None,
    violations_only: bool,
    limit: int,
) -> None:
    """List the store's incidents, newest first: id, date, place, actor, killed, violation.

    The id is what 'tracker explain ID' takes. Incidents without a date come last.

    \b
    Examples:
      tracker events --limit 20
      tracker events --since 2017-01-01 --admin1 Idleb --violations-only
    """
    import pandas as pd

    from tracker.store import Store, StoreError

    try:
        with Store(store_path, read_only=True) as store:
            incidents = store.incidents(
                since=since,
                until=until,
                admin1=list(admin1) or None,
                actor=actor,
                violations_only=violations_only,
            )
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    total = len(incidents)
    if total == 0:
        filtered = any((since, until, admin1, actor, violations_only))
        click.echo(f"no incidents in {store_path}" + (" match these filters" if filtered else ""))
        return
    # The store gives them oldest first with the undated last; the undated stay last.
    dated = incidents["event_date"].notna()
    ordered = pd.concat([incidents.loc[dated].iloc[::-1], incidents.loc[~dated]])
    table = incident_rows(ordered.head(limit) if limit else ordered)
    show_table(table, f"Incidents in {store_path}")
    more = f"; --limit 0 shows all {total}" if len(table) < total else ""
    click.echo(f"{len(table)} of {total} incident(s){more}", err=True)
