"""Chinese formatting of numbers, percentages, dates and terms; code labels via etl.codes; text
from the data made literal in markdown."""

from __future__ import annotations

import re
import urllib.parse
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from dashboard.labels import common as L
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


def alliance_link(alliance_id: str, name: str | None = None, school_year: str | None = None) -> str:
    """The detail page's address for an alliance, for st.column_config.LinkColumn and markdown links.
    Values are URL-encoded (an id from the data may hold & or #); the name rides in the fragment,
    which a LinkColumn shows through display_text=r"#(.*)$" and the page ignores. The county filter
    opens on 全部 ("all"): the alliance may be run from another county than the one in view."""
    query = {"alliance": alliance_id, **({"year": school_year} if school_year else {}), "county": "all"}
    return "/alliance?" + urllib.parse.urlencode(query) + (f"#{name}" if name else "")
