"""One alliance in depth, for the inspector's detail page: its profile, members, activity ledger,
months without records, teacher exchanges and mentor pairs in the selected school year.

Every function takes an optional alliance_id (None: every alliance in view) and reads through
alliance_view, so the viewer's scope applies: an alliance outside it returns no rows, which the
page reports as "not in your access" rather than an error. The detail page passes only the school
year in its Filters: an alliance is shown whole, partner schools in other counties included."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import ALLIANCE_VIEW, SCHOOL_VIEW, params, with_ctes
from dashboard.scope import Scope

# The alliances chosen: in view, in the selected school year, one of them when an id is given.
_CHOSEN = """
chosen as (
    select av.*, y.reference_date, y.year_start_date
    from alliance_view as av
    inner join mart_school_years as y on y.school_year = av.school_year
    where av.school_year = $school_year::varchar
      and ($alliance_id::varchar is null or av.alliance_id = $alliance_id::varchar)
)"""


def alliance_profile(scope: Scope, filters: Filters, alliance_id: str | None = None) -> pl.DataFrame:
    """Grain: one row per alliance in view in the selected school year (the one given, or none when
    it is out of view): name, type, cross-region flag, founding year, verification level, home
    county (code and name), core school; members_n current members at the year's reference date;
    activities_n records dated in the year, evidence_missing_n of them without evidence."""
    sql = with_ctes(ALLIANCE_VIEW, _CHOSEN, """
    final as (
        select
            c.alliance_id, c.school_year, c.reference_date, a.name, a.type, a.cross_region, a.founded,
            a.verified_by, a.county_code, a.county, a.core_school_id, a.core_school_name,
            c.members_n, c.has_core_member, c.activities_n, c.evidence_missing_n, c.exchanges_n,
            c.mentor_pairs_n
        from chosen as c
        inner join mart_alliance as a on a.alliance_id = c.alliance_id
    )""") + """
    select * from final order by alliance_id
    """
    return db.query(sql, params(scope, filters, alliance_id=alliance_id))


def alliance_members(scope: Scope, filters: Filters, alliance_id: str | None = None) -> pl.DataFrame:
    """Grain: one row per alliance x member school at the selected year's reference date: role,
    county, town, stage, urban-rural code and roll-up, WGS84 coordinates, students and teachers,
    distance_km to the core school (great-circle, null without coordinates) and is_partner (a
    school outside the alliance's home county). Core first, then by distance."""
    sql = with_ctes(SCHOOL_VIEW, ALLIANCE_VIEW, _CHOSEN, """
    members as (
        select c.alliance_id, c.county_code as home_county_code, c.core_school_id, m.school_id, m.role
        from chosen as c
        inner join mart_membership_year as m on m.alliance_id = c.alliance_id and m.school_year = c.school_year
    )""", """
    core as (
        select school_id, lon, lat from mart_school_year where school_year = $school_year::varchar
    )""", """
    final as (
        select
            m.alliance_id, m.school_id, s.name, m.role, m.school_id = m.core_school_id as is_core,
            s.county_code, s.county, s.town, s.stage, s.urban_rural_code, s.urban_rural, s.lon, s.lat,
            s.students, s.teachers,
            -- Haversine on a 6,371 km sphere: enough to tell 3 km from 2,000 km.
            2 * 6371 * asin(sqrt(
                pow(sin(radians(s.lat - k.lat) / 2), 2)
                + cos(radians(k.lat)) * cos(radians(s.lat)) * pow(sin(radians(s.lon - k.lon) / 2), 2)
            )) as distance_km,
            s.county_code <> m.home_county_code as is_partner
        from members as m
        inner join school_view as s on s.school_id = m.school_id and s.school_year = $school_year::varchar
        left join core as k on k.school_id = m.core_school_id
    )""") + """
    select * from final order by alliance_id, not is_core, distance_km nulls last, school_id
    """
    return db.query(sql, params(scope, filters, alliance_id=alliance_id))


def activity_ledger(scope: Scope, filters: Filters, alliance_id: str | None = None) -> pl.DataFrame:
    """Grain: one row per activity record of an alliance in view, dated in the selected school year:
    type, subject, host and target schools (ids and names), mode, participants, hours, evidence
    count and has_evidence. Newest first."""
    sql = with_ctes(ALLIANCE_VIEW, _CHOSEN, """
    records as (
        select r.*
        from mart_activity_record as r
        inner join chosen as c on c.alliance_id = r.alliance_id and c.school_year = r.school_year
    )""", """
    target_names as (
        select r.activity_id,
               list(coalesce(s.name, t.school_id) order by t.pos) as target_school_names
        from records as r,
            unnest(r.target_school_ids) with ordinality as t(school_id, pos)
        left join mart_school_year as s on s.school_id = t.school_id and s.school_year = r.school_year
        group by r.activity_id
    )""", """
    final as (
        select r.*, coalesce(n.target_school_names, []::varchar[]) as target_school_names
        from records as r
        left join target_names as n on n.activity_id = r.activity_id
    )""") + """
    select * from final order by activity_date desc, activity_id
    """
    return db.query(sql, params(scope, filters, alliance_id=alliance_id))


def ledger_months(scope: Scope, filters: Filters, alliance_id: str | None = None) -> pl.DataFrame:
    """Grain: one row per alliance in view x calendar month of the selected school year, from
    September up to the reference date (the load date in a running year), months with no record
    included: activities_n records, evidence_missing_n of them without evidence."""
    sql = with_ctes(ALLIANCE_VIEW, _CHOSEN, """
    months as (
        select c.alliance_id,
               cast(unnest(generate_series(c.year_start_date, c.reference_date, interval 1 month)) as date)
                   as month_date
        from chosen as c
    )""", """
    counts as (
        select r.alliance_id, r.month_date, count(*) as activities_n,
               count(*) filter (where not r.has_evidence) as evidence_missing_n
        from mart_activity_record as r
        inner join chosen as c on c.alliance_id = r.alliance_id and c.school_year = r.school_year
        group by all
    )""", """
    final as (
        select m.alliance_id, m.month_date, coalesce(k.activities_n, 0) as activities_n,
               coalesce(k.evidence_missing_n, 0) as evidence_missing_n
        from months as m
        left join counts as k on k.alliance_id = m.alliance_id and k.month_date = m.month_date
    )""") + """
    select * from final order by alliance_id, month_date
    """
    return db.query(sql, params(scope, filters, alliance_id=alliance_id))


def alliance_exchanges(scope: Scope, filters: Filters, alliance_id: str | None = None) -> pl.DataFrame:
    """Grain: one row per teacher exchange record of an alliance in view starting in the selected
    school year (person-times: a teacher placed twice is two rows); days is the placement length."""
    sql = with_ctes(ALLIANCE_VIEW, _CHOSEN, """
    final as (
        select e.*
        from mart_exchange_record as e
        inner join chosen as c on c.alliance_id = e.alliance_id and c.school_year = e.school_year
    )""") + """
    select * from final order by start_date desc, exchange_id
    """
    return db.query(sql, params(scope, filters, alliance_id=alliance_id))


def mentor_pairs(scope: Scope, filters: Filters, alliance_id: str | None = None,
                 sessions_target: int = 5, idle_days: int = 60) -> pl.DataFrame:
    """Grain: one row per mentor-apprentice pair of an alliance in view formed in the selected school
    year: sessions reported against sessions_target (seed 003: >= 5 guidance sessions a pair);
    days_idle since the latest 师徒指导 record from the mentor's school to the apprentice's (or
    since the pair began) up to the reference date, or 15 July when the year has run that far (the
    summer holiday is not idleness); is_idle when that passes idle_days."""
    sql = with_ctes(ALLIANCE_VIEW, _CHOSEN, """
    pairs as (
        -- The idle clock stops at the summer holiday (15 July): no pair meets in July and August.
        select p.*, least(c.reference_date, make_date(year(c.reference_date), 7, 15)) as reference_date
        from mart_mentor_pair as p
        inner join chosen as c on c.alliance_id = p.alliance_id and c.school_year = p.school_year
    )""", """
    last_met as (
        -- The latest 师徒指导 record from the mentor's school to the apprentice's, on or before the
        -- reference date: records after it would make a pair look active in a year it was idle.
        select p.pair_id, max(r.activity_date) as last_mentoring_date
        from pairs as p
        inner join mart_activity_record as r
            on r.alliance_id = p.alliance_id and r.activity_type = 'mentoring'
            and r.host_school_id = p.mentor_school_id
            and list_contains(r.target_school_ids, p.apprentice_school_id)
            and r.activity_date between p.start_date and p.reference_date
        group by p.pair_id
    )""", """
    final as (
        select
            p.* exclude (reference_date),
            l.last_mentoring_date,
            coalesce(p.sessions, 0) >= $sessions_target::integer as meets_target,
            date_diff('day', coalesce(l.last_mentoring_date, p.start_date), p.reference_date) as days_idle,
            date_diff('day', coalesce(l.last_mentoring_date, p.start_date), p.reference_date)
                > $idle_days::integer as is_idle
        from pairs as p
        left join last_met as l on l.pair_id = p.pair_id
    )""") + """
    select * from final order by meets_target, sessions, pair_id
    """
    return db.query(sql, params(scope, filters, alliance_id=alliance_id, sessions_target=sessions_target,
                                idle_days=idle_days))

