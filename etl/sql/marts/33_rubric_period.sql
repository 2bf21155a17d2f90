-- Grain: one row per alliance x assessment period (kind year | school_year | term) that has begun,
-- for alliances with a member at the period's reference date (its last day, or today while it
-- runs) or a record in it. Periods come from the data's school years: each school year, its two
-- terms (1 = Sep-Jan, 2 = Feb-Aug) and the calendar years it touches. members_n counts member
-- schools other than the core; core_teachers is the core school's teacher count; survey_year is
-- the calendar year in which the period ends (satisfaction surveys are dated by year).
create or replace table mart_rubric_period as
with school_years as (
    select cast(left(school_year, 4) as integer) as sy from mart_school_years
),

periods as (
    select 'school_year' as period_kind, format('{}-{}', sy, sy + 1) as period,
           make_date(sy, 9, 1) as period_start, make_date(sy + 1, 8, 31) as period_end
    from school_years
    union all
    select 'term', format('{}-{}/1', sy, sy + 1), make_date(sy, 9, 1), make_date(sy + 1, 1, 31) from school_years
    union all
    select 'term', format('{}-{}/2', sy, sy + 1), make_date(sy + 1, 2, 1), make_date(sy + 1, 8, 31) from school_years
    union
    select 'year', y::varchar, make_date(y, 1, 1), make_date(y, 12, 31)
    from (select sy as y from school_years union select sy + 1 from school_years)
),

begun as (
    select *, least(period_end, current_date) as reference_date, year(period_end) as survey_year
    from periods
    where period_start <= current_date
),

members as (
    select
        p.period_kind, p.period, m.alliance_id,
        count(*) filter (where m.school_id <> a.core_school_id) as members_n,
        list(m.school_id order by m.school_id) as member_school_ids
    from begun as p
    inner join alliance_members as m
        on (m.joined is null or m.joined <= p.reference_date) and (m."left" is null or m."left" >= p.reference_date)
    inner join alliances as a on a.alliance_id = m.alliance_id
    group by all
),

recorded as (
    select distinct period_kind, period, alliance_id from mart_rubric_count
),

spine as (
    select period_kind, period, alliance_id from members
    union
    select r.period_kind, r.period, r.alliance_id from recorded as r
    inner join begun as p on p.period_kind = r.period_kind and p.period = r.period
),

final as (
    select
        sp.alliance_id,
        sp.period_kind,
        sp.period,
        p.period_start,
        p.period_end,
        p.reference_date,
        p.survey_year,
        a.name,
        a.type,
        a.cross_region,
        coalesce(a.county_code, core.county_code) as county_code,
        a.core_school_id,
        core.name as core_school_name,
        core.teachers as core_teachers,
        coalesce(m.members_n, 0) as members_n,
        coalesce(m.member_school_ids, []::varchar[]) as member_school_ids
    from spine as sp
    inner join begun as p on p.period_kind = sp.period_kind and p.period = sp.period
    inner join alliances as a on a.alliance_id = sp.alliance_id
    left join schools as core on core.school_id = a.core_school_id
    left join members as m on m.period_kind = sp.period_kind and m.period = sp.period and m.alliance_id = sp.alliance_id
)

select * from final;
