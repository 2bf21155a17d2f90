-- Grain: one row per school x grade x subject x school year in which the school sat an exam of that
-- grade and subject (a "stream"). position = the school's mean minus its county's student-weighted
-- mean for the same exam (mart_exam_county), in percentage points of full marks; latest_* is the
-- last such exam of the year, first_* the stream's first exam ever, exams_n the stream's exams up
-- to and including this year. Value-added (增值) for a year reads one row per school and stream.
create or replace table mart_school_stream as
with positions as (
    select
        se.school_id,
        se.grade,
        se.subject,
        se.school_year,
        se.exam_id,
        se.exam_date,
        se.n,
        se.mean_pct - ec.mean_pct as position
    from mart_school_exam as se
    inner join schools as s on s.school_id = se.school_id
    inner join mart_exam_county as ec on ec.exam_id = se.exam_id and ec.county_code = s.county_code
),

numbered as (
    select
        *,
        row_number() over stream as exam_no,
        first_value(position) over stream as first_position,
        first_value(exam_date) over stream as first_date,
        first_value(n) over stream as first_n
    from positions
    window stream as (partition by school_id, grade, subject order by exam_date, exam_id)
),

final as (
    select
        school_id,
        grade,
        subject,
        school_year,
        max(exam_no) as exams_n,
        any_value(first_position) as first_position,
        any_value(first_date) as first_date,
        any_value(first_n) as first_n,
        arg_max(position, exam_no) as latest_position,
        max(exam_date) as latest_date,
        arg_max(n, exam_no) as latest_n
    from numbered
    group by school_id, grade, subject, school_year
)

select * from final;
