-- Grain: one row per school x school year x term: sums over all exams of the term, so that
-- student-weighted figures (sum of score_pct_sum / sum of students_n) can be rolled up to any
-- group of schools without reading exam-level rows. score_pct_sum = sum of (mean in % of full
-- marks x examinees); pass_base_n counts examinees of exams whose pass count is known.
create or replace table mart_school_term as
with final as (
    select
        school_id,
        school_year,
        term,
        count(*) as exams_n,
        sum(n) as students_n,
        sum(mean_pct * n) as score_pct_sum,
        sum(pass_n) as pass_n,
        sum(n) filter (where pass_n is not null) as pass_base_n,
        sum(excellent_n) as excellent_n,
        sum(low_n) as low_n
    from mart_school_exam
    group by school_id, school_year, term
)

select * from final;
