"""Bar charts: monthly activity, rankings, coverage by town and by alliance type."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts._layout import layout, plain
from dashboard.labels import common as L
from dashboard.labels import rubric as LR
from dashboard.present import format as fmt
from etl import codes


def monthly_activity_bar(df: pl.DataFrame) -> go.Figure:
    """Stacked bars: activities per month by activity group (monthly_activity)."""
    fig = go.Figure()
    months = df["month_date"].unique().sort().to_list()
    month_labels = [fmt.month(m) for m in months]
    for group, name in L.LEGEND_ACTIVITY.items():
        counts = dict(df.filter(pl.col("activity_group") == group)
                      .select("month_date", "activities_n").iter_rows())
        fig.add_bar(x=month_labels, y=[counts.get(m, 0) for m in months], name=name,
                    marker_color=theme.ACTIVITY_COLORS[group],
                    hovertemplate="%{x} " + name + "：%{y} 次<extra></extra>")
    return layout(fig, 340, barmode="stack", xaxis_title=L.AXIS_MONTH, yaxis_title=L.AXIS_ACTIVITIES)


def ranking_bar(df: pl.DataFrame) -> go.Figure:
    """Horizontal bars: rubric score per alliance (rubric/board.py ranking), one colour (and legend
    entry) per alliance type, the grade beside the score; the axis runs to the rubric's maximum
    (the sum of its items, or its number of dimensions)."""
    df = df.sort(["score", "alliance_id"], descending=[False, True])
    names = [plain(n) for n in df["name"].to_list()]
    top = float(df["max_points"].max() or 1)
    fig = go.Figure()
    for alliance_type, color in theme.ALLIANCE_TYPE_COLORS.items():
        part = df.filter(pl.col("type") == alliance_type)
        if part.is_empty():
            continue
        fig.add_bar(
            x=part["score"].to_list(), y=[plain(n) for n in part["name"].to_list()], orientation="h",
            marker_color=color, name=codes.label("alliance_type", alliance_type),
            # The id rides along so that selecting a bar can open the alliance's detail page.
            customdata=part.select("grade", "max_points", "alliance_id").rows(),
            # Dimensions met are whole numbers: 4, not 4.0.
            text=[f"{fmt.number(v, digits=1).removesuffix('.0')} · {g}" for v, g in part.select("score", "grade").iter_rows()],
            textposition="auto",
            hovertemplate="%{y}<br>%{x:.1f} / %{customdata[1]:g}（%{customdata[0]}）<extra></extra>")
    fig.update_xaxes(range=[0, top * 1.02], title=LR.AXIS_SCORE)
    fig.update_yaxes(categoryorder="array", categoryarray=names)
    # The right margin leaves room for the last tick label, which plotly drops when it would be cut.
    return layout(fig, 90 + 32 * max(df.height, 3), barmode="overlay", showlegend=True, margin={"r": 32})


def town_coverage_bar(df: pl.DataFrame, limit: int = 25) -> go.Figure:
    """Horizontal bars: coverage % per town (school-counted), lowest first and at most `limit`
    towns; towns with an uncovered rural school in red, the colour such schools have on the map."""
    df = df.sort(["coverage_pct", "schools_n", "town"], descending=[False, True, False]).head(limit)
    several_counties = df["county_code"].n_unique() > 1
    # A partner district listed as its own town (拱墅区·拱墅区) is named once.
    names = [plain((f"{c}·{t}" if t and t != c else c) if several_counties else (t or "—"))
             for c, t in df.select("county", "town").iter_rows()]
    colors = [theme.UNCOVERED_RURAL_COLOR if cr < r else theme.ANY_TYPE_COLOR
              for r, cr in df.select("rural_schools_n", "covered_rural_schools_n").iter_rows()]
    custom = df.select("covered_schools_n", "schools_n").rows()
    fig = go.Figure(go.Bar(
        x=df["coverage_pct"].to_list(), y=names, orientation="h", marker_color=colors, customdata=custom,
        text=[fmt.percent(v, 0) for v in df["coverage_pct"].to_list()], textposition="auto",
        hovertemplate="%{y}：%{x:.1f}%（%{customdata[0]}/%{customdata[1]} 所）<extra></extra>"))
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title=L.AXIS_COVERAGE)
    fig.update_yaxes(autorange="reversed")
    # A floor on the height keeps a county of few towns from squeezing its bars and labels.
    return layout(fig, 80 + 26 * max(df.height, 6), showlegend=False, margin={"r": 32})


def type_coverage_bar(df: pl.DataFrame) -> go.Figure:
    """Bars: coverage % per alliance type, in the code list's order (融合型, 共建型, 协作型), then
    any type (school-counted)."""
    order = {c.code: i for i, c in enumerate(codes.CODELISTS["alliance_type"])}
    df = df.sort(pl.col("alliance_type").replace_strict(order, default=len(order), return_dtype=pl.Int64))
    types = df["alliance_type"].to_list()
    names = [L.ANY_TYPE if t == "any" else codes.label("alliance_type", t) for t in types]
    colors = [theme.ALLIANCE_TYPE_COLORS.get(t, theme.ANY_TYPE_COLOR) for t in types]
    fig = go.Figure(go.Bar(
        x=names, y=df["coverage_pct"].to_list(), marker_color=colors,
        customdata=df.select("covered_schools_n", "schools_n").rows(),
        text=[fmt.percent(v, 1) for v in df["coverage_pct"].to_list()], textposition="auto",
        hovertemplate="%{x}：%{y:.1f}%（%{customdata[0]}/%{customdata[1]} 所）<extra></extra>"))
    fig.update_yaxes(range=[0, 100], ticksuffix="%", title=L.AXIS_COVERAGE)
    return layout(fig, 340, showlegend=False)
