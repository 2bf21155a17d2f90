-- Grain: one row per record a rubric can count (activity, teacher exchange, mentor pair), with the
-- periods it falls in (calendar year, school year Sep-Aug, term: 1 = Sep-Jan, 2 = Feb-Aug) and
-- what a rubric filters on: activity type or exchange kind, subject, direction between the core
-- school and the members, whole months an exchange lasted, guidance sessions of a pair. An
-- exchange and a pair are dated by their start. The rubric page lists these as the records that count.
-- A view (read by the counts 31 and 32 and, one alliance at a time, by the rubric page): storing
-- its million activity rows, a copy of mart_activity_record's, cost 1.1 s of every province load.
create or replace view mart_rubric_record as
with activity_rows as (
    -- Built on the record marts (12-14), which already carry the schools' names; an activity's
    -- target schools stay ids here (to_school_ids), named by the query for one alliance's rows:
    -- naming every record cost seconds per load at province scale.
    select
        a.alliance_id,
        'activity' as record_kind,
        a.activity_id as record_id,
        a.activity_date as record_date,
        a.activity_type as record_type,
        a.subject,
        case when a.host_school_id = al.core_school_id then 'core_to_member'
             when list_contains(a.target_school_ids, al.core_school_id) then 'member_to_core'
             else 'other' end as direction,
        null::integer as months,
        null::integer as sessions,
        null::varchar as teacher_id,
        a.host_school_name as from_name,
        null::varchar as to_names,
        a.target_school_ids as to_school_ids,
        a.evidence_count
    from mart_activity_record as a
    inner join alliances as al on al.alliance_id = a.alliance_id
),

exchange_rows as (
    select
        e.alliance_id,
        'exchange' as record_kind,
        e.exchange_id as record_id,
        e.start_date as record_date,
        e.kind as record_type,
        e.subject,
        case when e.from_school_id = al.core_school_id and e.to_school_id <> al.core_school_id then 'core_to_member'
             when e.to_school_id = al.core_school_id and e.from_school_id <> al.core_school_id then 'member_to_core'
             else 'other' end as direction,
        -- Whole calendar months from start to end (15 Mar -> 14 Apr is 0, -> 15 Apr is 1); an open
        -- exchange has none yet. Capped at 12: no rubric asks for more than a year.
        least(12, (extract(year from age(e.end_date, e.start_date)) * 12
                   + extract(month from age(e.end_date, e.start_date)))::integer) as months,
        null::integer as sessions,
        e.teacher_id,
        e.from_school_name as from_name,
        e.to_school_name as to_names,
        null::varchar[] as to_school_ids,
        null::integer as evidence_count
    from mart_exchange_record as e
    inner join alliances as al on al.alliance_id = e.alliance_id
),

pair_rows as (
    select
        m.alliance_id,
        'mentorship' as record_kind,
        m.pair_id as record_id,
        m.start_date as record_date,
        'pair' as record_type,
        null::varchar as subject,
        case when m.mentor_school_id = al.core_school_id then 'core_to_member' else 'other' end as direction,
        null::integer as months,
        -- Capped at 20 so the counts mart stays small; no rubric asks for more sessions.
        least(20, coalesce(m.sessions, 0)) as sessions,
        m.apprentice_id as teacher_id,
        m.mentor_school_name || ' ' || m.mentor_id as from_name,
        m.apprentice_school_name || ' ' || m.apprentice_id as to_names,
        null::varchar[] as to_school_ids,
        null::integer as evidence_count
    from mart_mentor_pair as m
    inner join alliances as al on al.alliance_id = m.alliance_id
),

combined as (
    select * from activity_rows
    union all by name
    select * from exchange_rows
    union all by name
    select * from pair_rows
),

final as (
    select
        *,
        year(record_date)::varchar as year,
        sy::varchar || '-' || (sy + 1)::varchar as school_year,
        sy::varchar || '-' || (sy + 1)::varchar || '/'
            || case when month(record_date) >= 9 or month(record_date) = 1 then '1' else '2' end as term
    from (select *, case when month(record_date) >= 9 then year(record_date) else year(record_date) - 1 end as sy
          from combined)
)

select * exclude (sy) from final;
