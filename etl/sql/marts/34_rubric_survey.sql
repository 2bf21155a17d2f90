-- Grain: one row per alliance x survey year x respondent group (parent | teacher | student):
-- respondents and satisfied summed (respondent-weighted). An alliance's own survey rows are used
-- when it has any for that year and group; otherwise the rows of the schools that are its members
-- (core included) on 31 December of that year (or today while the year runs) are rolled up.
create or replace table mart_rubric_survey as
with own as (
    select alliance_id, year, respondent, sum(respondents)::bigint as respondents_n,
           sum(satisfied)::bigint as satisfied_n
    from surveys
    where alliance_id is not null
    group by all
),

rolled_up as (
    select m.alliance_id, s.year, s.respondent, sum(s.respondents)::bigint as respondents_n,
           sum(s.satisfied)::bigint as satisfied_n,
           count(distinct s.school_id) as schools_n
    from surveys as s
    inner join alliance_members as m
        on m.school_id = s.school_id
        and (m.joined is null or m.joined <= least(make_date(s.year, 12, 31), current_date))
        and (m."left" is null or m."left" >= least(make_date(s.year, 12, 31), current_date))
    where s.school_id is not null
    group by all
),

final as (
    select alliance_id, year, respondent, respondents_n, satisfied_n, 'alliance' as source, null::bigint as schools_n
    from own
    union all
    select r.alliance_id, r.year, r.respondent, r.respondents_n, r.satisfied_n, 'schools', r.schools_n
    from rolled_up as r
    anti join own as o on o.alliance_id = r.alliance_id and o.year = r.year and o.respondent = r.respondent
)

select * from final;
