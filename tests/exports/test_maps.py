"""Maps as images: the scale bar's arithmetic, the overlay (title, legend, scale) escaped, and the
offline screenshot drawing the layers."""

from __future__ import annotations

import io
import math

import polars as pl
from PIL import Image

from dashboard import theme
from dashboard.charts import maps as chart_maps
from dashboard.exports import maps


def _deck():
    # Two schools 0.1 degree apart near Helan (38.5 N); one uncovered rural school (red, larger).
    df = pl.DataFrame({"school_id": ["S1", "S4"], "name": ["城关一小", "<b>常信</b>村小"], "county_code": ["640122"] * 2,
                       "town": ["习岗镇", "立岗镇"], "urban_rural": ["urban", "rural"], "lon": [106.30, 106.40],
                       "lat": [38.50, 38.55], "status": ["fusion", "uncovered_rural"], "alliance_names": ["贺兰一小教共体", None]})
    return chart_maps.school_map(df, None)


def test_scale_bar_is_a_round_distance_that_fits():
    # At the equator, zoom 0: 40,075,016.686 m / 512 px = 78,271.5 m per px; 180 px = 14,088.9 km,
    # so the longest round distance is 10,000 km, drawn 10,000,000 / 78,271.5 = 127.8 -> 128 px.
    assert math.isclose(maps.metres_per_pixel(0, 0), 78271.517, rel_tol=1e-6)
    assert maps.scale_bar(0, 0) == (128, "10000 公里")
    # At 60 N a pixel covers half the ground (cos 60 = 0.5); zoom 10 divides by 1024:
    # 78,271.517 * 0.5 / 1024 = 38.22 m per px; 180 px = 6,879.8 m -> 5 km, 5,000 / 38.22 = 130.8 -> 131 px.
    assert maps.scale_bar(60, 10) == (131, "5 公里")
    # Zoom 16: 78,271.517 * 0.5 / 65,536 = 0.597 m per px; 180 px = 107.5 m -> 100 m in 167.5 px.
    px, label = maps.scale_bar(60, 16)
    assert label == "100 米" and px in (167, 168)


def test_overlay_carries_title_legend_scale_and_escapes_names():
    page = maps.map_html(_deck(), "学校分布", "筛选：<b>常信</b>", maps.school_map_legend())
    assert "学校分布" in page and "&lt;b&gt;常信&lt;/b&gt;" in page and "<b>常信</b>" not in page.split("<script")[0]
    assert 'id="export-legend"' in page and "未覆盖（乡村）" in page and 'id="export-scale"' in page
    assert "公里" in page or "米" in page


def test_map_png_draws_the_layers_offline(map_exporter):
    data = maps.png(_deck(), "学校分布", "筛选：区县：贺兰县", maps.school_map_legend(), width=1200, height=800)
    img = Image.open(io.BytesIO(data)).convert("RGB")
    assert img.size == (1200, 800)
    red = tuple(theme.rgba(theme.UNCOVERED_RURAL_COLOR)[:3])
    # The view frames the two schools in the middle; the overlays sit in the corners (title top left,
    # legend top right, scale bottom right). Away from them the uncovered rural school is a red disc
    # of radius 9 px (~250 px): none if deck.gl drew nothing.
    middle = img.crop((150, 200, 950, 650)).tobytes()
    pixels = [tuple(middle[i:i + 3]) for i in range(0, len(middle), 3)]
    near_red = sum(1 for p in pixels if all(abs(a - b) < 30 for a, b in zip(p, red, strict=True)))
    assert near_red > 100
    legend = img.crop((900, 0, 1200, 250)).tobytes()
    assert any(abs(legend[i] - red[0]) < 30 and abs(legend[i + 1] - red[1]) < 30 for i in range(0, len(legend), 3))
