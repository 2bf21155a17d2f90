"""Captions a page adds when what it shows is partial: data that stops early, schools missing from
the map, ties at a ranking's cut."""

from __future__ import annotations

import polars as pl

from dashboard.labels import coverage as LC
from dashboard.labels import overview as LO
from dashboard.present.format import month, number


def data_through(df: pl.DataFrame) -> str | None:
    """A caption when the selected year's activity records stop before June, the last teaching
    month (a running year, or a late submission): its change against a whole year is understated."""
    now = next(r for r in df.iter_rows(named=True) if r["period"] == "current")
    last = now["last_activity_month"]
    if last is None or (last.year, last.month) >= (int(now["school_year"][-4:]), 6):
        return None
    return LO.DATA_THROUGH.format(month=month(last))


def map_missing_note(towns: pl.DataFrame, points: pl.DataFrame) -> str | None:
    """A caption when schools in view are not on the map for want of coordinates (coverage_by_town
    counts every school in view; school_map_points only those with coordinates)."""
    missing = int(towns["schools_n"].sum() or 0) - points.height
    return LC.MAP_MISSING_COORDS.format(n=missing) if missing > 0 else None


def ranking_ties(df: pl.DataFrame, n: int) -> str | None:
    """A caption when the n-th alliance of the rubric ranking (rubric/board.py) ties with alliances
    below the cut: the top n shown are then some of the tied, by id, not the best n."""
    if df.height <= n:
        return None
    scores = df["score"].round(6)
    cut = scores[n - 1]
    if not scores.slice(n).eq(cut).any():
        return None
    return LO.RANKING_TIES.format(n=scores.eq(cut).sum(), score=number(cut, digits=1).removesuffix(".0"))
