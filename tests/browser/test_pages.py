"""What only a browser shows: every page draws without an error box, charts render as SVG,
the map canvas draws its layers, and a copied link reopens the same view."""

from __future__ import annotations

import io
import re
import time

import pytest
from PIL import Image

pytestmark = pytest.mark.browser

PLOTLY = '[data-testid="stPlotlyChart"] .main-svg'
DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'
# Pages that open on no chart: 会议材料 starts with an empty basket of chosen charts.
NO_CHART_PAGES = ("/exports",)


IDLE = ("() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stSpinner\"]')"
        " && document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0")


def _settle(page, timeout_ms: int = 30_000, quiet_ms: int = 1_000) -> None:
    """Wait until the script run finished: the app is shown, no 'running' status remains, and the
    main area has stopped changing for quiet_ms (the status widget shows only after a delay, so
    its absence alone can mean the run has not yet started drawing)."""
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        n = page.evaluate("() => document.querySelectorAll('[data-testid=\"stMain\"] *').length")
        if n != last or not page.evaluate(IDLE):
            last, since = n, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the page did not settle within {timeout_ms} ms")


def _nav_links(page, server) -> list[tuple[str, str]]:
    page.goto(server)
    _settle(page)
    links = page.locator('[data-testid="stSidebarNav"] a')
    out = []
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href") or ""
        # The text carries the icon's ligature name on a line of its own ("dashboard\n总览").
        out.append((links.nth(i).inner_text().strip().splitlines()[-1], href))
    return out


def _not_blank(png: bytes) -> tuple[int, float]:
    """Distinct colours and share of non-background pixels of a screenshot."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    img.thumbnail((400, 400))
    pixels = list(img.get_flattened_data())
    background = max(set(pixels), key=pixels.count)
    drawn = sum(1 for p in pixels if p != background) / len(pixels)
    return len(set(pixels)), drawn


def test_every_page_renders_without_error(page, server, screenshots):
    links = _nav_links(page, server)
    titles = [t for t, _ in links]
    # Every page of the navigation is listed (数据管理 only for admins, so not in the open demo).
    assert titles == ["总览", "覆盖", "差距", "交流", "考核", "教共体详情", "会议材料"], titles
    for title, href in links:
        page.goto(href if href.startswith("http") else server + href)
        _settle(page)
        if not href.rstrip("/").endswith(NO_CHART_PAGES):
            page.wait_for_selector(f"{PLOTLY}, {DECK_CANVAS}", timeout=30_000)
        slug = re.sub(r"\W+", "_", href.rstrip("/").rsplit("/", 1)[-1] or "home")
        page.screenshot(path=str(screenshots / f"{slug}.png"), full_page=True)
        assert page.locator(ERRORS).count() == 0, f"error box on {title}: {page.locator(ERRORS).first.inner_text()}"
        body = page.locator('[data-testid="stMain"]').inner_text()
        assert "Traceback" not in body and "Error" not in body, f"{title}: {body[:500]}"
        assert re.search(r"[\u4e00-\u9fff]", body), f"{title} shows no Chinese text"


def test_overview_draws_charts_with_chinese_text(page, server):
    page.goto(server + "/overview")
    _settle(page)
    page.wait_for_selector(PLOTLY, timeout=30_000)
    charts = page.locator(PLOTLY)
    assert charts.count() >= 2
    svg_text = page.locator('[data-testid="stPlotlyChart"]').first.inner_text()
    assert re.search(r"[\u4e00-\u9fff]", svg_text), svg_text
    metrics = page.locator('[data-testid="stMetric"]')
    assert metrics.count() >= 4


def test_coverage_map_draws_layers(page, server, screenshots):
    page.goto(server + "/coverage")
    _settle(page)
    canvas = page.wait_for_selector(DECK_CANVAS, timeout=30_000)
    page.wait_for_timeout(2500)  # deck.gl draws after the first frame
    png = canvas.screenshot()
    (screenshots / "coverage_map.png").write_bytes(png)
    colours, drawn = _not_blank(png)
    # Outlines plus school points: many colours, and a visible share of the canvas drawn on.
    assert colours > 20, colours
    assert drawn > 0.01, drawn
