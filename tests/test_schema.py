"""The event contract: fixed vocabularies of categorical columns, the countries table, district P-codes."""

from __future__ import annotations

import pandas as pd
import pytest

from tracker.places import default_geocoder, to_columns
from tracker.resources import load_yaml
from tracker.schema import ADMIN1, EVENT_COLUMNS, PLACE_COLUMNS, SIDES, categories, conform, to_frame
from tracker.text.normalize import normalize

CATEGORICAL = [c for c, dtype in EVENT_COLUMNS.items() if dtype == "category"]


def test_every_categorical_column_has_a_vocabulary():
    assert all(categories(c) for c in CATEGORICAL), [c for c in CATEGORICAL if not categories(c)]
    assert categories("actor2_side") == tuple(sorted(SIDES))
    assert categories("admin1_pcode") == tuple(sorted(ADMIN1))


def test_frames_built_apart_keep_their_categories_through_concat():
    a = to_frame([{"event_id": "a", "country": "Syria", "language": "ar", "actor1_side": "government"}])
    b = to_frame([{"event_id": "b", "country": "Yemen", "language": "en", "admin1": "Aleppo"}])
    both = pd.concat([a, b], ignore_index=True)
    for col in CATEGORICAL:
        assert isinstance(both[col].dtype, pd.CategoricalDtype), col
        assert tuple(both[col].cat.categories) == categories(col), col
    assert both["country"].tolist() == ["Syria", "Yemen"]


def test_a_value_outside_the_vocabulary_is_kept():
    frame = to_frame([{"country": "Atlantis"}, {"country": "Syria"}, {}])
    assert frame["country"].tolist()[:2] == ["Atlantis", "Syria"] and pd.isna(frame["country"].iloc[2])
    assert "Atlantis" in frame["country"].cat.categories


def test_categories_are_sorted_so_sorting_rows_is_alphabetical():
    frame = conform(pd.DataFrame({"admin1": ["Idleb", "Aleppo", "Damascus"]}))
    assert frame.sort_values("admin1")["admin1"].tolist() == ["Aleppo", "Damascus", "Idleb"]


def test_every_country_the_geocoder_knows_is_in_the_countries_table():
    known = {rec["country"] for rec in load_yaml("places", "countries.yaml")}
    assert known <= set(categories("country")), known - set(categories("country"))


def test_the_district_pcode_is_a_place_column():
    assert (
        "admin2_pcode" in PLACE_COLUMNS
        and list(EVENT_COLUMNS).index("admin2_pcode") == list(EVENT_COLUMNS).index("admin2") + 1
    )
    assert to_columns(None)["admin2_pcode"] is None


@pytest.mark.parametrize(
    ("text", "lang", "admin2", "pcode"),
    [
        ("Shelling hit the town of Saraqib.", "en", "Idleb", "SY0700"),
        ("قصف على مدينة منبج", "ar", "Menbij", "SY0205"),
        ("Shelling hit Aleppo province.", "en", None, None),
    ],
    ids=["town-en", "town-ar", "governorate"],
)
def test_places_carry_their_district_pcode(text, lang, admin2, pcode):
    match = default_geocoder().find(normalize(text).text, lang)[0]
    columns = to_columns(match)
    assert (columns["admin2"], columns["admin2_pcode"]) == (admin2, pcode)


def test_two_extractions_concatenate_with_their_categories():
    import tracker

    english = tracker.extract(["Warplanes killed 5 civilians in Saraqib on Monday."], published="2017-01-24")
    arabic = tracker.extract(["قتل ثلاثة أشخاص بقصف على مدينة الموصل أمس"], published="2015-07-21")
    both = pd.concat([english, arabic], ignore_index=True)
    assert len(both) == 2
    for col in CATEGORICAL:
        assert isinstance(both[col].dtype, pd.CategoricalDtype), col
    assert both["language"].tolist() == ["en", "ar"] and both["country"].tolist() == ["Syria", "Iraq"]
