"""Validate stage: all-text input frames -> typed frames of the rows that pass, plus one problem
per (row, column, reason). Every check is a polars expression over whole columns; references
are resolved against this input and the rows already in the live database, and rejections
cascade to the rows that reference a rejected row until nothing changes. How one cell of each kind
is parsed, and why a value is refused, is etl/cells.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from etl import settings
from etl.cells import (
    EXCEL_ERROR,
    FORMULA,
    IDS_SEPARATORS,
    INT_MAX,
    SCIENTIFIC,
    SCIENTIFIC_EN,
    SCIENTIFIC_ZH,
    WHOLE_FLOAT,
    code_map,
    dtype_of,
    excel_error,
    floats_as_codes,
    kind_reason,
    number_reason,
    parse,
    scientific,
    special_marks,
    too_big,
)
from etl.read import ROW, SRC, RawInput, RawTable
from etl.report import TableCounts
from etl.schema import Column
from etl.textclean import search_texts
from etl.transform import DEFAULT_LINES

LON_RANGE = (73.0, 135.5)
LAT_RANGE = (3.5, 54.0)

# Internal problem rows: the source index and row number stand in for file, sheet and row.
# Repeated texts are categorical: a systematic error in a 10M-row file stays affordable.
_INTERNAL = {"table": pl.Categorical, SRC: pl.UInt16, ROW: pl.UInt32, "column": pl.Categorical,
             "value": pl.String, "reason_zh": pl.Categorical, "reason_en": pl.Categorical}



class SnapshotError(Exception):
    """The live database exists but cannot be read for reference checks."""


@dataclass
class Known:
    """Keys already in the live database that input rows may reference."""
    schools: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"school_id": pl.String, "county_code": pl.String}))
    alliances: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"alliance_id": pl.String, "county_code": pl.String, "core_school_id": pl.String}))
    members: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"alliance_id": pl.String, "school_id": pl.String, "left": pl.Date, "role": pl.String}))
    exams: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"exam_id": pl.String, "full_score": pl.Float64}))
    # Highest stored score (or school mean) per exam: a reload may not lower full marks below it.
    exam_max: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"exam_id": pl.String, "max_score": pl.Float64}))

    @classmethod
    def from_db(cls, db_file: Path | None) -> Known:
        """Read the reference keys from a database file (read-only), empty when there is none."""
        if db_file is None or not Path(db_file).exists():
            return cls()
        con = duckdb.connect(str(db_file), read_only=True)
        try:
            have = {r[0] for r in con.sql("select table_name from information_schema.tables").fetchall()}
            k = cls()
            if "schools" in have:
                k.schools = con.sql("select school_id, county_code from schools").pl()
            if "alliances" in have:
                k.alliances = con.sql("select alliance_id, county_code, core_school_id from alliances").pl()
            if "alliance_members" in have:
                k.members = con.sql('select alliance_id, school_id, "left", role from alliance_members').pl()
            if "exams" in have:
                k.exams = con.sql("select exam_id, full_score from exams").pl()
            if "exam_results" in have:
                k.exam_max = con.sql("select exam_id, greatest(max(score), max(mean)) as max_score "
                                     "from exam_results group by exam_id").pl()
            return k
        finally:
            con.close()


@dataclass
class Validated:
    """Validation outcome: typed rows that pass, the rejected rows, problems and counts."""
    tables: dict[str, pl.DataFrame]            # key -> typed passing rows (spec columns)
    rejected_sources: dict[str, dict[int, tuple[str, str, str]]]   # key -> src -> (column, zh, en)
    problems: pl.DataFrame                     # PROBLEM_SCHEMA, row and file level, incl. warnings
    counts: dict[str, TableCounts]
    row_problems: pl.DataFrame                 # row-level problems keyed by table, _src, _row

    @property
    def clean(self) -> bool:
        return not self.problems.filter(pl.col("severity") == "error").height


def raw_name(name: str) -> str:
    """Name of the as-typed text column kept beside the typed one while checking."""
    return f"raw:{name}"


# ---------------------------------------------------------------- the checker

@dataclass
class _Check:
    mask: pl.Expr                  # true where the row has this problem
    column: str                    # Chinese header shown to the user
    value: pl.Expr
    zh: str | pl.Expr
    en: str | pl.Expr


class _State:
    """One input table while it is checked: typed + raw columns, and which rows are rejected."""

    def __init__(self, raw: RawTable, rejected_srcs: set[int]):
        self.key, self.spec = raw.key, raw.spec
        frame = raw.frame
        if rejected_srcs:
            frame = frame.filter(~pl.col(SRC).is_in(list(rejected_srcs)))
        have = set(frame.columns)
        raw_cols = [(pl.col(c.name) if c.name in have else pl.lit(None, pl.String)).alias(raw_name(c.name))
                    for c in self.spec.columns]
        # One search per column for its special_marks (etl/cells.py): most columns hold none, and a
        # 10M-row column is then never run through the regexes below. Text columns are searched in
        # one select, side by side (polars runs its expressions in parallel), categoricals on their
        # distinct values; the reader has already searched a csv's text columns (raw.unmarked).
        asked = [c for c in self.spec.columns if c.name in have and c.name not in raw.unmarked]
        texts = [c for c in asked if frame.schema[c.name] == pl.String]
        found = frame.select(pl.col(c.name).str.contains_any(special_marks(c)).any() for c in texts) \
            .row(0, named=True) if texts else {}
        marked = {name for name, hit in found.items() if hit} | {
            c.name for c in asked if frame.schema[c.name] != pl.String
            and search_texts(frame.get_column(c.name)).str.contains_any(special_marks(c)).any()}
        # A categorical column (a big results file's exam, school, class) that holds such a value is
        # checked as text: rare, and only that column.
        frame = frame.with_columns(pl.col(c).cast(pl.String) for c in marked if frame.schema[c] == pl.Categorical)

        def holds(name: str, char: str, pattern: str) -> bool:
            """Whether a column has a value matching pattern (which needs char)."""
            if name not in marked:
                return False
            col = frame.get_column(name)
            return bool(col.str.contains(char, literal=True).any()) and bool(col.str.contains(pattern).any())

        # Number columns with a comma somewhere (1,234 as Excel exports thousands).
        self.commas = {c.name for c in self.spec.columns
                       if c.kind in ("int", "float") and c.name in have and holds(c.name, ",", ",")}

        def float_ids(c: Column) -> bool:
            return floats_as_codes(c) and holds(c.name, ".", WHOLE_FLOAT)

        def plain(c: Column) -> pl.Expr:
            """Every value of a date column an ISO date, of a code column a spelling of a code (one
            cheap pass instead of every fallback reading over every row)."""
            col = pl.col(c.name)
            if c.kind == "date":
                read = col.str.to_date("%Y-%m-%d", strict=False)
            else:
                read = col.str.to_lowercase().replace_strict(code_map(c.kind[5:]), default=None, return_dtype=pl.String)
            return (read.null_count() == col.null_count()).alias(c.name)

        asked = [c for c in self.spec.columns if c.name in have and c.name not in marked
                 and (c.kind == "date" or c.kind.startswith("code:"))]
        self.plain = {name for name, ok in frame.select(plain(c) for c in asked).row(0, named=True).items() if ok} \
            if asked else set()

        # Columns holding an Excel formula error (#N/A from a failed VLOOKUP, #DIV/0!): those cells
        # get their own message and type as null, so no other check speaks of them.
        self.errors = {c.name for c in self.spec.columns if c.name in have and holds(c.name, "#", EXCEL_ERROR)}
        # Columns holding a formula without a computed value (the reader gives its text, =B2*0.6).
        self.formulas = {c.name for c in self.spec.columns if c.name in have and holds(c.name, "=", FORMULA)}
        # Id columns holding an id in scientific notation: refused on their row, typed as null so
        # that no reference check speaks of them.
        self.scientific = {c.name for c in self.spec.columns
                           if c.kind in ("id", "ids") and c.name in have and holds(c.name, "+", SCIENTIFIC.strip("^$"))}

        def typed_expr(c: Column) -> pl.Expr:
            if c.name not in have:
                return pl.lit(None, dtype_of(c))
            e = parse(c, pl.col(raw_name(c.name)), float_ids(c), c.name in self.commas, c.name in self.plain)
            if c.name in self.scientific:
                e = (e.list.eval(pl.element().filter(~scientific(pl.element()))) if c.kind == "ids"
                     else pl.when(scientific(pl.col(raw_name(c.name)))).then(None).otherwise(e))
            if c.name in self.formulas:
                e = pl.when(pl.col(raw_name(c.name)).str.contains(FORMULA)).then(None).otherwise(e)
            return pl.when(excel_error(pl.col(raw_name(c.name)))).then(None).otherwise(e) if c.name in self.errors else e

        typed = [typed_expr(c).alias(c.name) for c in self.spec.columns]
        self.work = frame.select(SRC, ROW, *raw_cols).with_columns(typed)
        self.bad = pl.repeat(False, self.work.height, dtype=pl.Boolean, eager=True)

    def ok(self, cols: list[str] | None = None) -> pl.DataFrame:
        """Rows not rejected so far (no copy when there are none)."""
        frame = self.work.select(cols) if cols else self.work
        return frame.filter(~self.bad) if self.bad.any() else frame

    def header(self, name: str) -> str:
        return self.spec.column(name).header


class Validator:
    """Runs every check over a RawInput; `run()` returns a Validated."""

    def __init__(self, raw: RawInput, known: Known | None = None):
        self.raw = raw
        self.known = known or Known()
        self.problems: list[pl.DataFrame] = []
        self.rejected_sources: dict[str, dict[int, tuple[str, str, str]]] = {}
        self.states: dict[str, _State] = {}

    # ---- emitting
    def _emit(self, st: _State, checks: list[_Check], only_ok: bool = False) -> None:
        """Evaluate checks in one pass; record problems and mark rows bad."""
        if not checks or not st.work.height:
            return
        masks = st.work.select([c.mask.fill_null(False).alias(f"m{i}") for i, c in enumerate(checks)])
        if only_ok:
            masks = masks.with_columns(pl.all() & ~st.bad)
        for i, c in enumerate(checks):
            m = masks.get_column(f"m{i}")
            if not m.any():
                continue
            exprs = [c.value] + [e for e in (c.zh, c.en) if isinstance(e, pl.Expr)]
            roots = {r for e in exprs for r in e.meta.root_names()}
            # Only the columns the message needs are gathered: hits can be millions of rows.
            hit = st.work.select(SRC, ROW, *sorted(roots - {SRC, ROW})).filter(m)
            self.problems.append(hit.select(
                pl.lit(st.key, pl.Categorical).alias("table"), SRC, ROW,
                pl.lit(c.column, pl.Categorical).alias("column"),
                c.value.cast(pl.String).alias("value"),
                (pl.lit(c.zh) if isinstance(c.zh, str) else c.zh).cast(pl.Categorical).alias("reason_zh"),
                (pl.lit(c.en) if isinstance(c.en, str) else c.en).cast(pl.Categorical).alias("reason_en")))
            st.bad = st.bad | m

    # ---- stage 1: columns present in each source
    def _source_columns(self, rt: RawTable) -> set[int]:
        required = [c for c in rt.spec.columns if c.required]
        rejected: dict[int, tuple[str, str, str]] = {}
        for src, present in rt.present.items():
            missing = [c for c in required if c.name not in present]
            if rt.key == "surveys" and not {"school_id", "alliance_id"} & present:
                missing.append(rt.spec.column("school_id"))
            if missing:
                hdrs = "、".join(c.header for c in missing)
                names = ", ".join(c.name for c in missing)
                rejected[src] = (hdrs, f"缺少必填列「{hdrs}」，整个表未导入",
                                 f"missing required column(s) {names}: whole table rejected")
        self.rejected_sources[rt.key] = rejected
        return set(rejected)

    # ---- stage 2: checks within one row
    def _hidden_rows(self, st: _State) -> list[_Check]:
        """Rows hidden in Excel while the user has not said whether they count: each refused."""
        hidden = {src: rows for src, rows in self.raw.hidden.items()
                  if src in st.work.get_column(SRC).unique().to_list()}
        if not hidden:
            return []
        mask = pl.any_horizontal([(pl.col(SRC) == src) & pl.col(ROW).is_in(rows) for src, rows in hidden.items()])
        first = st.spec.columns[0].name
        return [_Check(mask, st.header(first), pl.col(raw_name(first)),
                       "该行在 Excel 中是隐藏的（手动隐藏或筛选未取消）：确认要导入请加 --include-hidden，"
                       "要跳过请加 --skip-hidden",
                       "row is hidden in Excel (by hand or by a filter): add --include-hidden or --skip-hidden")]

    def _row_checks(self, st: _State) -> list[_Check]:
        checks: list[_Check] = []
        for c in st.spec.columns:
            raw, typed = pl.col(raw_name(c.name)), pl.col(c.name)
            if c.required:
                checks.append(_Check(raw.is_null(), c.header, raw, "必填项为空", f"required value {c.name} is empty"))
            if c.name in st.errors:
                checks.append(_Check(excel_error(raw), c.header, raw,
                                     "单元格是 Excel 公式错误，请在 Excel 中修正公式（或复制后选择性粘贴为数值）",
                                     "the cell holds an Excel formula error"))
                # The checks of the value below see no value in such a cell: it has its message.
                raw = pl.when(excel_error(raw)).then(None).otherwise(raw)
            if c.name in st.formulas:
                formula = raw.str.contains(FORMULA).fill_null(False)
                checks.append(_Check(formula, c.header, raw,
                                     "公式没有计算结果（文件由程序生成、未在 Excel 中保存过）：请在 Excel/WPS 中打开并保存后再导入，"
                                     "或复制后选择性粘贴为数值",
                                     "formula cell without a computed value: open and save the file in Excel"))
                raw = pl.when(formula).then(None).otherwise(raw)
            if c.name in st.scientific:
                if c.kind == "ids":
                    tokens = raw.str.replace_all(IDS_SEPARATORS, ",").str.split(",")
                    sci = tokens.list.eval(pl.element().filter(pl.element().str.contains(SCIENTIFIC)))
                    checks.append(_Check(sci.list.len() > 0, c.header, sci.list.join("、"), SCIENTIFIC_ZH,
                                         SCIENTIFIC_EN))
                else:
                    checks.append(_Check(scientific(raw), c.header, raw, SCIENTIFIC_ZH, SCIENTIFIC_EN))
            if c.kind in ("int", "float") and c.name != "term":
                zh, en = number_reason(c, raw)
                big = too_big(raw, c.name in st.commas) if c.kind == "int" else pl.lit(False)
                checks.append(_Check(raw.is_not_null() & typed.is_null() & ~big, c.header, raw, zh, en))
                if c.kind == "int":
                    checks.append(_Check(big, c.header, raw, f"数值过大（不能超过 {INT_MAX:,}）",
                                         f"{c.name} too large (at most {INT_MAX:,})"))
            elif c.kind not in ("id", "text", "ids"):
                zh, en = kind_reason(c)
                checks.append(_Check(raw.is_not_null() & typed.is_null(), c.header, raw, zh, en))
            if c.kind in ("int", "float") and c.name not in ("lon", "lat"):
                checks.append(_Check(typed < 0, c.header, raw, "不能为负数", f"{c.name} must not be negative"))
        return checks + self._table_checks(st)

    def _table_checks(self, st: _State) -> list[_Check]:
        col, raw, h = pl.col, lambda n: pl.col(raw_name(n)), st.header
        key = st.key
        if key == "schools":
            return [
                _Check(~col("lon").is_between(*LON_RANGE), h("lon"), raw("lon"),
                       f"经度不在中国境内（应在 {LON_RANGE[0]}–{LON_RANGE[1]} 之间）",
                       f"longitude outside China ({LON_RANGE[0]}-{LON_RANGE[1]})"),
                _Check(~col("lat").is_between(*LAT_RANGE), h("lat"), raw("lat"),
                       f"纬度不在中国境内（应在 {LAT_RANGE[0]}–{LAT_RANGE[1]} 之间）",
                       f"latitude outside China ({LAT_RANGE[0]}-{LAT_RANGE[1]})"),
                # Judged on what was typed: an unparseable latitude already has its own message.
                _Check(raw("lon").is_null() != raw("lat").is_null(), h("lon"), pl.concat_str(
                    [raw("lon").fill_null(""), raw("lat").fill_null("")], separator=","),
                       "经度和纬度须同时填写", "lon and lat must be given together"),
            ]
        if key == "members":
            return [_Check(col("left") < col("joined"), h("left"), raw("left"),
                           "退出日期早于加入日期", "left before joined")]
        if key == "exchanges":
            return [_Check(col("end_date") < col("start_date"), h("end_date"), raw("end_date"),
                           "结束日期早于开始日期", "end_date before start_date")]
        if key == "exams":
            checks = [
                _Check(~col("grade").is_between(1, 12), h("grade"), raw("grade"),
                       "年级应在 1–12 之间", "grade must be 1-12"),
                _Check(col("full_score") <= 0, h("full_score"), raw("full_score"),
                       "满分必须大于 0", "full_score must be positive"),
            ]
            for line in ("pass_line", "excellent_line", "low_line"):
                checks.append(_Check(col(line) > col("full_score"), h(line), raw(line),
                                     "分数线超过满分", f"{line} above full_score"))
                # A line typed as a share (0.6, or a cell formatted 60%) would make every
                # student pass: the lines are scores.
                checks.append(_Check((col(line) > 0) & (col(line) < 1) & (col("full_score") >= 10), h(line), raw(line),
                                     pl.format("分数线应填分数而不是比例（满分 {} 时，及格线如 {}，不要填 0.6 或 60%）",
                                               col("full_score"), col("full_score") * 0.6),
                                     pl.format("{} looks like a share, not a score (full_score {})",
                                               pl.lit(line), col("full_score"))))
            # Given or defaulted (60 / 85 / 40 % of full marks), the lines must rise: low <= pass <= excellent.
            eff = {line: pl.coalesce(col(line), col("full_score") * share) for line, share in DEFAULT_LINES.items()}
            checks.append(_Check(eff["pass_line"] > eff["excellent_line"], h("pass_line"),
                                 pl.format("{} / {}", eff["pass_line"], eff["excellent_line"]),
                                 "及格线高于优秀线（及格线 / 优秀线，未填的按满分的 60% / 85%）",
                                 "pass_line above excellent_line (unset lines default to 60 % / 85 %)"))
            checks.append(_Check(eff["low_line"] > eff["pass_line"], h("low_line"),
                                 pl.format("{} / {}", eff["low_line"], eff["pass_line"]),
                                 "低分线高于及格线（低分线 / 及格线，未填的按满分的 40% / 60%）",
                                 "low_line above pass_line (unset lines default to 40 % / 60 %)"))
            return checks
        if key == "results_school":
            return [_Check(col(n) > col("n"), h(n), raw(n), pl.format("{}超过参考人数 {}", pl.lit(h(n)), col("n")),
                           pl.format("{} above n = {}", pl.lit(n), col("n")))
                    for n in ("pass_n", "excellent_n", "low_n")]
        if key == "surveys":
            return [
                _Check(col("school_id").is_null() & col("alliance_id").is_null(), h("school_id"),
                       pl.lit(None, pl.String), "学校标识码和教共体编号至少填一项",
                       "survey needs school_id or alliance_id"),
                _Check(col("satisfied") > col("respondents"), h("satisfied"), raw("satisfied"),
                       pl.format("满意人数超过参与人数 {}", col("respondents")),
                       pl.format("satisfied above respondents = {}", col("respondents"))),
            ]
        return []

    def _duplicates(self, st: _State) -> None:
        """Rows repeating an earlier row's key. A 64-bit hash finds the candidates in one cheap
        pass; only those are compared exactly."""
        key = list(st.spec.key)
        w = st.work
        if not w.height:
            return
        present = pl.lit(True) if st.key == "surveys" else pl.all_horizontal(pl.col(k).is_not_null() for k in key)
        # Sorting 64-bit hashes needs far less memory than a hash table over 10M string pairs.
        h = w.select(pl.when(present).then(pl.struct(key).hash())).to_series()
        srt = h.drop_nulls().sort()
        repeated = srt.filter(srt == srt.shift(1)).unique()
        del srt
        if not repeated.len():
            return
        cand = h.is_in(repeated.implode())
        del h
        sub = w.with_row_index("_i").filter(cand)
        sub = sub.filter(pl.struct(key).is_duplicated())
        if not sub.height:
            return
        # A duplicate student shows the exam, never the student id.
        value = pl.col(raw_name("exam_id")) if st.key == "results" else \
            pl.concat_str([pl.col(raw_name(k)).fill_null("") for k in key], separator=" / ")
        firsts = sub.group_by(key, maintain_order=True).agg(
            pl.col(SRC).first().alias("_fsrc"), pl.col(ROW).first().alias("_frow"), pl.col("_i").first().alias("_fi"),
            value.first().alias("_fval"))
        sub = sub.join(firsts, on=key, nulls_equal=True).filter(pl.col("_i") != pl.col("_fi"))
        # Where the first one is, as the user finds it: file, sheet when there is one, row, and its
        # value as typed (the two may differ by what normalising removed: width, invisible characters).
        where = {i: src.file + (f" 工作表「{src.sheet}」" if src.sheet else "") for i, src in enumerate(self.raw.sources)}
        where_en = {i: src.file + (f" sheet {src.sheet}" if src.sheet else "") for i, src in enumerate(self.raw.sources)}
        sub = sub.with_columns(pl.col("_fsrc").replace_strict(where, return_dtype=pl.String).alias("_ff"),
                               pl.col("_fsrc").replace_strict(where_en, return_dtype=pl.String).alias("_ffen"))
        hdr = "、".join(st.header(k) for k in key)
        self.problems.append(sub.select(
            pl.lit(st.key).alias("table"), SRC, ROW, pl.lit(hdr).alias("column"), value.alias("value"),
            pl.format("重复的记录：与 {} 第{}行（{}）的{}相同", pl.col("_ff"), pl.col("_frow"), pl.col("_fval"), pl.lit(hdr))
            .alias("reason_zh"),
            pl.format("duplicate key ({}): same as {} row {} ({})", pl.lit(", ".join(key)), pl.col("_ffen"),
                      pl.col("_frow"), pl.col("_fval")).alias("reason_en")))
        st.bad = st.bad | pl.int_range(w.height, dtype=pl.UInt32, eager=True).is_in(sub.get_column("_i").implode())

    # ---- stage 3: references between tables
    def _ids(self, key: str, col: str, known: pl.DataFrame | None) -> tuple[pl.Series, pl.Series]:
        """(valid ids, ids only seen on rejected rows) of a parent table."""
        valid = pl.Series(col, [], pl.String)
        rejected = pl.Series(col, [], pl.String)
        st = self.states.get(key)
        if st is not None:
            valid = st.ok().get_column(col).drop_nulls()
            rejected = st.work.filter(st.bad).get_column(col).drop_nulls()
            # Rows of a file or sheet rejected whole (a missing required column) are rejected too.
            frame = self.raw.tables[key].frame
            dropped = list(self.rejected_sources.get(key, {}))
            if dropped and col in frame.columns:
                rejected = pl.concat([rejected, frame.filter(pl.col(SRC).is_in(dropped)).get_column(col).drop_nulls()])
        if known is not None:
            valid = pl.concat([valid, known.get_column(col)])
        valid = valid.unique()
        return valid, rejected.filter(~rejected.is_in(valid.implode())).unique()

    def _ref(self, st: _State, col: str, parent: str, pcol: str, known: pl.DataFrame, what: tuple[str, str],
             only_ok: bool = False) -> None:
        valid, rejected = self._ids(parent, pcol, known)
        c = pl.col(col)
        zh, en = what
        self._emit(st, [
            _Check(c.is_not_null() & ~c.is_in(valid.implode()) & c.is_in(rejected.implode()), st.header(col), pl.col(raw_name(col)),
                   f"引用的{zh}在本次输入中被拒绝，本行随之拒绝", f"references a rejected {en} row"),
            _Check(c.is_not_null() & ~c.is_in(valid.implode()) & ~c.is_in(rejected.implode()), st.header(col), pl.col(raw_name(col)),
                   f"未知的{zh}：本次输入和数据库中都没有", f"unknown {en}: not in this input nor in the database"),
        ], only_ok)

    def _ref_list(self, st: _State, col: str) -> None:
        """Each row's own ids that are unknown, and those whose school row was rejected in this
        input, one problem each, the ids as their value."""
        valid, rejected = self._ids("schools", "school_id", self.known.schools)
        ex = st.work.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"), pl.col(col).alias("_id"))\
            .explode("_id").filter(pl.col("_id").is_not_null() & ~pl.col("_id").is_in(valid.implode()))
        if not ex.height:
            return
        ex = ex.with_columns(pl.col("_id").is_in(rejected.implode()).alias("_rejected"))
        checks, added = [], []
        for is_rejected, name, zh, en in (
                (False, "_unknown_ids", "未知的学校：本次输入和数据库中都没有", "unknown school: not in this input nor in the database"),
                (True, "_rejected_ids", "引用的学校在本次输入中被拒绝，本行随之拒绝", "references a rejected school row")):
            per_row = (ex.filter(pl.col("_rejected") == is_rejected)
                       .group_by("_i", maintain_order=True).agg(pl.col("_id").unique(maintain_order=True).str.join("、")))
            if not per_row.height:
                continue
            # Aligned with the rows, so the message takes the row's own ids wherever it is evaluated.
            ids = pl.Series(name, [None] * st.work.height, dtype=pl.String).scatter(
                per_row.get_column("_i"), per_row.get_column("_id"))
            st.work = st.work.with_columns(ids)
            added.append(name)
            checks.append(_Check(pl.col(name).is_not_null(), st.header(col), pl.col(name), zh, en))
        self._emit(st, checks)
        st.work = st.work.drop(added)

    def _membership(self) -> pl.DataFrame:
        """Membership after this load: input rows that pass replace database rows of the same key."""
        m_in = self.states["members"].ok().select("alliance_id", "school_id", "left", "role") \
            if "members" in self.states else self.known.members.clear()
        m_db = self.known.members.join(m_in, on=["alliance_id", "school_id"], how="anti")
        return pl.concat([m_in, m_db])

    def _alliance_rules(self) -> None:
        """Core school must be a member, and the one member with role core; active members (core
        included) within the county cap. A member row marked core must be its alliance's core school."""
        membership = self._membership()
        core_rows = membership.filter(pl.col("role") == "core")
        multi = (core_rows.group_by("alliance_id")
                 .agg(pl.len().alias("_n"), pl.col("school_id").sort().str.join("、").alias("_cores"))
                 .filter(pl.col("_n") > 1))
        as_member = membership.filter(pl.col("role") == "member") \
            .select(pl.concat_str(["alliance_id", "school_id"], separator="\x1f")).to_series()
        # Each alliance's core school after this load (input rows that pass replace database rows),
        # taken before this pass rejects any alliance so member rows are judged on the same roster.
        a_in = self.states["alliances"].ok().select("alliance_id", "core_school_id") if "alliances" in self.states \
            else self.known.alliances.select("alliance_id", "core_school_id").clear()
        core_of = pl.concat([a_in, self.known.alliances.select("alliance_id", "core_school_id")
                             .join(a_in, on="alliance_id", how="anti")]).drop_nulls()
        sizes = membership.filter(pl.col("left").is_null()).group_by("alliance_id").agg(pl.len().alias("_size"))
        school_county = pl.concat([self.states["schools"].ok().select("school_id", "county_code")
                                   if "schools" in self.states else self.known.schools.clear(),
                                   self.known.schools]).unique("school_id", keep="first")
        caps = {k: r.max_alliance_size for k, r in settings.COUNTY_RULES.items() if r.max_alliance_size}
        names = {k: r.name for k, r in settings.COUNTY_RULES.items()}
        pairs = membership.select(pl.concat_str(["alliance_id", "school_id"], separator="\x1f")).to_series()

        def over_cap(frame: pl.DataFrame) -> pl.DataFrame:
            return (frame.join(school_county.rename({"school_id": "core_school_id", "county_code": "_cc"}),
                               on="core_school_id", how="left")
                    .with_columns(pl.coalesce("county_code", "_cc").alias("_county"))
                    .join(sizes, on="alliance_id", how="left")
                    .with_columns(pl.col("_county").replace_strict(caps, default=None, return_dtype=pl.Int64)
                                  .alias("_cap"))
                    .filter(pl.col("_size") > pl.col("_cap")))

        if "alliances" in self.states:
            st = self.states["alliances"]
            over = over_cap(st.ok().select("alliance_id", "county_code", "core_school_id"))
            m_core = ~pl.concat_str(["alliance_id", "core_school_id"], separator="\x1f").is_in(pairs.implode())
            size = pl.col("alliance_id").replace_strict(over["alliance_id"], over["_size"], default=None)
            cap = pl.col("alliance_id").replace_strict(over["alliance_id"], over["_cap"], default=None)
            county = pl.col("alliance_id").replace_strict(over["alliance_id"], over["_county"], default=None)
            cname = county.replace_strict(names, default=county)
            n_core = pl.col("alliance_id").replace_strict(multi["alliance_id"], multi["_n"], default=None)
            cores = pl.col("alliance_id").replace_strict(multi["alliance_id"], multi["_cores"], default=None)
            core_pair = pl.concat_str(["alliance_id", "core_school_id"], separator="\x1f")
            self._emit(st, [
                _Check(m_core, st.header("core_school_id"), pl.col(raw_name("core_school_id")),
                       "核心校没有列入该教共体的成员表", "core school is not a member of its alliance"),
                _Check(n_core.is_not_null(), st.header("core_school_id"), pl.col(raw_name("core_school_id")),
                       pl.format("成员表中有 {} 所学校被标为核心校（{}），一个教共体只能有一所核心校", n_core, cores),
                       pl.format("{} member rows are marked core ({}): an alliance has exactly one core school",
                                 n_core, cores)),
                _Check(core_pair.is_in(as_member.implode()), st.header("core_school_id"),
                       pl.col(raw_name("core_school_id")),
                       "核心校在成员表中的角色是成员校，应为核心校",
                       "core school has role member in the members table, not core"),
                _Check(size.is_not_null(), st.header("alliance_id"), pl.col(raw_name("alliance_id")),
                       pl.format("教共体共有 {} 所学校（含核心校），超过{}规定的上限 {} 所", size, cname, cap),
                       pl.format("alliance has {} schools incl. core, over the cap of {} for county {}",
                                 size, cap, county)),
            ], only_ok=True)
        if "members" in self.states:
            st = self.states["members"]
            input_ids = self.states["alliances"].work.get_column("alliance_id") if "alliances" in self.states \
                else pl.Series([], dtype=pl.String)
            db_only = self.known.alliances.filter(~pl.col("alliance_id").is_in(input_ids.implode()))
            over = over_cap(db_only)
            core = pl.col("alliance_id").replace_strict(core_of["alliance_id"], core_of["core_school_id"],
                                                        default=None, return_dtype=pl.String)
            school, role = pl.col("school_id"), pl.col("role")
            self._emit(st, [
                _Check(pl.col("alliance_id").is_in(over["alliance_id"].implode()), st.header("alliance_id"),
                       pl.col(raw_name("alliance_id")),
                       "该教共体的学校数超过所在区县规定的上限", "alliance over its county's size cap"),
                _Check((role == "core") & (school != core), st.header("school_id"), pl.col(raw_name("school_id")),
                       pl.format("该校被标为核心校，但教共体表中的核心校是 {}", core),
                       pl.format("member marked core but the alliance's core school is {}", core)),
                _Check((role == "member") & (school == core), st.header("school_id"), pl.col(raw_name("school_id")),
                       "该校是教共体表中的核心校，但角色填的是成员校（应为核心校）",
                       "school is the alliance's core school but its role is member (should be core)"),
            ], only_ok=True)

    def _scores(self) -> None:
        if "exams" in self.states and self.known.exam_max.height:
            # Full marks lowered below results already stored (and not sent again in this input)
            # would leave those results above full marks.
            st = self.states["exams"]
            resent = pl.concat([self.states[k].ok().get_column("exam_id").unique().cast(pl.String)
                                for k in ("results", "results_school") if k in self.states]
                               or [pl.Series([], dtype=pl.String)])
            stored = pl.col("exam_id").replace_strict(self.known.exam_max["exam_id"], self.known.exam_max["max_score"],
                                                      default=None, return_dtype=pl.Float64)
            self._emit(st, [_Check((pl.col("full_score") < stored) & ~pl.col("exam_id").is_in(resent.implode()),
                                   st.header("full_score"), pl.col(raw_name("full_score")),
                                   pl.format("已入库的成绩最高 {} 分，高于新的满分；请连同成绩一起重新报送", stored),
                                   pl.format("stored results reach {}, above the new full_score", stored))])
        ex_in = self.states["exams"].ok().select("exam_id", "full_score") if "exams" in self.states \
            else self.known.exams.clear()
        full = pl.concat([ex_in, self.known.exams.join(ex_in, on="exam_id", how="anti")])
        for key, col in (("results", "score"), ("results_school", "mean")):
            st = self.states.get(key)
            if st is None:
                continue
            # A big csv's exam ids are categoricals: looked up as categoricals, not as text (0.33 -> 0.1 s).
            ids = full["exam_id"].cast(st.work.schema["exam_id"])
            fs = pl.col("exam_id").replace_strict(ids, full["full_score"], default=None, return_dtype=pl.Float64)
            self._emit(st, [_Check(pl.col(col) > fs, st.header(col), pl.col(raw_name(col)),
                                   pl.format("超过满分 {}", fs), pl.format("{} above full marks {}", pl.lit(col), fs))])

    def _references(self) -> None:
        k, s = self.known, self.states
        school = ("学校", "school")
        alliance = ("教共体", "alliance")
        if "alliances" in s:
            self._ref(s["alliances"], "core_school_id", "schools", "school_id", k.schools, school)
        if "members" in s:
            self._ref(s["members"], "school_id", "schools", "school_id", k.schools, school)
        # Alliances and memberships depend on each other: repeat until no row changes.
        def n_bad() -> int:
            return sum(int(s[t].bad.sum()) for t in ("alliances", "members") if t in s)

        # Rows already rejected are re-checked only on the first pass, so no problem repeats.
        only_ok = False
        while True:
            before = n_bad()
            if "members" in s:
                self._ref(s["members"], "alliance_id", "alliances", "alliance_id", k.alliances, alliance, only_ok)
            self._alliance_rules()
            only_ok = True
            if n_bad() == before:
                break
        for key, cols in (("activities", ("host_school_id",)), ("exchanges", ("from_school_id", "to_school_id")),
                          ("mentorships", ("mentor_school_id", "apprentice_school_id")),
                          ("results", ("school_id",)), ("results_school", ("school_id",)),
                          ("surveys", ("school_id",))):
            if key not in s:
                continue
            for col in cols:
                self._ref(s[key], col, "schools", "school_id", k.schools, school)
            if key in ("results", "results_school"):
                self._ref(s[key], "exam_id", "exams", "exam_id", k.exams, ("考试", "exam"))
            else:
                self._ref(s[key], "alliance_id", "alliances", "alliance_id", k.alliances, alliance)
        if "activities" in s:
            self._ref_list(s["activities"], "target_school_ids")
        self._scores()

    # ---- assemble
    def _problem_table(self) -> pl.DataFrame:
        files = {i: src.file for i, src in enumerate(self.raw.sources)}
        sheets = {i: src.sheet for i, src in enumerate(self.raw.sources)}
        rows = [p.cast(_INTERNAL) for p in self.problems if p.height]
        self.row_problems = pl.concat(rows) if rows else pl.DataFrame(schema=_INTERNAL)
        src_rows = [{"table": key, SRC: src, ROW: None, "column": c, "value": None, "reason_zh": zh,
                     "reason_en": en} for key, d in self.rejected_sources.items() for src, (c, zh, en) in d.items()]
        if src_rows:
            rows.insert(0, pl.DataFrame(src_rows, schema=_INTERNAL))
        if not rows:
            return self.raw.problems
        row_level = pl.concat(rows).select(
            "table", pl.col(SRC).replace_strict(files, return_dtype=pl.Categorical).alias("file"),
            pl.col(SRC).replace_strict(sheets, return_dtype=pl.Categorical).alias("sheet"),
            pl.col(ROW).cast(pl.Int64).alias("row"), "column", "value", "reason_zh", "reason_en",
            pl.lit("error", pl.Categorical).alias("severity"))
        return pl.concat([self.raw.problems, row_level])

    def run(self) -> Validated:
        """Every check over every table; grain of the result = input row."""
        for key, rt in self.raw.tables.items():
            self.states[key] = _State(rt, self._source_columns(rt))
        for st in self.states.values():
            self._emit(st, self._hidden_rows(st) + self._row_checks(st))
            self._duplicates(st)
        self._references()
        problems = self._problem_table()
        tables, counts = {}, {}
        for key, st in self.states.items():
            rt = self.raw.tables[key]
            tables[key] = st.ok([c.name for c in st.spec.columns])
            n_src_rejected = rt.frame.height - st.work.height
            bad = int(st.bad.sum()) + n_src_rejected
            counts[key] = TableCounts(rt.frame.height, rt.frame.height - bad, bad)
        return Validated(tables, self.rejected_sources, problems, counts, self.row_problems)


def validate(raw: RawInput, known: Known | None = None) -> Validated:
    """Check raw input against the spec, itself and the known database keys; grain = input row."""
    return Validator(raw, known).run()

