"""The violation judgement and violation counts.

Grammar of the judgement is tested against a small fictional registry (``FICTION``) so that editing
the shipped agreements cannot break these tests; the shipped facts are tested at the end.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.ceasefires import judge, judge_row, load_registry, violation_counts
from tracker.schema import to_frame

GOV = "Military Forces of Syria (2000-2024)"
AIR_FORCE = "Military Forces of Syria (2000-2024) Syrian Arab Air Force"
REBELS = "Opposition Rebels (Syria)"
ISIS = "Islamic State (Syria)"
HTS = "HTS: Hayat Tahrir al Sham"
SDF = "QSD: Syrian Democratic Forces"
UNKNOWN = "Unidentified Armed Group (Syria)"

FICTION = """
zones:
  test-pocket:
    name: Test pocket
    towns: [Douma]
    polygon: [[36.30, 33.40], [36.60, 33.40], [36.60, 33.70], [36.30, 33.70]]
ceasefires:
  - id: country-2020
    name: Country truce of 1 January 2020
    short_name: country truce
    start: 2020-01-01
    end: 2020-06-30
    area: {country: Syria}
    parties:
      - {side: government, label: the government side}
      - {side: opposition, label: the opposition}
    excluded: ["Islamic State (Syria)", "HTS: Hayat Tahrir al Sham"]
  - id: idleb-air-2020
    name: Idleb air truce of 1 March 2020
    short_name: Idleb air truce
    start: 2020-03-01
    area: {admin1: [SY07]}
    applies_to: air
    parties:
      - {side: government, label: the government side}
      - {side: opposition, label: the opposition}
  - id: pocket-2020
    name: Pocket truce of 1 April 2020
    short_name: pocket truce
    start: 2020-04-01
    end: 2020-04-30
    area: {zones: [test-pocket]}
    parties:
      - {side: government, label: the government side, actors: ["Military Forces of Syria (2000-2024)"]}
      - {side: opposition, label: the opposition}
    excluded: ["Jaysh al-Islam"]
"""


@pytest.fixture(scope="module")
def fiction(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("reg") / "fiction.yaml"
    path.write_text(FICTION, encoding="utf-8")
    return load_registry([path], replace=True)


def ev(**kw):
    row = {
        "event_date": "2020-02-10",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": GOV,
        "actor1_side": "government",
        "actor2": REBELS,
        "actor2_side": "opposition",
        "admin1": "Aleppo",
        "admin1_pcode": "SY02",
        "country": "Syria",
    }
    row.update(kw)
    return row


# (id, event overrides, expected ceasefire, expected violation, words the reason must contain)
CASES = [
    (
        "gov-on-rebels",
        {},
        "country-2020",
        True,
        ["Shelling", "40 days into the country truce", "both the government side and the opposition"],
    ),
    (
        "rebels-on-gov",
        {"actor1": REBELS, "actor1_side": "opposition", "actor2": GOV, "actor2_side": "government"},
        "country-2020",
        True,
        ["by opposition fighters"],
    ),
    (
        "gov-on-civilians",
        {"actor2": "Civilians (Syria)", "actor2_side": "civilians"},
        "country-2020",
        True,
        ["parties"],
    ),
    ("gov-target-unknown", {"actor2": None, "actor2_side": None}, "country-2020", True, ["parties"]),
    (
        "by-excluded-isis",
        {"actor1": ISIS, "actor1_side": "other"},
        "country-2020",
        False,
        ["the Islamic State is excluded", "not a violation"],
    ),
    (
        "on-excluded-hts",
        {"actor2": HTS, "actor2_side": "other"},
        "country-2020",
        False,
        ["against Hayat Tahrir al-Sham", "excluded", "not a violation"],
    ),
    (
        "unknown-perpetrator-name",
        {"actor1": UNKNOWN, "actor1_side": "unknown"},
        "country-2020",
        None,
        ["unidentified perpetrator", "unknown"],
    ),
    (
        "unknown-perpetrator-missing",
        {"actor1": None, "actor1_side": None},
        "country-2020",
        None,
        ["unidentified perpetrator"],
    ),
    (
        "unknown-on-excluded",
        {"actor1": None, "actor1_side": "unknown", "actor2": ISIS, "actor2_side": "other"},
        "country-2020",
        False,
        ["excluded"],
    ),
    (
        "non-party-perpetrator",
        {"actor1": SDF, "actor1_side": "other"},
        "country-2020",
        False,
        ["not a party"],
    ),
    (
        "non-party-target",
        {"actor2": SDF, "actor2_side": "other"},
        "country-2020",
        False,
        ["target is not a party"],
    ),
    (
        "within-one-side",
        {
            "actor1": REBELS,
            "actor1_side": "opposition",
            "actor2": "Ahrar al-Sham",
            "actor2_side": "opposition",
        },
        "country-2020",
        False,
        ["fighting within the opposition"],
    ),
    (
        "first-day",
        {"event_date": "2020-01-01"},
        "country-2020",
        True,
        ["on the first day of the country truce"],
    ),
    ("last-day", {"event_date": "2020-06-30"}, "country-2020", True, ["181 days into"]),
    (
        "before-start",
        {"event_date": "2019-12-31"},
        None,
        None,
        ["No ceasefire in force on 2019-12-31", "started later, on 2020-01-01"],
    ),
    ("after-end", {"event_date": "2020-07-01"}, None, None, ["No ceasefire in force", "ended on 2020-06-30"]),
    ("no-date", {"event_date": None}, None, None, ["No event date"]),
    ("outside-syria", {"country": "Iraq"}, None, None, ["outside Syria (Iraq)"]),
    ("country-missing-means-syria", {"country": None}, "country-2020", True, ["parties"]),
    (
        "strategic-development",
        {"event_type": "Strategic developments", "sub_event_type": "Agreement"},
        "country-2020",
        False,
        ["never a violation"],
    ),
    (
        "protest",
        {"event_type": "Protests", "sub_event_type": None},
        "country-2020",
        False,
        ["never a violation"],
    ),
    (
        "week-precision-spanning-start",
        {"event_date": "2019-12-30", "date_precision": 2},
        None,
        None,
        ["known only to the week (around 2019-12-30)", "country truce started on 2020-01-01"],
    ),
    (
        "month-precision-inside",
        {"event_date": "2020-02-01", "date_precision": 3},
        "country-2020",
        True,
        ["parties"],
    ),
    (
        "week-precision-spanning-end",
        {"event_date": "2020-06-29", "date_precision": 2},
        "country-2020",
        None,
        ["known only to the week", "ended on 2020-06-30"],
    ),
    (
        "day-precision-at-end",
        {"event_date": "2020-06-30", "date_precision": 1},
        "country-2020",
        True,
        ["parties"],
    ),
    # Area scope and overlaps: Idleb has its own air-only truce from March, more specific than the country's.
    (
        "idleb-air-strike-overlap",
        {
            "event_date": "2020-03-05",
            "admin1": "Idleb",
            "admin1_pcode": "SY07",
            "sub_event_type": "Air/drone strike",
        },
        "idleb-air-2020",
        True,
        ["Air strike", "Idleb air truce", "country truce also applied", "more specific"],
    ),
    (
        "idleb-shelling-air-only",
        {"event_date": "2020-03-05", "admin1": "Idleb", "admin1_pcode": "SY07"},
        "idleb-air-2020",
        False,
        ["covers only air strikes"],
    ),
    (
        "idleb-after-country-end",
        {
            "event_date": "2020-08-01",
            "admin1": "Idleb",
            "admin1_pcode": "SY07",
            "sub_event_type": "Air/drone strike",
        },
        "idleb-air-2020",
        True,
        ["parties"],
    ),
    (
        "aleppo-after-country-end",
        {"event_date": "2020-08-01", "sub_event_type": "Air/drone strike"},
        None,
        None,
        ["outside the area of the Idleb air truce"],
    ),
    (
        "zone-by-point",
        {
            "event_date": "2020-04-10",
            "admin1": "Rural Damascus",
            "admin1_pcode": "SY03",
            "latitude": 33.55,
            "longitude": 36.45,
        },
        "pocket-2020",
        True,
        ["pocket truce", "country truce also applied"],
    ),
    (
        "zone-by-town",
        {"event_date": "2020-04-10", "admin1": "Rural Damascus", "admin1_pcode": "SY03", "location": "Douma"},
        "pocket-2020",
        True,
        ["in Douma (Rural Damascus)"],
    ),
    (
        "zone-point-outside",
        {
            "event_date": "2020-04-10",
            "admin1": "Rural Damascus",
            "admin1_pcode": "SY03",
            "latitude": 33.2,
            "longitude": 36.45,
        },
        "country-2020",
        True,
        ["country truce"],
    ),
    (
        "zone-own-exclusion",
        {
            "event_date": "2020-04-10",
            "location": "Douma",
            "actor2": "Jaysh al-Islam",
            "actor2_side": "opposition",
        },
        "pocket-2020",
        False,
        ["Jaysh al-Islam is excluded"],
    ),
    (
        "admin1-name-only",
        {
            "event_date": "2020-03-05",
            "admin1": "Idleb",
            "admin1_pcode": None,
            "sub_event_type": "Air/drone strike",
        },
        "idleb-air-2020",
        True,
        ["Idleb"],
    ),
]


@pytest.mark.parametrize(
    ("overrides", "cid", "violation", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_judge_row(fiction, overrides, cid, violation, words):
    got_id, got_violation, reason = judge_row(ev(**overrides), fiction)
    assert got_id == cid
    assert got_violation is violation
    for w in words:
        assert w in reason, reason


def test_exclusion_covers_the_groups_under_an_excluded_parent(tmp_path):
    # The actors registry makes the YPG part of the SDF: excluding the SDF excludes the YPG too.
    path = tmp_path / "sdf.yaml"
    path.write_text(
        FICTION.split("ceasefires:")[0]
        + """ceasefires:
  - id: north-2020
    name: Northern truce
    start: 2020-01-01
    area: {country: Syria}
    parties: [{side: government}, {side: other}]
    excluded: ["QSD: Syrian Democratic Forces"]
""",
        encoding="utf-8",
    )
    reg = load_registry([path], replace=True)
    row = ev(
        event_type="Battles", sub_event_type=None, actor2="YPG: Peoples Protection Units", actor2_side="other"
    )
    cid, violation, reason = judge_row(row, reg)
    assert (cid, violation) == ("north-2020", False)
    assert reason.startswith("Fighting by Syrian government forces against the YPG")
    assert "the Syrian Democratic Forces is excluded" in reason


def test_judge_frame_fills_columns_with_contract_dtypes(fiction):
    frame = to_frame(
        [
            ev(),
            ev(actor1=ISIS, actor1_side="other"),
            ev(actor1=None, actor1_side=None),
            ev(event_date="2019-01-01"),
        ]
    )
    out = judge(frame, fiction)
    assert out["violation"].dtype == "boolean"
    assert out["ceasefire"].tolist()[:3] == ["country-2020"] * 3
    assert pd.isna(out["ceasefire"].iloc[3])
    assert out["violation"].tolist()[:2] == [True, False]
    assert out["violation"].isna().tolist() == [False, False, True, True]
    assert frame["violation"].isna().all()  # the input is left alone


def test_judge_empty_frame(fiction):
    out = judge(to_frame([]), fiction)
    assert len(out) == 0 and "violation_reason" in out


# -- counts -----------------------------------------------------------------------------------------


@pytest.fixture()
def counted_rows():
    return to_frame(
        [
            ev(event_date="2020-02-10", fatalities=3, reported_by="SOHR"),
            ev(event_date="2020-02-10", fatalities=2, reported_by="Russian MoD"),
            ev(event_date="2020-02-11", fatalities=None, reported_by="SOHR"),
            ev(
                event_date="2020-02-10",
                actor1=REBELS,
                actor1_side="opposition",
                actor2=GOV,
                actor2_side="government",
                fatalities=6,
                admin1="Idleb",
                admin1_pcode="SY07",
            ),
            ev(
                event_date="2020-02-10", actor1=ISIS, actor1_side="other", fatalities=9
            ),  # excluded: not counted
            ev(event_date="2020-02-12", actor1=None, actor1_side="unknown", fatalities=4),  # unknown
            ev(event_date="2019-02-10", fatalities=7),  # no ceasefire: not counted
        ]
    )


def test_counts_per_day_side_governorate(fiction, counted_rows):
    out = violation_counts(counted_rows, registry=fiction)
    got = {
        (r.period.date().isoformat(), r.actor1_side, r.admin1): (r.violations, r.fatalities, r.unknown)
        for r in out.itertuples()
    }
    assert got == {
        ("2020-02-10", "government", "Aleppo"): (2, 5, 0),
        ("2020-02-10", "opposition", "Idleb"): (1, 6, 0),
        ("2020-02-11", "government", "Aleppo"): (1, 0, 0),
        ("2020-02-12", "unknown", "Aleppo"): (0, 0, 1),
    }


@pytest.mark.parametrize(
    ("freq", "periods"),
    [("D", ["2020-02-10", "2020-02-11", "2020-02-12"]), ("W", ["2020-02-10"]), ("M", ["2020-02-01"])],
    ids=["day", "week-from-monday", "month"],
)
def test_counts_frequency(fiction, counted_rows, freq, periods):
    out = violation_counts(counted_rows, by=(), freq=freq, registry=fiction)
    assert [p.date().isoformat() for p in out["period"]] == periods
    assert out["violations"].sum() == 4 and out["fatalities"].sum() == 11


def test_counts_by_reporting_source(fiction, counted_rows):
    out = violation_counts(counted_rows, by=["reporter"], freq="M", registry=fiction)
    got = dict(zip(out["reported_by"], out["violations"], strict=True))
    assert got == {"SOHR": 2, "Russian MoD": 1, "unknown": 1}


def test_counts_reject_unknown_column_and_freq(fiction, counted_rows):
    with pytest.raises(ValueError, match="nonsense"):
        violation_counts(counted_rows, by=["nonsense"], registry=fiction)
    with pytest.raises(ValueError, match="freq"):
        violation_counts(counted_rows, freq="Q", registry=fiction)


def test_counts_of_nothing(fiction):
    out = violation_counts(to_frame([ev(event_date="2010-01-01")]), registry=fiction)
    assert len(out) == 0 and list(out.columns) == [
        "period",
        "actor1_side",
        "admin1",
        "violations",
        "fatalities",
        "unknown",
    ]


# -- the shipped agreements -------------------------------------------------------------------------

SHIPPED = [
    ("coh-first-day", {"event_date": "2016-02-27"}, "coh-2016-02-27", True),
    ("between-coh-and-september", {"event_date": "2016-09-11"}, "coh-2016-02-27", True),
    ("september-truce", {"event_date": "2016-09-15"}, "us-russia-2016-09-12", True),
    ("gap-autumn-2016", {"event_date": "2016-11-01"}, None, None),
    ("month-precision-december-2016", {"event_date": "2016-12-01", "date_precision": 3}, None, None),
    (
        "month-precision-january-2017",
        {"event_date": "2017-01-01", "date_precision": 3},
        "nationwide-2016-12-30",
        True,
    ),
    (
        "nationwide-jfs-excluded",
        {"event_date": "2017-01-10", "actor2": "Jabhat Fateh al-Sham", "actor2_side": "other"},
        "nationwide-2016-12-30",
        False,
    ),
    (
        "astana-zone-idleb",
        {"event_date": "2017-06-01", "admin1": "Idleb", "admin1_pcode": "SY07", "actor1": AIR_FORCE},
        "astana-deescalation-2017-05-06",
        True,
    ),
    (
        "astana-zone-ghouta-point",
        {
            "event_date": "2017-06-01",
            "admin1": "Rural Damascus",
            "admin1_pcode": "SY03",
            "latitude": 33.527,
            "longitude": 36.356,
        },
        "astana-deescalation-2017-05-06",
        True,
    ),
    (
        "astana-zone-rastan",
        {"event_date": "2017-06-01", "admin1": "Homs", "admin1_pcode": "SY04", "admin2": "Ar-Rastan"},
        "astana-deescalation-2017-05-06",
        True,
    ),
    (
        "after-astana-outside-zones",
        {"event_date": "2017-06-01", "admin1": "Deir-ez-Zor", "admin1_pcode": "SY09"},
        "nationwide-2016-12-30",
        True,
    ),
    (
        "before-astana-in-idleb",
        {"event_date": "2017-05-05", "admin1": "Idleb", "admin1_pcode": "SY07"},
        "nationwide-2016-12-30",
        True,
    ),
]


@pytest.mark.parametrize(
    ("overrides", "cid", "violation"), [c[1:] for c in SHIPPED], ids=[c[0] for c in SHIPPED]
)
def test_shipped_registry(overrides, cid, violation):
    got_id, got_violation, _ = judge_row(ev(**overrides))
    assert (got_id, got_violation) == (cid, violation)


def test_reason_reads_like_a_monitor_would_write_it():
    row = ev(
        event_date="2017-01-23",
        sub_event_type="Air/drone strike",
        actor1=AIR_FORCE,
        actor2=None,
        actor2_side=None,
    )
    assert judge_row(row)[2] == (
        "Air strike by Syrian government forces on 2017-01-23 in Aleppo, 24 days into the nationwide ceasefire "
        "of 30 December 2016; both the government side and the opposition are parties."
    )


def test_seed_events_are_violations_by_each_side():
    # The seed reports government air strikes killing 12 in the west and an opposition attack killing 6
    # in Aleppo on the eve of the Astana talks (published 2017-01-24).
    rows = [
        ev(
            event_date="2017-01-23",
            sub_event_type="Air/drone strike",
            actor1=AIR_FORCE,
            admin1=None,
            admin1_pcode=None,
            actor2=None,
            actor2_side=None,
            fatalities=12,
        ),
        ev(
            event_date="2017-01-23",
            event_type="Violence against civilians",
            sub_event_type="Attack",
            actor1=REBELS,
            actor1_side="opposition",
            actor2="Civilians (Syria)",
            actor2_side="civilians",
            fatalities=6,
        ),
    ]
    out = judge(to_frame(rows))
    assert out["ceasefire"].tolist() == ["nationwide-2016-12-30"] * 2
    assert out["violation"].tolist() == [True, True]
    counts = violation_counts(out, by=["side"], judged=True)
    assert dict(zip(counts["actor1_side"], counts["fatalities"], strict=True)) == {
        "government": 12,
        "opposition": 6,
    }


# -- robustness -------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    row=st.fixed_dictionaries(
        {
            "event_date": st.one_of(
                st.none(),
                st.dates(min_value=date(2015, 1, 1), max_value=date(2018, 12, 31)),
                st.text(max_size=8),
            ),
            "actor1": st.one_of(
                st.none(), st.sampled_from([GOV, REBELS, ISIS, HTS, SDF, UNKNOWN]), st.text(max_size=5)
            ),
            "actor1_side": st.one_of(
                st.none(), st.sampled_from(["government", "opposition", "other", "civilians", "unknown"])
            ),
            "actor2": st.one_of(st.none(), st.sampled_from([GOV, REBELS, ISIS, "Civilians (Syria)"])),
            "actor2_side": st.one_of(
                st.none(), st.sampled_from(["government", "opposition", "other", "civilians"])
            ),
            "admin1": st.one_of(
                st.none(), st.sampled_from(["Idleb", "Aleppo", "Nowhere"]), st.text(max_size=5)
            ),
            "latitude": st.one_of(st.none(), st.floats(allow_nan=True)),
            "longitude": st.one_of(st.none(), st.floats(allow_nan=True)),
            "event_type": st.one_of(
                st.none(), st.sampled_from(["Battles", "Protests", "Strategic developments"])
            ),
        }
    )
)
def test_judge_row_on_arbitrary_rows(row):
    cid, violation, reason = judge_row(row)
    assert violation in (True, False, None) and reason.endswith(".")
    if violation:
        assert cid is not None
        assert row["actor1_side"] in ("government", "opposition") or row["actor1"] in (GOV, REBELS)
        assert row["event_type"] not in ("Protests", "Strategic developments")
