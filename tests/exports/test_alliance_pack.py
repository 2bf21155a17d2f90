"""One alliance's pack in one click, over the hand-made fixture (tests/dashboard/fixture_db.py):
the detail page's tables, map and charts for that alliance alone, each stating the year and the
alliance, and nothing for an alliance outside the viewer's scope."""

from __future__ import annotations

import io

from pptx import Presentation

from dashboard.exports import alliance_pack, items, pack
from dashboard.labels import alliance as LA
from dashboard.labels import common as L
from dashboard.scope import EVERYTHING, Scope


def test_items_of_one_alliance(fixture_path):
    got = alliance_pack.alliance_items(EVERYTHING, "2024-2025", "A1", "数据载入于 x", None)
    assert [(i.kind, i.title) for i in got][:3] == [
        ("table", f"贺兰一小教共体 · {LA.MEMBERS_TITLE}"), ("map", f"贺兰一小教共体 · {LA.MAP_TITLE}"),
        ("chart", f"贺兰一小教共体 · {LA.MONTHS_TITLE}")]
    assert all(i.filters == "学年：2024-2025学年；教共体：贺兰一小教共体（A1）" for i in got)
    # Members at 31 Aug 2025: core S1 and S3 S4 S5, plus S7 who joined on 2024-10-01.
    members = got[0].table
    assert sorted(members[L.COL_SCHOOL].to_list()) == sorted(["城关一小", "金贵镇小", "立岗村小", "洪广村小", "暖泉村小"])
    # Records of 2024-2025 by month (fixture_db.activities): October 2 with evidence + 1 without,
    # November 4 with evidence, March 1 without.
    months = items.figure_in_words(got[2].figure)
    assert "有——2024年9月：0，2024年10月：2，2024年11月：4" in months
    assert "缺佐证——2024年9月：0，2024年10月：1" in months and "2025年3月：1" in months


def test_an_alliance_outside_the_scope_gives_nothing(fixture_path):
    assert alliance_pack.alliance_items(Scope(alliances=("A2",)), "2024-2025", "A1", "d", None) == []
    assert alliance_pack.alliance_items(EVERYTHING, "2024-2025", "NOPE", "d", None) == []


def test_the_pack_has_a_slide_per_item(fixture_path, exporter, map_exporter):
    got = alliance_pack.alliance_items(EVERYTHING, "2024-2025", "A1", "数据载入于 x", None)
    prs = Presentation(io.BytesIO(pack.pptx_bytes(got, "贺兰一小教共体 会议材料", "贺兰县教育体育局")))
    assert [s.shapes.title.text_frame.text for s in prs.slides] == ["贺兰一小教共体 会议材料", *(i.title for i in got)]
