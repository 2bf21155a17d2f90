"""Problems and reports shared by every ETL stage: one problem per (row, column, reason), kept
as a polars frame so a province-sized file with a systematic error stays cheap to report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

# One row per problem. row is the row number the user sees (header = 1); null for a problem
# about a whole file, sheet or column.
# Repeated texts are categorical so that a systematic error in a 10M-row file stays affordable.
PROBLEM_SCHEMA: dict[str, pl.DataType] = {
    "table": pl.Categorical(),
    "file": pl.Categorical(),
    "sheet": pl.Categorical(),
    "row": pl.Int64(),
    "column": pl.Categorical(),
    "value": pl.String(),
    "reason_zh": pl.Categorical(),
    "reason_en": pl.Categorical(),
    "severity": pl.Categorical(),   # error (row or file rejected) | warning (informational)
}

# How many problems of one kind (table, column, reason) the printed report lists in full.
PRINT_PER_KIND = 20


def empty_problems() -> pl.DataFrame:
    """A problem frame with no rows."""
    return pl.DataFrame(schema=PROBLEM_SCHEMA)


def problem_frame(rows: list[dict]) -> pl.DataFrame:
    """Problems given as dicts (file-level, few) -> a frame in PROBLEM_SCHEMA."""
    if not rows:
        return empty_problems()
    full = [{k: r.get(k) for k in PROBLEM_SCHEMA} for r in rows]
    for r in full:
        r["severity"] = r["severity"] or "error"
    return pl.DataFrame(full, schema=PROBLEM_SCHEMA)


class EtlError(Exception):
    """Bad input the user can fix (a file that cannot be read at all): message in Chinese + English."""

    def __init__(self, zh: str, en: str, file: str | None = None, row: int | None = None):
        self.zh, self.en, self.file, self.row = zh, en, file, row
        where = (f"{file} " if file else "") + (f"第{row}行" if row else "")
        super().__init__(f"{where.strip()}：{zh} ({en})" if where else f"{zh} ({en})")


@dataclass
class TableCounts:
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0


@dataclass
class LoadReport:
    """Outcome of a check or a load: per-table row counts, every problem, and what was written."""

    ok: bool
    tables: dict[str, TableCounts]
    problems: pl.DataFrame = field(default_factory=empty_problems)
    load_id: int | None = None
    db_file: Path | None = None
    mode: str = "load"                  # check | load

    @property
    def errors(self) -> pl.DataFrame:
        return self.problems.filter(pl.col("severity") == "error")

    @property
    def warnings(self) -> pl.DataFrame:
        return self.problems.filter(pl.col("severity") == "warning")

    def format(self) -> str:
        """The report as the CLI prints it: problems (Chinese first, English beside), then counts."""
        return format_report(self)


class ValidationError(Exception):
    """Raised by the validation stage when rows would be rejected and rejects are not allowed."""

    def __init__(self, report: LoadReport):
        self.report = report
        n = report.errors.height
        super().__init__(f"输入有 {n} 个问题，未入库 ({n} problems, nothing loaded)")


def _where(p: dict) -> str:
    parts = [p["file"] or ""]
    if p["sheet"]:
        parts.append(f"工作表「{p['sheet']}」")
    if p["row"] is not None:
        parts.append(f"第{p['row']}行")
    if p["column"]:
        parts.append(f"列「{p['column']}」")
    if p["value"] is not None:
        parts.append(f"值「{p['value']}」")
    return " ".join(x for x in parts if x)


def format_problem(p: dict) -> str:
    """One problem as a line: file 第N行 列「…」值「…」：中文原因 (English reason)."""
    tag = "" if p["severity"] == "error" else "【提示 warning】"
    return f"{tag}{_where(p)}：{p['reason_zh']} ({p['reason_en']})"


def _kind_key() -> pl.Expr:
    """One 64-bit number per (table, column, reason, severity), from the categorical codes.
    The arithmetic wraps, so this is a hash; a collision would only merge two kinds in the printout."""
    key = pl.lit(0, pl.UInt64)
    for c in ("table", "column", "reason_en", "severity"):
        key = key * 1_000_003 + pl.col(c).to_physical().cast(pl.UInt64).fill_null(999_999)
    return key


def format_report(report: LoadReport) -> str:
    """Problems in file / row order (the first few of each kind), then the per-table counts and the verdict."""
    lines: list[str] = []
    probs = report.problems
    if probs.height:
        # Only the first rows of each kind are formatted: a systematic error can hit 10M rows,
        # so kinds are found from one integer per row, not a group-by over four text columns.
        key = probs.select(_kind_key().alias("k")).to_series()
        firsts = [(key == k).arg_true().head(PRINT_PER_KIND) for k in key.unique(maintain_order=True)]
        counts = dict(key.value_counts().iter_rows())
        first = pl.DataFrame({"_i": pl.concat(firsts), "_k": pl.concat(
            [pl.int_range(f.len(), eager=True) for f in firsts]), "_n": pl.concat(
            [pl.repeat(counts[key[f[0]]], f.len(), eager=True) for f in firsts])})
        shown = (pl.concat([probs.select(pl.all().gather(first.get_column("_i"))), first], how="horizontal")
                 .sort(pl.col("file").cast(pl.String), pl.col("sheet").cast(pl.String), "row", "_i",
                       nulls_last=False))
        for p in shown.iter_rows(named=True):
            lines.append(format_problem(p))
            if p["_k"] == PRINT_PER_KIND - 1 and p["_n"] > PRINT_PER_KIND:
                more = p["_n"] - PRINT_PER_KIND
                lines.append(f"  …… 同类问题另有 {more} 条 ({more} more of the same kind)")
        lines.append("")
    lines.append(f"{'表 table':<22}{'读取 read':>12}{'入库 loaded':>14}{'拒绝 rejected':>16}")
    for name, c in report.tables.items():
        lines.append(f"{name:<22}{c.rows_read:>12}{c.rows_loaded:>14}{c.rows_rejected:>16}")
    n_err, n_warn = report.errors.height, report.warnings.height
    if report.mode == "check":
        verdict = ("检查通过 (clean)" if report.ok
                   else f"发现 {n_err} 个问题，这些行将被拒绝 ({n_err} problems: rows would be rejected)")
    elif report.ok:
        verdict = f"已入库 (loaded) load_id={report.load_id} → {report.db_file}"
        if n_err:
            verdict += f"；{n_err} 个问题所在行已拒绝并记入 load_rejects ({n_err} problems, rows kept in load_rejects)"
    else:
        verdict = f"未入库：发现 {n_err} 个问题，数据库保持原样 (load refused: {n_err} problems, database unchanged)"
    if n_warn:
        verdict += f"；{n_warn} 条提示 ({n_warn} warnings)"
    lines.append(verdict)
    return "\n".join(lines)
