"""Line charts over terms: the urban-rural gap trend."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard import theme
from dashboard.charts._layout import layout
from dashboard.labels import common as L
from dashboard.present import format as fmt
from etl import codes


def gap_trend(df: pl.DataFrame) -> go.Figure:
    """Two panels over terms: student-weighted mean score (% of full marks) and pass rate (%),
    one line per urban / town / rural (gap_by_term)."""
    terms = df.select("school_year", "term").unique().sort(["school_year", "term"]).rows()
    term_labels = [fmt.term_short(sy, t) for sy, t in terms]
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.16)
    for area, color in theme.URBAN_RURAL_COLORS.items():
        rows = {(r["school_year"], r["term"]): r for r in df.filter(pl.col("urban_rural") == area).iter_rows(named=True)}
        if not rows:
            continue
        name = codes.label("urban_rural", area)
        for col, measure in ((1, "mean_pct"), (2, "pass_rate_pct")):
            values = [rows[t][measure] if t in rows else None for t in terms]
            students = [rows[t]["students_n"] if t in rows else None for t in terms]
            fig.add_scatter(x=term_labels, y=values, customdata=students, mode="lines+markers", name=name,
                            legendgroup=area, showlegend=col == 1, line={"color": color, "width": 2.5},
                            connectgaps=True, row=1, col=col,
                            hovertemplate=name + "：%{y:.1f}%（" + L.HOVER_SITTINGS + "）<extra></extra>")
    fig.update_yaxes(ticksuffix="%")
    fig.update_yaxes(title=L.AXIS_MEAN_PCT, row=1, col=1)
    fig.update_yaxes(title=L.AXIS_PASS_RATE, row=1, col=2)
    fig.update_xaxes(title=L.AXIS_TERM, tickangle=-45)   # slanted: ten terms fit a half-width panel
    return layout(fig, 360)
