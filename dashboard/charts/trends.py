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


def gap_interval_trend(df: pl.DataFrame, measure: str = "mean", title: str | None = None) -> go.Figure:
    """One line over terms: a gap (percentage points) with its 95 % interval as a band; terms with a
    small group drawn as open markers (stats.gap_over_terms rows of one measure, with term_label)."""
    df = df.filter(pl.col("measure") == measure)
    x = df["term_label"].to_list()
    low, high = df["low"].to_list(), df["high"].to_list()
    fig = go.Figure()
    if any(v is not None for v in low):
        fig.add_scatter(x=x, y=high, mode="lines", line={"width": 0}, hoverinfo="skip", showlegend=False)
        fig.add_scatter(x=x, y=low, mode="lines", line={"width": 0}, fill="tonexty",
                        fillcolor="rgba(59,111,182,0.18)", hoverinfo="skip", showlegend=False)
    symbols = ["circle-open" if s else "circle" for s in df["small"].to_list()]
    custom = [[fmt.points(lo) if lo is not None else L.NO_VALUE, fmt.points(h) if h is not None else L.NO_VALUE]
              for lo, h in zip(low, high, strict=True)]
    fig.add_scatter(x=x, y=df["gap"].to_list(), mode="lines+markers", showlegend=False,
                    line={"color": theme.URBAN_RURAL_COLORS["urban"], "width": 2.5},
                    marker={"symbol": symbols, "size": 9}, customdata=custom,
                    hovertemplate="%{x}：%{y:.1f}（95% %{customdata[0]} 至 %{customdata[1]}）<extra></extra>")
    fig.add_hline(y=0, line_color="#9a9a9a")
    fig.update_xaxes(title=L.AXIS_TERM, tickangle=-45)
    fig.update_yaxes(title=title)
    return layout(fig, 340)
