"""The meeting pack: one 16:9 PPTX (title slide naming the bureau, then one item per slide with a
caption of filters, data date and source, and speaker notes with the figures in words) and the
same pack as PDF.

Every run of text gets its East Asian typeface (a:ea) as well as the Latin one (a:latin): without
a:ea, PowerPoint and WPS draw Chinese in whatever their theme's East Asian font is, and some fall
back to boxes. PDF: LibreOffice converts the PPTX itself (soffice --headless), so the PDF is the
deck, not a second layout that could drift from it."""

from __future__ import annotations

import functools
import io
import math
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import polars as pl

from dashboard.exports import images, items, maps
from dashboard.exports.items import ExportItem
from dashboard.labels import common as L
from dashboard.labels import exports as LE

FONT = "Microsoft YaHei"        # on every Windows machine; LibreOffice here falls back to Noto Sans CJK
SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
SOFFICE_TIMEOUT_S = 180


@functools.cache
def unavailable_reason() -> str | None:
    try:
        import pptx  # noqa: F401
    except ImportError:
        return LE.NO_PPTX
    return images.unavailable_reason()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def pdf_unavailable_reason() -> str | None:
    return unavailable_reason() or (None if soffice_path() else LE.NO_SOFFICE)


def set_east_asian_font(prs, typeface: str = FONT) -> None:
    """a:latin and a:ea on every run of every slide and notes page (tables included)."""
    from pptx.oxml.ns import qn

    parts = [s._element for s in prs.slides] + [s.notes_slide._element for s in prs.slides if s.has_notes_slide]
    for part in parts:
        for r_pr in [*part.iter(qn("a:rPr")), *part.iter(qn("a:endParaRPr")), *part.iter(qn("a:defRPr"))]:
            for tag in ("a:latin", "a:ea"):
                found = r_pr.find(qn(tag))
                if found is None:
                    found = r_pr.makeelement(qn(tag), {})
                    # Schema order: fills and effects first, then latin, ea, cs, sym, hyperlinks.
                    later = [r_pr.find(qn(t)) for t in ("a:ea", "a:cs", "a:sym", "a:hlinkClick",
                                                        "a:hlinkMouseOver", "a:rtl", "a:extLst")]
                    later = [e for e in later if e is not None]
                    if later:
                        later[0].addprevious(found)
                    else:
                        r_pr.append(found)
                found.set("typeface", typeface)


def _ensure_run_props(prs) -> None:
    """Give every run an rPr so that set_east_asian_font reaches it."""
    from pptx.oxml.ns import qn

    for slide in prs.slides:
        parts = [slide._element] + ([slide.notes_slide._element] if slide.has_notes_slide else [])
        for part in parts:
            for run in part.iter(qn("a:r")):
                if run.find(qn("a:rPr")) is None:
                    run.insert(0, run.makeelement(qn("a:rPr"), {"lang": "zh-CN"}))


def _text(frame, text: str, size_pt: int, bold: bool = False, color: str | None = None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size_pt)
        run.font.bold = bold
        if color:
            run.font.color.rgb = RGBColor.from_string(color)


def _title_slide(prs, title: str, bureau: str, today: date, data_dates: set[str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    _text(slide.shapes.title.text_frame, title, 40, bold=True)
    subtitle = LE.SLIDE_SUBTITLE.format(bureau=bureau or L.APP_TITLE, date=f"{today.year}年{today.month}月{today.day}日")
    if len(data_dates) == 1:        # items picked across loads carry their own dates on their slides
        subtitle += "\n" + data_dates.pop()
    _text(slide.placeholders[1].text_frame, subtitle, 22, color="404040")


def _picture(slide, data: bytes, left, top, max_w, max_h) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        w, h = img.size
    scale = min(max_w / w, max_h / h)
    width, height = int(w * scale), int(h * scale)
    slide.shapes.add_picture(io.BytesIO(data), left + (max_w - width) // 2, top, width, height)


TABLE_FONT_PT = 11
CELL_MARGIN_IN = 0.1             # python-pptx's default cell margins, top and bottom together


def _cell_lines(text: str, column_in: float) -> int:
    """Lines a cell's text wraps to in a column: a Chinese character is about one em wide, a Latin
    one about half."""
    em_in = TABLE_FONT_PT / 72
    # Half-width units per line, less a fifth for breaks at word and punctuation boundaries and for
    # a fallback font wider than the one named (measured in LibreOffice's PDF of these tables).
    per_line = max((column_in - 0.25) / em_in * 2 * 0.8, 2)
    width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, math.ceil(width / per_line))


def rows_that_fit(df: pl.DataFrame, width_in: float, height_in: float) -> int:
    """How many rows (header first) fit the height once long cells wrap; at most SLIDE_TABLE_ROWS."""
    column_in = width_in / max(df.width, 1)
    line_in = TABLE_FONT_PT / 72 * 1.25

    def row_in(cells) -> float:
        return max(_cell_lines(c, column_in) for c in cells) * line_in + CELL_MARGIN_IN

    used = row_in(df.columns) if df.width else 0
    for n, row in enumerate(df.head(items.SLIDE_TABLE_ROWS).iter_rows()):
        used += row_in([items._value_text(v) for v in row])
        if used > height_in:
            return max(n, 1)
    return min(df.height, items.SLIDE_TABLE_ROWS)


def _table(slide, df: pl.DataFrame, left, top, width, max_h) -> int:
    """The first rows that fit as a native table (editable, searchable); returns how many."""
    from pptx.util import Emu, Pt

    n = rows_that_fit(df, Emu(width).inches, Emu(max_h).inches)
    shown = df.head(n)
    rows, cols = shown.height + 1, max(shown.width, 1)
    shape = slide.shapes.add_table(rows, cols, left, top, width, Emu(int(Pt(TABLE_FONT_PT * 1.6)) * rows)).table
    for c, name in enumerate(shown.columns):
        shape.cell(0, c).text = name
    for r, row in enumerate(shown.iter_rows(), start=1):
        for c, value in enumerate(row):
            shape.cell(r, c).text = items._value_text(value)
    for r in range(rows):
        for c in range(cols):
            for para in shape.cell(r, c).text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(TABLE_FONT_PT)
    return n


def _item_slide(prs, item: ExportItem, render_chart: Callable, render_map: Callable) -> None:
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[5])        # title only
    _text(slide.shapes.title.text_frame, item.title, 28, bold=True)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.25), Inches(12.3), Inches(0.9)
    left, top = Inches(0.5), Inches(1.15)
    max_w, max_h = Inches(12.3), Inches(4.85)
    caption = items.slide_caption(item)
    if item.kind == "chart" and item.figure is not None:
        _picture(slide, render_chart(item), left, top, max_w, max_h)
    elif item.kind == "map" and item.deck is not None:
        _picture(slide, render_map(item), left, top, max_w, max_h)
    elif item.kind == "table" and item.table is not None:
        shown = _table(slide, item.table, left, top, max_w, max_h)
        if item.table.height > shown:
            caption += "\n" + LE.TABLE_MORE.format(n=item.table.height, shown=shown)
    if item.caption:
        caption = item.caption + "\n" + caption
    box = slide.shapes.add_textbox(Inches(0.5), Inches(6.1), Inches(12.3), Inches(1.3))
    _text(box.text_frame, caption, 10, color="595959")
    _text(slide.notes_slide.notes_text_frame, items.notes(item), 14)


def chart_for_slide(item: ExportItem) -> bytes:
    """A chart at the slide's proportions: wide, at most the picture area's height."""
    height = min(max(int(item.figure.layout.height or 0), 420), 560)
    return images.png(item.figure, None, width=1000, height=height)


def map_for_slide(item: ExportItem) -> bytes:
    return maps.png(item.deck, item.title, item.filters, item.legend, width=1600, height=680)


def pptx_bytes(pack_items: Sequence[ExportItem], title: str, bureau: str, today: date | None = None,
               render_chart: Callable = chart_for_slide, render_map: Callable = map_for_slide) -> bytes:
    """The pack as PPTX bytes: a title slide, then one slide per item in the given order."""
    if (reason := unavailable_reason()) is not None:
        raise RuntimeError(reason)
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    _title_slide(prs, title, bureau, today or date.today(), {i.data_date for i in pack_items if i.data_date})
    for item in pack_items:
        _item_slide(prs, item, render_chart, render_map)
    _ensure_run_props(prs)
    set_east_asian_font(prs)
    prs.core_properties.title = title
    prs.core_properties.author = bureau or L.APP_TITLE
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def pdf_from_pptx(data: bytes) -> bytes:
    """The PPTX converted by LibreOffice; a private profile per call, so concurrent conversions do
    not fight over one user installation."""
    if (reason := pdf_unavailable_reason()) is not None:
        raise RuntimeError(reason)
    with tempfile.TemporaryDirectory(prefix="pack-pdf-") as tmp:
        src = Path(tmp) / "pack.pptx"
        src.write_bytes(data)
        subprocess.run([soffice_path(), f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S)
        return (Path(tmp) / "pack.pdf").read_bytes()


def pdf_bytes(pack_items: Sequence[ExportItem], title: str, bureau: str, today: date | None = None) -> bytes:
    return pdf_from_pptx(pptx_bytes(pack_items, title, bureau, today))
