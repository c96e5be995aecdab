"""UCDP GED layout: how our fields map to GED's columns (sides, violence type, figures, places, dates)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.test_export import ROWS
from tracker.export import UCDP_COLUMNS, to_ucdp
from tracker.export.ucdp import priogrid_gid
from tracker.schema import to_frame


def ged_row(**fields) -> pd.Series:
    return to_ucdp(to_frame([{"event_id": "x", "published": "2017-01-24", **fields}])).iloc[0]


def value(cell):
    return None if pd.isna(cell) else cell


def test_columns_and_dtypes():
    ged = to_ucdp(to_frame(ROWS))
    assert list(ged.columns) == list(UCDP_COLUMNS) and len(UCDP_COLUMNS) == 49
    assert list(to_ucdp(to_frame([])).columns) == list(UCDP_COLUMNS)
    assert str(ged["best"].dtype) == "Int64" and str(ged["date_start"].dtype) == "datetime64[ns]"


def test_a_government_strike_on_civilians():
    row = to_ucdp(to_frame(ROWS)).iloc[0]
    assert (row["type_of_violence"], row["side_a"], row["side_b"]) == (3, "Government of Syria", "Civilians")
    assert row["dyad_name"] == "Government of Syria - Civilians"
    assert (row["best"], row["low"], row["high"], row["deaths_civilians"], row["deaths_unknown"]) == (
        7,
        7,
        7,
        7,
        0,
    )
    assert (row["deaths_a"], row["deaths_b"]) == (0, 0)
    assert (row["where_prec"], row["where_coordinates"], row["adm_1"]) == (1, "Saraqib", "Idleb governorate")
    assert row["geom_wkt"] == "POINT (36.8051 35.8623)" and row["priogrid_gid"] == priogrid_gid(
        35.8623, 36.8051
    )
    assert (row["country"], row["country_id"], row["region"]) == ("Syria", 652, "Middle East")
    assert (row["gwnoa"], value(row["gwnob"])) == (652, None)
    assert row["date_prec"] == 1 and row["date_start"] == row["date_end"] == pd.Timestamp("2017-01-23")
    assert row["source_date"] == pd.Timestamp("2017-01-24") and row["number_of_sources"] == 1
    assert row["source_article"] == "Example Wire, 2017-01-24"
    assert row["source_original"] == "Syrian Observatory for Human Rights"
    for empty in ("relid", "active_year", "code_status", "conflict_new_id", "side_a_new_id", "source_office"):
        assert pd.isna(row[empty]), empty


def test_a_lone_rebel_group_has_no_type_and_no_figures():
    row = to_ucdp(to_frame(ROWS)).iloc[1]
    assert (
        pd.isna(row["type_of_violence"]) and row["side_a"] == "Syrian insurgents" and pd.isna(row["side_b"])
    )
    assert all(pd.isna(row[c]) for c in ("best", "low", "high", "deaths_unknown", "date_start", "year"))
    assert (row["where_prec"], row["where_coordinates"]) == (4, "Aleppo")


@pytest.mark.parametrize(
    ("fields", "violence", "side_a", "side_b", "gwnoa"),
    [
        (
            {"actor1": "Opposition Rebels (Syria)", "actor2": "Military Forces of Syria (2000-2024)"},
            1,
            "Government of Syria",
            "Syrian insurgents",
            652,
        ),
        (
            {"actor1": "Military Forces of Russia (2000-)", "actor2": "Islamic State (Syria)"},
            1,
            "Government of Russia (Soviet Union)",
            "IS",
            365,
        ),
        (
            {"actor1": "Islamic State (Syria)", "actor2": "QSD: Syrian Democratic Forces"},
            2,
            "IS",
            "QSD: Syrian Democratic Forces",
            None,
        ),
        (
            {"actor1": "Unidentified Armed Group (Syria)", "event_type": "Violence against civilians"},
            3,
            None,
            "Civilians",
            None,
        ),
    ],
    ids=["government-is-side-a", "foreign-state", "non-state", "one-sided-unknown-perpetrator"],
)
def test_sides_and_type_of_violence(fields, violence, side_a, side_b, gwnoa):
    row = ged_row(**fields)
    assert (row["type_of_violence"], value(row["side_a"]), value(row["side_b"]), value(row["gwnoa"])) == (
        violence,
        side_a,
        side_b,
        gwnoa,
    )


@pytest.mark.parametrize(
    ("fields", "best", "low", "high", "civilians", "unknown"),
    [
        ({"fatalities": 12, "fatalities_high": 15, "civilians_killed": 5}, 12, 12, 15, 5, 7),
        ({"fatalities": 10, "fatalities_best": 13, "fatalities_high": 20}, 13, 10, 20, 0, 13),
        ({"fatalities": 4, "event_type": "Violence against civilians"}, 4, 4, 4, 4, 0),
        ({"fatalities": 3, "civilians_killed": 9}, 3, 3, 3, 3, 0),
    ],
    ids=["civilians-among-them", "store-best-estimate", "one-sided", "breakdown-larger-than-total"],
)
def test_figures_add_up(fields, best, low, high, civilians, unknown):
    row = ged_row(**fields)
    assert (row["best"], row["low"], row["high"], row["deaths_civilians"], row["deaths_unknown"]) == (
        best,
        low,
        high,
        civilians,
        unknown,
    )
    assert row["deaths_a"] + row["deaths_b"] + row["deaths_civilians"] + row["deaths_unknown"] == row["best"]


@pytest.mark.parametrize(
    ("fields", "where_prec"),
    [
        ({"geo_precision": 1, "location": "Saraqib", "admin1": "Idleb"}, 1),
        ({"geo_precision": 2, "location": "southern Idlib countryside", "admin1": "Idleb"}, 2),
        ({"geo_precision": 3, "admin2": "Ariha", "admin1": "Idleb"}, 3),
        ({"geo_precision": 3, "admin1": "Idleb"}, 4),
        ({"country": "Yemen", "geo_precision": 3}, 6),
        ({}, 6),
    ],
    ids=["town", "near", "district", "governorate", "country", "nothing"],
)
def test_where_precision(fields, where_prec):
    assert ged_row(**fields)["where_prec"] == where_prec


@pytest.mark.parametrize(
    ("day", "precision", "published", "date_prec", "start", "end"),
    [
        ("2017-01-23", 1, "2017-01-24", 1, date(2017, 1, 23), date(2017, 1, 23)),
        ("2017-01-10", 2, "2017-01-24", 3, date(2017, 1, 7), date(2017, 1, 13)),
        ("2017-01-22", 2, "2017-01-24", 3, date(2017, 1, 19), date(2017, 1, 24)),
        ("2017-01-01", 3, "2017-02-03", 4, date(2017, 1, 1), date(2017, 1, 31)),
    ],
    ids=["day", "week", "week-ending-at-publication", "month"],
)
def test_dates_span_what_a_less_precise_date_stands_for(day, precision, published, date_prec, start, end):
    row = ged_row(event_date=day, date_precision=precision, published=published)
    assert row["date_prec"] == date_prec
    assert (row["date_start"].date(), row["date_end"].date()) == (start, end)


def test_store_incidents_count_their_sources():
    frame = to_frame([{"event_id": "i1", "fatalities": 3}])
    frame["sources"] = [["SOHR", "Reuters"]]
    frame["n_sources"] = pd.array([2], dtype="Int64")
    row = to_ucdp(frame).iloc[0]
    assert row["number_of_sources"] == 2 and row["source_article"] == "SOHR; Reuters"


@pytest.mark.parametrize(
    ("lat", "lon", "gid"),
    [(-89.75, -179.75, 1), (-89.75, 179.75, 720), (-89.25, -179.75, 721), (89.75, 179.75, 259200)],
    ids=["first-cell", "end-of-first-row", "second-row", "last-cell"],
)
def test_priogrid_cells(lat, lon, gid):
    assert priogrid_gid(lat, lon) == gid
