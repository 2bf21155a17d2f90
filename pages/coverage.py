"""覆盖: schools on the map by alliance type and covered status, coverage by town and by alliance
type, the uncovered schools, and structure checks against the configured county rules. One tab per
section, and only the open tab runs (ui.lazy_tabs)."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.charts import bars, maps
from dashboard.exports import maps as map_exports
from dashboard.exports.widgets import PageExports
from dashboard.labels import common as L
from dashboard.labels import coverage as LC
from dashboard.present import notes, tables
from dashboard.queries import coverage
from etl import settings

TOWN_LIMIT = 25
TAB_KEY = "coverage_tab"

f = ui.page_start(LC.COVERAGE_TITLE)
exports = PageExports(LC.COVERAGE_TITLE, f)
scope = ui.viewer_scope()
st.caption(ui.scope_caption(f, LC.COVERAGE_INTRO))

towns = coverage.coverage_by_town(scope, f)
if towns.is_empty():
    st.info(LC.NO_SCHOOLS)
    st.stop()


def map_tab() -> None:
    st.subheader(LC.MAP_TITLE)
    points = coverage.school_map_points(scope, f)
    outlines = ui.outlines()
    if points.is_empty():
        st.info(LC.MAP_NO_POINTS)
    elif note := notes.map_missing_note(towns, points):
        st.caption(note)
    deck = maps.school_map(points, outlines, settings.get("ALLIANCE_TILE_URL"), settings.get("ALLIANCE_TILE_CRS"))
    exports.map(deck, "coverage_map", LC.MAP_TITLE, LC.MAP_CAPTION, map_exports.school_map_legend(),
                maps.MAP_HEIGHT_PX, maps.map_legend_html(),
                (LC.MAP_CAPTION, LC.MAP_CREDIT if outlines else LC.MAP_NO_OUTLINES))


def charts_tab() -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(LC.CHART_TOWN)
        exports.chart(bars.town_coverage_bar(towns, TOWN_LIMIT), "coverage_by_town", LC.CHART_TOWN,
                      LC.CHART_TOWN_CAPTION)
        if towns.height > TOWN_LIMIT:
            st.caption(LC.CHART_TOWN_LIMITED.format(n=towns.height, limit=TOWN_LIMIT))
    with right:
        st.subheader(LC.CHART_TYPE)
        exports.chart(bars.type_coverage_bar(coverage.coverage_by_alliance_type(scope, f)), "coverage_by_type",
                      LC.CHART_TYPE, LC.CHART_TYPE_CAPTION)


def uncovered_tab() -> None:
    st.subheader(LC.UNCOVERED_TITLE)
    uncovered = coverage.uncovered_schools(scope, f)
    if uncovered.is_empty():
        st.success(LC.UNCOVERED_NONE)
    else:
        st.caption(LC.UNCOVERED_CAPTION.format(n=uncovered.height))
        exports.table(tables.uncovered_table(uncovered), "coverage_uncovered", LC.UNCOVERED_TITLE,
                      LC.UNCOVERED_CAPTION.format(n=uncovered.height), hide_index=True)


def checks_tab() -> None:
    st.subheader(LC.CHECKS_TITLE)
    st.caption(LC.CHECKS_CAPTION)
    checks = coverage.structure_checks(scope, f)
    if checks.is_empty():
        st.success(LC.CHECKS_NONE)
    else:
        exports.table(tables.structure_table(checks, f.school_year), "coverage_checks", LC.CHECKS_TITLE,
                      LC.CHECKS_CAPTION, hide_index=True,
                      column_config={L.COL_DETAIL: st.column_config.TextColumn(width="large"), **ui.alliance_links()})


ui.lazy_tabs({LC.TAB_MAP: map_tab, LC.TAB_CHARTS: charts_tab, LC.TAB_UNCOVERED: uncovered_tab,
              LC.TAB_CHECKS: checks_tab}, TAB_KEY)
