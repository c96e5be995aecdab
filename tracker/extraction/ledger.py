"""The casualty ledger: every killed figure of an article gets one role, so each death is counted once.

Reads the mentions of one article after the where and who stages (places and perpetrators known); sets
the role of each figure and writes :class:`Entry` lines that say why (``tracker extract --ledger``).

Roles:

- ``event``: the toll of one event;
- ``part``: a located part of another figure ("124 killed, including 27 in X": the 27), an event;
- ``total``: a figure made of its located parts and nothing else (the 124 above): an aggregate;
- ``remainder``: a located figure whose parts are also located ("46 in Hama, of which 30 in Latamna"):
  the event keeps what its parts leave (16);
- ``aggregate``: a period or nationwide toll;
- ``revision``: a toll that replaces an earlier one ("the toll rose to 11");
- ``restatement``: a figure that refers back to deaths an earlier figure counted ("killing 10 ... Of the
  10 killed, six were pilots"): the same deaths, no event of its own.

Restatements of one figure are folded later by :mod:`tracker.extraction.merge`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from tracker.extraction.events import PRECEDENCE, SentenceAnalyser, analyser
from tracker.extraction.mention import Mention, PlaceFrom
from tracker.resources import lexicon
from tracker.schema import SUB_EVENT_TYPES
from tracker.text.patterns import alternation

__all__ = ["LEDGER_COLUMNS", "Entry", "settle"]

#: The columns of the ledger ``tracker extract --ledger`` writes.
LEDGER_COLUMNS = ("article_id", "sentence_index", "words", "count", "role", "why")

#: The type of a located part whose words say neither how nor by whom (ACLED's residual type).
_UNTOLD = "Other"
_RANK = {t: i for i, t in enumerate(PRECEDENCE)}


@dataclass(frozen=True, slots=True)
class Entry:
    """One figure of the ledger: what it counts, its role, and why."""

    sentence_index: int
    words: str
    count: int | None
    role: str
    why: str

    def as_dict(self) -> dict[str, object]:
        return {
            "sentence_index": self.sentence_index,
            "words": self.words,
            "count": self.count,
            "role": self.role,
            "why": self.why,
        }


def _own_place(m: Mention) -> bool:
    """Does the figure name its place before its split ("52 killed in Homs province, including 18 in
    Bab Tadmur")? A place elsewhere in the sentence may be another figure's."""
    k, words = m.event.killed, m.columns.get("location_text")
    if k is None or k.by_place is None or not words or m.place_from not in (None, PlaceFrom.SENTENCE):
        return False
    return str(words).lower() in m.sentence.text[k.start : k.by_place[0]].lower()


def _period_phrase(an: SentenceAnalyser, text: str) -> bool:
    """Does the sentence name a period ("since March"), not only a scope ("across the country")?"""
    wide = [w.span() for w in an.nationwide_re.finditer(text)]
    return any(
        not any(s < p.end() and p.start() < e for s, e in wide) for p in an.aggregate_re.finditer(text)
    )


def _set_count(m: Mention, n: int) -> None:
    for k in ("fatalities", "fatalities_low", "fatalities_high"):
        m.columns[k] = n


#: How far a period phrase may stand from the figure it qualifies ("killed 649 civilians since 2014").
_PERIOD_REACH = 40
_GAP = re.compile(r"\s*(?:,\s*)?")  # what may stand between a figure and a period phrase after it
_LEAD = re.compile(r"[\W_]*")  # punctuation opening a clause


def _period_bound(an: SentenceAnalyser, m: Mention) -> bool:
    """Does a period phrase qualify the figure itself: right after it ("have killed 68 since Saturday")
    or opening its clause just before it ("Since Saturday at least 68 have been killed")? A day named
    elsewhere in the sentence ("a report published on Wednesday") does not make it one day's toll."""
    k = m.event.killed
    if k is None or k.update or m.headline:
        return False
    text = m.sentence.text
    after = _GAP.match(text, k.end)
    start = after.end() if after else k.end
    if an.aggregate_re.match(text, start, start + _PERIOD_REACH) or _year_after(an.lang).match(text, start):
        return True
    # before the figure only when the phrase opens the figure's clause: "Since Saturday, 68 were killed"
    cs = max([s for s, e in m.clauses if s <= k.start] + [0])
    lead = _LEAD.match(text, cs, k.start)
    opening = lead.end() if lead else cs
    found = an.aggregate_re.match(text, opening, k.start)
    return found is not None and k.start - found.end() <= _PERIOD_REACH


def _restates(m: Mention, earlier: Sequence[Mention], back: re.Pattern[str]) -> bool:
    """Does the figure refer back to one told before ("the 10 killed" after "killing 10")? A determiner
    right before a figure equal to an earlier one says so."""
    k = m.event.killed
    if k is None or k.update or m.headline:
        return False
    if k.among:
        # "among the dead were children": a breakdown of a figure told before, if there is one
        return any(e.event.killed is not None and not e.headline for e in earlier)
    if back.search(m.sentence.text, 0, k.quantity.start) is None:
        return False
    return any(
        e.event.killed is not None and e.event.killed.quantity.value == k.quantity.value and not e.headline
        for e in earlier
    )


#: How many later figures a headline or lead total may sum ("Eight killed in Aleppo and Homs": 6 and 2).
_MAX_PARTS = 4


def _sum_of_placed_parts(m: Mention, mentions: Sequence[Mention]) -> bool:
    """Is a headline or lead figure the sum of figures the body tells later, each in a governorate of its own
    ("Eight killed in rocket attacks on Aleppo and Homs" over "six were killed in Aleppo ... two in Homs")?
    Then it is their total (the guideline: the parts with their own places are the events). Parts in one
    governorate may be the districts one attack hit, and the figure that attack's toll."""
    k = m.event.killed
    if k is None or k.update or k.quantity.vague or not (m.headline or m.sentence.index == 0):
        return False
    later = [
        o
        for o in mentions
        if not o.headline
        and o.sentence.index > 0
        and o.event.killed is not None
        and not o.event.killed.quantity.vague
        and not o.event.killed.update
        and not o.aggregate
        and o.columns.get("admin1")
        and o.place_from in (None, PlaceFrom.SENTENCE)
    ]
    value = k.quantity.value
    if any(
        o.event.killed is not None and o.event.killed.quantity.value == value
        for o in mentions
        if not o.headline and o.sentence.index > 0
    ):
        return False  # the figure is told again in the body: the event itself, not a total
    for n in range(2, _MAX_PARTS + 1):
        for parts in combinations(later, n):
            places = {p.columns.get("admin1") for p in parts}
            if (
                len(places) == n
                and sum(p.event.killed.quantity.value for p in parts if p.event.killed) == value
            ):
                return True
    return False


@lru_cache(maxsize=4)
def _year_after(lang: str) -> re.Pattern[str]:
    """A year right after a figure ("66 journalists killed in 2014"): that year's toll."""
    found = [p.replace("{year}", r"(?:19|20)\d\d") for p in lexicon(lang).get("year_toll_patterns") or []]
    return re.compile(rf"(?:{'|'.join(found)})(?!\w)" if found else "(?!)")


@lru_cache(maxsize=4)
def _back_reference(lang: str) -> re.Pattern[str]:
    words = lexicon(lang).get("restating_determiners") or []
    return re.compile(rf"(?<!\w)(?:{alternation(words) if words else '(?!)'})\s+$")


def settle(mentions: Sequence[Mention], lang: str) -> list[Entry]:
    """Give each killed figure of an article its role (setting ``aggregate`` and the counts of the
    mentions) and return the ledger."""
    if not mentions:
        return []
    an = analyser(lang)
    by_cas = {id(m.event.killed): m for m in mentions if m.event.killed is not None}
    children: dict[int, list[Mention]] = {}
    for m in mentions:
        k = m.event.killed
        if k is not None and k.split and k.head is not None and id(k.head) in by_cas:
            children.setdefault(id(k.head), []).append(m)
    entries: list[Entry] = []
    back = _back_reference(lang)
    for i, m in enumerate(mentions):
        k = m.event.killed
        c = m.columns
        role, why = "event", "the toll of one event"
        if k is None:
            role, why = ("event", "an event with no killed figure")
        elif k.update:
            role, why = "revision", "a revised toll: replaces the figure it revises"
        elif _sum_of_placed_parts(m, mentions):
            m.aggregate = True
            entries.append(_entry(m, "total", "the headline or lead sums figures told later with places"))
            continue
        elif _restates(m, mentions[:i], back):
            m.restates = True
            why = (
                "victims among deaths told before"
                if k.among
                else "refers back to the same figure told before"
            )
            entries.append(_entry(m, "restatement", why))
            continue
        parts = children.get(id(k)) if k is not None else None
        if k is not None and parts:
            rest = k.quantity.value - sum(p.event.killed.quantity.value for p in parts if p.event.killed)
            located = k.split or _own_place(m)
            if located and rest > 0:
                _set_count(m, rest)
                role, why = "remainder", f"{k.quantity.value} less its located parts"
                m.notes.append(f"the rest of {k.quantity.value} after its located parts")
                # how the rest died is told only by the words before its parts
                first = min(p.event.killed.start for p in parts if p.event.killed)
                if not m.headline and not an.triggers(m.sentence.text[max(k.start - 40, 0) : first]):
                    c["sub_event_type"], c["event_type"] = _UNTOLD, SUB_EVENT_TYPES[_UNTOLD]
                k.by_place = None  # settled here: the split is counted by its parts (no summary to set aside)
            else:
                m.aggregate = True
                role, why = "total", "the sum of its located parts, each an event"
        elif k is not None and k.split:
            role, why = "part", "a located part of a larger toll"
            if m.aggregate and not _period_phrase(an, m.sentence.text):
                # a nationwide tally's located part is an event (the guideline); a period's is not
                m.aggregate = False
            own = an.triggers(m.sentence.text[k.start : k.end]) if not m.headline else []
            if own:
                # "including 21 summarily executed in X": the part's own words say how
                best = min(own, key=lambda t: _RANK.get(t.sub_event_type, 99))
                c["sub_event_type"] = best.sub_event_type
                c["event_type"] = SUB_EVENT_TYPES.get(best.sub_event_type)
            elif not m.typed and not c.get("actor1"):
                c["sub_event_type"], c["event_type"] = _UNTOLD, SUB_EVENT_TYPES[_UNTOLD]
                m.notes.append("part of a larger toll: how they died is not told")
        if k is not None and not m.aggregate and role == "event" and _period_bound(an, m):
            m.aggregate = True
            why = "a period toll: the period phrase qualifies the figure itself"
        if m.aggregate and role in ("event", "part"):
            role, why = "aggregate", "a period or nationwide toll"
        if k is not None or role != "event" or c.get("fatalities") is not None:
            entries.append(_entry(m, role, why))
    return entries


def _entry(m: Mention, role: str, why: str) -> Entry:
    c = m.columns
    return Entry(
        c.get("sentence_index") or 0,
        c.get("count_text") or c.get("trigger_text") or "",
        c.get("fatalities"),
        role,
        why,
    )
