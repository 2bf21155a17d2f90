"""Names: which input table a sheet or csv name, or a row of headers, names, and which column a
header names (its Chinese header, the English name or a synonym from etl/schema.py, compared
ignoring width, spaces, case, a trailing mark or colon and a bracketed unit)."""

from __future__ import annotations

import functools
import re
import unicodedata

from etl import schema
from etl.schema import Table

# Input table key -> spec. Results come in two shapes that load into one database table.
SPECS: dict[str, Table] = {t.name: t for t in schema.TABLES} | {"results_school": schema.RESULTS_SCHOOL}
# Sheet names and csv stems (normalised, lower case) -> input table; results shape is decided
# later from the columns, so both results names map to "results".
NAME_TO_TABLE: dict[str, str] = (
    {k.lower(): v for k, v in schema.SHEET_TO_TABLE.items()}
    | {"成绩汇总": "results", "results_school": "results", "results_student": "results"}
)

# Characters that show nothing (zero-width space, joiners, word joiner, BOM, soft hyphen): copied
# from web systems and WeChat into ids and codes, they would make one school two.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
INVISIBLE_RE = f"[{INVISIBLE}]"


def norm_text(s: str) -> str:
    """NFKC (full-width -> half-width), invisible characters removed, trimmed."""
    return re.sub(INVISIBLE_RE, "", unicodedata.normalize("NFKC", s)).strip()


# What may follow a header's words: a required mark, a colon, a unit or remark in brackets
# (满分（分）, 时长(小时), 学校标识码[10位]).
_HEADER_TAIL = re.compile(r"\s*(?:\*|必填|:|[(\[【][^()\[\]【】]*[)\]】])\s*$")


def norm_header(h: str) -> str:
    """Header as typed -> comparable form: NFKC (full/half width), no spaces, lower case, without
    a trailing *, (必填), colon or bracketed unit."""
    h = norm_text(str(h))
    while (cut := _HEADER_TAIL.sub("", h)) != h:
        h = cut
    return re.sub(r"\s+", "", h).lower()


def _header_words(spec: Table) -> dict[str, set[str]]:
    """Every accepted header of a table, normalised -> the columns it may name."""
    out: dict[str, set[str]] = {}
    for c in spec.columns:
        for word in (c.name, c.header, *c.aliases):
            out.setdefault(norm_header(word), set()).add(c.name)
    return out


def header_map(spec: Table) -> dict[str, str]:
    """Every header that names one column of a table (English name, Chinese header, synonyms) -> column name."""
    return {w: next(iter(cols)) for w, cols in _header_words(spec).items() if len(cols) == 1}


def ambiguous_headers(spec: Table) -> dict[str, tuple[str, ...]]:
    """Headers that may name two or more columns of a table (学校标识码 on a 交流 sheet) -> those columns."""
    return {w: tuple(c for c in (col.name for col in spec.columns) if c in cols)
            for w, cols in _header_words(spec).items() if len(cols) > 1}


RESULTS_HEADERS = header_map(schema.RESULTS_STUDENT) | header_map(schema.RESULTS_SCHOOL)
TITLE_ROWS = 5          # a sheet may start with up to this many title lines above its header


def header_of(table: str, name: str) -> str:
    """The Chinese header of a column of an input table (results: of either shape)."""
    specs = (schema.RESULTS_STUDENT, schema.RESULTS_SCHOOL) if table == "results" else (SPECS[table],)
    return next(c.header for spec in specs for c in spec.columns if c.name == name)


@functools.cache
def headers_of(table: str) -> dict[str, str]:
    """Accepted headers of an input table, built once: every header of every file is looked up."""
    return RESULTS_HEADERS if table == "results" else header_map(SPECS[table])


def header_index(rows: list[list[str | None]], table: str) -> int:
    """Index of the header among the top rows: the first naming at least two of the table's
    columns (a title such as 「贺兰县学校信息表」 above the header is common); 0 when none does."""
    names = headers_of(table)
    for i, row in enumerate(rows):
        if sum(1 for v in row if v is not None and norm_header(v) in names) >= 2:
            return i
    return 0


# Tables recognisable from their headers; results covers both shapes.
HEADER_TABLES = schema.INPUT_NAMES
MIN_HEADER_MATCH = 3


def table_from_headers(rows: list[list[str | None]]) -> tuple[str, int] | None:
    """(table, header index) for a sheet or file whose name is not a table's: the one table whose
    required columns a top row names in full and none of whose headers belongs only to another
    table. A score list with exam details (考试名称 ... 学生编号, 成绩) names two tables: refused
    rather than read as the wrong one, as is anything ambiguous."""
    found: list[tuple[str, int]] = []
    for i, row in enumerate(rows):
        headers = {norm_header(v) for v in row if v is not None and v.strip()}
        known = {h for h in headers if any(h in headers_of(t) for t in HEADER_TABLES)}
        if len(known) < MIN_HEADER_MATCH:
            continue
        for table in HEADER_TABLES:
            names = headers_of(table)
            if not known <= names.keys():
                continue        # a header of another table: this row is not (only) this table
            columns = {names[h] for h in known}
            specs = (schema.RESULTS_STUDENT, schema.RESULTS_SCHOOL) if table == "results" else (SPECS[table],)
            if any({c.name for c in spec.columns if c.required} <= columns for spec in specs):
                found.append((table, i))
        if found:
            break
    return found[0] if len(found) == 1 else None


def table_for_name(name: str) -> str | None:
    return NAME_TO_TABLE.get(norm_text(name).lower())
