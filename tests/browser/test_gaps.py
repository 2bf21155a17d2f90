"""The 差距 page in a real browser over the county demo: from a link with its own filters, every
chart draws as SVG with its Chinese labels, no error box shows, and the summary-only county (随县)
says its interval method."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PLOTLY = '[data-testid="stPlotlyChart"] .main-svg'
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"]', timeout=60_000)
    page.wait_for_selector(PLOTLY, timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stSpinner\"]')"
        " && document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=60_000)
    page.wait_for_timeout(1500)


def test_gaps_page_draws_its_charts_with_chinese_text(page, server, tmp_path):
    _open(page, f"{server}/gaps?county=330327&year=2024-2025&stage=all&type=all&compare=urban_rural&weight=student")
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 7
    # The box plot's categories and axis title, drawn in the SVG as the characters.
    ticks = page.locator('[data-testid="stPlotlyChart"]').first.locator(".xtick text").all_text_contents()
    assert ticks == ["城区", "镇区", "乡村"]
    title = page.locator('[data-testid="stPlotlyChart"]').first.locator(".ytitle").text_content()
    assert title == "学校平均分（满分的 %）"
    # Chinese glyphs take width: a missing CJK font would still draw, but the box has size.
    box = page.locator('[data-testid="stPlotlyChart"]').first.locator(".ytitle").bounding_box()
    assert box is not None and box["height"] > 100           # the rotated title spans the axis
    assert "城区平均分高于乡村" in page.locator('[data-testid="stMain"]').inner_text()
    page.screenshot(path=str(tmp_path / "gaps.png"), full_page=True)


def test_summary_county_and_page_filters_from_the_link(page, server):
    _open(page, f"{server}/gaps?county=421321&year=2024-2025&stage=all&type=all&compare=town_rural"
                "&weight=school&grade=5&subject=%E6%95%B0%E5%AD%A6")
    assert page.locator(ERRORS).count() == 0
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "只报送学校汇总" in main and "城镇与乡村的差距（按学校加权）" in main
    assert "学校间差异" in main
    # The dumbbell names members and cores in Chinese.
    legend = page.locator(".legendtext").all_text_contents()
    assert "核心校" in legend and "成员校" in legend
