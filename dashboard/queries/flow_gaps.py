"""Gaps in the flows (交流), listed on the page rather than dropped: member schools that received no
flow, flows to a school outside the alliance, schools at a flow's end without coordinates, and a
teacher in two placements at overlapping dates. Options and the flow view as in exchanges.py."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._flows import flow_params, flow_view
from dashboard.queries._views import ALLIANCE_VIEW, params, with_ctes
from dashboard.scope import Scope


def unreached_members(scope: Scope, filters: Filters, *, kinds: tuple[str, ...] | None = None,
                      month_from: date | None = None, month_to: date | None = None) -> pl.DataFrame:
    """Grain: one row per member school (role member) x alliance in view in the selected year that
    received no flow of the chosen kinds and months from anyone (rural first)."""
    sql = with_ctes(ALLIANCE_VIEW, flow_view(month_from, month_to), """
    received as (
        select distinct to_school_id as school_id from flow_view
    )""", """
    final as (
        select
            m.school_id, s.name, s.county_code, s.county, s.town, s.urban_rural,
            m.alliance_id, a.name as alliance_name, a.type as alliance_type
        from mart_membership_year as m
        inner join alliance_view as a on a.alliance_id = m.alliance_id and a.school_year = m.school_year
        inner join mart_school_year as s on s.school_id = m.school_id and s.school_year = m.school_year
        where m.school_year = $school_year::varchar and m.role = 'member'
          and m.school_id not in (select school_id from received)
          and ($county::varchar is null or s.county_code = $county::varchar)
          and ($scope_counties::varchar[] is null or list_contains($scope_counties::varchar[], s.county_code))
          and ($scope_schools::varchar[] is null or list_contains($scope_schools::varchar[], s.school_id))
    )""") + """
    select * from final order by urban_rural <> 'rural', county_code, town, name, alliance_id
    """
    return db.query(sql, flow_params(scope, filters, kinds, month_from, month_to))


def flows_outside_alliance(scope: Scope, filters: Filters, *, kinds: tuple[str, ...] | None = None,
                           month_from: date | None = None, month_to: date | None = None) -> pl.DataFrame:
    """Grain: one row per alliance x sending school x receiving school whose receiving school was
    not a member of that alliance on the flows' dates; person-times summed over months and kinds."""
    sql = with_ctes(ALLIANCE_VIEW, flow_view(month_from, month_to), """
    final as (
        select
            alliance_id, any_value(alliance_name) as alliance_name,
            from_school_id, any_value(from_name) as from_name, any_value(from_county_code) as from_county_code,
            to_school_id, any_value(to_name) as to_name, any_value(to_county_code) as to_county_code,
            list_distinct(list(flow_kind)) as kinds,
            sum(person_times)::bigint as person_times
        from flow_view
        where not to_is_member
        group by alliance_id, from_school_id, to_school_id
    )""") + """
    select * from final order by person_times desc, alliance_id, from_school_id, to_school_id
    """
    return db.query(sql, flow_params(scope, filters, kinds, month_from, month_to))


def flows_without_coordinates(scope: Scope, filters: Filters, *, kinds: tuple[str, ...] | None = None,
                              month_from: date | None = None, month_to: date | None = None) -> pl.DataFrame:
    """Grain: one row per school at an end of a flow in view that has no coordinates (or is not in
    the roster), with the person-times of the flows it sent and received (not drawn on the map)."""
    sql = with_ctes(ALLIANCE_VIEW, flow_view(month_from, month_to), """
    ends as (
        select from_school_id as school_id, from_name as name, from_county_code as county_code,
               from_town as town, person_times as sent_times, 0 as received_times
        from flow_view where from_lon is null or from_lat is null
        union all
        select to_school_id, to_name, to_county_code, to_town, 0, person_times
        from flow_view where to_lon is null or to_lat is null
    )""", """
    final as (
        select school_id, any_value(name) as name, any_value(county_code) as county_code,
               any_value(town) as town, sum(sent_times)::bigint as sent_times,
               sum(received_times)::bigint as received_times
        from ends
        group by school_id
    )""") + """
    select * from final order by sent_times + received_times desc, school_id
    """
    return db.query(sql, flow_params(scope, filters, kinds, month_from, month_to))


def placement_overlaps(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per pair of exchange records of one teacher with overlapping dates, the first
    starting in the selected school year, in an alliance in view; both receiving schools named."""
    sql = with_ctes(ALLIANCE_VIEW, """
    final as (
        select o.*
        from mart_placement_overlap as o
        where o.school_year = $school_year::varchar
          and (o.first_alliance_id in (select alliance_id from alliance_view where school_year = $school_year::varchar)
               or o.second_alliance_id in (select alliance_id from alliance_view
                                           where school_year = $school_year::varchar))
          and ($county::varchar is null or o.county_code = $county::varchar)
          and ($scope_counties::varchar[] is null or list_contains($scope_counties::varchar[], o.county_code))
          and ($scope_schools::varchar[] is null
               or list_contains($scope_schools::varchar[], o.first_from_school_id)
               or list_contains($scope_schools::varchar[], o.first_to_school_id)
               or list_contains($scope_schools::varchar[], o.second_to_school_id))
    )""") + """
    select * from final order by teacher_id, first_start_date, first_exchange_id
    """
    return db.query(sql, params(scope, filters))
