"""Loads from the browser (数据管理 page): uploaded files are saved under their own names in a
fresh temporary folder and handed to the same etl.load.check / etl.load.load as `python -m etl`,
so the page reports exactly what the command line reports. The loader builds a new database
version and flips the live symlink: the dashboard keeps serving the old version meanwhile, and
the gateway picks up the new one on its next query (its caches are keyed on the real path)."""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import xlsxwriter

from dashboard import audit
from dashboard.labels import admin as LA
from etl import load as etl_load
from etl.report import EtlError, LoadReport
from etl.schema import TABLES

SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name as the user's computer called it, and its bytes."""
    name: str
    data: bytes


@dataclass(frozen=True)
class Outcome:
    """What a check or load gave: the report, or the Chinese message of an unreadable input."""
    mode: str                      # check | load
    files: tuple[str, ...]
    report: LoadReport | None = None
    message: str | None = None


def _safe_name(name: str) -> str:
    # Keep the user's file name (the report names it) but never a path: "../x.csv" -> "x.csv".
    base = Path(name.replace("\\", "/")).name.strip()
    return base if base and base not in (".", "..") else "upload"


def save(uploads: Iterable[Upload], folder: Path) -> list[Path]:
    """Write uploads into folder under their own names; a repeated name gets a numbered folder so
    that neither file is lost."""
    paths = []
    for i, up in enumerate(uploads):
        name = _safe_name(up.name)
        target = folder / name
        if target.exists():
            target = folder / f"dup{i}" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(up.data)
        paths.append(target)
    return paths


def run(uploads: list[Upload], mode: str, *, allow_rejects: bool = False, hidden: str | None = None,
        user_name: str | None = None, db_path: Path | None = None) -> Outcome:
    """Check (mode = check) or load (mode = load) the uploads; a load that wrote a new version is
    recorded in the audit log with its load_id, who ran it and the files."""
    files = tuple(_safe_name(u.name) for u in uploads)
    folder = Path(tempfile.mkdtemp(prefix="alliance-upload-"))
    try:
        save(uploads, folder)
        try:
            if mode == "check":
                report = etl_load.check([folder], db_path, hidden=hidden)
            else:
                report = etl_load.load([folder], db_path, allow_rejects=allow_rejects, hidden=hidden)
        except EtlError as exc:
            return Outcome(mode, files, message=str(exc))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if mode == "load" and report.ok and report.load_id is not None:
        audit.record("load", user_name, target="、".join(files),
                     detail={"load_id": report.load_id, "files": list(files), "allow_rejects": allow_rejects,
                             "hidden": hidden, "rows_loaded": rows(report, "rows_loaded"),
                             "rows_rejected": rows(report, "rows_rejected")})
    return Outcome(mode, files, report)


def rebuild(user_name: str | None = None, db_path: Path | None = None) -> LoadReport:
    """Rebuild the marts into a new version (etl.load.rebuild, as `python -m etl rebuild`), logged
    in the audit log as a load with rebuild = true."""
    report = etl_load.rebuild(db_path)
    audit.record("load", user_name, target="rebuild", detail={"load_id": report.load_id, "rebuild": True})
    return report


def with_loaders(history: pl.DataFrame) -> pl.DataFrame:
    """load_history plus user_name: who ran each load, from the audit log's `load` records (null for
    a load from the command line, which runs as nobody)."""
    loads = audit.entries("load", limit=10_000)
    who: dict[int, str | None] = {}
    for user_name, detail in zip(loads["user_name"], loads["detail"], strict=True):
        load_id = json.loads(detail or "{}").get("load_id")
        if load_id is not None:
            who.setdefault(int(load_id), user_name)
    return history.with_columns(pl.col("load_id").replace_strict(who, default=None, return_dtype=pl.String)
                                .alias("user_name"))


def rows(report: LoadReport, kind: str) -> int:
    """Input rows over all tables: rows_read, rows_loaded or rows_rejected."""
    return sum(getattr(c, kind) for c in report.tables.values())


def counts_table(report: LoadReport) -> pl.DataFrame:
    """Grain: one row per input table: rows read, loaded (valid, for a check or a refused load:
    nothing was written then), rejected, with Chinese headers."""
    sheets = {t.name: t.sheet for t in TABLES}
    rows_ = [{"table": sheets.get(t, t), "rows_read": c.rows_read, "rows_loaded": c.rows_loaded, "rows_rejected": c.rows_rejected}
             for t, c in report.tables.items()]
    schema = {"table": pl.String, "rows_read": pl.Int64, "rows_loaded": pl.Int64, "rows_rejected": pl.Int64}
    written = report.mode == "load" and report.ok
    names = {c: LA.COUNTS_COLUMNS[c] for c in schema} | {"rows_loaded": LA.COUNTS_COLUMNS[
        "rows_loaded" if written else "rows_valid"]}
    return pl.DataFrame(rows_, schema=schema).rename(names)


def problems_table(report: LoadReport) -> pl.DataFrame:
    """Grain: one row per problem (file, sheet, row, column, value, reason, severity), errors first,
    Chinese headers and reasons: the same messages as `python -m etl check`."""
    p = report.problems
    return (p.with_columns(pl.col(c).cast(pl.String) for c in ("file", "sheet", "column", "reason_zh", "severity"))
            .with_columns(pl.col("file").map_elements(lambda f: Path(f).name, return_dtype=pl.String),
                          pl.col("sheet").fill_null(""),        # csv files have no sheet
                          pl.col("severity").replace_strict(LA.SEVERITY, default=pl.col("severity")))
            .sort([pl.col("severity") != LA.SEVERITY["error"], "file", "sheet", "row"], nulls_last=True)
            .select(list(LA.PROBLEMS_COLUMNS)).rename(LA.PROBLEMS_COLUMNS))


def problems_xlsx(table: pl.DataFrame) -> bytes:
    """The problems table as an .xlsx the office can fix its files from. Values are the uploaded
    cells themselves: a cell like =HYPERLINK(...) is written as text, never as a formula."""
    buf = io.BytesIO()
    with xlsxwriter.Workbook(buf, {"strings_to_formulas": False, "strings_to_urls": False,
                                   "in_memory": True}) as book:
        table.write_excel(book, worksheet=LA.PROBLEMS_SHEET, autofit=True)
    return buf.getvalue()


def template_xlsx() -> bytes:
    """The blank import workbook (etl.template), built into memory."""
    from etl.template import write_template

    with tempfile.TemporaryDirectory() as tmp:
        return write_template(Path(tmp) / LA.TEMPLATE_FILE).read_bytes()
