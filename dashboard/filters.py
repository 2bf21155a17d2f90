"""Global filters: county, school year, stage, alliance type. Drawn once in the sidebar by
dashboard/app.py, so they persist across pages (session state), and mirrored in the URL (?county=...&
year=...&stage=...&type=...) so a copied link reopens the same view. URL values are codes."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import streamlit as st

from dashboard.labels import common as L
from dashboard.present import format as fmt
from etl import codes

# The "全部" choice. Not None: a selectbox shows None as "nothing selected".
ALL = "all"
# Session key: (filter label, value) pairs from the URL that the data does not offer.
URL_IGNORED = "url_ignored"


def previous_school_year(school_year: str | None) -> str | None:
    """'2024-2025' -> '2023-2024'."""
    if not school_year:
        return None
    start = int(school_year[:4])
    return f"{start - 1}-{start}"


@dataclass(frozen=True)
class Filters:
    school_year: str | None = None
    county: str | None = None
    stage: str | None = None
    alliance_type: str | None = None

    def params(self) -> dict[str, str | None]:
        """SQL parameters $school_year, $previous_year, $county, $stage, $alliance_type."""
        return {"school_year": self.school_year,
                "previous_year": previous_school_year(self.school_year),
                "county": self.county, "stage": self.stage, "alliance_type": self.alliance_type}


@dataclass(frozen=True)
class _Spec:
    field: str       # Filters field
    param: str       # URL query parameter
    key: str         # widget key (stable, used by browser tests)
    label: str
    kind: str        # filter_options kind
    codelist: str | None
    has_all: bool    # "全部" offered (None)


SPECS = (
    _Spec("county", "county", "filter_county", L.FILTER_COUNTY, "county", None, True),
    _Spec("school_year", "year", "filter_year", L.FILTER_YEAR, "school_year", None, False),
    _Spec("stage", "stage", "filter_stage", L.FILTER_STAGE, "stage", "stage", True),
    _Spec("alliance_type", "type", "filter_type", L.FILTER_TYPE, "alliance_type", "alliance_type", True),
)


def _choices(spec: _Spec, options: pl.DataFrame) -> tuple[list, dict, str | None]:
    """Values in display order, their captions, and the default value."""
    rows = options.filter(pl.col("kind") == spec.kind)
    if spec.kind == "school_year":
        rows = rows.sort("value", descending=True)  # latest first: the default view
    values = rows["value"].to_list()
    names = dict(zip(values, rows["label"].to_list(), strict=True))
    captions = {}
    for v in values:
        if spec.codelist:
            captions[v] = codes.label(spec.codelist, v)
        elif spec.kind == "county":
            captions[v] = fmt.county(v, names.get(v))
        else:
            captions[v] = fmt.school_year(v)
    default = values[0] if values else None
    if spec.kind == "school_year" and rows["has_results"].any():
        # Open on the latest year with joint-exam results: a year just begun has no exams yet, and
        # its gap figures would all read "—" on a leader's first look.
        default = rows.filter(pl.col("has_results"))["value"][0]
    elif spec.kind == "county" and len(values) > 1:
        # A county bureau looks at its own county: open on the county with the most schools (the
        # partner districts of cross-region alliances hold only a few); 全部 stays one click away.
        default = rows.sort(["schools_n", "value"], descending=[True, False])["value"][0]
    elif spec.has_all:
        default = ALL
    if spec.has_all:
        values = [ALL, *values]
        captions[ALL] = L.ALL
    return values, captions, default


def sidebar(options: pl.DataFrame) -> Filters:
    """Draw the filters in the sidebar and return the current selection.

    First run of a session: seeded from the URL (invalid values are ignored). Every run: the URL
    is rewritten from the selection, every filter spelled out (county=all included), so a copied
    link still means the same view when the defaults move with new data."""
    chosen: dict[str, str | None] = {}
    st.sidebar.header(L.FILTERS_HEADER)
    for spec in SPECS:
        values, captions, default = _choices(spec, options)
        if spec.key not in st.session_state:
            from_url = st.query_params.get(spec.param)
            st.session_state[spec.key] = from_url if from_url in values else default
            if from_url is not None and from_url not in values:
                # An old or mistyped link: said once on the page (ui.page_start), not silently swapped.
                st.session_state.setdefault(URL_IGNORED, []).append((spec.label, from_url))
        elif st.session_state[spec.key] not in values:
            # A new load may drop an option that was selected: fall back to the default.
            st.session_state[spec.key] = default
        chosen[spec.field] = st.sidebar.selectbox(spec.label, values, key=spec.key,
                                                  format_func=lambda v, c=captions: c.get(v, str(v)))
    st.sidebar.caption(L.FILTERS_NOTE)
    counties = options.filter(pl.col("kind") == "county")
    st.session_state["county_names"] = dict(zip(counties["value"], counties["label"], strict=True))
    for spec in SPECS:
        value = chosen[spec.field]
        if value is None:
            if spec.param in st.query_params:
                del st.query_params[spec.param]
        elif st.query_params.get(spec.param) != value:
            st.query_params[spec.param] = value
    return _filters(chosen)


def _filters(chosen: dict[str, str | None]) -> Filters:
    return Filters(**{k: None if v == ALL else v for k, v in chosen.items()})


def current() -> Filters:
    """The selection drawn by sidebar() in this run (pages call this)."""
    return _filters({spec.field: st.session_state.get(spec.key) for spec in SPECS})
