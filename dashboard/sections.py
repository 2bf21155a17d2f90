"""Page sections two pages draw alike, built on the query and present layers and PageExports."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import ui
from dashboard.charts import comparisons
from dashboard.exports.widgets import PageExports
from dashboard.labels import gaps as LG
from dashboard.present import alliance_gaps


def core_against_members(exports: PageExports, pairs: pl.DataFrame, *, title: str, empty: str, hide_below: int,
                         school_year: str | None, metric_key: str, chart_id: str, table_id: str,
                         limit: int | None = None) -> None:
    """Members against their core school (差距 for every alliance in view, 教共体详情 for one): the
    metric to compare, the dumbbell of ranked pairs (at most `limit`; pairs under 10 examinees are
    not drawn), and the table, where a school's figures over fewer than hide_below examinees show
    "<5" (the privacy rule, scope.small_results_hidden)."""
    if pairs.is_empty():
        st.info(empty)
        return
    metric = st.radio(LG.CORE_METRIC, list(LG.CORE_METRICS), format_func=LG.CORE_METRICS.get, horizontal=True,
                      key=metric_key)
    ranked = alliance_gaps.ranked_pairs(pairs)
    if not ranked.is_empty():
        exports.chart(comparisons.core_member_dumbbell(ranked if limit is None else ranked.head(limit), metric),
                      chart_id, f"{title}：{LG.CORE_METRICS[metric]}", LG.CORE_CAPTION, show_caption=False)
    if limit is not None and pairs.height > min(limit, ranked.height):
        st.caption(LG.CORE_LIMITED.format(limit=min(limit, ranked.height), n=pairs.height))
    exports.table(alliance_gaps.core_member_table(pairs, hide_below, school_year), table_id, title, LG.CORE_CAPTION,
                  hide_index=True, column_config=ui.alliance_links())
    st.caption(LG.CORE_CAPTION)
