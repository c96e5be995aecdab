"""Within one article: one event per incident, no figure counted twice.

Reads the event mentions of one article (:class:`~tracker.extraction.mention.Mention`, with their
columns and flags: ``revises`` for a revised toll, ``vague``, ``typed``, ``part``, ``zero``,
``actor_sure``, ``place_from``); returns the mentions that remain, with notes saying what was folded in.

- A revised toll ("the toll rose to 11") replaces the figure of the event it revises.
- The same event repeated in headline, lead and body is kept once (the most complete mention).
- A total and its parts ("20 dead: 12 in X and 8 in Y") become the parts when they have places.

Merging the same incident across articles and sources is the store's job (:mod:`tracker.store.incidents`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.extraction.mention import Mention, PlaceFrom
from tracker.resources import lexicon
from tracker.schema import PLACE_COLUMNS
from tracker.text.patterns import alternation

__all__ = ["dedupe_mentions"]

_ACTOR1 = ("actor1", "actor1_side", "actor1_text")
#: Columns that belong to the words of one mention: a merge never copies them.
_OWN = frozenset({"evidence", "span_start", "span_end", "sentence_index", "event_id", *PLACE_COLUMNS})
_INHERIT_WITHIN = 2  # sentences
_RESTATED_WITHIN = 3  # sentences
_GENERIC = frozenset({"Attack", ""})


def _filled(m: Mention) -> int:
    """How much a mention says: its filled columns, and one more when it has notes (the rows once kept the
    notes as a column and counted it; ties between repeats still fall this way)."""
    return sum(1 for v in m.columns.values() if v not in (None, "")) + bool(m.notes)


def _compatible(a: Mention, b: Mention, key: str) -> bool:
    va, vb = a.columns.get(key), b.columns.get(key)
    return va is None or vb is None or va == vb


_BATTLES = frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"})


def _same_type(a: Mention, b: Mention) -> bool:
    ta, tb = a.columns.get("sub_event_type") or "", b.columns.get("sub_event_type") or ""
    return ta == tb or ta in _GENERIC or tb in _GENERIC or (ta in _BATTLES and tb in _BATTLES)


def _same_time(a: Mention, b: Mention) -> bool:
    """The same day, or a date known only to the week or month on either side."""
    ca, cb = a.columns, b.columns
    return (
        ca.get("event_date") == cb.get("event_date")
        or (ca.get("date_precision") or 1) > 1
        or (cb.get("date_precision") or 1) > 1
    )


def _is_repeat(a: Mention, b: Mention) -> bool:
    ca, cb = a.columns, b.columns
    fa, fb = ca.get("fatalities"), cb.get("fatalities")
    if fa is not None and fb is not None and fa != fb and a.vague != b.vague:
        # "dozens killed" and "16 killed" in one article: the vague figure rounds the precise one
        return (
            _same_type(a, b)
            and _compatible(a, b, "admin1")
            and ca.get("sentence_index") != cb.get("sentence_index")
            and _same_time(a, b)
        )
    if fa is None and fb is None:
        same_place = ca.get("location") is not None and ca.get("location") == cb.get("location")
        if not (same_place and ca.get("sub_event_type") == cb.get("sub_event_type")):
            return False
    elif fa != fb:
        return False
    if ca.get("sentence_index") == cb.get("sentence_index") and (a.part or b.part):
        return False  # two items of one list ("27 in X and 27 in Y") are two events
    if ca.get("sentence_index") == cb.get("sentence_index") and ca.get("span_start") != cb.get("span_start"):
        # two figures in one sentence are two events ("8 in X while 3 in Y"), unless the sentence says the
        # same figure twice with nothing to tell the two apart (a headline run into its lead)
        if fa is None or a.part or b.part or ca.get("location") != cb.get("location"):
            return False
    return (
        _same_type(a, b)
        and _compatible(a, b, "admin1")
        and _compatible(a, b, "location")
        and _compatible(a, b, "actor1")
        and _same_time(a, b)
    )


def _merge_into(keep: Mention, drop: Mention, why: str) -> None:
    k, d = keep.columns, drop.columns
    if not keep.typed and drop.typed:
        # the mention that names the weapon says what kind of event it was
        for col in ("sub_event_type", "event_type", "trigger_text"):
            k[col] = d.get(col)
        keep.typed = True
    # the place columns go together (a town from one mention and a governorate from another would not
    # agree): the better placed mention gives them all
    if _place_rank(drop) > _place_rank(keep):
        for col in PLACE_COLUMNS:
            k[col] = d.get(col)
    for col, v in d.items():
        if col not in _OWN and k.get(col) in (None, "") and v not in (None, ""):
            k[col] = v
    if k.get("date_precision") and d.get("date_precision") and d["date_precision"] < k["date_precision"]:
        k["event_date"], k["date_precision"], k["date_text"] = (
            d["event_date"],
            d["date_precision"],
            d.get("date_text"),
        )
    keep.notes.append(why)


def _place_rank(m: Mention) -> tuple[int, int, int]:
    """How well a mention is placed: in a Syrian governorate, then named at all, then more precisely."""
    c = m.columns
    precision = c.get("geo_precision")
    return (
        c.get("admin1") not in (None, ""),
        c.get("location") not in (None, ""),
        -(precision if isinstance(precision, int) else 9),
    )


def _headline_actor_wins(body: Mention, head: Mention) -> bool:
    """The headline's perpetrator replaces the body's when the body found its own only by the weakest rule,
    or named the headline's victims ("Army kills 40 Nusra members" over "... 40 militants of Nusra")."""
    b, h = body.columns, head.columns
    if not h.get("actor1") or h.get("actor1") == b.get("actor1"):
        return False
    if b.get("actor1") is None or b.get("actor1") == h.get("actor2"):
        return True  # the body names none, or names the very group the headline says was hit
    return head.actor_sure and not body.actor_sure


def _figureless(m: Mention) -> bool:
    return all(m.columns.get(k) is None for k in ("fatalities", "injured", "captured"))


def _headline_match(body: Mention, head: Mention) -> bool:
    # Headlines name places, actors and weapons loosely ("east Aleppo", "rebels", "raid") and round
    # figures ("dozens"): the same figure, or a vague or missing one, is the same event.
    b, h = body.columns, head.columns
    fb, fh = b.get("fatalities"), h.get("fatalities")
    if fh is not None and fh == fb:
        return True
    loose = fh is None or head.vague or (fb is None and b.get("injured") is None)
    same_place = _compatible(body, head, "admin1") or (
        b.get("location_text") and b.get("location_text") == h.get("location_text")
    )
    return bool(loose and (_same_type(body, head) or _figureless(head) or head.vague) and bool(same_place))


def dedupe_mentions(mentions: list[Mention]) -> list[Mention]:
    """Fold revised tolls, repeats, follow-up figures and totals-with-parts of one article's mentions."""
    if len(mentions) < 2:
        return list(mentions)  # (most articles) no other mention to fold one into: every rule is a no-op
    mentions = sorted(
        mentions,
        key=lambda m: (m.headline, m.columns.get("sentence_index", 0), m.columns.get("span_start") or 0),
    )
    _inherit_types(mentions)
    out: list[Mention] = []
    for m in mentions:
        if m.revises:
            target = next(
                (
                    r
                    for r in reversed(out)
                    if _same_type(r, m)
                    and _compatible(r, m, "admin1")
                    and r.columns.get("fatalities") is not None
                ),
                None,
            )
            if target is not None:
                for k in ("fatalities", "fatalities_low", "fatalities_high", "count_text"):
                    target.columns[k] = m.columns.get(k)
                target.notes.append("toll revised later in the article")
                continue
        if m.headline:
            matches = [r for r in out if _headline_match(r, m)]
            # a headline figure belongs with a body mention that has figures, if any
            twin = next(
                (r for r in matches if r.columns.get("fatalities") is not None),
                matches[0] if matches else None,
            )
            if twin is not None:
                if _headline_actor_wins(twin, m):
                    for k in _ACTOR1:
                        twin.columns[k] = m.columns.get(k)
                    twin.actor_sure = True
                _merge_into(twin, m, "also in the headline")
                twin.in_headline = True
                continue
        elif _follow_up(out, m) or _restated_toll(out, m):
            continue
        twin = next((r for r in out if _is_repeat(r, m)), None)
        if twin is not None:
            if twin.vague and not m.vague and m.columns.get("fatalities") is not None:
                out[out.index(twin)] = m
                _merge_into(m, twin, "a vague figure for the same event given precisely later")
            elif _filled(m) > _filled(twin) and not m.headline and not (m.vague and not twin.vague):
                # (a vague figure never displaces the precise one told before: "640 killed" then "hundreds")
                out[out.index(twin)] = m
                _merge_into(m, twin, "same event repeated in the article")
            else:
                _merge_into(twin, m, "same event repeated in the article")
            continue
        out.append(m)
    out = _fold_figureless(out)
    return _drop_totals(out)


def _follow_up(out: list[Mention], m: Mention) -> bool:
    """Injuries reported a sentence or two after the toll, with no weapon word of their own, belong to it."""
    if m.typed or m.columns.get("injured") is None or m.columns.get("fatalities") not in (None, 0):
        return False
    si = m.columns.get("sentence_index") or 0
    target = next(
        (r for r in reversed(out) if 0 < si - (r.columns.get("sentence_index") or 0) <= _INHERIT_WITHIN), None
    )
    if target is None or target.columns.get("injured") is not None:
        return False
    target.columns["injured"] = m.columns["injured"]
    target.notes.append("injured figure from a later sentence")
    return True


@lru_cache(maxsize=4)
def _further(lang: str) -> re.Pattern[str]:
    """Words that make a figure a further toll, not the same deaths again ("Three more civilians were
    killed"): ``further_toll_words`` of the lexicon."""
    words = lexicon(lang).get("further_toll_words") or []
    return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)" if words else "(?!)")


def _restated_toll(out: list[Mention], m: Mention) -> bool:
    """A later figure told for the event just reported, with no place of its own ("Opposition sites put the
    dead at more than 40", after "the blast killed 25 in X"): the same deaths by another count, not
    another event. The first figure, the article's own, stays."""
    c = m.columns
    if m.headline or m.part or m.revises or m.vague or c.get("fatalities") is None:
        return False
    if m.place_from in (None, PlaceFrom.SENTENCE):
        return False
    text, k = m.sentence.text, m.event.killed
    if k is not None:  # the figure's own words ("more than 40") say nothing of a further toll
        text = text[: k.quantity.start] + " " * (k.quantity.end - k.quantity.start) + text[k.quantity.end :]
    if _further(c.get("language") or "en").search(text):
        return False
    si = c.get("sentence_index") or 0
    target = next(
        (
            r
            for r in reversed(out)
            if not r.headline
            and not r.part
            and r.columns.get("fatalities") is not None
            and 0 < si - (r.columns.get("sentence_index") or 0) <= _RESTATED_WITHIN
            and _same_type(r, m)
            and _compatible(r, m, "admin1")
            and _same_time(r, m)
        ),
        None,
    )
    if target is None or target.columns.get("fatalities") == c.get("fatalities"):
        return False
    if _rounds(target, m):
        # "more than 200 killed", then "at least 213": the round bound told first is the later count rounded
        for key in ("fatalities", "fatalities_low", "fatalities_high", "count_text"):
            target.columns[key] = c.get(key)
        target.notes.append(f"the round figure told first is {c.get('fatalities')} told precisely later")
        return True
    target.notes.append(f"the same deaths told as {c.get('fatalities')} later in the article")
    if not target.columns.get("actor1") and c.get("actor1") and m.actor_sure:
        # "200 killed in a gas attack" then "activists accused X of an attack that killed 213": one event, X's
        # (a perpetrator found by more than the weakest rule: the later telling's group may be its dead)
        for col in _ACTOR1:
            target.columns[col] = c.get(col)
        target.notes.append("perpetrator from the later telling")
    return True


def _rounds(first: Mention, later: Mention) -> bool:
    """Is the first figure a round lower bound ("more than 200", "over 50") of the later, precise one
    ("at least 213")? Ten or more, a multiple of ten, below the later figure by less than a tenth of it."""
    k, n = first.event.killed, later.columns.get("fatalities")
    if k is None or k.quantity.qualifier not in ("more_than", "at_least") or not isinstance(n, int):
        return False
    v = k.quantity.value
    return v >= 10 and v % 10 == 0 and n % 10 != 0 and v < n < v * 1.1


def _fold_figureless(mentions: list[Mention]) -> list[Mention]:
    """A strike mentioned without figures next to the same strike with figures is one event."""
    keep: list[Mention] = []
    for r in mentions:
        if _figureless(r) and not r.zero:
            twin = next(
                (
                    o
                    for o in mentions
                    if o is not r and not _figureless(o) and _same_type(o, r) and _compatible(o, r, "admin1")
                ),
                None,
            )
            if twin is not None:
                t, c = twin.columns, r.columns
                if c.get("sub_event_type") in _BATTLES and c["sub_event_type"] != "Armed clash":
                    # ACLED: a battle that changes who holds the place is coded as the change of control
                    t["sub_event_type"], t["event_type"] = c["sub_event_type"], c.get("event_type")
                if (t.get("geo_precision") or 9) > (c.get("geo_precision") or 9) or (
                    twin.place_from is PlaceFrom.PREVIOUS
                ):
                    for k in PLACE_COLUMNS:
                        t[k] = c.get(k)
                _merge_into(twin, r, "same strike mentioned without figures")
                continue
        keep.append(r)
    return keep


def _inherit_types(mentions: list[Mention]) -> None:
    """A toll with no weapon word continues the strike just described ("Seven were killed in X")."""
    last: Mention | None = None
    for r in mentions:
        if r.typed:
            last = r
            continue
        if last is None:
            continue
        c, lc = r.columns, last.columns
        gap = (c.get("sentence_index") or 0) - (lc.get("sentence_index") or 0)
        sides = {c.get("actor1_side"), lc.get("actor1_side")} - {None, "unknown"}
        # In one sentence only list items continue the head figure; another toll there is another act.
        if (gap == 0 and r.part) or (0 < gap <= _INHERIT_WITHIN and len(sides) < 2):
            c["sub_event_type"] = lc["sub_event_type"]
            c["event_type"] = lc.get("event_type")
            r.notes.append("type from the attack described just before")


def _drop_totals(mentions: list[Mention]) -> list[Mention]:
    drop: set[int] = set()
    for i, total in enumerate(mentions):
        t = total.columns
        n = t.get("fatalities")
        if not n or (t.get("geo_precision") or 3) < 3 and t.get("location") not in (None, t.get("admin1")):
            continue
        si = t.get("sentence_index") or 0
        parts = [
            r
            for j, r in enumerate(mentions)
            if j != i
            and j not in drop
            and r.columns.get("fatalities")
            and r.columns.get("location")
            and 0 <= (r.columns.get("sentence_index") or 0) - si <= 2
            and (r.columns.get("span_start") or 0) >= (t.get("span_start") or 0)
        ]
        if len(parts) >= 2 and sum(int(p.columns["fatalities"]) for p in parts) == int(n):
            drop.add(i)
            for p in parts:
                p.notes.append(f"part of a total of {n} reported in the article")
    return [m for i, m in enumerate(mentions) if i not in drop]
