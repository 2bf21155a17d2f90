"""Chart builders are pure: DataFrame in, figure out; the map needs no internet and no outlines."""

from __future__ import annotations

import datetime as dt
import json
import math
import urllib.parse

import polars as pl
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import theme, ui
from dashboard.charts import bars, maps, trends
from dashboard.filters import Filters
from dashboard.labels import common as L
from dashboard.labels import coverage as LC
from dashboard.labels import overview as LO
from dashboard.present import cards, notes
from dashboard.present import format as fmt
from dashboard.queries import coverage
from dashboard.scope import EVERYTHING
from tests.dashboard import fixture_db
from tests.dashboard.test_pages import APP, COVERAGE

POINTS = pl.DataFrame({
    "school_id": ["S1", "S6"], "name": ["城关一小", "<img src=x onerror=alert(1)>"],
    "county_code": ["640122", "640122"], "town": ["习岗镇", "常信乡"], "urban_rural": ["urban", "rural"],
    "lon": [106.35, 106.45], "lat": [38.55, 38.50], "status": ["fusion", "uncovered_rural"],
    "alliance_names": ["贺兰一小教共体", ""],
})


def _layers(deck):
    return {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}


def test_map_draws_points_without_outlines_or_basemap():
    deck = maps.school_map(POINTS, None)
    spec = json.loads(deck.to_json())
    assert spec.get("mapProvider") in (None, "")
    # pydeck's "no style" sentinel: Streamlit then draws no basemap. A missing mapStyle would make
    # Streamlit fetch Carto's positron style from the internet.
    assert spec["mapStyle"] == maps.NO_BASEMAP == "__MAP_STYLE__"
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
    wgs = _layers(maps.school_map(POINTS, outlines, "https://tiles.example/{z}/{x}/{y}.png", "WGS84"))
    gcj = _layers(maps.school_map(POINTS, outlines, "https://tiles.example/{z}/{x}/{y}.png", "GCJ02"))
    # The tiles are the basemap, not a deck layer: the county's fill image, its edges, the schools.
    assert set(gcj) == {"outline_fill_640122", "outlines", "schools"}
    assert wgs["schools"]["data"][0]["lon"] == 106.35
    # GCJ-02 lies a few hundred metres east of WGS84 around Yinchuan: points, edges and fill move.
    assert 0.002 < gcj["schools"]["data"][0]["lon"] - 106.35 < 0.01
    assert wgs["outlines"]["data"][0]["s"] == [106.3, 38.5]
    assert 0.002 < gcj["outlines"]["data"][0]["s"][0] - 106.3 < 0.01
    assert 0.002 < gcj["outline_fill_640122"]["bounds"][0] - 106.3 < 0.01


def test_outlines_are_a_fill_image_and_pixel_wide_edges():
    """Every ring edge is one line segment 1.5 px wide at any zoom; the fill is a PNG of the polygon
    (holes left open) in Web Mercator between its bounds, in the palette's pale outline colour."""
    import base64
    import io

    from PIL import Image

    square = [[106.0, 30.0], [107.0, 30.0], [107.0, 50.0], [106.0, 50.0], [106.0, 30.0]]
    hole = [[106.2, 40.0], [106.8, 40.0], [106.8, 45.0], [106.2, 45.0], [106.2, 40.0]]
    outlines = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"code": "640122"},
        "geometry": {"type": "MultiPolygon", "coordinates": [[square, hole]]}}]}
    layers = _layers(maps.school_map(POINTS, outlines))
    assert [layer["id"] for layer in layers.values()] == ["outline_fill_640122", "outlines", "schools"]  # drawn in order
    edges = layers["outlines"]
    assert edges["@@type"] == "LineLayer" and edges["widthUnits"] == "pixels" and edges["getWidth"] == 1.5
    assert len(edges["data"]) == 8 and edges["data"][0] == {"s": [106.0, 30.0], "t": [107.0, 30.0]}
    assert edges["getColor"] == theme.rgba(theme.OUTLINE_COLOR, 255)
    fill = layers["outline_fill_640122"]
    assert fill["@@type"] == "BitmapLayer" and fill["bounds"] == [106.0, 30.0, 107.0, 50.0]
    prefix = "data:image/png;base64,"
    assert fill["image"].startswith(prefix)
    image = Image.open(io.BytesIO(base64.b64decode(fill["image"][len(prefix):]))).convert("RGBA")
    assert max(image.size) == maps.FILL_IMAGE_PX
    w, h = image.size
    assert h == maps.FILL_IMAGE_PX and w < h / 20
    filled = (*theme.rgba(theme.OUTLINE_FILL, 160)[:3], 160)
    assert image.getpixel((w // 2, h // 20)) == filled and image.getpixel((w // 2, h - h // 20)) == filled

    def row(lat):       # Web Mercator, as deck.gl stretches the image between its bounds
        return (maps._mercator_y(50.0) - maps._mercator_y(lat)) / (maps._mercator_y(50.0) - maps._mercator_y(30.0)) * h

    # The hole (40-45 N) where Mercator puts it, 30-40 rows below where a linear scale would (256-512).
    assert row(45.0) > 256 + 25 and row(40.0) > 512 + 25
    assert image.getpixel((w // 2, round(row(45.0)) - 4)) == filled
    assert image.getpixel((w // 2, round(row(45.0)) + 4))[3] == 0 and image.getpixel((w // 2, round(row(40.0)) - 4))[3] == 0
    assert image.getpixel((w // 2, round(row(40.0)) + 4)) == filled


def test_tile_url_becomes_an_inline_raster_basemap_style():
    url = "http://127.0.0.1:8000/{z}/{x}/{y}.png?tk=a&b=1"
    spec = json.loads(maps.school_map(POINTS, None, url, "GCJ02").to_json())
    assert spec.get("mapProvider") in (None, "")
    # A style URL string (Streamlit 1.67 drops a dict style), inline as a data: URL.
    prefix = "data:application/json,"
    assert spec["mapStyle"].startswith(prefix)
    style = json.loads(urllib.parse.unquote(spec["mapStyle"][len(prefix):]))
    assert style["version"] == 8
    assert style["sources"]["basemap"] == {"type": "raster", "tiles": [url], "tileSize": 256, "maxzoom": 18}
    assert style["layers"] == [{"id": "basemap", "type": "raster", "source": "basemap"}]


def test_bar_builders_use_chinese_labels_and_the_palette():
    fig = bars.type_coverage_bar(pl.DataFrame({
        "alliance_type": ["fusion", "any"], "schools_n": [9, 9], "covered_schools_n": [5, 7],
        "coverage_pct": [55.6, 77.8]}))
    assert list(fig.data[0].x) == ["融合型", L.ANY_TYPE]
    assert list(fig.data[0].marker.color) == [theme.ALLIANCE_TYPE_COLORS["fusion"], theme.ANY_TYPE_COLOR]
    assert fig.layout.template.layout.font.family == theme.FONT_FAMILY
    # Types in the order the domain lists them, whatever order the query returns.
    fig = bars.type_coverage_bar(pl.DataFrame({
        "alliance_type": ["any", "co_build", "collaborative", "fusion"], "schools_n": [9] * 4,
        "covered_schools_n": [8, 5, 2, 1], "coverage_pct": [88.9, 55.6, 22.2, 11.1]}))
    assert list(fig.data[0].x) == ["融合型", "共建型", "协作型", L.ANY_TYPE]
    assert list(fig.data[0].y) == [11.1, 55.6, 22.2, 88.9]


def test_formatting():
    assert fmt.number(1234, "所") == "1,234 所"
    assert fmt.percent(87.5) == "87.5%"
    assert fmt.month(dt.date(2024, 3, 1)) == "2024年3月"
    assert fmt.term("2023-2024", 1) == "2023学年第一学期"
    assert fmt.term_short("2023-2024", 2) == "2024春"


def test_numbers_round_half_up_as_people_do():
    # Python's format rounds an exact half to the even digit (16.25 -> 16.2, 2.5 -> 2).
    assert fmt.points(16.25) == "16.3"
    assert fmt.percent(62.5, 0) == "63%" and fmt.percent(2.5, 0) == "3%"
    assert fmt.number(2.5) == "3" and fmt.number(1234.5, "人") == "1,235 人"
    assert cards._signed(-0.25, L.POINTS, 1) == "-0.3 个百分点" and cards._signed(0.05, L.POINTS, 1) == "+0.1 个百分点"
    assert fmt.points(16.249999) == "16.2"


def test_map_missing_note_counts_schools_without_coordinates():
    towns = pl.DataFrame({"schools_n": [3, 2]})
    assert notes.map_missing_note(towns, POINTS) == LC.MAP_MISSING_COORDS.format(n=3)
    assert notes.map_missing_note(pl.DataFrame({"schools_n": [2]}), POINTS) is None


def test_data_through_warns_only_for_a_partial_year():
    def frame(last):
        return pl.DataFrame({"period": ["current"], "school_year": ["2025-2026"], "last_activity_month": [last]})

    assert notes.data_through(frame(dt.date(2025, 12, 1))) == LO.DATA_THROUGH.format(month="2025年12月")
    assert notes.data_through(frame(dt.date(2026, 6, 1))) is None     # July and August are holidays
    assert notes.data_through(frame(None)) is None


def test_unchanged_cards_are_flagged():
    assert cards.Card("x", "1", "+0 个", "").unchanged
    assert cards.Card("x", "1", "-0.0 个百分点", "").unchanged
    assert not cards.Card("x", "1", "+0.1 个百分点", "").unchanged
    assert not cards.Card("x", "1", "+10 个", "").unchanged
    assert not cards.Card("x", "1", None, "").unchanged


def test_map_frames_the_whole_outline_of_the_county_shown():
    # Schools sit within 0.1 degrees; the county reaches 105.9-106.6: the view must hold the county.
    outlines = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "640122"},
         "geometry": {"type": "Polygon", "coordinates": [[[105.9, 38.4], [106.6, 38.4], [106.6, 38.9], [105.9, 38.4]]]}},
        {"type": "Feature", "properties": {"code": "330327"},   # another county, not shown: ignored
         "geometry": {"type": "Polygon", "coordinates": [[[120.0, 27.0], [120.9, 27.0], [120.9, 27.6], [120.0, 27.0]]]}},
    ]}
    points_only = maps.school_map(POINTS, None).initial_view_state
    framed = maps.school_map(POINTS, outlines).initial_view_state
    assert abs(framed.longitude - 106.25) < 1e-9 and abs(framed.latitude - 38.65) < 0.01
    assert framed.zoom < points_only.zoom
    layers = _layers(maps.school_map(POINTS, outlines))
    assert [i for i in layers if i.startswith("outline_fill_")] == ["outline_fill_640122"]
    assert all(e["s"][0] < 107 and e["t"][0] < 107 for e in layers["outlines"]["data"])


def _extent_px(lons, lats, zoom):
    """Width and height in px of a lon/lat box drawn at zoom (Web Mercator, 512 * 2**zoom px)."""
    def y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    world = 512 * 2 ** zoom
    return ((max(lons) - min(lons)) / 360 * world, (y(max(lats)) - y(min(lats))) / (2 * math.pi) * world)


def test_map_fills_its_frame_with_the_county():
    # Cangnan's outline with its islands (about 120.1-121.1 E, 27.0-27.6 N): it must fill the
    # 560 px map on one side and fit on both, not sit small in the middle.
    lons, lats = [120.1, 121.1], [27.0, 27.6]
    view = maps.view_state(lons, lats)
    width, height = _extent_px(lons, lats, view.zoom)
    limit_w, limit_h = maps.MAP_MIN_WIDTH_PX * maps.MAP_FILL, maps.MAP_HEIGHT_PX * maps.MAP_FILL
    assert width <= limit_w + 1e-6 and height <= limit_h + 1e-6
    assert max(width / limit_w, height / limit_h) > 0.999
    # A tall, narrow county is bounded by the map's height.
    tall = maps.view_state([106.0, 106.2], [38.0, 39.0])
    _, tall_height = _extent_px([106.0, 106.2], [38.0, 39.0], tall.zoom)
    assert abs(tall_height - limit_h) < 1e-6


MARKUP_NAME = '<a href="https://example.invalid">坏</a>&Co'


def _ranking(name: str) -> pl.DataFrame:
    # A rubric ranking row (rubric/board.py RANKING_SCHEMA; the interim completion ranking is gone).
    return pl.DataFrame({"alliance_id": ["A1"], "name": [name], "type": ["fusion"], "score": [47.0],
                         "max_points": [94.0], "grade": ["不合格"]})


def test_names_reach_plotly_as_text_not_markup():
    fig = bars.ranking_bar(_ranking(MARKUP_NAME))
    assert fig.data[0].y == ('&lt;a href="https://example.invalid"&gt;坏&lt;/a&gt;&amp;Co',)
    towns = bars.town_coverage_bar(pl.DataFrame({
        "county_code": ["640122"], "county": ["贺兰县"], "town": ["<i>常信</i>乡"], "coverage_pct": [50.0],
        "schools_n": [2], "covered_schools_n": [1], "rural_schools_n": [1], "covered_rural_schools_n": [0]}))
    assert towns.data[0].y == ("&lt;i&gt;常信&lt;/i&gt;乡",)


def test_names_in_markdown_are_literal():
    # Streamlit markdown would draw a link, a formula, emphasis or an icon from these.
    assert fmt.md_text("[点此](http://x)") == r"\[点此\]\(http\://x\)"
    assert fmt.md_text("$x$ *贺兰* :red[县]") == r"\$x\$ \*贺兰\* \:red\[县\]"
    assert fmt.md_text("贺兰县") == "贺兰县"


def test_gap_trend_hover_counts_sittings_not_students():
    df = pl.DataFrame({"school_year": ["2024-2025"] * 2, "term": [1, 1], "urban_rural": ["urban", "rural"],
                       "students_n": [1200, 30], "schools_n": [1, 1], "mean_pct": [80.0, 60.0],
                       "pass_rate_pct": [90.0, 50.0]})
    fig = trends.gap_trend(df)
    urban = next(t for t in fig.data if t.name == "城区")
    assert "考试人次" in urban.hovertemplate and "名考生" not in urban.hovertemplate
    assert list(urban.customdata) == [1200] and list(urban.y) == [80.0]


def test_ranking_ties_at_the_cut_are_said():
    df = pl.DataFrame({"score": [90.5, 90.5, 90.5, 88.0, 50.0]})
    assert notes.ranking_ties(df, 2) == LO.RANKING_TIES.format(n=3, score="90.5")
    assert notes.ranking_ties(df, 3) is None and notes.ranking_ties(df, 5) is None


def test_a_partner_district_listed_as_its_own_town_is_named_once():
    fig = bars.town_coverage_bar(pl.DataFrame({
        "county_code": ["330105", "640122"], "county": ["拱墅区", "贺兰县"], "town": ["拱墅区", "常信乡"],
        "coverage_pct": [100.0, 50.0], "schools_n": [2, 2], "covered_schools_n": [2, 1], "rural_schools_n": [0, 1],
        "covered_rural_schools_n": [0, 0]}))
    assert set(fig.data[0].y) == {"拱墅区", "贺兰县·常信乡"}


def test_town_bars_are_red_only_where_a_rural_school_is_uncovered(fixture_path):
    # From the query, as the coverage page draws it. Helan now (fixture_db): 常信乡 holds S6, rural
    # and uncovered -> red; 习岗镇 is 1 of 2 covered, but its uncovered school S2 is urban -> not red.
    red, plain_bar = theme.UNCOVERED_RURAL_COLOR, theme.ANY_TYPE_COLOR
    def colours(year):
        fig = bars.town_coverage_bar(coverage.coverage_by_town(EVERYTHING, Filters(school_year=year, county="640122")))
        return dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))

    assert colours("2024-2025") == {"常信乡": red, "习岗镇": plain_bar, "金贵镇": plain_bar, "立岗镇": plain_bar,
                                    "洪广镇": plain_bar, "暖泉农场": plain_bar}
    # 2023-2024: S7 (rural, 暖泉农场) had not joined A1 yet -> red too.
    assert colours("2023-2024") == {"常信乡": red, "暖泉农场": red, "习岗镇": plain_bar, "金贵镇": plain_bar,
                                    "立岗镇": plain_bar, "洪广镇": plain_bar}


MARKUP_COUNTY = "[贺兰](http://x)*县*"
ESCAPED_COUNTY = r"\[贺兰\]\(http\://x\)\*县\*"


def test_scope_caption_escapes_the_county_name():
    st.session_state["county_names"] = {"640122": MARKUP_COUNTY}
    try:
        caption = ui.scope_caption(Filters(school_year="2024-2025", county="640122"), "{scope}，{year}，{previous}")
    finally:
        del st.session_state["county_names"]
    assert caption == ESCAPED_COUNTY + "，2024-2025学年，2023-2024学年"


def test_page_captions_escape_a_county_name_from_the_data(tmp_path, monkeypatch):
    # A county of one school whose name is markdown: the overview and coverage intros show it as typed.
    school = ("Q1", "某小", "990102", MARKUP_COUNTY, "某镇", "primary", "111", 110.0, 30.0, 100)
    path = fixture_db.build(tmp_path / "alliance.duckdb", extra={"schools": [school]})
    monkeypatch.setenv("ALLIANCE_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["county"] = "990102"
    at.run()
    for switch_to in (COVERAGE, None):
        assert not at.exception
        captions = " ".join(c.value for c in at.caption)
        assert ESCAPED_COUNTY in captions and "[贺兰](" not in captions
        if switch_to:
            at.switch_page(switch_to).run()
