"""Cell parsing for validation: one polars expression per column kind (id, number, date, code,
year, ids list ...) turning as-typed text into its type (null where it cannot), the special texts
Excel leaves in cells (formula errors, formulas without a value, ids in scientific notation), and
the Chinese and English reason a value of each kind is refused."""

from __future__ import annotations

import datetime as dt

import polars as pl

from etl import codes
from etl.schema import Column

YEAR_RANGE = (1949, 2100)
DATE_RANGE = (dt.date(1949, 1, 1), dt.date(2100, 12, 31))
EXCEL_EPOCH = dt.date(1899, 12, 30)
IDS_SEPARATORS = r"[、;；,，\s]+"

GRADES: dict[str, int] = (
    {str(i): i for i in range(1, 13)}
    | {f"{n}年级": i for i, n in enumerate("一二三四五六七八九", start=1)}
    | {f"{i}年级": i for i in range(1, 10)}
    | {"初一": 7, "初二": 8, "初三": 9, "高一": 10, "高二": 11, "高三": 12,
       "初中一年级": 7, "初中二年级": 8, "初中三年级": 9, "高中一年级": 10, "高中二年级": 11, "高中三年级": 12,
       "七年级": 7, "八年级": 8, "九年级": 9,
       "初一年级": 7, "初二年级": 8, "初三年级": 9, "高一年级": 10, "高二年级": 11, "高三年级": 12,
       "十年级": 10, "十一年级": 11, "十二年级": 12}
    | {f"{i}年级": i for i in range(10, 13)}
    | {f"小学{n}年级": i for i, n in enumerate("一二三四五六", start=1)}
    | {f"{n}年级": i for i, n in enumerate("七八九", start=7)}
)

# A number with thousands separators as Excel/WPS export it as text: 1,234 / 12,345,678 / 1,234.5
# (a full-width ， is already , after NFKC). Groups after a separator must be exactly three digits:
# 1,23 or 12,34,5 stay unparseable (they may be a decimal comma typo).
THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"
# Columns where a comma is never a thousands separator (a coordinate has no thousands).
NO_THOUSANDS = frozenset({"lon", "lat"})


def _number(e: pl.Expr, thousands: bool = True) -> pl.Expr:
    if thousands:
        e = pl.when(e.str.contains(THOUSANDS)).then(e.str.replace_all(",", "", literal=True)).otherwise(e)
    f = e.cast(pl.Float64, strict=False)
    return pl.when(f.is_finite()).then(f)


# The database's integer columns are 32-bit: a larger count is a typo, and would fail the load.
INT_MAX = 2_147_483_647


def too_big(e: pl.Expr, thousands: bool = True) -> pl.Expr:
    return (_number(e, thousands).abs() > INT_MAX).fill_null(False)


def _integer(e: pl.Expr, thousands: bool = True) -> pl.Expr:
    f = _number(e, thousands)
    return pl.when((f == f.round(0)) & (f.abs() <= INT_MAX)).then(f).cast(pl.Int64)


def parse_date(e: pl.Expr) -> pl.Expr:
    """Text -> Date: 2024-03-15, 2024/3/15, 2024.3.15, 2024年3月15日, 20240315, Excel serial
    numbers and datetime strings; null when none of them fits or the day does not exist."""
    g = e.str.extract_groups(
        r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
    ymd = pl.concat_str([g.struct.field("1"), g.struct.field("2").str.zfill(2), g.struct.field("3").str.zfill(2)],
                        separator="-")
    compact = e.str.extract(r"^(\d{8})$").str.to_date("%Y%m%d", strict=False)
    serial = e.str.extract(r"^(\d{5})(?:\.\d+)?$").cast(pl.Int64, strict=False)
    from_serial = pl.lit(EXCEL_EPOCH) + pl.duration(days=serial)
    d = pl.coalesce(ymd.str.to_date("%Y-%m-%d", strict=False), compact, from_serial)
    return pl.when(d.is_between(*DATE_RANGE)).then(d)


def _school_year(e: pl.Expr) -> pl.Expr:
    g = e.str.extract_groups(r"^(\d{4})\s*(?:[-–—/~至]\s*(\d{4}))?\s*(?:学年)?(?:度)?$")
    y1 = g.struct.field("1").cast(pl.Int64, strict=False)
    y2 = g.struct.field("2").cast(pl.Int64, strict=False).fill_null(y1 + 1)
    return pl.when((y2 == y1 + 1) & y1.is_between(*YEAR_RANGE)).then(pl.format("{}-{}", y1, y2))


# Terms as people write them; the spec's kind for term is int, these spellings are accepted too.
TERMS: dict[str, int] = {"1": 1, "2": 2, "第一学期": 1, "第二学期": 2, "上学期": 1, "下学期": 2, "一": 1, "二": 2}


def code_map(codelist: str) -> dict[str, str]:
    return {k.lower(): v for k, v in codes.lookup(codelist).items()}


WHOLE_FLOAT = r"^(\d+)\.0+$"
# What Excel shows for a formula that failed; a csv saved from Excel keeps the same text.
EXCEL_ERROR = r"^#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|GETTING_DATA|SPILL!|CALC!)$"


# A formula cell the reader found without a computed value: its formula text.
FORMULA = r"^=[A-Za-z0-9_(\[$!'\"+\-]"


def excel_error(e: pl.Expr) -> pl.Expr:
    return e.str.contains(EXCEL_ERROR).fill_null(False)


# An id Excel has shown in scientific notation (a number-formatted column saved as csv), or a
# number cell of 16+ digits that the reader shows the same way: its digits are lost.
SCIENTIFIC = r"^[+-]?\d+(?:\.\d+)?[eE]\+\d+$"
SCIENTIFIC_ZH = "科学计数法 / 精度已丢失：请把该列设为文本后重新导出"
SCIENTIFIC_EN = "id in scientific notation or with more digits than Excel keeps: format the column as text and export again"


def scientific(e: pl.Expr) -> pl.Expr:
    return e.str.contains(SCIENTIFIC).fill_null(False)


def parse(col: Column, e: pl.Expr, float_ids: bool = True, commas: bool = True, plain: bool = False) -> pl.Expr:
    """Raw text expression -> typed expression for a spec column; null where unparseable.
    float_ids=False leaves an id or code column as it is (no copy of a 10M-row column that holds
    no whole number written as a float); commas=False skips looking for thousands separators in
    a number column that has no comma (the look rewrites the whole column); plain=True says every
    value of a date column is an ISO date, of a code column a spelling of a code, so only the
    direct reading is run."""
    kind = col.kind
    if kind == "text" or (kind == "id" and not float_ids):
        return e
    if float_ids and (kind in ("id", "bool", "grade", "county_code") or kind.startswith("code:") or col.name == "term"):
        # A whole number written as a float (220.0, 1.0), as pandas and some exports write codes.
        e = e.str.replace(WHOLE_FLOAT, "${1}")
    if kind == "id":
        return e
    if col.name == "term":
        return e.replace_strict(TERMS, default=None, return_dtype=pl.Int64)
    if kind == "int":
        return _integer(e, commas)
    if kind == "float":
        return _number(e, commas and col.name not in NO_THOUSANDS)
    if kind == "date":
        if plain:
            d = e.str.to_date("%Y-%m-%d", strict=False)
            return pl.when(d.is_between(*DATE_RANGE)).then(d)
        return parse_date(e)
    if kind == "year":
        y = _integer(e, thousands=False)
        return pl.when(y.is_between(*YEAR_RANGE)).then(y)
    if kind == "bool":
        m = {v: True for v in codes.YES} | {v: False for v in codes.NO}
        return e.replace_strict(m, default=None, return_dtype=pl.Boolean)
    if kind == "county_code":
        return pl.when(e.str.contains(r"^\d{6}$")).then(e)
    if kind == "school_year":
        return _school_year(e)
    if kind == "grade":
        return e.str.replace_all(r"\s+", "").replace_strict(GRADES, default=None, return_dtype=pl.Int64)
    if kind == "ids":
        return e.str.replace_all(IDS_SEPARATORS, ",").str.split(",").list.eval(pl.element().filter(pl.element() != ""))
    if kind.startswith("code:"):
        # "111 主城区" (code and label, as the template's drop-down offers) reads as its code.
        m = code_map(kind[5:])
        low = e.str.to_lowercase()
        if plain:
            return low.replace_strict(m, default=None, return_dtype=pl.String)
        return pl.coalesce(low.replace_strict(m, default=None, return_dtype=pl.String),
                           low.str.extract(r"^(\S+)\s").replace_strict(m, default=None, return_dtype=pl.String))
    raise ValueError(f"unknown column kind {kind!r}")


def floats_as_codes(c: Column) -> bool:
    """Columns where a whole number written as a float (220.0) stands for its code or id."""
    return c.kind in ("id", "bool", "grade", "county_code") or c.kind.startswith("code:") or c.name == "term"


def special_marks(c: Column) -> list[str]:
    """Characters that the special readings of a cell need in this column's kind: # for a formula
    error, = for a formula, + for a scientific id, . for a float id, , for thousands. A column
    holding none of them is read plainly (the reader and the validator search for them once)."""
    floats = ["."] if floats_as_codes(c) else []
    return ["#", "="] + floats + {"id": ["+"], "ids": ["+"], "int": [","], "float": [","]}.get(c.kind, [])


def dtype_of(col: Column) -> pl.DataType:
    return {"int": pl.Int64(), "float": pl.Float64(), "date": pl.Date(), "year": pl.Int64(), "bool": pl.Boolean(),
            "grade": pl.Int64(), "ids": pl.List(pl.String)}.get(col.kind, pl.String())


_KIND_REASON = {
    "int": ("不是整数", "not a whole number"),
    "float": ("不是数字", "not a number"),
    "date": ("无法识别的日期（应如 2024-03-15、2024/3/15、2024年3月15日）",
             "unparseable date (expected e.g. 2024-03-15, 2024/3/15, 2024年3月15日)"),
    "year": ("不是有效的四位年份", "not a valid four-digit year"),
    "bool": ("应填 是 或 否", "expected yes/no (是/否, Y/N, 1/0)"),
    "county_code": ("区县代码应为6位数字", "county_code must be 6 digits"),
    "school_year": ("无法识别的学年（应如 2023-2024）", "unparseable school year (expected e.g. 2023-2024)"),
    "grade": ("无法识别的年级（应为 1–12 或 三年级、初二、高一 等）", "unparseable grade (expected 1-12 or e.g. 三年级, 初二)"),
}


def number_reason(col: Column, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The unparseable-number reason; a value with a comma that is not a well-formed thousands
    separator gets a hint that it may be a decimal comma."""
    zh, en = _KIND_REASON[col.kind]
    bad_comma = raw.str.contains(",", literal=True)
    if col.name not in NO_THOUSANDS:
        bad_comma = bad_comma & ~raw.str.contains(THOUSANDS)
    hint_zh = ("（逗号只能作千分位，每三位一组，如 1,234；小数请用小数点，如 1.5）" if col.name not in NO_THOUSANDS
               else "（小数请用小数点，如 106.35，不要用逗号）")
    hint_en = (" (a comma may only separate thousands in groups of three, e.g. 1,234; a decimal needs a point,"
               " e.g. 1.5)" if col.name not in NO_THOUSANDS else " (a decimal needs a point, e.g. 106.35, not a comma)")
    return (pl.when(bad_comma).then(pl.lit(zh + hint_zh)).otherwise(pl.lit(zh)),
            pl.when(bad_comma).then(pl.lit(en + hint_en)).otherwise(pl.lit(en)))


def kind_reason(col: Column) -> tuple[str, str]:
    if col.name == "term":
        return "学期应为 1 或 2（或 第一学期、第二学期）", "term must be 1 or 2"
    if col.kind.startswith("code:"):
        choices = [f"{code} {label}" if code.isdigit() else label
                   for code, label in codes.labels(col.kind[5:]).items()]
        return (f"未知的{col.header}（可填：{'、'.join(choices)}）",
                f"unknown {col.name}")
    return _KIND_REASON[col.kind]
