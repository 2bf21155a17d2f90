"""Entry point (`streamlit run app.py`): page registry, sidebar filters, then the chosen page.

Later pages (差距, 交流, 考核, 教共体详情 at ?alliance=ID) are added to PAGES; the filters and the
no-data state already apply to every page."""

from __future__ import annotations

import streamlit as st

from dashboard import db, filters, queries, ui
from dashboard import labels as L

st.set_page_config(page_title=L.APP_TITLE, page_icon=":material/school:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title=L.PAGE_OVERVIEW, icon=":material/dashboard:", url_path="overview",
            default=True),
    st.Page("pages/coverage.py", title=L.PAGE_COVERAGE, icon=":material/map:", url_path="coverage"),
]

page = st.navigation(PAGES)
state = db.state()
ui.sidebar_header(state)
if state.ready:
    filters.sidebar(queries.filter_options(ui.viewer_scope()))
page.run()
