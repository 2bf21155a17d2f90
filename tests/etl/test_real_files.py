"""Files as bureaus actually save them (issue 15): ids Excel turned into numbers, invisible
characters, spreadsheets the importer cannot read, hidden rows, text in other encodings, and
list columns. Nothing may be silently wrong or lost: each case is refused or read correctly."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from etl.load import check, load
from tests.etl.fixtures import HEADERS, ROWS, assert_problem, problem_lines, query, rows, write_csv, write_set

SCI = "科学计数法"


def _xlsx(path: Path, sheet: str, header: list[str], body: list[list], hidden: tuple[int, ...] = ()) -> Path:
    """One-sheet workbook; numbers stay numbers (as a number-formatted column holds them);
    hidden holds 0-based data row indexes to hide."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet(sheet)
    ws.write_row(0, 0, header)
    for r, row in enumerate(body, start=1):
        ws.write_row(r, 0, row)
    for r in hidden:
        ws.set_row(r + 1, None, None, {"hidden": True})
    wb.close()
    return path


# ---- ids Excel has turned into numbers

def test_ids_in_scientific_notation_are_refused_on_their_row(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    s = rows("schools")
    s.append(["4.21320E+09", "某县第五小学", "640122", "", "", "小学", "111", "", "", "", "", "", "", ""])
    write_csv(folder / "schools.csv", HEADERS["schools"], s)
    act = rows("activities")
    act[1][6] = "3.30327E+09"
    write_csv(folder / "activities.csv", HEADERS["activities"], act)
    report = check([folder], tmp_path / "db.duckdb")
    line = assert_problem(report, "schools.csv", "第6行", "列「学校标识码」", "值「4.21320E+09」", SCI)
    assert "请把该列设为文本后重新导出" in line
    assert_problem(report, "activities.csv", "第3行", "列「受援学校」", "值「3.30327E+09」", SCI)


def test_long_ids_in_number_cells_are_refused(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "results.csv").unlink()
    body = [[r[0], r[1], r[2], r[3], float(r[4])] for r in ROWS["results"]]
    body[2][2] = 330327200801011234                   # an 18-digit student id typed into a number cell
    _xlsx(folder / "成绩.xlsx", "成绩", HEADERS["results"], body)
    report = check([folder], db)
    assert not report.ok
    assert_problem(report, "工作表「成绩」", "第4行", "列「学生编号」", "精度已丢失")
    assert load([folder], db, allow_rejects=True).tables["results"].rows_rejected == 1


# ---- invisible characters

def test_invisible_characters_are_removed_from_ids_and_codes(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    m = rows("members")
    m[0][1] = "\ufeff6401220001\u200b"                # BOM and zero-width space around the id
    m[1][2] = "成员校\u2060"                           # word joiner after a code label
    write_csv(folder / "members.csv", HEADERS["members"], m)
    s = rows("schools")
    s.append(["6401220001\u200b"] + s[0][1:])          # the same school again, with a zero-width space
    write_csv(folder / "schools.csv", HEADERS["schools"], s)
    report = check([folder], db)
    assert_problem(report, "schools.csv", "第6行", "重复")
    s.pop()
    write_csv(folder / "schools.csv", HEADERS["schools"], s)
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select count(*) from alliance_members where school_id = '6401220001'") == [(1,)]
    assert query(db, "select count(*) from alliance_members where role = 'member'") == [(2,)]
    assert query(db, "select count(*) from schools where school_id <> trim(school_id, '\u200b\ufeff')") == [(0,)]


# ---- files the importer cannot read

def test_a_spreadsheet_the_importer_cannot_read_fails_check(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "activities.csv").unlink()
    (folder / "活动.et").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    report = check([folder], tmp_path / "db.duckdb")
    assert not report.ok
    line = assert_problem(report, "活动.et", "未读取")
    assert not line.startswith("【提示")


# ---- hidden rows

def _hidden_book(folder: Path) -> Path:
    (folder / "schools.csv").unlink()
    return _xlsx(folder / "学校.xlsx", "学校", HEADERS["schools"], rows("schools"), hidden=(2,))


def test_hidden_rows_stop_check_and_load_until_the_user_chooses(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    _hidden_book(folder)
    report = check([folder], db)
    assert not report.ok
    line = assert_problem(report, "工作表「学校」", "第4行", "隐藏")
    assert "--include-hidden" in line and "--skip-hidden" in line
    assert not load([folder], db).ok and not db.exists()


def test_hidden_rows_included_or_skipped_on_request(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    _hidden_book(folder)
    report = load([folder], db, hidden="include")
    assert report.ok, report.format()
    assert query(db, "select count(*) from schools") == [(4,)]
    m = [r for r in rows("members") if r[1] != "6401220003"]
    write_csv(folder / "members.csv", HEADERS["members"], m)
    for t in ("activities", "exchanges", "mentorships", "results"):
        (folder / f"{t}.csv").unlink()
    skipped = check([folder], tmp_path / "other.duckdb", hidden="skip")
    assert skipped.ok, skipped.format()
    assert skipped.tables["schools"].rows_read == 3
    assert_problem(skipped, "工作表「学校」", "第 4 行", "跳过")


# ---- text in other encodings

def test_big5_and_shift_jis_text_is_refused_naming_the_encoding(tmp_path: Path) -> None:
    for encoding, name, label in (("big5", "賀蘭縣第一國民小學", "Big5"), ("shift_jis", "賀蘭県第一小学校", "Shift-JIS")):
        folder = write_set(tmp_path / encoding)
        s = rows("schools")
        big5 = encoding == "big5"
        for i, r in enumerate(s):
            r[1], r[3], r[4], r[5] = f"{name}{i}", "賀蘭縣" if big5 else "賀蘭県", "習崗鎮" if big5 else "習岡町", \
                "小學" if big5 else "小学校"
            r[13] = "否"
        write_csv(folder / "schools.csv", HEADERS["schools"], s, encoding=encoding)
        report = check([folder], tmp_path / "db.duckdb")
        assert not report.ok, encoding
        assert_problem(report, "schools.csv", label)


# ---- list columns

def test_list_column_messages_name_the_rows_own_value(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    s = rows("schools")
    s[3][6] = "999"                                   # 6401220004 is rejected in this input
    write_csv(folder / "schools.csv", HEADERS["schools"], s)
    act = rows("activities")
    act += [["A-003", "HL-01", "2024-04-01", "示范课", "", "6401220001", "6401220002", "", "", "", "", ""],
            ["A-004", "HL-01", "2024-04-02", "示范课", "", "6401220001", "6401220003、6401227777", "", "", "", "",
             ""],
            ["A-005", "HL-01", "2024-04-03", "示范课", "", "6401220001", "6401220004", "", "", "", "", ""]]
    act[0][6] = "6401229999"
    write_csv(folder / "activities.csv", HEADERS["activities"], act)
    report = check([folder], db)
    assert_problem(report, "activities.csv", "第2行", "列「受援学校」", "值「6401229999」", "未知的学校")
    assert_problem(report, "activities.csv", "第5行", "列「受援学校」", "值「6401227777」", "未知的学校")
    assert_problem(report, "activities.csv", "第6行", "列「受援学校」", "值「6401220004」", "被拒绝",
                   "references a rejected school row")
    assert not [line for line in problem_lines(report) if "6401220004" in line and "未知的学校" in line]
    assert load([folder], db, allow_rejects=True).ok
    assert query(db, "select row_number, value from load_rejects where table_name = 'activities' "
                     "order by row_number") == [(2, "6401229999"), (5, "6401227777"), (6, "6401220004")]


# ---- header synonyms

def test_headers_bureaus_use_are_accepted(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    write_csv(folder / "考试.csv", ["考试编号", "名称", "日期", "学年", "学期", "年级", "科目", "满分（分）", "及格线",
                                   "优秀线", "低分线"], ROWS["exams"])
    (folder / "exams.csv").unlink()
    write_csv(folder / "surveys.csv", ["年度", "学校代码", "教共体编号", "对象", "人数", "满意人数"], ROWS["surveys"])
    s = [r[:9] for r in rows("schools")]
    write_csv(folder / "schools.csv", ["学校编号", "校名：", "区县代码 *", "区 县", "乡镇（街道）", "学段", "城乡分类代码",
                                       "ｌｎｇ", "纬度(°)"], s)
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select name, date from exams") == [("2023学年第一学期期末联考", __import__("datetime").date(2024, 1, 15))]
    assert query(db, "select count(*) from surveys where year = 2024") == [(2,)]
    assert query(db, "select round(lon, 2) from schools where school_id = '6401220001'") != [(None,)]


def test_a_header_that_may_name_two_columns_is_refused_naming_both(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    header = list(HEADERS["exchanges"])
    header[3] = "学校标识码"
    write_csv(folder / "exchanges.csv", header, ROWS["exchanges"])
    write_csv(folder / "exams.csv", ["exam_id", "name", "日期", "考试日期", "grade", "subject", "full_score"],
              [["X-2024-1", "期末", "2024-01-15", "2024-01-16", "3", "数学", "100"]])
    report = check([folder], tmp_path / "db.duckdb")
    assert not report.ok
    assert_problem(report, "exchanges.csv", "列「学校标识码」", "派出学校", "接收学校")
    assert_problem(report, "exams.csv", "「日期」和「考试日期」两列都表示「考试日期」")


def test_every_column_has_its_own_header_in_the_spec() -> None:
    from etl.headers import SPECS, ambiguous_headers, norm_header
    for spec in SPECS.values():
        clash = ambiguous_headers(spec)
        for c in spec.columns:
            assert norm_header(c.header) not in clash and norm_header(c.name) not in clash, (spec.name, c.name)


# ---- formats the libraries already read

DATA = Path(__file__).parent / "data"


def test_old_excel_97_2003_workbook_is_read(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "schools.csv").unlink()
    # 学校.xls: BIFF8 written by xlwt 1.3.0, the four schools of the fixture, the last with code 999.
    (folder / "学校.xls").write_bytes((DATA / "学校.xls").read_bytes())
    report = check([folder], tmp_path / "db.duckdb")
    assert report.tables["schools"].rows_read == 4
    assert_problem(report, "学校.xls", "工作表「学校」", "第5行", "值「999」", "未知的城乡分类代码")
    assert_problem(report, "学校.xls", "隐藏的行")             # said, since .xls hides them from us


def _tsv(table: str) -> str:
    return "\n".join("\t".join(r) for r in [HEADERS[table], *ROWS[table]]) + "\n"


def test_unicode_text_and_tab_separated_xls_are_read(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    for t in ("schools", "members"):
        (folder / f"{t}.csv").unlink()
    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated, .txt
    (folder / "schools.txt").write_bytes(_tsv("schools").replace("\n", "\r\n").encode("utf-16"))
    # A web system's export: tab-separated GBK text with an .xls name
    (folder / "成员.xls").write_bytes(_tsv("members").encode("gbk"))
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select name from schools where school_id = '6401220001'") == [("贺兰县第一小学",)]
    assert query(db, "select count(*) from alliance_members") == [(3,)]


def test_html_table_saved_as_xls_is_read(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "schools.csv").unlink()
    cells = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>\n" for r in ROWS["schools"])
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in HEADERS["schools"]) + "</tr>\n"
    html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
            f'<table border="1"><tr><td colspan="14">贺兰县学校信息表</td></tr>\n{head}{cells}</table></body></html>')
    (folder / "学校.xls").write_bytes(html.encode("gbk"))
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select count(*), min(name) from schools") == [(4, "贺兰县常信小学")]


def test_encoding_judged_past_the_first_megabyte(tmp_path: Path) -> None:
    """The importer trusts a first MB of UTF-8 and lets the parser check the rest: GBK or a second
    encoding further down is still found (read as GBK, or refused naming the row)."""
    ascii_rows = [f"S{i:07d},school{i},640122,primary,111" for i in range(40_000)]
    folder = tmp_path / "in"
    folder.mkdir()
    header = "school_id,name,county_code,stage,urban_rural_code\n"
    (folder / "schools.csv").write_bytes((header + "\n".join(ascii_rows) + "\nS9,贺兰县第一小学,640122,小学,111\n")
                                         .encode("gbk"))
    report = check([folder], tmp_path / "db.duckdb")
    assert report.ok and report.tables["schools"].rows_read == 40_001, report.format()
    (folder / "schools.csv").write_bytes((header + "\n".join(ascii_rows) + "\nS1,贺兰一小,640122,小学,111\n").encode()
                                         + "S2,金贵小学,640122,小学,111\n".encode("gbk"))
    report = check([folder], tmp_path / "db.duckdb")
    assert_problem(report, "schools.csv", "第 40003 行", "混用了两种文字编码")


# ---- common layouts

def test_notes_row_and_totals_row_are_named_and_skipped(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    s = rows("schools")
    notes = ["必填，10位标识码", "必填", "必填，6位代码", "", "", "必填：小学/初中", "必填", "如 106.35", "如 38.55", "", "", "",
             "", "是/否"]
    total = ["", "合计", "", "", "", "", "", "", "", "", "2550", "190", "54", ""]
    write_csv(folder / "schools.csv", HEADERS["schools"], [notes, *s, total])
    report = load([folder], db)
    assert report.ok, report.format()
    assert report.tables["schools"].rows_read == 4
    assert_problem(report, "schools.csv", "第 2 行是填写说明", "notes, not data")
    assert_problem(report, "schools.csv", "第 7 行是合计行", "totals row")


def test_duplicates_name_both_sheets_and_both_values(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "in")
    (folder / "schools.csv").unlink()
    wb = xlsxwriter.Workbook(folder / "学校.xlsx")
    for sheet, body in (("学校", rows("schools")[:2]), ("Sheet2", [rows("schools")[1]])):
        ws = wb.add_worksheet(sheet)
        ws.write_row(0, 0, HEADERS["schools"])
        for r, row in enumerate(body, start=1):
            ws.write_row(r, 0, row)
    wb.close()
    (folder / "新增学校.csv").write_text(
        "学校标识码,学校名称,区县代码,学段,城乡分类代码\n６４０１２２０００２,贺兰县金贵小学,640122,小学,210\n", encoding="utf-8")
    report = check([folder], tmp_path / "db.duckdb")
    assert_problem(report, "工作表「Sheet2」", "第2行", "重复的记录", "与 学校.xlsx 工作表「学校」 第3行（6401220002）")
    assert_problem(report, "新增学校.csv", "第2行", "值「6401220002」", "工作表「学校」 第3行")


def test_grade_spellings(tmp_path: Path, db: Path) -> None:
    e = rows("exams")
    extra = []
    for i, text in enumerate(("初一年级", "高二年级", "小学三年级", "八 年级", "12年级")):
        extra.append([f"X-{i}", "期末", "2024-01-15", "", "", text, "数学", "100", "", "", ""])
    report = load([write_set(tmp_path / "in", dict(ROWS, exams=e + extra))], db)
    assert report.ok, report.format()
    assert query(db, "select grade from exams where exam_id like 'X-_' order by exam_id") == [
        (7,), (11,), (3,), (8,), (12,)]


# ---- edges noted when the importer was built

def test_two_row_header_reads_as_its_sub_headers_and_text_keeps_its_characters(tmp_path: Path, db: Path) -> None:
    import datetime as dt
    folder = write_set(tmp_path / "in")
    (folder / "results.csv").unlink()
    wb = xlsxwriter.Workbook(folder / "成绩.xlsx")
    ws = wb.add_worksheet("成绩")
    ws.merge_range(0, 0, 0, 2, "考试信息")              # a group header over the sub-headers
    ws.merge_range(0, 3, 0, 4, "学生成绩")
    ws.write_row(1, 0, HEADERS["results"])
    body = rows("results")
    body[0][3] = "①班"
    for r, row in enumerate(body, start=2):
        ws.write_row(r, 0, row[:4])
        ws.write_number(r, 4, float(row[4]))
    # 7-2 typed into the class column: Excel stored it as the date 2 July
    ws.write_datetime(3, 3, dt.datetime(2026, 7, 2), wb.add_format({"num_format": "m-d"}))
    wb.close()
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select class from exam_results order by score desc") == [("①班",), ("三(1)班",), ("三(1)班",),
                                                                               ("7-2",)]
    assert_problem(report, "工作表「成绩」", "「班级」列第 4 行自动变成了日期", "7-2")


def test_formula_without_a_computed_value_is_named(tmp_path: Path) -> None:
    import openpyxl
    folder = write_set(tmp_path / "in")
    (folder / "results.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "成绩"
    ws.append(HEADERS["results"])
    for r in rows("results"):
        ws.append(r[:4] + [float(r[4])])
    ws["E3"] = "=B3*0"                                  # written by a program: no cached value
    wb.save(folder / "成绩.xlsx")
    report = check([folder], tmp_path / "db.duckdb")
    line = assert_problem(report, "工作表「成绩」", "第3行", "列「成绩」", "公式没有计算结果")
    assert "必填项为空" not in "\n".join(problem_lines(report)), line


def test_hidden_row_choice_on_the_command_line(tmp_path: Path, db: Path, capsys) -> None:
    from etl.cli import main
    folder = write_set(tmp_path / "in")
    _hidden_book(folder)
    assert main(["check", str(folder), "--db", str(db)]) == 1
    assert "--include-hidden" in capsys.readouterr().out
    assert main(["load", str(folder), "--db", str(db), "--include-hidden"]) == 0
    assert query(db, "select count(*) from schools") == [(4,)]


def test_big_results_columns_held_as_categoricals_are_cleaned_and_checked(tmp_path: Path, db: Path) -> None:
    """A results csv's exam, school and class are read as categoricals: cleaned on their distinct
    values (full width, invisible characters), and still checked cell by cell (#N/A, 科学计数法)."""
    folder = write_set(tmp_path / "in")
    r = rows("results")
    r[0][0] = "Ｘ-2024-1"                               # full-width letter in the exam id
    r[1][3] = "三(1)班\u200b"                           # an invisible character after the class
    write_csv(folder / "results.csv", HEADERS["results"], r)
    report = load([folder], db)
    assert report.ok, report.format()
    assert query(db, "select count(*) from exam_results where exam_id = 'X-2024-1' and class = '三(1)班'") == [(4,)]
    r[2][1] = "#N/A"
    r[3][1] = "6.40122E+09"
    write_csv(folder / "results.csv", HEADERS["results"], r)
    report = check([folder], db)
    assert_problem(report, "results.csv", "第4行", "列「学校标识码」", "值「#N/A」", "公式错误")
    assert_problem(report, "results.csv", "第5行", "值「6.40122E+09」", SCI)


def test_results_categoricals_are_trimmed_and_blank_rows_stay_blank(tmp_path: Path, db: Path) -> None:
    folder = write_set(tmp_path / "in")
    r = [list(x) for x in rows("results")]
    r[0][0], r[1][3] = " X-2024-1 ", "三(1)班  "
    text = ",".join(HEADERS["results"]) + "\n" + "\n".join(",".join(x) for x in r[:2]) + "\n  , ,,  ,\n" + \
        "\n".join(",".join(x) for x in r[2:]) + "\n"
    (folder / "results.csv").write_text(text, encoding="utf-8")
    report = load([folder], db)
    assert report.ok, report.format()
    assert report.tables["results"].rows_read == 4
    assert query(db, "select count(*) from exam_results where exam_id = 'X-2024-1' and class = '三(1)班'") == [(4,)]
