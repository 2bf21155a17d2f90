"""One rubric over one period for the alliances in view, ready for a page: the ranking with change
against the previous period, points by indicator, and each alliance's assessment. The pages
(考核, and the overview's ranking) call this; it reads through the rubric query functions."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard.filters import Filters
from dashboard.queries import rubric as q
from dashboard.scope import Scope
from rubric import calendar as cal
from rubric import engine, inputs, rules
from rubric.rules import Catalogue, Rubric

RANKING_SCHEMA = {
    "alliance_id": pl.String, "name": pl.String, "type": pl.String, "county_code": pl.String,
    "score": pl.Float64, "max_points": pl.Float64, "grade": pl.String, "grade_before_veto": pl.String,
    "is_vetoed": pl.Boolean, "rank": pl.Int64, "group_first": pl.Int64, "group_last": pl.Int64,
    "is_tied": pl.Boolean, "previous_score": pl.Float64, "previous_grade": pl.String, "score_change": pl.Float64,
}


@dataclass(frozen=True)
class Board:
    rubric: Rubric
    period: str
    previous_period: str
    ranking: pl.DataFrame              # RANKING_SCHEMA, best first
    points: pl.DataFrame               # alliance x indicator (or dimension): points / met
    assessments: dict[str, engine.Assessment]
    alliances: pl.DataFrame            # the period's alliance rows (rubric_alliances) of this rubric
    unassessed_n: int                  # alliances in view to which no rubric applies


def assessed_ids(cat: Catalogue, rubric_id: str, alliances: pl.DataFrame) -> set[str]:
    """Alliances of the frame to which this rubric applies (data/rubrics/assign.toml)."""
    return {aid for aid, county, kind, cross in alliances.select("alliance_id", "county_code", "type",
                                                                  "cross_region").iter_rows()
            if cat.rubric_for(county, kind, cross) == rubric_id}


def _assess(cat: Catalogue, rubric: Rubric, scope: Scope, filters: Filters, period: str
            ) -> tuple[list[engine.Assessment], pl.DataFrame, int]:
    data = inputs.fetch(scope, filters, rubric.period, period)
    ids = assessed_ids(cat, rubric.id, data.alliances)
    unassessed = sum(1 for aid, county, kind, cross in data.alliances.select(
        "alliance_id", "county_code", "type", "cross_region").iter_rows() if not cat.assessable(county, kind, cross))
    return engine.assess(rubric, data, ids), data.alliances.filter(pl.col("alliance_id").is_in(list(ids))), unassessed


def build(cat: Catalogue, rubric: Rubric, scope: Scope, filters: Filters, period: str,
          with_previous: bool = True) -> Board:
    """The board of one rubric and period, with the previous period's scores beside (none without
    with_previous: the overview shows no change and saves the second assessment)."""
    now, alliances, unassessed = _assess(cat, rubric, scope, filters, period)
    before_period = cal.previous_period(rubric.period, period)
    # A period with no record at all is unreported, not zero: no change is claimed against it.
    before = ({a.alliance_id: a for a in _assess(cat, rubric, scope, filters, before_period)[0]}
              if with_previous and before_period in offered_periods(scope, filters, rubric) else {})
    rows = []
    for r in engine.rank(now):
        a, b = r.assessment, before.get(r.assessment.alliance_id)
        rows.append({
            "alliance_id": a.alliance_id, "name": a.info["name"], "type": a.info["type"],
            "county_code": a.info["county_code"], "score": a.score, "max_points": rubric.max_points,
            "grade": a.grade, "grade_before_veto": a.grade_before_veto, "is_vetoed": a.veto is not None,
            "rank": r.rank, "group_first": r.group_first, "group_last": r.group_last, "is_tied": r.tied,
            "previous_score": b.score if b else None, "previous_grade": b.grade if b else None,
            "score_change": a.score - b.score if b else None})
    return Board(rubric, period, before_period, pl.DataFrame(rows, schema=RANKING_SCHEMA), points_frame(rubric, now),
                 {a.alliance_id: a for a in now}, alliances, unassessed)


def points_frame(rubric: Rubric, assessments: list[engine.Assessment]) -> pl.DataFrame:
    """Long frame: alliance x indicator (points rubrics: points) or x dimension (1 when met)."""
    rows = []
    for a in assessments:
        if rubric.kind == "points":
            for order, item in enumerate(a.items):
                rows.append({"alliance_id": a.alliance_id, "name": a.info["name"], "part_id": item.indicator.id,
                             "part_name": item.indicator.name, "order": order, "value": item.points or 0.0,
                             "max_value": item.indicator.points})
        else:
            for order, (dim, name, met) in enumerate(a.dimensions):
                rows.append({"alliance_id": a.alliance_id, "name": a.info["name"], "part_id": dim, "part_name": name,
                             "order": order, "value": 1.0 if met else 0.0, "max_value": 1.0})
    schema = {"alliance_id": pl.String, "name": pl.String, "part_id": pl.String, "part_name": pl.String,
              "order": pl.Int64, "value": pl.Float64, "max_value": pl.Float64}
    return pl.DataFrame(rows, schema=schema)


def period_for_school_year(kind: str, school_year: str | None, periods: list[str], strict: bool = False) -> str | None:
    """The rubric period that goes with the global school-year filter: the school year itself, the
    calendar year it ends in, or its later term with data; else (unless strict) the latest offered."""
    if school_year:
        wanted = {"school_year": [school_year], "year": [school_year[-4:]],
                  "term": [f"{school_year}/2", f"{school_year}/1"]}[kind]
        for p in wanted:
            if p in periods:
                return p
        if strict:
            return None
    return periods[0] if periods else None


def offered_periods(scope: Scope, filters: Filters, rubric: Rubric) -> list[str]:
    """Periods of the rubric's kind with counted records for alliances in view, latest first."""
    periods = q.rubric_periods(scope, filters, period_kind=rubric.period)
    return periods.filter(pl.col("records_n") > 0)["period"].to_list()


def core_teachers(b: Board, alliance_id: str) -> int | None:
    """The core school's teachers (a share-of-teachers target counts teachers)."""
    rows = b.alliances.filter(pl.col("alliance_id") == alliance_id)["core_teachers"]
    return int(rows[0]) if rows.len() and rows[0] is not None else None


def main_rubric(cat: Catalogue, alliances: pl.DataFrame) -> str | None:
    """The rubric that applies to most alliances of the frame (ties: by file name)."""
    counts: dict[str, int] = {}
    for county, kind, cross in alliances.select("county_code", "type", "cross_region").iter_rows():
        if (rid := cat.rubric_for(county, kind, cross)) in cat.rubrics:
            counts[rid] = counts.get(rid, 0) + 1
    return min(counts, key=lambda r: (-counts[r], r)) if counts else None


def overview(scope: Scope, filters: Filters) -> Board | None:
    """The overview's ranking: the rubric that applies to most alliances in view, over the period
    that goes with the selected school year; None when no alliance in view has a rubric or data."""
    cat = rules.catalogue()
    alliances = q.rubric_alliances(scope, filters)
    rubric_id = main_rubric(cat, alliances)
    if rubric_id is None:
        return None
    rubric = cat.rubrics[rubric_id]
    period = period_for_school_year(rubric.period, filters.school_year, offered_periods(scope, filters, rubric),
                                    strict=True)
    if period is None:
        return None
    b = build(cat, rubric, scope, filters, period, with_previous=False)
    return None if b.ranking.is_empty() else b
