"""Value-added (增值): each school's position against its county's mean at its first and latest
exam of the same grade and subject, and the change."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import SCHOOL_VIEW, params, with_ctes
from dashboard.scope import Scope


def school_value_added(scope: Scope, filters: Filters, *, grade: int | None = None,
                       subject: str | None = None) -> pl.DataFrame:
    """Grain: one row per school in view x grade x subject it sat at least twice up to the selected
    school year. position = school mean minus its county's student-weighted mean for the same exam
    (mart_exam_county), in percentage points of full marks, at the first and at the latest such
    exam; change = latest minus first. group is core (core school of an alliance at the latest
    exam's reference date), member, or none (in no alliance); with a type chosen, schools in
    alliances of other types only are left out. exams_n exams behind the pair."""
    sql = with_ctes(SCHOOL_VIEW, """
    sittings as (
        select
            se.school_id,
            se.grade,
            se.subject,
            se.exam_date,
            se.exam_id,
            se.school_year,
            se.n,
            se.mean_pct - ec.mean_pct as position
        from mart_school_exam as se
        inner join school_view as v on v.school_id = se.school_id and v.school_year = se.school_year
        inner join mart_exam_county as ec on ec.exam_id = se.exam_id and ec.county_code = v.county_code
        where se.school_year <= $school_year::varchar
          and ($grade::integer is null or se.grade = $grade::integer)
          and ($subject::varchar is null or se.subject = $subject::varchar)
    ),

    streams as (
        select
            school_id,
            grade,
            subject,
            count(*) as exams_n,
            arg_min(position, (exam_date, exam_id)) as first_position,
            arg_max(position, (exam_date, exam_id)) as latest_position,
            min(exam_date) as first_date,
            max(exam_date) as latest_date,
            arg_max(school_year, (exam_date, exam_id)) as latest_school_year,
            arg_max(n, (exam_date, exam_id)) as latest_n
        from sittings
        group by school_id, grade, subject
        having count(*) >= 2
    ),

    roles as (
        select school_year, school_id, bool_or(my.role = 'core') as is_core
        from mart_membership_year as my
        inner join mart_alliance_year as ay using (school_year, alliance_id)
        where $alliance_type::varchar is null or ay.type = $alliance_type::varchar
        group by school_year, school_id
    ),

    final as (
        select
            st.school_id,
            v.name,
            v.county_code,
            v.urban_rural,
            st.grade,
            st.subject,
            st.exams_n,
            st.first_date,
            st.latest_date,
            st.latest_n,
            st.first_position,
            st.latest_position,
            st.latest_position - st.first_position as change,
            case when r.is_core then 'core' when r.school_id is not null then 'member' else 'none' end as "group"
        from streams as st
        inner join school_view as v on v.school_id = st.school_id and v.school_year = st.latest_school_year
        left join roles as r on r.school_id = st.school_id and r.school_year = st.latest_school_year
        -- With a type chosen, a school in alliances of other types only is neither group.
        where r.school_id is not null or v.alliances_n = 0
    )""") + """
    select * from final order by school_id, grade, subject
    """
    return db.query(sql, params(scope, filters, grade=grade, subject=subject))
