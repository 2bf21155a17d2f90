"""Fetch one period's engine inputs through the rubric query functions (scope and filters apply)."""

from __future__ import annotations

from dashboard.filters import Filters
from dashboard.queries import rubric as q
from dashboard.scope import Scope
from rubric.engine import Inputs


def fetch(scope: Scope, filters: Filters, period_kind: str, period: str | None) -> Inputs:
    kw = {"period_kind": period_kind, "period": period}
    return Inputs(q.rubric_alliances(scope, filters, **kw), q.rubric_counts(scope, filters, **kw),
                  q.rubric_months(scope, filters, **kw), q.rubric_surveys(scope, filters, **kw),
                  q.rubric_results(scope, filters, **kw))
