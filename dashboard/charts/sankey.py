"""Sankey of flows between 城区 / 镇区 / 乡村 schools: senders on the left, receivers on the right."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts._layout import layout
from dashboard.labels import flows as LF
from etl import codes

AREAS = ("urban", "town", "rural", "unknown")
UNKNOWN_COLOR = "#b8b8b8"


def urban_rural_sankey(df: pl.DataFrame, measure: str = "person_times") -> go.Figure:
    """Person-times (or person-days) from each sending area to each receiving area
    (urban_rural_flows). Node labels are code labels, never data text."""
    present = [a for a in AREAS if a in set(df["from_urban_rural"].to_list()) | set(df["to_urban_rural"].to_list())]
    names = {a: codes.label("urban_rural", a) if a != "unknown" else LF.UNKNOWN_AREA for a in present}
    colors = {a: theme.URBAN_RURAL_COLORS.get(a, UNKNOWN_COLOR) for a in present}
    left = {a: i for i, a in enumerate(present)}
    right = {a: len(present) + i for i, a in enumerate(present)}
    labels = [f"{LF.SIDE_FROM}·{names[a]}" for a in present] + [f"{LF.SIDE_TO}·{names[a]}" for a in present]
    unit = LF.MEASURES[measure]
    rows = df.filter(pl.col(measure) > 0).sort("from_urban_rural", "to_urban_rural").iter_rows(named=True)
    links = [(left[r["from_urban_rural"]], right[r["to_urban_rural"]], r[measure], r["from_urban_rural"])
             for r in rows]
    fig = go.Figure(go.Sankey(
        arrangement="fixed",
        node={"label": labels, "color": [colors[a] for a in present] * 2, "pad": 18, "thickness": 18,
              "hovertemplate": "%{label}：%{value:,} " + unit + "<extra></extra>"},
        link={"source": [x[0] for x in links], "target": [x[1] for x in links], "value": [x[2] for x in links],
              "color": [theme.URBAN_RURAL_COLORS.get(x[3], UNKNOWN_COLOR) + "66" for x in links],
              "hovertemplate": "%{source.label} → %{target.label}：%{value:,} " + unit + "<extra></extra>"},
    ))
    return layout(fig, 360)
