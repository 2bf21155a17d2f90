"""Tables as XLSX (title row with filters and data date, Chinese headers, column widths, number
formats) and CSV (UTF-8 with BOM, so Excel opens the Chinese correctly). Always the whole table.

A school name is data, never a formula: a text cell beginning with = + - @, a tab or a carriage
return would be run by Excel (CSV injection, OWASP). In XLSX such cells are written as text with
Excel's quote prefix (shown without the apostrophe, kept text when edited); in CSV, which has no
types, they get a leading apostrophe. Numeric columns stay numbers in both, and so do columns the
pages formatted as text ('1,200', '48.6%', '—'): Excel gets numbers with the matching format."""

from __future__ import annotations

import io
import math
import re
from datetime import date, datetime

import polars as pl
import xlsxwriter

from dashboard.labels import exports as LE

EXCEL_MAX_ROWS = 1_048_576
HEADER_ROWS = 3                 # title, filters and data date, column names
XLSX_MAX_DATA_ROWS = EXCEL_MAX_ROWS - HEADER_ROWS
DANGEROUS_START = re.compile(r"^[=+\-@\t\r]")
WIDTH_SAMPLE_ROWS = 2000        # column widths from the first rows: a million-row scan is not worth it
MAX_COLUMN_WIDTH = 60


def is_dangerous(value: str) -> bool:
    return bool(DANGEROUS_START.match(value))


def neutralise(value: str) -> str:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)"; other text unchanged (the CSV form)."""
    return "'" + value if is_dangerous(value) else value


def fits_xlsx(df: pl.DataFrame) -> bool:
    return df.height <= XLSX_MAX_DATA_ROWS


def _flat(df: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with 、 (alliance names of a school), so every cell is one value."""
    return df.with_columns(pl.col(c).cast(pl.List(pl.String)).list.join("、")
                           for c, t in df.schema.items() if isinstance(t, pl.List))


def csv_bytes(df: pl.DataFrame) -> bytes:
    """The whole table as CSV, UTF-8 with BOM, text cells neutralised, numbers as written."""
    flat = _flat(df)
    # A column of numbers the page wrote as text ('-3.3', '48.6%') is numbers to Excel, never a formula.
    _, numeric = _typed_text_columns(flat)
    flat = flat.with_columns(
        pl.when(pl.col(c).str.contains(DANGEROUS_START.pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c))
        .alias(c) for c, t in flat.schema.items() if t == pl.String and c not in numeric)
    buffer = io.BytesIO()
    flat.write_csv(buffer, include_bom=True)
    return buffer.getvalue()


def _display_width(text: str) -> int:
    """Characters as Excel columns measure them: a Chinese character is about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


NUMBER_TEXT = r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"        # '1,200', '-3.3': a formatted number
PERCENT_TEXT = r"^-?\d+(\.\d+)?%$"                          # '48.6%'
BLANK_TEXT = ("", "—")                                       # the pages' mark for no value


CODE_NAMES = ("代码", "编号", "学号", "ID", "id")


def _looks_like_code(name: str, values: pl.Series) -> bool:
    """A code written in digits (区县代码 640122, 学校编号 0012) is text, not a number: by its column
    name, a leading zero, or a length no count has."""
    return (any(word in name for word in CODE_NAMES) or values.str.contains(r"^-?0\d").any()
            or values.str.len_chars().max() > 12)


def _typed_text_columns(df: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, str]]:
    """Columns the pages formatted as text ('1,200', '48.6%', '—' for none) back to numbers for
    Excel, with a matching number format: only when every value of the column is such a number,
    so a column holding a name or a '<5' privacy mark stays text as shown."""
    out, formats = df, {}
    for name, dtype in df.schema.items():
        if dtype != pl.String:
            continue
        values = df[name].str.strip_chars()
        present = values.filter(values.is_not_null() & ~values.is_in(BLANK_TEXT))
        if present.is_empty():
            continue
        blank = pl.col(name).str.strip_chars().is_in(BLANK_TEXT)
        if present.str.contains(PERCENT_TEXT).all():
            digits = present.str.extract(r"\.(\d+)%$").str.len_chars().fill_null(0).max()
            out = out.with_columns(pl.when(blank).then(None).otherwise(
                pl.col(name).str.strip_chars().str.strip_suffix("%").cast(pl.Float64) / 100).alias(name))
            formats[name] = "0." + "0" * digits + "%" if digits else "0%"
        elif present.str.contains(NUMBER_TEXT).all() and not _looks_like_code(name, present):
            digits = present.str.extract(r"\.(\d+)$").str.len_chars().fill_null(0).max()
            out = out.with_columns(pl.when(blank).then(None).otherwise(
                pl.col(name).str.strip_chars().str.replace_all(",", "").cast(pl.Float64)).alias(name))
            formats[name] = "#,##0." + "0" * digits if digits else "#,##0"
    return out, formats


def _number_format(dtype: pl.DataType, name: str) -> str | None:
    if dtype.is_integer():
        return "#,##0"
    if dtype.is_float():
        return "#,##0.0"
    if dtype == pl.Date:
        return "yyyy-mm-dd"
    if dtype == pl.Datetime:
        return "yyyy-mm-dd hh:mm"
    return None


def xlsx_bytes(df: pl.DataFrame, title: str, filters: str, data_date: str, exported_at: datetime,
               formats: dict[str, str] | None = None, sheet: str = "数据") -> bytes:
    """The whole table as an XLSX workbook: row 1 the title, row 2 the filters, data date and export
    time, row 3 the column names (frozen), then every row. Raises ValueError beyond Excel's row
    limit (callers offer CSV instead)."""
    if not fits_xlsx(df):
        raise ValueError(LE.XLSX_TOO_MANY.format(n=f"{df.height:,}"))
    flat, typed_formats = _typed_text_columns(_flat(df))
    formats = {**typed_formats, **(formats or {})}
    buffer = io.BytesIO()
    # constant_memory streams rows to disk: a table of a million rows does not sit in memory twice.
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False,
                                        "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "nan_inf_to_errors": True})
    ws = book.add_worksheet(sheet)
    title_fmt = book.add_format({"bold": True, "font_size": 14, "font_name": "Microsoft YaHei"})
    note_fmt = book.add_format({"font_color": "#595959", "font_name": "Microsoft YaHei"})
    head_fmt = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "font_name": "Microsoft YaHei",
                                "text_wrap": True, "valign": "vcenter"})
    text_fmt = book.add_format({"font_name": "Microsoft YaHei"})
    quoted_fmt = book.add_format({"font_name": "Microsoft YaHei", "quote_prefix": True})
    column_fmts = []
    for name, dtype in flat.schema.items():
        pattern = (formats or {}).get(name) or _number_format(dtype, name)
        column_fmts.append(book.add_format({"num_format": pattern, "font_name": "Microsoft YaHei"})
                           if pattern else text_fmt)

    ws.write_string(0, 0, LE.TITLE_ROW.format(title=title), title_fmt)
    ws.write_string(1, 0, LE.FILTER_ROW.format(filters=filters, data_date=data_date,
                                               exported_at=exported_at.strftime("%Y-%m-%d %H:%M")), note_fmt)
    sample = flat.head(WIDTH_SAMPLE_ROWS)
    for col, name in enumerate(flat.columns):
        ws.write_string(2, col, name, head_fmt)
        longest = max([_display_width(name)] + [_display_width(str(v)) for v in sample[name].to_list()
                                                if v is not None])
        ws.set_column(col, col, min(longest + 2, MAX_COLUMN_WIDTH))
    ws.freeze_panes(HEADER_ROWS, 0)

    string_cols = [t == pl.String for t in flat.schema.values()]
    for r, row in enumerate(flat.iter_rows(), start=HEADER_ROWS):
        for c, value in enumerate(row):
            if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
                continue        # an empty cell, not an empty string or Excel's #NUM!
            if string_cols[c]:
                ws.write_string(r, c, value, quoted_fmt if is_dangerous(value) else text_fmt)
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value, column_fmts[c])
            elif isinstance(value, datetime | date):
                ws.write_datetime(r, c, value, column_fmts[c])
            elif isinstance(value, int | float):
                ws.write_number(r, c, value, column_fmts[c])
            else:
                ws.write_string(r, c, str(value), text_fmt)
    if flat.height:
        ws.autofilter(HEADER_ROWS - 1, 0, HEADER_ROWS - 1 + flat.height, max(flat.width - 1, 0))
    book.close()
    return buffer.getvalue()
