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

grouped as (
    -- Records alike in everything counted first: the lists below then gather each subject and
    -- teacher once per such group, not once per record (province: 1.2 -> 0.8 s).
    select *, count(*) as n from records group by all
),

tagged as (
    select *, 'year' as period_kind, year as period from grouped
    union all
    select *, 'school_year', school_year from grouped
    union all
    select *, 'term', term from grouped
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
        sum(n)::bigint as records_n,
        list_distinct(list(subject) filter (where subject is not null)) as subjects,
        list_distinct(list(teacher_id) filter (where teacher_id is not null)) as teacher_ids
    from tagged
    group by alliance_id, period_kind, period, record_kind, record_type, direction, months, sessions
)

select * from final;
