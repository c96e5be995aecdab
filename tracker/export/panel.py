"""Panels: counts of events and fatalities per Syrian governorate or district and per day, week or month.

Reads an event frame (``event_date``, ``admin1``/``admin1_pcode`` or ``admin2``/``admin2_pcode``,
``country``, ``fatalities``, and ``violation`` for violations only) and the packaged gazetteer (the 14
governorates and 62 districts with their OCHA P-codes). Writes one row per place and period, zero rows
included, so the table joins a boundary layer in QGIS on the P-code and feeds a time series as it is:

``admin1_pcode, admin1, [admin2_pcode, admin2,] period_start, period_end, events, fatalities``

Events without a date, outside Syria, or not placed at the level asked for (a governorate-level event in
a district panel) are left out and counted in :class:`Panel`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import pandas as pd

from tracker.places import load_gazetteer
from tracker.schema import ADMIN1

__all__ = ["LEVELS", "FREQUENCIES", "Panel", "panel"]

#: Place levels a panel is drawn at.
LEVELS = ("admin1", "admin2")
#: Periods: a day, a week from Monday, a calendar month.
FREQUENCIES = ("D", "W", "M")
_PERIODS = {"D": "D", "W": "W-SUN", "M": "M"}


@dataclass
class Panel:
    """The counts and what was left out of them (numbers of events)."""

    counts: pd.DataFrame
    events: int = 0
    no_date: int = 0
    outside_syria: int = 0
    no_place: int = 0

    @property
    def left_out(self) -> int:
        return self.no_date + self.outside_syria + self.no_place


@lru_cache(maxsize=1)
def _districts() -> pd.DataFrame:
    rows = [
        {"admin2_pcode": p.id, "admin2": p.name, "admin1_pcode": p.admin1_pcode}
        for p in load_gazetteer()[0]
        if p.level == "admin2" and p.country == "Syria"
    ]
    frame = pd.DataFrame(rows).sort_values("admin2_pcode", ignore_index=True)
    frame["admin1"] = frame["admin1_pcode"].map(ADMIN1)
    return frame[["admin1_pcode", "admin1", "admin2_pcode", "admin2"]]


def units(by: str) -> pd.DataFrame:
    """Every governorate (``admin1``) or district (``admin2``) with its P-code, in P-code order."""
    if by == "admin2":
        return _districts().copy()
    return pd.DataFrame({"admin1_pcode": list(ADMIN1), "admin1": list(ADMIN1.values())})


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name].astype("string")
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def _codes(frame: pd.DataFrame, by: str) -> pd.Series:
    """Each event's P-code at the level, from its code column or, failing that, its place name."""
    if by == "admin2":
        by_name = dict(zip(_districts()["admin2"], _districts()["admin2_pcode"], strict=True))
        return _column(frame, "admin2_pcode").fillna(_column(frame, "admin2").map(by_name))
    by_name = {name: code for code, name in ADMIN1.items()}
    return _column(frame, "admin1_pcode").fillna(_column(frame, "admin1").map(by_name))


def panel(
    frame: pd.DataFrame,
    *,
    by: str = "admin1",
    freq: str = "W",
    violations_only: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> Panel:
    """Events and fatalities per place (``by`` admin1 or admin2) and period (``freq`` D, W or M).

    Periods run from ``since`` (else the first event's) to ``until`` (else the last event's); every
    place has a row for every period. ``violations_only`` counts only events whose ``violation`` is
    True. ``fatalities`` sums the reported figures (none reported counts 0).

    >>> rows = pd.DataFrame({"event_date": pd.to_datetime(["2017-01-02", "2017-01-16"]),
    ...                      "admin1": ["Idleb", "Idleb"], "fatalities": [3, 4]})
    >>> counts = panel(rows, freq="W").counts
    >>> counts[counts.admin1 == "Idleb"][["period_start", "events", "fatalities"]].values.tolist()
    [[Timestamp('2017-01-02 00:00:00'), 1, 3], [Timestamp('2017-01-09 00:00:00'), 0, 0], [Timestamp('2017-01-16 00:00:00'), 1, 4]]
    """
    if by not in LEVELS:
        raise ValueError(f"by must be one of {', '.join(LEVELS)}, not {by!r}")
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {', '.join(FREQUENCIES)}, not {freq!r}")
    events = frame
    if violations_only:
        violation = events["violation"] if "violation" in events else pd.Series(False, index=events.index)
        events = events[violation.astype("boolean").fillna(False).to_numpy(dtype=bool)]
    result = Panel(counts=pd.DataFrame(), events=len(events))
    days = pd.to_datetime(events["event_date"] if "event_date" in events else None, errors="coerce")
    days = pd.Series(days, index=events.index)
    country = _column(events, "country")
    codes = _codes(events, by)
    dated = days.notna()
    in_syria = country.isna() | (country == "Syria")
    placed = codes.notna() & codes.isin(units(by)[f"{by}_pcode"])
    result.no_date = int((~dated).sum())
    result.outside_syria = int((dated & ~in_syria).sum())
    result.no_place = int((dated & in_syria & ~placed).sum())
    keep = (dated & in_syria & placed).to_numpy(dtype=bool)
    fatalities = pd.to_numeric(_column(events, "fatalities"), errors="coerce").fillna(0)
    counted = pd.DataFrame(
        {
            f"{by}_pcode": codes[keep].to_numpy(),
            "period_start": days[keep].dt.to_period(_PERIODS[freq]).dt.start_time.to_numpy(),
            "fatalities": fatalities[keep].to_numpy(),
        }
    )
    result.counts = _grid(counted, by=by, freq=freq, since=since, until=until)
    return result


def _grid(
    counted: pd.DataFrame, *, by: str, freq: str, since: date | None, until: date | None
) -> pd.DataFrame:
    key = f"{by}_pcode"
    places = units(by)
    starts = counted["period_start"]
    first = pd.Timestamp(since) if since else (starts.min() if len(starts) else None)
    last = pd.Timestamp(until) if until else (starts.max() if len(starts) else None)
    columns = [*places.columns, "period_start", "period_end", "events", "fatalities"]
    if first is None or last is None or first > last:
        return _typed(pd.DataFrame(columns=columns))
    periods = pd.period_range(first, last, freq=_PERIODS[freq])
    grid = places.merge(
        pd.DataFrame({"period_start": periods.start_time, "period_end": periods.end_time.normalize()}),
        how="cross",
    )
    totals = (
        counted.groupby([key, "period_start"], sort=False)
        .agg(events=("fatalities", "size"), fatalities=("fatalities", "sum"))
        .reset_index()
    )
    out = grid.merge(totals, on=[key, "period_start"], how="left")
    out[["events", "fatalities"]] = out[["events", "fatalities"]].fillna(0)
    return _typed(out[columns].sort_values([key, "period_start"], ignore_index=True))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    out: dict[str, Any] = {}
    for col in frame.columns:
        if col in ("events", "fatalities"):
            out[col] = pd.to_numeric(frame[col]).astype("Int64")
        elif col.startswith("period_"):
            out[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
        else:
            out[col] = frame[col].astype("string")
    return pd.DataFrame(out, index=frame.index)
