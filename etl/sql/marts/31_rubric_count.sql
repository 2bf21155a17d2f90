-- Grain: one row per alliance x period (kind: year | school_year | term) x record kind x type x
-- direction x months x sessions: records counted (one record once), with the distinct subjects
-- and distinct teachers among them. A rubric indicator sums the rows its filters select.
create or replace table mart_rubric_count as
with tagged as (
    select *, 'year' as period_kind, year as period from mart_rubric_record
    union all
    select *, 'school_year', school_year from mart_rubric_record
    union all
    select *, 'term', term from mart_rubric_record
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
