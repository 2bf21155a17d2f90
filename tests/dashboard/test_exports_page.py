"""AppTest of the exports: every chart, table and map of 覆盖 carries its download buttons and 加入会议材料;
picked items reach the 会议材料 page with the filters they were picked under, can be reordered and
removed, and the page offers the pack; the export log lists exports in Chinese."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import audit
from dashboard.exports import widgets
from dashboard.labels import coverage as LC
from dashboard.labels import exports as LE
from tests.dashboard.apptabs import open_tab

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
COVERAGE = "../pages/coverage.py"
COVERAGE_TAB = "coverage_tab"
# Each item of 覆盖 and the tab it is drawn on (only the open tab runs).
COVERAGE_ITEMS = {LC.TAB_MAP: ["coverage_map"], LC.TAB_CHARTS: ["coverage_by_town", "coverage_by_type"],
                  LC.TAB_UNCOVERED: ["coverage_uncovered"], LC.TAB_CHECKS: ["coverage_checks"]}
EXPORTS = "../pages/exports.py"


@pytest.fixture
def audit_db(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    monkeypatch.setenv("ALLIANCE_BUREAU_NAME", "贺兰县教育体育局")


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at


def _downloads(at) -> dict[str, object]:
    """Download buttons by their widget key (the proto id ends with the user key)."""
    return {b.proto.id.split("-")[-1]: b.proto for b in at.get("download_button")}


def _markdown(at) -> str:
    return "\n".join(str(e.value) for e in (*at.markdown, *at.caption, *at.info))


def test_every_chart_table_and_map_of_coverage_has_its_exports(fixture_path, audit_db):
    at = _app(county="all").run()
    at.switch_page(COVERAGE).run()
    assert not at.exception
    keys = set()
    for tab, items in COVERAGE_ITEMS.items():
        open_tab(at, COVERAGE_TAB, tab)
        shown = set(_downloads(at))
        assert "page_pack_pptx" in shown
        # Each item's buttons sit in one 导出 menu under it (drawn by the browser only when opened).
        menus = at.get("popover")
        assert [m.proto.popover.label for m in menus] == [LE.MENU] * len(items)
        inside = {w.proto.id.split("-")[-1] for m in menus for w in m.get("download_button")}
        assert inside == shown - {"page_pack_pptx"}
        assert {b.key for m in menus for b in m.get("button")} == {f"{k}__add" for k in items}
        for key in items:
            assert at.button(key=f"{key}__add").label == LE.ADD
        keys |= shown
        if tab == LC.TAB_UNCOVERED:
            xlsx = _downloads(at)["coverage_uncovered__xlsx"]
            assert not xlsx.disabled and xlsx.help == LE.XLSX_HELP.format(n="2")       # S6 and S2: the whole table
    # The fixture has a map, two charts, uncovered schools and structure problems.
    assert {"coverage_map__png", "coverage_by_town__png", "coverage_by_town__svg", "coverage_by_type__png",
            "coverage_by_type__svg", "coverage_uncovered__xlsx", "coverage_uncovered__csv",
            "coverage_checks__xlsx", "coverage_checks__csv", "page_pack_pptx"} <= keys


def test_picked_items_reach_the_exports_page_in_order_with_their_filters(fixture_path, audit_db):
    at = _app(county="all").run()
    at.switch_page(COVERAGE).run()
    open_tab(at, COVERAGE_TAB, LC.TAB_CHARTS).button(key="coverage_by_type__add").click().run()
    open_tab(at, COVERAGE_TAB, LC.TAB_UNCOVERED).button(key="coverage_uncovered__add").click().run()
    # The same item again: replaced, not doubled.
    open_tab(at, COVERAGE_TAB, LC.TAB_CHARTS).button(key="coverage_by_type__add").click().run()
    assert not at.exception
    at.switch_page(EXPORTS).run()
    assert not at.exception
    picked = at.session_state[widgets.MEETING_ITEMS]
    assert [i.key for i in picked] == ["coverage_by_type", "coverage_uncovered"]
    assert [i.title for i in picked] == [LC.CHART_TYPE, LC.UNCOVERED_TITLE]
    assert [i.page for i in picked] == [LC.COVERAGE_TITLE] * 2
    assert picked[0].filters == "区县：全部；学年：2024-2025学年；学段：全部；教共体类型：全部"
    assert picked[0].data_date.startswith("数据载入于 ")
    text = _markdown(at)
    assert f"**1. {LC.CHART_TYPE}**" in text and f"**2. {LC.UNCOVERED_TITLE}**" in text
    assert "区县：全部" in text
    downloads = _downloads(at)
    assert {"pack_pptx", "pack_pdf"} <= set(downloads)
    assert downloads["pack_pptx"].label == LE.PPTX and downloads["pack_pdf"].label == LE.PDF

    at.button(key="pick_down_0").click().run()
    assert [i.key for i in at.session_state[widgets.MEETING_ITEMS]] == ["coverage_uncovered", "coverage_by_type"]
    at.button(key="pick_remove_1").click().run()
    assert [i.key for i in at.session_state[widgets.MEETING_ITEMS]] == ["coverage_uncovered"]
    at.button(key="pick_clear").click().run()
    assert LE.EXPORTS_EMPTY in _markdown(at)


def test_an_item_keeps_the_filters_it_was_picked_under(fixture_path, audit_db):
    at = _app(county="all").run()
    at.switch_page(COVERAGE).run()
    open_tab(at, COVERAGE_TAB, LC.TAB_CHARTS).button(key="coverage_by_type__add").click().run()
    at.selectbox(key="filter_county").set_value("640122").run()
    at.button(key="coverage_by_type__add").click().run()
    at.switch_page(EXPORTS).run()
    filters = [i.filters.split("；")[0] for i in at.session_state[widgets.MEETING_ITEMS]]
    assert filters == ["区县：全部", "区县：贺兰县"]          # two views of one chart: two slides


def test_empty_exports_page_says_what_to_do_and_lists_the_log(fixture_path, audit_db):
    at = _app(county="all").run()
    at.switch_page(EXPORTS).run()
    assert not at.exception
    assert LE.EXPORTS_EMPTY in _markdown(at) and LE.LOG_EMPTY in _markdown(at)
    # One alliance's pack in one click: the alliances in view (all three in 2024-2025), the button.
    assert at.selectbox(key="pack_alliance").options == ["贺兰一小教共体（A1）", "贺兰中学教共体（A2）", "苍南协作体（A3）"]
    assert _downloads(at)["pack_alliance_pptx"].label == LE.ALLIANCE_PACK
    # A download as the button's builder does it: the file is built, then one log record is written.
    build = widgets.logged(lambda: b"xlsx-bytes", None, "覆盖/未覆盖学校",
                           {"filters": "区县：全部；学年：2024-2025学年", "format": "xlsx", "rows": 2})
    assert build() == b"xlsx-bytes"
    at.run()
    log = at.dataframe[0].value
    assert list(log.columns) == list(LE.LOG_COLUMNS.values())
    assert log.iloc[0][LE.LOG_COLUMNS["target"]] == "覆盖/未覆盖学校"
    assert log.iloc[0][LE.LOG_COLUMNS["user_name"]] == LE.ANONYMOUS
    assert log.iloc[0][LE.LOG_COLUMNS["detail"]] == "区县：全部；学年：2024-2025学年；xlsx；2 行"
    # Stored in UTC, shown in Beijing time: eight hours later.
    stored = datetime.fromisoformat(audit.entries("export")["at"][0])
    assert log.iloc[0][LE.LOG_COLUMNS["at"]] == (stored + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")


def test_without_a_browser_the_image_buttons_say_why(fixture_path, audit_db, monkeypatch):
    from dashboard.exports import images, maps, pack

    monkeypatch.setattr(images, "unavailable_reason", lambda: LE.NO_CHROMIUM)
    monkeypatch.setattr(maps, "unavailable_reason", lambda: LE.NO_CHROMIUM)
    monkeypatch.setattr(pack, "unavailable_reason", lambda: LE.NO_CHROMIUM)
    at = _app(county="all").run()
    at.switch_page(COVERAGE).run()
    assert not at.exception
    downloads = _downloads(at)
    for key in ("coverage_map__png", "page_pack_pptx"):
        assert downloads[key].disabled and downloads[key].help == LE.NO_CHROMIUM
    downloads = _downloads(open_tab(at, COVERAGE_TAB, LC.TAB_CHARTS))
    for key in ("coverage_by_town__png", "coverage_by_town__svg"):
        assert downloads[key].disabled and downloads[key].help == LE.NO_CHROMIUM
    downloads = _downloads(open_tab(at, COVERAGE_TAB, LC.TAB_UNCOVERED))
    assert not downloads["coverage_uncovered__xlsx"].disabled          # tables need no browser


def test_beyond_excel_rows_the_xlsx_button_says_so_and_csv_stays(fixture_path, audit_db, monkeypatch):
    from dashboard.exports import tables

    # Excel's limit lowered to one data row: the uncovered table (2 rows) is then "too large".
    monkeypatch.setattr(tables, "XLSX_MAX_DATA_ROWS", 1)
    at = _app(county="all").run()
    at.switch_page(COVERAGE).run()
    downloads = _downloads(open_tab(at, COVERAGE_TAB, LC.TAB_UNCOVERED))
    assert downloads["coverage_uncovered__xlsx"].disabled
    assert downloads["coverage_uncovered__xlsx"].help == LE.XLSX_TOO_MANY.format(n="2")
    assert not downloads["coverage_uncovered__csv"].disabled


def test_the_detail_page_offers_its_alliance_pack_in_one_click(fixture_path, audit_db):
    at = _app(county="all", alliance="A1", tab="ledger").run()
    at.switch_page("../pages/alliance.py").run()
    assert not at.exception
    downloads = _downloads(at)
    assert downloads["alliance_pack_pptx"].label == LE.ALLIANCE_PACK and not downloads["alliance_pack_pptx"].disabled
    assert {"alliance_months__png", "alliance_ledger__xlsx"} <= set(downloads)
    at.button(key="alliance_ledger__add").click().run()
    picked = at.session_state[widgets.MEETING_ITEMS]
    assert picked[0].filters.endswith("教共体：贺兰一小教共体（A1）")
    # The styled ledger (pandas Styler on the page) is exported as its data: one row per record of
    # 2024-2025 (fixture_db.activities: 3 in October, 4 in November, 1 in March).
    assert picked[0].table.height == 8
