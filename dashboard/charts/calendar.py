"""Month strips: one bar per calendar month of a school year, months without any record drawn as
visible gaps (a grey stub and a label) rather than as missing bars."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts._layout import layout
from dashboard.labels import alliance as LA
from dashboard.labels import common as L
from dashboard.present import format as fmt

EMPTY_COLOR = "#d0d0d0"


def ledger_months_bar(df: pl.DataFrame) -> go.Figure:
    """Activity records per month of one alliance (ledger_months), records without evidence
    stacked on top in red, empty months as a grey stub marked 无记录."""
    labels = [fmt.month(m) for m in df["month_date"].to_list()]
    with_evidence = (df["activities_n"] - df["evidence_missing_n"]).to_list()
    empty = [0.3 if n == 0 else None for n in df["activities_n"].to_list()]
    fig = go.Figure()
    fig.add_bar(x=labels, y=with_evidence, name=LA.EVIDENCE_OK, marker_color=theme.ACTIVITY_COLORS["lessons"],
                hovertemplate="%{x}：%{y} 次<extra></extra>")
    fig.add_bar(x=labels, y=df["evidence_missing_n"].to_list(), name=LA.EVIDENCE_MISSING,
                marker_color=theme.UNCOVERED_RURAL_COLOR, hovertemplate="%{x} 缺佐证：%{y} 次<extra></extra>")
    fig.add_bar(x=labels, y=empty, name="无记录", marker_color=EMPTY_COLOR, text=["无记录" if e else "" for e in empty],
                textposition="outside", hoverinfo="skip")
    fig.update_xaxes(title=L.AXIS_MONTH, tickangle=-45)
    fig.update_yaxes(title=L.AXIS_ACTIVITIES, rangemode="tozero")
    return layout(fig, 320, barmode="stack")
