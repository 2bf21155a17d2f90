-- Grain: one row per exam x school. Computed from per-student rows (score >= pass_line is a pass,
-- >= excellent_line excellent, < low_line low); a submitted school summary is used only where that
-- school has no per-student rows for that exam, so no student is counted twice. score_sum and
-- pct_sum (scores in % of full marks, summed) roll up to any group; score_sq_sum and pct_sq_sum
-- (sums of squares) exist only where students are known (source = 'student'), so a per-student
-- variance can be computed by rolling up; they are null for a school summary.
create or replace table mart_school_exam as
with student_rows as (
    select
        r.exam_id,
        r.school_id,
        count(*) as n,
        avg(r.score) as mean,
        sum(r.score) as score_sum,
        sum(r.score * r.score) as score_sq_sum,
        count(*) filter (where r.score >= e.pass_line) as pass_n,
        count(*) filter (where r.score >= e.excellent_line) as excellent_n,
        count(*) filter (where r.score < e.low_line) as low_n
    from exam_results as r
    inner join exams as e on e.exam_id = r.exam_id
    -- Per-student rows are those with a student key (the grain column is computed from it, and
    -- computing it for 10M rows here cost 2 s).
    where r.student_key is not null and r.score is not null
    group by r.exam_id, r.school_id
),

school_rows as (
    select
        r.exam_id,
        r.school_id,
        r.n,
        r.mean,
        r.mean * r.n as score_sum,
        cast(null as double) as score_sq_sum,
        r.pass_n,
        r.excellent_n,
        r.low_n
    from exam_results as r
    anti join student_rows as sr on sr.exam_id = r.exam_id and sr.school_id = r.school_id
    where r.student_key is null and r.n > 0 and r.mean is not null
),

combined as (
    select *, 'student' as source from student_rows
    union all by name
    select *, 'school' as source from school_rows
),

final as (
    select
        c.exam_id,
        c.school_id,
        e.school_year,
        e.term,
        e.grade,
        e.subject,
        e.date as exam_date,
        e.full_score,
        c.source,
        c.n,
        c.mean,
        100.0 * c.mean / e.full_score as mean_pct,
        c.pass_n,
        c.excellent_n,
        c.low_n,
        e.name as exam_name,
        e.pass_line,
        e.excellent_line,
        e.low_line,
        c.score_sum,
        c.score_sq_sum,
        100.0 * c.score_sum / e.full_score as pct_sum,
        10000.0 * c.score_sq_sum / (e.full_score * e.full_score) as pct_sq_sum
    from combined as c
    inner join exams as e on e.exam_id = c.exam_id
)

select * from final;
