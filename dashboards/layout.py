"""The dashboard's page, built by functions from the filter options (never from data at import).

Reads the option lists :meth:`DashboardData.options` returns; writes Dash components.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import dash_table, dcc, html

from dashboards import ids
from dashboards.data import NO_CEASEFIRE, TABLE_COLUMNS
from dashboards.figures import MODEBAR_REMOVE, SIDE_COLORS, count_text
from dashboards.review import QUEUE_COLUMNS, review_card

#: Table headers.
COLUMN_NAMES: dict[str, str] = {
    "event_date": "Date",
    "location": "Place",
    "admin1": "Governorate",
    "actor1": "Perpetrator",
    "actor1_side": "Side",
    "actor2": "Target",
    "sub_event_type": "Type",
    "fatalities_best": "Killed",
    "violation": "Violation",
    "ceasefire": "Ceasefire",
    "source": "Source",
    "n_sources": "Reports",
    "language": "Lang",
    "evidence": "Evidence",
}

#: Columns shown: the language is not (the evidence shows it by its script and direction), but the
#: rows keep it so Arabic evidence can be set right to left.
SHOWN_COLUMNS: tuple[str, ...] = tuple(c for c in TABLE_COLUMNS if c != "language")

PAGE_SIZE = 15

#: The page's font stack (DataTable cells otherwise fall back to monospace).
FONT = "system-ui, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif"

#: Column widths: the table fits the main column of a 1600 px window without scrolling; the
#: evidence takes what is left and wraps.
COLUMN_WIDTHS: dict[str, str] = {
    "event_date": "80px",
    "location": "92px",
    "admin1": "94px",
    "actor1": "132px",
    "actor1_side": "90px",
    "actor2": "110px",
    "sub_event_type": "112px",
    "fatalities_best": "46px",
    "violation": "68px",
    "ceasefire": "96px",
    "source": "86px",
    "n_sources": "62px",
}


def _options(values: list[str], labels: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    labels = labels or {}
    return [{"label": labels.get(v, v), "value": v} for v in values]


def _field(label: str, control: Any) -> html.Div:
    return html.Div([html.Label(label, className="field-label"), control], className="field")


def filter_panel(options: Mapping[str, Any]) -> html.Aside:
    """The filter controls (their values are set from the URL on load)."""
    ceasefires = _options(options.get("ceasefires", [])) + [
        {"label": "outside any ceasefire", "value": NO_CEASEFIRE}
    ]
    return html.Aside(
        [
            html.H2("Filters"),
            _field(
                "Dates",
                dcc.DatePickerRange(
                    id=ids.DATES,
                    # No min/max: the picker silently drops a typed date outside them, and "to 31
                    # March" is a fair end for events up to the 29th.
                    initial_visible_month=options.get("max_date"),
                    number_of_months_shown=1,
                    display_format="YYYY-MM-DD",
                    start_date_placeholder_text="from",
                    end_date_placeholder_text="to",
                    first_day_of_week=1,
                    clearable=True,
                ),
            ),
            _field(
                "Perpetrator side",
                dcc.Checklist(
                    id=ids.SIDES,
                    options=[
                        {
                            "label": html.Span(
                                s, className="side-chip", style={"borderColor": SIDE_COLORS.get(s, "#888")}
                            ),
                            "value": s,
                        }
                        for s in options.get("sides", [])
                    ],
                    value=[],
                    className="checks",
                ),
            ),
            _field(
                "Actors", dcc.Dropdown(id=ids.ACTORS, options=_options(options.get("actors", [])), multi=True)
            ),
            _field(
                "Governorates",
                dcc.Dropdown(id=ids.ADMIN1, options=_options(options.get("admin1", [])), multi=True),
            ),
            _field(
                "Event types",
                dcc.Dropdown(
                    id=ids.EVENT_TYPES, options=_options(options.get("event_types", [])), multi=True
                ),
            ),
            _field("Ceasefire", dcc.Dropdown(id=ids.CEASEFIRES, options=ceasefires, multi=True)),
            dcc.Checklist(
                id=ids.VIOLATIONS_ONLY,
                options=[{"label": "Violations only", "value": "yes"}],
                value=[],
                className="checks",
            ),
            _field(
                "Language",
                dcc.Checklist(
                    id=ids.LANGUAGES,
                    options=_options(options.get("languages", []), {"ar": "Arabic", "en": "English"}),
                    value=[],
                    className="checks",
                ),
            ),
            _field(
                "Reporting source",
                dcc.Dropdown(id=ids.SOURCES, options=_options(options.get("sources", [])), multi=True),
            ),
            _field(
                "Minimum fatalities",
                dcc.Input(
                    id=ids.MIN_FATALITIES, type="number", min=0, step=1, debounce=True, placeholder="0"
                ),
            ),
            html.Button("Clear filters", id=ids.RESET, n_clicks=0, className="button-secondary"),
            html.Hr(),
            html.Div(
                [
                    html.Div("Download the filtered events", className="field-label"),
                    html.Button("CSV", id=ids.DOWNLOAD_CSV, n_clicks=0),
                    html.Button("CSV for Excel", id=ids.DOWNLOAD_EXCEL, n_clicks=0),
                    dcc.Download(id=ids.DOWNLOAD),
                ],
                className="downloads",
            ),
        ],
        className="filters",
    )


def kpi_cards(kpis: Mapping[str, Any]) -> list[html.Div]:
    """Cards for the totals of :meth:`DashboardData.kpis`: events, violations, fatalities, then
    events (violations) per side."""

    def card(label: str, value: int, cls: str, note: str = "", color: str | None = None) -> html.Div:
        style = {"borderTopColor": color} if color else None
        return html.Div(
            [
                html.Div(f"{value:,}", className="kpi-value"),
                html.Div(label, className="kpi-label"),
                html.Div(note, className="kpi-note"),
            ],
            className=f"kpi {cls}",
            style=style,
        )

    events, violations, fatalities = (kpis.get(k, 0) for k in ("events", "violations", "fatalities"))
    cards = [
        card("event" if events == 1 else "events", events, "kpi-events"),
        card("violation" if violations == 1 else "violations", violations, "kpi-violations"),
        card("fatality" if fatalities == 1 else "fatalities", fatalities, "kpi-fatalities"),
    ]
    for side, v in kpis.get("by_side", {}).items():
        cards.append(
            card(
                side,
                v["events"],
                f"kpi-side kpi-side-{side}",
                f"{count_text(v['violations'], 'violations')} · {count_text(v['fatalities'], 'fatalities')}",
                SIDE_COLORS.get(side),
            )
        )
    return cards


def _card(title: str, body: Any, *, cls: str = "") -> html.Section:
    return html.Section([html.H3(title), body], className=f"card {cls}".strip())


def _graph(id_: str, height: int) -> dcc.Loading:
    return dcc.Loading(
        dcc.Graph(
            id=id_,
            config={"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": MODEBAR_REMOVE},
            style={"height": f"{height}px"},
        ),
        type="dot",
        delay_show=300,
    )


def events_table(
    id_: str, columns: Mapping[str, str], *, page_size: int, widths: Mapping[str, str], **kwargs: Any
) -> Any:
    """A DataTable of incidents paged by the server (``columns``: id -> header): the events table and
    the review queue look alike (violations shaded, Arabic evidence right to left)."""
    return dash_table.DataTable(  # type: ignore[attr-defined]
        id=id_,
        columns=[{"name": name, "id": c} for c, name in columns.items()],
        data=[],
        page_action="custom",
        page_current=0,
        page_size=page_size,
        page_count=0,
        cell_selectable=True,
        style_table={"overflowX": "auto"},
        style_cell={
            "fontFamily": FONT,
            "fontSize": "12px",
            "padding": "4px 6px",
            "textAlign": "left",
            "whiteSpace": "normal",
            "height": "auto",
            "lineHeight": "1.35",
            "verticalAlign": "top",
            "overflowWrap": "anywhere",
        },
        style_cell_conditional=[
            *({"if": {"column_id": c}, "width": w, "minWidth": w, "maxWidth": w} for c, w in widths.items()),
            {"if": {"column_id": "evidence"}, "minWidth": "200px"},
            {"if": {"column_id": ["fatalities_best", "n_sources", "confidence"]}, "textAlign": "right"},
        ],
        style_header={"fontWeight": "600", "backgroundColor": "#f4f5f7"},
        style_data_conditional=[
            {"if": {"filter_query": '{violation} = "yes"'}, "backgroundColor": "#fff1f0"},
            {"if": {"column_id": "evidence"}, "unicodeBidi": "plaintext"},
            # Arabic evidence reads (and is shortened) from the right.
            {
                "if": {"filter_query": '{language} = "ar"', "column_id": "evidence"},
                "direction": "rtl",
                "textAlign": "right",
            },
        ],
        **kwargs,
    )


def queue_card() -> html.Section:
    """The review queue: unreviewed events, most important first, and the reviewed / total counter."""
    return html.Section(
        [
            html.H3("Review queue"),
            html.Div(id=ids.QUEUE_COUNT, className="table-count"),
            html.Div("violations first, then the largest tolls, then the least sure", className="reason"),
            events_table(
                ids.QUEUE, QUEUE_COLUMNS, page_size=8, widths=COLUMN_WIDTHS | {"confidence": "80px"}
            ),
        ],
        className="card",
    )


def build_layout(
    options: Mapping[str, Any], *, review_enabled: bool = True, review_token: bool = False
) -> html.Div:
    """The whole page for a store whose filter values are ``options`` (``review_enabled``: whether
    the review form may save; ``review_token``: whether saving asks for the operator's token)."""
    table = events_table(
        ids.TABLE,
        {c: COLUMN_NAMES.get(c, c) for c in SHOWN_COLUMNS},
        page_size=PAGE_SIZE,
        widths=COLUMN_WIDTHS,
        sort_action="custom",
        sort_mode="single",
        sort_by=[],
    )
    controls = html.Div(
        [
            dcc.RadioItems(
                id=ids.FREQ,
                options=[{"label": x, "value": x} for x in ("day", "week", "month")],
                value="week",
                inline=True,
                className="radio",
            ),
            dcc.RadioItems(
                id=ids.MEASURE,
                options=[
                    {"label": "events", "value": "events"},
                    {"label": "fatalities", "value": "fatalities"},
                ],
                value="events",
                inline=True,
                className="radio",
            ),
        ],
        className="view-controls",
    )
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.FILTERS, data=None),
            dcc.Store(id=ids.SELECTED, data=None),
            dcc.Store(id=ids.REVIEWS, data=0),
            html.Header(
                [
                    html.H1("Ceasefire violations in Syria"),
                    html.Div("events extracted from Arabic and English news", className="subtitle"),
                ],
                className="top",
            ),
            html.Div(
                [
                    filter_panel(options),
                    html.Main(
                        [
                            html.Div(id=ids.KPIS, className="kpis"),
                            controls,
                            _card("Timeline by perpetrator side", _graph(ids.TIMELINE_ACTOR, 340)),
                            _card("Timeline by place", _graph(ids.TIMELINE_PLACE, 340)),
                            html.Div(
                                [
                                    _card("Map", _graph(ids.MAP, 520), cls="card-map"),
                                    _card(
                                        "Evidence",
                                        html.Div(id=ids.EVIDENCE, className="evidence"),
                                        cls="card-evidence",
                                    ),
                                ],
                                className="row",
                            ),
                            review_card(enabled=review_enabled, needs_token=review_token),
                            queue_card(),
                            _card("Violations by perpetrator and governorate", _graph(ids.HEATMAP, 420)),
                            _card(
                                "Events",
                                html.Div([html.Div(id=ids.TABLE_COUNT, className="table-count"), table]),
                            ),
                        ],
                        className="main",
                    ),
                ],
                className="body",
            ),
        ],
        className="app",
    )


__all__ = [
    "COLUMN_NAMES",
    "PAGE_SIZE",
    "SHOWN_COLUMNS",
    "build_layout",
    "events_table",
    "filter_panel",
    "kpi_cards",
    "queue_card",
]
