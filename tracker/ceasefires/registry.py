"""The ceasefire registry: agreements (dates, area, parties, exclusions) and named zones, read from YAML.

Reads the packaged ``resources/ceasefires/ceasefires.yaml`` and any user registry files of the same shape
(``zones:`` and ``ceasefires:``); writes an immutable :class:`Registry`. A file with any problem raises
:class:`RegistryError` naming the file, line and field, and nothing of it is loaded. How an event is
judged against the registry is :mod:`tracker.ceasefires.judge`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from tracker.ceasefires.rows import as_number, as_text, name_key, pcode_of
from tracker.resources import load_yaml, read_text
from tracker.schema import ADMIN1
from tracker.text.normalize import normalize_key

__all__ = [
    "APPLIES_TO",
    "PARTY_SIDES",
    "Ceasefire",
    "Party",
    "Registry",
    "RegistryError",
    "Zone",
    "default_registry",
    "is_syria",
    "load_registry",
]

log = logging.getLogger(__name__)

PARTY_SIDES: tuple[str, ...] = ("government", "opposition", "other")
APPLIES_TO: tuple[str, ...] = ("all", "air")


class RegistryError(ValueError):
    """A registry file that cannot be used: names the file, the line and the field."""

    def __init__(self, file: str, line: int | None, field: str | None, problem: str) -> None:
        self.file, self.line, self.field, self.problem = file, line, field, problem
        where = file if line is None else f"{file}, line {line}"
        what = f"field '{field}': " if field else ""
        super().__init__(f"{where}: {what}{problem}")


#: An event's place as the zones read it: governorate P-code, district and town keys, longitude, latitude.
_Place = tuple[str | None, str | None, str | None, float | None, float | None]


def _place_of(row: Mapping[str, Any]) -> _Place:
    """The place columns of an event row, read once for all the zones it is tried against."""
    admin2, loc = as_text(row.get("admin2")), as_text(row.get("location"))
    return (
        as_text(row.get("admin1_pcode")) or pcode_of(as_text(row.get("admin1"))),
        name_key(admin2) if admin2 else None,
        name_key(loc) if loc else None,
        as_number(row.get("longitude")),
        as_number(row.get("latitude")),
    )


@dataclass(frozen=True, slots=True)
class Zone:
    """A named area: whole governorates (P-codes), districts and towns (folded names), a polygon."""

    id: str
    name: str
    admin1: frozenset[str] = frozenset()
    admin2: frozenset[str] = frozenset()
    towns: frozenset[str] = frozenset()
    polygon: tuple[tuple[float, float], ...] = ()  # (longitude, latitude)

    def contains(self, row: Mapping[str, Any]) -> bool:
        """Whether the event's place lies in the zone (any of: governorate, district, town, point)."""
        return self.holds(_place_of(row))

    def holds(self, place: _Place) -> bool:
        """:meth:`contains` for a place read once (:func:`_place_of`) and tried against several zones."""
        pcode, admin2, loc, lon, lat = place
        if pcode and pcode in self.admin1:
            return True
        if admin2 is not None and admin2 in self.admin2:
            return True
        if loc is not None and loc in self.towns:
            return True
        return bool(self.polygon) and lon is not None and lat is not None and _inside(lon, lat, self.polygon)

    def governorates(self) -> int:
        """How many governorates the zone touches at most (for ranking specificity)."""
        return max(len(self.admin1), 1)


@dataclass(frozen=True, slots=True)
class Party:
    """A party to an agreement: a side, how reasons call it, and canonical actors named in the text."""

    side: str
    label: str
    actors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ceasefire:
    """One agreement of the registry. ``end`` None means open-ended."""

    id: str
    name: str
    start: date
    end: date | None
    area: str  # "country" | "admin1" | "zones"
    admin1: frozenset[str] = frozenset()
    zones: tuple[Zone, ...] = ()
    applies_to: str = "all"
    parties: tuple[Party, ...] = ()
    excluded: tuple[str, ...] = ()
    guarantors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: str = ""
    short_name: str = ""
    origin: str = ""  # file it was read from

    @property
    def reason_name(self) -> str:
        return self.short_name or self.name

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def covers(self, row: Mapping[str, Any]) -> bool:
        """Whether the event's place is inside the agreement's area (the country is checked earlier)."""
        if self.area == "country":
            return True
        if self.area == "admin1":
            pcode = as_text(row.get("admin1_pcode")) or pcode_of(as_text(row.get("admin1")))
            return pcode in self.admin1
        place = _place_of(row)
        return any(z.holds(place) for z in self.zones)

    def specificity(self) -> tuple[int, date, int]:
        """Higher is more specific: zones > governorates > country; later start; fewer governorates."""
        level = {"country": 0, "admin1": 1, "zones": 2}[self.area]
        size = len(self.admin1) if self.area == "admin1" else sum(z.governorates() for z in self.zones)
        return (level, self.start, -size)

    def area_text(self) -> str:
        if self.area == "country":
            return "whole country"
        if self.area == "admin1":
            return ", ".join(sorted(ADMIN1.get(p, p) for p in self.admin1))
        return ", ".join(z.name for z in self.zones)

    def party_sides(self) -> frozenset[str]:
        return frozenset(p.side for p in self.parties)


@dataclass(frozen=True, slots=True)
class Registry:
    """The agreements and named zones in use; immutable, so a loaded registry is all or nothing."""

    ceasefires: tuple[Ceasefire, ...]
    zones: Mapping[str, Zone] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Ceasefire]:
        return iter(self.ceasefires)

    def __len__(self) -> int:
        return len(self.ceasefires)

    def get(self, ceasefire_id: str) -> Ceasefire | None:
        return next((c for c in self.ceasefires if c.id == ceasefire_id), None)

    def to_frame(self) -> pd.DataFrame:
        """One row per agreement, for listing and export."""
        return pd.DataFrame(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "start": c.start,
                    "end": c.end,
                    "area": c.area_text(),
                    "applies_to": c.applies_to,
                    "parties": "; ".join(p.label for p in c.parties),
                    "excluded": "; ".join(c.excluded),
                    "guarantors": "; ".join(c.guarantors),
                    "origin": c.origin,
                }
                for c in self.ceasefires
            ],
            columns=[
                "id",
                "name",
                "start",
                "end",
                "area",
                "applies_to",
                "parties",
                "excluded",
                "guarantors",
                "origin",
            ],
        )


_PACKAGED = "ceasefires/ceasefires.yaml"


def load_registry(
    paths: Iterable[str | Path] | str | Path | None = None, *, replace: bool = False
) -> Registry:
    """Load the shipped registry, then each user file in ``paths`` on top of it.

    A user file holds ``zones:`` and/or ``ceasefires:`` like the shipped one. An agreement whose id is
    already known replaces it; a new id is added. With ``replace=True`` the shipped agreements are
    dropped (its zones stay usable by name). Any problem raises :class:`RegistryError` naming the
    file, line and field; nothing is returned half-loaded.

    >>> [c.id for c in load_registry()][:2]
    ['coh-2016-02-27', 'us-russia-2016-09-12']
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    zones: dict[str, Zone] = {}
    ceasefires: dict[str, Ceasefire] = {}
    _parse_file(read_text(*_PACKAGED.split("/")), "tracker/resources/" + _PACKAGED, zones, ceasefires)
    if replace:
        ceasefires = {}
    for p in paths or ():
        p = Path(p)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise RegistryError(str(p), None, None, f"cannot read the file ({exc.strerror or exc})") from exc
        _parse_file(text, str(p), zones, ceasefires)
    return Registry(tuple(ceasefires.values()), dict(zones))


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The shipped registry, loaded once."""
    return load_registry()


def _parse_file(text: str, name: str, zones: dict[str, Zone], ceasefires: dict[str, Ceasefire]) -> None:
    """Parse one registry file into copies of ``zones``/``ceasefires``; commit only when all is well."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RegistryError(
            name, mark.line + 1 if mark else None, None, f"YAML syntax error: {problem}"
        ) from exc
    if root is None:
        return
    p = _Parser(name, loader)
    top = p.mapping(root, "file")
    unknown = set(top) - {"zones", "ceasefires"}
    if unknown:
        key = sorted(unknown)[0]
        raise RegistryError(
            name, top[key][0].start_mark.line + 1, key, "unknown top-level key (expected zones, ceasefires)"
        )
    new_zones = dict(zones)
    if "zones" in top:
        for zid, (knode, vnode) in p.mapping(top["zones"][1], "zones").items():
            new_zones[zid] = p.zone(zid, knode, vnode)
    new_cfs = dict(ceasefires)
    seen: set[str] = set()
    if "ceasefires" in top:
        node = top["ceasefires"][1]
        if not isinstance(node, yaml.SequenceNode):
            raise p.error(node, "ceasefires", "must be a list of agreements")
        for item in node.value:
            cf = p.ceasefire(item, new_zones)
            if cf.id in seen:
                raise p.error(item, "id", f"'{cf.id}' appears twice in this file")
            seen.add(cf.id)
            if cf.id in new_cfs:
                log.info("%s replaces ceasefire %s", name, cf.id)
            new_cfs[cf.id] = cf
    zones.clear()
    zones.update(new_zones)
    ceasefires.clear()
    ceasefires.update(new_cfs)


class _Parser:
    """Turns YAML nodes into registry objects, keeping the node marks for error lines."""

    def __init__(self, name: str, loader: yaml.SafeLoader) -> None:
        self.name = name
        self.loader = loader

    def error(self, node: yaml.Node, field_name: str | None, problem: str) -> RegistryError:
        return RegistryError(self.name, node.start_mark.line + 1, field_name, problem)

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, what, "must be a mapping of key: value")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for k, v in node.value:
            out[str(k.value)] = (k, v)
        return out

    def value(self, node: yaml.Node, field_name: str) -> Any:
        try:
            return yaml.SafeLoader.construct_object(self.loader, node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise self.error(node, field_name, f"cannot read the value ({exc})") from exc

    def text(self, node: yaml.Node, field_name: str) -> str:
        v = self.value(node, field_name)
        if not isinstance(v, str) or not v.strip():
            raise self.error(node, field_name, "must be non-empty text")
        return v.strip()

    def texts(self, node: yaml.Node, field_name: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, field_name, "must be a list")
        return tuple(self.text(n, field_name) for n in node.value)

    def day(self, node: yaml.Node, field_name: str, *, optional: bool = False) -> date | None:
        if optional and isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~", "open"):
            return None
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
        if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            try:
                return date.fromisoformat(raw)
            except ValueError as exc:
                raise self.error(node, field_name, f"'{raw}' is not a real date ({exc})") from exc
        raise self.error(node, field_name, f"'{raw}' is not a date written YYYY-MM-DD")

    def zone(self, zid: str, knode: yaml.Node, vnode: yaml.Node) -> Zone:
        m = self.mapping(vnode, f"zones.{zid}")
        allowed = {"name", "admin1", "admin2", "towns", "polygon"}
        for key, (kn, _) in m.items():
            if key not in allowed:
                raise self.error(
                    kn, key, f"unknown field in zone '{zid}' (allowed: {', '.join(sorted(allowed))})"
                )
        name = self.text(m["name"][1], "name") if "name" in m else zid
        admin1 = self.texts(m["admin1"][1], "admin1") if "admin1" in m else ()
        for code, node in zip(admin1, m["admin1"][1].value if "admin1" in m else (), strict=False):
            if code not in ADMIN1:
                raise self.error(node, "admin1", f"unknown governorate P-code '{code}' (SY01..SY14)")
        admin2 = self.texts(m["admin2"][1], "admin2") if "admin2" in m else ()
        towns = self.texts(m["towns"][1], "towns") if "towns" in m else ()
        polygon: tuple[tuple[float, float], ...] = ()
        if "polygon" in m:
            pts = self.value(m["polygon"][1], "polygon")
            ok = isinstance(pts, list) and len(pts) >= 3
            ok = ok and all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(x, (int, float)) for x in p)
                for p in pts
            )
            if not ok:
                raise self.error(
                    m["polygon"][1], "polygon", "must be a list of at least 3 [longitude, latitude] pairs"
                )
            polygon = tuple((float(a), float(b)) for a, b in pts)
        if not (admin1 or admin2 or towns or polygon):
            raise self.error(knode, f"zones.{zid}", "a zone needs admin1, admin2, towns or polygon")
        return Zone(
            zid,
            name,
            frozenset(admin1),
            frozenset(normalize_key(a) for a in admin2),
            frozenset(normalize_key(t) for t in towns),
            polygon,
        )

    def ceasefire(self, node: yaml.Node, zones: Mapping[str, Zone]) -> Ceasefire:
        m = self.mapping(node, "ceasefires[]")
        allowed = {
            "id", "name", "short_name", "start", "end", "area", "applies_to", "parties", "excluded",
            "guarantors", "sources", "notes",
        }  # fmt: skip
        for key, (kn, _) in m.items():
            if key not in allowed:
                raise self.error(kn, key, f"unknown field (allowed: {', '.join(sorted(allowed))})")
        for required in ("id", "name", "start", "area", "parties"):
            if required not in m:
                raise self.error(
                    node, required, "missing (every agreement needs id, name, start, area, parties)"
                )
        cid = self.text(m["id"][1], "id")
        start = self.day(m["start"][1], "start")
        assert start is not None
        end = self.day(m["end"][1], "end", optional=True) if "end" in m else None
        if end is not None and end < start:
            raise self.error(m["end"][1], "end", f"{end} is before the start {start}")
        area, admin1, zlist = self.area(m["area"][1], zones)
        applies = self.text(m["applies_to"][1], "applies_to") if "applies_to" in m else "all"
        if applies not in APPLIES_TO:
            raise self.error(
                m["applies_to"][1], "applies_to", f"'{applies}' is not one of {', '.join(APPLIES_TO)}"
            )
        pnode = m["parties"][1]
        if not isinstance(pnode, yaml.SequenceNode) or not pnode.value:
            raise self.error(pnode, "parties", "must be a non-empty list of {side, label, actors}")
        parties = tuple(self.party(n) for n in pnode.value)
        return Ceasefire(
            id=cid,
            name=self.text(m["name"][1], "name"),
            start=start,
            end=end,
            area=area,
            admin1=admin1,
            zones=zlist,
            applies_to=applies,
            parties=parties,
            excluded=self.texts(m["excluded"][1], "excluded") if "excluded" in m else (),
            guarantors=self.texts(m["guarantors"][1], "guarantors") if "guarantors" in m else (),
            sources=self.texts(m["sources"][1], "sources") if "sources" in m else (),
            notes=self.text(m["notes"][1], "notes") if "notes" in m else "",
            short_name=self.text(m["short_name"][1], "short_name") if "short_name" in m else "",
            origin=self.name,
        )

    def area(
        self, node: yaml.Node, zones: Mapping[str, Zone]
    ) -> tuple[str, frozenset[str], tuple[Zone, ...]]:
        m = self.mapping(node, "area")
        if len(m) != 1:
            raise self.error(node, "area", "give exactly one of country, admin1, zones")
        key, (kn, vn) = next(iter(m.items()))
        if key == "country":
            country = self.text(vn, "area.country")
            if not is_syria(country):
                raise self.error(vn, "area.country", f"'{country}': only Syria is supported")
            return "country", frozenset(), ()
        if key == "admin1":
            codes = self.texts(vn, "area.admin1")
            for code, n in zip(codes, vn.value, strict=True):
                if code not in ADMIN1:
                    raise self.error(n, "area.admin1", f"unknown governorate P-code '{code}' (SY01..SY14)")
            return "admin1", frozenset(codes), ()
        if key == "zones":
            ids = self.texts(vn, "area.zones")
            for zid, n in zip(ids, vn.value, strict=True):
                if zid not in zones:
                    raise self.error(
                        n, "area.zones", f"unknown zone '{zid}' (known: {', '.join(sorted(zones))})"
                    )
            return "zones", frozenset(), tuple(zones[z] for z in ids)
        raise self.error(kn, "area", f"unknown area kind '{key}' (country, admin1 or zones)")

    def party(self, node: yaml.Node) -> Party:
        m = self.mapping(node, "parties[]")
        if "side" not in m:
            raise self.error(node, "side", "missing: every party needs a side")
        side = self.text(m["side"][1], "side")
        if side not in PARTY_SIDES:
            raise self.error(m["side"][1], "side", f"unknown side '{side}' (one of {', '.join(PARTY_SIDES)})")
        label = self.text(m["label"][1], "label") if "label" in m else f"the {side} side"
        actors = self.texts(m["actors"][1], "actors") if "actors" in m else ()
        return Party(side, label, actors)


def is_syria(country: str) -> bool:
    """Whether a country name names Syria, the one country the registry covers.

    >>> is_syria("Syrian Arab Republic"), is_syria("Iraq")
    (True, False)
    """
    return name_key(country) in _country_aliases()


@lru_cache(maxsize=1)
def _country_aliases() -> frozenset[str]:
    words = load_yaml("lexicon_ceasefire", "en.yaml") or {}
    return frozenset(normalize_key(a) for a in words.get("reason", {}).get("country_aliases", []))


def _inside(x: float, y: float, poly: Sequence[tuple[float, float]]) -> bool:
    # Ray casting: count edges crossed by a ray going east from the point.
    inside = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside
