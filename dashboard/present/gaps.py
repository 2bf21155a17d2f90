"""The 差距 page's figures in words and tables: 三率一分 per category, each gap said with its
direction, unit and interval, sources named. Pure: no Streamlit; the arithmetic is dashboard.stats."""

from __future__ import annotations

import polars as pl

from dashboard import stats
from dashboard.labels import gaps as LG
from dashboard.present import format as fmt
from etl import codes

CATEGORIES = ("urban", "town", "rural")


def sources(rows: pl.DataFrame) -> str:
    """How many schools sent per-student lists, summaries only, or both (rows: school_results)."""
    per = rows.group_by("school_id").agg(pl.col("source").unique())
    kinds = [("mixed" if len(s) > 1 else s[0]) for s in per["source"].to_list()]
    mixed = sum(k == "mixed" for k in kinds)
    return LG.SOURCES.format(student=kinds.count("student"), school=kinds.count("school"), mixed=mixed)


def _rate(value: float | None) -> str:
    return fmt.percent(value, 1)


def category_table(schools: pl.DataFrame, comparison: str, weighting: str) -> pl.DataFrame:
    """One row per urban-rural category, then the comparison's two groups: 三率一分 under the
    weighting (schools: stats.per_school rows)."""
    rows = []
    higher, lower = stats.COMPARISONS[comparison]
    names = LG.GROUP_NAMES[comparison]
    parts = [(codes.label("urban_rural", c), (c,)) for c in CATEGORIES]
    if len(higher) > 1:
        parts.append((names[0], higher))
    for name, members in parts:
        g = stats.group(schools.filter(pl.col("urban_rural").is_in(members)), weighting)
        if g.schools_n == 0:
            continue
        rows.append({LG.COL_CATEGORY: name, LG.COL_SCHOOLS: g.schools_n, LG.COL_SITTINGS: fmt.number(g.students_n),
                     LG.COL_MEAN: fmt.number(g.mean_score, digits=1) if g.mean_score is not None else "—",
                     LG.COL_MEAN_PCT: _rate(g.mean_pct), LG.COL_PASS: _rate(g.rates["pass"]),
                     LG.COL_EXCELLENT: _rate(g.rates["excellent"]), LG.COL_LOW: _rate(g.rates["low"]),
                     LG.COL_NOTE: LG.SMALL if g.small else ""})
    return pl.DataFrame(rows, schema={LG.COL_CATEGORY: pl.String, LG.COL_SCHOOLS: pl.Int64, LG.COL_SITTINGS: pl.String,
                                      LG.COL_MEAN: pl.String, LG.COL_MEAN_PCT: pl.String, LG.COL_PASS: pl.String,
                                      LG.COL_EXCELLENT: pl.String, LG.COL_LOW: pl.String, LG.COL_NOTE: pl.String})


def gap_sentence(g: stats.Gap, a: str, b: str) -> str:
    """'城区平均分高于乡村 8.4 个百分点（95% 区间 6.1 至 10.7）', with 差异不显著 or 样本不足 added."""
    measure = LG.MEASURE_NAMES[g.measure]
    if g.value is None:
        return LG.GAP_MISSING.format(measure=measure, a=a, b=b)
    if fmt.points(abs(g.value)) == fmt.points(0.0):
        text = LG.GAP_EQUAL.format(a=a, b=b, measure=measure)
    else:
        direction = LG.DIRECTION_UP if g.value > 0 else LG.DIRECTION_DOWN
        value = fmt.points(abs(g.value))
        if g.low is None:
            text = LG.GAP_SENTENCE_NO_INTERVAL.format(a=a, b=b, measure=measure, direction=direction, value=value,
                                                      reason=LG.NO_INTERVAL_REASON)
        else:
            # The interval is said in the sentence's direction: "低于 2.2（1.9 至 2.5）", not -2.5 至 -1.9.
            low, high = (g.low, g.high) if g.value > 0 else (-g.high, -g.low)
            text = LG.GAP_SENTENCE.format(a=a, b=b, measure=measure, direction=direction, value=value,
                                          low=fmt.points(low), high=fmt.points(high))
    if g.small:
        return text + LG.SMALL_SAMPLE
    if g.significant is False:
        return text + LG.NOT_SIGNIFICANT
    return text


def gap_sentences(gaps: dict[str, stats.Gap], comparison: str) -> list[str]:
    a, b = LG.GROUP_NAMES[comparison]
    return [gap_sentence(gaps[m], a, b) for m in stats.MEASURES]


def methods_note(gaps: dict[str, stats.Gap]) -> str:
    """The interval methods the gaps used, named once each."""
    used = dict.fromkeys(g.method for g in gaps.values())
    return "；".join(LG.METHODS[m] for m in used) + "。"


def trend_frame(category_sums: pl.DataFrame, comparison: str, weighting: str) -> pl.DataFrame:
    """stats.gap_over_terms (from results.category_term_sums) with a term label for the chart."""
    df = stats.gap_over_terms(category_sums, comparison, weighting)
    return df.with_columns(pl.struct("school_year", "term")
                           .map_elements(lambda s: fmt.term_short(s["school_year"], s["term"]), return_dtype=pl.String)
                           .alias("term_label"))


def school_means(schools: pl.DataFrame, hide_below: int = 0) -> pl.DataFrame:
    """One row per school: its mean in % of full marks (student-weighted within the school), for the
    distribution plot; a school over fewer than hide_below examinees is left out (the privacy rule,
    Scope.small_results_hidden: its result is not shown, though it counts in the group figures)."""
    return (schools.filter(pl.col("students_n") >= max(hide_below, 1))
            .with_columns((pl.col("pct_sum") / pl.col("students_n")).alias("mean_pct"))
            .select("school_id", "name", "county_code", "urban_rural", "students_n", "mean_pct"))


def exams_offered(exams: pl.DataFrame, grade: int | None, subject: str | None, term: int | None) -> pl.DataFrame:
    """The exams of exam_choices that match the chosen grade, subject and term (None: any)."""
    for column, value in (("grade", grade), ("subject", subject), ("term", term)):
        if value is not None:
            exams = exams.filter(pl.col(column) == value)
    return exams


def exam_captions(exams: pl.DataFrame) -> dict[str, str]:
    """exam_id -> its name, with the county added when exams of several counties are offered (each
    county names its joint exams alike)."""
    several = exams["county_code"].n_unique() > 1
    return {e: f"{n}（{fmt.county(c)}）" if several else n
            for e, n, c in exams.select("exam_id", "name", "county_code").iter_rows()}
