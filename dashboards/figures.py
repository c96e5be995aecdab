"""Figures for the dashboard: pure functions, a DataFrame in and a ``go.Figure`` out.

Reads the aggregates that :mod:`dashboards.data` returns; writes nothing and queries nothing. Every
text value from the store is escaped before it reaches plotly's hover labels, which accept a few
HTML-like tags.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

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


def empty_figure(message: str = "No events match these filters") -> go.Figure:
    """A blank figure with a centred message (no axes)."""
    fig = go.Figure()
    fig.update_layout(
        **_BASE_LAYOUT,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {"text": _safe(message), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}
        ],
    )
    return fig


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
    ``violation``, ``events``, ``fatalities``, ``example_id``). ``periods`` (``id``, ``name``,
    ``start``, ``end``) are shaded, with a solid line at each start and a dashed one at each end;
    an open end runs to the last bar. Each bar carries its deadliest incident's id as ``customdata``
    so a click can show the evidence.
    """
    if measure not in _MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    if frame.empty:
        return empty_figure()
    frame = frame.copy()
    frame["period"] = pd.to_datetime(frame["period"])
    totals = frame.groupby("group")[measure].sum().sort_values(ascending=False)
    groups = group_order or list(totals.index)
    groups = [g for g in groups if g in totals.index] + [g for g in totals.index if g not in groups]
    colors = group_colors(groups)
    fig = go.Figure()
    for g in groups:
        for violation in (False, True):
            part = frame[(frame["group"] == g) & (frame["violation"] == violation)]
            if part.empty:
                continue
            label = f"{g} (violations)" if violation else str(g)
            fig.add_trace(
                go.Bar(
                    x=part["period"],
                    y=part[measure],
                    name=_safe(label),
                    legendgroup=_safe(g),
                    marker={
                        "color": colors[g],
                        "pattern": {"shape": "/" if violation else "", "fgcolor": "white", "solidity": 0.35},
                        "line": {"width": 0},
                    },
                    customdata=np.asarray(part["example_id"], dtype=object),
                    hovertemplate=(
                        f"<b>{_safe(g)}</b>{' · violation' if violation else ''}<br>"
                        f"%{{x|%Y-%m-%d}}: %{{y}} {measure}<extra></extra>"
                    ),
                )
            )
    fig.update_layout(
        **_BASE_LAYOUT,
        barmode="stack",
        bargap=0.1,
        title={"text": _safe(title), "x": 0, "font": {"size": 14}},
        yaxis_title=f"{_MEASURES[measure]} per {_FREQ_LABEL.get(freq, freq)}",
        hovermode="closest",
    )
    fig.update_layout(margin={**_BASE_LAYOUT["margin"], "t": 60})
    if periods is not None and not periods.empty:
        _shade_periods(fig, periods, frame["period"].min(), frame["period"].max())
    return fig


def _shade_periods(fig: go.Figure, periods: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp) -> None:
    shown = 0
    for row in periods.itertuples():
        start = pd.Timestamp(row.start)
        end = hi if pd.isna(row.end) else pd.Timestamp(row.end)
        if pd.isna(start) or end < lo or start > hi:
            continue
        name = _safe(getattr(row, "name", None) or row.id)
        fig.add_shape(
            type="rect", xref="x", yref="paper", x0=start, x1=end, y0=0, y1=1,
            fillcolor="#2a9d8f", opacity=0.10, line_width=0, layer="below",
        )  # fmt: skip
        fig.add_shape(
            type="line", xref="x", yref="paper", x0=start, x1=start, y0=0, y1=1,
            line={"color": "#2a9d8f", "width": 1.5},
        )  # fmt: skip
        if not pd.isna(row.end):
            fig.add_shape(
                type="line", xref="x", yref="paper", x0=end, x1=end, y0=0, y1=1,
                line={"color": "#2a9d8f", "width": 1.5, "dash": "dash"},
            )  # fmt: skip
        # Alternate two label rows so neighbouring ceasefires do not print over each other.
        fig.add_annotation(
            x=start, y=1, xref="x", yref="paper", text=f"▶ {name}", showarrow=False,
            xanchor="left", yanchor="bottom", yshift=14 * (shown % 2), font={"size": 10, "color": "#1d6f65"},
        )  # fmt: skip
        shown += 1


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
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[_safe(c) for c in grid.columns],
            y=[_safe(r) for r in grid.index],
            colorscale="Reds",
            colorbar={"title": {"text": "violations"}},
            hovertemplate="%{y}<br>%{x}: %{z} violations<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    fig.update_layout(
        **{**_BASE_LAYOUT, "margin": {"l": 260, "r": 20, "t": 40, "b": 90}},
        title={"text": _safe(title), "x": 0, "font": {"size": 14}},
        xaxis={"tickangle": -35},
    )
    return fig


def map_figure(
    points: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    boundaries: dict[str, Any] | None = None,
) -> go.Figure:
    """The map: violations per governorate as a choropleth under points per place and side.

    ``points`` has the columns of :meth:`DashboardData.map_points` (points are sized by fatalities,
    coloured by side, ``customdata[0]`` is an incident id for click-through); ``regions`` those of
    :meth:`DashboardData.by_governorate`. Without ``boundaries`` the choropleth and outlines are left
    out. The base map is MapLibre's built-in ``white-bg`` style, so nothing is fetched from a tile
    server.
    """
    fig = go.Figure()
    layers: list[dict[str, Any]] = []
    if boundaries:
        names_ar = {
            f["properties"].get("ADM1_PCODE"): f["properties"].get("ADM1_AR", "")
            for f in boundaries["features"]
        }
        names_en = {
            f["properties"].get("ADM1_PCODE"): f["properties"].get("ADM1_EN", "")
            for f in boundaries["features"]
        }
        pcodes = list(names_en)
        by_code = regions.set_index("admin1_pcode") if not regions.empty else pd.DataFrame()

        def col(name: str) -> list[int]:
            if by_code.empty or name not in by_code:
                return [0] * len(pcodes)
            return [int(by_code[name].get(p, 0)) for p in pcodes]

        violations, events, fatalities = col("violations"), col("events"), col("fatalities")
        fig.add_trace(
            go.Choroplethmap(
                geojson=boundaries,
                featureidkey="properties.ADM1_PCODE",
                locations=pcodes,
                z=violations,
                zmin=0,
                zmax=max(1, max(violations)),
                colorscale=[[0, "#fbfbfb"], [1, "#e34a33"]],
                marker={"opacity": 0.55, "line": {"width": 0.6, "color": "#555"}},
                colorbar={"title": {"text": "violations"}, "x": 1.0, "len": 0.5, "y": 0.75},
                customdata=[
                    [_safe(names_en[p]), _safe(names_ar[p]), e, f]
                    for p, e, f in zip(pcodes, events, fatalities, strict=True)
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b> · %{customdata[1]}<br>violations: %{z}<br>"
                    "events: %{customdata[2]}<br>fatalities: %{customdata[3]}<extra></extra>"
                ),
                name="governorates",
                showlegend=False,
            )
        )
        layers.append(
            {
                "sourcetype": "geojson",
                "source": boundaries,
                "type": "line",
                "color": "#444",
                "line": {"width": 1},
            }
        )
    if not points.empty:
        biggest = max(1.0, float(points["fatalities"].max()))
        sides = [s for s in SIDE_COLORS if s in set(points["side"])] + sorted(
            set(points["side"]) - set(SIDE_COLORS)
        )
        colors = group_colors(sides)
        for side in sides:
            part = points[points["side"] == side]
            sizes = [7 + 28 * math.sqrt(float(f) / biggest) for f in part["fatalities"]]
            fig.add_trace(
                go.Scattermap(
                    lat=part["latitude"],
                    lon=part["longitude"],
                    mode="markers",
                    name=_safe(side),
                    marker={"size": sizes, "color": colors[side], "opacity": 0.75},
                    customdata=[
                        [
                            r.example_id,
                            _safe(r.location),
                            _safe(r.admin1),
                            int(r.events),
                            int(r.fatalities),
                            int(r.violations),
                        ]
                        for r in part.itertuples()
                    ],
                    hovertemplate=(
                        "<b>%{customdata[1]}</b> (%{customdata[2]})<br>"
                        + _safe(side)
                        + ": %{customdata[3]} events, %{customdata[4]} killed, "
                        "%{customdata[5]} violations<extra></extra>"
                    ),
                )
            )
    fig.update_layout(
        **{
            **_BASE_LAYOUT,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "legend": {"orientation": "h", "y": 0.01, "x": 0.01, "bgcolor": "rgba(255,255,255,0.8)"},
        },
        map={"style": "white-bg", "center": MAP_CENTER, "zoom": MAP_ZOOM, "layers": layers},
        uirevision="map",  # keep the user's pan and zoom when filters change
    )
    return fig


__all__ = [
    "MAP_CENTER",
    "PALETTE",
    "SIDE_COLORS",
    "empty_figure",
    "group_colors",
    "heatmap_figure",
    "map_figure",
    "timeline_figure",
]
