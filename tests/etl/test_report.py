"""The printed report: Chinese first with English beside, long runs of one problem cut short."""

from __future__ import annotations

from pathlib import Path

from etl.load import check
from etl.report import PRINT_PER_KIND
from tests.etl.fixtures import ROWS, rows, write_set


def test_report_cuts_long_runs_and_keeps_counts(tmp_path: Path) -> None:
    r = rows("results")
    r += [["X-2024-1", "6401220001", f"S{i:04d}", "三(1)班", "130"] for i in range(100, 150)]
    report = check([write_set(tmp_path / "in", dict(ROWS, results=r))], tmp_path / "db.duckdb")
    text = report.format()
    lines = text.splitlines()
    above = [line for line in lines if "超过满分" in line]
    assert len(above) == PRINT_PER_KIND
    assert f"同类问题另有 {50 - PRINT_PER_KIND} 条 ({50 - PRINT_PER_KIND} more of the same kind)" in text
    assert lines[0].startswith("results.csv 第6行 列「成绩」 值「130」：超过满分 100.0 (score above full marks 100.0)")
    assert "results                         54             4              50" in text
    assert text.splitlines()[-1].startswith("发现 50 个问题")
