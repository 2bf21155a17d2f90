"""会议材料: the charts, tables and maps picked on the other pages (each with the filters it was
picked under), put in order and downloaded as one PPTX or PDF; one alliance's pack in one click;
and the export log."""

from __future__ import annotations

import streamlit as st

from dashboard import audit, ui
from dashboard.exports import widgets
from dashboard.labels import exports as LE
from dashboard.queries import alliance

LOG_ROWS = 50

f = ui.page_start(LE.EXPORTS_TITLE)
scope = ui.viewer_scope()
st.caption(LE.EXPORTS_INTRO)
if not widgets.bureau_name():
    st.caption(LE.BUREAU_MISSING)

st.subheader(LE.ITEMS_HEADER)
chosen = widgets.picked()
if not chosen:
    st.info(LE.EXPORTS_EMPTY)
else:
    widgets.picked_list()
    st.button(LE.CLEAR, key="pick_clear", on_click=widgets.clear, icon=":material/clear_all:")
    st.subheader(LE.PACK_HEADER)
    title = st.text_input(LE.PACK_TITLE, value=LE.PACK_TITLE_DEFAULT, key="pack_title", max_chars=60)
    widgets.pack_downloads(chosen, title or LE.PACK_TITLE_DEFAULT, widgets.viewer_name())

st.subheader(LE.ALLIANCE_PACK_HEADER)
alliances = alliance.alliance_profile(scope, f)
if alliances.is_empty():
    st.info(LE.ALLIANCE_PACK_NONE)
else:
    names = dict(zip(alliances["alliance_id"].to_list(), alliances["name"].to_list(), strict=True))
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen_alliance = st.selectbox(LE.ALLIANCE_PACK_CHOOSE, list(names), key="pack_alliance",
                                       format_func=lambda a: f"{names[a]}（{a}）")
        widgets.alliance_pack_download(scope, f.school_year, chosen_alliance, names[chosen_alliance],
                                       key="pack_alliance_pptx")

st.subheader(LE.LOG_HEADER)
log = audit.entries("export", limit=LOG_ROWS)
if log.is_empty():
    st.info(LE.LOG_EMPTY)
else:
    st.caption(LE.LOG_CAPTION.format(n=log.height))
    st.dataframe(widgets.log_frame(log), hide_index=True, key="export_log")
