"""Callbacks: thin glue from controls to queries to figures.

Each callback is a plain function of a :class:`DashboardData` and the component values (tests call
them directly); :func:`register` wires them to an app. Reads the store through ``data``; writes
component properties.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs, urlencode

import dash
import pandas as pd
from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboards import figures, ids, map_view
from dashboards.basemap import Bounds
from dashboards.data import SIDES, DashboardData, Filters
from dashboards.download import register_download
from dashboards.evidence import evidence_panel
from dashboards.layout import kpi_cards

#: Filter controls in callback order: (component id, property, Filters field).
CONTROLS: tuple[tuple[str, str, str], ...] = (
    (ids.DATES, "start_date", "start"),
    (ids.DATES, "end_date", "end"),
    (ids.ACTORS, "value", "actors"),
    (ids.SIDES, "value", "sides"),
    (ids.ADMIN1, "value", "admin1"),
    (ids.EVENT_TYPES, "value", "event_types"),
    (ids.CEASEFIRES, "value", "ceasefires"),
    (ids.VIOLATIONS_ONLY, "value", "violations_only"),
    (ids.LANGUAGES, "value", "languages"),
    (ids.SOURCES, "value", "sources"),
    (ids.MIN_FATALITIES, "value", "min_fatalities"),
)
VIEW_DEFAULTS = {"freq": "week", "measure": "events"}
_VIEW_VALUES = {"freq": ("day", "week", "month"), "measure": ("events", "fatalities")}
EVIDENCE_CHARS = 160  # table cells show the start of the sentence; the panel shows all of it


def filters_from_controls(values: Sequence[Any]) -> Filters:
    """The Filters for control values given in :data:`CONTROLS` order."""
    loose = {field: v for (_, _, field), v in zip(CONTROLS, values, strict=True)}
    loose["violations_only"] = bool(loose["violations_only"])
    return Filters.from_dict(loose)


def controls_from_filters(filters: Filters) -> list[Any]:
    """Control values (in :data:`CONTROLS` order) showing ``filters``."""
    d = filters.to_dict()
    out: list[Any] = []
    for _, _, field in CONTROLS:
        v = d[field]
        if field == "violations_only":
            v = ["yes"] if v else []
        out.append(v)
    return out


def view_from_query(search: str | None) -> dict[str, str]:
    """The view settings (``freq``, ``measure``) in a URL query, defaults when absent or unknown."""
    parsed = parse_qs((search or "").lstrip("?"))
    return {
        k: parsed[k][0] if parsed.get(k, [None])[0] in ok else VIEW_DEFAULTS[k]
        for k, ok in _VIEW_VALUES.items()
    }


def to_search(filters: Filters, view: Mapping[str, str]) -> str:
    """The URL query (with ``?``, or ``""``) for filters plus non-default view settings."""
    query = filters.to_query()
    extra = urlencode([(k, v) for k, v in view.items() if v and v != VIEW_DEFAULTS.get(k)])
    joined = "&".join(p for p in (query, extra) if p)
    return f"?{joined}" if joined else ""


def sync_filters(
    triggered: str | None, search: str | None, values: Sequence[Any], freq: str, measure: str
) -> tuple[Any, ...]:
    """Keep the URL, the controls and the filters store in step.

    Returns ``(search, filters_dict, freq, measure, *control_values)``. On page load (or when the
    URL changes) the URL wins and the controls are set from it; when a control changes the URL is
    rewritten; the reset button clears everything.
    """
    if triggered == ids.RESET:
        filters, view = Filters(), dict(VIEW_DEFAULTS)
        return (
            to_search(filters, view),
            filters.to_dict(),
            view["freq"],
            view["measure"],
            *controls_from_filters(filters),
        )
    if triggered in (None, ids.URL):
        filters, view = Filters.from_query(search), view_from_query(search)
        return (no_update, filters.to_dict(), view["freq"], view["measure"], *controls_from_filters(filters))
    filters = filters_from_controls(values)
    view = {"freq": freq or VIEW_DEFAULTS["freq"], "measure": measure or VIEW_DEFAULTS["measure"]}
    keep = [no_update] * (2 + len(CONTROLS))
    return (to_search(filters, view), filters.to_dict(), *keep)


def _filters(filters: Mapping[str, Any] | None) -> Filters:
    if filters is None:
        # The filters store is empty until the URL has been read: wait for it.
        raise PreventUpdate
    return Filters.from_dict(filters)


def update_kpis(data: DashboardData, filters: Mapping[str, Any] | None) -> list[Any]:
    """KPI cards for the filtered set."""
    f = _filters(filters)
    return kpi_cards(data.kpis(f))


#: What an empty view says when the store itself holds no events (rather than the filters
#: excluding them all).
EMPTY_STORE = "This store holds no events yet: ingest articles with 'tracker ingest'"


def _no_events(data: DashboardData, what: str = "events") -> str:
    return EMPTY_STORE if data.is_empty() else f"No {what} match these filters"


def update_actor_timeline(
    data: DashboardData, filters: Mapping[str, Any] | None, freq: str, measure: str
) -> Any:
    """Timeline stacked by perpetrator side, ceasefire periods shaded."""
    f = _filters(filters)
    frame = data.timeline(f, group="actor1_side", freq=freq)
    return figures.timeline_figure(
        frame,
        measure=measure,
        freq=freq,
        periods=data.ceasefire_periods(),
        group_order=list(SIDES),
        empty_message=_no_events(data) if frame.empty else "",
    )


def place_group(filters: Filters) -> str:
    """Group by district when exactly one governorate is selected, else by governorate."""
    return "admin2" if len(filters.admin1) == 1 else "admin1"


def update_place_timeline(
    data: DashboardData, filters: Mapping[str, Any] | None, freq: str, measure: str
) -> Any:
    """Timeline stacked by governorate (by district inside one governorate).

    Governorates keep their fixed colours; districts take theirs from their place among all the
    governorate's districts in the store, so other filters do not repaint them.
    """
    f = _filters(filters)
    group = place_group(f)
    colors = None
    if group == "admin2":
        title = f"Districts of {f.admin1[0]}"
        districts = data.districts(f.admin1[0])
        colors = {d: figures.palette_color(d, districts) for d in districts}
    else:
        title = "Governorates"
    frame = data.timeline(f, group=group, freq=freq)
    return figures.timeline_figure(
        frame,
        measure=measure,
        freq=freq,
        periods=data.ceasefire_periods(),
        title=title,
        colors=colors,
        empty_message=_no_events(data) if frame.empty else "",
    )


def update_heatmap(data: DashboardData, filters: Mapping[str, Any] | None) -> Any:
    """Actor x governorate matrix of violations."""
    f = _filters(filters)
    frame = data.heatmap(f)
    message = _no_events(data, "violations") if frame.empty else ""
    return figures.heatmap_figure(frame, title="", empty_message=message)  # the card carries the title


def in_region(points: pd.DataFrame) -> pd.Series:
    """Which map points lie in Syria's region (:data:`map_view.MAP_REGION`)."""
    west, south, east, north = map_view.MAP_REGION
    lat, lon = points["latitude"].astype(float), points["longitude"].astype(float)
    return lon.between(west, east) & lat.between(south, north)


def map_bounds(
    points: pd.DataFrame, filters: Filters, governorate_bounds: Mapping[str, Bounds]
) -> Bounds | None:
    """What the map should show: the chosen governorates and the filtered events in the region
    (all the events when none is in it); None when there is nothing (the map shows Syria)."""
    boxes = [governorate_bounds[g] for g in filters.admin1 if g in governorate_bounds]
    if not points.empty:
        inside = in_region(points)
        shown = points[inside] if inside.any() else points
        lat, lon = shown["latitude"].astype(float), shown["longitude"].astype(float)
        boxes.append((float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())))
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def update_map(
    data: DashboardData,
    filters: Mapping[str, Any] | None,
    *,
    boundaries_url: str | None = None,
    style: dict[str, Any] | str = "white-bg",
    governorate_bounds: Mapping[str, Bounds] | None = None,
) -> Any:
    """Map of events by place and side over the violations choropleth, fitted to the filtered events."""
    f = _filters(filters)
    points = data.map_points(f)
    inside = in_region(points) if not points.empty else None
    # counted only when the view leaves them out (it fits them when nothing else is left)
    outside = int(points.loc[~inside, "events"].sum()) if inside is not None and inside.any() else 0
    note = f"+ {figures.count_text(outside, 'events')} outside the region" if outside else ""
    return map_view.map_figure(
        points,
        data.by_governorate(f),
        boundaries=data.boundaries,
        boundaries_url=boundaries_url,
        style=style,
        bounds=map_bounds(points, f, governorate_bounds or {}),
        revision=f.to_query() or "all",
        note=note,
    )


def table_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataTable records for a page: ``id`` is the incident id, values are plain text or numbers."""
    rows = []
    for rec in frame.to_dict("records"):
        row: dict[str, Any] = {"id": rec["event_id"]}
        for k, v in rec.items():
            if k == "event_id":
                continue
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                row[k] = None
            elif k == "event_date":
                row[k] = pd.Timestamp(v).date().isoformat()
            elif k == "violation":
                row[k] = "yes" if v else "no"
            elif k == "evidence":
                text = str(v)
                row[k] = text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"
            elif hasattr(v, "item"):
                row[k] = v.item()
            else:
                row[k] = v
        rows.append(row)
    return rows


def update_table(
    data: DashboardData,
    triggered: str | None,
    filters: Mapping[str, Any] | None,
    page_current: int | None,
    page_size: int | None,
    sort_by: list[dict[str, str]] | None,
) -> tuple[list[dict[str, Any]], int, int, str]:
    """One page of the filtered events: ``(rows, page_count, page_current, count_text)``.

    A filter change goes back to the first page.
    """
    f = _filters(filters)
    size = page_size or 15
    page = 0 if triggered == ids.FILTERS else (page_current or 0)
    total = data.count(f)
    pages = max(1, -(-total // size))
    page = min(page, pages - 1)
    rows = table_rows(data.page(f, page=page, size=size, sort_by=sort_by or []))
    return rows, pages, page, figures.count_text(total, "events")


def select_event(
    data: DashboardData,
    triggered: str | None,
    clicks: Mapping[str, Any],
    filters: Mapping[str, Any] | None,
    freq: str | None,
) -> str:
    """The incident id behind what the user clicked: a table row, a timeline bar or a map point.

    ``clicks`` maps the clicked component's id to its ``clickData`` (``active_cell`` for the table).
    A bar or point stands for several incidents; its deadliest (then latest) one is shown.
    """
    click = clicks.get(triggered or "")
    if triggered == ids.TABLE:
        if click and click.get("row_id"):
            return str(click["row_id"])
        raise PreventUpdate
    try:
        custom = click["points"][0]["customdata"]  # type: ignore[index]
    except (TypeError, KeyError, IndexError):
        raise PreventUpdate from None
    f = Filters.from_dict(filters)
    event_id: str | None = None
    # Choropleth clicks (a governorate) carry names, not coordinates: they select nothing.
    is_point = (
        isinstance(custom, list) and len(custom) >= 3 and all(isinstance(c, int | float) for c in custom[:3])
    )
    if triggered == ids.MAP and is_point and 0 <= int(custom[2]) < len(map_view.MAP_SIDES):
        side = map_view.MAP_SIDES[int(custom[2])]
        event_id = data.point_event(f, latitude=custom[0], longitude=custom[1], side=side)
    elif (
        triggered in (ids.TIMELINE_ACTOR, ids.TIMELINE_PLACE)
        and isinstance(custom, list)
        and len(custom) == 3
    ):
        group = "actor1_side" if triggered == ids.TIMELINE_ACTOR else place_group(f)
        period, value, violation = custom
        event_id = data.bar_event(
            f, group=group, value=value, freq=freq or "week", period=period, violation=bool(violation)
        )
    if not event_id:
        raise PreventUpdate
    return event_id


def show_evidence(data: DashboardData, event_id: str | None) -> Any:
    """The evidence panel for ``event_id`` (a hint when nothing is selected)."""
    if not event_id:
        return evidence_panel(None)
    event = data.event(event_id)
    if event is None:
        return evidence_panel(None)
    return evidence_panel(event, data.mentions(event_id))


def register(
    app: dash.Dash,
    data: DashboardData,
    *,
    boundaries_url: str | None = None,
    map_style: dict[str, Any] | str = "white-bg",
    governorate_bounds: Mapping[str, Bounds] | None = None,
) -> None:
    """Wire every callback of the dashboard to ``app`` (``boundaries_url``: where the app serves the
    governorate GeoJSON; ``map_style`` and ``governorate_bounds``: the base map; see
    :func:`dashboards.app.create_app`)."""
    control_inputs = [Input(cid, prop) for cid, prop, _ in CONTROLS]
    control_outputs = [Output(cid, prop) for cid, prop, _ in CONTROLS]

    @app.callback(
        Output(ids.URL, "search"),
        Output(ids.FILTERS, "data"),
        Output(ids.FREQ, "value"),
        Output(ids.MEASURE, "value"),
        *control_outputs,
        Input(ids.URL, "search"),
        Input(ids.RESET, "n_clicks"),
        Input(ids.FREQ, "value"),
        Input(ids.MEASURE, "value"),
        *control_inputs,
    )
    def _sync(search: str | None, _reset: int, freq: str, measure: str, *values: Any) -> tuple[Any, ...]:
        return sync_filters(ctx.triggered_id, search, values, freq, measure)

    @app.callback(Output(ids.KPIS, "children"), Input(ids.FILTERS, "data"))
    def _kpis(filters: dict[str, Any] | None) -> Any:
        return update_kpis(data, filters)

    view = [Input(ids.FILTERS, "data"), Input(ids.FREQ, "value"), Input(ids.MEASURE, "value")]

    @app.callback(Output(ids.TIMELINE_ACTOR, "figure"), *view)
    def _actor_timeline(filters: dict[str, Any] | None, freq: str, measure: str) -> Any:
        return update_actor_timeline(data, filters, freq, measure)

    @app.callback(Output(ids.TIMELINE_PLACE, "figure"), *view)
    def _place_timeline(filters: dict[str, Any] | None, freq: str, measure: str) -> Any:
        return update_place_timeline(data, filters, freq, measure)

    @app.callback(Output(ids.HEATMAP, "figure"), Input(ids.FILTERS, "data"))
    def _heatmap(filters: dict[str, Any] | None) -> Any:
        return update_heatmap(data, filters)

    @app.callback(Output(ids.MAP, "figure"), Input(ids.FILTERS, "data"))
    def _map(filters: dict[str, Any] | None) -> Any:
        return update_map(
            data,
            filters,
            boundaries_url=boundaries_url,
            style=map_style,
            governorate_bounds=governorate_bounds,
        )

    @app.callback(
        Output(ids.TABLE, "data"),
        Output(ids.TABLE, "page_count"),
        Output(ids.TABLE, "page_current"),
        Output(ids.TABLE_COUNT, "children"),
        Input(ids.FILTERS, "data"),
        Input(ids.TABLE, "page_current"),
        Input(ids.TABLE, "page_size"),
        Input(ids.TABLE, "sort_by"),
    )
    def _table(filters: dict[str, Any] | None, page: int, size: int, sort_by: list[dict[str, str]]) -> Any:
        return update_table(data, ctx.triggered_id, filters, page, size, sort_by)

    @app.callback(
        Output(ids.SELECTED, "data"),
        Input(ids.MAP, "clickData"),
        Input(ids.TIMELINE_ACTOR, "clickData"),
        Input(ids.TIMELINE_PLACE, "clickData"),
        Input(ids.TABLE, "active_cell"),
        State(ids.FILTERS, "data"),
        State(ids.FREQ, "value"),
        prevent_initial_call=True,
    )
    def _select(
        map_click: Any, actor_click: Any, place_click: Any, cell: Any, filters: Any, freq: str
    ) -> str:
        clicks = {
            ids.MAP: map_click,
            ids.TIMELINE_ACTOR: actor_click,
            ids.TIMELINE_PLACE: place_click,
            ids.TABLE: cell,
        }
        return select_event(data, ctx.triggered_id, clicks, filters, freq)

    @app.callback(Output(ids.EVIDENCE, "children"), Input(ids.SELECTED, "data"))
    def _evidence(event_id: str | None) -> Any:
        return show_evidence(data, event_id)

    # The CSV download: a file written on the server and served once (dashboards/download.py).
    register_download(app, data)


__all__ = [
    "CONTROLS",
    "controls_from_filters",
    "filters_from_controls",
    "in_region",
    "map_bounds",
    "place_group",
    "register",
    "select_event",
    "show_evidence",
    "sync_filters",
    "table_rows",
    "to_search",
    "update_actor_timeline",
    "update_heatmap",
    "update_kpis",
    "update_map",
    "update_place_timeline",
    "update_table",
    "view_from_query",
]
