"""Sharing one store between a writer and readers: a read snapshot the writer publishes.

DuckDB lets one process write a file and, while it does, no other process open it, not even to
read. A watch or an ingest would then shut out the dashboard, ``stats`` and ``export`` for as long
as it runs, and a dashboard holding the file would shut out the writer. So:

- The writer publishes a **snapshot** (``STORE.snapshot`` beside the store: a byte copy taken
  after a checkpoint, written to a temporary file and renamed into place) after every committed
  run and when it closes the store. A writer opens the store only while it writes (a watch opens it
  per feed with new items, never while it sleeps) and waits up to ``wait`` seconds for another
  writer to finish.
- A reader (:func:`open_for_reading`) opens the snapshot when it is at least as new as the store. A
  stale snapshot is refreshed from the store by the reader itself if no writer holds the store;
  while one does, the reader opens the last snapshot published (the state after the writer's last
  commit: an ingest run is one transaction, so readers see the store as before the run until it
  ends). Readers never hold the store itself beyond that brief copy, so they never block a writer
  for long.

A renamed-over snapshot stays readable by whoever opened it (the old file lives on until closed), so
a reader's queries never see half a copy. The snapshot costs the store's size once more on disk and
can be deleted at any time. ``STORE.snapshot`` is all a read needs; the store's own file is only
read when the snapshot is missing or stale.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

__all__ = [
    "DEFAULT_WAIT",
    "READ_CONFIG",
    "is_lock_error",
    "open_for_reading",
    "publish_snapshot",
    "snapshot_fresh",
    "snapshot_path",
]

log = logging.getLogger(__name__)

#: How long a reader or writer retries a store another process holds (seconds).
DEFAULT_WAIT = 30.0
#: Readers' DuckDB settings (one process must open a file with one set of settings).
READ_CONFIG: dict[str, Any] = {"memory_limit": "1GB"}


def snapshot_path(path: str | os.PathLike[str]) -> Path:
    """Where the read snapshot of the store at ``path`` lives.

    >>> snapshot_path("data/syria.duckdb").name
    'syria.duckdb.snapshot'
    """
    path = Path(path)
    return path.with_name(path.name + ".snapshot")


def is_lock_error(exc: BaseException) -> bool:
    """Whether a DuckDB error means another connection holds the file (another process's lock, or
    this process's connection opened with other settings)."""
    text = str(exc)
    return isinstance(exc, duckdb.Error) and (
        "Could not set lock" in text or "different configuration" in text
    )


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def snapshot_fresh(path: str | os.PathLike[str]) -> bool:
    """Whether the snapshot holds everything committed to the store (it is newer than the store's
    file and its write-ahead log)."""
    path = Path(path)
    snap = _mtime(snapshot_path(path))
    if snap is None:
        return False
    newest = max(t for t in (_mtime(path), _mtime(Path(f"{path}.wal")), 0) if t is not None)
    return snap >= newest


def publish_snapshot(con: Any, path: str | os.PathLike[str]) -> bool:
    """Checkpoint ``con`` (a connection holding the store at ``path``, no transaction open) and copy
    the store to its snapshot; True when a snapshot was published.

    Only a file whose committed rows are all in the main file (an empty write-ahead log) is copied;
    a failure (a full disk) is logged and leaves the previous snapshot in place.
    """
    path = Path(path)
    target = snapshot_path(path)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        con.execute("CHECKPOINT")
        wal = Path(f"{path}.wal")
        if wal.exists() and wal.stat().st_size:
            log.warning("store %s still has a write-ahead log after a checkpoint: no snapshot", path)
            return False
        shutil.copyfile(path, partial)
        os.replace(partial, target)
        return True
    except (OSError, duckdb.Error) as exc:
        log.warning("could not publish the read snapshot of %s: %s", path, exc)
        return False
    finally:
        partial.unlink(missing_ok=True)


def _connect(path: Path, config: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=True, config=config)


def open_for_reading(
    path: str | os.PathLike[str], *, wait: float = DEFAULT_WAIT, config: dict[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the store at ``path``'s latest readable state (see the module text).

    Raises the last ``duckdb.Error`` when the store stays locked for ``wait`` seconds and no snapshot
    exists, or when the file cannot be read for another reason.
    """
    return _open(Path(path), wait=wait, config=config)[0]


def _open(
    path: Path, *, wait: float, config: dict[str, Any] | None
) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """The connection and whether it reads the snapshot (else the store itself)."""
    snap = snapshot_path(path)
    settings = dict(READ_CONFIG if config is None else config)
    deadline = time.monotonic() + wait
    pause = 0.05
    while True:
        if snapshot_fresh(path):
            try:
                return _connect(snap, settings), True
            except duckdb.Error as exc:  # replaced or damaged under us: fall back to the store
                log.debug("snapshot %s unreadable: %s", snap, exc)
        try:
            con = _connect(path, settings)
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise
            if snap.exists():
                log.debug("%s is being written; reading its last snapshot", path)
                return _connect(snap, settings), True
            if time.monotonic() >= deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
            continue
        return _refresh(con, path, settings)


def _refresh(
    con: duckdb.DuckDBPyConnection, path: Path, settings: dict[str, Any]
) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """With the store open read-only (no writer can start), copy it to its snapshot and read that;
    keep reading the store itself when the copy cannot be made (no room, a read-only folder, or a
    write-ahead log left by a killed writer, which only a read of the store itself replays)."""
    wal = Path(f"{path}.wal")
    if wal.exists() and wal.stat().st_size:
        return con, False
    target = snapshot_path(path)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        shutil.copyfile(path, partial)
        os.replace(partial, target)
    except OSError as exc:
        log.debug("cannot refresh the snapshot of %s: %s", path, exc)
        return con, False
    finally:
        partial.unlink(missing_ok=True)
    try:
        snapshot = _connect(target, settings)
    except duckdb.Error:
        return con, False
    con.close()
    return snapshot, True


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


class Reader:
    """One read connection to a store, shared by threads, that follows the writer's snapshots.

    :meth:`cursor` hands out cursors of one connection and reopens it once a newer snapshot has been
    published (after the cursors in use are closed: a process holds one DuckDB instance per file
    name, so the old one must close before the new file can be opened). A connection to the store
    itself (no snapshot could be made) is closed as soon as no cursor uses it, so it never keeps a
    writer out for long. ``version`` changes with every reopening (for caches).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "s.duckdb")
    >>> duckdb.connect(path).execute("CREATE TABLE t AS SELECT 1 AS a").close()
    >>> reader = Reader(path)
    >>> with reader.cursor() as cur:
    ...     cur.execute("SELECT a FROM t").fetchall()
    [(1,)]
    >>> reader.close()
    """

    def __init__(
        self, path: str | os.PathLike[str], *, wait: float = DEFAULT_WAIT, retry_stale: float = 1.0
    ) -> None:
        self.path = Path(path)
        self.wait = wait
        self.retry_stale = retry_stale
        self.version = 0
        self._cond = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._on_snapshot = False
        self._stamp: tuple[int, int] | None = None
        self._opened_at = 0.0
        self._users = 0

    def _outdated(self) -> bool:
        if self._con is None or not self._on_snapshot:
            return True
        if _stamp(snapshot_path(self.path)) != self._stamp:
            return True
        # A stale snapshot while a writer holds the store: try again now and then, not per query.
        stale = not snapshot_fresh(self.path)
        return stale and time.monotonic() - self._opened_at >= self.retry_stale

    def _reopen(self) -> None:
        while self._users:
            self._cond.wait()
        if self._con is not None and not self._outdated():
            return  # another thread reopened it while this one waited
        if self._con is not None:
            self._con.close()
            self._con = None
        self._con, self._on_snapshot = _open(self.path, wait=self.wait, config=None)
        self._con.execute("SET enable_progress_bar = false")
        self._stamp = _stamp(snapshot_path(self.path)) if self._on_snapshot else None
        self._opened_at = time.monotonic()
        self.version += 1

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the latest readable state, closed when the block ends."""
        with self._cond:
            if self._outdated():
                self._reopen()
            assert self._con is not None
            self._users += 1
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self._cond:
                self._users -= 1
                if not self._users and not self._on_snapshot and self._con is not None:
                    self._con.close()  # the store itself: let a writer in
                    self._con = None
                self._cond.notify_all()

    def close(self) -> None:
        """Close the connection (waiting for cursors in use)."""
        with self._cond:
            while self._users:
                self._cond.wait()
            if self._con is not None:
                self._con.close()
                self._con = None
