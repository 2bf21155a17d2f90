"""Comparison charts of the 差距 page: member against core school (dumbbell), group figures with
their intervals, and activity against the change in the gap (scatter)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts._layout import layout, plain
from dashboard.labels import gaps as LG

CORE_COLOR = "#3b6fb6"
MEMBER_COLOR = "#4c9a5b"
LINE_COLOR = "#b8b8b8"
SMALL_COLOR = "#9a9a9a"


def core_member_dumbbell(df: pl.DataFrame, metric: str = "mean") -> go.Figure:
    """One line per member school from its value to its core school's (metric 'mean': % of full
    marks, 'pass': pass rate %), student-weighted (present.alliance_gaps.core_member_frame)."""
    core_col = f"core_{metric}"
    labels = [plain(f"{a} · {m}") for a, m in df.select("alliance_name", "name").rows()]
    fig = go.Figure()
    xs, ys = [], []
    for label, member, core in zip(labels, df[metric].to_list(), df[core_col].to_list(), strict=True):
        xs += [member, core, None]
        ys += [label, label, None]
    fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": LINE_COLOR, "width": 3}, hoverinfo="skip",
                    showlegend=False)
    core_names = [plain(n) for n in df["core_name"].to_list()]
    fig.add_scatter(x=df[core_col].to_list(), y=labels, mode="markers", name=LG.LEGEND_CORE,
                    marker={"color": CORE_COLOR, "size": 11}, customdata=core_names,
                    hovertemplate="%{customdata}：%{x:.1f}%<extra></extra>")
    fig.add_scatter(x=df[metric].to_list(), y=labels, mode="markers", name=LG.LEGEND_MEMBER,
                    marker={"color": MEMBER_COLOR, "size": 11},
                    hovertemplate="%{y}：%{x:.1f}%<extra></extra>")
    fig.update_xaxes(title=LG.CORE_METRICS[metric], ticksuffix="%")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    return layout(fig, 90 + 26 * max(df.height, 4), margin={"r": 24})


def value_added_bars(df: pl.DataFrame) -> go.Figure:
    """One bar per group (member, core, none): school-weighted mean change in position against the
    county mean (percentage points) with its 95 % interval; small groups in grey."""
    names = [LG.VALUE_ADDED_GROUPS[g] for g in df["group"].to_list()]
    colors = [SMALL_COLOR if s else c for s, c in zip(df["small"].to_list(),
                                                       (MEMBER_COLOR, CORE_COLOR, theme.ANY_TYPE_COLOR), strict=False)]
    change = df["change"].to_list()
    plus = [None if h is None else h - c for h, c in zip(df["high"].to_list(), change, strict=True)]
    minus = [None if lo is None else c - lo for lo, c in zip(df["low"].to_list(), change, strict=True)]
    fig = go.Figure(go.Bar(
        x=names, y=change, marker_color=colors, customdata=df["schools_n"].to_list(),
        error_y={"type": "data", "array": plus, "arrayminus": minus, "visible": True},
        hovertemplate="%{x}：%{y:.1f} 个百分点（%{customdata} 所学校）<extra></extra>"))
    fig.add_hline(y=0, line_color=LINE_COLOR)
    fig.update_yaxes(title=LG.AXIS_CHANGE)
    return layout(fig, 340, showlegend=False)


def payoff_scatter(df: pl.DataFrame) -> go.Figure:
    """One point per alliance: activities per member school against the members' gap to their core
    closed (percentage points of full marks, student-weighted)."""
    fig = go.Figure(go.Scatter(
        x=df["activities_per_member"].to_list(), y=df["closed"].to_list(), mode="markers",
        marker={"color": CORE_COLOR, "size": 10, "opacity": 0.8},
        customdata=[plain(n) for n in df["alliance_name"].to_list()],
        hovertemplate="%{customdata}<br>%{x:.1f} 次/校，差距缩小 %{y:.1f} 个百分点<extra></extra>"))
    fig.add_hline(y=0, line_color=LINE_COLOR)
    fig.update_xaxes(title=LG.AXIS_ACTIVITY_PER_MEMBER)
    fig.update_yaxes(title=LG.AXIS_GAP_CLOSED)
    return layout(fig, 380, showlegend=False)
