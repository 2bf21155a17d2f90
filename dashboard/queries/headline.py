"""The overview's headline figures: one row per period, current and previous school year."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import ALLIANCE_VIEW, SCHOOL_VIEW, TERM_VIEW, params, with_ctes
from dashboard.scope import Scope
from rubric import rules, targets

# Headline columns that count reported activity (lessons_*, research_*, exchanges_n,
# last_activity_month): unknown, not zero, in a year before any record.
ACTIVITY_COLUMNS = "^(lessons|research|exchanges|last_activity)_"


def headline_figures(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per period (current = selected school year, previous = the year before).
    Counts: alliances with members, schools (school-counted), rural coverage in % of rural schools
    (school-counted), activity counts and yearly targets summed over the alliances whose rubric
    (data/rubrics/assign.toml) sets that target, how many such alliances there are and how many
    meet it (met_pct = met / such alliances, each alliance once), exchange records (person-times); urban minus rural gap of mean score (% of full marks)
    and pass rate (%), both student-weighted over all exams of the year; the month of the latest
    activity record. Every figure is null for a period before the data's first school year."""
    sql = with_ctes(SCHOOL_VIEW, ALLIANCE_VIEW, TERM_VIEW, """
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
    target_rules as (
        -- The rubric assignments (data/rubrics/assign.toml), first match wins: each alliance's
        -- yearly targets come from the rubric that applies to it, none when it sets none.
        select
            unnest(range(len($rule_counties::varchar[]))) as priority,
            unnest($rule_counties::varchar[]) as county_code,
            unnest($rule_types::varchar[]) as types,
            unnest($rule_cross::varchar[]) as cross_region,
            unnest($rule_lessons::double[]) as lessons_target,
            unnest($rule_lessons_per_member::boolean[]) as lessons_per_member,
            unnest($rule_research::double[]) as research_target,
            unnest($rule_research_per_member::boolean[]) as research_per_member
    )""", """
    targeted as (
        select
            v.*,
            -- Per-member targets count member schools other than the core, at least one.
            greatest(v.members_n - v.has_core_member::integer, 1) as supported_n,
            r.lessons_target, r.lessons_per_member, r.research_target, r.research_per_member
        from alliance_view as v
        left join target_rules as r
            on (r.county_code = '' or r.county_code = v.county_code)
            and (r.types = '' or list_contains(string_split(r.types, ','), v.type))
            and (r.cross_region = '' or r.cross_region = v.cross_region::varchar)
        where v.school_year in (select school_year from periods)
        qualify row_number() over (partition by v.school_year, v.alliance_id order by r.priority nulls last) = 1
    )""", """
    alliance_targets as (
        select
            *,
            ceil(lessons_target * case when lessons_per_member then supported_n else 1 end)::bigint
                as lessons_target_n,
            ceil(research_target * case when research_per_member then supported_n else 1 end)::bigint
                as research_target_n
        from targeted
    )""", """
    alliance_figures as (
        select
            school_year,
            count(*) filter (where members_n > 0) as alliances_n,
            -- Actuals over the same alliances as the targets: those with members at the year's end
            -- whose rubric sets that target.
            sum(lessons_n) filter (where members_n > 0 and lessons_target_n is not null)::bigint as lessons_n,
            sum(lessons_target_n) filter (where members_n > 0)::bigint as lessons_target_n,
            count(*) filter (where members_n > 0 and lessons_target_n is not null) as lessons_targeted_alliances_n,
            count(*) filter (where members_n > 0 and lessons_n >= lessons_target_n) as lessons_met_alliances_n,
            sum(research_n) filter (where members_n > 0 and research_target_n is not null)::bigint as research_n,
            sum(research_target_n) filter (where members_n > 0)::bigint as research_target_n,
            count(*) filter (where members_n > 0 and research_target_n is not null) as research_targeted_alliances_n,
            count(*) filter (where members_n > 0 and research_n >= research_target_n) as research_met_alliances_n,
            sum(exchanges_n)::bigint as exchanges_n
        from alliance_targets
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
            coalesce(a.lessons_targeted_alliances_n, 0) as lessons_targeted_alliances_n,
            coalesce(a.lessons_met_alliances_n, 0) as lessons_met_alliances_n,
            100.0 * a.lessons_met_alliances_n / nullif(a.lessons_targeted_alliances_n, 0) as lessons_met_pct,
            coalesce(a.research_n, 0) as research_n,
            coalesce(a.research_target_n, 0) as research_target_n,
            coalesce(a.research_targeted_alliances_n, 0) as research_targeted_alliances_n,
            coalesce(a.research_met_alliances_n, 0) as research_met_alliances_n,
            100.0 * a.research_met_alliances_n / nullif(a.research_targeted_alliances_n, 0) as research_met_pct,
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
    return db.query(sql, params(scope, filters, activity_columns=ACTIVITY_COLUMNS,
                                **targets.headline_rules(rules.catalogue())))
