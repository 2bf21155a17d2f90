"""Interval arithmetic for the urban-rural gap: pure Python and polars, no Streamlit, so every
figure can be checked by hand in tests.

Inputs are per-school rows (results.school_results: one row per school, or per school x term)
carrying sufficient statistics in % of full marks: students_n (exam sittings), pct_sum (sum of
scores in % of full marks), pct_sq_sum (sum of their squares; null unless every sitting is a
per-student row) and counts at each line with the sittings they were counted over.

Methods (95 %, normal quantile 1.96):
- student-weighted mean, students known: pooled mean sum/N; SE = sqrt(s^2 / N) with s^2 the
  per-sitting variance (Q - S^2/N) / (N - 1).
- student-weighted mean, some school only summarised: the same pooled mean; SE from the
  between-school spread of a ratio estimator, sqrt(k/(k-1) * sum(n_i (m_i - M))^2 / N^2).
- school-weighted (mean of school means or of school rates): SE = sd of the school values / sqrt(k).
- student-weighted rate difference: Newcombe's hybrid score interval (Wilson intervals of each
  rate combined; Newcombe 1998, method 10), from the counts, summaries included.
A gap's SE is sqrt(SE_a^2 + SE_b^2) for two independent groups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

Z95 = 1.959963984540054
MIN_STUDENTS = 10
MIN_SCHOOLS = 3
RATES = ("pass", "excellent", "low")
MEASURES = ("mean", *RATES)
WEIGHTINGS = ("student", "school")
# Roll-ups of the urban-rural codes: the comparisons the page offers (higher group first).
COMPARISONS = {"urban_rural": (("urban",), ("rural",)), "town_rural": (("urban", "town"), ("rural",))}


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion k/n, as shares (0-1)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def newcombe(k1: int, n1: int, k2: int, n2: int, z: float = Z95) -> tuple[float, float, float]:
    """p1 - p2 with Newcombe's hybrid score interval, as shares (0-1)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1, z)
    l2, u2 = wilson(k2, n2, z)
    d = p1 - p2
    return d, d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def per_school(rows: pl.DataFrame, by: tuple[str, ...] = ()) -> pl.DataFrame:
    """Per-school x term rows summed to one row per school (within `by`): a school's figures over
    the whole selection."""
    sums = ["students_n", "pct_sum", "score_sum", *(f"{r}_n" for r in RATES), *(f"{r}_base_n" for r in RATES)]
    return (rows.group_by(*by, "school_id", maintain_order=True)
            .agg(pl.col("name", "county_code", "urban_rural").first(), pl.col(sums).sum(),
                 # A sum of squares is known only when every part of it is.
                 pl.when(pl.col("pct_sq_sum").is_null().any()).then(None).otherwise(pl.col("pct_sq_sum").sum())
                 .alias("pct_sq_sum"),
                 pl.col("full_score_min").min(), pl.col("full_score_max").max(),
                 (pl.col("source") == "student").all().alias("students_known")))


def sums(schools: pl.DataFrame) -> dict:
    """The additive sufficient statistics of a group, from one row per school (per_school's
    columns): everything group() needs, so that groups can be added (城镇 = 城区 + 镇区) and SQL can
    hand over the same sums per category (results.category_term_sums) instead of school rows.
    With n_i sittings, P_i their pct_sum and m_i = P_i / n_i: mean_sum = sum m_i, mean_sq_sum =
    sum m_i^2, w2 = sum n_i^2, w2m = sum n_i P_i, w2m2 = sum P_i^2; per rate the count, its base, the
    schools with a base (k), and the sum and sum of squares of the school rates."""
    df = schools.filter(pl.col("students_n") > 0).with_columns(
        (pl.col("pct_sum") / pl.col("students_n")).alias("m"),
        *[pl.when(pl.col(f"{r}_base_n") > 0).then(100.0 * pl.col(f"{r}_n") / pl.col(f"{r}_base_n")).alias(f"{r}_rate")
          for r in RATES])
    if df.is_empty():
        return _no_sums()
    out = {
        "schools_n": df.height, "students_n": int(df["students_n"].sum()), "pct_sum": float(df["pct_sum"].sum()),
        "pct_sq_sum": None if df["pct_sq_sum"].is_null().any() else float(df["pct_sq_sum"].sum()),
        "score_sum": float(df["score_sum"].sum()), "full_score_min": df["full_score_min"].min(),
        "full_score_max": df["full_score_max"].max(), "students_known": bool(df["students_known"].all()),
        "mean_sum": float(df["m"].sum()), "mean_sq_sum": float((df["m"] ** 2).sum()),
        "score_mean_sum": float((df["score_sum"] / df["students_n"]).sum()),
        "w2": float((df["students_n"].cast(pl.Float64) ** 2).sum()),
        "w2m": float((df["students_n"] * df["pct_sum"]).sum()), "w2m2": float((df["pct_sum"] ** 2).sum()),
    }
    for r in RATES:
        rates = df[f"{r}_rate"].drop_nulls()
        out |= {f"{r}_n": int(df[f"{r}_n"].sum()), f"{r}_base_n": int(df[f"{r}_base_n"].sum()),
                f"{r}_k": rates.len(), f"{r}_rate_sum": float(rates.sum()), f"{r}_rate_sq_sum": float((rates ** 2).sum())}
    return out


SUM_KEYS = ("schools_n", "students_n", "pct_sum", "pct_sq_sum", "score_sum", "full_score_min", "full_score_max",
            "students_known", "mean_sum", "mean_sq_sum", "score_mean_sum", "w2", "w2m", "w2m2",
            *(f"{r}_{x}" for r in RATES for x in ("n", "base_n", "k", "rate_sum", "rate_sq_sum")))


def _no_sums() -> dict:
    """The sums of an empty group."""
    return {**dict.fromkeys(SUM_KEYS, 0), "pct_sq_sum": None, "full_score_min": None, "full_score_max": None,
            "students_known": False}


def add(parts: list[dict]) -> dict:
    """Sums of several groups as one (a sum of squares stays known only when every part's is)."""
    parts = [p for p in parts if p["schools_n"]]
    if not parts:
        return _no_sums()
    out = {k: sum(p[k] for p in parts) for k in SUM_KEYS
           if k not in ("pct_sq_sum", "full_score_min", "full_score_max", "students_known")}
    sq = [p["pct_sq_sum"] for p in parts]
    return out | {"pct_sq_sum": None if any(v is None for v in sq) else sum(sq),
                  "full_score_min": min(p["full_score_min"] for p in parts),
                  "full_score_max": max(p["full_score_max"] for p in parts),
                  "students_known": all(p["students_known"] for p in parts)}


@dataclass(frozen=True)
class Group:
    """One group's figures (a category or a roll-up of categories) under one weighting; values in %
    of full marks or %, se None when it cannot be computed; small groups are flagged."""

    schools_n: int
    students_n: int
    students_known: bool
    mean_pct: float | None
    mean_se: float | None
    mean_score: float | None        # raw score, only when every exam has the same full marks
    rates: dict[str, float | None]
    rate_se: dict[str, float | None]
    counts: dict[str, tuple[int, int]]      # rate -> (count, sittings counted over)

    @property
    def small(self) -> bool:
        return self.small_with(MIN_SCHOOLS)

    def small_with(self, min_schools: int) -> bool:
        """Under 10 examinees or under min_schools schools (1 when a group is one school by design,
        as a core school is)."""
        return self.students_n < MIN_STUDENTS or self.schools_n < min_schools


def _spread_se(total: float, total_sq: float, k: int) -> float | None:
    """SE of a mean of k values from their sum and sum of squares: sd / sqrt(k)."""
    if k < 2:
        return None
    m = total / k
    return math.sqrt(max(total_sq - k * m * m, 0.0) / (k - 1) / k)


def _sd_se(values: list[float]) -> float | None:
    return _spread_se(sum(values), sum(v * v for v in values), len(values))


def group(schools: pl.DataFrame, weighting: str) -> Group:
    """The figures of the schools given (one row per school, per_school's columns)."""
    return group_from_sums(sums(schools), weighting)


def group_from_sums(s: dict, weighting: str) -> Group:
    """A group's figures from its sufficient statistics (sums) under the weighting."""
    k, n = int(s["schools_n"]), int(s["students_n"])
    counts = {r: (int(s[f"{r}_n"]), int(s[f"{r}_base_n"])) for r in RATES}
    if k == 0 or n == 0:
        return Group(0, 0, False, None, None, None, dict.fromkeys(RATES), dict.fromkeys(RATES), counts)
    known = bool(s["students_known"])
    same_full = s["full_score_min"] == s["full_score_max"]
    if weighting == "school":
        rates = {r: s[f"{r}_rate_sum"] / s[f"{r}_k"] if s[f"{r}_k"] else None for r in RATES}
        return Group(k, n, known, s["mean_sum"] / k, _spread_se(s["mean_sum"], s["mean_sq_sum"], k),
                     s["score_mean_sum"] / k if same_full else None, rates,
                     {r: _spread_se(s[f"{r}_rate_sum"], s[f"{r}_rate_sq_sum"], int(s[f"{r}_k"])) for r in RATES},
                     counts)
    mean = s["pct_sum"] / n
    if known and s["pct_sq_sum"] is not None:
        se = math.sqrt(max(s["pct_sq_sum"] - n * mean * mean, 0.0) / (n - 1) / n) if n > 1 else None
    elif k > 1:
        # sum (n_i (m_i - M))^2 = sum P_i^2 - 2 M sum n_i P_i + M^2 sum n_i^2
        spread = max(s["w2m2"] - 2 * mean * s["w2m"] + mean * mean * s["w2"], 0.0)
        se = math.sqrt(k / (k - 1) * spread) / n
    else:
        se = None
    rates = {r: 100.0 * c / b if b else None for r, (c, b) in counts.items()}
    return Group(k, n, known, mean, se, s["score_sum"] / n if same_full else None, rates, dict.fromkeys(RATES),
                 counts)


@dataclass(frozen=True)
class Gap:
    """Higher-group minus lower-group difference of one measure, in percentage points (or raw
    score points for mean_score), with its 95 % interval."""

    measure: str
    value: float | None
    low: float | None
    high: float | None
    method: str            # student | cluster | school | newcombe
    small: bool            # a group under 10 examinees or 3 schools: said, never ranked

    @property
    def significant(self) -> bool | None:
        if self.value is None or self.low is None or self.small:
            return None
        return not (self.low <= 0 <= self.high)


def gap(a: Group, b: Group, measure: str, weighting: str, min_schools: int = MIN_SCHOOLS) -> Gap:
    """a minus b for measure ('mean' or a rate) under the weighting both groups were computed with."""
    small = a.small_with(min_schools) or b.small_with(min_schools)
    if measure == "mean":
        method = "school" if weighting == "school" else ("student" if a.students_known and b.students_known
                                                          else "cluster")
        if a.mean_pct is None or b.mean_pct is None:
            return Gap(measure, None, None, None, method, small)
        d = a.mean_pct - b.mean_pct
        if a.mean_se is None or b.mean_se is None:
            return Gap(measure, d, None, None, method, small)
        half = Z95 * math.hypot(a.mean_se, b.mean_se)
        return Gap(measure, d, d - half, d + half, method, small)
    if weighting == "school":
        ra, rb = a.rates[measure], b.rates[measure]
        if ra is None or rb is None:
            return Gap(measure, None, None, None, "school", small)
        sa, sb = a.rate_se[measure], b.rate_se[measure]
        if sa is None or sb is None:
            return Gap(measure, ra - rb, None, None, "school", small)
        half = Z95 * math.hypot(sa, sb)
        return Gap(measure, ra - rb, ra - rb - half, ra - rb + half, "school", small)
    (ka, na), (kb, nb) = a.counts[measure], b.counts[measure]
    if not na or not nb:
        return Gap(measure, None, None, None, "newcombe", small)
    d, low, high = newcombe(ka, na, kb, nb)
    return Gap(measure, 100 * d, 100 * low, 100 * high, "newcombe", small)


def compare(schools: pl.DataFrame, comparison: str, weighting: str) -> tuple[Group, Group, dict[str, Gap]]:
    """The two groups of a comparison and the gap of every measure (schools: one row per school)."""
    higher, lower = COMPARISONS[comparison]
    a = group(schools.filter(pl.col("urban_rural").is_in(higher)), weighting)
    b = group(schools.filter(pl.col("urban_rural").is_in(lower)), weighting)
    return a, b, {m: gap(a, b, m, weighting) for m in MEASURES}


TERM_GAP_SCHEMA = {"school_year": pl.String, "term": pl.Int64, "measure": pl.String, "gap": pl.Float64,
                   "low": pl.Float64, "high": pl.Float64, "small": pl.Boolean, "method": pl.String,
                   "higher_n": pl.Int64, "lower_n": pl.Int64, "higher_schools_n": pl.Int64,
                   "lower_schools_n": pl.Int64}


def gap_over_terms(category_sums: pl.DataFrame, comparison: str, weighting: str) -> pl.DataFrame:
    """Grain: one row per school year x term x measure (mean, pass): the comparison's gap with its
    interval, from sums per school year x term x urban_rural (results.category_term_sums, or
    term_sums over school rows)."""
    higher, lower = COMPARISONS[comparison]
    out = []
    for (school_year, term), part in category_sums.sort("school_year", "term").group_by(
            "school_year", "term", maintain_order=True):
        by = {r["urban_rural"]: r for r in part.iter_rows(named=True)}
        a = group_from_sums(add([by[c] for c in higher if c in by]), weighting)
        b = group_from_sums(add([by[c] for c in lower if c in by]), weighting)
        for measure in ("mean", "pass"):
            g = gap(a, b, measure, weighting)
            out.append({"school_year": school_year, "term": term, "measure": measure, "gap": g.value,
                        "low": g.low, "high": g.high, "small": g.small, "method": g.method,
                        "higher_n": a.students_n, "lower_n": b.students_n,
                        "higher_schools_n": a.schools_n, "lower_schools_n": b.schools_n})
    return pl.DataFrame(out, schema=TERM_GAP_SCHEMA)


def term_sums(rows: pl.DataFrame) -> pl.DataFrame:
    """Sums per school year x term x urban_rural from school x term rows (results.school_results):
    what results.category_term_sums computes in SQL."""
    out = []
    for (school_year, term, area), part in rows.group_by("school_year", "term", "urban_rural", maintain_order=True):
        out.append({"school_year": school_year, "term": term, "urban_rural": area, **sums(per_school(part))})
    return pl.DataFrame(out)


def mean_interval(values: list[float]) -> tuple[float | None, float | None, float | None]:
    """Mean of values (one per school) with a 95 % interval from their spread; None when empty."""
    if not values:
        return None, None, None
    m = sum(values) / len(values)
    se = _sd_se(values)
    if se is None:
        return m, None, None
    return m, m - Z95 * se, m + Z95 * se


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson correlation; None under 3 pairs or without spread."""
    k = len(xs)
    if k < 3:
        return None
    mx, my = sum(xs) / k, sum(ys) / k
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)
