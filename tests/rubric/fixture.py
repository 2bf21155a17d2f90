"""A small world for the rubric tests, built through the real loader (etl.load.load). Every score
the tests expect is worked out by hand from the rows below (see each test's comments).

Alliances (the shipped data/rubrics/assign.toml decides the rubric):
  K1 苍南 co-build, core C1 (50 teachers), member C2          -> cangnan_county, 2024-2025
  K2 苍南 co-build, core C3 (10 teachers), member D3          -> cangnan_county
  K5, K6, K7 苍南 co-build, cores C5 C6 C7 (10 teachers each), members D5 D6 D7 -> cangnan_county
  X1 苍南 collaborative cross-region, core H1 (杭州), member C8 -> cangnan_cross_region, 2025
  S1 随县 fusion, core Y1, members Y2 Y3                      -> suixian_bundled, 2024-2025/2
  L1 贺兰 co-build, core L1C, member L1M                       -> helan, 2024-2025
  G1 贵德 co-build, core G1C, member G1M                       -> no rubric (not assessed)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.csv_inputs import write_csv

SCHOOLS = [
    # school_id, name, county_code, town, stage, urban_rural_code, teachers
    ("C1", "灵溪一小", "330327", "灵溪镇", "primary", "111", 50),
    ("C2", "马站村小", "330327", "马站镇", "primary", "220", 12),
    ("C3", "灵溪三小", "330327", "灵溪镇", "primary", "111", 10),
    ("D3", "藻溪村小", "330327", "藻溪镇", "primary", "220", 8),
    ("C5", "钱库一小", "330327", "钱库镇", "primary", "121", 10),
    ("D5", "钱库村小", "330327", "钱库镇", "primary", "220", 8),
    ("C6", "金乡一小", "330327", "金乡镇", "primary", "121", 10),
    ("D6", "金乡村小", "330327", "金乡镇", "primary", "220", 8),
    ("C7", "宜山一小", "330327", "宜山镇", "primary", "121", 10),
    ("D7", "宜山村小", "330327", "宜山镇", "primary", "220", 8),
    ("H1", "杭州小河小学", "330105", "拱墅区", "primary", "111", 80),
    ("C8", "南宋村小", "330327", "南宋镇", "primary", "220", 9),
    ("Y1", "厉山一小", "421321", "厉山镇", "primary", "121", 60),
    ("Y2", "厉山村小", "421321", "厉山镇", "primary", "220", 10),
    ("Y3", "厉山二村小", "421321", "厉山镇", "primary", "220", 10),
    ("L1C", "城关小学", "640122", "习岗镇", "primary", "111", 40),
    ("L1M", "立岗村小", "640122", "立岗镇", "primary", "220", 8),
    ("G1C", "河阴小学", "632523", "河阴镇", "primary", "121", 30),
    ("G1M", "河西村小", "632523", "河西镇", "primary", "220", 6),
]

ALLIANCES = [
    # alliance_id, name, type, cross_region, core, member, county_code
    ("K1", "灵溪一小教共体", "co_build", False, "C1", "C2", "330327"),
    ("K2", "灵溪三小教共体", "co_build", False, "C3", "D3", "330327"),
    ("K5", "钱库一小教共体", "co_build", False, "C5", "D5", "330327"),
    ("K6", "金乡一小教共体", "co_build", False, "C6", "D6", "330327"),
    ("K7", "宜山一小教共体", "co_build", False, "C7", "D7", "330327"),
    ("X1", "小河—南宋教共体", "collaborative", True, "H1", "C8", "330327"),
    ("S1", "厉山教联体", "fusion", False, "Y1", "Y2", "421321"),
    ("L1", "贺兰城关教育集团", "co_build", False, "L1C", "L1M", "640122"),
    ("G1", "河阴校联体", "co_build", False, "G1C", "G1M", "632523"),
]
EXTRA_MEMBERS = [("S1", "Y3")]


def _activities() -> list[tuple]:
    """(alliance, date, type, subject, host, target)."""
    rows = []

    def add(aid, n, when, kind, host, target, subject=None):
        rows.extend((aid, when, kind, subject, host, target) for _ in range(n))

    # K1, school year 2024-2025: 10 语文 + 5 数学 sync classes, 3 语文 demo lessons = 18 lessons in
    # 2 subjects; 12 research sessions; all before June.
    add("K1", 10, date(2024, 10, 10), "同步课堂", "C1", "C2", "语文")
    add("K1", 5, date(2024, 11, 10), "同步课堂", "C1", "C2", "数学")
    add("K1", 3, date(2025, 3, 10), "示范课", "C1", "C2", "语文")
    add("K1", 12, date(2025, 4, 10), "集体教研", "C1", "C2", "语文")
    # K1 the year before (2023-2024): 4 sync classes in one subject, nothing else.
    add("K1", 4, date(2023, 10, 10), "同步课堂", "C1", "C2", "语文")
    # K2: as K1, 18 lessons in 2 subjects and 12 research sessions.
    add("K2", 9, date(2024, 10, 12), "同步课堂", "C3", "D3", "语文")
    add("K2", 9, date(2024, 11, 12), "同步课堂", "C3", "D3", "科学")
    add("K2", 12, date(2025, 4, 12), "集体教研", "C3", "D3", "语文")
    # K5, K6, K7: 10 lessons in 2 subjects and 12 research sessions each.
    for aid, core, member in (("K5", "C5", "D5"), ("K6", "C6", "D6"), ("K7", "C7", "D7")):
        add(aid, 5, date(2024, 10, 15), "同步课堂", core, member, "语文")
        add(aid, 5, date(2024, 11, 15), "同步课堂", core, member, "数学")
        add(aid, 12, date(2025, 3, 15), "集体教研", core, member, "数学")
    # X1, calendar year 2025: research 5 in January and 5 in April, a shared course in February,
    # 8 demo lessons in April, no student exchange.
    add("X1", 5, date(2025, 1, 8), "集体教研", "H1", "C8", "数学")
    add("X1", 1, date(2025, 2, 20), "拓展课程", "H1", "C8")
    add("X1", 5, date(2025, 4, 8), "集体教研", "H1", "C8", "数学")
    add("X1", 8, date(2025, 4, 15), "示范课", "H1", "C8", "语文")
    # S1, term 2024-2025/2 (Feb-Aug 2025): 16 sync classes, 7 research sessions; 3 more sync classes
    # in term 1, which do not count.
    add("S1", 16, date(2025, 3, 5), "同步课堂", "Y1", "Y2", "语文")
    add("S1", 7, date(2025, 4, 5), "集体教研", "Y1", "Y3", "语文")
    add("S1", 3, date(2024, 10, 5), "同步课堂", "Y1", "Y2", "语文")
    # L1, school year 2024-2025: 2 forums, 6 research, 30 lesson visits, 8 sync classes, 1 culture event.
    add("L1", 2, date(2024, 11, 20), "校长论坛", "L1C", "L1M")
    add("L1", 6, date(2024, 12, 2), "集体教研", "L1C", "L1M", "数学")
    add("L1", 30, date(2025, 3, 2), "听评课", "L1M", "L1M", "语文")
    add("L1", 8, date(2025, 4, 2), "同步课堂", "L1C", "L1M", "语文")
    add("L1", 1, date(2025, 5, 2), "学生交流", "L1C", "L1M")
    # G1 (no rubric): something to show that it is left out.
    add("G1", 4, date(2024, 10, 2), "同步课堂", "G1C", "G1M", "语文")
    return rows


def _exchanges() -> list[tuple]:
    """(alliance, teacher, from, to, kind, start, end)."""
    return [
        # K1: 3 distinct core teachers sent (T1 twice) of 50 = 6 %; a member's teacher to the core
        # does not count.
        ("K1", "T1", "C1", "C2", "轮岗", date(2024, 9, 1), date(2025, 7, 10)),
        ("K1", "T1", "C1", "C2", "支教", date(2025, 2, 20), date(2025, 7, 5)),
        ("K1", "T2", "C1", "C2", "支教", date(2024, 9, 1), date(2025, 1, 20)),
        ("K1", "T3", "C1", "C2", "走教", date(2024, 9, 1), date(2025, 1, 20)),
        ("K1", "T9", "C2", "C1", "跟岗", date(2024, 10, 1), date(2024, 11, 15)),
        # K2, K5, K6, K7: one core teacher each of 10 = 10 %.
        ("K2", "T31", "C3", "D3", "轮岗", date(2024, 9, 1), date(2025, 7, 10)),
        ("K5", "T51", "C5", "D5", "轮岗", date(2024, 9, 1), date(2025, 7, 10)),
        ("K6", "T61", "C6", "D6", "轮岗", date(2024, 9, 1), date(2025, 7, 10)),
        ("K7", "T71", "C7", "D7", "轮岗", date(2024, 9, 1), date(2025, 7, 10)),
        # X1: a member teacher shadows the core from 1 March to 1 April (1 whole month: counts) and
        # another from 1 March to 31 March (0 whole months: does not).
        ("X1", "T81", "C8", "H1", "跟岗", date(2025, 3, 1), date(2025, 4, 1)),
        ("X1", "T82", "C8", "H1", "跟岗", date(2025, 3, 1), date(2025, 3, 31)),
        # L1: one core teacher to the member school.
        ("L1", "T11", "L1C", "L1M", "支教", date(2024, 9, 1), date(2025, 1, 20)),
    ]


def _pairs() -> list[tuple]:
    """(alliance, mentor school, apprentice school, start, sessions)."""
    rows = []
    # K1: 7 pairs from the core, sessions 5 5 6 9 12 (count) and 4 0 (do not).
    rows += [("K1", "C1", "C2", date(2024, 9, 20), s) for s in (5, 5, 6, 9, 12, 4, 0)]
    # K2: 6 pairs of exactly 5 sessions.
    rows += [("K2", "C3", "D3", date(2024, 9, 22), 5) for _ in range(6)]
    # K5, K6, K7: 5 pairs of >= 5 sessions each, one of 3.
    for aid, core, member in (("K5", "C5", "D5"), ("K6", "C6", "D6"), ("K7", "C7", "D7")):
        rows += [(aid, core, member, date(2024, 9, 25), s) for s in (5, 6, 7, 8, 9, 3)]
    # X1: 9 pairs set in March 2025, all with >= 5 sessions.
    rows += [("X1", "H1", "C8", date(2025, 3, 3), 6) for _ in range(9)]
    return rows


SURVEYS = [
    # year, school_id, alliance_id, respondent, respondents, satisfied
    # K1: parents of C1 and C2 in 2025: 184 of 200 = 92 %.
    (2025, "C1", None, "家长", 100, 95), (2025, "C2", None, "家长", 100, 89),
    # K2: every parent satisfied (100 %).
    (2025, "C3", None, "家长", 100, 100),
    # K5, K6: 88 of 100 parents = 88 %; K7: 175 of 200 = 87.5 %.
    (2025, "C5", None, "家长", 100, 88), (2025, "C6", None, "家长", 100, 88), (2025, "C7", None, "家长", 200, 175),
    # X1: its own survey, 196 of 200 parents = 98 %; the member school's own survey is not used.
    (2025, None, "X1", "家长", 200, 196), (2025, "C8", None, "家长", 100, 50),
    # S1: teachers and parents 230 of 250 = 92 %; students (not asked for) 50 of 100.
    (2025, "Y1", None, "教师", 50, 46), (2025, "Y1", None, "家长", 100, 92),
    (2025, "Y2", None, "教师", 10, 9), (2025, "Y2", None, "家长", 40, 35),
    (2025, "Y3", None, "教师", 10, 10), (2025, "Y3", None, "家长", 40, 38),
    (2025, "Y1", None, "学生", 100, 50),
]

EXAMS = [
    # exam_id, name, date, grade, subject, full
    ("E0", "2023学年第二学期联考", date(2024, 6, 20), 4, "数学", 100),
    ("E1", "2024学年第二学期联考", date(2025, 6, 20), 4, "数学", 100),
]

SUMMARIES = [
    # exam_id, school_id, n, mean, pass_n, excellent_n, low_n
    ("E0", "Y1", 10, 80.0, 9, 3, 0), ("E0", "Y2", 10, 60.0, 5, 0, 2), ("E0", "Y3", 10, 70.0, 7, 1, 0),
    ("E1", "Y1", 10, 78.0, 9, 2, 0), ("E1", "Y2", 10, 66.0, 7, 1, 1), ("E1", "Y3", 10, 66.0, 6, 0, 0),
]


def write_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "schools.csv", ["school_id", "name", "county_code", "town", "stage", "urban_rural_code",
                                    "teachers", "students"],
           [(*s, s[6] * 15) for s in SCHOOLS])
    write_csv(folder / "alliances.csv", ["alliance_id", "name", "type", "cross_region", "core_school_id", "founded",
                                      "county_code"],
           [(a, n, t, "是" if x else "否", c, 2022, cc) for a, n, t, x, c, _m, cc in ALLIANCES])
    members = [(a, c, "core", "2022-09-01") for a, _n, _t, _x, c, _m, _cc in ALLIANCES]
    members += [(a, m, "member", "2022-09-01") for a, _n, _t, _x, _c, m, _cc in ALLIANCES]
    members += [(a, m, "member", "2022-09-01") for a, m in EXTRA_MEMBERS]
    write_csv(folder / "members.csv", ["alliance_id", "school_id", "role", "joined"], members)
    write_csv(folder / "activities.csv", ["activity_id", "alliance_id", "date", "type", "subject", "host_school_id",
                                       "target_school_ids", "evidence_count"],
           [(f"A{i:04d}", a, d, t, s, h, to, 1) for i, (a, d, t, s, h, to) in enumerate(_activities())])
    write_csv(folder / "exchanges.csv", ["exchange_id", "alliance_id", "teacher_id", "from_school_id", "to_school_id",
                                      "kind", "start_date", "end_date"],
           [(f"X{i:03d}", *r) for i, r in enumerate(_exchanges())])
    write_csv(folder / "mentorships.csv", ["pair_id", "alliance_id", "mentor_id", "mentor_school_id", "apprentice_id",
                                        "apprentice_school_id", "start_date", "sessions"],
           [(f"P{i:03d}", a, f"M{i:03d}", ms, f"N{i:03d}", aps, d, s) for i, (a, ms, aps, d, s) in enumerate(_pairs())])
    write_csv(folder / "surveys.csv", ["year", "school_id", "alliance_id", "respondent", "respondents", "satisfied"],
           SURVEYS)
    write_csv(folder / "exams.csv", ["exam_id", "name", "date", "grade", "subject", "full_score"], EXAMS)
    write_csv(folder / "results_school.csv", ["exam_id", "school_id", "n", "mean", "pass_n", "excellent_n", "low_n"],
           SUMMARIES)
    return folder


def build(path: Path) -> Path:
    """Load the rows above through the real ETL; the live path."""
    from etl.load import load

    report = load([write_inputs(path.parent / "inputs")], path)
    assert report.ok, report
    return path


