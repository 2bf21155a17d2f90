"""The configured basemap draws: a local XYZ tile server answers every tile with solid magenta, and
the coverage map must request the tiles and show them under the outlines and points. Without a tile
URL the map requests nothing beyond 127.0.0.1 (the offline default)."""

from __future__ import annotations

import contextlib
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from tests.browser.conftest import streamlit_server

pytestmark = pytest.mark.browser

MAP = '[data-testid="stDeckGlJsonChart"]'
COVERAGE = "/coverage?county=640122&year=2024-2025&stage=all&type=all"
MAGENTA = (255, 0, 255)


@contextlib.contextmanager
def tile_server():
    """(URL template, list of requested paths) of a tile server on 127.0.0.1; any z/x/y is a
    256×256 magenta PNG, sent with CORS like a real tile service (mapbox-gl fetches cross-origin)."""
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), MAGENTA).save(buf, "PNG")
    png, hits = buf.getvalue(), []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/{{z}}/{{x}}/{{y}}.png", hits
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def _magenta_share(png: bytes) -> float:
    raw = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    n = len(raw) // 3
    return sum(1 for r, g, b in zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
               if r > 200 and g < 60 and b > 200) / n


def _open_map(page, base: str) -> None:
    page.goto(base + COVERAGE)
    page.wait_for_selector(f"{MAP} canvas", timeout=30_000)


def test_tile_url_draws_a_basemap(page, demo_db, screenshots):
    with tile_server() as (url, hits), \
            streamlit_server(demo_db, {"ALLIANCE_TILE_URL": url, "ALLIANCE_TILE_CRS": "WGS84"}) as base:
        _open_map(page, base)
        # Tiles load and fade in (mapbox-gl, 300 ms): look again until they show, at most ~8 s.
        for _ in range(16):
            page.wait_for_timeout(500)
            png = page.locator(MAP).first.screenshot()
            share = _magenta_share(png)
            if share > 0.5:
                break
    (screenshots / "coverage-basemap.png").write_bytes(png)
    assert hits and all(h.endswith(".png") for h in hits), hits
    # Magenta fills the map around the county (~92 % measured); the outline fill tints it inside.
    assert share > 0.5, share


def test_no_tile_url_no_basemap_and_no_map_requests(page, demo_db):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    with streamlit_server(demo_db, {"ALLIANCE_TILE_URL": ""}) as base:
        _open_map(page, base)
        page.wait_for_timeout(2500)      # time for any style or tile request to go out
        png = page.locator(MAP).first.screenshot()
    assert _magenta_share(png) == 0
    # Offline means offline: nothing beyond 127.0.0.1 (a missing map style used to pull Carto's
    # from the web, and a material page icon pulled its SVG from fonts.gstatic.com).
    outside = [u for u in requests if u.startswith("http") and not u.startswith("http://127.0.0.1")]
    assert outside == []
    assert page.locator(f"{MAP} canvas").count() == 1      # deck.gl's only, no mapbox-gl basemap
