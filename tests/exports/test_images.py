"""Charts as PNG and SVG: presentation width, Chinese drawn in a CJK font, the page's figure left
untouched, and a reason instead of a blank image where the server lacks a browser."""

from __future__ import annotations

import io

import plotly.graph_objects as go
from PIL import Image, ImageChops

from dashboard import theme
from dashboard.exports import images
from dashboard.labels import exports as LE

GLYPHS = "覆盖率"


def _title_only(family: str | None = None, text: str = GLYPHS) -> go.Figure:
    """A figure whose only ink is a large title, so pixels compare glyphs and nothing else."""
    fig = go.Figure()
    fig.update_layout(template=theme.TEMPLATE, height=300, xaxis_visible=False, yaxis_visible=False,
                      title={"text": text, "font": {"size": 64, **({"family": family} if family else {})}})
    return fig


def _png(fig: go.Figure) -> Image.Image:
    return Image.open(io.BytesIO(images.png(fig, None, width=600, height=300, scale=1))).convert("RGB")


def _ink(img: Image.Image) -> int:
    """Pixels darker than the white background."""
    return sum(img.convert("L").histogram()[:128])


def test_png_of_a_page_chart_is_presentation_wide(exporter):
    fig = go.Figure(go.Bar(x=["融合型", "共建型"], y=[62.5, 40.0]))
    fig.update_layout(template=theme.TEMPLATE, height=340)
    img = Image.open(io.BytesIO(images.png(fig, "各类型覆盖率")))
    assert img.format == "PNG"
    assert img.width >= 1600                                   # 1000 CSS px at scale 2
    assert img.height >= images.MIN_HEIGHT * images.EXPORT_SCALE


def test_chinese_title_is_drawn_in_the_cjk_font(exporter):
    """The theme's font stack (PingFang SC, Microsoft YaHei, Noto Sans CJK SC, ...) must resolve to the
    installed CJK font: the title drawn through the stack equals, pixel for pixel, the title drawn
    with that font named alone; glyphs no font has (private use area, drawn as boxes or nothing)
    give a different image, so the comparison can tell."""
    font = images.cjk_font()
    assert font is not None and ("CJK" in font or "Hei" in font)
    page_stack = _png(_title_only())
    named = _png(_title_only(font))
    tofu = _png(_title_only(text="\ue000\ue001\ue002"))
    assert _ink(page_stack) > 1000                             # three 64 px glyphs, not an empty title
    assert ImageChops.difference(page_stack, named).getbbox() is None
    assert ImageChops.difference(page_stack, tofu).getbbox() is not None


def test_svg_keeps_the_chinese_text_and_names_the_font(exporter):
    fig = go.Figure(go.Bar(x=["融合型"], y=[1]))
    fig.update_layout(template=theme.TEMPLATE)
    text = images.svg(fig, "各类型覆盖率").decode("utf-8")
    assert text.startswith("<svg")
    assert "各类型覆盖率" in text and "融合型" in text
    assert "Noto Sans CJK SC" in text


def test_export_adds_the_title_to_a_copy_not_to_the_page_figure():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    fig.update_layout(template=theme.TEMPLATE)
    out = images.for_export(fig, "<b>常信</b>村小")
    assert out.layout.title.text == "&lt;b&gt;常信&lt;/b&gt;村小"     # a name stays text in plotly
    assert fig.layout.title.text is None


def test_a_server_without_chromium_says_why(monkeypatch):
    monkeypatch.setattr(images.shutil, "which", lambda name: None)
    images.unavailable_reason.cache_clear()
    try:
        assert images.unavailable_reason() == LE.NO_CHROMIUM
        try:
            images.png(go.Figure())
        except RuntimeError as exc:
            assert str(exc) == LE.NO_CHROMIUM
        else:
            raise AssertionError("an export without a browser must refuse, not return an image")
    finally:
        images.unavailable_reason.cache_clear()
