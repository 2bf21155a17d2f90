"""The meeting pack: a 16:9 PPTX with a Chinese title slide naming the configured bureau, one slide
per item in the chosen order with its caption, speaker notes with the figures in words, the East
Asian font on every run; the same pack as PDF."""

from __future__ import annotations

import io
import re
from datetime import date

import polars as pl
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from dashboard.charts import bars
from dashboard.exports import items, pack
from dashboard.exports.items import ExportItem
from dashboard.filters import Filters
from dashboard.labels import exports as LE

FILTERS = items.filters_text(Filters(school_year="2024-2025", county="640122"), {"640122": "贺兰县"})
DATA_DATE = "数据载入于 2026-11-30 08:00（第 3 次载入）"


def _type_chart():
    # Hand-made coverage by alliance type: 5 of 8 schools in a fusion alliance = 62.5 %, 2 of 5 = 40.0 %.
    df = pl.DataFrame({"alliance_type": ["fusion", "co_build", "any"], "coverage_pct": [62.5, 40.0, 87.5],
                       "covered_schools_n": [5, 2, 7], "schools_n": [8, 5, 8]})
    return bars.type_coverage_bar(df)


def _items() -> list[ExportItem]:
    table = pl.DataFrame({"学校": ["=HYPERLINK(\"http://x\",\"点我\")", "立岗村小"], "学生数": [95, 310]})
    return [
        ExportItem("chart", "coverage_by_type", "覆盖", "各类型教共体覆盖率", "按学校计，不按学生加权。", FILTERS, DATA_DATE,
                   figure=_type_chart()),
        ExportItem("table", "coverage_uncovered", "覆盖", "未覆盖学校", "", FILTERS, DATA_DATE, table=table),
    ]


def _pptx(pack_items, bureau="贺兰县教育体育局"):
    data = pack.pptx_bytes(pack_items, "城乡教共体工作情况", bureau, date(2026, 12, 1))
    return data, Presentation(io.BytesIO(data))


def _runs(prs):
    for slide in prs.slides:
        parts = [slide._element, slide.notes_slide._element] if slide.has_notes_slide else [slide._element]
        for part in parts:
            yield from part.iter(qn("a:r"))


def test_pack_has_a_title_slide_then_one_slide_per_item_in_order(exporter):
    _, prs = _pptx(_items())
    assert (prs.slide_width, prs.slide_height) == (Emu(12191695), Emu(6858000))      # 13.333 x 7.5 in: 16:9
    assert round(prs.slide_width / prs.slide_height, 2) == round(16 / 9, 2)
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert titles == ["城乡教共体工作情况", "各类型教共体覆盖率", "未覆盖学校"]
    cover = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "贺兰县教育体育局" in cover and "2026年12月1日" in cover and DATA_DATE in cover
    chart_slide = prs.slides[1]
    assert any(sh.shape_type == 13 for sh in chart_slide.shapes)                     # 13: a picture
    texts = "\n".join(sh.text_frame.text for sh in chart_slide.shapes if sh.has_text_frame)
    assert "区县：贺兰县" in texts and "学年：2024-2025学年" in texts and DATA_DATE in texts
    assert "来源：" in texts and "「覆盖」" in texts and "按学校计" in texts
    table = next(sh.table for sh in prs.slides[2].shapes if sh.has_table)
    assert table.cell(1, 0).text == "=HYPERLINK(\"http://x\",\"点我\")"               # text in a cell, not run
    assert table.cell(2, 1).text == "310"


def test_speaker_notes_say_the_figures_in_words(exporter):
    _, prs = _pptx(_items())
    notes = prs.slides[1].notes_slide.notes_text_frame.text
    # The bar labels as the slide shows them: 62.5 %, 40.0 %, and any type 87.5 %.
    assert "融合型：62.5%" in notes and "共建型：40.0%" in notes and "任一类型：87.5%" in notes
    assert "按学校计" in notes
    table_notes = prs.slides[2].notes_slide.notes_text_frame.text
    assert "共 2 行" in table_notes and "学校：立岗村小，学生数：310" in table_notes


def test_every_run_sets_the_east_asian_font(exporter):
    _, prs = _pptx(_items())
    runs = list(_runs(prs))
    assert len(runs) > 20
    for run in runs:
        r_pr = run.find(qn("a:rPr"))
        assert r_pr is not None
        ea, latin = r_pr.find(qn("a:ea")), r_pr.find(qn("a:latin"))
        assert ea is not None and ea.get("typeface") == pack.FONT
        assert latin is not None and latin.get("typeface") == pack.FONT
        # Schema order inside rPr: latin before ea, both after any fill.
        children = [c.tag for c in r_pr]
        assert children.index(qn("a:latin")) < children.index(qn("a:ea"))
        if qn("a:solidFill") in children:
            assert children.index(qn("a:solidFill")) < children.index(qn("a:latin"))


def test_the_title_slide_falls_back_to_the_app_name_without_a_bureau(exporter):
    _, prs = _pptx([], bureau="")
    assert len(prs.slides) == 1
    cover = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "城乡教共体数据看板" in cover


def test_pdf_is_the_same_pack(exporter, pdf_converter):
    data, prs = _pptx(_items())
    pdf = pack.pdf_from_pptx(data)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == len(prs.slides) == 3
    assert b"NotoSansCJK" in pdf or b"Noto Sans CJK" in pdf          # the CJK font embedded


def test_pack_refuses_with_a_reason_without_a_browser(monkeypatch):
    monkeypatch.setattr(pack, "unavailable_reason", lambda: LE.NO_CHROMIUM)
    try:
        pack.pptx_bytes(_items(), "t", "b")
    except RuntimeError as exc:
        assert str(exc) == LE.NO_CHROMIUM
    else:
        raise AssertionError("expected the reason")


def test_a_table_slide_shows_the_rows_that_fit():
    short = pl.DataFrame({"学校": [f"村小{i}" for i in range(30)], "学生数": list(range(30)), "乡镇": ["立岗镇"] * 30})
    assert pack.rows_that_fit(short, 12.3, 4.85) == items.SLIDE_TABLE_ROWS
    # Three columns of 12.3 / 3 = 4.1 in; a line holds (4.1 - 0.25) / (11 / 72) * 2 * 0.8 = 40.3 half-width
    # units, so 60 Chinese characters (120 units) wrap to 3 lines: a row is 3 * 11 / 72 * 1.25 + 0.1 = 0.673 in,
    # the header 0.291 in; 0.291 + 6 * 0.673 = 4.33 in fits 4.85 in, a 7th row (5.0 in) does not.
    long = pl.DataFrame({c: ["说" * 60] * 30 for c in ("甲", "乙", "丙")})
    assert pack.rows_that_fit(long, 12.3, 4.85) == 6


def test_a_long_table_says_how_many_rows_its_slide_shows(exporter):
    long = pl.DataFrame({"说明": ["说" * 200] * 20})
    item = ExportItem("table", "t", "覆盖", "结构检查", "", FILTERS, DATA_DATE, table=long)
    _, prs = _pptx([item])
    table = next(sh.table for sh in prs.slides[1].shapes if sh.has_table)
    shown = len(table.rows) - 1
    texts = "\n".join(sh.text_frame.text for sh in prs.slides[1].shapes if sh.has_text_frame)
    assert 1 <= shown < 20 and LE.TABLE_MORE.format(n=20, shown=shown) in texts
