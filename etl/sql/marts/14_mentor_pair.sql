-- Grain: one row per mentor-apprentice pair (师徒结对), with both schools' names and the guidance
-- sessions reported for the pair. When the pair last met is read from mart_activity_record
-- (师徒指导 records between the two schools) up to the date a page asks about.
create or replace table mart_mentor_pair as
with final as (
    select
        p.pair_id,
        p.alliance_id,
        p.school_year,
        p.mentor_id,
        p.mentor_school_id,
        coalesce(ms.name, p.mentor_school_id) as mentor_school_name,
        p.apprentice_id,
        p.apprentice_school_id,
        coalesce(aps.name, p.apprentice_school_id) as apprentice_school_name,
        p.start_date,
        p.sessions
    from mentorships as p
    left join schools as ms on ms.school_id = p.mentor_school_id
    left join schools as aps on aps.school_id = p.apprentice_school_id
)

select * from final;
