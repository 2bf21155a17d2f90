"""The dashboard's own records: who signed in, loaded or exported what, when. Kept apart from the
analytics database, which the dashboard opens read-only and every load replaces, in an SQLite file
(ALLIANCE_AUDIT_DB): many small appends from one server process, which SQLite's own locking serves
without a database server. `export_log` is the view of exports (issue: meeting exports), the whole
table the audit trail the data management page shows."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from etl import settings

ACTIONS = ("sign_in", "sign_in_failed", "sign_out", "view_as", "load", "export")

_SCHEMA = """
create table if not exists audit_log (
    audit_id integer primary key autoincrement,
    at text not null,              -- UTC, ISO 8601
    user_name text,                -- null in the open demo (no sign-in)
    action text not null,
    target text,                   -- what was loaded / exported / signed in as
    detail text                    -- JSON: filters, files, row counts
);
create index if not exists audit_log_action on audit_log (action, at);
create view if not exists export_log as
    select audit_id, at, user_name, target, detail from audit_log where action = 'export';
"""


def path() -> Path:
    return Path(settings.get("ALLIANCE_AUDIT_DB"))


def _connect() -> sqlite3.Connection:
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(target, timeout=10)
    con.executescript(_SCHEMA)
    return con


def record(action: str, user_name: str | None = None, target: str | None = None,
           detail: dict | None = None) -> None:
    """Append one record. detail is stored as JSON (Chinese kept readable)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    with closing(_connect()) as con, con:
        con.execute("insert into audit_log (at, user_name, action, target, detail) values (?, ?, ?, ?, ?)",
                    (datetime.now(UTC).isoformat(timespec="seconds"), user_name, action, target,
                     json.dumps(detail or {}, ensure_ascii=False, default=str)))


def entries(action: str | None = None, limit: int = 500) -> pl.DataFrame:
    """Grain: one row per record, newest first; at most `limit` rows, of one action when given."""
    schema = {"audit_id": pl.Int64, "at": pl.String, "user_name": pl.String, "action": pl.String,
              "target": pl.String, "detail": pl.String}
    with closing(_connect()) as con:
        rows = con.execute("select audit_id, at, user_name, action, target, detail from audit_log "
                           "where ? is null or action = ? order by audit_id desc limit ?",
                           (action, action, limit)).fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")
