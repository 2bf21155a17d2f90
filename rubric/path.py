"""The shortest way to the next grade: the fewest further records (lessons, sessions, pairs,
teachers...) that lift an alliance one grade, with the veto checked first.

Only what can still be done counts as a step: records of count indicators. Satisfaction, exam
results, value-added and the on-time calendar cannot be made up by adding records; when the next
grade needs them, the path says how far records alone can go."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rubric.engine import EPS, Assessment, ItemResult, grade_rank, is_met, proportional_points
from rubric.rules import FAIL_GRADE, GRADES, Indicator, Rubric

COUNTABLE = ("activities", "exchanges", "mentor_pairs", "joint_exams")


@dataclass(frozen=True)
class Step:
    indicator: Indicator
    units: int                   # further records (teachers for a share of the core's teachers)
    gain: float                  # points gained (points rubrics) or 0


@dataclass(frozen=True)
class Path:
    grade: str | None            # the next grade; None when already 优秀
    steps: tuple[Step, ...]
    reachable: bool              # the steps reach it
    blocked_by_veto: bool        # the next grade is above the veto's cap
    other_gaps: tuple[ItemResult, ...] = ()   # unmet items records cannot fix (dimension rubrics)
    points_short: float = 0.0    # points still missing after every possible record (points rubrics)


def _units_needed(item: ItemResult, core_teachers: int | None) -> int | None:
    """Further records that meet the item's target; None when records cannot (rates, no data)."""
    ind = item.indicator
    if ind.counts not in COUNTABLE or item.target is None or ind.at_most:
        return None
    if ind.share_of == "core_teachers":
        if not core_teachers:
            return None
        have = round((item.actual or 0) * core_teachers / 100)
        return max(math.ceil(item.target * core_teachers / 100 - EPS) - have, 0)
    return max(math.ceil(item.target - (item.actual or 0) - EPS), 0)


def _gain(item: ItemResult, k: int, core_teachers: int | None) -> float:
    """Points an item gains with k further records."""
    ind = item.indicator
    if k == 0:
        return 0.0
    actual = item.actual or 0.0
    if ind.share_of == "core_teachers":
        actual += 100.0 * k / core_teachers
    else:
        actual += k
    if ind.rule == "proportional":
        new = proportional_points(ind, actual, item.target, item.subjects_n)
    else:
        new = ind.points if is_met(ind, actual, item.target, item.subjects_n) else 0.0
    return max(new - (item.points or 0.0), 0.0)


def _fewest_records(options: list[tuple[ItemResult, int]], need: float, core_teachers: int | None
                    ) -> tuple[list[int], float] | None:
    """Exact: fewest records in all reaching `need` points (a small bounded knapsack over items);
    -> records per item, or None when even all of them fall short."""
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for item, cap in options:
        nxt: dict[int, tuple[float, list[int]]] = {}
        for used, (gained, picks) in best.items():
            for k in range(cap + 1):
                g = gained + _gain(item, k, core_teachers)
                u = used + k
                if u not in nxt or g > nxt[u][0] + EPS:
                    nxt[u] = (g, [*picks, k])
        best = nxt
    for used in sorted(best):
        if best[used][0] + EPS >= need:
            return best[used][1], best[used][0]
    return None


def next_grade(rubric: Rubric, a: Assessment, core_teachers: int | None = None) -> Path:
    """The path from a.grade to the grade above it."""
    rank = grade_rank(a.grade)
    if rank == 0:
        return Path(None, (), True, False)
    target_grade = (*GRADES, FAIL_GRADE)[rank - 1]
    # Veto first: no amount of records lifts a vetoed alliance above the cap.
    if a.veto and rubric.veto and grade_rank(target_grade) < grade_rank(rubric.veto.caps_at):
        return Path(target_grade, (), False, True)
    cut = dict(rubric.grades)[target_grade]
    if rubric.kind == "points":
        return _points_path(a, target_grade, cut - a.score, core_teachers)
    return _dimension_path(a, target_grade, int(round(cut - a.score)), core_teachers)


def _points_path(a: Assessment, grade: str, need: float, core_teachers: int | None) -> Path:
    options = [(i, u) for i in a.items if (u := _units_needed(i, core_teachers))]
    found = _fewest_records(options, need, core_teachers)
    if found is None:
        everything = sum(_gain(i, u, core_teachers) for i, u in options)
        steps = tuple(Step(i.indicator, u, _gain(i, u, core_teachers)) for i, u in options)
        return Path(grade, steps, False, False, points_short=need - everything)
    picks, _ = found
    steps = tuple(Step(i.indicator, k, _gain(i, k, core_teachers)) for (i, _), k in zip(options, picks, strict=True)
                  if k > 0)
    return Path(grade, steps, True, False)


def _dimension_path(a: Assessment, grade: str, dims_needed: int, core_teachers: int | None) -> Path:
    """The cheapest dimensions to meet: those records alone can meet first, fewest records first."""
    costs = []
    for dim, _name, met in a.dimensions:
        if met:
            continue
        unmet = [i for i in a.items if i.indicator.dimension == dim and not i.met]
        units = [(i, _units_needed(i, core_teachers)) for i in unmet]
        fixable = all(u is not None for _, u in units)
        costs.append((not fixable, sum(u or 0 for _, u in units), dim, units))
    costs.sort(key=lambda c: (c[0], c[1], c[2]))
    chosen = costs[:dims_needed]
    steps = tuple(Step(i.indicator, u, 0.0) for c in chosen for i, u in c[3] if u)
    gaps = tuple(i for c in chosen for i, u in c[3] if u is None)
    return Path(grade, steps, not gaps and len(chosen) == dims_needed, False, other_gaps=gaps)
