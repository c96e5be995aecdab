"""The dashboard reads reviewed incidents: figures, the table, the evidence and the CSV download show
the analysts' values, rejected incidents leave every view, and a new decision shows after
``reviews_changed``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboards.data import DashboardData, Filters
from tests.test_review import ARTICLES, Extractor
from tracker.review import decide
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
