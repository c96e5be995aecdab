"""Export: every format written and read back with pandas (and DuckDB for Parquet dates); formula
injection; ACLED and UCDP files read back with those datasets' column lists."""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from tracker.export import format_for, neutralise_formulas, to_csv_bytes, write_frame
from tracker.schema import EVENT_COLUMNS, conform, to_frame

ROWS = [
    {
        "event_id": "e1",
        "article_id": "a1",
        "source": "Example Wire",
        "published": "2017-01-24",
        "language": "en",
        "event_date": "2017-01-23",
        "date_precision": 1,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of Syria (2000-2024) Syrian Arab Air Force",
        "actor1_side": "government",
        "actor2": "Civilians (Syria)",
        "actor2_side": "civilians",
        "location": "Saraqib",
        "admin1": "Idleb",
        "admin1_pcode": "SY07",
        "latitude": 35.8623,
        "longitude": 36.8051,
        "geo_precision": 1,
        "country": "Syria",
        "fatalities": 7,
        "civilians_killed": 7,
        "reported_by": "Syrian Observatory for Human Rights",
        "evidence": "Government warplanes killed 7 civilians in Saraqib, Idlib province, on Monday.",
        "span_start": 0,
        "span_end": 80,
        "ceasefire": "nationwide-2016-12-30",
        "violation": True,
        "confidence": 0.9,
    },
    {
        "event_id": "e2",
        "article_id": "a2",
        "published": "2017-01-24",
        "language": "ar",
        "event_date": None,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Opposition Rebels (Syria)",
        "actor1_side": "opposition",
        "location_text": "حلب",
        "admin1": "Aleppo",
        "admin1_pcode": "SY02",
        "fatalities": None,
        "evidence": '=HYPERLINK("http://evil.example","قتل 6 أشخاص في حلب")',
        "notes": "-2+3",
        "violation": None,
    },
]


@pytest.fixture
def frame() -> pd.DataFrame:
    return to_frame(ROWS)


# --- CSV --------------------------------------------------------------------------------------------


def test_csv_round_trip(tmp_path, frame):
    path = tmp_path / "events.csv"
    write_frame(frame, path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert text.splitlines()[0].split(",") == list(EVENT_COLUMNS)
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back["published"].tolist() == ["2017-01-24", "2017-01-24"]  # ISO, no time of day
    assert back["event_date"].tolist() == ["2017-01-23", ""]
    assert back["fatalities"].tolist() == ["7", ""]  # nullable ints stay ints: never "7.0"
    assert back["date_precision"].tolist() == ["1", ""]
    assert back["violation"].tolist() == ["True", ""]
    assert back["location_text"].tolist() == ["", "حلب"]
    typed = conform(pd.read_csv(path))
    assert typed["fatalities"].tolist()[0] == 7 and pd.isna(typed["fatalities"].tolist()[1])
    assert typed["event_date"].tolist()[0] == pd.Timestamp("2017-01-23")
    assert typed["latitude"].tolist()[0] == pytest.approx(35.8623)


def test_csv_keeps_time_of_day_when_there_is_one():
    frame = pd.DataFrame({"at": pd.to_datetime(["2017-01-24 08:30", None]), "n": [1, 2]})
    assert to_csv_bytes(frame) == b"at,n\r\n2017-01-24T08:30:00,1\r\n,2\r\n"


def test_excel_csv_has_a_bom_and_reads_back(tmp_path, frame):
    path = tmp_path / "events.csv"
    write_frame(frame, path, excel=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfevent_id,")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back.columns[0] == "event_id"
    assert back["location_text"].tolist() == ["", "حلب"]


def test_csv_bytes_equal_the_written_file(tmp_path, frame):
    for excel in (False, True):
        path = tmp_path / f"e{excel}.csv"
        write_frame(frame, path, excel=excel)
        assert to_csv_bytes(frame, excel=excel) == path.read_bytes()


def test_gzipped_csv(tmp_path, frame):
    path = tmp_path / "events.csv.gz"
    write_frame(frame, path)
    assert gzip.decompress(path.read_bytes()) == to_csv_bytes(frame)


def test_list_cells_are_joined_in_csv():
    frame = pd.DataFrame({"sources": [["SOHR", "SANA"], None], "n": [1, 2]})
    assert to_csv_bytes(frame) == b"sources,n\r\nSOHR; SANA,1\r\n,2\r\n"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+966 11 000 0000", "'+966 11 000 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("=قتل", "'=قتل"),
        ("Aleppo", "Aleppo"),
        ("قتل 6 أشخاص", "قتل 6 أشخاص"),
        ("a=b", "a=b"),
    ],
    ids=[
        "sum",
        "hyperlink",
        "plus",
        "minus",
        "at",
        "tab",
        "carriage-return",
        "arabic-formula",
        "plain",
        "arabic",
        "inner-equals",
    ],
)
def test_formula_injection_neutralised(cell, written):
    frame = pd.DataFrame(
        {
            "text": pd.array([cell], dtype="string"),
            "obj": pd.Series([cell], dtype=object),
            "cat": pd.Series([cell], dtype="category"),
        }
    )
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), dtype=str, keep_default_na=False)
    assert back.iloc[0].tolist() == [written] * 3


def test_numbers_are_not_text_and_stay_negative():
    frame = pd.DataFrame({"delta": pd.array([-3], dtype="Int64"), "x": [-1.5]})
    assert to_csv_bytes(frame) == b"delta,x\r\n-3,-1.5\r\n"


def test_neutralise_formulas_keeps_dtypes(frame):
    out = neutralise_formulas(frame)
    assert out.dtypes.to_dict() == frame.dtypes.to_dict()
    assert out["evidence"].iloc[1].startswith("'=HYPERLINK")
    assert frame["evidence"].iloc[1].startswith("=HYPERLINK")  # the input is left alone


def test_written_csv_neutralises_formulas(tmp_path, frame):
    path = tmp_path / "events.csv"
    write_frame(frame, path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[1]["evidence"].startswith("'=HYPERLINK(")
    assert rows[1]["notes"] == "'-2+3"


# --- Parquet, JSON lines, GeoJSON -------------------------------------------------------------------


def test_parquet_round_trip_keeps_dtypes_and_values(tmp_path, frame):
    path = tmp_path / "events.parquet"
    write_frame(frame, path)
    back = pd.read_parquet(path)
    assert list(back.columns) == list(EVENT_COLUMNS)
    for col in ("fatalities", "date_precision", "violation", "admin1", "latitude"):
        assert str(back[col].dtype) == str(frame[col].dtype), col
    pd.testing.assert_frame_equal(conform(back), frame)
    assert back["evidence"].iloc[1].startswith("=HYPERLINK")  # only CSV is neutralised


def test_parquet_dates_are_dates(tmp_path, frame):
    path = tmp_path / "events.parquet"
    write_frame(frame, path)
    schema = pq.read_schema(path)
    assert str(schema.field("event_date").type) == "date32[day]"
    assert str(schema.field("published").type) == "date32[day]"
    con = duckdb.connect()
    try:
        row = con.execute(
            "SELECT typeof(event_date), event_date::VARCHAR, published::VARCHAR FROM read_parquet(?) WHERE event_id = 'e1'",
            [str(path)],
        ).fetchone()
    finally:
        con.close()
    assert row == ("DATE", "2017-01-23", "2017-01-24")
    back = pd.read_parquet(path)
    assert back["event_date"].tolist()[0].isoformat() == "2017-01-23"
    assert conform(back)["event_date"].dtype == frame["event_date"].dtype


def test_parquet_keeps_times_of_day(tmp_path):
    frame = pd.DataFrame(
        {"at": pd.to_datetime(["2017-01-24 08:30", None]), "day": pd.to_datetime(["2017-01-24", None])}
    )
    path = tmp_path / "t.parquet"
    write_frame(frame, path)
    schema = pq.read_schema(path)
    assert (
        str(schema.field("at").type).startswith("timestamp")
        and str(schema.field("day").type) == "date32[day]"
    )


def test_jsonl_round_trip(tmp_path, frame):
    path = tmp_path / "events.jsonl"
    write_frame(frame, path)
    raw = path.read_text(encoding="utf-8")
    assert "حلب" in raw  # UTF-8, not \\u escapes
    records = [json.loads(line) for line in raw.splitlines()]
    assert len(records) == 2 and list(records[0]) == list(EVENT_COLUMNS)
    assert records[0]["published"] == "2017-01-24" and records[1]["event_date"] is None
    assert records[0]["fatalities"] == 7 and isinstance(records[0]["fatalities"], int)
    assert records[1]["fatalities"] is None
    assert records[0]["violation"] is True and records[1]["violation"] is None
    assert records[0]["latitude"] == pytest.approx(35.8623)
    back = conform(pd.read_json(path, lines=True, dtype=False))
    pd.testing.assert_frame_equal(back, frame)


def test_geojson_points_for_rows_with_coordinates(tmp_path, frame):
    path = tmp_path / "events.geojson"
    assert write_frame(frame, path) == 1  # rows written: e2 has no point
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == 1  # e2 has no coordinates
    feature = doc["features"][0]
    assert feature["id"] == "e1"
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.8051, 35.8623]}
    props = feature["properties"]
    assert "latitude" not in props and "longitude" not in props
    assert props["event_id"] == "e1" and props["event_date"] == "2017-01-23" and props["fatalities"] == 7
    assert set(props) == set(EVENT_COLUMNS) - {"latitude", "longitude"}


@pytest.mark.parametrize("name", ["e.csv", "e.parquet", "e.jsonl", "e.geojson"], ids=str)
def test_missing_folders_are_made(tmp_path, frame, name):
    path = tmp_path / "new" / "folder" / name
    write_frame(frame, path)
    assert path.stat().st_size > 0


def test_empty_frame_writes_valid_files(tmp_path):
    empty = to_frame([])
    for name in ("e.csv", "e.parquet", "e.jsonl", "e.geojson"):
        write_frame(empty, tmp_path / name)
    assert pd.read_csv(tmp_path / "e.csv").columns.tolist() == list(EVENT_COLUMNS)
    assert pd.read_parquet(tmp_path / "e.parquet").shape == (0, len(EVENT_COLUMNS))
    assert (tmp_path / "e.jsonl").read_bytes() == b""
    assert json.loads((tmp_path / "e.geojson").read_text())["features"] == []


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.csv", "csv"),
        ("A.CSV", "csv"),
        ("a.csv.gz", "csv"),
        ("a.parquet", "parquet"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.geojson", "geojson"),
        ("-", "csv"),
        ("a.xlsx", None),
        ("a", None),
    ],
    ids=str,
)
def test_format_for(name, fmt):
    assert format_for(name) == fmt


def test_unknown_format_is_refused(tmp_path, frame):
    with pytest.raises(ValueError, match="cannot tell the output format"):
        write_frame(frame, tmp_path / "events.xlsx")


def test_fmt_overrides_the_extension(tmp_path, frame):
    path = tmp_path / "events.txt"
    write_frame(frame, path, fmt="jsonl")
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["event_id"] == "e1"


def test_a_failed_write_keeps_the_earlier_file_and_leaves_no_partial(tmp_path: Path) -> None:
    # A real failure half-way: the file-size limit (a full disk, as far as the writer can tell) is hit
    # while a large export is written in a child process.
    out = tmp_path / "events.csv"
    write_frame(pd.DataFrame({"event_id": ["a"]}), out)
    before = out.read_bytes()
    script = textwrap.dedent(
        f"""
        import resource, signal
        import pandas as pd
        from tracker.export import write_frame
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        frame = pd.DataFrame({{"event_id": [f"id-{{i}}" for i in range(5000)], "evidence": ["x" * 80] * 5000}})
        try:
            write_frame(frame, {str(out)!r})
        except OSError:
            raise SystemExit(3)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


# --- ACLED and UCDP files read with their datasets' column lists ----------------------------------------

ACLED_EXPORT_COLUMNS = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 "
    "inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 "
    "location latitude longitude geo_precision source source_scale notes fatalities tags timestamp"
).split()

GED_COLUMNS = (
    "id relid year active_year code_status type_of_violence conflict_dset_id conflict_new_id conflict_name "
    "dyad_dset_id dyad_new_id dyad_name side_a_dset_id side_a_new_id side_a side_b_dset_id side_b_new_id side_b "
    "number_of_sources source_article source_office source_date source_headline source_original where_prec "
    "where_coordinates where_description adm_1 adm_2 latitude longitude geom_wkt priogrid_gid country country_id "
    "region event_clarity date_prec date_start date_end deaths_a deaths_b deaths_civilians deaths_unknown best "
    "high low gwnoa gwnob"
).split()


def test_acled_export_reads_with_acleds_column_list(tmp_path, frame):
    path = tmp_path / "acled.csv"
    write_frame(frame, path, fmt="acled")
    back = pd.read_csv(path, usecols=ACLED_EXPORT_COLUMNS, dtype=str, keep_default_na=False)
    header = pd.read_csv(path, nrows=0).columns.tolist()
    assert header[: len(ACLED_EXPORT_COLUMNS)] == ACLED_EXPORT_COLUMNS  # ACLED's columns first, in order
    assert header[len(ACLED_EXPORT_COLUMNS) :] == ["extractor_notes"]
    assert back["event_date"].tolist() == ["2017-01-23", ""]
    assert (
        back["iso"].tolist() == ["760", "760"] and back["interaction"].tolist()[0] == "State forces-Civilians"
    )
    assert all(back["actor1"]) and all(back["notes"])


def test_ucdp_export_reads_with_geds_column_list(tmp_path, frame):
    path = tmp_path / "ged.csv"
    write_frame(frame, path, fmt="ucdp")
    assert pd.read_csv(path, nrows=0).columns.tolist() == GED_COLUMNS
    back = pd.read_csv(path, usecols=GED_COLUMNS, dtype=str, keep_default_na=False)
    assert back["id"].tolist() == ["e1", "e2"]
    assert back["date_start"].tolist() == ["2017-01-23", ""] and back["best"].tolist() == ["7", ""]


def test_acled_and_ucdp_in_every_file_format(tmp_path, frame):
    for fmt, first in (("acled", "event_id_cnty"), ("ucdp", "id")):
        parquet = tmp_path / f"{fmt}.parquet"
        write_frame(frame, parquet, fmt=fmt)
        assert pd.read_parquet(parquet).columns[0] == first
        geo = tmp_path / f"{fmt}.geojson"
        assert write_frame(frame, geo, fmt=fmt) == 1
        assert json.loads(geo.read_text(encoding="utf-8"))["features"][0]["id"] in ("SYRe1", "e1")
