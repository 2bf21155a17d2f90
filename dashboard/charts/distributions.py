"""Distributions: school means by urban-rural category as a box with every school drawn."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts._layout import layout, plain
from dashboard.labels import gaps as LG
from etl import codes


def school_mean_box(df: pl.DataFrame) -> go.Figure:
    """One box per urban / town / rural over school means (% of full marks), each school a point
    with its name and sittings on hover; every school counts once (present.gaps.school_means)."""
    fig = go.Figure()
    for area, color in theme.URBAN_RURAL_COLORS.items():
        part = df.filter(pl.col("urban_rural") == area)
        if part.is_empty():
            continue
        name = codes.label("urban_rural", area)
        fig.add_box(y=part["mean_pct"].to_list(), name=name, marker_color=color, boxpoints="all", jitter=0.4,
                    pointpos=0, customdata=[[plain(n), s] for n, s in part.select("name", "students_n").rows()],
                    hovertemplate="%{customdata[0]}：%{y:.1f}%（%{customdata[1]:,} 考试人次）<extra></extra>")
    fig.update_yaxes(title=LG.AXIS_SCHOOL_MEAN, ticksuffix="%")
    fig.update_xaxes(title=LG.AXIS_CATEGORY)
    return layout(fig, 380, showlegend=False)
