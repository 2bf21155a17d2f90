-- Marts: derived tables the dashboard reads, rebuilt by every load after the base tables.
-- Each statement is "create or replace table ..." and states its grain. Pages never read the
-- base tables: at province scale (5,000 schools, 1,000,000 activities, 10,000,000 result rows)
-- only these small tables keep a page under its latency budget.
--
-- Membership is judged at a school year's reference date: 31 August that ends the year, or the
-- load date while the year is still running ("current member" = joined on or before that date
-- and left on or after it: 退出日期 is the last day of membership).


-- Grain: one row per school year, contiguous from first to last. The years dated records fall in
-- (Sep-Aug), or the year running on the load date when there are none yet (a roster loaded on its
-- own still shows its schools); plus the year before the first when memberships had begun by its
-- end, so the first year with records has a previous year to compare with.
create or replace table mart_school_years as
with dated as (
    select school_year from activities
    union select school_year from exams
    union select school_year from exchanges
    union select school_year from mentorships
),

anchors as (
    select cast(left(school_year, 4) as integer) as start_year
    from dated
    where school_year is not null
    union all
    select case when month(current_date) >= 9 then year(current_date) else year(current_date) - 1 end
    where not exists (select 1 from dated where school_year is not null)
),

bounds as (
    select min(start_year) as first_year, max(start_year) as last_year
    from anchors
),

span as (
    select
        case when exists (select 1 from alliance_members as m
                          where m.joined is null or m.joined <= make_date(b.first_year, 8, 31))
             then b.first_year - 1 else b.first_year end as first_year,
        b.last_year
    from bounds as b
),

years as (
    select unnest(range(first_year, last_year + 1)) as start_year
    from span
),

final as (
    select
        format('{}-{}', y.start_year, y.start_year + 1) as school_year,
        make_date(y.start_year, 9, 1) as year_start_date,
        least(make_date(y.start_year + 1, 8, 31), current_date) as reference_date,
        -- Whether any dated record falls in the year: before that, activity is unreported, not zero.
        exists (select 1 from dated as d
                where d.school_year = format('{}-{}', y.start_year, y.start_year + 1)) as has_records
    from years as y
)

select * from final;


-- Grain: one row per school year x alliance x school that is a member at the reference date.
create or replace table mart_membership_year as
with years as (
    select * from mart_school_years
),

final as (
    select
        y.school_year,
        y.reference_date,
        m.alliance_id,
        m.school_id,
        m.role
    from years as y
    inner join alliance_members as m
        on (m.joined is null or m.joined <= y.reference_date)
        and (m."left" is null or m."left" >= y.reference_date)
)

select * from final;


-- Grain: one row per school x school year, every school in every year, with the alliances it
-- belongs to at the reference date (empty lists when it belongs to none).
create or replace table mart_school_year as
with memberships as (
    select
        my.school_year,
        my.school_id,
        my.alliance_id,
        a.type as alliance_type,
        a.name as alliance_name
    from mart_membership_year as my
    inner join alliances as a on a.alliance_id = my.alliance_id
),

per_school as (
    select
        school_year,
        school_id,
        list(alliance_id order by alliance_id) as alliance_ids,
        list(alliance_type order by alliance_id) as alliance_types,
        list(alliance_name order by alliance_id) as alliance_names,
        count(*) as alliances_n
    from memberships
    group by school_year, school_id
),

final as (
    select
        y.school_year,
        y.reference_date,
        s.school_id,
        s.name,
        s.county_code,
        s.county,
        s.town,
        s.stage,
        s.urban_rural_code,
        s.urban_rural,
        s.lon,
        s.lat,
        s.students,
        s.teachers,
        coalesce(p.alliance_ids, []::varchar[]) as alliance_ids,
        coalesce(p.alliance_types, []::varchar[]) as alliance_types,
        coalesce(p.alliance_names, []::varchar[]) as alliance_names,
        coalesce(p.alliances_n, 0) as alliances_n,
        coalesce(p.alliances_n, 0) > 0 as is_covered
    from mart_school_years as y
    cross join schools as s
    left join per_school as p on p.school_year = y.school_year and p.school_id = s.school_id
)

select * from final;


-- Grain: one row per alliance x school year in which it has members or activities. Counts are
-- records (activities, exchange records, mentor pairs) dated in that school year; targets are the
-- county pair rule (>= 20 synchronous / demo lessons, >= 12 research sessions a year) or the
-- cross-region rule (>= 10 and >= 10).
create or replace table mart_alliance_year as
with members as (
    select
        my.school_year,
        my.alliance_id,
        count(*) as members_n,
        list(distinct s.stage) as member_stages,
        list(my.school_id order by my.school_id) as member_school_ids,
        list(distinct s.county_code) as member_county_codes,
        list(distinct s.county_code || ':' || s.stage) as member_county_stages,
        bool_or(my.school_id = a.core_school_id) as has_core_member
    from mart_membership_year as my
    inner join alliances as a on a.alliance_id = my.alliance_id
    inner join schools as s on s.school_id = my.school_id
    group by my.school_year, my.alliance_id
),

activity_counts as (
    select
        school_year,
        alliance_id,
        count(*) as activities_n,
        count(*) filter (where type in ('sync_class', 'demo_lesson')) as lessons_n,
        count(*) filter (where type = 'joint_research') as research_n,
        count(*) filter (where coalesce(evidence_count, 0) = 0) as evidence_missing_n
    from activities
    group by school_year, alliance_id
),

exchange_counts as (
    select
        school_year,
        alliance_id,
        count(*) as exchanges_n,
        count(distinct teacher_id) as exchange_teachers_n
    from exchanges
    group by school_year, alliance_id
),

mentor_counts as (
    select
        school_year,
        alliance_id,
        count(*) as mentor_pairs_n
    from mentorships
    group by school_year, alliance_id
),

spine as (
    select school_year, alliance_id from members
    union
    select school_year, alliance_id from activity_counts
),

targets as (
    select
        a.*,
        coalesce(a.county_code, core.county_code) as home_county_code,
        core.name as core_school_name,
        case when a.cross_region then 10 else 20 end as lessons_target_n,
        case when a.cross_region then 10 else 12 end as research_target_n
    from alliances as a
    left join schools as core on core.school_id = a.core_school_id
),

final as (
    select
        sp.school_year,
        sp.alliance_id,
        t.name,
        t.type,
        t.cross_region,
        t.core_school_id,
        t.core_school_name,
        t.home_county_code as county_code,
        coalesce(m.members_n, 0) as members_n,
        coalesce(m.member_stages, []::varchar[]) as member_stages,
        coalesce(m.member_school_ids, []::varchar[]) as member_school_ids,
        coalesce(m.member_county_codes, []::varchar[]) as member_county_codes,
        coalesce(m.member_county_stages, []::varchar[]) as member_county_stages,
        coalesce(m.has_core_member, false) as has_core_member,
        coalesce(ac.activities_n, 0) as activities_n,
        coalesce(ac.lessons_n, 0) as lessons_n,
        coalesce(ac.research_n, 0) as research_n,
        coalesce(ac.evidence_missing_n, 0) as evidence_missing_n,
        coalesce(ec.exchanges_n, 0) as exchanges_n,
        coalesce(ec.exchange_teachers_n, 0) as exchange_teachers_n,
        coalesce(mc.mentor_pairs_n, 0) as mentor_pairs_n,
        t.lessons_target_n,
        t.research_target_n,
        -- Activity completion in percent: each target's share met, capped at 100 %, averaged.
        100.0 * (least(coalesce(ac.lessons_n, 0) / t.lessons_target_n, 1.0)
                 + least(coalesce(ac.research_n, 0) / t.research_target_n, 1.0)) / 2 as completion_pct
    from spine as sp
    inner join targets as t on t.alliance_id = sp.alliance_id
    left join members as m on m.school_year = sp.school_year and m.alliance_id = sp.alliance_id
    left join activity_counts as ac on ac.school_year = sp.school_year and ac.alliance_id = sp.alliance_id
    left join exchange_counts as ec on ec.school_year = sp.school_year and ec.alliance_id = sp.alliance_id
    left join mentor_counts as mc on mc.school_year = sp.school_year and mc.alliance_id = sp.alliance_id
)

select * from final;


-- Grain: one row per alliance x calendar month x activity type (activities counted, not hours).
create or replace table mart_activity_month as
with final as (
    select
        school_year,
        alliance_id,
        cast(date_trunc('month', date) as date) as month_date,
        type as activity_type,
        count(*) as activities_n,
        count(*) filter (where coalesce(evidence_count, 0) = 0) as evidence_missing_n
    from activities
    group by all
)

select * from final;


-- Grain: one row per exam x school. Computed from per-student rows (score >= pass_line is a pass,
-- >= excellent_line excellent, < low_line low); a submitted school summary is used only where that
-- school has no per-student rows for that exam, so no student is counted twice.
create or replace table mart_school_exam as
with student_rows as (
    select
        r.exam_id,
        r.school_id,
        count(*) as n,
        avg(r.score) as mean,
        count(*) filter (where r.score >= e.pass_line) as pass_n,
        count(*) filter (where r.score >= e.excellent_line) as excellent_n,
        count(*) filter (where r.score < e.low_line) as low_n
    from exam_results as r
    inner join exams as e on e.exam_id = r.exam_id
    where r.grain = 'student' and r.score is not null
    group by r.exam_id, r.school_id
),

school_rows as (
    select r.exam_id, r.school_id, r.n, r.mean, r.pass_n, r.excellent_n, r.low_n
    from exam_results as r
    anti join student_rows as sr on sr.exam_id = r.exam_id and sr.school_id = r.school_id
    where r.grain = 'school' and r.n > 0 and r.mean is not null
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
        c.low_n
    from combined as c
    inner join exams as e on e.exam_id = c.exam_id
)

select * from final;


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
