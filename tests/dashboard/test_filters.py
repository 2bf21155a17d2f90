"""Default filter choices: what a leader sees first when opening the dashboard."""

from __future__ import annotations

import polars as pl

from dashboard import filters


def _options(years: dict[str, bool]) -> pl.DataFrame:
    return pl.DataFrame({
        "kind": ["school_year"] * len(years),
        "value": list(years),
        "label": list(years),
        "schools_n": [None] * len(years),
        "has_results": list(years.values()),
    }, schema_overrides={"schools_n": pl.Int64})


def _year_spec():
    return next(s for s in filters.SPECS if s.kind == "school_year")


def test_default_year_is_the_latest_with_exam_results():
    values, _, default = filters._choices(_year_spec(), _options(
        {"2023-2024": True, "2024-2025": True, "2025-2026": False}))
    assert values == ["2025-2026", "2024-2025", "2023-2024"]   # latest first in the list
    assert default == "2024-2025"                               # but opens on a year with exams


def test_default_year_without_any_results_is_the_latest():
    _, _, default = filters._choices(_year_spec(), _options({"2023-2024": False, "2024-2025": False}))
    assert default == "2024-2025"
