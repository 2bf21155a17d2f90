"""Entry point (`streamlit run dashboard/app.py`): page registry, sidebar filters, then the chosen page.

Every page is registered in PAGES; the global filters, sign-in and the no-data state apply to
every page.

The entry lives in dashboard/, not beside pages/: Streamlit treats a pages/ folder next to the entry
script as the old directory-based navigation and then never runs this file's st.navigation."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# Streamlit puts this file's folder on sys.path; the project root is needed for `dashboard`/`etl`.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import auth, db, filters, ui  # noqa: E402
from dashboard.labels import common as L  # noqa: E402
from dashboard.queries import options  # noqa: E402

st.set_page_config(page_title=L.APP_TITLE, page_icon=str(ROOT / "dashboard" / "assets" / "favicon.png"), layout="wide")

OVERVIEW = st.Page("../pages/overview.py", title=L.PAGE_OVERVIEW, icon=":material/dashboard:",
                   url_path="overview")
# In the order a bureau reads them: headline, coverage, quality gap, flows, assessment, one alliance,
# then the office's tools. The data management page is listed for admins only.
PAGES = [
    OVERVIEW,
    st.Page("../pages/coverage.py", title=L.PAGE_COVERAGE, icon=":material/map:", url_path="coverage"),
    st.Page("../pages/gaps.py", title=L.PAGE_GAPS, icon=":material/compare_arrows:", url_path="gaps"),
    st.Page("../pages/flows.py", title=L.PAGE_FLOWS, icon=":material/swap_horiz:", url_path="flows"),
    st.Page("../pages/rubric.py", title=L.PAGE_RUBRIC, icon=":material/fact_check:", url_path="rubric"),
    st.Page("../pages/alliance.py", title=L.PAGE_ALLIANCE, icon=":material/school:", url_path="alliance"),
    st.Page("../pages/exports.py", title=L.PAGE_EXPORTS, icon=":material/slideshow:", url_path="exports"),
    st.Page("../pages/admin.py", title=L.PAGE_ADMIN, icon=":material/admin_panel_settings:", url_path="admin",
            visibility="visible" if ui.is_admin() else "hidden"),
]

def _home() -> None:
    # The root URL forwards to 总览 so that every page, the first included, has its own path
    # (/overview, /coverage) and a copied link names the page it shows.
    st.switch_page(OVERVIEW, query_params=st.query_params.to_dict())


page = st.navigation([st.Page(_home, title=L.APP_TITLE, url_path="home", default=True, visibility="hidden"),
                      *PAGES], position="sidebar" if auth.passed() else "hidden")
# With accounts in the users file no page runs before sign-in; the navigation is set up first so
# that a link's page (/coverage?county=...) is the one shown after signing in.
if not auth.gate():
    st.stop()
state = db.state()
ui.sidebar_header(state)
if state.ready:
    filters.sidebar(options.filter_options(ui.viewer_scope()))
page.run()
