"""Query bench: run each page's query functions N times with the result cache off and print
p50 / p95 page latency in ms, for all counties and for the largest county.

    python -m bench.query_bench --db data/alliance.duckdb [-n 30]

Budget (issue 4): p95 <= 50 ms per page for a county, <= 300 ms for a province."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from functools import partial

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.labels import flows as LF
from dashboard.queries import activity, alliance_results, coverage, headline, options, results, value_added
from dashboard.queries import exchanges as flow_queries
from dashboard.queries import flow_gaps as gap_queries
from dashboard.queries import rubric as rubric_queries
from dashboard.scope import EVERYTHING, Scope
from rubric import board as rubric_board


def _alliances_and_one_alliance_records(scope: Scope, filters: Filters) -> object:
    """The 考核 page's alliances, then the records of the one alliance it explains (the page never
    asks for every alliance's records: at province scale that read is 4-20 times slower)."""
    alliances = rubric_queries.rubric_alliances(scope, filters)
    if alliances.height:
        rubric_queries.rubric_records(scope, filters, alliance_id=alliances["alliance_id"][0])
    return alliances


# What each page asks the gateway for on one script run (filters in dashboard/app.py included).
PAGES: dict[str, tuple[Callable[[Scope, Filters], object], ...]] = {
    "overview": (headline.headline_figures, activity.monthly_activity, results.gap_by_term,
                 rubric_board.overview),
    # 考核 with its default rubric kind and period: the rubric inputs and one alliance's records.
    "rubric": (_alliances_and_one_alliance_records, rubric_queries.rubric_periods, rubric_queries.rubric_counts,
               rubric_queries.rubric_months, rubric_queries.rubric_surveys, rubric_queries.rubric_results),
    "coverage": (coverage.school_map_points, coverage.coverage_by_town, coverage.coverage_by_alliance_type,
                 coverage.uncovered_schools, coverage.structure_checks),
    # 差距 with its default filters: the year's exams, school rows for the year, category sums for
    # the trend, alliance rows of every year (the year's are among them), value-added, activity.
    "gaps": (results.exam_choices, results.school_results, results.category_term_sums,
             partial(alliance_results.alliance_school_results, all_years=True),
             value_added.school_value_added, alliance_results.alliance_activity),
    # 交流 with its default kinds and the whole year.
    "flows": tuple(partial(fn, kinds=LF.DEFAULT_KINDS) for fn in (
        flow_queries.flow_arcs, flow_queries.flow_schools, flow_queries.urban_rural_flows, flow_queries.urban_rural_direction,
        gap_queries.unreached_members, gap_queries.flows_outside_alliance, gap_queries.flows_without_coordinates,
        flow_queries.largest_flows)) + (flow_queries.core_share, gap_queries.placement_overlaps),
}


def _page_run(functions, scope: Scope, filters: Filters) -> float:
    start = time.perf_counter()
    db.state()
    options.filter_options(scope)
    for fn in functions:
        fn(scope, filters)
    return (time.perf_counter() - start) * 1000


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to read (default: ALLIANCE_DB / data/alliance.duckdb)")
    parser.add_argument("-n", type=int, default=30, help="runs per page (default 30)")
    args = parser.parse_args(argv)
    if args.db:
        os.environ["ALLIANCE_DB"] = args.db
    state = db.state()
    if not state.ready:
        raise SystemExit(f"no data in {state.path} ({state.kind}); build one with `make demo-db`")
    db.set_cache(False)

    choices = options.filter_options(EVERYTHING)
    # The year a user first sees: the latest with joint-exam results (dashboard/filters.py), so the
    # gap and rubric figures measure a year that has them.
    years_rows = choices.filter(pl.col("kind") == "school_year").sort("value")
    with_results = years_rows.filter(pl.col("has_results"))["value"].to_list()
    years = with_results or years_rows["value"].to_list()
    towns = coverage.coverage_by_town(EVERYTHING, Filters(school_year=years[-1]))
    per_county = towns.group_by("county_code").agg(pl.col("schools_n").sum()).sort("schools_n", descending=True)
    largest = per_county["county_code"][0]
    views = {"all counties": Filters(school_year=years[-1]),
             f"county {largest}": Filters(school_year=years[-1], county=largest)}

    print(f"database {state.path}  ({towns['schools_n'].sum()} schools, school year {years[-1]}, n={args.n})")
    # Other work on the machine inflates every figure: say how busy it was.
    print("load average {:.2f} {:.2f} {:.2f} on {} cores".format(*os.getloadavg(), os.cpu_count()))
    print(f"{'page':<10} {'view':<16} {'p50 ms':>8} {'p95 ms':>8}")
    for view, filters in views.items():
        for page, functions in PAGES.items():
            _page_run(functions, EVERYTHING, filters)  # warm the file cache once
            times = [_page_run(functions, EVERYTHING, filters) for _ in range(args.n)]
            print(f"{page:<10} {view:<16} {statistics.median(times):8.1f} {_percentile(times, 0.95):8.1f}")
    # The flows map must stay readable at any scale: a roll-up, not every school pair.
    for label, kinds in (("default kinds", LF.DEFAULT_KINDS), ("all kinds", None)):
        arcs = flow_queries.flow_arcs(EVERYTHING, views["all counties"], kinds=kinds)
        total = arcs["pairs_total"][0] if arcs.height else 0
        level = arcs["level"][0] if arcs.height else "-"
        print(f"flows map, all counties, {label}: {arcs.height} arcs drawn ({level} level, of {total})")


if __name__ == "__main__":
    main()
