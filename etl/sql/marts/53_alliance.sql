-- Grain: one row per alliance: what does not change with the school year (founding year,
-- verification level, home county and its name), for the alliance detail page's header.
create or replace table mart_alliance as
with county_names as (
    select county_code, max(county) as county
    from schools
    group by county_code
),

final as (
    select
        a.alliance_id,
        a.name,
        a.type,
        a.cross_region,
        a.founded,
        a.verified_by,
        coalesce(a.county_code, core.county_code) as county_code,
        cn.county,
        a.core_school_id,
        core.name as core_school_name
    from alliances as a
    left join schools as core on core.school_id = a.core_school_id
    left join county_names as cn on cn.county_code = coalesce(a.county_code, core.county_code)
)

select * from final;
