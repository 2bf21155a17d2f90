-- Grain: one row per alliance x period (kind: year | school_year | term) x record kind x type x
-- direction x months x sessions: records counted (one record once), with the distinct subjects
-- and distinct teachers among them. A rubric indicator sums the rows its filters select.
create or replace table mart_rubric_count as
with records as (
    -- Activities are records too, counted from mart_activity_record (not copied into
    -- mart_rubric_record), in the periods mart_rubric_record gives its rows.
    select
        alliance_id,
        'activity' as record_kind,
        activity_type as record_type,
        subject,
        direction,
        null::integer as months,
        null::integer as sessions,
        null::varchar as teacher_id,
        year(activity_date)::varchar as year,
        school_year,
        school_year || '/' || case when month(activity_date) >= 9 or month(activity_date) = 1 then '1' else '2' end as term
    from mart_activity_record
    union all
    select
        alliance_id,
        record_kind,
        record_type,
        subject,
        direction,
        months,
        sessions,
        teacher_id,
        year,
        school_year,
        term
    from mart_rubric_record
),

tagged as (
    select *, 'year' as period_kind, year as period from records
    union all
    select *, 'school_year', school_year from records
    union all
    select *, 'term', term from records
),

final as (
    select
        alliance_id,
        period_kind,
        period,
        record_kind,
        record_type,
        direction,
        months,
        sessions,
        count(*) as records_n,
        list_distinct(list(subject) filter (where subject is not null)) as subjects,
        list_distinct(list(teacher_id) filter (where teacher_id is not null)) as teacher_ids
    from tagged
    group by all
)

select * from final;
