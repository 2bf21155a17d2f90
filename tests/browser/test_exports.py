"""Exports in a real browser: a press on a download button delivers the file built on the server
(PNG of the chart at presentation width, the whole table as XLSX with its title row, the meeting
pack as PPTX with the East Asian font), and each download is written to the export log."""

from __future__ import annotations

import io
import json
import sqlite3

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from dashboard.labels import coverage as LC
from dashboard.labels import exports as LE
from tests.browser.conftest import streamlit_server

pytestmark = pytest.mark.browser

PLOTLY = '[data-testid="stPlotlyChart"] .main-svg'
BUREAU = "示例县教育局"


@pytest.fixture(scope="module")
def export_server(browser, demo_db, tmp_path_factory):
    """(url, audit log path) of the dashboard over the county demo, its export log in a temporary file."""
    audit = tmp_path_factory.mktemp("exports-audit") / "audit.sqlite"
    with streamlit_server(demo_db, env={"ALLIANCE_AUDIT_DB": str(audit), "ALLIANCE_BUREAU_NAME": BUREAU}) as url:
        yield url, audit


def _settle(page, timeout_ms: int = 30_000) -> None:
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stSpinner\"]')"
        " && document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=timeout_ms)
    page.wait_for_timeout(800)


def _open_menu(page, key: str) -> None:
    """A chart's, table's or map's buttons sit in its 导出 menu (drawn when opened): open it first."""
    menu = page.locator(f".st-key-{key.rsplit('__', 1)[0]}__exports button")
    if menu.count():
        menu.first.scroll_into_view_if_needed()
        menu.first.click()
        page.locator(f".st-key-{key} button:visible").first.wait_for(timeout=10_000)


def _open_tab(page, label: str, shows: str) -> None:
    """Click one of the page's tabs and wait for what it shows: only the open tab's section runs
    (ui.lazy_tabs), on the rerun the click starts."""
    page.get_by_role("tab", name=label).click()
    page.wait_for_selector(shows, timeout=30_000)
    _settle(page)


def _download(page, key: str) -> bytes:
    _open_menu(page, key)
    button = page.locator(f".st-key-{key} button:visible").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=90_000) as info:
        button.click()
    return open(info.value.path(), "rb").read()


def _log(audit) -> list[tuple[str, dict]]:
    with sqlite3.connect(audit) as con:
        rows = con.execute("select target, detail from export_log order by audit_id").fetchall()
    return [(target, json.loads(detail)) for target, detail in rows]


def test_chart_png_and_table_xlsx_download(page, export_server):
    url, audit = export_server
    # A link to one tab opens it.
    page.goto(f"{url}/coverage?county=all&coverage_tab={LC.TAB_CHARTS}")
    page.wait_for_selector(PLOTLY, timeout=30_000)
    _settle(page)

    png = Image.open(io.BytesIO(_download(page, "coverage_by_type__png")))
    assert png.format == "PNG" and png.width >= 1600
    # Not blank: the three type bars and 任一类型 in their palette colours cover a good part of it.
    colours = png.convert("RGB").getcolors(maxcolors=1 << 20)
    assert sum(n for n, c in colours if c != (255, 255, 255)) > png.width * png.height * 0.05

    _open_tab(page, LC.TAB_UNCOVERED, ".st-key-coverage_uncovered__exports")
    sheet = openpyxl.load_workbook(io.BytesIO(_download(page, "coverage_uncovered__xlsx"))).active
    assert sheet.cell(1, 1).value == LC.UNCOVERED_TITLE
    assert "区县：全部" in sheet.cell(2, 1).value and "数据载入于" in sheet.cell(2, 1).value
    rows = sheet.max_row - 3                        # title, filters, header
    # The whole table: as many rows as the page's caption counts (共 {n} 所).
    assert rows > 0
    assert page.get_by_text(LC.UNCOVERED_CAPTION.format(n=rows)).count() >= 1

    log = _log(audit)
    assert [t for t, _ in log] == [f"{LC.COVERAGE_TITLE}/{LC.CHART_TYPE}", f"{LC.COVERAGE_TITLE}/{LC.UNCOVERED_TITLE}"]
    assert log[0][1]["format"] == "png" and "区县：全部" in log[0][1]["filters"]
    assert log[1][1]["format"] == "xlsx" and log[1][1]["rows"] == rows


def test_meeting_pack_download(page, export_server):
    url, audit = export_server
    page.goto(f"{url}/coverage?county=all")
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    _settle(page)
    for tab, key in ((LC.TAB_CHARTS, "coverage_by_type__add"), (LC.TAB_UNCOVERED, "coverage_uncovered__add")):
        _open_tab(page, tab, f".st-key-{key.rsplit('__', 1)[0]}__exports")
        _open_menu(page, key)
        button = page.locator(f".st-key-{key} button:visible").first
        button.scroll_into_view_if_needed()
        button.click()
        _settle(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text=LE.EXPORTS_TITLE).click()
    page.wait_for_selector(".st-key-pack_pptx button", timeout=30_000)
    _settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0

    prs = Presentation(io.BytesIO(_download(page, "pack_pptx")))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles == [LE.PACK_TITLE_DEFAULT, LC.CHART_TYPE, LC.UNCOVERED_TITLE]
    cover = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert BUREAU in cover
    runs = [r for s in prs.slides for r in s._element.iter(qn("a:r"))]
    assert runs and all(r.find(qn("a:rPr")).find(qn("a:ea")) is not None for r in runs)
    assert _log(audit)[-1][0] == f"{LE.EXPORTS_TITLE}/{LE.PACK_TITLE_DEFAULT}"


def test_page_pack_holds_what_the_open_tab_shows(page, export_server):
    url, _ = export_server
    page.goto(f"{url}/coverage?county=all")
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=30_000)
    _settle(page)
    prs = Presentation(io.BytesIO(_download(page, "page_pack_pptx")))
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    # The map tab of 覆盖 (open by default): its map, after the cover.
    assert titles == [LE.PACK_TITLE_OF.format(name=LC.COVERAGE_TITLE), LC.MAP_TITLE]
    map_slide = prs.slides[1]
    assert any(sh.shape_type == 13 for sh in map_slide.shapes)          # the map drawn as a picture
    # Another tab: its two charts (the sidebar button reads what the open tab drew).
    _open_tab(page, LC.TAB_CHARTS, ".st-key-coverage_by_type__exports")
    page.wait_for_selector(PLOTLY, timeout=30_000)
    prs = Presentation(io.BytesIO(_download(page, "page_pack_pptx")))
    assert [s.shapes.title.text_frame.text for s in prs.slides] == [
        LE.PACK_TITLE_OF.format(name=LC.COVERAGE_TITLE), LC.CHART_TOWN, LC.CHART_TYPE]
    assert all(any(sh.shape_type == 13 for sh in slide.shapes) for slide in list(prs.slides)[1:])
