"""教共体详情: one alliance for an inspector, at /alliance?alliance=<id>&tab=<tab> with the school
year of the global filters: header, members and their flows on a map; targets against actuals
with the rubric score, its explanation and the path to the next grade; the 督导清单; the activity
ledger with its evidence gaps; exchanges and mentor pairs; members' results against the core.
Every part is the coverage, flows, gaps or rubric page's own query and builder, read under the
viewer's scope narrowed to this alliance. The URL reproduces the view."""

from __future__ import annotations

import urllib.parse

import streamlit as st

from dashboard import sections, ui
from dashboard.charts import calendar, flows, trends
from dashboard.exports import widgets as export_widgets
from dashboard.exports.alliance_pack import flow_legend
from dashboard.exports.widgets import PageExports
from dashboard.filters import Filters
from dashboard.labels import alliance as LA
from dashboard.labels import common as L
from dashboard.labels import flows as LF
from dashboard.labels import gaps as LG
from dashboard.present import alliance as tables
from dashboard.present import alliance_gaps, brief
from dashboard.present import format as fmt
from dashboard.present import rubric as rubric_text
from dashboard.queries import alliance, alliance_results, exchanges
from etl import codes, settings
from rubric import board as rubric_board
from rubric import path as rubric_path
from rubric import rules

SESSIONS_TARGET = 5      # seed 003: at least 5 guidance sessions per mentor pair
IDLE_DAYS = 60
MAP_HEIGHT_PX = 420

f = ui.page_start(LA.ALLIANCE_TITLE)
scope = ui.viewer_scope()
# One alliance is shown whole: only the school year of the global filters applies to its data.
year = Filters(school_year=f.school_year)

listed = alliance.alliance_profile(scope, f)
requested = st.query_params.get("alliance")
profile = alliance.alliance_profile(scope, year, alliance_id=requested) if requested else listed.head(0)
ids = listed["alliance_id"].to_list()
names = dict(zip(ids, listed["name"].to_list(), strict=True))
if not profile.is_empty() and requested not in names:
    # A link to an alliance the global filters hide (another county, another type) still opens it.
    ids.insert(0, requested)
    names[requested] = profile["name"][0]
if requested and profile.is_empty():
    st.warning(LA.UNKNOWN.format(alliance=fmt.md_text(requested)))
if not ids:
    st.info(LA.NONE_IN_VIEW)
    st.stop()

if "alliance_choice" not in st.session_state or st.session_state["alliance_choice"] not in ids:
    st.session_state["alliance_choice"] = requested if requested in names else ids[0]
chosen = st.selectbox(LA.CHOOSE, ids, key="alliance_choice", help=LA.CHOOSE_HELP,
                      format_func=lambda a: f"{names[a]}（{a}）")
tab_codes = list(LA.TABS)
if st.session_state.get("alliance_tab") not in tab_codes:
    st.session_state["alliance_tab"] = st.query_params.get("tab") if st.query_params.get("tab") in tab_codes \
        else tab_codes[0]
tab = st.radio(LA.TAB_LABEL, tab_codes, key="alliance_tab", horizontal=True, format_func=LA.TABS.get,
               label_visibility="collapsed")
st.query_params["alliance"] = chosen
st.query_params["tab"] = tab

profile = alliance.alliance_profile(scope, year, alliance_id=chosen)
if profile.is_empty():          # the list came from the filters, the data from the year: never out of step
    st.warning(LA.UNKNOWN.format(alliance=fmt.md_text(chosen)))
    st.stop()
p = profile.row(0, named=True)
one = scope.within_alliance(chosen)
# The page's data follow the school year alone (year), and the alliance chosen.
exports = PageExports(LA.ALLIANCE_TITLE, year, extra_filters=f"{L.COL_ALLIANCE}：{p['name']}（{chosen}）")
with st.sidebar:
    export_widgets.alliance_pack_download(scope, f.school_year, chosen, p["name"], key="alliance_pack_pptx")
members = alliance.alliance_members(scope, year, alliance_id=chosen)
st.caption(LA.INTRO.format(year=fmt.school_year(f.school_year)))

if tab == "summary":
    st.subheader(fmt.md_text(p["name"]))
    partners = members.filter("is_partner")["name"].to_list()
    facts = {LA.FIELD_TYPE: codes.label("alliance_type", p["type"]),
             LA.FIELD_COUNTY: p["county"] or p["county_code"] or L.NO_VALUE,
             LA.FIELD_CORE: p["core_school_name"] or p["core_school_id"],
             LA.FIELD_FOUNDED: str(p["founded"]) if p["founded"] else L.NO_VALUE,
             LA.FIELD_VERIFIED: codes.label("verified_by", p["verified_by"]) if p["verified_by"] else L.NO_VALUE,
             LA.FIELD_PARTNER: "、".join(partners) if partners else LA.NO_PARTNER,
             LA.FIELD_MEMBERS: fmt.number(p["members_n"], L.SCHOOLS_UNIT)}
    for column, (label, value) in zip(st.columns(4) + st.columns(4), facts.items(), strict=False):
        column.caption(label)
        column.markdown(fmt.md_text(value))
    if p["members_n"] and not p["has_core_member"]:
        st.warning(LA.CORE_NOT_MEMBER)
    st.subheader(LA.MEMBERS_TITLE)
    exports.table(tables.members_table(members), "alliance_members", LA.MEMBERS_TITLE, LA.MEMBERS_CAPTION,
                  hide_index=True)
    st.caption(LA.MEMBERS_CAPTION)
    st.subheader(LA.MAP_TITLE)
    arcs = exchanges.flow_arcs(one, year)
    flow_schools = exchanges.flow_schools(one, year)
    outlines = ui.outlines()
    exports.map(flows.alliance_flow_map(arcs, flow_schools, outlines, settings.get("ALLIANCE_TILE_URL"),
                                        settings.get("ALLIANCE_TILE_CRS")), "alliance_map", LA.MAP_TITLE, LA.MAP_CAPTION,
                flow_legend(), MAP_HEIGHT_PX, flows.flow_legend_html(list(LF.DEFAULT_KINDS)), (LA.MAP_CAPTION,))

ledger = alliance.activity_ledger(scope, year, alliance_id=chosen)
if tab in ("targets", "brief"):
    catalogue = rules.catalogue()
    rubric_id = catalogue.rubric_for(p["county_code"], p["type"], p["cross_region"])
    rubric = catalogue.rubrics.get(rubric_id) if rubric_id else None
    assessment, board = None, None
    if rubric is not None:
        period = rubric_board.period_for_school_year(
            rubric.period, f.school_year, rubric_board.offered_periods(one, year, rubric), strict=True)
        if period is not None:
            board = rubric_board.build(catalogue, rubric, one, year, period)
            assessment = board.assessments.get(chosen)
if tab in ("brief", "results"):
    result_rows = alliance_results.alliance_school_results(one, year, all_years=True)
if tab in ("brief", "ledger"):
    months = alliance.ledger_months(scope, year, alliance_id=chosen)
if tab in ("brief", "people"):
    exchange_rows = alliance.alliance_exchanges(scope, year, alliance_id=chosen)
    pairs = alliance.mentor_pairs(scope, year, alliance_id=chosen, sessions_target=SESSIONS_TARGET,
                                  idle_days=IDLE_DAYS)

if tab == "brief":
    st.subheader(LA.BRIEF_TITLE)
    st.caption(LA.BRIEF_CAPTION)
    items = brief.brief(members, ledger, months, exchange_rows, pairs, p["reference_date"], SESSIONS_TARGET,
                        IDLE_DAYS, assessment, rubric, brief.widened_gaps(result_rows))
    if not items:
        st.success(LA.BRIEF_NONE)
    st.markdown("\n".join(f"{i}. {fmt.md_text(item)}" for i, item in enumerate(items, 1)))

if tab == "ledger":
    st.subheader(LA.MONTHS_TITLE)
    exports.chart(calendar.ledger_months_bar(months), "alliance_months", LA.MONTHS_TITLE, LA.MONTHS_CAPTION)
    st.subheader(LA.LEDGER_TITLE)
    if ledger.is_empty():
        st.info(LA.LEDGER_EMPTY)
    else:
        missing = int((~ledger["has_evidence"]).sum())
        st.caption(LA.LEDGER_CAPTION.format(n=ledger.height, missing=missing,
                                            rate=fmt.percent(100 * (ledger.height - missing) / ledger.height)))
        table = tables.ledger_table(ledger)
        left, middle, right, last = st.columns(4)
        kinds = left.multiselect(LA.LEDGER_FILTER_TYPE, sorted(table[LA.COL_TYPE].unique().to_list()),
                                 key="ledger_type",
                                 placeholder=L.ALL)
        subjects = middle.multiselect(LA.LEDGER_FILTER_SUBJECT, sorted(table[LA.COL_SUBJECT].unique().to_list()),
                                      key="ledger_subject",
                                 placeholder=L.ALL)
        chosen_months = right.multiselect(LA.LEDGER_FILTER_MONTH, tables.month_choices(ledger), key="ledger_month",
                                 placeholder=L.ALL)
        only_missing = last.toggle(LA.LEDGER_FILTER_MISSING, key="ledger_missing")
        keep = tables.ledger_filter(ledger, kinds, subjects, chosen_months, only_missing)
        shown = table.filter(keep)
        exports.table(tables.ledger_styled(shown), "alliance_ledger", LA.LEDGER_TITLE, hide_index=True)

if tab == "people":
    st.subheader(LA.EXCHANGES_TITLE)
    if exchange_rows.is_empty():
        st.info(LA.EXCHANGES_EMPTY)
    else:
        st.caption(LA.EXCHANGES_CAPTION)
        exports.table(tables.exchanges_table(exchange_rows), "alliance_exchanges", LA.EXCHANGES_TITLE,
                      LA.EXCHANGES_CAPTION, hide_index=True)
    st.subheader(LA.PAIRS_TITLE)
    if pairs.is_empty():
        st.info(LA.PAIRS_EMPTY)
    else:
        st.caption(LA.PAIRS_CAPTION.format(target=SESSIONS_TARGET, idle=IDLE_DAYS))
        exports.table(tables.pairs_table(pairs, SESSIONS_TARGET), "alliance_pairs", LA.PAIRS_TITLE,
                      LA.PAIRS_CAPTION.format(target=SESSIONS_TARGET, idle=IDLE_DAYS), hide_index=True)

if tab == "targets":
    st.subheader(LA.TARGETS_TITLE)
    if rubric is None:
        st.info(LA.NO_RUBRIC)
    elif assessment is None:
        st.info(LA.NO_ASSESSMENT.format(rubric=fmt.md_text(rubric.name)))
    else:
        st.caption(LA.TARGETS_CAPTION.format(rubric=fmt.md_text(rubric.name),
                                             period=rubric_text.period_label(rubric.period, board.period)))
        exports.table(tables.targets_styled(tables.targets_table(assessment)), "alliance_targets", LA.TARGETS_TITLE,
                      LA.TARGETS_LEGEND, hide_index=True)
        st.caption(LA.TARGETS_LEGEND)
        score = (LA.SCORE_POINTS.format(score=fmt.number(assessment.score, digits=1),
                                        max=fmt.number(rubric.max_points, digits=0))
                 if rubric.kind == "points" else LA.SCORE_DIMENSIONS.format(met=int(assessment.score),
                                                                           n=len(rubric.dimensions)))
        st.markdown(LA.SCORE_LINE.format(score=score, grade=assessment.grade))
        if veto := rubric_text.veto_text(assessment, rubric):
            st.warning(veto, icon=":material/block:")
        st.info(rubric_text.path_text(rubric_path.next_grade(rubric, assessment,
                                                             rubric_board.core_teachers(board, chosen))),
                icon=":material/trending_up:")
        exports.table(rubric_text.items_table(assessment, rubric), "alliance_rubric_items", LA.TARGETS_TITLE,
                      hide_index=True)
        for item in assessment.items:
            if item.checkpoints:
                st.markdown(f"**{LA.CALENDAR_TITLE}**")
                exports.table(rubric_text.checkpoints_table(item), "alliance_checkpoints", LA.CALENDAR_TITLE,
                              LA.CALENDAR_CAPTION, hide_index=True)
                st.caption(LA.CALENDAR_CAPTION)
        link = urllib.parse.urlencode({"rubric": rubric.id, "period": board.period, "alliance": chosen})
        st.markdown(f"[{LA.TO_RUBRIC}](/rubric?{link})")

if tab == "results":
    st.subheader(LA.RESULTS_TITLE)
    year_rows = alliance_results.alliance_school_results(one, year)
    # As on 差距, with the same privacy rule.
    sections.core_against_members(exports, alliance_gaps.core_member_frame(year_rows, result_rows),
                                  title=LA.RESULTS_TITLE, empty=LA.RESULTS_NONE,
                                  hide_below=scope.params()["min_examinees"], school_year=f.school_year,
                                  metric_key="alliance_core_metric", chart_id="alliance_dumbbell",
                                  table_id="alliance_results")
    st.markdown(f"**{LA.RESULTS_TREND}**")
    exports.chart_or_note(alliance_gaps.alliance_gap_over_terms(result_rows, chosen),
                          lambda d: trends.gap_interval_trend(d, "mean", LG.AXIS_GAP_MEAN), "alliance_gap_trend",
                          LA.RESULTS_NONE, LG.TREND_ALLIANCE_CAPTION, LA.RESULTS_TREND)
