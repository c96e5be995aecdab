"""Scoring an events file against gold items (the dev-items format): our own implementation of the
metrics that ``docs/CODING-GUIDE.md`` describes, so a team can measure the extractor on its own sources.

Gold: one JSON object per item (``id``, ``events`` with ``killed``, ``injured``, ``admin1``, ``country``,
``actor1``, ``sub_event_type``, ``event_date``...). Predictions: event rows whose ``article_id`` is the
item's id (as ``tracker extract`` writes them). Only events in Syria count (no country = Syria).

- ``detect_p``/``detect_r``/``detect_f1``: per item, whether it reports at least one event;
- ``killed_exact``: per item whose gold events all give a toll, whether the predicted events' tolls add
  up to the same total; ``injured_exact`` the same for the injured, per item where any gold event gives
  a figure (the figures given are added);
- ``date_acc``: per gold event date, whether one of the item's predicted events has that date;
- ``admin1_f1``, ``actor1_f1``, ``type_f1``: the set of values per item against the gold set, counts of
  agreements pooled over all items. Actors are compared as classes (:func:`actor_class`), an unknown
  actor being no value; types as the guide's types (:func:`guide_type`: "Other" is no value).

>>> round(f1(3, 1, 1), 3)
0.75
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["ACTOR_CLASSES", "actor_class", "guide_type", "f1", "read_gold", "score"]

#: The guide's actor classes.
ACTOR_CLASSES = (
    "syrian_government",
    "russia",
    "iran_and_allies",
    "turkey",
    "us_coalition",
    "israel",
    "opposition",
    "hts_nusra",
    "isis",
    "kurdish_sdf",
    "other",
    "unknown",
    "civilians",
)

# Registry id (of an actor or its top parent) -> class; registry actors not named here are "other".
_CLASS_OF_ID = {
    "syria-military": "syrian_government",
    "syria-police": "syrian_government",
    "ndf": "syrian_government",
    "pro-government-militia": "syrian_government",
    "allied-syria-russia": "syrian_government",
    "russia": "russia",
    "iran": "iran_and_allies",
    "pro-iran-militia": "iran_and_allies",
    "hezbollah": "iran_and_allies",
    "turkey": "turkey",
    "coalition": "us_coalition",
    "israel": "israel",
    "opposition": "opposition",
    "nusra": "hts_nusra",
    "jfs": "hts_nusra",
    "hts": "hts_nusra",
    "isis": "isis",
    "sdf": "kurdish_sdf",
    "civilians": "civilians",
    "unidentified": "unknown",
}


def _registry_classes() -> dict[str, str]:
    from tracker.actors.registry import registry

    actors = registry()
    by_id = {a.id: a for a in actors}
    out: dict[str, str] = {}
    for actor in actors:
        top = actor
        while top.id not in _CLASS_OF_ID and top.parent in by_id:
            top = by_id[top.parent]
        cls = _CLASS_OF_ID.get(top.id, "other")
        out[actor.id.lower()] = cls
        out[actor.name.lower()] = cls
    return out


_CLASSES: dict[str, str] = {}


def actor_class(name: Any) -> str:
    """The guide's class of an actor given as a class, a registry name or id; empty is ``unknown``,
    any other name ``other``.

    >>> actor_class("Allied Syrian and/or Russian Forces"), actor_class(None), actor_class("isis")
    ('syrian_government', 'unknown', 'isis')
    """
    if name is None or (isinstance(name, float) and pd.isna(name)) or not str(name).strip():
        return "unknown"
    text = str(name).strip().lower()
    if text in ACTOR_CLASSES:
        return text
    if not _CLASSES:
        _CLASSES.update(_registry_classes())
    return _CLASSES.get(text, "other")


def guide_type(value: Any) -> str | None:
    """A sub-event type as the guide counts it: ACLED's territorial battles are armed clashes, and
    "Other" (or nothing) is no type.

    >>> guide_type("Government regains territory"), guide_type("Other")
    ('Armed clash', None)
    """
    from tracker.schema import SUB_EVENT_TYPES

    if _blank(value) or value == "Other":
        return None
    return "Armed clash" if SUB_EVENT_TYPES.get(str(value)) == "Battles" else str(value)


def _known_class(value: Any) -> str | None:
    cls = actor_class(value)
    return None if cls == "unknown" else cls


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 from counts (0 when nothing was found or expected)."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, (list, dict)) and pd.isna(value)) or value == ""


def _in_syria(event: Mapping[str, Any]) -> bool:
    country = event.get("country")
    return _blank(country) or str(country).strip().lower() == "syria"


def _day(value: Any) -> str | None:
    if _blank(value):
        return None
    try:
        return pd.Timestamp(value).date().isoformat()
    except (ValueError, TypeError):
        return None


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold items of a JSONL file, in order."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _predicted(events: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in events.to_dict("records"):
        if _in_syria(row):
            out.setdefault(str(row["article_id"]), []).append(row)
    return out


def _total(events: Iterable[Mapping[str, Any]], key: str) -> int:
    return sum(int(e[key]) for e in events if not _blank(e.get(key)))


def score(gold: list[dict[str, Any]], events: pd.DataFrame) -> dict[str, float | int]:
    """The figures of an events frame against gold items (see the module docstring)."""
    predicted = _predicted(events)
    detect = {"tp": 0, "fp": 0, "fn": 0}
    exact = {"killed": [0, 0], "injured": [0, 0]}
    dates = [0, 0]
    sets = {name: {"tp": 0, "fp": 0, "fn": 0} for name in ("admin1", "actor1", "type")}
    for item in gold:
        truth = [e for e in item.get("events") or [] if _in_syria(e)]
        found = predicted.get(str(item["id"]), [])
        if truth and found:
            detect["tp"] += 1
        elif found:
            detect["fp"] += 1
        elif truth:
            detect["fn"] += 1
        given = {k: [not _blank(e.get(k)) for e in truth] for k in ("killed", "injured")}
        for gold_key, key, counted in (
            ("killed", "fatalities", truth and all(given["killed"])),
            ("injured", "injured", any(given["injured"])),
        ):
            if counted:
                exact[gold_key][1] += 1
                exact[gold_key][0] += _total(truth, gold_key) == _total(found, key)
        found_days = {_day(e.get("event_date")) for e in found} - {None}
        for e in truth:
            day = _day(e.get("event_date"))
            if day is not None:
                dates[1] += 1
                dates[0] += day in found_days
        pairs = {
            "admin1": ({e.get("admin1") for e in truth}, {e.get("admin1") for e in found}),
            "actor1": (
                {_known_class(e.get("actor1")) for e in truth},
                {_known_class(e.get("actor1")) for e in found},
            ),
            "type": (
                {guide_type(e.get("sub_event_type")) for e in truth},
                {guide_type(e.get("sub_event_type")) for e in found},
            ),
        }
        for name, (want, got) in pairs.items():
            want = {v for v in want if not _blank(v)}
            got = {v for v in got if not _blank(v)}
            sets[name]["tp"] += len(want & got)
            sets[name]["fp"] += len(got - want)
            sets[name]["fn"] += len(want - got)
    tp, fp, fn = detect["tp"], detect["fp"], detect["fn"]
    out: dict[str, float | int] = {
        "detect_f1": f1(tp, fp, fn),
        "detect_p": tp / (tp + fp) if tp + fp else 0.0,
        "detect_r": tp / (tp + fn) if tp + fn else 0.0,
        "killed_exact": exact["killed"][0] / exact["killed"][1] if exact["killed"][1] else 0.0,
        "injured_exact": exact["injured"][0] / exact["injured"][1] if exact["injured"][1] else 0.0,
        "date_acc": dates[0] / dates[1] if dates[1] else 0.0,
    }
    for name in ("admin1", "actor1", "type"):
        out[f"{name}_f1"] = f1(**sets[name])
    out.update({"n_items": len(gold), "n_killed_items": exact["killed"][1], "n_dated": dates[1]})
    return out
