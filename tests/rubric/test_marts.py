"""The rubric marts (etl/sql/marts/30-35) on the fixture's rows, expected rows worked out by hand."""

from __future__ import annotations

import os

import duckdb
import pytest


@pytest.fixture
def con(rubric_db):
    c = duckdb.connect(os.path.realpath(rubric_db), read_only=True)
    yield c
    c.close()


def test_records_carry_direction_months_and_periods(con):
    rows = con.sql("""
        select teacher_id, direction, months, year, school_year, term
        from mart_rubric_record where alliance_id in ('K1', 'X1') and record_kind = 'exchange'
        order by teacher_id, record_date""").fetchall()
    assert rows == [
        # T1 rotation 2024-09-01 -> 2025-07-10: 10 whole months; support 2025-02-20 -> 07-05: 4.
        ("T1", "core_to_member", 10, "2024", "2024-2025", "2024-2025/1"),
        ("T1", "core_to_member", 4, "2025", "2024-2025", "2024-2025/2"),
        ("T2", "core_to_member", 4, "2024", "2024-2025", "2024-2025/1"),     # 09-01 -> 01-20
        ("T3", "core_to_member", 4, "2024", "2024-2025", "2024-2025/1"),
        # Shadowing at the core: 1 Mar -> 1 Apr is 1 whole month, 1 Mar -> 31 Mar is 0.
        ("T81", "member_to_core", 1, "2025", "2024-2025", "2024-2025/2"),
        ("T82", "member_to_core", 0, "2025", "2024-2025", "2024-2025/2"),
        ("T9", "member_to_core", 1, "2024", "2024-2025", "2024-2025/1"),     # 10-01 -> 11-15
    ]


def test_counts_per_period_keep_distinct_teachers_and_subjects(con):
    got = con.sql("""
        select period_kind, period, sum(records_n), list_sort(flatten(list(subjects)))
        from mart_rubric_count
        where alliance_id = 'K1' and record_kind = 'activity' and record_type in ('sync_class', 'demo_lesson')
        group by all order by all""").fetchall()
    # 2023-2024: 4 语文 sync classes; 2024-2025: 10 语文 + 5 数学 sync, 3 语文 demo (subjects listed
    # once per count row: sync [数学, 语文], demo [语文]).
    assert ("school_year", "2023-2024", 4, ["语文"]) in got
    assert ("school_year", "2024-2025", 18, ["数学", "语文", "语文"]) in got
    assert ("term", "2024-2025/1", 15, ["数学", "语文"]) in got and ("term", "2024-2025/2", 3, ["语文"]) in got
    assert ("year", "2024", 15, ["数学", "语文"]) in got and ("year", "2025", 3, ["语文"]) in got


def test_periods_count_members_other_than_the_core(con):
    got = con.sql("""
        select alliance_id, members_n, core_teachers, survey_year from mart_rubric_period
        where period_kind = 'term' and period = '2024-2025/2' and alliance_id in ('S1', 'K1') order by 1""").fetchall()
    assert got == [("K1", 1, 50, 2025), ("S1", 2, 60, 2025)]


def test_surveys_use_the_alliance_s_own_when_it_has_one(con):
    got = con.sql("""
        select alliance_id, respondent, respondents_n, satisfied_n, source from mart_rubric_survey
        where alliance_id in ('X1', 'S1') and year = 2025 order by all""").fetchall()
    assert got == [
        ("S1", "parent", 180, 165, "schools"),       # 100 + 40 + 40 asked, 92 + 35 + 38 satisfied
        ("S1", "student", 100, 50, "schools"),
        ("S1", "teacher", 70, 65, "schools"),        # 50 + 10 + 10, 46 + 9 + 10
        ("X1", "parent", 200, 196, "alliance"),      # its own survey, not C8's 50 of 100
    ]


def test_results_are_student_weighted_with_value_added(con):
    row = con.sql("""
        select students_n, mean_pct, pass_rate_pct, low_rate_pct, joint_exams_n, va_schools_n, va_ok_n
        from mart_rubric_results where alliance_id = 'S1' and period_kind = 'term' and period = '2024-2025/2'
        """).fetchall()[0]
    # E1: 30 examinees, mean (78 + 66 + 66) / 3 = 70; pass 22/30; low 1/30; one joint exam;
    # Y2 standing -10 -> -4 (up), Y3 0 -> -4 (down): 2 members with a figure, 1 not falling.
    assert row == (30, pytest.approx(70.0), pytest.approx(100 * 22 / 30), pytest.approx(100 / 30), 1, 2, 1)
