"""Transform stage: validated typed frames -> frames shaped like the database tables
(etl/sql/schema.sql), with the derived columns; plus the salt for student ids and the marts."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
from pathlib import Path

import duckdb
import polars as pl
import prcoords

from etl import codes

SQL_DIR = Path(__file__).resolve().parent / "sql"
SCHEMA_SQL = SQL_DIR / "schema.sql"
MARTS_DIR = SQL_DIR / "marts"
DEFAULT_LINES = {"pass_line": 0.60, "excellent_line": 0.85, "low_line": 0.40}
# Precise inverses (iterative), lat-first as prcoords wants.
TO_WGS84 = {"GCJ02": prcoords.gcj_wgs_bored, "BD09": prcoords.bd_wgs_bored}


def school_year(d: pl.Expr) -> pl.Expr:
    """Date -> school year text; the school year runs September to August: 2023-09-01 -> 2023-2024."""
    start = pl.when(d.dt.month() >= 9).then(d.dt.year()).otherwise(d.dt.year() - 1)
    return pl.format("{}-{}", start, start + 1)


def term(d: pl.Expr) -> pl.Expr:
    """Date -> term: 1 = September to January, 2 = February to August."""
    m = d.dt.month()
    return pl.when((m >= 9) | (m == 1)).then(1).otherwise(2)


def to_wgs84(frame: pl.DataFrame) -> pl.DataFrame:
    """lon/lat given in GCJ02 or BD09 -> WGS84; grain = school. Only the converted rows go
    through Python (prcoords is per point); a county or province has at most a few thousand."""
    need = frame.select((pl.col("coord_system").is_in(list(TO_WGS84)) & pl.col("lon").is_not_null())
                        .fill_null(False)).to_series()
    if not need.any():
        return frame
    lon, lat = frame.get_column("lon").to_list(), frame.get_column("lat").to_list()
    for i, system in zip(need.arg_true().to_list(), frame.filter(need).get_column("coord_system").to_list(),
                         strict=True):
        w = TO_WGS84[system]((lat[i], lon[i]), False)
        lat[i], lon[i] = w.lat, w.lon
    return frame.with_columns(pl.Series("lon", lon, pl.Float64), pl.Series("lat", lat, pl.Float64))


def transform(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Typed input frames (validate.Validated.tables) -> database-shaped frames, same keys.
    Results keep the raw student_id here: it is hashed inside DuckDB on insert (load.py)."""
    out: dict[str, pl.DataFrame] = {}
    for key, df in tables.items():
        if key == "schools":
            df = to_wgs84(df).with_columns(
                pl.col("urban_rural_code").replace_strict(codes.URBAN_RURAL_ROLLUP, return_dtype=pl.String)
                .alias("urban_rural"),
                pl.when(pl.col("lon").is_not_null()).then(pl.col("coord_system").fill_null("WGS84"))
                .alias("coord_system"))
        elif key == "alliances":
            df = df.with_columns(pl.col("cross_region").fill_null(False))
        elif key == "activities":
            df = df.with_columns(school_year(pl.col("date")).alias("school_year"),
                                 pl.col("date").dt.year().alias("year"))
        elif key in ("exchanges", "mentorships"):
            df = df.with_columns(school_year(pl.col("start_date")).alias("school_year"))
        elif key == "exams":
            df = df.with_columns(
                pl.col("school_year").fill_null(school_year(pl.col("date"))),
                pl.col("term").fill_null(term(pl.col("date"))),
                *[pl.col(c).fill_null(pl.col("full_score") * f) for c, f in DEFAULT_LINES.items()])
        out[key] = df
    return out


def salt(db_path: Path) -> str:
    """Salt for student ids: env ALLIANCE_SALT, else .salt beside the live database (created once)."""
    env = os.environ.get("ALLIANCE_SALT")
    if env:
        return env
    path = Path(db_path).parent / ".salt"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def base_tables() -> list[str]:
    """Tables etl/sql/schema.sql creates, in its order (base tables, load_log, load_rejects)."""
    return re.findall(r"create table if not exists (\w+)", SCHEMA_SQL.read_text(encoding="utf-8"), re.I)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Base tables from etl/sql/schema.sql (create if not exists)."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def mart_files() -> list[Path]:
    """The mart files of etl/sql/marts/, in the order they run (by name: NN_<mart>.sql)."""
    return sorted(MARTS_DIR.glob("*.sql"))


@functools.cache
def mart_tables() -> tuple[str, ...]:
    """The tables (and the view) the mart files create, in run order (read once per process)."""
    return tuple(name for path in mart_files()
                 for name in re.findall(r"create or replace (?:table|view) (\w+)", path.read_text(encoding="utf-8"),
                                        re.I))


@functools.cache
def marts_version() -> str:
    """The version of the marts (a hash of every mart file's name and text, read once per
    process): marts built from other SQL are stale."""
    digest = hashlib.sha256()
    for path in mart_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Run every mart file in order, after the base tables are filled, and record which version of
    them built the marts (mart_meta)."""
    for path in mart_files():
        con.execute(path.read_text(encoding="utf-8"))
    con.execute("create or replace table mart_meta as select ?::varchar as marts_version", [marts_version()])


def stored_marts_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The marts version a database records, None when it predates the record."""
    found = con.execute("select count(*) from information_schema.tables where table_name = 'mart_meta'").fetchall()
    if not found[0][0]:
        return None
    row = con.execute("select marts_version from mart_meta").fetchall()
    return row[0][0] if row else None
