"""A school name is text, never markup: hover the fixture school named <b>常信</b>村小 on the
coverage map in headless Chromium and read the tooltip Streamlit draws."""

from __future__ import annotations

import math

import pytest

from dashboard import ui
from dashboard.charts import maps
from dashboard.filters import Filters
from dashboard.queries import coverage
from dashboard.scope import EVERYTHING
from tests.dashboard.fixture_db import ESCAPE_NAME

pytestmark = pytest.mark.browser

VIEW = Filters(school_year="2024-2025", county="640122")


def _pixel(lon: float, lat: float, view, width: float, height: float) -> tuple[float, float]:
    """Web Mercator as deck.gl draws it: 512 * 2**zoom px around the world."""
    world = 512 * 2 ** view.zoom

    def project(lo, la):
        return ((lo + 180) / 360 * world,
                (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2 * world)

    x, y = project(lon, lat)
    cx, cy = project(view.longitude, view.latitude)
    return width / 2 + x - cx, height / 2 + y - cy


def test_tooltip_shows_a_markup_name_as_text(page, fixture_server, monkeypatch):
    url, db = fixture_server
    # The query functions read the served database, to find where the school is drawn.
    monkeypatch.setenv("ALLIANCE_DB", str(db))
    points = coverage.school_map_points(EVERYTHING, VIEW)
    view = maps.school_map(points, ui.outlines()).initial_view_state   # framed as the page frames it
    s6 = next(r for r in points.iter_rows(named=True) if r["name"] == ESCAPE_NAME)
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(f"{url}/coverage?county=640122&year=2024-2025&stage=all&type=all")
    canvas = page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    canvas.scroll_into_view_if_needed()
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
    assert ESCAPE_NAME in text, (text, x, y)          # shown literally, tags and all
    assert html.count("<b>") == 1                     # only the template's own bold
    assert "&lt;b&gt;常信&lt;/b&gt;村小" in html
