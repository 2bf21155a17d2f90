"""What only a browser shows of the 教共体详情 page over the county demo: a link on the 考核 page
leads to the alliance's detail page, which opens on that alliance with its brief, and the members'
map draws; no error box anywhere."""

from __future__ import annotations

import re

import pytest

from dashboard.labels import alliance as LA
from tests.browser.test_pages import ERRORS, PLOTLY, _settle

pytestmark = pytest.mark.browser
DECK = '[data-testid="stDeckGlJsonChart"] canvas'


def test_a_link_from_the_rubric_page_opens_the_alliance(page, server, screenshots):
    page.goto(f"{server}/rubric?county=330327&year=2024-2025&rubric=cangnan_county&period=2024-2025")
    _settle(page)
    page.wait_for_selector(PLOTLY, timeout=30_000)
    link = page.locator('[data-testid="stMain"] a[href*="/alliance?"]').first
    href = link.get_attribute("href")
    alliance_id = re.search(r"alliance=([^&#]+)", href).group(1)
    # Streamlit opens a markdown link in a new tab, as the ranking table's link column does.
    with page.context.expect_page(timeout=30_000) as opened:
        link.click()
    page = opened.value
    page.wait_for_url(re.compile(r"/alliance\?"), timeout=30_000)
    _settle(page)
    assert f"alliance={alliance_id}" in page.url and "year=2024-2025" in page.url
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert LA.ALLIANCE_TITLE in body and LA.MEMBERS_TITLE in body
    picked = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first
    assert f"（{alliance_id}）" in (picked.input_value() or picked.get_attribute("aria-label") or "")
    page.wait_for_selector(DECK, timeout=30_000)
    assert page.locator(ERRORS).count() == 0
    page.screenshot(path=str(screenshots / "alliance_from_rubric.png"), full_page=True)


def test_the_brief_tab_opens_from_a_copied_link(page, server, screenshots):
    page.goto(f"{server}/alliance?alliance=CN-01&tab=brief&year=2024-2025&county=all")
    _settle(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert LA.BRIEF_TITLE in body and "CN-01" in page.url and "tab=brief" in page.url
    assert page.locator(ERRORS).count() == 0
    page.screenshot(path=str(screenshots / "alliance_brief.png"), full_page=True)


def test_selecting_a_bar_of_the_overview_ranking_links_to_its_alliance(page, server):
    page.goto(f"{server}/overview?county=330327&year=2024-2025&stage=all&type=all")
    _settle(page)
    page.wait_for_selector(PLOTLY, timeout=30_000)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    # The ranking charts come after the monthly and gap charts; their bars carry the alliance id.
    ranking = charts.nth(charts.count() - 1)
    ranking.locator(".barlayer .point path").first.click(force=True)
    link = page.locator('[data-testid="stMain"] a[href*="/alliance?alliance="]').first
    link.wait_for(timeout=30_000)
    assert re.search(r"/alliance\?alliance=CN-\d+&year=2024-2025&county=all", link.get_attribute("href"))
