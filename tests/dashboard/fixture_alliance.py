"""A small database for the alliance detail page, loaded through the real importer. Every expected
figure in tests/dashboard/test_alliance.py is worked out by hand from the rows below.

School year 2023-2024: reference date 31 August 2024; the idle clock of mentor pairs stops on
15 July 2024; the term at the reference date began on 1 February 2024 (spring term).

Schools (贺兰县 640122 unless noted):
  C1 城关一小  urban 111  (106.35, 38.55)  100 teachers   core of A
  M1 立岗村小  rural 220  (106.35, 38.64)  0.09 degrees of latitude north of C1: 10.0 km
  M2 洪广村小  rural 210  no coordinates: no distance
  X1 灵溪一小  urban 111  苍南县 330327   core of B
  X2 马站村小  rural 220  苍南县 330327

Alliances: A 贺兰城乡教共体 co_build, core C1, members C1 M1 M2 since 2022-09-01, founded 2022,
verified by the county; B 苍南协作体 collaborative cross-region, core X1, members X1 X2.

Activities of A (7, two without evidence: A-02 and A-04):
  A-01 2023-09-15 同步课堂 语文 C1 -> M1、M2  evidence 2
  A-02 2023-10-10 集体教研 数学 C1 -> M1      evidence 0
  A-03 2023-12-05 同步课堂 数学 C1 -> M1      evidence 1
  A-04 2024-03-12 同步课堂 语文 C1 -> M1      evidence 0
  A-05 2024-04-20 师徒指导      C1 -> M1      evidence 1
  A-06 2024-05-08 示范课   英语 C1 -> M1      evidence 3
  A-07 2024-06-20 师徒指导      C1 -> M1      evidence 1
  -> months Sep 1, Oct 1, Nov 0, Dec 1, Jan 0, Feb 0, Mar 1, Apr 1, May 1, Jun 1, Jul 0, Aug 0;
     teaching months without a record: 2023年11月 and 2024年1月 (February, July, August are not
     teaching months).
Activity of B: B-01 2023-11-11 同步课堂 X1 -> X2 evidence 0 (never shown under A).

Exchanges of A: E1 teacher T1 C1 -> M1 轮岗 2023-09-01..2024-01-20 (142 days);
                E2 teacher T2 C1 -> M1 支教 2024-02-20..2024-06-30 (132 days).
  Since 1 Feb 2024 M1 received A-04..A-07 and E2; M2 received nothing (A-01 was in the autumn).

Joint exams (grade 3 语文, full marks 100), ten students a school, scores in % of full marks:
  X-1 2024-01-10 (2023秋): C1 78 79 80 81 82 twice (mean 80), M1 68..72 twice (mean 70): gap 10
  X-2 2024-06-20 (2024春): C1 83..87 twice (mean 85),        M1 58..62 twice (mean 60): gap 25
  Each mean's standard error: sd 1.4907 / sqrt(10) = 0.4714; a gap's 1.96 * hypot(0.4714, 0.4714)
  = 1.3066; the widening 25 - 10 = 15 against a half-width of hypot(1.3066, 1.3066) = 1.848:
  significant. M2 sat no exam.

Mentor pairs of A (2023-2024):
  P1 C1 -> M1 sessions 6, last 师徒指导 C1 -> M1 on 2024-06-20: idle 25 days to 15 July.
  P2 C1 -> M2 sessions 3, no record C1 -> M2: idle since 2023-09-20, 299 days to 15 July.
"""

from __future__ import annotations

from pathlib import Path

from tests.csv_inputs import write_csv

SCHOOLS = [
    ("C1", "城关一小", "640122", "贺兰县", "习岗镇", "小学", "111", 106.35, 38.55, 1200, 100),
    ("M1", "立岗村小", "640122", "贺兰县", "立岗镇", "小学", "220", 106.35, 38.64, 120, 12),
    ("M2", "洪广村小", "640122", "贺兰县", "洪广镇", "小学", "210", None, None, 90, 9),
    ("X1", "灵溪一小", "330327", "苍南县", "灵溪镇", "小学", "111", 120.40, 27.50, 2000, 110),
    ("X2", "马站村小", "330327", "苍南县", "马站镇", "小学", "220", 120.60, 27.25, 150, 14),
]
ALLIANCES = [
    ("A", "贺兰城乡教共体", "共建型", "否", "C1", 2022, "县", "640122"),
    ("B", "苍南协作体", "协作型", "是", "X1", 2022, "市", "330327"),
]
MEMBERS = [
    ("A", "C1", "核心校", "2022-09-01"), ("A", "M1", "成员校", "2022-09-01"), ("A", "M2", "成员校", "2022-09-01"),
    ("B", "X1", "核心校", "2022-09-01"), ("B", "X2", "成员校", "2022-09-01"),
]
ACTIVITIES = [
    ("A-01", "A", "2023-09-15", "同步课堂", "语文", "C1", "M1、M2", 2),
    ("A-02", "A", "2023-10-10", "集体教研", "数学", "C1", "M1", 0),
    ("A-03", "A", "2023-12-05", "同步课堂", "数学", "C1", "M1", 1),
    ("A-04", "A", "2024-03-12", "同步课堂", "语文", "C1", "M1", 0),
    ("A-05", "A", "2024-04-20", "师徒指导", None, "C1", "M1", 1),
    ("A-06", "A", "2024-05-08", "示范课", "英语", "C1", "M1", 3),
    ("A-07", "A", "2024-06-20", "师徒指导", None, "C1", "M1", 1),
    ("B-01", "B", "2023-11-11", "同步课堂", "语文", "X1", "X2", 0),
]
EXCHANGES = [
    ("E1", "A", "T1", "C1", "M1", "轮岗", "2023-09-01", "2024-01-20"),
    ("E2", "A", "T2", "C1", "M1", "支教", "2024-02-20", "2024-06-30"),
]
EXAMS = [
    ("X-1", "期末联考", "2024-01-10", 3, "语文", 100),
    ("X-2", "期末联考", "2024-06-20", 3, "语文", 100),
]
SCORES = {("X-1", "C1"): 80, ("X-1", "M1"): 70, ("X-2", "C1"): 85, ("X-2", "M1"): 60}   # centre of 5 scores
MENTORSHIPS = [
    ("P1", "A", "T10", "C1", "T11", "M1", "2023-09-20", 6),
    ("P2", "A", "T12", "C1", "T13", "M2", "2023-09-20", 3),
]


def build(path: Path) -> Path:
    """Write the rows as CSV files with English headers and load them through the real ETL."""
    from etl.load import load

    folder = path.parent / "inputs"
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "schools.csv", ["school_id", "name", "county_code", "county", "town", "stage",
                                    "urban_rural_code", "lon", "lat", "students", "teachers"], SCHOOLS)
    write_csv(folder / "alliances.csv", ["alliance_id", "name", "type", "cross_region", "core_school_id", "founded",
                                      "verified_by", "county_code"], ALLIANCES)
    write_csv(folder / "members.csv", ["alliance_id", "school_id", "role", "joined"], MEMBERS)
    write_csv(folder / "activities.csv", ["activity_id", "alliance_id", "date", "type", "subject", "host_school_id",
                                       "target_school_ids", "evidence_count"], ACTIVITIES)
    write_csv(folder / "exchanges.csv", ["exchange_id", "alliance_id", "teacher_id", "from_school_id", "to_school_id",
                                      "kind", "start_date", "end_date"], EXCHANGES)
    write_csv(folder / "mentorships.csv", ["pair_id", "alliance_id", "mentor_id", "mentor_school_id", "apprentice_id",
                                        "apprentice_school_id", "start_date", "sessions"], MENTORSHIPS)
    write_csv(folder / "exams.csv", ["exam_id", "name", "date", "grade", "subject", "full_score"], EXAMS)
    write_csv(folder / "results.csv", ["exam_id", "school_id", "student_id", "score"],
           [(exam, school, f"{exam}-{school}-{i}", centre - 2 + i % 5)
            for (exam, school), centre in SCORES.items() for i in range(10)])
    report = load([folder], path)
    assert report.ok, report
    return path
