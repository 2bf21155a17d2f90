"""The 数据管理 page: load history (admin only) and data quality, DHIS2-style reporting completeness.

Reporting is judged per alliance x calendar month of the selected school year, from activity
records (mart_activity_month): an alliance "reported" a month when at least one activity record
is dated in it. Months run from September of the school year up to the last complete month
(today's month is still open), and at most to August of its second calendar year."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import ALLIANCE_VIEW, SCHOOL_VIEW, params, with_ctes
from dashboard.scope import Scope

LOAD_HISTORY_SCHEMA = {"load_id": pl.Int32, "loaded_at": pl.Datetime("us"), "db_file": pl.String,
                       "allow_rejects": pl.Boolean, "files": pl.String, "files_n": pl.Int64,
                       "rows_loaded": pl.Int64, "rows_rejected": pl.Int64}


def load_history(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Admin only: reads the base table load_log (which files every load took), not a mart, and
    returns no row for a restricted scope (leader, inspector, school): the files and counts of a
    load are the whole database's. An unrestricted scope is an admin's (the page is admin-only) or
    the open demo's. Grain: one row per load, newest first; rows_loaded / rows_rejected sum input
    rows over all tables; files names the input files (comma-separated); filters unused."""
    if scope.restricted:
        return pl.DataFrame(schema=LOAD_HISTORY_SCHEMA)
    sql = """
    with final as (
        select
            load_id,
            loaded_at,
            db_file,
            allow_rejects,
            array_to_string(list_transform(inputs, lambda i: i.file), ', ') as files,
            len(inputs)::bigint as files_n,
            coalesce(list_sum(list_transform(counts, lambda c: c.rows_loaded)), 0)::bigint as rows_loaded,
            coalesce(list_sum(list_transform(counts, lambda c: c.rows_rejected)), 0)::bigint as rows_rejected
        from load_log
    )
    select * from final order by load_id desc
    """
    return db.query(sql).cast(LOAD_HISTORY_SCHEMA)


def last_complete_month(school_year: str | None, today: date | None = None) -> date | None:
    """First day of the last complete month within the school year ('2024-2025': 2024-09 to
    2025-08); None before the year's first month has ended."""
    if not school_year:
        return None
    today = today or date.today()
    start = date(int(school_year[:4]), 9, 1)
    end = date(int(school_year[:4]) + 1, 8, 1)
    before = date(today.year - (today.month == 1), 12 if today.month == 1 else today.month - 1, 1)
    last = min(before, end)
    return last if last >= start else None


def chase_month(reporting: pl.DataFrame, school_year: str | None, today: date | None = None) -> date | None:
    """The month the 催报 list opens on, from reporting_months: the last complete month while the
    school year runs; once it is over, its last month with any record (a summer month would chase
    every alliance)."""
    last = last_complete_month(school_year, today)
    if last is None or reporting.is_empty():
        return last
    year_over = last_complete_month(school_year, date(9999, 1, 1)) == last
    reported = reporting.filter(pl.col("reported"))["month_date"]
    return reported.max() if year_over and not reported.is_empty() else last


def reporting_months(scope: Scope, filters: Filters, today: date | None = None) -> pl.DataFrame:
    """Grain: one row per alliance in view (members in the selected school year) x calendar month
    from September up to the last complete month. activities_n counts the alliance's activity
    records dated in the month (0 when none); reported = activities_n > 0. Each alliance counts once."""
    last = last_complete_month(filters.school_year, today)
    if last is None:
        return pl.DataFrame(schema={"alliance_id": pl.String, "name": pl.String, "type": pl.String,
                                    "county_code": pl.String, "month_date": pl.Date, "activities_n": pl.Int64,
                                    "reported": pl.Boolean})
    sql = with_ctes(ALLIANCE_VIEW, """
    alliances as (
        select alliance_id, name, type, county_code
        from alliance_view
        where school_year = $school_year::varchar and members_n > 0
    ),

    months as (
        select cast(m as date) as month_date
        from range(make_date(cast(left($school_year::varchar, 4) as integer), 9, 1),
                   $last_month::date + interval 1 month, interval 1 month) as r(m)
    ),

    counts as (
        select alliance_id, month_date, sum(activities_n)::bigint as activities_n
        from mart_activity_month
        where school_year = $school_year::varchar
        group by all
    ),

    final as (
        select a.alliance_id, a.name, a.type, a.county_code, mo.month_date,
               coalesce(c.activities_n, 0)::bigint as activities_n,
               coalesce(c.activities_n, 0) > 0 as reported
        from alliances as a
        cross join months as mo
        left join counts as c on c.alliance_id = a.alliance_id and c.month_date = mo.month_date
    )""") + """
    select * from final order by alliance_id, month_date
    """
    return db.query(sql, params(scope, filters, last_month=last))


def missing_reports(scope: Scope, filters: Filters, today: date | None = None,
                    month: date | None = None) -> pl.DataFrame:
    """The 催报 list for a month (first day; default the last complete month of the selected school
    year). Grain: one row per
    alliance in view with members and no activity record dated in that month (kind = alliance), and
    one row per school in view that is a member of at least one alliance in view, all of which
    reported nothing that month (kind = school: nothing reached it). alliances names the school's
    silent alliances (for an alliance row, itself). Each alliance / school counts once."""
    last = month or last_complete_month(filters.school_year, today)
    schema = {"kind": pl.String, "id": pl.String, "name": pl.String, "county": pl.String,
              "alliances": pl.String, "month_date": pl.Date}
    if last is None:
        return pl.DataFrame(schema=schema)
    sql = with_ctes(SCHOOL_VIEW, ALLIANCE_VIEW, """
    silent as (
        select v.alliance_id, v.name, v.county_code
        from alliance_view as v
        where v.school_year = $school_year::varchar and v.members_n > 0
          and not exists (select 1 from mart_activity_month as m
                          where m.alliance_id = v.alliance_id and m.month_date = $last_month::date)
    ),

    in_view as (
        select alliance_id from alliance_view where school_year = $school_year::varchar and members_n > 0
    ),

    member_alliances as (
        select s.school_id, s.name, s.county, unnest(s.alliance_ids) as alliance_id
        from school_view as s
        where s.school_year = $school_year::varchar
    ),

    school_rows as (
        select ma.school_id as id, ma.name, ma.county,
               string_agg(sl.name, '、' order by sl.alliance_id) as alliances
        from member_alliances as ma
        inner join in_view as iv on iv.alliance_id = ma.alliance_id
        left join silent as sl on sl.alliance_id = ma.alliance_id
        group by ma.school_id, ma.name, ma.county
        having count(sl.alliance_id) = count(*)
    ),

    final as (
        select 'alliance' as kind, s.alliance_id as id, s.name,
               -- The home county's name, also when a viewer's scope holds none of its schools.
               (select max(c.county) from mart_school_year as c where c.county_code = s.county_code) as county,
               s.name as alliances, $last_month::date as month_date
        from silent as s
        union all
        select 'school', id, name, county, alliances, $last_month::date from school_rows
    )""") + """
    select * from final order by kind, id
    """
    return db.query(sql, params(scope, filters, last_month=last))


def school_coordinates(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per school in view (selected school year); has_coordinates is false when the
    longitude or latitude is missing (the school is left off the maps). Each school counts once;
    those without come first."""
    sql = with_ctes(SCHOOL_VIEW, """
    final as (
        select school_id, name, county, town, stage, urban_rural,
               lon is not null and lat is not null as has_coordinates
        from school_view
        where school_year = $school_year::varchar
    )""") + """
    select * from final order by has_coordinates, county, town, school_id
    """
    return db.query(sql, params(scope, filters))


def activities_without_evidence(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per alliance in view with at least one activity record in the selected school
    year lacking evidence (no photo, sign-in sheet or link: evidence_count 0). activities_n and
    evidence_missing_n count activity records; missing_pct = evidence_missing_n / activities_n in %."""
    sql = with_ctes(ALLIANCE_VIEW, """
    final as (
        select alliance_id, name, activities_n, evidence_missing_n,
               100.0 * evidence_missing_n / activities_n as missing_pct
        from alliance_view
        where school_year = $school_year::varchar and evidence_missing_n > 0
    )""") + """
    select * from final order by evidence_missing_n desc, alliance_id
    """
    return db.query(sql, params(scope, filters))
