"""Rubric files: the shipped ones load; a mistake is refused with file, line and key; each scoring
rule at and beyond its bounds (pure functions, no database)."""

from __future__ import annotations

import shutil

import pytest

from rubric import engine, rules
from rubric.rules import RUBRICS_DIR, RubricError

SHIPPED = ("cangnan_county", "cangnan_cross_region", "suixian_bundled", "helan")


def test_shipped_rubrics_load_and_are_assigned():
    cat = rules.load_catalogue()
    assert not cat.errors and set(cat.rubrics) == set(SHIPPED)
    assert cat.rubric_for("330327", "co_build", False) == "cangnan_county"
    assert cat.rubric_for("330327", "collaborative", True) == "cangnan_cross_region"
    assert cat.rubric_for("421321", "fusion", False) == "suixian_bundled"
    assert cat.rubric_for("640122", "co_build", False) == "helan"
    assert cat.rubric_for("632523", "co_build", True) is None
    # The seeds give no cut-offs: the shipped defaults say so.
    assert all("未规定" in r.grades_note for r in cat.rubrics.values())
    assert cat.rubrics["suixian_bundled"].period == "term" and cat.rubrics["cangnan_cross_region"].period == "year"


def _broken(tmp_path, name: str, old: str, new: str) -> RubricError:
    """Copy a shipped rubric with one edit and load it."""
    path = tmp_path / f"{name}.toml"
    text = (RUBRICS_DIR / f"{name}.toml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RubricError) as err:
        rules.load_rubric(path)
    return err.value, path.read_text(encoding="utf-8").splitlines()


def test_typo_in_a_key_names_file_line_and_key(tmp_path):
    err, lines = _broken(tmp_path, "cangnan_county", "target = 12\n", "tagret = 12\n")
    assert err.key == "tagret" and lines[err.line - 1] == "tagret = 12"
    assert str(err).startswith(f"cangnan_county.toml 第 {err.line} 行（tagret）")
    assert "是否应为“target”" in str(err)


def test_negative_points_are_refused(tmp_path):
    err, lines = _broken(tmp_path, "cangnan_county", "points = 18\n", "points = -18\n")
    assert err.key == "points" and lines[err.line - 1] == "points = -18" and "负数" in str(err)


def test_unknown_indicator_is_refused(tmp_path):
    err, lines = _broken(tmp_path, "cangnan_county", 'tasks = ["lessons", "research", "mentoring"]',
                         'tasks = ["lessons", "research", "mentorship"]')
    assert err.key == "tasks" and lines[err.line - 1].startswith("tasks") and "mentorship" in str(err)
    err, lines = _broken(tmp_path, "cangnan_cross_region", 'counts = "activities"\nactivity_types = ["shared_course"]',
                         'counts = "activities"\nactivity_types = ["online_class"]')
    assert err.key == "activity_types" and "online_class" in str(err)
    assert lines[err.line - 1] == 'activity_types = ["online_class"]'


def test_cut_offs_out_of_order_are_refused(tmp_path):
    err, lines = _broken(tmp_path, "cangnan_county", '"良好" = 70', '"良好" = 85')
    assert err.key == "良好" and lines[err.line - 1] == '"良好" = 85' and "顺序" in str(err)
    # A cut-off above the maximum (94, the sum of the items) cannot be reached.
    err, _ = _broken(tmp_path, "cangnan_county", '"优秀" = 80', '"优秀" = 96')
    assert err.key == "优秀" and "超过满分 94" in str(err)


def test_toml_syntax_error_names_its_line(tmp_path):
    err, lines = _broken(tmp_path, "helan", 'id = "forum"', 'id = "forum')
    assert err.line is not None and 'id = "forum' in lines[err.line - 1]


def test_a_broken_file_leaves_the_others_serving(tmp_path):
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS_DIR, folder)
    path = folder / "helan.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("target = 2\n", "target = -2\n"), encoding="utf-8")
    cat = rules.load_catalogue(folder)
    assert set(cat.rubrics) == set(SHIPPED) - {"helan"}
    assert len(cat.errors) == 1 and cat.errors[0].path.name == "helan.toml" and cat.errors[0].key == "target"
    # Its alliances are not assessed (the file's own error says why), nor moved to another rubric.
    assert cat.rubric_for("640122", "co_build", False) == "helan" and not cat.assessable("640122", "co_build", False)


def test_assignment_to_a_missing_rubric_is_refused(tmp_path):
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS_DIR, folder)
    path = folder / "assign.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('rubric = "helan"', 'rubric = "helan2"'), encoding="utf-8")
    cat = rules.load_catalogue(folder)
    assert len(cat.errors) == 1 and cat.errors[0].key == "rubric" and "helan2" in str(cat.errors[0])


def _ind(**kw) -> rules.Indicator:
    base = {"id": "x", "name": "x", "counts": "activities", "rule": "proportional", "target": 20.0, "points": 30.0}
    return rules.Indicator(**{**base, **kw})


def test_proportional_rule_is_capped_at_its_points():
    ind = _ind()
    # The guard the interim completion score had (never above 100 %) now lives here.
    assert engine.proportional_points(ind, 0, 20, None) == 0
    assert engine.proportional_points(ind, 10, 20, None) == pytest.approx(15)
    assert engine.proportional_points(ind, 20, 20, None) == pytest.approx(30)
    assert engine.proportional_points(ind, 45, 20, None) == pytest.approx(30)      # 225 % -> still 30
    assert engine.proportional_points(ind, None, 20, None) == 0
    # Too few subjects scale the points down: 20 lessons in 1 of 2 subjects -> half.
    two = _ind(subjects_min=2)
    assert engine.proportional_points(two, 20, 20, 1) == pytest.approx(15)
    assert engine.proportional_points(two, 20, 20, 3) == pytest.approx(30)


def test_threshold_rule_at_and_beyond_its_bound():
    ind = _ind(rule="threshold", target=1.0, points=10.0)
    assert not engine.is_met(ind, 0.999, 1.0) and engine.is_met(ind, 1, 1.0) and engine.is_met(ind, 7, 1.0)
    low = _ind(rule="threshold", counts="exam", measure="low_rate", at_most=True, target=5.0)
    assert engine.is_met(low, 5.0, 5.0) and not engine.is_met(low, 5.01, 5.0)
    assert not engine.is_met(ind, None, 1.0)


def test_satisfaction_rule_is_bounded_by_zero_and_its_points():
    ind = _ind(counts="satisfaction", rule="satisfaction", points=25.0, base_pct=90.0, base_points=15.0,
               points_per_pct=1.0, target=None)
    assert engine.satisfaction_points(ind, 90) == 15
    assert engine.satisfaction_points(ind, 92.5) == pytest.approx(17.5)
    assert engine.satisfaction_points(ind, 100) == 25        # 15 + 10, the item's maximum
    assert engine.satisfaction_points(ind, 75) == 0          # 15 - 15
    assert engine.satisfaction_points(ind, 60) == 0          # would be -15: bounded by 0
    assert engine.satisfaction_points(ind, None) == 0        # no survey, no points
