"""Analysts' decisions as an overlay over the store: recorded, tied to today's mentions, applied.

Reads and writes the store's ``reviews`` table (one row per decision; the machine's ``mentions`` and
``incidents`` are never changed). A decision is tied to a mention by its *mention key*: the article, the
evidence sentence (whitespace folded) and the mention's place among that sentence's mentions. Row ids
change when an upgraded extractor reads an article again (the id hashes the toll and the type); the
key does not, so a correction survives re-ingestion and re-extraction. A decision whose mention is gone
is listed by :func:`orphans`, never dropped.

:func:`apply_reviews` returns incidents or mentions with the reviewed values in the event columns, and
three more columns: ``reviewed`` (any decision applies), ``review`` (``confirmed``, a rejection, or
``corrected``) and ``machine_values`` (JSON of the machine's values of the corrected columns).
Rejected events are left out unless asked for. When decisions on the same field disagree, the latest wins.

>>> from tracker.store import Store
>>> with Store(":memory:") as store:
...     len(reviewed_incidents(store))
0
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb
import pandas as pd

from tracker.review.fields import REJECTIONS, ReviewError, columns_for, validate
from tracker.schema import stable_id
from tracker.store.tables import REVIEW_COLUMNS

__all__ = [
    "Decision",
    "mention_keys",
    "decide",
    "decisions",
    "resolved",
    "orphans",
    "moved",
    "last_reviewed",
    "rejected",
    "apply_reviews",
    "reviewed_incidents",
    "reviewed_mentions",
    "keep_reviewed_judgement",
    "queue",
]

#: The columns added to reviewed frames.
REVIEW_OUTPUT_COLUMNS = ("reviewed", "review", "machine_values")


@dataclass(frozen=True)
class Decision:
    """One recorded decision (a row of ``reviews``)."""

    decision_id: str
    target: str
    event_id: str
    incident_id: str | None
    field: str
    machine_value: str | None
    reviewed_value: str
    reviewer: str


def _fold(text: Any) -> str:
    return " ".join(str(text or "").split())


def mention_keys(mentions: pd.DataFrame) -> pd.Series:
    """The mention key of each row of a frame with ``event_id``, ``article_id``, ``evidence`` and
    ``span_start``: stable across re-extraction of the same article (index: the frame's)."""
    if mentions.empty:
        return pd.Series([], dtype=object, index=mentions.index)
    frame = pd.DataFrame(
        {
            "article_id": mentions["article_id"].astype(object).fillna(""),
            "evidence": [_fold(e) for e in mentions["evidence"]],
            "span": pd.to_numeric(mentions["span_start"], errors="coerce").fillna(-1),
            "event_id": mentions["event_id"].astype(str),
        },
        index=mentions.index,
    )
    order = frame.sort_values(["article_id", "evidence", "span", "event_id"])
    ordinal = order.groupby(["article_id", "evidence"], sort=False).cumcount()
    frame["ordinal"] = ordinal.reindex(frame.index)
    return pd.Series(
        [
            stable_id("mention", a, e, o)
            for a, e, o in zip(frame["article_id"], frame["evidence"], frame["ordinal"], strict=True)
        ],
        index=frame.index,
        dtype=object,
    )


def _mentions_of(con: duckdb.DuckDBPyConnection, where: str, params: Sequence[Any]) -> pd.DataFrame:
    return con.execute(
        "SELECT event_id, article_id, evidence, span_start, incident_id FROM mentions WHERE article_id IN "
        f"(SELECT article_id FROM mentions WHERE {where})",
        list(params),
    ).df()


def _plain(value: Any) -> str | None:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def decide(
    con: duckdb.DuckDBPyConnection,
    event_id: str,
    field: str,
    value: Any,
    *,
    reviewer: str,
    comment: str | None = None,
    add_actor: bool = False,
    decided: datetime | None = None,
) -> Decision:
    """Record one decision on an incident or a mention (by id) and return it.

    An incident's decision is tied to its first mention. Raises :class:`ReviewError` for an unknown
    id, a missing reviewer or a refused value (see :func:`tracker.review.fields.validate`).
    """
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise ReviewError("a decision needs a reviewer name")
    reviewed_value = validate(field, value, add_actor=add_actor)
    target = "mention"
    row = con.execute("SELECT * FROM mentions WHERE event_id = ?", [event_id]).df()
    machine = row
    if row.empty:
        machine = con.execute("SELECT * FROM incidents WHERE event_id = ?", [event_id]).df()
        if machine.empty:
            raise ReviewError(f"no incident or mention with id {event_id!r}")
        target = "incident"
        first_mention = sorted(machine.iloc[0]["mention_ids"])[0]
        row = con.execute("SELECT * FROM mentions WHERE event_id = ?", [first_mention]).df()
        if row.empty:
            raise ReviewError(f"incident {event_id!r} has no mention in the store")
    mention = row.iloc[0]
    siblings = _mentions_of(con, "event_id = ?", [mention["event_id"]])
    keys = mention_keys(siblings)
    key = keys[siblings["event_id"] == mention["event_id"]].iloc[0]
    machine_value = None
    if field != "review" and field in machine.columns:
        machine_value = _plain(machine.iloc[0][field])
    decision = Decision(
        decision_id=uuid.uuid4().hex[:16],
        target=target,
        event_id=str(machine.iloc[0]["event_id"]),
        incident_id=_plain(mention.get("incident_id")),
        field=field,
        machine_value=machine_value,
        reviewed_value=reviewed_value,
        reviewer=reviewer,
    )
    con.execute(
        f"INSERT INTO reviews ({', '.join(REVIEW_COLUMNS)}) VALUES ({', '.join('?' * len(REVIEW_COLUMNS))})",
        [
            decision.decision_id,
            target,
            decision.event_id,
            decision.incident_id,
            mention["article_id"],
            key,
            _fold(mention["evidence"]),
            field,
            machine_value,
            reviewed_value,
            reviewer,
            decided or datetime.now(UTC).replace(tzinfo=None),  # UTC, as incidents' changed_at
            comment or None,
        ],
    )
    return decision


def decisions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every recorded decision, oldest first (decisions made at the same instant in the order recorded)."""
    return con.execute("SELECT * FROM reviews ORDER BY decided, rowid").df()


def resolved(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every decision with ``mention_id`` and ``current_incident``: the mention and incident it applies
    to in the store as it is now (both empty for a decision whose mention disappeared)."""
    table = decisions(con)
    if table.empty:
        return table.assign(mention_id=pd.Series(dtype=object), current_incident=pd.Series(dtype=object))
    mentions = _mentions_of(con, "article_id IN (SELECT article_id FROM reviews)", [])
    mentions["mention_key"] = mention_keys(mentions)
    by_key = dict(zip(mentions["mention_key"], mentions["event_id"], strict=True))
    # A decision on a mention whose id is unchanged keeps it; otherwise the key finds it again.
    ids = set(mentions["event_id"])
    incident_of = dict(zip(mentions["event_id"], mentions["incident_id"], strict=True))
    first_key = []
    for target, event_id, key in zip(table["target"], table["event_id"], table["mention_key"], strict=True):
        if target == "mention" and event_id in ids:
            first_key.append(event_id)
        else:
            first_key.append(by_key.get(key))
    table["mention_id"] = first_key
    table["current_incident"] = [incident_of.get(m) if m else None for m in first_key]
    return table


def orphans(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Decisions whose mention is no longer in the store (its article changed or was dropped)."""
    table = resolved(con)
    return (
        table[table["mention_id"].isna()]
        .drop(columns=["mention_id", "current_incident"])
        .reset_index(drop=True)
    )


def moved(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Decisions whose mention now belongs to another incident than when decided (the incident was
    merged into another, or split): every decision column, ``incident_id`` being the one decided on,
    and ``current_incident``. The decision follows its mention, so it applies to the current one."""
    table = resolved(con)
    keep = table["current_incident"].notna() & table["incident_id"].notna()
    keep &= table["current_incident"].astype(str) != table["incident_id"].astype(str)
    return table[keep].drop(columns=["mention_id"]).reset_index(drop=True)


def last_reviewed(con: duckdb.DuckDBPyConnection) -> dict[str, pd.Timestamp]:
    """Incident id -> the time of its latest decision, for the incidents analysts reviewed: a decision
    changes an exported row as much as a recompute, so it counts in the row's last-changed time."""
    table = resolved(con)
    table = table[table["current_incident"].notna()]
    if table.empty:
        return {}
    latest = pd.to_datetime(table["decided"]).groupby(table["current_incident"].astype(str)).max()
    return {str(k): pd.Timestamp(v) for k, v in latest.items()}


def rejected(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Incidents whose latest ``review`` decision rejects them (exports leave them out): ``event_id``,
    ``reviewed_value`` (the rejection) and ``decided``."""
    table = resolved(con)
    table = table[(table["field"] == "review") & table["current_incident"].notna()]
    latest = table.sort_values("decided", kind="stable").groupby("current_incident").tail(1)
    latest = latest[latest["reviewed_value"].isin(REJECTIONS)]
    return pd.DataFrame(
        {
            "event_id": latest["current_incident"].astype(str),
            "reviewed_value": latest["reviewed_value"],
            "decided": pd.to_datetime(latest["decided"]),
        }
    ).reset_index(drop=True)


def _overrides(table: pd.DataFrame, on: str) -> dict[str, dict[str, str]]:
    """Row id -> field -> the latest reviewed value, for the decisions that found their row."""
    out: dict[str, dict[str, str]] = {}
    for row_id, field, value in zip(table[on], table["field"], table["reviewed_value"], strict=True):
        if row_id is None or pd.isna(row_id):
            continue
        out.setdefault(str(row_id), {})[field] = value  # oldest first: the latest wins
    return out


def apply_reviews(
    frame: pd.DataFrame,
    con: duckdb.DuckDBPyConnection,
    *,
    level: str = "incident",
    keep_rejected: bool = False,
) -> pd.DataFrame:
    """``frame`` (incidents, or mentions with ``level="mention"``) with the reviews applied (see the
    module docstring); rejected events are dropped unless ``keep_rejected``."""
    out = frame.copy()
    out["reviewed"] = pd.array([False] * len(out), dtype="boolean")
    out["review"] = pd.Series([None] * len(out), index=out.index, dtype=object)
    out["machine_values"] = pd.Series([None] * len(out), index=out.index, dtype=object)
    table = resolved(con)
    if table.empty or out.empty:
        return out
    overrides = _overrides(table, "mention_id" if level == "mention" else "current_incident")
    # Only the reviewed rows are touched: a store of a million incidents with a few hundred decisions
    # costs a few hundred row copies.
    touched = out.index[out["event_id"].astype(str).isin(overrides)]
    if len(touched) == 0:
        return out
    rows = out.loc[touched].to_dict("records")
    written = {"reviewed", "review", "machine_values"}
    for row in rows:
        fields = overrides[str(row["event_id"])]
        machine: dict[str, Any] = {}
        corrected = False
        for field, value in fields.items():
            for column, new in columns_for(field, value).items():
                if column not in row:
                    continue
                machine.setdefault(column, _plain(row[column]))
                row[column] = new
                written.add(column)
                corrected = True
        status = fields.get("review")
        row["reviewed"] = True
        row["review"] = status if status in REJECTIONS else "corrected" if corrected else status
        row["machine_values"] = json.dumps(machine, ensure_ascii=False, sort_keys=True) if machine else None
    changed = pd.DataFrame(rows, index=touched)
    result = out
    for column in sorted(written):
        dtype = result[column].dtype
        values = result[column].astype(object)
        values.loc[touched] = changed[column]
        try:  # keep the input's dtype
            result[column] = values.astype(dtype)
        except (TypeError, ValueError):
            result[column] = values
    if not keep_rejected:
        result = result[~result["review"].isin(REJECTIONS)]
    return result.reset_index(drop=True)


def _filter_ids(frame: pd.DataFrame, filters: Mapping[str, Any]) -> pd.DataFrame:
    """Rows of a reviewed frame that pass the store's filters (applied to the reviewed values)."""
    from tracker.store import Store

    where, params = Store._filters(**filters)
    if not where or frame.empty:
        return frame
    cols = ["event_id", "event_date", "admin1", "admin1_pcode", "actor1", "actor2"]
    cols += ["actor1_side", "actor2_side", "violation"]
    view = frame[cols].astype(object).where(frame[cols].notna(), None)
    view["event_date"] = pd.to_datetime(frame["event_date"])
    view["violation"] = frame["violation"].astype("boolean")
    con = duckdb.connect()
    con.register("frame", view)
    sql = "SELECT event_id FROM frame WHERE " + " AND ".join(where)
    keep = {r[0] for r in con.execute(sql, params).fetchall()}
    con.close()
    return frame[frame["event_id"].isin(keep)].reset_index(drop=True)


def reviewed_incidents(store: Any, *, keep_rejected: bool = False, **filters: Any) -> pd.DataFrame:
    """:meth:`Store.incidents` with the reviews applied; the filters see the reviewed values."""
    frame = apply_reviews(store.incidents(), store.con, keep_rejected=keep_rejected)
    return _filter_ids(frame, filters)


def reviewed_mentions(store: Any, *, keep_rejected: bool = False, **filters: Any) -> pd.DataFrame:
    """:meth:`Store.mentions` with the reviews applied (``incident_id``/``article_id`` filter first)."""
    first = {k: filters.pop(k) for k in ("incident_id", "article_id") if k in filters}
    frame = apply_reviews(store.mentions(**first), store.con, level="mention", keep_rejected=keep_rejected)
    return _filter_ids(frame, filters)


def keep_reviewed_judgement(judged: pd.DataFrame, reviewed: pd.DataFrame) -> pd.DataFrame:
    """``judged`` (events judged again against a ceasefire registry) with the analysts' ceasefire and
    violation decisions put back: a person's judgement is not overruled by the registry."""
    if "machine_values" not in reviewed.columns or judged.empty:
        return judged
    out = judged.copy()
    by_id = reviewed.set_index("event_id")
    for column in ("ceasefire", "violation"):
        corrected = [
            e
            for e, m in zip(by_id.index, by_id["machine_values"], strict=True)
            if isinstance(m, str) and column in json.loads(m)
        ]
        mask = out["event_id"].isin(corrected)
        if mask.any():
            out.loc[mask, column] = out.loc[mask, "event_id"].map(by_id[column]).astype(out[column].dtype)
            if column == "violation" and "violation_reason" in out.columns:
                out.loc[mask, "violation_reason"] = "reviewed"
    return out


def queue(store: Any, *, limit: int | None = None, **filters: Any) -> tuple[pd.DataFrame, int, int]:
    """Incidents nobody reviewed, in the order that matters for the counts (violations first, then the
    largest tolls, then the lowest confidence), with the number reviewed and the total under the filters."""
    frame = reviewed_incidents(store, keep_rejected=True, **filters)
    done = frame["reviewed"].fillna(False).astype(bool)
    todo = frame[~done].copy()
    todo["_v"] = todo["violation"].fillna(False).astype(bool)
    todo["_f"] = pd.to_numeric(todo["fatalities"], errors="coerce").fillna(-1)
    todo["_c"] = pd.to_numeric(todo["confidence"], errors="coerce").fillna(0)
    todo = todo.sort_values(["_v", "_f", "_c", "event_id"], ascending=[False, False, True, True])
    todo = todo.drop(columns=["_v", "_f", "_c"]).reset_index(drop=True)
    if limit is not None:
        todo = todo.head(limit)
    return todo, int(done.sum()), len(frame)
