"""Chinese formatting of numbers, percentages, dates and tables; code labels via etl.codes."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from dashboard import labels as L
from dashboard import theme
from etl import codes
from etl.settings import COUNTY_RULES


def half_up(value: float | int, digits: int) -> Decimal:
    """Rounded as a bureau rounds (四舍五入: 16.25 -> 16.3, 2.5 -> 3), not to the even digit as
    Python's format does; the float's shortest repr is what is rounded."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def number(value: float | int | None, unit: str = "", digits: int = 0) -> str:
    """1234 -> '1,234 所'; None -> '—'."""
    if value is None:
        return L.NO_VALUE
    text = f"{half_up(value, digits):,.{digits}f}"
    return f"{text} {unit}" if unit else text


def percent(value: float | None, digits: int = 1) -> str:
    """A percentage already scaled to 0-100: 87.5 -> '87.5%'."""
    if value is None:
        return L.NO_VALUE
    return f"{half_up(value, digits):.{digits}f}%"


def points(value: float | None, digits: int = 1) -> str:
    """A difference of percentages, the unit (个百分点) named by the card's label: 3.2 -> '3.2'."""
    if value is None:
        return L.NO_VALUE
    return f"{half_up(value, digits):.{digits}f}"


def month(value: date | datetime) -> str:
    """date(2024, 3, 1) -> '2024年3月'."""
    return f"{value.year}年{value.month}月"


def school_year(value: str | None) -> str:
    """'2023-2024' -> '2023-2024学年'."""
    return f"{value}学年" if value else L.NO_VALUE


def term(school_year_value: str, term_no: int) -> str:
    """('2023-2024', 1) -> '2023学年第一学期' (a school year is named by the year it starts)."""
    return f"{school_year_value[:4]}学年{L.TERM_NAMES.get(int(term_no), str(term_no))}"


def term_short(school_year_value: str, term_no: int) -> str:
    """('2023-2024', 1) -> '2023秋'; ('2023-2024', 2) -> '2024春' (the calendar season it ran in)."""
    if int(term_no) == 1:
        return f"{school_year_value[:4]}{L.TERM_SEASONS[1]}"
    return f"{school_year_value[-4:]}{L.TERM_SEASONS[2]}"


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_text(text: str) -> str:
    """Text from the data made literal inside Streamlit markdown (captions, markdown): a name
    like [点此](http://x) or $x$ shows as typed, never as a link, formula or emphasis."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def county(code: str | None, name: str | None = None) -> str:
    if code is None:
        return L.ALL_COUNTIES
    if name:
        return name
    rule = COUNTY_RULES.get(code)
    return rule.name if rule else code


def code_label(codelist: str, value: str | None) -> str:
    return codes.label(codelist, value) if value is not None else L.ALL


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


def structure_table(df: pl.DataFrame) -> pl.DataFrame:
    """Structure-check hits as a Chinese table: check, alliance, school, explanation."""
    rows = []
    for r in df.iter_rows(named=True):
        detail = L.CHECK_DETAILS[r["problem"]].format(
            value=r["value_n"], limit=r["limit_n"], school=r["school_name"] or r["school_id"] or "",
            alliances="、".join(r["alliance_names"] or []))
        rows.append({L.COL_CHECK: L.CHECK_LABELS[r["problem"]],
                     L.COL_ALLIANCE: r["alliance_name"] or "",
                     L.COL_SCHOOL: r["school_name"] or "",
                     L.COL_DETAIL: detail})
    schema = {L.COL_CHECK: pl.String, L.COL_ALLIANCE: pl.String, L.COL_SCHOOL: pl.String, L.COL_DETAIL: pl.String}
    return pl.DataFrame(rows, schema=schema)


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
            return L.CAPTION_NO_RECORDS             # a year before any record was reported
        return (L.METRIC_ACTIVITY_CAPTION.format(actual=number(now[f"{kind}_n"], unit),
                                                 target=number(now[f"{kind}_target_n"], unit))
                + L.CAPTION_MET.format(met=now[f"{kind}_met_alliances_n"], total=now["alliances_n"]))

    def gap_caption(column):
        if now[column] is not None:
            return L.CAPTION_GAP
        # Both areas sat the exams but a pass count was not sent: say so, not "no exams".
        return L.CAPTION_GAP_NO_PASS if now["gap_mean_pct"] is not None else L.CAPTION_GAP_NO_EXAMS

    return [
        Card(L.METRIC_ALLIANCES, number(now["alliances_n"], L.UNIT_ALLIANCES),
             _signed(d("alliances_n"), L.UNIT_ALLIANCES), L.METRIC_ALLIANCES_HELP),
        Card(L.METRIC_COVERED, number(now["covered_schools_n"], L.SCHOOLS_UNIT),
             _signed(d("covered_schools_n"), L.SCHOOLS_UNIT), L.METRIC_COVERED_HELP,
             L.CAPTION_SCHOOLS_TOTAL.format(n=number(now["schools_n"], L.SCHOOLS_UNIT))),
        Card(L.METRIC_RURAL_COVERAGE, percent(now["rural_coverage_pct"]),
             _signed(d("rural_coverage_pct"), L.POINTS, 1), L.METRIC_RURAL_COVERAGE_HELP,
             L.CAPTION_RURAL.format(covered=now["covered_rural_schools_n"],
                                    total=number(now["rural_schools_n"], L.SCHOOLS_UNIT))),
        Card(L.METRIC_EXCHANGES, number(now["exchanges_n"], L.UNIT_PERSON_TIMES),
             _signed(d("exchanges_n"), L.UNIT_PERSON_TIMES), L.METRIC_EXCHANGES_HELP),
        Card(L.METRIC_LESSONS, percent(now["lessons_met_pct"]), _signed(d("lessons_met_pct"), L.POINTS, 1),
             L.METRIC_LESSONS_HELP, activity_caption("lessons", L.UNIT_LESSONS)),
        Card(L.METRIC_RESEARCH, percent(now["research_met_pct"]), _signed(d("research_met_pct"), L.POINTS, 1),
             L.METRIC_RESEARCH_HELP, activity_caption("research", L.UNIT_SESSIONS)),
        # A shrinking gap is good news: the delta is coloured inversely.
        Card(L.METRIC_GAP_MEAN, points(now["gap_mean_pct"]), _signed(d("gap_mean_pct"), L.POINTS, 1),
             L.METRIC_GAP_MEAN_HELP, gap_caption("gap_mean_pct"), "inverse"),
        Card(L.METRIC_GAP_PASS, points(now["gap_pass_rate_pct"]), _signed(d("gap_pass_rate_pct"), L.POINTS, 1),
             L.METRIC_GAP_PASS_HELP, gap_caption("gap_pass_rate_pct"), "inverse"),
    ]


def map_legend_html() -> str:
    """The map's colour key as HTML; fixed labels and palette colours only, no data."""
    entries = [(theme.ALLIANCE_TYPE_COLORS[c.code], c.label, 10) for c in codes.CODELISTS["alliance_type"]]
    entries += [(theme.UNCOVERED_RURAL_COLOR, L.STATUS_UNCOVERED_RURAL, 14), (theme.UNCOVERED_COLOR, L.STATUS_UNCOVERED, 9)]
    dots = [f'<span style="display:inline-block;width:{size}px;height:{size}px;border-radius:50%;'
            f'background:{color};margin:0 4px 0 14px;vertical-align:middle"></span>{html.escape(label)}'
            for color, label, size in entries]
    return '<div style="font-size:0.9rem">' + "".join(dots) + "</div>"


def data_through(df: pl.DataFrame) -> str | None:
    """A caption when the selected year's activity records stop before June, the last teaching
    month (a running year, or a late submission): its change against a whole year is understated."""
    now = next(r for r in df.iter_rows(named=True) if r["period"] == "current")
    last = now["last_activity_month"]
    if last is None or (last.year, last.month) >= (int(now["school_year"][-4:]), 6):
        return None
    return L.DATA_THROUGH.format(month=month(last))


def map_missing_note(towns: pl.DataFrame, points: pl.DataFrame) -> str | None:
    """A caption when schools in view are not on the map for want of coordinates (coverage_by_town
    counts every school in view; school_map_points only those with coordinates)."""
    missing = int(towns["schools_n"].sum() or 0) - points.height
    return L.MAP_MISSING_COORDS.format(n=missing) if missing > 0 else None


def ranking_ties(df: pl.DataFrame, n: int) -> str | None:
    """A caption when the n-th alliance of the ranking (alliance_ranking) ties with alliances
    below the cut: the top n shown are then some of the tied, by id, not the best n."""
    if df.height <= n:
        return None
    cut = df["completion_pct"][n - 1]
    if not df.slice(n)["completion_pct"].eq(cut).any():
        return None
    return L.RANKING_TIES.format(n=df["completion_pct"].eq(cut).sum(), pct=percent(cut, 0))
