"""A small hand-made database for the 交流 page, built through the real loader (etl.load.load).
Every expected figure in tests/dashboard/test_flows*.py is worked out by hand from the rows below.

One school year, 2024-2025 (reference date 2025-08-31). County 632523 贵德县 unless noted.

Schools (teachers):
  C1 城关小学          urban 111  河阴镇  40 teachers   core of B1
  C2 城关中学          urban 111  河阴镇  50            member of B2
  M1 河西镇小          town  121  河西镇
  M2 <b>河东</b>村小   rural 220  河西镇              (the name is markup on purpose)
  M3 洪广村小          rural 210  尕让乡              member that receives nothing
  M4 常牧村小          rural 220  常牧镇              no coordinates
  O1 暖泉小学          town  122  尕让乡              in no alliance
  J1 海安实验小学      urban 111  海安市, county 320685 海安市, core of B2

Alliances:
  B1 城关小学教共体 co_build: C1 (core), M1 M2 M3 M4 (members), all since 2023-09-01
  B2 海安—城关协作体 collaborative, cross-region: J1 (core), C2 (member), since 2023-09-01

Exchanges (days = end - start + 1; open placements run to 2025-08-31):
  X1 T1 C1->M1 rotation  2024-09-01..2024-12-31  122 days (30+31+30+31)
  X2 T2 C1->M2 support   2024-09-01..2024-09-30   30 days
  X3 T3 C1->M2 delivery  2024-10-08..2024-10-09    2 days
  X4 T1 C1->M2 walking   2024-11-01..2024-11-30   30 days  (T1 is also on X1 then: an overlap)
  X5 T4 C1->O1 support   2024-09-01..2024-10-31   61 days  (O1 is outside the alliance)
  X6 T5 M2->C1 shadow    2025-03-01..2025-03-31   31 days  (跟岗: village to town)
  X7 T6 C1->M4 rotation  2024-09-01..open         365 days (2024-09-01..2025-08-31)
  X8 T7 J1->C2 support   2024-09-01..2024-12-31  122 days (B2)
Activities (one person-time and one person-day per target school):
  AC1 B1 2024-10-15 sync_class  host C1 -> M1, M2
  AC2 B1 2024-10-22 sync_class  host C1 -> M1
  AC3 B1 2025-04-10 demo_lesson host C1 -> M1, C1 (the host itself is no flow)
Mentor pairs (one person-time, one person-day per session):
  P1 B1 mentor K1 (C1) -> apprentice at M2, 2024-09-10, 5 sessions
"""

from __future__ import annotations

from pathlib import Path

from tests.csv_inputs import write_csv

ESCAPE_NAME = "<b>河东</b>村小"

SCHOOLS = [
    # school_id, name, county_code, county, town, stage, urban_rural_code, lon, lat, students, teachers
    ("C1", "城关小学", "632523", "贵德县", "河阴镇", "primary", "111", 101.43, 36.03, 1200, 40),
    ("C2", "城关中学", "632523", "贵德县", "河阴镇", "junior", "111", 101.44, 36.04, 900, 50),
    ("M1", "河西镇小", "632523", "贵德县", "河西镇", "primary", "121", 101.38, 36.05, 400, 20),
    ("M2", ESCAPE_NAME, "632523", "贵德县", "河西镇", "primary", "220", 101.34, 36.07, 120, 10),
    ("M3", "洪广村小", "632523", "贵德县", "尕让乡", "primary", "210", 101.24, 36.16, 90, 8),
    ("M4", "常牧村小", "632523", "贵德县", "常牧镇", "primary", "220", None, None, 80, 8),
    ("O1", "暖泉小学", "632523", "贵德县", "尕让乡", "primary", "122", 101.26, 36.15, 300, 18),
    ("J1", "海安实验小学", "320685", "海安市", "海安市", "primary", "111", 120.46, 32.53, 2100, 100),
]

ALLIANCES = [
    # alliance_id, name, type, cross_region, core_school_id, founded, county_code
    ("B1", "城关小学教共体", "co_build", "否", "C1", 2023, "632523"),
    ("B2", "海安—城关协作体", "collaborative", "是", "J1", 2023, "632523"),
]

MEMBERS = [
    ("B1", "C1", "core", "2023-09-01"), ("B1", "M1", "member", "2023-09-01"),
    ("B1", "M2", "member", "2023-09-01"), ("B1", "M3", "member", "2023-09-01"),
    ("B1", "M4", "member", "2023-09-01"),
    ("B2", "J1", "core", "2023-09-01"), ("B2", "C2", "member", "2023-09-01"),
]

EXCHANGES = [
    # exchange_id, alliance_id, teacher_id, from, to, kind, start_date, end_date
    ("X1", "B1", "T1", "C1", "M1", "rotation", "2024-09-01", "2024-12-31"),
    ("X2", "B1", "T2", "C1", "M2", "support", "2024-09-01", "2024-09-30"),
    ("X3", "B1", "T3", "C1", "M2", "delivery", "2024-10-08", "2024-10-09"),
    ("X4", "B1", "T1", "C1", "M2", "walking", "2024-11-01", "2024-11-30"),
    ("X5", "B1", "T4", "C1", "O1", "support", "2024-09-01", "2024-10-31"),
    ("X6", "B1", "T5", "M2", "C1", "shadow", "2025-03-01", "2025-03-31"),
    ("X7", "B1", "T6", "C1", "M4", "rotation", "2024-09-01", None),
    ("X8", "B2", "T7", "J1", "C2", "support", "2024-09-01", "2024-12-31"),
]

ACTIVITIES = [
    # activity_id, alliance_id, date, type, host_school_id, target_school_ids, evidence_count
    ("AC1", "B1", "2024-10-15", "sync_class", "C1", "M1、M2", 1),
    ("AC2", "B1", "2024-10-22", "sync_class", "C1", "M1", 1),
    ("AC3", "B1", "2025-04-10", "demo_lesson", "C1", "M1、C1", 1),
]

MENTORSHIPS = [
    # pair_id, alliance_id, mentor_id, mentor_school_id, apprentice_id, apprentice_school_id, start_date, sessions
    ("P1", "B1", "K1", "C1", "K2", "M2", "2024-09-10", 5),
]


def write_inputs(folder: Path) -> Path:
    """The rows above as CSV files with English headers, as an office would submit them."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "schools.csv", ["school_id", "name", "county_code", "county", "town", "stage",
                                        "urban_rural_code", "lon", "lat", "students", "teachers"], SCHOOLS)
    write_csv(folder / "alliances.csv",
               ["alliance_id", "name", "type", "cross_region", "core_school_id", "founded", "county_code"], ALLIANCES)
    write_csv(folder / "members.csv", ["alliance_id", "school_id", "role", "joined"], MEMBERS)
    write_csv(folder / "exchanges.csv", ["exchange_id", "alliance_id", "teacher_id", "from_school_id",
                                          "to_school_id", "kind", "start_date", "end_date"], EXCHANGES)
    write_csv(folder / "activities.csv", ["activity_id", "alliance_id", "date", "type", "host_school_id",
                                           "target_school_ids", "evidence_count"], ACTIVITIES)
    write_csv(folder / "mentorships.csv", ["pair_id", "alliance_id", "mentor_id", "mentor_school_id",
                                            "apprentice_id", "apprentice_school_id", "start_date", "sessions"],
               MENTORSHIPS)
    return folder


def build(path: Path) -> Path:
    """Load the rows above through the real ETL (read, validate, transform, marts) into `path`."""
    from etl.load import load

    report = load([write_inputs(path.parent / "inputs")], path)
    assert report.ok and report.problems.height == 0, report.format()
    return path
