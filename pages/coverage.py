"""覆盖: schools on the map by alliance type and covered status, coverage by town and by alliance
type, the uncovered schools, and structure checks against the configured county rules."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, fmt, queries, ui
from dashboard import labels as L
from etl import settings

TOWN_LIMIT = 25

f = ui.page_start(L.COVERAGE_TITLE)
scope = ui.viewer_scope()
st.caption(ui.scope_caption(f, L.COVERAGE_INTRO))

towns = queries.coverage_by_town(scope, f)
if towns.is_empty():
    st.info(L.NO_SCHOOLS)
    st.stop()

st.subheader(L.MAP_TITLE)
points = queries.school_map_points(scope, f)
outlines = ui.outlines()
if points.is_empty():
    st.info(L.MAP_NO_POINTS)
elif note := fmt.map_missing_note(towns, points):
    st.caption(note)
deck = charts.school_map(points, outlines, settings.get("ALLIANCE_TILE_URL"), settings.get("ALLIANCE_TILE_CRS"))
st.pydeck_chart(deck, height=charts.MAP_HEIGHT_PX, key="coverage_map")
st.markdown(fmt.map_legend_html(), unsafe_allow_html=True)
st.caption(L.MAP_CAPTION)
st.caption(L.MAP_CREDIT if outlines else L.MAP_NO_OUTLINES)

left, right = st.columns(2)
with left:
    st.subheader(L.CHART_TOWN)
    st.plotly_chart(charts.town_coverage_bar(towns, TOWN_LIMIT), key="coverage_by_town")
    st.caption(L.CHART_TOWN_CAPTION)
    if towns.height > TOWN_LIMIT:
        st.caption(L.CHART_TOWN_LIMITED.format(n=towns.height, limit=TOWN_LIMIT))
with right:
    st.subheader(L.CHART_TYPE)
    st.plotly_chart(charts.type_coverage_bar(queries.coverage_by_alliance_type(scope, f)),
                    key="coverage_by_type")
    st.caption(L.CHART_TYPE_CAPTION)

st.subheader(L.UNCOVERED_TITLE)
uncovered = queries.uncovered_schools(scope, f)
if uncovered.is_empty():
    st.success(L.UNCOVERED_NONE)
else:
    st.caption(L.UNCOVERED_CAPTION.format(n=uncovered.height))
    st.dataframe(fmt.uncovered_table(uncovered), hide_index=True, key="coverage_uncovered")

st.subheader(L.CHECKS_TITLE)
st.caption(L.CHECKS_CAPTION)
checks = queries.structure_checks(scope, f)
if checks.is_empty():
    st.success(L.CHECKS_NONE)
else:
    st.dataframe(fmt.structure_table(checks), hide_index=True, key="coverage_checks",
                 column_config={L.COL_DETAIL: st.column_config.TextColumn(width="large")})
