"""Read stage: xlsx workbooks, folders of csv files and single files -> one all-text polars frame
per input table, each row keeping where it came from (file, sheet, row as the user sees it).

Nothing here judges values beyond cleaning them (trim, NFKC, empty -> null); that is validate.py.
Which table a name or a header row names, and which column a header names, is etl/headers.py;
how a cell is cleaned, etl/textclean.py; how a workbook sheet's cells become text, etl/sheets.py.
Problems that make a whole file or sheet unreadable are collected, not raised, so one pass
reports everything."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl

from etl.encoding import detect_encoding
from etl.headers import (
    SPECS,
    TITLE_ROWS,
    ambiguous_headers,
    header_index,
    header_of,
    headers_of,
    norm_header,
    norm_text,
    table_for_name,
    table_from_headers,
)
from etl.html import declared_charset, html_tables, is_html
from etl.report import EtlError, problem_frame
from etl.schema import Table
from etl.sheets import filled_rows, has_text, load_sheet, lost_digits, rows_frame, sheet_top
from etl.textclean import (
    TEXT_FOLDED,
    clean_expr,
    cleaned_changes,
    column_has_non_ascii,
    column_needs_trim,
    search_texts,
    text_flags,
    trim_expr,
)
from etl.xlsx import SheetLayout, sheet_layout

NOTES_SHEET = "说明"
STUDENT_NAME_HEADERS = frozenset({"姓名", "学生姓名", "考生姓名", "学生名称", "name", "student_name"})
DATA_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls")

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SRC, ROW = "_src", "_row"


@dataclass(frozen=True)
class Source:
    """One csv file or one xlsx sheet."""
    path: Path
    sheet: str | None

    @property
    def file(self) -> str:
        return self.path.name


@dataclass
class RawTable:
    key: str                                   # schools ... results | results_school
    spec: Table
    frame: pl.DataFrame                        # _src u16, _row u32, spec columns as String
    present: dict[int, frozenset[str]] = field(default_factory=dict)   # columns per source
    # Text columns known to hold only ASCII, without whitespace nor any of their special_marks:
    # validation need not search them for the special values those characters start.
    unmarked: frozenset[str] = frozenset()


@dataclass
class RawInput:
    sources: list[Source]
    tables: dict[str, RawTable]
    problems: pl.DataFrame                     # file/sheet-level problems and warnings
    # Source index -> rows hidden in Excel that were read while the user has not said whether
    # they count (validate rejects each, naming --include-hidden / --skip-hidden).
    hidden: dict[int, list[int]] = field(default_factory=dict)


def row_ranges(rows: list[int]) -> str:
    """[4, 7, 8, 9] -> 4、7-9: rows as a person reads a list of them."""
    out: list[str] = []
    rows = sorted(rows)
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
            j += 1
        out.append(str(rows[i]) if i == j else f"{rows[i]}-{rows[j]}")
        i = j + 1
    return "、".join(out)




_NO_LAYOUT = SheetLayout(1, False, False)


def _listed(entry: Path) -> bool:
    """Not a hidden file nor the lock file Excel/WPS leaves beside an open workbook (~$...)."""
    return not entry.name.startswith((".", "~$"))


def expand_inputs(inputs: list[Path | str]) -> list[Path]:
    """Paths as given -> data files: a folder contributes its csv/xlsx files, sorted."""
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in DATA_SUFFIXES
                                and _listed(f)))
        else:
            files.append(p)
    return files


# Files that are never data: documents and pictures beside the data pass without a word. Anything
# else a folder holds that the importer cannot read (WPS .et, .ods, .xlsb, .dbf, ...) fails check.
DOCUMENT_SUFFIXES = frozenset({".md", ".doc", ".docx", ".wps", ".pdf", ".rtf", ".ppt", ".pptx", ".dps", ".jpg",
                               ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".webp", ".mp4", ".mov"})


def skipped_entries(inputs: list[Path | str]) -> list[Path]:
    """What a folder holds that may be data but is not read: subfolders and files of other kinds."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if _listed(f) and (f.is_dir() or (
                f.suffix.lower() not in DATA_SUFFIXES and f.suffix.lower() not in DOCUMENT_SUFFIXES))))
    return out


def sniff(path: Path) -> str:
    """File kind from its bytes and extension: 'xlsx', 'xls' (Excel 97-2003, BIFF8), 'html' (a web
    system's table saved as .xls) or 'csv' (text, comma or tab separated); EtlError when the bytes
    are none of what the extension allows."""
    if not path.exists():
        raise EtlError("文件不存在", "file not found", str(path))
    if path.stat().st_size == 0:
        raise EtlError("文件是空的", "file is empty", path.name)
    with path.open("rb") as f:
        head = f.read(4096)
    ext = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        return "xls"
    is_zip = head.startswith(ZIP_MAGIC)
    if ext in (".xlsx", ".xlsm", ".xls") and not is_zip and is_html(head):
        return "html"
    if ext == ".xls":
        # Web systems save tab-separated text with an .xls name too; Excel opens it as a sheet.
        return "xlsx" if is_zip else "csv"
    if ext in (".xlsx", ".xlsm"):
        if not is_zip:
            raise EtlError("扩展名是 .xlsx，但内容不是 Excel 工作簿（看起来是文本/CSV），请改扩展名为 .csv 或另存为 .xlsx",
                           "extension says .xlsx but the content is not an xlsx workbook (looks like text/CSV)",
                           path.name)
        return "xlsx"
    if ext in (".csv", ".txt"):
        if is_zip:
            raise EtlError("扩展名是 .csv，但内容是 Excel 工作簿（zip），请改扩展名为 .xlsx",
                           "extension says .csv but the content is an xlsx workbook (zip)", path.name)
        return "csv"
    raise EtlError(f"不支持的文件类型「{path.suffix}」，请用 .xlsx、.xls、.csv 或 .txt",
                   f"unsupported file type {path.suffix!r}: use .xlsx, .xls, .csv or .txt", path.name)


def _csv_top(path: Path, enc: str) -> tuple[str, list[list[str | None]]]:
    """The separator and the top rows of a csv (for its header row and, unnamed, its table)."""
    with path.open(encoding=enc, errors="replace", newline="") as f:
        lines = [line for _, line in zip(range(TITLE_ROWS + 1), f, strict=False)]
    sep = _separator(lines[0] if lines else "")
    rows = [[v or None for v in row] for row in csv.reader(lines, delimiter=sep)]
    return sep, rows


def _read_csv(path: Path, enc: str, sep: str, header_row: int = 0, leading_blank: int = 0,
              table: str | None = None) -> pl.LazyFrame:
    """A csv as an all-text lazy frame, its header on line header_row + 1. UTF-8 is scanned
    (streamed later, so a 10M-row file is never held twice), the table's CATEGORICAL columns read
    as categoricals; GB18030 needs polars' eager decoder. polars passes over blank lines at the top
    of a file by itself: they are not skipped again."""
    skip = max(header_row - leading_blank, 0)
    try:
        if enc in ("utf-8", "utf-8-sig"):
            lf = pl.scan_csv(path, infer_schema=False, separator=sep, raise_if_empty=False, skip_rows=skip)
            names = headers_of(table) if table in CATEGORICAL else {}
            shared = {h: pl.Categorical for h in lf.collect_schema().names()
                      if names.get(norm_header(h)) in CATEGORICAL[table]} if names else {}
            if shared:
                # Parsed straight into categoricals: casting 10M strings afterwards cost 0.3-0.5 s.
                lf = pl.scan_csv(path, infer_schema=False, separator=sep, raise_if_empty=False, skip_rows=skip,
                                 schema_overrides=shared)
        else:
            lf = pl.read_csv(path, infer_schema=False, separator=sep, encoding=enc, raise_if_empty=False,
                             skip_rows=skip).lazy()
        width = len(lf.collect_schema())
    except pl.exceptions.PolarsError as e:
        raise _malformed(path, e, header_row) from e
    if width == 0:
        raise EtlError("没有表头（第1行应为列名）", "no header row (row 1 must hold the column names)", path.name)
    return lf


def _separator(first_line: str) -> str:
    return "\t" if "\t" in first_line and "," not in first_line else ","


def malformed_row(path: Path, header_row: int = 0) -> tuple[int, str, str] | None:
    """Where a csv stops being well-formed: (row as Excel numbers it, zh, en) of the first record
    with an unterminated or stray quote or more fields than the header; None when the stdlib
    reader finds none. Only called once polars has refused the file, so speed does not matter."""
    enc = detect_encoding(path)
    with path.open(encoding=enc, newline="") as f:
        sep = _separator(f.readline())
    with path.open(encoding=enc, newline="") as f:
        reader = csv.reader(f, delimiter=sep, strict=True)
        # Rows are counted in records, as Excel shows a csv (a quoted line break stays in its cell).
        width, row = None, 1
        try:
            for record in reader:
                if row <= header_row:           # title and blank lines above the header
                    row += 1
                    continue
                if width is None:
                    width = len(record)
                elif len(record) > width:
                    return (row, f"该行有 {len(record)} 列，多于表头的 {width} 列（多了逗号？含逗号的内容须加英文双引号）",
                            f"{len(record)} fields, more than the header's {width} (a stray comma?)")
                row += 1
        except csv.Error:
            return (row, "引号不配对：从该行开始的英文双引号没有结束，或引号后面紧跟了其他字符",
                    "unterminated or misplaced double quote starting on this row")
    return None


def _malformed(path: Path, e: Exception, header_row: int = 0) -> EtlError:
    try:
        found = malformed_row(path, header_row)
    except (EtlError, OSError, UnicodeDecodeError):
        found = None
    if found is None:
        return EtlError("CSV 格式错误（引号不配对或某行列数多于表头）", f"malformed CSV: {str(e).splitlines()[0]}",
                        path.name)
    row, zh, en = found
    return EtlError(f"CSV 格式错误：{zh}", f"malformed CSV: {en}", path.name, row)


def _blank_header(col: str) -> bool:
    """A column whose header cell was empty, as polars (csv: "", _duplicated_N) or fastexcel
    (xlsx: __UNNAMED__N) names it."""
    return not col.strip() or col.startswith("__UNNAMED__") or re.fullmatch(r"_duplicated_\d+", col) is not None


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as Excel labels it."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# A cell of a notes row under the header, as templates and bureaus write them.
NOTE_ROW = re.compile(r"必填|选填|填写|示例|例如|^如[:：\s]|^如\S|格式|说明|^注[:：]|请填|可填|留空")
TOTALS_ROW = r"^(?:合计|总计|小计|共计|总合计)\s*[:：]?$"


# Columns held as categoricals when read from csv (see _Collector.add).
CATEGORICAL = {"results": ("exam_id", "school_id", "class"), "results_school": ("exam_id", "school_id")}


class _NotUtf8(Exception):
    """A csv read as UTF-8 from its first MB turned out not to be UTF-8 further down."""


class _Collector:
    def __init__(self, hidden: str | None = None) -> None:
        self.sources: list[Source] = []
        self.parts: dict[str, list[tuple[int, pl.DataFrame]]] = {}
        self.unmarked: dict[int, frozenset[str]] = {}            # source -> its unmarked columns
        self.problems: list[dict] = []
        self.hidden_choice = hidden
        self.hidden: dict[int, list[int]] = {}

    def problem(self, src: Source | None, zh: str, en: str, *, table: str | None = None,
                column: str | None = None, severity: str = "error", file: str | None = None,
                row: int | None = None) -> None:
        self.problems.append({"table": table, "file": src.file if src else file,
                              "sheet": src.sheet if src else None, "row": row, "column": column,
                              "reason_zh": zh, "reason_en": en, "severity": severity})

    def add(self, table: str, src: Source, lf: pl.LazyFrame, header_row: int = 0,
            hidden_rows: frozenset[int] = frozenset()) -> None:
        """Map headers, drop student names, tag rows with their source and row number, clean
        cells (trim, empty -> null; NFKC where a column holds non-ASCII text)."""
        schema = lf.collect_schema()
        columns = schema.names()
        is_results = table == "results"
        names = headers_of(table)
        ambiguous = {} if is_results else ambiguous_headers(SPECS[table])
        rename: dict[str, str] = {}
        for col in columns:
            h = norm_header(col)
            if h in names and names[h] in rename.values():
                # 日期 beside 考试日期: two columns for one; keeping either would drop the other silently.
                other = next(c for c, n in rename.items() if n == names[h])
                header = header_of(table, names[h])
                self.problem(src, f"「{other}」和「{col}」两列都表示「{header}」，请只保留一列",
                             f"columns {other!r} and {col!r} both name {names[h]}: keep one", table=table, column=col)
            elif h in names:
                rename[col] = names[h]
            elif h in ambiguous:
                headers = "」还是「".join(SPECS[table].column(c).header for c in ambiguous[h])
                self.problem(src, f"列名「{col}」不能确定是「{headers}」，请改用其中一个列名",
                             f"header {col!r} may name {' or '.join(ambiguous[h])}: use one of their headers",
                             table=table, column=col)
            elif is_results and ("姓名" in h or h.lower() in STUDENT_NAME_HEADERS):
                self.problem(src, "学生姓名列不会入库，已忽略", "student name column ignored, never stored",
                             table=table, column=col, severity="warning")
            elif _blank_header(col):
                # Excel and WPS save trailing empty columns with empty headers: nothing to say
                # unless they hold something.
                if not lf.select(trim_expr(pl.col(col).cast(pl.String)).is_null().all()).collect().item():
                    letter = _column_letter(columns.index(col))
                    self.problem(src, f"第 {letter} 列没有列名，其中的内容已忽略",
                                 f"column {letter} has no header: its values are ignored", table=table,
                                 column=letter, severity="warning")
            else:
                self.problem(src, "未知的列，已忽略", "unknown column ignored", table=table, column=col,
                             severity="warning")
        if is_results:
            cols = set(rename.values())
            student = bool({"student_id", "score"} & cols) or not ({"n", "mean"} & cols)
            table = "results" if student else "results_school"
            allowed = {c.name for c in SPECS[table].columns}
            for col, name in list(rename.items()):
                if name not in allowed:
                    self.problem(src, "与成绩表的形式（逐生 / 汇总）不符的列，已忽略",
                                 "column does not belong to this results shape (per student / per school), ignored",
                                 table=table, column=col, severity="warning")
                    del rename[col]
        idx = len(self.sources)
        data_cols = list(rename.values())
        # A row counts when any cell holds something, in a known column or not: a row whose values
        # all sit under unknown headers is read (and rejected for its missing values), never lost.
        extra = {c: f"__extra{i}" for i, c in enumerate(columns) if c not in rename}
        # Per-student results csv files run to 10M rows: their exam, school and class repeat on
        # every row and are held as categoricals (4 bytes a row instead of ~35 for the text).
        shared = set(CATEGORICAL.get(table, ())) if src.sheet is None else set()
        # A csv (1M-row ledgers, 10M-row results) is trimmed after reading, only in the columns that
        # need it (most need none); a sheet's cells are trimmed as they are read.
        deferred = src.sheet is None

        def cell(c: str) -> pl.Expr:
            # A categorical is trimmed on its distinct values below, not on every row.
            if rename.get(c) in shared:
                return pl.col(c) if schema[c] == pl.Categorical else pl.col(c).cast(pl.String).cast(pl.Categorical)
            return pl.col(c).cast(pl.String) if deferred else trim_expr(pl.col(c).cast(pl.String))

        query = (lf.select([cell(c).alias(rename.get(c) or extra[c]) for c in columns])
                 .with_row_index(ROW, offset=2 + header_row)
                 .with_columns(pl.lit(idx, pl.UInt16).alias(SRC)))
        if columns:
            query = query.filter(pl.any_horizontal(pl.all().exclude(ROW, SRC).is_not_null()))
        try:
            df = query.select(SRC, ROW, *data_cols, *(extra.values() if deferred else ())).collect(engine="streaming")
        except pl.exceptions.ComputeError as e:
            if "utf-8" in str(e):
                raise _NotUtf8 from e
            raise _malformed(src.path, e, header_row) from e
        except pl.exceptions.PolarsError as e:
            raise _malformed(src.path, e, header_row) from e
        self.sources.append(src)
        del query, lf
        # Cleaned as clean_expr says, only columns with non-ASCII text, one at a time, so a big file is
        # never held twice.
        kinds = {c.name: c.kind for c in SPECS[table].columns}
        blanked = False
        distinct: dict[str, pl.Series] = {}      # a categorical's distinct values, as cleaned
        # Which text columns need trimming and which hold non-ASCII text, asked in one pass over the
        # frame (polars answers columns side by side) instead of one column after another.
        plain = [c for c in data_cols if df.schema[c] == pl.String]
        needs_trim, non_ascii, unmarked = text_flags(df, [SPECS[table].column(c) for c in plain], trim=deferred)
        ascii_only: set[str] = set()
        for c in data_cols:
            col = df.get_column(c)
            if col.dtype == pl.Categorical:
                # Trimmed and cleaned on its distinct values; the column is rewritten only when one
                # changes.
                values = col.unique().drop_nulls().cast(pl.String)
                clean = clean_expr(pl.col(c), kinds.get(c)) if column_has_non_ascii(values) else trim_expr(pl.col(c))
                distinct[c], changed = cleaned_changes(values, clean)
                if changed:
                    df = df.with_columns(pl.col(c).cast(pl.String).replace(changed).cast(pl.Categorical))
                    blanked = blanked or None in changed.values()
                continue
            if needs_trim.get(c, False):
                nulls = col.null_count()
                df = df.with_columns(trim_expr(pl.col(c)))
                col = df.get_column(c)
                blanked = blanked or col.null_count() > nulls
                non_ascii[c] = column_has_non_ascii(col)      # it may have held only full-width spaces
            if not (non_ascii[c] if c in non_ascii else column_has_non_ascii(col)):
                ascii_only.add(c)
                continue
            # Most text has no full-width ASCII nor invisible characters: a search is cheaper
            # than rewriting a 10M-row column (and holding it twice meanwhile).
            if kinds.get(c) == "text" and not col.str.contains(TEXT_FOLDED).any():
                continue
            if kinds.get(c) != "text" and (values := col.unique().drop_nulls()).len() * 2 < col.len():
                # Codes and ids repeat (a ledger's activity types and modes, its schools): cleaned on
                # their distinct values, the column rewritten only where one changes (1.1M activities:
                # 0.15 s less a column).
                _, changed = cleaned_changes(values, clean_expr(pl.col(c), kinds.get(c)))
                if changed:
                    df = df.with_columns(pl.col(c).replace(changed))
                    blanked = blanked or None in changed.values()
                continue
            nulls = col.null_count()
            df = df.with_columns(clean_expr(pl.col(c), kinds.get(c)).alias(c))
            blanked = blanked or df.get_column(c).null_count() > nulls
        if deferred:
            # A row that held only spaces in its csv's columns is as blank as any other:
            # dropped; the columns under unknown headers were kept until now to judge that.
            unknown = [c for c in extra.values() if column_needs_trim(df.get_column(c))]
            if blanked or unknown:
                others = [trim_expr(pl.col(c)) if c in unknown else pl.col(c) for c in df.columns if c not in (SRC, ROW)]
                df = df.filter(pl.any_horizontal([e.is_not_null() for e in others]))
            df = df.select(SRC, ROW, *data_cols)
        if src.sheet is not None:
            df = self._excel_dates(src, table, df, data_cols, kinds)
        df = self._not_data(src, table, df, data_cols, kinds, distinct, ascii_only)
        if hidden_rows:
            df = self._hidden_rows(src, idx, table, df, hidden_rows)
        self.parts.setdefault(table, []).append((idx, df))
        self.unmarked[idx] = frozenset(unmarked)

    def _excel_dates(self, src: Source, table: str, df: pl.DataFrame, data_cols: list[str],
                     kinds: dict[str, str]) -> pl.DataFrame:
        """Excel turns 7-2 typed into a text column (a class, an id) into a date (2 July): such a cell
        reads as 2026-07-02 00:00:00. It is read back as month-day, 7-2, with a warning to check."""
        for c in data_cols:
            if kinds.get(c) not in ("text", "id"):
                continue
            col = df.get_column(c)
            if not col.str.contains(" 00:00:00", literal=True).any():
                continue
            g = col.str.extract_groups(r"^\d{4}-(\d{2})-(\d{2}) 00:00:00$")
            month = g.struct.field("1").cast(pl.Int32, strict=False)
            day = g.struct.field("2").cast(pl.Int32, strict=False)
            hit = month.is_not_null()
            if not hit.any():
                continue
            rows = df.get_column(ROW).filter(hit).to_list()
            header = header_of(table, c)
            self.problem(src, f"Excel 把「{header}」列第 {row_ranges(rows)} 行自动变成了日期，已按「月-日」读回"
                              "（如 7-2），请核对；以后请把该列设为文本",
                         f"Excel turned {c} on rows {row_ranges(rows)} into dates: read back as month-day (7-2), check them",
                         table=table, column=header, severity="warning")
            fixed = pl.format("{}-{}", month, day)
            df = df.with_columns(pl.when(hit).then(fixed).otherwise(col).alias(c))
        return df

    def _not_data(self, src: Source, table: str, df: pl.DataFrame, data_cols: list[str],
                  kinds: dict[str, str], distinct: dict[str, pl.Series], ascii_only: set[str]) -> pl.DataFrame:
        """A notes row under the header (必填 / 如 2024-03-15 ...) and totals rows (合计 / 总计 / 小计)
        are recognised, named and skipped with a warning: neither is data, and read as data each
        would only be refused for values that are not a row's."""
        drop: list[int] = []
        text_cols = [c for c in data_cols if kinds.get(c) in ("text", "id", "ids")]
        if df.height and data_cols:
            first = df.head(1)
            cells = [v for v in first.select(data_cols).row(0) if v is not None]
            notes = sum(1 for v in cells if NOTE_ROW.search(v))
            if notes >= 2 and notes * 2 >= len(cells):
                row = first.get_column(ROW)[0]
                drop.append(row)
                self.problem(src, f"第 {row} 行是填写说明，不是数据，已跳过", f"row {row} holds notes, not data: skipped",
                             table=table, row=row, severity="warning")
        # A categorical is searched on its distinct values (known from cleaning), not on every row;
        # a column of ASCII text (a 10M-row student id column) cannot hold 计.
        totals = [c for c in text_cols if c not in ascii_only and
                  (distinct[c] if c in distinct else search_texts(df.get_column(c))).str.contains("计", literal=True).any()]
        if totals:
            hit = df.filter(pl.any_horizontal([pl.col(c).cast(pl.String).str.contains(TOTALS_ROW) for c in totals])
                            .fill_null(False))
            for row in hit.get_column(ROW).to_list():
                drop.append(row)
                self.problem(src, f"第 {row} 行是合计行，不是数据，已跳过", f"row {row} is a totals row, not data: skipped",
                             table=table, row=row, severity="warning")
        return df.filter(~pl.col(ROW).is_in(drop)) if drop else df

    def _hidden_rows(self, src: Source, idx: int, table: str, df: pl.DataFrame,
                     hidden_rows: frozenset[int]) -> pl.DataFrame:
        """Rows hidden in Excel (by hand, or a filter left on) are often rows the clerk meant to
        drop, or meant to keep: never decided silently."""
        hit = df.get_column(ROW).is_in(list(hidden_rows))
        rows = df.get_column(ROW).filter(hit).to_list()
        if not rows:
            return df
        where = row_ranges(rows)
        if self.hidden_choice == "skip":
            self.problem(src, f"已按 --skip-hidden 跳过 {len(rows)} 个隐藏的行：第 {where} 行",
                         f"{len(rows)} hidden rows skipped (--skip-hidden): rows {where}", table=table,
                         severity="warning")
            return df.filter(~hit)
        if self.hidden_choice == "include":
            self.problem(src, f"已按 --include-hidden 一并读取 {len(rows)} 个隐藏的行：第 {where} 行",
                         f"{len(rows)} hidden rows read (--include-hidden): rows {where}", table=table,
                         severity="warning")
        else:
            self.hidden[idx] = rows
        return df

    def read_file(self, path: Path) -> None:
        kind = sniff(path)
        if kind == "csv":
            self._read_csv_file(path)
            return
        if kind == "html":
            self._read_html_file(path)
            return
        try:
            # By content, not by extension: an .xls that is an xlsx, or an Excel 97-2003 workbook.
            book = fastexcel.read_excel(str(path) if kind == "xlsx" and path.suffix.lower() in (".xlsx", ".xlsm")
                                        else path.read_bytes())
        except fastexcel.FastExcelError as e:
            raise EtlError("无法打开 Excel 工作簿（文件可能已损坏、设置了打开密码，或不是 Excel 文件），"
                           "请在 Excel/WPS 中打开后另存为 .xlsx",
                           f"cannot open the workbook: {str(e).splitlines()[0]}", path.name) from e
        if kind == "xls":
            self.problem(None, "旧版 Excel 97-2003（.xls）文件：已读取，但无法识别其中隐藏的行和合并单元格，"
                               "如有请另存为 .xlsx 后再导入",
                         "old .xls workbook read: hidden rows and merged cells cannot be seen in it (save as .xlsx)",
                         file=path.name, severity="warning")
        sheets = [s for s in book.sheet_names if norm_text(s) != NOTES_SHEET]
        tops: dict[str, list[list[str | None]]] = {}
        for sheet in sheets:
            try:
                tops[sheet] = sheet_top(book, sheet)
            except fastexcel.FastExcelError as e:
                self.problem(Source(path, sheet), "工作表无法读取", f"sheet cannot be read: {str(e).splitlines()[0]}")
        layout = sheet_layout(path)
        filled = {sheet: filled_rows(path, sheet, lay.uncomputed) for sheet, lay in layout.items()
                  if (lay.merged or lay.uncomputed) and sheet in tops}
        # Where each sheet's top rows start, counted from Excel row 1 (0-based): fastexcel starts a
        # sheet at its first value; the filled rows of a merged sheet start at row 1.
        starts: dict[str, int] = {}
        for sheet, rows in filled.items():
            starts[sheet] = next((i for i, r in enumerate(rows) if has_text(r)), 0)
            tops[sheet] = rows[starts[sheet]:starts[sheet] + TITLE_ROWS + 1]
        for sheet in tops:
            starts.setdefault(sheet, layout[sheet].first_row - 1 if sheet in layout else 0)
        hidden = {sheet for sheet, lay in layout.items() if lay.hidden}
        # 学校.xlsx with its data in Sheet1 (beside empty sheets and hidden helper sheets of drop-down
        # values): the file name names the table.
        with_data = [s for s in tops if any(has_text(r) for r in tops[s]) and s not in hidden]
        stem_table = table_for_name(path.stem) if len(with_data) == 1 else None
        for sheet, top in tops.items():
            src = Source(path, sheet)
            lay = layout.get(sheet, _NO_LAYOUT)
            if not any(has_text(r) for r in top):
                # Nothing to lose; a sheet named after a table is worth a word (Sheet2 is not).
                if table_for_name(sheet):
                    self.problem(src, "工作表是空的，已跳过", "sheet is empty, skipped", severity="warning")
                continue
            table = table_for_name(sheet) or (stem_table if sheet in with_data else None)
            if table is None:
                if (found := self._byheaders_of(src, top, "工作表名", "sheet")) is None:
                    if sheet in hidden:
                        self.problem(src, "隐藏的工作表，不是表名，未读取", "hidden sheet that is not a table, not read",
                                     severity="warning")
                    else:
                        self.problem(src, "工作表有内容，但工作表名不是表名，列名也认不出是哪张表，未读取"
                                          "（请把工作表改名为 学校、教共体 等）",
                                     "sheet has data but neither its name nor its headers name a table: not read")
                    continue
                table, header_row = found
            else:
                header_row = header_index(top, table)
            header_row += starts[sheet]          # now counted from Excel row 1
            if sheet in hidden:
                self.problem(src, "这是隐藏的工作表，其中的数据也已读取", "hidden sheet, read as well",
                             table=table, severity="warning")
            if sheet in filled:
                if lay.merged:
                    self.problem(src, "合并单元格已按其左上角的值填入每一行", "merged cells filled with their top-left value",
                                 table=table, severity="warning")
                frame = lost_digits(rows_frame(filled[sheet], header_row), header_row, lay.long_numbers)
                self.add(table, src, frame.lazy(), header_row, lay.hidden_rows)
                continue
            try:
                # fastexcel's header_row counts from Excel row 1.
                df = load_sheet(book, sheet, header_row)
            except fastexcel.FastExcelError as e:
                self.problem(src, "工作表无法读取", f"sheet cannot be read: {str(e).splitlines()[0]}")
                continue
            self.add(table, src, lost_digits(df, header_row, lay.long_numbers).lazy(), header_row, lay.hidden_rows)

    def _byheaders_of(self, src: Source, top: list[list[str | None]], named_zh: str,
                    named_en: str) -> tuple[str, int] | None:
        """The table a source's headers name (said in a warning), or None."""
        found = table_from_headers(top)
        if found is not None:
            table = found[0]
            self.problem(src, f"{named_zh}不是表名，按列名识别为「{SPECS[table].sheet}」表",
                         f"{named_en} name is not a table name: read as {table} from its headers",
                         table=table, severity="warning")
        return found

    def _read_html_file(self, path: Path) -> None:
        """The largest table of an HTML file saved as .xls, read as a sheet would be."""
        src = Source(path, None)
        data = path.read_bytes()
        enc = declared_charset(data[:4096]) or detect_encoding(path)
        try:
            tables = html_tables(data.decode(enc))
        except (LookupError, UnicodeDecodeError) as e:
            raise EtlError("网页格式的表格无法解码，请在 Excel/WPS 中打开后另存为 .xlsx",
                           f"cannot decode the HTML table: {e}", path.name) from e
        if not tables:
            raise EtlError("这是网页（HTML）文件，但其中没有表格，请在 Excel/WPS 中打开后另存为 .xlsx",
                           "HTML file without a table: save it as .xlsx", path.name)
        rows = max(tables, key=len)
        width = max(len(r) for r in rows)
        rows = [r + [None] * (width - len(r)) for r in rows]
        top = rows[:TITLE_ROWS + 1]
        table = table_for_name(path.stem)
        if table is None:
            if (found := self._byheaders_of(src, top, "文件名", "file")) is None:
                self.problem(src, "文件名不是已知的表名，列名也认不出是哪张表，未读取",
                             "file name is not a known table name and its headers name none: not read")
                return
            table, header_row = found
        else:
            header_row = header_index(top, table)
        self.problem(src, "网页格式的表格（扩展名是 .xls）：已按表格读取", "HTML table saved as .xls: read as a sheet",
                     table=table, severity="warning")
        self.add(table, src, rows_frame(rows, header_row).lazy(), header_row)

    def _read_csv_file(self, path: Path) -> None:
        src = Source(path, None)
        enc = detect_encoding(path, whole=False)
        sep, top = _csv_top(path, enc)
        leading_blank = next((i for i, r in enumerate(top) if r), len(top))
        table = table_for_name(path.stem)
        if table is None:
            if (found := self._byheaders_of(src, top, "文件名", "file")) is None:
                if path.suffix.lower() == ".txt":
                    self.problem(src, "不是数据表（文件名和列名都不是表），未读取", "not a data table, not read",
                                 severity="warning")
                else:
                    self.problem(src, "文件名不是已知的表名（应为 schools.csv、学校.csv 等），列名也认不出是哪张表，未读取",
                                 "file name is not a known table name (e.g. schools.csv or 学校.csv), not read")
                return
            table, header_row = found
        else:
            header_row = max(header_index(top, table), leading_blank)
        mark = len(self.problems)
        try:
            self.add(table, src, _read_csv(path, enc, sep, header_row, leading_blank, table), header_row)
        except _NotUtf8:
            # Not UTF-8 past its first MB: the whole file is judged (mixed encodings are refused
            # naming the row) and read again in the encoding found; warnings are not said twice.
            del self.problems[mark:]
            enc = detect_encoding(path)
            self.add(table, src, _read_csv(path, enc, sep, header_row, leading_blank, table), header_row)


def read_inputs(inputs: list[Path | str], hidden: str | None = None) -> RawInput:
    """Inputs (xlsx, csv, folders) -> one all-text frame per input table; grain = input row.
    hidden: what rows hidden in Excel are (None: refused until the user says; include; skip)."""
    col = _Collector(hidden)
    files = expand_inputs(inputs)
    if not files:
        col.problem(None, "没有找到要导入的文件（.xlsx、.xls、.csv 或 .txt）", "no input files (.xlsx, .xls, .csv or .txt) found",
                    file=", ".join(str(i) for i in inputs))
    for entry in skipped_entries(inputs):
        if entry.is_dir():
            col.problem(None, "子文件夹，未读取（请把其中的文件单独导入）", "subfolder, not read",
                        file=entry.name, severity="warning")
        else:
            # A ledger saved by WPS (.et) or LibreOffice (.ods) is data the load would lose: check fails.
            col.problem(None, "无法读取这种文件，未读取：如是数据，请在 Excel/WPS 中另存为 .xlsx 或 .csv（UTF-8）后再导入",
                        f"cannot read {entry.suffix or 'this'} files, not read: save it as .xlsx or .csv",
                        file=entry.name)
    for path in files:
        try:
            col.read_file(path)
        except EtlError as e:
            col.problem(None, e.zh, e.en, file=e.file or path.name, row=e.row)
        except OSError as e:
            col.problem(None, "无法读取文件（没有权限或文件正被占用）", f"cannot read the file: {e.strerror}",
                        file=path.name)
    tables: dict[str, RawTable] = {}
    for key in (k for k in SPECS if k in col.parts):
        parts = col.parts[key]
        frame = pl.concat([p for _, p in parts], how="diagonal_relaxed") if len(parts) > 1 else parts[0][1]
        present = {i: frozenset(p.columns) - {SRC, ROW} for i, p in parts}
        # Unmarked in every source that has the column (the others add only nulls).
        unmarked = frozenset(c for c in frozenset().union(*present.values())
                             if all(c in col.unmarked.get(i, ()) or c not in present[i] for i, _ in parts))
        tables[key] = RawTable(key, SPECS[key], frame, present, unmarked)
    return RawInput(col.sources, tables, problem_frame(col.problems), col.hidden)
