"""One palette and one chart theme for every chart and map."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

# Chinese-friendly font stack; the same list is in .streamlit/config.toml for the page text.
FONT_FAMILY = ("'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', "
               "'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif")

URBAN_RURAL_COLORS = {"urban": "#3b6fb6", "town": "#e5a23a", "rural": "#4c9a5b"}
ALLIANCE_TYPE_COLORS = {"fusion": "#8e44ad", "co_build": "#16a0a0", "collaborative": "#d9822b"}
# Coverage status on the map: uncovered rural schools must stand out from everything else.
UNCOVERED_RURAL_COLOR = "#d62728"
UNCOVERED_COLOR = "#9a9a9a"
ANY_TYPE_COLOR = "#5b6770"
ACTIVITY_COLORS = {"lessons": "#3b6fb6", "research": "#16a0a0", "other": "#b8b8b8"}
OUTLINE_COLOR = "#6b7b8c"
OUTLINE_FILL = "#eef2f6"

TEMPLATE = "alliance"


def rgba(hex_color: str, alpha: int = 255) -> list[int]:
    """deck.gl colour from a palette entry."""
    h = hex_color.lstrip("#")
    return [int(h[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


def _register() -> None:
    base = pio.templates["plotly_white"]
    template = go.layout.Template(base)
    template.layout.font = {"family": FONT_FAMILY, "size": 13, "color": "#262730"}
    template.layout.title = {"font": {"size": 15}}
    template.layout.margin = {"l": 10, "r": 10, "t": 40, "b": 10}
    template.layout.legend = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
    template.layout.hoverlabel = {"font": {"family": FONT_FAMILY}}
    template.layout.separators = ".,"
    pio.templates[TEMPLATE] = template


_register()
