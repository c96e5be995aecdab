"""The dashboard in headless Chromium: loads clean and offline, filters drive the views and the URL,
clicks show evidence, the CSV holds exactly the filtered rows, article text never runs as HTML.

Run: ``python -m pytest tests/e2e --webdriver Chrome --headless``. Screenshots of the main views go
to ``artifacts/screenshots/``; the demo-store overview is also written to ``docs/dashboard.png``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.e2e

KPI_EVENTS = "#kpis .kpi-events .kpi-value"


def _start(dash_duo, store: Path, boundaries_path: Path | None):  # noqa: ANN001, ANN202
    from dashboards.app import create_app

    app = create_app(store, boundaries_path=boundaries_path)
    dash_duo.start_server(app)
    dash_duo.wait_for_element(KPI_EVENTS, timeout=30)
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
    from dashboards.data import DashboardData

    _start(dash_duo, e2e_store, boundaries_path)
    _wait_idle(dash_duo)
    dash_duo.find_element("#table td[data-dash-column='location']").click()
    dash_duo.wait_for_element(".evidence-card", timeout=20)
    card = dash_duo.find_element(".evidence-card")
    event_id = card.get_attribute("data-event-id")
    data = DashboardData(e2e_store)
    event = data.event(event_id)
    data.close()
    assert event is not None
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
    shot = _shot(dash_duo, screenshot_dir, "demo_overview")
    if os.environ.get("TRACKER_UPDATE_DOCS"):  # refresh the README picture on request only
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "dashboard.png")


def test_clicking_a_timeline_bar_shows_an_incident_of_that_bar(dash_duo, e2e_store, boundaries_path) -> None:  # noqa: ANN001
    from selenium.webdriver.common.action_chains import ActionChains

    _start(dash_duo, e2e_store, boundaries_path)
    dash_duo.driver.get(dash_duo.server_url + "/?side=government&viol=1&freq=month")
    dash_duo.wait_for_element("#timeline-actor g.point path", timeout=30)
    _wait_idle(dash_duo)
    bars = dash_duo.find_elements("#timeline-actor g.point path")
    tallest = max(bars, key=lambda b: b.size["height"])
    ActionChains(dash_duo.driver).move_to_element(tallest).click().perform()
    dash_duo.wait_for_element(".evidence-card", timeout=20)
    card = dash_duo.find_element(".evidence-card")
    # The bar is a month of government violations: the incident shown is one of them.
    from dashboards.data import DashboardData

    data = DashboardData(e2e_store)
    event = data.event(card.get_attribute("data-event-id"))
    data.close()
    assert event is not None
    assert (event["actor1_side"], event["violation"]) == ("government", True)
    assert dash_duo.find_element(".evidence-card .verdict").text == "Violation"
