"""Chinese UI strings of the 总览 page (cards, monthly activity, gap trend, rubric ranking)."""

from __future__ import annotations

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
METRIC_LESSONS_HELP = ("本学年同步课堂与示范课节数达到目标的教共体比例（只计其考核细则设有该目标的教共体）。"
                       "目标取自各教共体适用的考核细则（data/rubrics/），如苍南县内结对每所成员校每年不少于 20 节；"
                       "按学期考核的细则按每学年两个学期计。")
METRIC_RESEARCH = "集体教研达标"
METRIC_RESEARCH_HELP = ("本学年集体教研次数达到目标的教共体比例（只计其考核细则设有该目标的教共体）。"
                        "目标取自各教共体适用的考核细则（data/rubrics/），如苍南县内结对每所成员校每年不少于 12 次。")
METRIC_ACTIVITY_CAPTION = "实际 {actual} / 目标 {target}"
METRIC_GAP_MEAN = "城乡均分差"
METRIC_GAP_MEAN_HELP = ("城区学校与乡村学校的平均分之差，以满分的百分比计（各学科可比），按学生人数加权"
                        "（每名考生权重相同），汇总本学年全部联考。数值越小差距越小。")
METRIC_GAP_PASS = "城乡及格率差"
METRIC_GAP_PASS_HELP = "城区学校与乡村学校的及格率之差（及格：成绩不低于及格线，默认满分的 60%），按学生人数加权，汇总本学年全部联考。"
CAPTION_SCHOOLS_TOTAL = "共 {n}学校"
CAPTION_RURAL = "{covered}/{total}乡村学校"
CAPTION_MET = "；达标 {met}/{total} 个"
CAPTION_NO_RECORDS = "本学年没有报送活动记录（数据从下一学年开始）"
CAPTION_NO_TARGET = "适用的考核细则未设此项目标"
# The unit sits here, not in the card title, which a 1280 px screen would cut.
CAPTION_GAP = "单位：百分点；城区减乡村，按学生加权"
CAPTION_GAP_NO_EXAMS = "本学年尚无城区与乡村学校都参加的联考成绩"
CAPTION_GAP_NO_PASS = "有学校报送的汇总成绩缺少及格人数，无法计算及格率差"
CHART_MONTHLY = "每月活动次数"
CHART_MONTHLY_CAPTION = "按活动记录计数（一次活动计 1 次），本学年 9 月至次年 8 月，按活动类型分组。"
CHART_GAP = "城乡成绩差距趋势（按学期）"
CHART_GAP_CAPTION = ("平均分以满分的百分比计，及格率为及格人数占考生人数的比例；均按学生人数加权（一名学生考几科计几人次），"
                     "汇总该学期全部联考。")
CHART_RANKING = "教共体考核排名"
CHART_RANKING_CAPTION = ("按《{rubric}》计分，{period}；满分 {max} 为各项分值之和。各区县考核细则不同，"
                         "只列适用本细则的 {n} 个教共体；其他细则及每项得分见 [考核]({link}) 页。")
CHART_RANKING_DIMENSIONS_CAPTION = ("按《{rubric}》评价，{period}；横轴为达标维度数（共 {max} 项）。各区县考核细则不同，"
                                    "只列适用本细则的 {n} 个教共体；其他细则及每项达标情况见 [考核]({link}) 页。")
RANKING_TOP = "前 {n} 名"
RANKING_BOTTOM = "后 {n} 名"
RANKING_ALL = "全部 {n} 个教共体"
RANKING_TIES = "共有 {n} 个教共体得分同为 {score}，并列者按编号只显示其中几个。"
EMPTY_MONTHLY = "本学年当前筛选条件下没有活动记录。"
EMPTY_GAP = "当前筛选条件下还没有联考成绩，无法比较城乡差距。"
EMPTY_RANKING = "当前筛选条件下没有适用考核细则的教共体，或该考核周期还没有报送记录。"
