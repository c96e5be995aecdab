"""The options several commands share, spelled once: the same name, metavar and help everywhere.

``--store PATH`` reads the ``TRACKER_STORE`` environment variable when it is not given, so a
session can name its store once (``export TRACKER_STORE=~/syria.duckdb``). ``tests/test_cli_help.py``
walks every command and checks that options of one name share one metavar, that no option shows a
bare type name (``TEXT``, ``INTEGER``) and that choices are shown as they are typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

__all__ = [
    "STORE_DEFAULT",
    "STORE_ENVVAR",
    "incident_filter_options",
    "output_option",
    "parse_day",
    "parse_moment",
    "period_option",
    "quiet_option",
    "store_option",
]

#: The store every command uses when neither ``--store`` nor ``TRACKER_STORE`` names one.
STORE_DEFAULT = "tracker.duckdb"
STORE_ENVVAR = "TRACKER_STORE"

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def store_option(help: str, *, as_path: bool = False, param: str = "store_path") -> Decorator:
    """``--store PATH`` (default ``tracker.duckdb``, or ``$TRACKER_STORE``); ``as_path`` gives a Path."""
    return click.option(
        "--store",
        param,
        default=STORE_DEFAULT,
        show_default=True,
        envvar=STORE_ENVVAR,
        show_envvar=True,
        metavar="PATH",
        type=click.Path(dir_okay=False, path_type=Path if as_path else None),
        help=help,
    )


def output_option(help: str, *, required: bool = False) -> Decorator:
    """``-o, --output OUT``: the file a command writes (``-`` for stdout)."""
    return click.option("-o", "--output", required=required, metavar="OUT", help=help)


def quiet_option(help: str) -> Decorator:
    """``-q, --quiet``."""
    return click.option("-q", "--quiet", is_flag=True, help=help)


def period_option(default: str) -> Decorator:
    """``--freq [D|W|M]``: the period of the commands that count per period (any case is taken)."""
    return click.option(
        "--freq",
        type=click.Choice(["D", "W", "M"], case_sensitive=False),
        default=default,
        show_default=True,
        metavar="[D|W|M]",
        help="Period: day, week (from Monday) or month.",
    )


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback: an option's ``YYYY-MM-DD`` value as a date."""
    if value is None:
        return None
    import pandas as pd

    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


def parse_moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """Click callback: a moment in UTC from ``YYYY-MM-DD``, an ISO time (``2024-03-01T12:00:00``, an
    offset is converted to UTC) or Unix seconds (an ACLED ``timestamp``)."""
    if value is None:
        return None
    import pandas as pd

    try:
        moment = (
            pd.Timestamp(int(value), unit="s") if value.strip().isdigit() else pd.Timestamp(value.strip())
        )
    except (ValueError, TypeError):
        raise click.BadParameter(
            f"{value!r} is not a time (use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or Unix seconds)"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.tz_convert("UTC").tz_localize(None)
    return moment.to_pydatetime()


def incident_filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--since``, ``--until``, ``--admin1``, ``--actor`` and ``--violations-only``: the filters of
    :meth:`tracker.store.Store.incidents`, for the commands that read incidents from the store."""
    options = (
        click.option("--since", callback=parse_day, metavar="DATE", help="Events on or after this day."),
        click.option("--until", callback=parse_day, metavar="DATE", help="Events on or before this day."),
        click.option(
            "--admin1", multiple=True, metavar="GOVERNORATE", help="Governorate name or P-code (repeatable)."
        ),
        click.option(
            "--actor", metavar="NAME", help="A side (government, opposition, ...) or part of an actor's name."
        ),
        click.option("--violations-only", is_flag=True, help="Only events judged ceasefire violations."),
    )
    for option in reversed(options):
        command = option(command)
    return command
