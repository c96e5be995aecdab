"""The ``tracker`` command.

Sub-commands live in ``tracker/commands/*.py`` and are imported only when run, so ``tracker --help``
stays fast (no pandas, dash or duckdb import).
"""

from __future__ import annotations

import sys
from types import ModuleType

import click

# name -> (module under tracker.commands, attribute, short help). Adding a command is one line here, one
# branch in _command_module and one module.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "extract": (
        "extract",
        "extract",
        "Extract events from articles to a file (CSV, Parquet, JSONL, GeoJSON).",
    ),
    "ingest": ("store", "ingest", "Extract new articles into the store and merge incidents."),
    "events": ("events", "events", "List the store's incidents (id, date, place, actor, killed, violation)."),
    "export": ("store", "export", "Export incidents or mentions from the store."),
    "stats": ("store", "stats", "Summarise what the store holds."),
    "explain": ("store", "explain", "Show the mentions behind an incident and why they merged."),
    "ledger": (
        "ledger",
        "ledger",
        "Show each casualty figure of articles, its role (event, part, total, restatement ...) and why.",
    ),
    "violations": ("ceasefires", "violations", "Count ceasefire violations by side, place, source, period."),
    "panel": (
        "panel",
        "panel",
        "Count events and fatalities per governorate or district and period (for maps).",
    ),
    "ceasefires": (
        "ceasefires",
        "ceasefires",
        "List the ceasefire registry, or ceasefires found in the news.",
    ),
    "evaluate": ("evaluate", "evaluate", "Score the extractor against a gold file of annotated articles."),
    "review": ("review", "review", "Review events: queue, accept, reject, correct, CSV."),
    "dashboard": ("dashboard", "dashboard", "Start the dashboard on a store."),
    "demo": ("dashboard", "demo", "Ingest the bundled demo corpus and start the dashboard."),
    "watch": ("watch", "watch", "Poll news feeds on an interval and ingest new items."),
    "resources": ("resources", "resources", "Build or check the packaged resource files."),
}


def _command_module(name: str) -> ModuleType:
    """A module of ``tracker.commands``, imported (plainly, so tools see it) when its command runs."""
    module: ModuleType
    if name == "extract":
        from tracker.commands import extract as module
    elif name == "store":
        from tracker.commands import store as module
    elif name == "events":
        from tracker.commands import events as module
    elif name == "ledger":
        from tracker.commands import ledger as module
    elif name == "ceasefires":
        from tracker.commands import ceasefires as module
    elif name == "panel":
        from tracker.commands import panel as module
    elif name == "evaluate":
        from tracker.commands import evaluate as module
    elif name == "review":
        from tracker.commands import review as module
    elif name == "dashboard":
        from tracker.commands import dashboard as module
    elif name == "watch":
        from tracker.commands import watch as module
    elif name == "resources":
        from tracker.commands import resources as module
    else:
        raise KeyError(name)
    return module


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        command = getattr(_command_module(spec[0]), spec[1])
        assert isinstance(command, click.Command), spec
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ceasefire-tracker")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """Ceasefire-violation tracker: casualty and strike events from Arabic and English news."""
    import logging

    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="tracker")


if __name__ == "__main__":
    main()
