"""The alliance detail page's tables: members, activity ledger, exchanges and mentor pairs with
Chinese headers and code labels (dashboard/queries/alliance.py gives the rows)."""

from __future__ import annotations

import polars as pl

from dashboard.labels import alliance as LA
from dashboard.labels import common as L
from dashboard.present import format as fmt
from etl import codes

MISSING_BACKGROUND = "#fde2e1"


def _label(column: str, codelist: str) -> pl.Expr:
    return pl.col(column).replace_strict(codes.labels(codelist), default=pl.col(column))


def _day(column: str) -> pl.Expr:
    """A date as 2025-04-29: st.dataframe would show a date column with a midnight time."""
    return pl.col(column).dt.strftime("%Y-%m-%d")


def members_table(df: pl.DataFrame) -> pl.DataFrame:
    return df.select(
        pl.col("name").alias(L.COL_SCHOOL),
        _label("role", "role").alias(LA.COL_ROLE),
        pl.col("county").alias(L.COL_COUNTY),
        pl.col("town").fill_null(L.NO_VALUE).alias(L.COL_TOWN),
        _label("stage", "stage").alias(L.COL_STAGE),
        _label("urban_rural", "urban_rural").alias(L.COL_URBAN_RURAL),
        pl.col("distance_km").round(1).alias(LA.COL_DISTANCE),
        pl.when(pl.col("is_partner")).then(pl.lit("是")).otherwise(pl.lit("")).alias(LA.COL_PARTNER),
        pl.col("students").alias(L.COL_STUDENTS),
        pl.col("teachers").alias(LA.COL_TEACHERS),
    )


def ledger_table(df: pl.DataFrame) -> pl.DataFrame:
    return df.select(
        pl.col("activity_id").alias(LA.COL_ID),
        _day("activity_date").alias(LA.COL_DATE),
        _label("activity_type", "activity_type").alias(LA.COL_TYPE),
        pl.col("subject").fill_null("").alias(LA.COL_SUBJECT),
        pl.col("host_school_name").alias(LA.COL_HOST),
        pl.col("target_school_names").list.join("、").alias(LA.COL_TARGETS),
        _label("mode", "mode").fill_null("").alias(LA.COL_MODE),
        pl.col("hours").alias(LA.COL_HOURS),
        pl.col("participants").alias(LA.COL_PARTICIPANTS),
        pl.col("evidence_count").alias(LA.COL_EVIDENCE),
        pl.when(pl.col("has_evidence")).then(pl.lit(LA.EVIDENCE_OK)).otherwise(pl.lit(LA.EVIDENCE_MISSING))
        .alias(LA.COL_EVIDENCE_STATUS),
    )


def exchanges_table(df: pl.DataFrame) -> pl.DataFrame:
    return df.select(
        pl.col("teacher_id").alias(LA.COL_TEACHER),
        _label("kind", "exchange_kind").alias(LA.COL_KIND),
        pl.col("subject").fill_null("").alias(LA.COL_SUBJECT),
        pl.col("from_school_name").alias(LA.COL_FROM),
        pl.col("to_school_name").alias(LA.COL_TO),
        _day("start_date").alias(LA.COL_START),
        _day("end_date").alias(LA.COL_END),
        pl.col("days").alias(LA.COL_DAYS),
    )


def pairs_table(df: pl.DataFrame, target: int) -> pl.DataFrame:
    status = (pl.when(pl.col("is_idle")).then(pl.format(LA.PAIR_IDLE.replace("{days}", "{}"), pl.col("days_idle")))
              .when(~pl.col("meets_target")).then(pl.lit(LA.PAIR_BELOW.format(target=target)))
              .otherwise(pl.lit(LA.PAIR_OK)))
    return df.select(
        pl.col("pair_id").alias(LA.COL_PAIR),
        pl.col("mentor_school_name").alias(LA.COL_MENTOR_SCHOOL),
        pl.col("apprentice_school_name").alias(LA.COL_APPRENTICE_SCHOOL),
        _day("start_date").alias(LA.COL_START),
        pl.col("sessions").alias(LA.COL_SESSIONS),
        _day("last_mentoring_date").fill_null(L.NO_VALUE).alias(LA.COL_LAST_MET),
        status.alias(LA.COL_PAIR_STATUS),
    )


def month_choices(ledger: pl.DataFrame) -> list[str]:
    """The ledger's months as the filter offers them, in calendar order."""
    return [fmt.month(m) for m in ledger["month_date"].unique().sort().to_list()]


def ledger_filter(ledger: pl.DataFrame, kinds: list[str], subjects: list[str], months: list[str],
                  only_missing: bool) -> pl.Series:
    """Which ledger rows the page's filters keep (labels as the table shows them; empty = all)."""
    table = ledger_table(ledger)
    keep = pl.Series([True] * ledger.height)
    if kinds:
        keep &= table[LA.COL_TYPE].is_in(kinds)
    if subjects:
        keep &= table[LA.COL_SUBJECT].is_in(subjects)
    if months:
        keep &= pl.Series([fmt.month(m) for m in ledger["month_date"].to_list()]).is_in(months)
    if only_missing:
        keep &= ~ledger["has_evidence"]
    return keep


def _highlight_missing(row) -> list[str]:
    missing = row[LA.COL_EVIDENCE_STATUS] == LA.EVIDENCE_MISSING
    return [f"background-color: {MISSING_BACKGROUND}" if missing else "" for _ in row]


def ledger_styled(table: pl.DataFrame):
    """The ledger table as a pandas Styler in which records without evidence stand out (the 佐证
    column says so in words too, so colour is not the only signal). Hours with one decimal: a
    Styler shows pandas' own formats otherwise."""
    return (table.to_pandas().style.apply(_highlight_missing, axis=1)
            .format({LA.COL_HOURS: "{:.1f}"}, na_rep=""))


STATUS_BACKGROUND = {"met": "#dff3e4", "behind": "#fff1d6", "not_started": "#fde2e1", "no_data": ""}


def target_status(item) -> str:
    """met | behind (some done, short of the target) | not_started (nothing done) | no_data."""
    if item.actual is None:
        return "no_data"
    if item.met:
        return "met"
    return "behind" if item.actual > 0 else "not_started"


def _figure(value: float | None) -> str:
    if value is None:
        return L.NO_VALUE
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def targets_table(assessment) -> pl.DataFrame:
    """One row per rubric indicator of the alliance: actual, target and status in words."""
    rows = [{LA.COL_INDICATOR: i.indicator.name, LA.COL_ACTUAL: _figure(i.actual), LA.COL_TARGET: _figure(i.target),
             LA.COL_STATUS: LA.STATUS[target_status(i)]} for i in assessment.items]
    return pl.DataFrame(rows, schema={c: pl.String for c in (LA.COL_INDICATOR, LA.COL_ACTUAL, LA.COL_TARGET,
                                                             LA.COL_STATUS)})


def targets_styled(table: pl.DataFrame):
    """The targets table with each row tinted by its status (the status column says it in words)."""
    by_label = {label: STATUS_BACKGROUND[code] for code, label in LA.STATUS.items()}

    def tint(row) -> list[str]:
        color = by_label.get(row[LA.COL_STATUS], "")
        return [f"background-color: {color}" if color else "" for _ in row]

    return table.to_pandas().style.apply(tint, axis=1)
