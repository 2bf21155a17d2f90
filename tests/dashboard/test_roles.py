"""Roles on the hand-made fixture: each account's Scope comes from its role (dashboard/auth.py), and
every public query function (found by the scope contract's walker) returns under it only rows of
its counties, alliances or school, and, for the lists below worked out by hand from fixture_db's
docstring, exactly those rows. The admin sees what the open demo sees: everything.

Accounts: 局领导 leader of 640122 (贺兰: S1-S7, A1 A2), 督导 inspector of A3 (苍南 collaborative:
S8 S9), 学校 school S4 (member of A1 and A2), 管理员 admin."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import auth
from dashboard.filters import Filters
from dashboard.queries import admin, coverage, options
from dashboard.scope import EVERYTHING
from etl import users
from tests.dashboard.test_scope_contract import FUNCTIONS, YEARS, _call, _comparable, _frames, foreign_rows

ACCOUNTS = {
    "leader": users.User("leader", "leader", "-", counties=("640122",)),
    "inspector": users.User("inspector", "inspector", "-", alliances=("A3",)),
    "school": users.User("school", "school", "-", school="S4"),
    "admin": users.User("admin", "admin", "-"),
}
SCOPES = {name: auth.scope_of(user) for name, user in ACCOUNTS.items()}
CURRENT = Filters(school_year="2024-2025")

# Schools and alliances each role sees in 2024-2025, by hand: the leader every school of 640122
# and the alliances run there; the inspector A3 and its members; the school itself and the two
# alliances it belongs to (S4 is a member of A1 and of A2 at 31 Aug 2025).
SCHOOLS = {"leader": {"S1", "S2", "S3", "S4", "S5", "S6", "S7"}, "inspector": {"S8", "S9"}, "school": {"S4"},
           "admin": {f"S{i}" for i in range(1, 10)}}
ALLIANCES = {"leader": {"A1", "A2"}, "inspector": {"A3"}, "school": {"A1", "A2"}, "admin": {"A1", "A2", "A3"}}
COUNTIES = {"leader": ["640122"], "inspector": ["330327"], "school": ["640122"], "admin": ["330327", "640122"]}


def test_roles_map_to_scopes():
    assert SCOPES["admin"] == EVERYTHING
    assert SCOPES["leader"].counties == ("640122",) and SCOPES["leader"].alliances is None
    assert SCOPES["inspector"].alliances == ("A3",) and SCOPES["inspector"].schools is None
    assert SCOPES["school"].schools == ("S4",) and SCOPES["school"].alliances is None
    # The privacy rule: every role but admin has small results withheld.
    assert {n for n, s in SCOPES.items() if s.small_results_hidden} == {"leader", "inspector", "school"}


@pytest.mark.parametrize("role", ["leader", "inspector", "school"])
@pytest.mark.parametrize(("module", "name", "fn"), FUNCTIONS,
                         ids=[f"{m.__name__.rsplit('.', 1)[1]}.{n}" for m, n, _ in FUNCTIONS])
def test_every_query_keeps_each_role_in_scope(module, name, fn, role, fixture_path):
    scope = SCOPES[role]
    for year in YEARS:
        for frame in _frames(_call(module, name, fn, scope, Filters(school_year=year))):
            assert not foreign_rows(frame, scope), f"{name} for {role} in {year}: {foreign_rows(frame, scope)[:3]}"


@pytest.mark.parametrize(("module", "name", "fn"), FUNCTIONS,
                         ids=[f"{m.__name__.rsplit('.', 1)[1]}.{n}" for m, n, _ in FUNCTIONS])
def test_admin_sees_what_the_open_demo_sees(module, name, fn, fixture_path):
    for year in YEARS:
        got = _call(module, name, fn, SCOPES["admin"], Filters(school_year=year))
        assert _comparable(got) == _comparable(_call(module, name, fn, EVERYTHING, Filters(school_year=year)))


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_exactly_the_rows_in_scope(role, fixture_path):
    scope = SCOPES[role]
    assert set(admin.school_coordinates(scope, CURRENT)["school_id"]) == SCHOOLS[role]
    assert set(coverage.school_map_points(scope, CURRENT)["school_id"]) == SCHOOLS[role]   # all have coordinates
    assert set(admin.reporting_months(scope, CURRENT)["alliance_id"]) == ALLIANCES[role]
    opts = options.filter_options(scope)
    assert opts.filter(opts["kind"] == "county")["value"].to_list() == COUNTIES[role]
    # Only the admin reads the load history (one load built the fixture).
    assert admin.load_history(scope, CURRENT).height == (1 if role == "admin" else 0)


def test_a_filter_outside_the_scope_yields_nothing(fixture_path):
    # The inspector of A3 (苍南) asking for 贺兰 through ?county=640122: no school, no alliance.
    tampered = Filters(school_year="2024-2025", county="640122")
    assert coverage.school_map_points(SCOPES["inspector"], tampered).is_empty()
    assert admin.reporting_months(SCOPES["inspector"], tampered).is_empty()
    assert not coverage.school_map_points(SCOPES["leader"], tampered).is_empty()      # its own county


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_alliance_pack_export_only_within_scope(role, fixture_path):
    from dashboard.exports.alliance_pack import alliance_items

    for alliance_id in ("A1", "A2", "A3"):
        items = alliance_items(SCOPES[role], "2024-2025", alliance_id, "2025-06-30", None)
        # A pack of an alliance outside the role's scope is empty (a tampered ?alliance= exports nothing).
        assert bool(items) == (alliance_id in ALLIANCES[role]), (role, alliance_id)


@pytest.mark.parametrize(("module", "name", "fn"), FUNCTIONS,
                         ids=[f"{m.__name__.rsplit('.', 1)[1]}.{n}" for m, n, _ in FUNCTIONS])
def test_no_query_returns_student_ids(module, name, fn, fixture_path):
    # Student ids are stored only as salted hashes (exam_results.student_key); no query, for anyone,
    # returns either a column of them or a value that is one.
    import os

    import duckdb

    with duckdb.connect(os.path.realpath(fixture_path), read_only=True) as con:
        keys = {r[0] for r in con.execute("select student_key from exam_results where student_key is not null")
                .fetchall()}
    assert keys                                                   # the fixture has per-student rows
    for year in YEARS:
        for frame in _frames(_call(module, name, fn, EVERYTHING, Filters(school_year=year))):
            assert not {c for c in frame.columns if "student_id" in c or "student_key" in c}, name
            for column, dtype in frame.schema.items():
                if dtype == pl.String:
                    assert not set(frame[column].drop_nulls()) & keys, (name, column)
