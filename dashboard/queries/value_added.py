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
    """Grain: one row per school in view with a stream (grade x subject, narrowed by grade and
    subject) it sat in the selected school year and at least twice up to then (mart_school_stream).
    position = school mean minus its county's student-weighted mean for the same exam, in
    percentage points of full marks, at the stream's first exam and at its latest exam of the year;
    change = latest minus first; each averaged over the school's streams (each stream once).
    group is core (core school of an alliance at the year's reference date), member, or none (in no
    alliance); with a type chosen, schools in alliances of other types only are left out.
    streams_n streams, latest_n the fewest examinees at a latest exam."""
    sql = with_ctes(SCHOOL_VIEW, """
    roles as (
        select my.school_id, bool_or(my.role = 'core') as is_core
        from mart_membership_year as my
        inner join mart_alliance_year as ay using (school_year, alliance_id)
        where my.school_year = $school_year::varchar
          and ($alliance_type::varchar is null or ay.type = $alliance_type::varchar)
        group by my.school_id
    ),

    final as (
        select
            st.school_id,
            any_value(v.name) as name,
            any_value(v.county_code) as county_code,
            any_value(v.urban_rural) as urban_rural,
            any_value(case when r.is_core then 'core' when r.school_id is not null then 'member' else 'none' end)
                as "group",
            count(*) as streams_n,
            min(st.latest_n) as latest_n,
            avg(st.first_position) as first_position,
            avg(st.latest_position) as latest_position,
            avg(st.latest_position - st.first_position) as change
        from mart_school_stream as st
        inner join school_view as v on v.school_id = st.school_id and v.school_year = st.school_year
        left join roles as r on r.school_id = st.school_id
        where st.school_year = $school_year::varchar
          and st.exams_n >= 2
          and ($grade::integer is null or st.grade = $grade::integer)
          and ($subject::varchar is null or st.subject = $subject::varchar)
          -- With a type chosen, a school in alliances of other types only is neither group.
          and (r.school_id is not null or v.alliances_n = 0)
        group by st.school_id
    )""") + """
    select * from final order by school_id
    """
    return db.query(sql, params(scope, filters, grade=grade, subject=subject))
