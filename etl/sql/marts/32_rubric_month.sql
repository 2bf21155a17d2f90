-- Grain: one row per alliance x calendar month x record kind x type x direction x months x
-- sessions: records counted, dated by their (start) date. On-time completion cumulates these
-- against the calendar's planned progress.
create or replace table mart_rubric_month as
with final as (
    select
        alliance_id,
        cast(date_trunc('month', record_date) as date) as month_date,
        record_kind,
        record_type,
        direction,
        months,
        sessions,
        count(*) as records_n
    from mart_rubric_record
    group by all
)

select * from final;
