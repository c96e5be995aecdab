"""The dashboard's queries: filters, URL round trips, aggregates and pages against hand-counted stores,
and against pandas on a synthetic store."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboards.data import NO_CEASEFIRE, DashboardData, Filters, load_boundaries, registry_periods
from tests.dashboard_fixtures import *  # noqa: F403 - the shared store fixtures
from tests.dashboard_fixtures import CF

# (id, filters, expected event ids) over the six hand-written incidents.
FILTER_CASES = [
    ("none", Filters(), {"E1", "E2", "E3", "E4", "E5", "E6"}),
    ("from-date", Filters(start=date(2017, 1, 6)), {"E2", "E3", "E5", "E6"}),
    ("to-date-inclusive", Filters(end=date(2017, 1, 6)), {"E1", "E2", "E4"}),
    ("actor-either-role", Filters(actors=("Civilians (Syria)",)), {"E1", "E2"}),
    ("side", Filters(sides=("government",)), {"E1", "E4", "E6"}),
    ("two-sides", Filters(sides=("opposition", "unknown")), {"E2", "E5"}),
    ("governorate", Filters(admin1=("Idleb",)), {"E1", "E5"}),
    ("event-type", Filters(event_types=("Battles",)), {"E5"}),
    ("sub-event-type", Filters(event_types=("Air/drone strike",)), {"E4"}),
    ("ceasefire", Filters(ceasefires=(CF,)), {"E1", "E2", "E3", "E5", "E6"}),
    ("outside-ceasefire", Filters(ceasefires=(NO_CEASEFIRE,)), {"E4"}),
    ("violations-only", Filters(violations_only=True), {"E1", "E2", "E6"}),
    ("language", Filters(languages=("ar",)), {"E2", "E5"}),
    ("merged-source", Filters(sources=("AFP",)), {"E1", "E4"}),
    ("min-fatalities", Filters(min_fatalities=5), {"E1", "E3", "E4"}),
    ("combined", Filters(sides=("government",), violations_only=True, admin1=("Idleb",)), {"E1"}),
    ("nothing", Filters(admin1=("Quneitra",)), set()),
]


@pytest.mark.parametrize(
    ("filters", "expected"), [c[1:] for c in FILTER_CASES], ids=[c[0] for c in FILTER_CASES]
)
def test_filters_select_rows(small_data: DashboardData, filters: Filters, expected: set[str]) -> None:
    frame = small_data.filtered_frame(filters)
    assert set(frame["event_id"]) == expected
    assert small_data.count(filters) == len(expected)


QUERY_CASES = [
    ("empty", "", Filters()),
    ("dates", "from=2017-01-01&to=2017-02-01", Filters(start=date(2017, 1, 1), end=date(2017, 2, 1))),
    (
        "lists",
        "side=government&side=other&gov=Dar%27a",
        Filters(sides=("government", "other"), admin1=("Dar'a",)),
    ),
    ("flags", "viol=1&minf=3&lang=ar", Filters(violations_only=True, min_fatalities=3, languages=("ar",))),
    ("bad-values-dropped", "from=yesterday&minf=lots", Filters()),
]


@pytest.mark.parametrize(("query", "filters"), [c[1:] for c in QUERY_CASES], ids=[c[0] for c in QUERY_CASES])
def test_filters_url_round_trip(query: str, filters: Filters) -> None:
    assert Filters.from_query("?" + query) == filters
    assert Filters.from_query(filters.to_query()) == filters


def test_filters_dict_round_trip() -> None:
    f = Filters(
        start=date(2017, 1, 1), actors=("Hezbollah",), ceasefires=(CF, NO_CEASEFIRE), min_fatalities=2
    )
    assert Filters.from_dict(f.to_dict()) == f


# A dcc.Store or a crafted callback body can hold any JSON: every bad value is dropped, none raises.
BAD_DICTS = [
    ("not-a-mapping-list", [1, 2], Filters()),
    ("not-a-mapping-text", "actors", Filters()),
    ("list-filter-number", {"actors": 5, "sides": True, "admin1": 3.5}, Filters()),
    ("list-filter-mapping", {"actors": {"HTS": 1}}, Filters()),
    ("nested-items-dropped", {"actors": [["x"], {"y": 1}, "HTS", None, ""]}, Filters(actors=("HTS",))),
    ("infinite-minimum", {"min_fatalities": "inf"}, Filters()),
    ("float-overflow-minimum", {"min_fatalities": 10**400}, Filters()),
    ("list-minimum", {"min_fatalities": [3]}, Filters()),
    ("list-date", {"start": [2017], "end": {"y": 2017}}, Filters()),
    ("huge-number-date", {"start": 10**30}, Filters()),
    ("list-flag", {"violations_only": [1]}, Filters()),
    (
        "good-values-kept",
        {"min_fatalities": "7", "violations_only": "true", "start": "2017-01-02"},
        Filters(min_fatalities=7, violations_only=True, start=date(2017, 1, 2)),
    ),
]


@pytest.mark.parametrize(("values", "filters"), [c[1:] for c in BAD_DICTS], ids=[c[0] for c in BAD_DICTS])
def test_filters_from_bad_dict_drops_values(values: object, filters: Filters) -> None:
    assert Filters.from_dict(values) == filters


def test_kpis_hand_counted(small_data: DashboardData) -> None:
    k = small_data.kpis(Filters())
    assert (k["events"], k["violations"], k["fatalities"]) == (6, 3, 49)
    assert k["by_side"] == {
        "government": {"events": 3, "violations": 2, "fatalities": 35},
        "opposition": {"events": 1, "violations": 1, "fatalities": 2},
        "other": {"events": 1, "violations": 0, "fatalities": 12},
        "unknown": {"events": 1, "violations": 0, "fatalities": 0},
    }


def test_kpis_empty_store(empty_data: DashboardData) -> None:
    assert empty_data.kpis(Filters()) == {"events": 0, "violations": 0, "fatalities": 0, "by_side": {}}


def test_timeline_by_month(small_data: DashboardData) -> None:
    t = small_data.timeline(Filters(sides=("government",)), group="actor1_side", freq="month")
    got = {(str(r.period)[:7], bool(r.violation)): (r.events, r.fatalities) for r in t.itertuples()}
    assert got == {("2016-12", False): (1, 30), ("2017-01", True): (1, 5), ("2017-02", True): (1, 0)}


def test_timeline_unknown_violation_is_not_a_violation(small_data: DashboardData) -> None:
    t = small_data.timeline(Filters(sides=("unknown",)), group="admin2", freq="day")
    assert list(t["violation"]) == [False]
    assert list(t["group"]) == ["Harim"]


def test_timeline_rejects_unknown_group(small_data: DashboardData) -> None:
    with pytest.raises(ValueError, match="unknown group"):
        small_data.timeline(Filters(), group="evidence; DROP TABLE incidents")


def test_heatmap_counts_violations_only(small_data: DashboardData) -> None:
    h = small_data.heatmap(Filters())
    got = {(r.actor, r.admin1): r.violations for r in h.itertuples()}
    assert got == {
        ("Military Forces of Syria (2000-2024)", "Idleb"): 1,
        ("Military Forces of Syria (2000-2024)", "Rural Damascus"): 1,
        ("Opposition Rebels (Syria)", "Aleppo"): 1,
    }


def test_map_points_group_by_place_and_side(small_data: DashboardData) -> None:
    p = small_data.map_points(Filters())
    # E5 has no coordinates; the others are five distinct places, deadliest first.
    assert p["location"].tolist() == ["Aleppo", "Deir ez-Zor", "Khan Shaykhun", "Hamdaniyeh", "Madaya"]
    assert p["fatalities"].tolist() == [30, 12, 5, 2, 0]
    assert small_data.map_points(Filters(), limit=2)["location"].tolist() == ["Aleppo", "Deir ez-Zor"]


@pytest.mark.parametrize(
    ("filters", "kwargs", "expected"),
    [
        (
            Filters(),
            {
                "group": "actor1_side",
                "value": "government",
                "freq": "month",
                "period": "2017-01-01",
                "violation": True,
            },
            "E1",
        ),
        (
            Filters(),
            {
                "group": "admin1",
                "value": "Aleppo",
                "freq": "month",
                "period": "2016-12-01",
                "violation": False,
            },
            "E4",
        ),
        (
            Filters(),
            {
                "group": "admin1",
                "value": "Aleppo",
                "freq": "month",
                "period": "2016-12-01",
                "violation": True,
            },
            None,
        ),
        (
            Filters(languages=("ar",)),
            {"group": "admin2", "value": "Harim", "freq": "week", "period": "2017-01-30", "violation": False},
            "E5",
        ),
    ],
    ids=["side-bar", "governorate-bar", "no-violations-there", "district-week"],
)
def test_bar_event(small_data: DashboardData, filters: Filters, kwargs: dict, expected: str | None) -> None:
    assert small_data.bar_event(filters, **kwargs) == expected


def test_point_event(small_data: DashboardData) -> None:
    assert small_data.point_event(Filters(), latitude=36.2, longitude=37.16, side="government") == "E4"
    assert (
        small_data.point_event(
            Filters(violations_only=True), latitude=36.2, longitude=37.16, side="government"
        )
        is None
    )


def test_by_governorate(small_data: DashboardData) -> None:
    g = small_data.by_governorate(Filters()).set_index("admin1_pcode")
    assert g.loc["SY02", ["events", "violations", "fatalities"]].tolist() == [2, 1, 32]
    assert g.loc["SY07", ["events", "violations", "fatalities"]].tolist() == [2, 1, 5]


@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        ([], ["E6", "E5", "E3", "E2", "E1", "E4"]),
        ([{"column_id": "fatalities_best", "direction": "desc"}], ["E4", "E3", "E1", "E2", "E6", "E5"]),
        ([{"column_id": "location", "direction": "asc"}], ["E4", "E3", "E2", "E5", "E1", "E6"]),
        ([{"column_id": "not-a-column", "direction": "asc"}], ["E6", "E5", "E3", "E2", "E1", "E4"]),
    ],
    ids=["newest-first", "deadliest", "by-place", "unknown-column-ignored"],
)
def test_page_sorting(small_data: DashboardData, sort_by: list, expected: list[str]) -> None:
    assert small_data.page(Filters(), size=10, sort_by=sort_by)["event_id"].tolist() == expected


def test_page_paging(small_data: DashboardData) -> None:
    pages = [small_data.page(Filters(), page=i, size=4)["event_id"].tolist() for i in range(3)]
    assert pages == [["E6", "E5", "E3", "E2"], ["E1", "E4"], []]


def test_event_and_mentions(small_data: DashboardData) -> None:
    e = small_data.event("E1")
    assert e is not None
    assert (e["actor1"], e["fatalities_best"], e["violation"], e["sources"]) == (
        "Military Forces of Syria (2000-2024)",
        5,
        True,
        ["Reuters", "AFP"],
    )
    assert small_data.event("E5")["violation"] is None  # type: ignore[index]
    assert small_data.event("nope") is None
    m = small_data.mentions("E1")
    assert m[["event_id", "source"]].values.tolist() == [["E1", "Reuters"], ["E1b", "AFP"]]


def test_filtered_frame_has_contract_dtypes(small_data: DashboardData) -> None:
    frame = small_data.filtered_frame(Filters())
    assert str(frame["fatalities"].dtype) == "Int64"
    assert str(frame["violation"].dtype) == "boolean"
    assert frame.set_index("event_id").loc["E1", "sources"] == "Reuters; AFP"


def test_options(small_data: DashboardData) -> None:
    o = small_data.options()
    assert o["sides"] == ["government", "opposition", "other", "unknown"]
    assert o["admin1"] == ["Aleppo", "Deir-ez-Zor", "Idleb", "Rural Damascus"]
    assert (o["min_date"], o["max_date"]) == ("2016-12-10", "2017-02-15")
    assert set(o["sources"]) == {"Reuters", "AFP", "SANA", "AP", "Enab Baladi"}
    assert o["ceasefires"] == [CF]
    # Actors as perpetrator or target, most frequent first (ties by name).
    assert o["actors"][:2] == ["Civilians (Syria)", "Military Forces of Syria (2000-2024)"]


def test_options_empty_store(empty_data: DashboardData) -> None:
    o = empty_data.options()
    assert (o["actors"], o["min_date"], o["max_date"]) == ([], None, None)


def test_single_event_store(single_data: DashboardData) -> None:
    assert single_data.kpis(Filters())["events"] == 1
    assert single_data.timeline(Filters(), freq="day")["events"].tolist() == [1]


@pytest.mark.parametrize(
    "registry",
    [
        pd.DataFrame({"id": ["a"], "name": ["A"], "start": ["2017-01-01"], "end": [None]}),
        [{"id": "a", "name": "A", "start": "2017-01-01", "end": None}],
        {"a": {"name": "A", "start": "2017-01-01"}},
    ],
    ids=["frame", "records", "mapping"],
)
def test_registry_periods_shapes(registry: object) -> None:
    p = registry_periods(registry)
    assert p is not None
    assert (p["id"].tolist(), p["name"].tolist(), str(p["start"][0])[:10]) == (["a"], ["A"], "2017-01-01")
    assert pd.isna(p["end"][0])


def test_registry_periods_none_without_starts() -> None:
    assert registry_periods([{"id": "x"}]) is None


def test_ceasefire_periods_cover_the_known_ids(small_data: DashboardData) -> None:
    periods = small_data.ceasefire_periods()
    assert CF in set(periods["id"])


def test_load_boundaries_packaged_or_none(tmp_path) -> None:  # noqa: ANN001
    b = load_boundaries()
    if b is not None:
        assert {f["properties"]["ADM1_PCODE"] for f in b["features"]} >= {"SY01", "SY14"}
    path = tmp_path / "b.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    assert load_boundaries(path) == {"type": "FeatureCollection", "features": []}


# Against pandas on a synthetic store: the SQL and an independent pandas filter agree.
SYNTH_CASES = [
    ("side-gov", {"sides": ["government"]}),
    ("aleppo-violations", {"admin1": ["Aleppo"], "violations_only": True}),
    ("arabic-2017", {"languages": ["ar"], "start": "2017-01-01", "end": "2017-03-31"}),
    ("deadly", {"min_fatalities": 10}),
    ("source", {"sources": ["AFP"]}),
]


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    from tests.support.synth import synthetic_incidents, write_incidents_store

    frame = synthetic_incidents(2000, seed=3)
    data = DashboardData(write_incidents_store(tmp_path_factory.mktemp("syn") / "s.duckdb", frame))
    yield frame, data
    data.close()


def _pandas_filter(frame: pd.DataFrame, f: dict) -> set[str]:
    keep = pd.Series(True, index=frame.index)
    if "sides" in f:
        keep &= frame["actor1_side"].isin(f["sides"])
    if "admin1" in f:
        keep &= frame["admin1"].isin(f["admin1"])
    if f.get("violations_only"):
        keep &= frame["violation"].fillna(False).astype(bool)
    if "languages" in f:
        keep &= frame["language"].isin(f["languages"])
    if "start" in f:
        keep &= frame["event_date"] >= pd.Timestamp(f["start"])
    if "end" in f:
        keep &= frame["event_date"] <= pd.Timestamp(f["end"])
    if "min_fatalities" in f:
        keep &= frame["fatalities_best"].fillna(0) >= f["min_fatalities"]
    if "sources" in f:
        keep &= frame["sources"].map(lambda s: bool(set(s) & set(f["sources"])))
    return set(frame.loc[keep, "event_id"])


@pytest.mark.parametrize("loose", [c[1] for c in SYNTH_CASES], ids=[c[0] for c in SYNTH_CASES])
def test_synthetic_store_matches_pandas(synth, loose: dict) -> None:  # noqa: ANN001
    frame, data = synth
    expected = _pandas_filter(frame, loose)
    assert expected, "the case should select something"
    f = Filters.from_dict(loose)
    assert set(data.filtered_frame(f)["event_id"]) == expected
    k = data.kpis(f)
    assert k["events"] == len(expected)
    chosen = frame[frame["event_id"].isin(expected)]
    assert k["fatalities"] == int(chosen["fatalities_best"].fillna(0).sum())
    assert k["violations"] == int(chosen["violation"].fillna(False).sum())
    assert int(data.timeline(f, freq="month")["events"].sum()) == len(expected)


def test_answers_are_cached_and_copies(small_store) -> None:  # noqa: ANN001
    data = DashboardData(small_store, cache_size=2)
    first = data.by_governorate(Filters())
    first.loc[0, "events"] = 999  # a caller changing its frame must not change the cache
    again = data.by_governorate(Filters())
    assert again["events"].max() == 2
    data.kpis(Filters())
    data.kpis(Filters(sides=("government",)))
    assert len(data._cache) == 2  # the oldest answer was dropped
    data.close()
