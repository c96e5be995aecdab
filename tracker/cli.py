"""The ``tracker`` command.

Sub-commands live in ``tracker/commands/*.py`` and are imported only when run, so ``tracker --help``
stays fast (no pandas, dash or duckdb import).
"""

from __future__ import annotations

import importlib
import sys

import click

# name -> ("module:attribute", short help). Adding a command is one line here and one module.
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": (
        "tracker.commands.extract:extract",
        "Extract events from articles to a file (CSV, Parquet, JSONL, GeoJSON).",
    ),
    "ingest": ("tracker.commands.store:ingest", "Extract new articles into the store and merge incidents."),
    "events": (
        "tracker.commands.events:events",
        "List the store's incidents (id, date, place, actor, killed, violation).",
    ),
    "export": ("tracker.commands.store:export", "Export incidents or mentions from the store."),
    "stats": ("tracker.commands.store:stats", "Summarise what the store holds."),
    "explain": (
        "tracker.commands.store:explain",
        "Show the mentions behind an incident and why they merged.",
    ),
    "ledger": (
        "tracker.commands.ledger:ledger",
        "Show each casualty figure of articles, its role (event, part, total, restatement ...) and why.",
    ),
    "violations": (
        "tracker.commands.ceasefires:violations",
        "Count ceasefire violations by side, place, source, period.",
    ),
    "panel": (
        "tracker.commands.panel:panel",
        "Count events and fatalities per governorate or district and period (for maps).",
    ),
    "ceasefires": (
        "tracker.commands.ceasefires:ceasefires",
        "List the ceasefire registry, or ceasefires found in the news.",
    ),
    "evaluate": (
        "tracker.commands.evaluate:evaluate",
        "Score the extractor against a gold file of annotated articles.",
    ),
    "review": ("tracker.commands.review:review", "Review events: queue, accept, reject, correct, CSV."),
    "dashboard": ("tracker.commands.dashboard:dashboard", "Start the dashboard on a store."),
    "demo": ("tracker.commands.dashboard:demo", "Ingest the bundled demo corpus and start the dashboard."),
    "watch": ("tracker.commands.watch:watch", "Poll news feeds on an interval and ingest new items."),
    "resources": ("tracker.commands.resources:resources", "Build or check the packaged resource files."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module_name, attr = spec[0].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("tracker.commands"):
                return _unavailable(cmd_name, spec[1])
            raise
        command = getattr(module, attr)
        return command  # type: ignore[no-any-return]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _unavailable(name: str, help_text: str) -> click.Command:
    @click.command(name=name, help=help_text)
    def cmd() -> None:
        raise click.ClickException(f"'tracker {name}' is not available in this version.")

    return cmd


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
