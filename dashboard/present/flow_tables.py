"""The 交流 page's tables with Chinese column names and labels instead of codes."""

from __future__ import annotations

import polars as pl

from dashboard.labels import common as L
from dashboard.labels import flows as LF
from dashboard.present.tables import alliance_link_column
from etl import codes


def _kinds(column: str) -> pl.Expr:
    """A list of flow kind codes as their labels joined by 、."""
    return pl.col(column).list.eval(pl.element().replace_strict(LF.FLOW_KINDS, default=pl.element())).list.join("、")


def largest_table(df: pl.DataFrame) -> pl.DataFrame:
    """largest_flows as a table."""
    return df.select(
        pl.col("from_name").fill_null(pl.col("from_school_id")).alias(LF.COL_FROM),
        pl.col("from_county").fill_null(L.NO_VALUE).alias(LF.COL_FROM_COUNTY),
        pl.col("to_name").fill_null(pl.col("to_school_id")).alias(LF.COL_TO),
        pl.col("to_county").fill_null(L.NO_VALUE).alias(LF.COL_TO_COUNTY),
        _kinds("kinds").alias(LF.COL_KINDS),
        pl.col("person_times").alias(LF.COL_PERSON_TIMES),
        pl.col("person_days").alias(LF.COL_PERSON_DAYS),
        pl.col("teachers_n").alias(LF.COL_TEACHERS),
    )


def core_share_table(df: pl.DataFrame, school_year: str | None = None) -> pl.DataFrame:
    """core_share rows (those below the target) as a table; alliances link to their detail page."""
    return df.select(
        alliance_link_column(school_year).alias(L.COL_ALLIANCE),
        pl.col("core_school_name").fill_null(pl.col("core_school_id")).alias(LF.COL_CORE),
        pl.col("core_teachers_n").alias(LF.COL_CORE_TEACHERS),
        pl.col("teachers_sent_n").alias(LF.COL_SENT),
        pl.col("share_pct").round(1).alias(LF.COL_SHARE),
    )


def unreached_table(df: pl.DataFrame, school_year: str | None = None) -> pl.DataFrame:
    return df.select(
        pl.col("name").alias(L.COL_SCHOOL),
        pl.col("county").fill_null(L.NO_VALUE).alias(L.COL_COUNTY),
        pl.col("town").fill_null(L.NO_VALUE).alias(L.COL_TOWN),
        pl.col("urban_rural").replace_strict(codes.labels("urban_rural"), default=pl.col("urban_rural"))
        .alias(L.COL_URBAN_RURAL),
        alliance_link_column(school_year).alias(L.COL_ALLIANCE),
    )


def _record(kind: str, to_name: str | None, start, end) -> str:
    until = end.isoformat() if end is not None else "—"
    return f"{codes.label('exchange_kind', kind)} → {to_name or ''}（{start.isoformat()} ~ {until}）"


def overlap_table(df: pl.DataFrame) -> pl.DataFrame:
    rows = [{LF.COL_TEACHER: r["teacher_id"],
             LF.COL_FIRST: _record(r["first_kind"], r["first_to_name"], r["first_start_date"], r["first_end_date"]),
             LF.COL_SECOND: _record(r["second_kind"], r["second_to_name"], r["second_start_date"],
                                    r["second_end_date"])}
            for r in df.iter_rows(named=True)]
    return pl.DataFrame(rows, schema={LF.COL_TEACHER: pl.String, LF.COL_FIRST: pl.String, LF.COL_SECOND: pl.String})


def outside_table(df: pl.DataFrame, school_year: str | None = None) -> pl.DataFrame:
    return df.select(
        alliance_link_column(school_year).alias(L.COL_ALLIANCE),
        pl.col("from_name").fill_null(pl.col("from_school_id")).alias(LF.COL_FROM),
        pl.col("to_name").fill_null(pl.col("to_school_id")).alias(LF.COL_TO),
        _kinds("kinds").alias(LF.COL_KINDS),
        pl.col("person_times").alias(LF.COL_PERSON_TIMES),
    )


def no_coordinates_table(df: pl.DataFrame) -> pl.DataFrame:
    return df.select(
        pl.col("name").fill_null(pl.col("school_id")).alias(L.COL_SCHOOL),
        pl.col("town").fill_null(L.NO_VALUE).alias(L.COL_TOWN),
        pl.col("sent_times").alias(LF.COL_SENT_TIMES),
        pl.col("received_times").alias(LF.COL_RECEIVED_TIMES),
    )
