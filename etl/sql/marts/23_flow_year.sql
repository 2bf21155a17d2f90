-- Grain: one row per alliance x sending school x receiving school x flow kind x school year:
-- mart_flow_month summed over the year's months, for pages showing a whole year (a third of the
-- rows at province scale). teacher_ids: the distinct teachers of the year; to_is_member is true
-- only when the receiving school was a member in every month it received such a flow.
create or replace table mart_flow_year as
with by_year as (
    select
        school_year,
        alliance_id,
        flow_kind,
        from_school_id,
        to_school_id,
        sum(person_times) as person_times,
        sum(person_days) as person_days,
        -- Only months that name teachers are gathered (activity flows name none); a group without
        -- any gets the empty list its months carry.
        coalesce(list_distinct(flatten(list(teacher_ids) filter (where len(teacher_ids) > 0))),
                 []::varchar[]) as teacher_ids,
        bool_and(to_is_member) as to_is_member,
        bool_and(from_is_member) as from_is_member
    from mart_flow_month
    group by all
),

final as (
    select
        y.school_year,
        y.alliance_id,
        a.name as alliance_name,
        a.type as alliance_type,
        a.core_school_id,
        y.flow_kind,
        y.from_school_id,
        fs.name as from_name,
        fs.county_code as from_county_code,
        fs.county as from_county,
        fs.town as from_town,
        fs.urban_rural as from_urban_rural,
        fs.lon as from_lon,
        fs.lat as from_lat,
        y.to_school_id,
        ts.name as to_name,
        ts.county_code as to_county_code,
        ts.county as to_county,
        ts.town as to_town,
        ts.urban_rural as to_urban_rural,
        ts.lon as to_lon,
        ts.lat as to_lat,
        y.from_is_member,
        y.to_is_member,
        y.person_times,
        y.person_days,
        length(y.teacher_ids) as teachers_n,
        y.teacher_ids
    from by_year as y
    -- The ends' names and places looked up as mart_flow_month does (by alliance and school id, the
    -- tables' keys), for the year's rows: cheaper than taking the distinct ends of every month row.
    left join alliances as a on a.alliance_id = y.alliance_id
    left join schools as fs on fs.school_id = y.from_school_id
    left join schools as ts on ts.school_id = y.to_school_id
)

-- Stored by school year: every page query reads one year, and DuckDB skips the row groups of others.
select * from final order by school_year;
