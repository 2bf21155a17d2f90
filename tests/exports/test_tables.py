"""Tables as XLSX and CSV: whole tables, re-read to the same values, Chinese headers and title rows,
formula neutralisation of hostile names with numbers kept numbers, and Excel's row limit."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest
from openpyxl.utils.escape import unescape

from dashboard.exports import tables
from dashboard.labels import exports as LE

HOSTILE = ['=HYPERLINK("http://x","点我")', "+1", "-2", "@SUM(A1)", "\t制表", "\r回车"]
EXPORTED_AT = datetime(2026, 11, 30, 9, 5)


def _frame() -> pl.DataFrame:
    return pl.DataFrame({
        "学校": ["城关一小", "<b>常信</b>村小", *HOSTILE],
        "学生数": [1200, 95, 1, 2, 3, 4, 5, 6],
        "覆盖率（%）": [87.5, None, -2.0, 0.0, 12.25, 100.0, 3.0, 4.5],
        "加入日期": [date(2024, 10, 1)] * 8,
        "教共体": [["贺兰一小教共体", "贺兰中学教共体"], [], None, ["A"], ["B"], ["C"], ["D"], ["E"]],
    })


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _value(cell):
    """The cell as Excel reads it: XLSX stores a carriage return as _x000D_, which openpyxl leaves."""
    return unescape(cell.value) if isinstance(cell.value, str) else cell.value


def test_xlsx_rereads_to_the_same_values_under_a_title_and_filters_row():
    df = _frame()
    ws = _sheet(tables.xlsx_bytes(df, "未覆盖学校", "区县：贺兰县；学年：2024-2025学年", "数据载入于 2026-11-30 08:00（第 3 次载入）",
                                  EXPORTED_AT))
    assert ws.cell(1, 1).value == "未覆盖学校"
    assert ws.cell(2, 1).value == ("筛选：区县：贺兰县；学年：2024-2025学年；数据载入于 2026-11-30 08:00（第 3 次载入）；"
                                   "导出于 2026-11-30 09:05")
    assert [c.value for c in ws[3]] == df.columns
    assert ws.max_row == 3 + df.height                          # every row, nothing cut
    got = [[_value(c) for c in row] for row in ws.iter_rows(min_row=4)]
    expected = [[r[0], r[1], r[2], datetime(2024, 10, 1), "、".join(r[4]) if r[4] else None]
                for r in df.iter_rows()]
    # An empty list and a null both leave the cell empty; openpyxl reads dates back as datetimes.
    expected = [[*row[:4], row[4] or None] for row in expected]
    assert got == expected
    assert ws.freeze_panes == "A4"


def test_xlsx_sets_number_formats_and_widths_for_chinese():
    ws = _sheet(tables.xlsx_bytes(_frame(), "t", "f", "d", EXPORTED_AT))
    assert ws.cell(4, 2).number_format == "#,##0"
    assert ws.cell(4, 3).number_format == "#,##0.0"
    assert ws.cell(4, 4).number_format == "yyyy-mm-dd"
    # 教共体 holds '贺兰一小教共体、贺兰中学教共体': 15 Chinese characters, about 30 Excel columns, +2.
    assert ws.column_dimensions["E"].width == pytest.approx(32, abs=1)
    assert ws.column_dimensions["B"].width < ws.column_dimensions["E"].width


def test_hostile_names_are_text_never_formulas_and_numbers_stay_numbers():
    ws = _sheet(tables.xlsx_bytes(_frame(), "t", "f", "d", EXPORTED_AT))
    for r, name in enumerate(HOSTILE, start=6):
        cell = ws.cell(r, 1)
        assert _value(cell) == name                             # shown as typed
        assert cell.data_type == "s"                            # a string cell, not 'f'
        assert cell.quotePrefix                                 # Excel keeps it text when edited
    assert not ws.cell(4, 1).quotePrefix                        # a plain name needs no prefix
    for r in range(4, 12):
        assert ws.cell(r, 2).data_type == "n"
    assert ws.cell(6, 3).value == -2.0 and ws.cell(6, 3).data_type == "n"


def test_csv_has_a_bom_neutralises_hostile_names_and_keeps_numbers():
    data = tables.csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(io.BytesIO(data))
    assert back.columns == _frame().columns
    assert back["学校"].to_list() == ["城关一小", "<b>常信</b>村小", *("'" + h for h in HOSTILE)]
    assert back["学生数"].dtype == pl.Int64
    assert back["覆盖率（%）"].to_list() == [87.5, None, -2.0, 0.0, 12.25, 100.0, 3.0, 4.5]
    assert back["教共体"][0] == "贺兰一小教共体、贺兰中学教共体"


def test_large_tables_export_whole():
    df = pl.DataFrame({"学校": [f"学校{i}" for i in range(5000)], "学生数": list(range(5000))})
    ws = _sheet(tables.xlsx_bytes(df, "t", "f", "d", EXPORTED_AT))
    assert ws.max_row == 3 + 5000
    assert ws.cell(3 + 5000, 2).value == 4999
    assert pl.read_csv(io.BytesIO(tables.csv_bytes(df))).height == 5000


def test_beyond_excel_rows_xlsx_is_refused_and_csv_offered():
    # Excel holds 1,048,576 rows; three are the title, filters and header rows.
    fits = pl.DataFrame({"n": pl.zeros(1_048_573, dtype=pl.Int8, eager=True)})
    over = pl.DataFrame({"n": pl.zeros(1_048_574, dtype=pl.Int8, eager=True)})
    assert tables.fits_xlsx(fits) and not tables.fits_xlsx(over)
    with pytest.raises(ValueError, match="1,048,574"):
        tables.xlsx_bytes(over, "t", "f", "d", EXPORTED_AT)
    assert LE.CSV in LE.XLSX_TOO_MANY or "CSV" in LE.XLSX_TOO_MANY
    assert tables.csv_bytes(over).count(b"\n") == 1 + 1_048_574      # header + every row


def test_a_styled_page_table_exports_its_data():
    from dashboard.exports.widgets import as_polars

    df = _frame().select("学校", "学生数")
    styled = df.to_pandas().style.map(lambda v: "color: red")
    assert as_polars(styled).equals(df) and as_polars(df) is df


def test_numbers_the_page_formatted_as_text_are_numbers_in_excel():
    df = pl.DataFrame({"学校": ["城关一小", "立岗村小", "洪广村小"],
                       "成员校及格率": ["28.6%", "—", "100.0%"],        # '—' is the pages' no value
                       "学生数": ["1,200", "95", None],
                       "差距缩小": ["-3.3", "0.2", "—"],
                       "考试人次": ["<5", "12", "30"],                   # the privacy mark keeps it text
                       "区县代码": ["640122", "330327", "421321"]})       # codes stay text
    ws = _sheet(tables.xlsx_bytes(df, "t", "f", "d", EXPORTED_AT))
    # 28.6 % is 0.286 shown with one decimal; 1,200 is 1200; -3.3 stays negative, a number.
    assert [ws.cell(r, 2).value for r in (4, 5, 6)] == [pytest.approx(0.286), None, pytest.approx(1.0)]
    assert ws.cell(4, 2).number_format == "0.0%"
    assert [ws.cell(r, 3).value for r in (4, 5, 6)] == [1200, 95, None] and ws.cell(4, 3).number_format == "#,##0"
    assert [ws.cell(r, 4).value for r in (4, 5, 6)] == [pytest.approx(-3.3), pytest.approx(0.2), None]
    assert ws.cell(4, 4).data_type == "n" and ws.cell(4, 4).number_format == "#,##0.0"
    assert [ws.cell(r, 5).value for r in (4, 5, 6)] == ["<5", "12", "30"]
    assert [ws.cell(r, 6).value for r in (4, 5, 6)] == ["640122", "330327", "421321"]
    # In CSV such a column is left as the page wrote it: Excel reads '-3.3' as a number, not a formula.
    back = pl.read_csv(io.BytesIO(tables.csv_bytes(df)), infer_schema=False)
    assert back["差距缩小"].to_list() == ["-3.3", "0.2", "—"] and back["成员校及格率"][0] == "28.6%"


def test_link_columns_export_the_text_the_page_shows():
    import streamlit as st

    from dashboard.exports.widgets import links_as_shown

    df = pl.DataFrame({"教共体": ["/alliance?alliance=A1#贺兰一小教共体", "/alliance?alliance=A3#苍南协作体"], "得分": [90, 80]})
    shown = links_as_shown(df, {"教共体": st.column_config.LinkColumn(display_text=r"#(.*)$")})
    assert shown["教共体"].to_list() == ["贺兰一小教共体", "苍南协作体"] and shown["得分"].to_list() == [90, 80]
    assert links_as_shown(df, None).equals(df)
