"""``tracker resources build|check``: rebuild the packaged gazetteer, or check the packaged files.

``build`` reads ``../shared/data/gazetteer`` (a developer checkout) through ``scripts/build_gazetteer.py``
and writes ``tracker/resources/places/``; ``check`` reads the packaged files and reports problems.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import click

from tracker.commands.options import quiet_option

_REPO = Path(__file__).resolve().parents[2]


@click.group(name="resources")
def resources() -> None:
    """Build or check the packaged resource files."""


@resources.command(name="build")
@click.option(
    "--shared",
    type=click.Path(file_okay=False, path_type=Path),
    default=_REPO.parent / "shared",
    show_default=True,
    metavar="DIR",
    help="The shared data folder holding data/gazetteer.",
)
@quiet_option("Print nothing on success.")
def build(*, shared: Path, quiet: bool) -> None:
    """Rebuild tracker/resources/places/gazetteer.csv.gz from the shared gazetteer facts."""
    script = _REPO / "scripts" / "build_gazetteer.py"
    if not script.is_file():
        raise click.ClickException("scripts/build_gazetteer.py not found: run this from a source checkout")
    if not (shared / "data" / "gazetteer").is_dir():
        raise click.ClickException(f"{shared}/data/gazetteer not found (use --shared)")
    module = runpy.run_path(str(script))
    frame = module["build"](shared, _REPO / "tracker" / "resources" / "places")
    if not quiet:
        counts = frame["level"].value_counts().to_dict()
        click.echo(f"{len(frame)} places written: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@resources.command(name="check")
@quiet_option("Print only problems.")
def check(*, quiet: bool) -> None:
    """Check the packaged gazetteer: it parses, names are folded, codes and coordinates are sound."""
    from tracker.places import validate_gazetteer

    problems, summary = validate_gazetteer()
    for p in problems[:50]:
        click.echo(f"problem: {p}", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in the packaged gazetteer")
    if not quiet:
        click.echo("gazetteer OK: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
