"""Tables of the 数据管理 page: Chinese headers and labels over the admin query results."""

from __future__ import annotations

import json

import polars as pl

from dashboard.labels import admin as LA
from dashboard.labels import signin as LS
from dashboard.present import format as fmt


def completeness_grid(df: pl.DataFrame) -> pl.DataFrame:
    """reporting_months as a grid: one row per alliance, one column per month (activity records in
    that month; 0 = nothing reported), months in calendar order."""
    months = sorted(df["month_date"].unique().to_list())
    labels = {m.strftime("%Y-%m"): fmt.month(m) for m in months}
    wide = (df.with_columns(pl.col("month_date").dt.strftime("%Y-%m").alias("month"))
            .pivot(on="month", index=["alliance_id", "name"], values="activities_n", sort_columns=True))
    return (wide.select("alliance_id", "name", *labels).rename({"alliance_id": LA.NO_EVIDENCE_COLUMNS["alliance_id"],
                                                                  "name": LA.NO_EVIDENCE_COLUMNS["name"], **labels}))


def completeness_pct(df: pl.DataFrame) -> float | None:
    """Share of alliance x month cells with at least one record, in % (each cell counts once)."""
    return None if df.is_empty() else 100.0 * df["reported"].sum() / df.height


def chase_table(df: pl.DataFrame) -> pl.DataFrame:
    return (df.with_columns(pl.col("kind").replace_strict(LA.KIND, default=pl.col("kind")))
            .select(list(LA.CHASE_COLUMNS)).rename(LA.CHASE_COLUMNS))


def history_table(df: pl.DataFrame) -> pl.DataFrame:
    return df.select(list(LA.HISTORY_COLUMNS)).rename(LA.HISTORY_COLUMNS)


def _detail_text(raw: str | None) -> str:
    """The JSON detail as 'key: value；…' (lists joined with 、)."""
    try:
        detail = json.loads(raw or "{}")
    except ValueError:
        return raw or ""
    if not isinstance(detail, dict):
        return str(detail)
    def value(v) -> str:
        return "、".join(map(str, v)) if isinstance(v, list) else str(v)
    return "；".join(f"{k}: {value(v)}" for k, v in detail.items() if v is not None)


def audit_table(df: pl.DataFrame) -> pl.DataFrame:
    """Audit records with Chinese action names, UTC time to the second, readable detail."""
    return (df.with_columns(pl.col("action").replace_strict(LA.ACTIONS, default=pl.col("action")),
                            pl.col("at").str.replace("T", " ").str.replace(r"\+00:00$", ""),
                            pl.col("user_name").fill_null(""), pl.col("target").fill_null(""),
                            pl.col("detail").map_elements(_detail_text, return_dtype=pl.String))
            .select(list(LA.AUDIT_COLUMNS)).rename(LA.AUDIT_COLUMNS))


def accounts_table(accounts: dict) -> pl.DataFrame:
    """One row per account: name, role, what it may see; never the password hash."""
    rows = [{"name": u.name, "role": LS.ROLES.get(u.role, u.role),
             "scope": "、".join(u.counties or u.alliances or ((u.school,) if u.school else ())) or LA.ALL_DATA,
             "email": u.email or ""}
            for u in sorted(accounts.values(), key=lambda u: u.name)]
    schema = {"name": pl.String, "role": pl.String, "scope": pl.String, "email": pl.String}
    return pl.DataFrame(rows, schema=schema).rename(LA.USERS_COLUMNS)


def renamed(df: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    return df.select(list(columns)).rename(columns)
