-- Grain: one row per alliance x period (kind: year | school_year | term) x record kind x type x
-- direction x months x sessions: records counted (one record once), with the distinct subjects
-- and distinct teachers among them. A rubric indicator sums the rows its filters select.
create or replace table mart_rubric_count as
with grouped as (
    -- Records alike in everything counted first: the lists below then gather each subject and
    -- teacher once per such group, not once per record (province: 1.2 -> 0.8 s).
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
        term,
        count(*) as n
    from mart_rubric_record
    group by all
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
