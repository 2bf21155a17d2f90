"""Boundaries of the loader's guards, where an off-by-one would refuse good data or let bad data
in: the county size cap counts only current members, and a score on the full-marks line is a
score. Inputs are the clean set of tests/etl/fixtures.py (Helan alliance HL-01: core 0001,
members 0002 0003; 0004 in no alliance; exam X-2024-1 out of 100) with one table changed."""

from __future__ import annotations

from pathlib import Path

from etl.load import check, load
from tests.etl.fixtures import ROWS, assert_problem, problem_lines, query, rows, write_csv, write_set

CAP_REASON = "超过贺兰县规定的上限 4 所"


def _five_members(left_of_fifth: str) -> dict[str, list[list[str]]]:
    """HL-01 with 0001-0004 current and a fifth school 0005 whose membership ended on left_of_fifth
    ('' = still a member)."""
    schools = rows("schools") + [["6401220005", "贺兰县立岗小学", "640122", "贺兰县", "立岗镇", "小学", "220", "", "",
                                  "", "120", "12", "6", "否"]]
    members = rows("members") + [["HL-01", "6401220004", "成员校", "2021-09-01", ""],
                                 ["HL-01", "6401220005", "成员校", "2021-09-01", left_of_fifth]]
    return dict(ROWS, schools=schools, members=members)


def test_size_cap_counts_only_members_that_have_not_left(tmp_path: Path, db: Path) -> None:
    # Helan caps an alliance at 4 schools, core included. Five rows, one of which left in 2023:
    # 4 current members, at the cap and not over it -> clean, and it loads.
    folder = write_set(tmp_path / "left", _five_members("2023-06-30"))
    report = check([folder], db)
    assert report.ok, report.format()
    assert not [line for line in problem_lines(report) if "上限" in line]
    assert load([folder], db).ok
    assert query(db, "select count(*), count(*) filter (where \"left\" is null) from alliance_members") == [(5, 4)]


def test_size_cap_refuses_five_current_members(tmp_path: Path, db: Path) -> None:
    # The same five rows with nobody gone: 5 current schools > 4 -> the alliance row is refused.
    report = check([write_set(tmp_path / "over", _five_members(""))], db)
    assert not report.ok
    assert_problem(report, "alliances.csv", "HL-01", "教共体共有 5 所学校（含核心校）", CAP_REASON)


def test_a_score_on_the_full_marks_line_loads(tmp_path: Path, db: Path) -> None:
    # X-2024-1 is out of 100: 100 is a perfect paper, not an error; a summary mean of 100 likewise.
    results = rows("results")
    results[0][4] = "100"
    folder = write_set(tmp_path / "full", dict(ROWS, results=results))
    write_csv(folder / "results_school.csv", ["exam_id", "school_id", "n", "mean", "pass_n", "excellent_n", "low_n"],
              [["X-2024-1", "6401220004", "3", "100", "3", "3", "0"]])
    report = check([folder], db)
    assert report.ok, report.format()
    assert load([folder], db).ok
    assert query(db, "select max(score), max(mean) from exam_results") == [(100.0, 100.0)]


def test_a_score_over_the_full_marks_line_is_refused(tmp_path: Path, db: Path) -> None:
    results = rows("results")
    results[0][4] = "100.5"
    folder = write_set(tmp_path / "over", dict(ROWS, results=results))
    write_csv(folder / "results_school.csv", ["exam_id", "school_id", "n", "mean", "pass_n", "excellent_n", "low_n"],
              [["X-2024-1", "6401220004", "3", "100.5", "3", "3", "0"]])
    report = check([folder], db)
    assert not report.ok
    assert_problem(report, "results.csv", "第2行", "值「100.5」", "超过满分 100")
    assert_problem(report, "results_school.csv", "第2行", "值「100.5」", "超过满分 100")
