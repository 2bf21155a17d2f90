-- Grain: one row per alliance x calendar month x record kind x type x direction x months x
-- sessions: records counted, dated by their (start) date. On-time completion cumulates these
-- against the calendar's planned progress.
create or replace table mart_rubric_month as
with records as (
    -- Activities are records too, counted from mart_activity_record (not copied into mart_rubric_record).
    select
        alliance_id,
        activity_date as record_date,
        'activity' as record_kind,
        activity_type as record_type,
        direction,
        null::integer as months,
        null::integer as sessions
    from mart_activity_record
    union all
    select
        alliance_id,
        record_date,
        record_kind,
        record_type,
        direction,
        months,
        sessions
    from mart_rubric_record
),

final as (
    select
        alliance_id,
        cast(date_trunc('month', record_date) as date) as month_date,
        record_kind,
        record_type,
        direction,
        months,
        sessions,
        count(*) as records_n
    from records
    group by all
)

select * from final;
