"""数据管理 queries and helpers on the hand-made fixture, figures worked out by hand from fixture_db:
reporting completeness per alliance x month, the 催报 list, coordinates, evidence, load history and
who loaded, the problems workbook (cells stay text), uploads keep their names but never a path,
and the privacy rule of _views.withhold_small_results."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import polars as pl
import pytest

from dashboard import audit, loading
from dashboard.filters import Filters
from dashboard.present import admin as present
from dashboard.queries import admin
from dashboard.queries._views import WITHHELD, withhold_small_results
from dashboard.scope import EVERYTHING, Scope

CURRENT = Filters(school_year="2024-2025")
JUNE_2025 = date(2025, 6, 15)


def test_last_complete_month():
    assert admin.last_complete_month("2024-2025", date(2025, 6, 15)) == date(2025, 5, 1)
    assert admin.last_complete_month("2024-2025", date(2025, 1, 3)) == date(2024, 12, 1)    # across January
    assert admin.last_complete_month("2024-2025", date(2026, 11, 30)) == date(2025, 8, 1)   # year over: August
    assert admin.last_complete_month("2024-2025", date(2024, 9, 20)) is None                # September still open
    assert admin.last_complete_month(None) is None


def test_reporting_months_by_hand(fixture_path):
    df = admin.reporting_months(EVERYTHING, CURRENT, today=JUNE_2025)
    # Sep 2024 .. May 2025 = 9 months x 3 alliances with members (A1, A2, A3) = 27 cells.
    assert df.height == 27 and df["month_date"].n_unique() == 9
    reported = {(r["alliance_id"], r["month_date"].strftime("%Y-%m"), r["activities_n"])
                for r in df.filter(pl.col("reported")).iter_rows(named=True)}
    # A1: Oct 2 + 1 = 3, Nov 2 + 2 = 4, Mar 1; A3: Apr 10, May 4; A2 nothing this year.
    assert reported == {("A1", "2024-10", 3), ("A1", "2024-11", 4), ("A1", "2025-03", 1),
                        ("A3", "2025-04", 10), ("A3", "2025-05", 4)}
    assert present.completeness_pct(df) == pytest.approx(100 * 5 / 27)      # 18.5 %, each cell once
    grid = present.completeness_grid(df)
    assert grid.columns[:2] == ["教共体编号", "教共体"] and grid.columns[2] == "2024年9月" and grid.height == 3


def test_missing_reports_by_hand(fixture_path):
    # May 2025: only A3 reported. A1 and A2 are silent; their members S1 S3 S4 S5 S7 have no
    # alliance that reported; S8 and S9 are covered by A3's records.
    df = admin.missing_reports(EVERYTHING, CURRENT, today=JUNE_2025)
    assert [(r["kind"], r["id"]) for r in df.iter_rows(named=True)] == [
        ("alliance", "A1"), ("alliance", "A2"), ("school", "S1"), ("school", "S3"), ("school", "S4"),
        ("school", "S5"), ("school", "S7")]
    assert df.filter(pl.col("id") == "S4")["alliances"].item() == "贺兰一小教共体、贺兰中学教共体"
    assert df.filter(pl.col("id") == "A1")["county"].item() == "贺兰县"
    # April 2025 for the school S4: its two alliances were silent; only in-scope rows come back.
    mine = admin.missing_reports(Scope(schools=["S4"]), CURRENT, today=date(2025, 5, 2))
    assert set(mine["id"]) == {"A1", "A2", "S4"}
    # March 2025: A1 reported (one forum), so its members are not chased; A2's are all in A1 too.
    march = admin.missing_reports(EVERYTHING, CURRENT, today=date(2025, 4, 1))
    assert set(march["id"]) == {"A2", "A3", "S8", "S9"}


def test_coordinates_and_evidence(fixture_path):
    coords = admin.school_coordinates(EVERYTHING, CURRENT)
    assert coords.height == 9 and coords["has_coordinates"].all()          # every fixture school has both
    ev = admin.activities_without_evidence(EVERYTHING, CURRENT)
    # A1 in 2024-2025: 2 + 1 + 2 + 2 + 1 = 8 records, the 20 Oct class and the March forum lack evidence.
    assert ev.rows() == [("A1", "贺兰一小教共体", 8, 2, 25.0)]
    assert admin.activities_without_evidence(Scope(alliances=["A3"]), CURRENT).is_empty()


def test_load_history_and_who_loaded(fixture_path, tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    history = admin.load_history(EVERYTHING, CURRENT)
    # One load of the fixture's 9 csv files: schools 9 + alliances 3 + members 10 + activities 57
    # (2+1+2+2+1+10+4 this year, 20+12+2+1 the last) + exchanges 4 + mentorships 1 + exams 3 +
    # per-student results 22 (2+4+4+1+3+2+2+4) + school summaries 2 = 111 rows, none rejected.
    assert history["load_id"].to_list() == [1] and history["files_n"].item() == 9
    assert history["rows_loaded"].item() == 111 and history["rows_rejected"].item() == 0
    assert admin.load_history(Scope(counties=["640122"]), CURRENT).is_empty()
    assert loading.with_loaders(history)["user_name"].to_list() == [None]       # loaded from the command line
    audit.record("load", "root", "学校.csv", {"load_id": 1})
    assert loading.with_loaders(history)["user_name"].to_list() == ["root"]


def test_problems_workbook_keeps_cells_as_text(fixture_path):
    data = ("school_id,name,county_code,county,town,stage,urban_rural_code,lon,lat,students\n"
            "S11,x,640122,贺兰县,习岗镇,=1+1,111,106.3,38.5,3\n").encode()
    outcome = loading.run([loading.Upload("../../学校.csv", data)], "check")
    assert outcome.files == ("学校.csv",) and not outcome.report.ok              # the path is dropped
    table = loading.problems_table(outcome.report)
    assert table.rows() == [("学校.csv", "", 2, "学段", "=1+1", table["原因"][0], "错误")]
    sheet = openpyxl.load_workbook(io.BytesIO(loading.problems_xlsx(table))).active
    cell = sheet.cell(row=2, column=5)
    assert (cell.value, cell.data_type) == ("=1+1", "s")                       # text, not a formula


def test_uploads_with_one_name_are_both_kept(tmp_path):
    paths = loading.save([loading.Upload("学校.csv", b"a"), loading.Upload("sub/学校.csv", b"b")], tmp_path)
    assert [p.name for p in paths] == ["学校.csv", "学校.csv"] and paths[0] != paths[1]
    assert sorted(p.read_bytes() for p in paths) == [b"a", b"b"]
    assert all(tmp_path in p.parents for p in paths)


def test_small_results_withheld_for_every_role_but_admin():
    df = pl.DataFrame({"school_id": ["S1", "S3", "S4"], "students_n": [4, 1, 5], "mean_pct": [80.0, 80.0, 46.7]})
    hidden = withhold_small_results(df, Scope(counties=["640122"], small_results_hidden=True), "students_n",
                                    ["mean_pct"])
    # Under 5 examinees (4 and 1): withheld; exactly 5 is shown.
    assert hidden["mean_pct"].to_list() == [None, None, 46.7]
    assert hidden["is_withheld"].to_list() == [True, True, False]
    shown = withhold_small_results(df, EVERYTHING, "students_n", ["mean_pct"])
    assert shown["mean_pct"].to_list() == [80.0, 80.0, 46.7] and not shown["is_withheld"].any()
    assert WITHHELD == "<5"


def test_missing_reports_of_a_chosen_month(fixture_path):
    # November 2024: A1 reported 4 records; A2 and A3 nothing; S8 S9 (A3 only) are chased, A1's
    # members are not (S4 and S5 are in A2 too, but A1 reached them).
    nov = admin.missing_reports(EVERYTHING, CURRENT, month=date(2024, 11, 1))
    assert set(nov["id"]) == {"A2", "A3", "S8", "S9"} and (nov["month_date"] == date(2024, 11, 1)).all()


def test_chase_month_default(fixture_path):
    # While 2024-2025 runs (June 2025): the last complete month, May, even though A3 alone reported.
    running = admin.reporting_months(EVERYTHING, CURRENT, today=JUNE_2025)
    assert admin.chase_month(running, "2024-2025", JUNE_2025) == date(2025, 5, 1)
    # Once it is over (November 2026): its last month with a record (A3 in May), not August.
    over = admin.reporting_months(EVERYTHING, CURRENT, today=date(2026, 11, 30))
    assert admin.chase_month(over, "2024-2025", date(2026, 11, 30)) == date(2025, 5, 1)
    # A scope with no record that year (A2) falls back to August.
    silent = admin.reporting_months(Scope(alliances=["A2"]), CURRENT, today=date(2026, 11, 30))
    assert admin.chase_month(silent, "2024-2025", date(2026, 11, 30)) == date(2025, 8, 1)


def test_audit_table_is_readable():
    log = pl.DataFrame({"audit_id": [2, 1], "at": ["2026-11-30T04:57:21+00:00", "2026-11-30T04:50:00+00:00"],
                        "user_name": ["root", None], "action": ["load", "sign_in_failed"],
                        "target": ["学校.csv", None],
                        "detail": ['{"load_id": 2, "files": ["a.csv", "b.csv"], "hidden": null}', "{}"]})
    assert present.audit_table(log).rows() == [
        ("2026-11-30 04:57:21", "root", "导入数据", "学校.csv", "load_id: 2；files: a.csv、b.csv"),
        ("2026-11-30 04:50:00", "", "登录失败", "", "")]
