"""Callbacks: thin glue from controls to queries to figures.

Each callback is a plain function of a :class:`DashboardData` and the component values (tests call
them directly); :func:`register` wires them to an app. Reads the store through ``data``; writes
component properties.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs, urlencode

import dash
import pandas as pd
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from dashboards import figures, ids, map_view, review
from dashboards.basemap import Bounds
from dashboards.data import SIDES, DashboardData, Filters
from dashboards.download import register_download
from dashboards.evidence import evidence_panel, sentence
from dashboards.layout import kpi_cards
from tracker.store import StoreError

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


def _paged(triggered: str | None, page: int | None, rows: int, size: int) -> tuple[int, int]:
    """``(page, page_count)`` for ``rows`` rows shown ``size`` a page: back to the first page when the
    filters changed, else the asked page within the count."""
    pages = max(1, -(-rows // size))
    return (0 if triggered == ids.FILTERS else min(page or 0, pages - 1)), pages


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
    total = data.count(f)
    page, pages = _paged(triggered, page_current, total, size)
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


#: The form's controls in callback order: (field, component id, property).
REVIEW_CONTROLS: tuple[tuple[str, str, str], ...] = tuple(
    (field, cid, prop) for field, (cid, prop, _) in review.FORM_FIELDS.items()
)


def show_review(data: DashboardData, event_id: str | None) -> tuple[Any, ...]:
    """The review card for ``event_id``: ``(empty_style, body_style, sentence, decision, comment,
    duplicate_of, *control values, place_options)``; the form is hidden when nothing (or a rejected event) is shown."""
    event = data.event(event_id) if event_id else None
    hidden: dict[str, str] = {"display": "none"}
    shown: dict[str, str] = {}
    if event is None:
        return (shown, hidden, [], "", "", "", *[None] * len(REVIEW_CONTROLS), [])
    values = review.form_values(event)
    facts = html.Div(
        [
            html.B(_short(event.get("event_date")) or "date unknown"),
            f" · {event.get('location') or 'place unknown'} · {figures.count_text(event.get('fatalities_best') or 0, 'killed')}",
            html.Div(f"id {event_id}", className="reason"),
        ],
        className="facts",
    )
    return (
        hidden,
        shown,
        [facts, *sentence(event), *(_machine_note(event))],
        "",
        "",
        "",
        *[values[field] for field, _, _ in REVIEW_CONTROLS],
        [],
    )


def _short(value: Any) -> str:
    return str(value)[:10] if value else ""


def _machine_note(event: Mapping[str, Any]) -> list[Any]:
    machine = event.get("machine_values")
    if not machine:
        return []
    values = json.loads(machine)
    shown = "; ".join(f"{k} {v if v is not None else '(none)'}" for k, v in values.items())
    return [html.Div(f"As extracted: {shown}", className="reason")]


def save_review(
    data: DashboardData,
    writer: review.ReviewWriter,
    event_id: str | None,
    decision: str | None,
    values: Mapping[str, Any],
    *,
    reviewer: str | None,
    comment: str | None,
    token: str | None,
    duplicate_of: str | None = None,
) -> tuple[str, bool]:
    """Record what the form says about ``event_id``: ``(message, saved)``. Only the fields the
    reviewer changed are recorded (and the decision, when one was chosen); a duplicate names the
    event it repeats (``duplicate_of``, kept in the comment) when the reviewer gives it."""
    from tracker.review import ReviewError

    if not event_id:
        return "Choose an event first.", False
    event = data.event(event_id)
    if event is None:
        return "This event is no longer shown (rejected, or gone from the store).", False
    changes: dict[str, Any] = {}
    if decision:
        changes["review"] = decision
    changes.update(review.form_changes(event, values))
    other = (duplicate_of or "").strip()
    if decision == "duplicate" and other:
        if other == event_id or data.event(other) is None:
            return f"Not saved: there is no other event {other!r} to be a duplicate of.", False
        comment = f"duplicate of {other}" + (f": {comment}" if comment else "")
    if not changes:
        return "Nothing to save: change a field or choose a decision.", False
    try:
        n = writer.record(event_id, changes, reviewer=reviewer or "", comment=comment, token=token)
    except ReviewError as exc:
        return f"Not saved: {exc}", False
    except StoreError as exc:
        return f"Not saved: the store is busy or unavailable ({exc})", False
    data.reviews_changed()
    return f"Saved {n} decision{'' if n == 1 else 's'}: {', '.join(changes)}.", True


def update_queue(
    data: DashboardData,
    triggered: str | None,
    filters: Mapping[str, Any] | None,
    page: int | None,
    size: int | None,
) -> tuple[list[dict[str, Any]], int, int, str]:
    """The review queue's page: ``(rows, page_count, page_current, counter)``."""
    f = _filters(filters)
    size = size or 8
    done, total = data.review_counts(f)
    page, pages = _paged(triggered, page, total - done, size)
    rows = table_rows(data.review_queue(f, page=page, size=size))
    return rows, pages, page, f"reviewed {done:,} / {total:,} events under these filters"


def register(
    app: dash.Dash,
    data: DashboardData,
    *,
    boundaries_url: str | None = None,
    map_style: dict[str, Any] | str = "white-bg",
    governorate_bounds: Mapping[str, Bounds] | None = None,
    writer: review.ReviewWriter | None = None,
) -> None:
    """Wire every callback of the dashboard to ``app`` (``boundaries_url``: where the app serves the
    governorate GeoJSON; ``map_style`` and ``governorate_bounds``: the base map; ``writer``: where
    the review form's decisions go, None to refuse them; see :func:`dashboards.app.create_app`).

    Every view also redraws when a review is saved (:data:`ids.REVIEWS` changes)."""
    saved = Input(ids.REVIEWS, "data")
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

    @app.callback(Output(ids.KPIS, "children"), Input(ids.FILTERS, "data"), saved)
    def _kpis(filters: dict[str, Any] | None, _saved: int) -> Any:
        return update_kpis(data, filters)

    view = [Input(ids.FILTERS, "data"), Input(ids.FREQ, "value"), Input(ids.MEASURE, "value"), saved]

    @app.callback(Output(ids.TIMELINE_ACTOR, "figure"), *view)
    def _actor_timeline(filters: dict[str, Any] | None, freq: str, measure: str, _saved: int) -> Any:
        return update_actor_timeline(data, filters, freq, measure)

    @app.callback(Output(ids.TIMELINE_PLACE, "figure"), *view)
    def _place_timeline(filters: dict[str, Any] | None, freq: str, measure: str, _saved: int) -> Any:
        return update_place_timeline(data, filters, freq, measure)

    @app.callback(Output(ids.HEATMAP, "figure"), Input(ids.FILTERS, "data"), saved)
    def _heatmap(filters: dict[str, Any] | None, _saved: int) -> Any:
        return update_heatmap(data, filters)

    @app.callback(Output(ids.MAP, "figure"), Input(ids.FILTERS, "data"), saved)
    def _map(filters: dict[str, Any] | None, _saved: int) -> Any:
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
        saved,
    )
    def _table(
        filters: dict[str, Any] | None, page: int, size: int, sort_by: list[dict[str, str]], _saved: int
    ) -> Any:
        return update_table(data, ctx.triggered_id, filters, page, size, sort_by)

    @app.callback(
        Output(ids.SELECTED, "data"),
        Input(ids.MAP, "clickData"),
        Input(ids.TIMELINE_ACTOR, "clickData"),
        Input(ids.TIMELINE_PLACE, "clickData"),
        Input(ids.TABLE, "active_cell"),
        Input(ids.QUEUE, "active_cell"),
        State(ids.FILTERS, "data"),
        State(ids.FREQ, "value"),
        prevent_initial_call=True,
    )
    def _select(
        map_click: Any, actor_click: Any, place_click: Any, cell: Any, queued: Any, filters: Any, freq: str
    ) -> str:
        if ctx.triggered_id == ids.QUEUE:  # a queued event: a table row like the others
            return select_event(data, ids.TABLE, {ids.TABLE: queued}, filters, freq)
        clicks = {
            ids.MAP: map_click,
            ids.TIMELINE_ACTOR: actor_click,
            ids.TIMELINE_PLACE: place_click,
            ids.TABLE: cell,
        }
        return select_event(data, ctx.triggered_id, clicks, filters, freq)

    @app.callback(Output(ids.EVIDENCE, "children"), Input(ids.SELECTED, "data"), saved)
    def _evidence(event_id: str | None, _saved: int) -> Any:
        return show_evidence(data, event_id)

    _register_review(app, data, writer, saved)

    # The CSV download: a file written on the server and served once (dashboards/download.py).
    register_download(app, data)


def _register_review(
    app: dash.Dash, data: DashboardData, writer: review.ReviewWriter | None, saved: Input
) -> None:
    """The review card and the review queue's callbacks (decisions arrive as POSTed callbacks)."""
    controls = [Output(cid, prop) for _, cid, prop in REVIEW_CONTROLS]

    @app.callback(
        Output(ids.R_EMPTY, "style"),
        Output(ids.R_BODY, "style"),
        Output(ids.R_SENTENCE, "children"),
        Output(ids.R_DECISION, "value"),
        Output(ids.R_COMMENT, "value"),
        Output(ids.R_DUPLICATE_OF, "value"),
        *controls,
        Output(ids.R_PLACE, "options"),
        Input(ids.SELECTED, "data"),
        saved,
    )
    def _review_form(event_id: str | None, _saved: int) -> tuple[Any, ...]:
        return show_review(data, event_id)

    @app.callback(
        Output(ids.R_PLACE, "options", allow_duplicate=True),
        Input(ids.R_PLACE, "search_value"),
        State(ids.R_PLACE, "value"),
        prevent_initial_call=True,
    )
    def _places(search: str | None, chosen: str | None) -> list[dict[str, str]]:
        if not search:
            raise PreventUpdate
        return review.place_options(search, keep=chosen)

    @app.callback(
        Output(ids.R_STATUS, "children"),
        Output(ids.REVIEWS, "data"),
        Input(ids.R_SAVE, "n_clicks"),
        State(ids.SELECTED, "data"),
        State(ids.R_DECISION, "value"),
        *[State(cid, prop) for _, cid, prop in REVIEW_CONTROLS],
        State(ids.R_REVIEWER, "value"),
        State(ids.R_COMMENT, "value"),
        State(ids.R_TOKEN, "value"),
        State(ids.R_DUPLICATE_OF, "value"),
        State(ids.REVIEWS, "data"),
        prevent_initial_call=True,
    )
    def _save(_clicks: int, event_id: str | None, decision: str | None, *rest: Any) -> tuple[str, Any]:
        values = {field: v for (field, _, _), v in zip(REVIEW_CONTROLS, rest, strict=False)}
        reviewer, comment, token, duplicate_of, count = rest[len(REVIEW_CONTROLS) :]
        if writer is None:
            return "Reviewing is off on this dashboard.", no_update
        message, ok = save_review(
            data,
            writer,
            event_id,
            decision,
            values,
            reviewer=reviewer,
            comment=comment,
            token=token,
            duplicate_of=duplicate_of,
        )
        return message, (count or 0) + 1 if ok else no_update

    @app.callback(
        Output(ids.QUEUE, "data"),
        Output(ids.QUEUE, "page_count"),
        Output(ids.QUEUE, "page_current"),
        Output(ids.QUEUE_COUNT, "children"),
        Input(ids.FILTERS, "data"),
        Input(ids.QUEUE, "page_current"),
        Input(ids.QUEUE, "page_size"),
        saved,
    )
    def _queue(filters: dict[str, Any] | None, page: int, size: int, _saved: int) -> Any:
        return update_queue(data, ctx.triggered_id, filters, page, size)


__all__ = [
    "CONTROLS",
    "controls_from_filters",
    "filters_from_controls",
    "in_region",
    "map_bounds",
    "place_group",
    "register",
    "save_review",
    "select_event",
    "show_review",
    "show_evidence",
    "sync_filters",
    "table_rows",
    "to_search",
    "update_actor_timeline",
    "update_heatmap",
    "update_kpis",
    "update_map",
    "update_place_timeline",
    "update_queue",
    "update_table",
    "view_from_query",
]
