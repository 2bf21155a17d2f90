-- Grain: one row per alliance x calendar month x activity type (activities counted, not hours).
create or replace table mart_activity_month as
with final as (
    select
        school_year,
        alliance_id,
        cast(date_trunc('month', date) as date) as month_date,
        type as activity_type,
        count(*) as activities_n,
        count(*) filter (where coalesce(evidence_count, 0) = 0) as evidence_missing_n
    from activities
    group by all
)

select * from final;
