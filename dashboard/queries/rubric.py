"""Inputs of the rubric engine (rubric/engine.py): alliances, counted records, monthly counts,
surveys and joint-exam results per assessment period, and the records behind one alliance's
score. Every function keeps the alliances the viewer's scope and filters leave in view (in any
school year: an assessment period need not be a school year).

period_kind is 'year' | 'school_year' | 'term'; period is its key ('2024', '2024-2025',
'2024-2025/1'); None means the latest period of that kind with any counted record."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import ALLIANCE_VIEW, params, with_ctes
from dashboard.scope import Scope

# The chosen period: the given key, or the latest one with counted records.
PERIOD = """
chosen as (
    select coalesce($period::varchar,
                    (select max(period) from mart_rubric_count where period_kind = $period_kind::varchar)) as period
)"""

IN_VIEW = """
in_view as (
    select distinct alliance_id from alliance_view
)"""


def _run(scope: Scope, filters: Filters, body: str, order: str, **extra) -> pl.DataFrame:
    sql = with_ctes(ALLIANCE_VIEW, IN_VIEW, PERIOD, body) + "\n" + order
    return db.query(sql, params(scope, filters, **extra))


def rubric_periods(scope: Scope, filters: Filters, *, period_kind: str = "school_year") -> pl.DataFrame:
    """Grain: one row per period of the kind that has begun, latest first: alliances_n alliances in
    view with members or records in it, records_n counted records (activities, exchanges, pairs)."""
    body = """
    final as (
        select p.period, min(p.period_start) as period_start, max(p.period_end) as period_end,
               count(distinct p.alliance_id) as alliances_n,
               coalesce(sum(c.records_n), 0)::bigint as records_n
        from mart_rubric_period as p
        inner join in_view as v on v.alliance_id = p.alliance_id
        left join (select alliance_id, period, sum(records_n) as records_n from mart_rubric_count
                   where period_kind = $period_kind::varchar group by all) as c
            on c.alliance_id = p.alliance_id and c.period = p.period
        where p.period_kind = $period_kind::varchar
        group by p.period
    )"""
    return _run(scope, filters, body, "select * from final order by period desc", period_kind=period_kind,
                period=None)


def rubric_alliances(scope: Scope, filters: Filters, *, period_kind: str = "school_year",
                     period: str | None = None) -> pl.DataFrame:
    """Grain: one row per alliance in view in the period (members at its reference date, or
    records in it): name, type, cross-region, county, core school and its teachers, member schools
    other than the core (members_n), the period's bounds, reference date and survey year."""
    body = """
    final as (
        select p.*
        from mart_rubric_period as p
        inner join in_view as v on v.alliance_id = p.alliance_id
        where p.period_kind = $period_kind::varchar and p.period = (select period from chosen)
    )"""
    return _run(scope, filters, body, "select * from final order by alliance_id", period_kind=period_kind,
                period=period)


def rubric_counts(scope: Scope, filters: Filters, *, period_kind: str = "school_year",
                  period: str | None = None) -> pl.DataFrame:
    """Grain: one row per alliance in view x record kind x type x direction x months x sessions in
    the period: records_n records (each once), their distinct subjects and teachers."""
    body = """
    final as (
        select c.* exclude (period_kind)
        from mart_rubric_count as c
        inner join in_view as v on v.alliance_id = c.alliance_id
        where c.period_kind = $period_kind::varchar and c.period = (select period from chosen)
    )"""
    return _run(scope, filters, body, "select * from final order by all", period_kind=period_kind, period=period)


def rubric_months(scope: Scope, filters: Filters, *, period_kind: str = "school_year",
                  period: str | None = None) -> pl.DataFrame:
    """Grain: one row per alliance in view x calendar month of the period x record kind x type x
    direction x months x sessions: records_n records dated in that month (on-time progress)."""
    body = """
    bounds as (
        select min(period_start) as period_start, max(period_end) as period_end
        from mart_rubric_period
        where period_kind = $period_kind::varchar and period = (select period from chosen)
    )""", """
    final as (
        select m.*
        from mart_rubric_month as m
        inner join in_view as v on v.alliance_id = m.alliance_id
        where m.month_date between (select period_start from bounds) and (select period_end from bounds)
    )"""
    return _run(scope, filters, ",\n".join(b.strip() for b in body), "select * from final order by all",
                period_kind=period_kind, period=period)


def rubric_surveys(scope: Scope, filters: Filters, *, period_kind: str = "school_year",
                   period: str | None = None) -> pl.DataFrame:
    """Grain: one row per alliance in view x respondent group, for the survey year of the period
    (the calendar year it ends in): respondents and satisfied (respondent-weighted sums), and
    whether they are the alliance's own survey or its member schools' rolled up."""
    body = """
    years as (
        select distinct alliance_id, survey_year from mart_rubric_period
        where period_kind = $period_kind::varchar and period = (select period from chosen)
    )""", """
    final as (
        select s.*
        from mart_rubric_survey as s
        inner join years as y on y.alliance_id = s.alliance_id and y.survey_year = s.year
        inner join in_view as v on v.alliance_id = s.alliance_id
    )"""
    return _run(scope, filters, ",\n".join(b.strip() for b in body), "select * from final order by all",
                period_kind=period_kind, period=period)


def rubric_results(scope: Scope, filters: Filters, *, period_kind: str = "school_year",
                   period: str | None = None) -> pl.DataFrame:
    """Grain: one row per alliance in view with joint-exam results in the period: examinees, mean %
    and pass / excellent / low rates (student-weighted over its schools' exams), joint exams, and
    member schools with a value-added figure and those whose standing did not fall."""
    body = """
    final as (
        select r.* exclude (period_kind)
        from mart_rubric_results as r
        inner join in_view as v on v.alliance_id = r.alliance_id
        where r.period_kind = $period_kind::varchar and r.period = (select period from chosen)
    )"""
    return _run(scope, filters, body, "select * from final order by alliance_id", period_kind=period_kind,
                period=period)


def rubric_records(scope: Scope, filters: Filters, *, period_kind: str = "school_year",
                   period: str | None = None, alliance_id: str | None = None) -> pl.DataFrame:
    """Grain: one row per counted record (activity, exchange, mentor pair) of the alliance (of
    every alliance in view when None) dated in the period, by date: the records a score rests on."""
    body = """
    records as (
        select r.*
        from mart_rubric_record as r
        inner join in_view as v on v.alliance_id = r.alliance_id
        where case $period_kind::varchar when 'year' then r.year when 'term' then r.term else r.school_year end
              = (select period from chosen)
          and ($alliance_id::varchar is null or r.alliance_id = $alliance_id::varchar)
    ),

    target_names as (
        -- An activity's target schools are ids in the mart: named here, for these rows only.
        select r.record_id, string_agg(coalesce(s.name, t.school_id), '、' order by t.school_id) as to_names
        from records as r, unnest(r.to_school_ids) as t(school_id)
        left join mart_school_year as s on s.school_id = t.school_id and s.school_year = r.school_year
        where r.record_kind = 'activity'
        group by r.record_id
    ),

    final as (
        select r.* exclude (year, school_year, term, to_school_ids)
                   replace (coalesce(r.to_names, n.to_names) as to_names)
        from records as r
        left join target_names as n on r.record_kind = 'activity' and n.record_id = r.record_id
    )"""
    return _run(scope, filters, body, "select * from final order by record_date, record_id",
                period_kind=period_kind, period=period, alliance_id=alliance_id)
