"""Activity ledger figures: monthly counts and the interim completion ranking of alliances."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import ALLIANCE_VIEW, params, with_ctes
from dashboard.scope import Scope


def monthly_activity(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per calendar month x activity group (lessons = sync class + demo lesson,
    research = joint research, other) of the selected school year; activities_n counts activity
    records of alliances in view."""
    sql = with_ctes(ALLIANCE_VIEW, """
    final as (
        select
            m.month_date,
            case when m.activity_type in ('sync_class', 'demo_lesson') then 'lessons'
                 when m.activity_type = 'joint_research' then 'research'
                 else 'other' end as activity_group,
            sum(m.activities_n)::bigint as activities_n
        from mart_activity_month as m
        inner join alliance_view as v on v.alliance_id = m.alliance_id and v.school_year = m.school_year
        where m.school_year = $school_year::varchar
        group by all
    )""") + """
    select * from final order by month_date, activity_group
    """
    return db.query(sql, params(scope, filters))


def alliance_ranking(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per alliance in view with members in the selected school year (none for a
    year before any dated record), best first.
    completion_pct: interim activity-completion score in % (lessons and research each counted as
    actual/target capped at 100 %, averaged; each alliance counts once; not the rubric score)."""
    sql = with_ctes(ALLIANCE_VIEW, """
    final as (
        select
            alliance_id, name, type, cross_region, members_n,
            lessons_n, lessons_target_n, research_n, research_target_n, completion_pct,
            rank() over (order by completion_pct desc) as completion_rank
        from alliance_view
        where school_year = $school_year::varchar and members_n > 0
          -- A year before any record was reported ranks nobody: everyone would be at 0 %.
          and exists (select 1 from mart_school_years as y where y.school_year = $school_year::varchar
                      and y.has_records)
    )""") + """
    select * from final order by completion_pct desc, alliance_id
    """
    return db.query(sql, params(scope, filters))
