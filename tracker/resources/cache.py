"""A versioned on-disk cache of the extractor's built resources (gazetteer index, actor tagger, analysers).

Building them from the packaged word lists takes seconds (name variants, Aho-Corasick automata, regular
expressions); unpickling the built objects takes a fraction of that. :func:`cached` returns the object from
the cache when a file built by the same code over the same data is there, and builds it otherwise,
writing the file for the next process. The cache is never needed for correctness:

- the file name carries a digest of the package version, the Python version and the bytes of every file
  of the ``tracker`` package (code and resource data), so any change rebuilds instead of reading a stale
  object;
- a file that cannot be read or unpickled is ignored (the object is built), and a folder that cannot be
  written (read-only home, container) only means the next process builds again;
- ``TRACKER_CACHE_DIR`` sets the folder (default: ``$XDG_CACHE_HOME/ceasefire-tracker``, else
  ``~/.cache/ceasefire-tracker``); ``TRACKER_CACHE_DIR=off`` turns the cache off.

Like ``__pycache__``, the files are pickles: the folder is created private (mode 0700) and should not be
shared with users one does not trust.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)

__all__ = ["cache_dir", "cached", "digest"]

T = TypeVar("T")

#: Files of one name kept side by side (other checkouts or versions of the package); older ones go.
KEEP = 3
_OFF = frozenset({"", "0", "off", "no", "false", "none"})


def cache_dir() -> Path | None:
    """The cache folder, or None when ``TRACKER_CACHE_DIR`` turns the cache off."""
    setting = os.environ.get("TRACKER_CACHE_DIR")
    if setting is not None:
        return None if setting.strip().lower() in _OFF else Path(setting).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ceasefire-tracker"


@lru_cache(maxsize=1)
def digest() -> str:
    """What the built objects depend on: package version, Python, pickle protocol, every package file."""
    package = Path(__file__).resolve().parents[1]  # tracker/, whose __init__ holds the version
    version = getattr(sys.modules.get("tracker"), "__version__", "")
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{version}|{sys.version}|{pickle.HIGHEST_PROTOCOL}".encode())
    for p in sorted(package.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc":
            h.update(p.relative_to(package).as_posix().encode() + b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


def cached(name: str, build: Callable[[], T]) -> T:
    """``build()``, or the object a previous process built with the same code and data."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        file = folder / f"{name}-{digest()}.pickle"
    except OSError as err:  # the package's files cannot be read (a zip import): no key, no cache
        log.debug("resource cache off: %s", err)
        return build()
    try:
        with open(file, "rb") as f:
            obj: T = pickle.load(f)
        return obj
    except FileNotFoundError:
        pass
    except Exception as err:  # noqa: BLE001 (a truncated or foreign file: build instead)
        log.debug("resource cache %s unreadable (%s): rebuilding", file, err)
    obj = build()
    _store(folder, file, obj)
    return obj


class _Pickler(pickle.Pickler):
    """Writes each regular expression as its compiled program (:func:`tracker.text.regexes.compiled_program`:
    the pattern :func:`~tracker.text.regexes.compile_pattern` gives, told where a match can begin), read
    back without parsing or compiling the pattern again: most of the resources' load time was spent
    re-compiling the patterns pickled by their source. The file name's digest holds the Python version,
    whose regular-expression engine the program is written for."""

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, re.Pattern) and isinstance(obj.pattern, str):
            from tracker.text.regexes import compile_pattern, compiled_program, from_program

            program = compiled_program(obj.pattern, obj.flags)
            if program is None:
                return compile_pattern, (obj.pattern, obj.flags)
            return from_program, (obj.pattern, obj.flags, program)
        return NotImplemented


def _store(folder: Path, file: Path, obj: object) -> None:
    """Write ``obj`` to ``file`` atomically (a temporary file renamed), keeping the newest :data:`KEEP`
    files of its name; any failure only leaves the cache as it was."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=file.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                _Pickler(f, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
            os.replace(tmp, file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        name = file.name.rsplit("-", 1)[0]
        older = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in older[KEEP:]:
            stale.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as err:
        log.debug("resource cache not written to %s: %s", folder, err)
