"""Named query functions: each takes the viewer's Scope and the page Filters, reads only marts
(etl/sql/marts.sql) through the gateway, and returns a polars DataFrame. Each docstring states
the grain, the units and the weighting of what it returns.

Shared rules:
- A school is in view when its county, stage and the viewer's scope match; an alliance is in
  view when it is run from or has a member in the county, has a member of the stage (in the
  county, when one is chosen), matches the alliance type, and is within scope.
- Covered = a current member (at the school year's reference date) of at least one alliance; of
  at least one alliance of the selected type when a type is chosen.
- Exam figures are student-weighted: every examinee counts once, whichever school.
"""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.scope import Scope
from etl.settings import COUNTY_RULES

# Schools in view, every school year; is_covered_view honours the alliance-type filter.
_SCHOOL_VIEW = """
school_view as (
    select
        sy.*,
        case when $alliance_type::varchar is null then sy.is_covered
             else list_contains(sy.alliance_types, $alliance_type::varchar) end as is_covered_view
    from mart_school_year as sy
    where ($scope_counties::varchar[] is null or list_contains($scope_counties::varchar[], sy.county_code))
      and ($scope_schools::varchar[] is null or list_contains($scope_schools::varchar[], sy.school_id))
      and ($scope_alliances::varchar[] is null or list_has_any(sy.alliance_ids, $scope_alliances::varchar[]))
      and ($county::varchar is null or sy.county_code = $county::varchar)
      and ($stage::varchar is null or sy.stage = $stage::varchar)
)"""

# Alliances in view, every school year.
_ALLIANCE_VIEW = """
alliance_view as (
    select ay.*
    from mart_alliance_year as ay
    where ($scope_counties::varchar[] is null
           or list_contains($scope_counties::varchar[], ay.county_code)
           or list_has_any(ay.member_county_codes, $scope_counties::varchar[]))
      and ($scope_alliances::varchar[] is null or list_contains($scope_alliances::varchar[], ay.alliance_id))
      and ($scope_schools::varchar[] is null or list_has_any(ay.member_school_ids, $scope_schools::varchar[]))
      and ($county::varchar is null or ay.county_code = $county::varchar
           or list_contains(ay.member_county_codes, $county::varchar))
      and ($alliance_type::varchar is null or ay.type = $alliance_type::varchar)
      -- With a county chosen, the stage must be that of a member in the county: a partner school
      -- elsewhere does not bring an alliance into another stage's view.
      and ($stage::varchar is null
           or ($county::varchar is null and list_contains(ay.member_stages, $stage::varchar))
           or list_contains(ay.member_county_stages, $county::varchar || ':' || $stage::varchar))
)"""

# Term results of schools in view; with a type chosen, only members of that type's alliances.
_TERM_VIEW = """
term_view as (
    select t.*, v.urban_rural
    from mart_school_term as t
    inner join school_view as v on v.school_id = t.school_id and v.school_year = t.school_year
    where $alliance_type::varchar is null or v.is_covered_view
)"""


# Headline columns that count reported activity (lessons_*, research_*, exchanges_n,
# last_activity_month): unknown, not zero, in a year before any record.
ACTIVITY_COLUMNS = "^(lessons|research|exchanges|last_activity)_"


def _params(scope: Scope, filters: Filters, **extra) -> dict:
    return {**scope.params(), **filters.params(), **extra}


def _with(*ctes: str) -> str:
    return "with " + ",\n".join(c.strip() for c in ctes)


def filter_options(scope: Scope) -> pl.DataFrame:
    """Grain: one row per selectable value (kind = county | school_year | stage | alliance_type);
    label is the county name from the data (codes are labelled by etl.codes); schools_n counts the
    county's schools (school-counted, one school year), null for the other kinds; has_results says
    whether a school year has joint-exam results in view (null for the other kinds)."""
    sql = _with(_SCHOOL_VIEW, _ALLIANCE_VIEW) + """
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
    return db.query(sql, _params(scope, Filters()))


def headline_figures(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per period (current = selected school year, previous = the year before).
    Counts: alliances with members, schools (school-counted), rural coverage in % of rural schools
    (school-counted), activity counts and targets summed over alliances, alliances meeting each
    target, exchange records (person-times); urban minus rural gap of mean score (% of full marks)
    and pass rate (%), both student-weighted over all exams of the year; the month of the latest
    activity record. Every figure is null for a period before the data's first school year."""
    sql = _with(_SCHOOL_VIEW, _ALLIANCE_VIEW, _TERM_VIEW, """
    periods as (
        select 'current' as period, $school_year::varchar as school_year
        union all
        select 'previous', $previous_year::varchar
    )""", """
    school_figures as (
        select
            school_year,
            count(*) as schools_n,
            count(*) filter (where is_covered_view) as covered_schools_n,
            count(*) filter (where urban_rural = 'rural') as rural_schools_n,
            count(*) filter (where urban_rural = 'rural' and is_covered_view) as covered_rural_schools_n
        from school_view
        where school_year in (select school_year from periods)
        group by school_year
    )""", """
    alliance_figures as (
        select
            school_year,
            count(*) filter (where members_n > 0) as alliances_n,
            -- Actuals over the same alliances as the targets: those with members at the year's end.
            sum(lessons_n) filter (where members_n > 0)::bigint as lessons_n,
            sum(lessons_target_n) filter (where members_n > 0)::bigint as lessons_target_n,
            count(*) filter (where members_n > 0 and lessons_n >= lessons_target_n) as lessons_met_alliances_n,
            sum(research_n) filter (where members_n > 0)::bigint as research_n,
            sum(research_target_n) filter (where members_n > 0)::bigint as research_target_n,
            count(*) filter (where members_n > 0 and research_n >= research_target_n) as research_met_alliances_n,
            sum(exchanges_n)::bigint as exchanges_n
        from alliance_view
        where school_year in (select school_year from periods)
        group by school_year
    )""", """
    activity_months as (
        select m.school_year, max(m.month_date) as last_activity_month
        from mart_activity_month as m
        inner join alliance_view as v on v.alliance_id = m.alliance_id and v.school_year = m.school_year
        where m.school_year in (select school_year from periods)
        group by m.school_year
    )""", """
    area_results as (
        select
            school_year,
            urban_rural,
            sum(score_pct_sum) / sum(students_n) as mean_pct,
            100.0 * sum(pass_n) / sum(pass_base_n) as pass_rate_pct
        from term_view
        where school_year in (select school_year from periods)
        group by school_year, urban_rural
    )""", """
    gaps as (
        select
            school_year,
            max(mean_pct) filter (where urban_rural = 'urban')
                - max(mean_pct) filter (where urban_rural = 'rural') as gap_mean_pct,
            max(pass_rate_pct) filter (where urban_rural = 'urban')
                - max(pass_rate_pct) filter (where urban_rural = 'rural') as gap_pass_rate_pct
        from area_results
        group by school_year
    )""", """
    figures as (
        select
            p.period,
            p.school_year,
            y.school_year is not null as has_year,
            coalesce(y.has_records, false) as has_records,
            coalesce(a.alliances_n, 0) as alliances_n,
            coalesce(s.schools_n, 0) as schools_n,
            coalesce(s.covered_schools_n, 0) as covered_schools_n,
            coalesce(s.rural_schools_n, 0) as rural_schools_n,
            coalesce(s.covered_rural_schools_n, 0) as covered_rural_schools_n,
            100.0 * s.covered_rural_schools_n / nullif(s.rural_schools_n, 0) as rural_coverage_pct,
            coalesce(a.lessons_n, 0) as lessons_n,
            coalesce(a.lessons_target_n, 0) as lessons_target_n,
            coalesce(a.lessons_met_alliances_n, 0) as lessons_met_alliances_n,
            100.0 * a.lessons_met_alliances_n / nullif(a.alliances_n, 0) as lessons_met_pct,
            coalesce(a.research_n, 0) as research_n,
            coalesce(a.research_target_n, 0) as research_target_n,
            coalesce(a.research_met_alliances_n, 0) as research_met_alliances_n,
            100.0 * a.research_met_alliances_n / nullif(a.alliances_n, 0) as research_met_pct,
            coalesce(a.exchanges_n, 0) as exchanges_n,
            g.gap_mean_pct,
            g.gap_pass_rate_pct,
            am.last_activity_month
        from periods as p
        left join school_figures as s on s.school_year = p.school_year
        left join alliance_figures as a on a.school_year = p.school_year
        left join gaps as g on g.school_year = p.school_year
        left join activity_months as am on am.school_year = p.school_year
        left join mart_school_years as y on y.school_year = p.school_year
    )""", """
    final as (
        -- A year before the data begins is unknown, not zero: no change is shown against it.
        -- Nor are activity figures of a year with members but no dated record at all (the year
        -- before records were collected): no activity was reported, which is not zero activity.
        select
            period,
            school_year,
            case when has_year then columns(lambda c: c not in ('period', 'school_year', 'has_year', 'has_records')
                                            and not regexp_matches(c, $activity_columns)) end,
            case when has_records then columns($activity_columns) end
        from figures
    )""") + """
    select * from final order by period
    """
    return db.query(sql, _params(scope, filters, activity_columns=ACTIVITY_COLUMNS))


def monthly_activity(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per calendar month x activity group (lessons = sync class + demo lesson,
    research = joint research, other) of the selected school year; activities_n counts activity
    records of alliances in view."""
    sql = _with(_ALLIANCE_VIEW, """
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
    return db.query(sql, _params(scope, filters))


def gap_by_term(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per term x urban_rural (urban | town | rural) up to the selected school year.
    mean_pct: mean score in % of full marks; pass_rate_pct: % of examinees at or above the pass
    line; both student-weighted over all exams of the term; students_n exam sittings (a student
    in three subjects counts three), schools_n schools."""
    sql = _with(_SCHOOL_VIEW, _TERM_VIEW, """
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
    return db.query(sql, _params(scope, filters))


def alliance_ranking(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per alliance in view with members in the selected school year (none for a
    year before any dated record), best first.
    completion_pct: interim activity-completion score in % (lessons and research each counted as
    actual/target capped at 100 %, averaged; each alliance counts once; not the rubric score)."""
    sql = _with(_ALLIANCE_VIEW, """
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
    return db.query(sql, _params(scope, filters))


def coverage_by_town(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per county x town in the selected school year. Counts schools (not
    students); coverage_pct = covered schools in % of schools, school-counted."""
    sql = _with(_SCHOOL_VIEW, """
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
    return db.query(sql, _params(scope, filters))


def coverage_by_alliance_type(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per alliance type plus one row 'any' in the selected school year. Counts
    schools (not students) in view that are current members of an alliance of that type ('any':
    of any type, even when a type is selected); coverage_pct in % of all schools in view,
    school-counted."""
    sql = _with(_SCHOOL_VIEW, """
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
    return db.query(sql, _params(scope, filters))


def school_map_points(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per school in view with coordinates (WGS84 lon/lat) in the selected school
    year. status: 'uncovered_rural' | 'uncovered' | the type code of its first alliance. Names
    are returned as text; the map tooltip escapes them (see charts.school_map)."""
    sql = _with(_SCHOOL_VIEW, """
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
    return db.query(sql, _params(scope, filters))


def uncovered_schools(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per school in view that is not covered in the selected school year (rural
    first); students is the school's enrolment."""
    sql = _with(_SCHOOL_VIEW) + """
    select school_id, name, county_code, county, town, stage, urban_rural, urban_rural_code, students
    from school_view
    where school_year = $school_year::varchar and not is_covered_view
    order by urban_rural <> 'rural', urban_rural, county_code, town, name
    """
    return db.query(sql, _params(scope, filters))


def structure_checks(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per structure problem in the selected school year (problem = size_cap |
    core_not_member | multi_alliance | no_activity); value_n is the counted schools or alliances,
    limit_n the configured cap (COUNTY_RULES) where one applies."""
    caps = [(code, rule.max_alliance_size) for code, rule in COUNTY_RULES.items()
            if rule.max_alliance_size is not None]
    sql = _with(_SCHOOL_VIEW, _ALLIANCE_VIEW, """
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
    params = _params(scope, filters, cap_county_codes=[c for c, _ in caps], cap_sizes=[s for _, s in caps])
    return db.query(sql, params)
