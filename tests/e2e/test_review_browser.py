"""Reviewing an event in headless Chromium, on a store built by the real ingest of invented articles:
open an event, correct its perpetrator and its toll, reload; the figures and the CSV download show
the corrected values; ingest the same articles again (and once more as an upgraded extractor would
read them); the correction is still there.

Run: ``python -m pytest -m e2e --webdriver Chrome --headless tests/e2e/test_review_browser.py``.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import duckdb
import pytest

from tests.e2e.test_dashboard_browser import KPI_EVENTS, _wait_for_file, _wait_idle

pytestmark = pytest.mark.e2e

KPI_FATALITIES = "#kpis .kpi-fatalities .kpi-value"

#: Three invented reports (no real outlet, no real article).
ARTICLES = [
    {
        "id": "rv-1",
        "published": "2017-01-12",
        "source": "Invented Wire",
        "url": "https://example.org/rv-1",
        "title": "Shelling in Idleb",
        "language": "en",
        "text": "Government forces shelled the town of Saraqib in Idleb province on Wednesday, killing "
        "7 civilians, a local monitor said. Rescue teams were still searching the rubble on Thursday.",
    },
    {
        "id": "rv-2",
        "published": "2017-01-15",
        "source": "Invented Wire",
        "url": "https://example.org/rv-2",
        "title": "Air strike near Aleppo",
        "language": "en",
        "text": "Russian warplanes struck the village of Kafr Naha west of Aleppo on Saturday, killing 4 "
        "people including two children, according to the civil defence.",
    },
    {
        "id": "rv-3",
        "published": "2017-01-20",
        "source": "Invented Post",
        "url": "https://example.org/rv-3",
        "title": "Car bomb in Azaz",
        "language": "en",
        "text": "A car bomb exploded in a market in Azaz in northern Aleppo countryside on Friday, killing "
        "12 people and wounding dozens, medics said.",
    },
]
NEW_ACTOR = "Islamic State (Syria)"


def _ingest(store: Path, articles: Path) -> object:
    """A real ingest of ``articles`` into ``store`` (the packaged extractor, the ceasefire judge)."""
    from tracker.run.ingest import ingest
    from tracker.run.inputs import RunReport, read_inputs
    from tracker.store import Store

    with Store(store) as st:
        return ingest(st, read_inputs([str(articles)], report=RunReport()), progress=False)


@pytest.fixture
def review_store(tmp_path: Path) -> tuple[Path, Path]:
    articles = tmp_path / "articles.jsonl"
    articles.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    store = tmp_path / "review.duckdb"
    _ingest(store, articles)
    return store, articles


def _pick(dash_duo, dropdown: str, text: str, search: str | None = None) -> None:  # noqa: ANN001
    """Choose the first option starting with ``text`` in the dropdown ``dropdown`` by typing into its
    search box (``search``, else ``text``; the options may come from the server as it is typed)."""
    dash_duo.find_element(f"#{dropdown}").click()
    box = dash_duo.wait_for_element(".dash-dropdown-search", timeout=10)
    box.send_keys(search or text)
    option = f"//*[contains(@class, 'dash-dropdown-option')][starts-with(normalize-space(), '{text}')]"
    end = time.monotonic() + 10
    while True:
        found = dash_duo.driver.find_elements("xpath", option)
        if found:
            found[0].click()
            break
        if time.monotonic() > end:
            raise AssertionError(f"no option {text!r} in #{dropdown}")
        time.sleep(0.2)
    dash_duo.wait_for_contains_text(f"#{dropdown} .dash-dropdown-value", text, timeout=10)


def _type(dash_duo, selector: str, text: str) -> None:  # noqa: ANN001
    field = dash_duo.find_element(selector)
    field.clear()
    field.send_keys(text)


def _open_event(dash_duo, location: str) -> str:  # noqa: ANN001
    """Click the table row of the event at ``location``; its incident id."""
    cells = dash_duo.driver.find_elements("css selector", "#table td[data-dash-column='location']")
    next(c for c in cells if c.text == location).click()
    dash_duo.wait_for_element(f"#{'r-body'}", timeout=10)
    end = time.monotonic() + 20
    while not dash_duo.find_element("#r-body").is_displayed():
        if time.monotonic() > end:
            raise AssertionError("the review form did not open")
        time.sleep(0.2)
    return str(dash_duo.find_element(".evidence-card").get_attribute("data-event-id"))


def _download(dash_duo) -> list[dict[str, str]]:  # noqa: ANN001
    directory = Path(dash_duo.download_path)
    for old in directory.glob("*.csv"):
        old.unlink()
    dash_duo.find_element("#download-csv").click()
    path = _wait_for_file(directory)
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _timeline_total(dash_duo) -> float:  # noqa: ANN001
    return float(
        dash_duo.driver.execute_script(
            "return document.querySelector('#timeline-actor .js-plotly-plot').data"
            ".reduce((s, t) => s + (t.y || []).reduce((a, b) => a + (b || 0), 0), 0)"
        )
    )


def _check_reviewed(dash_duo) -> None:  # noqa: ANN001
    """The page (loaded afresh) shows the corrected toll and actor in the figures and the CSV."""
    dash_duo.driver.get(dash_duo.server_url + "/?measure=fatalities")
    dash_duo.wait_for_text_to_equal(KPI_FATALITIES, "26", timeout=30)  # 7 + 4 + 15
    _wait_idle(dash_duo)
    assert dash_duo.find_element(KPI_EVENTS).text == "3"
    assert _timeline_total(dash_duo) == 26
    rows = {r["location"]: r for r in _download(dash_duo)}
    assert len(rows) == 3
    row = rows["Azaz"]
    assert (row["actor1"], row["fatalities"], row["reviewed"]) == (NEW_ACTOR, "15", "True")
    machine = json.loads(row["machine_values"])
    assert machine["fatalities"] == "12" and machine["actor1"] == "Unidentified Armed Group (Syria)"


def test_a_correction_shows_everywhere_and_survives_reingestion(
    dash_duo, review_store, boundaries_path
) -> None:  # noqa: ANN001
    from dashboards.app import create_app

    store, articles = review_store
    app = create_app(store, boundaries_path=boundaries_path)
    dash_duo.start_server(app)
    dash_duo.wait_for_text_to_equal(KPI_FATALITIES, "23", timeout=30)  # as extracted: 7 + 4 + 12
    _wait_idle(dash_duo)
    assert dash_duo.find_element("#queue-count").text.startswith("reviewed 0 / 3")

    _open_event(dash_duo, "Azaz")
    assert dash_duo.find_element("#r-sentence blockquote mark.hl-place").text == "Azaz"
    assert dash_duo.find_element("#r-fatalities").get_attribute("value") == "12"
    _pick(dash_duo, "r-actor1", NEW_ACTOR)
    _type(dash_duo, "#r-fatalities", "15")
    _type(dash_duo, "#r-reviewer", "ana")
    _type(dash_duo, "#r-comment", "toll from the hospital, claim by the group")
    dash_duo.find_element("#r-save").click()
    dash_duo.wait_for_contains_text("#r-status", "Saved 2 decisions", timeout=20)
    # the views redraw with the reviewed values without a reload
    dash_duo.wait_for_text_to_equal(KPI_FATALITIES, "26", timeout=20)
    dash_duo.wait_for_contains_text("#queue-count", "reviewed 1 / 3", timeout=20)
    assert dash_duo.get_logs() == []

    dash_duo.driver.refresh()
    _check_reviewed(dash_duo)

    # The same articles ingested again: nothing new to read, the decision stays.
    again = _ingest(store, articles)
    assert (again.new, again.unchanged) == (0, 3)  # type: ignore[attr-defined]
    # Then read again from scratch, as after an extractor upgrade: the mentions are replaced.
    con = duckdb.connect(str(store))
    con.execute("UPDATE articles SET extractor = 'an-older-extractor'")
    con.close()
    upgraded = _ingest(store, articles)
    assert upgraded.outdated == 3  # type: ignore[attr-defined]
    _check_reviewed(dash_duo)
    assert dash_duo.get_logs() == []


def test_a_place_is_picked_from_the_gazetteer(dash_duo, review_store, boundaries_path) -> None:  # noqa: ANN001
    from dashboards.app import create_app

    store, _ = review_store
    dash_duo.start_server(create_app(store, boundaries_path=boundaries_path))
    dash_duo.wait_for_text_to_equal(KPI_FATALITIES, "23", timeout=30)
    _wait_idle(dash_duo)
    _open_event(dash_duo, "Kafr Naha")
    _pick(dash_duo, "r-place", "Saraqab (Idleb; town)", search="saraq")
    _type(dash_duo, "#r-reviewer", "ana")
    dash_duo.find_element("#r-save").click()
    dash_duo.wait_for_text_to_equal("#r-status", "Saved 1 decision: location.", timeout=20)
    dash_duo.wait_for_contains_text(".evidence-card .facts-where", "Saraqab, Idleb", timeout=20)
    assert dash_duo.get_logs() == []
