"""Scores extracted events against the demo gold file (tests/data/demo_gold.yaml).

Reads the packaged demo corpus (``tracker/resources/demo/articles.jsonl``) and the gold file; writes
nothing. Used by ``tests/test_demo_gold.py`` and ``scripts/eval_demo.py`` so both count the same way.

A predicted event matches a gold event when they come from the same article, their sub-event types are
in the same family (see ``FAMILIES``: e.g. a car bomb coded "Suicide bomb" or "Remote explosive" is one
family), their fatalities are equal (missing and 0 count as equal: ACLED codes 0 when no figure is
given) and their governorates (``admin1``) are equal (both missing counts as equal: outside Syria, or a
report that names no governorate). Each event matches at most one event on the other side.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

GOLD_PATH = Path(__file__).resolve().parent / "data" / "demo_gold.yaml"

#: Sub-event types that a reasonable extractor may legitimately swap are one family.
FAMILIES: dict[str, str] = {
    "Air/drone strike": "air",
    "Shelling/artillery/missile attack": "shelling",
    "Armed clash": "battle",
    "Government regains territory": "battle",
    "Non-state actor overtakes territory": "battle",
    "Remote explosive/landmine/IED": "bomb",
    "Suicide bomb": "bomb",
    "Grenade": "bomb",
    "Chemical weapon": "chemical",
    "Attack": "civilians",
    "Abduction/forced disappearance": "civilians",
    "Sexual violence": "civilians",
    "Agreement": "strategic",
    "Other": "strategic",
}

#: Fields compared on matched pairs for the per-field accuracy table.
FIELDS: tuple[str, ...] = (
    "sub_event_type",
    "fatalities",
    "injured",
    "admin1",
    "location",
    "actor1",
    "actor1_side",
    "event_date",
    "violation",
)


def load_gold(path: Path = GOLD_PATH) -> list[dict[str, Any]]:
    """The gold items, one per article, in file order."""
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)  # type: ignore[no-any-return]


def load_corpus() -> list[dict[str, Any]]:
    """The packaged demo articles as plain dicts (keys id, lang, published, source, url, title, text)."""
    from tracker import resources

    text = resources.read_text("demo", "articles.jsonl")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def to_articles(records: Iterable[Mapping[str, Any]]) -> list[Any]:
    """Demo records as :class:`tracker.document.Article` objects."""
    from tracker.document import Article

    return [
        Article(
            id=r["id"],
            text=r["text"],
            published=date.fromisoformat(r["published"]),
            lang=r["lang"],
            source=r["source"],
            url=r["url"],
            title=r["title"],
        )
        for r in records
    ]


def _clean(value: Any) -> Any:
    """A plain Python value: pandas NA/NaT/NaN become None, timestamps ISO dates, 3.0 becomes 3."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # list-like values: not a missing scalar
        pass
    if isinstance(value, datetime):  # pandas.Timestamp too
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def same_count(a: Any, b: Any) -> bool:
    """Counts agree; missing and 0 are the same (no figure given)."""
    a, b = _clean(a) or 0, _clean(b) or 0
    return int(a) == int(b)


def family(sub_event_type: Any) -> str | None:
    """The family of an ACLED sub-event type (None when unknown)."""
    return FAMILIES.get(_clean(sub_event_type) or "")


def is_match(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Whether a predicted row matches a gold event of the same article (see the module docstring)."""
    g_family = family(gold.get("sub_event_type"))
    return (
        g_family is not None
        and g_family == family(pred.get("sub_event_type"))
        and same_count(gold.get("fatalities"), pred.get("fatalities"))
        and _clean(gold.get("admin1")) == _clean(pred.get("admin1"))
    )


def _fold_place(name: Any) -> str:
    text = re.sub(r"[^a-z0-9]+", "", str(_clean(name) or "").lower())
    return re.sub(r"^(al|el|ar|as|ad|ash|an|az|ad)(?=[a-z]{3})", "", text)


def field_agrees(name: str, gold: Any, pred: Any) -> bool:
    """Whether one field of a matched pair agrees (counts: missing == 0; places: spelling folded)."""
    if name in ("fatalities", "injured"):
        return same_count(gold, pred)
    if name == "location":
        return _fold_place(gold) == _fold_place(pred)
    return _clean(gold) == _clean(pred)


def pair_events(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of gold to predicted events of one article, as index pairs.

    Among matchings of the same size, pairs that agree on more fields are tried first.
    """
    options: dict[int, list[int]] = {}
    for gi, g in enumerate(gold):
        cands = [pi for pi, p in enumerate(pred) if is_match(g, p)]
        cands.sort(key=lambda pi: -sum(field_agrees(f, g.get(f), pred[pi].get(f)) for f in FIELDS))
        options[gi] = cands
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in options[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in options:
        augment(gi, set())
    return sorted((gi, pi) for pi, gi in owner.items())


@dataclass(slots=True)
class Score:
    """Event precision/recall over the corpus, per-field accuracy on matched pairs, and the misses."""

    n_gold: int = 0
    n_pred: int = 0
    n_matched: int = 0
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    missed: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (article_id, gold event)
    extra: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (article_id, predicted row)
    n_gold_aggregates: int = 0
    n_found_aggregates: int = 0

    @property
    def precision(self) -> float:
        return self.n_matched / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.n_matched / self.n_gold if self.n_gold else 1.0

    def field_accuracy(self) -> dict[str, float]:
        return {f: (h / self.n_matched if self.n_matched else 0.0) for f, h in self.field_hits.items()}

    def summary(self, *, misses: int = 10) -> str:
        """A short plain-text report (figures, then the first misses and extras)."""
        lines = [
            f"events: gold {self.n_gold}, extracted {self.n_pred}, matched {self.n_matched}",
            f"precision {self.precision:.3f}  recall {self.recall:.3f}",
        ]
        if self.n_gold_aggregates:
            lines.append(f"aggregates found: {self.n_found_aggregates}/{self.n_gold_aggregates}")
        lines += [f"  {f:<15} {acc:.3f}" for f, acc in self.field_accuracy().items()]
        for label, items in (("missed", self.missed), ("extra", self.extra)):
            for aid, ev in items[:misses]:
                short = {k: _clean(ev.get(k)) for k in ("sub_event_type", "fatalities", "admin1", "location")}
                lines.append(f"{label} {aid}: {short}")
        return "\n".join(lines)


def _rows_by_article(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(str(r.get("article_id")), []).append(dict(r))
    return out


def score(
    gold: Sequence[Mapping[str, Any]],
    events: Iterable[Mapping[str, Any]],
    *,
    aggregates: Iterable[Mapping[str, Any]] | None = None,
) -> Score:
    """Score predicted event rows (dicts with schema columns, incl. ``article_id``) against the gold items.

    Predicted rows of articles that are not in the gold file are ignored. ``aggregates`` (rows with
    ``article_id``, ``count``, ``kind``), when given, are checked for the gold aggregate tolls.
    """
    pred = _rows_by_article(events)
    found_aggs = _rows_by_article(aggregates or [])
    result = Score()
    for item in gold:
        aid = item["article_id"]
        g_events = item.get("events") or []
        p_events = pred.get(aid, [])
        pairs = pair_events(g_events, p_events)
        result.n_gold += len(g_events)
        result.n_pred += len(p_events)
        result.n_matched += len(pairs)
        for gi, pi in pairs:
            for f in FIELDS:
                result.field_hits[f] += field_agrees(f, g_events[gi].get(f), p_events[pi].get(f))
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        result.missed += [(aid, dict(g)) for gi, g in enumerate(g_events) if gi not in matched_g]
        result.extra += [(aid, p) for pi, p in enumerate(p_events) if pi not in matched_p]
        for agg in item.get("aggregates") or []:
            result.n_gold_aggregates += 1
            result.n_found_aggregates += any(
                same_count(agg["count"], a.get("count")) and (a.get("kind") or "killed") == agg["kind"]
                for a in found_aggs.get(aid, [])
            )
    return result
