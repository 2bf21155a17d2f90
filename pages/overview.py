"""总览: headline numbers with change against the previous school year, the monthly activity
trend, the urban-rural gap by term and the interim activity-completion ranking."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, fmt, queries, ui
from dashboard import labels as L

RANKING_SIZE = 5

f = ui.page_start(L.OVERVIEW_TITLE)
scope = ui.viewer_scope()
st.caption(ui.scope_caption(f, L.OVERVIEW_INTRO))

headline = queries.headline_figures(scope, f)
if note := fmt.data_through(headline):
    st.caption(note)
cards = fmt.headline_cards(headline)
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
    st.subheader(L.CHART_MONTHLY)
    ui.chart_or_note(queries.monthly_activity(scope, f), charts.monthly_activity_bar, "overview_monthly",
                     L.EMPTY_MONTHLY, L.CHART_MONTHLY_CAPTION)
with right:
    st.subheader(L.CHART_GAP)
    ui.chart_or_note(queries.gap_by_term(scope, f), charts.gap_trend, "overview_gap", L.EMPTY_GAP,
                     L.CHART_GAP_CAPTION)

st.subheader(L.CHART_RANKING)
st.caption(L.CHART_RANKING_CAPTION)
ranking = queries.alliance_ranking(scope, f)
if ranking.is_empty():
    st.info(L.EMPTY_RANKING)
elif ranking.height <= 2 * RANKING_SIZE:
    # Top and bottom would overlap (a county with few alliances): one chart of them all.
    st.markdown(L.RANKING_ALL.format(n=ranking.height))
    st.plotly_chart(charts.ranking_bar(ranking), key="overview_ranking_all")
else:
    top, bottom = st.columns(2)
    with top:
        st.markdown(L.RANKING_TOP.format(n=RANKING_SIZE))
        st.plotly_chart(charts.ranking_bar(ranking.head(RANKING_SIZE)), key="overview_ranking_top")
        if ties := fmt.ranking_ties(ranking, RANKING_SIZE):
            st.caption(ties)
    with bottom:
        st.markdown(L.RANKING_BOTTOM.format(n=RANKING_SIZE))
        st.plotly_chart(charts.ranking_bar(ranking.tail(RANKING_SIZE)), key="overview_ranking_bottom")
