"""The 差距 page's figures against hand arithmetic on tests/dashboard/fixture_gaps.py: 三率一分 from
each exam's own lines, both weightings, the interval methods (per-student variance, between-school
spread where only summaries exist, Newcombe for rates), suppression of small groups, the gap in
words, core against members, value-added and activity against the gap change."""

from __future__ import annotations

import math

import polars as pl
import pytest

from dashboard import stats
from dashboard.filters import Filters
from dashboard.present import alliance_gaps as pa
from dashboard.present import gaps as pg
from dashboard.queries import alliance_results, results, value_added
from dashboard.scope import EVERYTHING, Scope
from tests.dashboard import fixture_gaps

Z = 1.959963984540054
HELAN = Filters(school_year="2024-2025", county="640122")
SUIXIAN = Filters(school_year="2024-2025", county="421321")


@pytest.fixture(scope="module")
def gaps_db(tmp_path_factory):
    return fixture_gaps.build(tmp_path_factory.mktemp("gaps") / "alliance.duckdb")


@pytest.fixture(autouse=True)
def _live(gaps_db, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(gaps_db))


def _schools(filters: Filters, **kw) -> pl.DataFrame:
    return stats.per_school(results.school_results(EVERYTHING, filters, **kw))


def test_published_wilson_and_newcombe_values():
    # Newcombe (1998), Statistics in Medicine 17: 873-890: Wilson 81/263 -> 0.2553 to 0.3662; and
    # method 10 for 56/70 - 48/80 -> 0.0524 to 0.3339.
    low, high = stats.wilson(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    d, low, high = stats.newcombe(56, 70, 48, 80)
    assert (round(d, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)


def test_student_weighted_three_rates_and_interval():
    urban, rural, gaps = stats.compare(_schools(HELAN, exam_id="E1"), "urban_rural", "student")
    # Urban E1 scores: U1 90 80 70 60, U2 85 65 75, U3 100 50 60 -> N 10, sum 735, mean 73.5.
    # Sum of squares 8100+6400+4900+3600 + 7225+4225+5625 + 10000+2500+3600 = 56175;
    # variance (56175 - 735^2/10) / 9 = 2152.5 / 9 = 239.17; SE^2 = 239.17 / 10 = 23.917.
    assert (urban.schools_n, urban.students_n) == (3, 10)
    assert urban.mean_pct == pytest.approx(73.5)
    assert urban.mean_se ** 2 == pytest.approx(2152.5 / 9 / 10)
    # Rural: R1 60 40 50 50, R2 30 70, R3 80 35 45 60 -> N 10, sum 520, mean 52.0; squares 29250;
    # variance (29250 - 27040) / 9 = 245.56; SE^2 = 24.556.
    assert rural.mean_pct == pytest.approx(52.0)
    assert rural.mean_se ** 2 == pytest.approx(2210 / 9 / 10)
    assert urban.mean_score == pytest.approx(73.5)            # full marks 100: raw equals %
    # Gap 21.5; SE sqrt(23.917 + 24.556) = 6.9622; 95 %: 21.5 -/+ 1.96 x 6.9622 = 7.854 .. 35.146.
    g = gaps["mean"]
    half = Z * math.sqrt(2152.5 / 90 + 2210 / 90)
    assert (g.value, g.low, g.high) == pytest.approx((21.5, 21.5 - half, 21.5 + half))
    assert (round(g.low, 2), round(g.high, 2)) == (7.85, 35.15)
    assert g.method == "student" and g.significant is True and not g.small
    # Lines 60 / 85 / 40: pass urban 90 80 70 60 | 85 65 75 | 100 60 = 9/10, rural 60 | 70 | 80 60 = 4/10;
    # excellent urban 90 85 100 = 3/10, rural 0/10; low (< 40) urban 0/10, rural 30 35 = 2/10.
    assert urban.counts == {"pass": (9, 10), "excellent": (3, 10), "low": (0, 10)}
    assert rural.counts == {"pass": (4, 10), "excellent": (0, 10), "low": (2, 10)}
    assert urban.rates["pass"] == pytest.approx(90.0) and rural.rates["low"] == pytest.approx(20.0)
    # Newcombe 9/10 - 4/10: Wilson 9/10 = 0.5958..0.9821, 4/10 = 0.1682..0.6873;
    # low 0.5 - sqrt((0.9 - 0.5958)^2 + (0.6873 - 0.4)^2) = 0.0816; high 0.5 + sqrt((0.9821 - 0.9)^2
    # + (0.4 - 0.1682)^2) = 0.7459.
    p = gaps["pass"]
    assert (round(p.value, 1), round(p.low, 2), round(p.high, 2)) == (50.0, 8.16, 74.59)
    assert p.method == "newcombe" and p.significant is True
    # Low-score 0/10 - 2/10: Wilson 0/10 = 0..0.2775, 2/10 = 0.0567..0.5098;
    # low -0.2 - (0.5098 - 0.2) = -0.5098; high -0.2 + sqrt(0.2775^2 + (0.2 - 0.0567)^2) = 0.1124.
    low = gaps["low"]
    assert (round(low.value, 1), round(low.low, 2), round(low.high, 2)) == (-20.0, -50.98, 11.24)
    assert low.significant is False


def test_gap_in_words_with_direction_unit_and_verdict():
    _, _, gaps = stats.compare(_schools(HELAN, exam_id="E1"), "urban_rural", "student")
    sentences = pg.gap_sentences(gaps, "urban_rural")
    assert sentences[0] == "城区平均分高于乡村 21.5 个百分点（95% 区间 7.9 至 35.1）"
    # Said in the sentence's direction (低于 20.0: -11.2 .. 51.0), and the interval holds 0.
    assert sentences[3] == "城区低分率低于乡村 20.0 个百分点（95% 区间 -11.2 至 51.0），差异不显著"


def test_school_weighted_mean_of_school_means():
    urban, rural, gaps = stats.compare(_schools(HELAN, exam_id="E1"), "urban_rural", "school")
    # School means: urban 75 (300/4), 75 (225/3), 70 (210/3) -> 73.333; rural 50 (200/4), 50 (100/2),
    # 55 (220/4) -> 51.667. Deviations 1.667 1.667 -3.333 (either group): sd^2 = 16.667 / 2 = 8.333,
    # SE^2 = 8.333 / 3 = 2.778. Gap 21.667, SE sqrt(5.556) = 2.357, 95 %: 17.05 .. 26.29.
    assert urban.mean_pct == pytest.approx(220 / 3) and rural.mean_pct == pytest.approx(155 / 3)
    g = gaps["mean"]
    assert g.value == pytest.approx(65 / 3)
    assert (round(g.low, 2), round(g.high, 2)) == (17.05, 26.29)
    assert g.method == "school"
    # School pass rates: urban 4/4, 3/3, 2/3 -> 88.889; rural 1/4, 1/2, 2/4 -> 41.667. SE urban
    # sqrt(((11.11^2 * 2 + 22.22^2) / 2) / 3) = 11.111; rural sqrt(((16.67^2 + 8.33^2 * 2) / 2) / 3) = 8.333.
    p = gaps["pass"]
    assert urban.rates["pass"] == pytest.approx(800 / 9) and rural.rates["pass"] == pytest.approx(125 / 3)
    half = Z * math.hypot(100 / 9, 25 / 3)
    assert (p.low, p.high) == pytest.approx((800 / 9 - 125 / 3 - half, 800 / 9 - 125 / 3 + half))


def test_town_and_urban_pooled_against_rural():
    town_rural = pg.category_table(_schools(HELAN, exam_id="E1"), "town_rural", "student")
    rows = {r["类别"]: r for r in town_rural.iter_rows(named=True)}
    # 城镇 = urban 10 examinees (sum 735) + T1 70 70: N 12, sum 875 -> 72.9 %; pass 9 + 2 = 11/12.
    assert rows["城镇"]["学校数"] == 4 and rows["城镇"]["考试人次"] == "12"
    assert rows["城镇"]["平均分（满分%）"] == "72.9%" and rows["城镇"]["及格率"] == "91.7%"
    assert rows["镇区"]["备注"] == "样本不足"           # one town school, 2 examinees
    assert rows["乡村"]["低分率"] == "20.0%" and rows["城区"]["优秀率"] == "30.0%"
    _, _, gaps = stats.compare(_schools(HELAN, exam_id="E1"), "town_rural", "student")
    assert gaps["mean"].value == pytest.approx(875 / 12 - 52.0)


def test_own_lines_and_small_groups_are_not_judged():
    urban, rural, gaps = stats.compare(_schools(HELAN, exam_id="E2"), "urban_rural", "student")
    # E2 full 120, lines 72 / 102 / 48: U1 108 96 60 -> 2 pass, 1 excellent, 0 low; R1 60 48 36 -> 0 pass
    # (60 < 72), 0 excellent, 1 low (48 is not below 48). % of full marks: U1 (90 + 80 + 50) / 3 = 73.3.
    assert urban.counts == {"pass": (2, 3), "excellent": (1, 3), "low": (0, 3)}
    assert rural.counts == {"pass": (0, 3), "excellent": (0, 3), "low": (1, 3)}
    assert urban.mean_pct == pytest.approx(220 / 3) and urban.mean_score == pytest.approx(88.0)
    # One school of 3 examinees on each side: marked, never judged.
    assert urban.small and rural.small and gaps["mean"].small and gaps["mean"].significant is None
    assert pg.gap_sentences(gaps, "urban_rural")[0].endswith("样本不足（少于 10 名考生或 3 所学校），不作判断")


def test_summary_only_county_uses_the_between_school_spread():
    rows = results.school_results(EVERYTHING, SUIXIAN)
    assert set(rows["source"]) == {"school"} and rows["pct_sq_sum"].is_null().all()
    assert pg.sources(rows) == ("成绩来源：0 所学校报送逐生成绩，6 所学校只报送学校汇总（人数、平均分、及格人数等），"
                                "0 所两者兼有。")
    urban, rural, gaps = stats.compare(stats.per_school(rows), "urban_rural", "student")
    # Urban V1 10 x 80, V2 20 x 70, V3 10 x 75: N 40, sum 2950, M 73.75 (student-weighted).
    # Ratio-estimator SE: n_i (m_i - M) = 62.5, -75, 12.5; squares 3906.25 + 5625 + 156.25 = 9687.5;
    # x k/(k-1) = 1.5 -> 14531.25; sqrt = 120.545; / N = 3.0136. Rural (60, 55, 65) mirrors it: M 58.75.
    assert urban.mean_pct == pytest.approx(73.75) and rural.mean_pct == pytest.approx(58.75)
    assert urban.mean_se == pytest.approx(math.sqrt(1.5 * 9687.5) / 40)
    g = gaps["mean"]
    half = Z * math.sqrt(2) * math.sqrt(1.5 * 9687.5) / 40            # 8.353
    assert (g.value, g.low, g.high) == pytest.approx((15.0, 15.0 - half, 15.0 + half))
    assert g.method == "cluster" and "学校间差异" in pg.methods_note(gaps)
    # Rates come from the summaries' counts: pass (9 + 15 + 8) / 40 = 80 %, (5 + 8 + 7) / 40 = 50 %.
    assert urban.counts["pass"] == (32, 40) and rural.counts["pass"] == (20, 40)
    assert (round(gaps["pass"].low, 2), round(gaps["pass"].high, 2)) == (9.10, 47.59)


def test_trend_over_terms_marks_small_terms():
    trend = pg.trend_frame(results.category_term_sums(EVERYTHING, HELAN), "urban_rural", "student")
    mean = trend.filter(pl.col("measure") == "mean")
    assert mean["term_label"].to_list() == ["2024春", "2024秋", "2025春"]
    # 2024春 (E0): urban 80 70 | 70 | 60 60 = 5 examinees, 340 -> 68; rural 40 50 | 40 | 50 50 = 5, 230 -> 46.
    first = mean.row(0, named=True)
    assert first["gap"] == pytest.approx(22.0) and first["small"] is True
    assert mean.row(1, named=True)["gap"] == pytest.approx(21.5) and mean.row(1, named=True)["small"] is False


def test_members_against_their_core_school():
    year = alliance_results.alliance_school_results(EVERYTHING, HELAN, exam_id="E1")
    every = alliance_results.alliance_school_results(EVERYTHING, HELAN, grade=4, subject="数学", all_years=True)
    pairs = {r["school_id"]: r for r in pa.core_member_frame(year, every).iter_rows(named=True)}
    assert set(pairs) == {"R1", "R2", "R3"}
    # E1: U1 75 against R1 50 and R2 50 (gap 25); U2 75 against R3 55 (gap 20).
    # First term (E0): U1 75 - R1 45 = 30, - R2 40 = 35; U2 70 - R3 50 = 20. Closed 5, 10, 0.
    assert [pairs[s]["gap_mean"] for s in ("R1", "R2", "R3")] == pytest.approx([25.0, 25.0, 20.0])
    assert [pairs[s]["closed"] for s in ("R1", "R2", "R3")] == pytest.approx([5.0, 10.0, 0.0])
    assert pairs["R1"]["first_term"] == "2024春" and pairs["R1"]["core_name"] == "城一小"
    # 4, 2 and 4 examinees against cores of 4 and 3: every pair is marked and none is ranked.
    assert all(p["small"] for p in pairs.values())
    assert pa.ranked_pairs(pa.core_member_frame(year, every)).is_empty()
    # Pass rate: U1 4/4 = 100 % against R1 1/4 = 25 %.
    assert (pairs["R1"]["core_pass"], pairs["R1"]["pass"]) == pytest.approx((100.0, 25.0))
    trend = pa.alliance_gap_over_terms(every, "A1")
    # A1 per term: 2024春 75 - (90/3 = 30 of R1 + 40 of R2 -> 130/3) = 31.667; 2024秋 75 - 250/6 ... = 25.
    assert trend["gap"].to_list() == pytest.approx([75 - 130 / 3, 25.0])


def test_value_added_groups_with_counts_and_intervals():
    groups, schools = pa.value_added_groups(value_added.school_value_added(EVERYTHING, HELAN))
    # County means: E0 (150 + 70 + 120 + 90 + 40 + 100) / 10 = 57; E1 (300 + 225 + 210 + 140 + 200 + 100
    # + 220) / 22 = 63.409. T1 sat E1 only (no pair); E2 is one exam (no pair).
    e1 = 1395 / 22
    change = {"U1": (75 - e1) - (75 - 57), "U2": (75 - e1) - (70 - 57), "U3": (70 - e1) - (60 - 57),
              "R1": (50 - e1) - (45 - 57), "R2": (50 - e1) - (40 - 57), "R3": (55 - e1) - (50 - 57)}
    got = dict(zip(schools["school_id"], schools["change"], strict=True))
    assert got == pytest.approx(change)
    by = {r["group"]: r for r in groups.iter_rows(named=True)}
    members = [change["R1"], change["R2"], change["R3"]]
    m = sum(members) / 3
    se = math.sqrt(sum((v - m) ** 2 for v in members) / 2 / 3)      # deviations -1.667 3.333 -1.667: 1.667
    assert by["member"]["schools_n"] == 3 and by["member"]["change"] == pytest.approx(m)
    assert (by["member"]["low"], by["member"]["high"]) == pytest.approx((m - Z * se, m + Z * se))
    assert by["core"]["schools_n"] == 2 and by["core"]["small"] is True
    assert by["none"]["schools_n"] == 1 and by["none"]["small"] is True


def test_activity_against_gap_change():
    every = alliance_results.alliance_school_results(EVERYTHING, HELAN, grade=4, subject="数学", all_years=True)
    payoff = pa.payoff_frame(alliance_results.alliance_activity(EVERYTHING, HELAN), every, "2024-2025")
    rows = {r["alliance_id"]: r for r in payoff.iter_rows(named=True)}
    # A1: 30 records / 2 member schools = 15; gap 2023-2024 75 - 130/3 = 31.667, 2024-2025 75 - 250/6 ... :
    # members pooled R1 200 + R2 100 = 300 / 6 = 50 -> 25; closed 6.667. A2: 6 / 1; 70 - 50 = 20 -> 75 - 55 = 20.
    assert rows["A1"]["activities_per_member"] == pytest.approx(15.0)
    assert rows["A1"]["closed"] == pytest.approx(75 - 130 / 3 - 25)
    assert rows["A2"]["activities_per_member"] == pytest.approx(6.0) and rows["A2"]["closed"] == pytest.approx(0.0)
    # Two alliances: no correlation is claimed.
    assert pa.payoff_summary(payoff) == "共 2 个教共体，少于 3 个或没有差异，无法计算相关系数。"
    assert stats.pearson([1, 2, 3], [2, 4, 7]) == pytest.approx(0.9934, abs=1e-4)


def test_queries_keep_to_the_viewer_scope():
    scope = Scope(schools=["R1"])
    f = Filters(school_year="2024-2025")
    assert set(results.school_results(scope, f)["school_id"]) == {"R1"}
    assert set(results.exam_choices(scope, f)["exam_id"]) == {"E1", "E2"}
    assert set(alliance_results.alliance_school_results(scope, f, all_years=True)["school_id"]) == {"R1"}
    assert set(alliance_results.alliance_activity(scope, f)["alliance_id"]) == {"A1"}
    assert set(value_added.school_value_added(scope, f)["school_id"]) == {"R1"}
    county = Scope(counties=["421321"])
    assert set(results.school_results(county, f)["county_code"]) == {"421321"}


def test_no_exam_for_the_choice_is_empty_not_an_error():
    assert results.school_results(EVERYTHING, HELAN, subject="英语").is_empty()
    _, _, gaps = stats.compare(_schools(SUIXIAN, subject="英语"), "urban_rural", "student")
    assert gaps["mean"].value is None


def test_privacy_rule_hides_a_schools_own_small_result_but_not_the_group():
    hide_below = Scope(small_results_hidden=True).params()["min_examinees"]          # 5
    schools = _schools(HELAN)
    # The year's exams (E1, E2): U1 4 + 3 and R1 4 + 3 examinees are shown; U2 3, U3 3, T1 2, R2 2 and
    # R3 4 are not drawn.
    assert set(pg.school_means(schools, hide_below)["school_id"]) == {"U1", "R1"}
    assert pg.school_means(schools)["school_id"].len() == 7
    # They still count in the group: rural E1 + E2 is 13 sittings, (520 + 50 + 40 + 30) / 13 % of full marks.
    rural = stats.group(schools.filter(pl.col("urban_rural") == "rural"), "student")
    assert (rural.students_n, rural.mean_pct) == (13, pytest.approx(640 / 13))
    year = alliance_results.alliance_school_results(EVERYTHING, HELAN)
    every = alliance_results.alliance_school_results(EVERYTHING, HELAN, all_years=True)
    table = pa.core_member_table(pa.core_member_frame(year, every), hide_below)
    rows = {r["成员校"]: r for r in table.iter_rows(named=True)}
    assert rows["洪广村小"]["成员校平均分（满分%）"] == "<5" and rows["洪广村小"]["差距（本学年）"] == "<5"
    assert rows["常信村小"]["核心校平均分（满分%）"] == "<5"            # its core U2 had 3
    # R1: (200 + 50 + 40 + 30) / 7 = 45.7 %, against U1 (300 + 90 + 80 + 50) / 7 = 74.3 %.
    assert rows["立岗村小"]["成员校平均分（满分%）"] == "45.7%" and rows["立岗村小"]["核心校平均分（满分%）"] == "74.3%"
    # The alliance column links to its detail page; the name rides in the fragment the link column shows.
    assert all(link.startswith("/alliance?alliance=") and "#" in link for link in table["教共体"].to_list())


@pytest.mark.parametrize("filters", [HELAN, SUIXIAN], ids=["students", "summaries"])
@pytest.mark.parametrize("weighting", ["student", "school"])
def test_sums_from_sql_equal_sums_from_school_rows(filters, weighting):
    """The trend's per-category sums from SQL give the figures the school rows give (both weightings,
    both grains): one arithmetic, two routes."""
    from_sql = stats.gap_over_terms(results.category_term_sums(EVERYTHING, filters), "town_rural", weighting)
    rows = results.school_results(EVERYTHING, filters, all_years=True)
    from_rows = stats.gap_over_terms(stats.term_sums(rows), "town_rural", weighting)
    assert from_sql.height == from_rows.height > 0
    for a, b in zip(from_sql.iter_rows(named=True), from_rows.iter_rows(named=True), strict=True):
        assert a == pytest.approx(b) if a["low"] is not None else a["gap"] == pytest.approx(b["gap"])


def test_exam_choices_name_the_county_when_several_are_offered():
    every = results.exam_choices(EVERYTHING, Filters(school_year="2024-2025"))
    assert every["exam_id"].to_list() == ["F1", "E1", "E2"]      # by term, grade, subject, then county code
    captions = pg.exam_captions(every)
    assert captions["E1"] == "2024学年第一学期四年级数学（贺兰县）" and captions["F1"].endswith("（随县）")
    one = results.exam_choices(EVERYTHING, HELAN)
    assert pg.exam_captions(one) == {"E1": "2024学年第一学期四年级数学", "E2": "2024学年第二学期四年级语文"}
    # Sittings: E1 4 + 3 + 3 + 2 + 4 + 2 + 4 = 22 in 7 schools.
    assert one.filter(pl.col("exam_id") == "E1").select("schools_n", "students_n").row(0) == (7, 22)


def test_a_term_without_one_group_has_no_gap_and_no_error():
    # 随县 with the 城镇 vs 乡村 comparison but only its rural schools' sums: the other side is empty.
    sums = results.category_term_sums(EVERYTHING, SUIXIAN).filter(pl.col("urban_rural") == "rural")
    trend = stats.gap_over_terms(sums, "town_rural", "school")
    assert trend["gap"].is_null().all() and trend["higher_schools_n"].to_list() == [0, 0]


def test_marts_hold_the_sums_by_hand(gaps_db):
    """mart_school_exam, mart_exam_county and mart_school_stream rows for the fixture, by hand."""
    import os

    import duckdb

    con = duckdb.connect(os.path.realpath(gaps_db), read_only=True)
    try:
        u1 = con.sql("""select n, score_sum, score_sq_sum, pct_sq_sum, source from mart_school_exam
                        where exam_id = 'E1' and school_id = 'U1'""").fetchall()
        # 90 80 70 60: sum 300, squares 8100 + 6400 + 4900 + 3600 = 23000 (full marks 100: same in %).
        assert u1 == [(4, 300.0, 23000.0, 23000.0, "student")]
        # E2 (full 120): U1 108 96 60 -> squares in % of full marks 90^2 + 80^2 + 50^2 = 8100 + 6400 + 2500 = 17000.
        assert con.sql("""select pct_sq_sum from mart_school_exam where exam_id = 'E2' and school_id = 'U1'
                       """).fetchall()[0][0] == pytest.approx(17000.0)
        v2 = con.sql("""select n, score_sum, score_sq_sum, source from mart_school_exam
                        where exam_id = 'F1' and school_id = 'V2'""").fetchall()
        assert v2 == [(20, 1400.0, None, "school")]                        # 20 x 70; no squares
        county = dict(con.sql("select exam_id, mean_pct from mart_exam_county where county_code = '640122'").fetchall())
        assert county["E0"] == pytest.approx(57.0) and county["E1"] == pytest.approx(1395 / 22)
        r1 = con.sql("""select exams_n, first_position, latest_position, latest_n from mart_school_stream
                        where school_id = 'R1' and grade = 4 and subject = '数学' order by school_year""").fetchall()
        # 2023-2024: E0 45 - 57 = -12 (first exam); 2024-2025: E1 50 - 63.409, the stream's second exam.
        assert r1 == [(1, pytest.approx(-12.0), pytest.approx(-12.0), 2),
                      (2, pytest.approx(-12.0), pytest.approx(50 - 1395 / 22), 4)]
        term = con.sql("""select students_n, pct_sq_sum, source, excellent_base_n from mart_school_term
                          where school_id = 'V1'""").fetchall()
        assert term == [(10, None, "school", 10)]
    finally:
        con.close()


@pytest.mark.parametrize("term", [None, 1, 2])
def test_year_rows_taken_from_every_years_rows_equal_the_query(term):
    every = alliance_results.alliance_school_results(EVERYTHING, HELAN, all_years=True)
    year = alliance_results.alliance_school_results(EVERYTHING, HELAN, term=term)
    assert year.height > 0
    assert pa.rows_of_year(every, "2024-2025", term).equals(year)
