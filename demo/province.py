"""Province-scale demo: a synthetic benchmark over Zhejiang's 90 real county codes with >= 5,000
schools, >= 1,000,000 activities and >= 10,000,000 per-student results. Generated with numpy and
polars column operations (no Python loop over rows); the big tables are written in chunks so
memory stays flat. English headers, which the importer accepts as well as Chinese ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from demo.common import SCHOOL_YEARS, SUBJECTS, SYNTHETIC_NOTE, YEARS, write_table
from etl import schema

COUNTIES = (
    "330102 上城区 330105 拱墅区 330106 西湖区 330108 滨江区 330109 萧山区 330110 余杭区 330111 富阳区 "
    "330112 临安区 330113 临平区 330114 钱塘区 330122 桐庐县 330127 淳安县 330182 建德市 330203 海曙区 "
    "330205 江北区 330206 北仑区 330211 镇海区 330212 鄞州区 330213 奉化区 330225 象山县 330226 宁海县 "
    "330281 余姚市 330282 慈溪市 330302 鹿城区 330303 龙湾区 330304 瓯海区 330305 洞头区 330324 永嘉县 "
    "330326 平阳县 330327 苍南县 330328 文成县 330329 泰顺县 330381 瑞安市 330382 乐清市 330383 龙港市 "
    "330402 南湖区 330411 秀洲区 330421 嘉善县 330424 海盐县 330481 海宁市 330482 平湖市 330483 桐乡市 "
    "330502 吴兴区 330503 南浔区 330521 德清县 330522 长兴县 330523 安吉县 330602 越城区 330603 柯桥区 "
    "330604 上虞区 330624 新昌县 330681 诸暨市 330683 嵊州市 330702 婺城区 330703 金东区 330723 武义县 "
    "330726 浦江县 330727 磐安县 330781 兰溪市 330782 义乌市 330783 东阳市 330784 永康市 330802 柯城区 "
    "330803 衢江区 330822 常山县 330824 开化县 330825 龙游县 330881 江山市 330902 定海区 330903 普陀区 "
    "330921 岱山县 330922 嵊泗县 331002 椒江区 331003 黄岩区 331004 路桥区 331022 三门县 331023 天台县 "
    "331024 仙居县 331081 温岭市 331082 临海市 331083 玉环市 331102 莲都区 331121 青田县 331122 缙云县 "
    "331123 遂昌县 331124 松阳县 331125 云和县 331126 庆元县 331127 景宁畲族自治县 331181 龙泉市"
).split()
# Approximate centre of each prefecture (WGS84); counties scatter around it.
CITY_CENTRE = {"3301": (119.95, 29.95), "3302": (121.45, 29.75), "3303": (120.50, 27.95),
               "3304": (120.75, 30.70), "3305": (119.90, 30.80), "3306": (120.60, 29.80),
               "3307": (119.90, 29.10), "3308": (118.70, 28.90), "3309": (122.20, 30.05),
               "3310": (121.20, 28.75), "3311": (119.50, 28.20)}
STAGES = np.array(["小学", "初中", "九年一贯制", "完全中学"])
STAGE_P = [0.56, 0.25, 0.17, 0.02]
UR_CODES = np.array(["111", "112", "121", "122", "210", "220"])
UR_P = [0.16, 0.10, 0.22, 0.14, 0.12, 0.26]
UR_LEVEL = np.array([0.80, 0.765, 0.745, 0.71, 0.675, 0.645])
ACTIVITY_TYPES = np.array(["同步课堂", "示范课", "集体教研", "师徒指导", "跟岗锻炼", "拓展课程", "学生交流",
                           "校长论坛", "听评课", "其他"])
ACTIVITY_P = np.array([0.40, 0.06, 0.26, 0.08, 0.02, 0.03, 0.03, 0.02, 0.08, 0.02])
TEACHING_SUBJECTS = np.array(["语文", "数学", "英语", "科学", "音乐", "美术", "体育", "道德与法治"])
EXCHANGE_KINDS = np.array(["轮岗", "支教", "跟岗", "走教", "送教"])
RESULTS_PER_CLASS = 18          # sampled students per school and exam: ~10.6 M rows at 5,200 schools
ACTIVITIES_PER_MEMBER = 70      # per member school and year at intensity 1: ~1.14 M rows at 5,200 schools


def _z(values: np.ndarray, width: int) -> np.ndarray:
    """Numbers -> zero-padded strings (numpy's zfill fails on empty arrays)."""
    return pl.Series(values).cast(pl.String).str.zfill(width).to_numpy().astype(str)


def _schools(rng: np.random.Generator, n: int) -> pl.DataFrame:
    codes = np.array(COUNTIES[0::2])
    names = np.array(COUNTIES[1::2])
    county = np.arange(n) % len(codes)
    serial = np.arange(n) // len(codes) + 1
    stage = rng.choice(STAGES, n, p=STAGE_P)
    ur = rng.choice(UR_CODES, n, p=UR_P)
    # The first fifth of each county's schools are its county-seat schools, the alliances' cores.
    seat = max(1, round(0.2 * n / len(codes)))
    ur = np.where(serial <= seat, np.where(serial <= max(1, seat * 2 // 3), "111", "112"), ur)
    students = (rng.lognormal(0, 0.35, n) * np.select([ur == "111", ur == "112", np.isin(ur, ["121", "122"])],
                                                      [1800, 1300, 900], 260)).astype(int) + 40
    classes = np.maximum(6, students // np.where(np.isin(ur, ["210", "220"]), 26, 44))
    teachers = np.maximum(8, (students / np.where(np.isin(ur, ["210", "220"]), 10, 16.5)).astype(int))
    centre = np.array([CITY_CENTRE[c[:4]] for c in codes])
    county_xy = centre + rng.uniform(-0.35, 0.35, (len(codes), 2))
    xy = county_xy[county] + rng.uniform(-0.08, 0.08, (n, 2))
    suffix = np.select([stage == "小学", stage == "初中", stage == "九年一贯制"], ["小学", "中学", "学校"], "完全中学")
    town = np.where(np.isin(ur, ["111", "112"]), "城关镇", np.char.add(np.char.add("第", (serial % 9 + 1).astype(str)), "镇"))
    return pl.DataFrame({
        "school_id": np.char.add(codes[county], _z(serial.astype(str), 4)),
        "name": np.char.add(np.char.add(np.char.add(names[county], town), np.char.add("第", serial.astype(str))), suffix),
        "county_code": codes[county], "county": names[county], "town": town, "stage": stage,
        "urban_rural_code": ur, "lon": np.round(xy[:, 0], 4), "lat": np.round(xy[:, 1], 4),
        "students": students, "teachers": teachers, "classes": classes,
        "boarding": np.where(np.isin(ur, ["210", "220"]) & (stage != "小学"), "是", "否"),
        "_county": county, "_serial": serial,
    })


def _alliances(rng: np.random.Generator, schools: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each county-seat school leads one alliance; the other schools join them round-robin (2-5 schools)."""
    s = schools.with_row_index("_i")
    seat = max(1, round(0.2 * schools.height / len(COUNTIES[0::2])))
    urban = s.filter(pl.col("_serial") <= seat)
    rest = s.filter(pl.col("_serial") > seat)
    # About 8 % of rural schools stay outside any alliance, so coverage is below 100 %.
    rest = rest.filter(pl.Series(rng.random(rest.height) > 0.08))
    cores = urban.with_columns(pl.int_range(pl.len()).over("_county").alias("_k"),
                               pl.len().over("_county").alias("_n"))
    rest = rest.with_columns(pl.int_range(pl.len()).over("_county").alias("_j"))
    rest = rest.join(cores.select("_county", "_n").unique(), on="_county").with_columns(
        (pl.col("_j") % pl.col("_n")).alias("_k"))
    cores = cores.with_columns(pl.format("P{}-{}", "county_code", pl.col("_k").cast(pl.String).str.zfill(2))
                               .alias("alliance_id"))
    members = rest.join(cores.select("_county", "_k", "alliance_id"), on=["_county", "_k"])
    # Cap at 5 schools: surplus schools stay unallied.
    members = members.with_columns(pl.int_range(pl.len()).over("alliance_id").alias("_m")).filter(pl.col("_m") < 4)
    n = cores.height
    founded = rng.choice([2019, 2020, 2021, 2022, 2023], n, p=[0.1, 0.2, 0.3, 0.3, 0.1])
    types = rng.choice(["融合型", "共建型", "协作型"], n, p=[0.12, 0.68, 0.20])
    alliances = cores.select("alliance_id", pl.format("{}教共体", "name").alias("name"),
                             core_school_id="school_id", county_code="county_code").with_columns(
        type=pl.Series(types), cross_region=pl.lit("否"), founded=pl.Series(founded),
        verified_by=pl.Series(rng.choice(["县", "市", "省"], n, p=[0.8, 0.15, 0.05])),
        intensity=pl.Series(np.clip(rng.lognormal(0, 0.38, n), 0.3, 1.9)))
    joined = pl.format("{}-09-01", pl.col("founded"))
    roster = pl.concat([
        cores.select("alliance_id", "school_id", pl.lit("核心校").alias("role")),
        members.select("alliance_id", "school_id", pl.lit("成员校").alias("role")),
    ]).join(alliances.select("alliance_id", "founded", "intensity", "core_school_id"), on="alliance_id")
    roster = roster.with_columns(joined=joined, left=pl.lit(None, pl.String))
    return alliances, roster


def _teaching_days(year: int) -> np.ndarray:
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
    month = days.astype("datetime64[M]").astype(int) % 12 + 1
    weekday = (days.astype(int) + 3) % 7          # 1970-01-01 was a Thursday
    return days[(weekday < 5) & ~np.isin(month, [7, 8])]


def _activities(rng: np.random.Generator, alliances: pl.DataFrame, roster: pl.DataFrame) -> pl.DataFrame:
    a = alliances.select("alliance_id", "core_school_id", "founded", "intensity")
    member_rows = roster.filter(pl.col("role") == "成员校").sort("alliance_id")
    first = member_rows.with_row_index("_r").group_by("alliance_id", maintain_order=True).agg(
        pl.col("_r").first().alias("_first"), pl.len().alias("_size"))
    a = a.join(first, on="alliance_id", how="left").filter(pl.col("_size").is_not_null())
    member_ids = member_rows.get_column("school_id").to_numpy().astype(str)
    frames = []
    for year in YEARS:
        days = _teaching_days(year)
        autumn = days[days >= np.datetime64(f"{year}-09-01")]
        active = a.filter(pl.col("founded") <= year)
        # Alliances form on 1 September: their first year has only the autumn term.
        first_year = (active.get_column("founded") == year).to_numpy()
        share = np.where(first_year, autumn.size / days.size, 1.0)
        lam = ACTIVITIES_PER_MEMBER * share * (active.get_column("intensity") * active.get_column("_size")).to_numpy()
        count = rng.poisson(lam)
        idx = np.repeat(np.arange(active.height), count)
        n = idx.size
        when = np.where(first_year[idx], autumn[rng.integers(0, autumn.size, n)], days[rng.integers(0, days.size, n)])
        pick = active.get_column("_first").to_numpy()[idx] + rng.integers(0, 1 << 30, n) % active.get_column("_size").to_numpy()[idx]
        evidence = np.where(rng.random(n) < 0.05 + 0.1 * np.maximum(0, 1 - active.get_column("intensity").to_numpy()[idx]),
                            0, rng.integers(1, 7, n))
        kind = rng.choice(ACTIVITY_TYPES, n, p=ACTIVITY_P)
        frames.append(pl.DataFrame({
            "alliance_id": active.get_column("alliance_id").to_numpy().astype(str)[idx],
            "date": when.astype("datetime64[D]").astype(str),
            "type": kind,
            "subject": np.where(np.isin(kind, ["同步课堂", "示范课", "集体教研", "听评课"]),
                                rng.choice(TEACHING_SUBJECTS, n), ""),
            "host_school_id": active.get_column("core_school_id").to_numpy().astype(str)[idx],
            "target_school_ids": member_ids[pick],
            "mode": np.where(rng.random(n) < 0.6, "线上", "线下"),
            "participants": rng.integers(4, 90, n),
            "hours": np.where(kind == "同步课堂", 0.75, 2.0),
            "evidence_count": evidence,
        }))
    df = pl.concat(frames).with_columns(
        pl.format("PA{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(8)).alias("activity_id"))
    # About a third of evidenced rows carry a link (optional column); demo.invalid marks the data as synthetic.
    linked = pl.Series(rng.random(df.height) < 0.3) & (pl.col("evidence_count") > 0)
    return df.with_columns(
        pl.when(pl.col("subject") != "").then(pl.col("subject")).alias("subject"),
        pl.when(linked).then(pl.format("https://demo.invalid/evidence/{}", "activity_id")).alias("evidence_url"))


def _pairs(rng: np.random.Generator, roster: pl.DataFrame, per_year: float) -> pl.DataFrame:
    """(alliance, core, member, school year) rows repeated ~per_year times: the frame exchanges and
    mentorships are drawn from."""
    m = roster.filter(pl.col("role") == "成员校").select("alliance_id", "core_school_id", "school_id", "founded",
                                                          "intensity")
    years = pl.DataFrame({"sy": list(range(2021, 2026))})
    m = m.join(years, how="cross").filter(pl.col("sy") >= pl.col("founded"))
    count = rng.poisson(per_year * m.get_column("intensity").to_numpy())
    return m[np.repeat(np.arange(m.height), count)]


def _exchanges(rng: np.random.Generator, roster: pl.DataFrame) -> pl.DataFrame:
    p = _pairs(rng, roster, 1.6)
    n = p.height
    kind = rng.choice(EXCHANGE_KINDS, n, p=[0.45, 0.25, 0.1, 0.1, 0.1])
    back = kind == "跟岗"        # shadowing goes from the member school to the core
    core, member = p.get_column("core_school_id").to_numpy().astype(str), p.get_column("school_id").to_numpy().astype(str)
    sy = p.get_column("sy").to_numpy()
    return pl.DataFrame({
        "exchange_id": np.char.add("PX", np.char.zfill(np.arange(1, n + 1).astype(str), 7)),
        "alliance_id": p.get_column("alliance_id").to_numpy().astype(str),
        "teacher_id": np.char.add(np.char.add("T", np.where(back, member, core)),
                                  _z(rng.integers(1, 200, n).astype(str), 3)),
        "from_school_id": np.where(back, member, core), "to_school_id": np.where(back, core, member),
        "kind": kind, "subject": rng.choice(TEACHING_SUBJECTS, n),
        "start_date": np.char.add(sy.astype(str), "-09-01"),
        "end_date": np.where(sy < 2025, np.char.add((sy + 1).astype(str), "-07-10"), ""),
    }).with_columns(pl.when(pl.col("end_date") != "").then(pl.col("end_date")).alias("end_date"))


def _mentorships(rng: np.random.Generator, roster: pl.DataFrame) -> pl.DataFrame:
    p = _pairs(rng, roster, 3.5)
    n = p.height
    core, member = p.get_column("core_school_id").to_numpy().astype(str), p.get_column("school_id").to_numpy().astype(str)
    return pl.DataFrame({
        "pair_id": np.char.add("PM", np.char.zfill(np.arange(1, n + 1).astype(str), 7)),
        "alliance_id": p.get_column("alliance_id").to_numpy().astype(str),
        "mentor_id": np.char.add(np.char.add("T", core), _z(rng.integers(1, 60, n).astype(str), 3)),
        "mentor_school_id": core,
        "apprentice_id": np.char.add(np.char.add("T", member), _z(np.arange(n).astype(str), 6)),
        "apprentice_school_id": member,
        "start_date": np.char.add(p.get_column("sy").to_numpy().astype(str), "-09-20"),
        "sessions": rng.poisson(6.5 * p.get_column("intensity").to_numpy()),
    })


def _exams() -> pl.DataFrame:
    rows = []
    for sy in SCHOOL_YEARS:
        for term in (1, 2):
            when = date(sy + 1, 1, 14) if term == 1 else date(sy + 1, 6, 24)
            for grade in range(3, 10):
                subjects = ["语文", "数学"] + (["英语"] + (["科学"] if grade >= 7 else []) if term == 2 else [])
                for subject in subjects:
                    rows.append({"sy": sy, "term": term, "grade": grade, "subject": subject, "date": when.isoformat(),
                                 "full_score": 100 if grade <= 6 else 120})
    base = pl.DataFrame(rows)
    counties = pl.DataFrame({"county_code": COUNTIES[0::2]})
    return counties.join(base, how="cross").with_columns(
        pl.format("{}-{}{}-G{}-{}", "county_code", "sy", "term", "grade",
                  pl.col("subject").replace_strict(SUBJECTS)).alias("exam_id"),
        pl.format("{}学年第{}学期{}年级{}联考", "sy", pl.col("term").replace_strict({1: "一", 2: "二"}),
                  "grade", "subject").alias("name"),
        pl.format("{}-{}", "sy", pl.col("sy") + 1).alias("school_year"))


def _write_results(rng: np.random.Generator, schools: pl.DataFrame, roster: pl.DataFrame, exams: pl.DataFrame,
                   path: Path) -> int:
    """Per-student results, one school year at a time (~2 M rows per chunk) appended to one csv."""
    lo = pl.col("stage").replace_strict({"小学": 3, "初中": 7, "九年一贯制": 3, "完全中学": 7})
    hi = pl.col("stage").replace_strict({"小学": 6, "初中": 9, "九年一贯制": 9, "完全中学": 9})
    gain = (roster.filter(pl.col("role") == "成员校").group_by("school_id")
            .agg((pl.col("intensity").max() * 0.014).alias("gain"), pl.col("founded").min()))
    s = (schools.select("school_id", "county_code", "urban_rural_code", "stage", lo.alias("lo"), hi.alias("hi"))
         .join(gain, on="school_id", how="left")
         .with_columns(pl.Series("base", UR_LEVEL[np.searchsorted(UR_CODES, schools.get_column("urban_rural_code").to_numpy())]
                                 + rng.normal(0, 0.02, schools.height))))
    total = 0
    with path.open("wb") as fh:
        for i, sy in enumerate(SCHOOL_YEARS):
            se = (exams.filter(pl.col("sy") == sy).select("exam_id", "county_code", "grade", "full_score")
                  .join(s, on="county_code")
                  .filter(pl.col("grade").is_between(pl.col("lo"), pl.col("hi")))
                  .with_columns((pl.col("base") + pl.col("gain").fill_null(0)
                                 * (sy - pl.col("founded").fill_null(9999) + 1).clip(0, 4) - 0.01 * (pl.col("grade") - 3))
                                .alias("level")))
            k = RESULTS_PER_CLASS
            idx = np.repeat(np.arange(se.height), k)
            n = idx.size
            seat = np.tile(np.arange(1, k + 1), se.height)
            level = se.get_column("level").to_numpy()[idx]
            full = se.get_column("full_score").to_numpy()[idx]
            share = np.clip(level + rng.normal(0, 0.15, n), 0.05, 1.0)
            cohort = sy - se.get_column("grade").to_numpy()[idx] + 1
            chunk = pl.DataFrame({
                "exam_id": se.get_column("exam_id").to_numpy().astype(str)[idx],
                "school_id": se.get_column("school_id").to_numpy().astype(str)[idx],
                "cohort": cohort, "seat": seat, "grade": se.get_column("grade").to_numpy()[idx],
                "score": np.round(share * full * 2) / 2,
            }).select(
                "exam_id", "school_id",
                pl.format("S{}{}{}", "school_id", "cohort", pl.col("seat").cast(pl.String).str.zfill(2)).alias("student_id"),
                pl.format("{}年级(1)班", "grade").alias("class"), "score")
            chunk.write_csv(fh, include_header=i == 0)
            total += n
    return total


def write_province(out: Path, seed: int = 7, schools: int = 5200) -> list[Path]:
    """Synthetic province (Zhejiang county codes) -> csv files in out, English headers."""
    rng = np.random.default_rng(seed)
    s = _schools(rng, schools)
    alliances, roster = _alliances(rng, s)
    exams = _exams()
    paths = [
        write_table(s, schema.SCHOOLS, out, chinese=False),
        write_table(alliances.with_columns(pl.col("founded").cast(pl.String)), schema.ALLIANCES, out, chinese=False),
        write_table(roster, schema.MEMBERS, out, chinese=False),
        write_table(_activities(rng, alliances, roster), schema.ACTIVITIES, out, chinese=False),
        write_table(_exchanges(rng, roster), schema.EXCHANGES, out, chinese=False),
        write_table(_mentorships(rng, roster), schema.MENTORSHIPS, out, chinese=False),
        write_table(exams, schema.EXAMS, out, chinese=False),
    ]
    results = out / f"{schema.RESULTS_STUDENT.name}.csv"
    n_results = _write_results(rng, s, roster, exams, results)
    paths.append(results)
    surveys = s.select("school_id", "students", "teachers").join(
        pl.DataFrame({"year": list(YEARS)}), how="cross").join(
        pl.DataFrame({"respondent": ["家长", "教师", "学生"]}), how="cross")
    respondents = np.maximum(5, np.where(surveys.get_column("respondent").to_numpy().astype(str) == "教师",
                                         surveys.get_column("teachers").to_numpy(),
                                         (surveys.get_column("students").to_numpy() // 5).clip(0, 300)))
    surveys = surveys.with_columns(respondents=pl.Series(respondents),
                                   satisfied=pl.Series(rng.binomial(respondents, rng.uniform(0.78, 0.98, surveys.height))))
    paths.append(write_table(surveys, schema.SURVEYS, out, chinese=False))
    (out / "README.md").write_text(
        f"# 演示数据 / synthetic province benchmark (seed {seed})\n\n{SYNTHETIC_NOTE}。\n\n"
        f"Synthetic: {s.height:,} schools over Zhejiang's real county codes, invented names, "
        f"{n_results:,} per-student results. For load benchmarks only.\n", encoding="utf-8")
    return [*paths, out / "README.md"]
