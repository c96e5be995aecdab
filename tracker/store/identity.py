"""Stable incident ids: which stored incident a recomputed one continues, and what changed.

Reads the mention ids of the incidents a recompute made (:func:`tracker.store.incidents.merge_mentions`)
and of the stored incidents they replace; writes the id each new incident gets and the change-log rows
(``incident_changes``, see :data:`tracker.store.tables.INCIDENT_CHANGE_COLUMNS`). The writer
(:class:`tracker.store.writer.RunWriter`) does the reading and writing; the decisions are here.

- **Kept**: a recomputed incident keeps the id of the stored incident whose mentions it shares most.
  Pairs are taken most-shared first, so each stored id goes to at most one incident. A later report
  joining an incident, a recompute of its day, or a newer extractor that finds the same mentions
  (mention ids hash the article, the sentence and the span) leave the id as it was.
- **Merged**: an incident that takes mentions from two stored ones keeps the id of the one it shares
  most with; the other id is gone (``merged_away``, pointing at the survivor; ``merged`` on the survivor).
- **Split**: a stored incident whose mentions now form two incidents: the larger share keeps the id
  (``split``, naming the other parts); the other parts get new ids (``created``, naming the old one).
- **New**: an incident that shares no mention with an unclaimed stored one gets
  ``stable_id("incident", m)`` for its smallest mention id ``m`` (the id the first layout gave, so a
  store rebuilt from the same articles gets the same ids), or for the next mention id when that id was
  ever used: an id that disappeared is never given to another incident.
- **Deleted**: a stored incident none of whose mentions is left.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from tracker.schema import stable_id

__all__ = ["Change", "match", "fresh_ids", "changes"]


@dataclass(frozen=True, slots=True)
class Change:
    """One row of the change log: what happened to ``incident_id``, and the other ids involved."""

    incident_id: str
    change: str  # created / updated / merged / merged_away / split / deleted
    other_ids: tuple[str, ...] = ()


def match(
    new: Sequence[Collection[str]], old: Mapping[str, Collection[str]], *, pending: Collection[str] = ()
) -> list[str | None]:
    """For each new incident (its mention ids), the stored id it keeps, or None for a new id.

    ``old``: the stored incidents that may be continued (id -> mention ids). ``pending``: those whose
    own day is recomputed later in the run; one of them is taken now only by an incident holding more
    than half its mentions (no later incident can then share more).

    >>> match([{"a", "b"}, {"c"}], {"X": {"a"}, "Y": {"b", "c"}})
    ['X', 'Y']
    >>> match([{"a", "b", "c"}], {"X": {"a"}, "Y": {"b", "c"}})
    ['Y']
    """
    holder = {m: old_id for old_id, mentions in old.items() for m in mentions}
    pairs: list[tuple[int, str, str, int]] = []
    for i, mentions in enumerate(new):
        shares = Counter(holder[m] for m in mentions if m in holder)
        for old_id, shared in shares.items():
            if old_id in pending and 2 * shared <= len(old[old_id]):
                continue
            # Ties: the old incident that keeps the larger share of itself, then the smaller ids, so
            # the result does not depend on the order of the inputs.
            pairs.append((shared, old_id, min(mentions), i))
    pairs.sort(key=lambda p: (-p[0], -p[0] / max(1, len(old[p[1]])), p[1], p[2]))
    kept: list[str | None] = [None] * len(new)
    taken: set[str] = set()
    for _, old_id, _, i in pairs:
        if kept[i] is None and old_id not in taken:
            kept[i] = old_id
            taken.add(old_id)
    return kept


def fresh_ids(new: Sequence[Collection[str]], used: Callable[[Collection[str]], set[str]]) -> list[str]:
    """New ids for incidents (their mention ids) that continue no stored one.

    ``used`` answers which of some ids are, or ever were, incident ids. The id hashes the smallest
    mention id whose hash is free, so it does not depend on the order the mentions were merged in.

    >>> first = fresh_ids([{"m2", "m1"}], lambda ids: set())
    >>> first == [stable_id("incident", "m1")]
    True
    >>> fresh_ids([{"m2", "m1"}], lambda ids: set(first)) == [stable_id("incident", "m2")]
    True
    """
    candidates = [[stable_id("incident", m) for m in sorted(ms)] for ms in new]
    taken = used({c for cs in candidates for c in cs})
    out: list[str] = []
    for mentions, choices in zip(new, candidates, strict=True):
        pick = next((c for c in choices if c not in taken), None)
        salt = 0
        while pick is None:
            # Every mention's hash was used: hash the whole set with a counter until one is free.
            salt += 1
            guess = stable_id("incident", *sorted(mentions), salt)
            pick = None if guess in taken or used({guess}) else guess
        taken.add(pick)
        out.append(pick)
    return out


def changes(
    old: Sequence[tuple[str, bool, bool, Sequence[str]]],
    new: Sequence[tuple[str, bool, Sequence[str]]],
) -> list[Change]:
    """The change log of one run.

    ``old``: per replaced stored incident, (id, whether a new incident kept its id, whether its row
    changed, the other current incidents now holding its mentions). ``new``: per incident the run
    stored, (id, whether it kept a stored id, the other stored incidents its mentions came from).
    Unchanged incidents log nothing.

    >>> [(c.incident_id, c.change, c.other_ids) for c in changes(
    ...     [("X", True, True, []), ("Y", False, True, ["X"])], [("X", True, ["Y"]), ("Z", False, [])])]
    [('X', 'merged', ('Y',)), ('Z', 'created', ()), ('Y', 'merged_away', ('X',))]
    """
    out: list[Change] = []
    merged: set[str] = set()
    for incident_id, kept, sources in new:
        others = tuple(sorted(sources))
        if not kept:
            out.append(Change(incident_id, "created", others))
        elif others:
            out.append(Change(incident_id, "merged", others))
            merged.add(incident_id)
    for incident_id, claimed, changed, holders in old:
        others = tuple(sorted(holders))
        if not claimed:
            out.append(Change(incident_id, "merged_away" if others else "deleted", others))
        elif others:
            out.append(Change(incident_id, "split", others))
        elif changed and incident_id not in merged:
            out.append(Change(incident_id, "updated"))
    return out
