"""Page furniture shared by dashboard/app.py and the pages: the viewer's scope and name (from
dashboard/auth.py), the sidebar header with the demo label, the no-data explanation, and the county
outlines file."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import auth, db, filters
from dashboard.labels import common as L
from dashboard.labels import signin as LS
from dashboard.present import format as fmt
from dashboard.scope import Scope
from etl import settings
from etl.settings import ROOT

OUTLINES_PATH = ROOT / "data" / "geo" / "outlines.geojson"


# Sign-in on but nobody signed in: no row at all (pages do not run then; this is a safety net).
NOBODY = Scope(counties=(), alliances=(), schools=(), small_results_hidden=True)


def viewer_scope() -> Scope:
    """What the viewer may see: the signed-in account's role scope (the viewed-as account's for an
    admin viewing as someone); everything in the open demo (no users file)."""
    user = auth.viewer()
    if user is None:
        return NOBODY if auth.enabled() else auth.scope_of(None)
    return auth.scope_of(user)


def viewer_name() -> str | None:
    """The signed-in account's name (the admin's own when viewing as someone); None in the open demo.
    For the audit and export logs."""
    user = auth.signed_in()
    return user.name if user else None


def is_admin() -> bool:
    """Whether the viewer is an admin (viewing as someone else shows that account's pages)."""
    user = auth.viewer()
    return user is not None and user.role == "admin"


def require_admin() -> None:
    """Stop an admin-only page for anyone else (a URL reaches a page the navigation hides)."""
    if not is_admin():
        st.error(LS.ADMIN_ONLY, icon=":material/lock:")
        st.stop()


def outside_access(what: str) -> None:
    """Say that something asked for by a URL (?alliance=...) is outside the viewer's access, or absent:
    the viewer cannot tell which, and must not learn it."""
    st.warning(LS.OUTSIDE_ACCESS.format(what=fmt.md_text(what)), icon=":material/lock:")


def sidebar_header(state: db.DataState) -> None:
    st.sidebar.markdown(f"**{L.APP_TITLE}**")
    auth.sidebar()
    if state.ready and state.is_demo:
        st.sidebar.badge(L.DEMO_BADGE, icon=":material/science:", color="orange", help=L.DEMO_HELP)
    if state.ready and state.load_id is not None and state.loaded_at is not None:
        st.sidebar.caption(L.DATA_AS_OF.format(loaded_at=state.loaded_at.strftime("%Y-%m-%d %H:%M"),
                                               load_id=state.load_id))


def no_data(state: db.DataState) -> None:
    """The Chinese explanation of how to load data, shown instead of a page."""
    st.title(L.STALE_TITLE if state.kind == "stale" else L.NO_DATA_TITLE)
    reason = {"missing": L.NO_DATA_MISSING, "unreadable": L.NO_DATA_UNREADABLE,
              "stale": L.NO_DATA_STALE}.get(state.kind, L.NO_DATA_EMPTY)
    # Commands name the configured live path: loading into or rebuilding the versioned file it
    # points at would put a link where that file was.
    live = str(settings.db_path())
    st.info(reason.format(path=live, detail=state.detail), icon=":material/database:")
    if state.kind != "stale":       # the data is there: only the rebuild command applies
        st.markdown(L.NO_DATA_HOWTO.format(path=live))


def page_start(title: str) -> filters.Filters:
    """Every page begins here: the no-data state stops the page with an explanation."""
    state = db.state()
    if not state.ready:
        no_data(state)
        st.stop()
    st.title(title)
    if ignored := st.session_state.pop(filters.URL_IGNORED, None):
        # A restricted viewer's filters offer only what is in scope: a value outside it is
        # "outside your access", not "not in the data".
        template = LS.URL_OUTSIDE_ACCESS if viewer_scope().restricted else L.URL_IGNORED
        st.warning(template.format(values="、".join(f"{label}「{fmt.md_text(value)}」" for label, value in ignored)))
    if state.is_demo:
        st.caption(f":orange-badge[{L.DEMO_BADGE}] {L.DEMO_HELP}")
    return filters.current()


def scope_caption(f: filters.Filters, template: str) -> str:
    """The intro line of a page, in markdown: the county name comes from the data, so it is escaped."""
    return template.format(scope=fmt.md_text(fmt.county(f.county, _county_name(f.county))),
                           year=fmt.school_year(f.school_year),
                           previous=fmt.school_year(filters.previous_school_year(f.school_year)))


def _county_name(code: str | None) -> str | None:
    return st.session_state.get("county_names", {}).get(code) if code else None


@functools.lru_cache(maxsize=4)
def _read_outlines(path: str, mtime_ns: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def outlines() -> dict | None:
    """The shipped county outlines (WGS84 GeoJSON), or None when the file is absent or broken."""
    try:
        return _read_outlines(str(OUTLINES_PATH), OUTLINES_PATH.stat().st_mtime_ns)
    except (OSError, ValueError):
        return None


def chart_or_note(df: pl.DataFrame, build: Callable[[pl.DataFrame], go.Figure], key: str, empty: str,
                  caption: str) -> None:
    """A plotly chart of a query result with its caption, or the Chinese note saying why there is
    nothing to draw (empty axes explain nothing)."""
    if df.is_empty():
        st.info(empty)
        return
    st.plotly_chart(build(df), key=key)
    st.caption(caption)


def alliance_links() -> dict:
    """column_config for a table whose 教共体 column holds present.format.alliance_link values: the
    name shows, a click opens the alliance's detail page; exports write the name."""
    from dashboard.present.tables import LINK_TEXT

    return {L.COL_ALLIANCE: st.column_config.LinkColumn(display_text=LINK_TEXT)}


def selected_alliance_link(event, school_year: str | None) -> None:
    """Under a chart whose points carry an alliance id as their last customdata (the rubric ranking
    bars), a link to the detail page of the bar the user selected."""
    from dashboard.present.format import alliance_link, md_text

    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else \
        getattr(getattr(event, "selection", None), "points", []) or []
    for point in points[:1]:
        alliance_id = (point.get("customdata") or [None])[-1]
        if alliance_id:
            name = str(point.get("y") or alliance_id)
            st.markdown(L.SELECTED_ALLIANCE.format(name=md_text(name),
                                                   link=alliance_link(alliance_id, school_year=school_year)))


def lazy_tabs(sections: dict[str, Callable[[], None]], key: str) -> None:
    """The page's sections as tabs of which only the open one runs and draws (the first by default).
    The open tab is in the URL as ?<key>=<label>, so a copied link reopens it. A map page drew every
    chart and table under its map before the page was ready: on 覆盖 and 交流 that was 2-3 times a
    bare page with one map; the map's tab alone draws like the bare page, the others on a click."""
    tabs = st.tabs(list(sections), key=key, bind="query-params")
    for tab, draw in zip(tabs, sections.values(), strict=True):
        # .open is None only when the tabs do not track state: then every section runs.
        if tab.open is not False:
            with tab:
                draw()
