-- Grain: one row per record a rubric can count (activity, teacher exchange, mentor pair), with the
-- periods it falls in (calendar year, school year Sep-Aug, term: 1 = Sep-Jan, 2 = Feb-Aug) and
-- what a rubric filters on: activity type or exchange kind, subject, direction between the core
-- school and the members, whole months an exchange lasted, guidance sessions of a pair. An
-- exchange and a pair are dated by their start. The rubric page lists these as the records that count.
create or replace table mart_rubric_record as
with school_names as (
    select school_id, name from schools
),

activity_targets as (
    select a.activity_id, string_agg(coalesce(s.name, t.school_id), '、' order by t.school_id) as to_names,
           bool_or(t.school_id = al.core_school_id) as to_core
    from activities as a
    inner join alliances as al on al.alliance_id = a.alliance_id
    cross join unnest(coalesce(a.target_school_ids, []::varchar[])) as t(school_id)
    left join school_names as s on s.school_id = t.school_id
    group by a.activity_id
),

activity_rows as (
    select
        a.alliance_id,
        'activity' as record_kind,
        a.activity_id as record_id,
        a.date as record_date,
        a.type as record_type,
        a.subject,
        case when a.host_school_id = al.core_school_id then 'core_to_member'
             when coalesce(t.to_core, false) then 'member_to_core'
             else 'other' end as direction,
        null::integer as months,
        null::integer as sessions,
        null::varchar as teacher_id,
        coalesce(h.name, a.host_school_id) as from_name,
        t.to_names,
        a.evidence_count
    from activities as a
    inner join alliances as al on al.alliance_id = a.alliance_id
    left join school_names as h on h.school_id = a.host_school_id
    left join activity_targets as t on t.activity_id = a.activity_id
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
        coalesce(f.name, e.from_school_id) as from_name,
        coalesce(t.name, e.to_school_id) as to_names,
        null::integer as evidence_count
    from exchanges as e
    inner join alliances as al on al.alliance_id = e.alliance_id
    left join school_names as f on f.school_id = e.from_school_id
    left join school_names as t on t.school_id = e.to_school_id
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
        coalesce(f.name, m.mentor_school_id) || ' ' || m.mentor_id as from_name,
        coalesce(t.name, m.apprentice_school_id) || ' ' || m.apprentice_id as to_names,
        null::integer as evidence_count
    from mentorships as m
    inner join alliances as al on al.alliance_id = m.alliance_id
    left join school_names as f on f.school_id = m.mentor_school_id
    left join school_names as t on t.school_id = m.apprentice_school_id
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
        format('{}-{}', sy, sy + 1) as school_year,
        format('{}-{}/{}', sy, sy + 1, case when month(record_date) >= 9 or month(record_date) = 1 then 1 else 2 end)
            as term
    from (select *, case when month(record_date) >= 9 then year(record_date) else year(record_date) - 1 end as sy
          from combined)
)

select * exclude (sy) from final;
