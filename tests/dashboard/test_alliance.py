"""The alliance detail page: its query functions, its 督导清单 and the page itself (AppTest, opened
by query parameter) on tests/dashboard/fixture_alliance.py, whose figures are worked out by hand
in that module's docstring."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filters
from dashboard.present import brief
from dashboard.queries import alliance, alliance_results
from dashboard.scope import EVERYTHING, Scope
from rubric import board, rules
from tests.dashboard import fixture_alliance

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
YEAR = Filters(school_year="2023-2024")
REFERENCE = date(2024, 8, 31)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return fixture_alliance.build(tmp_path_factory.mktemp("alliance") / "alliance.duckdb")


@pytest.fixture
def db(built, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(built))
    return built


def test_profile_and_members(db):
    p = alliance.alliance_profile(EVERYTHING, YEAR, alliance_id="A").row(0, named=True)
    assert (p["name"], p["type"], p["county"], p["core_school_name"]) == ("贺兰城乡教共体", "co_build", "贺兰县", "城关一小")
    assert (p["founded"], p["verified_by"], p["members_n"], p["activities_n"], p["evidence_missing_n"]) == \
        (2022, "county", 3, 7, 2)
    members = alliance.alliance_members(EVERYTHING, YEAR, alliance_id="A")
    assert members["school_id"].to_list() == ["C1", "M1", "M2"]          # core first, then by distance
    distance = dict(zip(members["school_id"], members["distance_km"], strict=True))
    # 0.09 degrees of latitude on a 6,371 km sphere: 6371 * 0.09 * pi / 180 = 10.007 km.
    assert distance["C1"] == 0 and distance["M1"] == pytest.approx(10.007, abs=0.001) and distance["M2"] is None
    assert not members["is_partner"].any()


def test_an_alliance_outside_the_scope_returns_nothing(db):
    assert alliance.alliance_profile(Scope(alliances=["B"]), YEAR, alliance_id="A").is_empty()
    assert alliance.activity_ledger(Scope(counties=["330327"]), YEAR, alliance_id="A").is_empty()
    assert alliance.activity_ledger(Scope(alliances=["B"]), YEAR)["activity_id"].to_list() == ["B-01"]


def test_ledger_months_and_people(db):
    ledger = alliance.activity_ledger(EVERYTHING, YEAR, alliance_id="A")
    assert ledger["activity_id"].to_list() == ["A-07", "A-06", "A-05", "A-04", "A-03", "A-02", "A-01"]
    assert ledger.filter(pl.col("activity_id") == "A-01")["target_school_names"][0].to_list() == ["立岗村小", "洪广村小"]
    months = alliance.ledger_months(EVERYTHING, YEAR, alliance_id="A")
    assert months.height == 12                                           # September to August, empty months kept
    assert months["activities_n"].to_list() == [1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0]
    assert months["evidence_missing_n"].sum() == 2
    exchanges = alliance.alliance_exchanges(EVERYTHING, YEAR, alliance_id="A")
    # Both ends count: 2023-09-01..2024-01-20 is 30+31+30+31+20 = 142 days; 2024-02-20..06-30 is
    # 10+31+30+31+30 = 132 (2024 is a leap year).
    assert dict(zip(exchanges["exchange_id"], exchanges["days"], strict=True)) == {"E1": 142, "E2": 132}
    pairs = alliance.mentor_pairs(EVERYTHING, YEAR, alliance_id="A")
    rows = {r["pair_id"]: r for r in pairs.iter_rows(named=True)}
    assert (rows["P1"]["last_mentoring_date"], rows["P1"]["days_idle"], rows["P1"]["is_idle"]) == \
        (date(2024, 6, 20), 25, False)
    assert (rows["P2"]["last_mentoring_date"], rows["P2"]["days_idle"], rows["P2"]["is_idle"]) == (None, 299, True)
    assert [r["meets_target"] for r in (rows["P1"], rows["P2"])] == [True, False]


def test_brief_lists_each_material_item_with_its_figure(db):
    args = [f(EVERYTHING, YEAR, alliance_id="A") for f in (alliance.alliance_members, alliance.activity_ledger,
                                                           alliance.ledger_months, alliance.alliance_exchanges,
                                                           alliance.mentor_pairs)]
    items = brief.brief(*args, REFERENCE, sessions_target=5, idle_days=60)
    assert items == [
        "2 条活动记录没有佐证材料（占 28.6%），请现场索取：A-04、A-02。",                 # 2 / 7
        "本学期（2024年春季学期）以来，洪广村小 没有作为受援学校参加任何活动，也没有接收交流教师。",
        "2023年11月、2024年1月 没有任何活动记录。",
        "1 对师徒指导次数不足 5 次（最少 3 次）：P2。",
        "1 对师徒已超过 60 天没有指导记录：P2。",
    ]


def test_a_member_whose_gap_to_the_core_widened_significantly_is_named(db):
    rows = alliance_results.alliance_school_results(EVERYTHING.within_alliance("A"), YEAR, all_years=True)
    widened = brief.widened_gaps(rows)
    r = widened.row(0, named=True)
    assert widened.height == 1 and r["school_id"] == "M1"
    assert (r["first_term"], r["last_term"]) == ("2023秋", "2024春")
    assert r["first_gap"] == pytest.approx(10) and r["last_gap"] == pytest.approx(25) and r["significant"]
    assert brief.widened_gap_item(widened) == (
        "与核心校的均分差距显著扩大（95% 置信区间不含 0）：立岗村小 由 2023秋 的 10.0 个百分点扩大到 2024春 的 25.0 个百分点。")
    # The same widening inside its interval is not material: 1 point against a half-width of 1.85.
    assert brief.widened_gap_item(widened.with_columns(pl.lit(False).alias("significant"))) is None


def test_targets_behind_plan_come_from_the_alliance_rubric(db):
    catalogue = rules.catalogue()
    rubric = catalogue.rubrics[catalogue.rubric_for("640122", "co_build", False)]
    one = EVERYTHING.within_alliance("A")
    period = board.period_for_school_year(rubric.period, "2023-2024", board.offered_periods(one, YEAR, rubric))
    assessment = board.build(catalogue, rubric, one, YEAR, period).assessments["A"]
    behind = [i for i in assessment.items if not i.met and i.target is not None]
    text = brief.targets_behind_item(assessment, rubric)
    assert behind and text.startswith(f"按「{rubric.name}」，{len(behind)} 项指标未达标：")
    for item in behind:
        assert item.indicator.name in text
    # 集体教研: one record against helan.toml's 6 per member school x 2 members (M1, M2) = 12.
    research = assessment.item("research")
    assert (research.actual, research.target, research.met) == (1, 12, False)
    assert f"{research.indicator.name} 实际 1，目标 12" in text
    assert brief.targets_behind_item(None, rubric) is None


def test_brief_is_empty_when_nothing_is_material():
    empty = pl.DataFrame
    members = empty({"school_id": ["C1"], "name": ["城关一小"], "is_core": [True]})
    ledger = empty({"activity_id": ["x"], "has_evidence": [True], "activity_date": [date(2024, 3, 1)],
                    "target_school_ids": [["C1"]]})
    months = empty({"month_date": [date(2024, 3, 1)], "activities_n": [1]})
    exchanges = empty({"start_date": [date(2024, 3, 1)], "to_school_id": ["C1"]})
    pairs = empty({"pair_id": ["P"], "meets_target": [True], "is_idle": [False], "sessions": [5]})
    assert brief.brief(members, ledger, months, exchanges, pairs, REFERENCE, 5, 60) == []


def _app(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page("../pages/alliance.py")
    return at


def test_page_opens_by_query_parameter_and_keeps_the_view_in_the_url(db):
    at = _app(alliance="A", tab="brief", year="2023-2024").run()
    assert not at.exception
    assert at.selectbox(key="alliance_choice").value == "A"
    assert at.radio(key="alliance_tab").value == "brief"
    text = "\n".join(m.value for m in at.markdown)
    assert "2 条活动记录没有佐证材料（占 28\\.6%）" in text and "P2" in text
    assert at.query_params["alliance"] == "A" and at.query_params["tab"] == "brief"
    at.radio(key="alliance_tab").set_value("ledger").run()
    assert not at.exception and at.query_params["tab"] == "ledger"
    assert any("佐证完整率 71.4%" in c.value for c in at.caption)         # 5 of 7 records


def test_an_unknown_alliance_says_so_and_offers_the_list(db):
    at = _app(alliance="<b>Z9</b>", year="2023-2024", county="all").run()
    assert not at.exception
    assert any("没有找到编号为「" in w.value and "<b>" not in w.value.replace("\\<b\\>", "") for w in at.warning)
    assert set(at.selectbox(key="alliance_choice").options) >= {"贺兰城乡教共体（A）", "苍南协作体（B）"}


def test_targets_and_results_tabs_draw_from_the_rubric_and_the_gap_builders(db):
    at = _app(alliance="A", tab="targets", year="2023-2024").run()
    assert not at.exception
    assert any("考核结果" in m.value for m in at.markdown)
    at.radio(key="alliance_tab").set_value("results").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {trace.get("name") for trace in spec["data"]}
    assert {"核心校", "成员校"} <= names


def test_a_scope_narrowed_to_an_alliance_outside_it_sees_nothing(db):
    assert Scope(alliances=["B"]).within_alliance("A").alliances == ()
    assert alliance.activity_ledger(Scope(alliances=["B"]).within_alliance("A"), YEAR).is_empty()
    narrowed = Scope(counties=["640122"]).within_alliance("A")
    assert narrowed.counties == ("640122",) and narrowed.alliances == ("A",)
    assert alliance.activity_ledger(narrowed, YEAR)["alliance_id"].unique().to_list() == ["A"]


def test_links_to_the_detail_page_encode_the_id_and_open_the_county_filter():
    from dashboard.present.format import alliance_link

    assert alliance_link("A&1", "<b>x</b>", "2024-2025") == "/alliance?alliance=A%261&year=2024-2025&county=all#<b>x</b>"
    assert alliance_link("CN-01") == "/alliance?alliance=CN-01&county=all"
