"""Figures for the dashboard: pure functions, a DataFrame in and a figure dict (as Dash sends it) out.

Reads the aggregates that :mod:`dashboards.data` returns; writes nothing and queries nothing. Here:
the colours every view shares, the timelines and the heatmap; the map is in :mod:`dashboards.map_view`.
Every text value from the store is escaped (:func:`safe_text`) before it reaches plotly's hover
labels, which accept a few HTML-like tags.
"""

from __future__ import annotations

import html
import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

#: One colour per perpetrator side (colour-blind safe, from ColorBrewer's RdBu/PRGn ends).
SIDE_COLORS: dict[str, str] = {
    "government": "#b2182b",
    "opposition": "#2166ac",
    "other": "#762a83",
    "civilians": "#1b7837",
    "unknown": "#8c8c8c",
}

#: One colour per governorate (OCHA names, as the store has them), the same in every view and
#: under every filter. No greys: grey means "unknown".
GOVERNORATE_COLORS: dict[str, str] = {
    "Aleppo": "#4e79a7",
    "Idleb": "#f28e2b",
    "Rural Damascus": "#59a14f",
    "Damascus": "#e15759",
    "Homs": "#b07aa1",
    "Hama": "#9c755f",
    "Dar'a": "#ff9da7",
    "Deir-ez-Zor": "#edc948",
    "Ar-Raqqa": "#76b7b2",
    "Lattakia": "#2f4b7c",
    "Al-Hasakeh": "#8cd17d",
    "As-Sweida": "#a0cbe8",
    "Quneitra": "#b6992d",
    "Tartous": "#ffbe7d",
}
UNKNOWN_COLOR = SIDE_COLORS["unknown"]

#: Colours for other groupings (districts, actors), given by a group's place in the full list of
#: its kind so that a filter does not repaint it.
PALETTE: tuple[str, ...] = tuple(GOVERNORATE_COLORS.values())

#: Colour of a heatmap cell with no violations, and the scale for one and more.
ZERO_COLOR = "#f1f3f5"
COUNT_SCALE = ("#fcbba1", "#fb6a4a", "#a50f15")

#: Plotly toolbar buttons that do nothing useful here (and crowd the colour-bar titles).
MODEBAR_REMOVE = ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverCompareCartesian"]

_MEASURES = {"events": "Events", "fatalities": "Fatalities"}
_UNITS = {
    "events": ("event", "events"),
    "fatalities": ("killed", "killed"),
    "violations": ("violation", "violations"),
}
_FREQ_LABEL = {"day": "day", "week": "week", "month": "month"}
_DAY_MS = 86_400_000
#: What the figures take from plotly's ``plotly_white`` template (the whole template is 10 kB of
#: settings for traces we do not draw, sent with every figure).
_AXIS = {
    "gridcolor": "#EBF0F8",
    "linecolor": "#EBF0F8",
    "zerolinecolor": "#EBF0F8",
    "zerolinewidth": 2,
    "ticks": "",
}
TEMPLATE: dict[str, Any] = {
    "layout": {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": "#2a3f5f"},
        "hoverlabel": {"align": "left"},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
}
#: A figure as Dash sends it: ``{"data": [trace dicts], "layout": {...}}``.
Figure = dict[str, Any]
_BASE_LAYOUT: dict[str, Any] = {
    "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
    "font": {"family": "system-ui, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', sans-serif", "size": 12},
    "legend": {"orientation": "h", "y": -0.15},
}


def count_text(n: int | float, unit: str) -> str:
    """``"1 event"``, ``"3 events"``, ``"1,204 killed"`` (``unit``: events, fatalities, violations)."""
    one, many = _UNITS.get(unit, (unit, unit))
    n = int(n)
    return f"{n:,} {one if n == 1 else many}"


def safe_text(value: Any) -> str:
    """Text for a hover label: missing -> '', and escaped so it cannot form a tag."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=False)


def figure_dict(traces: list[dict[str, Any]], layout: dict[str, Any]) -> Figure:
    """The figure as the plain dict Dash sends to the browser.

    Not a ``go.Figure``: building one deep-copies every trace and the template even without
    validation, which cost more than the queries (tests wrap the dicts in ``go.Figure`` and so
    validate every property).
    """
    return {"data": traces, "layout": {**_BASE_LAYOUT, **layout, "template": TEMPLATE}}


def empty_figure(message: str = "No events match these filters") -> Figure:
    """A blank figure with a centred message (no axes)."""
    return figure_dict(
        [],
        {
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [
                {
                    "text": safe_text(message),
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                }
            ],
        },
    )


def group_colors(groups: Sequence[str], *, universe: Sequence[str] = ()) -> dict[str, str]:
    """A colour for each group that does not depend on which other groups are shown.

    Sides and governorates keep their fixed colours (``"unknown"`` is grey); any other group takes
    the palette colour of its place in ``universe`` (every group of its kind, e.g. all districts of
    a governorate), or one chosen by its name when it is not listed there.
    """
    out: dict[str, str] = {}
    for g in groups:
        if g in SIDE_COLORS:
            out[g] = SIDE_COLORS[g]
        elif g in GOVERNORATE_COLORS:
            out[g] = GOVERNORATE_COLORS[g]
        else:
            out[g] = palette_color(g, universe)
    return out


def palette_color(group: str, universe: Sequence[str] = ()) -> str:
    """The palette colour of ``group`` by its place in ``universe`` (by a hash of its name when absent)."""
    if group == "unknown":
        return UNKNOWN_COLOR
    index = list(universe).index(group) if group in universe else zlib.crc32(group.encode("utf-8"))
    return PALETTE[index % len(PALETTE)]


def period_end(start: datetime, freq: str) -> datetime:
    """The first instant after the ``freq`` period that starts at ``start``."""
    if freq == "month":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1, day=1)
    return start + timedelta(days=1 if freq == "day" else 7)


def period_label(start: datetime, freq: str) -> str:
    """``"Mon 26 Dec 2016"``, ``"week of 26 Dec 2016 - 1 Jan 2017"``, ``"January 2017"``."""
    if freq == "day":
        return f"{start:%a} {start.day} {start:%b %Y}"
    if freq == "month":
        return f"{start:%B %Y}"
    last = period_end(start, freq) - timedelta(days=1)
    return f"week of {start.day} {start:%b %Y} – {last.day} {last:%b %Y}"


def integer_ticks(largest: float) -> dict[str, Any]:
    """Axis or colour-bar settings so that small counts get whole-number ticks (never "1.5 events")."""
    if largest <= 5:
        return {"tick0": 0, "dtick": 1, "tickformat": ",d"}
    return {"tickformat": ",d"}


def _time_axis(freq: str, lo: datetime, hi: datetime) -> dict[str, Any]:
    """A date axis whose ticks fall on period boundaries: months labelled by month, weeks on Mondays."""
    axis: dict[str, Any] = {"type": "date", "showgrid": False}
    if freq == "month":
        months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
        step = next((s for s in (1, 2, 3, 6) if months / s <= 14), 12)
        # ticks on the 1st, each label in the middle of its month
        axis.update(
            {"tick0": "2000-01-01", "dtick": f"M{step}", "ticklabelmode": "period", "tickformat": "%b %Y"}
        )
    elif freq == "week":
        weeks = (hi - lo).days // 7 + 1
        step = next((s for s in (1, 2, 4, 8, 13, 26) if weeks / s <= 12), 52)
        axis.update({"tick0": "2000-01-03", "dtick": step * 7 * _DAY_MS, "tickformat": "%-d %b %Y"})
    return axis


def timeline_figure(
    frame: pd.DataFrame,
    *,
    measure: str = "events",
    freq: str = "week",
    periods: pd.DataFrame | None = None,
    title: str = "",
    group_order: list[str] | None = None,
    colors: Mapping[str, str] | None = None,
    empty_message: str = "No events match these filters",
) -> Figure:
    """Stacked bars of ``measure`` per period and group; violations hatched, non-violations plain.

    ``frame`` has the columns of :meth:`DashboardData.timeline` (``period``, ``group``,
    ``violation``, ``events``, ``fatalities``). Each bar spans its whole period: ``x`` is the
    period's middle and ``width`` its length in milliseconds, so a week bar covers Monday 00:00 to
    the next Monday and a ceasefire line falls inside the bar of the period it starts in.
    ``periods`` (``id``, ``name``, ``start``, ``end``) are shaded, with a solid line at each start
    and a dashed one at each end; an open end runs to the end of the last bar. Each bar's
    ``customdata`` is ``[period start (ISO date), group, violation]`` so a click can find the
    incidents behind it. ``colors`` overrides :func:`group_colors` (e.g. districts by their place in
    their governorate).
    """
    if measure not in _MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    if frame.empty:
        return empty_figure(empty_message)
    # Plain Python over the aggregate (a few thousand rows at most): pandas' per-call overhead
    # cost more than the query.
    rows = list(
        zip(
            pd.to_datetime(frame["period"]).dt.to_pydatetime(),
            frame["group"].tolist(),
            frame["violation"].astype(bool).tolist(),
            frame[measure].astype(int).tolist(),
            strict=True,
        )
    )
    totals: dict[str, int] = {}
    parts: dict[tuple[str, bool], list[tuple[datetime, int]]] = {}
    for period, group, violation, value in rows:
        totals[group] = totals.get(group, 0) + value
        parts.setdefault((group, violation), []).append((period, value))
    by_total = sorted(totals, key=lambda g: -totals[g])  # stable: ties keep the query's order
    groups = [g for g in group_order or by_total if g in totals] + [
        g for g in by_total if g not in (group_order or ())
    ]
    colors = {**group_colors(groups), **(colors or {})}
    starts = sorted({r[0] for r in rows})
    ends = {p: period_end(p, freq) for p in starts}
    middles = {p: (p + (ends[p] - p) / 2).strftime("%Y-%m-%d %H:%M:%S") for p in starts}
    widths = {p: (ends[p] - p) / timedelta(milliseconds=1) for p in starts}
    labels = {p: period_label(p, freq) for p in starts}
    stacks: dict[datetime, int] = {}
    for period, _, _, value in rows:
        stacks[period] = stacks.get(period, 0) + value
    traces: list[dict[str, Any]] = []
    in_legend: set[str] = set()
    for g, violation in sorted(parts, key=lambda k: (groups.index(k[0]), k[1])):
        part = parts[(g, violation)]
        name = safe_text(g)
        flag = " · violations" if violation else ""
        traces.append(
            {
                "type": "bar",
                "x": [middles[p] for p, _ in part],
                "width": [widths[p] for p, _ in part],
                "y": [v for _, v in part],
                "name": name,
                "legendgroup": name,
                "showlegend": name not in in_legend,
                "marker": {
                    "color": colors[g],
                    "pattern": {
                        "shape": "/" if violation else "",
                        "fillmode": "overlay",  # white stripes over the group's colour
                        "fgcolor": "white",
                        "solidity": 0.35,
                    },
                    "line": {"width": 0.6, "color": "white"},
                },
                "customdata": [[f"{p:%Y-%m-%d}", str(g), violation] for p, _ in part],
                "hovertext": [
                    f"<b>{name}</b>{flag}<br>{labels[p]}: {count_text(v, measure)}" for p, v in part
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
        in_legend.add(name)
    last_end = ends[starts[-1]]
    layout: dict[str, Any] = {
        "barmode": "stack",
        "title": {"text": safe_text(title), "x": 0, "font": {"size": 14}},
        "yaxis": {
            "title": {"text": f"{_MEASURES[measure]} per {_FREQ_LABEL.get(freq, freq)}"},
            "rangemode": "tozero",
            **integer_ticks(max(stacks.values())),
        },
        "xaxis": _time_axis(freq, starts[0], last_end),
        "hovermode": "closest",
        "margin": {**_BASE_LAYOUT["margin"], "t": 60},
    }
    key = {
        "text": "hatched: ceasefire violations", "showarrow": False, "xref": "paper", "yref": "paper",
        "x": 1, "y": 1, "xanchor": "right", "yanchor": "bottom", "font": {"size": 11, "color": "#555"},
    }  # fmt: skip
    layout["shapes"], marks = _period_marks(periods, starts[0], last_end) if periods is not None else ([], [])
    layout["annotations"] = [*marks, key]
    return figure_dict(traces, layout)


def _period_marks(
    periods: pd.DataFrame, lo: datetime, hi: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Shapes (shading, start and end lines) and labels for the ceasefires overlapping [lo, hi)."""
    shapes: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    line = {"type": "line", "xref": "x", "yref": "paper", "y0": 0, "y1": 1}
    lo_, hi_ = pd.Timestamp(lo), pd.Timestamp(hi)
    for row in periods.itertuples():
        start = pd.Timestamp(row.start)
        end = hi_ if pd.isna(row.end) else pd.Timestamp(row.end)
        if pd.isna(start) or end < lo_ or start >= hi_:
            continue
        # Shading is clipped to the bars: a ceasefire that began earlier must not stretch the axis.
        x0, x1 = max(start, lo_).strftime("%Y-%m-%d"), min(end, hi_).strftime("%Y-%m-%d")
        shapes.append(
            {
                "type": "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1, "y0": 0, "y1": 1,
                "fillcolor": "#2a9d8f", "opacity": 0.10, "line": {"width": 0}, "layer": "below",
            }
        )  # fmt: skip
        if start >= lo_:  # its start line only where it starts
            shapes.append({**line, "x0": x0, "x1": x0, "line": {"color": "#2a9d8f", "width": 1.5}})
        if not pd.isna(row.end) and end <= hi_:
            shapes.append(
                {**line, "x0": x1, "x1": x1, "line": {"color": "#2a9d8f", "width": 1.5, "dash": "dash"}}
            )
        # Alternate two label rows so neighbouring ceasefires do not print over each other.
        labels.append(
            {
                "x": x0, "y": 1, "xref": "x", "yref": "paper", "showarrow": False,
                "text": f"▶ {safe_text(getattr(row, 'name', None) or row.id)}",
                "xanchor": "left", "yanchor": "bottom", "yshift": 14 * (len(labels) % 2),
                "font": {"size": 10, "color": "#1d6f65"},
            }
        )  # fmt: skip
    return shapes, labels


def count_colorscale(largest: float) -> list[list[Any]]:
    """A colour scale for counts from 0 to ``largest`` in which 0 has its own colour and 1 already
    looks clearly coloured (the step sits at 0.5)."""
    step = 0.5 / max(float(largest), 1.0)
    low, mid, high = COUNT_SCALE
    return [[0, ZERO_COLOR], [step, ZERO_COLOR], [step, low], [step + (1 - step) / 2, mid], [1, high]]


def heatmap_figure(
    frame: pd.DataFrame,
    *,
    title: str = "Violations by perpetrator and governorate",
    empty_message: str = "No violations match these filters",
) -> Figure:
    """Actor x governorate matrix of violations (``actor``, ``admin1``, ``violations`` columns).

    A cell with no violations has :data:`ZERO_COLOR` and every count from 1 up is red, however the
    filters change the largest count.
    """
    if frame.empty:
        return empty_figure(empty_message)
    cells: dict[tuple[str, str], int] = {}
    for actor, admin1, n in zip(frame["actor"], frame["admin1"], frame["violations"], strict=True):
        cells[(actor, admin1)] = cells.get((actor, admin1), 0) + int(n)
    row_total: dict[str, int] = {}
    col_total: dict[str, int] = {}
    for (actor, admin1), n in cells.items():
        row_total[actor] = row_total.get(actor, 0) + n
        col_total[admin1] = col_total.get(admin1, 0) + n
    actors = sorted(row_total, key=lambda a: (row_total[a], a))  # most violations at the top
    places = sorted(col_total, key=lambda c: (-col_total[c], c))
    z = [[cells.get((a, c), 0) for c in places] for a in actors]
    largest = max(1, *(max(r) for r in z))
    rows, cols = [safe_text(r) for r in actors], [safe_text(c) for c in places]
    trace = {
        "type": "heatmap",
        "z": z,
        "x": cols,
        "y": rows,
        "zmin": 0,
        "zmax": largest,
        "colorscale": count_colorscale(largest),
        "colorbar": {"title": {"text": "violations", "side": "right"}, **integer_ticks(largest)},
        "text": [
            [f"{r}<br>{c}: {count_text(v, 'violations')}" for c, v in zip(cols, row, strict=True)]
            for r, row in zip(rows, z, strict=True)
        ],
        "hovertemplate": "%{text}<extra></extra>",
        "xgap": 1,
        "ygap": 1,
    }
    layout = {
        "margin": {"l": 10, "r": 20, "t": 40 if title else 30, "b": 10},
        "title": {"text": safe_text(title), "x": 0, "font": {"size": 14}},
        "xaxis": {"tickangle": -35, "automargin": True, "side": "bottom"},
        "yaxis": {"automargin": True},
    }
    return figure_dict([trace], layout)


__all__ = [
    "GOVERNORATE_COLORS",
    "MODEBAR_REMOVE",
    "PALETTE",
    "SIDE_COLORS",
    "UNKNOWN_COLOR",
    "ZERO_COLOR",
    "count_colorscale",
    "count_text",
    "empty_figure",
    "figure_dict",
    "group_colors",
    "heatmap_figure",
    "integer_ticks",
    "palette_color",
    "period_end",
    "period_label",
    "safe_text",
    "timeline_figure",
]
