"""Charts as PNG and SVG, rendered on the server by kaleido (headless Chromium) from the very
figure the page shows, with its title added so the image stands alone on a slide.

One warm kaleido server per process: a cold export starts a browser each time (2-4 s), a warm one
answers in ~0.2 s (docs: tech-notes.md). It is started lazily on the first export, not at import,
so pages that nobody exports from never pay for a browser."""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
import warnings

import plotly.graph_objects as go

from dashboard import theme
from dashboard.charts._layout import plain
from dashboard.labels import exports as LE

# Presentation size: 1000 x height CSS px drawn at scale 2 gives 2000 px wide PNGs, sharp on a
# projector, with text at the size the page shows it relative to the chart.
EXPORT_WIDTH = 1000
EXPORT_SCALE = 2
MIN_HEIGHT = 420
TITLE_MARGIN = 70
CJK_FONT_PATTERN = ":lang=zh-cn"

_server_lock = threading.Lock()
_server_started = False


@functools.cache
def cjk_font() -> str | None:
    """The family fontconfig gives for Chinese text, or None when no installed font covers it."""
    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(["fc-list", CJK_FONT_PATTERN, "family"], capture_output=True, text=True,
                         timeout=20).stdout
    families = sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})
    preferred = [f for f in families if "Sans CJK SC" in f or "Micro Hei" in f]
    return (preferred or families or [None])[0]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@functools.cache
def unavailable_reason() -> str | None:
    """Why charts cannot be exported on this server (in Chinese, for the button), or None."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return LE.NO_KALEIDO
    if chromium_path() is None:
        return LE.NO_CHROMIUM
    if cjk_font() is None:
        return LE.NO_CJK_FONT
    return None


def _warm_server() -> None:
    """Start the process's one kaleido server once; threads (Streamlit runs each deferred download
    on its own thread) share it."""
    global _server_started
    with _server_lock:
        if not _server_started:
            import kaleido

            kaleido.start_sync_server(n=1, mathjax=False, silence_warnings=True)
            _server_started = True


_warm_started = False


def warm_up() -> None:
    """Start the browser in the background on a page's first run, so the first press of a download
    button is already warm (~0.2 s, not 3 s). Once per process; nothing when exports are unavailable."""
    global _warm_started
    with _server_lock:
        if _warm_started or unavailable_reason() is not None:
            return
        _warm_started = True
    threading.Thread(target=lambda: render(go.Figure(), "png", width=50, height=50, scale=1), daemon=True,
                     name="kaleido-warm-up").start()


def for_export(fig: go.Figure, title: str | None = None) -> go.Figure:
    """A copy of the page's figure with its title on top and a white background; the page's own
    figure is left untouched."""
    out = go.Figure(fig)
    if title:
        top = (out.layout.margin.t or 0) + TITLE_MARGIN
        out.update_layout(title={"text": plain(title), "x": 0.01, "xanchor": "left", "font": {"size": 20}},
                          margin={"t": top})
        # The legend sits above the plot (theme): keep it below the title.
        out.update_layout(legend={"y": 1.02})
    out.update_layout(paper_bgcolor="white", plot_bgcolor="white", font={"family": theme.FONT_FAMILY})
    return out


def _size(fig: go.Figure, width: int) -> tuple[int, int]:
    height = fig.layout.height or MIN_HEIGHT
    return width, max(int(height), MIN_HEIGHT)


def render(fig: go.Figure, fmt: str, title: str | None = None, width: int = EXPORT_WIDTH,
           height: int | None = None, scale: int = EXPORT_SCALE) -> bytes:
    """The figure as 'png' or 'svg' bytes. Raises RuntimeError with the Chinese reason when this
    server cannot export (callers show unavailable_reason() on the button first)."""
    if (reason := unavailable_reason()) is not None:
        raise RuntimeError(reason)
    _warm_server()
    out = for_export(fig, title)
    w, h = _size(out, width)
    with warnings.catch_warnings():
        # plotly passes its own kaleido options, which a running server ignores (it has them).
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return out.to_image(format=fmt, width=w, height=height or h, scale=scale if fmt == "png" else 1)


def png(fig: go.Figure, title: str | None = None, **kwargs) -> bytes:
    return render(fig, "png", title, **kwargs)


def svg(fig: go.Figure, title: str | None = None, **kwargs) -> bytes:
    return render(fig, "svg", title, **kwargs)
