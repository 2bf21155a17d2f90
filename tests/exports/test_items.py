"""What travels with an exported item: the filters in words, the data date, and the figures in
words for the speaker notes."""

from __future__ import annotations

from datetime import datetime

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard.exports import items
from dashboard.filters import Filters


def test_filters_are_all_named_in_words():
    assert items.filters_text(Filters(school_year="2024-2025")) == "区县：全部；学年：2024-2025学年；学段：全部；教共体类型：全部"
    text = items.filters_text(Filters(school_year="2024-2025", county="640122", stage="primary", alliance_type="fusion"),
                              {"640122": "贺兰县"})
    assert text == "区县：贺兰县；学年：2024-2025学年；学段：小学；教共体类型：融合型"


def test_data_date_names_the_load():
    assert items.data_date_text(datetime(2026, 11, 30, 8, 5), 3) == "数据载入于 2026-11-30 08:05（第 3 次载入）"
    assert items.data_date_text(None, None) == "数据日期未记录"


def test_two_panels_name_their_axis_and_long_charts_are_cut():
    fig = make_subplots(rows=1, cols=2)
    fig.add_scatter(x=["2024秋", "2025春"], y=[77.65, 76.04], name="城区", row=1, col=1)
    fig.add_scatter(x=["2024秋", "2025春"], y=[88.8, 90], name="城区", row=1, col=2)
    fig.update_yaxes(title_text="平均分", row=1, col=1)
    fig.update_yaxes(title_text="及格率", row=1, col=2)
    # 77.65 rounds half up to 77.7 (not to even), 90 is a whole number.
    assert items.figure_in_words(fig) == ("城区（平均分）——2024秋：77.7，2025春：76.0\n"
                                          "城区（及格率）——2024秋：88.8，2025春：90")
    long = go.Figure(go.Bar(x=[f"镇{i}" for i in range(45)], y=list(range(45))))
    words = items.figure_in_words(long)
    assert words.count("：") == items.NOTES_MAX_VALUES and words.endswith("……另有 5 项未列出。")
    assert items.figure_in_words(go.Figure()) == "图中没有数据。"


def test_table_notes_read_the_first_rows():
    df = pl.DataFrame({"学校": [f"村小{i}" for i in range(14)], "学生数": [100 + i for i in range(14)]})
    words = items.table_in_words(df)
    lines = words.split("\n")
    assert lines[0] == "共 14 行。" and lines[1] == "学校：村小0，学生数：100"
    assert lines[-1] == "……另有 2 项未列出。" and len(lines) == 1 + items.SLIDE_TABLE_ROWS + 1


def test_a_sankey_is_read_link_by_link():
    fig = go.Figure(go.Sankey(node={"label": ["派出·城区", "接收·乡村", "接收·镇区"]},
                              link={"source": [0, 0], "target": [1, 2], "value": [12, 3]}))
    assert items.figure_in_words(fig) == "派出·城区→接收·乡村：12，派出·城区→接收·镇区：3"
