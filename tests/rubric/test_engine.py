"""Each shipped rubric scored on the hand-made fixture (tests/rubric/fixture.py), every figure worked
out by hand in the comments; the veto, the ranking with ties and groups, the next-grade path."""

from __future__ import annotations

import pytest

from dashboard.filters import Filters
from dashboard.present import rubric as present
from dashboard.queries import rubric as q
from dashboard.scope import EVERYTHING, Scope
from rubric import board, engine, path, rules

CAT = rules.load_catalogue()


@pytest.fixture(autouse=True)
def _db(rubric_db):
    return rubric_db


def _board(rubric_id: str, period: str, scope: Scope = EVERYTHING) -> board.Board:
    return board.build(CAT, CAT.rubrics[rubric_id], scope, Filters(), period)


def _items(a: engine.Assessment) -> dict[str, tuple]:
    return {i.indicator.id: (i.actual, i.target, i.points, i.met) for i in a.items}


def test_cangnan_county_maximum_is_the_sum_of_its_items():
    r = CAT.rubrics["cangnan_county"]
    assert r.max_points == 94 == 30 + 18 + 6 + 15 + 25
    assert "94" in present.rubric_lines(r)[0] and "100" in present.rubric_lines(r)[0]
    assert CAT.rubrics["cangnan_cross_region"].max_points == 100 == 6 * 10 + 15 + 25


def test_cangnan_county_scores_by_hand():
    b = _board("cangnan_county", "2024-2025")
    k1 = b.assessments["K1"]
    got = _items(k1)
    # Lessons: 10 + 5 sync + 3 demo = 18 of 20 (one member) in 2 subjects -> 30 x 18/20 = 27.
    assert got["lessons"] == pytest.approx((18, 20, 27.0, False))
    # Research: 12 of 12 (at the bound) -> 18.
    assert got["research"] == pytest.approx((12, 12, 18.0, True))
    # Exchange: core teachers T1 (twice), T2, T3 = 3 distinct of 50 = 6 % against 10 % -> 6 x 0.6 = 3.6;
    # the member's teacher shadowing at the core (T9) does not count.
    assert got["exchange"] == pytest.approx((6.0, 10, 3.6, False))
    # Mentoring: pairs with >= 5 sessions: 5, 5, 6, 9, 12 = 5 of 6 -> 15 x 5/6 = 12.5 (4 and 0 do not count).
    assert got["mentoring"] == pytest.approx((5, 6, 12.5, False))
    # Satisfaction: parents of C1 and C2, (95 + 89) / 200 = 92 % -> 15 + 2 = 17.
    assert got["satisfaction"] == pytest.approx((92.0, 90, 17.0, True))
    # 27 + 18 + 3.6 + 12.5 + 17 = 78.1 -> 良好 (70 <= 78.1 < 80).
    assert k1.score == pytest.approx(78.1) and k1.grade == "良好"
    # G1 (贵德) has no rubric: not assessed, counted as such.
    assert "G1" not in b.assessments and b.unassessed_n == 1


def test_veto_caps_the_grade():
    b = _board("cangnan_county", "2024-2025")
    k2 = b.assessments["K2"]
    # Points: lessons 18/20 -> 27, research 18, exchange 1 of 10 teachers = 10 % -> 6, 6 pairs of
    # 5 sessions -> 15, satisfaction 100 % -> 15 + 10 = 25: 91 -> 优秀 by points.
    assert k2.score == pytest.approx(91.0) and k2.grade_before_veto == "优秀"
    # But by the end of June the tasks stand at (18/20 + 12/12 + 6/6) / 3 = 96.7 % < 100 %: 一票否优.
    assert k2.veto.progress_pct == pytest.approx(100 * (0.9 + 1 + 1) / 3)
    assert k2.grade == "良好"
    # K1 is vetoed too ((0.9 + 1 + 5/6) / 3 = 91.1 %), but 良好 is within the cap: unchanged.
    assert b.assessments["K1"].veto.progress_pct == pytest.approx(100 * (0.9 + 1 + 5 / 6) / 3)
    assert b.assessments["K1"].grade == b.assessments["K1"].grade_before_veto == "良好"
    # The next grade above the cap is blocked, whatever is added.
    p = path.next_grade(CAT.rubrics["cangnan_county"], k2, 10)
    assert p.grade == "优秀" and p.blocked_by_veto and not p.steps
    assert "不能评为优秀" in present.path_text(p)


def test_ranking_shows_ties_and_groups_within_a_point():
    b = _board("cangnan_county", "2024-2025")
    rows = {r["alliance_id"]: r for r in b.ranking.iter_rows(named=True)}
    # K2 and K1 are 良好 (91 capped, 78.1); K5 = K6 = 64.5 and K7 = 64.0 are 合格.
    # K5, K6: lessons 10/20 -> 15, research 18, exchange 10 % -> 6, pairs 5/6 -> 12.5, parents 88 %
    # -> 13: 64.5; K7 the same with 87.5 % -> 12.5: 64.0.
    assert [r for r in b.ranking["alliance_id"]] == ["K2", "K1", "K5", "K6", "K7"]
    assert (rows["K5"]["score"], rows["K7"]["score"]) == pytest.approx((64.5, 64.0))
    assert rows["K5"]["rank"] == rows["K6"]["rank"] == 3 and rows["K5"]["is_tied"] and rows["K6"]["is_tied"]
    assert rows["K7"]["rank"] == 5 and not rows["K7"]["is_tied"]
    # 64.5 and 64.0 are within a point: one group, ranks 3-5, no order claimed.
    assert {(rows[a]["group_first"], rows[a]["group_last"]) for a in ("K5", "K6", "K7")} == {(3, 5)}
    # 91 and 78.1 are apart: each its own.
    assert (rows["K1"]["group_first"], rows["K1"]["group_last"]) == (2, 2)
    table = present.ranking_table(b.ranking, CAT.rubrics["cangnan_county"])
    assert table["名次"].to_list() == ["1", "2", "3–5", "3–5", "3–5"]
    # Change against 2023-2024: K1 then held 4 sync classes in 1 of 2 subjects -> 30 x 4/20 x 1/2 = 3
    # (no other record, no survey) -> 78.1 - 3 = +75.1; K2 had members but nothing at all -> 0.
    assert b.previous_period == "2023-2024"
    assert (rows["K1"]["previous_score"], rows["K1"]["previous_grade"]) == (pytest.approx(3.0), "不合格")
    assert rows["K1"]["score_change"] == pytest.approx(75.1) and rows["K2"]["score_change"] == pytest.approx(91.0)
    assert table["较上期"].to_list()[:2] == ["+91.0", "+75.1"]


def test_next_grade_path_is_the_fewest_records():
    b = _board("cangnan_county", "2024-2025")
    r = CAT.rubrics["cangnan_county"]
    # K5 (64.5, 合格; vetoed, but 良好 is within the cap) needs 70 - 64.5 = 5.5 points. A lesson is
    # worth 30/20 = 1.5, a pair reaching 5 sessions 15/6 = 2.5 (one more possible), research and
    # exchange are full, satisfaction cannot be added by records. Fewest: 1 pair + 2 lessons
    # (2.5 + 3 = 5.5, 3 records); lessons alone would take 4.
    p = path.next_grade(r, b.assessments["K5"], 10)
    assert p.reachable and not p.blocked_by_veto and p.grade == "良好"
    assert sorted((s.indicator.id, s.units) for s in p.steps) == [("lessons", 2), ("mentoring", 1)]
    assert sum(s.gain for s in p.steps) == pytest.approx(5.5)
    assert present.path_text(p) == "再完成 2 节同步课堂/示范课、1 组师徒满 5 次指导即可达到良好。"
    # K7 (64.0) needs 6: 4 records whichever way (3 lessons + 1 pair = 7, or 4 lessons = 6).
    assert sum(s.units for s in path.next_grade(r, b.assessments["K7"], 10).steps) == 4


def test_cross_region_scores_and_on_time_by_hand():
    b = _board("cangnan_cross_region", "2025")
    x1 = b.assessments["X1"]
    got = _items(x1)
    assert got["mentoring"] == pytest.approx((9, 9, 10.0, True))          # 9 pairs of 6 sessions
    # Shadowing: 1 Mar -> 1 Apr is a whole month (counts), 1 Mar -> 31 Mar is not.
    assert got["shadow"] == pytest.approx((1, 1, 10.0, True))
    assert got["demo_lessons"] == pytest.approx((8, 10, 8.0, False))      # 10 x 8/10
    assert got["research"] == pytest.approx((10, 10, 10.0, True))         # 5 + 5, at the bound
    assert got["online_course"] == pytest.approx((1, 1, 10.0, True))
    assert got["student_exchange"] == pytest.approx((0, 1, 0.0, False))
    # Satisfaction: the alliance's own parents' survey, 196/200 = 98 % -> 15 + 8 = 23 (the member
    # school's 50 % survey is not used when the alliance has its own).
    assert got["satisfaction"] == pytest.approx((98.0, 90, 23.0, True))
    # On time, progress = mean over the 6 tasks of min(records so far / target, 1):
    #   Feb: research 5/10, course 1/1 -> 1.5/6 = 25 % < 30 (missed)
    #   Mar: + 9 pairs, 1 shadowing -> 3.5/6 = 58.3 % >= 40 (met)
    #   May: + 8 demo lessons, 5 research -> 4.8/6 = 80 % >= 80 (met, at the bound)
    #   Jun, Oct: 80 % < 100 (missed). 2 of 5 checkpoints -> 15 x 2/5 = 6.
    on_time = x1.item("on_time")
    assert [round(c.actual_pct, 1) for c in on_time.checkpoints] == [25.0, 58.3, 80.0, 80.0, 80.0]
    assert [c.met for c in on_time.checkpoints] == [False, True, True, False, False]
    assert on_time.points == pytest.approx(6.0)
    # 10 + 10 + 8 + 10 + 10 + 0 + 6 + 23 = 77 -> 良好; vetoed (80 % by June), 良好 is the cap anyway.
    assert x1.score == pytest.approx(77.0) and x1.grade == "良好" and x1.veto.progress_pct == pytest.approx(80.0)


def test_suixian_bundled_by_dimension():
    b = _board("suixian_bundled", "2024-2025/2")
    s1 = b.assessments["S1"]
    got = _items(s1)
    # Operation: 16 sync classes in term 2 against 8 x 2 members (the 3 of term 1 do not count): met;
    # research 7 against 4 x 2 = 8: not met; one joint exam (E1, sat by Y1 Y2 Y3): met.
    assert got["lessons"][:2] == (16, 16) and got["lessons"][3]
    assert got["research"][:2] == (7, 8) and not got["research"][3]
    assert got["joint_exam"][0] == 1
    # Development: standing = mean minus the exam's mean (all schools, student-weighted).
    # E0 (a year before): mean 70 -> Y2 -10, Y3 0; E1: mean 70 -> Y2 -4, Y3 -4.
    # Value added: Y2 +6 (ok), Y3 -4 (fell) -> 1 of 2 = 50 % < 60 %: not met.
    assert got["value_added"][0] == pytest.approx(50.0) and not got["value_added"][3]
    # Results (E1): pass (9 + 7 + 6) / 30 = 73.3 % >= 70; low 1/30 = 3.3 % <= 5: met.
    assert got["pass_rate"][0] == pytest.approx(100 * 22 / 30) and got["pass_rate"][3]
    assert got["low_rate"][0] == pytest.approx(100 / 30) and got["low_rate"][3]
    # Satisfaction: teachers and parents (46 + 92 + 9 + 35 + 10 + 38) / 250 = 92 % (students left out).
    assert got["satisfaction"][0] == pytest.approx(92.0) and got["satisfaction"][3]
    assert [m for _, _, m in s1.dimensions] == [False, False, True, True]
    assert s1.score == 2 and s1.grade == "合格"
    # One more research session meets the operation dimension: 3 of 4 -> 良好.
    p = path.next_grade(CAT.rubrics["suixian_bundled"], s1)
    assert p.reachable and [(s.indicator.id, s.units) for s in p.steps] == [("research", 1)]
    assert present.path_text(p) == "再完成 1 次联片教研即可达到良好。"


def test_helan_by_dimension():
    b = _board("helan", "2024-2025")
    l1 = b.assessments["L1"]
    # Forum 2/2, exchange 1 teacher/1 member, research 6/6 and lesson visits 30/30, sync 8/8,
    # culture 1/1: met; value-added: no exams -> no data, not met. 5 of 6 -> 良好.
    assert [m for _, _, m in l1.dimensions] == [True, True, True, True, False, True]
    assert l1.score == 5 and l1.grade == "良好"
    assert l1.item("value_added").actual is None
    # 优秀 needs the value-added dimension, which records cannot fix: said, not faked.
    p = path.next_grade(CAT.rubrics["helan"], l1)
    assert not p.reachable and [g.indicator.id for g in p.other_gaps] == ["value_added"]


def test_scope_keeps_other_alliances_out():
    only = Scope(alliances=["K1"])
    b = _board("cangnan_county", "2024-2025", only)
    assert set(b.assessments) == {"K1"}
    records = q.rubric_records(only, Filters(), period_kind="school_year", period="2024-2025")
    assert set(records["alliance_id"]) == {"K1"}
    # K1's counted records in 2024-2025: 18 lessons, 12 research, 5 exchanges, 7 pairs (the 4 lessons
    # of 2023-2024 are another period).
    assert records.height == 18 + 12 + 5 + 7
    lessons = engine.counted_records(records, CAT.rubrics["cangnan_county"].indicator("lessons"))
    assert lessons.height == 18 and set(lessons["subject"]) == {"语文", "数学"}
