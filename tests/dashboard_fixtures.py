"""Stores for the dashboard tests: six hand-written incidents (totals worked out by hand in the
tests), a one-incident store, an empty store and a synthetic store.

Import the fixtures into a test module with ``from tests.dashboard_fixtures import *``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["empty_data", "empty_store", "single_data", "single_store", "small_data", "small_store"]

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '<img src=x onerror="alert(2)">'
CF = "nationwide-2016-12-30"

ROWS: list[dict] = [
    {
        "event_id": "E1",
        "source": "Reuters",
        "url": "https://example.org/reuters/e1",
        "title": "Shelling in Idlib",
        "language": "en",
        "event_date": "2017-01-05",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "trigger_text": "shelling",
        "actor1": "Military Forces of Syria (2000-2024)",
        "actor1_text": "Government",
        "actor1_side": "government",
        "actor2": "Civilians (Syria)",
        "actor2_side": "civilians",
        "location": "Khan Shaykhun",
        "location_text": "Khan Shaykhun",
        "admin1": "Idleb",
        "admin1_pcode": "SY07",
        "admin2": "Ma'arrat An Nu'man",
        "latitude": 35.44,
        "longitude": 36.65,
        "fatalities": 5,
        "count_text": "five civilians",
        "evidence": "Government shelling killed five civilians in Khan Shaykhun on Thursday.",
        "ceasefire": CF,
        "violation": True,
        "violation_reason": "party to the ceasefire attacked inside its area",
        "sources": ["Reuters", "AFP"],
        "mention_ids": ["E1", "E1b"],
    },
    {
        "event_id": "E2",
        "source": "SANA",
        "url": "https://example.org/sana/e2",
        "title": "قصف على حلب",
        "language": "ar",
        "event_date": "2017-01-06",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "trigger_text": "قصفت",
        "actor1": "Opposition Rebels (Syria)",
        "actor1_text": "الفصائل المسلحة",
        "actor1_side": "opposition",
        "actor2": "Civilians (Syria)",
        "actor2_side": "civilians",
        "location": "Hamdaniyeh",
        "location_text": "الحمدانية",
        "admin1": "Aleppo",
        "admin1_pcode": "SY02",
        "admin2": "Jebel Saman",
        "latitude": 36.18,
        "longitude": 37.12,
        "fatalities": 2,
        "count_text": "شخصين",
        "evidence": "قصفت الفصائل المسلحة حي الحمدانية بالقذائف وقتلت شخصين",
        "ceasefire": CF,
        "violation": True,
        "violation_reason": "party to the ceasefire attacked inside its area",
    },
    {
        "event_id": "E3",
        "source": "AP",
        "url": "https://example.org/ap/e3",
        "language": "en",
        "event_date": "2017-01-20",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Suicide bomb",
        "trigger_text": "suicide bomber",
        "actor1": "Islamic State (Syria)",
        "actor1_side": "other",
        "location": "Deir ez-Zor",
        "admin1": "Deir-ez-Zor",
        "admin1_pcode": "SY09",
        "admin2": "Deir-ez-Zor",
        "latitude": 35.33,
        "longitude": 40.14,
        "fatalities": 12,
        "evidence": "A suicide bomber killed 12 soldiers in Deir ez-Zor.",
        "ceasefire": CF,
        "violation": False,
        "violation_reason": "perpetrator excluded from the ceasefire",
    },
    {
        "event_id": "E4",
        "source": "AFP",
        "language": "en",
        "event_date": "2016-12-10",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of Russia (2000-)",
        "actor1_side": "government",
        "location": "Aleppo",
        "admin1": "Aleppo",
        "admin1_pcode": "SY02",
        "admin2": "Jebel Saman",
        "latitude": 36.2,
        "longitude": 37.16,
        "fatalities": 30,
        "evidence": "Russian air strikes killed 30 people in eastern Aleppo.",
        "violation": False,
        "violation_reason": "no ceasefire in force",
    },
    {
        "event_id": "E5",
        "source": "Enab Baladi",
        "language": "ar",
        "event_date": "2017-02-03",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Unidentified Armed Group (Syria)",
        "actor1_side": "unknown",
        "location": "Harim",
        "admin1": "Idleb",
        "admin1_pcode": "SY07",
        "admin2": "Harim",
        "evidence": "اشتباكات في حارم دون حصيلة",
        "ceasefire": CF,
        "violation_reason": "perpetrator unknown",
    },
    {
        "event_id": "E6",
        "source": "Reuters",
        "url": "javascript:alert(3)",
        "title": XSS_IMG,
        "language": "en",
        "event_date": "2017-02-15",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "trigger_text": "shelling",
        "actor1": "Military Forces of Syria (2000-2024)",
        "actor1_side": "government",
        "location": "Madaya",
        "location_text": "Madaya",
        "admin1": "Rural Damascus",
        "admin1_pcode": "SY03",
        "admin2": "Az-Zabdani",
        "latitude": 33.69,
        "longitude": 36.1,
        "fatalities": 0,
        "injured": 4,
        "evidence": f"{XSS_SCRIPT} shelling wounded four in Madaya {XSS_IMG}",
        "ceasefire": CF,
        "violation": True,
        "violation_reason": "party to the ceasefire attacked inside its area",
    },
]


def rows_frame(rows: list[dict]):  # noqa: ANN201 - a DataFrame
    from tracker.schema import to_frame

    frame = to_frame(rows)
    frame["sources"] = [r.get("sources") or [r["source"]] for r in rows]
    frame["mention_ids"] = [r.get("mention_ids") or [r["event_id"]] for r in rows]
    return frame


def _store(path: Path, rows: list[dict]) -> Path:
    from tests.support.synth import write_incidents_store

    return write_incidents_store(path, rows_frame(rows))


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("dash") / "small.duckdb", ROWS)


@pytest.fixture(scope="module")
def single_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("dash") / "single.duckdb", ROWS[:1])


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("dash") / "empty.duckdb", [])


@pytest.fixture(scope="module")
def small_data(small_store: Path):  # noqa: ANN201 - DashboardData
    from dashboards.data import DashboardData

    data = DashboardData(small_store)
    yield data
    data.close()


@pytest.fixture(scope="module")
def single_data(single_store: Path):  # noqa: ANN201
    from dashboards.data import DashboardData

    data = DashboardData(single_store)
    yield data
    data.close()


@pytest.fixture(scope="module")
def empty_data(empty_store: Path):  # noqa: ANN201
    from dashboards.data import DashboardData

    data = DashboardData(empty_store)
    yield data
    data.close()
