"""A workbook sheet's cells as text, as fastexcel reads them, and what it leaves to openpyxl:
merged ranges filled, formulas without a computed value, Excel's formula errors as the text Excel
shows, numbers of 16+ digits as Excel stores them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import fastexcel
import polars as pl

from etl.headers import TITLE_ROWS


def has_text(row: list[str | None]) -> bool:
    """A row with a visible value (a cell of spaces, or an empty merged range, shows nothing)."""
    return any(v is not None and v.strip() for v in row)


def _cell_text(value) -> str | None:
    """An openpyxl cell value as the text fastexcel would give for it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _formulas(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column) -> formula text of the sheet's formula cells."""
    import openpyxl  # only merged or formula sheets need it: ~80 ms off every load's start
    wb = openpyxl.load_workbook(path, data_only=False)
    try:
        return {(c.row, c.column): c.value for row in wb[sheet].iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")}
    finally:
        wb.close()


def filled_rows(path: Path, sheet: str, uncomputed: bool = False) -> list[list[str | None]]:
    """Every row of a sheet from Excel row 1 and column A, each merged range filled with its
    top-left value: people merge 教共体编号 over an alliance's member rows, and every row needs it.
    With uncomputed, a formula cell without a computed value holds its formula (=B2*0.6), so
    validation can say so instead of calling the cell empty."""
    import openpyxl  # only merged or formula sheets need it: ~80 ms off every load's start
    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        ws = wb[sheet]
        if uncomputed:
            for (r, c), formula in _formulas(path, sheet).items():
                if ws.cell(r, c).value is None:
                    ws.cell(r, c).value = formula
        # A row that holds nothing but a merged range's copy (the range drawn past the last row
        # of data) stays empty: only rows with a value of their own are filled.
        own = {r for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row, values_only=True),
                                         start=1) if any(v is not None and str(v).strip() for v in row)}
        for rng in list(ws.merged_cells.ranges):
            value = ws.cell(rng.min_row, rng.min_col).value
            ws.unmerge_cells(str(rng))
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    ws.cell(r, c).value = value if r == rng.min_row or r in own else None
        return [[_cell_text(v) for v in row]
                for row in ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row, values_only=True)]
    finally:
        wb.close()


def rows_frame(rows: list[list[str | None]], header_row: int) -> pl.DataFrame:
    """All-text frame of the rows below header_row, named by it as fastexcel names columns."""
    width = max((len(r) for r in rows), default=0)
    header = rows[header_row] + [None] * (width - len(rows[header_row]))
    names: list[str] = []
    for j, h in enumerate(header):
        name = h if h is not None and h.strip() else f"__UNNAMED__{j}"
        while name in names:
            name += "_duplicated_0"
        names.append(name)
    body = [r + [None] * (width - len(r)) for r in rows[header_row + 1:]]
    return pl.DataFrame(body, schema=dict.fromkeys(names, pl.String), orient="row")


# fastexcel's names of Excel's cell errors -> the text Excel shows.
EXCEL_ERRORS = {"Div0": "#DIV/0!", "NA": "#N/A", "Value": "#VALUE!", "Ref": "#REF!", "Name": "#NAME?",
                "Num": "#NUM!", "Null": "#NULL!", "GettingData": "#GETTING_DATA"}


def load_sheet(book: fastexcel.ExcelReader, sheet: str, header_row: int) -> pl.DataFrame:
    """The sheet below header_row as text. A formula error cell holds the text Excel shows
    (#N/A, #DIV/0!) instead of nothing, so validation can name it rather than call it empty."""
    batch, errors = book.load_sheet(sheet, header_row=header_row, dtypes="string").to_arrow_with_errors()
    df = pl.from_arrow(batch)
    fixes: dict[int, tuple[list[int], list[str]]] = {}
    for err in errors.errors if errors is not None else []:
        if found := re.search(r"Error\((\w+)\)", err.detail):
            row, col = err.offset_position
            rows, texts = fixes.setdefault(col, ([], []))
            rows.append(row)
            texts.append(EXCEL_ERRORS.get(found.group(1), f"#{found.group(1).upper()}"))
    for col, (rows, texts) in fixes.items():
        name = df.columns[col]
        df = df.with_columns(df.get_column(name).cast(pl.String).scatter(rows, texts).alias(name))
    return df


def sheet_top(book: fastexcel.ExcelReader, sheet: str) -> list[list[str | None]]:
    return [list(r) for r in book.load_sheet(sheet, header_row=None, n_rows=TITLE_ROWS + 1,
                                             dtypes="string").to_polars().iter_rows()]


def lost_digits(df: pl.DataFrame, header_row: int, long_numbers: dict[int, tuple[str, ...]]) -> pl.DataFrame:
    """Number cells of 16+ digits (Excel has already rounded them to 15) shown as Excel stores
    them, 3.30327200801011E+17, so validation refuses them as scientific notation instead of
    reading the rounded digits fastexcel gives (330327200801011328) as an id."""
    if not long_numbers or not df.height:
        return df
    first = header_row + 2                 # Excel row of the frame's first row
    fixes: dict[str, tuple[list[int], list[str]]] = {}
    for row, values in long_numbers.items():
        i = row - first
        if not 0 <= i < df.height:
            continue
        shown = {}
        for v in values:
            f = float(v)
            for text in (str(int(f)), repr(f), v):
                shown[text] = f"{f:.15G}"
        for col in df.columns:
            cell = df.get_column(col)[i]
            if isinstance(cell, str) and cell.strip() in shown:
                rows, texts = fixes.setdefault(col, ([], []))
                rows.append(i)
                texts.append(shown[cell.strip()])
    for col, (rows, texts) in fixes.items():
        df = df.with_columns(df.get_column(col).cast(pl.String).scatter(rows, texts).alias(col))
    return df
