-- Grain: one row per teacher exchange record (交流轮岗 / 支教 / 跟岗 / 走教 / 送教) with both
-- schools' names and the placement's length in days (null while it has no end date).
create or replace table mart_exchange_record as
with final as (
    select
        e.exchange_id,
        e.alliance_id,
        e.school_year,
        e.teacher_id,
        e.kind,
        e.subject,
        e.from_school_id,
        coalesce(f.name, e.from_school_id) as from_school_name,
        e.to_school_id,
        coalesce(t.name, e.to_school_id) as to_school_name,
        e.start_date,
        e.end_date,
        case when e.end_date is not null then date_diff('day', e.start_date, e.end_date) + 1 end as days
    from exchanges as e
    left join schools as f on f.school_id = e.from_school_id
    left join schools as t on t.school_id = e.to_school_id
)

select * from final;
