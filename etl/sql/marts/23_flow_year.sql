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
        list_distinct(flatten(list(teacher_ids))) as teacher_ids,
        bool_and(to_is_member) as to_is_member,
        bool_and(from_is_member) as from_is_member
    from mart_flow_month
    group by all
),

ends as (
    select distinct
        school_year, alliance_id, from_school_id, to_school_id,
        alliance_name, alliance_type, core_school_id,
        from_name, from_county_code, from_county, from_town, from_urban_rural, from_lon, from_lat,
        to_name, to_county_code, to_county, to_town, to_urban_rural, to_lon, to_lat
    from mart_flow_month
),

final as (
    select
        y.school_year,
        e.alliance_id,
        e.alliance_name,
        e.alliance_type,
        e.core_school_id,
        y.flow_kind,
        y.from_school_id,
        e.from_name,
        e.from_county_code,
        e.from_county,
        e.from_town,
        e.from_urban_rural,
        e.from_lon,
        e.from_lat,
        y.to_school_id,
        e.to_name,
        e.to_county_code,
        e.to_county,
        e.to_town,
        e.to_urban_rural,
        e.to_lon,
        e.to_lat,
        y.from_is_member,
        y.to_is_member,
        y.person_times,
        y.person_days,
        length(y.teacher_ids) as teachers_n,
        y.teacher_ids
    from by_year as y
    inner join ends as e
        on e.school_year = y.school_year and e.alliance_id = y.alliance_id
        and e.from_school_id = y.from_school_id and e.to_school_id = y.to_school_id
)

-- Stored by school year: every page query reads one year, and DuckDB skips the row groups of others.
select * from final order by school_year, from_school_id, to_school_id;
