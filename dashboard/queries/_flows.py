"""The flows in view, shared by exchanges.py and flow_gaps.py (private: no query function here)."""

from __future__ import annotations

from datetime import date

from dashboard.filters import Filters
from dashboard.queries._views import params
from dashboard.scope import Scope

FLOW_VIEW = """
flow_view as (
    select f.*
    from @table as f
    where f.school_year = $school_year::varchar
      and f.alliance_id in (select alliance_id from alliance_view where school_year = $school_year::varchar)
      and ($county::varchar is null or f.from_county_code = $county::varchar or f.to_county_code = $county::varchar)
      and ($scope_counties::varchar[] is null
           or list_contains($scope_counties::varchar[], f.from_county_code)
           or list_contains($scope_counties::varchar[], f.to_county_code))
      and ($scope_schools::varchar[] is null
           or list_contains($scope_schools::varchar[], f.from_school_id)
           or list_contains($scope_schools::varchar[], f.to_school_id))
      and ($kinds::varchar[] is null or list_contains($kinds::varchar[], f.flow_kind))@months
)"""
MONTHS = """
      and ($month_from::date is null or f.month_date >= $month_from::date)
      and ($month_to::date is null or f.month_date <= $month_to::date)"""


def flow_view(month_from: date | None, month_to: date | None) -> str:
    """The flows in view: read from the year mart when no month bounds the view (a third of the
    rows at province scale), else from the month mart."""
    if month_from is None and month_to is None:
        return FLOW_VIEW.replace("@table", "mart_flow_year").replace("@months", "")
    return FLOW_VIEW.replace("@table", "mart_flow_month").replace("@months", MONTHS)


def flow_params(scope: Scope, filters: Filters, kinds, month_from, month_to, **extra) -> dict:
    return params(scope, filters, kinds=None if kinds is None else list(kinds),
                  month_from=month_from, month_to=month_to, **extra)
