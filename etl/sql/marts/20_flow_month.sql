-- Grain: one row per alliance x sending school x receiving school x flow kind x calendar month.
-- Flows are teacher exchanges (from_school_id -> to_school_id, kinds ex_<exchange kind>),
-- activities delivered by a host to each of its target schools (act_<activity type>) and mentor
-- pairs (mentor school -> apprentice school, mentor_pair), dated by their start (or activity) date.
-- person_times: exchange records, (activity, target) pairs, mentor pairs. person_days: exchange
-- days from start to end (open placements to the school year's reference date), one day per
-- activity date and target, one day per mentoring session. Each end carries its school's county,
-- town, urban-rural roll-up and WGS84 coordinates; to_is_member says whether the receiving school
-- was a member of the alliance on the flow's date.
create or replace table mart_flow_month as
with exchange_flows as (
    select
        e.alliance_id,
        e.school_year,
        e.start_date as flow_date,
        'ex_' || e.kind as flow_kind,
        e.from_school_id,
        e.to_school_id,
        e.teacher_id,
        1 as person_times,
        greatest(0, date_diff('day', e.start_date, coalesce(e.end_date, y.reference_date)) + 1) as person_days
    from exchanges as e
    left join mart_school_years as y on y.school_year = e.school_year
),

activity_targets as (
    -- Unnested in the select list, not by a lateral join: DuckDB plans the lateral form as a
    -- delim join that cost 3 s of the province load; this form is a plain projection.
    select
        a.alliance_id,
        a.school_year,
        a.date as flow_date,
        'act_' || a.type as flow_kind,
        a.host_school_id as from_school_id,
        unnest(a.target_school_ids) as to_school_id
    from activities as a
),

activity_flows as (
    select
        alliance_id,
        school_year,
        flow_date,
        flow_kind,
        from_school_id,
        to_school_id,
        null::varchar as teacher_id,
        1 as person_times,
        1 as person_days
    from activity_targets
    where to_school_id <> from_school_id
),

mentor_flows as (
    select
        m.alliance_id,
        m.school_year,
        m.start_date as flow_date,
        'mentor_pair' as flow_kind,
        m.mentor_school_id as from_school_id,
        m.apprentice_school_id as to_school_id,
        m.mentor_id as teacher_id,
        1 as person_times,
        coalesce(m.sessions, 0) as person_days
    from mentorships as m
),

flows as (
    select * from exchange_flows
    union all
    select * from activity_flows
    union all
    select * from mentor_flows
),

per_month as (
    select
        alliance_id,
        school_year,
        cast(date_trunc('month', flow_date) as date) as month_date,
        flow_kind,
        from_school_id,
        to_school_id,
        sum(person_times) as person_times,
        sum(person_days) as person_days,
        coalesce(len(list_distinct(list(teacher_id) filter (where teacher_id is not null))), 0) as teachers_n,
        list_distinct(list(teacher_id) filter (where teacher_id is not null)) as teacher_ids,
        min(flow_date) as first_date,
        max(flow_date) as last_date
    from flows
    group by all
),

final as (
    select
        p.school_year,
        p.month_date,
        p.alliance_id,
        a.name as alliance_name,
        a.type as alliance_type,
        a.core_school_id,
        p.flow_kind,
        p.from_school_id,
        fs.name as from_name,
        fs.county_code as from_county_code,
        fs.county as from_county,
        fs.town as from_town,
        fs.urban_rural as from_urban_rural,
        fs.lon as from_lon,
        fs.lat as from_lat,
        p.to_school_id,
        ts.name as to_name,
        ts.county_code as to_county_code,
        ts.county as to_county,
        ts.town as to_town,
        ts.urban_rural as to_urban_rural,
        ts.lon as to_lon,
        ts.lat as to_lat,
        fm.school_id is not null and (fm.joined is null or fm.joined <= p.last_date)
            and (fm."left" is null or fm."left" >= p.first_date) as from_is_member,
        tm.school_id is not null and (tm.joined is null or tm.joined <= p.last_date)
            and (tm."left" is null or tm."left" >= p.first_date) as to_is_member,
        p.person_times,
        p.person_days,
        p.teachers_n,
        coalesce(p.teacher_ids, []::varchar[]) as teacher_ids
    from per_month as p
    left join alliances as a on a.alliance_id = p.alliance_id
    left join schools as fs on fs.school_id = p.from_school_id
    left join schools as ts on ts.school_id = p.to_school_id
    -- Membership of each end on any day of the month's flows: alliance_members has one row per
    -- alliance x school (its primary key), so a lookup per end replaces grouping every flow's matches.
    left join alliance_members as fm on fm.alliance_id = p.alliance_id and fm.school_id = p.from_school_id
    left join alliance_members as tm on tm.alliance_id = p.alliance_id and tm.school_id = p.to_school_id
)

-- Stored by school year: every page query reads one year, and DuckDB skips the row groups of others.
select * from final order by school_year;
