"""Flows between schools (交流): teacher exchanges, activities a host delivers to its target schools,
mentor pairs; on the map, between urban/town/rural schools, the largest, and the 10 % target of
co-build cores. The gaps (members that received nothing, overlapping placements, flows outside the
alliance, flows whose schools lack coordinates) are in flow_gaps.py. Reads mart_flow_year (whole
year) or mart_flow_month, and mart_core_placement_year.

Every function takes (scope, filters) and keyword options: kinds (flow kinds, None = all), month_from /
month_to (first days of months, inclusive; both None = the whole school year), measure ('person_times' |
'person_days'), limit. A flow is in view when its alliance is in alliance_view in the selected school
year and, with a county chosen or a county/school scope, one of its two ends is in it (_flows.py).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._flows import flow_params, flow_view
from dashboard.queries._views import ALLIANCE_VIEW, params, with_ctes
from dashboard.scope import Scope
from etl import settings

MEASURES = ("person_times", "person_days")
# 轮岗 / 支教 / 走教 / 送教 count toward the 10 % target (seed 003); 跟岗 goes the other way.
TARGET_KINDS = ("ex_rotation", "ex_support", "ex_walking", "ex_delivery")
TARGET_PCT = 10.0
ARC_LIMIT = 300

def _measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    return measure


def flow_arcs(scope: Scope, filters: Filters, *, kinds: tuple[str, ...] | None = None,
              month_from: date | None = None, month_to: date | None = None,
              measure: str = "person_times", limit: int = ARC_LIMIT) -> pl.DataFrame:
    """Grain: one row per sending -> receiving node with coordinates at both ends, where a node is a
    school while the school pairs number at most `limit`, else a town (county + town) while town
    pairs do, else a county (level says which). person_times / person_days / teachers_n summed
    over months and kinds (teachers_n: distinct teachers per pair, exchanges and mentor pairs);
    kind_counts lists each kind's person_times and person_days; top_kind is the kind with the
    largest measure (ties: the first code). Node coordinates: the school's, or the mean of the schools (with coordinates)
    of that town or county in the year. At most `limit` rows, the largest by measure;
    pairs_total is how many there were."""
    measure = _measure(measure)
    sql = with_ctes(ALLIANCE_VIEW, flow_view(month_from, month_to), """
    located as (
        select * from flow_view
        where from_lon is not null and from_lat is not null and to_lon is not null and to_lat is not null
    )""", """
    counts as (
        select
            (select count(distinct (from_school_id, to_school_id)) from located) as school_pairs_n,
            (select count(distinct (from_county_code, from_town, to_county_code, to_town)) from located) as town_pairs_n
    )""", """
    level as (
        select case when school_pairs_n <= $limit then 'school'
                    when town_pairs_n <= $limit then 'town' else 'county' end as level
        from counts
    )""", """
    keyed as (
        select
            l.level,
            case l.level when 'school' then f.from_school_id
                         when 'town' then f.from_county_code || '/' || coalesce(f.from_town, '')
                         else f.from_county_code end as from_key,
            case l.level when 'school' then f.to_school_id
                         when 'town' then f.to_county_code || '/' || coalesce(f.to_town, '')
                         else f.to_county_code end as to_key,
            f.*
        from located as f
        cross join level as l
    )""", """
    by_kind as (
        select
            level, from_key, to_key, flow_kind,
            sum(person_times)::bigint as person_times,
            sum(person_days)::bigint as person_days
        from keyed
        group by all
    )""", """
    pairs as (
        select
            level, from_key, to_key,
            any_value(from_county_code) as from_county_code,
            any_value(to_county_code) as to_county_code,
            any_value(from_county) as from_county,
            any_value(to_county) as to_county,
            any_value(from_town) as from_town,
            any_value(to_town) as to_town,
            case when any_value(level) = 'school' then any_value(from_school_id) end as from_school_id,
            case when any_value(level) = 'school' then any_value(to_school_id) end as to_school_id,
            any_value(from_name) as from_school_name,
            any_value(to_name) as to_school_name,
            any_value(from_lon) as from_school_lon,
            any_value(from_lat) as from_school_lat,
            any_value(to_lon) as to_school_lon,
            any_value(to_lat) as to_school_lat,
            sum(person_times)::bigint as person_times,
            sum(person_days)::bigint as person_days,
            list_distinct(list(alliance_id)) as alliance_ids
        from keyed
        group by all
    )""", """
    teachers as (
        -- Distinct teachers per node pair, from the few rows that carry teacher ids (exchanges,
        -- mentor pairs): flattening every row's list costs three times the whole query.
        select level, from_key, to_key, count(distinct teacher_id) as teachers_n
        from (select level, from_key, to_key, unnest(teacher_ids) as teacher_id
              from keyed where length(teacher_ids) > 0)
        group by all
    )""", """
    kinds as (
        select
            level, from_key, to_key,
            list({'flow_kind': flow_kind, 'person_times': person_times, 'person_days': person_days}
                 order by person_times desc, flow_kind) as kind_counts,
            -- Ties go to the first kind in code order, so the colour does not change between runs.
            list(flow_kind order by """ + measure + """ desc, flow_kind)[1] as top_kind
        from by_kind
        group by all
    )""", """
    town_nodes as (
        select county_code || '/' || coalesce(town, '') as node_key, any_value(county) as county,
               avg(lon) as lon, avg(lat) as lat
        from mart_school_year
        where school_year = $school_year::varchar and lon is not null and lat is not null
        group by county_code, coalesce(town, '')
    )""", """
    county_nodes as (
        select county_code as node_key, avg(lon) as lon, avg(lat) as lat
        from mart_school_year
        where school_year = $school_year::varchar and lon is not null and lat is not null
        group by county_code
    )""", """
    final as (
        select
            p.level, p.from_key, p.to_key, p.from_school_id, p.to_school_id,
            p.from_county_code, p.to_county_code,
            case p.level when 'school' then p.from_school_name
                         -- 海安市 the county is also 海安市 the town: named once.
                         when 'town' then coalesce(p.from_county, '')
                                          || case when p.from_town = p.from_county then '' else coalesce(p.from_town, '') end
                         else p.from_county end as from_name,
            case p.level when 'school' then p.to_school_name
                         when 'town' then coalesce(p.to_county, '')
                                          || case when p.to_town = p.to_county then '' else coalesce(p.to_town, '') end
                         else p.to_county end as to_name,
            coalesce(ft.lon, fc.lon, p.from_school_lon) as from_lon,
            coalesce(ft.lat, fc.lat, p.from_school_lat) as from_lat,
            coalesce(tt.lon, tc.lon, p.to_school_lon) as to_lon,
            coalesce(tt.lat, tc.lat, p.to_school_lat) as to_lat,
            p.person_times, p.person_days, coalesce(t.teachers_n, 0) as teachers_n, p.alliance_ids,
            k.kind_counts, k.top_kind,
            count(*) over () as pairs_total
        from pairs as p
        inner join kinds as k on k.level = p.level and k.from_key = p.from_key and k.to_key = p.to_key
        left join teachers as t on t.level = p.level and t.from_key = p.from_key and t.to_key = p.to_key
        left join town_nodes as ft on p.level = 'town' and ft.node_key = p.from_key
        left join town_nodes as tt on p.level = 'town' and tt.node_key = p.to_key
        left join county_nodes as fc on p.level = 'county' and fc.node_key = p.from_key
        left join county_nodes as tc on p.level = 'county' and tc.node_key = p.to_key
    )""") + f"""
    select * from final order by {measure} desc, from_key, to_key limit $limit
    """
    return db.query(sql, flow_params(scope, filters, kinds, month_from, month_to, limit=limit))


def flow_schools(scope: Scope, filters: Filters, *, kinds: tuple[str, ...] | None = None,
                 month_from: date | None = None, month_to: date | None = None) -> pl.DataFrame:
    """Grain: one row per school that sent or received a flow in view, or is a member school
    (role member) of an alliance in view in the selected year. sent_* / received_* are
    person-times and person-days summed over the flows in view; is_unreached = a member school
    that received nothing. lon/lat may be null (listed apart by the page)."""
    sql = with_ctes(ALLIANCE_VIEW, flow_view(month_from, month_to), """
    ends as (
        select from_school_id as school_id, person_times as sent_times, person_days as sent_days,
               0 as received_times, 0 as received_days
        from flow_view
        union all
        select to_school_id, 0, 0, person_times, person_days from flow_view
    )""", """
    members as (
        select distinct m.school_id
        from mart_membership_year as m
        inner join alliance_view as a on a.alliance_id = m.alliance_id and a.school_year = m.school_year
        where m.school_year = $school_year::varchar and m.role = 'member'
    )""", """
    totals as (
        select
            school_id,
            sum(sent_times)::bigint as sent_times, sum(sent_days)::bigint as sent_days,
            sum(received_times)::bigint as received_times, sum(received_days)::bigint as received_days
        from ends
        group by school_id
    )""", """
    final as (
        select
            s.school_id, s.name, s.county_code, s.county, s.town, s.urban_rural, s.lon, s.lat,
            coalesce(t.sent_times, 0) as sent_times, coalesce(t.sent_days, 0) as sent_days,
            coalesce(t.received_times, 0) as received_times, coalesce(t.received_days, 0) as received_days,
            m.school_id is not null as is_member,
            m.school_id is not null and coalesce(t.received_times, 0) = 0 as is_unreached
        from mart_school_year as s
        left join totals as t on t.school_id = s.school_id
        left join members as m on m.school_id = s.school_id
        where s.school_year = $school_year::varchar
          and (t.school_id is not null or m.school_id is not null)
          and ($county::varchar is null or s.county_code = $county::varchar or t.school_id is not null)
          and ($scope_counties::varchar[] is null or list_contains($scope_counties::varchar[], s.county_code)
               or t.school_id is not null)
          and ($scope_schools::varchar[] is null or list_contains($scope_schools::varchar[], s.school_id))
    )""") + """
    select * from final order by is_unreached, sent_times + received_times desc, school_id
    """
    return db.query(sql, flow_params(scope, filters, kinds, month_from, month_to))


def urban_rural_flows(scope: Scope, filters: Filters, *, kinds: tuple[str, ...] | None = None,
                      month_from: date | None = None, month_to: date | None = None) -> pl.DataFrame:
    """Grain: one row per sending x receiving urban-rural roll-up (urban | town | rural, 'unknown'
    for a school not in the roster), person-times and person-days summed over flows in view."""
    sql = with_ctes(ALLIANCE_VIEW, flow_view(month_from, month_to), """
    final as (
        select
            coalesce(from_urban_rural, 'unknown') as from_urban_rural,
            coalesce(to_urban_rural, 'unknown') as to_urban_rural,
            sum(person_times)::bigint as person_times,
            sum(person_days)::bigint as person_days
        from flow_view
        group by all
    )""") + """
    select * from final order by from_urban_rural, to_urban_rural
    """
    return db.query(sql, flow_params(scope, filters, kinds, month_from, month_to))


def core_share(scope: Scope, filters: Filters, *, min_days: int | None = None) -> pl.DataFrame:
    """Grain: one row per co-build alliance in view in the selected school year. teachers_sent_n:
    distinct teachers the core school sent to member schools on 轮岗 / 支教 / 走教 / 送教 placements
    of at least min_days days (default ALLIANCE_MIN_PLACEMENT_DAYS) starting in the year;
    core_teachers_n: the core school's teacher count; share_pct = teachers_sent_n / core_teachers_n
    in % (null without a teacher count), against target_pct = 10. Counts teachers, not placements."""
    if min_days is None:
        min_days = int(settings.get("ALLIANCE_MIN_PLACEMENT_DAYS"))
    sql = with_ctes(ALLIANCE_VIEW, """
    sent as (
        select alliance_id, count(distinct teacher_id) as teachers_sent_n
        from mart_core_placement_year
        where school_year = $school_year::varchar and longest_days >= $min_days
        group by alliance_id
    )""", """
    final as (
        select
            a.alliance_id, a.name as alliance_name, a.county_code, a.core_school_id,
            a.core_school_name, c.teachers as core_teachers_n,
            coalesce(s.teachers_sent_n, 0) as teachers_sent_n,
            100.0 * coalesce(s.teachers_sent_n, 0) / nullif(c.teachers, 0) as share_pct,
            $target_pct::double as target_pct
        from alliance_view as a
        left join sent as s on s.alliance_id = a.alliance_id
        left join mart_school_year as c on c.school_id = a.core_school_id and c.school_year = a.school_year
        where a.school_year = $school_year::varchar and a.type = 'co_build'
    )""") + """
    select *, coalesce(share_pct < target_pct, false) as is_below
    from final order by share_pct nulls first, alliance_id
    """
    return db.query(sql, params(scope, filters, min_days=min_days, target_pct=TARGET_PCT))


def largest_flows(scope: Scope, filters: Filters, *, kinds: tuple[str, ...] | None = None,
                  month_from: date | None = None, month_to: date | None = None,
                  measure: str = "person_times", limit: int = 20) -> pl.DataFrame:
    """Grain: one row per sending school -> receiving school (coordinates or not), the `limit`
    largest by measure; person_times, person_days summed over months and kinds, teachers_n distinct
    teachers (exchanges and mentor pairs); kinds lists the kind codes, largest first."""
    measure = _measure(measure)
    sql = with_ctes(ALLIANCE_VIEW, flow_view(month_from, month_to), """
    by_kind as (
        select from_school_id, to_school_id, flow_kind, sum(person_times) as person_times,
               sum(person_days) as person_days
        from flow_view
        group by all
    )""", """
    kinds as (
        select from_school_id, to_school_id, list(flow_kind order by """ + measure + """ desc, flow_kind) as kinds
        from by_kind
        group by all
    )""", """
    final as (
        select
            f.from_school_id, any_value(f.from_name) as from_name,
            any_value(f.from_county_code) as from_county_code, any_value(f.from_county) as from_county,
            f.to_school_id, any_value(f.to_name) as to_name,
            any_value(f.to_county_code) as to_county_code, any_value(f.to_county) as to_county,
            sum(f.person_times)::bigint as person_times,
            sum(f.person_days)::bigint as person_days,
            any_value(k.kinds) as kinds
        from flow_view as f
        inner join kinds as k on k.from_school_id = f.from_school_id and k.to_school_id = f.to_school_id
        group by f.from_school_id, f.to_school_id
    )""", """
    top as (
        select * from final order by """ + measure + """ desc, from_school_id, to_school_id limit $limit
    )""", """
    teachers as (
        select from_school_id, to_school_id, count(distinct teacher_id) as teachers_n
        from (select from_school_id, to_school_id, unnest(teacher_ids) as teacher_id
              from flow_view
              where length(teacher_ids) > 0
                and (from_school_id, to_school_id) in (select (from_school_id, to_school_id) from top))
        group by all
    )""") + f"""
    select t.*, coalesce(n.teachers_n, 0) as teachers_n
    from top as t
    left join teachers as n on n.from_school_id = t.from_school_id and n.to_school_id = t.to_school_id
    order by t.{measure} desc, t.from_school_id, t.to_school_id
    """
    return db.query(sql, flow_params(scope, filters, kinds, month_from, month_to, limit=limit))


def urban_rural_direction(scope: Scope, filters: Filters, *, kinds: tuple[str, ...] | None = None,
                          month_from: date | None = None, month_to: date | None = None) -> pl.DataFrame:
    """Grain: one row for the flows in view. down_times: person-times from urban or town schools to
    rural ones; up_times: from rural schools to urban or town ones; total_times: all person-times
    (within one category and unknown ends included); shares in % of total_times."""
    sql = with_ctes(ALLIANCE_VIEW, flow_view(month_from, month_to), """
    final as (
        select
            coalesce(sum(person_times) filter (where from_urban_rural in ('urban', 'town')
                                               and to_urban_rural = 'rural'), 0)::bigint as down_times,
            coalesce(sum(person_times) filter (where from_urban_rural = 'rural'
                                               and to_urban_rural in ('urban', 'town')), 0)::bigint as up_times,
            coalesce(sum(person_times), 0)::bigint as total_times
        from flow_view
    )""") + """
    select *, 100.0 * down_times / nullif(total_times, 0) as down_pct,
           100.0 * up_times / nullif(total_times, 0) as up_pct
    from final
    """
    return db.query(sql, flow_params(scope, filters, kinds, month_from, month_to))
