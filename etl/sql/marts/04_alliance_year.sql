-- Grain: one row per alliance x school year in which it has members or activities. Counts are
-- records (activities, exchange records, mentor pairs) dated in that school year. Targets are not
-- here: they come from the rubric that applies to each alliance (data/rubrics/, rubric/).
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

details as (
    select
        a.*,
        coalesce(a.county_code, core.county_code) as home_county_code,
        core.name as core_school_name
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
        coalesce(mc.mentor_pairs_n, 0) as mentor_pairs_n
    from spine as sp
    inner join details as t on t.alliance_id = sp.alliance_id
    left join members as m on m.school_year = sp.school_year and m.alliance_id = sp.alliance_id
    left join activity_counts as ac on ac.school_year = sp.school_year and ac.alliance_id = sp.alliance_id
    left join exchange_counts as ec on ec.school_year = sp.school_year and ec.alliance_id = sp.alliance_id
    left join mentor_counts as mc on mc.school_year = sp.school_year and mc.alliance_id = sp.alliance_id
)

select * from final;
