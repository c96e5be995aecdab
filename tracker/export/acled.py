"""ACLED: event rows in ACLED's export layout, column for column, with ACLED's conventions.

Reads the event columns (:data:`tracker.schema.EVENT_COLUMNS`; store incidents' ``sources`` too),
``resources/export/acled.yaml`` (columns, codes, labels), ``countries.csv`` (ISO codes and regions) and
the actor registry (inter codes). Writes ACLED's 31 columns in ACLED's order, then ``extractor_notes``:

- ``event_id_cnty`` the event's ISO alpha-3 code and our event id; ``event_date`` ISO (the older style:
  "23 January 2017"); ``iso``, ``region`` and ``country`` of the event's own country.
- ``actor1`` never empty: "Unidentified Armed Group (<country>)" when no perpetrator is known; victims
  (civilians) found as the only actor are ``actor2``; violence against civilians always has civilians as
  ``actor2``. Civilians and unidentified groups are named after the event's country.
- ``inter1``/``inter2`` ACLED's labels ("State forces"), ``interaction`` "State forces-Civilians" or
  "Rebel group only" (the older style: codes 1-8 and 17, 20).
- ``civilian_targeting`` "Civilian targeting" on all violence against civilians, and on remote violence
  (and riots) with civilians as an actor; never on battles.
- ``notes`` one sentence describing the event (:func:`tracker.export.notes.describe`); the extractor's
  remarks go to ``extractor_notes``.
- ``geo_precision`` 3 and ``location`` the governorate or country when the place is not more precise;
  ``fatalities`` 0 when no figure was reported (ACLED's convention).
- ``timestamp`` when the row last changed (the store's ``changed_at``), in Unix seconds as ACLED's.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from tracker.export.countries import country
from tracker.export.fields import (
    acled_conventions,
    actor_of,
    day,
    english_date,
    integer,
    local_name,
    place_country,
    records,
    text,
)
from tracker.export.notes import describe

__all__ = ["ACLED_COLUMNS", "EXTRA_COLUMNS", "to_acled"]

#: ACLED's export columns, in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

#: After ACLED's columns: the extractor's remarks on the event (where its place or perpetrator came from).
EXTRA_COLUMNS: tuple[str, ...] = ("extractor_notes",)

#: The event columns the layout reads (and the store's list of sources).
READS: tuple[str, ...] = (
    "event_id", "event_date", "date_precision", "event_type", "sub_event_type", "actor1", "actor1_side",
    "actor2", "actor2_side", "location", "admin1", "admin2", "latitude", "longitude", "geo_precision",
    "country", "source", "sources", "reported_by", "fatalities", "injured", "captured", "civilians_killed",
    "children_killed", "women_killed", "violation", "ceasefire", "notes", "changed_at",
)  # fmt: skip

_INTEGERS = ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp")


@lru_cache(maxsize=4096)
def _inter(name: str | None, side: str | None) -> int | None:
    """ACLED's inter code of an actor: from the registry, else from the side."""
    actor = actor_of(name)
    if actor is not None and 1 <= actor.actor_type <= 8:
        return actor.actor_type
    return acled_conventions()["side_inter_codes"].get(side) if side else None


def _actors(
    row: Mapping[str, Any], where: str
) -> tuple[tuple[str, int | None], tuple[str | None, int | None]]:
    """(actor1, inter1), (actor2, inter2) by ACLED's rules, named for the event's country."""
    conv = acled_conventions()
    first = (text(row.get("actor1")), _inter(text(row.get("actor1")), text(row.get("actor1_side"))))
    second = (text(row.get("actor2")), _inter(text(row.get("actor2")), text(row.get("actor2_side"))))
    political = conv["disorder_type"].get(text(row.get("event_type"))) == "Political violence"
    if political and first[1] == 7 and second[0] is None:
        first, second = second, first  # civilians suffer political violence; they are not its perpetrator
    if second[0] is None and text(row.get("event_type")) == "Violence against civilians":
        second = (conv["civilian_actor"]["name"].format(country=where), conv["civilian_actor"]["inter"])
    if first[0] is None:
        first = (
            conv["unidentified_actor"]["name"].format(country=where),
            conv["unidentified_actor"]["inter"],
        )
    assert first[0] is not None
    return (local_name(first[0], where), first[1]), (
        local_name(second[0], where) if second[0] else None,
        second[1],
    )


def _interaction(inter1: int | None, inter2: int | None, *, legacy: bool) -> int | str | None:
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    if not codes:
        return None
    if legacy:
        return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)
    labels = acled_conventions()["inter_labels"]
    if len(codes) == 1:
        return str(acled_conventions()["sole_actor"]).format(label=labels[codes[0]])
    return f"{labels[codes[0]]}-{labels[codes[1]]}"


def _targets_civilians(row: Mapping[str, Any], inter1: int | None, inter2: int | None) -> bool:
    conv = acled_conventions()
    kind = text(row.get("event_type"))
    return kind in conv["civilian_targeting_always"] or (
        kind in conv["civilian_targeting_types"] and 7 in (inter1, inter2)
    )


def _sources(row: Mapping[str, Any]) -> str | None:
    names = [text(s) for s in (row.get("sources") or ())] or [text(row.get("source"))]
    names.append(text(row.get("reported_by")))
    return "; ".join(dict.fromkeys(n for n in names if n)) or None


def _place(row: Mapping[str, Any], where: str) -> tuple[str, int]:
    """ACLED's location (never empty) and geo_precision (3 when nothing finer is known)."""
    location = text(row.get("location")) or text(row.get("admin1")) or where
    return location, integer(row.get("geo_precision")) or 3


def _unix_seconds(value: Any) -> int | None:
    """ACLED's ``timestamp``: when the row last changed, in whole seconds since 1970 (UTC); None for
    rows that carry no ``changed_at`` (mentions, a bare extraction)."""
    if value is None:
        return None
    moment = pd.Timestamp(value)
    if moment.tzinfo is not None:
        moment = moment.tz_convert("UTC").tz_localize(None)
    return int((moment - pd.Timestamp(0)) // pd.Timedelta(seconds=1))


def _row(row: Mapping[str, Any], *, legacy: bool) -> dict[str, Any]:
    conv = acled_conventions()
    where = place_country(row)
    facts = country(where)
    when = day(row.get("event_date"))
    (actor1, inter1), (actor2, inter2) = _actors(row, where)
    disorder = conv["disorder_type"].get(text(row.get("event_type")))
    location, precision = _place(row, where)
    violation, ceasefire = row.get("violation"), text(row.get("ceasefire"))
    labels = conv["inter_labels"]
    return {
        "event_id_cnty": f"{facts.iso3 if facts else ''}{text(row.get('event_id')) or ''}",
        "event_date": (english_date(when, padded=True) if legacy else when.isoformat()) if when else None,
        "year": when.year if when else None,
        "time_precision": integer(row.get("date_precision")) or (1 if when else None),
        "disorder_type": disorder,
        "event_type": text(row.get("event_type")),
        "sub_event_type": text(row.get("sub_event_type")),
        "actor1": actor1,
        "assoc_actor_1": None,
        "inter1": inter1 if legacy or inter1 is None else labels[inter1],
        "actor2": actor2,
        "assoc_actor_2": None,
        "inter2": inter2 if legacy or inter2 is None else labels[inter2],
        "interaction": _interaction(inter1, inter2, legacy=legacy),
        "civilian_targeting": conv["civilian_targeting"] if _targets_civilians(row, inter1, inter2) else None,
        "iso": facts.iso if facts else None,
        "region": facts.acled_region if facts else None,
        "country": where,
        "admin1": text(row.get("admin1")),
        "admin2": text(row.get("admin2")),
        "admin3": None,
        "location": location,
        "latitude": row.get("latitude"),
        "longitude": row.get("longitude"),
        "geo_precision": precision,
        "source": _sources(row),
        "source_scale": None,
        "notes": describe({**row, "actor1": actor1, "actor2": actor2}),
        "fatalities": integer(row.get("fatalities")) or 0,
        "tags": f"ceasefire violation: {ceasefire}" if violation is True and ceasefire else None,
        "timestamp": _unix_seconds(row.get("changed_at")),
        "extractor_notes": text(row.get("notes")),
    }


def to_acled(frame: pd.DataFrame, *, legacy: bool = False) -> pd.DataFrame:
    """The events in ACLED's export layout (see the module docstring), plus ``extractor_notes``.

    ``legacy`` writes the older style: ``event_date`` "04 January 2017", numeric ``inter1``, ``inter2``
    and ``interaction``. See ``resources/export/README.md`` for what differs from ACLED on purpose.

    >>> row = to_acled(pd.DataFrame({"event_id": ["ab"], "event_date": [pd.Timestamp("2017-01-04")]})).iloc[0]
    >>> row["event_id_cnty"], row["event_date"], int(row["year"]), row["actor1"], row["interaction"]
    ('SYRab', '2017-01-04', 2017, 'Unidentified Armed Group (Syria)', 'Political militia only')
    """
    columns = [*ACLED_COLUMNS, *EXTRA_COLUMNS]
    out = pd.DataFrame([_row(r, legacy=legacy) for r in records(frame, READS)], columns=columns)
    for col in columns:
        if col in _INTEGERS or (legacy and col in ("inter1", "inter2", "interaction")):
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
        elif col in ("latitude", "longitude"):
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("Float64")
        else:
            out[col] = out[col].astype("string")
    return out
