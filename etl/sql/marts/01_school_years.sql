-- Grain: one row per school year, contiguous from first to last. The years dated records fall in
-- (Sep-Aug), or the year running on the load date when there are none yet (a roster loaded on its
-- own still shows its schools); plus the year before the first when memberships had begun by its
-- end, so the first year with records has a previous year to compare with.
create or replace table mart_school_years as
with dated as (
    select school_year from activities
    union select school_year from exams
    union select school_year from exchanges
    union select school_year from mentorships
),

anchors as (
    select cast(left(school_year, 4) as integer) as start_year
    from dated
    where school_year is not null
    union all
    select case when month(current_date) >= 9 then year(current_date) else year(current_date) - 1 end
    where not exists (select 1 from dated where school_year is not null)
),

bounds as (
    select min(start_year) as first_year, max(start_year) as last_year
    from anchors
),

span as (
    select
        case when exists (select 1 from alliance_members as m
                          where m.joined is null or m.joined <= make_date(b.first_year, 8, 31))
             then b.first_year - 1 else b.first_year end as first_year,
        b.last_year
    from bounds as b
),

years as (
    select unnest(range(first_year, last_year + 1)) as start_year
    from span
),

final as (
    select
        format('{}-{}', y.start_year, y.start_year + 1) as school_year,
        make_date(y.start_year, 9, 1) as year_start_date,
        least(make_date(y.start_year + 1, 8, 31), current_date) as reference_date,
        -- Whether any dated record falls in the year: before that, activity is unreported, not zero.
        exists (select 1 from dated as d
                where d.school_year = format('{}-{}', y.start_year, y.start_year + 1)) as has_records
    from years as y
)

select * from final;
