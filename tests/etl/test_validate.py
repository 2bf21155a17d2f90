"""One test per bad-input case of the data contract: each asserts the printed message names
file, row, column, value and reason (Chinese and English)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import prcoords
import pytest

from etl.cells import parse_date
from etl.load import check, load
from tests.etl.fixtures import HEADERS, ROWS, assert_problem, query, rows, write_csv, write_set


def _check(tmp_path: Path, **tables: list[list[str]]):
    folder = write_set(tmp_path / "bad", dict(ROWS, **tables))
    return check([folder], tmp_path / "db" / "alliance.duckdb")


def test_clean_set_passes(clean_dir: Path, db: Path) -> None:
    report = check([clean_dir], db)
    assert report.ok, report.format()
    assert report.errors.height == 0
    assert {k: c.rows_read for k, c in report.tables.items()} == {k: len(v) for k, v in ROWS.items()}


def test_missing_required_column_rejects_whole_table(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "bad")
    header = [h for h in HEADERS["schools"] if h != "name"]
    body = [[v for h, v in zip(HEADERS["schools"], r, strict=True) if h != "name"] for r in ROWS["schools"]]
    from tests.etl.fixtures import write_csv
    write_csv(folder / "schools.csv", header, body)
    report = check([folder], tmp_path / "db.duckdb")
    line = assert_problem(report, "schools.csv", "列「学校名称」", "缺少必填列", "missing required column")
    assert "第" not in line.split("：")[0]            # a whole-table problem names no row
    assert report.tables["schools"].rows_rejected == 4 and report.tables["schools"].rows_loaded == 0


def test_missing_required_value(tmp_path: Path) -> None:
    s = rows("schools")
    s[2][1] = "  "
    report = _check(tmp_path, schools=s)
    assert_problem(report, "schools.csv", "第4行", "列「学校名称」", "必填项为空", "required value name is empty")


def test_unknown_code_reported(tmp_path: Path) -> None:
    s = rows("schools")
    s[1][6] = "999"
    report = _check(tmp_path, schools=s)
    line = assert_problem(report, "schools.csv", "第3行", "列「城乡分类代码」", "值「999」", "未知的城乡分类代码",
                          "unknown urban_rural_code")
    assert line.startswith("schools.csv 第3行 列「城乡分类代码」 值「999」：未知的城乡分类代码")


def test_code_variants_map_to_codes(tmp_path: Path, db: Path) -> None:
    a = rows("alliances")
    a[0][2] = "融合性"                                  # seed 003 writes the type this way
    a[0][6] = "县核验"
    m = rows("members")
    m[0][2] = "牵头学校"
    act = rows("activities")
    act[0][3] = "送教下乡"
    folder = write_set(tmp_path / "in", dict(ROWS, alliances=a, members=m, activities=act))
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select type, verified_by from alliances") == [("fusion", "county")]
    assert query(db, "select role from alliance_members where school_id = '6401220001'") == [("core",)]
    assert query(db, "select type from activities where activity_id = 'A-001'") == [("demo_lesson",)]


@pytest.mark.parametrize("text, expected", [
    ("2024-03-15", dt.date(2024, 3, 15)),
    ("2024/3/15", dt.date(2024, 3, 15)),
    ("2024.3.15", dt.date(2024, 3, 15)),
    ("2024年3月15日", dt.date(2024, 3, 15)),
    ("20240315", dt.date(2024, 3, 15)),
    ("45366", dt.date(2024, 3, 15)),                  # Excel serial number
    ("45366.0", dt.date(2024, 3, 15)),
    ("2024-03-15 00:00:00", dt.date(2024, 3, 15)),    # datetime string from a date cell
    ("2024-03-15T08:30:00", dt.date(2024, 3, 15)),
    ("2024-02-30", None),
    ("2024", None),
    ("下周三", None),
])
def test_parse_date_formats(text: str, expected: dt.date | None) -> None:
    got = pl.select(parse_date(pl.lit(text))).item()
    assert got == expected


def test_unparseable_date(tmp_path: Path) -> None:
    m = rows("members")
    m[1][3] = "2021-13-45"
    report = _check(tmp_path, members=m)
    assert_problem(report, "members.csv", "第3行", "列「加入日期」", "值「2021-13-45」", "无法识别的日期",
                   "unparseable date")


def test_unparseable_number(tmp_path: Path) -> None:
    s = rows("schools")
    s[0][10] = "很多"
    e = rows("exams")
    e[0][7] = "一百"
    report = _check(tmp_path, schools=s, exams=e)
    assert_problem(report, "schools.csv", "第2行", "列「学生数」", "值「很多」", "不是整数", "not a whole number")
    assert_problem(report, "exams.csv", "第2行", "列「满分」", "值「一百」", "不是数字", "not a number")


def test_numbers_too_large_for_the_database(tmp_path: Path) -> None:
    s = rows("schools")
    s[0][10] = "3000000000"                       # passes int64, not the database's 32-bit integer
    s[1][10] = "99999999999999999999"             # beyond int64: used to crash the cast
    sv = [list(r) for r in ROWS["surveys"]]
    sv[0][0] = "1e20"
    report = _check(tmp_path, schools=s, surveys=sv)
    assert_problem(report, "schools.csv", "第2行", "列「学生数」", "值「3000000000」", "数值过大", "too large")
    assert_problem(report, "schools.csv", "第3行", "列「学生数」", "值「99999999999999999999」", "数值过大")
    assert_problem(report, "surveys.csv", "第2行", "列「年份」", "值「1e20」", "不是有效的四位年份")
    assert report.errors.filter(pl.col("reason_en") == "not a whole number").height == 0


def test_score_lines_are_scores_and_rise(tmp_path: Path) -> None:
    base = ROWS["exams"][0]
    share = [*base[:8], "0.6", "0.85", ""]                          # % cells read as 0.6 / 0.85
    share[0] = "X-SHARE"
    upside_down = [*base[:8], "90", "80", ""]                      # pass above excellent
    upside_down[0] = "X-UPSIDE"
    low_high = [*base[:8], "", "", "70"]                           # low above the default pass 60
    low_high[0] = "X-LOW"
    report = _check(tmp_path, exams=[list(base), share, upside_down, low_high])
    assert_problem(report, "exams.csv", "第3行", "列「及格线」", "值「0.6」", "分数线应填分数而不是比例",
                   "looks like a share")
    assert_problem(report, "exams.csv", "第4行", "列「及格线」", "值「90.0 / 80.0」", "及格线高于优秀线")
    assert_problem(report, "exams.csv", "第5行", "列「低分线」", "值「70.0 / 60.0」", "低分线高于及格线")
    assert report.tables["exams"].rows_rejected == 3


def test_references_to_a_table_rejected_whole(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    header = [h for h in HEADERS["schools"] if h != "stage"]          # 学段 is required
    write_csv(folder / "schools.csv", header, [[v for h, v in zip(HEADERS["schools"], r, strict=True) if h != "stage"]
                                              for r in ROWS["schools"]])
    report = check([folder], tmp_path / "db.duckdb")
    assert_problem(report, "schools.csv", "缺少必填列「学段」")
    assert_problem(report, "alliances.csv", "第2行", "列「核心校标识码」", "引用的学校在本次输入中被拒绝",
                   "references a rejected school row")
    assert report.errors.filter(pl.col("reason_en").cast(pl.String).str.starts_with("unknown school")).height == 0


def test_whole_numbers_written_as_floats(tmp_path: Path, db: Path) -> None:
    s = rows("schools")
    s[0][2], s[0][6], s[0][13] = "640122.0", "111.0", "0.0"        # county code, urban-rural code, boarding
    x = rows("exams")
    x[0][4], x[0][5] = "1.0", "3.0"                                 # term, grade
    folder = write_set(tmp_path / "in", dict(ROWS, schools=s, exams=x))
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select county_code, urban_rural_code, boarding from schools where school_id = '6401220001'") \
        == [("640122", "111", False)]
    assert query(db, "select term, grade from exams") == [(1, 3)]


def test_duplicate_key(tmp_path: Path) -> None:
    s = rows("schools")
    s.append(list(s[0]))
    report = _check(tmp_path, schools=s)
    assert_problem(report, "schools.csv", "第6行", "列「学校标识码」", "值「6401220001」", "重复的记录",
                   "与 schools.csv 第2行", "duplicate key")


def test_duplicate_student_result_hides_student_id(tmp_path: Path) -> None:
    r = rows("results")
    r.append(list(r[1]))
    report = _check(tmp_path, results=r)
    line = assert_problem(report, "results.csv", "第6行", "重复的记录", "duplicate key (exam_id, student_id)")
    assert "S0002" not in line


def test_unknown_school_reference(tmp_path: Path) -> None:
    m = rows("members")
    m.append(["HL-01", "6401229999", "成员校", "", ""])
    report = _check(tmp_path, members=m)
    assert_problem(report, "members.csv", "第5行", "列「学校标识码」", "值「6401229999」", "未知的学校",
                   "unknown school")


def test_unknown_alliance_reference(tmp_path: Path) -> None:
    act = rows("activities")
    act[1][1] = "HL-99"
    report = _check(tmp_path, activities=act)
    assert_problem(report, "activities.csv", "第3行", "列「教共体编号」", "值「HL-99」", "未知的教共体",
                   "unknown alliance")


def test_unknown_target_school_in_list(tmp_path: Path) -> None:
    act = rows("activities")
    act[0][6] = "6401220002；6401228888"
    report = _check(tmp_path, activities=act)
    assert_problem(report, "activities.csv", "第2行", "列「受援学校」", "值「6401228888」", "未知的学校")


def test_references_resolve_against_live_database(tmp_path: Path, db: Path) -> None:
    first = write_set(tmp_path / "first", {k: ROWS[k] for k in ("schools", "alliances", "members")})
    assert load([first], db).ok
    later = write_set(tmp_path / "later", {"activities": ROWS["activities"], "results": ROWS["results"],
                                           "exams": ROWS["exams"]})
    report = check([later], db)
    assert report.ok, report.format()


def test_coordinates_outside_china(tmp_path: Path) -> None:
    s = rows("schools")
    s[0][7], s[0][8] = "2.35", "48.85"                 # Paris
    report = _check(tmp_path, schools=s)
    assert_problem(report, "schools.csv", "第2行", "列「经度」", "值「2.35」", "经度不在中国境内",
                   "longitude outside China")


def test_coordinate_pairs(tmp_path: Path) -> None:
    s = rows("schools")
    s[0][7], s[0][8] = "120.5", ""                     # latitude missing
    s[1][8] = "27.5N"                                  # latitude typed, not a number
    report = _check(tmp_path, schools=s)
    assert_problem(report, "schools.csv", "第2行", "列「经度」", "值「120.5,」", "经度和纬度须同时填写",
                   "lon and lat must be given together")
    assert_problem(report, "schools.csv", "第3行", "列「纬度」", "值「27.5N」", "不是数字", "not a number")
    # One problem for the bad latitude, not a second one claiming it is missing.
    third = report.errors.filter((pl.col("file") == "schools.csv") & (pl.col("row") == 3))
    assert third["reason_en"].to_list() == ["not a number"]


def test_score_above_full_marks(tmp_path: Path) -> None:
    r = rows("results")
    r[0][4] = "105"
    report = _check(tmp_path, results=r)
    assert_problem(report, "results.csv", "第2行", "列「成绩」", "值「105」", "超过满分 100", "above full marks")


def test_school_summary_checks(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "bad", {k: v for k, v in ROWS.items() if k != "results"})
    from tests.etl.fixtures import write_csv
    write_csv(folder / "成绩汇总.csv", ["考试编号", "学校标识码", "人数", "平均分", "及格人数", "优秀人数", "低分人数"],
              [["X-2024-1", "6401220001", "40", "120", "30", "10", "2"],
               ["X-2024-1", "6401220002", "30", "70", "31", "5", "3"]])
    report = check([folder], tmp_path / "db.duckdb")
    assert "results_school" in report.tables
    assert_problem(report, "成绩汇总.csv", "第2行", "列「平均分」", "值「120」", "超过满分", "mean above full marks")
    assert_problem(report, "成绩汇总.csv", "第3行", "列「及格人数」", "值「31」", "超过参考人数",
                   "pass_n above n")


def test_core_school_not_member(tmp_path: Path) -> None:
    m = rows("members")[1:]
    report = _check(tmp_path, members=m)
    assert_problem(report, "alliances.csv", "第2行", "列「核心校标识码」", "值「6401220001」", "核心校没有列入",
                   "core school is not a member")


def test_alliance_over_county_cap(tmp_path: Path) -> None:
    s = rows("schools") + [["6401220005", "贺兰县立岗小学", "640122", "贺兰县", "立岗镇", "小学", "220", "", "",
                            "", "", "", "", ""]]
    m = rows("members") + [["HL-01", "6401220004", "成员校", "", ""], ["HL-01", "6401220005", "成员校", "", ""]]
    report = _check(tmp_path, schools=s, members=m)
    assert_problem(report, "alliances.csv", "第2行", "列「教共体编号」", "值「HL-01」", "共有 5 所学校",
                   "上限 4 所", "over the cap of 4")


@pytest.mark.parametrize("text, expected", [("是", True), ("否", False), ("Y", True), ("N", False),
                                            ("1", True), ("0", False)])
def test_booleans(tmp_path: Path, db: Path, text: str, expected: bool) -> None:
    s = rows("schools")
    s[0][13] = text
    report = load([write_set(tmp_path / "in", dict(ROWS, schools=s))], db)
    assert report.ok, report.format()
    assert query(db, "select boarding from schools where school_id = '6401220001'") == [(expected,)]


def test_bad_boolean(tmp_path: Path) -> None:
    s = rows("schools")
    s[0][13] = "也许"
    report = _check(tmp_path, schools=s)
    assert_problem(report, "schools.csv", "第2行", "列「寄宿制」", "值「也许」", "应填 是 或 否", "expected yes/no")


def test_county_code_six_digits(tmp_path: Path) -> None:
    s = rows("schools")
    s[0][2] = "64012"
    report = _check(tmp_path, schools=s)
    assert_problem(report, "schools.csv", "第2行", "列「区县代码」", "值「64012」", "6位数字", "6 digits")


def test_survey_needs_school_or_alliance_and_satisfied_within_respondents(tmp_path: Path) -> None:
    sv = [["2024", "", "", "家长", "120", "110"], ["2024", "6401220002", "", "教师", "40", "41"]]
    report = _check(tmp_path, surveys=sv)
    assert_problem(report, "surveys.csv", "第2行", "至少填一项", "needs school_id or alliance_id")
    assert_problem(report, "surveys.csv", "第3行", "列「满意人数」", "值「41」", "超过参与人数",
                   "satisfied above respondents")


def test_gcj02_and_bd09_stored_as_wgs84(clean_dir: Path, db: Path) -> None:
    assert load([clean_dir], db).ok
    got = dict((r[0], (r[1], r[2])) for r in query(db, "select school_id, lat, lon from schools"))
    gcj = prcoords.gcj_wgs_bored((38.6000, 106.4000))
    bd = prcoords.bd_wgs_bored((38.5400, 106.3600))
    assert got["6401220001"] == pytest.approx((38.55, 106.35))
    assert got["6401220002"] == pytest.approx((gcj.lat, gcj.lon), abs=1e-9)
    assert got["6401220004"] == pytest.approx((bd.lat, bd.lon), abs=1e-9)
    # GCJ02 shifts ~500 m here: the stored point must differ from what was typed
    assert abs(got["6401220002"][1] - 106.4) > 1e-3


def test_cascade_rejects_rows_of_rejected_parent(tmp_path: Path, db: Path) -> None:
    s = rows("schools")
    s[2][6] = "999"                                     # 6401220003 is rejected ...
    folder = write_set(tmp_path / "in", dict(ROWS, schools=s))
    report = load([folder], db, allow_rejects=True)
    assert report.ok
    # ... so its membership, its exchange, its mentorship and its result go with it
    assert_problem(report, "members.csv", "第4行", "值「6401220003」", "被拒绝", "references a rejected school row")
    for table in ("members", "exchanges", "mentorships", "results"):
        assert report.tables[table].rows_rejected >= 1, table
    assert query(db, "select count(*) from alliance_members where school_id = '6401220003'") == [(0,)]
    assert query(db, "select count(*) from exchanges") == [(0,)]


def test_cascade_through_alliance_rules(tmp_path: Path, db: Path) -> None:
    m = rows("members")[1:]                             # core not a member -> alliance rejected
    report = load([write_set(tmp_path / "in", dict(ROWS, members=m))], db, allow_rejects=True)
    assert report.ok
    assert report.tables["alliances"].rows_rejected == 1
    assert report.tables["members"].rows_rejected == 2
    assert report.tables["activities"].rows_rejected == 2
    assert_problem(report, "activities.csv", "第2行", "列「教共体编号」", "references a rejected alliance row")
    assert query(db, "select count(*) from alliances") == [(0,)]


def test_exam_defaults_and_derived_term(clean_dir: Path, db: Path) -> None:
    assert load([clean_dir], db).ok
    assert query(db, "select school_year, term, grade, pass_line, excellent_line, low_line from exams") == [
        ("2023-2024", 1, 3, 60.0, 85.0, 40.0)]


@pytest.mark.parametrize("text, grade", [("7", 7), ("初一", 7), ("七年级", 7), ("初三", 9), ("高二", 11),
                                         ("三年级", 3), ("１２", 12)])
def test_grades(tmp_path: Path, db: Path, text: str, grade: int) -> None:
    e = rows("exams")
    e[0][5] = text
    assert load([write_set(tmp_path / "in", dict(ROWS, exams=e))], db).ok
    assert query(db, "select grade from exams") == [(grade,)]


def test_school_year_derivation(clean_dir: Path, db: Path) -> None:
    assert load([clean_dir], db).ok
    assert query(db, "select activity_id, school_year, year from activities order by 1") == [
        ("A-001", "2023-2024", 2024), ("A-002", "2023-2024", 2023)]
    assert query(db, "select school_year from mentorships") == [("2021-2022",)]
    assert query(db, "select school_year from exchanges") == [("2023-2024",)]
    assert query(db, "select urban_rural from schools order by school_id") == [
        ("urban",), ("rural",), ("rural",), ("urban",)]


@pytest.mark.parametrize("text, term", [("", 1), ("2", 2), ("第二学期", 2), ("上学期", 1)])
def test_terms(tmp_path: Path, db: Path, text: str, term: int) -> None:
    e = rows("exams")
    e[0][4] = text                                      # exam on 2024-01-15: term 1 when blank
    assert load([write_set(tmp_path / "in", dict(ROWS, exams=e))], db).ok
    assert query(db, "select term from exams") == [(term,)]


def test_bad_term(tmp_path: Path) -> None:
    e = rows("exams")
    e[0][4] = "3"
    report = _check(tmp_path, exams=e)
    assert_problem(report, "exams.csv", "第2行", "列「学期」", "值「3」", "学期应为 1 或 2", "term must be 1 or 2")


# ---------------------------------------------------------------- thousands separators

@pytest.mark.parametrize("kind, text, expected", [
    ("int", "1,234", 1234), ("int", "12,345,678", 12345678), ("int", "-1,234", -1234), ("int", "1234", 1234),
    ("int", "1,23", None), ("int", "12,34,5", None), ("int", "1,2345", None), ("int", ",123", None),
    ("int", "1,234.5", None),
    ("float", "1,234.5", 1234.5), ("float", "12,345.25", 12345.25), ("float", "1,000", 1000.0),
    ("float", "1,5", None), ("float", "1.234,5", None), ("float", "1,234,", None),
])
def test_parse_thousands_separator(kind: str, text: str, expected: float | None) -> None:
    from etl.cells import parse
    from etl.schema import Column
    assert pl.select(parse(Column("x", "x", kind), pl.lit(text))).item() == expected


def test_thousands_separators_load(tmp_path: Path, db: Path) -> None:
    s = rows("schools")
    s[0][10] = "1,200"                                  # as Excel/WPS exports a formatted number as text
    s[1][10] = "1，300"                                 # full-width comma (NFKC -> ",")
    act = rows("activities")
    act[0][6] = "6401220002,6401220003"                 # ids keep "," as a list separator
    act[0][8] = "1,040"
    act[0][9] = "1,234.5"
    report = load([write_set(tmp_path / "in", dict(ROWS, schools=s, activities=act))], db)
    assert report.ok, report.format()
    assert query(db, "select school_id, students from schools where students >= 1000 order by 1") == [
        ("6401220001", 1200), ("6401220002", 1300)]
    got = query(db, "select participants, hours, target_school_ids from activities where activity_id = 'A-001'")
    assert got == [(1040, 1234.5, ["6401220002", "6401220003"])]


def test_ill_formed_thousands_separator(tmp_path: Path) -> None:
    s = rows("schools")
    s[0][10] = "1,23"
    s[1][11] = "12,34,5"
    s[0][7], s[0][8] = "106,35", "38,55"               # a coordinate never has thousands
    s[3][10] = "1,234.5"                                 # well-formed, but not a whole number
    e = rows("exams")
    e[0][7] = "1,5"
    a = rows("alliances")
    a[0][5] = "2,021"                                    # a year is not a thousands number
    report = _check(tmp_path, schools=s, exams=e, alliances=a)
    assert_problem(report, "schools.csv", "第2行", "列「学生数」", "值「1,23」", "不是整数", "逗号只能作千分位",
                   "小数请用小数点", "not a whole number", "groups of three")
    assert_problem(report, "schools.csv", "第3行", "列「教师数」", "值「12,34,5」", "不是整数", "逗号只能作千分位",
                   "not a whole number")
    assert_problem(report, "schools.csv", "第2行", "列「经度」", "值「106,35」", "不是数字", "小数请用小数点",
                   "a decimal needs a point")
    line = assert_problem(report, "schools.csv", "第5行", "列「学生数」", "值「1,234.5」", "不是整数",
                          "not a whole number")
    assert "逗号" not in line and "comma" not in line
    assert_problem(report, "exams.csv", "第2行", "列「满分」", "值「1,5」", "不是数字", "逗号只能作千分位",
                   "not a number")
    assert_problem(report, "alliances.csv", "第2行", "列「组建年份」", "值「2,021」", "不是有效的四位年份")


# ---------------------------------------------------------------- the core school's member row

def test_member_marked_core_is_not_the_alliance_core(tmp_path: Path) -> None:
    m = rows("members")
    m[1][2] = "核心校"
    report = _check(tmp_path, members=m)
    assert_problem(report, "members.csv", "第3行", "列「学校标识码」", "值「6401220002」",
                   "该校被标为核心校，但教共体表中的核心校是 6401220001",
                   "member marked core but the alliance's core school is 6401220001")
    assert_problem(report, "alliances.csv", "第2行", "列「核心校标识码」", "值「6401220001」",
                   "成员表中有 2 所学校被标为核心校（6401220001、6401220002）", "2 member rows are marked core")


def test_core_school_marked_member(tmp_path: Path) -> None:
    m = rows("members")
    m[0][2] = "成员校"
    report = _check(tmp_path, members=m)
    assert_problem(report, "members.csv", "第2行", "列「学校标识码」", "值「6401220001」", "角色填的是成员校",
                   "its role is member (should be core)")
    assert_problem(report, "alliances.csv", "第2行", "列「核心校标识码」", "值「6401220001」",
                   "核心校在成员表中的角色是成员校", "core school has role member")


def test_core_rules_against_live_database(tmp_path: Path, db: Path) -> None:
    assert load([write_set(tmp_path / "first", {k: ROWS[k] for k in ("schools", "alliances", "members")})], db).ok
    # A member row for an alliance that is only in the database: judged against its stored core.
    later = write_set(tmp_path / "later", {"members": [["HL-01", "6401220004", "核心校", "", ""]]})
    report = check([later], db)
    assert_problem(report, "members.csv", "第2行", "值「6401220004」", "教共体表中的核心校是 6401220001",
                   "the alliance's core school is 6401220001")
    # A new core in the alliance table with its member row, while the database still holds the
    # old core's row marked core: two cores.
    a = rows("alliances")
    a[0][4] = "6401220002"
    new_core = write_set(tmp_path / "new_core", {"alliances": a, "members": [["HL-01", "6401220002", "核心校", "", ""]]})
    report = check([new_core], db)
    assert_problem(report, "alliances.csv", "第2行", "列「核心校标识码」", "值「6401220002」",
                   "2 所学校被标为核心校（6401220001、6401220002）")
    # The new core alone, its stored row still saying member: the alliance is refused.
    report = check([write_set(tmp_path / "only_alliance", {"alliances": a})], db)
    assert_problem(report, "alliances.csv", "第2行", "值「6401220002」", "核心校在成员表中的角色是成员校")
    # Both member rows restated: clean, and the roster is replaced.
    fixed = write_set(tmp_path / "fixed", {"alliances": a, "members": [
        ["HL-01", "6401220001", "成员校", "", ""], ["HL-01", "6401220002", "核心校", "", ""]]})
    report = load([fixed], db)
    assert report.ok, report.format()
    assert query(db, "select school_id from alliance_members where role = 'core'") == [("6401220002",)]


def test_core_rules_cascade_with_allow_rejects(tmp_path: Path, db: Path) -> None:
    m = rows("members")
    m[1][2] = "核心校"                                   # two core rows -> alliance rejected ...
    report = load([write_set(tmp_path / "in", dict(ROWS, members=m))], db, allow_rejects=True)
    assert report.ok
    assert report.tables["alliances"].rows_rejected == 1
    assert report.tables["members"].rows_rejected == 3   # ... and with it every membership
    assert report.tables["activities"].rows_rejected == 2
    for c in report.tables.values():
        assert c.rows_read == c.rows_loaded + c.rows_rejected
    assert query(db, "select count(*) from alliances") == [(0,)]
    assert query(db, "select count(*) from alliance_members") == [(0,)]


def test_core_rules_cascade_against_database_with_allow_rejects(tmp_path: Path, db: Path) -> None:
    assert load([write_set(tmp_path / "first", {k: ROWS[k] for k in ("schools", "alliances", "members")})], db).ok
    a = rows("alliances")
    a[0][4] = "6401220002"
    later = write_set(tmp_path / "later", {"alliances": a, "members": [["HL-01", "6401220002", "核心校", "", ""]]})
    report = load([later], db, allow_rejects=True)
    assert report.ok
    # The alliance is refused (two cores); its stored core stays, so the new core row is refused too.
    assert report.tables["alliances"].rows_rejected == 1
    assert_problem(report, "members.csv", "第2行", "值「6401220002」", "教共体表中的核心校是 6401220001")
    assert query(db, "select core_school_id from alliances") == [("6401220001",)]
    assert query(db, "select school_id, role from alliance_members order by 1") == [
        ("6401220001", "core"), ("6401220002", "member"), ("6401220003", "member")]
