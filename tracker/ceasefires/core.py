"""Ceasefires: the registry, the violation judgement, violation counts, and announcements in the news.

Reads event rows (``tracker.schema.EVENT_COLUMNS``), the packaged registry
``resources/ceasefires/ceasefires.yaml`` plus any user registry files, and the announcement word lists
``resources/lexicon_ceasefire/<lang>.yaml``. Writes the ``ceasefire``, ``violation`` and
``violation_reason`` columns of events, count tables, and candidate registry entries (dicts) for
ceasefires announced in an article.

The judgement, for one event:

1. No event date, a country other than Syria, or no agreement in force at that date and place:
   ``ceasefire`` is None, ``violation`` is <NA> and the reason says "No ceasefire in force ..." and why.
   <NA> here means "no judgement" (not in scope), like the unknown-perpetrator case below; the two are
   told apart by ``ceasefire`` (None when not in scope). A missing country counts as Syria (the tracker
   covers Syria and the geocoder fills the country when it knows better).
2. Otherwise the agreement in force is the most specific one covering the place (named zones beat
   listed governorates, which beat the whole country; then the later start; then the smaller area);
   when several were in force the reason names the others.
3. Strategic developments, protests and riots are never violations (``False``).
4. An attack by or on an excluded group (by canonical actor name, or a parent of it when the actors
   registry knows one) is not a violation (``False``), and the reason names the group.
5. An agreement that covers only air strikes does not cover other hostilities (``False``).
6. An unknown perpetrator gives ``<NA>`` (unknown) with the reason.
7. A perpetrator that is not a party, a target outside the agreement (a group of side "other" that is
   neither party nor excluded) or fighting within one side is not a violation (``False``).
8. Otherwise, a party attacking the other party, civilians or an unknown target: ``True``.

Dates are whole days: an event on the start or the end day is in force (times of day are not kept).
An event dated only to the week or month (``date_precision`` 2 or 3) when an agreement at its place
began or ended within that week or month gets ``violation`` <NA>, and the reason says why.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from tracker.schema import ADMIN1, SUB_EVENT_TYPES, stable_id
from tracker.text.normalize import normalize_key
from tracker.text.patterns import alternation

__all__ = [
    "Ceasefire",
    "Party",
    "Registry",
    "RegistryError",
    "Zone",
    "default_registry",
    "find_announcements",
    "judge",
    "judge_row",
    "load_registry",
    "violation_counts",
]

log = logging.getLogger(__name__)

PARTY_SIDES: tuple[str, ...] = ("government", "opposition", "other")
APPLIES_TO: tuple[str, ...] = ("all", "air")
HOSTILE_TYPES: frozenset[str] = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians"}
)
AIR_SUB_EVENTS: frozenset[str] = frozenset({"Air/drone strike"})
UNKNOWN_ACTORS: frozenset[str] = frozenset({"Unidentified Armed Group (Syria)"})
#: The event columns the judgement reads.
_JUDGED_FROM: tuple[str, ...] = (
    "event_date", "country", "event_type", "sub_event_type", "actor1", "actor1_side", "actor2", "actor2_side",
    "admin1", "admin1_pcode", "admin2", "location", "latitude", "longitude", "date_precision",
)  # fmt: skip
# Aliases accepted for ``--by``: the names monitors use for the columns.
BY_ALIASES: dict[str, str] = {
    "side": "actor1_side",
    "perpetrator": "actor1",
    "governorate": "admin1",
    "reporter": "reported_by",
}


# --------------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------------


class RegistryError(ValueError):
    """A registry file that cannot be used: names the file, the line and the field."""

    def __init__(self, file: str, line: int | None, field: str | None, problem: str) -> None:
        self.file, self.line, self.field, self.problem = file, line, field, problem
        where = file if line is None else f"{file}, line {line}"
        what = f"field '{field}': " if field else ""
        super().__init__(f"{where}: {what}{problem}")


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
        pcode = _text(row.get("admin1_pcode")) or _pcode_of(_text(row.get("admin1")))
        if pcode and pcode in self.admin1:
            return True
        admin2 = _text(row.get("admin2"))
        if admin2 and _key(admin2) in self.admin2:
            return True
        loc = _text(row.get("location"))
        if loc and _key(loc) in self.towns:
            return True
        lon, lat = _num(row.get("longitude")), _num(row.get("latitude"))
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
            pcode = _text(row.get("admin1_pcode")) or _pcode_of(_text(row.get("admin1")))
            return pcode in self.admin1
        return any(z.contains(row) for z in self.zones)

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
    from tracker.resources import read_text

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
            if normalize_key(country) not in _country_aliases():
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


# --------------------------------------------------------------------------------------------------
# Judgement
# --------------------------------------------------------------------------------------------------


def judge_row(
    row: Mapping[str, Any], registry: Registry | None = None
) -> tuple[str | None, bool | None, str]:
    """Judge one event: ``(ceasefire id or None, True/False/None for unknown, reason)``.

    >>> judge_row({"event_date": "2017-01-23", "event_type": "Explosions/Remote violence",
    ...            "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Syria (2000-2024)",
    ...            "actor1_side": "government", "admin1": "Aleppo"})[:2]
    ('nationwide-2016-12-30', True)
    """
    reg = registry if registry is not None else default_registry()
    day = _day(row.get("event_date"))
    if day is None:
        return None, None, "No event date, so no ceasefire can be said to be in force."
    country = _text(row.get("country"))
    if country and _key(country) not in _country_aliases():
        return None, None, f"No ceasefire in force: the event is outside Syria ({country})."
    cid, violation, reason = _judge_on(row, reg, day)
    precision = _num(row.get("date_precision"))
    if precision is not None and precision > 1:
        # A date known only to the week or month: if an agreement here began or ended within that
        # time, the event may fall on either side of it.
        lo, hi, span = _date_window(day, int(precision))
        turning = [
            f"the {c.reason_name} {'started' if lo < c.start <= hi else 'ended'} on "
            f"{(c.start if lo < c.start <= hi else c.end)}"
            for c in reg.ceasefires
            if c.covers(row) and (lo < c.start <= hi or (c.end is not None and lo <= c.end < hi))
        ]
        if turning:
            return (
                cid,
                None,
                (
                    f"{reason} The date is known only to the {span} and {'; '.join(turning)}, "
                    "so whether the event was under a ceasefire is unknown."
                ),
            )
    return cid, violation, reason


def _date_window(day: date, precision: int) -> tuple[date, date, str]:
    """The days a week- (2) or month-precision (3) date may stand for, and the word for it."""
    if precision >= 3:
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first, nxt - timedelta(days=1), f"month ({first:%B %Y})"
    return day - timedelta(days=3), day + timedelta(days=3), f"week (around {day.isoformat()})"


def _judge_on(row: Mapping[str, Any], reg: Registry, day: date) -> tuple[str | None, bool | None, str]:
    place = _place_text(row)
    in_force = [c for c in reg.ceasefires if c.in_force(day) and c.covers(row)]
    if not in_force:
        return None, None, _out_of_scope(reg, row, day, place)
    in_force.sort(key=lambda c: c.specificity(), reverse=True)
    cf, others = in_force[0], in_force[1:]
    what = _event_words(row)
    when = f"on {day.isoformat()} in {place}"
    into = _days_into(cf, day)
    also = ""
    if others:
        names = " and the ".join(o.reason_name for o in others)
        also = f" The {names} also applied here; the judgement uses the more specific {cf.reason_name}."

    etype = _event_type(row)
    if etype is not None and etype not in HOSTILE_TYPES:
        return (
            cf.id,
            False,
            f"{etype} on {day.isoformat()} in {place} are not hostilities; never a violation.{also}",
        )

    actor1, actor2 = _text(row.get("actor1")), _text(row.get("actor2"))
    side1, side2 = _text(row.get("actor1_side")), _text(row.get("actor2_side"))
    who = _actor_words(actor1, side1)
    ex1, ex2 = _excluded(cf, actor1), _excluded(cf, actor2)
    if ex1:
        return (
            cf.id,
            False,
            (
                f"{what} by {who} {when}, {into} the {cf.reason_name}; {_actor_words(ex1, None)} is excluded from it, "
                f"so this is not a violation.{also}"
            ),
        )
    if ex2:
        return (
            cf.id,
            False,
            (
                f"{what} by {who} against {_actor_words(actor2, side2)} {when}, {into} the {cf.reason_name}; "
                f"{_actor_words(ex2, None)} is excluded from it, so this is not a violation.{also}"
            ),
        )
    if cf.applies_to == "air" and _sub_event(row) not in AIR_SUB_EVENTS:
        return (
            cf.id,
            False,
            (
                f"{what} by {who} {when}: the {cf.reason_name} covers only air strikes, so this is not a violation.{also}"
            ),
        )
    if _is_unknown(actor1, side1):
        return (
            cf.id,
            None,
            (
                f"{what} by an unidentified perpetrator {when}, {into} the {cf.reason_name}; "
                f"whether it is a violation is unknown.{also}"
            ),
        )
    p1 = _party_of(cf, actor1, side1)
    if p1 is None:
        return cf.id, False, f"{what} by {who} {when}: {who} is not a party to the {cf.reason_name}.{also}"
    if actor2 and side2 and side2 not in ("civilians", "unknown"):
        p2 = _party_of(cf, actor2, side2)
        if p2 is None:
            return (
                cf.id,
                False,
                (
                    f"{what} by {who} against {_actor_words(actor2, side2)} {when}: the target is not a party "
                    f"to the {cf.reason_name}.{also}"
                ),
            )
        if p2.side == p1.side:
            return (
                cf.id,
                False,
                (
                    f"{what} by {who} against {_actor_words(actor2, side2)} {when}: fighting within "
                    f"{p1.label} is not covered by the {cf.reason_name}.{also}"
                ),
            )
    labels = [p.label for p in cf.parties]
    parties = (
        f"both {labels[0]} and {labels[1]} are parties"
        if len(labels) == 2
        else f"{', '.join(labels)} are parties"
    )
    return cf.id, True, f"{what} by {who} {when}, {into} the {cf.reason_name}; {parties}.{also}"


def judge(frame: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with ``ceasefire``, ``violation`` and ``violation_reason`` filled.

    >>> from tracker.schema import to_frame
    >>> judge(to_frame([{"event_date": "2015-01-01"}]))["violation_reason"].iloc[0][:24]
    'No ceasefire in force on'
    """
    reg = registry if registry is not None else default_registry()
    out = frame.copy()
    cols = [c for c in _JUDGED_FROM if c in out.columns]
    # Only the columns the judgement reads, and each distinct combination judged once: big frames
    # repeat the same day, place and actors many times.
    memo: dict[tuple[Any, ...], tuple[str | None, bool | None, str]] = {}
    results = []
    for values in zip(*(out[c].astype(object).tolist() for c in cols), strict=True):
        got = memo.get(values)
        if got is None:
            got = memo[values] = judge_row(dict(zip(cols, values, strict=True)), reg)
        results.append(got)
    if not cols:
        results = [judge_row({}, reg) for _ in range(len(out))]
    out["ceasefire"] = pd.array([r[0] for r in results], dtype="string")
    out["violation"] = pd.array([r[1] for r in results], dtype="boolean")
    out["violation_reason"] = pd.array([r[2] for r in results], dtype="string")
    return out


def violation_counts(
    frame: pd.DataFrame,
    *,
    by: Sequence[str] | str = ("actor1_side", "admin1"),
    freq: str = "D",
    registry: Registry | None = None,
    judged: bool = False,
) -> pd.DataFrame:
    """Violations and their fatalities per period (``freq`` D, W or M) and group.

    ``by`` takes event columns (``actor1_side``, ``admin1``, ``reported_by``, ``source``,
    ``ceasefire`` ...) or the aliases ``side``, ``governorate``, ``perpetrator``, ``reporter``.
    The frame is judged first unless ``judged`` is true. Columns: ``period`` (start of the period),
    the ``by`` columns, ``violations``, ``fatalities`` (sum of their lowest figures), ``unknown``
    (events in a ceasefire with an unknown perpetrator). Groups without any of these are left out.

    >>> from tracker.schema import to_frame
    >>> rows = [{"event_date": "2017-01-23", "event_type": "Battles", "actor1_side": "opposition",
    ...          "actor1": "Opposition Rebels (Syria)", "admin1": "Aleppo", "fatalities": 6}]
    >>> violation_counts(to_frame(rows))[["violations", "fatalities"]].values.tolist()
    [[1, 6]]
    """
    cols = [BY_ALIASES.get(b.strip(), b.strip()) for b in ([by] if isinstance(by, str) else by) if b.strip()]
    cols = list(dict.fromkeys(cols))
    code = {"D": "D", "W": "W", "M": "M"}.get(freq.upper()[:1])
    if code is None:
        raise ValueError(f"freq must be D, W or M, not {freq!r}")
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"unknown column(s) for by: {', '.join(missing)}")
    data = frame if judged else judge(frame, registry)
    data = data[data["event_date"].notna()]
    viol = data["violation"].fillna(False).astype(bool)
    unknown = data["violation"].isna() & data["ceasefire"].notna()
    keep = viol | unknown
    work = pd.DataFrame(
        {
            "period": data.loc[keep, "event_date"].dt.to_period(code).dt.start_time,
            "violations": viol[keep].astype("int64"),
            "fatalities": pd.to_numeric(data.loc[keep, "fatalities"], errors="coerce")
            .where(viol[keep])
            .fillna(0),
            "unknown": unknown[keep].astype("int64"),
        }
    )
    for c in cols:
        work[c] = data.loc[keep, c].astype("string").fillna("unknown")
    keys = ["period", *cols]
    if work.empty:
        return pd.DataFrame(
            {k: pd.Series(dtype="datetime64[ns]" if k == "period" else "string") for k in keys}
        ).assign(
            violations=pd.Series(dtype="int64"),
            fatalities=pd.Series(dtype="int64"),
            unknown=pd.Series(dtype="int64"),
        )
    out = (
        work.groupby(keys, observed=True, sort=True)[["violations", "fatalities", "unknown"]]
        .sum()
        .reset_index()
    )
    out["fatalities"] = out["fatalities"].astype("int64")
    return out


# -- judgement helpers ------------------------------------------------------------------------------


def _out_of_scope(reg: Registry, row: Mapping[str, Any], day: date, place: str) -> str:
    why: list[str] = []
    here = [c for c in reg.ceasefires if c.covers(row)]
    later = min((c for c in here if c.start > day), key=lambda c: c.start, default=None)
    ended = max(
        (c for c in here if c.end is not None and c.end < day), key=lambda c: c.end or c.start, default=None
    )
    # Name the agreement nearest in time: the one that ended before or the one that started after.
    if ended is not None and (later is None or (day - ended.end).days <= (later.start - day).days):  # type: ignore[operator]
        why.append(f"the {ended.reason_name} ended on {ended.end}")
    elif later is not None:
        why.append(f"the {later.reason_name} started later, on {later.start.isoformat()}")
    elsewhere = [c for c in reg.ceasefires if c.in_force(day)]
    if elsewhere:
        why.append(f"the place is outside the area of the {elsewhere[0].reason_name}")
    return (
        f"No ceasefire in force on {day.isoformat()} in {place}"
        + (": " + "; ".join(why) if why else "")
        + "."
    )


def _days_into(cf: Ceasefire, day: date) -> str:
    n = (day - cf.start).days
    if n == 0:
        return "on the first day of"
    return f"{n} day{'s' if n != 1 else ''} into"


def _excluded(cf: Ceasefire, actor: str | None) -> str | None:
    if not actor:
        return None
    names = set(cf.excluded)
    for name in (actor, *_ancestors(actor)):
        if name in names:
            return name
    return None


def _party_of(cf: Ceasefire, actor: str | None, side: str | None) -> Party | None:
    lineage = (actor, *_ancestors(actor)) if actor else ()
    for p in cf.parties:
        if any(a in p.actors for a in lineage):
            return p
    for p in cf.parties:
        if side and p.side == side:
            return p
    return None


def _is_unknown(actor: str | None, side: str | None) -> bool:
    return actor in UNKNOWN_ACTORS or (not actor and side in (None, "unknown"))


def _ancestors(actor: str | None) -> tuple[str, ...]:
    """Parents of a canonical actor when the actors registry is available (it may not be yet)."""
    if not actor:
        return ()
    parents = _parent_map()
    out: list[str] = []
    cur = parents.get(actor)
    while cur and cur not in out and cur != actor:
        out.append(cur)
        cur = parents.get(cur)
    return tuple(out)


@lru_cache(maxsize=1)
def _parent_map() -> dict[str, str]:
    """Canonical name -> parent's canonical name, from the actors registry (parents are given by id)."""
    try:
        from tracker import actors  # the actors stage is optional for the judgement
    except ImportError:
        return {}
    try:
        entries = list(actors.registry())
    except (AttributeError, FileNotFoundError, ValueError) as exc:
        log.debug("actors registry unavailable: %s", exc)
        return {}
    names = {getattr(a, "id", None): getattr(a, "name", None) for a in entries}
    out: dict[str, str] = {}
    for a in entries:
        name, parent = getattr(a, "name", None), getattr(a, "parent", None)
        parent_name = names.get(parent, parent)
        if name and parent_name and parent_name != name:
            out[str(name)] = str(parent_name)
    return out


def _event_words(row: Mapping[str, Any]) -> str:
    words = _reason_words()
    sub = _sub_event(row)
    if sub:
        return str(words.get("events", {}).get(sub, sub))
    etype = _event_type(row)
    return str(words.get("event_types", {}).get(etype, etype)) if etype else "Event"


def _actor_words(actor: str | None, side: str | None) -> str:
    words = _reason_words()
    if actor and actor in words.get("actors", {}):
        return str(words["actors"][actor])
    if actor and actor not in UNKNOWN_ACTORS:
        return actor
    if side and side in words.get("sides", {}):
        return str(words["sides"][side])
    return "an unidentified perpetrator"


def _place_text(row: Mapping[str, Any]) -> str:
    admin1 = _text(row.get("admin1"))
    loc = _text(row.get("location"))
    if loc and admin1 and _key(loc) != _key(admin1):
        return f"{loc} ({admin1})"
    return loc or admin1 or "Syria (place unknown)"


def _event_type(row: Mapping[str, Any]) -> str | None:
    et = _text(row.get("event_type"))
    if et:
        return et
    sub = _sub_event(row)
    return SUB_EVENT_TYPES.get(sub) if sub else None


def _sub_event(row: Mapping[str, Any]) -> str | None:
    return _text(row.get("sub_event_type"))


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    return normalize_key(name)


@lru_cache(maxsize=1024)
def _pcode_of(admin1: str | None) -> str | None:
    if not admin1:
        return None
    if admin1 in ADMIN1:
        return admin1
    key = normalize_key(admin1)
    return next((code for code, name in ADMIN1.items() if normalize_key(name) == key), None)


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


def _text(v: Any) -> str | None:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    s = str(v).strip()
    return s or None


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def _day(v: Any) -> date | None:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        ts = pd.Timestamp(v)
    except (ValueError, TypeError):
        return None
    return None if ts is pd.NaT or pd.isna(ts) else ts.date()


@lru_cache(maxsize=1)
def _reason_words() -> dict[str, Any]:
    from tracker.resources import load_yaml

    return dict((load_yaml("lexicon_ceasefire", "en.yaml") or {}).get("reason", {}))


@lru_cache(maxsize=1)
def _country_aliases() -> frozenset[str]:
    return frozenset(normalize_key(a) for a in _reason_words().get("country_aliases", []))


# --------------------------------------------------------------------------------------------------
# Announcements in the news
# --------------------------------------------------------------------------------------------------

_AR_PREFIX = r"(?:و|ف|ب|ل|ك|وب|ول|فب|فل)?"
_AN_WINDOW_BEFORE = 50  # announcement verbs come shortly before the noun ("announced a truce")
_IF_WINDOW = 90  # "took effect ... on 30 December" follows the noun within a clause or two


@dataclass(frozen=True, slots=True)
class _Lex:
    nouns: re.Pattern[str]
    kinds: dict[str, str]
    past: re.Pattern[str]
    future: re.Pattern[str]
    announced: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str] | None
    midnight: re.Pattern[str] | None
    relative: re.Pattern[str] | None
    weekdays: re.Pattern[str] | None
    months: dict[str, int]
    relative_days: dict[str, int]
    weekday_index: dict[str, int]


def _word_re(words: Iterable[str], lang: str, *, prefix: bool = False) -> re.Pattern[str]:
    alts = alternation(words)
    pre = _AR_PREFIX if (prefix and lang == "ar") else ""
    return re.compile(rf"(?<!\w){pre}(?P<w>{alts})(?!\w)")


@lru_cache(maxsize=4)
def _lexicon(lang: str) -> _Lex:
    from tracker.resources import load_yaml

    raw = load_yaml("lexicon_ceasefire", f"{lang}.yaml") or {}
    kinds = {normalize_key(k): str(v) for k, v in raw.get("nouns", {}).items()}
    if lang == "ar":
        # ل + ال folds to لل ("للهدنه"): add those spellings so the prefix rule stays simple.
        kinds |= {"لل" + k[2:]: v for k, v in list(kinds.items()) if k.startswith("ال")}
    inf = raw.get("in_force", {})
    months = {normalize_key(k): int(v) for k, v in raw.get("months", {}).items()}
    rel = {normalize_key(k): int(v) for k, v in raw.get("relative_days", {}).items()}
    wd = {normalize_key(k): int(v) for k, v in raw.get("weekdays", {}).items()}
    mon = alternation(months)
    pre = _AR_PREFIX if lang == "ar" else ""
    day_month = re.compile(
        rf"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{pre}(?P<m>{mon})(?!\w)(?:\s*,?\s*(?P<y>(?:19|20)\d\d))?"
    )
    month_day = None
    if lang != "ar":
        month_day = re.compile(
            rf"(?<!\w)(?P<m>{mon})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:\s*,?\s*(?P<y>(?:19|20)\d\d))?"
        )
    return _Lex(
        nouns=_word_re(kinds, lang, prefix=True),
        kinds=kinds,
        past=_word_re((normalize_key(w) for w in inf.get("past", [])), lang, prefix=True),
        future=_word_re((normalize_key(w) for w in inf.get("future", [])), lang, prefix=True),
        announced=_word_re((normalize_key(w) for w in raw.get("announced", [])), lang, prefix=True),
        day_month=day_month,
        month_day=month_day,
        midnight=_word_re((normalize_key(w) for w in raw.get("midnight", [])), lang)
        if raw.get("midnight")
        else None,
        relative=_word_re(rel, lang, prefix=True) if rel else None,
        weekdays=_word_re(wd, lang, prefix=True) if wd else None,
        months=months,
        relative_days=rel,
        weekday_index=wd,
    )


def find_announcements(text: str, lang: str, *, published: date | None = None) -> list[dict[str, Any]]:
    """Ceasefire announcements and entries into force in a normalised text, as candidate registry entries.

    ``text`` is folded with ``tracker.text.normalize.normalize(...).text``; spans index it. A candidate
    needs a ceasefire noun and, near it, a word saying it took (or will take) effect or was
    announced. Its start is the date written next to it (a year-less date is put in the year that
    brings it nearest ``published``), or "midnight"/"yesterday"/a weekday counted from ``published``;
    ``None`` when neither is there. Keys: ``id, name, start, evidence, lang, event_type,
    sub_event_type, span_start, span_end, trigger_text, date_text, published, registry_id`` (the
    shipped agreement with that start date, if any), ``evidence_start, evidence_end`` (the
    sentence's span in ``text``, to show the evidence as originally written with
    ``Normalized.original_span``). ``span_start``/``span_end`` cover the noun, trigger and date.

    >>> [c["start"] for c in find_announcements("a truce took effect at midnight", "en",
    ...                                         published=date(2016, 9, 12))]
    [datetime.date(2016, 9, 12)]
    """
    from tracker.extraction.segment import split_sentences

    lex = _lexicon(lang)
    out: list[dict[str, Any]] = []
    for sent in split_sentences(text):
        s = sent.text
        for noun in lex.nouns.finditer(s):
            found = _announcement(s, noun, lex, lang, published)
            if found is None:
                continue
            rel_start, rel_end, trigger, start, date_text = found
            kind = lex.kinds.get(noun.group("w"), "Ceasefire")
            name = f"{kind} of {start.day} {start:%B %Y}" if start else f"{kind} (date not stated)"
            span_start, span_end = sent.start + rel_start, sent.start + rel_end
            out.append(
                {
                    "id": stable_id("ceasefire-found", lang, text[span_start:span_end], start),
                    "name": name,
                    "start": start,
                    "evidence": s.strip(),
                    "lang": lang,
                    "event_type": "Strategic developments",
                    "sub_event_type": "Agreement",
                    "span_start": span_start,
                    "span_end": span_end,
                    "trigger_text": trigger,
                    "date_text": date_text,
                    "published": published,
                    "registry_id": _known_id(start),
                    "evidence_start": sent.start,
                    "evidence_end": sent.end,
                }
            )
            break  # one candidate per sentence: later nouns there repeat the same agreement
    return out


def _announcement(
    s: str, noun: re.Match[str], lex: _Lex, lang: str, published: date | None
) -> tuple[int, int, str, date | None, str | None] | None:
    lo, hi = noun.start(), noun.end()
    after = s[hi : hi + _IF_WINDOW]
    before = s[max(0, lo - _AN_WINDOW_BEFORE) : lo]
    trig: tuple[int, int, str, bool | None] | None = None  # (start, end, text, future or unknown tense)
    after_kinds: tuple[tuple[re.Pattern[str], bool | None], ...] = ((lex.future, True), (lex.past, False))
    for pat, future in after_kinds:
        m = pat.search(after)
        if m and (trig is None or hi + m.start() < trig[0]):
            trig = (hi + m.start(), hi + m.end(), m.group(0), future)
    announced_only = False
    if trig is None:
        before_kinds: tuple[tuple[re.Pattern[str], bool | None, bool], ...] = (
            (lex.future, True, False),
            (lex.past, False, False),
            (lex.announced, None, True),
        )
        for pat, future, ann in before_kinds:
            m = _last(pat, before)
            if m:
                off = max(0, lo - _AN_WINDOW_BEFORE)
                trig = (off + m.start(), off + m.end(), m.group(0), future)
                announced_only = ann
                break
    if trig is None:
        return None
    t_start, t_end, t_text, future = trig
    when = _find_date(s, max(hi, t_end), lex, lang, published, future=future)
    if when is None:
        when = _find_date(s, 0, lex, lang, published, future=future)
    if announced_only and when is None:
        # "reach a mechanism to monitor a ceasefire" is talk about a ceasefire, not an announcement:
        # an announcement verb alone counts only when a date or time is given with it.
        return None
    start, d_text, d_end = when if when else (None, None, max(hi, t_end))
    return min(lo, t_start), max(hi, t_end, d_end), t_text.strip(), start, d_text


def _last(pat: re.Pattern[str], s: str) -> re.Match[str] | None:
    matches = list(pat.finditer(s))
    return matches[-1] if matches else None


def _find_date(
    s: str, pos: int, lex: _Lex, lang: str, published: date | None, *, future: bool | None
) -> tuple[date | None, str, int] | None:
    window = s[pos : pos + _IF_WINDOW]
    best: tuple[int, date | None, str, int] | None = None
    for pat in (lex.day_month, lex.month_day):
        if pat is None:
            continue
        m = pat.search(window)
        if m and (best is None or m.start() < best[0]):
            day_s, mon_s, year_s = m.group("d"), m.group("m"), m.group("y")
            d = _shared_date(m.group(0), lang, published) if future is not True else None
            if d is None:
                d = _calendar_date(
                    int(day_s), lex.months[mon_s], int(year_s) if year_s else None, published, future=future
                )
            if d is not None:
                best = (m.start(), d, m.group(0), pos + m.end())
    if best is not None:
        return best[1], best[2], best[3]
    if published is None:
        return None
    for pat, kind in ((lex.relative, "rel"), (lex.weekdays, "wd"), (lex.midnight, "mid")):
        if pat is None:
            continue
        m = pat.search(window)
        if not m:
            continue
        w = m.group("w")
        if kind == "rel":
            d = published + timedelta(days=lex.relative_days[w])
        elif kind == "wd":
            delta = (lex.weekday_index[w] - published.weekday()) % 7
            d = published + timedelta(days=delta) if future else published - timedelta(days=(7 - delta) % 7)
        else:
            # "took effect at midnight" in a report means the midnight that began its day;
            # "will take effect at midnight" the one that ends it.
            d = published + timedelta(days=1) if future else published
        return d, m.group(0), pos + m.end()
    return None


def _shared_date(text: str, lang: str, published: date | None) -> date | None:
    """A past date resolved by :mod:`tracker.extraction.dates` (the event dates' resolver), so that an entry into
    force and the events after it get their years the same way. It never looks ahead, so the
    future tense keeps :func:`_calendar_date`."""
    if published is None:
        return None
    try:
        from tracker.extraction.dates import resolve_date_expression
    except ImportError:
        return None
    found = resolve_date_expression(text, lang, published=published)
    return found.date if found is not None and found.precision == 1 else None


def _calendar_date(
    day: int, month: int, year: int | None, published: date | None, *, future: bool | None
) -> date | None:
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if published is None:
        return None
    candidates = []
    for y in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    # A report of an entry into force looks back, an announcement of one looks ahead (a day of slack
    # for time zones); then the nearest to publication.
    slack = timedelta(days=1)
    fitting = [
        d
        for d in candidates
        if future is None or (d >= published - slack if future else d <= published + slack)
    ]
    return min(fitting or candidates, key=lambda d: (abs((d - published).days), d > published))


def _known_id(start: date | None) -> str | None:
    if start is None:
        return None
    return next((c.id for c in default_registry().ceasefires if c.start == start), None)
