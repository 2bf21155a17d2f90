-- Grain: one row per school x school year x term: sums over all exams of the term, so that
-- student-weighted figures (sum of score_pct_sum / sum of students_n) can be rolled up to any
-- group of schools without reading exam-level rows. score_pct_sum = sum of (mean in % of full
-- marks x examinees); pass_base_n counts examinees of exams whose pass count is known.
-- pct_sq_sum (sum of squared scores in % of full marks) is known only when every sitting of the
-- term is a per-student row (source = 'student'); the 差距 page reads these columns when no grade,
-- subject or exam is chosen, instead of the exam-level rows.
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
        sum(low_n) as low_n,
        sum(n) filter (where excellent_n is not null) as excellent_base_n,
        sum(n) filter (where low_n is not null) as low_base_n,
        sum(score_sum) as score_sum,
        case when bool_and(source = 'student') then sum(pct_sq_sum) end as pct_sq_sum,
        min(full_score) as full_score_min,
        max(full_score) as full_score_max,
        case when bool_and(source = 'student') then 'student'
             when bool_and(source = 'school') then 'school' else 'mixed' end as source
    from mart_school_exam
    group by school_id, school_year, term
)

select * from final;
