-- Grain: one row per pair of exchange records of the same teacher whose dates overlap (a teacher
-- in two placements at once), the earlier-starting record first. An open placement (no end date)
-- runs on; school_year is that of the first record.
create or replace table mart_placement_overlap as
with spans as (
    select
        e.*,
        coalesce(e.end_date, date '9999-12-31') as until_date
    from exchanges as e
),

pairs as (
    select
        a.teacher_id,
        a.school_year,
        a.exchange_id as first_exchange_id,
        a.alliance_id as first_alliance_id,
        a.from_school_id as first_from_school_id,
        a.to_school_id as first_to_school_id,
        a.kind as first_kind,
        a.start_date as first_start_date,
        a.end_date as first_end_date,
        b.exchange_id as second_exchange_id,
        b.alliance_id as second_alliance_id,
        b.to_school_id as second_to_school_id,
        b.kind as second_kind,
        b.start_date as second_start_date,
        b.end_date as second_end_date
    from spans as a
    inner join spans as b
        on b.teacher_id = a.teacher_id
        and b.exchange_id <> a.exchange_id
        and (a.start_date, a.exchange_id) < (b.start_date, b.exchange_id)
        and b.start_date <= a.until_date
        and a.start_date <= b.until_date
),

final as (
    select
        p.*,
        ft.name as first_to_name,
        st.name as second_to_name,
        ft.county_code as county_code
    from pairs as p
    left join schools as ft on ft.school_id = p.first_to_school_id
    left join schools as st on st.school_id = p.second_to_school_id
)

select * from final;
