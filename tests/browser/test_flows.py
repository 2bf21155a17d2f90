"""The 交流 map in headless Chromium over the flows fixture: the arcs draw (the canvas differs from
the same map without flows along the arc), and hovering an arc shows a tooltip naming both schools,
the markup name <b>河东</b>村小 as text."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from dashboard import ui
from dashboard.charts import flows
from dashboard.filters import Filters
from dashboard.queries import exchanges
from dashboard.scope import EVERYTHING
from tests.browser.conftest import streamlit_server
from tests.browser.test_tooltip import _pixel
from tests.dashboard import fixture_flows
from tests.dashboard.fixture_flows import ESCAPE_NAME

pytestmark = pytest.mark.browser

BASE = "/flows?county=632523&year=2024-2025&stage=all&type=all"
WITH_ARCS = BASE + "&kinds=act_sync_class&months=2024-09~2025-08&measure=person_times"
# July and August hold no flow: the same frame (the whole 贵德 outline), rings only.
WITHOUT_ARCS = BASE + "&kinds=act_sync_class&months=2025-07~2025-08&measure=person_times"


@pytest.fixture(scope="module")
def flows_server(browser, tmp_path_factory):
    db = fixture_flows.build(tmp_path_factory.mktemp("browser-flows") / "alliance.duckdb")
    with streamlit_server(db) as url:
        yield url, db


def _canvas(page, url: str):
    page.set_viewport_size({"width": 1600, "height": 1000})
    page.goto(url)
    canvas = page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    page.wait_for_timeout(3000)         # software WebGL: let deck.gl finish its frames
    return canvas


def _segment(view, box, a, b, steps=9):
    """Screen points along the straight line from school a to school b (an arc seen from above
    stays within a few pixels of it at this distance), ends excluded (circles sit there)."""
    (x0, y0), (x1, y1) = (_pixel(a[0], a[1], view, box["width"], box["height"]),
                          _pixel(b[0], b[1], view, box["width"], box["height"]))
    return [(x0 + (x1 - x0) * t / (steps + 1), y0 + (y1 - y0) * t / (steps + 1)) for t in range(2, steps)]


def _frame(db, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(db))
    f = Filters(school_year="2024-2025", county="632523")
    arcs = exchanges.flow_arcs(EVERYTHING, f, kinds=("act_sync_class",))
    return flows.fitted_view(arcs, exchanges.flow_schools(EVERYTHING, f, kinds=("act_sync_class",)), ui.outlines())


def test_arcs_draw_on_the_canvas(page, flows_server, monkeypatch, screenshots):
    url, db = flows_server
    view = _frame(db, monkeypatch)
    empty = _canvas(page, url + WITHOUT_ARCS)
    box = empty.bounding_box()
    before = np.asarray(Image.open(io.BytesIO(empty.screenshot())).convert("RGB"), dtype=int)
    drawn = _canvas(page, url + WITH_ARCS)
    box = drawn.bounding_box()        # same size; lower on the page without the "no flows" note
    after_png = drawn.screenshot()
    (screenshots / "flows_map.png").write_bytes(after_png)
    after = np.asarray(Image.open(io.BytesIO(after_png)).convert("RGB"), dtype=int)
    assert before.shape == after.shape
    # Some pixels differ overall (the arcs) ...
    changed = np.abs(after - before).sum(axis=2) > 60
    assert changed.sum() > 200, changed.sum()
    # ... and they lie along C1 -> M1 (101.43, 36.03 -> 101.38, 36.05): each point there, or a
    # pixel within 6 px of it, changed.
    scale = after.shape[1] / box["width"]
    hits = 0
    for x, y in _segment(view, box, (101.43, 36.03), (101.38, 36.05)):
        px, py = int(x * scale), int(y * scale)
        window = changed[max(0, py - 6):py + 7, max(0, px - 6):px + 7]
        hits += bool(window.any())
    assert hits >= 5, hits


def test_hovering_an_arc_names_both_schools_as_text(page, flows_server, monkeypatch):
    url, db = flows_server
    view = _frame(db, monkeypatch)
    canvas = _canvas(page, url + WITH_ARCS)
    box = canvas.bounding_box()
    tip = page.locator(".deck-tooltip")
    text = html = ""
    # C1 -> M2 (<b>河东</b>村小) passes near M1 (C1, M1, M2 lie almost on a line): hover on its last
    # stretch, between M1 and M2, until the arc is picked.
    for x, y in _segment(view, box, (101.38, 36.05), (101.34, 36.07)):
        for dx, dy in [(0, 0), (0, -3), (0, 3), (-3, 0), (3, 0), (0, -6), (0, 6)]:
            page.mouse.move(box["x"] + x + dx, box["y"] + y + dy)
            page.wait_for_timeout(80)
            if tip.count() and tip.first.is_visible() and "→" in tip.first.inner_text():
                text, html = tip.first.inner_text(), tip.first.inner_html()
                break
        if text:
            break
    assert f"城关小学 → {ESCAPE_NAME}" in text, (text, view)     # both names, the markup shown literally
    assert "同步课堂 1 人次" in text
    assert html.count("<b>") == 1                                 # only the template's own bold
    assert "&lt;b&gt;河东&lt;/b&gt;村小" in html
