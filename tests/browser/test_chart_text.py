"""Plotly draws a subset of HTML in labels: a name with tags must show as the characters typed,
with no link or styling, in the SVG the browser draws."""

from __future__ import annotations

import pytest

from dashboard.charts import bars
from tests.dashboard.test_charts import MARKUP_NAME, _ranking

pytestmark = pytest.mark.browser


def test_markup_in_an_alliance_name_is_drawn_as_text(page):
    fig = bars.ranking_bar(_ranking(MARKUP_NAME))
    page.set_content(fig.to_html(include_plotlyjs=True, full_html=True))
    page.wait_for_selector(".ytick text", timeout=15_000)
    tick = page.locator(".ytick text").first
    assert tick.text_content() == MARKUP_NAME
    assert page.locator(".ytick a").count() == 0           # no link was made of it
