"""What every chart builder shares: the theme applied to a figure, and names from the data made
plain text for plotly."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from dashboard import theme


def layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    fig.update_layout(template=theme.TEMPLATE, height=height, **kwargs)
    return fig


def plain(text: str | None) -> str:
    """A name from the data as plotly text: plotly reads <b>, <a href> and the like in labels and
    hover text as markup, and shows &lt; &gt; &amp; as the characters, so a name stays text."""
    return html.escape(text or "", quote=False)
