"""What only a browser shows of the 考核 page over the county demo: the points-by-indicator chart
draws one stacked trace per indicator (one per dimension for a dimension rubric), the page opens
from a copied link with rubric and period, and no error box appears."""

from __future__ import annotations

import pytest

from dashboard.labels import rubric as LR
from tests.browser.test_pages import ERRORS, PLOTLY, _settle

pytestmark = pytest.mark.browser


def _open(page, server, query: str) -> None:
    page.goto(f"{server}/rubric?{query}")
    _settle(page)
    page.wait_for_selector(PLOTLY, timeout=30_000)
    assert page.locator(ERRORS).count() == 0, page.locator(ERRORS).first.inner_text()


def _legend(page) -> list[str]:
    # SVG text has no innerText: read its textContent.
    return [t.strip() for t in page.locator(f"{PLOTLY} .legendtext").evaluate_all("els => els.map(e => e.textContent)")]


def test_points_by_indicator_draw_stacked(page, server, screenshots):
    _open(page, server, "county=330327&year=2024-2025&rubric=cangnan_county&period=2024-2025")
    # Five indicators of 苍南 annex 4, each a stacked trace with its maximum in the legend (30+18+6+15+25).
    assert _legend(page) == ["线上教学活动（同步课堂）（30 分）", "线上线下教研活动（18 分）", "教共体教师交流（6 分）",
                             "师徒结对活动（15 分）", "群众满意度测评（25 分）"]
    bars = page.locator(f"{PLOTLY} .barlayer .trace")
    assert bars.count() == 5
    # The demo's 39 county alliances each have a bar in every trace that scored.
    assert page.locator(f"{PLOTLY} .barlayer .trace").first.locator("path").count() >= 30
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "满分 94 分" in body and LR.RANKING_TITLE in body and LR.EXPLAIN_TITLE in body
    page.screenshot(path=str(screenshots / "rubric.png"), full_page=True)


def test_dimension_rubric_from_a_copied_link(page, server, screenshots):
    _open(page, server, "county=421321&year=2024-2025&rubric=suixian_bundled&period=2024-2025/2")
    assert _legend(page) == ["联合体办学运行情况", "各成员学校发展性评价", "学生学业综合评价", "师生、家长满意度测评"]
    body = page.locator('[data-testid="stMain"]').inner_text()
    # A selectbox shows its choice in an input's value, not as text.
    picked = " ".join(page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input')
                      .evaluate_all("els => els.map(e => e.value || e.getAttribute('aria-label') || '')"))
    assert "2024学年第二学期" in picked and "随县教育联合体捆绑考核" in picked and "达标" in body
    # The way to the next grade, or the top grade, is said for the chosen alliance.
    assert "即可达到" in body or "已是最高等级" in body or "达到" in body
    page.screenshot(path=str(screenshots / "rubric_suixian.png"), full_page=True)
