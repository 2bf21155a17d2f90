-- Grain: one row per school year x alliance x school that is a member at the reference date.
create or replace table mart_membership_year as
with years as (
    select * from mart_school_years
),

final as (
    select
        y.school_year,
        y.reference_date,
        m.alliance_id,
        m.school_id,
        m.role
    from years as y
    inner join alliance_members as m
        on (m.joined is null or m.joined <= y.reference_date)
        and (m."left" is null or m."left" >= y.reference_date)
)

select * from final;
