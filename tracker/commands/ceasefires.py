"""``tracker violations`` and ``tracker ceasefires``: the violation report and the ceasefire registry.

``violations`` reads events (files written by ``tracker extract``: CSV, Parquet or JSONL, or the
store's ``incidents`` table, opened read-only), judges them against the registry (plus any
``--ceasefires`` files) and writes counts per period and group: a table on the terminal or a CSV
with ``-o``. ``ceasefires`` lists the registry, or with ``--found`` the ceasefire announcements
found in the news (the store's ``ceasefires_found`` table, or article files read now).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from tracker.commands.guards import refuse_overwrite
from tracker.commands.options import output_option, period_option, quiet_option, store_option

__all__ = [
    "ceasefires",
    "incidents_store_option",
    "open_store",
    "read_events",
    "reads_of",
    "registry_from_files",
    "registry_options",
    "show_table",
    "violations",
    "write_table",
]

_JUDGEMENT = ("ceasefire", "violation", "violation_reason")


def reads_of(inputs: Sequence[str], store_path: str, registry_files: Sequence[str]) -> dict[str, Any]:
    """What a command reading INPUT files (or else the store) and --ceasefires files reads."""
    return {"INPUT": inputs, "--store": [] if inputs else [store_path], "--ceasefires": registry_files}


def registry_from_files(files: Sequence[str], replace: bool) -> Any:
    """The shipped ceasefire registry with ``files`` added (or only them, with ``replace``)."""
    from tracker.ceasefires import RegistryError, load_registry

    try:
        return load_registry(list(files), replace=replace)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc


def read_events(inputs: Sequence[str]) -> Any:
    """Event files (CSV, Parquet, JSON lines) as one frame with the contract's dtypes, unjudged."""
    import pandas as pd

    from tracker.schema import conform

    frames = []
    for name in inputs:
        path = Path(name)
        lower = path.name.lower()
        try:
            if lower.endswith((".parquet", ".pq")):
                frame = pd.read_parquet(path)
            elif lower.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
                frame = pd.read_json(path, lines=True, dtype=False)
            elif lower.endswith((".csv", ".csv.gz")):
                frame = pd.read_csv(path, dtype=str, keep_default_na=True)
            else:
                raise click.UsageError(
                    f"{name}: not an events file (CSV, Parquet or JSONL written by 'tracker extract')"
                )
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{name}: cannot read events ({exc})") from exc
        # The judgement is made again with the registry in use, and CSV gives its booleans back as
        # text that the contract's boolean dtype does not take: drop it before casting.
        frames.append(conform(frame.drop(columns=list(_JUDGEMENT), errors="ignore")))
    return pd.concat(frames, ignore_index=True) if frames else conform(pd.DataFrame())


def open_store(path: str) -> Any:
    """The store at ``path`` opened read-only (a usage error when there is none)."""
    if not Path(path).exists():
        raise click.ClickException(f"no store at {path} (run 'tracker ingest' first, or give event files)")
    from tracker.store import Store, StoreError

    try:
        return Store(path, read_only=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def write_table(frame: Any, output: str) -> None:
    """Write a table to a file (format from the suffix), or as CSV to stdout for ``-``."""
    if output == "-":
        from tracker.export import to_csv_bytes

        sys.stdout.buffer.write(to_csv_bytes(frame))
        return
    from tracker.export import write_frame

    write_frame(frame, output)


def show_table(frame: Any, title: str) -> None:
    """Print a frame as a table on stdout (numbers right-aligned, missing cells empty, midnight
    timestamps as dates)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in frame.columns:
        table.add_column(
            str(col), justify="right" if frame[col].dtype.kind in "iuf" else "left", overflow="fold"
        )
    for row in frame.itertuples(index=False):
        table.add_row(*("" if _missing(v) else _cell(v) for v in row))
    # Piped or captured output is not folded to 80 columns: keep rows whole for grep and diff.
    Console(width=None if sys.stdout.isatty() else 240, soft_wrap=False).print(table)


def _missing(v: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _cell(v: Any) -> str:
    if hasattr(v, "date") and callable(v.date) and getattr(v, "hour", 0) == 0:
        return v.date().isoformat()
    return str(v)


def registry_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--ceasefires FILE`` and ``--replace`` options of every command that judges events."""
    command = click.option(
        "--replace", is_flag=True, help="Use only the --ceasefires files, not the shipped agreements."
    )(command)
    return click.option(
        "--ceasefires",
        "registry_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        metavar="FILE",
        help="Registry YAML adding to (or, with --replace, replacing) the shipped agreements. Repeatable.",
    )(command)


#: The ``--store`` option of the commands that read the store's incidents when given no INPUT.
incidents_store_option = store_option("Store to read incidents from when no INPUT is given.")


@click.command(name="violations")
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, dir_okay=False), metavar="[INPUT]...")
@incidents_store_option
@click.option(
    "--by",
    default="side,admin1",
    show_default=True,
    metavar="COLUMNS",
    help="Columns to group by, comma-separated (side, admin1, reported_by, source, ceasefire, actor1 ...).",
)
@period_option("D")
@click.option(
    "--source-breakdown",
    is_flag=True,
    help="Also group by the reporting source (reported_by), as monitors' counts differ.",
)
@registry_options
@output_option("Write the counts to this file (CSV, Parquet, JSONL by extension; '-' for CSV on stdout).")
@quiet_option("Print nothing but errors.")
def violations(
    inputs: tuple[str, ...],
    store_path: str,
    by: str,
    freq: str,
    source_breakdown: bool,
    registry_files: tuple[str, ...],
    replace: bool,
    output: str | None,
    quiet: bool,
) -> None:
    """Count ceasefire violations and their fatalities per period, side, governorate and source.

    Every event is judged again against the registry in use, so --ceasefires changes the counts.
    'unknown' counts events in a ceasefire whose perpetrator is unknown.
    """
    from tracker.ceasefires import judge, violation_counts

    if replace and not registry_files:
        raise click.UsageError("--replace needs at least one --ceasefires FILE")
    refuse_overwrite(reads=reads_of(inputs, store_path, registry_files), writes={"-o": output})
    registry = registry_from_files(registry_files, replace)
    if inputs:
        events = read_events(inputs)
    else:
        from tracker.review import reviewed_incidents

        with open_store(store_path) as store:
            events = reviewed_incidents(store)
    groups = [g.strip() for g in by.split(",") if g.strip()]
    if source_breakdown and "reported_by" not in groups and "reporter" not in groups:
        groups.append("reported_by")
    from tracker.review import keep_reviewed_judgement

    judged = keep_reviewed_judgement(judge(events, registry), events)
    try:
        counts = violation_counts(judged, by=groups, freq=freq.upper(), judged=True)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if output:
        write_table(counts, output)
        if not quiet:
            click.echo(
                f"{int(counts['violations'].sum())} violations in {len(counts)} rows -> {output}", err=True
            )
        return
    if quiet:
        return
    total_v, total_f = int(counts["violations"].sum()), int(counts["fatalities"].sum())
    in_scope = int(judged["ceasefire"].notna().sum())
    show_table(counts, f"Ceasefire violations ({len(judged)} events, {in_scope} under a ceasefire)")
    click.echo(
        f"Total: {total_v} violations, {total_f} killed; {int(counts['unknown'].sum())} with an unknown perpetrator."
    )


@click.command(name="ceasefires")
@click.argument("inputs", nargs=-1, metavar="[INPUT]...")
@click.option(
    "--found", is_flag=True, help="List ceasefire announcements found in the news instead of the registry."
)
@store_option("Store to read found announcements from when no INPUT is given.")
@registry_options
@click.option(
    "--published",
    default=None,
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) for plain-text INPUTs without one.",
)
@click.option(
    "--lang",
    type=click.Choice(["ar", "en"]),
    default=None,
    help="Language of plain-text INPUTs (detected when absent).",
)
@output_option("Write the list to this file (CSV, Parquet, JSONL by extension; '-' for CSV on stdout).")
@quiet_option("Print nothing but errors.")
def ceasefires(
    inputs: tuple[str, ...],
    found: bool,
    store_path: str,
    registry_files: tuple[str, ...],
    replace: bool,
    published: str | None,
    lang: str | None,
    output: str | None,
    quiet: bool,
) -> None:
    """List the ceasefire registry, or (--found) ceasefires announced in the news as candidate entries.

    Candidates carry the sentence they were found in; add the ones you accept to a registry file
    and pass it with --ceasefires.
    """
    if replace and not registry_files:
        raise click.UsageError("--replace needs at least one --ceasefires FILE")
    refuse_overwrite(reads=reads_of(inputs, store_path, registry_files), writes={"-o": output})
    registry = registry_from_files(registry_files, replace)
    if not found:
        if inputs:
            raise click.UsageError("INPUT files are read only with --found")
        frame = registry.to_frame()
        if not output:
            frame = frame[["id", "name", "start", "end", "area", "applies_to", "excluded"]]
        title = f"Ceasefire registry ({len(frame)} agreements)"
    elif inputs:
        frame = _found_in_articles(inputs, published=published, lang=lang, quiet=quiet)
        title = f"Ceasefires announced in {len(inputs)} input(s)"
    else:
        with open_store(store_path) as store:
            frame = _found_in_store(store)
        title = f"Ceasefires announced, from {store_path}"
    if output:
        write_table(frame, output)
        if not quiet:
            click.echo(f"{len(frame)} rows -> {output}", err=True)
        return
    if quiet:
        return
    show = frame
    if found:
        show = frame[
            [c for c in ("name", "start", "registry_id", "lang", "article_id", "evidence") if c in frame]
        ]
    show_table(show, title)


_FOUND_COLUMNS = [
    "name",
    "start",
    "registry_id",
    "lang",
    "article_id",
    "source",
    "published",
    "trigger_text",
    "date_text",
    "evidence",
    "span_start",
    "span_end",
]


def _found_in_articles(inputs: Sequence[str], *, published: str | None, lang: str | None, quiet: bool) -> Any:
    import pandas as pd

    from tracker.extraction.announcements import find_announcements
    from tracker.run.inputs import RunReport, detect_language, read_inputs
    from tracker.text.normalize import normalize

    report = RunReport()
    rows: list[dict[str, Any]] = []
    for article in read_inputs(list(inputs), published=published, lang=lang, report=report):
        text = "\n".join(t for t in (article.title, article.text) if t)
        article_lang = article.lang or detect_language(text)
        norm = normalize(text)
        for rec in find_announcements(norm.text, article_lang, published=article.published):
            evidence = norm.original_span(rec["evidence_start"], rec["evidence_end"]).strip()
            rows.append(rec | {"article_id": article.id, "source": article.source, "evidence": evidence})
    if not quiet and report.bad:
        click.echo(report.summary(), err=True)
    return pd.DataFrame(rows, columns=_FOUND_COLUMNS)


def _found_in_store(store: Any) -> Any:
    import pandas as pd

    present = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ceasefires_found'"
    ).fetchone()
    if not present or not present[0]:
        return pd.DataFrame(columns=_FOUND_COLUMNS)
    raw = store.con.execute("SELECT * FROM ceasefires_found ORDER BY start NULLS LAST, name").df()
    rows = []
    for rec in raw.to_dict("records"):
        extra = _json(rec.get("record"))
        rows.append(
            extra
            | {
                "name": rec.get("name") or extra.get("name"),
                "start": rec.get("start") if not _missing(rec.get("start")) else extra.get("start"),
                "registry_id": extra.get("registry_id") or rec.get("ceasefire_id"),
                "article_id": rec.get("article_id"),
            }
        )
    frame = pd.DataFrame(rows)
    for col in _FOUND_COLUMNS:
        if col not in frame:
            frame[col] = None
    return frame[_FOUND_COLUMNS]


def _json(value: Any) -> dict[str, Any]:
    if not isinstance(value, str) or not value:
        return {}
    try:
        out = json.loads(value)
    except ValueError:
        return {}
    return out if isinstance(out, dict) else {}
