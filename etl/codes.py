"""Coded values: the one place that says which codes exist, their Chinese labels and the
variants office staff type for them. The database stores the code; pages show the label."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Code:
    code: str
    label: str
    aliases: tuple[str, ...] = field(default=())


# Every list: code -> Chinese label, plus the spellings seen in real submissions.
CODELISTS: dict[str, tuple[Code, ...]] = {
    "stage": (
        Code("primary", "小学"),
        Code("junior", "初中", ("初级中学",)),
        Code("nine_year", "九年一贯制", ("九年一贯制学校", "九年制")),
        Code("complete", "完全中学", ("完中",)),
    ),
    "alliance_type": (
        Code("fusion", "融合型", ("融合性", "融合")),
        Code("co_build", "共建型", ("共建性", "共建")),
        Code("collaborative", "协作型", ("协作性", "协作", "跨地区/协作型", "跨地区协作型")),
    ),
    "verified_by": (
        Code("county", "县", ("县核验", "县级")),
        Code("city", "市", ("市核验", "市级")),
        Code("province", "省", ("省核验", "省级")),
    ),
    "role": (
        Code("core", "核心校", ("核心学校", "牵头学校", "牵头校", "核心校区")),
        Code("member", "成员校", ("成员学校", "受援校", "成员校区")),
    ),
    "activity_type": (
        Code("sync_class", "同步课堂"),
        Code("demo_lesson", "示范课", ("送教下乡示范课", "送教下乡")),
        Code("joint_research", "集体教研", ("网络研修", "线上教研", "线下教研")),
        Code("mentoring", "师徒指导"),
        Code("shadow", "跟岗锻炼", ("异地跟岗锻炼",)),
        Code("shared_course", "拓展课程", ("线上拓展课程",)),
        Code("student_exchange", "学生交流", ("学生集体交流", "学生集体交流活动")),
        Code("principal_forum", "校长论坛"),
        Code("lesson_visit", "听评课"),
        Code("other", "其他"),
    ),
    "mode": (
        Code("online", "线上"),
        Code("offline", "线下"),
    ),
    "exchange_kind": (
        Code("rotation", "轮岗", ("交流轮岗",)),
        Code("support", "支教"),
        Code("shadow", "跟岗", ("跟岗锻炼",)),
        Code("walking", "走教"),
        Code("delivery", "送教", ("送教下乡",)),
    ),
    "respondent": (
        Code("parent", "家长"),
        Code("teacher", "教师"),
        Code("student", "学生"),
    ),
    "coord_system": (
        Code("WGS84", "WGS84", ("wgs84", "WGS-84", "GPS")),
        Code("GCJ02", "GCJ02", ("gcj02", "GCJ-02", "火星坐标", "高德", "腾讯")),
        Code("BD09", "BD09", ("bd09", "BD-09", "百度")),
    ),
    "urban_rural_code": (
        Code("111", "主城区"),
        Code("112", "城乡结合区"),
        Code("121", "镇中心区"),
        Code("122", "镇乡结合区"),
        Code("123", "特殊区域"),
        Code("210", "乡中心区"),
        Code("220", "村庄"),
    ),
    "urban_rural": (
        Code("urban", "城区"),
        Code("town", "镇区"),
        Code("rural", "乡村"),
    ),
}

# National urban-rural code (统计用区划代码 城乡分类代码) rolled up by its first digits.
URBAN_RURAL_ROLLUP = {"111": "urban", "112": "urban", "121": "town", "122": "town",
                      "123": "town", "210": "rural", "220": "rural"}

YES = ("是", "Y", "y", "YES", "Yes", "yes", "1", "TRUE", "True", "true", "√")
NO = ("否", "N", "n", "NO", "No", "no", "0", "FALSE", "False", "false", "×")


def label(codelist: str, code: str | None) -> str:
    """Chinese label of a code; the code itself when unknown, empty for None."""
    if code is None:
        return ""
    for c in CODELISTS[codelist]:
        if c.code == code:
            return c.label
    return str(code)


def labels(codelist: str) -> dict[str, str]:
    return {c.code: c.label for c in CODELISTS[codelist]}


def lookup(codelist: str) -> dict[str, str]:
    """Every accepted spelling (code, label, alias) -> code."""
    out: dict[str, str] = {}
    for c in CODELISTS[codelist]:
        for spelling in (c.code, c.label, *c.aliases):
            out[spelling] = c.code
    return out
