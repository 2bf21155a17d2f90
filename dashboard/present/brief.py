"""督导清单: what deserves a look on site at one alliance, in sentences, each with its figure.
Pure functions over the detail page's query results (dashboard/queries/alliance.py); only
material items are listed, so an empty brief means nothing needs checking."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard.labels import alliance as LA
from dashboard.present.format import month, percent

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
          pairs: pl.DataFrame, reference: date, sessions_target: int, idle_days: int) -> list[str]:
    """The brief's sentences, most actionable first; empty when nothing is material."""
    items = [evidence_item(ledger), nothing_received_item(members, ledger, exchanges, reference),
             silent_months_item(months), pairs_below_item(pairs, sessions_target),
             pairs_idle_item(pairs, idle_days)]
    return [i for i in items if i]
