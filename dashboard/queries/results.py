"""Joint-exam results: the urban-rural gap. Exam figures are student-weighted unless a
function says otherwise: every examinee counts once, whichever school."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import SCHOOL_VIEW, TERM_VIEW, params, with_ctes
from dashboard.scope import Scope


def gap_by_term(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per term x urban_rural (urban | town | rural) up to the selected school year.
    mean_pct: mean score in % of full marks; pass_rate_pct: % of examinees at or above the pass
    line; both student-weighted over all exams of the term; students_n exam sittings (a student
    in three subjects counts three), schools_n schools."""
    sql = with_ctes(SCHOOL_VIEW, TERM_VIEW, """
    final as (
        select
            school_year,
            term,
            urban_rural,
            sum(students_n)::bigint as students_n,
            count(*) as schools_n,
            sum(score_pct_sum) / sum(students_n) as mean_pct,
            100.0 * sum(pass_n) / sum(pass_base_n) as pass_rate_pct
        from term_view
        where school_year <= $school_year::varchar
        group by school_year, term, urban_rural
    )""") + """
    select * from final order by school_year, term, urban_rural
    """
    return db.query(sql, params(scope, filters))


# Exams of schools in view, as mart_school_exam rows with the school's category: the page's own
# filters ($exam_id, $grade, $subject, $term) narrow them; with $all_years every school year up to
# the selected one, else the selected year only. With a type chosen, only members of that type.
SCHOOL_EXAM_VIEW = """
school_exam_view as (
    select se.*, v.name, v.county_code, v.urban_rural
    from mart_school_exam as se
    inner join school_view as v on v.school_id = se.school_id and v.school_year = se.school_year
    where ($alliance_type::varchar is null or v.is_covered_view)
      and (se.school_year = $school_year::varchar
           or ($all_years::boolean and se.school_year < $school_year::varchar))
      and ($exam_id::varchar is null or se.exam_id = $exam_id::varchar)
      and ($grade::integer is null or se.grade = $grade::integer)
      and ($subject::varchar is null or se.subject = $subject::varchar)
      and ($term::integer is null or se.term = $term::integer)
)"""

# Sums over a group of mart_school_exam rows that roll up further (stats.per_school, stats.group).
EXAM_SUMS = """
    count(*) as exams_n,
    sum(n)::bigint as students_n,
    sum(pct_sum) as pct_sum,
    -- Known only when every sitting is a per-student row: a summary has no sum of squares.
    case when bool_and(source = 'student') then sum(pct_sq_sum) end as pct_sq_sum,
    sum(score_sum) as score_sum,
    min(full_score) as full_score_min,
    max(full_score) as full_score_max,
    case when bool_and(source = 'student') then 'student'
         when bool_and(source = 'school') then 'school' else 'mixed' end as source,
    coalesce(sum(pass_n), 0)::bigint as pass_n,
    coalesce(sum(n) filter (where pass_n is not null), 0)::bigint as pass_base_n,
    coalesce(sum(excellent_n), 0)::bigint as excellent_n,
    coalesce(sum(n) filter (where excellent_n is not null), 0)::bigint as excellent_base_n,
    coalesce(sum(low_n), 0)::bigint as low_n,
    coalesce(sum(n) filter (where low_n is not null), 0)::bigint as low_base_n"""


# The same sums per school x school year x term from mart_school_term, read instead of the exam-level
# rows when no exam, grade or subject is chosen (a tenth of the rows at province scale).
SCHOOL_TERM_SUMS_VIEW = """
school_term_sums as (
    select
        t.school_id,
        v.name,
        v.county_code,
        v.urban_rural,
        t.school_year,
        t.term,
        t.exams_n,
        t.students_n::bigint as students_n,
        t.score_pct_sum as pct_sum,
        t.pct_sq_sum,
        t.score_sum,
        t.full_score_min,
        t.full_score_max,
        t.source,
        coalesce(t.pass_n, 0)::bigint as pass_n,
        coalesce(t.pass_base_n, 0)::bigint as pass_base_n,
        coalesce(t.excellent_n, 0)::bigint as excellent_n,
        coalesce(t.excellent_base_n, 0)::bigint as excellent_base_n,
        coalesce(t.low_n, 0)::bigint as low_n,
        coalesce(t.low_base_n, 0)::bigint as low_base_n
    from mart_school_term as t
    inner join school_view as v on v.school_id = t.school_id and v.school_year = t.school_year
    where ($alliance_type::varchar is null or v.is_covered_view)
      and (t.school_year = $school_year::varchar
           or ($all_years::boolean and t.school_year < $school_year::varchar))
      and ($term::integer is null or t.term = $term::integer)
)"""

# The exam-level rows summed per school x school year x term.
SCHOOL_EXAM_SUMS_VIEW = """
school_term_sums as (
    select school_id, any_value(name) as name, any_value(county_code) as county_code,
           any_value(urban_rural) as urban_rural, school_year, term,""" + EXAM_SUMS + """
    from school_exam_view
    group by school_id, school_year, term
)"""


def _school_term_sums(exam_id, grade, subject) -> tuple[str, ...]:
    """The CTEs that define school_term_sums (one row per school in view x school year x term over
    the chosen exams): from mart_school_term when no exam, grade or subject narrows them."""
    if exam_id is None and grade is None and subject is None:
        return (SCHOOL_VIEW, SCHOOL_TERM_SUMS_VIEW)
    return (SCHOOL_VIEW, SCHOOL_EXAM_VIEW, SCHOOL_EXAM_SUMS_VIEW)


def _exam_params(scope: Scope, filters: Filters, exam_id, grade, subject, term, all_years) -> dict:
    return params(scope, filters, exam_id=exam_id, grade=grade, subject=subject, term=term,
                  all_years=all_years)


def exam_choices(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per exam sat by a school in view in the selected school year: exam_id, name,
    county_code, term, grade, subject, full_score, schools_n, students_n (sittings), the exam
    and its sitting count as the page's filters offer them."""
    sql = with_ctes(SCHOOL_VIEW, SCHOOL_EXAM_VIEW, """
    final as (
        select
            exam_id,
            any_value(exam_name) as name,
            min(county_code) as county_code,
            any_value(exam_date) as exam_date,
            any_value(term) as term,
            any_value(grade) as grade,
            any_value(subject) as subject,
            any_value(full_score) as full_score,
            count(*) as schools_n,
            sum(n)::bigint as students_n
        from school_exam_view
        group by exam_id
    )""") + """
    select * from final order by term, grade, subject, county_code, exam_id
    """
    return db.query(sql, _exam_params(scope, filters, None, None, None, None, False))


def school_results(scope: Scope, filters: Filters, *, exam_id: str | None = None, grade: int | None = None,
                   subject: str | None = None, term: int | None = None, all_years: bool = False) -> pl.DataFrame:
    """Grain: one row per school in view x school year x term, summed over the chosen exams (one exam,
    or all exams of the year narrowed by grade / subject / term; with all_years every year up to the
    selected one). Sufficient statistics, not figures: students_n sittings, pct_sum and pct_sq_sum
    (scores in % of full marks, summed, and their squares, null unless every sitting is a
    per-student row), score_sum (raw), counts at each line (pass_n ...) with the sittings they were
    counted over (pass_base_n ...), source student | school | mixed. dashboard.stats rolls them up
    student-weighted or school-weighted."""
    sql = with_ctes(*_school_term_sums(exam_id, grade, subject), """
    final as (
        select * from school_term_sums
    )""") + """
    select * from final order by school_year, term, school_id
    """
    return db.query(sql, _exam_params(scope, filters, exam_id, grade, subject, term, all_years))


def category_term_sums(scope: Scope, filters: Filters, *, exam_id: str | None = None, grade: int | None = None,
                       subject: str | None = None, term: int | None = None,
                       all_years: bool = True) -> pl.DataFrame:
    """Grain: one row per school year x term x urban_rural (urban | town | rural) of schools in view
    up to the selected year (the selected year only without all_years): additive sufficient
    statistics over the schools' rows of that term (see dashboard.stats.sums), from which
    stats.gap_over_terms computes both weightings and their intervals without school rows.
    Each school counts once per term; students_n are exam sittings."""
    rates = ",\n".join(
        f"""            sum({r}_n)::bigint as {r}_n,
            sum({r}_base_n)::bigint as {r}_base_n,
            count(*) filter (where {r}_base_n > 0) as {r}_k,
            coalesce(sum(100.0 * {r}_n / {r}_base_n) filter (where {r}_base_n > 0), 0) as {r}_rate_sum,
            coalesce(sum((100.0 * {r}_n / {r}_base_n) ** 2) filter (where {r}_base_n > 0), 0) as {r}_rate_sq_sum"""
        for r in ("pass", "excellent", "low"))
    sql = with_ctes(*_school_term_sums(exam_id, grade, subject), """
    final as (
        select
            school_year,
            term,
            urban_rural,
            count(*) as schools_n,
            sum(students_n)::bigint as students_n,
            sum(pct_sum) as pct_sum,
            -- Known only when every school's is.
            case when bool_and(pct_sq_sum is not null) then sum(pct_sq_sum) end as pct_sq_sum,
            sum(score_sum) as score_sum,
            min(full_score_min) as full_score_min,
            max(full_score_max) as full_score_max,
            bool_and(source = 'student') as students_known,
            sum(pct_sum / students_n) as mean_sum,
            sum((pct_sum / students_n) ** 2) as mean_sq_sum,
            sum(score_sum / students_n) as score_mean_sum,
            sum(students_n::double * students_n) as w2,
            sum(students_n * pct_sum) as w2m,
            sum(pct_sum * pct_sum) as w2m2,
""" + rates + """
        from school_term_sums
        where students_n > 0
        group by school_year, term, urban_rural
    )""") + """
    select * from final order by school_year, term, urban_rural
    """
    return db.query(sql, _exam_params(scope, filters, exam_id, grade, subject, term, all_years))
