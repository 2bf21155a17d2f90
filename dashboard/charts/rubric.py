"""Rubric charts: points by indicator per alliance (stacked), or dimensions met."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.charts._layout import layout, plain
from dashboard.labels import rubric as LR
from dashboard.present.format import number

# One colour per indicator / dimension, in the rubric's order (at most 8 items in a shipped rubric).
PART_COLORS = ("#3b6fb6", "#16a0a0", "#8e44ad", "#e5a23a", "#4c9a5b", "#d9822b", "#c0504d", "#7f7f7f", "#5b6770")


def points_stack(df: pl.DataFrame, ranking: pl.DataFrame, dimensions: bool) -> go.Figure:
    """Horizontal stacked bars, one per alliance in ranking order (best at the top): each part is an
    indicator's points (rubric/board.points_frame), or 1 per dimension met."""
    names = {aid: plain(n) for aid, n in ranking.select("alliance_id", "name").iter_rows()}
    order = [names[a] for a in reversed(ranking["alliance_id"].to_list())]
    parts = df.select("part_id", "part_name", "order", "max_value").unique("part_id").sort("order")
    fig = go.Figure()
    for i, (part_id, part_name, _order, max_value) in enumerate(parts.iter_rows()):
        rows = df.filter(pl.col("part_id") == part_id)
        label = plain(part_name) if dimensions else LR.LEGEND_POINTS.format(name=plain(part_name),
                                                                            max=number(max_value, digits=0))
        fig.add_bar(x=rows["value"].to_list(), y=[names[a] for a in rows["alliance_id"].to_list()], orientation="h",
                    name=label, marker_color=PART_COLORS[i % len(PART_COLORS)],
                    hovertemplate="%{y}<br>" + label + "：%{x:.1f}<extra></extra>")
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    fig.update_xaxes(title=LR.AXIS_DIMENSIONS if dimensions else LR.AXIS_SCORE)
    # Legend in the rubric's order (plotly reverses it for stacked bars by default).
    fig.update_layout(legend_traceorder="normal")
    return layout(fig, 120 + 26 * max(ranking.height, 3), barmode="stack", showlegend=True, margin={"r": 32})
