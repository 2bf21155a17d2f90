"""Headline numbers as metric cards: value, change against the previous period, and meaning."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard.labels import common as L
from dashboard.labels import overview as LO
from dashboard.present.format import half_up, number, percent, points


@dataclass(frozen=True)
class Card:
    """One headline number as st.metric shows it."""

    label: str
    value: str
    delta: str | None
    help: str
    caption: str = ""
    delta_color: str = "normal"

    @property
    def unchanged(self) -> bool:
        """No change: shown grey without an arrow instead of a green "up"."""
        return self.delta is not None and self.delta.split(" ")[0].lstrip("+-").strip("0.,") == ""


def _signed(value: float | None, unit: str, digits: int = 0) -> str | None:
    if value is None:
        return None
    text = f"{half_up(value, digits):+,.{digits}f}"
    return f"{text} {unit}" if unit else text


def _diff(now, before):
    return None if now is None or before is None else now - before


def headline_cards(df: pl.DataFrame) -> list[Card]:
    """headline_figures (current and previous period) as metric cards with change and meaning."""
    rows = {r["period"]: r for r in df.iter_rows(named=True)}
    now, before = rows["current"], rows.get("previous", {})

    def d(column):
        return _diff(now[column], before.get(column))

    def activity_caption(kind, unit):
        if now[f"{kind}_n"] is None:
            return LO.CAPTION_NO_RECORDS             # a year before any record was reported
        if not now[f"{kind}_targeted_alliances_n"]:
            return LO.CAPTION_NO_TARGET              # no rubric in view sets this target
        return (LO.METRIC_ACTIVITY_CAPTION.format(actual=number(now[f"{kind}_n"], unit),
                                                 target=number(now[f"{kind}_target_n"], unit))
                + LO.CAPTION_MET.format(met=now[f"{kind}_met_alliances_n"], total=now[f"{kind}_targeted_alliances_n"]))

    def gap_caption(column):
        if now[column] is not None:
            return LO.CAPTION_GAP
        # Both areas sat the exams but a pass count was not sent: say so, not "no exams".
        return LO.CAPTION_GAP_NO_PASS if now["gap_mean_pct"] is not None else LO.CAPTION_GAP_NO_EXAMS

    return [
        Card(LO.METRIC_ALLIANCES, number(now["alliances_n"], L.UNIT_ALLIANCES),
             _signed(d("alliances_n"), L.UNIT_ALLIANCES), LO.METRIC_ALLIANCES_HELP),
        Card(LO.METRIC_COVERED, number(now["covered_schools_n"], L.SCHOOLS_UNIT),
             _signed(d("covered_schools_n"), L.SCHOOLS_UNIT), LO.METRIC_COVERED_HELP,
             LO.CAPTION_SCHOOLS_TOTAL.format(n=number(now["schools_n"], L.SCHOOLS_UNIT))),
        Card(LO.METRIC_RURAL_COVERAGE, percent(now["rural_coverage_pct"]),
             _signed(d("rural_coverage_pct"), L.POINTS, 1), LO.METRIC_RURAL_COVERAGE_HELP,
             LO.CAPTION_RURAL.format(covered=now["covered_rural_schools_n"],
                                    total=number(now["rural_schools_n"], L.SCHOOLS_UNIT))),
        Card(LO.METRIC_EXCHANGES, number(now["exchanges_n"], L.UNIT_PERSON_TIMES),
             _signed(d("exchanges_n"), L.UNIT_PERSON_TIMES), LO.METRIC_EXCHANGES_HELP),
        Card(LO.METRIC_LESSONS, percent(now["lessons_met_pct"]), _signed(d("lessons_met_pct"), L.POINTS, 1),
             LO.METRIC_LESSONS_HELP, activity_caption("lessons", L.UNIT_LESSONS)),
        Card(LO.METRIC_RESEARCH, percent(now["research_met_pct"]), _signed(d("research_met_pct"), L.POINTS, 1),
             LO.METRIC_RESEARCH_HELP, activity_caption("research", L.UNIT_SESSIONS)),
        # A shrinking gap is good news: the delta is coloured inversely.
        Card(LO.METRIC_GAP_MEAN, points(now["gap_mean_pct"]), _signed(d("gap_mean_pct"), L.POINTS, 1),
             LO.METRIC_GAP_MEAN_HELP, gap_caption("gap_mean_pct"), "inverse"),
        Card(LO.METRIC_GAP_PASS, points(now["gap_pass_rate_pct"]), _signed(d("gap_pass_rate_pct"), L.POINTS, 1),
             LO.METRIC_GAP_PASS_HELP, gap_caption("gap_pass_rate_pct"), "inverse"),
    ]
