"""Figures for the dashboard: pure functions, a DataFrame in and a ``go.Figure`` out.

Reads the aggregates that :mod:`dashboards.data` returns; writes nothing and queries nothing. Every
text value from the store is escaped before it reaches plotly's hover labels, which accept a few
HTML-like tags.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

#: One colour per perpetrator side (colour-blind safe, from ColorBrewer's RdBu/PRGn ends).
SIDE_COLORS: dict[str, str] = {
    "government": "#b2182b",
    "opposition": "#2166ac",
    "other": "#762a83",
    "civilians": "#1b7837",
    "unknown": "#8c8c8c",
}

#: Colours for other groupings (governorates, districts, actors), cycled.
PALETTE: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#7b4173",
)  # fmt: skip

#: Sides a map point can have; customdata carries the index (contract sides, "unknown" last).
MAP_SIDES: tuple[str, ...] = tuple(SIDE_COLORS)

#: Where the map opens: Syria.
MAP_CENTER = {"lat": 35.0, "lon": 38.5}
MAP_ZOOM = 5.3

_MEASURES = {"events": "Events", "fatalities": "Fatalities"}
_FREQ_LABEL = {"day": "day", "week": "week", "month": "month"}
_BASE_LAYOUT: dict[str, Any] = {
    "template": "plotly_white",
    "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
    "font": {"family": "system-ui, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', sans-serif", "size": 12},
    "legend": {"orientation": "h", "y": -0.15},
}


def _safe(value: Any) -> str:
    """Text for a hover label: missing -> '', and escaped so it cannot form a tag."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=False)


def _figure(traces: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from plain dicts without plotly's per-property validation.

    Validation costs more than the query on a large store, and these dicts are fixed by this module
    (the tests validate every figure once). The template is given as its full object because a bare
    name is only resolved by validation.
    """
    layout = {**_BASE_LAYOUT, **layout, "template": pio.templates["plotly_white"]}
    return go.Figure(data=traces, layout=layout, _validate=False)


def empty_figure(message: str = "No events match these filters") -> go.Figure:
    """A blank figure with a centred message (no axes)."""
    return _figure(
        [],
        {
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [
                {
                    "text": _safe(message),
                    "showarrow": False,
                    "xref": "paper",
                    "yref": "paper",
                    "x": 0.5,
                    "y": 0.5,
                }
            ],
        },
    )


def group_colors(groups: list[str]) -> dict[str, str]:
    """A colour for each group: sides keep their fixed colour, anything else cycles the palette."""
    out: dict[str, str] = {}
    others = [g for g in groups if g not in SIDE_COLORS]
    for g in groups:
        out[g] = SIDE_COLORS[g] if g in SIDE_COLORS else PALETTE[others.index(g) % len(PALETTE)]
    return out


def timeline_figure(
    frame: pd.DataFrame,
    *,
    measure: str = "events",
    freq: str = "week",
    periods: pd.DataFrame | None = None,
    title: str = "",
    group_order: list[str] | None = None,
) -> go.Figure:
    """Stacked bars of ``measure`` per period and group; violations hatched, non-violations plain.

    ``frame`` has the columns of :meth:`DashboardData.timeline` (``period``, ``group``,
    ``violation``, ``events``, ``fatalities``). ``periods`` (``id``, ``name``, ``start``, ``end``)
    are shaded, with a solid line at each start and a dashed one at each end; an open end runs to
    the last bar. Each bar's ``customdata`` is ``[period (ISO date), group, violation]`` so a click
    can find the incidents behind it.
    """
    if measure not in _MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    if frame.empty:
        return empty_figure()
    frame = frame.assign(period=pd.to_datetime(frame["period"]))
    totals = frame.groupby("group")[measure].sum().sort_values(ascending=False)
    groups = group_order or list(totals.index)
    groups = [g for g in groups if g in totals.index] + [g for g in totals.index if g not in groups]
    colors = group_colors(groups)
    traces: list[dict[str, Any]] = []
    for (g, violation), part in frame.groupby(["group", "violation"], sort=False):
        traces.append(
            {
                "type": "bar",
                "x": part["period"].dt.strftime("%Y-%m-%d").tolist(),
                "y": part[measure].tolist(),
                "name": _safe(f"{g} (violations)" if violation else g),
                "legendgroup": _safe(g),
                "marker": {
                    "color": colors[g],
                    "pattern": {"shape": "/" if violation else "", "fgcolor": "white", "solidity": 0.35},
                    "line": {"width": 0},
                },
                "customdata": np.array(
                    [[p, str(g), bool(violation)] for p in part["period"].dt.strftime("%Y-%m-%d")],
                    dtype=object,
                ),
                "hovertemplate": (
                    f"<b>{_safe(g)}</b>{' · violation' if violation else ''}<br>"
                    f"%{{x|%Y-%m-%d}}: %{{y}} {measure}<extra></extra>"
                ),
                "_order": (groups.index(g), bool(violation)),
            }
        )
    traces.sort(key=lambda t: t.pop("_order"))
    layout: dict[str, Any] = {
        "barmode": "stack",
        "bargap": 0.1,
        "title": {"text": _safe(title), "x": 0, "font": {"size": 14}},
        "yaxis": {"title": {"text": f"{_MEASURES[measure]} per {_FREQ_LABEL.get(freq, freq)}"}},
        "xaxis": {"type": "date"},
        "hovermode": "closest",
        "margin": {**_BASE_LAYOUT["margin"], "t": 60},
    }
    if periods is not None and not periods.empty:
        layout["shapes"], layout["annotations"] = _period_marks(
            periods, frame["period"].min(), frame["period"].max()
        )
    return _figure(traces, layout)


def _period_marks(
    periods: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Shapes (shading, start and end lines) and labels for the ceasefires overlapping [lo, hi]."""
    shapes: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    line = {"type": "line", "xref": "x", "yref": "paper", "y0": 0, "y1": 1}
    for row in periods.itertuples():
        start = pd.Timestamp(row.start)
        end = hi if pd.isna(row.end) else pd.Timestamp(row.end)
        if pd.isna(start) or end < lo or start > hi:
            continue
        x0, x1 = start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")
        shapes.append(
            {
                "type": "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1, "y0": 0, "y1": 1,
                "fillcolor": "#2a9d8f", "opacity": 0.10, "line": {"width": 0}, "layer": "below",
            }
        )  # fmt: skip
        shapes.append({**line, "x0": x0, "x1": x0, "line": {"color": "#2a9d8f", "width": 1.5}})
        if not pd.isna(row.end):
            shapes.append(
                {**line, "x0": x1, "x1": x1, "line": {"color": "#2a9d8f", "width": 1.5, "dash": "dash"}}
            )
        # Alternate two label rows so neighbouring ceasefires do not print over each other.
        labels.append(
            {
                "x": x0, "y": 1, "xref": "x", "yref": "paper", "showarrow": False,
                "text": f"▶ {_safe(getattr(row, 'name', None) or row.id)}",
                "xanchor": "left", "yanchor": "bottom", "yshift": 14 * (len(labels) % 2),
                "font": {"size": 10, "color": "#1d6f65"},
            }
        )  # fmt: skip
    return shapes, labels


def heatmap_figure(
    frame: pd.DataFrame, *, title: str = "Violations by perpetrator and governorate"
) -> go.Figure:
    """Actor x governorate matrix of violations (``actor``, ``admin1``, ``violations`` columns)."""
    if frame.empty:
        return empty_figure("No violations match these filters")
    grid = frame.pivot_table(
        index="actor", columns="admin1", values="violations", aggfunc="sum", fill_value=0
    )
    grid = grid.loc[grid.sum(axis=1).sort_values().index]  # most violations at the top
    grid = grid[grid.sum(axis=0).sort_values(ascending=False).index]
    trace = {
        "type": "heatmap",
        "z": grid.to_numpy().tolist(),
        "x": [_safe(c) for c in grid.columns],
        "y": [_safe(r) for r in grid.index],
        "colorscale": "Reds",
        "colorbar": {"title": {"text": "violations"}},
        "hovertemplate": "%{y}<br>%{x}: %{z} violations<extra></extra>",
        "xgap": 1,
        "ygap": 1,
    }
    layout = {
        "margin": {"l": 260, "r": 20, "t": 40 if title else 10, "b": 90},
        "title": {"text": _safe(title), "x": 0, "font": {"size": 14}},
        "xaxis": {"tickangle": -35},
    }
    return _figure([trace], layout)


def map_figure(
    points: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    boundaries: dict[str, Any] | None = None,
    boundaries_url: str | None = None,
) -> go.Figure:
    """The map: violations per governorate as a choropleth under points per place and side.

    ``points`` has the columns of :meth:`DashboardData.map_points` (points are sized by fatalities,
    coloured by side; ``customdata`` is ``[latitude, longitude, side index in MAP_SIDES, events,
    fatalities, violations]`` so a click can find the incidents there, ``text`` names the place); ``regions`` those of
    :meth:`DashboardData.by_governorate`. Without ``boundaries`` the choropleth and outlines are
    left out. ``boundaries_url`` (the same GeoJSON served by the app) lets the browser fetch the
    outlines once instead of receiving them with every figure. The base map is MapLibre's built-in
    ``white-bg`` style, so nothing is fetched from a tile server.
    """
    traces: list[dict[str, Any]] = []
    layers: list[dict[str, Any]] = []
    if boundaries:
        props = [f.get("properties", {}) for f in boundaries.get("features", [])]
        pcodes = [p.get("ADM1_PCODE") for p in props]
        by_code = regions.set_index("admin1_pcode") if not regions.empty else None

        def col(name: str) -> list[int]:
            if by_code is None:
                return [0] * len(pcodes)
            return [int(by_code[name].get(p, 0)) for p in pcodes]

        violations, events, fatalities = col("violations"), col("events"), col("fatalities")
        traces.append(
            {
                "type": "choroplethmap",
                "geojson": boundaries_url or boundaries,
                "featureidkey": "properties.ADM1_PCODE",
                "locations": pcodes,
                "z": violations,
                "zmin": 0,
                "zmax": max([1, *violations]),
                "colorscale": [[0, "#fbfbfb"], [1, "#e34a33"]],
                "marker": {"opacity": 0.55, "line": {"width": 0.6, "color": "#555"}},
                "colorbar": {"title": {"text": "violations"}, "x": 1.0, "len": 0.5, "y": 0.75},
                "customdata": [
                    [_safe(p.get("ADM1_EN")), _safe(p.get("ADM1_AR")), e, f]
                    for p, e, f in zip(props, events, fatalities, strict=True)
                ],
                "hovertemplate": (
                    "<b>%{customdata[0]}</b> · %{customdata[1]}<br>violations: %{z}<br>"
                    "events: %{customdata[2]}<br>fatalities: %{customdata[3]}<extra></extra>"
                ),
                "name": "governorates",
                "showlegend": False,
            }
        )
        layers.append(
            {
                "sourcetype": "geojson",
                "source": boundaries_url or boundaries,
                "type": "line",
                "color": "#444",
                "line": {"width": 1},
            }
        )
    if not points.empty:
        biggest = max(1.0, float(points["fatalities"].max()))
        present = set(points["side"])
        sides = [s for s in SIDE_COLORS if s in present] + sorted(present - set(SIDE_COLORS))
        colors = group_colors(sides)
        # Numbers only in customdata: plotly deep-copies figure data and encodes numeric arrays fast,
        # lists of mixed lists are slow both ways. The side travels as its index in MAP_SIDES.
        custom = np.column_stack(
            [
                points["latitude"].astype(float).to_numpy(),
                points["longitude"].astype(float).to_numpy(),
                [
                    MAP_SIDES.index(s) if s in MAP_SIDES else MAP_SIDES.index("unknown")
                    for s in points["side"]
                ],
                *(points[c].astype(float).to_numpy() for c in ("events", "fatalities", "violations")),
            ]
        )
        labels = np.array(
            [f"{_safe(p)} ({_safe(g)})" for p, g in zip(points["location"], points["admin1"], strict=True)]
        )
        sizes = 7 + 28 * np.sqrt(custom[:, 4] / biggest)
        side_of = points["side"].to_numpy()
        for side in sides:
            rows = side_of == side
            traces.append(
                {
                    "type": "scattermap",
                    "lat": custom[rows, 0],
                    "lon": custom[rows, 1],
                    "mode": "markers",
                    "name": _safe(side),
                    "marker": {"size": sizes[rows], "color": colors[side], "opacity": 0.75},
                    "customdata": custom[rows],
                    "text": labels[rows].tolist(),
                    "hovertemplate": (
                        "<b>%{text}</b><br>"
                        + _safe(side)
                        + ": %{customdata[3]} events, %{customdata[4]} killed, "
                        "%{customdata[5]} violations<extra></extra>"
                    ),
                }
            )
    layout = {
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "legend": {"orientation": "h", "y": 0.01, "x": 0.01, "bgcolor": "rgba(255,255,255,0.8)"},
        "map": {"style": "white-bg", "center": MAP_CENTER, "zoom": MAP_ZOOM, "layers": layers},
        "uirevision": "map",  # keep the user's pan and zoom when filters change
    }
    return _figure(traces, layout)


__all__ = [
    "MAP_CENTER",
    "MAP_SIDES",
    "PALETTE",
    "SIDE_COLORS",
    "empty_figure",
    "group_colors",
    "heatmap_figure",
    "map_figure",
    "timeline_figure",
]
