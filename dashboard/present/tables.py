"""Query results as Chinese tables: column names and code labels a reader understands."""

from __future__ import annotations

import polars as pl

from dashboard.labels import common as L
from dashboard.labels import coverage as LC
from dashboard.present.format import alliance_link
from etl import codes

# A LinkColumn's display_text for links made by present.format.alliance_link: the name.
LINK_TEXT = r"#(.*)$"


def uncovered_table(df: pl.DataFrame) -> pl.DataFrame:
    """Uncovered schools with Chinese column names and labels instead of codes."""
    return df.select(
        pl.col("name").alias(L.COL_SCHOOL),
        pl.col("county").alias(L.COL_COUNTY),
        pl.col("town").fill_null(L.NO_VALUE).alias(L.COL_TOWN),
        pl.col("stage").replace_strict(codes.labels("stage"), default=pl.col("stage")).alias(L.COL_STAGE),
        pl.col("urban_rural").replace_strict(codes.labels("urban_rural"), default=pl.col("urban_rural"))
        .alias(L.COL_URBAN_RURAL),
        pl.col("students").alias(L.COL_STUDENTS),
    )


def structure_table(df: pl.DataFrame, school_year: str | None = None) -> pl.DataFrame:
    """Structure-check hits as a Chinese table: check, alliance (a link to its detail page, shown
    by its name: st.column_config.LinkColumn(display_text=LINK_TEXT)), school, explanation."""
    rows = []
    for r in df.iter_rows(named=True):
        detail = LC.CHECK_DETAILS[r["problem"]].format(
            value=r["value_n"], limit=r["limit_n"], school=r["school_name"] or r["school_id"] or "",
            alliances="、".join(r["alliance_names"] or []))
        rows.append({L.COL_CHECK: LC.CHECK_LABELS[r["problem"]],
                     L.COL_ALLIANCE: (alliance_link(r["alliance_id"], r["alliance_name"], school_year)
                                      if r["alliance_id"] else None),
                     L.COL_SCHOOL: r["school_name"] or "",
                     L.COL_DETAIL: detail})
    schema = {L.COL_CHECK: pl.String, L.COL_ALLIANCE: pl.String, L.COL_SCHOOL: pl.String, L.COL_DETAIL: pl.String}
    return pl.DataFrame(rows, schema=schema)


def alliance_link_column(school_year: str | None, id_col: str = "alliance_id",
                         name_col: str = "alliance_name") -> pl.Expr:
    """An alliance column of a table as links to the detail page (alliance_link), shown by name
    through st.column_config.LinkColumn(display_text=LINK_TEXT); rows without an alliance stay empty."""
    return pl.struct(id_col, name_col).map_elements(
        lambda r: alliance_link(r[id_col], r[name_col] or r[id_col], school_year) if r[id_col] else None,
        return_dtype=pl.String)
