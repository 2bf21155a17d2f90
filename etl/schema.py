"""The import format (docs/data-contract.md, generated from here by etl/contract.py) as data: every input table, its sheet / csv
name, its columns with English name, Chinese header, kind, whether required, and the note
the template shows. Reader, validator, template and loader all work from this one spec."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str          # English name, also the database column
    header: str        # Chinese header office staff type
    kind: str          # id | text | int | float | date | bool | year | school_year | grade |
                       # county_code | code:<codelist> | ids
    required: bool = False
    note: str = ""
    # Other headers bureaus use for this column (matching ignores width, spaces, a trailing colon
    # and a unit in brackets). A word listed for two columns of one table is refused as ambiguous.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str          # input table name = csv file stem
    sheet: str         # Chinese sheet name
    db_table: str      # database table it loads into
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    note: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SCHOOLS = Table("schools", "学校", "schools", ("school_id",), (
    Column("school_id", "学校标识码", "id", True, "全国统一的10位学校标识码，或县内唯一编号", aliases=("学校代码", "学校编号", "学校编码", "学校识别码", "标识码", "学校ID")),
    Column("name", "学校名称", "text", True, "学校全称", aliases=("校名", "学校", "学校全称", "名称")),
    Column("county_code", "区县代码", "county_code", True, "GB/T 2260 六位区县代码，如 苍南县 330327", aliases=("区县编码", "县区代码", "行政区划代码", "区划代码")),
    Column("county", "区县", "text", False, "区县名称", aliases=("县区", "区县名称", "所属区县")),
    Column("town", "乡镇", "text", False, "所在乡镇（街道）", aliases=("街道", "乡镇街道", "所在乡镇")),
    Column("stage", "学段", "code:stage", True, "小学 / 初中 / 九年一贯制 / 完全中学", aliases=("学校类型", "办学类型", "学段类型")),
    Column("urban_rural_code", "城乡分类代码", "code:urban_rural_code", True,
           "统计用城乡分类代码：111 主城区、112 城乡结合区、121 镇中心区、122 镇乡结合区、123 特殊区域、210 乡中心区、220 村庄", aliases=("城乡分类", "城乡代码", "城乡类别", "城乡属性")),
    Column("lon", "经度", "float", False, "东经，十进制度，如 120.4256", aliases=("lng", "longitude", "东经")),
    Column("lat", "纬度", "float", False, "北纬，十进制度，如 27.5187", aliases=("latitude", "北纬")),
    Column("coord_system", "坐标系", "code:coord_system", False,
           "WGS84（默认，GPS）/ GCJ02（高德、腾讯）/ BD09（百度）；入库统一转为 WGS84", aliases=("坐标系统",)),
    Column("students", "学生数", "int", False, "在校学生人数", aliases=("学生人数", "在校生数", "在校学生数")),
    Column("teachers", "教师数", "int", False, "在编在岗教师人数", aliases=("教师人数", "专任教师数")),
    Column("classes", "班级数", "int", False, "教学班数", aliases=("班数", "教学班数")),
    Column("boarding", "寄宿制", "bool", False, "是 / 否", aliases=("是否寄宿制", "是否寄宿")),
), "每所学校一行")

ALLIANCES = Table("alliances", "教共体", "alliances", ("alliance_id",), (
    Column("alliance_id", "教共体编号", "id", True, "县内唯一编号，如 CN-01", aliases=("集团编号", "编号")),
    Column("name", "名称", "text", True, "教共体（教联体、集团）名称", aliases=("教共体名称", "集团名称")),
    Column("type", "类型", "code:alliance_type", True, "融合型 / 共建型 / 协作型", aliases=("教共体类型", "组建类型")),
    Column("cross_region", "跨地区", "bool", False, "是 / 否（默认否）", aliases=("是否跨地区", "是否跨区域", "跨区域")),
    Column("core_school_id", "核心校标识码", "id", True, "核心校（牵头学校）的学校标识码，须同时列入成员表", aliases=("核心校", "核心学校", "牵头学校", "核心校代码", "核心校编号")),
    Column("founded", "组建年份", "year", False, "四位年份，如 2021", aliases=("组建年度", "成立年份")),
    Column("verified_by", "核验级别", "code:verified_by", False, "县 / 市 / 省"),
    Column("county_code", "区县代码", "county_code", False, "主管区县的六位代码"),
), "每个教共体一行")

MEMBERS = Table("members", "成员", "alliance_members", ("alliance_id", "school_id"), (
    Column("alliance_id", "教共体编号", "id", True, "须已在教共体表中", aliases=("集团编号",)),
    Column("school_id", "学校标识码", "id", True, "须已在学校表中", aliases=("学校代码", "学校编号")),
    Column("role", "角色", "code:role", True, "核心校 / 成员校", aliases=("学校角色", "成员类型")),
    Column("joined", "加入日期", "date", False, "如 2021-09-01", aliases=("加入时间",)),
    Column("left", "退出日期", "date", False, "在教共体的最后一天，如 2024-08-31；仍在教共体内则留空", aliases=("退出时间",)),
), "每个教共体的每所学校一行，核心校也要列入")

ACTIVITIES = Table("activities", "活动", "activities", ("activity_id",), (
    Column("activity_id", "活动编号", "id", True, "唯一编号", aliases=("编号",)),
    Column("alliance_id", "教共体编号", "id", True, "须已在教共体表中", aliases=("集团编号",)),
    Column("date", "日期", "date", True, "活动日期，如 2024-03-15", aliases=("活动日期", "活动时间")),
    Column("type", "活动类型", "code:activity_type", True,
           "同步课堂 / 示范课 / 集体教研 / 师徒指导 / 跟岗锻炼 / 拓展课程 / 学生交流 / 校长论坛 / 听评课 / 其他", aliases=("类型",)),
    Column("subject", "学科", "text", False, "如 语文、数学"),
    Column("host_school_id", "主办学校", "id", True, "主办（支援）学校的标识码", aliases=("主办校", "主办学校标识码", "支援学校")),
    Column("target_school_ids", "受援学校", "ids", False, "一所或多所，用 、；, 或空格分隔", aliases=("受援校", "受援学校标识码")),
    Column("mode", "形式", "code:mode", False, "线上 / 线下", aliases=("活动形式", "方式")),
    Column("participants", "参与人数", "int", False, "参与教师或学生人数", aliases=("人数",)),
    Column("hours", "时长", "float", False, "小时", aliases=("活动时长",)),
    Column("evidence_count", "佐证材料数", "int", False, "已上传的照片、视频、报道等材料份数；没有填 0"),
    Column("evidence_url", "佐证链接", "text", False, "平台上的材料链接", aliases=("链接",)),
), "每次活动一行")

EXCHANGES = Table("exchanges", "交流", "exchanges", ("exchange_id",), (
    Column("exchange_id", "交流编号", "id", True, "唯一编号", aliases=("编号",)),
    Column("alliance_id", "教共体编号", "id", True, "须已在教共体表中", aliases=("集团编号",)),
    Column("teacher_id", "教师编号", "id", True, "教师的工号或编号（不填姓名）", aliases=("教师工号", "工号")),
    Column("from_school_id", "派出学校", "id", True, "派出学校的标识码", aliases=("派出校", "原学校", "学校标识码")),
    Column("to_school_id", "接收学校", "id", True, "接收学校的标识码", aliases=("接收校", "交流学校", "学校标识码")),
    Column("kind", "类型", "code:exchange_kind", True, "轮岗 / 支教 / 跟岗 / 走教 / 送教", aliases=("交流类型", "交流方式")),
    Column("subject", "学科", "text", False, "任教学科"),
    Column("start_date", "开始日期", "date", True, "如 2024-09-01", aliases=("开始时间", "日期")),
    Column("end_date", "结束日期", "date", False, "未结束则留空", aliases=("结束时间", "日期")),
), "每位教师每次交流一行")

MENTORSHIPS = Table("mentorships", "师徒", "mentorships", ("pair_id",), (
    Column("pair_id", "结对编号", "id", True, "唯一编号", aliases=("编号",)),
    Column("alliance_id", "教共体编号", "id", True, "须已在教共体表中", aliases=("集团编号",)),
    Column("mentor_id", "师傅编号", "id", True, "师傅的教师编号", aliases=("导师编号",)),
    Column("mentor_school_id", "师傅学校", "id", True, "师傅所在学校标识码", aliases=("师傅所在学校", "学校标识码")),
    Column("apprentice_id", "徒弟编号", "id", True, "徒弟的教师编号", aliases=("学员编号",)),
    Column("apprentice_school_id", "徒弟学校", "id", True, "徒弟所在学校标识码", aliases=("徒弟所在学校", "学校标识码")),
    Column("start_date", "结对日期", "date", True, "如 2022-03-10", aliases=("结对时间",)),
    Column("sessions", "指导次数", "int", False, "已开展的线上线下指导活动次数"),
), "每对师徒一行")

EXAMS = Table("exams", "考试", "exams", ("exam_id",), (
    Column("exam_id", "考试编号", "id", True, "唯一编号", aliases=("编号",)),
    Column("name", "考试名称", "text", True, "如 2023学年第一学期期末联考", aliases=("名称",)),
    Column("date", "考试日期", "date", True, "如 2024-01-15", aliases=("日期", "考试时间")),
    Column("school_year", "学年", "school_year", False, "如 2023-2024；留空则按考试日期推算"),
    Column("term", "学期", "int", False, "1 / 2；留空则按考试日期推算"),
    Column("grade", "年级", "grade", True, "1–12，或 三年级、初二 等"),
    Column("subject", "学科", "text", True, "如 语文、数学", aliases=("科目", "考试科目")),
    Column("full_score", "满分", "float", True, "如 100、120", aliases=("总分", "满分值")),
    Column("pass_line", "及格线", "float", False, "留空则为满分的 60%", aliases=("及格分",)),
    Column("excellent_line", "优秀线", "float", False, "留空则为满分的 85%", aliases=("优秀分",)),
    Column("low_line", "低分线", "float", False, "留空则为满分的 40%"),
), "每场考试（年级、学科）一行")

# Results come in one of two shapes; the reader decides by the columns present.
RESULTS_STUDENT = Table("results", "成绩", "exam_results", ("exam_id", "student_id"), (
    Column("exam_id", "考试编号", "id", True, "须已在考试表中"),
    Column("school_id", "学校标识码", "id", True, "须已在学校表中", aliases=("学校代码", "学校编号")),
    Column("student_id", "学生编号", "id", True, "学籍号或考号；只以加盐哈希保存，不保存原值和姓名", aliases=("学籍号", "考号", "准考证号", "学号")),
    Column("class", "班级", "text", False, "如 七(2)班"),
    Column("score", "成绩", "float", True, "不得超过满分", aliases=("分数", "得分")),
), "每名学生每场考试一行（学生姓名不会入库）")

RESULTS_SCHOOL = Table("results", "成绩", "exam_results", ("exam_id", "school_id"), (
    Column("exam_id", "考试编号", "id", True, "须已在考试表中"),
    Column("school_id", "学校标识码", "id", True, "须已在学校表中", aliases=("学校代码", "学校编号")),
    Column("n", "人数", "int", True, "参考人数", aliases=("参考人数", "实考人数")),
    Column("mean", "平均分", "float", True, "不得超过满分", aliases=("均分", "平均成绩")),
    Column("pass_n", "及格人数", "int", False, "不得超过参考人数"),
    Column("excellent_n", "优秀人数", "int", False, "不得超过参考人数"),
    Column("low_n", "低分人数", "int", False, "不得超过参考人数"),
), "每所学校每场考试一行（汇总）")

SURVEYS = Table("surveys", "满意度", "surveys", ("year", "school_id", "alliance_id", "respondent"), (
    Column("year", "年份", "year", True, "测评年份，如 2024", aliases=("年度", "测评年份", "测评年度")),
    Column("school_id", "学校标识码", "id", False, "学校与教共体编号至少填一项", aliases=("学校代码", "学校编号")),
    Column("alliance_id", "教共体编号", "id", False, "学校与教共体编号至少填一项", aliases=("集团编号",)),
    Column("respondent", "对象", "code:respondent", True, "家长 / 教师 / 学生", aliases=("测评对象", "调查对象")),
    Column("respondents", "人数", "int", True, "参与测评人数", aliases=("参与人数", "参评人数")),
    Column("satisfied", "满意人数", "int", True, "不得超过参与人数", aliases=("满意数",)),
), "每次测评每类对象一行")

# Load order: referenced tables first.
TABLES: tuple[Table, ...] = (SCHOOLS, ALLIANCES, MEMBERS, ACTIVITIES, EXCHANGES, MENTORSHIPS,
                             EXAMS, RESULTS_STUDENT, SURVEYS)
INPUT_NAMES = tuple(t.name for t in TABLES)
SHEET_TO_TABLE = {t.sheet: t.name for t in TABLES} | {t.name: t.name for t in TABLES}
