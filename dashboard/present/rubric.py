"""Rubric results as Chinese text and tables: the rubric's header lines, the ranking table, one
alliance's indicators, its records and the way to the next grade."""

from __future__ import annotations

import polars as pl

from dashboard.labels import common as L
from dashboard.labels import overview as LO
from dashboard.labels import rubric as LR
from dashboard.present.format import alliance_link, md_text, number, percent
from etl import codes
from rubric.engine import Assessment, ItemResult
from rubric.path import Path as GradePath
from rubric.rules import Indicator, Rubric


def period_label(kind: str, period: str) -> str:
    """'2024' -> '2024年'; '2024-2025' -> '2024-2025学年'; '2024-2025/1' -> '2024学年第一学期'."""
    if kind == "year":
        return LR.PERIOD_YEAR.format(period=period)
    if kind == "school_year":
        return f"{period}学年"
    year, term = period.split("/")
    return f"{year[:4]}学年{L.TERM_NAMES[int(term)]}"


def _num(value: float | None) -> str:
    return number(value, digits=1).removesuffix(".0") if value is not None else L.NO_VALUE


def rubric_lines(rubric: Rubric) -> list[str]:
    """Markdown lines under the rubric choice: maximum, grades, veto, source."""
    lines = []
    if rubric.kind == "points":
        items = " + ".join(_num(i.points) for i in rubric.indicators)
        lines.append(LR.MAX_POINTS.format(max=_num(rubric.max_points), items=items)
                     + (LR.MAX_POINTS_CLAIMED.format(max=_num(rubric.max_points)) if rubric.max_points != 100 else ""))
    else:
        lines.append(LR.MAX_DIMENSIONS.format(n=len(rubric.dimensions), names="、".join(n for _, n in rubric.dimensions)))
    cuts = "，".join(LR.GRADE_CUT.format(grade=g, cut=_num(c)) for g, c in rubric.grades)
    lines.append(LR.GRADES_LINE.format(cuts=cuts, note=md_text(rubric.grades_note)))
    if rubric.veto:
        tasks = "、".join(rubric.indicator(t).name for t in rubric.veto.tasks)
        lines.append(LR.VETO_LINE.format(deadline=rubric.veto.deadline_month, tasks=tasks, cap=rubric.veto.caps_at))
    if rubric.source:
        lines.append(LR.SOURCE_LINE.format(source=md_text(rubric.source)))
    return lines


def _rank_text(r: dict) -> str:
    if r["group_first"] != r["group_last"]:
        return LR.RANK_GROUP.format(first=r["group_first"], last=r["group_last"])
    return LR.RANK_TIED.format(rank=r["rank"]) if r["is_tied"] else str(r["rank"])


def ranking_table(df: pl.DataFrame, rubric: Rubric, school_year: str | None = None) -> pl.DataFrame:
    """board.ranking as the page's table; the alliance column is a link to its detail page."""
    score_col = LR.COL_SCORE if rubric.kind == "points" else LR.COL_DIMENSIONS
    rows = []
    for r in df.iter_rows(named=True):
        change = r["score_change"]
        rows.append({
            LR.COL_RANK: _rank_text(r),
            # The name rides in the fragment: the link column shows it (display_text), the detail page ignores it.
            LR.COL_ALLIANCE: alliance_link(r["alliance_id"], r["name"], school_year),
            LR.COL_TYPE: codes.label("alliance_type", r["type"]),
            score_col: round(r["score"], 1),
            LR.COL_GRADE: r["grade"],
            LR.COL_CHANGE: (LR.NEW_IN_PERIOD if change is None
                            else f"{change:+.1f}" if rubric.kind == "points" else f"{change:+.0f}"),
            LR.COL_PREVIOUS_GRADE: r["previous_grade"] or L.NO_VALUE,
            LR.COL_NOTE: LR.NOTE_VETO.format(before=r["grade_before_veto"]) if r["is_vetoed"] and
            r["grade_before_veto"] != r["grade"] else "",
        })
    schema = {LR.COL_RANK: pl.String, LR.COL_ALLIANCE: pl.String, LR.COL_TYPE: pl.String, score_col: pl.Float64,
              LR.COL_GRADE: pl.String, LR.COL_CHANGE: pl.String, LR.COL_PREVIOUS_GRADE: pl.String,
              LR.COL_NOTE: pl.String}
    return pl.DataFrame(rows, schema=schema)


def _unit(ind: Indicator) -> str:
    return LR.UNIT_PCT if ind.share_of or ind.counts in ("satisfaction", "exam", "value_added", "on_time") else ind.unit


def _rule_text(item: ItemResult, rubric: Rubric) -> str:
    ind = item.indicator
    if ind.rule == "satisfaction":
        return LR.RULES["satisfaction"].format(base_pct=_num(ind.base_pct), base_points=_num(ind.base_points),
                                               per=_num(ind.points_per_pct), points=_num(ind.points))
    key = "threshold_dims" if rubric.kind == "dimensions" else ind.rule
    text = LR.RULES[key].format(points=_num(ind.points))
    if ind.subjects_min:
        text += LR.SUBJECTS_RULE.format(n=ind.subjects_min, have=item.subjects_n or 0)
    if ind.at_most:
        text += LR.AT_MOST
    return text


def actual_text(item: ItemResult) -> str:
    unit = _unit(item.indicator)
    return L.NO_VALUE if item.actual is None else f"{_num(item.actual)} {unit}".strip()


def items_table(a: Assessment, rubric: Rubric) -> pl.DataFrame:
    """One alliance's indicators: actual, target, points or met, and the rule."""
    dims = dict(rubric.dimensions)
    rows = []
    for item in a.items:
        ind = item.indicator
        unit = _unit(ind)
        actual = actual_text(item)
        target = L.NO_VALUE if item.target is None else f"{_num(item.target)} {unit}".strip()
        if ind.per == "member" and item.target is not None:
            target += LR.PER_MEMBER.format(each=_num(ind.target), n=max(a.members_n, 1))
        row = {LR.COL_INDICATOR: ind.name, LR.COL_ACTUAL: actual, LR.COL_TARGET: target}
        if rubric.kind == "points":
            row[LR.COL_POINTS] = f"{_num(item.points)} / {_num(ind.points)}"
        else:
            row = {LR.COL_DIMENSION: dims[ind.dimension], **row}
            row[LR.COL_MET] = LR.NO_DATA if item.actual is None else (LR.MET if item.met else LR.NOT_MET)
        row[LR.COL_RULE] = _rule_text(item, rubric)
        rows.append(row)
    return pl.DataFrame(rows)


def checkpoints_table(item: ItemResult) -> pl.DataFrame:
    rows = [{LR.COL_DUE: f"{c.due.year}年{c.due.month}月底", LR.COL_PLANNED: percent(c.planned_pct, 0),
             LR.COL_PROGRESS: percent(c.actual_pct, 0) if c.is_due else LR.NOT_DUE,
             LR.COL_MET: (LR.MET if c.met else LR.NOT_MET) if c.is_due else LR.NOT_DUE} for c in item.checkpoints]
    return pl.DataFrame(rows)


def veto_text(a: Assessment, rubric: Rubric) -> str | None:
    if not a.veto:
        return None
    tasks = "、".join(rubric.indicator(t).name for t in a.veto.tasks)
    return LR.VETO_APPLIED.format(due=f"{a.veto.due.year}年{a.veto.due.month}月底", tasks=tasks,
                                  progress=percent(a.veto.progress_pct, 0), cap=rubric.veto.caps_at)


def path_text(p: GradePath) -> str:
    """'再完成 3 节同步课堂、1 组师徒满 5 次指导即可达到良好。'"""
    if p.grade is None:
        return LR.PATH_TOP
    if p.blocked_by_veto:
        return LR.PATH_VETO.format(grade=p.grade)
    steps = "、".join(LR.PATH_STEP.format(units=s.units, unit=s.indicator.unit, action=s.indicator.action
                                         or s.indicator.name) for s in p.steps)
    if p.reachable:
        return LR.PATH_STEPS.format(steps=steps, grade=p.grade)
    if p.other_gaps:
        gaps = "、".join(LR.PATH_GAP.format(name=i.indicator.name, target=_num(i.target), unit=_unit(i.indicator),
                                            actual=L.NO_VALUE if i.actual is None else _num(i.actual))
                         for i in p.other_gaps)
        lead = (LR.PATH_STEPS.format(steps=steps, grade=p.grade).rstrip("。") + "；" + LR.PATH_ALSO) if steps else ""
        return (lead + LR.PATH_DIMS_GAPS.format(grade=p.grade, gaps=gaps)) if lead else \
            LR.PATH_DIMS_GAPS.format(grade=p.grade, gaps=gaps)
    if steps:
        return LR.PATH_SHORT.format(grade=p.grade, steps=steps, short=_num(p.points_short))
    return LR.PATH_SHORT_NOTHING.format(grade=p.grade, short=_num(p.points_short))


def records_table(records: pl.DataFrame) -> pl.DataFrame:
    """Record rows (rubric_records) with Chinese columns."""
    def detail(r: dict) -> str:
        if r["record_kind"] == "exchange":
            months = LR.DETAIL_OPEN if r["months"] is None else LR.DETAIL_MONTHS.format(n=r["months"])
            return f"{LR.DIRECTIONS.get(r['direction'], '')}，{months}"
        if r["record_kind"] == "mentorship":
            return LR.DETAIL_SESSIONS.format(n=r["sessions"])
        return LR.DIRECTIONS.get(r["direction"], "")
    kinds = {**codes.labels("activity_type"), **codes.labels("exchange_kind"), "pair": LR.RECORD_KINDS["mentorship"]}
    rows = [{LR.COL_DATE: r["record_date"].isoformat(), LR.COL_KIND: kinds.get(r["record_type"], r["record_type"]),
             LR.COL_SUBJECT: r["subject"] or "", LR.COL_FROM: r["from_name"] or "", LR.COL_TO: r["to_names"] or "",
             LR.COL_DETAIL: detail(r)} for r in records.iter_rows(named=True)]
    schema = {c: pl.String for c in (LR.COL_DATE, LR.COL_KIND, LR.COL_SUBJECT, LR.COL_FROM, LR.COL_TO, LR.COL_DETAIL)}
    return pl.DataFrame(rows, schema=schema)


def survey_text(surveys: pl.DataFrame, alliance_id: str, ind: Indicator) -> str:
    """Where an alliance's satisfaction figure comes from: respondents and satisfied per group."""
    parts = []
    rows = surveys.filter((pl.col("alliance_id") == alliance_id) & pl.col("respondent").is_in(list(ind.respondents)))
    for r in rows.iter_rows(named=True):
        parts.append(LR.SURVEY_DETAIL.format(who=codes.label("respondent", r["respondent"]), n=r["respondents_n"],
                                             ok=r["satisfied_n"], source=LR.SURVEY_OWN if r["source"] == "alliance"
                                             else LR.SURVEY_SCHOOLS))
    return "；".join(parts) or LR.NO_DATA


def overview_caption(b) -> str:
    """The overview ranking's caption: which rubric and period, its maximum, and a link to 考核."""
    link = f"/rubric?rubric={b.rubric.id}&period={b.period}"
    template = LO.CHART_RANKING_CAPTION if b.rubric.kind == "points" else LO.CHART_RANKING_DIMENSIONS_CAPTION
    top = _num(b.rubric.max_points) if b.rubric.kind == "points" else len(b.rubric.dimensions)
    return template.format(rubric=md_text(b.rubric.name), period=period_label(b.rubric.period, b.period), max=top,
                           n=b.ranking.height, link=link)
