"""Small databases loaded through the real ETL from the ETL test rows (tests/etl/fixtures.py: one
Helan alliance HL-01 of schools 0001 (core, 111), 0002 (210), 0003 (220); 0004 (112) in none),
for the edges of the school-year spine and of membership."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filters
from dashboard.labels import coverage as LC
from dashboard.labels import overview as LO
from dashboard.queries import coverage, headline, options
from dashboard.scope import EVERYTHING
from etl.load import load
from tests.etl.fixtures import ROWS, rows, write_set


def _load(tmp_path: Path, monkeypatch, tables: dict) -> Path:
    monkeypatch.setenv("ALLIANCE_SALT", "edge")
    db = tmp_path / "db" / "alliance.duckdb"
    report = load([write_set(tmp_path / "in", tables)], db)
    assert report.ok, report.format()
    monkeypatch.setenv("ALLIANCE_DB", str(db))
    return db


def _current_school_year(today: dt.date) -> str:
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{start + 1}"


def _periods(filters: Filters) -> dict[str, dict]:
    return {r["period"]: r for r in headline.headline_figures(EVERYTHING, filters).iter_rows(named=True)}


def test_a_roster_alone_shows_its_schools_in_the_running_year(tmp_path, monkeypatch):
    _load(tmp_path, monkeypatch, {"schools": rows("schools")})
    choices = options.filter_options(EVERYTHING)
    years = choices.filter(choices["kind"] == "school_year")["value"].to_list()
    assert years == [_current_school_year(dt.date.today())]
    now = _periods(Filters(school_year=years[0]))
    assert (now["current"]["schools_n"], now["current"]["covered_schools_n"]) == (4, 0)
    assert (now["current"]["rural_schools_n"], now["current"]["covered_rural_schools_n"]) == (2, 0)
    assert now["previous"]["schools_n"] is None
    assert coverage.uncovered_schools(EVERYTHING, Filters(school_year=years[0])).height == 4


def test_a_member_counts_through_its_leaving_day(tmp_path, monkeypatch):
    members = rows("members")
    members[2][4] = "2024-08-31"                   # 0003 (rural) leaves on the last day of 2023-2024
    _load(tmp_path, monkeypatch, dict(ROWS, members=members))
    before = _periods(Filters(school_year="2023-2024"))["current"]
    after = _periods(Filters(school_year="2024-2025"))
    assert before["covered_rural_schools_n"] == 2 and before["rural_coverage_pct"] == pytest.approx(100.0)
    # The records end in 2023-2024: 2024-2025 is not a year of this data, so it has no figures.
    assert after["current"]["school_year"] == "2024-2025" and after["current"]["schools_n"] is None


def test_activity_of_an_alliance_gone_by_year_end_is_not_set_against_no_target(tmp_path, monkeypatch):
    members = [[*m[:4], "2024-01-31"] for m in rows("members")]     # HL-01 dissolves mid-year
    _load(tmp_path, monkeypatch, dict(ROWS, members=members))
    now = _periods(Filters(school_year="2023-2024"))["current"]
    # 2023-2024 holds one sync lesson (2024-03-15) and one research session, but at 31 Aug 2024
    # HL-01 has no members: it is not counted, so neither are its activities against a target.
    assert (now["alliances_n"], now["lessons_n"], now["lessons_target_n"], now["research_n"]) == (0, 0, 0, 0)
    assert now["exchanges_n"] == 1                 # the exchange itself still happened


def test_a_partner_school_elsewhere_does_not_bring_its_stage_into_the_county(tmp_path, monkeypatch):
    schools = rows("schools") + [["3303270099", "苍南县伙伴中学", "330327", "苍南县", "灵溪镇", "初中", "111",
                                  "120.40", "27.50", "", "900", "60", "18", "否"]]
    members = rows("members") + [["HL-01", "3303270099", "成员校", "2021-09-01", ""]]
    _load(tmp_path, monkeypatch, dict(ROWS, schools=schools, members=members))
    year = "2023-2024"
    # HL-01's Helan members are primary schools; its junior member is in Cangnan.
    assert _periods(Filters(school_year=year, county="640122", stage="junior"))["current"]["alliances_n"] == 0
    assert _periods(Filters(school_year=year, county="640122", stage="primary"))["current"]["alliances_n"] == 1
    assert _periods(Filters(school_year=year, county="330327", stage="junior"))["current"]["alliances_n"] == 1
    assert _periods(Filters(school_year=year, stage="junior"))["current"]["alliances_n"] == 1


APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def test_pages_over_a_roster_alone_explain_what_is_missing(tmp_path, monkeypatch):
    _load(tmp_path, monkeypatch, {"schools": rows("schools")})
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    infos = [i.value for i in at.info]
    assert LO.EMPTY_MONTHLY in infos and LO.EMPTY_GAP in infos and LO.EMPTY_RANKING in infos
    assert {m.label: m.value for m in at.metric}[LO.METRIC_COVERED] == "0 所"
    at.switch_page("../pages/coverage.py").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert LC.MAP_MISSING_COORDS.format(n=1) in captions          # 0003 has no coordinates
    at.session_state["coverage_tab"] = LC.TAB_UNCOVERED
    at.run()
    captions = [c.value for c in at.caption]
    assert LC.UNCOVERED_CAPTION.format(n=4) in captions
