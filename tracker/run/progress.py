"""A progress display on stderr: articles done, their rate and the time taken (rich; in a terminal or
a Jupyter notebook)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

__all__ = ["progress_display"]


def progress_display(
    enabled: bool, *, total: int | None = None
) -> tuple[AbstractContextManager[Any], Callable[[], None] | None]:
    """A rich progress display on stderr and the callback that advances it (None when disabled).

    With ``total`` it shows a bar towards it; without, a spinner and the count so far.
    """
    if not enabled:
        return nullcontext(), None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn()] if total is None else [BarColumn()]
    progress = Progress(
        *columns,
        TextColumn("{task.completed} articles" + ("" if total is None else f" of {total}")),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task("extract", total=total, rate="")

    def advance() -> None:
        progress.advance(task)
        speed = progress.tasks[task].speed
        progress.update(task, rate=f"{speed:.1f}/s" if speed else "")

    return progress, advance
