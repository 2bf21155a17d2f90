"""Query functions against the hand-made database: every expected figure is worked out by hand
from the rows in fixture_db.py (see its docstring for the cast)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dashboard.filters import Filters
from dashboard.labels import overview as LO
from dashboard.present import cards
from dashboard.queries import activity, coverage, headline, options, results
from dashboard.scope import EVERYTHING, Scope
from rubric import board as rubric_board
from tests.dashboard.fixture_db import ESCAPE_NAME

CURRENT = Filters(school_year="2024-2025")
HELAN = Filters(school_year="2024-2025", county="640122")


@pytest.fixture(autouse=True)
def _db(fixture_path):
    return fixture_path


def _by(df, key):
    return {r[key]: r for r in df.iter_rows(named=True)}


def test_filter_options_list_what_the_data_holds():
    df = options.filter_options(EVERYTHING)
    got = {(k, v) for k, v in df.select("kind", "value").iter_rows()}
    assert got == {
        ("county", "330327"), ("county", "640122"),
        # Records are dated 2023-2024 and 2024-2025; memberships had begun by 31 Aug 2023, so
        # 2022-2023 is there too, as the first records' year of comparison.
        ("school_year", "2022-2023"), ("school_year", "2023-2024"), ("school_year", "2024-2025"),
        ("stage", "junior"), ("stage", "primary"),
        ("alliance_type", "co_build"), ("alliance_type", "collaborative"), ("alliance_type", "fusion"),
    }
    assert dict(df.filter(df["kind"] == "county").select("value", "label").iter_rows()) == {
        "330327": "苍南县", "640122": "贺兰县"}


def test_headline_coverage_is_school_counted():
    rows = _by(headline.headline_figures(EVERYTHING, CURRENT), "period")
    now, before = rows["current"], rows["previous"]
    assert now["school_year"] == "2024-2025" and before["school_year"] == "2023-2024"
    # Current (31 Aug 2025): A1 = S1 S3 S4 S5 S7, A2 = S4 S5, A3 = S8 S9 -> 7 of 9 schools
    # covered (S2 and S6 are not). Previous (31 Aug 2024): S7 had not joined -> 6.
    assert (now["schools_n"], now["covered_schools_n"]) == (9, 7)
    assert before["covered_schools_n"] == 6
    # Rural schools: S4 S5 S6 S7 S9. Covered now: S4 S5 S7 S9 = 4/5 = 80 %; before 3/5 = 60 %.
    assert (now["rural_schools_n"], now["covered_rural_schools_n"]) == (5, 4)
    assert now["rural_coverage_pct"] == pytest.approx(80.0)
    assert before["rural_coverage_pct"] == pytest.approx(60.0)
    assert (now["alliances_n"], before["alliances_n"]) == (3, 3)


def test_headline_first_year_has_no_previous_figures():
    rows = _by(headline.headline_figures(EVERYTHING, Filters(school_year="2022-2023")), "period")
    now, before = rows["current"], rows["previous"]
    # 31 Aug 2023: A1 = S1 S3 S4 S5, A2 = S4 S5 (S3 left on 30 Jun 2023), A3 = S8 S9 -> 6 covered.
    assert (now["schools_n"], now["covered_schools_n"], now["alliances_n"]) == (9, 6, 3)
    # 2022-2023 holds memberships but no dated record: its activity is unreported, not zero.
    assert now["lessons_n"] is None and now["lessons_met_pct"] is None and now["exchanges_n"] is None
    shown = {c.label: c for c in cards.headline_cards(headline.headline_figures(EVERYTHING,
                                                                             Filters(school_year="2022-2023")))}
    assert shown[LO.METRIC_LESSONS].value == "—" and shown[LO.METRIC_LESSONS].caption == LO.CAPTION_NO_RECORDS
    assert rubric_board.overview(EVERYTHING, Filters(school_year="2022-2023")) is None
    later = _by(headline.headline_figures(EVERYTHING, Filters(school_year="2023-2024")), "period")["previous"]
    assert later["covered_schools_n"] == 6 and later["research_met_pct"] is None
    # 2021-2022 is before the data: unknown, not zero, so no change is claimed against it.
    assert before["school_year"] == "2021-2022"
    assert all(before[c] is None for c in ("schools_n", "covered_schools_n", "alliances_n", "lessons_n",
                                           "rural_coverage_pct", "exchanges_n"))


def test_headline_activities_against_targets():
    rows = _by(headline.headline_figures(EVERYTHING, CURRENT), "period")
    now, before = rows["current"], rows["previous"]
    # Targets come from each alliance's rubric (data/rubrics/assign.toml), per member school other
    # than the core: A1 and A2 Helan (8 lessons, 6 research a member), A3 Cangnan cross-region (10, 10).
    # Lessons now: A1 3 sync + 2 demo = 5, A3 10 demo -> 15; targets 8 x 4 (A1: S3 S4 S5 S7) + 8 x 2
    # (A2: S4 S5) + 10 (A3: S9) = 58; only A3 meets its target -> 1 of 3 alliances.
    assert (now["lessons_n"], now["lessons_target_n"], now["lessons_met_alliances_n"]) == (15, 58, 1)
    assert now["lessons_met_pct"] == pytest.approx(100 / 3)
    # Research now: A1 2 + A3 4 = 6; targets 6 x 4 + 6 x 2 + 10 = 46; nobody meets it.
    assert (now["research_n"], now["research_target_n"], now["research_met_alliances_n"]) == (6, 46, 0)
    # Previous: A1 held 20 sync classes and 12 research sessions against 8 x 3 = 24 and 6 x 3 = 18
    # (S7 had not joined), A3 2 demo lessons, A2 1 research session: nobody meets a target.
    assert (before["lessons_n"], before["lessons_met_alliances_n"]) == (22, 0)
    assert (before["research_n"], before["research_met_alliances_n"]) == (13, 0)
    # Exchange records (person-times): X1 X2 X3 now, X4 before.
    assert (now["exchanges_n"], before["exchanges_n"]) == (3, 1)


def test_headline_gap_is_student_weighted():
    rows = _by(headline.headline_figures(EVERYTHING, CURRENT), "period")
    now, before = rows["current"], rows["previous"]
    # Mean in % of full marks, every examinee once:
    #   urban: E1 S1 4 x 75 %, E1 S2 (summary) 2 x 50 %, E2 S1 2 x 85 % (108, 96 of 120; S1's
    #          own E2 summary is ignored because its per-student rows exist) -> 570 / 8 = 71.25 %
    #   rural: E1 S4 3 x 50 %, E1 S5 2 x 50 %, E2 S4 4 x 47.5 % -> 440 / 9 = 48.888... %
    # A school-weighted mean would give urban (75 + 50 + 85) / 3 = 70 % instead.
    assert now["gap_mean_pct"] == pytest.approx(71.25 - 440 / 9)
    # Pass: urban 4 + 1 + 2 = 7 of 8 = 87.5 %; rural 1 (S4: 70) + 1 (S5: 60) + 1 (S4: 84 >= 72)
    # = 3 of 9 = 33.3 % -> gap 54.17 points.
    assert now["gap_pass_rate_pct"] == pytest.approx(87.5 - 100 / 3)
    # Previous (E0): urban S1 75 %, pass 2/2; rural S4 45 %, pass 1/4 -> gaps 30 and 75 points.
    assert before["gap_mean_pct"] == pytest.approx(30.0)
    assert before["gap_pass_rate_pct"] == pytest.approx(75.0)


def test_headline_follows_filters():
    # 苍南县 only: S8 S9, both in A3; no exams there.
    rows = _by(headline.headline_figures(EVERYTHING, Filters(school_year="2024-2025", county="330327")), "period")
    now = rows["current"]
    assert (now["schools_n"], now["covered_schools_n"], now["alliances_n"]) == (2, 2, 1)
    assert now["gap_mean_pct"] is None
    # 共建型 only: covered = members of A2 (S4 S5). Helan's rural schools S4 S5 S6 S7 -> 2/4.
    rows = _by(headline.headline_figures(EVERYTHING, Filters(school_year="2024-2025", county="640122",
                                                            alliance_type="co_build")), "period")
    assert rows["current"]["covered_rural_schools_n"] == 2
    assert rows["current"]["rural_coverage_pct"] == pytest.approx(50.0)
    # 初中 only: S2, not covered.
    rows = _by(headline.headline_figures(EVERYTHING, Filters(school_year="2024-2025", stage="junior")), "period")
    assert (rows["current"]["schools_n"], rows["current"]["covered_schools_n"]) == (1, 0)


def test_scope_is_applied_in_sql():
    rows = _by(headline.headline_figures(Scope(counties=["330327"]), CURRENT), "period")
    assert (rows["current"]["schools_n"], rows["current"]["alliances_n"]) == (2, 1)
    rows = _by(headline.headline_figures(Scope(alliances=["A2"]), CURRENT), "period")
    # Schools in A2 now: S4 S5; alliances visible: A2 only.
    assert (rows["current"]["schools_n"], rows["current"]["alliances_n"]) == (2, 1)
    rows = _by(headline.headline_figures(Scope(schools=["S9"]), CURRENT), "period")
    assert (rows["current"]["schools_n"], rows["current"]["alliances_n"]) == (1, 1)


def test_monthly_activity():
    df = activity.monthly_activity(EVERYTHING, CURRENT)
    got = {(r["month_date"], r["activity_group"]): r["activities_n"] for r in df.iter_rows(named=True)}
    assert got == {
        (dt.date(2024, 10, 1), "lessons"): 3,
        (dt.date(2024, 11, 1), "lessons"): 2,
        (dt.date(2024, 11, 1), "research"): 2,
        (dt.date(2025, 3, 1), "other"): 1,       # principal forum
        (dt.date(2025, 4, 1), "lessons"): 10,
        (dt.date(2025, 5, 1), "research"): 4,
    }
    fusion = activity.monthly_activity(EVERYTHING, Filters(school_year="2024-2025", alliance_type="fusion"))
    assert fusion["activities_n"].sum() == 8   # A1 only


def test_gap_by_term():
    df = results.gap_by_term(EVERYTHING, CURRENT)
    got = {(r["school_year"], r["term"], r["urban_rural"]): (r["students_n"], round(r["mean_pct"], 3),
                                                              round(r["pass_rate_pct"], 3))
           for r in df.iter_rows(named=True)}
    assert got == {
        ("2023-2024", 2, "urban"): (2, 75.0, 100.0),
        ("2023-2024", 2, "rural"): (4, 45.0, 25.0),
        ("2024-2025", 1, "urban"): (6, 66.667, 83.333),   # (300 + 100) / 6; 5 of 6 pass
        ("2024-2025", 1, "town"): (1, 80.0, 100.0),
        ("2024-2025", 1, "rural"): (5, 50.0, 40.0),       # S4 50, 30, 70; S5 40, 60
        ("2024-2025", 2, "urban"): (2, 85.0, 100.0),
        ("2024-2025", 2, "rural"): (4, 47.5, 25.0),
    }
    previous_only = results.gap_by_term(EVERYTHING, Filters(school_year="2023-2024"))
    assert set(previous_only["school_year"]) == {"2023-2024"}


def test_overview_ranking_is_the_rubric_score():
    # The interim completion ranking (and its 100 % cap, now tested on the rubric's proportional
    # rule in tests/rubric/) gave way to the rubric most alliances in view fall under: Helan's.
    b = rubric_board.overview(EVERYTHING, CURRENT)
    assert b.rubric.id == "helan" and b.period == "2024-2025"
    assert set(b.ranking["alliance_id"]) == {"A1", "A2"}
    assert (b.ranking["score"] <= b.rubric.max_points).all()


def test_coverage_by_town():
    df = coverage.coverage_by_town(EVERYTHING, HELAN)
    got = {r["town"]: (r["covered_schools_n"], r["schools_n"]) for r in df.iter_rows(named=True)}
    assert got == {"习岗镇": (1, 2), "金贵镇": (1, 1), "立岗镇": (1, 1), "洪广镇": (1, 1),
                   "常信乡": (0, 1), "暖泉农场": (1, 1)}
    assert _by(df, "town")["习岗镇"]["coverage_pct"] == pytest.approx(50.0)
    # Rural schools (code 2xx): S4 立岗镇, S5 洪广镇, S6 常信乡 (uncovered), S7 暖泉农场; S1 S2 are
    # urban and S3 town, so 习岗镇 and 金贵镇 hold none. The bar colour rests on these two counts.
    rural = {r["town"]: (r["covered_rural_schools_n"], r["rural_schools_n"]) for r in df.iter_rows(named=True)}
    assert rural == {"习岗镇": (0, 0), "金贵镇": (0, 0), "立岗镇": (1, 1), "洪广镇": (1, 1),
                     "常信乡": (0, 1), "暖泉农场": (1, 1)}
    previous = _by(coverage.coverage_by_town(EVERYTHING, Filters(school_year="2023-2024", county="640122")), "town")
    assert previous["暖泉农场"]["covered_schools_n"] == 0   # S7 joined A1 on 2024-10-01


def test_coverage_by_alliance_type():
    got = {r["alliance_type"]: (r["covered_schools_n"], r["schools_n"])
           for r in coverage.coverage_by_alliance_type(EVERYTHING, CURRENT).iter_rows(named=True)}
    # A school in two alliances counts under both types, once under "any".
    assert got == {"fusion": (5, 9), "co_build": (2, 9), "collaborative": (2, 9), "any": (7, 9)}
    only = coverage.coverage_by_alliance_type(EVERYTHING, Filters(school_year="2024-2025", alliance_type="co_build"))
    assert only["alliance_type"].to_list() == ["co_build", "any"]
    # "any" stays any type under the type filter: the co-build bar is read against all 7 covered.
    assert only["covered_schools_n"].to_list() == [2, 7]


def test_uncovered_schools_rural_first():
    df = coverage.uncovered_schools(EVERYTHING, CURRENT)
    assert df["school_id"].to_list() == ["S6", "S2"]
    previous = coverage.uncovered_schools(EVERYTHING, Filters(school_year="2023-2024"))
    assert previous["school_id"].to_list() == ["S6", "S7", "S2"]


def test_school_map_points():
    df = coverage.school_map_points(EVERYTHING, CURRENT)
    s6 = _by(df, "school_id")["S6"]
    assert s6["name"] == ESCAPE_NAME            # text as stored; the tooltip escapes it
    assert s6["status"] == "uncovered_rural"
    status = dict(df.select("school_id", "status").iter_rows())
    assert status["S2"] == "uncovered" and status["S1"] == "fusion" and status["S9"] == "collaborative"


def test_structure_checks():
    df = coverage.structure_checks(EVERYTHING, CURRENT)
    got = sorted((r["problem"], r["alliance_id"], r["school_id"], r["value_n"], r["limit_n"])
                 for r in df.iter_rows(named=True))
    assert got == sorted([
        ("size_cap", "A1", None, 5, 4),             # Helan caps a group at 4 schools
        ("core_not_member", "A2", "S2", 2, None),
        ("multi_alliance", None, "S4", 2, None),
        ("multi_alliance", None, "S5", 2, None),
        ("no_activity", "A2", None, 2, None),
    ])
    # S4 and S5 are in A1 (fusion) and A2 (co-build): listed under either type, not under collaborative.
    for alliance_type, schools in (("fusion", {"S4", "S5"}), ("collaborative", set())):
        typed = coverage.structure_checks(EVERYTHING, Filters(school_year="2024-2025", alliance_type=alliance_type))
        assert set(typed.filter(typed["problem"] == "multi_alliance")["school_id"]) == schools
    previous = coverage.structure_checks(EVERYTHING, Filters(school_year="2023-2024"))
    # Before S7 joined A1 had 4 schools (at the cap, not over it); A2 held one research session.
    assert set(previous["problem"]) == {"core_not_member", "multi_alliance"}


def test_gap_cards_say_why_a_gap_is_missing():
    df = headline.headline_figures(EVERYTHING, CURRENT)
    shown = {c.label: c for c in cards.headline_cards(df)}
    assert shown[LO.METRIC_GAP_PASS].caption == LO.CAPTION_GAP
    no_pass = df.with_columns(pl.when(pl.col("period") == "current").then(None)
                              .otherwise(pl.col("gap_pass_rate_pct")).alias("gap_pass_rate_pct"))
    shown = {c.label: c for c in cards.headline_cards(no_pass)}
    assert shown[LO.METRIC_GAP_PASS].caption == LO.CAPTION_GAP_NO_PASS      # the mean gap is known
    none = no_pass.with_columns(pl.lit(None, pl.Float64).alias("gap_mean_pct"))
    assert {c.label: c for c in cards.headline_cards(none)}[LO.METRIC_GAP_MEAN].caption == LO.CAPTION_GAP_NO_EXAMS
