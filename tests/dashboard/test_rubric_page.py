"""AppTest of the 考核 page over the rubric fixture (tests/rubric/fixture.py, figures worked out in
tests/rubric/test_engine.py): rubric and period from the URL, the ranking with ties and groups,
points by indicator, the explanation with the veto first and the way to the next grade, and a
broken rubric file named with its line and key while the page keeps serving."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.labels import rubric as LR
from rubric.rules import RUBRICS_DIR
from tests.rubric import fixture

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGE = "../pages/rubric.py"


@pytest.fixture(scope="module")
def rubric_db_path(tmp_path_factory):
    return fixture.build(tmp_path_factory.mktemp("rubric-page") / "alliance.duckdb")


@pytest.fixture(autouse=True)
def _db(rubric_db_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(rubric_db_path))
    monkeypatch.delenv("ALLIANCE_RUBRICS", raising=False)


def _page(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in {"county": "all", **query}.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.subheader)]
    return "\n".join(str(p) for p in parts)


# AppTest does not expose a dataframe's key: each table is found by a column only it has.
TABLES = {"rubric_ranking": LR.COL_RANK, "rubric_items": LR.COL_RULE, "rubric_checkpoints": LR.COL_PLANNED,
          "rubric_records_lessons": LR.COL_FROM}


def _frame(at, key: str):
    """The first table with the key's column (records: the first indicator's, the lessons)."""
    return next(d.value for d in at.dataframe if TABLES[key] in d.value.columns)


def test_ranking_from_the_url(rubric_db_path):
    at = _page(rubric="cangnan_county", period="2024-2025")
    assert at.query_params["rubric"] == "cangnan_county" and at.query_params["period"] == "2024-2025"
    table = _frame(at, "rubric_ranking")
    # Scores by hand (tests/rubric/test_engine.py): K2 91 capped to 良好 by the veto, K1 78.1,
    # K5 = K6 = 64.5 (tied), K7 64.0 (within a point of them: grouped 3-5).
    assert table[LR.COL_RANK].tolist() == ["1", "2", "3–5", "3–5", "3–5"]
    assert table[LR.COL_GRADE].tolist() == ["良好", "良好", "合格", "合格", "合格"]
    assert table[LR.COL_SCORE].tolist() == pytest.approx([91.0, 78.1, 64.5, 64.5, 64.0])
    assert table[LR.COL_NOTE].tolist()[0] == LR.NOTE_VETO.format(before="优秀")
    # Against 2023-2024 (K1 then 3 points, K2 0): +91.0, +75.1.
    assert table[LR.COL_CHANGE].tolist()[:2] == ["+91.0", "+75.1"]
    # Links to the alliance page in the same school year, the county filter open; the name shows.
    assert table[LR.COL_ALLIANCE].tolist()[0] == \
        f"/alliance?alliance=K2&year={at.query_params['year']}&county=all#灵溪三小教共体"
    text = _texts(at)
    assert "满分 94 分" in text and "按 94 分计" in text
    assert LR.UNASSESSED.format(n=1) in text              # 贵德's G1: no rubric configured
    stack = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"].split("（")[0] for t in stack["data"]] == [
        "线上教学活动", "线上线下教研活动", "教共体教师交流", "师徒结对活动", "群众满意度测评"]


def test_explanation_checks_the_veto_first_then_the_path():
    at = _page(rubric="cangnan_county", period="2024-2025", alliance="K2")
    assert at.warning[0].value.startswith("一票否优：截至 2025年6月底") and "97%" in at.warning[0].value
    assert at.info[0].value == LR.PATH_VETO.format(grade="优秀")
    at = _page(rubric="cangnan_county", period="2024-2025", alliance="K5")
    assert at.info[0].value == "再完成 2 节同步课堂/示范课、1 组师徒满 5 次指导即可达到良好。"
    items = _frame(at, "rubric_items")
    assert items[LR.COL_POINTS].tolist() == ["15 / 30", "18 / 18", "6 / 6", "12.5 / 15", "13 / 25"]
    # The records behind the lessons: K5's 10 sync classes.
    lessons = _frame(at, "rubric_records_lessons")
    assert len(lessons) == 10 and set(lessons[LR.COL_SUBJECT]) == {"语文", "数学"}


def test_term_rubric_and_on_time_checkpoints():
    at = _page(rubric="suixian_bundled", period="2024-2025/2")
    assert _frame(at, "rubric_ranking")[LR.COL_DIMENSIONS].tolist() == [2.0]
    assert at.info[0].value == "再完成 1 次联片教研即可达到良好。"
    at = _page(rubric="cangnan_cross_region", period="2025")
    checkpoints = _frame(at, "rubric_checkpoints")
    assert checkpoints[LR.COL_PROGRESS].tolist() == ["25%", "58%", "80%", "80%", "80%"]
    assert checkpoints[LR.COL_MET].tolist() == [LR.NOT_MET, LR.MET, LR.MET, LR.NOT_MET, LR.NOT_MET]


def test_changing_the_rubric_writes_the_url():
    at = _page(rubric="cangnan_county", period="2024-2025")
    at.selectbox(key="rubric_pick").select("helan").run()
    assert not at.exception
    assert at.query_params["rubric"] == "helan" and at.query_params["period"] == "2024-2025"
    assert _frame(at, "rubric_ranking")[LR.COL_GRADE].tolist() == ["良好"]


def test_a_broken_rubric_file_is_named_and_the_page_keeps_serving(tmp_path, monkeypatch):
    folder = tmp_path / "rubrics"
    shutil.copytree(RUBRICS_DIR, folder)
    path = folder / "cangnan_cross_region.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_sessions = 5", "min_session = 5"),
                    encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index("min_session = 5") + 1
    monkeypatch.setenv("ALLIANCE_RUBRICS", str(folder))
    at = _page(rubric="cangnan_county", period="2024-2025")
    assert f"cangnan\\_cross\\_region\\.toml 第 {line} 行（min\\_session）" in at.error[0].value
    # The county rubric still ranks its 5 alliances; X1, whose rubric is broken, is not moved to it.
    assert len(_frame(at, "rubric_ranking")) == 5
    assert LR.UNASSESSED.format(n=2) in _texts(at)
