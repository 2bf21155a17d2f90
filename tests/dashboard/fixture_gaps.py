"""A small hand-made database for the 差距 page, loaded through the real ETL. Every expected
figure in tests/dashboard/test_gaps.py is worked out by hand from the rows below.

County 640122 (贺兰县) sends per-student results; county 421321 (随县) sends per-school summaries only.

Schools:
  U1 urban 111, U2 urban 112, U3 urban 111, T1 town 121, R1 rural 220, R2 rural 210, R3 rural 220 (640122)
  V1 V2 V3 urban 111, W1 W2 W3 rural 220 (421321)
Alliances (640122, since 2022-09-01): A1 core U1, members R1 R2; A2 core U2, member R3.
  Activity records: A1 10 in 2023-2024 and 20 in 2024-2025; A2 4 and 2.
Exams (full 100, default lines 60 / 85 / 40 unless noted):
  E0 2023-2024 term 2, grade 4 数学 (640122)
  E1 2024-2025 term 1, grade 4 数学 (640122)
  E2 2024-2025 term 2, grade 4 语文, full 120, own lines pass 72, excellent 102, low 48 (640122)
  F1 2024-2025 term 1, grade 4 数学 (421321; summaries only)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.csv_inputs import write_csv

SCHOOLS = [
    # school_id, name, county_code, county, town, stage, urban_rural_code
    ("U1", "城一小", "640122", "贺兰县", "习岗镇", "primary", "111"),
    ("U2", "城二小", "640122", "贺兰县", "习岗镇", "primary", "112"),
    ("U3", "城三小", "640122", "贺兰县", "习岗镇", "primary", "111"),
    ("T1", "金贵镇小", "640122", "贺兰县", "金贵镇", "primary", "121"),
    ("R1", "立岗村小", "640122", "贺兰县", "立岗镇", "primary", "220"),
    ("R2", "洪广村小", "640122", "贺兰县", "洪广镇", "primary", "210"),
    ("R3", "常信村小", "640122", "贺兰县", "常信乡", "primary", "220"),
    ("V1", "随城一小", "421321", "随县", "厉山镇", "primary", "111"),
    ("V2", "随城二小", "421321", "随县", "厉山镇", "primary", "111"),
    ("V3", "随城三小", "421321", "随县", "厉山镇", "primary", "111"),
    ("W1", "殷店村小", "421321", "随县", "殷店镇", "primary", "220"),
    ("W2", "草店村小", "421321", "随县", "草店镇", "primary", "220"),
    ("W3", "小林村小", "421321", "随县", "小林镇", "primary", "220"),
]

ALLIANCES = [
    # alliance_id, name, type, cross_region, core_school_id, founded, county_code
    ("A1", "城一小教共体", "fusion", "否", "U1", 2022, "640122"),
    ("A2", "城二小教共体", "co_build", "否", "U2", 2022, "640122"),
]

JOINED = date(2022, 9, 1)
MEMBERS = [
    ("A1", "U1", "core", JOINED), ("A1", "R1", "member", JOINED), ("A1", "R2", "member", JOINED),
    ("A2", "U2", "core", JOINED), ("A2", "R3", "member", JOINED),
]

ACTIVITIES = ([("A1", date(2023, 10, 10))] * 10 + [("A1", date(2024, 10, 15))] * 20
              + [("A2", date(2023, 10, 10))] * 4 + [("A2", date(2024, 10, 15))] * 2)

EXAMS = [
    # exam_id, name, date, school_year, term, grade, subject, full, pass, excellent, low ("" = default)
    ("E0", "2023学年第二学期四年级数学", date(2024, 6, 20), "2023-2024", 2, 4, "数学", 100, "", "", ""),
    ("E1", "2024学年第一学期四年级数学", date(2025, 1, 10), "2024-2025", 1, 4, "数学", 100, "", "", ""),
    ("E2", "2024学年第二学期四年级语文", date(2025, 6, 20), "2024-2025", 2, 4, "语文", 120, 72, 102, 48),
    ("F1", "随县2024学年第一学期四年级数学", date(2025, 1, 10), "2024-2025", 1, 4, "数学", 100, "", "", ""),
]

STUDENT_SCORES = {
    ("E0", "U1"): [80, 70],
    ("E0", "U2"): [70],
    ("E0", "U3"): [60, 60],
    ("E0", "R1"): [40, 50],
    ("E0", "R2"): [40],
    ("E0", "R3"): [50, 50],
    ("E1", "U1"): [90, 80, 70, 60],
    ("E1", "U2"): [85, 65, 75],
    ("E1", "U3"): [100, 50, 60],
    ("E1", "T1"): [70, 70],
    ("E1", "R1"): [60, 40, 50, 50],
    ("E1", "R2"): [30, 70],
    ("E1", "R3"): [80, 35, 45, 60],
    ("E2", "U1"): [108, 96, 60],
    ("E2", "R1"): [60, 48, 36],
}

SCHOOL_SUMMARIES = [
    # exam_id, school_id, n, mean, pass_n, excellent_n, low_n
    ("F1", "V1", 10, 80.0, 9, 3, 0),
    ("F1", "V2", 20, 70.0, 15, 2, 1),
    ("F1", "V3", 10, 75.0, 8, 2, 0),
    ("F1", "W1", 10, 60.0, 5, 0, 2),
    ("F1", "W2", 20, 55.0, 8, 0, 4),
    ("F1", "W3", 10, 65.0, 7, 1, 1),
]


def write_inputs(folder: Path) -> Path:
    """The rows above as csv files with English headers, as an office would submit them."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "schools.csv", ["school_id", "name", "county_code", "county", "town", "stage",
                                    "urban_rural_code"], SCHOOLS)
    write_csv(folder / "alliances.csv", ["alliance_id", "name", "type", "cross_region", "core_school_id", "founded",
                                      "county_code"], ALLIANCES)
    write_csv(folder / "members.csv", ["alliance_id", "school_id", "role", "joined"], MEMBERS)
    write_csv(folder / "activities.csv", ["activity_id", "alliance_id", "date", "type", "host_school_id",
                                       "evidence_count"],
           [(f"G{i:03d}", a, d, "sync_class", "U1" if a == "A1" else "U2", 1)
            for i, (a, d) in enumerate(ACTIVITIES)])
    write_csv(folder / "exams.csv", ["exam_id", "name", "date", "school_year", "term", "grade", "subject",
                                  "full_score", "pass_line", "excellent_line", "low_line"], EXAMS)
    write_csv(folder / "results.csv", ["exam_id", "school_id", "student_id", "score"],
           [(e, s, f"{e}-{s}-{i}", score) for (e, s), scores in STUDENT_SCORES.items()
            for i, score in enumerate(scores)])
    write_csv(folder / "results_school.csv", ["exam_id", "school_id", "n", "mean", "pass_n", "excellent_n", "low_n"],
           SCHOOL_SUMMARIES)
    return folder


def build(path: Path) -> Path:
    """Load the fixture through the real ETL and return the live path."""
    from etl.load import load

    report = load([write_inputs(path.parent / "inputs")], path)
    assert report.ok, report.format()
    return path
