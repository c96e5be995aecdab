"""The dashboard's figure functions, called directly on small hand-made frames."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboards import figures

TIMELINE = pd.DataFrame(
    {
        "period": pd.to_datetime(["2017-01-02", "2017-01-02", "2017-01-09", "2017-01-09"]),
        "group": ["government", "government", "opposition", "<b>odd</b>"],
        "violation": [True, False, True, False],
        "events": [3, 1, 2, 1],
        "fatalities": [10, 0, 4, 7],
    }
)
PERIODS = pd.DataFrame(
    {
        "id": ["cf-open", "cf-closed", "cf-outside"],
        "name": ["Open ceasefire", "Closed ceasefire", "Long ago"],
        "start": pd.to_datetime(["2017-01-03", "2016-12-01", "2010-01-01"]),
        "end": pd.to_datetime([None, "2017-01-04", "2010-02-01"]),
    }
)
EMPTY_TIMELINE = TIMELINE.iloc[0:0]


def _message(fig) -> str:  # noqa: ANN001
    return fig.layout.annotations[0].text


def test_timeline_traces_split_violations() -> None:
    fig = figures.timeline_figure(TIMELINE, measure="events", group_order=["government", "opposition"])
    names = [t.name for t in fig.data]
    assert names == [
        "government",
        "government (violations)",
        "opposition (violations)",
        "&lt;b&gt;odd&lt;/b&gt;",
    ]
    shapes = [t.marker.pattern.shape for t in fig.data]
    assert shapes == ["", "/", "/", ""]
    assert fig.layout.barmode == "stack"
    assert [list(map(list, t.customdata)) for t in fig.data] == [
        [["2017-01-02", "government", False]],
        [["2017-01-02", "government", True]],
        [["2017-01-09", "opposition", True]],
        [["2017-01-09", "<b>odd</b>", False]],  # a key for the query, not display text
    ]


def test_timeline_colours_sides_fixed() -> None:
    fig = figures.timeline_figure(TIMELINE)
    colour = {t.name: t.marker.color for t in fig.data}
    assert colour["government"] == colour["government (violations)"] == figures.SIDE_COLORS["government"]
    assert colour["opposition (violations)"] == figures.SIDE_COLORS["opposition"]


@pytest.mark.parametrize(("measure", "expected"), [("events", [1, 3, 2, 1]), ("fatalities", [0, 10, 4, 7])])
def test_timeline_measure(measure: str, expected: list[int]) -> None:
    fig = figures.timeline_figure(TIMELINE, measure=measure, group_order=["government", "opposition"])
    assert [int(t.y[0]) for t in fig.data] == expected
    assert fig.layout.yaxis.title.text.lower().startswith(measure)


def test_timeline_rejects_unknown_measure() -> None:
    with pytest.raises(ValueError, match="measure"):
        figures.timeline_figure(TIMELINE, measure="injured")


def test_timeline_shades_ceasefires_in_range() -> None:
    fig = figures.timeline_figure(TIMELINE, periods=PERIODS)
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    starts = [s for s in fig.layout.shapes if s.type == "line" and s.line.dash is None]
    ends = [s for s in fig.layout.shapes if s.type == "line" and s.line.dash == "dash"]
    # The open ceasefire runs to the last bar; the closed one has an end line; the old one is not drawn.
    assert len(rects) == 2 and len(starts) == 2 and len(ends) == 1
    assert pd.Timestamp(rects[0].x1) == pd.Timestamp("2017-01-09")
    labels = [a.text for a in fig.layout.annotations]
    assert labels == ["▶ Open ceasefire", "▶ Closed ceasefire"]


def test_timeline_empty() -> None:
    fig = figures.timeline_figure(EMPTY_TIMELINE, periods=PERIODS)
    assert fig.data == ()
    assert _message(fig) == "No events match these filters"


def test_timeline_single_event() -> None:
    fig = figures.timeline_figure(TIMELINE.iloc[:1], periods=PERIODS)
    assert len(fig.data) == 1
    assert list(fig.data[0].y) == [3]


HEAT = pd.DataFrame(
    {
        "actor": ["Hezbollah", "Hezbollah", "Jaysh al-Islam"],
        "admin1": ["Aleppo", "Homs", "Aleppo"],
        "violations": [4, 1, 2],
    }
)


def test_heatmap_matrix() -> None:
    fig = figures.heatmap_figure(HEAT)
    (trace,) = fig.data
    # Columns by total (Aleppo 6, Homs 1); rows ascending so the largest ends at the top.
    assert list(trace.x) == ["Aleppo", "Homs"]
    assert list(trace.y) == ["Jaysh al-Islam", "Hezbollah"]
    assert [list(r) for r in trace.z] == [[2, 0], [4, 1]]


def test_heatmap_empty_and_single() -> None:
    assert _message(figures.heatmap_figure(HEAT.iloc[0:0])) == "No violations match these filters"
    assert [list(r) for r in figures.heatmap_figure(HEAT.iloc[:1]).data[0].z] == [[4]]


POINTS = pd.DataFrame(
    {
        "location": ["Duma", "<script>x</script>", "Idlib"],
        "admin1": ["Rural Damascus", "Aleppo", "Idleb"],
        "latitude": [33.57, 36.2, 35.93],
        "longitude": [36.4, 37.16, 36.63],
        "side": ["government", "government", "opposition"],
        "events": [3, 1, 2],
        "fatalities": [40, 10, 0],
        "violations": [2, 0, 1],
    }
)
REGIONS = pd.DataFrame(
    {
        "admin1_pcode": ["SY03", "SY02"],
        "admin1": ["Rural Damascus", "Aleppo"],
        "events": [3, 1],
        "violations": [2, 0],
    }
)
REGIONS["fatalities"] = [40, 10]
BOUNDARIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"ADM1_EN": en, "ADM1_AR": ar, "ADM1_PCODE": code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat]]],
            },
        }
        for en, ar, code, lat, lon in [
            ("Aleppo", "حلب", "SY02", 36.0, 37.0),
            ("Rural Damascus", "ريف دمشق", "SY03", 33.0, 36.0),
            ("Quneitra", "القنيطرة", "SY14", 33.0, 35.7),
        ]
    ],
}


def test_map_points_and_choropleth() -> None:
    fig = figures.map_figure(POINTS, REGIONS, boundaries=BOUNDARIES)
    kinds = [t.type for t in fig.data]
    assert kinds == ["choroplethmap", "scattermap", "scattermap"]
    choro = fig.data[0]
    assert list(choro.locations) == ["SY02", "SY03", "SY14"]
    assert list(choro.z) == [0, 2, 0]  # governorates without events are drawn at zero
    assert [row[1] for row in choro.customdata] == ["حلب", "ريف دمشق", "القنيطرة"]
    gov, opp = fig.data[1], fig.data[2]
    assert (gov.name, opp.name) == ("government", "opposition")
    assert gov.marker.color == figures.SIDE_COLORS["government"]
    assert [list(row) for row in gov.customdata] == [[33.57, 36.4, 0, 3, 40, 2], [36.2, 37.16, 0, 1, 10, 0]]
    assert figures.MAP_SIDES[0] == "government"
    assert gov.marker.size[0] > gov.marker.size[1] > 0  # sized by fatalities
    assert list(gov.text) == ["Duma (Rural Damascus)", "&lt;script&gt;x&lt;/script&gt; (Aleppo)"]
    assert fig.layout.map.style == "white-bg"
    assert fig.layout.map.layers[0].type == "line"


def test_map_boundaries_by_url() -> None:
    fig = figures.map_figure(POINTS, REGIONS, boundaries=BOUNDARIES, boundaries_url="/b.geojson")
    assert fig.data[0].geojson == "/b.geojson"
    assert fig.layout.map.layers[0].source == "/b.geojson"
    assert list(fig.data[0].locations) == ["SY02", "SY03", "SY14"]


def test_map_without_boundaries_draws_points_only() -> None:
    fig = figures.map_figure(POINTS, REGIONS, boundaries=None)
    assert [t.type for t in fig.data] == ["scattermap", "scattermap"]
    assert fig.layout.map.layers == ()
    assert fig.layout.map.style == "white-bg"


def test_map_empty() -> None:
    fig = figures.map_figure(POINTS.iloc[0:0], REGIONS.iloc[0:0], boundaries=BOUNDARIES)
    assert [t.type for t in fig.data] == ["choroplethmap"]
    assert list(fig.data[0].z) == [0, 0, 0]


def test_map_single_point() -> None:
    fig = figures.map_figure(POINTS.iloc[2:3], REGIONS.iloc[0:0])
    (trace,) = fig.data
    assert list(trace.lat) == [35.93]
    assert trace.marker.size[0] == 7  # no deaths: the smallest marker


def test_empty_figure_escapes_message() -> None:
    assert _message(figures.empty_figure("<b>x</b>")) == "&lt;b&gt;x&lt;/b&gt;"


def test_group_colors_cycle_for_places() -> None:
    colors = figures.group_colors(["Aleppo", "government", "Idleb"])
    assert colors["government"] == figures.SIDE_COLORS["government"]
    assert colors["Aleppo"] == figures.PALETTE[0] and colors["Idleb"] == figures.PALETTE[1]


@pytest.mark.parametrize(
    "build",
    [
        lambda: figures.timeline_figure(TIMELINE, periods=PERIODS, title="t"),
        lambda: figures.heatmap_figure(HEAT),
        lambda: figures.map_figure(POINTS, REGIONS, boundaries=BOUNDARIES),
        lambda: figures.empty_figure(),
    ],
    ids=["timeline", "heatmap", "map", "empty"],
)
def test_figures_pass_plotly_validation(build) -> None:  # noqa: ANN001
    # The figures are built without validation for speed; plotly must accept every property.
    fig = build()
    go.Figure(fig.to_dict())
    assert fig.layout.template.layout.paper_bgcolor == "white"
