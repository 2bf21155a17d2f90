"""Chinese UI strings of the 差距 page (urban-rural gap, 三率一分, core against members, trend,
value-added, activity against gap change)."""

from __future__ import annotations

GAPS_TITLE = "城乡质量差距"
GAPS_INTRO = "{scope}，{year}。差距均为前一组减后一组；95% 区间之内含 0 的差距记为“差异不显著”。"
FILTER_EXAM = "考试"
FILTER_GRADE = "年级"
FILTER_SUBJECT = "学科"
FILTER_TERM = "学期"
FILTER_COMPARISON = "比较"
FILTER_WEIGHTING = "加权方式"
ALL_EXAMS = "本学年全部联考"
ALL_GRADES = "全部年级"
ALL_SUBJECTS = "全部学科"
ALL_TERMS = "全部学期"
GRADE = "{grade}年级"
COMPARISONS = {"urban_rural": "城区 vs 乡村", "town_rural": "城镇（城区+镇区）vs 乡村"}
GROUP_NAMES = {"urban_rural": ("城区", "乡村"), "town_rural": ("城镇", "乡村")}
WEIGHTINGS = {"student": "按学生加权", "school": "按学校加权"}
WEIGHTING_HELP = ("按学生加权：全部考生合并计算，每名考生（人次）权重相同；"
                  "按学校加权：先算每所学校的平均分和各率，再对学校取平均，每所学校权重相同。")
NO_EXAMS = "本学年当前筛选条件下没有联考成绩（没有该年级、学科或学期的考试）。"
NO_GROUP = "本学年当前筛选条件下没有{group}学校参加考试，无法比较。"

SECTION_RATES = "三率一分"
RATES_CAPTION = ("粒度：每个城乡类别一行，汇总所选考试；{weighting}。平均分（满分的 %）各学科可比；"
                 "原始平均分只在所选考试满分相同时给出。及格、优秀、低分按每场考试自己的分数线计"
                 "（未填时为满分的 60% / 85% / 40%）。标“样本不足”的类别少于 10 名考生或 3 所学校，不作比较。")
SOURCES = "成绩来源：{student} 所学校报送逐生成绩，{school} 所学校只报送学校汇总（人数、平均分、及格人数等），{mixed} 所两者兼有。"
GAP_HEADER = "{a}与{b}的差距（{weighting}）"
MEASURE_NAMES = {"mean": "平均分", "pass": "及格率", "excellent": "优秀率", "low": "低分率"}
GAP_SENTENCE = "{a}{measure}{direction}{b} {value} 个百分点（95% 区间 {low} 至 {high}）"
GAP_SENTENCE_NO_INTERVAL = "{a}{measure}{direction}{b} {value} 个百分点（无法计算区间：{reason}）"
GAP_EQUAL = "{a}与{b}{measure}相同"
DIRECTION_UP = "高于"
DIRECTION_DOWN = "低于"
NOT_SIGNIFICANT = "，差异不显著"
SMALL_SAMPLE = "，样本不足（少于 10 名考生或 3 所学校），不作判断"
GAP_MISSING = "{measure}：无法比较（{a}或{b}缺少数据）"
NO_INTERVAL_REASON = "学校太少或只有一所学校的汇总"
METHODS = {
    "student": "平均分差的区间由逐生成绩的方差计算（每名考生人次独立）",
    "cluster": "有学校只报送汇总，平均分差的区间由学校间差异计算（以学校为群的比率估计标准误）",
    "school": "按学校加权：区间由学校间差异计算（学校平均值的标准误）",
    "newcombe": "率的差距区间用 Newcombe 混合得分法（由两组的 Wilson 区间合成），人数取自逐生成绩或学校汇总",
}
SMALL = "样本不足"
COL_CATEGORY = "类别"
COL_SCHOOLS = "学校数"
COL_SITTINGS = "考试人次"
COL_MEAN = "平均分"
COL_MEAN_PCT = "平均分（满分%）"
COL_PASS = "及格率"
COL_EXCELLENT = "优秀率"
COL_LOW = "低分率"
COL_NOTE = "备注"

SECTION_DISTRIBUTION = "各校平均分分布"
DISTRIBUTION_CAPTION = ("粒度：每所学校一个点（所选考试合并，学校内按考生人次加权的平均分，满分的 %）；"
                        "箱体为四分位数，每所学校权重相同。")
AXIS_SCHOOL_MEAN = "学校平均分（满分的 %）"
AXIS_CATEGORY = "城乡类别"

SECTION_TREND = "差距趋势（按学期）"
TREND_CAPTION = ("粒度：每学期一个点，汇总该学期所选年级、学科的全部联考；{weighting}；阴影为 95% 区间，"
                 "空心点为样本不足的学期。")
TREND_NONE = "当前筛选条件下没有两组学校都参加考试的学期，无法画出差距趋势。"
AXIS_GAP_MEAN = "平均分差（百分点）"
AXIS_GAP_PASS = "及格率差（百分点）"
TREND_ALLIANCE = "按教共体：核心校减成员校"
TREND_ALLIANCE_PICK = "教共体"
TREND_ALLIANCE_CAPTION = ("粒度：每学期一个点；核心校与全体成员校（合并计算，按学生加权）的平均分差，"
                          "95% 区间由逐生方差计算；核心校只有学校汇总时（只有一所学校，没有学校间差异）无法计算区间，只画差距。"
                          "核心校只有一所，只按考生人数（少于 10 名）判断样本是否不足。")
NO_ALLIANCES = "当前筛选条件下没有核心校与成员校都参加考试的教共体。"

SECTION_CORE = "核心校与成员校"
CORE_METRIC = "对比指标"
CORE_METRICS = {"mean": "平均分（满分%）", "pass": "及格率"}
CORE_CAPTION = ("粒度：每个教共体的每所成员校一行（所选考试合并，按学生加权）；与本教共体核心校同一批考试比较。"
                "“变化”为成员校与核心校的差距从最早学期到最近学期缩小（正数）或扩大（负数）的百分点。")
CORE_NONE = "当前筛选条件下没有核心校与成员校都参加的考试（跨地区结对的外地核心校不参加本县联考）。"
CORE_LIMITED = "图中显示差距最大的 {limit} 所成员校（样本不足的不参与排序），表中列出全部 {n} 所。"
COL_ALLIANCE = "教共体"
COL_MEMBER = "成员校"
COL_CORE = "核心校"
COL_MEMBER_VALUE = "成员校{metric}"
COL_CORE_VALUE = "核心校{metric}"
COL_GAP_NOW = "差距（本学年）"
COL_GAP_FIRST = "差距（{term}）"
COL_GAP_CHANGE = "差距缩小"
COL_FIRST_TERM = "最早学期"
LEGEND_MEMBER = "成员校"
LEGEND_CORE = "核心校"

SECTION_VALUE_ADDED = "增值评价"
VALUE_ADDED_CAPTION = ("粒度：每所学校按年级与学科，比较其最早和最近一次考试相对本区县平均分（按考生人次加权）的位置，"
                       "单位为满分的百分点；学校有多个年级学科时先取平均。各组为学校平均（每所学校权重相同），"
                       "95% 区间由学校间差异计算；不足 3 所学校的组不作比较。")
VALUE_ADDED_NONE = "当前筛选条件下没有学校在同一年级、学科参加过两次以上考试，无法计算增值。"
VALUE_ADDED_GROUPS = {"member": "教共体成员校", "core": "教共体核心校", "none": "未加入教共体的学校"}
COL_GROUP = "分组"
COL_FIRST_POSITION = "最早位置"
COL_LATEST_POSITION = "最近位置"
COL_CHANGE = "变化"
COL_INTERVAL = "95% 区间"
AXIS_CHANGE = "相对区县平均的位置变化（百分点）"
VALUE_ADDED_SCHOOLS = "学校明细"

SECTION_PAYOFF = "活动投入与差距变化"
PAYOFF_CAPTION = ("粒度：每个教共体一个点。横轴：至本学年累计活动记录数除以成员校数（不含核心校）；"
                  "纵轴：成员校（合并，按学生加权）与核心校平均分差从最早有成绩的学年到本学年缩小的百分点。"
                  "这只是相关，不说明因果：活动多的教共体可能在其他方面也不同。")
PAYOFF_SUMMARY = "共 {n} 个教共体，相关系数 r = {r}（皮尔逊）。相关不等于因果。"
PAYOFF_SUMMARY_NO_R = "共 {n} 个教共体，少于 3 个或没有差异，无法计算相关系数。"
PAYOFF_NONE = "当前筛选条件下没有至少两个学年都有核心校与成员校成绩的教共体。"
AXIS_ACTIVITY_PER_MEMBER = "每所成员校的活动次数"
AXIS_GAP_CLOSED = "差距缩小（百分点）"
