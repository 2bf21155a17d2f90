"""The 10 % target of co-build cores as bars against a target line."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts._layout import layout, plain
from dashboard.labels import flows as LF

BELOW_COLOR = theme.UNCOVERED_RURAL_COLOR
MET_COLOR = theme.ALLIANCE_TYPE_COLORS["co_build"]


def core_share_bar(df: pl.DataFrame) -> go.Figure:
    """Horizontal bars: share of the core's teachers sent to members per co-build alliance
    (core_share), lowest at the top, red below the target; a dashed line at the target."""
    df = df.filter(pl.col("share_pct").is_not_null()).sort("share_pct", descending=True)
    names = [plain(n) for n in df["alliance_name"].to_list()]
    custom = df.select("teachers_sent_n", "core_teachers_n").rows()
    fig = go.Figure(go.Bar(
        x=df["share_pct"].to_list(), y=names, orientation="h", customdata=custom,
        marker_color=[BELOW_COLOR if b else MET_COLOR for b in df["is_below"].to_list()],
        hovertemplate="%{y}：%{x:.1f}%（%{customdata[0]} / %{customdata[1]} 人）<extra></extra>"))
    target = float(df["target_pct"][0]) if df.height else 10.0
    fig.add_vline(x=target, line_dash="dash", line_color="#333", annotation_text=LF.TARGET_LINE,
                  annotation_position="top")
    return layout(fig, max(260, 26 * df.height + 90), xaxis_title=LF.AXIS_SHARE, yaxis_title=None,
                  xaxis_ticksuffix="%", showlegend=False)
