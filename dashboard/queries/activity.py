"""Activity ledger figures: monthly counts (the ranking of alliances is the rubric's: rubric/board.py)."""

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
