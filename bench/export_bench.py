"""Export bench: seconds to export one chart (PNG and SVG), one map and a 10-slide meeting pack
(PPTX, then PDF), cold (a fresh process: the browser starts) and warm (the process's kaleido
server already running), over a demo database.

    python -m bench.export_bench --db data/alliance.duckdb [-n 5]

Target (issue 13): a warm chart export <= 1 s."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from dashboard import db
from dashboard.charts import bars, maps, trends
from dashboard.exports import images, items, pack
from dashboard.exports import maps as map_exports
from dashboard.filters import Filters
from dashboard.labels import coverage as LC
from dashboard.labels import overview as LO
from dashboard.queries import activity, coverage, options, results
from dashboard.scope import EVERYTHING

WARM_CHART_TARGET_S = 1.0


def _filters() -> list[Filters]:
    """The latest school year for all counties and for each county: several views of the same charts."""
    opts = options.filter_options(EVERYTHING)
    years = sorted(opts.filter(opts["kind"] == "school_year")["value"].to_list(), reverse=True)
    counties = opts.filter(opts["kind"] == "county")["value"].to_list()
    return [Filters(school_year=years[0], county=c) for c in [None, *counties]]


def _chart_items(n: int) -> list[items.ExportItem]:
    """n chart items as pages pick them: 覆盖 and 总览 charts under several filters."""
    state = db.state()
    date_text = items.data_date_text(state.loaded_at, state.load_id)
    out = []
    for f in _filters():
        text = items.filters_text(f)
        builders = [
            (LC.CHART_TOWN, bars.town_coverage_bar(coverage.coverage_by_town(EVERYTHING, f))),
            (LC.CHART_TYPE, bars.type_coverage_bar(coverage.coverage_by_alliance_type(EVERYTHING, f))),
        ]
        monthly = activity.monthly_activity(EVERYTHING, f)
        if not monthly.is_empty():
            builders.append((LO.CHART_MONTHLY, bars.monthly_activity_bar(monthly)))
        gap = results.gap_by_term(EVERYTHING, f)
        if not gap.is_empty():
            builders.append((LO.CHART_GAP, trends.gap_trend(gap)))
        for title, fig in builders:
            out.append(items.ExportItem("chart", title, "bench", title, "", text, date_text, figure=fig))
            if len(out) == n:
                return out
    return out


def _map_deck():
    f = _filters()[0]
    return maps.school_map(coverage.school_map_points(EVERYTHING, f), None)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _cold(what: str) -> float:
    """One export in a fresh process (a browser to start), as the first press after a restart."""
    if what == "chart":
        fig = _chart_items(1)[0].figure
        return _timed(lambda: images.png(fig, "bench"))
    if what == "pack":
        chosen = _chart_items(9)
        return _timed(lambda: pack.pptx_bytes(chosen, "bench", "bench"))
    raise ValueError(what)


def _cold_in_subprocess(what: str) -> float:
    out = subprocess.run([sys.executable, "-m", "bench.export_bench", "--cold", what], capture_output=True,
                         text=True, check=True, env=os.environ)
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database (default: ALLIANCE_DB)")
    parser.add_argument("-n", type=int, default=5, help="warm repetitions")
    parser.add_argument("--cold", choices=["chart", "pack"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.db:
        os.environ["ALLIANCE_DB"] = args.db
    if not db.state().ready:
        print(f"no ready database at {db.live_path()}", file=sys.stderr)
        return 1
    if (reason := pack.pdf_unavailable_reason() or map_exports.unavailable_reason()) is not None:
        print(reason, file=sys.stderr)
        return 1
    if args.cold:
        print(json.dumps({"seconds": _cold(args.cold)}))
        return 0

    rows = [("chart PNG, cold (fresh process)", _cold_in_subprocess("chart"), None)]
    chart = _chart_items(1)[0]
    images.png(chart.figure, chart.title)          # the process's server warm, as after the first press
    png = [_timed(lambda: images.png(chart.figure, chart.title)) for _ in range(args.n)]
    svg = [_timed(lambda: images.svg(chart.figure, chart.title)) for _ in range(args.n)]
    rows += [("chart PNG, warm (median)", statistics.median(png), WARM_CHART_TARGET_S),
             ("chart SVG, warm (median)", statistics.median(svg), WARM_CHART_TARGET_S)]
    deck = _map_deck()
    rows.append(("map PNG (browser per export)", _timed(lambda: map_exports.png(deck, "bench", "", [])), None))
    chosen = _chart_items(9)
    rows.append(("10-slide pack PPTX, cold (fresh process)", _cold_in_subprocess("pack"), None))
    data = b""

    def build() -> None:
        nonlocal data
        data = pack.pptx_bytes(chosen, "bench", "bench")
    rows.append(("10-slide pack PPTX, warm", _timed(build), None))
    rows.append(("10-slide pack PDF (soffice, from the PPTX)", _timed(lambda: pack.pdf_from_pptx(data)), None))

    print(f"{'export':<46}{'seconds':>9}  target")
    for name, seconds, target in rows:
        verdict = "" if target is None else (f"<= {target:g} s ok" if seconds <= target else f"<= {target:g} s MISSED")
        print(f"{name:<46}{seconds:>9.2f}  {verdict}")
    print(f"({len(chosen)} chart slides + title slide = {len(chosen) + 1} slides)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
