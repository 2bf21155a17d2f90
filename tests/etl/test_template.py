"""The blank workbook: its shape, and a round trip (fill it in as a user would, load it unchanged)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from etl import schema
from etl.headers import SPECS
from etl.load import load
from etl.template import write_template
from tests.etl.fixtures import HEADERS, ROWS, query


def test_template_shape(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["说明", *(t.sheet for t in schema.TABLES), "成绩汇总"]
    ws = wb["学校"]
    headers = [c.value for c in ws[1]]
    assert headers[0] == "学校标识码*" and headers[3] == "区县"
    assert ws["A1"].font.bold and ws["A1"].comment is not None and "10位学校标识码" in ws["A1"].comment.text
    assert ws.column_dimensions["A"].number_format == "@"           # ids keep leading zeros
    assert wb["活动"].column_dimensions["C"].number_format == "yyyy-mm-dd"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "小学" in lists["F2"] and "111 主城区" in lists["G2"] and "是" in lists["N2"]
    assert [c.value for c in wb["成绩汇总"][1]][:4] == ["考试编号*", "学校标识码*", "人数*", "平均分*"]
    notes = [r[2] for r in wb["说明"].iter_rows(values_only=True) if r[2]]
    assert {c.name for t in schema.TABLES for c in t.columns} <= set(notes)
    synonyms = {(r[0], r[1]): r[7] for r in wb["说明"].iter_rows(values_only=True) if r[7]}
    assert "名称" in synonyms[("考试", "考试名称")] and "年度" in synonyms[("满意度", "年份")]
    assert "lng" in synonyms[("学校", "经度")] and "也可写作" in wb["考试"]["C1"].comment.text


def test_blank_template_checks_clean(tmp_path: Path, db: Path) -> None:
    report = load([write_template(tmp_path / "t.xlsx")], db)
    assert report.ok and all(c.rows_read == 0 for c in report.tables.values())


def _fill(path: Path) -> None:
    """Fill the clean fixture into the template with openpyxl: numbers as numbers, dates as dates."""
    wb = openpyxl.load_workbook(path)
    for name, data in ROWS.items():
        spec = SPECS[name]
        ws = wb[spec.sheet]
        col_of = {c.name: i + 1 for i, c in enumerate(spec.columns)}
        for r, row in enumerate(data, start=2):
            for field, value in zip(HEADERS[name], row, strict=True):
                kind = spec.column(field).kind
                if value == "":
                    continue
                if kind == "date" and value[:4].isdigit() and "-" in value:
                    ws.cell(r, col_of[field], dt.datetime.fromisoformat(value))
                elif kind in ("int", "float") and field != "term":
                    ws.cell(r, col_of[field], float(value))
                else:
                    ws.cell(r, col_of[field], value)
    wb["学校"]["G3"] = "210 乡中心区"                               # as the drop-down offers it
    ws = wb["交流"]
    ws["C2"] = "0101"                                               # a teacher id with a leading zero
    ws = wb["成绩汇总"]
    for c, v in enumerate(["X-2024-1", "6401220004", 30, 71.5, 25, 6, 1], start=1):
        ws.cell(2, c, v)
    wb.save(path)


def test_template_round_trip(tmp_path: Path, db: Path) -> None:
    path = write_template(tmp_path / "t.xlsx")
    _fill(path)
    report = load([path], db)
    assert report.ok, report.format()
    assert report.tables["results"].rows_loaded == 4 and report.tables["results_school"].rows_loaded == 1
    assert query(db, "select stage, urban_rural_code, urban_rural, students, boarding from schools "
                     "where school_id = '6401220003'") == [("primary", "220", "rural", 150, True)]
    assert query(db, "select urban_rural_code from schools where school_id = '6401220002'") == [("210",)]
    assert query(db, "select teacher_id, start_date from exchanges") == [("0101", dt.date(2023, 9, 1))]
    assert query(db, "select joined from alliance_members order by school_id") == [(dt.date(2021, 9, 1),)] * 3
    assert query(db, "select grain, n, mean, pass_n from exam_results where school_id = '6401220004'") == [
        ("school", 30, 71.5, 25)]
    assert query(db, "select score from exam_results where school_id = '6401220002'") == [(72.5,)]


def test_template_cli(tmp_path: Path) -> None:
    import subprocess
    import sys
    out = tmp_path / "sub" / "模板.xlsx"
    done = subprocess.run([sys.executable, "-m", "etl", "template", "--out", str(out)],
                          cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and out.exists() and "已生成导入模板" in done.stdout
