"""AppTest per page over the hand-made database: pages run, show the fixture's figures, follow
the sidebar filters (kept across pages and mirrored in the URL), escape names in the map
tooltip, and explain in Chinese how to load data when there is none."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.labels import common as L
from dashboard.labels import coverage as LC
from dashboard.labels import overview as LO
from tests.dashboard.apptabs import open_tab

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
COVERAGE = "../pages/coverage.py"
COVERAGE_TAB = "coverage_tab"


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at


def _metrics(at) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def _texts(at) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success, *at.title, *at.subheader)]
    return "\n".join(str(p) for p in parts)


def test_opens_on_the_county_with_most_schools(fixture_path):
    at = _app().run()
    assert not at.exception
    assert at.selectbox(key="filter_county").value == "640122"          # 7 schools against 2
    assert at.query_params["county"] == "640122" and at.query_params["year"] == "2024-2025"
    assert at.query_params["stage"] == "all" and at.query_params["type"] == "all"
    assert _metrics(at)[LO.METRIC_COVERED] == ("5 所", "+1 所")          # S1 S3 S4 S5 S7 of 7


def test_overview_shows_fixture_figures(fixture_path):
    at = _app(county="all").run()
    assert not at.exception
    m = _metrics(at)
    assert m[LO.METRIC_ALLIANCES] == ("3 个", "+0 个")
    assert m[LO.METRIC_COVERED] == ("7 所", "+1 所")
    assert m[LO.METRIC_RURAL_COVERAGE] == ("80.0%", "+20.0 个百分点")
    assert m[LO.METRIC_EXCHANGES] == ("3 人次", "+2 人次")
    # Targets from each alliance's rubric (data/rubrics/): A3 meets its 10, A1 (32) and A2 (16) do
    # not; the year before nobody met theirs (A1's 20 lessons against Helan's 8 x 3 members = 24).
    assert m[LO.METRIC_LESSONS] == ("33.3%", "+33.3 个百分点")
    assert m[LO.METRIC_GAP_MEAN] == ("22.4", "-7.6 个百分点")     # 71.25 - 48.89; was 30
    assert m[LO.METRIC_GAP_PASS] == ("54.2", "-20.8 个百分点")    # 87.5 - 33.3; was 75
    charts = at.get("plotly_chart")
    assert len(charts) == 3            # monthly, gap, and one ranking: 2 alliances need no top/bottom split
    ranking = json.loads(charts[2].proto.spec)
    # The ranking is by the rubric most alliances in view fall under: Helan's, for A1 and A2 (A3 is
    # Cangnan's, ranked on the 考核 page).
    names = sorted(name for trace in ranking["data"] for name in trace["y"])
    assert names == sorted(["贺兰一小教共体", "贺兰中学教共体"])
    assert LO.RANKING_ALL.format(n=2) in _texts(at)
    assert at.query_params["year"] == "2024-2025"
    assert L.DEMO_BADGE not in _texts(at)


def test_changing_a_filter_changes_the_figures_and_the_url(fixture_path):
    at = _app().run()
    at.selectbox(key="filter_county").set_value("330327").run()
    assert not at.exception
    m = _metrics(at)
    assert m[LO.METRIC_COVERED][0] == "2 所"
    assert m[LO.METRIC_ALLIANCES][0] == "1 个"
    assert at.query_params["county"] == "330327"
    at.selectbox(key="filter_year").set_value("2023-2024").run()
    assert _metrics(at)[LO.METRIC_GAP_MEAN][0] == "—"          # no exams in 苍南县
    assert at.query_params["year"] == "2023-2024"
    at.selectbox(key="filter_county").set_value("all").run()
    assert at.query_params["county"] == "all"
    assert _metrics(at)[LO.METRIC_GAP_MEAN][0] == "30.0"


def test_a_copied_link_reopens_the_same_view(fixture_path):
    at = _app()
    at.query_params["county"] = "640122"
    at.query_params["type"] = "co_build"
    at.query_params["year"] = "2024-2025"
    at.run()
    assert not at.exception
    assert at.selectbox(key="filter_county").value == "640122"
    assert at.selectbox(key="filter_type").value == "co_build"
    assert _metrics(at)[LO.METRIC_RURAL_COVERAGE][0] == "50.0%"   # S4 S5 of S4 S5 S6 S7


def test_a_link_with_values_the_data_lacks_says_so(fixture_path):
    at = _app(county="999999", year="2099-2100", stage="primary").run()
    assert not at.exception
    assert at.selectbox(key="filter_county").value == "640122"          # the default
    assert at.selectbox(key="filter_stage").value == "primary"          # valid values are kept
    assert [w.value for w in at.warning] == [L.URL_IGNORED.format(values="区县「999999」、学年「2099\\-2100」")]
    at.run()
    assert not at.warning                                               # said once


def test_filters_are_kept_across_pages(fixture_path):
    at = _app().run()
    at.selectbox(key="filter_county").set_value("330327").run()
    at.switch_page(COVERAGE).run()
    assert not at.exception
    assert at.selectbox(key="filter_county").value == "330327"
    open_tab(at, COVERAGE_TAB, LC.TAB_UNCOVERED)
    assert LC.UNCOVERED_NONE in _texts(at)                        # S8 S9 are both in A3


def test_coverage_page(fixture_path):
    at = _app(county="all").run()
    at.switch_page(COVERAGE).run()
    assert not at.exception
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert deck.get("mapProvider") is None or deck.get("mapProvider") == ""
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert {"outlines", "schools"} <= set(layers)
    # The name travels as text; the tooltip template is constant and names it only as {name},
    # a placeholder Streamlit HTML-escapes when it fills it in (see test_tooltip_browser.py).
    s6 = next(p for p in layers["schools"]["data"] if p["name"] == "<b>常信</b>村小")
    assert s6["status"] == L.STATUS_UNCOVERED_RURAL and s6["radius"] > 6
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert "{name}" in tooltip["html"] and "常信" not in tooltip["html"]
    assert LC.MAP_CREDIT in _texts(at)
    # Only the open tab (the map) ran: no chart or table was drawn under it.
    assert [t.label for t in at.tabs] == [LC.TAB_MAP, LC.TAB_CHARTS, LC.TAB_UNCOVERED, LC.TAB_CHECKS]
    assert not at.get("plotly_chart") and not at.dataframe
    open_tab(at, COVERAGE_TAB, LC.TAB_CHARTS)
    assert not at.get("deck_gl_json_chart") and not at.dataframe
    town_chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "常信乡" in " ".join(map(str, town_chart["data"][0]["y"]))
    open_tab(at, COVERAGE_TAB, LC.TAB_UNCOVERED)
    uncovered = at.dataframe[0].value
    assert list(uncovered.columns) == [L.COL_SCHOOL, L.COL_COUNTY, L.COL_TOWN, L.COL_STAGE, L.COL_URBAN_RURAL,
                                       L.COL_STUDENTS]
    assert uncovered[L.COL_SCHOOL].tolist() == ["<b>常信</b>村小", "城关中学"]
    assert uncovered[L.COL_URBAN_RURAL].tolist() == ["乡村", "城区"]
    open_tab(at, COVERAGE_TAB, LC.TAB_CHECKS)
    checks = at.dataframe[0].value
    assert sorted(checks[L.COL_CHECK].tolist()) == sorted(
        [LC.CHECK_LABELS[k] for k in ("size_cap", "core_not_member", "multi_alliance", "multi_alliance",
                                     "no_activity")])
    assert "现有成员 5 所，上限 4 所" in checks[L.COL_DETAIL].tolist()
    # Alliances link to their detail page in the selected year; a school-only row has no link.
    links = checks[L.COL_ALLIANCE].tolist()
    assert f"/alliance?alliance=A1&year={at.query_params['year']}&county=all#贺兰一小教共体" in links
    assert sum(1 for link in links if not isinstance(link, str)) == 2     # the two multi_alliance rows


def test_coverage_follows_the_type_filter(fixture_path):
    at = _app().run()
    at.selectbox(key="filter_type").set_value("co_build").run()
    at.switch_page(COVERAGE).run()
    assert not at.exception
    open_tab(at, COVERAGE_TAB, LC.TAB_UNCOVERED)
    # Helan schools not in a 共建型 alliance: S1 S2 S3 S6 S7 (S4 and S5 are in A2).
    assert len(at.dataframe[0].value) == 5


def test_a_view_without_schools_says_so(fixture_path):
    # 苍南县 has primary schools only: no junior school, no alliance with a junior member there.
    at = _app(county="330327", stage="junior", year="2024-2025").run()
    assert not at.exception
    infos = [i.value for i in at.info]
    assert LO.EMPTY_MONTHLY in infos and LO.EMPTY_GAP in infos and LO.EMPTY_RANKING in infos
    assert not at.get("plotly_chart")
    at.switch_page(COVERAGE).run()
    assert not at.exception
    assert [i.value for i in at.info] == [LC.NO_SCHOOLS]
    assert LC.UNCOVERED_NONE not in _texts(at) and not at.get("deck_gl_json_chart")


def test_demo_data_is_labelled(demo_fixture_path):
    at = _app().run()
    assert not at.exception
    assert L.DEMO_BADGE in _texts(at)


@pytest.mark.parametrize("page", [None, COVERAGE])
def test_missing_database_explains_how_to_load(missing_path, page):
    at = _app().run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    text = _texts(at)
    assert L.NO_DATA_TITLE in text
    assert "python -m etl load" in text and "make run" in text
    assert not at.get("plotly_chart") and not at.get("deck_gl_json_chart")


def test_empty_database_explains_how_to_load(tmp_path, monkeypatch):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    monkeypatch.setenv("ALLIANCE_DB", str(path))
    at = _app().run()
    at.switch_page(COVERAGE).run()
    assert not at.exception
    assert L.NO_DATA_TITLE in _texts(at)


def test_stale_marts_name_the_live_path_to_rebuild(fixture_path, tmp_path, monkeypatch):
    live = tmp_path / "live" / "alliance.duckdb"
    live.parent.mkdir()
    version = live.parent / "alliance-20250101T000000000000.duckdb"
    shutil.copyfile(os.path.realpath(fixture_path), version)
    con = duckdb.connect(str(version))
    con.execute("update mart_meta set marts_version = 'older'")
    con.close()
    os.symlink(version.name, live)
    monkeypatch.setenv("ALLIANCE_DB", str(live))
    at = _app().run()
    assert not at.exception
    info = at.info[0].value
    # The command names the link, never the versioned file behind it; no import steps beside it.
    assert f"python -m etl rebuild --db {live}" in info and version.name not in info
    assert L.STALE_TITLE in _texts(at) and "python -m etl load" not in _texts(at)
