"""The scope contract: every public query function honours the viewer's Scope. Row-level access
(sign-in, roles) will stand on this.

The walker imports every public module of dashboard/queries/ (pkgutil; names starting with _
are skipped) and takes every public function defined there whose first parameter is `scope`,
so a query module or function added later is checked without anyone editing this file. Each is
called as the convention in dashboard/queries/__init__.py says: (scope, filters=Filters(year),
other parameters at their defaults, or the values in the module's optional CONTRACT_ARGS), with
a Scope of one alliance, of one school and of one county (several of each: a school in two
alliances, a core school that is not a member, a member of a cross-region alliance), for every
school year of the fixture. Two checks, which together cover entity rows and aggregate rows:

1. Nothing outside the scope changes the answer (aggregates: gap_by_term, monthly_activity,
   headline_figures, which carry no id to check). The fixture is built twice through the real
   loader: as it is, and with a poisoned world added (POISON below: a county 990101 of its own
   with schools, alliances, activities, exchanges, mentor pairs and exam results, all with
   extreme values: full marks and zeros, 50 lessons against a target of 20, a new month, a
   school in two alliances, an alliance with no activity, an uncovered rural school). The
   poison shares no id with the fixture, so no scope of the fixture reaches it; every query
   must return exactly the same frame under the scope on both databases. A query that drops the
   scope on any axis sees the poison and fails. (Removing everything outside the scope instead
   would not do: a school's viewer sees its alliances' whole figures, so the world "minus
   everything outside the school" is not what the school is shown.) The poison is checked to
   reach every function under the widest scope (an admin's: everything, and the right to manage
   the data, without which the load history is empty), so the comparison is never vacuous. The
   poison sits its own joint exams: a joint exam is one county's, and a value-added or
   county-mean figure may rightly depend on every school sitting the same exam.

2. No row of another alliance, school or county comes back (entity rows). Id columns are
   recognised by name: school_id / *_school_id / *_school_ids, alliance_id / *_alliance_id /
   alliance_ids / *_alliance_ids, county_code / *_county_code / *_county_codes (list columns
   flattened). For each kind a row carries, at least one of its ids must be visible to the
   scope: a relation (an exchange from S1 to S4, an alliance listing its members, a school
   listing its alliances) concerns the viewer when one end is theirs. Visible, in the row's
   school year (every year's when the row has no school_year column), worked out here from
   fixture_db.MEMBERS and the reference date 31 August, independently of the SQL views:
     one alliance: the alliance; its members and its core school; its county and its members'.
     one school:   the school and the cores of its alliances; its alliances; its county and
                   theirs.
     one county:   its schools and the cores of its alliances; the alliances run from it or
                   with a member in it; the county and those alliances' counties.
   The core school is part of an alliance's own record (alliances.core_school_id), which is why
   it is visible wherever the alliance is.

Proved to bite (not kept): a function `leaky_schools(scope, filters)` selecting school_id from
mart_school_year without school_view fails both checks; a `leaky_count(scope, filters)` counting
its rows fails check 1.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date

import polars as pl
import pytest

import dashboard.queries as queries_package
from dashboard.filters import Filters
from dashboard.queries import options
from dashboard.scope import EVERYTHING, Scope
from tests.dashboard import fixture_db

YEARS = ("2022-2023", "2023-2024", "2024-2025")   # every school year of the fixture (checked below)

SCOPES = (
    Scope(alliances=["A1"]),      # five members now, four before S7 joined
    Scope(alliances=["A2"]),      # its core S2 is not a member; S3 left in 2023
    Scope(alliances=["A3"]),      # cross-region, 苍南
    Scope(schools=["S4"]),        # in A1 and A2
    Scope(schools=["S2"]),        # in no alliance, core of A2
    Scope(schools=["S9"]),
    Scope(counties=["640122"]),
    Scope(counties=["330327"]),
)

# ---- the poisoned world: county 990101, ids Z*, extreme values (see the module docstring)
POISON_COUNTY = "990101"
POISON = {
    "schools": [
        ("Z1", "毒一小", POISON_COUNTY, "毒测县", "毒一镇", "primary", "111", 110.0, 30.0, 5000),
        ("Z2", "毒二村小", POISON_COUNTY, "毒测县", "毒二乡", "primary", "220", 110.1, 30.1, 10),
        ("Z3", "毒三村小", POISON_COUNTY, "毒测县", "毒二乡", "junior", "220", 110.2, 30.2, 10),
        ("Z4", "毒四镇小", POISON_COUNTY, "毒测县", "毒一镇", "primary", "121", 110.3, 30.3, 300),
        ("Z5", "毒五村小", POISON_COUNTY, "毒测县", "毒二乡", "primary", "220", None, None, 10),  # no coordinates
    ],
    "alliances": [
        ("ZA1", "毒一教共体", "fusion", "否", "Z1", 2021, POISON_COUNTY),
        ("ZA2", "毒二教共体", "co_build", "是", "Z4", 2021, POISON_COUNTY),
    ],
    "members": [
        ("ZA1", "Z1", "core", date(2021, 9, 1), None),
        ("ZA1", "Z2", "member", date(2021, 9, 1), None),     # Z2 in two alliances
        ("ZA2", "Z4", "core", date(2021, 9, 1), None),
        ("ZA2", "Z2", "member", date(2021, 9, 1), None),
    ],
    "activities": (
        # ZA1 far over its targets in both years, in the fixture's months and a month of its own;
        # ZA2 holds none. evidence_count 0: missing evidence too.
        [(f"ZACT{i:03d}", "ZA1", date(2024, 10, 15), "sync_class", "Z1", 0, None) for i in range(50)]
        + [(f"ZACT{i:03d}", "ZA1", date(2024, 12, 2), "joint_research", "Z1", 0, None) for i in range(50, 80)]
        + [(f"ZACT{i:03d}", "ZA1", date(2023, 10, 10), "principal_forum", "Z1", 0, None) for i in range(80, 90)]
    ),
    "exchanges": [
        ("ZX1", "ZA1", "ZT1", "Z1", "Z2", "rotation", date(2024, 9, 1)),
        ("ZX2", "ZA1", "ZT2", "Z1", "Z2", "support", date(2023, 9, 1)),
        # ZT1 again, open-ended placements overlapping, to Z5: no member of ZA1, no coordinates.
        ("ZX3", "ZA1", "ZT1", "Z1", "Z5", "support", date(2024, 10, 1)),
    ],
    "mentorships": [("ZP1", "ZA1", "ZM1", "Z1", "ZN1", "Z2", date(2024, 9, 10), 50)],
    # The poison county's own joint exams, in the fixture's terms (a joint exam is a county's):
    # urban at full marks, the rest at zero.
    "exams": [("Z" + e[0], "毒测" + e[1], *e[2:]) for e in fixture_db.EXAMS],
    "results": (
        [(exam, "Z1", f"{exam}-Z1-{i}", full) for exam, full in (("ZE0", 100), ("ZE1", 100), ("ZE2", 120))
         for i in range(20)]
        + [(exam, school, f"{exam}-{school}-{i}", 0) for exam in ("ZE0", "ZE1", "ZE2") for school in ("Z2", "Z4")
           for i in range(20)]
    ),
    "results_school": [("ZE1", "Z3", 50, 0.0, 0, 0, 50)],
    "surveys": [(2024, "Z1", None, "家长", 100, 1), (2024, None, "ZA1", "教师", 40, 0),
                (2025, "Z2", None, "家长", 100, 0), (2025, None, "ZA1", "教师", 40, 40)],
}


# ---- the walker

def public_query_functions() -> Iterator[tuple[object, str, Callable]]:
    """(module, name, function) for every public function of every public module of
    dashboard/queries/ whose first parameter is `scope`."""
    for info in pkgutil.iter_modules(queries_package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{queries_package.__name__}.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or not callable(obj) or inspect.isclass(obj):
                continue
            fn = inspect.unwrap(obj)
            if not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue        # imported from elsewhere: checked in its own module
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "scope":
                yield module, name, obj


FUNCTIONS = sorted(public_query_functions(), key=lambda t: (t[0].__name__, t[1]))


def _call(module, name: str, fn: Callable, scope: Scope, filters: Filters):
    """fn(scope, filters=..., optional parameters at their defaults or CONTRACT_ARGS)."""
    given = getattr(module, "CONTRACT_ARGS", {}).get(name, {})
    kwargs = {}
    for p in list(inspect.signature(inspect.unwrap(fn)).parameters.values())[1:]:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.name == "filters":
            kwargs["filters"] = filters
        elif p.name in given:
            kwargs[p.name] = given[p.name]
        elif p.default is p.empty:
            pytest.fail(f"{module.__name__}.{name}: parameter {p.name!r} has no default; give it one or "
                        f"name a value in {module.__name__}.CONTRACT_ARGS (see dashboard/queries/__init__.py)")
    return fn(scope, **kwargs)


def _takes_filters(fn: Callable) -> bool:
    return "filters" in inspect.signature(inspect.unwrap(fn)).parameters


def _frames(result) -> list[pl.DataFrame]:
    if isinstance(result, pl.DataFrame):
        return [result]
    if isinstance(result, dict):
        return [v for v in result.values() if isinstance(v, pl.DataFrame)]
    if isinstance(result, (tuple, list)):
        return [v for v in result if isinstance(v, pl.DataFrame)]
    return []


def _comparable(result):
    """A result as plain, order-free values (floats to 9 significant digits): two runs on
    different files may sum floats in another order."""
    def value(v):
        if isinstance(v, float):
            return float(f"{v:.9g}")
        if isinstance(v, (list, tuple)):
            return tuple(value(x) for x in v)
        if isinstance(v, dict):
            return tuple(sorted((k, value(x)) for k, x in v.items()))
        return v

    frames = _frames(result)
    if not frames:
        return value(result)
    return [(tuple(f.columns), sorted((tuple(value(v) for v in row) for row in f.iter_rows()), key=repr))
            for f in frames]


# ---- what each scope may see, from the fixture's own rows

def _reference_date(school_year: str) -> date:
    return date(int(school_year[:4]) + 1, 8, 31)


def _members(school_year: str) -> set[tuple[str, str]]:
    ref = _reference_date(school_year)
    return {(a, s) for a, s, _, joined, left in fixture_db.MEMBERS
            if joined <= ref and (left is None or left >= ref)}


SCHOOL_COUNTY = {s[0]: s[2] for s in fixture_db.SCHOOLS}
ALLIANCE_COUNTY = {a[0]: a[6] for a in fixture_db.ALLIANCES}
CORE = {a[0]: a[4] for a in fixture_db.ALLIANCES}


def visible(scope: Scope, school_year: str) -> dict[str, set[str]]:
    """Ids of each kind the scope may see in a school year (see the module docstring)."""
    members = _members(school_year)
    if scope.alliances is not None:
        alliances = set(scope.alliances)
        schools = {s for a, s in members if a in alliances}
    elif scope.schools is not None:
        schools = set(scope.schools)
        alliances = {a for a, s in members if s in schools}
    else:
        counties = set(scope.counties)
        schools = {s for s, c in SCHOOL_COUNTY.items() if c in counties}
        alliances = ({a for a, c in ALLIANCE_COUNTY.items() if c in counties}
                     | {a for a, s in members if SCHOOL_COUNTY[s] in counties})
    counties = ({SCHOOL_COUNTY[s] for s in schools} | {ALLIANCE_COUNTY[a] for a in alliances}
                | set(scope.counties or ()))
    schools |= {CORE[a] for a in alliances}
    return {"school": schools, "alliance": alliances, "county": counties}


def visible_any_year(scope: Scope) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = {"school": set(), "alliance": set(), "county": set()}
    for year in YEARS:
        for kind, ids in visible(scope, year).items():
            seen[kind] |= ids
    return seen


def id_kind(column: str) -> str | None:
    """school | alliance | county for an id column, by the naming convention; None otherwise."""
    for kind, stem in (("school", "school_id"), ("alliance", "alliance_id"), ("county", "county_code")):
        if column in (stem, f"{stem}s") or column.endswith((f"_{stem}", f"_{stem}s")):
            return kind
    return None


def foreign_rows(df: pl.DataFrame, scope: Scope) -> list[dict]:
    """Rows of df that carry ids of some kind none of which the scope may see."""
    columns = {c: id_kind(c) for c in df.columns if id_kind(c)}
    bad = []
    for row in df.iter_rows(named=True):
        year = row.get("school_year")
        seen = visible(scope, year) if year in YEARS else visible_any_year(scope)
        for kind in sorted(set(columns.values())):
            ids = set()
            for c, k in columns.items():
                if k == kind and row[c] is not None:
                    ids |= set(row[c]) if isinstance(row[c], list) else {row[c]}
            ids.discard(None)
            if ids and not ids & seen[kind]:
                bad.append({"kind": kind, "ids": sorted(ids), **{c: row[c] for c in columns}})
    return bad


def widest_scope() -> Scope:
    """Everything, with the right to manage the data where Scope carries one (an admin)."""
    return Scope(manages=True) if "manages" in {f.name for f in dataclasses.fields(Scope)} else EVERYTHING


# ---- fixtures

@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    return fixture_db.build(tmp_path_factory.mktemp("poisoned") / "alliance.duckdb", extra=POISON)


def _results(monkeypatch, path, module, name, fn, scopes, years) -> dict:
    monkeypatch.setenv("ALLIANCE_DB", str(path))
    out = {}
    for scope in scopes:
        for year in years:
            out[scope, year] = _call(module, name, fn, scope, Filters(school_year=year))
    return out


# ---- the tests

def test_the_walker_finds_the_query_functions():
    found = {f"{m.__name__.rsplit('.', 1)[1]}.{n}" for m, n, _ in FUNCTIONS}
    # A few the overview and coverage pages stand on; later modules join automatically.
    assert {"options.filter_options", "headline.headline_figures", "activity.monthly_activity",
            "results.gap_by_term", "coverage.coverage_by_town", "coverage.school_map_points",
            "coverage.uncovered_schools", "coverage.structure_checks"} <= found


def test_years_are_every_school_year_of_the_fixture(fixture_path):
    df = options.filter_options(EVERYTHING)
    assert tuple(sorted(df.filter(df["kind"] == "school_year")["value"])) == YEARS


def test_visible_sets_follow_the_fixture():
    # A check of the checker, by hand from fixture_db's docstring.
    assert visible(Scope(alliances=["A1"]), "2024-2025") == {
        "school": {"S1", "S3", "S4", "S5", "S7"}, "alliance": {"A1"}, "county": {"640122"}}
    assert visible(Scope(alliances=["A1"]), "2023-2024")["school"] == {"S1", "S3", "S4", "S5"}
    # A2's core S2 is no member, but the alliance names it; S3 had left by 31 Aug 2023.
    assert visible(Scope(alliances=["A2"]), "2022-2023")["school"] == {"S2", "S4", "S5"}
    assert visible(Scope(schools=["S4"]), "2024-2025") == {
        "school": {"S4", "S1", "S2"}, "alliance": {"A1", "A2"}, "county": {"640122"}}
    assert visible(Scope(counties=["330327"]), "2024-2025") == {
        "school": {"S8", "S9"}, "alliance": {"A3"}, "county": {"330327"}}
    df = pl.DataFrame({"school_year": ["2024-2025"] * 3, "from_school_id": ["S1", "S1", "S8"],
                       "to_school_id": ["S4", "S3", "S9"]})
    assert [r["ids"] for r in foreign_rows(df, Scope(schools=["S4"]))] == [["S8", "S9"]]
    lists = pl.DataFrame({"alliance_id": ["A1", "A3"], "member_school_ids": [["S1", "S4"], ["S8", "S9"]]})
    assert [r["kind"] for r in foreign_rows(lists, Scope(schools=["S4"]))] == ["alliance", "school"]


@pytest.mark.parametrize(("module", "name", "fn"), FUNCTIONS,
                         ids=[f"{m.__name__.rsplit('.', 1)[1]}.{n}" for m, n, _ in FUNCTIONS])
def test_query_honours_the_scope(module, name, fn, built_fixture, poisoned, monkeypatch):
    years = YEARS if _takes_filters(fn) else YEARS[-1:]
    plain = _results(monkeypatch, built_fixture, module, name, fn, SCOPES, years)
    dosed = _results(monkeypatch, poisoned, module, name, fn, SCOPES, years)
    # The poison reaches this function when nothing scopes it out: check 1 proves something.
    widest = [widest_scope()]
    unscoped = [_comparable(r) for r in _results(monkeypatch, built_fixture, module, name, fn, widest,
                                                 years).values()]
    unscoped_dosed = [_comparable(r) for r in _results(monkeypatch, poisoned, module, name, fn, widest,
                                                       years).values()]
    assert unscoped != unscoped_dosed, (f"{name}: the poisoned world does not reach this query even under "
                                        "the widest scope; extend POISON so the check below can fail")
    for key, result in plain.items():
        scope, year = key
        assert _comparable(dosed[key]) == _comparable(result), (
            f"{name} under {scope} in {year} changes when data outside the scope is added: it does not "
            "apply the scope (build on school_view / alliance_view / term_view)")
        for frame in _frames(dosed[key]):
            assert not foreign_rows(frame, scope), (
                f"{name} under {scope} in {year} returns rows outside the scope: {foreign_rows(frame, scope)[:3]}")
