-- Grain: one row per activity record, with its host's and target schools' names, the calendar
-- month, and whether evidence (佐证材料) was submitted. The alliance detail page's ledger and
-- its inspector checklist read this; no page reads the activities table itself.
create or replace table mart_activity_record as
with targets as (
    select
        a.activity_id,
        list(t.school_id order by t.pos) as target_school_ids,
        list(coalesce(s.name, t.school_id) order by t.pos) as target_school_names
    from activities as a,
        unnest(a.target_school_ids) with ordinality as t(school_id, pos)
    left join schools as s on s.school_id = t.school_id
    group by a.activity_id
),

final as (
    select
        a.activity_id,
        a.alliance_id,
        a.school_year,
        a.date as activity_date,
        cast(date_trunc('month', a.date) as date) as month_date,
        a.type as activity_type,
        a.subject,
        a.host_school_id,
        coalesce(h.name, a.host_school_id) as host_school_name,
        coalesce(t.target_school_ids, []::varchar[]) as target_school_ids,
        coalesce(t.target_school_names, []::varchar[]) as target_school_names,
        a.mode,
        a.participants,
        a.hours,
        a.evidence_count,
        a.evidence_url,
        coalesce(a.evidence_count, 0) > 0 as has_evidence
    from activities as a
    left join schools as h on h.school_id = a.host_school_id
    left join targets as t on t.activity_id = a.activity_id
)

select * from final;
