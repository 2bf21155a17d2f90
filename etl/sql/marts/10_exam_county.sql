-- Grain: one row per exam x county (county of the sitting schools): the county's student-weighted
-- mean in % of full marks over every school that sat the exam, the reference a school's
-- value-added position is measured against. Read beside school rows, never instead of them.
create or replace table mart_exam_county as
with final as (
    select
        se.exam_id,
        s.county_code,
        any_value(se.school_year) as school_year,
        any_value(se.grade) as grade,
        any_value(se.subject) as subject,
        any_value(se.exam_date) as exam_date,
        count(*) as schools_n,
        sum(se.n) as students_n,
        sum(se.pct_sum) / sum(se.n) as mean_pct
    from mart_school_exam as se
    inner join schools as s on s.school_id = se.school_id
    group by se.exam_id, s.county_code
)

select * from final;
