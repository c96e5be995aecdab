"""``tracker review``: analysts' decisions on events from the command line (batch work).

Sub-commands: ``queue`` (unreviewed incidents, violations and large tolls first), ``accept``,
``reject``, ``set`` (correct a field), ``export``/``import`` (decisions as CSV, for a spreadsheet),
``orphans`` (decisions whose mention disappeared), ``moved`` (decisions whose incident was merged
into another or split) and ``export-gold`` (reviewed events in the dev-items
gold format, for ``tracker evaluate``). Decisions are an overlay (:mod:`tracker.review`): the machine's
rows stay as extracted. Every change needs a reviewer name (``--reviewer`` or ``TRACKER_REVIEWER``).
Exit status: 0 on success, 1 when a decision is refused or the store cannot be opened, 2 on a usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from tracker.commands.store import _open, _store_option, parse_day

__all__ = ["review"]

_reviewer = click.option(
    "--reviewer",
    envvar="TRACKER_REVIEWER",
    required=True,
    metavar="NAME",
    help="Who decides (or set TRACKER_REVIEWER).",
)
_comment = click.option("--comment", metavar="TEXT", help="A note kept with the decision.")


def _refused(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


def _decide(store_path: str, event_ids: tuple[str, ...], field: str, value: str, **kwargs: Any) -> None:
    from tracker.review import ReviewError, decide

    with _open(store_path, read_only=False) as store:
        store.con.begin()
        try:
            for event_id in event_ids:
                decide(store.con, event_id, field, value, **kwargs)
            store.con.commit()
        except ReviewError as exc:
            store.con.rollback()
            raise _refused(exc) from None
    click.echo(f"recorded {field} = {value} on {len(event_ids)} event(s)")


@click.group(name="review")
def review() -> None:
    """Review events: list the queue, accept, reject, correct fields, move decisions as CSV.

    \b
    Examples:
      tracker review queue --limit 20
      tracker review set 1a2b3c4d5e6f7a8b fatalities 12 --reviewer ana
      tracker review reject 1a2b3c4d5e6f7a8b --reason duplicate --reviewer ana
      tracker review export decisions.csv
    """


@review.command(name="queue")
@_store_option
@click.option(
    "--limit", type=click.IntRange(min=1), default=50, show_default=True, metavar="N", help="Rows shown."
)
@click.option("--since", callback=parse_day, metavar="DATE", help="Events on or after this day.")
@click.option("--until", callback=parse_day, metavar="DATE", help="Events on or before this day.")
@click.option(
    "--admin1", multiple=True, metavar="GOVERNORATE", help="Governorate name or P-code (repeatable)."
)
@click.option("--actor", metavar="NAME", help="A side or part of an actor's name.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON lines.")
def queue_command(
    store_path: str,
    limit: int,
    since: date | None,
    until: date | None,
    admin1: tuple[str, ...],
    actor: str | None,
    as_json: bool,
) -> None:
    """List unreviewed incidents: violations first, then the largest tolls, then low confidence."""
    from tracker.review import queue

    with _open(store_path, read_only=True) as store:
        rows, done, total = queue(
            store, limit=limit, since=since, until=until, admin1=list(admin1) or None, actor=actor
        )
    click.echo(f"reviewed {done} / {total}", err=as_json)
    for r in rows.to_dict("records"):
        if as_json:
            click.echo(
                json.dumps(
                    {
                        k: r[k]
                        for k in (
                            "event_id",
                            "event_date",
                            "fatalities",
                            "violation",
                            "actor1",
                            "actor2",
                            "location",
                            "evidence",
                        )
                    },
                    default=str,
                    ensure_ascii=False,
                )
            )
            continue
        day = str(r["event_date"])[:10] if r["event_date"] is not None else "?"
        violation = " VIOLATION" if r["violation"] is True else ""
        click.echo(
            f"{r['event_id']}  {day}  killed {r['fatalities']}{violation}  "
            f"{r['actor1'] or '?'} -> {r['actor2'] or '?'} at {r['location'] or r['admin1'] or '?'}"
        )


@review.command(name="accept")
@click.argument("event_ids", nargs=-1, required=True, metavar="ID...")
@_store_option
@_reviewer
@_comment
def accept(event_ids: tuple[str, ...], store_path: str, reviewer: str, comment: str | None) -> None:
    """Confirm incidents or mentions as coded."""
    _decide(store_path, event_ids, "review", "confirmed", reviewer=reviewer, comment=comment)


@review.command(name="reject")
@click.argument("event_ids", nargs=-1, required=True, metavar="ID...")
@click.option(
    "--reason",
    type=click.Choice(["not_event", "duplicate", "aggregate"]),
    required=True,
    help="Why it is not an event to count.",
)
@_store_option
@_reviewer
@_comment
def reject(
    event_ids: tuple[str, ...], reason: str, store_path: str, reviewer: str, comment: str | None
) -> None:
    """Reject incidents or mentions: they leave every export, count and figure."""
    _decide(store_path, event_ids, "review", reason, reviewer=reviewer, comment=comment)


@review.command(name="set")
@click.argument("event_id")
@click.argument("field")
@click.argument("value")
@_store_option
@_reviewer
@_comment
@click.option("--add-actor", is_flag=True, help="Accept an actor that is not in the registry.")
def set_field(
    event_id: str,
    field: str,
    value: str,
    store_path: str,
    reviewer: str,
    comment: str | None,
    add_actor: bool,
) -> None:
    """Correct one FIELD of an incident or mention: actor1, actor2, sub_event_type, fatalities, injured,
    location (a gazetteer id or unique name), event_date, ceasefire, violation."""
    _decide(store_path, (event_id,), field, value, reviewer=reviewer, comment=comment, add_actor=add_actor)


@review.command(name="export")
@click.argument("output", metavar="FILE")
@_store_option
def export_command(output: str, store_path: str) -> None:
    """Write every decision to FILE as CSV ('-' for stdout)."""
    from tracker.review.csvio import export_decisions

    with _open(store_path, read_only=True) as store:
        text = export_decisions(store.con)
    if output == "-":
        sys.stdout.write(text)
        return
    try:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc}") from None
    click.echo(f"wrote {text.count(chr(10)) - 1} decision(s) to {output}", err=True)


@review.command(name="import")
@click.argument("source", type=click.File("r", encoding="utf-8"), metavar="FILE")
@_store_option
@click.option(
    "--reviewer", envvar="TRACKER_REVIEWER", metavar="NAME", help="Reviewer of rows that name none."
)
def import_command(source: Any, store_path: str, reviewer: str | None) -> None:
    """Record the decisions of a CSV FILE (columns event_id, field, reviewed_value; reviewer, comment,
    add_actor optional). All or nothing: a refused row names its line and nothing is recorded."""
    from tracker.review import ReviewError
    from tracker.review.csvio import import_decisions

    text = source.read()
    with _open(store_path, read_only=False) as store:
        try:
            n = import_decisions(store.con, text, reviewer=reviewer)
        except ReviewError as exc:
            raise _refused(exc) from None
    click.echo(f"recorded {n} decision(s)")


def _list_decisions(
    store_path: str, select: Callable[[Any], Any], what: str, line: Callable[[dict[str, Any]], str]
) -> None:
    """Print how many decisions ``select`` (a function of the store's connection) finds, then one line each."""
    with _open(store_path, read_only=True) as store:
        found = select(store.con)
    click.echo(f"{len(found)} decision(s) {what}")
    for r in found.to_dict("records"):
        click.echo(line(r))


@review.command(name="orphans")
@_store_option
def orphans_command(store_path: str) -> None:
    """List decisions whose mention is no longer in the store (its article changed or went)."""
    from tracker.review import orphans

    _list_decisions(
        store_path,
        orphans,
        "without their mention",
        lambda r: (
            f"{r['decision_id']}  {r['article_id']}  {r['field']} = {r['reviewed_value']} by {r['reviewer']}: {r['evidence']}"
        ),
    )


@review.command(name="moved")
@_store_option
def moved_command(store_path: str) -> None:
    """List decisions whose incident was merged into another or split since they were made (they
    follow their mention to its current incident)."""
    from tracker.review import moved

    _list_decisions(
        store_path,
        moved,
        "now on another incident",
        lambda r: (
            f"{r['decision_id']}  {r['incident_id']} -> {r['current_incident']}  {r['field']} = {r['reviewed_value']}"
        ),
    )


@review.command(name="export-gold")
@click.argument("output", metavar="FILE")
@_store_option
def export_gold(output: str, store_path: str) -> None:
    """Write the reviewed events of every fully reviewed article as gold JSONL (for 'tracker evaluate')."""
    from tracker.review.csvio import gold_items

    with _open(store_path, read_only=True) as store:
        items = list(gold_items(store))
    try:
        with open(output, "w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc}") from None
    click.echo(f"wrote {len(items)} reviewed article(s) to {output}", err=True)
