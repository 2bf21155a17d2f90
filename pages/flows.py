"""交流: teacher exchanges, delivered activities and mentor pairs as flows on a map, between urban /
town / rural schools, the 10 % target of co-build cores, the gaps, and the largest flows."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import flow_filters, ui
from dashboard.charts import flows, maps, sankey, targets
from dashboard.exports.alliance_pack import flow_legend
from dashboard.exports.widgets import PageExports, choices_text
from dashboard.labels import flows as LF
from dashboard.present import flow_tables
from dashboard.present import format as fmt
from dashboard.queries import exchanges, flow_gaps
from etl import settings

LARGEST_LIMIT = 20
VIEW_KEY = "flows_view"
TAB_KEY = "flows_tab"

f = ui.page_start(LF.FLOWS_TITLE)
scope = ui.viewer_scope()
st.caption(ui.scope_caption(f, LF.FLOWS_INTRO))
ff = flow_filters.draw(f.school_year)
if not ff.kinds:
    st.info(LF.KINDS_EMPTY)
    st.stop()
opts = ff.options()
exports = PageExports(LF.FLOWS_TITLE, f, extra_filters=choices_text({
    LF.FILTER_KINDS: "、".join(LF.FLOW_KINDS.get(k, k) for k in ff.kinds),
    LF.FILTER_MONTHS: f"{fmt.month(ff.month_from)}至{fmt.month(ff.month_to)}" if ff.month_from else fmt.school_year(f.school_year),
    LF.FILTER_MEASURE: LF.MEASURES[ff.measure]}))



def map_tab() -> None:
    st.subheader(LF.MAP_TITLE)
    arcs = exchanges.flow_arcs(scope, f, **opts, measure=ff.measure)
    schools = exchanges.flow_schools(scope, f, **opts)
    outlines = ui.outlines()
    if arcs.is_empty():
        st.info(LF.MAP_NO_FLOWS)
    if not schools.is_empty():
        # Without flows the map still shows the member schools that received nothing.
        if arcs.height and arcs["level"][0] != "school":
            st.caption(LF.MAP_ROLLED_UP[arcs["level"][0]].format(n=arcs["pairs_total"][0], limit=exchanges.ARC_LIMIT))
        elif arcs.height and arcs["pairs_total"][0] > arcs.height:
            st.caption(LF.MAP_LIMITED.format(n=arcs["pairs_total"][0], limit=arcs.height))
        # Keep the user's zoom while only kinds, months or the measure change: the frame is fitted
        # again only when the county or the year changes (Streamlit re-creates the deck on every rerun,
        # and deck.gl keeps its view while the initial view is unchanged).
        frame = (f.county, f.school_year)
        kept = st.session_state.get(VIEW_KEY)
        if not kept or kept[0] != frame:
            kept = (frame, flows.fitted_view(arcs, schools, outlines))
            st.session_state[VIEW_KEY] = kept
        deck = flows.flow_map(arcs, schools, outlines, ff.measure, settings.get("ALLIANCE_TILE_URL"),
                              settings.get("ALLIANCE_TILE_CRS"), view=kept[1])
        exports.map(deck, "flows_map", LF.MAP_TITLE, LF.MAP_CAPTION.format(measure=LF.MEASURES[ff.measure]),
                    flow_legend(ff.kinds), maps.MAP_HEIGHT_PX, flows.flow_legend_html(list(ff.kinds)),
                    (LF.MAP_CAPTION.format(measure=LF.MEASURES[ff.measure]), LF.MAP_CREDIT if outlines else LF.MAP_NO_OUTLINES))


def areas_tab() -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(LF.SANKEY_TITLE)
        areas = exchanges.urban_rural_flows(scope, f, **opts)
        if areas.is_empty():
            st.info(LF.SANKEY_EMPTY)
        else:
            exports.chart(sankey.urban_rural_sankey(areas), "flows_sankey", LF.SANKEY_TITLE, LF.SANKEY_CAPTION,
                          show_caption=False)
            d = exchanges.urban_rural_direction(scope, f, **opts).row(0, named=True)
            st.markdown(LF.SANKEY_SHARE.format(
                down=fmt.number(d["down_times"], LF.MEASURES["person_times"]), down_share=fmt.percent(d["down_pct"]),
                up=fmt.number(d["up_times"], LF.MEASURES["person_times"]), up_share=fmt.percent(d["up_pct"])))
            st.caption(LF.SANKEY_CAPTION)
    with right:
        st.subheader(LF.TARGET_TITLE)
        share = exchanges.core_share(scope, f)
        if share.is_empty():
            st.info(LF.TARGET_EMPTY)
        else:
            exports.chart(targets.core_share_bar(share), "flows_target", LF.TARGET_TITLE,
                          LF.TARGET_CAPTION.format(days=settings.get("ALLIANCE_MIN_PLACEMENT_DAYS")))
            below = share.filter(share["is_below"])
            if below.is_empty():
                st.success(LF.TARGET_NONE_BELOW)
            else:
                st.markdown(f"**{LF.TARGET_BELOW.format(n=below.height)}**")
                exports.table(flow_tables.core_share_table(below, f.school_year), "flows_below",
                              LF.TARGET_BELOW.format(n=below.height),
                              LF.TARGET_CAPTION.format(days=settings.get("ALLIANCE_MIN_PLACEMENT_DAYS")), hide_index=True,
                              column_config=ui.alliance_links())


def gaps_tab() -> None:
    st.subheader(LF.GAPS_TITLE)
    unreached = flow_gaps.unreached_members(scope, f, **opts)
    overlaps = flow_gaps.placement_overlaps(scope, f)
    outside = flow_gaps.flows_outside_alliance(scope, f, **opts)
    no_coords = flow_gaps.flows_without_coordinates(scope, f, **opts)
    for title, df, caption, none, table, key in (
            (LF.UNREACHED_TITLE, unreached, LF.UNREACHED_CAPTION, LF.UNREACHED_NONE,
             partial(flow_tables.unreached_table, school_year=f.school_year), "flows_unreached"),
            (LF.OVERLAP_TITLE, overlaps, LF.OVERLAP_CAPTION, LF.OVERLAP_NONE, flow_tables.overlap_table, "flows_overlaps"),
            (LF.OUTSIDE_TITLE, outside, LF.OUTSIDE_CAPTION, LF.OUTSIDE_NONE,
             partial(flow_tables.outside_table, school_year=f.school_year), "flows_outside"),
            (LF.NOCOORD_TITLE, no_coords, LF.NOCOORD_CAPTION, LF.NOCOORD_NONE, flow_tables.no_coordinates_table,
             "flows_no_coords")):
        st.markdown(f"**{title}**")
        if df.is_empty():
            st.success(none)
        else:
            st.caption(caption.format(n=df.height))
            exports.table(table(df), key, title, caption.format(n=df.height), hide_index=True, column_config=ui.alliance_links())


def largest_tab() -> None:
    st.subheader(LF.LARGEST_TITLE)
    largest = exchanges.largest_flows(scope, f, **opts, measure=ff.measure, limit=LARGEST_LIMIT)
    if largest.is_empty():
        st.info(LF.MAP_NO_FLOWS)
    else:
        st.caption(LF.LARGEST_CAPTION.format(measure=LF.MEASURES[ff.measure], limit=LARGEST_LIMIT))
        exports.table(flow_tables.largest_table(largest), "flows_largest", LF.LARGEST_TITLE,
                      LF.LARGEST_CAPTION.format(measure=LF.MEASURES[ff.measure], limit=LARGEST_LIMIT), hide_index=True)


ui.lazy_tabs({LF.TAB_MAP: map_tab, LF.TAB_AREAS: areas_tab, LF.TAB_GAPS: gaps_tab, LF.TAB_LARGEST: largest_tab},
             TAB_KEY)
