"""A small hand-made database for the dashboard tests. Every expected figure in the tests is
worked out by hand from the rows below.

Two school years: 2023-2024 ("previous") and 2024-2025 ("current"); membership is judged at the
year's reference date (31 Aug 2024 and 31 Aug 2025).

Schools (county 640122 贺兰县 unless noted):
  S1 城关一小   urban 111 primary  习岗镇
  S2 城关中学   urban 112 junior   习岗镇   (core of A2 but not a member of anything)
  S3 金贵镇小   town  121 primary  金贵镇
  S4 立岗村小   rural 220 primary  立岗镇
  S5 洪广村小   rural 210 primary  洪广镇
  S6 <b>常信</b>村小 rural 220 primary 常信乡  (never covered; name is markup on purpose)
  S7 暖泉村小   rural 220 primary  暖泉农场  (joins A1 on 2024-10-01: covered only in the current year)
  S8 灵溪一小   urban 111 primary  灵溪镇   county 330327 苍南县
  S9 马站村小   rural 220 primary  马站镇   county 330327 苍南县

Alliances:
  A1 贺兰一小教共体 fusion,   core S1; members S1 S3 S4 S5 (since 2021) + S7 (since 2024-10-01)
     -> 4 members previous year, 5 current: over Helan's cap of 4 in the current year only.
  A2 贺兰中学教共体 co_build, core S2 (not a member); members S4 S5 (since 2022), S3 (2021 to 2023-06-30)
  A3 苍南协作体     collaborative, cross-region, core S8; members S8 S9 (since 2022)
"""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

import duckdb

from tests.csv_inputs import write_csv

ESCAPE_NAME = "<b>常信</b>村小"

SCHOOLS = [
    # school_id, name, county_code, county, town, stage, urban_rural_code, (roll-up, derived by the
    # loader; written only as a reading aid), lon, lat, students
    ("S1", "城关一小", "640122", "贺兰县", "习岗镇", "primary", "111", "urban", 106.35, 38.55, 1200),
    ("S2", "城关中学", "640122", "贺兰县", "习岗镇", "junior", "112", "urban", 106.36, 38.56, 900),
    ("S3", "金贵镇小", "640122", "贺兰县", "金贵镇", "primary", "121", "town", 106.40, 38.60, 400),
    ("S4", "立岗村小", "640122", "贺兰县", "立岗镇", "primary", "220", "rural", 106.30, 38.62, 120),
    ("S5", "洪广村小", "640122", "贺兰县", "洪广镇", "primary", "210", "rural", 106.20, 38.70, 90),
    ("S6", ESCAPE_NAME, "640122", "贺兰县", "常信乡", "primary", "220", "rural", 106.45, 38.50, 60),
    ("S7", "暖泉村小", "640122", "贺兰县", "暖泉农场", "primary", "220", "rural", 106.25, 38.45, 80),
    ("S8", "灵溪一小", "330327", "苍南县", "灵溪镇", "primary", "111", "urban", 120.40, 27.50, 2000),
    ("S9", "马站村小", "330327", "苍南县", "马站镇", "primary", "220", "rural", 120.60, 27.25, 150),
]

ALLIANCES = [
    # alliance_id, name, type, cross_region, core_school_id, founded, county_code
    ("A1", "贺兰一小教共体", "fusion", False, "S1", 2021, "640122"),
    ("A2", "贺兰中学教共体", "co_build", False, "S2", 2022, "640122"),
    ("A3", "苍南协作体", "collaborative", True, "S8", 2022, "330327"),
]

MEMBERS = [
    # alliance_id, school_id, role, joined, left
    ("A1", "S1", "core", date(2021, 9, 1), None),
    ("A1", "S3", "member", date(2021, 9, 1), None),
    ("A1", "S4", "member", date(2021, 9, 1), None),
    ("A1", "S5", "member", date(2021, 9, 1), None),
    ("A1", "S7", "member", date(2024, 10, 1), None),
    ("A2", "S4", "member", date(2022, 9, 1), None),
    ("A2", "S5", "member", date(2022, 9, 1), None),
    ("A2", "S3", "member", date(2021, 9, 1), date(2023, 6, 30)),
    ("A3", "S8", "core", date(2022, 9, 1), None),
    ("A3", "S9", "member", date(2022, 9, 1), None),
]

# The loader's validator refuses an alliance over its county cap and a core school that is not a
# member, so the file carries a clean structure (A1 without S7, S2 a member of A2) and the two
# breaches are applied to the loaded database afterwards: data loaded before a rule was
# configured can hold them, which is why the coverage page checks them.
LOADED_MEMBERS = [m for m in MEMBERS if m[:2] != ("A1", "S7")] + [("A2", "S2", "core", date(2022, 9, 1), None)]
AFTER_LOAD = [
    ("insert into alliance_members (alliance_id, school_id, role, joined) values ('A1', 'S7', 'member', ?)",
     [date(2024, 10, 1)]),
    ("delete from alliance_members where alliance_id = 'A2' and school_id = 'S2'", []),
]


def _activities() -> list[tuple]:
    """(alliance_id, date, type, host, evidence_count, school_year) before ids are added."""
    rows = []
    # Current year 2024-2025
    rows += [("A1", date(2024, 10, 15), "sync_class", "S1", 2, "2024-2025")] * 2
    rows += [("A1", date(2024, 10, 20), "sync_class", "S1", 0, "2024-2025")]      # no evidence
    rows += [("A1", date(2024, 11, 5), "demo_lesson", "S1", 1, "2024-2025")] * 2
    rows += [("A1", date(2024, 11, 12), "joint_research", "S1", 1, "2024-2025")] * 2
    rows += [("A1", date(2025, 3, 3), "principal_forum", "S1", 0, "2024-2025")]   # no evidence
    rows += [("A3", date(2025, 4, 8), "demo_lesson", "S8", 1, "2024-2025")] * 10
    rows += [("A3", date(2025, 5, 9), "joint_research", "S8", 1, "2024-2025")] * 4
    # Previous year 2023-2024
    rows += [("A1", date(2023, 10, 10), "sync_class", "S1", 1, "2023-2024")] * 20
    rows += [("A1", date(2023, 11, 10), "joint_research", "S1", 1, "2023-2024")] * 12
    rows += [("A3", date(2024, 3, 10), "demo_lesson", "S8", 1, "2023-2024")] * 2
    rows += [("A2", date(2024, 4, 10), "joint_research", "S4", 1, "2023-2024")]
    return rows


EXCHANGES = [
    # exchange_id, alliance_id, teacher_id, from, to, kind, start_date, school_year
    ("X1", "A1", "T1", "S1", "S4", "rotation", date(2024, 9, 1), "2024-2025"),
    ("X2", "A1", "T2", "S1", "S5", "support", date(2024, 9, 1), "2024-2025"),
    ("X3", "A3", "T3", "S8", "S9", "delivery", date(2025, 3, 1), "2024-2025"),
    ("X4", "A1", "T4", "S1", "S3", "rotation", date(2023, 9, 1), "2023-2024"),
]

MENTORSHIPS = [
    ("P1", "A1", "M1", "S1", "N1", "S4", date(2024, 9, 10), 5, "2024-2025"),
]

EXAMS = [
    # exam_id, name, date, school_year, term, grade, subject, full, pass, excellent, low
    ("E0", "2023学年第二学期数学", date(2024, 6, 20), "2023-2024", 2, 4, "数学", 100, 60, 85, 40),
    ("E1", "2024学年第一学期数学", date(2025, 1, 10), "2024-2025", 1, 4, "数学", 100, 60, 85, 40),
    ("E2", "2024学年第二学期语文", date(2025, 6, 20), "2024-2025", 2, 4, "语文", 120, 72, 102, 48),
]

STUDENT_SCORES = {
    ("E0", "S1"): [80, 70],
    ("E0", "S4"): [40, 50, 60, 30],
    ("E1", "S1"): [90, 80, 70, 60],
    ("E1", "S3"): [80],
    ("E1", "S4"): [50, 30, 70],
    ("E1", "S5"): [40, 60],
    ("E2", "S1"): [108, 96],
    ("E2", "S4"): [60, 48, 36, 84],
}

SCHOOL_SUMMARIES = [
    # exam_id, school_id, n, mean, pass_n, excellent_n, low_n
    ("E1", "S2", 2, 50.0, 1, 0, 1),
    # S1 also sent a summary for E2; its per-student rows win, so this row must be ignored.
    ("E2", "S1", 2, 100.0, 2, 0, 0),
]


# Headers of the files the fixture itself does not write, for `extra` rows (see write_inputs).
EXTRA_HEADERS = {"surveys": ["year", "school_id", "alliance_id", "respondent", "respondents", "satisfied"]}


def write_inputs(folder: Path, *, demo: bool = False, extra: dict[str, list[tuple]] | None = None) -> Path:
    """The rows above as CSV files with English headers, as an office would submit them; `extra`
    appends rows to a file (keyed by file stem, in that file's column order): the scope contract
    test adds a world of its own this way."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "schools.csv",
               ["school_id", "name", "county_code", "county", "town", "stage", "urban_rural_code",
                "lon", "lat", "students"],
               [(*r[:7], *r[8:]) for r in SCHOOLS])
    write_csv(folder / "alliances.csv",
               ["alliance_id", "name", "type", "cross_region", "core_school_id", "founded", "county_code"],
               [(a, n, t, "是" if x else "否", c, f, cc) for a, n, t, x, c, f, cc in ALLIANCES])
    write_csv(folder / "members.csv", ["alliance_id", "school_id", "role", "joined", "left"], LOADED_MEMBERS)
    # The demo generator links evidence under https://demo.invalid/; the dashboard reads that as
    # "this is demo data".
    evidence_root = "https://demo.invalid/evidence" if demo else "https://platform.example/evidence"
    write_csv(folder / "activities.csv",
               ["activity_id", "alliance_id", "date", "type", "host_school_id", "evidence_count", "evidence_url"],
               [(f"ACT{i:03d}", a, d, t, h, e, f"{evidence_root}/{i}" if e else None)
                for i, (a, d, t, h, e, _) in enumerate(_activities())])
    write_csv(folder / "exchanges.csv",
               ["exchange_id", "alliance_id", "teacher_id", "from_school_id", "to_school_id", "kind", "start_date"],
               [r[:7] for r in EXCHANGES])
    write_csv(folder / "mentorships.csv",
               ["pair_id", "alliance_id", "mentor_id", "mentor_school_id", "apprentice_id",
                "apprentice_school_id", "start_date", "sessions"],
               [r[:8] for r in MENTORSHIPS])
    write_csv(folder / "exams.csv",
               ["exam_id", "name", "date", "school_year", "term", "grade", "subject", "full_score", "pass_line",
                "excellent_line", "low_line"], EXAMS)
    write_csv(folder / "results.csv", ["exam_id", "school_id", "student_id", "score"],
               [(e, s, f"{e}-{s}-{i}", score)
                for (e, s), scores in STUDENT_SCORES.items() for i, score in enumerate(scores)])
    write_csv(folder / "results_school.csv", ["exam_id", "school_id", "n", "mean", "pass_n", "excellent_n", "low_n"],
               SCHOOL_SUMMARIES)
    for stem, rows in (extra or {}).items():
        path = folder / f"{stem}.csv"
        if not path.exists():
            write_csv(path, EXTRA_HEADERS[stem], [])
        with path.open("a", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(["" if v is None else v for v in row] for row in rows)
    return folder


def build(path: Path, *, demo: bool = False, extra: dict[str, list[tuple]] | None = None) -> Path:
    """Load the fixture (plus `extra` rows, see write_inputs) through the real ETL (read, validate,
    transform, marts, symlink swap) and return the live path."""
    from etl.load import load
    from etl.transform import build_marts

    inputs = write_inputs(path.parent / "inputs", demo=demo, extra=extra)
    report = load([inputs], path)
    assert report.ok, report
    # No reader has opened the new file yet, so it may be edited in place.
    con = duckdb.connect(os.path.realpath(path))
    try:
        for sql, params in AFTER_LOAD:
            con.execute(sql, params)
        build_marts(con)
        con.execute("checkpoint")
    finally:
        con.close()
    return path
