-- Base tables: one per input table, input columns under their English names, codes stored as
-- codes (etl/codes.py), coordinates stored as WGS84, student ids only as salted hashes.

create table if not exists schools (
    school_id          varchar primary key,
    name               varchar not null,
    county_code        varchar not null,
    county             varchar,
    town               varchar,
    stage              varchar not null,           -- codes.stage
    urban_rural_code   varchar not null,           -- national code 111..220, kept as given
    urban_rural        varchar not null,           -- derived roll-up: urban | town | rural
    lon                double,                     -- WGS84
    lat                double,                     -- WGS84
    coord_system       varchar,                    -- system the coordinates were submitted in
    students           integer,
    teachers           integer,
    classes            integer,
    boarding           boolean
);

create table if not exists alliances (
    alliance_id        varchar primary key,
    name               varchar not null,
    type               varchar not null,           -- codes.alliance_type
    cross_region       boolean not null default false,
    core_school_id     varchar not null,
    founded            smallint,
    verified_by        varchar,                    -- codes.verified_by
    county_code        varchar
);

create table if not exists alliance_members (
    alliance_id        varchar not null,
    school_id          varchar not null,
    role               varchar not null,           -- codes.role: core | member
    joined             date,
    "left"             date,
    primary key (alliance_id, school_id)
);

-- No primary key: the loader keeps activity_id unique (validation refuses a duplicate in the
-- input, and an input row replaces the stored row of its id), and at province scale (1.1M
-- activities) the key's index cost 0.75 s of every load and 45 MB of the file.
create table if not exists activities (
    activity_id        varchar not null,
    alliance_id        varchar not null,
    date               date not null,
    type               varchar not null,           -- codes.activity_type
    subject            varchar,
    host_school_id     varchar not null,
    target_school_ids  varchar[],
    mode               varchar,                    -- codes.mode
    participants       integer,
    hours              double,
    evidence_count     integer,
    evidence_url       varchar,
    school_year        varchar not null,           -- derived: 2023-2024 (Sep-Aug)
    year               smallint not null            -- derived: calendar year
);

create table if not exists exchanges (
    exchange_id        varchar primary key,
    alliance_id        varchar not null,
    teacher_id         varchar not null,
    from_school_id     varchar not null,
    to_school_id       varchar not null,
    kind               varchar not null,           -- codes.exchange_kind
    subject            varchar,
    start_date         date not null,
    end_date           date,
    school_year        varchar not null            -- derived from start_date
);

create table if not exists mentorships (
    pair_id              varchar primary key,
    alliance_id          varchar not null,
    mentor_id            varchar not null,
    mentor_school_id     varchar not null,
    apprentice_id        varchar not null,
    apprentice_school_id varchar not null,
    start_date           date not null,
    sessions             integer,
    school_year          varchar not null          -- derived from start_date
);

create table if not exists exams (
    exam_id            varchar primary key,
    name               varchar not null,
    date               date not null,
    school_year        varchar not null,           -- given, or derived from date
    term               smallint not null,          -- 1 | 2, given or derived from date
    grade              smallint not null,          -- 1..12
    subject            varchar not null,
    full_score         double not null,
    pass_line          double not null,            -- default 60 % of full_score
    excellent_line     double not null,            -- default 85 % of full_score
    low_line           double not null             -- default 40 % of full_score
);

-- Two grains in one table: grain = 'student' rows carry student_key/class/score,
-- grain = 'school' rows carry the submitted summary n/mean/pass_n/excellent_n/low_n. The grain is
-- computed, not stored: a per-student row always has its student's key, a summary never has one
-- (writing the same word on every row cost 0.4 s of a province load's 10M results).
create table if not exists exam_results (
    exam_id            varchar not null,
    school_id          varchar not null,
    grain              varchar generated always as (                -- student | school
                           case when student_key is null then 'school' else 'student' end) virtual,
    student_key        ubigint,                    -- first 64 bits of the salted sha256 of the student id
    class              varchar,
    score              double,
    n                  integer,
    mean               double,
    pass_n             integer,
    excellent_n        integer,
    low_n              integer
);

create table if not exists surveys (
    year               smallint not null,
    school_id          varchar,
    alliance_id        varchar,
    respondent         varchar not null,           -- codes.respondent
    respondents        integer not null,
    satisfied          integer not null
);

create table if not exists load_log (
    load_id            integer primary key,
    loaded_at          timestamp not null,
    db_file            varchar not null,           -- versioned file this load produced
    allow_rejects      boolean not null,
    inputs             struct(file varchar, sha256 varchar, bytes bigint)[] not null,
    counts             struct(table_name varchar, rows_read bigint, rows_loaded bigint, rows_rejected bigint)[] not null
);

create table if not exists load_rejects (
    load_id            integer not null,
    table_name         varchar not null,
    file               varchar not null,
    sheet              varchar,
    row_number         integer,                    -- as Excel / a text editor shows it
    column_name        varchar,
    value              varchar,
    reason_zh          varchar not null,
    reason_en          varchar not null,
    raw                varchar                     -- the whole input row as JSON
);
