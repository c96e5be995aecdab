"""Violation counts: violations, their fatalities and the events of unknown perpetrator, per period and group.

Reads event rows (judged by :func:`tracker.ceasefires.judge.judge` unless they already are); writes one
row per period and group (see :func:`violation_counts`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tracker.ceasefires.judge import judge
from tracker.ceasefires.registry import Registry

__all__ = ["BY_ALIASES", "violation_counts"]

# Aliases accepted for ``--by``: the names monitors use for the columns.
BY_ALIASES: dict[str, str] = {
    "side": "actor1_side",
    "perpetrator": "actor1",
    "governorate": "admin1",
    "reporter": "reported_by",
}


def violation_counts(
    frame: pd.DataFrame,
    *,
    by: Sequence[str] | str = ("actor1_side", "admin1"),
    freq: str = "D",
    registry: Registry | None = None,
    judged: bool = False,
) -> pd.DataFrame:
    """Violations and their fatalities per period (``freq`` D, W or M) and group.

    ``by`` takes event columns (``actor1_side``, ``admin1``, ``reported_by``, ``source``,
    ``ceasefire`` ...) or the aliases ``side``, ``governorate``, ``perpetrator``, ``reporter``.
    The frame is judged first unless ``judged`` is true. Columns: ``period`` (start of the period),
    the ``by`` columns, ``violations``, ``fatalities`` (sum of their lowest figures), ``unknown``
    (events in a ceasefire with an unknown perpetrator). Groups without any of these are left out.

    >>> from tracker.schema import to_frame
    >>> rows = [{"event_date": "2017-01-23", "event_type": "Battles", "actor1_side": "opposition",
    ...          "actor1": "Opposition Rebels (Syria)", "admin1": "Aleppo", "fatalities": 6}]
    >>> violation_counts(to_frame(rows))[["violations", "fatalities"]].values.tolist()
    [[1, 6]]
    """
    cols = [BY_ALIASES.get(b.strip(), b.strip()) for b in ([by] if isinstance(by, str) else by) if b.strip()]
    cols = list(dict.fromkeys(cols))
    code = {"D": "D", "W": "W", "M": "M"}.get(freq.upper()[:1])
    if code is None:
        raise ValueError(f"freq must be D, W or M, not {freq!r}")
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"unknown column(s) for by: {', '.join(missing)}")
    data = frame if judged else judge(frame, registry)
    data = data[data["event_date"].notna()]
    viol = data["violation"].fillna(False).astype(bool)
    unknown = data["violation"].isna() & data["ceasefire"].notna()
    keep = viol | unknown
    work = pd.DataFrame(
        {
            "period": data.loc[keep, "event_date"].dt.to_period(code).dt.start_time,
            "violations": viol[keep].astype("int64"),
            "fatalities": pd.to_numeric(data.loc[keep, "fatalities"], errors="coerce")
            .where(viol[keep])
            .fillna(0),
            "unknown": unknown[keep].astype("int64"),
        }
    )
    for c in cols:
        work[c] = data.loc[keep, c].astype("string").fillna("unknown")
    keys = ["period", *cols]
    if work.empty:
        return pd.DataFrame(
            {k: pd.Series(dtype="datetime64[ns]" if k == "period" else "string") for k in keys}
        ).assign(
            violations=pd.Series(dtype="int64"),
            fatalities=pd.Series(dtype="int64"),
            unknown=pd.Series(dtype="int64"),
        )
    out = (
        work.groupby(keys, observed=True, sort=True)[["violations", "fatalities", "unknown"]]
        .sum()
        .reset_index()
    )
    out["fatalities"] = out["fatalities"].astype("int64")
    return out


# -- judgement helpers ------------------------------------------------------------------------------
