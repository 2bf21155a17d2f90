-- Grain: one row per alliance x period (from mart_rubric_period) with joint-exam results of the
-- schools that are its members at the period's reference date (core included), exams dated in
-- the period: examinees, mean in % of full marks, pass / excellent / low rates in % (all
-- student-weighted: every examinee once per exam); joint exams = exams sat by at least two of its
-- schools. Value-added of a member school (core excluded): its standing (student-weighted mean %
-- minus each exam's all-school mean %) in the period minus its standing in the period a year
-- earlier; va_schools_n members with both, va_ok_n those whose standing did not fall.
create or replace table mart_rubric_results as
with periods as (
    select distinct period_kind, period, period_start, period_end from mart_rubric_period
),

exam_periods as materialized (
    -- Each exam's periods, matched by date for the 17k exams rather than for every exam x school
    -- row of mart_school_exam (its exam_date is the exam's date); numbered so the joint-exam count
    -- below groups on integers, not on the exams' texts. Materialized: inlined, DuckDB matched
    -- every exam x school row to the periods by date again.
    select p.period_kind, p.period, x.exam_id, x.exam_no
    from periods as p
    inner join (select row_number() over (order by exam_id) as exam_no, exam_id, date from exams) as x
        on x.date between p.period_start and p.period_end
),

exam_means as (
    select exam_id, sum(mean_pct * n) / sum(n) as exam_mean_pct
    from mart_school_exam
    group by exam_id
),

school_dates as (
    -- Sums per school and exam date (a province sits its exams on a few dates): every figure below
    -- is a sum, and a period holds whole dates, so the periods roll these up instead of matching
    -- every exam x school row to its periods.
    select
        e.school_id, e.exam_date,
        sum(e.n) as students_n,
        sum(e.mean_pct * e.n) as score_pct_sum,
        sum(e.pass_n) as pass_n,
        sum(e.n) filter (where e.pass_n is not null) as pass_base_n,
        sum(e.excellent_n) as excellent_n,
        sum(e.n) filter (where e.excellent_n is not null) as excellent_base_n,
        sum(e.low_n) as low_n,
        sum(e.n) filter (where e.low_n is not null) as low_base_n,
        sum((e.mean_pct - x.exam_mean_pct) * e.n) as standing_sum
    from mart_school_exam as e
    inner join exam_means as x on x.exam_id = e.exam_id
    group by e.school_id, e.exam_date
),

school_period as (
    select
        p.period_kind, p.period, p.period_start, d.school_id,
        sum(d.students_n) as students_n,
        sum(d.score_pct_sum) as score_pct_sum,
        sum(d.pass_n) as pass_n,
        sum(d.pass_base_n) as pass_base_n,
        sum(d.excellent_n) as excellent_n,
        sum(d.excellent_base_n) as excellent_base_n,
        sum(d.low_n) as low_n,
        sum(d.low_base_n) as low_base_n,
        sum(d.standing_sum) / sum(d.students_n) as standing_pct
    from periods as p
    inner join school_dates as d on d.exam_date between p.period_start and p.period_end
    group by all
),

member_rows as (
    select ap.alliance_id, ap.period_kind, ap.period, ap.period_start, unnest(ap.member_school_ids) as school_id,
           ap.core_school_id
    from mart_rubric_period as ap
),

with_results as (
    select m.*, sp.students_n, sp.score_pct_sum, sp.pass_n, sp.pass_base_n, sp.excellent_n, sp.excellent_base_n,
           sp.low_n, sp.low_base_n, sp.standing_pct,
           sp.standing_pct - before.standing_pct as value_added_pct
    from member_rows as m
    inner join school_period as sp
        on sp.period_kind = m.period_kind and sp.period = m.period and sp.school_id = m.school_id
    left join school_period as before
        on before.period_kind = m.period_kind and before.school_id = m.school_id
        and before.period_start = m.period_start - interval 1 year
),

alliance_periods as (
    -- One row per alliance x period (mart_rubric_period's grain), numbered so the joint-exam count
    -- below groups on integers, not on the alliance's and period's texts (that grouping was most of
    -- this mart's time).
    select row_number() over (order by alliance_id, period_kind, period) as ap_no,
           alliance_id, period_kind, period, member_school_ids
    from mart_rubric_period
),

school_period_exam as materialized (
    -- Which exams each school sat in each period (one row each: mart_school_exam has one row per
    -- exam x school): joined to the members below instead of carried as a list per school (list
    -- aggregation cost more than the rest of this mart). Materialized: inlined, DuckDB joined the
    -- members to every exam of their school before filtering by period (11M rows).
    select p.period_kind, p.period, e.school_id, p.exam_no
    from exam_periods as p
    inner join mart_school_exam as e on e.exam_id = p.exam_id
),

member_nos as (
    select ap_no, period_kind, period, unnest(member_school_ids) as school_id from alliance_periods
),

joint_keys as (
    select m.ap_no
    from member_nos as m
    inner join school_period_exam as x
        on x.period_kind = m.period_kind and x.period = m.period and x.school_id = m.school_id
    group by m.ap_no, x.exam_no
    having count(*) >= 2
),

joint as (
    select ap.alliance_id, ap.period_kind, ap.period
    from joint_keys as j
    inner join alliance_periods as ap on ap.ap_no = j.ap_no
),

final as (
    select
        w.alliance_id,
        w.period_kind,
        w.period,
        sum(w.students_n)::bigint as students_n,
        sum(w.score_pct_sum) / sum(w.students_n) as mean_pct,
        100.0 * sum(w.pass_n) / nullif(sum(w.pass_base_n), 0) as pass_rate_pct,
        100.0 * sum(w.excellent_n) / nullif(sum(w.excellent_base_n), 0) as excellent_rate_pct,
        100.0 * sum(w.low_n) / nullif(sum(w.low_base_n), 0) as low_rate_pct,
        (select count(*) from joint as j where j.alliance_id = w.alliance_id and j.period_kind = w.period_kind
                                          and j.period = w.period) as joint_exams_n,
        count(*) filter (where w.school_id <> w.core_school_id and w.value_added_pct is not null) as va_schools_n,
        count(*) filter (where w.school_id <> w.core_school_id and w.value_added_pct >= 0) as va_ok_n
    from with_results as w
    group by w.alliance_id, w.period_kind, w.period
)

select * from final;
