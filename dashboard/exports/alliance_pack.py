"""One alliance's meeting pack in one click: the 教共体详情 page's charts, tables and map for one
alliance and school year, built with the same query functions and builders the page calls (its
tabs show one at a time; the pack takes them all). The rubric targets stay on the page: they
need the rubric board of the whole county."""

from __future__ import annotations

from dashboard.charts import calendar, comparisons, trends
from dashboard.charts import flows as flow_charts
from dashboard.exports import items
from dashboard.exports.items import ExportItem
from dashboard.filters import Filters
from dashboard.labels import alliance as LA
from dashboard.labels import common as L
from dashboard.labels import flows as LF
from dashboard.labels import gaps as LG
from dashboard.present import alliance as tables
from dashboard.present import alliance_gaps
from dashboard.queries import alliance, alliance_results, exchanges
from dashboard.scope import Scope
from etl import settings


def flow_legend(kinds: tuple[str, ...] = LF.DEFAULT_KINDS) -> list[tuple[str, str]]:
    """The flow map's colour key as (colour, label) pairs: the entries of charts.flows.flow_legend_html."""
    shown = [(flow_charts.FLOW_KIND_COLORS[k], LF.FLOW_KINDS[k]) for k in kinds if k in flow_charts.FLOW_KIND_COLORS]
    if any(k not in flow_charts.FLOW_KIND_COLORS for k in kinds):
        shown.append((flow_charts.OTHER_KIND_COLOR, LF.LEGEND_OTHER_KIND))
    return [*shown, (flow_charts.UNREACHED_COLOR, LF.LEGEND_UNREACHED)]


def alliance_filters_text(school_year: str | None, name: str, alliance_id: str) -> str:
    """The detail page's view in words: only the school year of the global filters applies to it."""
    year = items.filters_text(Filters(school_year=school_year)).split("；")[1]
    return f"{year}；{L.COL_ALLIANCE}：{name}（{alliance_id}）"


def alliance_items(scope: Scope, school_year: str | None, alliance_id: str, data_date: str,
                   outlines: dict | None) -> list[ExportItem]:
    """The items of one alliance's pack, in the page's tab order; none when the alliance is outside
    the viewer's scope or has no row in the year."""
    year = Filters(school_year=school_year)
    profile = alliance.alliance_profile(scope, year, alliance_id=alliance_id)
    if profile.is_empty():
        return []
    name = profile["name"][0]
    text = alliance_filters_text(school_year, name, alliance_id)
    one = scope.within_alliance(alliance_id)

    def item(kind: str, key: str, title: str, caption: str, **content) -> ExportItem:
        return ExportItem(kind, f"alliance_pack_{key}", LA.ALLIANCE_TITLE, f"{name} · {title}", caption, text,
                          data_date, **content)

    out = [item("table", "members", LA.MEMBERS_TITLE, LA.MEMBERS_CAPTION,
                table=tables.members_table(alliance.alliance_members(scope, year, alliance_id=alliance_id)))]
    arcs, schools = exchanges.flow_arcs(one, year), exchanges.flow_schools(one, year)
    if not schools.is_empty():
        deck = flow_charts.alliance_flow_map(arcs, schools, outlines, settings.get("ALLIANCE_TILE_URL"),
                                             settings.get("ALLIANCE_TILE_CRS"))
        out.append(item("map", "map", LA.MAP_TITLE, LA.MAP_CAPTION, deck=deck, legend=flow_legend()))
    months = alliance.ledger_months(scope, year, alliance_id=alliance_id)
    if not months.is_empty():
        out.append(item("chart", "months", LA.MONTHS_TITLE, LA.MONTHS_CAPTION,
                        figure=calendar.ledger_months_bar(months)))
    result_rows = alliance_results.alliance_school_results(one, year, all_years=True)
    pairs_now = alliance_gaps.core_member_frame(alliance_results.alliance_school_results(one, year), result_rows)
    if not pairs_now.is_empty():
        out.append(item("chart", "dumbbell", LA.RESULTS_TITLE, LG.CORE_CAPTION,
                        figure=comparisons.core_member_dumbbell(pairs_now, "mean")))
        out.append(item("table", "results", LA.RESULTS_TITLE, LG.CORE_CAPTION,
                        table=alliance_gaps.core_member_table(pairs_now)))
    trend = alliance_gaps.alliance_gap_over_terms(result_rows, alliance_id)
    if not trend.is_empty():
        out.append(item("chart", "gap_trend", LA.RESULTS_TREND, LG.TREND_ALLIANCE_CAPTION,
                        figure=trends.gap_interval_trend(trend, "mean", LG.AXIS_GAP_MEAN)))
    return out
