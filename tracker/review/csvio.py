"""Decisions to and from CSV (a team reviews in a spreadsheet), and reviewed events as a gold file.

:func:`export_decisions` writes every decision of a store with the columns of its ``reviews`` table;
:func:`import_decisions` records the rows of such a file (only ``event_id``, ``field`` and
``reviewed_value`` are required; ``reviewer`` and ``comment`` are used when present) in one
transaction: one refused row refuses the file, naming the line. :func:`gold_items` writes the reviewed
events of each fully reviewed article in the dev-items gold format (one JSON object per article).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import duckdb
import pandas as pd

from tracker.export import restore_formula, to_csv_bytes
from tracker.review.fields import ReviewError
from tracker.review.overlay import apply_reviews, decide, decisions
from tracker.store.tables import REVIEW_COLUMNS

__all__ = ["export_decisions", "import_decisions", "gold_items"]

_REQUIRED = ("event_id", "field", "reviewed_value")


def export_decisions(con: duckdb.DuckDBPyConnection) -> str:
    """Every decision as CSV text (the ``reviews`` table's columns), formula cells neutralised as in
    every CSV the project writes (:func:`import_decisions` reads them back as they were)."""
    return to_csv_bytes(decisions(con)[list(REVIEW_COLUMNS)]).decode("utf-8")


def import_decisions(con: duckdb.DuckDBPyConnection, text: str, *, reviewer: str | None = None) -> int:
    """Record the decisions of a CSV text; returns how many. ``reviewer`` fills rows without one.
    Raises :class:`ReviewError` (nothing recorded) on the first refused row."""
    rows = [
        {k: restore_formula(v) if isinstance(v, str) else v for k, v in row.items()}
        for row in csv.DictReader(io.StringIO(text))
    ]
    if rows and any(c not in rows[0] for c in _REQUIRED):
        raise ReviewError(f"a decisions file needs the columns {', '.join(_REQUIRED)}")
    con.begin()
    try:
        for line, row in enumerate(rows, start=2):
            try:
                decide(
                    con,
                    row["event_id"],
                    row["field"],
                    row["reviewed_value"],
                    reviewer=(row.get("reviewer") or reviewer or ""),
                    comment=row.get("comment") or None,
                    add_actor=(row.get("add_actor") or "").lower() == "true",
                )
            except ReviewError as exc:
                raise ReviewError(f"line {line}: {exc}") from None
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return len(rows)


def _number(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _text(value: Any) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


#: Gold event field -> (event column, conversion); ``killed_vague`` and ``event_date`` are set apart.
_GOLD_FIELDS: dict[str, tuple[str, Any]] = {
    **{name: (column, _number) for name, column in (("killed", "fatalities"), ("injured", "injured"))},
    **{name: (name, _number) for name in ("children_killed", "women_killed", "civilians_killed")},
    "location_en": ("location", _text),
    **{name: (name, _text) for name in ("location", "admin1", "country", "actor1", "actor2")},
    **{name: (name, _text) for name in ("sub_event_type", "date_text")},
}


def gold_items(store: Any) -> Iterator[dict[str, Any]]:
    """One gold item per article all of whose mentions were reviewed: its confirmed or corrected
    events (with the reviewed values), and the mentions rejected as aggregates under ``aggregates``."""
    mentions = apply_reviews(store.mentions(), store.con, level="mention", keep_rejected=True)
    if mentions.empty:
        return
    for article_id, rows in mentions.groupby("article_id", sort=True):
        if not rows["reviewed"].fillna(False).astype(bool).all():
            continue
        events, aggregates = [], []
        for r in rows.sort_values(["sentence_index", "span_start"], na_position="first").to_dict("records"):
            if r["review"] in ("not_event", "duplicate"):
                continue
            if r["review"] == "aggregate":
                aggregates.append({"killed": _number(r["fatalities"]), "text": _text(r["evidence"])})
                continue
            date = r["event_date"]
            event: dict[str, Any] = {
                name: convert(r[column]) for name, (column, convert) in _GOLD_FIELDS.items()
            }
            event["killed_vague"] = False
            event["event_date"] = None if pd.isna(date) else pd.Timestamp(date).date().isoformat()
            events.append(event)
        yield {
            "id": str(article_id),
            "events": events,
            "aggregates": aggregates,
            "notes": "reviewed in tracker",
        }
