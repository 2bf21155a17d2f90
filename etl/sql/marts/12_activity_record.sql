-- Grain: one row per activity record, with its host's name, the calendar month, and whether
-- evidence (佐证材料) was submitted. The alliance detail page's ledger and its inspector checklist
-- read this; no page reads the activities table itself. Target schools stay a list of ids: the
-- page names them for one alliance's rows (unnesting every record here cost seconds per load at
-- province scale).
-- A view, as mart_rubric_record is: it is the activities table row for row, and storing that copy
-- cost 0.7 s of every province load, while the pages read one alliance at a time, which DuckDB
-- filters before the lookups (province ledger, months, mentor pairs, rubric records: 2 ms more
-- each, 8-20 ms in all).
create or replace view mart_activity_record as
with final as (
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
        coalesce(a.target_school_ids, []::varchar[]) as target_school_ids,
        a.mode,
        a.participants,
        a.hours,
        a.evidence_count,
        a.evidence_url,
        coalesce(a.evidence_count, 0) > 0 as has_evidence
    from activities as a
    left join schools as h on h.school_id = a.host_school_id
)

select * from final;
