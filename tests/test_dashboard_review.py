"""The dashboard reads reviewed incidents: figures, the table, the evidence and the CSV download show
the analysts' values, rejected incidents leave every view, and a new decision shows after
``reviews_changed``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from dashboards import ids
from dashboards.app import create_app
from dashboards.data import DashboardData, Filters
from dashboards.review import NO_CEASEFIRE, form_changes, place_options
from tests.test_review import ARTICLES, Extractor
from tracker.review import decide, decisions, validate
from tracker.run.ingest import ingest
from tracker.store import Store


def _incident(store: Store, article_id: str) -> str:
    return str(store.mentions(article_id=article_id)["incident_id"].iloc[0])


def test_dashboard_shows_reviewed_values(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        ingest(store, ARTICLES, progress=False, extractor=Extractor(), judge=None)
        a1, a2 = _incident(store, "a1"), _incident(store, "a2")
    data = DashboardData(path)
    try:
        assert data.kpis(Filters())["fatalities"] == 47  # 5 + 40 + 2, as extracted
        assert data.filtered_frame(Filters())["reviewed"].tolist() == [False] * 3
    finally:
        data.close()
    with Store(path) as store:
        decide(store.con, a1, "fatalities", 9, reviewer="ana")
        decide(store.con, a1, "actor1", "syria-military", reviewer="ana")
        decide(store.con, a2, "review", "not_event", reviewer="ana")
    data = DashboardData(path)
    try:
        kpis = data.kpis(Filters())
        assert (kpis["events"], kpis["fatalities"]) == (2, 11)
        assert kpis["by_side"]["government"]["fatalities"] == 9
        event = data.event(a1)
        assert event is not None and event["fatalities"] == 9 and event["reviewed"]
        assert data.event(a2) is None
        frame = data.filtered_frame(Filters()).set_index("event_id")
        assert frame.loc[a1, "actor1"] == "Military Forces of Syria (2000-2024)"
        assert pd.notna(frame.loc[a1, "machine_values"]) and a2 not in frame.index
    finally:
        data.close()


def test_a_new_decision_shows_after_reviews_changed(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        ingest(store, ARTICLES, progress=False, extractor=Extractor(), judge=None)
        a1 = _incident(store, "a1")
    data = DashboardData(path)
    try:
        assert data.kpis(Filters())["fatalities"] == 47
        # The decision is written by a writer of the store; the dashboard reads the published copy.
        with Store(path) as store:
            decide(store.con, a1, "fatalities", 0, reviewer="ana")
        data.reviews_changed()
        assert data.kpis(Filters())["fatalities"] == 42
    finally:
        data.close()


# -- the review form and the queue, through the app's own callback route -----------------------------


def _save_payload(app: Any, event_id: str, **values: Any) -> dict[str, Any]:
    """The body the browser POSTs when the review form's Save button is clicked."""
    key = next(k for k in app.callback_map if "r-status.children" in k)
    spec = app.callback_map[key]
    return {
        "output": key,
        "outputs": [
            {"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")
        ],
        "inputs": [{**i, "value": 1} for i in spec["inputs"]],
        "state": [
            {**s, "value": values.get(s["id"], event_id if s["id"] == ids.SELECTED else None)}
            for s in spec["state"]
        ],
        "changedPropIds": [f"{ids.R_SAVE}.n_clicks"],
    }


def _post(app: Any, payload: dict[str, Any]) -> dict[str, Any]:
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code in (200, 204), response.status_code
    return response.get_json() if response.status_code == 200 else {}


def _machine_store(tmp_path: Path) -> tuple[Path, str, str]:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        ingest(store, ARTICLES, progress=False, extractor=Extractor(), judge=None)
        return path, _incident(store, "a1"), _incident(store, "a2")


def test_the_form_saves_a_correction_through_a_store_writer(tmp_path: Path) -> None:
    path, a1, a2 = _machine_store(tmp_path)
    app = create_app(path)
    data = app.tracker_data
    try:
        assert data.kpis(Filters())["fatalities"] == 47
        answer = _post(
            app,
            _save_payload(
                app, a1, **{ids.R_FATALITIES: 9, ids.R_ACTOR1: "syria-military", ids.R_REVIEWER: "ana"}
            ),
        )
        assert answer["response"]["r-status"]["children"].startswith("Saved 2 decisions")
        assert answer["response"]["reviews-saved"]["data"] == 1
        assert data.kpis(Filters())["fatalities"] == 51  # 9 + 40 + 2
        assert data.event(a1)["actor1"] == "Military Forces of Syria (2000-2024)"
        # unchanged fields and empty ones record nothing; a refused value records nothing at all
        answer = _post(app, _save_payload(app, a1, **{ids.R_FATALITIES: 9, ids.R_REVIEWER: "ana"}))
        assert answer["response"]["r-status"]["children"].startswith("Nothing to save")
        answer = _post(
            app,
            _save_payload(
                app, a2, **{ids.R_FATALITIES: 1, ids.R_ACTOR1: "The Martians", ids.R_REVIEWER: "ana"}
            ),
        )
        assert "not a registered actor" in answer["response"]["r-status"]["children"]
        answer = _post(app, _save_payload(app, a2, **{ids.R_DECISION: "duplicate"}))
        assert "reviewer" in answer["response"]["r-status"]["children"]
        with Store(path) as store:
            assert len(decisions(store.con)) == 2
        # a rejection takes the event out of every count; a duplicate names an event that exists
        dup = {ids.R_DECISION: "duplicate", ids.R_REVIEWER: "ana"}
        answer = _post(app, _save_payload(app, a2, **dup, **{ids.R_DUPLICATE_OF: a2}))
        assert "no other event" in answer["response"]["r-status"]["children"]
        _post(app, _save_payload(app, a2, **dup, **{ids.R_DUPLICATE_OF: a1, ids.R_COMMENT: "same strike"}))
        with Store(path) as store:
            assert decisions(store.con)["comment"].iloc[-1] == f"duplicate of {a1}: same strike"
        assert data.kpis(Filters())["fatalities"] == 11
        assert data.review_counts(Filters()) == (2, 3)
    finally:
        data.close()


def test_a_get_changes_nothing(tmp_path: Path) -> None:
    path, a1, _ = _machine_store(tmp_path)
    app = create_app(path)
    try:
        client = app.server.test_client()
        for method in (client.get, client.head):
            assert method("/_dash-update-component?output=r-status.children").status_code == 405
        with Store(path) as store:
            assert decisions(store.con).empty
    finally:
        app.tracker_data.close()


def test_beyond_loopback_a_decision_needs_the_operators_token(tmp_path: Path) -> None:
    path, a1, _ = _machine_store(tmp_path)
    guarded = create_app(path, review_token="s3cret")
    off = create_app(path, review=False)
    try:
        ana = {ids.R_FATALITIES: 3, ids.R_REVIEWER: "ana"}
        for app, token in [(guarded, None), (guarded, "wrong"), (off, "s3cret")]:
            answer = _post(app, _save_payload(app, a1, **ana, **{ids.R_TOKEN: token}))
            assert answer["response"]["r-status"]["children"].startswith("Not saved"), token
        with Store(path) as store:
            assert decisions(store.con).empty
        answer = _post(guarded, _save_payload(guarded, a1, **ana, **{ids.R_TOKEN: "s3cret"}))
        assert answer["response"]["r-status"]["children"] == "Saved 1 decision: fatalities."
        # reads stay open: the page itself needs no token
        assert guarded.server.test_client().get("/").status_code == 200
    finally:
        guarded.tracker_data.close()
        off.tracker_data.close()


def test_the_queue_puts_violations_then_large_tolls_first_and_counts_the_reviewed(tmp_path: Path) -> None:
    path, a1, a2 = _machine_store(tmp_path)
    data = DashboardData(path)
    try:
        assert data.review_counts(Filters()) == (0, 3)
        queued = data.review_queue(Filters())
        assert queued["fatalities_best"].tolist() == [2, 40, 5]  # the violation, then by toll
        with Store(path) as store:
            decide(store.con, a2, "review", "confirmed", reviewer="ana")
        data.reviews_changed()
        assert data.review_counts(Filters()) == (1, 3)
        assert data.review_queue(Filters())["fatalities_best"].tolist() == [2, 5]
        assert data.review_counts(Filters(admin1=("Rural Damascus",))) == (1, 1)
    finally:
        data.close()


def test_form_helpers() -> None:
    assert (
        form_changes({"fatalities": 3, "ceasefire": None}, {"fatalities": 3, "ceasefire": NO_CEASEFIRE}) == {}
    )
    assert form_changes({"ceasefire": "x"}, {"ceasefire": NO_CEASEFIRE}) == {"ceasefire": ""}
    options = place_options("saraq")
    assert options and options[0]["label"].startswith("Saraqab (Idleb;")
    assert validate("location", options[0]["value"]) == options[0]["value"]
    assert place_options("x") == []  # one letter lists nothing
    assert [o["value"] for o in place_options("", keep=options[0]["value"])] == [options[0]["value"]]
