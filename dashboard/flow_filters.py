"""The 交流 page's own filters: flow kinds, month range, measure. Drawn on the page (they apply to
this page only) and mirrored in the URL (?kinds=ex_rotation,act_sync_class&months=2024-09~2025-02&
measure=person_days) the way dashboard/filters.py mirrors the global ones, so a copied link
reopens the same view. Values in the URL are codes; invalid ones fall back to the defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from dashboard.labels import flows as LF
from dashboard.present import format as fmt

KINDS_KEY, MONTHS_KEY, MEASURE_KEY = "flows_kinds", "flows_months", "flows_measure"
KINDS_PARAM, MONTHS_PARAM, MEASURE_PARAM = "kinds", "months", "measure"


@dataclass(frozen=True)
class FlowFilters:
    kinds: tuple[str, ...]
    month_from: date | None     # None, None: the whole school year
    month_to: date | None
    measure: str

    def options(self) -> dict:
        """Keyword arguments of the exchanges query functions."""
        return {"kinds": self.kinds, "month_from": self.month_from, "month_to": self.month_to}


def school_year_months(school_year: str | None) -> list[date]:
    """September to August of a school year ('2024-2025' -> 2024-09-01 ... 2025-08-01)."""
    if not school_year:
        return []
    start = int(school_year[:4])
    return [date(start + (m < 9), m, 1) for m in (*range(9, 13), *range(1, 9))]


def _month_code(d: date) -> str:
    return f"{d.year}-{d.month:02d}"


def _months_from_url(value: str | None, months: list[date]) -> tuple[date, date] | None:
    by_code = {_month_code(m): m for m in months}
    parts = (value or "").split("~")
    if len(parts) == 2 and parts[0] in by_code and parts[1] in by_code and by_code[parts[0]] <= by_code[parts[1]]:
        return by_code[parts[0]], by_code[parts[1]]
    return None


def draw(school_year: str | None) -> FlowFilters:
    """Draw the three filters in one row and return the selection; first run seeded from the URL."""
    months = school_year_months(school_year)
    if KINDS_KEY not in st.session_state:
        from_url = [k for k in (st.query_params.get(KINDS_PARAM) or "").split(",") if k in LF.FLOW_KINDS]
        st.session_state[KINDS_KEY] = from_url or list(LF.DEFAULT_KINDS)
    if MEASURE_KEY not in st.session_state:
        from_url = st.query_params.get(MEASURE_PARAM)
        st.session_state[MEASURE_KEY] = from_url if from_url in LF.MEASURES else "person_times"
    kept = st.session_state.get(MONTHS_KEY)
    if months and not (isinstance(kept, (tuple, list)) and len(kept) == 2 and all(m in months for m in kept)):
        # First run, or the school year changed (or a range came back as one value): the URL's range
        # (the last one chosen) if it lies in the year, else the whole year.
        st.session_state[MONTHS_KEY] = _months_from_url(st.query_params.get(MONTHS_PARAM), months) or (
            months[0], months[-1])

    left, middle, right = st.columns([3, 2, 1])
    kinds = left.multiselect(LF.FILTER_KINDS, list(LF.FLOW_KINDS), key=KINDS_KEY, format_func=LF.FLOW_KINDS.get,
                             help=LF.FILTER_KINDS_HELP)
    month_from = month_to = None
    if months:
        month_from, month_to = middle.select_slider(LF.FILTER_MONTHS, options=months, key=MONTHS_KEY,
                                                    format_func=fmt.month)
    measure = right.radio(LF.FILTER_MEASURE, list(LF.MEASURES), key=MEASURE_KEY, format_func=LF.MEASURES.get,
                          horizontal=True)

    wanted = {KINDS_PARAM: ",".join(kinds) if kinds else None,
              MONTHS_PARAM: f"{_month_code(month_from)}~{_month_code(month_to)}" if month_from else None,
              MEASURE_PARAM: measure}
    for param, value in wanted.items():
        if value is None:
            if param in st.query_params:
                del st.query_params[param]
        elif st.query_params.get(param) != value:
            st.query_params[param] = value
    if months and (month_from, month_to) == (months[0], months[-1]):
        month_from = month_to = None        # the whole year: the queries then read the year mart
    return FlowFilters(tuple(kinds), month_from, month_to, measure)
