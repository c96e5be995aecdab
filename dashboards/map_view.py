"""The map figure: violations per governorate under event points, on the offline base map.

Reads the aggregates :mod:`dashboards.data` returns (points per place and side, counts per
governorate) and the base map style of :mod:`dashboards.basemap`; writes a figure dict. Pure, like
:mod:`dashboards.figures`, whose colours and helpers it shares.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from dashboards.figures import (
    SIDE_COLORS,
    Figure,
    count_colorscale,
    count_text,
    figure_dict,
    group_colors,
    integer_ticks,
    safe_text,
)

#: Sides a map point can have; customdata carries the index (contract sides, "unknown" last).
MAP_SIDES: tuple[str, ...] = tuple(SIDE_COLORS)

#: Where the map opens when there is nothing to fit: Syria.
MAP_CENTER = {"lat": 35.0, "lon": 38.5}
MAP_ZOOM = 5.3
SYRIA_BOUNDS = (35.6, 32.3, 42.4, 37.4)  # west, south, east, north
#: Syria and its neighbours: the view fits the events inside this box (an event geocoded to
#: London or Astana, where talks were held, would otherwise shrink Syria to a dot).
MAP_REGION = (33.0, 29.0, 46.5, 39.5)
#: The map's drawing area assumed when fitting a view (the smallest it has on a laptop screen).
MAP_SIZE = (620, 500)


def fit_view(
    bounds: tuple[float, float, float, float],
    *,
    size: tuple[int, int] = MAP_SIZE,
    padding: float = 0.12,
    max_zoom: float = 9.0,
    min_zoom: float = 3.0,
    snap: bool = True,
) -> tuple[dict[str, float], float]:
    """Centre and zoom (web Mercator, 512 px tiles) showing ``bounds`` (west, south, east, north)
    in a map of ``size`` pixels, with ``padding`` (a share of the span) on every side.

    With ``snap`` the zoom is rounded down to a quarter level and the centre to a 24 px grid, so
    filters that barely move the events' extent leave the view where it is: no jump for the user,
    and no new tiling of every layer for the browser (the most costly part of a map redraw).
    """
    west, south, east, north = bounds

    def merc(lat: float) -> float:
        lat = max(-85.0, min(85.0, lat))
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max(east - west, 0.02) * (1 + 2 * padding)
    dy = max(merc(north) - merc(south), 0.0004) * (1 + 2 * padding)
    zoom = min(math.log2(size[0] / 512 * 360 / dx), math.log2(size[1] / 512 * 2 * math.pi / dy))
    zoom = max(min_zoom, min(max_zoom, zoom))
    lon, mid = (west + east) / 2, (merc(north) + merc(south)) / 2
    if snap:
        zoom = math.floor(zoom * 4) / 4
        world = 512 * 2**zoom  # pixels around the globe at this zoom
        lon = round(lon * world / 360 / 24) * 24 * 360 / world
        mid = round(mid * world / (2 * math.pi) / 24) * 24 * 2 * math.pi / world
    return {"lon": lon, "lat": math.degrees(2 * math.atan(math.exp(mid)) - math.pi / 2)}, zoom


def map_figure(
    points: pd.DataFrame,
    regions: pd.DataFrame,
    *,
    boundaries: dict[str, Any] | None = None,
    boundaries_url: str | None = None,
    style: dict[str, Any] | str = "white-bg",
    bounds: tuple[float, float, float, float] | None = None,
    revision: str = "map",
    note: str = "",
) -> Figure:
    """The map: violations per governorate as a choropleth under points per place and side.

    ``points`` has the columns of :meth:`DashboardData.map_points` (points are sized by fatalities,
    coloured by side; ``customdata`` is ``[latitude, longitude, side index in MAP_SIDES, events,
    fatalities, violations]`` so a click can find the incidents there); ``regions`` those of
    :meth:`DashboardData.by_governorate`. Without ``boundaries`` the choropleth and outlines are
    left out. ``boundaries_url`` (the same GeoJSON served by the app) lets the browser fetch the
    outlines once instead of receiving them with every figure. ``style`` is the base map: a MapLibre
    style from :func:`dashboards.basemap.map_style` (offline layers and labels) or plotly's
    ``white-bg``. The view fits ``bounds`` (west, south, east, north), or the points, or Syria;
    ``revision`` changes when the filters do, so a new filter refits the view while zooming and
    panning under the same filters are kept. ``note`` is printed in a corner (e.g. how many events
    lie outside the view).
    """
    traces: list[dict[str, Any]] = []
    layers: list[dict[str, Any]] = []
    has_base = isinstance(style, dict)
    if boundaries:
        props = [f.get("properties", {}) for f in boundaries.get("features", [])]
        pcodes = [p.get("ADM1_PCODE") for p in props]
        by_code = regions.set_index("admin1_pcode") if not regions.empty else None

        def col(name: str) -> list[int]:
            if by_code is None:
                return [0] * len(pcodes)
            return [int(by_code[name].get(p, 0)) for p in pcodes]

        violations, events, fatalities = col("violations"), col("events"), col("fatalities")
        largest = max([1, *violations])
        choropleth: dict[str, Any] = {
            "type": "choroplethmap",
            "geojson": boundaries_url or boundaries,
            "featureidkey": "properties.ADM1_PCODE",
            "locations": pcodes,
            "z": violations,
            "zmin": 0,
            "zmax": largest,
            "colorscale": count_colorscale(largest),
            "marker": {"opacity": 0.6, "line": {"width": 0.6, "color": "#555"}},
            "colorbar": {
                "title": {"text": "violations", "side": "right"},
                "x": 0.99,
                "xanchor": "right",
                "y": 0.45,
                "len": 0.5,
                "thickness": 12,
                "bgcolor": "rgba(255,255,255,0.8)",
                **integer_ticks(largest),
            },  # fmt: skip
            "hovertext": [
                f"<b>{safe_text(p.get('ADM1_EN'))}</b> · {safe_text(p.get('ADM1_AR'))}<br>{count_text(v, 'violations')}"
                f"<br>{count_text(e, 'events')}, {count_text(f, 'fatalities')}"
                for p, v, e, f in zip(props, violations, events, fatalities, strict=True)
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "name": "governorates",
            "showlegend": False,
        }
        if isinstance(style, dict) and any(layer.get("id") == "districts-line" for layer in style["layers"]):
            choropleth["below"] = "districts-line"  # under the outlines and names of the base map
        traces.append(choropleth)
        if not has_base:
            layers.append(
                {
                    "sourcetype": "geojson",
                    "source": boundaries_url or boundaries,
                    "type": "line",
                    "color": "#444",
                    "line": {"width": 1},
                }
            )
    view_bounds = bounds
    if not points.empty:
        biggest = max(1.0, float(points["fatalities"].max()))
        present = set(points["side"])
        sides = [s for s in SIDE_COLORS if s in present] + sorted(present - set(SIDE_COLORS))
        colors = group_colors(sides)
        lat = points["latitude"].astype(float).to_numpy()
        lon = points["longitude"].astype(float).to_numpy()
        counts = {c: points[c].astype(int).to_numpy() for c in ("events", "fatalities", "violations")}
        side_index = np.array(
            [MAP_SIDES.index(s) if s in MAP_SIDES else MAP_SIDES.index("unknown") for s in points["side"]]
        )
        # Plain lists, not numpy arrays: plotly.js turns a 2-D typed array into objects, and a
        # click would then reach the server without the point's coordinates.
        custom = [
            [float(a), float(b), int(c), int(d), int(e), int(f)]
            for a, b, c, d, e, f in zip(
                lat,
                lon,
                side_index,
                counts["events"],
                counts["fatalities"],
                counts["violations"],
                strict=True,
            )
        ]
        names = [safe_text(p) or "place unknown" for p in points["location"]]
        sizes = 7 + 28 * np.sqrt(counts["fatalities"] / biggest)
        side_of = points["side"].to_numpy()
        for side in sides:
            rows = np.flatnonzero(side_of == side)
            traces.append(
                {
                    "type": "scattermap",
                    "lat": lat[rows],
                    "lon": lon[rows],
                    "mode": "markers",
                    "name": safe_text(side),
                    "marker": {"size": sizes[rows], "color": colors[side], "opacity": 0.8},
                    "customdata": [custom[i] for i in rows],
                    "hovertext": [
                        f"<b>{names[i]}</b><br>{safe_text(side)}: {count_text(counts['events'][i], 'events')}, "
                        f"{count_text(counts['fatalities'][i], 'fatalities')}, "
                        f"{count_text(counts['violations'][i], 'violations')}"
                        for i in rows
                    ],
                    "hovertemplate": "%{hovertext}<extra></extra>",
                }
            )
        if view_bounds is None:
            view_bounds = (float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max()))
    if view_bounds is None:
        center, zoom = dict(MAP_CENTER), MAP_ZOOM
    else:
        center, zoom = fit_view(view_bounds)
    layout = {
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "legend": {"orientation": "h", "y": 0.01, "x": 0.01, "bgcolor": "rgba(255,255,255,0.8)"},
        "map": {"style": style, "center": center, "zoom": zoom, "layers": layers},
        "uirevision": revision,
    }
    if note:
        layout["annotations"] = [
            {
                "text": safe_text(note), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.99,
                "y": 0.01, "xanchor": "right", "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)",
                "font": {"size": 11, "color": "#555"},
            }
        ]  # fmt: skip
    return figure_dict(traces, layout)


__all__ = ["MAP_CENTER", "MAP_REGION", "MAP_SIDES", "MAP_SIZE", "SYRIA_BOUNDS", "fit_view", "map_figure"]
