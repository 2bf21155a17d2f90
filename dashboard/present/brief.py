"""督导清单: what deserves a look on site at one alliance, in sentences, each with its figure.
Pure functions over the detail page's query results (dashboard/queries/alliance.py); only
material items are listed, so an empty brief means nothing needs checking."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard import stats
from dashboard.labels import alliance as LA
from dashboard.present import format as fmt
from dashboard.present.format import month, percent, points

# Ids shown in one sentence: an inspector reads them out to the school; the table has the rest.
MAX_IDS = 10
TEACHING_MONTHS = (9, 10, 11, 12, 1, 3, 4, 5, 6)   # February (spring festival), July, August off


def ids_text(ids: list[str]) -> str:
    shown = "、".join(ids[:MAX_IDS])
    return shown + (LA.MORE.format(n=len(ids)) if len(ids) > MAX_IDS else "")


def term_start(reference: date) -> date:
    """The first day of the term the reference date falls in: 1 September or 1 February."""
    if reference.month >= 9:
        return date(reference.year, 9, 1)
    if reference.month == 1:
        return date(reference.year - 1, 9, 1)
    return date(reference.year, 2, 1)


def term_name(reference: date) -> str:
    start = term_start(reference)
    return f"{start.year}年{'秋季' if start.month == 9 else '春季'}学期"


def evidence_item(ledger: pl.DataFrame) -> str | None:
    """Records without evidence, with their ids."""
    missing = ledger.filter(~pl.col("has_evidence"))
    if missing.is_empty():
        return None
    return LA.BRIEF_EVIDENCE.format(n=missing.height, share=percent(100 * missing.height / ledger.height),
                                    ids=ids_text(missing["activity_id"].to_list()))


def silent_months_item(months: pl.DataFrame) -> str | None:
    """Teaching months with no record at all (July, August and February are not counted)."""
    silent = months.filter((pl.col("activities_n") == 0)
                           & pl.col("month_date").dt.month().is_in(TEACHING_MONTHS))
    if silent.is_empty():
        return None
    return LA.BRIEF_SILENT_MONTHS.format(months="、".join(month(m) for m in silent["month_date"].to_list()))


def nothing_received_item(members: pl.DataFrame, ledger: pl.DataFrame, exchanges: pl.DataFrame,
                          reference: date) -> str | None:
    """Member schools (not the core) that were neither a target of an activity nor received an
    exchanged teacher since the current term began."""
    since = term_start(reference)
    reached: set[str] = set()
    recent = ledger.filter(pl.col("activity_date") >= since)
    for targets in recent["target_school_ids"].to_list():
        reached.update(targets or [])
    reached.update(exchanges.filter(pl.col("start_date") >= since)["to_school_id"].to_list())
    idle = members.filter(~pl.col("is_core") & ~pl.col("school_id").is_in(sorted(reached)))
    if idle.is_empty():
        return None
    return LA.BRIEF_NOTHING_RECEIVED.format(term=term_name(reference), schools="、".join(idle["name"].to_list()))


def pairs_below_item(pairs: pl.DataFrame, target: int) -> str | None:
    below = pairs.filter(~pl.col("meets_target"))
    if below.is_empty():
        return None
    least = int(below["sessions"].fill_null(0).min())
    return LA.BRIEF_PAIRS_BELOW.format(n=below.height, target=target, least=least,
                                       ids=ids_text(below["pair_id"].to_list()))


def pairs_idle_item(pairs: pl.DataFrame, idle_days: int) -> str | None:
    idle = pairs.filter(pl.col("is_idle"))
    if idle.is_empty():
        return None
    return LA.BRIEF_PAIRS_IDLE.format(n=idle.height, idle=idle_days, ids=ids_text(idle["pair_id"].to_list()))


def brief(members: pl.DataFrame, ledger: pl.DataFrame, months: pl.DataFrame, exchanges: pl.DataFrame,
          pairs: pl.DataFrame, reference: date, sessions_target: int, idle_days: int,
          assessment=None, rubric=None, widened: pl.DataFrame | None = None) -> list[str]:
    """The brief's sentences, most actionable first; empty when nothing is material. assessment and
    rubric: the alliance's rubric result (rubric.engine), widened: widened_gaps()."""
    items = [targets_behind_item(assessment, rubric), evidence_item(ledger),
             nothing_received_item(members, ledger, exchanges, reference), silent_months_item(months),
             pairs_below_item(pairs, sessions_target), pairs_idle_item(pairs, idle_days),
             widened_gap_item(widened) if widened is not None else None]
    return [i for i in items if i]


def targets_behind_item(assessment, rubric) -> str | None:
    """Rubric indicators not met, each with its actual against its target (points rubrics and
    dimension rubrics alike); None without a rubric or when every indicator is met."""
    if assessment is None:
        return None
    behind = [i for i in assessment.items if not i.met and i.target is not None]
    if not behind:
        return None
    parts = [LA.BRIEF_TARGET_PART.format(name=i.indicator.name, actual=_figure(i.actual), target=_figure(i.target))
             for i in behind]
    return LA.BRIEF_TARGETS_BEHIND.format(rubric=rubric.name, n=len(behind), items="；".join(parts))


def _figure(value: float | None) -> str:
    if value is None:
        return LA.NO_DATA
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def widened_gaps(rows: pl.DataFrame) -> pl.DataFrame:
    """Grain: one row per member school (not the core) with results in at least two terms: its gap
    to the core (core minus member, student-weighted mean in % of full marks) in its first and its
    latest term, the widening (latest minus first) and whether its 95 % interval excludes 0 (each
    gap's interval from per-student variance, combined as independent: half-widths add in
    quadrature). rows: alliance_school_results of one alliance over all years."""
    out = []
    core_id = rows["core_school_id"][0] if rows.height else None
    for school_id in rows.filter(pl.col("school_id") != pl.col("core_school_id"))["school_id"].unique().sort():
        gaps = []
        for school_year, term in rows.select("school_year", "term").unique().sort("school_year", "term").rows():
            t = rows.filter((pl.col("school_year") == school_year) & (pl.col("term") == term))
            core = stats.per_school(t.filter(pl.col("school_id") == core_id))
            member = stats.per_school(t.filter(pl.col("school_id") == school_id))
            if core.is_empty() or member.is_empty():
                continue
            g = stats.gap(stats.group(core, "student"), stats.group(member, "student"), "mean", "student",
                          min_schools=1)
            if g.value is not None and g.low is not None and not g.small:
                gaps.append((fmt.term_short(school_year, term), g))
        if len(gaps) < 2:
            continue
        (first_term, first), (last_term, last) = gaps[0], gaps[-1]
        half = ((first.high - first.low) ** 2 + (last.high - last.low) ** 2) ** 0.5 / 2
        widening = last.value - first.value
        out.append({"school_id": school_id, "name": rows.filter(pl.col("school_id") == school_id)["name"][0],
                    "first_term": first_term, "first_gap": first.value, "last_term": last_term,
                    "last_gap": last.value, "widening": widening, "significant": widening - half > 0})
    schema = {"school_id": pl.String, "name": pl.String, "first_term": pl.String, "first_gap": pl.Float64,
              "last_term": pl.String, "last_gap": pl.Float64, "widening": pl.Float64, "significant": pl.Boolean}
    return pl.DataFrame(out, schema=schema)


def widened_gap_item(widened: pl.DataFrame) -> str | None:
    """Members whose gap to the core widened significantly, each with both gaps."""
    hits = widened.filter(pl.col("significant"))
    if hits.is_empty():
        return None
    parts = [LA.BRIEF_WIDENED_PART.format(name=r["name"], first_term=r["first_term"], first=points(r["first_gap"]),
                                          last_term=r["last_term"], last=points(r["last_gap"]))
             for r in hits.iter_rows(named=True)]
    return LA.BRIEF_WIDENED.format(items="；".join(parts))
