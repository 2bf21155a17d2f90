"""Maps as PNG: the page's own deck written as pydeck's offline HTML (deck.gl bundled in the file),
with the title, legend and a scale bar laid over it, opened in headless Chromium and screenshotted.

Every request that would leave the machine is refused (the template links CDN stylesheets and a
mapbox-gl script that an offline deck does not need), so the export works without internet and
never waits on a timeout. The basemap from ALLIANCE_TILE_URL is not drawn: the image shows the
layers over the county outlines, as the page does offline."""

from __future__ import annotations

import concurrent.futures
import copy
import functools
import html
import math
import os
import tempfile
from pathlib import Path

import pydeck as pdk

from dashboard import theme
from dashboard.exports import images
from dashboard.labels import exports as LE

WIDTH_PX = 1600
HEIGHT_PX = 1000
EARTH_CIRCUMFERENCE_M = 40_075_016.686
SCALE_BAR_MAX_PX = 180
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DRAW_WAIT_MS = 1500
OVERLAY_ROOM = 0.7          # the framed area shrinks to leave the corners to the title, legend and scale         # deck.gl draws a frame or two after its canvas appears
LOAD_TIMEOUT_MS = 30_000


@functools.cache
def unavailable_reason() -> str | None:
    """Why maps cannot be exported on this server (in Chinese), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return LE.NO_PLAYWRIGHT
    if images.chromium_path() is None:
        return LE.NO_CHROMIUM
    if images.cjk_font() is None:
        return LE.NO_CJK_FONT
    return None


def metres_per_pixel(latitude: float, zoom: float) -> float:
    """Ground distance of one CSS pixel in deck.gl's Web Mercator (512 px world at zoom 0)."""
    return EARTH_CIRCUMFERENCE_M * math.cos(math.radians(latitude)) / (512 * 2 ** zoom)


def scale_bar(latitude: float, zoom: float, max_px: int = SCALE_BAR_MAX_PX) -> tuple[int, str]:
    """(length in px, label) of the longest round distance (1, 2 or 5 x 10^n m) that fits max_px."""
    per_px = metres_per_pixel(latitude, zoom)
    longest = per_px * max_px
    magnitude = 10 ** math.floor(math.log10(longest))
    metres = max(m * magnitude for m in (1, 2, 5) if m * magnitude <= longest)
    label = f"{metres / 1000:g} 公里" if metres >= 1000 else f"{metres:g} 米"
    return round(metres / per_px), label


def _framed(deck: pdk.Deck, width: int, height: int) -> pdk.Deck:
    """A copy of the deck zoomed for the export's size: the page fits its view into a smaller map,
    so the same area is framed by zooming in by the smaller of the two size ratios, less room for
    the overlays."""
    from dashboard.charts import maps as chart_maps

    out = copy.deepcopy(deck)
    view = out.initial_view_state
    ratio = min(width / chart_maps.MAP_MIN_WIDTH_PX, height / chart_maps.MAP_HEIGHT_PX) * OVERLAY_ROOM
    view.zoom = (view.zoom or 0) + math.log2(ratio)
    out.map_style = None
    out.map_provider = None
    return out


def _overlay(title: str, caption: str, legend: list[tuple[str, str]], bar_px: int, bar_label: str) -> str:
    """Title, legend and scale bar as HTML over the map. Everything from the data is escaped."""
    font = html.escape(theme.FONT_FAMILY, quote=True)
    keys = "".join(
        f'<div><span style="display:inline-block;width:14px;height:14px;border-radius:50%;background:{html.escape(c)};'
        f'margin-right:8px;vertical-align:middle"></span>{html.escape(label)}</div>' for c, label in legend)
    box = "position:absolute;background:rgba(255,255,255,0.92);padding:10px 14px;border-radius:6px;z-index:10;"
    return f"""
<div style="{box}top:16px;left:16px;font-family:{font};color:#262730">
  <div style="font-size:26px;font-weight:600">{html.escape(title)}</div>
  <div style="font-size:15px;color:#555;max-width:1100px">{html.escape(caption)}</div>
</div>
<div id="export-legend" style="{box}top:16px;right:16px;font-family:{font};font-size:17px;line-height:1.8">{keys}</div>
<div id="export-scale" style="{box}bottom:16px;right:16px;font-family:{font};font-size:16px;text-align:center">
  <div style="width:{bar_px}px;height:8px;border:2px solid #262730;border-top:none"></div>
  <div>{html.escape(bar_label)}</div>
</div>
"""


def map_html(deck: pdk.Deck, title: str, caption: str, legend: list[tuple[str, str]],
             width: int = WIDTH_PX, height: int = HEIGHT_PX) -> str:
    """The deck as one self-contained HTML page of width x height with the overlay."""
    framed = _framed(deck, width, height)
    view = framed.initial_view_state
    bar_px, bar_label = scale_bar(view.latitude, view.zoom)
    page = framed.to_html(as_string=True, offline=True, notebook_display=False)
    style = (f"<style>html,body{{margin:0;width:{width}px;height:{height}px;background:#fff;overflow:hidden}}"
             f"#deck-container{{position:absolute;inset:0;width:{width}px;height:{height}px}}</style>")
    page = page.replace("</head>", style + "</head>", 1)
    return page.replace("<body>", "<body>" + _overlay(title, caption, legend, bar_px, bar_label), 1)


def png(deck: pdk.Deck, title: str, caption: str, legend: list[tuple[str, str]],
        width: int = WIDTH_PX, height: int = HEIGHT_PX) -> bytes:
    """The map as a PNG of width x height px, drawn offline in headless Chromium."""
    if (reason := unavailable_reason()) is not None:
        raise RuntimeError(reason)
    # Playwright's sync API refuses to run in a thread whose asyncio loop is running (another sync
    # Playwright open in the same thread, as in a test session that drives a browser): a thread of
    # its own always has none.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_screenshot, deck, title, caption, legend, width, height).result()


def _screenshot(deck: pdk.Deck, title: str, caption: str, legend: list[tuple[str, str]], width: int,
                height: int) -> bytes:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="map-export-") as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(map_html(deck, title, caption, legend, width, height), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=images.chromium_path(), args=CHROMIUM_ARGS,
                                        env={**os.environ, "HOME": tmp})
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                           else route.abort())
                page.goto(path.as_uri(), wait_until="load", timeout=LOAD_TIMEOUT_MS)
                page.wait_for_selector("#deck-container canvas", timeout=LOAD_TIMEOUT_MS)
                page.wait_for_timeout(DRAW_WAIT_MS)
                return page.screenshot(type="png")
            finally:
                browser.close()


def school_map_legend() -> list[tuple[str, str]]:
    """The coverage map's colour key as (colour, label) pairs: the entries of charts.maps.map_legend_html."""
    from dashboard.labels import common as L
    from etl import codes

    entries = [(theme.ALLIANCE_TYPE_COLORS[c.code], c.label) for c in codes.CODELISTS["alliance_type"]]
    return entries + [(theme.UNCOVERED_RURAL_COLOR, L.STATUS_UNCOVERED_RURAL), (theme.UNCOVERED_COLOR, L.STATUS_UNCOVERED)]
