"""The gateway: live path read on every call, typed no-data state, values only as parameters,
and a new load (a flipped symlink) picked up without a restart."""

from __future__ import annotations

import csv
import os
import shutil

import duckdb
import pytest

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries import headline
from dashboard.scope import EVERYTHING
from etl.load import load
from tests.dashboard import fixture_db

CURRENT = Filters(school_year="2024-2025")


def _current(df):
    return next(r for r in df.iter_rows(named=True) if r["period"] == "current")


def test_missing_database_is_a_state_not_an_exception(missing_path):
    state = db.state()
    assert state.kind == "missing" and not state.ready
    with pytest.raises(db.NoData) as info:
        headline.headline_figures(EVERYTHING, CURRENT)
    assert info.value.state.kind == "missing"


def test_database_without_tables_is_empty(tmp_path, monkeypatch):
    path = tmp_path / "blank.duckdb"
    duckdb.connect(str(path)).close()
    monkeypatch.setenv("ALLIANCE_DB", str(path))
    assert db.state().kind == "empty"


def test_demo_marker(fixture_path, demo_fixture_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(fixture_path))
    assert db.state().is_demo is False
    monkeypatch.setenv("ALLIANCE_DB", str(demo_fixture_path))
    assert db.state().is_demo is True


def test_values_travel_as_parameters(fixture_path):
    hostile = Filters(school_year="2024-2025", county="640122' or '1'='1")
    assert _current(headline.headline_figures(EVERYTHING, hostile))["schools_n"] == 0
    with pytest.raises(KeyError):
        db.query("select $not_given as x", {})


def test_a_new_load_is_picked_up_without_restart(tmp_path, monkeypatch):
    live = fixture_db.build(tmp_path / "alliance.duckdb")
    monkeypatch.setenv("ALLIANCE_DB", str(live))
    before = db.state()
    assert _current(headline.headline_figures(EVERYTHING, CURRENT))["schools_n"] == 9
    extra = tmp_path / "extra"
    extra.mkdir()
    with (extra / "schools.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["school_id", "name", "county_code", "county", "town", "stage", "urban_rural_code"])
        writer.writerow(["S10", "新建村小", "640122", "贺兰县", "常信乡", "primary", "220"])
    assert load([extra], live).ok
    after = db.state()
    assert after.path != before.path and after.load_id == before.load_id + 1
    figures = _current(headline.headline_figures(EVERYTHING, CURRENT))
    # One more rural school, not covered: 10 schools, rural coverage 4/6.
    assert figures["schools_n"] == 10
    assert figures["rural_coverage_pct"] == pytest.approx(400 / 6)


def _altered_copy(fixture_path, tmp_path, monkeypatch, sql: str) -> None:
    """The fixture database copied, changed by one statement, and made the live database."""
    copy = tmp_path / "altered.duckdb"
    shutil.copyfile(os.path.realpath(fixture_path), copy)
    con = duckdb.connect(str(copy))
    con.execute(sql)
    con.close()
    monkeypatch.setenv("ALLIANCE_DB", str(copy))


def test_marts_of_an_older_version_are_stale(fixture_path, tmp_path, monkeypatch):
    _altered_copy(fixture_path, tmp_path, monkeypatch, "drop table mart_school_term")
    state = db.state()
    assert state.kind == "stale" and "mart_school_term" in state.detail


def test_marts_built_by_other_sql_are_stale(fixture_path, tmp_path, monkeypatch):
    _altered_copy(fixture_path, tmp_path, monkeypatch, "update mart_meta set marts_version = 'older'")
    state = db.state()
    assert state.kind == "stale" and "older" in state.detail
