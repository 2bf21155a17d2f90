"""Marts on a few input rows, loaded through the real loader; every expected row worked out by
hand below. Each test pins a rule a refactor of etl/sql/marts/ could quietly break (each was
proved to fail with the bug put in: joined < the reference date; the term's score sum as the
average of the exams' means times all examinees).

The input (county 640122 贺兰县, cap 4 schools per alliance):
  M1 城关小学 urban 111   core of B1 since 2021-09-01
  M2 立岗村小 rural 220   joins B1 on 2024-08-31, the reference date of 2023-2024
  M3 洪广村小 rural 220   joins B1 on 2024-09-01, the day after
  M4 金贵镇小 town  121   member of B1 since 2021-09-01, left on 2024-08-31 (its last day)
  B1 贺兰城关教共体 融合型
Activities of B1: 2023-2024: 25 synchronous classes, 6 research sessions; 2024-2025: 1 class.
Exams, both 2023-2024 term 1: X1 数学 full 100 (pass 60, excellent 85, low 40), X2 语文 full 120
(pass 72, excellent 102, low 48). M1 sits X1 with 1 student (100) and X2 with 3 (48, 60, 72).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.filters import Filters
from dashboard.queries import results
from dashboard.scope import EVERYTHING
from etl.load import load
from tests.etl.fixtures import HEADERS, query, write_set


def _row(table: str, **values: str) -> list[str]:
    return [values.get(h, "") for h in HEADERS[table]]


def _school(sid: str, name: str, town: str, code: str) -> list[str]:
    return _row("schools", school_id=sid, name=name, county_code="640122", county="贺兰县", town=town,
                stage="小学", urban_rural_code=code, students="100")


TABLES = {
    "schools": [_school("M1", "城关小学", "习岗镇", "111"), _school("M2", "立岗村小", "立岗镇", "220"),
                _school("M3", "洪广村小", "洪广镇", "220"), _school("M4", "金贵镇小", "金贵镇", "121")],
    "alliances": [_row("alliances", alliance_id="B1", name="贺兰城关教共体", type="融合型", cross_region="否",
                       core_school_id="M1", founded="2021", county_code="640122")],
    "members": [_row("members", alliance_id="B1", school_id="M1", role="核心校", joined="2021-09-01"),
                _row("members", alliance_id="B1", school_id="M2", role="成员校", joined="2024-08-31"),
                _row("members", alliance_id="B1", school_id="M3", role="成员校", joined="2024-09-01"),
                _row("members", alliance_id="B1", school_id="M4", role="成员校", joined="2021-09-01",
                     left="2024-08-31")],
    "activities": (
        [_row("activities", activity_id=f"C{i:02d}", alliance_id="B1", date="2023-10-10", type="同步课堂",
              host_school_id="M1", evidence_count="1") for i in range(25)]
        + [_row("activities", activity_id=f"R{i:02d}", alliance_id="B1", date="2023-11-10", type="集体教研",
                host_school_id="M1", evidence_count="1") for i in range(6)]
        + [_row("activities", activity_id="N01", alliance_id="B1", date="2024-10-10", type="同步课堂",
                host_school_id="M1", evidence_count="1")]),
    "exams": [_row("exams", exam_id="X1", name="2023学年第一学期数学", date="2024-01-10", school_year="2023-2024",
                   term="1", grade="4", subject="数学", full_score="100", pass_line="60", excellent_line="85",
                   low_line="40"),
              _row("exams", exam_id="X2", name="2023学年第一学期语文", date="2024-01-12", school_year="2023-2024",
                   term="1", grade="4", subject="语文", full_score="120", pass_line="72", excellent_line="102",
                   low_line="48")],
    "results": [_row("results", exam_id="X1", school_id="M1", student_id="P1", score="100")]
               + [_row("results", exam_id="X2", school_id="M1", student_id=f"Q{i}", score=s)
                  for i, s in enumerate(("48", "60", "72"))],
}


@pytest.fixture(scope="module")
def mart_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("marts")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ALLIANCE_SALT", "marts")
        report = load([write_set(folder / "in", TABLES)], folder / "db" / "alliance.duckdb")
    assert report.ok, report.format()
    return folder / "db" / "alliance.duckdb"


def test_membership_counts_the_joining_and_the_leaving_day(mart_db):
    got = set(query(mart_db, "select school_year, school_id from mart_membership_year where alliance_id = 'B1'"))
    assert got == {
        # 31 Aug 2023: M1 and M4 (M2 and M3 not yet joined).
        ("2022-2023", "M1"), ("2022-2023", "M4"),
        # 31 Aug 2024: M2 joined that very day and M4 left that very day: both members; M3 joins
        # the next day.
        ("2023-2024", "M1"), ("2023-2024", "M2"), ("2023-2024", "M4"),
        # 31 Aug 2025: M1 M2 M3; M4 gone.
        ("2024-2025", "M1"), ("2024-2025", "M2"), ("2024-2025", "M3"),
    }
    covered = dict(query(mart_db, """select school_id, is_covered from mart_school_year
                                     where school_year = '2023-2024'"""))
    assert covered == {"M1": True, "M2": True, "M3": False, "M4": True}


def test_alliance_year_counts_current_members_and_the_year_s_records(mart_db):
    got = {r[0]: r[1:] for r in query(mart_db, """
        select school_year, members_n, member_school_ids, activities_n, lessons_n, research_n
        from mart_alliance_year where alliance_id = 'B1'""")}
    # The 100 % cap of the former completion score is the rubric's proportional rule now
    # (tests/rubric/test_rules.py); the mart keeps the counts it is judged on.
    assert got == {
        "2022-2023": (2, ["M1", "M4"], 0, 0, 0),
        "2023-2024": (3, ["M1", "M2", "M4"], 31, 25, 6),     # 25 classes + 6 research sessions
        "2024-2025": (3, ["M1", "M2", "M3"], 1, 1, 0),
    }


def test_term_mean_is_weighted_by_examinees_across_exams(mart_db):
    rows = query(mart_db, """
        select school_id, school_year, term, exams_n, students_n, score_pct_sum, pass_n, pass_base_n,
               excellent_n, low_n
        from mart_school_term""")
    # X1: 1 student at 100 % of full marks; X2: 48, 60, 72 of 120 = 40 %, 50 %, 60 %, mean 50 %.
    # score_pct_sum = 100 x 1 + 50 x 3 = 250 over 4 examinees (mean 62.5 %); the average of the
    # two exams' means times the examinees would give (100 + 50) / 2 x 4 = 300 (mean 75 %).
    # Pass: 100 >= 60, 72 >= 72 -> 2 of 4. Excellent: 100 >= 85 -> 1. Low: none under 40 / 48.
    assert rows == [("M1", "2023-2024", 1, 2, 4, pytest.approx(250.0), 2, 4, 1, 0)]


def test_the_gap_query_reads_the_weighted_mean(mart_db, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(mart_db))
    gap = results.gap_by_term(EVERYTHING, Filters(school_year="2023-2024")).row(0, named=True)
    # 250 / 4 = 62.5 %; 2 of 4 pass.
    assert (gap["urban_rural"], gap["students_n"], gap["schools_n"]) == ("urban", 4, 1)
    assert gap["mean_pct"] == pytest.approx(62.5) and gap["pass_rate_pct"] == pytest.approx(50.0)
