"""The violation judgement: each event judged against the ceasefire registry, with a reason in words.

Reads event rows (``tracker.schema.EVENT_COLUMNS``), the registry (:mod:`tracker.ceasefires.registry`),
the actors registry (for the parents of excluded groups and parties) and the reason words of
``resources/lexicon_ceasefire/en.yaml``; writes the ``ceasefire``, ``violation`` and ``violation_reason``
columns.

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

from collections.abc import Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import pandas as pd

from tracker.actors.registry import registry as actor_registry
from tracker.ceasefires.registry import Ceasefire, Party, Registry, default_registry, is_syria
from tracker.ceasefires.rows import as_day, as_number, as_text, name_key
from tracker.resources import load_yaml
from tracker.resources.cache import cached
from tracker.schema import SUB_EVENT_TYPES

__all__ = ["AIR_SUB_EVENTS", "HOSTILE_TYPES", "UNKNOWN_ACTORS", "judge", "judge_row"]

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
    day = as_day(row.get("event_date"))
    if day is None:
        return None, None, "No event date, so no ceasefire can be said to be in force."
    country = as_text(row.get("country"))
    if country and not is_syria(country):
        return None, None, f"No ceasefire in force: the event is outside Syria ({country})."
    # the agreements whose area holds the place, in registry order: worked out once per row
    here = [c for c in reg.ceasefires if c.covers(row)]
    cid, violation, reason = _judge_on(row, reg, day, here)
    precision = as_number(row.get("date_precision"))
    if precision is not None and precision > 1:
        # A date known only to the week or month: if an agreement here began or ended within that
        # time, the event may fall on either side of it.
        lo, hi, span = _date_window(day, int(precision))
        turning = [
            f"the {c.reason_name} {'started' if lo < c.start <= hi else 'ended'} on "
            f"{(c.start if lo < c.start <= hi else c.end)}"
            for c in here
            if (lo < c.start <= hi or (c.end is not None and lo <= c.end < hi))
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


def _judge_on(
    row: Mapping[str, Any], reg: Registry, day: date, here: list[Ceasefire]
) -> tuple[str | None, bool | None, str]:
    place = _place_text(row)
    in_force = [c for c in here if c.in_force(day)]
    if not in_force:
        return None, None, _out_of_scope(reg, here, day, place)
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

    actor1, actor2 = as_text(row.get("actor1")), as_text(row.get("actor2"))
    side1, side2 = as_text(row.get("actor1_side")), as_text(row.get("actor2_side"))
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


# -- judgement helpers ------------------------------------------------------------------------------


def _out_of_scope(reg: Registry, here: list[Ceasefire], day: date, place: str) -> str:
    """Why no agreement applies: ``here`` holds those whose area holds the place."""
    why: list[str] = []
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
    """Parents of a canonical actor in the actors registry, nearest first."""
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
    """Canonical name -> parent's canonical name, from the actors registry (parents are given by id).

    Kept in the resource cache: building the registry from its YAML file took 0.03-0.06 s at the first
    agreement in force, in every process (the tagger reads its own copy from the cache)."""
    return cached("actor_parents", _read_parent_map)


def _read_parent_map() -> dict[str, str]:
    entries = actor_registry()
    names = {a.id: a.name for a in entries}
    out: dict[str, str] = {}
    for a in entries:
        parent_name = names.get(a.parent, a.parent) if a.parent else None
        if a.name and parent_name and parent_name != a.name:
            out[a.name] = parent_name
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
    admin1 = as_text(row.get("admin1"))
    loc = as_text(row.get("location"))
    if loc and admin1 and name_key(loc) != name_key(admin1):
        return f"{loc} ({admin1})"
    return loc or admin1 or "Syria (place unknown)"


def _event_type(row: Mapping[str, Any]) -> str | None:
    et = as_text(row.get("event_type"))
    if et:
        return et
    sub = _sub_event(row)
    return SUB_EVENT_TYPES.get(sub) if sub else None


def _sub_event(row: Mapping[str, Any]) -> str | None:
    return as_text(row.get("sub_event_type"))


@lru_cache(maxsize=1)
def _reason_words() -> dict[str, Any]:
    return dict((load_yaml("lexicon_ceasefire", "en.yaml") or {}).get("reason", {}))
