"""Rubric bench: time to score every alliance of a database with each shipped rubric (the engine
over one period's inputs), and to fetch those inputs, uncached; prints figures, asserts nothing.

    python -m bench.rubric_bench --db bench/out/db/province/alliance.duckdb [-n 5]

Budget (issue 11): scoring all alliances <= 1 s at province scale (1,080 alliances). Every
rubric is applied to every alliance, assigned or not, so the province's synthetic counties are
scored too."""

from __future__ import annotations

import argparse
import os
import statistics
import time

from dashboard import db
from dashboard.filters import Filters
from dashboard.scope import EVERYTHING
from rubric import board, engine, inputs, rules


def _timed(fn, n: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to read (default: ALLIANCE_DB / data/alliance.duckdb)")
    parser.add_argument("-n", type=int, default=5, help="runs per figure, median shown (default 5)")
    args = parser.parse_args(argv)
    if args.db:
        os.environ["ALLIANCE_DB"] = args.db
    state = db.state()
    if not state.ready:
        raise SystemExit(f"no data in {state.path} ({state.kind})")
    db.set_cache(False)
    cat = rules.load_catalogue()
    print(f"database {state.path}")
    print("load average {:.2f} {:.2f} {:.2f} on {} cores".format(*os.getloadavg(), os.cpu_count()))
    print(f"{'rubric':<22} {'period':<12} {'alliances':>9} {'fetch ms':>9} {'score ms':>9} {'rank ms':>8}")
    for rubric_id, rubric in sorted(cat.rubrics.items()):
        period = board.offered_periods(EVERYTHING, Filters(), rubric)[0]
        fetch_ms, data = _timed(lambda r=rubric, p=period: inputs.fetch(EVERYTHING, Filters(), r.period, p), args.n)
        score_ms, scored = _timed(lambda r=rubric, d=data: engine.assess(r, d), args.n)
        rank_ms, _ = _timed(lambda s=scored: engine.rank(s), args.n)
        print(f"{rubric_id:<22} {period:<12} {len(scored):>9} {fetch_ms:>9.1f} {score_ms:>9.1f} {rank_ms:>8.1f}")


if __name__ == "__main__":
    main()
