-- Grain: one row per co-build (co_build) alliance x school year x teacher the core school sent to
-- a member school on a 轮岗 / 支教 / 走教 / 送教 placement (exchange kinds rotation, support,
-- walking, delivery) starting in that year. longest_days is the teacher's longest such placement
-- in days, start to end inclusive (an open placement runs to the year's reference date); the
-- dashboard counts a teacher when it reaches the configured minimum (ALLIANCE_MIN_PLACEMENT_DAYS).
-- "Member": the receiving school is a member (not the core) of the alliance on the start date.
create or replace table mart_core_placement_year as
with placements as (
    select
        e.alliance_id,
        e.school_year,
        e.teacher_id,
        a.core_school_id,
        greatest(0, date_diff('day', e.start_date, coalesce(e.end_date, y.reference_date)) + 1) as days
    from exchanges as e
    inner join alliances as a on a.alliance_id = e.alliance_id
    left join mart_school_years as y on y.school_year = e.school_year
    where a.type = 'co_build'
      and e.kind in ('rotation', 'support', 'walking', 'delivery')
      and e.from_school_id = a.core_school_id
      and e.to_school_id <> a.core_school_id
      and exists (select 1 from alliance_members as m
                  where m.alliance_id = e.alliance_id and m.school_id = e.to_school_id
                    and (m.joined is null or m.joined <= e.start_date)
                    and (m."left" is null or m."left" >= e.start_date))
),

final as (
    select
        alliance_id,
        school_year,
        core_school_id,
        teacher_id,
        max(days) as longest_days,
        count(*) as placements_n
    from placements
    group by all
)

select * from final;
