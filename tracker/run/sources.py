"""The sources file of ``tracker watch``: the feeds to follow, checked, and their notes kept in the store.

A sources file is YAML: ``feeds:`` (name, url, language, reliability notes, interval, full_text) and an
optional ``contact:`` for the User-Agent. :func:`load_sources` reads and checks it;
:func:`record_sources` keeps each feed's notes in the store's ``feed_sources`` table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from tracker.run.feeds import is_url
from tracker.run.fetch import user_agent

__all__ = ["Source", "Sources", "SourcesError", "load_sources", "record_sources", "watch_agent"]


class SourcesError(ValueError):
    """The sources file cannot be used; the message names the file, the feed and the problem."""


@dataclass(frozen=True, slots=True)
class Source:
    """One feed to follow. ``interval`` (seconds) overrides the watch's default."""

    name: str
    url: str
    lang: str | None = None
    reliability: str | None = None
    interval: float | None = None
    full_text: bool = False


@dataclass(frozen=True, slots=True)
class Sources:
    """A parsed sources file: the feeds and who to name in the User-Agent (``contact``)."""

    feeds: tuple[Source, ...]
    contact: str | None = None


def load_sources(path: str | Path) -> Sources:
    """Read and check a sources file.

    The file is a mapping with ``feeds:`` (a list) and optionally ``contact:`` (a URL or e-mail
    address sent in the User-Agent so site owners can reach whoever runs the watch). Each feed
    has ``name`` and ``url`` (required), ``language`` (``ar``/``en``), ``reliability`` (free notes),
    ``interval`` (seconds) and ``full_text`` (fetch each new item's page for its main text).
    Raises :class:`SourcesError` for a missing field, an unknown key, a duplicate name or a bad value.
    """
    where = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourcesError(f"{where}: cannot read sources file: {exc}") from exc
    if isinstance(data, list):
        data = {"feeds": data}
    if not isinstance(data, dict) or not isinstance(data.get("feeds"), list) or not data["feeds"]:
        raise SourcesError(f"{where}: expected a mapping with a non-empty 'feeds:' list")
    unknown = set(data) - {"feeds", "contact"}
    if unknown:
        raise SourcesError(f"{where}: unknown top-level keys {sorted(unknown)} (expected feeds, contact)")
    feeds = tuple(_source(entry, f"{where}: feed {n}") for n, entry in enumerate(data["feeds"], start=1))
    names = [f.name for f in feeds]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise SourcesError(f"{where}: feed names must be unique; repeated: {repeated}")
    contact = data.get("contact")
    return Sources(feeds=feeds, contact=str(contact) if contact else None)


_KEYS = {f.name for f in fields(Source)} | {"language"}


def _source(entry: Any, where: str) -> Source:
    if not isinstance(entry, dict):
        raise SourcesError(f"{where}: expected a mapping with name and url")
    unknown = set(entry) - _KEYS
    if unknown:
        raise SourcesError(f"{where}: unknown keys {sorted(unknown)} (expected {sorted(_KEYS)})")
    name, url = entry.get("name"), entry.get("url")
    if not name or not url:
        raise SourcesError(f"{where}: 'name' and 'url' are required")
    if not is_url(str(url)):
        raise SourcesError(f"{where} ({name}): url must be http(s), got {url!r}")
    lang = entry.get("language", entry.get("lang"))
    if lang is not None and lang not in ("ar", "en"):
        raise SourcesError(f"{where} ({name}): language must be 'ar' or 'en', got {lang!r}")
    interval = entry.get("interval")
    if interval is not None and (not isinstance(interval, int | float) or interval < 0):
        raise SourcesError(f"{where} ({name}): interval must be a number of seconds, got {interval!r}")
    return Source(
        name=str(name),
        url=str(url),
        lang=lang,
        reliability=entry.get("reliability"),
        interval=float(interval) if interval is not None else None,
        full_text=bool(entry.get("full_text", False)),
    )


def record_sources(con: Any, sources: Sequence[Source]) -> None:
    """Keep the sources file's notes in the store's ``feed_sources`` table (one row per feed name).

    Articles carry the feed's name as their ``source``, so an analyst can join incidents' sources
    to the reliability notes written for them.
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS feed_sources ("
        " name VARCHAR PRIMARY KEY, url VARCHAR, language VARCHAR, reliability VARCHAR, updated TIMESTAMP)"
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    for source in sources:
        con.execute(
            "INSERT OR REPLACE INTO feed_sources VALUES (?, ?, ?, ?, ?)",
            [source.name, source.url, source.lang, source.reliability, now],
        )


def watch_agent(sources: Sources) -> str:
    """The User-Agent for a watch over ``sources`` (names its contact when the file gives one)."""
    return user_agent(sources.contact)
