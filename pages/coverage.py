"""覆盖: schools on the map by alliance type and covered status, coverage by town and by alliance
type, the uncovered schools, and structure checks against the configured county rules."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.charts import bars, maps
from dashboard.labels import common as L
from dashboard.labels import coverage as LC
from dashboard.present import notes, tables
from dashboard.queries import coverage
from etl import settings

TOWN_LIMIT = 25

f = ui.page_start(LC.COVERAGE_TITLE)
scope = ui.viewer_scope()
st.caption(ui.scope_caption(f, LC.COVERAGE_INTRO))

towns = coverage.coverage_by_town(scope, f)
if towns.is_empty():
    st.info(LC.NO_SCHOOLS)
    st.stop()

st.subheader(LC.MAP_TITLE)
points = coverage.school_map_points(scope, f)
outlines = ui.outlines()
if points.is_empty():
    st.info(LC.MAP_NO_POINTS)
elif note := notes.map_missing_note(towns, points):
    st.caption(note)
deck = maps.school_map(points, outlines, settings.get("ALLIANCE_TILE_URL"), settings.get("ALLIANCE_TILE_CRS"))
st.pydeck_chart(deck, height=maps.MAP_HEIGHT_PX, key="coverage_map")
st.markdown(maps.map_legend_html(), unsafe_allow_html=True)
st.caption(LC.MAP_CAPTION)
st.caption(LC.MAP_CREDIT if outlines else LC.MAP_NO_OUTLINES)

left, right = st.columns(2)
with left:
    st.subheader(LC.CHART_TOWN)
    st.plotly_chart(bars.town_coverage_bar(towns, TOWN_LIMIT), key="coverage_by_town")
    st.caption(LC.CHART_TOWN_CAPTION)
    if towns.height > TOWN_LIMIT:
        st.caption(LC.CHART_TOWN_LIMITED.format(n=towns.height, limit=TOWN_LIMIT))
with right:
    st.subheader(LC.CHART_TYPE)
    st.plotly_chart(bars.type_coverage_bar(coverage.coverage_by_alliance_type(scope, f)),
                    key="coverage_by_type")
    st.caption(LC.CHART_TYPE_CAPTION)

st.subheader(LC.UNCOVERED_TITLE)
uncovered = coverage.uncovered_schools(scope, f)
if uncovered.is_empty():
    st.success(LC.UNCOVERED_NONE)
else:
    st.caption(LC.UNCOVERED_CAPTION.format(n=uncovered.height))
    st.dataframe(tables.uncovered_table(uncovered), hide_index=True, key="coverage_uncovered")

st.subheader(LC.CHECKS_TITLE)
st.caption(LC.CHECKS_CAPTION)
checks = coverage.structure_checks(scope, f)
if checks.is_empty():
    st.success(LC.CHECKS_NONE)
else:
    st.dataframe(tables.structure_table(checks), hide_index=True, key="coverage_checks",
                 column_config={L.COL_DETAIL: st.column_config.TextColumn(width="large")})
