"""Reading: encodings detected from bytes, files that are not what their extension says,
headers in Chinese or English, cell cleaning, row numbers as the user sees them."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from etl.load import check, load
from etl.read import read_inputs
from tests.etl.fixtures import HEADERS, ROWS, assert_problem, query, rows, write_csv, write_set

CN_HEADERS = {  # schools with the Chinese headers office staff type, required ones starred
    "schools": ["学校标识码*", "学校名称（必填）", "区县代码 *", "区县", "乡镇", "学段*", "城乡分类代码*", "经度", "纬度",
                "坐标系", "学生数", "教师数", "班级数", "寄宿制"],
}


def _only(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = write_set(tmp_path / "in")
    (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_encodings(tmp_path: Path, db: Path, encoding: str) -> None:
    folder = write_set(tmp_path / "in")
    s = rows("schools")
    if encoding == "gb18030":
        s[0][1] = "贺兰县𠀾小学"                         # outside GBK: only GB18030 encodes it
    write_csv(folder / "schools.csv", HEADERS["schools"], s, encoding=encoding)
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select name from schools where school_id = '6401220001'") == [(s[0][1],)]


def test_undecodable_bytes_named_with_row(tmp_path: Path) -> None:
    head = b"school_id,name\n1,"
    folder = _only(tmp_path, "schools.csv", head + b"\xff\xfe\xfa\n")
    report = check([folder], tmp_path / "db.duckdb")
    line = assert_problem(report, "schools.csv", "既不是 UTF-8 也不是 GBK", "neither UTF-8 nor GBK")
    assert "第 2 行" in line and "row 2" in line


def test_xlsx_that_is_csv_text(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "学校.xlsx").write_text("学校标识码,学校名称\n1,a\n", encoding="utf-8")
    (folder / "schools.csv").unlink()
    report = check([folder], tmp_path / "db.duckdb")
    assert not report.ok
    assert_problem(report, "学校.xlsx", "内容不是 Excel 工作簿", "not an xlsx workbook")


def test_old_xls_workbook(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    for name in ("book.xls", "book.xlsx"):
        report = check([_only(tmp_path / name, name, ole)], tmp_path / "db.duckdb")
        assert_problem(report, name, "无法打开 Excel 工作簿", "cannot open the workbook")


def test_csv_that_is_a_zip(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "schools.csv").unlink()
    with zipfile.ZipFile(folder / "schools.csv", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    report = check([folder], tmp_path / "db.duckdb")
    assert_problem(report, "schools.csv", "内容是 Excel 工作簿", "content is an xlsx workbook")


def test_empty_file(tmp_path: Path) -> None:
    report = check([_only(tmp_path, "schools.csv", b"")], tmp_path / "db.duckdb")
    assert_problem(report, "schools.csv", "文件是空的", "file is empty")


def test_sheet_without_header(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    wb = xlsxwriter.Workbook(path)
    wb.add_worksheet("学校")
    wb.close()
    report = check([path], tmp_path / "db.duckdb")
    # Empty: nothing to lose, so a warning, not a refusal.
    assert report.ok and report.errors.height == 0
    assert_problem(report, "book.xlsx", "工作表「学校」", "工作表是空的", "sheet is empty")


def test_unknown_csv_name_is_an_error(tmp_path: Path) -> None:
    report = check([_only(tmp_path, "notes.csv", b"a,b\n1,2\n")], tmp_path / "db.duckdb")
    assert_problem(report, "notes.csv", "不是已知的表名", "not a known table name")
    assert not report.ok


def test_chinese_headers_with_required_marks(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "schools.csv").unlink()
    write_csv(folder / "学校.csv", CN_HEADERS["schools"], ROWS["schools"])
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select count(*) from schools") == [(4,)]


def test_full_width_digits_and_spaces_normalised(tmp_path: Path, db: Path) -> None:
    s = rows("schools")
    s[0][2] = "６４０１２２"
    s[0][10] = "　１２００ "
    s[0][1] = "  贺兰县第一小学\t"
    report = load([write_set(tmp_path / "in", dict(ROWS, schools=s))], db)
    assert report.ok, report.format()
    assert query(db, "select name, county_code, students from schools where school_id = '6401220001'") == [
        ("贺兰县第一小学", "640122", 1200)]


def test_results_csv_text_trimmed_and_rows_of_spaces_dropped(tmp_path: Path, monkeypatch) -> None:
    # A results csv's plain text columns are trimmed only when one holds a space (a search instead
    # of rewriting 10M values): padded ids and scores load as the same values, and a row of spaces
    # (in the known columns and under an unknown header) is blank, not a row to reject.
    monkeypatch.setenv("ALLIANCE_SALT", "same salt for both databases")
    r = rows("results")
    padded = [[e, s, f" {sid}\u3000", c, f" {score} "] for e, s, sid, c, score in r[:2]] + r[2:]
    folder = write_set(tmp_path / "in")
    write_csv(folder / "results.csv", [*HEADERS["results"], "备注"],
              [[*row, None] for row in padded] + [["  ", " ", "\t", " ", "  ", "   "]])
    report = load([folder], tmp_path / "a" / "alliance.duckdb")
    assert report.ok, report.format()
    assert report.tables["results"].rows_read == len(r)
    assert load([write_set(tmp_path / "plain")], tmp_path / "b" / "alliance.duckdb").ok
    sql = "select exam_id, school_id, student_key, score from exam_results order by all"
    assert query(tmp_path / "a" / "alliance.duckdb", sql) == query(tmp_path / "b" / "alliance.duckdb", sql)


def test_ledger_csv_cleaned_column_by_column(tmp_path: Path, db: Path) -> None:
    # Every csv is trimmed after reading, only where a column needs it, and its codes and ids are
    # cleaned on their distinct values: padded, full-width and invisible characters still load as
    # the plain codes, a code of only an invisible character is empty (and the row rejected for it),
    # and a row of spaces is blank.
    a = rows("activities")
    extra = [[f"A-{i:03d}", "HL-01", "2024-03-15", "同步课堂\u200b", "数学", "6401220001", "6401220002",
              "　线上 ", "40", "1.5", "3", ""] for i in range(3, 9)]
    extra[0][7] = "\u200b"                        # mode: nothing but an invisible character
    extra[1][3] = " ＡＢ"                          # type: not a code, once cleaned
    folder = write_set(tmp_path / "in")
    write_csv(folder / "activities.csv", HEADERS["activities"], [*a, *extra, [" "] * 12])
    report = check([folder], db)
    assert report.tables["activities"].rows_read == len(a) + len(extra)
    bad = report.problems.filter(pl.col("table") == "activities")
    assert bad.select("row", "column", "value").rows() == [(5, "活动类型", "AB")]
    assert load([folder], db, allow_rejects=True).ok
    assert query(db, "select type, mode, count(*) from activities where activity_id >= 'A-003' group by all "
                     "order by all") == [("sync_class", "online", 4), ("sync_class", None, 1)]


def test_totals_row_of_a_results_csv_is_named_and_skipped(tmp_path: Path, db: Path) -> None:
    # A results csv's exam, school and class are categoricals, searched on their distinct values:
    # 合计 under 考试编号 is still found, named and skipped.
    r = rows("results")
    folder = write_set(tmp_path / "in")
    write_csv(folder / "results.csv", HEADERS["results"], [*r, ["合计", None, None, None, "1234"]])
    report = load([folder], db)
    assert report.ok, report.format()
    assert_problem(report, "results.csv", f"第 {len(r) + 2} 行是合计行", "totals row")
    assert report.tables["results"].rows_read == len(r)


def test_row_numbers_count_blank_lines(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    lines = (folder / "schools.csv").read_text(encoding="utf-8").splitlines()
    bad = lines[3].replace(",220,", ",999,")
    (folder / "schools.csv").write_text("\n".join([lines[0], lines[1], "", lines[2], ",,,,,,,,,,,,,", bad,
                                                   lines[4]]) + "\n", encoding="utf-8")
    report = check([folder], tmp_path / "db.duckdb")
    assert_problem(report, "schools.csv", "第6行", "值「999」")     # as a text editor numbers it
    assert report.tables["schools"].rows_read == 4


def test_unknown_column_warning_and_student_names_dropped(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    write_csv(folder / "results.csv", ["考试编号", "学校标识码", "学生编号", "姓名", "成绩", "备注"],
              [[r[0], r[1], r[2], f"张三{i}", r[4], "x"] for i, r in enumerate(ROWS["results"])])
    report = load([folder], db)
    assert report.ok, report.format()
    assert_problem(report, "results.csv", "列「姓名」", "学生姓名列不会入库", "student name column ignored")
    assert_problem(report, "results.csv", "列「备注」", "未知的列", "unknown column ignored")
    assert report.warnings.height == 2 and report.errors.height == 0


def test_results_shape_from_columns(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in", {"results": ROWS["results"]})
    write_csv(folder / "成绩汇总.csv", ["exam_id", "school_id", "n", "mean"], [["X-2024-1", "6401220004", "30", "70"]])
    raw = read_inputs([folder])
    assert set(raw.tables) == {"results", "results_school"}
    assert raw.tables["results_school"].frame.height == 1


def _workbook(path: Path) -> Path:
    """The clean set as one workbook: Chinese sheet names, numbers and dates as Excel cells."""
    from etl.headers import SPECS
    wb = xlsxwriter.Workbook(path)
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, data in ROWS.items():
        ws = wb.add_worksheet(SPECS[name].sheet)
        ws.write_row(0, 0, HEADERS[name])
        for r, row in enumerate(data, start=1):
            for c, value in enumerate(row):
                col = HEADERS[name][c]
                if col in ("date", "joined", "start_date") and value[:4].isdigit() and "-" in value:
                    ws.write_datetime(r, c, dt.datetime.fromisoformat(value), date_fmt)
                elif col in ("score", "students", "full_score", "lon") and value:
                    ws.write_number(r, c, float(value))
                else:
                    ws.write_string(r, c, value)
    wb.close()
    return path


def test_xlsx_workbook_loads(tmp_path: Path, db: Path) -> None:
    report = load([_workbook(tmp_path / "input.xlsx")], db)
    assert report.ok, report.format()
    assert query(db, "select date from activities where activity_id = 'A-001'") == [(dt.date(2024, 3, 15),)]
    assert query(db, "select students from schools where school_id = '6401220001'") == [(1200,)]
    assert query(db, "select count(*) from exam_results") == [(4,)]


def test_xlsx_problem_names_sheet_and_excel_row(tmp_path: Path) -> None:
    import openpyxl
    path = _workbook(tmp_path / "input.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["学校"]["G4"] = "999"
    wb.save(path)
    report = check([path], tmp_path / "db.duckdb")
    assert_problem(report, "input.xlsx", "工作表「学校」", "第4行", "列「城乡分类代码」", "值「999」")


def test_title_row_above_header(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("学校")
    ws.merge_range(0, 0, 0, 5, "贺兰县学校信息表")
    ws.write_row(1, 0, CN_HEADERS["schools"])
    for r, row in enumerate(rows("schools"), start=2):
        ws.write_row(r, 0, row)
    ws.write(4, 6, "999")                                      # 6401220003's code, Excel row 5
    wb.close()
    report = check([path], tmp_path / "db.duckdb")
    assert report.tables["schools"].rows_read == 4
    assert_problem(report, "book.xlsx", "工作表「学校」", "第5行", "列「城乡分类代码」", "值「999」")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_with_chinese_headers(tmp_path: Path, db: Path, encoding: str) -> None:
    # Excel on Chinese Windows saves GBK; the template's header 学校标识码 starts with bytes that are
    # also valid UTF-8 (D1 A7 D0 A3), which must not be taken for a file of two encodings.
    folder = write_set(tmp_path / "in")
    s = rows("schools")
    write_csv(folder / "schools.csv", CN_HEADERS["schools"], s, encoding=encoding)
    assert (folder / "schools.csv").read_bytes()[:4] == bytes.fromhex("d1a7d0a3")
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select name, town from schools where school_id = '6401220001'") == [(s[0][1], s[0][4])]


def test_mixed_utf8_and_gbk_is_refused(tmp_path: Path) -> None:
    head = "学校标识码,学校名称\n1,贺兰一小\n".encode()
    folder = _only(tmp_path, "schools.csv", head + "2,金贵小学\n".encode("gbk"))
    report = check([folder], tmp_path / "db.duckdb")
    assert_problem(report, "schools.csv", "第 3 行", "混用了两种文字编码", "mixed text encodings")


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_malformed_csv_names_the_row(tmp_path: Path, encoding: str) -> None:
    # Row 3 holds a quoted line break (one Excel row); row 4 has one comma too many.
    text = "学校标识码,学校名称,区县代码\nA1,好学校,330327\nA2,\"两行\n名称\",330327\nA3,学校,甲,330327\n"
    report = check([_only(tmp_path, "schools.csv", text.encode(encoding))], tmp_path / "db.duckdb")
    assert not report.ok
    assert_problem(report, "schools.csv 第4行", "该行有 4 列，多于表头的 3 列", "4 fields, more than the header's 3")
    unterminated = "学校标识码,学校名称,区县代码\nA1,好学校,330327\nA2,\"没有结束的引号,330327\nA3,x,330327\n"
    report = check([_only(tmp_path / "q", "schools.csv", unterminated.encode(encoding))], tmp_path / "db.duckdb")
    assert_problem(report, "schools.csv 第3行", "引号不配对", "unterminated or misplaced double quote")


def test_empty_header_columns(tmp_path: Path) -> None:
    # Excel's "save as csv" keeps trailing empty columns; silent when empty, a warning naming the
    # column letter when a cell under an empty header holds something.
    text = "学校标识码,学校名称,区县代码,学段,城乡分类代码,,\nA1,甲校,330327,小学,220,,\nA2,乙校,330327,小学,220, ,\n"
    clean = tmp_path / "a" / "schools.csv"
    clean.parent.mkdir()
    clean.write_bytes(text.encode("gbk"))
    report = check([clean], tmp_path / "db.duckdb")
    assert report.ok and report.problems.height == 0, report.format()
    noted = tmp_path / "b" / "schools.csv"
    noted.parent.mkdir()
    noted.write_text(text.replace("220, ,", "220,,备注"), encoding="utf-8")
    report = check([noted], tmp_path / "db.duckdb")
    assert report.ok
    assert_problem(report, "schools.csv", "列「G」", "第 G 列没有列名", "column G has no header")
    assert report.warnings.height == 1


def _book(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = xlsxwriter.Workbook(path)
    for name, table in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(table):
            ws.write_row(r, 0, row)
    wb.close()
    return path


def test_sheets_recognised_by_their_headers(tmp_path: Path, db: Path) -> None:
    schools = [CN_HEADERS["schools"], *rows("schools")]
    # A sheet named for people, not for the importer; a file named after its table with its data
    # in Sheet1 beside Excel's empty Sheet2 and Sheet3.
    (tmp_path / "in").mkdir()
    _book(tmp_path / "in" / "报送.xlsx", {"学校信息": schools})
    report = load([tmp_path / "in"], db)
    assert report.ok, report.format()
    assert report.tables["schools"].rows_loaded == 4
    assert_problem(report, "工作表「学校信息」", "按列名识别为「学校」表", "read as schools from its headers")
    stem = tmp_path / "stem"
    stem.mkdir()
    _book(stem / "学校.xlsx", {"Sheet1": schools, "Sheet2": [], "Sheet3": []})
    assert check([stem], tmp_path / "db2.duckdb").tables["schools"].rows_read == 4


def test_a_sheet_with_data_that_names_no_table_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "book.xlsx", {"汇总": [["甲", "乙"], ["1", "2"]]})
    report = check([path], tmp_path / "db.duckdb")
    assert not report.ok
    assert_problem(report, "工作表「汇总」", "列名也认不出是哪张表，未读取", "neither its name nor its headers")


def test_csv_title_row_and_unnamed_file(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    s = rows("schools")
    s[1][5] = "大学"                                    # bad stage on the second school
    text = "贺兰县学校信息表,,,\n" + ",".join(CN_HEADERS["schools"]) + "\n" + "\n".join(",".join(r) for r in s) + "\n"
    (folder / "学校名单.csv").write_bytes(text.encode("gbk"))
    report = check([folder], db)
    # The header is on line 2: the second school is on line 4, as Excel shows the file.
    assert_problem(report, "学校名单.csv", "第4行", "列「学段」", "值「大学」", "未知的学段")
    assert_problem(report, "学校名单.csv", "按列名识别为「学校」表")
    assert report.tables["schools"].rows_read == 4 and report.tables["schools"].rows_rejected == 1


def test_rows_under_unknown_headers_are_counted_and_kept(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "schools.csv").write_text("学校代码,校名\n6401220001,贺兰县第一小学\n6401220002,贺兰县金贵小学\n",
                                        encoding="utf-8")
    report = load([folder], db, allow_rejects=True)
    assert report.tables["schools"].rows_read == 2 and report.tables["schools"].rows_rejected == 2
    assert query(db, "select file, row_number from load_rejects where table_name = 'schools' order by 2") == [
        ("schools.csv", 2), ("schools.csv", 3)]


def test_folder_entries_not_read_are_named(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "2024年").mkdir()
    (folder / "旧表.et").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "填表说明.txt").write_text("请按模板填写。\n", encoding="utf-8")
    (folder / "README.md").write_text("# 说明\n", encoding="utf-8")
    report = load([folder], db)
    assert not report.ok, report.format()
    assert report.warnings.height == 2 and report.errors.height == 1 and "README" not in report.format()
    assert_problem(report, "2024年", "子文件夹，未读取", "subfolder, not read")
    assert_problem(report, "旧表.et", "无法读取这种文件", "cannot read .et files")
    assert_problem(report, "填表说明.txt", "不是数据表", "not a data table")


def test_rows_counted_from_the_top_of_the_sheet_and_hidden_sheets_named(tmp_path: Path) -> None:
    s = rows("schools")
    s[1][5] = "大学"
    wb = xlsxwriter.Workbook(tmp_path / "book.xlsx")
    ws = wb.add_worksheet("学校")
    ws.write_row(2, 0, CN_HEADERS["schools"])                 # header in Excel row 3, rows 1-2 empty
    for r, row in enumerate(s, start=3):
        ws.write_row(r, 0, row)
    hidden = wb.add_worksheet("满意度")
    hidden.write_row(0, 0, ["年份", "学校标识码", "对象", "人数", "满意人数"])
    hidden.write_row(1, 0, ["2024", "6401220001", "家长", "10", "9"])
    hidden.hide()
    wb.close()
    report = check([tmp_path / "book.xlsx"], tmp_path / "db.duckdb")
    # The second school is on Excel row 5 (header on 3), whatever fastexcel counts from.
    assert_problem(report, "工作表「学校」", "第5行", "列「学段」", "值「大学」")
    assert_problem(report, "工作表「满意度」", "隐藏的工作表", "hidden sheet")


def test_merged_cells_fill_every_row_they_cover(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "members.csv").unlink()
    wb = xlsxwriter.Workbook(folder / "成员.xlsx")
    ws = wb.add_worksheet("成员")
    ws.write_row(0, 0, ["教共体编号", "学校标识码", "角色", "加入日期", "退出日期"])
    ws.merge_range(1, 0, 3, 0, "HL-01")                     # A2:A4, as the seed's own tables merge
    for r, (school, role) in enumerate([("6401220001", "核心校"), ("6401220002", "成员校"),
                                        ("6401220003", "成员校")], start=1):
        ws.write_row(r, 1, [school, role, "2021-09-01"])
    wb.close()
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select alliance_id, school_id from alliance_members order by 2") == [
        ("HL-01", "6401220001"), ("HL-01", "6401220002"), ("HL-01", "6401220003")]
    assert_problem(report, "工作表「成员」", "合并单元格已按其左上角的值填入每一行")


def test_headers_of_two_tables_are_not_guessed(tmp_path: Path) -> None:
    # A score export carrying the exam's details names exams and results at once: refused, not
    # read as exams (which would rename the exam and drop every score).
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "学生成绩.csv").write_text(
        "考试编号,考试名称,考试日期,年级,学科,满分,学校标识码,学生编号,成绩\n"
        "X-2024-1,语文联考,2024-01-15,3,语文,100,6401220001,S0009,88\n", encoding="utf-8")
    (folder / "成员名单.csv").write_text(
        "教共体编号,学校标识码,学校名称,区县代码,学段,城乡分类代码,角色\n"
        "HL-01,6401220001,贺兰县第一小学,640122,小学,111,核心校\n", encoding="utf-8")
    report = check([folder], tmp_path / "db.duckdb")
    assert not report.ok and not report.tables
    assert_problem(report, "学生成绩.csv", "列名也认不出是哪张表")
    assert_problem(report, "成员名单.csv", "列名也认不出是哪张表")


def test_blank_lines_above_title_and_header(tmp_path: Path) -> None:
    s = rows("schools")
    s[1][5] = "大学"
    header = ",".join(CN_HEADERS["schools"])
    body = "\n".join(",".join(r) for r in s)
    for name, text, bad_row in (("blank", f"\n\n{header}\n{body}\n", 5),               # header on line 3
                                ("title", f"\n贺兰县学校信息表\n\n{header}\n{body}\n", 6)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "schools.csv").write_text(text, encoding="utf-8")
        report = check([folder], tmp_path / "db.duckdb")
        assert report.tables["schools"].rows_read == 4, (name, report.format())
        assert_problem(report, f"第{bad_row}行", "列「学段」", "值「大学」")
    wb = xlsxwriter.Workbook(tmp_path / "book.xlsx")
    ws = wb.add_worksheet("学校")
    ws.write(1, 0, "贺兰县学校信息表")                           # row 1 empty, title on row 2
    ws.write_row(2, 0, CN_HEADERS["schools"])
    for r, row in enumerate(s, start=3):
        ws.write_row(r, 0, row)
    wb.close()
    report = check([tmp_path / "book.xlsx"], tmp_path / "db.duckdb")
    assert report.tables["schools"].rows_read == 4, report.format()
    assert_problem(report, "工作表「学校」", "第5行", "列「学段」", "值「大学」")


def test_malformed_csv_below_a_title_counts_from_its_header(tmp_path: Path) -> None:
    text = "贺兰县学校信息表\n学校标识码,学校名称,区县代码\nA1,好学校,330327\nA2,学校,甲,330327\n"
    report = check([_only(tmp_path, "schools.csv", text.encode())], tmp_path / "db.duckdb")
    assert_problem(report, "schools.csv 第4行", "该行有 4 列，多于表头的 3 列")


def test_helper_sheets_do_not_block_a_workbook(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(tmp_path / "学校.xlsx")
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, CN_HEADERS["schools"])
    for r, row in enumerate(rows("schools"), start=1):
        ws.write_row(r, 0, row)
    lists = wb.add_worksheet("lists")                       # drop-down values, hidden
    lists.write_column(0, 0, ["小学", "初中"])
    lists.hide()
    blank = wb.add_worksheet("Sheet2")
    blank.write(0, 0, " ")                                   # a cell of one space
    blank.merge_range(2, 0, 3, 2, "")                        # an empty merged range
    wb.close()
    report = check([tmp_path / "学校.xlsx"], tmp_path / "db.duckdb")
    assert report.ok, report.format()
    assert report.tables["schools"].rows_read == 4
    assert_problem(report, "工作表「lists」", "隐藏的工作表，不是表名，未读取")


def test_merged_ranges_past_the_data_and_far_below_the_top(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(tmp_path / "book.xlsx")
    ws = wb.add_worksheet("成员")
    top = 7                                                   # seven empty rows first
    ws.write_row(top, 0, ["教共体编号", "学校标识码", "角色", "加入日期"])
    ws.merge_range(top + 1, 0, top + 6, 0, "HL-01")           # drawn over six rows, three hold data
    for r, (school, role) in enumerate([("6401220001", "核心校"), ("6401220002", "成员校"),
                                        ("6401220003", "成员校")], start=top + 1):
        ws.write_row(r, 1, [school, role, "2021-09-01"])
    wb.close()
    raw = read_inputs([tmp_path / "book.xlsx"])
    members = raw.tables["members"].frame
    assert members["alliance_id"].to_list() == ["HL-01"] * 3
    assert members["_row"].to_list() == [top + 2, top + 3, top + 4]


def test_formula_errors_are_named_not_taken_for_empty(tmp_path: Path, db: Path) -> None:
    s = rows("schools")
    wb = xlsxwriter.Workbook(tmp_path / "book.xlsx")
    ws = wb.add_worksheet("学校")
    ws.write_row(0, 0, CN_HEADERS["schools"])
    for r, row in enumerate(s, start=1):
        ws.write_row(r, 0, row)
    ws.write_formula(1, 11, "=1/0", None, "#DIV/0!")                      # 教师数 of the first school
    ws.write_formula(2, 0, '=VLOOKUP("x",A1:A2,1,FALSE)', None, "#N/A")    # 学校标识码 of the second
    wb.close()
    report = load([tmp_path / "book.xlsx"], db, allow_rejects=True)
    assert_problem(report, "工作表「学校」", "第2行", "列「教师数」", "值「#DIV/0!」", "Excel 公式错误", "formula error")
    assert_problem(report, "第3行", "列「学校标识码」", "值「#N/A」", "Excel 公式错误")
    # One message per cell: not also 'not a number', 'required value empty' or 'unknown school'.
    assert report.errors.height == 2, report.format()
    assert query(db, "select count(*) from schools") == [(2,)]
    # A csv saved from Excel keeps the same text.
    folder = tmp_path / "csv"
    folder.mkdir()
    s[0][11] = "#VALUE!"
    write_csv(folder / "schools.csv", HEADERS["schools"], s)
    assert_problem(check([folder], tmp_path / "db2.duckdb"), "schools.csv", "第2行", "值「#VALUE!」", "Excel 公式错误")
