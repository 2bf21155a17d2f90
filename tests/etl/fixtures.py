"""Shared test data: a small, fixed, clean input set (one Helan-like county: 4 schools, 1
alliance) written as csv files in tmp_path, and helpers to tweak a table and write it again."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

HEADERS: dict[str, list[str]] = {
    "schools": ["school_id", "name", "county_code", "county", "town", "stage", "urban_rural_code", "lon", "lat",
                "coord_system", "students", "teachers", "classes", "boarding"],
    "alliances": ["alliance_id", "name", "type", "cross_region", "core_school_id", "founded", "verified_by",
                  "county_code"],
    "members": ["alliance_id", "school_id", "role", "joined", "left"],
    "activities": ["activity_id", "alliance_id", "date", "type", "subject", "host_school_id", "target_school_ids",
                   "mode", "participants", "hours", "evidence_count", "evidence_url"],
    "exchanges": ["exchange_id", "alliance_id", "teacher_id", "from_school_id", "to_school_id", "kind", "subject",
                  "start_date", "end_date"],
    "mentorships": ["pair_id", "alliance_id", "mentor_id", "mentor_school_id", "apprentice_id",
                    "apprentice_school_id", "start_date", "sessions"],
    "exams": ["exam_id", "name", "date", "school_year", "term", "grade", "subject", "full_score", "pass_line",
              "excellent_line", "low_line"],
    "results": ["exam_id", "school_id", "student_id", "class", "score"],
    "surveys": ["year", "school_id", "alliance_id", "respondent", "respondents", "satisfied"],
}

ROWS: dict[str, list[list[str]]] = {
    "schools": [
        ["6401220001", "贺兰县第一小学", "640122", "贺兰县", "习岗镇", "小学", "111", "106.3500", "38.5500", "",
         "1200", "80", "24", "否"],
        ["6401220002", "贺兰县金贵小学", "640122", "贺兰县", "金贵镇", "小学", "210", "106.4000", "38.6000",
         "GCJ02", "300", "25", "6", "否"],
        ["6401220003", "贺兰县常信小学", "640122", "贺兰县", "常信乡", "小学", "220", "", "", "", "150", "15",
         "6", "是"],
        ["6401220004", "贺兰县第二中学", "640122", "贺兰县", "习岗镇", "初中", "112", "106.3600", "38.5400", "BD09",
         "900", "70", "18", "否"],
    ],
    "alliances": [["HL-01", "贺兰一小教育集团", "融合型", "否", "6401220001", "2021", "县", "640122"]],
    "members": [
        ["HL-01", "6401220001", "核心校", "2021-09-01", ""],
        ["HL-01", "6401220002", "成员校", "2021/9/1", ""],
        ["HL-01", "6401220003", "成员校", "2021年9月1日", ""],
    ],
    "activities": [
        ["A-001", "HL-01", "2024-03-15", "同步课堂", "数学", "6401220001", "6401220002、6401220003", "线上", "40",
         "1.5", "3", ""],
        ["A-002", "HL-01", "2023.10.9", "集体教研", "语文", "6401220001", "6401220002", "线下", "12", "2", "0", ""],
    ],
    "exchanges": [["E-001", "HL-01", "T-0101", "6401220001", "6401220003", "支教", "英语", "2023-09-01", ""]],
    "mentorships": [["P-001", "HL-01", "T-0102", "6401220001", "T-0301", "6401220003", "2022-03-10", "6"]],
    "exams": [["X-2024-1", "2023学年第一学期期末联考", "2024-01-15", "", "", "三年级", "数学", "100", "", "", ""]],
    "results": [
        ["X-2024-1", "6401220001", "S0001", "三(1)班", "95"],
        ["X-2024-1", "6401220001", "S0002", "三(1)班", "58"],
        ["X-2024-1", "6401220002", "S0003", "三(1)班", "72.5"],
        ["X-2024-1", "6401220003", "S0004", "三(1)班", "88"],
    ],
    "surveys": [["2024", "6401220002", "", "家长", "120", "110"], ["2024", "", "HL-01", "教师", "40", "36"]],
}


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_set(folder: Path, tables: dict[str, list[list[str]]] | None = None,
              headers: dict[str, list[str]] | None = None) -> Path:
    """Write the clean set (or the given tables) as csv files named after the tables."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (tables if tables is not None else ROWS).items():
        write_csv(folder / f"{name}.csv", (headers or HEADERS)[name], rows)
    return folder


def rows(table: str) -> list[list[str]]:
    """A fresh copy of the clean rows of one table, to modify in a test."""
    return [list(r) for r in ROWS[table]]


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(sql, params=params or []).fetchall()
    finally:
        con.close()


def problem_lines(report) -> list[str]:
    """Every problem of a report as the CLI prints it."""
    from etl.report import format_problem
    return [format_problem(p) for p in report.problems.iter_rows(named=True)]


def assert_problem(report, *parts: str) -> str:
    """The one printed problem line that contains every part (file, 第N行, 列「…」, 值「…」, reason)."""
    lines = [line for line in problem_lines(report) if all(p in line for p in parts)]
    assert lines, f"no problem with {parts!r} in:\n" + "\n".join(problem_lines(report))
    return lines[0]
