"""One exportable thing (chart, table or map) with what a meeting needs to read it: the page it
came from, its title and caption (grain and weighting), the filters in words and the data date.
Pure: no Streamlit, so the pack and the tests build items directly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

import plotly.graph_objects as go
import polars as pl
import pydeck as pdk

from dashboard.filters import SPECS, Filters
from dashboard.labels import common as L
from dashboard.labels import exports as LE
from dashboard.present import format as fmt
from etl import codes

NOTES_MAX_VALUES = 40       # figures read out per slide; a 25-town chart fits, a ledger does not
SLIDE_TABLE_ROWS = 12


@dataclass
class ExportItem:
    kind: Literal["chart", "table", "map"]
    key: str                    # the widget key on its page: one item per key and filter set
    page: str
    title: str
    caption: str = ""           # the page's caption under the item: grain and weighting
    filters: str = ""           # filters in words (filters_text)
    data_date: str = ""         # data_date_text
    figure: go.Figure | None = None
    table: pl.DataFrame | None = None
    deck: pdk.Deck | None = None
    legend: list[tuple[str, str]] = field(default_factory=list)   # map legend: (colour, label)

    @property
    def ident(self) -> tuple[str, str]:
        return self.key, self.filters


def filters_text(f: Filters, county_names: dict[str, str] | None = None) -> str:
    """The filters in words, every one named: '区县：贺兰县（640122）；学年：2024-2025学年；学段：全部；…'."""
    parts = []
    for spec in SPECS:
        value = getattr(f, spec.field)
        if value is None:
            shown = L.ALL
        elif spec.field == "county":
            shown = fmt.county(value, (county_names or {}).get(value))
        elif spec.field == "school_year":
            shown = fmt.school_year(value)
        else:
            shown = codes.label(spec.codelist, value) if spec.codelist else value
        parts.append(f"{spec.label}：{shown}")
    return LE.FILTER_SEPARATOR.join(parts)


def data_date_text(loaded_at: datetime | None, load_id: int | None) -> str:
    if loaded_at is None or load_id is None:
        return LE.SLIDE_NO_DATA_DATE
    return LE.SLIDE_DATA_DATE.format(loaded_at=loaded_at.strftime("%Y-%m-%d %H:%M"), load_id=load_id)


def _value_text(value) -> str:
    if value is None:
        return L.NO_VALUE
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return fmt.number(value)
    if isinstance(value, float):
        return fmt.number(value, digits=1) if value != int(value) else fmt.number(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _is_category(values) -> bool:
    return any(isinstance(v, str) for v in values if v is not None)


def _sankey_values(trace) -> list[tuple[str, str]]:
    """('派出·城区→接收·乡村', value) per link of a Sankey."""
    labels = list(trace.node.label or ())
    link = trace.link
    if not labels or link.source is None:
        return []
    return [(f"{labels[a]}→{labels[b]}", _value_text(v)) for a, b, v in zip(link.source, link.target, link.value,
                                                                            strict=False)]


def _trace_values(trace) -> list[tuple[str, str]]:
    """(category, value as shown) pairs of one bar or line trace; the bar's own text label when it
    has one (that is what the audience reads on the slide). Traces nobody hovers (bands, connector
    lines, stubs: hoverinfo 'skip') are decoration, not figures."""
    if trace.type == "sankey":
        return _sankey_values(trace)
    if getattr(trace, "hoverinfo", None) == "skip" or getattr(trace, "x", None) is None \
            or getattr(trace, "y", None) is None:
        return []
    horizontal = getattr(trace, "orientation", None) == "h" or (_is_category(trace.y) and not _is_category(trace.x))
    categories, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
    texts = trace.text if isinstance(getattr(trace, "text", None), list | tuple) else None
    pairs = []
    for i, (category, value) in enumerate(zip(categories, values, strict=False)):
        if value is None or category is None:
            continue
        shown = texts[i] if texts is not None and i < len(texts) and texts[i] else _value_text(value)
        pairs.append((str(category), str(shown)))
    return pairs


def _panel(fig: go.Figure, trace) -> str:
    """'（及格率（%））' for a trace on a second panel's axis: two panels may repeat trace names."""
    axis = getattr(trace, "yaxis", None)
    if not axis or not any(getattr(t, "yaxis", None) not in (None, axis) for t in fig.data):
        return ""
    layout_axis = fig.layout["yaxis" + axis[1:]]
    title = layout_axis.title.text if layout_axis and layout_axis.title else None
    return f"（{title}）" if title else ""


def figure_in_words(fig: go.Figure) -> str:
    """The figures of a chart as sentences for the speaker notes: one line per trace,
    '融合型：62.5%，共建型：40.0%'. Names from the data travel as text (notes are not markup)."""
    lines, told = [], 0
    total = sum(len(_trace_values(t)) for t in fig.data)
    for trace in fig.data:
        pairs = _trace_values(trace)
        room = max(NOTES_MAX_VALUES - told, 0)
        if not pairs or room == 0:
            continue
        shown = pairs[:room]
        told += len(shown)
        body = "，".join(f"{c}：{v}" for c, v in shown)
        name = "".join(part for part in (trace.name, _panel(fig, trace)) if part)
        lines.append(f"{name}——{body}" if name else body)
    if not lines:
        return LE.NOTES_EMPTY
    if total > told:
        lines.append(LE.NOTES_TRUNCATED.format(n=total - told))
    return "\n".join(lines)


def table_in_words(df: pl.DataFrame, limit: int = SLIDE_TABLE_ROWS) -> str:
    """The first rows of a table as sentences: '学校：…，学生数：120'."""
    lines = [LE.NOTES_ROWS.format(n=fmt.number(df.height))]
    for row in df.head(limit).iter_rows(named=True):
        lines.append("，".join(f"{k}：{_value_text(v)}" for k, v in row.items()))
    if df.height > limit:
        lines.append(LE.NOTES_TRUNCATED.format(n=df.height - limit))
    return "\n".join(lines)


def notes(item: ExportItem) -> str:
    """Speaker notes of an item's slide: its caption (grain, weighting), then its figures in words."""
    if item.kind == "table" and item.table is not None:
        body = table_in_words(item.table)
    elif item.kind == "chart" and item.figure is not None:
        body = figure_in_words(item.figure)
    else:
        body = ""
    return "\n".join(part for part in (item.title, item.caption, body) if part)


def slide_caption(item: ExportItem) -> str:
    return LE.SLIDE_CAPTION.format(filters=item.filters or LE.NO_FILTERS, data_date=item.data_date,
                                   source=LE.SOURCE.format(page=item.page))


def safe_file_name(text: str, limit: int = 80) -> str:
    """Text as a file name: characters file systems refuse become _."""
    return "".join("_" if ch in '\\/:*?"<>|\n\r\t' else ch for ch in text)[:limit]


def file_stem(item: ExportItem) -> str:
    """A file name from the page and title."""
    return safe_file_name(f"{item.page}-{item.title}")
