"""The dashboard in headless Chromium: loads clean and offline, filters drive the views and the URL,
clicks (bars, rows, map points) show evidence, typed dates apply, bars span their periods, colours
hold across views, the map draws its offline base layers and fits the filters, the CSV holds
exactly the filtered rows, article text never runs as HTML.

Run: ``python -m pytest tests/e2e --webdriver Chrome --headless``. Screenshots of the main views go
to ``artifacts/screenshots/``; ``scripts/dashboard_screenshot.py`` makes the README picture.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.e2e

KPI_EVENTS = "#kpis .kpi-events .kpi-value"


def _start(dash_duo, store: Path, boundaries_path: Path | None):  # noqa: ANN001, ANN202
    from dashboards.app import create_app

    app = create_app(store, boundaries_path=boundaries_path)
    dash_duo.start_server(app)
    dash_duo.wait_for_element(KPI_EVENTS, timeout=30)
    return app


def _open(dash_duo, store: Path, boundaries_path: Path | None, query: str, ready: str):  # noqa: ANN001, ANN202
    """Start the app on ``store``, open the view ``query`` and wait until ``ready`` is there and idle."""
    app = _start(dash_duo, store, boundaries_path)
    dash_duo.driver.get(dash_duo.server_url + query)
    dash_duo.wait_for_element(ready, timeout=30)
    _wait_idle(dash_duo)
    return app


def _wait_idle(dash_duo, timeout: float = 30) -> None:  # noqa: ANN001
    """Wait until no callback is pending (the renderer marks loading components)."""
    end = time.monotonic() + timeout
    script = "return document.querySelectorAll(arguments[0]).length"
    while dash_duo.driver.execute_script(script, "[data-dash-is-loading=true]"):
        if time.monotonic() > end:
            raise AssertionError("callbacks still running")
        time.sleep(0.2)
    time.sleep(0.8)  # let plotly finish drawing before screenshots


def _event_shown(dash_duo, store: Path) -> dict:  # noqa: ANN001
    """The incident the evidence panel shows, read from the store (waits for the panel)."""
    from dashboards.data import DashboardData

    dash_duo.wait_for_element(".evidence-card", timeout=20)
    data = DashboardData(store)
    event = data.event(dash_duo.find_element(".evidence-card").get_attribute("data-event-id"))
    data.close()
    assert event is not None
    return event


def _trace_names(dash_duo, graph_id: str) -> list[str]:  # noqa: ANN001
    return dash_duo.driver.execute_script(
        f"return document.querySelector('#{graph_id} .js-plotly-plot').data.map(t => t.name)"
    )


def _shot(dash_duo, directory: Path, name: str, selector: str | None = None) -> Path:  # noqa: ANN001
    if selector:
        el = dash_duo.find_element(selector)
        dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", el)
        time.sleep(0.3)
    path = directory / f"{name}.png"
    dash_duo.driver.save_screenshot(str(path))
    return path


@pytest.fixture(scope="module")
def expected_frame():  # noqa: ANN201 - the synthetic incidents behind e2e_store, for independent counts
    from tests.support.synth import synthetic_incidents

    return synthetic_incidents(3000, seed=7)


def test_loads_clean_and_offline(
    dash_duo, e2e_store, boundaries_path, screenshot_dir, expected_frame
) -> None:  # noqa: ANN001
    _start(dash_duo, e2e_store, boundaries_path)
    _wait_idle(dash_duo)
    assert dash_duo.find_element(KPI_EVENTS).text == f"{len(expected_frame):,}"
    for graph in ("timeline-actor", "timeline-place", "heatmap", "map"):
        assert _trace_names(dash_duo, graph), graph
    assert dash_duo.get_logs() == []
    resources = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    origin = dash_duo.server_url.rstrip("/")
    assert resources and all(r.startswith(origin) for r in resources), [
        r for r in resources if not r.startswith(origin)
    ]
    _shot(dash_duo, screenshot_dir, "overview")
    _shot(dash_duo, screenshot_dir, "timelines", "#timeline-actor")
    _shot(dash_duo, screenshot_dir, "map", "#map")
    _shot(dash_duo, screenshot_dir, "heatmap", "#heatmap")
    _shot(dash_duo, screenshot_dir, "table", "#table")


def test_filter_updates_timeline_kpis_and_url(dash_duo, e2e_store, boundaries_path, expected_frame) -> None:  # noqa: ANN001
    _start(dash_duo, e2e_store, boundaries_path)
    _wait_idle(dash_duo)
    assert "opposition" in _trace_names(dash_duo, "timeline-actor")
    dash_duo.find_element("#f-sides input[value='government']").click()
    expected = int((expected_frame["actor1_side"] == "government").sum())
    dash_duo.wait_for_text_to_equal(KPI_EVENTS, f"{expected:,}", timeout=20)
    _wait_idle(dash_duo)
    assert {n.removesuffix(" (violations)") for n in _trace_names(dash_duo, "timeline-actor")} == {
        "government"
    }
    assert "side=government" in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []


def test_url_opens_a_shared_view(dash_duo, e2e_store, boundaries_path, expected_frame) -> None:  # noqa: ANN001
    _start(dash_duo, e2e_store, boundaries_path)
    dash_duo.driver.get(dash_duo.server_url + "/?gov=Aleppo&viol=1&freq=month")
    f = expected_frame
    expected = int(((f["admin1"] == "Aleppo") & f["violation"].fillna(False).astype(bool)).sum())
    dash_duo.wait_for_text_to_equal(KPI_EVENTS, f"{expected:,}", timeout=30)
    _wait_idle(dash_duo)
    title = dash_duo.driver.execute_script(
        "return document.querySelector('#timeline-place .js-plotly-plot').layout.title.text"
    )
    assert title == "Districts of Aleppo"
    assert dash_duo.find_element("#f-violations-only input").is_selected()
    assert dash_duo.find_element("#v-freq input[value='month']").is_selected()


def test_clicking_a_table_row_shows_its_evidence(
    dash_duo, e2e_store, boundaries_path, screenshot_dir
) -> None:  # noqa: ANN001
    _start(dash_duo, e2e_store, boundaries_path)
    _wait_idle(dash_duo)
    dash_duo.find_element("#table td[data-dash-column='location']").click()
    event = _event_shown(dash_duo, e2e_store)
    card = dash_duo.find_element(".evidence-card")
    sentence = dash_duo.find_element(".evidence-card blockquote")
    assert sentence.text == event["evidence"]
    assert sentence.get_attribute("dir") == ("rtl" if event["language"] == "ar" else "ltr")
    marks = {
        m.get_attribute("class").split()[-1]: m.text
        for m in card.find_elements("css selector", "blockquote mark")
    }
    assert marks["hl-place"] == event["location_text"]
    assert marks["hl-trigger"] == event["trigger_text"]
    _shot(dash_duo, screenshot_dir, "evidence", "#map")
    assert dash_duo.get_logs() == []


def _wait_for_file(directory: Path, timeout: float = 20) -> Path:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done = [p for p in directory.glob("*.csv")]
        if done:
            time.sleep(0.3)
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no download in {directory}")


def test_csv_download_holds_exactly_the_filtered_rows(
    dash_duo, e2e_store, boundaries_path, expected_frame
) -> None:  # noqa: ANN001
    _start(dash_duo, e2e_store, boundaries_path)
    dash_duo.driver.get(dash_duo.server_url + "/?side=opposition&lang=ar&minf=2")
    f = expected_frame
    keep = (
        (f["actor1_side"] == "opposition") & (f["language"] == "ar") & (f["fatalities_best"].fillna(0) >= 2)
    )
    expected = set(f.loc[keep, "event_id"])
    dash_duo.wait_for_text_to_equal(KPI_EVENTS, f"{len(expected):,}", timeout=30)
    dash_duo.find_element("#download-csv").click()
    path = _wait_for_file(Path(dash_duo.download_path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert {r["event_id"] for r in rows} == expected
    assert len(rows) == len(expected)


XSS_ROWS = [
    {
        "event_id": "X1",
        "source": '<img src=x onerror="window.__xss=1">',
        "url": "javascript:window.__xss=2",
        "title": "<script>window.__xss=3</script>",
        "language": "en",
        "event_date": "2017-01-05",
        "actor1": "<b onmouseover=window.__xss=4>Hezbollah</b>",
        "actor1_side": "government",
        "location": '<img src=x onerror="window.__xss=5">',
        "admin1": "Aleppo",
        "admin1_pcode": "SY02",
        "latitude": 36.2,
        "longitude": 37.1,
        "fatalities": 3,
        "trigger_text": "shelling",
        "evidence": '<script>window.__xss=6</script> shelling killed 3 <img src=x onerror="window.__xss=7">',
        "violation": True,
    }
]


def test_article_text_is_never_html(dash_duo, tmp_path, boundaries_path) -> None:  # noqa: ANN001
    from tests.dashboard_fixtures import rows_frame
    from tests.support.synth import write_incidents_store

    store = write_incidents_store(tmp_path / "xss.duckdb", rows_frame(XSS_ROWS))
    _start(dash_duo, store, boundaries_path)
    _wait_idle(dash_duo)
    dash_duo.find_element("#table td[data-dash-column='location']").click()
    dash_duo.wait_for_element(".evidence-card", timeout=20)
    _wait_idle(dash_duo)
    assert dash_duo.find_element(".evidence-card blockquote").text == XSS_ROWS[0]["evidence"]
    assert dash_duo.driver.execute_script("return window.__xss === undefined")
    assert (
        dash_duo.driver.execute_script("return document.querySelectorAll('#evidence img, #table img').length")
        == 0
    )
    link = dash_duo.find_element(".evidence-card .source").find_elements("css selector", "a")
    assert link == []  # a javascript: URL is shown as text, not as a link


def test_demo_store_overview_for_the_readme(dash_duo, tmp_path, boundaries_path, screenshot_dir) -> None:  # noqa: ANN001
    from tracker.commands.dashboard import ingest_demo

    store = tmp_path / "demo.duckdb"
    ingest_demo(store)
    _start(dash_duo, store, boundaries_path)
    _wait_idle(dash_duo)
    assert dash_duo.get_logs() == []
    dash_duo.driver.set_window_size(1400, 1100)
    time.sleep(0.5)
    _shot(dash_duo, screenshot_dir, "demo_overview")


def test_clicking_a_timeline_bar_shows_an_incident_of_that_bar(dash_duo, e2e_store, boundaries_path) -> None:  # noqa: ANN001
    from selenium.webdriver.common.action_chains import ActionChains

    _open(
        dash_duo,
        e2e_store,
        boundaries_path,
        "/?side=government&viol=1&freq=month",
        "#timeline-actor g.point path",
    )
    bars = dash_duo.find_elements("#timeline-actor g.point path")
    tallest = max(bars, key=lambda b: b.size["height"])
    ActionChains(dash_duo.driver).move_to_element(tallest).click().perform()
    # The bar is a month of government violations: the incident shown is one of them.
    event = _event_shown(dash_duo, e2e_store)
    assert (event["actor1_side"], event["violation"]) == ("government", True)
    assert dash_duo.find_element(".evidence-card .verdict").text == "Violation"


# -- map ---------------------------------------------------------------------------------------------

MAP = "document.querySelector('#map .js-plotly-plot')"


def _wait_for_map(dash_duo, timeout: float = 30) -> None:  # noqa: ANN001
    """Until the map has drawn its base layers and traces."""
    script = f"""const gd = {MAP};
        const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        return !!(sub && sub.map && sub.map.loaded() && sub.map.isStyleLoaded());"""
    end = time.monotonic() + timeout
    while not dash_duo.driver.execute_script(script):
        if time.monotonic() > end:
            raise AssertionError("the map did not load")
        time.sleep(0.2)
    time.sleep(0.5)


def test_clicking_a_map_point_shows_an_incident_there(dash_duo, e2e_store, boundaries_path) -> None:  # noqa: ANN001
    from selenium.webdriver.common.action_chains import ActionChains

    _open(dash_duo, e2e_store, boundaries_path, "/?gov=Tartous", "#map .js-plotly-plot")
    graph = dash_duo.find_element("#map .js-plotly-plot")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", graph)
    _wait_for_map(dash_duo)
    # A point where no other side's point lies on top of it, and where it is on the screen.
    point = dash_duo.driver.execute_script(f"""
        const gd = {MAP}, map = gd._fullLayout.map._subplot.map;
        const points = gd._fullData.filter(t => t.type === 'scattermap')
            .flatMap(t => Array.from(t.lat, (lat, i) => ({{lat, lon: t.lon[i], custom: t.customdata[i], side: t.name}})));
        const key = p => p.lat + ',' + p.lon, count = {{}};
        points.forEach(p => {{ count[key(p)] = (count[key(p)] || 0) + 1; }});
        const p = points.find(q => count[key(q)] === 1);
        const at = map.project([p.lon, p.lat]), box = map.getCanvas().getBoundingClientRect();
        const el = gd.getBoundingClientRect();
        return {{dx: box.left + at.x - (el.left + el.width / 2), dy: box.top + at.y - (el.top + el.height / 2),
                 custom: p.custom, side: p.side}};""")
    ActionChains(dash_duo.driver).move_to_element_with_offset(
        graph, round(point["dx"]), round(point["dy"])
    ).pause(0.3).click().perform()
    event = _event_shown(dash_duo, e2e_store)
    lat, lon = point["custom"][:2]
    assert (event["latitude"], event["longitude"]) == pytest.approx((lat, lon))
    assert (event["admin1"], event["actor1_side"] or "unknown") == ("Tartous", point["side"])
    assert dash_duo.get_logs() == []


def test_map_draws_named_base_layers_offline_and_fits_the_filter(
    dash_duo, e2e_store, boundaries_path, screenshot_dir
) -> None:  # noqa: ANN001
    _start(dash_duo, e2e_store, boundaries_path)
    _wait_for_map(dash_duo)
    whole = dash_duo.driver.execute_script(f"return {MAP}._fullLayout.map._subplot.map.getZoom()")
    dash_duo.driver.get(dash_duo.server_url + "/?gov=Idleb")
    dash_duo.wait_for_text_to_equal("#timeline-place .gtitle", "Districts of Idleb", timeout=30)
    _wait_idle(dash_duo)
    _wait_for_map(dash_duo)
    view = dash_duo.driver.execute_script(f"""
        const map = {MAP}._fullLayout.map._subplot.map, c = map.getCenter();
        const names = (...layers) => map.queryRenderedFeatures({{layers}}).map(f => f.properties.name);
        return {{lon: c.lng, lat: c.lat, zoom: map.getZoom(), countries: names('labels-country'),
                 governorates: names('labels-governorate'), towns: names('labels-town', 'labels-town-zoomed'),
                 land: map.queryRenderedFeatures({{layers: ['countries-fill']}}).map(f => f.properties.name)}};""")
    # Fitted to Idleb: centred inside it and closer than the whole-country view.
    assert 35.9 < view["lon"] < 37.2 and 35.2 < view["lat"] < 36.5
    assert view["zoom"] > whole + 0.5
    # names of governorates and towns are drawn (where two collide MapLibre keeps one of them)...
    assert view["governorates"] and view["towns"]
    assert "Idleb" in view["governorates"] + view["towns"] and "Turkey" in view["land"]
    resources = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    origin = dash_duo.server_url.rstrip("/")
    assert any("/_tracker/glyphs/" in r for r in resources)  # ...with glyphs from the app itself
    assert all(r.startswith(origin) for r in resources), [r for r in resources if not r.startswith(origin)]
    assert dash_duo.get_logs() == []
    _shot(dash_duo, screenshot_dir, "map_idleb", "#map")


# -- dates -----------------------------------------------------------------------------------------


def _expected_between(frame, start: str, end: str | None = None) -> int:  # noqa: ANN001
    dates = pd.to_datetime(frame["event_date"])
    keep = dates >= pd.Timestamp(start)
    if end:
        keep &= dates < pd.Timestamp(end) + pd.Timedelta(days=1)
    return int(keep.sum())


def test_typed_dates_apply_when_leaving_the_box(dash_duo, e2e_store, boundaries_path, expected_frame) -> None:  # noqa: ANN001
    _start(dash_duo, e2e_store, boundaries_path)
    _wait_idle(dash_duo)
    start, end = dash_duo.find_element("#f-dates"), dash_duo.find_element("#f-dates-end-date")
    start.click()
    start.send_keys("2017-01-01")
    end.click()  # typing a start date then clicking the end box keeps (and applies) the start date
    end.send_keys("2017-02-28")
    dash_duo.find_element(".filters h2").click()  # click elsewhere
    expected = _expected_between(expected_frame, "2017-01-01", "2017-02-28")
    dash_duo.wait_for_text_to_equal(KPI_EVENTS, f"{expected:,}", timeout=20)
    assert "from=2017-01-01&to=2017-02-28" in dash_duo.driver.current_url
    assert start.get_attribute("value") == "2017-01-01" and end.get_attribute("value") == "2017-02-28"


def test_typed_date_applies_on_enter(dash_duo, e2e_store, boundaries_path, expected_frame) -> None:  # noqa: ANN001
    from selenium.webdriver.common.keys import Keys

    _start(dash_duo, e2e_store, boundaries_path)
    _wait_idle(dash_duo)
    start = dash_duo.find_element("#f-dates")
    start.click()
    start.send_keys("2017-06-01", Keys.ENTER)
    expected = _expected_between(expected_frame, "2017-06-01")
    dash_duo.wait_for_text_to_equal(KPI_EVENTS, f"{expected:,}", timeout=20)
    assert "from=2017-06-01" in dash_duo.driver.current_url
    # the calendar opened on Enter shows whole labels and arrow icons
    assert (
        dash_duo.find_element(".dash-datepicker-controls input[type=number]").get_attribute("value") == "2017"
    )
    arrows = dash_duo.find_elements(".dash-datepicker-month-nav svg")
    assert len(arrows) == 2 and all(a.size["width"] >= 10 for a in arrows)


# -- time axes, colours, heatmap ---------------------------------------------------------------------


@pytest.mark.parametrize("freq", ["day", "week", "month"])
def test_each_bar_covers_its_period(dash_duo, e2e_store, boundaries_path, freq: str) -> None:  # noqa: ANN001
    from dashboards.figures import period_end

    _start(dash_duo, e2e_store, boundaries_path)
    dash_duo.driver.get(dash_duo.server_url + f"/?gov=Tartous&gov=Quneitra&freq={freq}")
    dash_duo.wait_for_text_to_equal("#timeline-place .gtitle", "Governorates", timeout=30)
    _wait_idle(dash_duo)
    # Where plotly placed each bar (calcdata, ms since 1970 UTC) and the period its click names.
    bars = dash_duo.driver.execute_script("""
        const gd = document.querySelector('#timeline-actor .js-plotly-plot');
        return gd.calcdata.flatMap((cd, i) => cd.map((bar, j) => [bar.p0, bar.p1, gd.data[i].customdata[j][0]]));""")
    assert len(bars) > 3
    for p0, p1, period in bars:
        start = datetime.fromisoformat(period)
        lo, hi = (pd.Timestamp(v, unit="ms").to_pydatetime() for v in (p0, p1))
        assert (lo, hi) == (start, period_end(start, freq)), period
        if freq == "week":
            assert start.weekday() == 0  # weeks run Monday to Sunday


def _trace_colours(dash_duo, graph: str) -> dict[str, str]:  # noqa: ANN001
    return dash_duo.driver.execute_script(
        f"return Object.fromEntries(document.querySelector('#{graph} .js-plotly-plot')._fullData"
        ".map(t => [t.name, t.marker.color]))"
    )


def test_a_governorate_keeps_its_colour_in_every_view(dash_duo, e2e_store, boundaries_path) -> None:  # noqa: ANN001
    from dashboards.figures import GOVERNORATE_COLORS

    _start(dash_duo, e2e_store, boundaries_path)
    seen: dict[str, set[str]] = {}
    for query in ("/", "/?freq=month", "/?side=opposition", "/?lang=ar&freq=day", "/?gov=Idleb&gov=Hama"):
        dash_duo.driver.get(dash_duo.server_url + query)
        dash_duo.wait_for_element("#timeline-place .js-plotly-plot", timeout=30)
        _wait_idle(dash_duo)
        for name, colour in _trace_colours(dash_duo, "timeline-place").items():
            seen.setdefault(name, set()).add(colour.lower())
    assert seen["Idleb"] == {GOVERNORATE_COLORS["Idleb"]}
    assert all(len(colours) == 1 for colours in seen.values()), seen
    named = {n: c.pop() for n, c in seen.items() if n != "unknown"}
    assert len(set(named.values())) == len(named)  # no two governorates share a colour


def test_a_one_violation_heatmap_cell_is_not_the_zero_colour(dash_duo, e2e_store, boundaries_path) -> None:  # noqa: ANN001
    from dashboards.data import DashboardData, Filters
    from dashboards.figures import ZERO_COLOR

    data = DashboardData(e2e_store)
    cells = data.heatmap(Filters(admin1=("Aleppo", "Tartous")))
    data.close()
    # the case of the report: counts from 1 to many, and some empty cells
    assert cells["violations"].min() == 1 and cells["violations"].max() > 20
    assert len(cells) < cells["actor"].nunique() * cells["admin1"].nunique()
    _open(dash_duo, e2e_store, boundaries_path, "/?gov=Aleppo&gov=Tartous", "#heatmap .hm image")
    # Read the drawn colours of one cell with 1 violation and one with none.
    colours = dash_duo.driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const gd = document.querySelector('#heatmap .js-plotly-plot'), z = gd._fullData[0].z;
        const find = v => { for (let i = 0; i < z.length; i++) { const j = z[i].indexOf(v); if (j >= 0) return [i, j]; } };
        const image = new Image();
        image.onload = () => {
            const canvas = document.createElement('canvas');
            canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
            const ctx = canvas.getContext('2d'); ctx.drawImage(image, 0, 0);
            const px = ([i, j]) => Array.from(ctx.getImageData(
                Math.floor((j + 0.5) / z[0].length * canvas.width),
                Math.floor((z.length - i - 0.5) / z.length * canvas.height), 1, 1).data.slice(0, 3));
            done({one: px(find(1)), zero: px(find(0))});
        };
        const el = gd.querySelector('.hm image');
        image.src = el.getAttribute('href') || el.getAttribute('xlink:href');""")
    zero = [int(ZERO_COLOR[i : i + 2], 16) for i in (1, 3, 5)]
    assert colours["zero"] == pytest.approx(zero, abs=3)
    distance = sum(abs(a - b) for a, b in zip(colours["one"], zero, strict=True))
    assert distance > 120, colours  # clearly coloured...
    red, green, blue = colours["one"]
    assert red > green + 40 and red > blue + 40  # ...and red, like every other violation count
