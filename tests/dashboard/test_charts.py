"""Chart builders are pure: DataFrame in, figure out; the map needs no internet and no outlines."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse

import polars as pl

from dashboard import charts, fmt, theme
from dashboard import labels as L

POINTS = pl.DataFrame({
    "school_id": ["S1", "S6"], "name": ["城关一小", "<img src=x onerror=alert(1)>"],
    "county_code": ["640122", "640122"], "town": ["习岗镇", "常信乡"], "urban_rural": ["urban", "rural"],
    "lon": [106.35, 106.45], "lat": [38.55, 38.50], "status": ["fusion", "uncovered_rural"],
    "alliance_names": ["贺兰一小教共体", ""],
})


def _layers(deck):
    return {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}


def test_map_draws_points_without_outlines_or_basemap():
    deck = charts.school_map(POINTS, None)
    spec = json.loads(deck.to_json())
    assert spec.get("mapProvider") in (None, "")
    # pydeck's "no style" sentinel: Streamlit then draws no basemap. A missing mapStyle would make
    # Streamlit fetch Carto's positron style from the internet.
    assert spec["mapStyle"] == charts.NO_BASEMAP == "__MAP_STYLE__"
    layers = _layers(deck)
    assert set(layers) == {"schools"}
    data = layers["schools"]["data"]
    # Raw text in the data; the constant template only names fields, which Streamlit escapes.
    assert data[1]["name"] == "<img src=x onerror=alert(1)>"
    template = deck._tooltip["html"]
    assert "onerror" not in template and "{name}" in template
    assert data[1]["color"] == theme.rgba(theme.UNCOVERED_RURAL_COLOR, 230)
    assert data[0]["color"] == theme.rgba(theme.ALLIANCE_TYPE_COLORS["fusion"], 230)
    assert data[1]["radius"] > data[0]["radius"]


def test_gcj02_tiles_shift_points_onto_the_tiles():
    outlines = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"code": "640122"},
        "geometry": {"type": "Polygon", "coordinates": [[[106.3, 38.5], [106.4, 38.5], [106.4, 38.6], [106.3, 38.5]]]}}]}
    wgs = _layers(charts.school_map(POINTS, outlines, "https://tiles.example/{z}/{x}/{y}.png", "WGS84"))
    gcj = _layers(charts.school_map(POINTS, outlines, "https://tiles.example/{z}/{x}/{y}.png", "GCJ02"))
    assert set(gcj) == {"outlines", "schools"}     # the tiles are the basemap, not a deck layer
    assert wgs["schools"]["data"][0]["lon"] == 106.35
    # GCJ-02 lies a few hundred metres east of WGS84 around Yinchuan.
    assert 0.002 < gcj["schools"]["data"][0]["lon"] - 106.35 < 0.01
    assert gcj["outlines"]["data"]["features"][0]["geometry"]["coordinates"][0][0][0] > 106.3


def test_tile_url_becomes_an_inline_raster_basemap_style():
    url = "http://127.0.0.1:8000/{z}/{x}/{y}.png?tk=a&b=1"
    spec = json.loads(charts.school_map(POINTS, None, url, "GCJ02").to_json())
    assert spec.get("mapProvider") in (None, "")
    # A style URL string (Streamlit 1.67 drops a dict style), inline as a data: URL.
    prefix = "data:application/json,"
    assert spec["mapStyle"].startswith(prefix)
    style = json.loads(urllib.parse.unquote(spec["mapStyle"][len(prefix):]))
    assert style["version"] == 8
    assert style["sources"]["basemap"] == {"type": "raster", "tiles": [url], "tileSize": 256, "maxzoom": 18}
    assert style["layers"] == [{"id": "basemap", "type": "raster", "source": "basemap"}]


def test_bar_builders_use_chinese_labels_and_the_palette():
    fig = charts.type_coverage_bar(pl.DataFrame({
        "alliance_type": ["fusion", "any"], "schools_n": [9, 9], "covered_schools_n": [5, 7],
        "coverage_pct": [55.6, 77.8]}))
    assert list(fig.data[0].x) == ["融合型", L.ANY_TYPE]
    assert list(fig.data[0].marker.color) == [theme.ALLIANCE_TYPE_COLORS["fusion"], theme.ANY_TYPE_COLOR]
    assert fig.layout.template.layout.font.family == theme.FONT_FAMILY


def test_formatting():
    assert fmt.number(1234, "所") == "1,234 所"
    assert fmt.percent(87.5) == "87.5%"
    assert fmt.month(dt.date(2024, 3, 1)) == "2024年3月"
    assert fmt.term("2023-2024", 1) == "2023学年第一学期"
    assert fmt.term_short("2023-2024", 2) == "2024春"


def test_data_through_warns_only_for_a_partial_year():
    def frame(last):
        return pl.DataFrame({"period": ["current"], "school_year": ["2025-2026"], "last_activity_month": [last]})

    assert fmt.data_through(frame(dt.date(2025, 12, 1))) == L.DATA_THROUGH.format(month="2025年12月")
    assert fmt.data_through(frame(dt.date(2026, 6, 1))) is None     # July and August are holidays
    assert fmt.data_through(frame(None)) is None


def test_unchanged_cards_are_flagged():
    assert fmt.Card("x", "1", "+0 个", "").unchanged
    assert fmt.Card("x", "1", "-0.0 个百分点", "").unchanged
    assert not fmt.Card("x", "1", "+0.1 个百分点", "").unchanged
    assert not fmt.Card("x", "1", "+10 个", "").unchanged
    assert not fmt.Card("x", "1", None, "").unchanged


def test_map_frames_the_whole_outline_of_the_county_shown():
    # Schools sit within 0.1 degrees; the county reaches 105.9-106.6: the view must hold the county.
    outlines = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "640122"},
         "geometry": {"type": "Polygon", "coordinates": [[[105.9, 38.4], [106.6, 38.4], [106.6, 38.9], [105.9, 38.4]]]}},
        {"type": "Feature", "properties": {"code": "330327"},   # another county, not shown: ignored
         "geometry": {"type": "Polygon", "coordinates": [[[120.0, 27.0], [120.9, 27.0], [120.9, 27.6], [120.0, 27.0]]]}},
    ]}
    points_only = charts.school_map(POINTS, None).initial_view_state
    framed = charts.school_map(POINTS, outlines).initial_view_state
    assert abs(framed.longitude - 106.25) < 1e-9 and abs(framed.latitude - 38.65) < 1e-9
    assert framed.zoom < points_only.zoom
    assert "330327" not in json.dumps(_layers(charts.school_map(POINTS, outlines))["outlines"]["data"])


MARKUP_NAME = '<a href="https://example.invalid">坏</a>&Co'


def _ranking(name: str) -> pl.DataFrame:
    return pl.DataFrame({
        "alliance_id": ["A1"], "name": [name], "type": ["fusion"], "completion_pct": [50.0],
        "lessons_n": [10], "lessons_target_n": [20], "research_n": [6], "research_target_n": [12]})


def test_names_reach_plotly_as_text_not_markup():
    fig = charts.ranking_bar(_ranking(MARKUP_NAME))
    assert fig.data[0].y == ('&lt;a href="https://example.invalid"&gt;坏&lt;/a&gt;&amp;Co',)
    towns = charts.town_coverage_bar(pl.DataFrame({
        "county_code": ["640122"], "county": ["贺兰县"], "town": ["<i>常信</i>乡"], "coverage_pct": [50.0],
        "schools_n": [2], "covered_schools_n": [1], "rural_schools_n": [1], "covered_rural_schools_n": [0]}))
    assert towns.data[0].y == ("&lt;i&gt;常信&lt;/i&gt;乡",)


def test_names_in_markdown_are_literal():
    # Streamlit markdown would draw a link, a formula, emphasis or an icon from these.
    assert fmt.md_text("[点此](http://x)") == r"\[点此\]\(http\://x\)"
    assert fmt.md_text("$x$ *贺兰* :red[县]") == r"\$x\$ \*贺兰\* \:red\[县\]"
    assert fmt.md_text("贺兰县") == "贺兰县"
