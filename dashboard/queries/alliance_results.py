"""Joint-exam results inside alliances: each member school against its core school, and each
alliance's activity beside its results. Figures are sums that dashboard.stats and
present.gaps turn into student-weighted means and rates."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import ALLIANCE_VIEW, params, with_ctes
from dashboard.queries.results import _school_term_sums
from dashboard.scope import Scope


def alliance_school_results(scope: Scope, filters: Filters, *, exam_id: str | None = None,
                            grade: int | None = None, subject: str | None = None, term: int | None = None,
                            all_years: bool = False) -> pl.DataFrame:
    """Grain: one row per alliance in view x school in view that is its core or member at the school
    year's reference date x school year x term, summed over the chosen exams (as
    results.school_results): alliance_id, alliance_name, core_school_id, school_id, name, role
    (core | member), students_n sittings, pct_sum (scores in % of full marks, summed), pass_n with
    pass_base_n. A core school outside the viewer's scope or sitting no exam of the county (a
    cross-region partner) has no row."""
    sql = with_ctes(*_school_term_sums(exam_id, grade, subject), ALLIANCE_VIEW, """
    final as (
        select
            av.alliance_id,
            av.name as alliance_name,
            av.core_school_id,
            ps.*,
            my.role
        from school_term_sums as ps
        inner join mart_membership_year as my on my.school_id = ps.school_id and my.school_year = ps.school_year
        inner join alliance_view as av on av.alliance_id = my.alliance_id and av.school_year = ps.school_year
    )""") + """
    select * from final order by alliance_id, school_year, term, role, school_id
    """
    return db.query(sql, params(scope, filters, exam_id=exam_id, grade=grade, subject=subject, term=term,
                                all_years=all_years))


def alliance_activity(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per alliance in view x school year up to the selected one: activities_n
    (activity records dated in the year, from the activity ledger), members_n (schools that are
    members at the reference date, the core included when it is a member), core_school_id."""
    sql = with_ctes(ALLIANCE_VIEW, """
    final as (
        select alliance_id, name as alliance_name, type, core_school_id, school_year, activities_n,
               members_n, has_core_member
        from alliance_view
        where school_year <= $school_year::varchar
    )""") + """
    select * from final order by alliance_id, school_year
    """
    return db.query(sql, params(scope, filters))
