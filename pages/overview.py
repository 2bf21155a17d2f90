"""总览: headline numbers with change against the previous school year, the monthly activity
trend, the urban-rural gap by term and the ranking by the rubric most alliances in view fall under."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.charts import bars, trends
from dashboard.exports.widgets import PageExports
from dashboard.labels import overview as LO
from dashboard.present import cards, notes
from dashboard.present.rubric import overview_caption
from dashboard.queries import activity, headline, results
from rubric import board as rubric_board

RANKING_SIZE = 5

f = ui.page_start(LO.OVERVIEW_TITLE)
exports = PageExports(LO.OVERVIEW_TITLE, f)
scope = ui.viewer_scope()
st.caption(ui.scope_caption(f, LO.OVERVIEW_INTRO))

headline = headline.headline_figures(scope, f)
if note := notes.data_through(headline):
    st.caption(note)
cards = cards.headline_cards(headline)
for row in (cards[:4], cards[4:]):
    for column, card in zip(st.columns(len(row)), row, strict=True):
        with column:
            st.metric(card.label, card.value, card.delta, help=card.help, border=True,
                      delta_color="off" if card.unchanged else card.delta_color,
                      delta_arrow="off" if card.unchanged else "auto")
            if card.caption:
                st.caption(card.caption)

left, right = st.columns(2)
with left:
    st.subheader(LO.CHART_MONTHLY)
    exports.chart_or_note(activity.monthly_activity(scope, f), bars.monthly_activity_bar, "overview_monthly",
                          LO.EMPTY_MONTHLY, LO.CHART_MONTHLY_CAPTION, LO.CHART_MONTHLY)
with right:
    st.subheader(LO.CHART_GAP)
    exports.chart_or_note(results.gap_by_term(scope, f), trends.gap_trend, "overview_gap", LO.EMPTY_GAP,
                          LO.CHART_GAP_CAPTION, LO.CHART_GAP)

st.subheader(LO.CHART_RANKING)
overview_ranking = rubric_board.overview(scope, f)
if overview_ranking is None:
    st.info(LO.EMPTY_RANKING)
else:
    ranking, caption = overview_ranking.ranking, overview_caption(overview_ranking)
    st.caption(caption)
    if ranking.height <= 2 * RANKING_SIZE:
        # Top and bottom would overlap (a county with few alliances): one chart of them all.
        st.markdown(LO.RANKING_ALL.format(n=ranking.height))
        picked = exports.chart(bars.ranking_bar(ranking), "overview_ranking_all", LO.CHART_RANKING, caption,
                               show_caption=False, on_select="rerun", selection_mode="points")
        ui.selected_alliance_link(picked, f.school_year)
    else:
        top, bottom = st.columns(2)
        with top:
            st.markdown(LO.RANKING_TOP.format(n=RANKING_SIZE))
            picked = exports.chart(bars.ranking_bar(ranking.head(RANKING_SIZE)), "overview_ranking_top",
                                   f"{LO.CHART_RANKING}：{LO.RANKING_TOP.format(n=RANKING_SIZE)}", caption,
                                   show_caption=False, on_select="rerun", selection_mode="points")
            ui.selected_alliance_link(picked, f.school_year)
            if ties := notes.ranking_ties(ranking, RANKING_SIZE):
                st.caption(ties)
        with bottom:
            st.markdown(LO.RANKING_BOTTOM.format(n=RANKING_SIZE))
            picked = exports.chart(bars.ranking_bar(ranking.tail(RANKING_SIZE)), "overview_ranking_bottom",
                                   f"{LO.CHART_RANKING}：{LO.RANKING_BOTTOM.format(n=RANKING_SIZE)}", caption,
                                   show_caption=False, on_select="rerun", selection_mode="points")
            ui.selected_alliance_link(picked, f.school_year)
