"""Cleaning text cells: trimming (empty -> null), NFKC for ids and codes, invisible characters,
full-width ASCII in free text; and the one-pass flags that say which columns of a big frame need
any of it (most need none: a search is cheaper than rewriting a 10M-row column)."""

from __future__ import annotations

import polars as pl

from etl.cells import special_marks
from etl.headers import INVISIBLE, INVISIBLE_RE
from etl.schema import Column

# Full-width ASCII forms (（ ） ， Ａ １) and the ideographic space -> their half-width selves: a
# typing artefact, folded in free text too, where NFKC would also rewrite content (① -> 1, ㎡ -> m2).
WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
TEXT_FOLDED = f"[\uff01-\uff5e\u3000{INVISIBLE}]"


def trim_expr(e: pl.Expr) -> pl.Expr:
    """Trimmed text; null when nothing is left."""
    e = e.str.strip_chars()
    return pl.when(e.str.len_bytes() > 0).then(e)


# What str.strip_chars() strips (Unicode White_Space): a column holding none of these, and no
# empty text, is already trimmed.
WHITESPACE = ["\t", "\n", "\x0b", "\x0c", "\r", " ", "\x85", "\xa0", "\u1680", *map(chr, range(0x2000, 0x200B)),
              "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]


def needs_trim_expr(e: pl.Expr) -> pl.Expr:
    """Whether trimming would change a text column: one search instead of rewriting 10M values."""
    return e.str.contains_any(WHITESPACE).any() | (e.str.len_bytes() == 0).any()


def non_ascii_expr(e: pl.Expr) -> pl.Expr:
    return e.str.len_bytes().sum() != e.str.len_chars().sum()


def column_needs_trim(s: pl.Series) -> bool:
    return bool(s.to_frame("c").select(needs_trim_expr(pl.col("c"))).item())


def column_has_non_ascii(s: pl.Series) -> bool:
    return bool(s.to_frame("c").select(non_ascii_expr(pl.col("c"))).item())


def text_flags(df: pl.DataFrame, cols: list[Column], trim: bool) -> tuple[dict[str, bool], dict[str, bool],
                                                                             set[str]]:
    """(whether trimming would change it, when trim, else False; whether it holds non-ASCII text; the
    unmarked columns, when trim) of each text column, in one select: polars answers the columns
    side by side. Whitespace and the column's special_marks are looked for in one search a column
    (a 10M-row column has neither, as a rule): validation then needs no search of its own."""
    if not cols:
        return {}, {}, set()
    spec, cols = {c.name: c for c in cols}, [c.name for c in cols]
    exprs = [non_ascii_expr(pl.col(c)).alias(f"a{i}") for i, c in enumerate(cols)]
    if trim:
        exprs += [(pl.col(c).str.contains_any([*WHITESPACE, *special_marks(spec[c])]).any()
                   | (pl.col(c).str.len_bytes() == 0).any()).alias(f"t{i}") for i, c in enumerate(cols)]
    row = df.select(exprs).row(0, named=True)
    non_ascii = {c: bool(row[f"a{i}"]) for i, c in enumerate(cols)}
    if not trim:
        return dict.fromkeys(cols, False), non_ascii, set()
    looked = [c for i, c in enumerate(cols) if row[f"t{i}"]]
    # A column holding one of its special marks (rare) is asked again whether it needs trimming.
    again = df.select(needs_trim_expr(pl.col(c)).alias(c) for c in looked).row(0, named=True) if looked else {}
    needs_trim = {c: bool(again.get(c, False)) for c in cols}
    return needs_trim, non_ascii, {c for c in cols if c not in looked and not non_ascii[c]}


def clean_expr(e: pl.Expr, kind: str | None) -> pl.Expr:
    """Ids and codes: NFKC (full-width digits and letters -> half-width) and no invisible
    characters. Free text keeps what was typed (① stays ①) but for full-width ASCII forms and
    invisible characters at its ends."""
    if kind == "text":
        e = e.str.replace_many(WIDTH).str.strip_chars().str.strip_chars(INVISIBLE)
    else:
        e = e.str.replace_all(INVISIBLE_RE, "").str.normalize("NFKC")
    return trim_expr(e)


def cleaned_changes(values: pl.Series, clean: pl.Expr) -> tuple[pl.Series, dict[str, str | None]]:
    """A column's distinct values cleaned, and the ones cleaning changes (value -> cleaned, None
    when nothing is left): a column of repeated values is then rewritten only where one changes."""
    cleaned = values.to_frame(values.name).select(clean).to_series()
    return cleaned, {a: b for a, b in zip(values.to_list(), cleaned.to_list(), strict=True) if a != b}


def search_texts(col: pl.Series) -> pl.Series:
    """A column's values as text for a search: a categorical's distinct values."""
    return col.unique().cast(pl.String) if col.dtype == pl.Categorical else col
