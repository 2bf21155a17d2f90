"""Scoring, grading and the veto: one rubric applied to every alliance of a period. Pure Python
over the frames the rubric query functions return (dashboard/queries/rubric.py); no Streamlit.

Rules (rubric/rules.py declares them per indicator):
- proportional: points x min(actual / target, 1), times min(subjects / subjects_min, 1) when the
  indicator asks for several subjects; met when both are reached.
- threshold: all the points (or 达标) when actual >= target (<= when at_most), none otherwise.
- satisfaction: base_points + (rate - base_pct) x points_per_pct, bounded by 0 and the item's points.
- on_time: the item's points shared equally among the calendar checkpoints due, each earned when
  the mean progress of the tasks reached the planned share by then (rubric/calendar.py).
A target per member is multiplied by the alliance's member schools other than the core (at least 1).
A veto (一票否优) caps the grade when the listed tasks are not all complete by the deadline month."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from rubric import calendar as cal
from rubric.rules import FAIL_GRADE, GRADES, Indicator, Rubric

EPS = 1e-9
TEXT_FIELDS = ("name", "type", "county_code", "core_school_name")


@dataclass(frozen=True)
class Inputs:
    """What one period's assessment reads (dashboard/queries/rubric.py, same period for all)."""

    alliances: pl.DataFrame
    counts: pl.DataFrame
    months: pl.DataFrame
    surveys: pl.DataFrame
    results: pl.DataFrame


@dataclass(frozen=True)
class ItemResult:
    indicator: Indicator
    actual: float | None               # None: no data to judge by
    target: float | None               # the alliance's own target (per-member targets multiplied)
    points: float | None               # points rubrics only
    met: bool
    subjects_n: int | None = None
    checkpoints: tuple[cal.Checkpoint, ...] = ()


@dataclass(frozen=True)
class VetoResult:
    due: date
    progress_pct: float
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    alliance_id: str
    info: dict
    score: float                       # points, or dimensions met
    grade: str
    grade_before_veto: str
    veto: VetoResult | None            # set when the veto applies
    items: tuple[ItemResult, ...]
    dimensions: tuple[tuple[str, str, bool], ...] = ()   # (id, name, met)
    members_n: int = 0

    def item(self, indicator_id: str) -> ItemResult:
        return next(i for i in self.items if i.indicator.id == indicator_id)


@dataclass
class _Lookup:
    """Per-alliance figures of one indicator, computed once for all alliances."""

    actual: dict[str, float] = field(default_factory=dict)
    subjects: dict[str, int] = field(default_factory=dict)


def _select(df: pl.DataFrame, ind: Indicator) -> pl.DataFrame:
    """The count rows an indicator counts (activities / exchanges / pairs, its filters)."""
    if df.is_empty():
        return df
    if ind.counts == "activities":
        cond = (pl.col("record_kind") == "activity") & pl.col("record_type").is_in(list(ind.activity_types))
    elif ind.counts == "exchanges":
        cond = (pl.col("record_kind") == "exchange") & pl.col("record_type").is_in(list(ind.exchange_kinds))
        if ind.months_min > 0:
            cond = cond & (pl.col("months").fill_null(-1) >= ind.months_min)
    else:
        cond = (pl.col("record_kind") == "mentorship") & (pl.col("sessions").fill_null(0) >= ind.min_sessions)
    if ind.direction != "any":
        cond = cond & (pl.col("direction") == ind.direction)
    return df.filter(cond)


def _count_lookup(counts: pl.DataFrame, ind: Indicator) -> _Lookup:
    rows = _select(counts, ind)
    out = _Lookup()
    if rows.is_empty():
        return out
    if ind.distinct_teachers:
        per = (rows.select("alliance_id", "teacher_ids").explode("teacher_ids").drop_nulls()
               .group_by("alliance_id").agg(pl.col("teacher_ids").n_unique().alias("n")))
    else:
        per = rows.group_by("alliance_id").agg(pl.col("records_n").sum().alias("n"))
    out.actual = dict(per.select("alliance_id", "n").iter_rows())
    if ind.subjects_min:
        subj = (rows.select("alliance_id", "subjects").explode("subjects").drop_nulls()
                .group_by("alliance_id").agg(pl.col("subjects").n_unique().alias("n")))
        out.subjects = dict(subj.iter_rows())
    return out


def _monthly(months: pl.DataFrame, ind: Indicator) -> pl.DataFrame:
    """alliance x month: records an indicator counts, dated in that month."""
    rows = _select(months, ind)
    if rows.is_empty():
        return pl.DataFrame(schema={"alliance_id": pl.String, "month_date": pl.Date, "records_n": pl.Int64})
    return rows.group_by("alliance_id", "month_date").agg(pl.col("records_n").sum())


def _target(ind: Indicator, info: dict) -> float | None:
    if ind.target is None:
        return None
    if ind.share_of == "core_teachers":
        return ind.target                         # a share in %, the actual is a share too
    return ind.target * max(int(info.get("members_n") or 0), 1) if ind.per == "member" else ind.target


def _count_target_units(ind: Indicator, info: dict) -> float | None:
    """The target in records (teachers for a share of the core's teachers)."""
    if ind.share_of == "core_teachers":
        teachers = info.get("core_teachers")
        return math.ceil(ind.target * teachers / 100 - EPS) if teachers else None
    return _target(ind, info)


def proportional_points(ind: Indicator, actual: float | None, target: float, subjects_n: int | None) -> float:
    if actual is None or target <= 0:
        return 0.0
    share = min(actual / target, 1.0)
    if ind.subjects_min:
        share *= min((subjects_n or 0) / ind.subjects_min, 1.0)
    return ind.points * share


def satisfaction_points(ind: Indicator, rate: float | None) -> float:
    if rate is None:
        return 0.0
    return min(max(ind.base_points + (rate - ind.base_pct) * ind.points_per_pct, 0.0), ind.points)


def is_met(ind: Indicator, actual: float | None, target: float | None, subjects_n: int | None = None) -> bool:
    if actual is None or target is None:
        return False
    ok = actual <= target + EPS if ind.at_most else actual + EPS >= target
    if ind.subjects_min:
        ok = ok and (subjects_n or 0) >= ind.subjects_min
    return ok


class _Context:
    """Every indicator's figures for all alliances of the period, computed once."""

    def __init__(self, rubric: Rubric, inputs: Inputs):
        self.rubric = rubric
        self.counts = {i.id: _count_lookup(inputs.counts, i) for i in rubric.indicators
                       if i.counts in ("activities", "exchanges", "mentor_pairs")}
        tasks = {t for i in rubric.indicators for t in i.tasks} | set(rubric.veto.tasks if rubric.veto else ())
        self.months = {t: _monthly(inputs.months, rubric.indicator(t)) for t in tasks}
        self._cumulative: dict[tuple[str, date], dict[str, float]] = {}
        self.surveys = {}
        if not inputs.surveys.is_empty():
            for aid, who, n, ok in inputs.surveys.select("alliance_id", "respondent", "respondents_n",
                                                         "satisfied_n").iter_rows():
                self.surveys.setdefault(aid, {})[who] = (float(n), float(ok))
        self.results = {r["alliance_id"]: r for r in inputs.results.iter_rows(named=True)}

    def actual(self, ind: Indicator, info: dict) -> tuple[float | None, int | None]:
        aid = info["alliance_id"]
        if ind.id in self.counts:
            look = self.counts[ind.id]
            n = float(look.actual.get(aid, 0))
            subjects = look.subjects.get(aid, 0) if ind.subjects_min else None
            if ind.share_of == "core_teachers":
                teachers = info.get("core_teachers")
                return (100.0 * n / teachers if teachers else None), subjects
            return n, subjects
        if ind.counts == "satisfaction":
            groups = [self.surveys.get(aid, {}).get(who) for who in ind.respondents]
            asked = sum(g[0] for g in groups if g)
            return (100.0 * sum(g[1] for g in groups if g) / asked if asked else None), None
        res = self.results.get(aid)
        if res is None:
            return (0.0 if ind.counts == "joint_exams" else None), None
        if ind.counts == "joint_exams":
            return float(res["joint_exams_n"] or 0), None
        if ind.counts == "value_added":
            return (100.0 * res["va_ok_n"] / res["va_schools_n"] if res["va_schools_n"] else None), None
        return res[f"{ind.measure}_pct" if ind.measure != "mean_pct" else "mean_pct"], None

    def cumulative(self, task: str, through: date) -> dict[str, float]:
        """alliance -> the task's records up to the end of `through`'s month (same for every alliance
        of the period, so computed once per task and date)."""
        key = (task, through)
        if key not in self._cumulative:
            rows = self.months[task].filter(pl.col("month_date") <= through)
            self._cumulative[key] = dict(rows.group_by("alliance_id").agg(pl.col("records_n").sum()).iter_rows())
        return self._cumulative[key]

    def progress(self, tasks: tuple[str, ...], info: dict):
        """progress_at(date) -> % of one alliance's tasks done by then (rubric/calendar.py)."""
        aid = info["alliance_id"]
        targets = [_count_target_units(self.rubric.indicator(t), info) or 0.0 for t in tasks]

        def progress_at(through: date) -> float:
            done = [self.cumulative(t, through).get(aid, 0.0) for t in tasks]
            return cal.progress_pct(done, targets)
        return progress_at


def _grade(rubric: Rubric, score: float) -> str:
    for grade, cut in rubric.grades:
        if score + EPS >= cut:
            return grade
    return FAIL_GRADE


def grade_rank(grade: str) -> int:
    """0 = 优秀 ... 3 = 不合格."""
    return (*GRADES, FAIL_GRADE).index(grade)


def _assess_one(ctx: _Context, info: dict) -> Assessment:
    rubric = ctx.rubric
    start, end, reference = info["period_start"], info["period_end"], info["reference_date"]
    items = []
    for ind in rubric.indicators:
        if ind.rule == "on_time":
            points = cal.checkpoints(ind.checkpoints, start, end, reference, ctx.progress(ind.tasks, info))
            due = [c for c in points if c.is_due]
            share = sum(c.met for c in due) / len(due) if due else 1.0
            items.append(ItemResult(ind, 100.0 * share, 100.0, ind.points * share, all(c.met for c in due),
                                    checkpoints=points))
            continue
        actual, subjects = ctx.actual(ind, info)
        if ind.rule == "satisfaction":
            items.append(ItemResult(ind, actual, ind.base_pct, satisfaction_points(ind, actual),
                                    actual is not None and actual + EPS >= ind.base_pct))
            continue
        target = _target(ind, info)
        met = is_met(ind, actual, target, subjects)
        if rubric.kind == "points":
            pts = proportional_points(ind, actual, target, subjects) if ind.rule == "proportional" else (
                ind.points if met else 0.0)
        else:
            pts = None
        items.append(ItemResult(ind, actual, target, pts, met, subjects))
    dimensions: tuple = ()
    if rubric.kind == "points":
        score = sum(i.points or 0.0 for i in items)
    else:
        dimensions = tuple((d, name, all(i.met for i in items if i.indicator.dimension == d))
                           for d, name in rubric.dimensions)
        score = float(sum(met for _, _, met in dimensions))
    grade = before = _grade(rubric, round(score, 6))
    veto = None
    if rubric.veto:
        due = cal.month_in_period(rubric.veto.deadline_month, start, end)
        if due is not None and due <= reference:
            progress = ctx.progress(rubric.veto.tasks, info)(due)
            if progress + EPS < 100.0:
                veto = VetoResult(due, progress, rubric.veto.tasks)
                if grade_rank(grade) < grade_rank(rubric.veto.caps_at):
                    grade = rubric.veto.caps_at
    return Assessment(info["alliance_id"], {k: info.get(k) for k in TEXT_FIELDS}, score, grade, before, veto,
                      tuple(items), dimensions, int(info.get("members_n") or 0))


def assess(rubric: Rubric, inputs: Inputs, alliance_ids: set[str] | None = None) -> list[Assessment]:
    """Every alliance of inputs.alliances (or those of alliance_ids) scored and graded, best first."""
    ctx = _Context(rubric, inputs)
    out = [_assess_one(ctx, info) for info in inputs.alliances.iter_rows(named=True)
           if alliance_ids is None or info["alliance_id"] in alliance_ids]
    return sorted(out, key=lambda a: (grade_rank(a.grade), -a.score, a.alliance_id))


@dataclass(frozen=True)
class Ranked:
    assessment: Assessment
    rank: int                # competition rank within the whole list (1, 2, 2, 4)
    group_first: int         # first and last rank of its group of alliances within a point
    group_last: int
    tied: bool               # same score as another alliance


def rank(assessments: list[Assessment], within: float = 1.0) -> list[Ranked]:
    """Ranks with ties shown as ties, and alliances of the same grade whose scores are less than
    `within` apart (chained) grouped: their order is not claimed. Input best first (assess())."""
    out: list[Ranked] = []
    n = len(assessments)
    keys = [(grade_rank(a.grade), round(a.score, 6)) for a in assessments]
    ranks = []
    for i, key in enumerate(keys):
        ranks.append(ranks[i - 1] if i and keys[i - 1] == key else i + 1)
    same = Counter(keys)
    i = 0
    while i < n:
        j = i
        while j + 1 < n and keys[j + 1][0] == keys[i][0] and keys[j][1] - keys[j + 1][1] < within - EPS:
            j += 1
        for k in range(i, j + 1):
            out.append(Ranked(assessments[k], ranks[k], ranks[i], ranks[j], same[keys[k]] > 1))
        i = j + 1
    return out


def counted_records(records: pl.DataFrame, ind: Indicator) -> pl.DataFrame:
    """The record rows (rubric_records) that count towards a count indicator."""
    if ind.counts not in ("activities", "exchanges", "mentor_pairs"):
        return records.clear()
    return _select(records, ind)
