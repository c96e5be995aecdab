"""Output-path guards: no command writes over one of its own inputs, its store or its other output.

Every command that writes a file calls :func:`refuse_overwrite` before it reads or writes anything, with
the paths it reads (inputs, the store) and the paths it will write. Two paths clash when they name the
same file (after resolving ``..``, symbolic links and hard links), when a written path is the store's
write-ahead log, or when a written file already exists inside an input directory (a later run would
read it as an article file, and this run would replace one of its inputs). A clash is a usage error:
exit status 2, a message naming both paths, nothing touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import click

__all__ = ["refuse_overwrite", "same_file"]


def _local(value: str | os.PathLike[str] | None) -> Path | None:
    if value is None:
        return None
    text = os.fspath(value)
    if text in ("", "-") or text.lower().startswith(("http://", "https://")):
        return None
    return Path(os.path.realpath(os.path.expanduser(text)))


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether ``a`` and ``b`` name one file (either may not exist yet); '-' and URLs name none.

    >>> same_file("events.csv", "./events.csv")
    True
    """
    pa, pb = _local(a), _local(b)
    if pa is None or pb is None:
        return False
    if pa == pb:
        return True
    try:
        return pa.exists() and pb.exists() and os.path.samefile(pa, pb)
    except OSError:
        return False


def _clash(written: Path, read: Path, *, read_store: bool, written_store: bool) -> bool:
    if same_file(written, read):
        return True
    if read_store and written == Path(str(read) + ".wal"):
        return True
    # A store may live next to the articles it was made from; an event file there would be read back.
    if not written_store and read.is_dir() and written.exists() and not written.is_dir():
        return read in written.parents
    return False


def refuse_overwrite(
    *,
    reads: Mapping[str, Iterable[str | os.PathLike[str] | None]],
    writes: Mapping[str, str | os.PathLike[str] | None],
    stores: Iterable[str] = ("--store",),
) -> None:
    """Raise a usage error (exit 2) when a written path clashes with a read one or another written one.

    ``reads`` maps a label (``"INPUT"``, ``"--store"``) to the paths read under it, ``writes`` a label
    (``"-o"``, ``"--aggregates"``) to the path written; None, '-' and URLs are skipped. Labels listed
    in ``stores`` (read or written) are DuckDB files: a read store's ``.wal`` is guarded too, and a
    written store may sit inside an input directory.
    """
    store_labels = set(stores)
    targets: list[tuple[str, str, Path]] = []
    for label, value in writes.items():
        path = _local(value)
        if value is not None and path is not None:
            targets.append((label, os.fspath(value), path))
    for label, value, path in targets:
        for read_label, values in reads.items():
            for read_value in values:
                read_path = _local(read_value)
                clash = read_path is not None and _clash(
                    path,
                    read_path,
                    read_store=read_label in store_labels,
                    written_store=label in store_labels,
                )
                if clash:
                    raise click.UsageError(
                        f"{label} {value!r} would overwrite {read_label} "
                        f"{os.fspath(read_value or '')!r}; nothing was written"
                    )
    for i, (label, value, path) in enumerate(targets):
        for other_label, other_value, other in targets[i + 1 :]:
            if same_file(path, other):
                raise click.UsageError(
                    f"{label} {value!r} and {other_label} {other_value!r} "
                    "are the same file; nothing was written"
                )
