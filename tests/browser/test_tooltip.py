"""A school name is text, never markup: hover the fixture school named <b>常信</b>村小 on the
coverage map in headless Chromium and read the tooltip Streamlit draws."""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard import charts, queries
from dashboard.filters import Filters
from dashboard.scope import EVERYTHING
from tests.dashboard.fixture_db import ESCAPE_NAME

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VIEW = Filters(school_year="2024-2025", county="640122")


def _need_browser() -> None:
    missing = not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK))
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = True
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium or playwright")
        pytest.skip("no Chromium or playwright")


@pytest.fixture
def server(fixture_path):
    _need_browser()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ALLIANCE_DB": str(fixture_path), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start") from None
            time.sleep(0.3)
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)


def _pixel(lon: float, lat: float, view, width: float, height: float) -> tuple[float, float]:
    """Web Mercator as deck.gl draws it: 512 * 2**zoom px around the world."""
    world = 512 * 2 ** view.zoom

    def project(lo, la):
        return ((lo + 180) / 360 * world,
                (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2 * world)

    x, y = project(lon, lat)
    cx, cy = project(view.longitude, view.latitude)
    return width / 2 + x - cx, height / 2 + y - cy


def test_tooltip_shows_a_markup_name_as_text(server):
    from playwright.sync_api import sync_playwright

    points = queries.school_map_points(EVERYTHING, VIEW)
    view = charts.school_map(points, None).initial_view_state
    s6 = next(r for r in points.iter_rows(named=True) if r["name"] == ESCAPE_NAME)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{server}/coverage?county=640122&year=2024-2025&stage=all&type=all")
        canvas = page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
        page.wait_for_timeout(2500)
        box = canvas.bounding_box()
        x, y = _pixel(s6["lon"], s6["lat"], view, box["width"], box["height"])
        tip = page.locator(".deck-tooltip")
        text = html = ""
        for dx, dy in [(0, 0)] + [(dx, dy) for dx in range(-12, 13, 4) for dy in range(-12, 13, 4)]:
            page.mouse.move(box["x"] + x + dx, box["y"] + y + dy)
            page.wait_for_timeout(60)
            if tip.count() and tip.first.is_visible() and "常信" in tip.first.inner_text():
                text, html = tip.first.inner_text(), tip.first.inner_html()
                break
        browser.close()
    assert ESCAPE_NAME in text, (text, x, y)          # shown literally, tags and all
    assert html.count("<b>") == 1                     # only the template's own bold
    assert "&lt;b&gt;常信&lt;/b&gt;村小" in html
