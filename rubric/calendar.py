"""Assessment periods and on-time completion against a calendar (seed 003 附件 2 行事历: 30 % by
February, 40 % by March, 80 % by May, 100 % by June and October).

Period keys, as the rubric marts write them: calendar year '2024'; school year '2024-2025'
(September to August); term '2024-2025/1' (September to January) or '2024-2025/2' (February to
August)."""

from __future__ import annotations

import calendar as _cal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


def previous_period(kind: str, period: str) -> str:
    """The period before: '2024' -> '2023'; '2024-2025' -> '2023-2024'; '2024-2025/2' -> '2024-2025/1';
    '2024-2025/1' -> '2023-2024/2' (terms follow each other)."""
    if kind == "year":
        return str(int(period) - 1)
    if kind == "school_year":
        start = int(period[:4])
        return f"{start - 1}-{start}"
    year, term = period.split("/")
    if term == "2":
        return f"{year}/1"
    start = int(year[:4])
    return f"{start - 1}-{start}/2"


def period_bounds(kind: str, period: str) -> tuple[date, date]:
    """First and last day of a period."""
    if kind == "year":
        return date(int(period), 1, 1), date(int(period), 12, 31)
    start = int(period[:4])
    if kind == "school_year":
        return date(start, 9, 1), date(start + 1, 8, 31)
    if period.endswith("/1"):
        return date(start, 9, 1), date(start + 1, 1, 31)
    return date(start + 1, 2, 1), date(start + 1, 8, 31)


def month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def month_in_period(month: int, start: date, end: date) -> date | None:
    """The last day of the first `month` inside [start, end] (a checkpoint's date), or None."""
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        if m == month:
            return month_end(y, m)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return None


@dataclass(frozen=True)
class Checkpoint:
    """One calendar checkpoint of one alliance: planned and actual progress in %."""

    due: date
    planned_pct: float
    actual_pct: float | None      # None: not yet due at the reference date

    @property
    def is_due(self) -> bool:
        return self.actual_pct is not None

    @property
    def met(self) -> bool:
        return self.actual_pct is not None and self.actual_pct + 1e-9 >= self.planned_pct


def progress_pct(done: list[float], targets: list[float]) -> float:
    """Mean over the tasks of (records done / target, at most 100 %), in %."""
    if not targets:
        return 100.0
    shares = [min(n / target, 1.0) if target > 0 else 1.0 for n, target in zip(done, targets, strict=True)]
    return 100.0 * sum(shares) / len(shares)


def checkpoints(plan: Iterable[tuple[int, float]], start: date, end: date, reference: date,
                progress_at: Callable[[date], float]) -> tuple[Checkpoint, ...]:
    """The plan's checkpoints that fall in the period, each with the actual progress when due by
    the reference date (the period's last day, or today while it runs)."""
    out = []
    for month, pct in plan:
        due = month_in_period(month, start, end)
        if due is None:
            continue
        out.append(Checkpoint(due, pct, progress_at(due) if due <= reference else None))
    return tuple(sorted(out, key=lambda c: c.due))
