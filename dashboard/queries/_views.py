"""The scoped views every query starts from, and the parameter helpers. Scope lives here: a
query that builds on school_view / alliance_view / term_view honours the viewer's Scope and the
global Filters (tests/dashboard/test_scope_contract.py checks every public query function).

Shared rules:
- A school is in view when its county, stage and the viewer's scope match; an alliance is in
  view when it is run from or has a member in the county, has a member of the stage (in the
  county, when one is chosen), matches the alliance type, and is within scope.
- Covered = a current member (at the school year's reference date) of at least one alliance; of
  at least one alliance of the selected type when a type is chosen.
"""

from __future__ import annotations

import polars as pl

from dashboard.filters import Filters
from dashboard.scope import MIN_EXAMINEES, Scope

# Shown in place of a withheld result (see withhold_small_results).
WITHHELD = f"<{MIN_EXAMINEES}"

# Schools in view, every school year; is_covered_view honours the alliance-type filter.
SCHOOL_VIEW = """
school_view as (
    select
        sy.*,
        case when $alliance_type::varchar is null then sy.is_covered
             else list_contains(sy.alliance_types, $alliance_type::varchar) end as is_covered_view
    from mart_school_year as sy
    where ($scope_counties::varchar[] is null or list_contains($scope_counties::varchar[], sy.county_code))
      and ($scope_schools::varchar[] is null or list_contains($scope_schools::varchar[], sy.school_id))
      and ($scope_alliances::varchar[] is null or list_has_any(sy.alliance_ids, $scope_alliances::varchar[]))
      and ($county::varchar is null or sy.county_code = $county::varchar)
      and ($stage::varchar is null or sy.stage = $stage::varchar)
)"""

# Alliances in view, every school year.
ALLIANCE_VIEW = """
alliance_view as (
    select ay.*
    from mart_alliance_year as ay
    where ($scope_counties::varchar[] is null
           or list_contains($scope_counties::varchar[], ay.county_code)
           or list_has_any(ay.member_county_codes, $scope_counties::varchar[]))
      and ($scope_alliances::varchar[] is null or list_contains($scope_alliances::varchar[], ay.alliance_id))
      and ($scope_schools::varchar[] is null or list_has_any(ay.member_school_ids, $scope_schools::varchar[]))
      and ($county::varchar is null or ay.county_code = $county::varchar
           or list_contains(ay.member_county_codes, $county::varchar))
      and ($alliance_type::varchar is null or ay.type = $alliance_type::varchar)
      -- With a county chosen, the stage must be that of a member in the county: a partner school
      -- elsewhere does not bring an alliance into another stage's view.
      and ($stage::varchar is null
           or ($county::varchar is null and list_contains(ay.member_stages, $stage::varchar))
           or list_contains(ay.member_county_stages, $county::varchar || ':' || $stage::varchar))
)"""

# Term results of schools in view; with a type chosen, only members of that type's alliances.
TERM_VIEW = """
term_view as (
    select t.*, v.urban_rural
    from mart_school_term as t
    inner join school_view as v on v.school_id = t.school_id and v.school_year = t.school_year
    where $alliance_type::varchar is null or v.is_covered_view
)"""


def withhold_small_results(df: pl.DataFrame, scope: Scope, count_col: str, value_cols: list[str]) -> pl.DataFrame:
    """The privacy rule in one place: rows whose count_col (examinees of one school's result) is
    under MIN_EXAMINEES get value_cols set to null and is_withheld = true when the scope hides
    small results (every signed-in role but admin). Pages show WITHHELD ("<5") where is_withheld;
    exports drop those rows. Apply it to school-grain results before they leave the query layer."""
    small = pl.lit(scope.small_results_hidden) & (pl.col(count_col) < MIN_EXAMINEES).fill_null(False)
    return df.with_columns(
        *[pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in value_cols],
        small.alias("is_withheld"))


def params(scope: Scope, filters: Filters, **extra) -> dict:
    return {**scope.params(), **filters.params(), **extra}


def with_ctes(*ctes: str) -> str:
    return "with " + ",\n".join(c.strip() for c in ctes)
