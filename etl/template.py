"""The blank import workbook: one sheet per input table with Chinese headers (required ones
starred and coloured), a note on every header, drop-down lists for coded and yes/no columns,
text-formatted id columns, and a 说明 sheet describing every column. Built from etl/schema.py,
so the reader accepts it unchanged once filled in."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from etl import codes, schema
from etl.schema import Column, Table

NOTES_SHEET = "说明"
SUMMARY_SHEET = "成绩汇总"
ROWS_FORMATTED = 5000          # rows that get drop-downs and text / date formats
TEXT_KINDS = ("id", "text", "ids", "county_code", "school_year", "grade")
KIND_LABELS = {
    "id": "编号（文本）", "text": "文本", "int": "整数", "float": "数字", "date": "日期", "bool": "是 / 否",
    "year": "四位年份", "school_year": "学年，如 2023-2024", "grade": "年级", "county_code": "6位区县代码",
    "ids": "一个或多个编号",
}


def choices(col: Column) -> list[str]:
    """Values the drop-down offers: Chinese labels; code and label where the code is what people type."""
    if col.kind == "bool":
        return ["是", "否"]
    if not col.kind.startswith("code:"):
        return []
    listed = codes.labels(col.kind[5:])
    if col.kind == "code:urban_rural_code":
        return [f"{code} {label}" for code, label in listed.items()]
    return list(listed.values())


def _sheets() -> list[tuple[str, Table]]:
    out = [(t.sheet, t) for t in schema.TABLES]
    out.append((SUMMARY_SHEET, schema.RESULTS_SCHOOL))
    return out


def _write_notes(book: xlsxwriter.Workbook, fmt: dict) -> None:
    ws = book.add_worksheet(NOTES_SHEET)
    intro = [
        "教共体数据导入模板：每个工作表一张表，第1行是列名，请从第2行起逐行填写，不要改动列名和工作表名。",
        "带 * 的列（红底）为必填；其余可留空。代码列可从下拉列表选择，也可填写代码本身。",
        "编号类列已设为文本格式，请保留前导 0；日期写作 2024-03-15、2024/3/15 或 2024年3月15日。",
        "成绩有两种填法：逐生成绩填「成绩」表（学生编号只以加盐哈希保存，不保存姓名）；"
        "按学校汇总的成绩填「成绩汇总」表。两种都可以用，同一考试同一学校只填一种。",
        "也可以把每张表另存为 CSV（UTF-8 或 GBK 编码），文件名用表名，如 学校.csv 或 schools.csv。",
        "列名也可用「也可写作」一栏里的说法；全角半角、空格、末尾冒号和括号里的单位（如 满分（分））都不影响识别。",
        "Excel 中隐藏的行不会被默默处理：检查和导入会列出这些行，请加 --include-hidden（一并导入）或 --skip-hidden（跳过）。",
        "检查：python -m etl check 本文件.xlsx ；导入：python -m etl load 本文件.xlsx",
    ]
    for i, line in enumerate(intro):
        ws.write(i, 0, line)
    top = len(intro) + 1
    head = ["工作表", "列名", "英文名", "必填", "类型", "说明", "可填值", "也可写作"]
    ws.write_row(top, 0, head, fmt["head"])
    r = top + 1
    for sheet, table in _sheets():
        for col in table.columns:
            ws.write_row(r, 0, [sheet, col.header, col.name, "是" if col.required else "", KIND_LABELS.get(
                col.kind, "代码"), col.note, "、".join(choices(col)), " / ".join(col.aliases)])
            r += 1
    ws.set_column(0, 0, 10)
    ws.set_column(1, 2, 18)
    ws.set_column(3, 4, 10)
    ws.set_column(5, 5, 60)
    ws.set_column(6, 7, 40)


def _write_table(book: xlsxwriter.Workbook, sheet: str, table: Table, fmt: dict) -> None:
    ws = book.add_worksheet(sheet)
    for c, col in enumerate(table.columns):
        header = f"{col.header}*" if col.required else col.header
        ws.write_string(0, c, header, fmt["required" if col.required else "head"])
        also = f"；也可写作 {' / '.join(col.aliases)}" if col.aliases else ""
        note = f"{col.note}\n（{'必填' if col.required else '选填'}；英文列名 {col.name}{also}）"
        ws.write_comment(0, c, note, {"x_scale": 2, "y_scale": 1.5})
        cell_fmt = fmt["text"] if col.kind in TEXT_KINDS or col.kind.startswith("code:") else (
            fmt["date"] if col.kind == "date" else None)
        ws.set_column(c, c, max(10, 2 * len(col.header) + 4), cell_fmt)
        options = choices(col)
        if options:
            ws.data_validation(1, c, ROWS_FORMATTED, c, {
                "validate": "list", "source": options, "error_type": "warning",
                "error_title": col.header, "error_message": f"请从下拉列表选择：{'、'.join(options)}"})
    ws.freeze_panes(1, 0)


def write_template(out: Path | str) -> Path:
    """Write the blank import workbook to out (.xlsx); one sheet per input table plus 说明."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out))
    fmt = {
        "head": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "required": book.add_format({"bold": True, "bg_color": "#F8CBAD", "font_color": "#9C0006", "border": 1}),
        "text": book.add_format({"num_format": "@"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
    }
    _write_notes(book, fmt)
    for sheet, table in _sheets():
        _write_table(book, sheet, table, fmt)
    book.close()
    return out
