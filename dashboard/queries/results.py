"""Joint-exam results: the urban-rural gap. Exam figures are student-weighted unless a
function says otherwise: every examinee counts once, whichever school."""

from __future__ import annotations

import polars as pl

from dashboard import db
from dashboard.filters import Filters
from dashboard.queries._views import SCHOOL_VIEW, TERM_VIEW, params, with_ctes
from dashboard.scope import Scope


def gap_by_term(scope: Scope, filters: Filters) -> pl.DataFrame:
    """Grain: one row per term x urban_rural (urban | town | rural) up to the selected school year.
    mean_pct: mean score in % of full marks; pass_rate_pct: % of examinees at or above the pass
    line; both student-weighted over all exams of the term; students_n exam sittings (a student
    in three subjects counts three), schools_n schools."""
    sql = with_ctes(SCHOOL_VIEW, TERM_VIEW, """
    final as (
        select
            school_year,
            term,
            urban_rural,
            sum(students_n)::bigint as students_n,
            count(*) as schools_n,
            sum(score_pct_sum) / sum(students_n) as mean_pct,
            100.0 * sum(pass_n) / sum(pass_base_n) as pass_rate_pct
        from term_view
        where school_year <= $school_year::varchar
        group by school_year, term, urban_rural
    )""") + """
    select * from final order by school_year, term, urban_rural
    """
    return db.query(sql, params(scope, filters))
