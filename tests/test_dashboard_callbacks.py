"""Every dashboard callback, called as a plain function on hand-written stores, plus the evidence
panel (highlighting, right-to-left, no HTML from article text), the app factory and the CLI."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from click.testing import CliRunner
from dash import html, no_update
from dash.exceptions import PreventUpdate

from dashboards import callbacks, figures, ids
from dashboards.data import DashboardData, Filters
from dashboards.evidence import evidence_panel, highlight_spans, safe_url, segments
from tests.dashboard_fixtures import *  # noqa: F403 - the shared store fixtures
from tests.dashboard_fixtures import CF, XSS_IMG, XSS_SCRIPT

NO_CONTROLS = [None] * len(callbacks.CONTROLS)


def _walk(component):  # noqa: ANN001, ANN202 - yields every component and string in a tree
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        for c in children:
            yield from _walk(c)
    elif children is not None:
        yield from _walk(children)


def _trace_key(t) -> str:  # noqa: ANN001 - a group's name, with " (violations)" for its hatched trace
    return t.name + (" (violations)" if t.marker.pattern.shape == "/" else "")


def _texts(component) -> list[str]:  # noqa: ANN001
    return [c for c in _walk(component) if isinstance(c, str)]


# -- URL and filter sync --------------------------------------------------------------------------


def test_sync_on_load_reads_the_url() -> None:
    out = callbacks.sync_filters(
        None, "?side=government&gov=Idleb&viol=1&freq=month", NO_CONTROLS, "week", "events"
    )
    search, filters, freq, measure, *controls = out
    assert search is no_update
    assert Filters.from_dict(filters) == Filters(
        sides=("government",), admin1=("Idleb",), violations_only=True
    )
    assert (freq, measure) == ("month", "events")
    by_field = {field: v for (_, _, field), v in zip(callbacks.CONTROLS, controls, strict=True)}
    assert by_field["sides"] == ["government"]
    assert by_field["violations_only"] == ["yes"]
    assert by_field["start"] is None


def test_sync_control_change_rewrites_the_url() -> None:
    values = list(NO_CONTROLS)
    names = [field for _, _, field in callbacks.CONTROLS]
    values[names.index("start")] = "2017-01-01"
    values[names.index("sides")] = ["opposition"]
    values[names.index("violations_only")] = ["yes"]
    values[names.index("min_fatalities")] = 3
    out = callbacks.sync_filters(ids.SIDES, "", values, "day", "fatalities")
    search, filters, *rest = out
    assert search == "?from=2017-01-01&side=opposition&viol=1&minf=3&freq=day&measure=fatalities"
    assert Filters.from_dict(filters).min_fatalities == 3
    assert all(v is no_update for v in rest)
    # The URL it wrote gives the same filters back.
    again = callbacks.sync_filters(ids.URL, search, NO_CONTROLS, "week", "events")
    assert again[1] == filters and again[2:4] == ("day", "fatalities")


def test_sync_reset_clears_everything() -> None:
    out = callbacks.sync_filters(ids.RESET, "?side=government", NO_CONTROLS, "month", "fatalities")
    assert out[0] == ""
    assert Filters.from_dict(out[1]) == Filters()
    assert out[2:4] == ("week", "events")


@pytest.mark.parametrize(
    ("search", "view"),
    [
        ("", {"freq": "week", "measure": "events"}),
        ("?freq=decade&measure=x", {"freq": "week", "measure": "events"}),
    ],
    ids=["defaults", "unknown-values"],
)
def test_view_from_query(search: str, view: dict) -> None:
    assert callbacks.view_from_query(search) == view


# -- views ------------------------------------------------------------------------------------------


def test_views_wait_for_the_url() -> None:
    with pytest.raises(PreventUpdate):
        callbacks.update_kpis(None, None)  # type: ignore[arg-type]


def test_update_kpis(small_data: DashboardData) -> None:
    cards = callbacks.update_kpis(small_data, Filters(sides=("government",)).to_dict())
    texts = [_texts(c) for c in cards]
    assert texts[0][:2] == ["3", "events"]
    assert texts[1][:2] == ["2", "violations"]
    assert texts[2][:2] == ["35", "fatalities"]
    assert texts[3] == ["3", "government", "2 violations · 35 killed"]


def test_update_kpis_empty(empty_data: DashboardData) -> None:
    cards = callbacks.update_kpis(empty_data, Filters().to_dict())
    assert [_texts(c)[0] for c in cards] == ["0", "0", "0"]


def test_update_actor_timeline(small_data: DashboardData) -> None:
    fig = go.Figure(callbacks.update_actor_timeline(small_data, Filters().to_dict(), "month", "fatalities"))
    totals = {_trace_key(t): int(sum(t.y)) for t in fig.data}
    assert totals == {
        "government": 30,
        "government (violations)": 5,
        "opposition (violations)": 2,
        "other": 12,
        "unknown": 0,
    }
    assert any(s.type == "rect" for s in fig.layout.shapes)  # the ceasefire is shaded


def test_update_actor_timeline_after_filter(small_data: DashboardData) -> None:
    fig = go.Figure(
        callbacks.update_actor_timeline(small_data, Filters(languages=("ar",)).to_dict(), "day", "events")
    )
    assert sorted(_trace_key(t) for t in fig.data) == ["opposition (violations)", "unknown"]


def test_place_colours_do_not_change_with_filters(small_data: DashboardData) -> None:
    def colours(filters: Filters, freq: str = "week") -> dict[str, str]:
        fig = go.Figure(callbacks.update_place_timeline(small_data, filters.to_dict(), freq, "events"))
        return {t.name: t.marker.color for t in fig.data}

    everything, government, monthly = (
        colours(Filters()),
        colours(Filters(sides=("government",))),
        colours(Filters(), "month"),
    )
    assert (
        everything["Idleb"] == government["Idleb"] == monthly["Idleb"] == figures.GOVERNORATE_COLORS["Idleb"]
    )
    # districts keep the colour of their place among all the governorate's districts
    all_idleb = colours(Filters(admin1=("Idleb",)))
    only_harim = colours(Filters(admin1=("Idleb",), languages=("ar",)))
    assert list(only_harim) == ["Harim"] and only_harim["Harim"] == all_idleb["Harim"]


def test_empty_store_says_so(empty_data: DashboardData, small_data: DashboardData) -> None:
    f = Filters().to_dict()
    fig = go.Figure(callbacks.update_actor_timeline(empty_data, f, "week", "events"))
    assert fig.layout.annotations[0].text.startswith("This store holds no events yet")
    assert (
        go.Figure(callbacks.update_heatmap(empty_data, f)).layout.annotations[0].text.startswith("This store")
    )
    none = go.Figure(
        callbacks.update_actor_timeline(small_data, Filters(admin1=("Quneitra",)).to_dict(), "week", "events")
    )
    assert none.layout.annotations[0].text == "No events match these filters"


@pytest.mark.parametrize(
    ("filters", "groups", "title"),
    [
        (Filters(), {"Aleppo", "Idleb", "Deir-ez-Zor", "Rural Damascus"}, "Governorates"),
        (Filters(admin1=("Idleb",)), {"Ma'arrat An Nu'man", "Harim"}, "Districts of Idleb"),
    ],
    ids=["governorates", "districts-of-one"],
)
def test_update_place_timeline(small_data: DashboardData, filters: Filters, groups: set, title: str) -> None:
    fig = go.Figure(callbacks.update_place_timeline(small_data, filters.to_dict(), "week", "events"))
    assert {t.legendgroup for t in fig.data} == groups
    assert fig.layout.title.text == title


def test_update_heatmap(small_data: DashboardData) -> None:
    fig = go.Figure(callbacks.update_heatmap(small_data, Filters().to_dict()))
    assert sum(map(sum, fig.data[0].z)) == 3


def test_update_map(small_data: DashboardData) -> None:
    fig = go.Figure(callbacks.update_map(small_data, Filters(sides=("government",)).to_dict()))
    points = [t for t in fig.data if t.type == "scattermap"]
    assert [t.name for t in points] == ["government"]
    places = sorted(h.split("</b>")[0].removeprefix("<b>") for h in points[0].hovertext)
    assert places == ["Aleppo", "Khan Shaykhun", "Madaya"]


def test_map_fits_the_chosen_governorate(small_data: DashboardData) -> None:
    bounds = {"Idleb": (35.9, 35.2, 37.0, 36.3)}
    fig = go.Figure(
        callbacks.update_map(small_data, Filters(admin1=("Idleb",)).to_dict(), governorate_bounds=bounds)
    )
    everything = go.Figure(callbacks.update_map(small_data, Filters().to_dict(), governorate_bounds=bounds))
    assert 35.9 <= fig.layout.map.center.lon <= 37.0 and 35.2 <= fig.layout.map.center.lat <= 36.3
    assert fig.layout.map.zoom > everything.layout.map.zoom
    # a new filter refits the view; the same filters keep the user's pan and zoom
    assert fig.layout.uirevision != everything.layout.uirevision


def test_map_bounds_leave_far_away_events_out() -> None:
    points = pd.DataFrame(
        {"latitude": [36.2, 33.5, 51.2], "longitude": [37.1, 36.3, 71.4], "events": [1, 1, 2]}
    )
    assert callbacks.map_bounds(points, Filters(), {}) == (36.3, 33.5, 37.1, 36.2)
    # nothing in the region: fit what there is
    assert callbacks.map_bounds(points.iloc[2:], Filters(), {}) == (71.4, 51.2, 71.4, 51.2)
    assert callbacks.map_bounds(points.iloc[0:0], Filters(), {}) is None


@pytest.mark.parametrize("fixture", ["empty_data", "single_data"])
def test_every_view_on_empty_and_single(fixture: str, request: pytest.FixtureRequest) -> None:
    data = request.getfixturevalue(fixture)
    f = Filters().to_dict()
    n = 0 if fixture == "empty_data" else 1
    assert _texts(callbacks.update_kpis(data, f)[0])[0] == str(n)
    for fig in (
        go.Figure(callbacks.update_actor_timeline(data, f, "day", "events")),
        go.Figure(callbacks.update_place_timeline(data, f, "month", "fatalities")),
        go.Figure(callbacks.update_heatmap(data, f)),
        go.Figure(callbacks.update_map(data, f)),
    ):
        pio.to_json(fig)  # serialisable for the browser
    rows, pages, page, count = callbacks.update_table(data, ids.FILTERS, f, 0, 15, [])
    assert (len(rows), pages, page, count) == (n, 1, 0, "1 event" if n == 1 else "0 events")
    if n == 1:  # singular where there is one
        assert _texts(callbacks.update_kpis(data, f)[0])[:2] == ["1", "event"]


# -- table ------------------------------------------------------------------------------------------


def test_update_table_pages_and_sorts(small_data: DashboardData) -> None:
    f = Filters().to_dict()
    rows, pages, page, count = callbacks.update_table(small_data, ids.TABLE, f, 1, 4, [])
    assert ([r["id"] for r in rows], pages, page, count) == (["E1", "E4"], 2, 1, "6 events")
    rows, *_ = callbacks.update_table(
        small_data, ids.TABLE, f, 0, 2, [{"column_id": "fatalities_best", "direction": "desc"}]
    )
    assert [r["id"] for r in rows] == ["E4", "E3"]


def test_update_table_filter_change_goes_to_first_page(small_data: DashboardData) -> None:
    rows, pages, page, _ = callbacks.update_table(small_data, ids.FILTERS, Filters().to_dict(), 1, 4, [])
    assert page == 0 and [r["id"] for r in rows] == ["E6", "E5", "E3", "E2"]


def test_update_table_page_past_the_end_is_clamped(small_data: DashboardData) -> None:
    f = Filters(sides=("government",)).to_dict()
    _, pages, page, _ = callbacks.update_table(small_data, ids.TABLE, f, 9, 2, [])
    assert (pages, page) == (2, 1)


def test_table_rows_are_plain_values(small_data: DashboardData) -> None:
    rows = callbacks.table_rows(small_data.page(Filters(sides=("unknown", "government")), size=10))
    e6 = next(r for r in rows if r["id"] == "E6")
    assert e6["event_date"] == "2017-02-15"
    assert e6["violation"] == "yes"
    assert e6["evidence"].startswith(XSS_SCRIPT)  # text: the DataTable shows it, it does not run it
    e5 = next(r for r in rows if r["id"] == "E5")
    assert e5["fatalities_best"] is None and e5["violation"] is None
    json.dumps(rows)


def test_table_rows_cut_long_evidence() -> None:
    frame = pd.DataFrame({"event_id": ["x"], "evidence": ["word " * 100]})
    (row,) = callbacks.table_rows(frame)
    assert len(row["evidence"]) == callbacks.EVIDENCE_CHARS and row["evidence"].endswith("…")


# -- selection and evidence -------------------------------------------------------------------------


SELECT_CASES = [
    ("table-row", ids.TABLE, {"row": 0, "column": 1, "row_id": "E2"}, Filters(), "E2"),
    (
        "map-point",
        ids.MAP,
        {"points": [{"customdata": [35.33, 40.14, 2, 1, 12, 0]}]},
        Filters(),
        "E3",
    ),
    (
        "actor-bar",
        ids.TIMELINE_ACTOR,
        {"points": [{"customdata": ["2017-02-13", "government", True]}]},
        Filters(),
        "E6",
    ),
    (
        "place-bar",
        ids.TIMELINE_PLACE,
        {"points": [{"customdata": ["2016-12-05", "Aleppo", False]}]},
        Filters(),
        "E4",
    ),
    (
        "district-bar",
        ids.TIMELINE_PLACE,
        {"points": [{"customdata": ["2017-01-02", "Ma'arrat An Nu'man", True]}]},
        Filters(admin1=("Idleb",)),
        "E1",
    ),
]


@pytest.mark.parametrize(
    ("triggered", "click", "filters", "expected"),
    [c[1:] for c in SELECT_CASES],
    ids=[c[0] for c in SELECT_CASES],
)
def test_select_event(
    small_data: DashboardData, triggered: str, click: dict, filters: Filters, expected: str
) -> None:
    assert (
        callbacks.select_event(small_data, triggered, {triggered: click}, filters.to_dict(), "week")
        == expected
    )


@pytest.mark.parametrize(
    ("triggered", "click"),
    [
        (ids.TABLE, {"row": 0, "column": 1}),
        (ids.MAP, {"points": []}),
        (ids.MAP, {"points": [{"location": "SY02", "customdata": ["Aleppo", "حلب", 1, 2]}]}),
        (ids.TIMELINE_ACTOR, {"points": [{"customdata": ["2010-01-04", "government", True]}]}),
        (None, None),
    ],
    ids=["cell-without-row-id", "no-points", "governorate-click", "bar-outside-filters", "nothing"],
)
def test_select_event_ignores_clicks_without_an_incident(
    small_data: DashboardData, triggered: str | None, click: dict | None
) -> None:
    with pytest.raises(PreventUpdate):
        callbacks.select_event(small_data, triggered, {triggered or "": click}, Filters().to_dict(), "week")


def test_show_evidence_english(small_data: DashboardData) -> None:
    panel = callbacks.show_evidence(small_data, "E1")
    (sentence,) = [c for c in _walk(panel) if isinstance(c, html.Blockquote)]
    assert sentence.dir == "ltr"
    marks = {c.className.split()[-1]: c.children for c in _walk(sentence) if isinstance(c, html.Mark)}
    assert marks == {
        "hl-trigger": "shelling",
        "hl-count": "five civilians",
        "hl-actor": "Government",
        "hl-place": "Khan Shaykhun",
    }
    texts = _texts(panel)
    assert "Violation" in texts and " · " + CF in texts
    assert "party to the ceasefire attacked inside its area" in texts
    links = [c for c in _walk(panel) if isinstance(c, html.A)]
    assert [(a.children, a.href) for a in links][:1] == [("Reuters", "https://example.org/reuters/e1")]
    assert "Merged reports (2)" in texts
    assert {a.children for a in links[1:]} == {"Reuters", "AFP"}


def test_show_evidence_arabic_is_right_to_left(small_data: DashboardData) -> None:
    panel = callbacks.show_evidence(small_data, "E2")
    (sentence,) = [c for c in _walk(panel) if isinstance(c, html.Blockquote)]
    assert (sentence.dir, sentence.lang) == ("rtl", "ar")
    marks = [c.children for c in _walk(sentence) if isinstance(c, html.Mark)]
    assert marks == ["قصفت", "الفصائل المسلحة", "الحمدانية", "شخصين"]
    assert "".join(_texts(sentence)) == "قصفت الفصائل المسلحة حي الحمدانية بالقذائف وقتلت شخصين"


def test_show_evidence_renders_payloads_as_text(small_data: DashboardData) -> None:
    panel = callbacks.show_evidence(small_data, "E6")
    serialised = json.dumps(panel.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "dangerouslySetInnerHTML" not in serialised
    texts = _texts(panel)
    assert any(XSS_SCRIPT in t for t in texts) and any(XSS_IMG in t for t in texts)
    # No component was made from the payload, and the javascript: link is not a link.
    kinds = {type(c).__name__ for c in _walk(panel) if not isinstance(c, str)}
    assert kinds <= {"Div", "B", "Blockquote", "Mark", "Span", "A", "Ul", "Li", "Bdi"}
    assert all(a.href.startswith("https://") for a in _walk(panel) if isinstance(a, html.A))


def test_source_line_isolates_an_arabic_title(small_data: DashboardData) -> None:
    panel = callbacks.show_evidence(small_data, "E2")
    (line,) = [c for c in _walk(panel) if getattr(c, "className", None) == "source"]
    separator, title = line.children[-2:]
    # the dash stays outside the title's own direction, so it cannot jump to the far end
    assert separator == " — " and isinstance(title, html.Bdi)
    assert (title.children, title.dir) == ("قصف على حلب", "auto")


def test_show_evidence_nothing_selected(small_data: DashboardData) -> None:
    assert "Click a bar" in _texts(callbacks.show_evidence(small_data, None))[0]
    assert "Click a bar" in _texts(callbacks.show_evidence(small_data, "no-such-id"))[0]


def test_evidence_without_mentions_lists_sources() -> None:
    panel = evidence_panel({"event_id": "x", "evidence": "t", "sources": ["A", "B"], "violation": None}, None)
    texts = _texts(panel)
    assert "Not judged" in texts and "Merged reports (2)" in texts


HIGHLIGHT_CASES = [
    ("case-insensitive", "Shelling hit Duma", {"trigger": "shelling"}, [(0, 8, "trigger")]),
    ("missing-part", "Shelling hit Duma", {"place": "Harasta", "trigger": None}, []),
    (
        "overlap-dropped",
        "rebels shelled",
        {"actor": "rebels shelled", "trigger": "shelled"},
        [(0, 14, "actor")],
    ),
    ("arabic", "قصف على دوما", {"place": "دوما", "trigger": "قصف"}, [(0, 3, "trigger"), (8, 12, "place")]),
]


@pytest.mark.parametrize(
    ("text", "parts", "expected"), [c[1:] for c in HIGHLIGHT_CASES], ids=[c[0] for c in HIGHLIGHT_CASES]
)
def test_highlight_spans(text: str, parts: dict, expected: list) -> None:
    spans = highlight_spans(text, parts)
    assert spans == expected
    assert "".join(piece for piece, _ in segments(text, spans)) == text


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.org/x", True),
        ("http://a.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        (None, False),
    ],
    ids=["https", "http", "javascript", "data", "none"],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) == ok


# -- download ---------------------------------------------------------------------------------------


def _download(store: Path, filters: Filters, *, excel: bool) -> tuple[str, bytes]:
    from dashboards.app import create_app
    from dashboards.download import ROUTE

    client = create_app(store).server.test_client()
    query = {"filters": json.dumps(filters.to_dict()), "excel": "1" if excel else "0"}
    response = client.get(ROUTE, query_string=query)
    assert response.status_code == 200
    return response.headers["Content-Disposition"], response.get_data()


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "excel-csv"])
def test_download_has_exactly_the_filtered_rows(small_store: Path, excel: bool) -> None:
    disposition, raw = _download(small_store, Filters(sides=("government",)), excel=excel)
    assert disposition.endswith('-excel.csv"' if excel else '.csv"')
    assert raw.startswith(b"\xef\xbb\xbf") == excel  # Excel needs the BOM to read UTF-8
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert sorted(frame["event_id"]) == ["E1", "E4", "E6"]
    # A formula-looking cell is neutralised by the export code, the payload stays text.
    assert frame.set_index("event_id").loc["E6", "evidence"].startswith(XSS_SCRIPT)


def test_download_empty_result(small_store: Path) -> None:
    _, raw = _download(small_store, Filters(admin1=("Quneitra",)), excel=False)
    frame = pd.read_csv(io.BytesIO(raw))
    assert frame.empty and "event_id" in frame.columns


# -- app factory and CLI ----------------------------------------------------------------------------


def test_create_app_serves_locally(small_store: Path) -> None:
    from dashboards.app import create_app

    app = create_app(small_store)
    assert app.config.serve_locally is True
    assert app.config.external_stylesheets == [] and app.config.external_scripts == []
    client = app.server.test_client()
    page = client.get("/")
    assert page.status_code == 200
    assert b"cdn" not in page.data.lower() and b"https://" not in page.data
    layout = client.get("/_dash-layout").get_json()
    assert "dangerouslySetInnerHTML" not in json.dumps(layout)
    outlines = client.get("/_tracker/syr_adm1.geojson")
    assert outlines.status_code == 200
    assert outlines.get_json() == app.tracker_data.boundaries
    app.tracker_data.close()


def test_cli_dashboard_needs_a_store(tmp_path: Path) -> None:
    from tracker.commands.dashboard import dashboard

    result = CliRunner().invoke(dashboard, ["--store", str(tmp_path / "missing.duckdb")])
    assert result.exit_code != 0 and "no store at" in result.output


def test_cli_warns_when_listening_wide(capsys: pytest.CaptureFixture[str]) -> None:
    from tracker.commands.dashboard import _warn_if_exposed

    _warn_if_exposed("127.0.0.1")
    assert capsys.readouterr().err == ""
    _warn_if_exposed("0.0.0.0")
    assert "reachable from other machines" in capsys.readouterr().err


def test_user_data_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tracker.commands.dashboard import user_data_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert user_data_dir() == tmp_path / "ceasefire-tracker"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    assert user_data_dir() == Path.home() / ".local" / "share" / "ceasefire-tracker"


def test_summarise(small_store: Path) -> None:
    from tracker.commands.dashboard import summarise

    text = summarise(small_store)
    assert text.splitlines()[0] == "6 events, 3 ceasefire violations, 49 killed"
    assert "  government        2 of 3 events" in text
    assert "Aleppo" in text and "Idleb" in text


def test_cli_demo_ingests_into_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tracker.commands.dashboard import demo

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    result = CliRunner().invoke(demo, ["--no-serve"])
    assert result.exit_code == 0, result.output
    store = tmp_path / "ceasefire-tracker" / "demo.duckdb"
    assert store.is_file()
    lines = result.output.splitlines()
    assert lines[0] == f"Reading the demo corpus into {store} ..."
    # What the corpus yields is the demo gold test's business; here the summary's shape.
    assert re.fullmatch(r"[\d,]+ events, [\d,]+ ceasefire violations, [\d,]+ killed", lines[1])


def test_cli_refuses_a_busy_port_before_announcing_it(small_store: Path) -> None:
    import socket

    from tracker.commands.dashboard import dashboard

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(dashboard, ["--store", str(small_store), "--port", str(port)])
    assert result.exit_code != 0
    assert f"port {port} on 127.0.0.1 is in use" in result.output
    assert "Dashboard on" not in result.output


def test_server_log_lines_lose_their_colour_codes() -> None:
    import logging

    from tracker.commands.dashboard import PlainText

    record = logging.LogRecord(
        "werkzeug", logging.INFO, "", 0, "\x1b[31m\x1b[1mWARNING: %s\x1b[0m", ("dev server",), None
    )
    assert PlainText().filter(record)
    assert record.getMessage() == "WARNING: dev server"
