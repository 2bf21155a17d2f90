"""The Streamlit side of the exports: a page draws its charts, tables and maps through a
PageExports, which renders each one with a 「导出」 menu of its download buttons and 「加入会议材料」, and
puts a 「本页会议材料」 button in the sidebar that packs everything the page shows (on a page of
lazy tabs, ui.lazy_tabs, the open tab).

Files are built only when a button is pressed (st.download_button with a callable, run by
Streamlit on its own thread: no st.* inside, and everything it needs is captured at render time).
Where this server cannot build a file, the button is disabled and its help says why. Every
download is written to the export log (dashboard/audit.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import plotly.graph_objects as go
import polars as pl
import pydeck as pdk
import streamlit as st

from dashboard import audit, db, filters, ui
from dashboard.exports import images, items, maps, pack, tables
from dashboard.exports.items import ExportItem
from dashboard.labels import exports as LE
from dashboard.queries._views import WITHHELD
from etl import settings

LOG_TIME_ZONE = "Asia/Shanghai"
MEETING_ITEMS = "meeting_items"      # session key: the items picked for the 会议材料 page
MIME = {"png": "image/png", "svg": "image/svg+xml", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf"}


def viewer_name() -> str | None:
    """The signed-in user for the export log; None before sign-in exists or in the open demo."""
    name = getattr(ui, "viewer_name", None)
    return name() if name else None


def picked() -> list[ExportItem]:
    return st.session_state.setdefault(MEETING_ITEMS, [])


def add_item(item: ExportItem) -> None:
    """Put an item on the meeting list; the same item under the same filters is replaced, not doubled."""
    chosen = picked()
    for i, old in enumerate(chosen):
        if old.ident == item.ident:
            chosen[i] = item
            break
    else:
        chosen.append(item)
    st.toast(LE.ADDED.format(n=len(chosen)), icon=":material/playlist_add:")


def logged(build: Callable[[], bytes], user: str | None, target: str, detail: dict) -> Callable[[], bytes]:
    """The builder, writing one export-log record when it has built the file."""
    def run() -> bytes:
        data = build()
        audit.record("export", user, target, {**detail, "bytes": len(data)})
        return data
    return run


def without_withheld(df: pl.DataFrame) -> pl.DataFrame:
    """The table as exported: a row the page shows withheld ("<5": a school result over fewer than 5
    examinees, for every role but admin) is left out of the file, not written as "<5"."""
    text = [c for c, dtype in df.schema.items() if dtype == pl.String]
    if not text:
        return df
    return df.filter(~pl.any_horizontal(pl.col(text).eq(WITHHELD).fill_null(False)))


def links_as_shown(df: pl.DataFrame, column_config: dict | None) -> pl.DataFrame:
    """Link columns exported as the page shows them: the text a LinkColumn's display_text pattern
    takes from the URL ('/alliance?...#贺兰一小教共体' -> '贺兰一小教共体'), not the URL."""
    for name, config in (column_config or {}).items():
        type_config = config.get("type_config", {}) if isinstance(config, dict) else {}
        pattern = type_config.get("display_text")
        if type_config.get("type") != "link" or not pattern or name not in df.columns:
            continue
        column = pl.col(name).cast(pl.String)
        shown = column.str.extract(pattern, 1) if "(" in pattern else pl.lit(pattern)
        df = df.with_columns(shown.fill_null(column).alias(name))
    return df


def choices_text(choices: dict[str, str]) -> str:
    """A page's own choices in words for PageExports(extra_filters=...): '年级：七年级；学科：数学'."""
    return LE.FILTER_SEPARATOR.join(f"{label}：{value}" for label, value in choices.items())


def as_polars(table) -> pl.DataFrame:
    """A table as a page draws it (polars, pandas, or a pandas Styler) as the polars frame to export."""
    if isinstance(table, pl.DataFrame):
        return table
    data = getattr(table, "data", table)        # a Styler keeps its frame in .data
    return pl.from_pandas(data)


def bureau_name() -> str:
    return settings.get("ALLIANCE_BUREAU_NAME")


def download(label: str, build: Callable[[], bytes], *, key: str, file_name: str, fmt: str,
             reason: str | None, help: str, user: str | None, target: str, detail: dict,
             icon: str = ":material/download:", primary: bool = False) -> None:
    """One download button, disabled with the reason as its help where this server cannot build it."""
    st.download_button(label, data=logged(build, user, target, {**detail, "format": fmt}) if not reason else b"",
                       file_name=file_name, mime=MIME[fmt], key=key, on_click="ignore", icon=icon,
                       disabled=reason is not None, help=reason or help,
                       type="primary" if primary else "secondary")


class PageExports:
    """Charts, tables and maps of one page, drawn with their exports. Create it once per page run,
    after ui.page_start."""

    def __init__(self, page: str, f: filters.Filters, pack_button: bool = True, extra_filters: str = ""):
        """extra_filters: the page's own choices in words (e.g. '教共体：…'), stated with the global ones."""
        self.page = page
        state = db.state()
        self.filters = items.filters_text(f, st.session_state.get("county_names"))
        if extra_filters:
            self.filters += LE.FILTER_SEPARATOR + extra_filters
        self.data_date = items.data_date_text(state.loaded_at, state.load_id)
        self.user = viewer_name()
        self.items: list[ExportItem] = []
        images.warm_up()
        if pack_button:
            self._page_pack_button()

    def _item(self, kind: str, key: str, title: str, caption: str, **content) -> ExportItem:
        item = ExportItem(kind, key, self.page, title, caption, self.filters, self.data_date, **content)
        self.items.append(item)
        return item

    def _detail(self, item: ExportItem, **extra) -> dict:
        return {"page": self.page, "filters": self.filters, "data_date": self.data_date, **extra}

    @staticmethod
    def _menu(key: str):
        """The item's downloads and 加入会议材料, in one 导出 menu under it. A menu's buttons are drawn
        only when it is opened: a page draws one button per chart, table or map instead of three or
        four, which with their help tooltips was a tenth of the browser's work on 覆盖 and 交流."""
        return st.popover(LE.MENU, icon=":material/download:", key=f"{key}__exports")

    def _add_button(self, item: ExportItem) -> None:
        st.button(LE.ADD, key=f"{item.key}__add", on_click=add_item, args=(item,), icon=":material/playlist_add:")

    def chart(self, fig: go.Figure, key: str, title: str, caption: str, show_caption: bool = True, **plotly_kwargs):
        """The chart, its caption (grain and weighting), PNG and SVG downloads, 加入会议材料. show_caption
        False: the page writes the caption itself further down (it still travels with the exports).
        plotly_kwargs go to st.plotly_chart (on_select=...); its return value (the selection) is returned."""
        event = st.plotly_chart(fig, key=key, **plotly_kwargs)
        if caption and show_caption:
            st.caption(caption)
        item = self._item("chart", key, title, caption, figure=fig)
        reason = images.unavailable_reason()
        stem, target = items.file_stem(item), f"{self.page}/{title}"
        with self._menu(key):
            download(LE.PNG, lambda: images.png(fig, title), key=f"{key}__png", file_name=f"{stem}.png", fmt="png",
                     reason=reason, help=LE.PNG_HELP.format(width=images.EXPORT_WIDTH * images.EXPORT_SCALE),
                     user=self.user, target=target, detail=self._detail(item), icon=":material/image:")
            download(LE.SVG, lambda: images.svg(fig, title), key=f"{key}__svg", file_name=f"{stem}.svg", fmt="svg",
                     reason=reason, help=LE.SVG_HELP, user=self.user, target=target, detail=self._detail(item),
                     icon=":material/image:")
            self._add_button(item)
        return event

    def chart_or_note(self, df: pl.DataFrame, build: Callable[[pl.DataFrame], go.Figure], key: str, empty: str,
                      caption: str, title: str) -> None:
        """chart() of a query result, or the Chinese note saying why there is nothing to draw."""
        if df.is_empty():
            st.info(empty)
            return
        self.chart(build(df), key, title, caption)

    def table(self, shown, key: str, title: str, caption: str = "",
              formats: dict[str, str] | None = None, **dataframe_kwargs) -> None:
        """The whole table (st.dataframe scrolls it), XLSX and CSV downloads of all its rows, 加入会议材料.
        shown: a polars frame, or a pandas Styler (colours for the page; its data is exported). The
        caption is written by the page above the table, as the pages do; it travels with the file."""
        st.dataframe(shown, key=key, **dataframe_kwargs)
        df = without_withheld(links_as_shown(as_polars(shown), dataframe_kwargs.get("column_config")))
        item = self._item("table", key, title, caption, table=df)
        stem, target = items.file_stem(item), f"{self.page}/{title}"
        detail = self._detail(item, rows=df.height)
        too_many = None if tables.fits_xlsx(df) else LE.XLSX_TOO_MANY.format(n=f"{df.height:,}")
        filters_text, data_date = self.filters, self.data_date
        with self._menu(key):
            download(LE.XLSX, lambda: tables.xlsx_bytes(df, title, filters_text, data_date, datetime.now(), formats),
                     key=f"{key}__xlsx", file_name=f"{stem}.xlsx", fmt="xlsx", reason=too_many,
                     help=LE.XLSX_HELP.format(n=f"{df.height:,}"), user=self.user, target=target, detail=detail,
                     icon=":material/table:")
            download(LE.CSV, lambda: tables.csv_bytes(df), key=f"{key}__csv", file_name=f"{stem}.csv", fmt="csv",
                     reason=None, help=LE.CSV_HELP.format(n=f"{df.height:,}"), user=self.user, target=target,
                     detail=detail, icon=":material/table:")
            self._add_button(item)

    def map(self, deck: pdk.Deck, key: str, title: str, caption: str, legend: list[tuple[str, str]],
            height: int, legend_html: str = "", notes: tuple[str, ...] = ()) -> None:
        """The map with the page's legend (fixed HTML, no data) and notes under it, then a PNG download
        of it with legend and scale bar, and 加入会议材料."""
        st.pydeck_chart(deck, height=height, key=key)
        if legend_html:
            st.markdown(legend_html, unsafe_allow_html=True)
        for note in notes:
            st.caption(note)
        item = self._item("map", key, title, caption, deck=deck, legend=legend)
        stem, target = items.file_stem(item), f"{self.page}/{title}"
        filters_text = self.filters
        with self._menu(key):
            download(LE.MAP_PNG, lambda: maps.png(deck, title, filters_text, legend), key=f"{key}__png",
                     file_name=f"{stem}.png", fmt="png", reason=maps.unavailable_reason(), help=LE.MAP_HELP,
                     user=self.user, target=target, detail=self._detail(item), icon=":material/map:")
            self._add_button(item)

    def _page_pack_button(self) -> None:
        """本页会议材料 in the sidebar: the builder reads self.items when pressed, by which time the page
        has drawn (and listed) everything it shows under the current filters."""
        page_items = self.items
        title, bureau = LE.PACK_TITLE_OF.format(name=self.page), bureau_name()
        with st.sidebar:
            download(LE.PAGE_PACK, lambda: pack.pptx_bytes(page_items, title, bureau), key="page_pack_pptx",
                     file_name=f"{items.safe_file_name(title)}.pptx", fmt="pptx", reason=pack.unavailable_reason(),
                     help=LE.PAGE_PACK_HELP, user=self.user, target=f"{self.page}/{LE.PAGE_PACK}",
                     detail={"page": self.page, "filters": self.filters, "data_date": self.data_date},
                     icon=":material/slideshow:")


def move(index: int, step: int) -> None:
    """Move a picked item up (-1) or down (+1) the pack's order."""
    chosen = picked()
    other = index + step
    if 0 <= index < len(chosen) and 0 <= other < len(chosen):
        chosen[index], chosen[other] = chosen[other], chosen[index]


def remove(index: int) -> None:
    chosen = picked()
    if 0 <= index < len(chosen):
        del chosen[index]


def clear() -> None:
    picked().clear()


def pack_downloads(pack_items: list[ExportItem], title: str, user: str | None) -> None:
    """PPTX and PDF of the picked items, in their order; built when pressed."""
    chosen, bureau = list(pack_items), bureau_name()
    detail = {"items": [f"{i.page}/{i.title}（{i.filters}）" for i in chosen], "title": title, "bureau": bureau}
    stem = items.safe_file_name(title, 60) or LE.EXPORTS_TITLE
    with st.container(horizontal=True):
        download(LE.PPTX, lambda: pack.pptx_bytes(chosen, title, bureau), key="pack_pptx", file_name=f"{stem}.pptx",
                 fmt="pptx", reason=pack.unavailable_reason(), help=LE.PPTX_HELP, user=user,
                 target=f"{LE.EXPORTS_TITLE}/{title}", detail=detail, icon=":material/slideshow:", primary=True)
        download(LE.PDF, lambda: pack.pdf_bytes(chosen, title, bureau), key="pack_pdf", file_name=f"{stem}.pdf",
                 fmt="pdf", reason=pack.pdf_unavailable_reason(), help=LE.PDF_HELP, user=user,
                 target=f"{LE.EXPORTS_TITLE}/{title}", detail=detail, icon=":material/picture_as_pdf:")


def picked_list() -> None:
    """The picked items in pack order, each with its filters and data date, and buttons to reorder
    or remove it. Titles and filters hold names from the data: escaped for markdown."""
    from dashboard.present import format as fmt

    chosen = picked()
    for i, item in enumerate(chosen):
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            with st.container():
                st.markdown(LE.ITEM_LINE.format(n=i + 1, title=fmt.md_text(item.title), kind=LE.KIND[item.kind],
                                                page=fmt.md_text(item.page)))
                st.caption(fmt.md_text(LE.ITEM_FILTERS.format(filters=item.filters, data_date=item.data_date)))
            st.button(LE.UP, key=f"pick_up_{i}", on_click=move, args=(i, -1), disabled=i == 0,
                      icon=":material/arrow_upward:")
            st.button(LE.DOWN, key=f"pick_down_{i}", on_click=move, args=(i, 1), disabled=i == len(chosen) - 1,
                      icon=":material/arrow_downward:")
            st.button(LE.REMOVE, key=f"pick_remove_{i}", on_click=remove, args=(i,), icon=":material/delete:")


def log_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Export-log records as a Chinese table: when, who, what, with which filters and format."""
    import json

    def detail_text(raw: str | None) -> str:
        detail = json.loads(raw or "{}")
        parts = [detail.get("filters", ""), detail.get("format", "")]
        if detail.get("rows") is not None:
            parts.append(f"{detail['rows']:,} 行")
        return "；".join(p for p in parts if p)

    return df.select(
        # Stored in UTC; a bureau reads Beijing time.
        pl.col("at").str.to_datetime(time_zone="UTC").dt.convert_time_zone(LOG_TIME_ZONE)
        .dt.strftime("%Y-%m-%d %H:%M:%S").alias(LE.LOG_COLUMNS["at"]),
        pl.col("user_name").fill_null(LE.ANONYMOUS).alias(LE.LOG_COLUMNS["user_name"]),
        pl.col("target").alias(LE.LOG_COLUMNS["target"]),
        pl.col("detail").map_elements(detail_text, return_dtype=pl.String).alias(LE.LOG_COLUMNS["detail"]),
    )


def alliance_pack_download(scope, school_year: str | None, alliance_id: str, name: str, key: str) -> None:
    """One click: the pack of one alliance (the detail page's charts, tables and map), built when pressed."""
    from dashboard.exports import alliance_pack

    state, user, bureau = db.state(), viewer_name(), bureau_name()
    data_date = items.data_date_text(state.loaded_at, state.load_id)
    outlines = ui.outlines()
    title = LE.PACK_TITLE_OF.format(name=name)
    download(LE.ALLIANCE_PACK,
             lambda: pack.pptx_bytes(alliance_pack.alliance_items(scope, school_year, alliance_id, data_date, outlines),
                                     title, bureau),
             key=key, file_name=items.safe_file_name(title) + ".pptx",
             fmt="pptx", reason=pack.unavailable_reason(), help=LE.ALLIANCE_PACK_HELP, user=user,
             target=f"{LE.ALLIANCE_PACK_HEADER}/{name}",
             detail={"alliance_id": alliance_id, "filters": alliance_pack.alliance_filters_text(school_year, name,
                                                                                                 alliance_id),
                     "data_date": data_date}, icon=":material/slideshow:", primary=True)
