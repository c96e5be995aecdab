"""The dashboard's figure functions, called directly on small hand-made frames."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboards import figures, map_view
from dashboards.basemap import map_style

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


def _trace_key(t) -> str:  # noqa: ANN001 - a group's name, with " (violations)" for its hatched trace
    return t.name + (" (violations)" if t.marker.pattern.shape == "/" else "")


def test_timeline_traces_split_violations() -> None:
    fig = go.Figure(
        figures.timeline_figure(TIMELINE, measure="events", group_order=["government", "opposition"])
    )
    assert [_trace_key(t) for t in fig.data] == [
        "government",
        "government (violations)",
        "opposition (violations)",
        "&lt;b&gt;odd&lt;/b&gt;",
    ]
    # one legend entry per group; the legend title says what the hatching means
    assert [t.showlegend for t in fig.data] == [True, False, True, True]
    assert fig.layout.annotations[-1].text == "hatched: ceasefire violations"
    assert fig.layout.barmode == "stack"
    assert [list(map(list, t.customdata)) for t in fig.data] == [
        [["2017-01-02", "government", False]],
        [["2017-01-02", "government", True]],
        [["2017-01-09", "opposition", True]],
        [["2017-01-09", "<b>odd</b>", False]],  # a key for the query, not display text
    ]


def _extent(trace, i: int) -> tuple[pd.Timestamp, pd.Timestamp]:  # noqa: ANN001
    middle, width = pd.Timestamp(trace.x[i]), pd.Timedelta(milliseconds=trace.width[i])
    return middle - width / 2, middle + width / 2


@pytest.mark.parametrize(
    ("freq", "start", "end"),
    [
        ("day", "2016-12-30", "2016-12-31"),
        ("week", "2016-12-26", "2017-01-02"),
        ("month", "2017-02-01", "2017-03-01"),
        ("month", "2016-12-01", "2017-01-01"),
    ],
    ids=["day", "week-of-the-ceasefire", "february", "december"],
)
def test_timeline_bar_covers_its_period(freq: str, start: str, end: str) -> None:
    frame = TIMELINE.iloc[:1].assign(period=pd.to_datetime([start]))
    (trace,) = go.Figure(figures.timeline_figure(frame, freq=freq)).data
    assert _extent(trace, 0) == (pd.Timestamp(start), pd.Timestamp(end))
    assert trace.customdata[0][0] == start  # a click still names the period by its first day


def test_timeline_ceasefire_line_falls_inside_its_week() -> None:
    frame = TIMELINE.iloc[:1].assign(period=pd.to_datetime(["2016-12-26"]))
    periods = pd.DataFrame(
        {"id": ["cf"], "name": ["cf"], "start": pd.to_datetime(["2016-12-30"]), "end": pd.NaT}
    )
    fig = go.Figure(figures.timeline_figure(frame, freq="week", periods=periods))
    lo, hi = _extent(fig.data[0], 0)
    (start_line,) = [s for s in fig.layout.shapes if s.type == "line"]
    assert lo < pd.Timestamp(start_line.x0) < hi
    (shade,) = [s for s in fig.layout.shapes if s.type == "rect"]
    assert pd.Timestamp(shade.x1) == hi  # an open ceasefire runs to the end of the last bar


def test_timeline_month_axis_labels_months() -> None:
    fig = go.Figure(figures.timeline_figure(TIMELINE, freq="month"))
    assert fig.layout.xaxis.dtick == "M1" and fig.layout.xaxis.ticklabelmode == "period"
    assert fig.layout.xaxis.tickformat == "%b %Y"


def test_timeline_hover_names_period_and_count() -> None:
    fig = go.Figure(figures.timeline_figure(TIMELINE.iloc[[1]], freq="week"))
    assert fig.data[0].hovertext[0].endswith("week of 2 Jan 2017 – 8 Jan 2017: 1 event")
    fig = go.Figure(figures.timeline_figure(TIMELINE.iloc[[0]], freq="month", measure="fatalities"))
    assert fig.data[0].hovertext[0].endswith("January 2017: 10 killed")


def test_timeline_small_counts_get_whole_number_ticks() -> None:
    fig = go.Figure(figures.timeline_figure(TIMELINE.iloc[[1]]))  # one event: plotly alone would tick 0.5
    assert (fig.layout.yaxis.dtick, fig.layout.yaxis.tickformat) == (1, ",d")


def test_timeline_colours_sides_fixed() -> None:
    fig = go.Figure(figures.timeline_figure(TIMELINE))
    colour = {_trace_key(t): t.marker.color for t in fig.data}
    assert colour["government"] == colour["government (violations)"] == figures.SIDE_COLORS["government"]
    assert colour["opposition (violations)"] == figures.SIDE_COLORS["opposition"]


@pytest.mark.parametrize(("measure", "expected"), [("events", [1, 3, 2, 1]), ("fatalities", [0, 10, 4, 7])])
def test_timeline_measure(measure: str, expected: list[int]) -> None:
    fig = go.Figure(
        figures.timeline_figure(TIMELINE, measure=measure, group_order=["government", "opposition"])
    )
    assert [int(t.y[0]) for t in fig.data] == expected
    assert fig.layout.yaxis.title.text.lower().startswith(measure)


def test_timeline_rejects_unknown_measure() -> None:
    with pytest.raises(ValueError, match="measure"):
        go.Figure(figures.timeline_figure(TIMELINE, measure="injured"))


def test_timeline_shades_ceasefires_in_range() -> None:
    fig = go.Figure(figures.timeline_figure(TIMELINE, periods=PERIODS))
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    starts = [s for s in fig.layout.shapes if s.type == "line" and s.line.dash is None]
    ends = [s for s in fig.layout.shapes if s.type == "line" and s.line.dash == "dash"]
    # The open ceasefire runs to the last bar; the closed one began before the first bar (no start
    # line) and ends inside (an end line); the old one is not drawn.
    assert len(rects) == 2 and len(starts) == 1 and len(ends) == 1
    assert pd.Timestamp(rects[0].x1) == pd.Timestamp("2017-01-16")  # the end of the last week
    labels = [a.text for a in fig.layout.annotations]
    assert labels == ["▶ Open ceasefire", "▶ Closed ceasefire", "hatched: ceasefire violations"]


def test_timeline_empty() -> None:
    fig = go.Figure(figures.timeline_figure(EMPTY_TIMELINE, periods=PERIODS))
    assert fig.data == ()
    assert _message(fig) == "No events match these filters"


def test_timeline_single_event() -> None:
    fig = go.Figure(figures.timeline_figure(TIMELINE.iloc[:1], periods=PERIODS))
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
    fig = go.Figure(figures.heatmap_figure(HEAT))
    (trace,) = fig.data
    # Columns by total (Aleppo 6, Homs 1); rows ascending so the largest ends at the top.
    assert list(trace.x) == ["Aleppo", "Homs"]
    assert list(trace.y) == ["Jaysh al-Islam", "Hezbollah"]
    assert [list(r) for r in trace.z] == [[2, 0], [4, 1]]


def test_heatmap_one_violation_is_not_the_zero_colour() -> None:
    # Under a filter the smallest count may be 1: it must still look like a violation.
    fig = go.Figure(figures.heatmap_figure(HEAT.assign(violations=[1, 1, 1])))
    (trace,) = fig.data
    assert (trace.zmin, trace.zmax) == (0, 1)
    assert _colour_at(trace.colorscale, 0, trace.zmax) == figures.ZERO_COLOR
    assert _colour_at(trace.colorscale, 1, trace.zmax) != figures.ZERO_COLOR
    many = go.Figure(figures.heatmap_figure(HEAT.assign(violations=[1, 1, 90]))).data[0]
    assert _colour_at(many.colorscale, 1, many.zmax) == figures.COUNT_SCALE[0]
    assert trace.text[0][0].endswith("1 violation")


def _colour_at(scale, value: float, zmax: float) -> str:  # noqa: ANN001 - the colour of a stepped scale
    share = value / zmax
    return [colour for stop, colour in scale if stop <= share][-1]


def test_heatmap_empty_and_single() -> None:
    assert _message(go.Figure(figures.heatmap_figure(HEAT.iloc[0:0]))) == "No violations match these filters"
    assert [list(r) for r in go.Figure(figures.heatmap_figure(HEAT.iloc[:1])).data[0].z] == [[4]]


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
    fig = go.Figure(map_view.map_figure(POINTS, REGIONS, boundaries=BOUNDARIES))
    kinds = [t.type for t in fig.data]
    assert kinds == ["choroplethmap", "scattermap", "scattermap"]
    choro = fig.data[0]
    assert list(choro.locations) == ["SY02", "SY03", "SY14"]
    assert list(choro.z) == [0, 2, 0]  # governorates without events are drawn at zero
    assert "ريف دمشق" in choro.hovertext[1] and choro.hovertext[1].endswith("3 events, 40 killed")
    assert _colour_at(choro.colorscale, 0, choro.zmax) == figures.ZERO_COLOR
    gov, opp = fig.data[1], fig.data[2]
    assert (gov.name, opp.name) == ("government", "opposition")
    assert gov.marker.color == figures.SIDE_COLORS["government"]
    # plain lists: a 2-D array would reach the browser as a typed array and clicks would lose it
    assert gov.customdata == ([33.57, 36.4, 0, 3, 40, 2], [36.2, 37.16, 0, 1, 10, 0])
    assert map_view.MAP_SIDES[0] == "government"
    assert gov.marker.size[0] > gov.marker.size[1] > 0  # sized by fatalities
    assert gov.hovertext[0] == "<b>Duma</b><br>government: 3 events, 40 killed, 2 violations"
    assert gov.hovertext[1].startswith("<b>&lt;script&gt;x&lt;/script&gt;</b>")
    assert opp.hovertext[0].endswith("2 events, 0 killed, 1 violation")
    assert fig.layout.map.style == "white-bg"
    assert fig.layout.map.layers[0].type == "line"


def test_map_fits_the_given_bounds() -> None:
    near = go.Figure(map_view.map_figure(POINTS, REGIONS, bounds=(36.0, 33.0, 37.0, 34.0)))
    far = go.Figure(map_view.map_figure(POINTS, REGIONS, bounds=map_view.SYRIA_BOUNDS))
    assert near.layout.map.zoom > far.layout.map.zoom
    assert abs(near.layout.map.center.lon - 36.5) < 0.1
    # without bounds the view fits the points
    fitted = go.Figure(map_view.map_figure(POINTS, REGIONS))
    west, east = min(POINTS["longitude"]), max(POINTS["longitude"])
    assert abs(fitted.layout.map.center.lon - (west + east) / 2) < 0.2


def test_fit_view_shows_the_whole_box() -> None:
    center, zoom = map_view.fit_view((36.0, 33.0, 38.0, 34.0), size=(512, 512), padding=0, snap=False)
    # at zoom z the world is 512 * 2**z px wide: two degrees must fit in 512 px
    assert 512 * 2**zoom * 2 / 360 <= 512 + 1e-6
    assert abs(center["lon"] - 37.0) < 1e-9 and 33.0 < center["lat"] < 34.0
    assert map_view.fit_view((36.0, 33.0, 36.0, 33.0))[1] == 9.0  # one point: not closer than zoom 9


@pytest.mark.parametrize(
    "bounds",
    [(35.7, 32.4, 42.3, 37.2), (36.0, 35.2, 37.0, 36.3), (36.3, 33.5, 36.31, 33.51)],
    ids=["syria", "idleb", "one-town"],
)
def test_fit_view_snaps_but_still_shows_the_box(bounds: tuple[float, float, float, float]) -> None:
    import math

    center, zoom = map_view.fit_view(bounds)
    assert zoom * 4 == int(zoom * 4)
    # every corner stays on the map (the padding is larger than the snap)
    world = 512 * 2**zoom
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    for lon, lat in ((bounds[0], bounds[1]), (bounds[2], bounds[3])):
        dx = (lon - center["lon"]) / 360 * world
        dy = (merc(lat) - merc(center["lat"])) / (2 * math.pi) * world
        assert abs(dx) <= map_view.MAP_SIZE[0] / 2 and abs(dy) <= map_view.MAP_SIZE[1] / 2
    # a slightly different extent gives the same view
    west, south, east, north = bounds
    nudged = map_view.fit_view((west + 0.003, south, east - 0.002, north))
    assert nudged == (center, zoom)


def test_map_boundaries_by_url() -> None:
    fig = go.Figure(map_view.map_figure(POINTS, REGIONS, boundaries=BOUNDARIES, boundaries_url="/b.geojson"))
    assert fig.data[0].geojson == "/b.geojson"
    assert fig.layout.map.layers[0].source == "/b.geojson"
    assert list(fig.data[0].locations) == ["SY02", "SY03", "SY14"]


def test_map_without_boundaries_draws_points_only() -> None:
    fig = go.Figure(map_view.map_figure(POINTS, REGIONS, boundaries=None))
    assert [t.type for t in fig.data] == ["scattermap", "scattermap"]
    assert fig.layout.map.layers == ()
    assert fig.layout.map.style == "white-bg"


def test_map_empty() -> None:
    fig = go.Figure(map_view.map_figure(POINTS.iloc[0:0], REGIONS.iloc[0:0], boundaries=BOUNDARIES))
    assert [t.type for t in fig.data] == ["choroplethmap"]
    assert list(fig.data[0].z) == [0, 0, 0]


def test_map_single_point() -> None:
    fig = go.Figure(map_view.map_figure(POINTS.iloc[2:3], REGIONS.iloc[0:0]))
    (trace,) = fig.data
    assert list(trace.lat) == [35.93]
    assert trace.marker.size[0] == 7  # no deaths: the smallest marker


def test_map_point_without_governorate_has_no_empty_brackets() -> None:
    fig = go.Figure(
        map_view.map_figure(POINTS.iloc[:1].assign(location="Mosul", admin1=None), REGIONS.iloc[0:0])
    )
    assert fig.data[0].hovertext[0].startswith("<b>Mosul</b><br>")


def test_empty_figure_escapes_message() -> None:
    assert _message(go.Figure(figures.empty_figure("<b>x</b>"))) == "&lt;b&gt;x&lt;/b&gt;"


def test_group_colors_are_fixed_per_governorate_and_side() -> None:
    alone = figures.group_colors(["Idleb"])
    among = figures.group_colors(["Aleppo", "government", "Idleb", "unknown"])
    assert alone["Idleb"] == among["Idleb"] == figures.GOVERNORATE_COLORS["Idleb"]
    assert among["government"] == figures.SIDE_COLORS["government"]
    assert among["unknown"] == figures.UNKNOWN_COLOR


def test_governorate_colours_are_distinct_and_not_grey() -> None:
    colours = list(figures.GOVERNORATE_COLORS.values())
    assert len(figures.GOVERNORATE_COLORS) == 14 and len(set(colours)) == 14
    for c in colours:
        r, g, b = (int(c[i : i + 2], 16) for i in (1, 3, 5))
        assert max(r, g, b) - min(r, g, b) > 40, c  # a grey would read as "unknown"


def test_palette_colour_follows_the_full_list() -> None:
    universe = ["Harim", "Idleb", "Jisr-Ash-Shugur"]
    assert figures.palette_color("Jisr-Ash-Shugur", universe) == figures.PALETTE[2]
    assert figures.palette_color("elsewhere", universe) == figures.palette_color("elsewhere")
    assert figures.palette_color("unknown", universe) == figures.UNKNOWN_COLOR


@pytest.mark.parametrize(
    ("n", "unit", "text"),
    [
        (1, "events", "1 event"),
        (2, "events", "2 events"),
        (1, "fatalities", "1 killed"),
        (1204, "violations", "1,204 violations"),
    ],
    ids=["one-event", "two-events", "one-killed", "thousands"],
)
def test_count_text(n: int, unit: str, text: str) -> None:
    assert figures.count_text(n, unit) == text


@pytest.mark.parametrize(
    "build",
    [
        lambda: go.Figure(figures.timeline_figure(TIMELINE, periods=PERIODS, title="t")),
        lambda: go.Figure(figures.heatmap_figure(HEAT)),
        lambda: go.Figure(map_view.map_figure(POINTS, REGIONS, boundaries=BOUNDARIES)),
        lambda: go.Figure(
            map_view.map_figure(
                POINTS,
                REGIONS,
                boundaries=BOUNDARIES,
                style=map_style({"labels": "/l"}, glyphs_url="/g/{fontstack}/{range}.pbf"),
                note="x",
            )
        ),
        lambda: go.Figure(figures.empty_figure()),
    ],
    ids=["timeline", "heatmap", "map", "map-with-base-layers", "empty"],
)
def test_figures_pass_plotly_validation(build) -> None:  # noqa: ANN001
    # The figures are built without validation for speed; plotly must accept every property.
    fig = build()
    go.Figure(fig.to_dict())
    assert fig.layout.template.layout.paper_bgcolor == "white"


def test_an_earlier_ceasefire_does_not_stretch_the_axis() -> None:
    periods = pd.DataFrame(
        {"id": ["cf"], "name": ["cf"], "start": pd.to_datetime(["2016-06-01"]), "end": pd.NaT}
    )
    fig = go.Figure(figures.timeline_figure(TIMELINE, freq="week", periods=periods))
    (shade,) = [s for s in fig.layout.shapes if s.type == "rect"]
    assert pd.Timestamp(shade.x0) == pd.Timestamp("2017-01-02")  # the first bar, not June 2016
    assert not [s for s in fig.layout.shapes if s.type == "line"]  # it did not start here


def test_violation_stripes_lie_over_the_group_colour() -> None:
    fig = go.Figure(figures.timeline_figure(TIMELINE))
    hatched = [t for t in fig.data if t.marker.pattern.shape == "/"]
    assert hatched and all(t.marker.pattern.fillmode == "overlay" for t in hatched)
