"""Coverage of schools by alliances: by town, by alliance type, on the map, the uncovered
schools, and structure checks against the configured county rules. Counts are of schools."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import ALLIANCE_VIEW, SCHOOL_VIEW, params, with_ctes
from dashboard.scope import Scope
from etl.settings import COUNTY_RULES


def coverage_by_town(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per county x town in the selected school year. Counts schools (not
    students); coverage_pct = covered schools in % of schools, school-counted."""
    sql = with_ctes(SCHOOL_VIEW, """
    final as (
        select
            county_code,
            max(county) as county,
            coalesce(town, '') as town,
            count(*) as schools_n,
            count(*) filter (where is_covered_view) as covered_schools_n,
            count(*) filter (where urban_rural = 'rural') as rural_schools_n,
            count(*) filter (where urban_rural = 'rural' and is_covered_view) as covered_rural_schools_n,
            100.0 * count(*) filter (where is_covered_view) / count(*) as coverage_pct
        from school_view
        where school_year = $school_year::varchar
        group by county_code, coalesce(town, '')
    )""") + """
    select * from final order by coverage_pct, county_code, town
    """
    return db.query(sql, params(scope, filters))


def coverage_by_alliance_type(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per alliance type plus one row 'any' in the selected school year. Counts
    schools (not students) in view that are current members of an alliance of that type ('any':
    of any type, even when a type is selected); coverage_pct in % of all schools in view,
    school-counted."""
    sql = with_ctes(SCHOOL_VIEW, """
    in_year as (
        select * from school_view where school_year = $school_year::varchar
    )""", """
    types as (
        select distinct unnest(alliance_types) as alliance_type from in_year
    )""", """
    final as (
        select
            t.alliance_type,
            (select count(*) from in_year) as schools_n,
            count(y.school_id) as covered_schools_n
        from types as t
        left join in_year as y on list_contains(y.alliance_types, t.alliance_type)
        where $alliance_type::varchar is null or t.alliance_type = $alliance_type::varchar
        group by t.alliance_type
        union all
        -- Any type whatever the type filter: the chosen type's bar is read against it.
        select 'any', count(*), count(*) filter (where is_covered) from in_year
    )""") + """
    select *, 100.0 * covered_schools_n / nullif(schools_n, 0) as coverage_pct
    from final
    order by alliance_type = 'any', alliance_type
    """
    return db.query(sql, params(scope, filters))


def school_map_points(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per school in view with coordinates (WGS84 lon/lat) in the selected school
    year. status: 'uncovered_rural' | 'uncovered' | the type code of its first alliance. Names
    are returned as text; the map tooltip escapes them (see charts.school_map)."""
    sql = with_ctes(SCHOOL_VIEW, """
    final as (
        select
            school_id, name, county_code, county, town, stage, urban_rural, lon, lat, students,
            is_covered_view as is_covered,
            case when not is_covered_view and urban_rural = 'rural' then 'uncovered_rural'
                 when not is_covered_view then 'uncovered'
                 when $alliance_type::varchar is not null then $alliance_type::varchar
                 else alliance_types[1] end as status,
            array_to_string(alliance_names, '、') as alliance_names
        from school_view
        where school_year = $school_year::varchar and lon is not null and lat is not null
    )""") + """
    select * from final order by status = 'uncovered_rural', school_id
    """
    return db.query(sql, params(scope, filters))


def uncovered_schools(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per school in view that is not covered in the selected school year (rural
    first); students is the school's enrolment."""
    sql = with_ctes(SCHOOL_VIEW) + """
    select school_id, name, county_code, county, town, stage, urban_rural, urban_rural_code, students
    from school_view
    where school_year = $school_year::varchar and not is_covered_view
    order by urban_rural <> 'rural', urban_rural, county_code, town, name
    """
    return db.query(sql, params(scope, filters))


def structure_checks(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per structure problem in the selected school year (problem = size_cap |
    core_not_member | multi_alliance | no_activity); value_n is the counted schools or alliances,
    limit_n the configured cap (COUNTY_RULES) where one applies."""
    caps = [(code, rule.max_alliance_size) for code, rule in COUNTY_RULES.items()
            if rule.max_alliance_size is not None]
    sql = with_ctes(SCHOOL_VIEW, ALLIANCE_VIEW, """
    caps as (
        select unnest($cap_county_codes::varchar[]) as county_code,
               unnest($cap_sizes::integer[]) as max_size
    )""", """
    year_alliances as (
        select * from alliance_view where school_year = $school_year::varchar
    )""", """
    final as (
        select 'size_cap' as problem, a.alliance_id, a.name as alliance_name,
               null::varchar as school_id, null::varchar as school_name,
               a.members_n as value_n, c.max_size as limit_n, null::varchar[] as alliance_names
        from year_alliances as a
        inner join caps as c on c.county_code = a.county_code
        where a.members_n > c.max_size
        union all
        select 'core_not_member', a.alliance_id, a.name, a.core_school_id, a.core_school_name,
               a.members_n, null, null
        from year_alliances as a
        where a.members_n > 0 and not a.has_core_member
        union all
        select 'multi_alliance', null, null, s.school_id, s.name, s.alliances_n, null, s.alliance_names
        from school_view as s
        where s.school_year = $school_year::varchar and s.alliances_n > 1
          -- With a type chosen, a school one of whose alliances is of that type.
          and ($alliance_type::varchar is null or list_contains(s.alliance_types, $alliance_type::varchar))
        union all
        select 'no_activity', a.alliance_id, a.name, null, null, a.members_n, null, null
        from year_alliances as a
        where a.members_n > 0 and a.activities_n = 0
    )""") + """
    select * from final order by problem, alliance_id, school_id
    """
    return db.query(sql, params(scope, filters, cap_county_codes=[c for c, _ in caps],
                                cap_sizes=[s for _, s in caps]))
