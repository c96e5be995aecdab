"""Notes: one English sentence that describes an event in the style of ACLED's ``notes`` column.

Reads an event row (a dict of the event columns: dates, type, actors, place, figures) and the phrasing of
``resources/export/notes.yaml``; writes a sentence such as "On 23 January 2017, Syrian government air
strikes killed 12 civilians, including 3 children, in Saraqib (Idleb)." It is written from the row's
fields, never from the article, so Arabic events are described in English too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from tracker.export.countries import country
from tracker.export.fields import DEFAULT_COUNTRY, actor_of, day, english_date, integer, text
from tracker.resources import load_yaml

__all__ = ["describe"]

_STATE = re.compile(r"^(?P<kind>Military|Police) Forces of (?:the )?(?P<country>.+?)(?: \(|$)")
_PREFIX = re.compile(r"^[A-Za-z]{2,6}: ")
_SUFFIX = re.compile(r"\s*\([^()]*\)$")


@lru_cache(maxsize=1)
def _phrasing() -> dict[str, Any]:
    return load_yaml("export", "notes.yaml")  # type: ignore[no-any-return]


@lru_cache(maxsize=4096)
def _entry(name: str | None) -> dict[str, Any]:
    """The notes.yaml entry of an actor (by the longest start of its name), or an empty one."""
    known = _phrasing()["actors"]
    prefix = max((k for k in known if name and name.startswith(k)), key=len, default=None)
    return known[prefix] if prefix is not None else {}  # type: ignore[no-any-return]


@lru_cache(maxsize=4096)
def _words(name: str | None) -> tuple[str | None, str | None]:
    """(noun, modifier) naming an actor; (None, None) when the actor is not known."""
    if name is None:
        return None, None
    entry = _entry(name)
    if entry:
        return entry["noun"], entry["modifier"]
    state = _STATE.match(name)
    facts = country(state["country"]) if state else None
    if state and facts:
        kind = "forces" if state["kind"] == "Military" else "police"
        return f"{facts.adjective} {kind}", facts.adjective
    plain = _SUFFIX.sub("", _PREFIX.sub("", name))
    return plain, plain


def _unknown(name: str | None) -> bool:
    actor = actor_of(name)
    return (
        name is None or bool(_entry(name).get("unknown")) or (actor is not None and actor.side == "unknown")
    )


def _civilians(name: str | None) -> bool:
    actor = actor_of(name)
    return name is not None and (
        (actor is not None and actor.side == "civilians") or _entry(name).get("noun") == "civilians"
    )


def _when(row: Mapping[str, Any]) -> str:
    when = day(row.get("event_date"))
    if when is None:
        return str(_phrasing()["unknown_date"])
    precision = integer(row.get("date_precision")) or 1
    template = _phrasing()["dates"].get(precision, _phrasing()["dates"][1])
    return str(template).format(date=english_date(when), month=english_date(when).split(" ", 1)[1])


def _where(row: Mapping[str, Any]) -> str:
    location, admin1 = text(row.get("location")), text(row.get("admin1"))
    where = text(row.get("country"))
    if location:
        if admin1 and admin1 != location:
            return f" in {location} ({admin1})"
        if admin1 and integer(row.get("geo_precision")) == 3:
            return f" in {admin1} governorate"
        if where and where != DEFAULT_COUNTRY and where not in location:
            return f" in {location} ({where})"
        return f" in {location}"
    if admin1:
        return f" in {admin1} governorate"
    return f" in {where}" if where else ""


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _people(n: int, civilians: bool) -> str:
    return _count(n, "civilian", "civilians") if civilians else _count(n, "person", "people")


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _toll(row: Mapping[str, Any], *, civilians: bool) -> str | None:
    """ "killed 12 civilians, including 3 children, and wounded 5", or None when no figure is given."""
    killed, injured = integer(row.get("fatalities")), integer(row.get("injured"))
    taken = integer(row.get("captured"))
    parts: list[str] = []
    if killed:
        civilian_toll = integer(row.get("civilians_killed"))
        civilians = civilians or (civilian_toll is not None and civilian_toll >= killed)
        among = [
            _count(n, one, many)
            for n, one, many in (
                (None if civilians else civilian_toll, "civilian", "civilians"),
                (integer(row.get("children_killed")), "child", "children"),
                (integer(row.get("women_killed")), "woman", "women"),
            )
            if n
        ]
        parts.append(
            f"killed {_people(killed, civilians)}" + (f", including {_listing(among)}" if among else "")
        )
    if injured:
        parts.append(f"wounded {injured}" if parts else f"wounded {_people(injured, civilians)}")
    if taken:
        parts.append(f"abducted {taken}" if parts else f"abducted {_people(taken, civilians)}")
    if not parts:
        return "caused no deaths" if killed == 0 else None
    # "killed 9, including 3 children, and wounded 5": the aside is closed before what follows
    joint = ", and " if "including" in parts[0] else " and "
    return parts[0] + "".join(joint + p for p in parts[1:])


def describe(row: Mapping[str, Any]) -> str:
    """One sentence describing the event of ``row`` (a dict of event columns), in English.

    >>> describe({"event_date": "2017-01-23", "date_precision": 1, "sub_event_type": "Air/drone strike",
    ...           "actor1": "Military Forces of Syria (2000-2024)", "fatalities": 12, "civilians_killed": 12,
    ...           "location": "Saraqib", "admin1": "Idleb", "country": "Syria"})
    'On 23 January 2017, Syrian government air strikes killed 12 civilians in Saraqib (Idleb).'
    """
    phrasing = _phrasing()
    kind = phrasing["events"].get(text(row.get("sub_event_type")), phrasing["default"])
    actor1, actor2 = text(row.get("actor1")), text(row.get("actor2"))
    noun1, modifier1 = _words(actor1)
    noun2, _ = _words(actor2)
    civilians = _civilians(actor2) or text(row.get("event_type")) == "Violence against civilians"
    target = noun2 or ("civilians" if civilians else "people")
    toll = _toll(row, civilians=civilians)
    if kind.get("subject"):
        cause = noun1 or "unidentified perpetrators"
        outcome = toll or str(kind["no_toll"]).format(target=target)
    else:
        if _unknown(actor1) or ("{modifier}" in kind["cause"] and not modifier1):
            cause = kind["unknown"]
        elif "{target}" in kind["cause"] and (actor2 is None or _civilians(actor2)):
            cause = kind.get("one_side", kind["unknown"])
        else:
            cause = kind["cause"]
        cause = cause.format(actor=noun1, modifier=modifier1, target=noun2)
        if noun2 and not _civilians(actor2) and not _unknown(actor2) and "against" in kind:
            cause += " " + str(kind["against"]).format(target=noun2)
        outcome = toll or "took place"
    where = _where(row)
    # "killed 9 people, including 3 children, in Saraqib": an aside left open at the end is closed
    aside = "," if where and ", including" in outcome and ", and " not in outcome else ""
    sentence = f"{_when(row)}, {cause} {outcome}{aside}{where}"
    if toll is None and not kind.get("subject"):
        sentence += ", with no casualty figure reported"
    return sentence + "."
