"""Figures of the 差距 page that compare schools inside alliances and over time: each member
against its core school, the core-minus-members gap per term, value-added groups, and activity
against the change in the gap. Pure polars over the query results; no Streamlit."""

from __future__ import annotations

import polars as pl

from dashboard import stats
from dashboard.labels import common as L
from dashboard.labels import gaps as LG
from dashboard.present import format as fmt
from dashboard.present.tables import alliance_link_column
from dashboard.queries._views import WITHHELD


def _means(rows: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Student-weighted mean (% of full marks) and pass rate (%) per `by` from summed rows."""
    return (rows.group_by(by).agg(pl.col("students_n", "pct_sum", "pass_n", "pass_base_n").sum())
            .with_columns((pl.col("pct_sum") / pl.col("students_n")).alias("mean"),
                          pl.when(pl.col("pass_base_n") > 0).then(100.0 * pl.col("pass_n") / pl.col("pass_base_n"))
                          .alias("pass")))


def _core_and_members(rows: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """One row per alliance x member school (x `by`) with the member's and its core's figures."""
    members = _means(rows.filter(pl.col("school_id") != pl.col("core_school_id")),
                     ["alliance_id", "alliance_name", "school_id", "name", *by])
    core = _means(rows.filter(pl.col("school_id") == pl.col("core_school_id")), ["alliance_id", "core_school_id",
                                                                                  "name", *by])
    core = core.select("alliance_id", *by, "core_school_id", pl.col("name").alias("core_name"),
                       pl.col("students_n").alias("core_students_n"), pl.col("mean").alias("core_mean"),
                       pl.col("pass").alias("core_pass"))
    return members.join(core, on=["alliance_id", *by], how="inner")


def core_member_frame(year_rows: pl.DataFrame, all_rows: pl.DataFrame) -> pl.DataFrame:
    """Grain: one row per alliance x member school sitting the chosen exams with its core school in
    the selected year: member and core mean (% of full marks) and pass rate (%), student-weighted;
    gap_mean / gap_pass = core minus member; first_term and the mean gap then (all_rows: every
    term up to the year, same grade and subject), closed = that first gap minus today's."""
    schema = {"alliance_id": pl.String, "alliance_name": pl.String, "school_id": pl.String, "name": pl.String,
              "students_n": pl.Int64, "mean": pl.Float64, "pass": pl.Float64, "core_school_id": pl.String,
              "core_name": pl.String, "core_students_n": pl.Int64, "core_mean": pl.Float64, "core_pass": pl.Float64,
              "gap_mean": pl.Float64, "gap_pass": pl.Float64, "first_term": pl.String, "first_gap_mean": pl.Float64,
              "closed": pl.Float64, "small": pl.Boolean}
    if year_rows.is_empty():
        return pl.DataFrame(schema=schema)
    now = _core_and_members(year_rows, []).with_columns(
        (pl.col("core_mean") - pl.col("mean")).alias("gap_mean"),
        (pl.col("core_pass") - pl.col("pass")).alias("gap_pass"))
    per_term = (_core_and_members(all_rows, ["school_year", "term"])
                .with_columns((pl.col("core_mean") - pl.col("mean")).alias("gap"))
                .sort("school_year", "term")
                .group_by("alliance_id", "school_id")
                .agg(pl.col("school_year").first(), pl.col("term").first(), pl.col("gap").first().alias("first_gap_mean")))
    per_term = per_term.with_columns(pl.struct("school_year", "term").map_elements(
        lambda s: fmt.term_short(s["school_year"], s["term"]), return_dtype=pl.String).alias("first_term"))
    out = now.join(per_term.select("alliance_id", "school_id", "first_term", "first_gap_mean"),
                   on=["alliance_id", "school_id"], how="left")
    out = out.with_columns((pl.col("first_gap_mean") - pl.col("gap_mean")).alias("closed"),
                           ((pl.col("students_n") < stats.MIN_STUDENTS)
                            | (pl.col("core_students_n") < stats.MIN_STUDENTS)).alias("small"))
    # Pairs with under 10 examinees on a side are marked and listed after the others, never ranked.
    return out.select(list(schema)).sort("small", "gap_mean", "alliance_id", "school_id",
                                         descending=[False, True, False, False])


def alliance_gap_over_terms(rows: pl.DataFrame, alliance_id: str) -> pl.DataFrame:
    """Grain: one row per term: the alliance's core school minus its members pooled (student-weighted
    mean, % of full marks) with a 95 % interval; a core is one school by design, so only the
    examinee count marks a term small."""
    part = rows.filter(pl.col("alliance_id") == alliance_id)
    out = []
    for school_year, term in part.select("school_year", "term").unique().sort("school_year", "term").rows():
        t = part.filter((pl.col("school_year") == school_year) & (pl.col("term") == term))
        core = stats.per_school(t.filter(pl.col("school_id") == pl.col("core_school_id")))
        members = stats.per_school(t.filter(pl.col("school_id") != pl.col("core_school_id")))
        if core.is_empty() or members.is_empty():
            continue
        g = stats.gap(stats.group(core, "student"), stats.group(members, "student"), "mean", "student", min_schools=1)
        out.append({"school_year": school_year, "term": term, "term_label": fmt.term_short(school_year, term),
                    "measure": "mean", "gap": g.value, "low": g.low, "high": g.high, "small": g.small,
                    "method": g.method})
    return pl.DataFrame(out, schema={"school_year": pl.String, "term": pl.Int64, "term_label": pl.String,
                                     "measure": pl.String, "gap": pl.Float64, "low": pl.Float64,
                                     "high": pl.Float64, "small": pl.Boolean, "method": pl.String})


def alliances_with_both(rows: pl.DataFrame) -> pl.DataFrame:
    """Alliances (id, name) whose core and at least one member sat the chosen exams."""
    has = rows.group_by("alliance_id", "alliance_name").agg(
        (pl.col("school_id") == pl.col("core_school_id")).any().alias("core"),
        (pl.col("school_id") != pl.col("core_school_id")).any().alias("member"))
    return has.filter(pl.col("core") & pl.col("member")).select("alliance_id", "alliance_name").sort("alliance_id")


def value_added_groups(df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(groups, schools) from value_added.school_value_added (one row per school). schools: marked
    small under 10 examinees at a latest exam; groups: one row per group (member, core, none) with
    schools_n and the school-weighted mean change with its 95 % interval (small under 3)."""
    # A school with under 10 examinees at an exam is marked and listed last, never ranked.
    schools = (df.with_columns((pl.col("latest_n") < stats.MIN_STUDENTS).alias("small"))
               .sort("small", "change", "school_id", descending=[False, True, False]))
    rows = []
    for name in ("member", "core", "none"):
        values = schools.filter(pl.col("group") == name)["change"].to_list()
        if not values:
            continue
        mean, low, high = stats.mean_interval(values)
        rows.append({"group": name, "schools_n": len(values), "change": mean, "low": low, "high": high,
                     "small": len(values) < stats.MIN_SCHOOLS})
    groups = pl.DataFrame(rows, schema={"group": pl.String, "schools_n": pl.Int64, "change": pl.Float64,
                                        "low": pl.Float64, "high": pl.Float64, "small": pl.Boolean})
    return groups, schools


def payoff_frame(activity: pl.DataFrame, rows: pl.DataFrame, school_year: str) -> pl.DataFrame:
    """Grain: one row per alliance with core and member results in the selected year and an earlier
    one: activities_per_member (activity records up to the year / member schools besides the core,
    at the year's reference date), first_year, gap_first and gap_now (core minus members pooled,
    student-weighted mean, % of full marks), closed = gap_first - gap_now."""
    schema = {"alliance_id": pl.String, "alliance_name": pl.String, "activities_per_member": pl.Float64,
              "first_year": pl.String, "gap_first": pl.Float64, "gap_now": pl.Float64, "closed": pl.Float64}
    if rows.is_empty() or activity.is_empty():
        return pl.DataFrame(schema=schema)
    is_core = pl.col("school_id") == pl.col("core_school_id")
    core = _means(rows.filter(is_core), ["alliance_id", "school_year"]).select(
        "alliance_id", "school_year", pl.col("mean").alias("core_mean"))
    members = _means(rows.filter(~is_core), ["alliance_id", "alliance_name", "school_year"])
    yearly = (members.join(core, on=["alliance_id", "school_year"])
              .with_columns((pl.col("core_mean") - pl.col("mean")).alias("gap")).sort("school_year"))
    gaps = (yearly.group_by("alliance_id", "alliance_name")
            .agg(pl.col("school_year").first().alias("first_year"), pl.col("gap").first().alias("gap_first"),
                 pl.col("gap").filter(pl.col("school_year") == school_year).first().alias("gap_now"))
            .filter(pl.col("gap_now").is_not_null() & (pl.col("first_year") < school_year)))
    done = activity.group_by("alliance_id").agg(pl.col("activities_n").sum())
    now = activity.filter(pl.col("school_year") == school_year).select(
        "alliance_id", (pl.col("members_n") - pl.col("has_core_member").cast(pl.Int64)).alias("member_schools_n"))
    out = (gaps.join(done, on="alliance_id").join(now, on="alliance_id")
           .filter(pl.col("member_schools_n") > 0)
           .with_columns((pl.col("activities_n") / pl.col("member_schools_n")).alias("activities_per_member"),
                         (pl.col("gap_first") - pl.col("gap_now")).alias("closed")))
    return out.select(list(schema)).sort("alliance_id")


def _pts(value: float | None) -> str:
    return fmt.points(value) if value is not None else "—"


def core_member_table(df: pl.DataFrame, hide_below: int = 0, school_year: str | None = None) -> pl.DataFrame:
    """core_member_frame in Chinese columns, figures as the page shows them; a pair with a side over
    fewer than hide_below examinees shows "<5" for its figures (the privacy rule)."""
    hidden = ((df["students_n"] < hide_below) | (df["core_students_n"] < hide_below)).to_list()

    def shown(values: list[str]) -> list[str]:
        return [WITHHELD if h else v for h, v in zip(hidden, values, strict=True)]

    return pl.DataFrame({
        # Each alliance links to its detail page (ui.alliance_links shows the name).
        LG.COL_ALLIANCE: df.select(alliance_link_column(school_year)).to_series(),
        LG.COL_MEMBER: df["name"], LG.COL_CORE: df["core_name"],
        LG.COL_SITTINGS: df["students_n"],
        LG.COL_MEMBER_VALUE.format(metric=LG.COL_MEAN_PCT): shown([fmt.percent(v) for v in df["mean"].to_list()]),
        LG.COL_CORE_VALUE.format(metric=LG.COL_MEAN_PCT): shown([fmt.percent(v) for v in df["core_mean"].to_list()]),
        LG.COL_MEMBER_VALUE.format(metric=LG.COL_PASS): shown([fmt.percent(v) for v in df["pass"].to_list()]),
        LG.COL_CORE_VALUE.format(metric=LG.COL_PASS): shown([fmt.percent(v) for v in df["core_pass"].to_list()]),
        LG.COL_GAP_NOW: shown([_pts(v) for v in df["gap_mean"].to_list()]),
        LG.COL_FIRST_TERM: df["first_term"],
        LG.COL_GAP_CHANGE: shown([_pts(v) for v in df["closed"].to_list()]),
        LG.COL_NOTE: [LG.SMALL if s else "" for s in df["small"].to_list()],
    })


def value_added_table(groups: pl.DataFrame) -> pl.DataFrame:
    return pl.DataFrame({
        LG.COL_GROUP: [LG.VALUE_ADDED_GROUPS[g] for g in groups["group"].to_list()],
        LG.COL_SCHOOLS: groups["schools_n"],
        LG.COL_CHANGE: [_pts(v) for v in groups["change"].to_list()],
        LG.COL_INTERVAL: [f"{_pts(lo)} 至 {_pts(h)}" if lo is not None else "—"
                          for lo, h in zip(groups["low"].to_list(), groups["high"].to_list(), strict=True)],
        LG.COL_NOTE: [LG.SMALL if s else "" for s in groups["small"].to_list()],
    }, schema={LG.COL_GROUP: pl.String, LG.COL_SCHOOLS: pl.Int64, LG.COL_CHANGE: pl.String,
               LG.COL_INTERVAL: pl.String, LG.COL_NOTE: pl.String})


def value_added_schools_table(schools: pl.DataFrame, hide_below: int = 0) -> pl.DataFrame:
    """value_added_groups' schools in Chinese columns; a school whose latest exam had fewer than
    hide_below examinees shows "<5" (the privacy rule)."""
    hidden = (schools["latest_n"] < hide_below).to_list()

    def shown(column: str) -> list[str]:
        return [WITHHELD if h else _pts(v) for h, v in zip(hidden, schools[column].to_list(), strict=True)]

    return pl.DataFrame({
        L.COL_SCHOOL: schools["name"], LG.COL_GROUP: [LG.VALUE_ADDED_GROUPS[g] for g in schools["group"].to_list()],
        LG.COL_FIRST_POSITION: shown("first_position"),
        LG.COL_LATEST_POSITION: shown("latest_position"),
        LG.COL_CHANGE: shown("change"),
        LG.COL_NOTE: [LG.SMALL if s else "" for s in schools["small"].to_list()],
    }, schema={L.COL_SCHOOL: pl.String, LG.COL_GROUP: pl.String, LG.COL_FIRST_POSITION: pl.String,
               LG.COL_LATEST_POSITION: pl.String, LG.COL_CHANGE: pl.String, LG.COL_NOTE: pl.String})


def payoff_summary(payoff: pl.DataFrame) -> str:
    """'共 n 个教共体，相关系数 r = 0.41' with the plain warning that this is association."""
    r = stats.pearson(payoff["activities_per_member"].to_list(), payoff["closed"].to_list())
    if r is None:
        return LG.PAYOFF_SUMMARY_NO_R.format(n=payoff.height)
    return LG.PAYOFF_SUMMARY.format(n=payoff.height, r=f"{r:.2f}")


def ranked_pairs(pairs: pl.DataFrame) -> pl.DataFrame:
    """The pairs that may be ordered by their gap: small ones are left out of any ranking."""
    return pairs.filter(~pl.col("small"))


def rows_of_year(rows: pl.DataFrame, school_year: str, term: int | None) -> pl.DataFrame:
    """alliance_school_results rows of every year narrowed to one school year (and term): the same
    rows the query gives for that year when no exam is chosen."""
    rows = rows.filter(pl.col("school_year") == school_year)
    return rows if term is None else rows.filter(pl.col("term") == term)
