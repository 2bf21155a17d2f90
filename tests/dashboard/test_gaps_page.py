"""AppTest of the 差距 page over tests/dashboard/fixture_gaps.py: it opens from a link with its own
filters in the URL (exam, grade, subject, term, comparison, weighting), shows the hand-worked
figures, writes changed filters back to the URL, and says what is missing instead of drawing
empty axes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.labels import gaps as LG
from tests.dashboard import fixture_gaps

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
GAPS = "../pages/gaps.py"


@pytest.fixture(scope="module")
def gaps_db(tmp_path_factory):
    return fixture_gaps.build(tmp_path_factory.mktemp("gaps-page") / "alliance.duckdb")


@pytest.fixture(autouse=True)
def _live(gaps_db, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(gaps_db))


def _page(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in {"county": "640122", "year": "2024-2025", **query}.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(GAPS).run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.title, *at.subheader)]
    return "\n".join(str(p) for p in parts)


def _rates(at) -> dict[str, dict]:
    table = at.dataframe[0].value
    return {r[LG.COL_CATEGORY]: r for r in table.to_dict("records")}


def test_link_with_page_filters_shows_hand_worked_figures(gaps_db):
    at = _page(exam="E1", compare="urban_rural", weight="student")
    assert at.selectbox(key="gaps_exam").value == "E1"
    rates = _rates(at)
    # E1 urban: 10 examinees, 735 -> 73.5 %, pass 9/10; rural 10, 520 -> 52.0 %, low 2/10 (test_gaps.py).
    assert rates["城区"][LG.COL_MEAN_PCT] == "73.5%" and rates["城区"][LG.COL_PASS] == "90.0%"
    assert rates["乡村"][LG.COL_MEAN_PCT] == "52.0%" and rates["乡村"][LG.COL_LOW] == "20.0%"
    text = _texts(at)
    assert "城区平均分高于乡村 21.5 个百分点（95% 区间 7.9 至 35.1）" in text
    assert "城区低分率低于乡村 20.0 个百分点（95% 区间 -11.2 至 51.0），差异不显著" in text
    assert "7 所学校报送逐生成绩" in text and LG.METHODS["student"] in text
    assert LG.RATES_CAPTION.format(weighting=LG.WEIGHTINGS["student"]) in text
    charts = at.get("plotly_chart")
    # distribution, trend mean and pass, alliance trend, value-added, activity scatter; no dumbbell:
    # every member sat E1 with under 10 examinees, so no pair is ranked, and the table marks them.
    assert len(charts) == 6
    core_table = at.dataframe[1].value
    assert list(core_table[LG.COL_NOTE]) == [LG.SMALL] * 3
    box = json.loads(charts[0].proto.spec)
    assert [t["name"] for t in box["data"]] == ["城区", "镇区", "乡村"]
    assert at.query_params["exam"] == "E1" and at.query_params["weight"] == "student"


def test_school_weighting_and_town_comparison_from_the_url(gaps_db):
    at = _page(exam="E1", compare="town_rural", weight="school")
    assert at.selectbox(key="gaps_weight").value == "school"
    text = _texts(at)
    # School means: 城镇 U1 75, U2 75, U3 70, T1 70 -> 72.5; 乡村 50, 50, 55 -> 51.667; gap 20.8.
    assert "城镇平均分高于乡村 20.8 个百分点" in text
    assert LG.GAP_HEADER.format(a="城镇", b="乡村", weighting=LG.WEIGHTINGS["school"]) in text
    assert _rates(at)["城镇"][LG.COL_MEAN_PCT] == "72.5%"


def test_changing_a_page_filter_rewrites_the_url(gaps_db):
    at = _page()
    assert at.query_params["exam"] == "all" and at.query_params["compare"] == "urban_rural"
    at.selectbox(key="gaps_subject").set_value("语文").run()
    assert not at.exception
    assert at.query_params["subject"] == "语文"
    # Only E2 is 语文: one school of 3 examinees on each side, marked and not judged.
    assert "不作判断" in _texts(at)
    assert at.selectbox(key="gaps_exam").options == [LG.ALL_EXAMS, "2024学年第二学期四年级语文"]


def test_summary_only_county_names_its_method(gaps_db):
    at = _page(county="421321")
    text = _texts(at)
    assert "6 所学校只报送学校汇总" in text
    assert LG.METHODS["cluster"] in text
    assert "城区平均分高于乡村 15.0 个百分点（95% 区间 6.6 至 23.4）" in text
    assert LG.CORE_NONE in text                   # no alliances in 随县 here


def test_no_exam_for_the_choice_says_so(gaps_db):
    at = _page(year="2023-2024", term="1")
    assert [i.value for i in at.info] == [LG.NO_EXAMS]
    assert not at.get("plotly_chart")
