-- Grain: one row per school x school year, every school in every year, with the alliances it
-- belongs to at the reference date (empty lists when it belongs to none).
create or replace table mart_school_year as
with memberships as (
    select
        my.school_year,
        my.school_id,
        my.alliance_id,
        a.type as alliance_type,
        a.name as alliance_name
    from mart_membership_year as my
    inner join alliances as a on a.alliance_id = my.alliance_id
),

per_school as (
    select
        school_year,
        school_id,
        list(alliance_id order by alliance_id) as alliance_ids,
        list(alliance_type order by alliance_id) as alliance_types,
        list(alliance_name order by alliance_id) as alliance_names,
        count(*) as alliances_n
    from memberships
    group by school_year, school_id
),

final as (
    select
        y.school_year,
        y.reference_date,
        s.school_id,
        s.name,
        s.county_code,
        s.county,
        s.town,
        s.stage,
        s.urban_rural_code,
        s.urban_rural,
        s.lon,
        s.lat,
        s.students,
        s.teachers,
        coalesce(p.alliance_ids, []::varchar[]) as alliance_ids,
        coalesce(p.alliance_types, []::varchar[]) as alliance_types,
        coalesce(p.alliance_names, []::varchar[]) as alliance_names,
        coalesce(p.alliances_n, 0) as alliances_n,
        coalesce(p.alliances_n, 0) > 0 as is_covered
    from mart_school_years as y
    cross join schools as s
    left join per_school as p on p.school_year = y.school_year and p.school_id = s.school_id
)

select * from final;
