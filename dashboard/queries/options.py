"""Choices offered by the global filters, within the viewer's scope."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import ALLIANCE_VIEW, SCHOOL_VIEW, params, with_ctes
from dashboard.scope import Scope


def filter_options(scope: Scope) -> pl.DataFrame:
    """Grain: one row per selectable value (kind = county | school_year | stage | alliance_type);
    label is the county name from the data (codes are labelled by etl.codes); schools_n counts the
    county's schools (school-counted, one school year), null for the other kinds; has_results says
    whether a school year has joint-exam results in view (null for the other kinds)."""
    sql = with_ctes(SCHOOL_VIEW, ALLIANCE_VIEW) + """
    select 'county' as kind, county_code as value, max(county) as label,
           count(distinct school_id) as schools_n, null::boolean as has_results
    from school_view group by county_code
    union all
    select 'school_year', v.school_year, v.school_year, null,
           bool_or(t.school_id is not null)
    from school_view as v
    left join mart_school_term as t on t.school_id = v.school_id and t.school_year = v.school_year
    group by v.school_year
    union all
    select distinct 'stage', stage, stage, null, null from school_view
    union all
    select distinct 'alliance_type', type, type, null, null from alliance_view
    order by kind, value
    """
    return db.query(sql, params(scope, Filters()))
