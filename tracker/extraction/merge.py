"""Within one article: one event per incident, no figure counted twice.

Reads the event rows of one article (dicts with schema columns, plus the private keys ``_update`` for a
revised toll and ``_vague``); writes the rows that remain, with ``notes`` saying what was folded in.

- A revised toll ("the toll rose to 11") replaces the figure of the event it revises.
- The same event repeated in headline, lead and body is kept once (the most complete mention).
- A total and its parts ("13 killed: 7 in X, 4 in Y, 2 in Z") become the parts when they have places.

Merging the same incident across articles and sources is the store's job (:mod:`tracker.store.incidents`).
"""

from __future__ import annotations

from typing import Any

from tracker.schema import PLACE_COLUMNS

__all__ = ["dedupe_mentions"]

_PRIVATE = ("_update", "_vague", "_typed", "_part", "_zero", "_actor_sure")
_ACTOR1 = ("actor1", "actor1_side", "actor1_text")
_INHERIT_WITHIN = 2  # sentences
_GENERIC = frozenset({"Attack", ""})


def _filled(row: dict[str, Any]) -> int:
    return sum(1 for k, v in row.items() if not k.startswith("_") and v not in (None, ""))


def _compatible(a: dict[str, Any], b: dict[str, Any], key: str) -> bool:
    va, vb = a.get(key), b.get(key)
    return va is None or vb is None or va == vb


_BATTLES = frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"})


def _same_type(a: dict[str, Any], b: dict[str, Any]) -> bool:
    ta, tb = a.get("sub_event_type") or "", b.get("sub_event_type") or ""
    return ta == tb or ta in _GENERIC or tb in _GENERIC or (ta in _BATTLES and tb in _BATTLES)


def _is_repeat(a: dict[str, Any], b: dict[str, Any]) -> bool:
    fa, fb = a.get("fatalities"), b.get("fatalities")
    if fa is not None and fb is not None and fa != fb and bool(a.get("_vague")) != bool(b.get("_vague")):
        # "dozens killed" and "16 killed" in one article: the vague figure rounds the precise one
        return (
            _same_type(a, b)
            and _compatible(a, b, "admin1")
            and a.get("sentence_index") != b.get("sentence_index")
            and (
                a.get("event_date") == b.get("event_date")
                or (a.get("date_precision") or 1) > 1
                or (b.get("date_precision") or 1) > 1
            )
        )
    if fa is None and fb is None:
        same_place = a.get("location") is not None and a.get("location") == b.get("location")
        if not (same_place and a.get("sub_event_type") == b.get("sub_event_type")):
            return False
    elif fa != fb:
        return False
    if a.get("sentence_index") == b.get("sentence_index") and a.get("span_start") != b.get("span_start"):
        # two figures in one sentence are two events ("8 in X while 3 in Y"), unless the sentence says the
        # same figure twice with nothing to tell the two apart (a headline run into its lead)
        if fa is None or a.get("_part") or b.get("_part") or a.get("location") != b.get("location"):
            return False
    return (
        _same_type(a, b)
        and _compatible(a, b, "admin1")
        and _compatible(a, b, "location")
        and _compatible(a, b, "actor1")
        and (
            a.get("event_date") == b.get("event_date")
            or (a.get("date_precision") or 1) > 1
            or (b.get("date_precision") or 1) > 1
        )
    )


def _merge_into(keep: dict[str, Any], drop: dict[str, Any], why: str) -> None:
    if not keep.get("_typed") and drop.get("_typed"):
        # the mention that names the weapon says what kind of event it was
        for k in ("sub_event_type", "event_type", "trigger_text"):
            keep[k] = drop.get(k)
        keep["_typed"] = True
    # the place columns go together (a town from one mention and a governorate from another would not
    # agree): the better placed mention gives them all
    if _place_rank(drop) > _place_rank(keep):
        for k in PLACE_COLUMNS:
            keep[k] = drop.get(k)
    for k, v in drop.items():
        if k.startswith("_") or k in (
            "evidence",
            "span_start",
            "span_end",
            "sentence_index",
            "event_id",
            "notes",
        ):
            continue
        if k in PLACE_COLUMNS:
            continue
        if keep.get(k) in (None, "") and v not in (None, ""):
            keep[k] = v
    if (
        keep.get("date_precision")
        and drop.get("date_precision")
        and drop["date_precision"] < keep["date_precision"]
    ):
        keep["event_date"], keep["date_precision"], keep["date_text"] = (
            drop["event_date"],
            drop["date_precision"],
            drop.get("date_text"),
        )
    keep["notes"] = f"{keep['notes']}; {why}" if keep.get("notes") else why


def _place_rank(row: dict[str, Any]) -> tuple[int, int, int]:
    """How well a mention is placed: in a Syrian governorate, then named at all, then more precisely."""
    precision = row.get("geo_precision")
    return (
        row.get("admin1") not in (None, ""),
        row.get("location") not in (None, ""),
        -(precision if isinstance(precision, int) else 9),
    )


def _headline_actor_wins(body: dict[str, Any], head: dict[str, Any]) -> bool:
    """The headline's perpetrator replaces the body's when the body found its own only by the weakest rule,
    or named the headline's victims ("Army kills 40 Nusra members" over "... 40 militants of Nusra")."""
    if not head.get("actor1") or head.get("actor1") == body.get("actor1"):
        return False
    if body.get("actor1") is None or body.get("actor1") == head.get("actor2"):
        return True  # the body names none, or names the very group the headline says was hit
    return bool(head.get("_actor_sure")) and not body.get("_actor_sure")


def _figureless(row: dict[str, Any]) -> bool:
    return all(row.get(k) is None for k in ("fatalities", "injured", "captured"))


def _headline(row: dict[str, Any]) -> bool:
    return (row.get("sentence_index") or 0) < 0


def _headline_match(body: dict[str, Any], head: dict[str, Any]) -> bool:
    # Headlines name places, actors and weapons loosely ("east Aleppo", "rebels", "raid") and round
    # figures ("dozens"): the same figure, or a vague or missing one, is the same event.
    fb, fh = body.get("fatalities"), head.get("fatalities")
    if fh is not None and fh == fb:
        return True
    loose = fh is None or head.get("_vague") or (fb is None and body.get("injured") is None)
    same_place = _compatible(body, head, "admin1") or (
        body.get("location_text") and body.get("location_text") == head.get("location_text")
    )
    return bool(
        bool(loose)
        and (_same_type(body, head) or _figureless(head) or head.get("_vague"))
        and bool(same_place)
    )


def dedupe_mentions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold revised tolls, repeats, follow-up figures and totals-with-parts of one article's event rows."""
    rows = sorted(rows, key=lambda r: (_headline(r), r.get("sentence_index", 0), r.get("span_start") or 0))
    _inherit_types(rows)
    out: list[dict[str, Any]] = []
    for row in rows:
        if row.get("_update"):
            target = next(
                (
                    r
                    for r in reversed(out)
                    if _same_type(r, row)
                    and _compatible(r, row, "admin1")
                    and r.get("fatalities") is not None
                ),
                None,
            )
            if target is not None:
                for k in ("fatalities", "fatalities_low", "fatalities_high", "count_text"):
                    target[k] = row.get(k)
                target["notes"] = (
                    f"{target['notes']}; " if target.get("notes") else ""
                ) + "toll revised later in the article"
                continue
        if _headline(row):
            matches = [r for r in out if _headline_match(r, row)]
            # a headline figure belongs with a body mention that has figures, if any
            twin = next(
                (r for r in matches if r.get("fatalities") is not None), matches[0] if matches else None
            )
            if twin is not None:
                if _headline_actor_wins(twin, row):
                    for k in _ACTOR1:
                        twin[k] = row.get(k)
                    twin["_actor_sure"] = True
                _merge_into(twin, row, "also in the headline")
                continue
        elif _follow_up(out, row):
            continue
        twin = next((r for r in out if _is_repeat(r, row)), None)
        if twin is not None:
            if twin.get("_vague") and not row.get("_vague") and row.get("fatalities") is not None:
                out[out.index(twin)] = row
                _merge_into(row, twin, "a vague figure for the same event given precisely later")
            elif _filled(row) > _filled(twin) and not _headline(row):
                out[out.index(twin)] = row
                _merge_into(row, twin, "same event repeated in the article")
            else:
                _merge_into(twin, row, "same event repeated in the article")
            continue
        out.append(row)
    out = _fold_figureless(out)
    out = _drop_totals(out)
    for r in out:
        for k in _PRIVATE:
            r.pop(k, None)
    return out


def _follow_up(out: list[dict[str, Any]], row: dict[str, Any]) -> bool:
    """Injuries reported a sentence or two after the toll, with no weapon word of their own, belong to it."""
    if row.get("_typed") or row.get("injured") is None or row.get("fatalities") not in (None, 0):
        return False
    si = row.get("sentence_index") or 0
    target = next(
        (r for r in reversed(out) if 0 < si - (r.get("sentence_index") or 0) <= _INHERIT_WITHIN), None
    )
    if target is None or target.get("injured") is not None:
        return False
    target["injured"] = row["injured"]
    target["notes"] = (
        f"{target['notes']}; " if target.get("notes") else ""
    ) + "injured figure from a later sentence"
    return True


def _fold_figureless(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A strike mentioned without figures next to the same strike with figures is one event."""
    keep: list[dict[str, Any]] = []
    for r in rows:
        if _figureless(r) and not r.get("_zero"):
            twin = next(
                (
                    o
                    for o in rows
                    if o is not r and not _figureless(o) and _same_type(o, r) and _compatible(o, r, "admin1")
                ),
                None,
            )
            if twin is not None:
                if r.get("sub_event_type") in _BATTLES and r["sub_event_type"] != "Armed clash":
                    # ACLED: a battle that changes who holds the place is coded as the change of control
                    twin["sub_event_type"], twin["event_type"] = r["sub_event_type"], r.get("event_type")
                if (twin.get("geo_precision") or 9) > (
                    r.get("geo_precision") or 9
                ) or "previous sentence" in (twin.get("notes") or ""):
                    for k in PLACE_COLUMNS:
                        twin[k] = r.get(k)
                _merge_into(twin, r, "same strike mentioned without figures")
                continue
        keep.append(r)
    return keep


def _inherit_types(rows: list[dict[str, Any]]) -> None:
    """A toll with no weapon word continues the strike just described ("Seven were killed in X")."""
    last: dict[str, Any] | None = None
    for r in rows:
        if r.get("_typed"):
            last = r
            continue
        if last is None:
            continue
        gap = (r.get("sentence_index") or 0) - (last.get("sentence_index") or 0)
        sides = {r.get("actor1_side"), last.get("actor1_side")} - {None, "unknown"}
        # In one sentence only list items continue the head figure; another toll there is another act.
        if (gap == 0 and r.get("_part")) or (0 < gap <= _INHERIT_WITHIN and len(sides) < 2):
            r["sub_event_type"] = last["sub_event_type"]
            r["event_type"] = last.get("event_type")
            r["notes"] = (
                f"{r['notes']}; " if r.get("notes") else ""
            ) + "type from the attack described just before"


def _drop_totals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    drop: set[int] = set()
    for i, total in enumerate(rows):
        n = total.get("fatalities")
        if (
            not n
            or (total.get("geo_precision") or 3) < 3
            and total.get("location") not in (None, total.get("admin1"))
        ):
            continue
        si = total.get("sentence_index") or 0
        parts = [
            r
            for j, r in enumerate(rows)
            if j != i
            and j not in drop
            and r.get("fatalities")
            and r.get("location")
            and 0 <= (r.get("sentence_index") or 0) - si <= 2
            and (r.get("span_start") or 0) >= (total.get("span_start") or 0)
        ]
        if len(parts) >= 2 and sum(int(p["fatalities"]) for p in parts) == int(n):
            drop.add(i)
            for p in parts:
                p["notes"] = (
                    f"{p['notes']}; " if p.get("notes") else ""
                ) + f"part of a total of {n} reported in the article"
    return [r for i, r in enumerate(rows) if i not in drop]
