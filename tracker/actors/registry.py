"""The actor registry: canonical actors, their aliases, and the matches and roles that name them.

Reads ``resources/actors/actors.yaml`` (actors with aliases per language, sides, ACLED inter codes, parents,
date validity and successors; means and units combined with each actor's modifiers into composite names)
and optionally a YAML file of the same shape that adds to or replaces it. Writes :class:`Registry` lookup
tables, and defines the values the tagger returns: :class:`ActorMatch` and :class:`Roles`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tracker.text.normalize import normalize_key

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """A canonical actor. ``actor_type`` is ACLED's inter code; ``successor`` the id it was renamed to."""

    id: str
    name: str
    side: str
    actor_type: int
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None


#: The actor of a noun phrase in a role position that names no registered actor.
UNREGISTERED = Actor(id="unregistered", name="", side="unknown", actor_type=0)


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor named in the text: ``[start, end)`` indexes the normalised text, ``text`` is those words."""

    start: int
    end: int
    text: str
    actor: Actor

    @property
    def registered(self) -> bool:
        """True when the words name an actor of the registry."""
        return self.actor.id != UNREGISTERED.id


@dataclass(frozen=True, slots=True)
class Roles:
    """Perpetrator (``actor1``), target or victims (``actor2``), and the construction that decided (``why``)."""

    actor1: ActorMatch | None
    actor2: ActorMatch | None
    why: str


@dataclass
class Registry:
    """The registry's lookup tables: actors by id, folded aliases and composite names to actor ids."""

    actors: dict[str, Actor] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # folded alias -> actor id
    composites: dict[str, str] = field(default_factory=dict)  # means x modifier, means defaults
    defaults: set[str] = field(default_factory=set)  # bare means that stand for an actor ("warplanes")
    fallbacks: set[str] = field(default_factory=set)  # actors that stand for unnamed attackers (warplanes)
    means: dict[str, set[str]] = field(default_factory=dict)  # lang -> folded means words
    predecessors: dict[str, str] = field(default_factory=dict)  # successor id -> the id renamed to it
    coded_before: dict[str, str] = field(default_factory=dict)  # id -> the id coded before its valid_from
    sides: tuple[str, ...] = ()
    types: tuple[int, ...] = ()


# ----------------------------------------------------------------------------------------------- loading


def packaged(name: str) -> Any:
    from tracker.resources import load_yaml

    return load_yaml("actors", name)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _build(docs: Iterable[Mapping[str, Any]]) -> Registry:
    """Merge registry documents (later ones override actors with the same id) into lookup tables."""
    data = Registry()
    raw: dict[str, Mapping[str, Any]] = {}
    means: dict[str, list[Mapping[str, Any]]] = {}
    units: dict[str, list[str]] = {}
    hedges: dict[str, list[str]] = {}
    for doc in docs:
        data.sides = tuple(doc.get("sides", data.sides))
        data.types = tuple(int(t) for t in doc.get("actor_types", {})) or data.types
        for entry in doc.get("actors", []):
            raw[entry["id"]] = entry
        for lang, groups in (doc.get("means") or {}).items():
            means.setdefault(lang, []).extend(groups)
        for lang, words in (doc.get("units") or {}).items():
            units.setdefault(lang, []).extend(words)
        for lang, words in (doc.get("hedges") or {}).items():
            hedges.setdefault(lang, []).extend(normalize_key(w) for w in words)
    for aid, entry in raw.items():
        data.actors[aid] = Actor(
            id=aid,
            name=str(entry["name"]),
            side=str(entry["side"]),
            actor_type=int(entry["type"]),
            parent=entry.get("parent"),
            valid_from=_as_date(entry.get("valid_from")),
            valid_to=_as_date(entry.get("valid_to")),
            successor=entry.get("successor"),
        )
        if entry.get("fallback"):
            data.fallbacks.add(aid)
        for alias in aliases_of(entry, "aliases"):
            prev = data.aliases.setdefault(alias, aid)
            if prev != aid:
                log.warning("alias %r names both %s and %s; keeping %s", alias, prev, aid, prev)
    data.predecessors = {a.successor: a.id for a in data.actors.values() if a.successor}
    data.coded_before = {aid: str(e["coded_before"]) for aid, e in raw.items() if e.get("coded_before")}
    for lang, groups in means.items():
        words = data.means.setdefault(lang, set())
        for group in groups:
            group_words = [normalize_key(w) for w in group.get("words", [])]
            words.update(group_words)
            default = group.get("default")
            for w in group_words:
                if default and w not in data.aliases:
                    data.composites.setdefault(w, default)
                    data.defaults.add(w)
            _add_composites(
                data,
                raw,
                group_words,
                lang,
                air=bool(group.get("air")),
                # hedged nationality ("jets believed to be Russian") is said of aircraft and air strikes
                hedges=hedges.get(lang, []) if group.get("air") else (),
            )
    for lang, words in units.items():
        _add_composites(data, raw, [normalize_key(w) for w in words], lang)
    return data


def _add_composites(
    data: Registry,
    raw: Mapping[str, Mapping[str, Any]],
    heads: list[str],
    lang: str,
    *,
    air: bool = False,
    hedges: Iterable[str] = (),
) -> None:
    """Means or units combined with each actor's modifiers ("Russian jets", "غارات روسية", "دورية تركية"),
    also across a hedge ("warplanes believed to be Russian"); an air means names the actor's air arm."""
    hedges = list(hedges)
    for aid, entry in raw.items():
        target = entry.get("air_arm") or aid if air else aid
        for mod in (normalize_key(m) for m in (entry.get("modifiers") or {}).get(lang, [])):
            for head in heads:
                keys = _compose(head, mod, lang)
                keys += [f"{head} {h} {mod}" for h in hedges]
                for key in keys:
                    if key not in data.aliases:
                        data.composites.setdefault(key, target)


def aliases_of(entry: Mapping[str, Any], key: str) -> list[str]:
    out: list[str] = []
    for words in (entry.get(key) or {}).values():
        out.extend(normalize_key(str(w)) for w in words)
    return out


def _compose(means: str, modifier: str, lang: str) -> list[str]:
    if lang == "ar":
        # "الغارات الروسية", "غارات روسية", "غارات النظام"; a definite noun takes no indefinite adjective.
        if means.startswith("ال") and not modifier.startswith("ال"):
            return []
        return [f"{means} {modifier}"]
    return [f"{modifier} {means}"]


@lru_cache(maxsize=4)
def load(path: str | None, replace: bool) -> Registry:
    docs: list[Mapping[str, Any]] = [] if replace and path else [packaged("actors.yaml")]
    if path:
        docs.append(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
    return _build(docs)


def load_registry(path: str | Path | None = None, *, replace: bool = False) -> list[Actor]:
    """The actors of the packaged registry, plus (or, with ``replace``, only) those of a YAML file.

    The file has the shape of ``resources/actors/actors.yaml``; an actor with an existing id replaces it.

    >>> any(a.name == "Islamic State (Syria)" for a in load_registry())
    True
    """
    return list(load(str(path) if path else None, replace).actors.values())


def registry() -> list[Actor]:
    """The packaged actors."""
    return load_registry()


def resolve(data: Registry, actor: Actor, when: date | None) -> Actor:
    """The actor as named on ``when``: a renamed group is coded by the name in use then ("النصرة" in 2017 is
    HTS; HTS before its founding is the Nusra Front)."""
    if when is None:
        return actor
    seen = {actor.id}
    while actor.successor and actor.valid_to and when >= actor.valid_to:
        nxt = data.actors.get(actor.successor)
        if nxt is None or nxt.id in seen:
            break
        actor = nxt
        seen.add(actor.id)
    while actor.valid_from and when < actor.valid_from and actor.id in data.predecessors:
        prev = data.actors[data.predecessors[actor.id]]
        if prev.id in seen:
            break
        actor = prev
        seen.add(actor.id)
    return actor


def as_coded(data: Registry, actor: Actor, when: date | None) -> Actor:
    """The actor as a dataset codes it on ``when``: an actor that did not exist yet is coded as its
    ``coded_before`` actor (unnamed air strikes before Russia's air campaign of 30 September 2015 are the
    Syrian air force's, not "Allied Syrian and/or Russian Forces")."""
    earlier = data.coded_before.get(actor.id)
    if when is None or earlier is None or actor.valid_from is None or when >= actor.valid_from:
        return actor
    return data.actors.get(earlier, actor)
