"""County demo: deterministic, built on the seed rosters, referentially whole, loads through the
real loader with zero rejects, and tells the intended story (more activity, faster convergence)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from demo import write_demo
from etl import schema
from etl.load import load

TABLES = {t.name: t for t in schema.TABLES}

# Exact size of the county demo (seed 7), per county code: rows of every generated file, each row
# counted in the county of its own county_code (schools, alliances), else of its alliance, else of
# its school (exams, tied to neither, are not counted). Partner districts hold only schools. A demo
# change updates this table (say why in the commit): e.g. a roster losing one school must show here.
DEMO_COUNTS = {
    "320602": {"schools": 1},
    "320682": {"schools": 1},
    "320685": {"schools": 2},
    "330105": {"schools": 8},
    "330303": {"schools": 4},
    "330327": {"schools": 92, "alliances": 47, "members": 102, "activities": 7074, "exchanges": 1530,
               "mentorships": 2010, "results": 214630, "surveys": 1412},
    "330383": {"schools": 1},
    "421321": {"schools": 97, "alliances": 27, "members": 97, "activities": 5415, "exchanges": 550,
               "mentorships": 664, "results_school": 11610, "surveys": 1455},
    "632523": {"schools": 13, "alliances": 4, "members": 17, "activities": 591, "exchanges": 60,
               "mentorships": 216, "results": 38400, "surveys": 207},
    "640122": {"schools": 31, "alliances": 9, "members": 31, "activities": 2736, "exchanges": 57,
               "mentorships": 252, "results": 61820, "surveys": 465},
}
# 苍南 in 2024-2025 as the overview shows it, from mart_school_year (schools, covered, rural,
# covered rural), and the six rural schools no alliance covers, which the coverage page lists.
CANGNAN_2024_2025 = (92, 86, 24, 18)
CANGNAN_UNCOVERED_RURAL = {"桥墩镇碗窑小学", "矾山镇福德湾小学", "莒溪镇天井学校", "赤溪镇中墩小学", "藻溪镇繁枝小学",
                           "大渔镇小渔小学"}


def read(folder: Path, table: str) -> pl.DataFrame:
    """One generated csv with its Chinese headers mapped back to English names."""
    spec = TABLES[table]
    df = pl.read_csv(folder / f"{table}.csv", infer_schema=False)
    return df.rename({c.header: c.name for c in spec.columns if c.header in df.columns})


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("county") / "demo"
    write_demo(out, "county", 7)
    return out


@pytest.fixture(scope="module")
def db(demo, tmp_path_factory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("db") / "alliance.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ALLIANCE_SALT", "demo-test")
        report = load([demo], path)
    assert report.ok, report.format()
    assert report.problems.height == 0, report.format()
    for name, counts in report.tables.items():
        assert counts.rows_rejected == 0 and counts.rows_read == counts.rows_loaded, name
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_same_seed_same_bytes_other_seed_differs(demo, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    files = write_demo(again, "county", 7)
    write_demo(other, "county", 8)
    assert {f.name for f in files} >= {f"{t}.csv" for t in TABLES} | {"README.md"}
    for f in files:
        assert f.read_bytes() == (demo / f.name).read_bytes(), f.name
    # Rosters (and so school and alliance ids) are fixed; everything generated moves with the seed.
    assert (other / "schools.csv").read_bytes() == (demo / "schools.csv").read_bytes()
    for name in ("activities", "exchanges", "mentorships", "results", "surveys"):
        assert (other / f"{name}.csv").read_bytes() != (demo / f"{name}.csv").read_bytes(), name


def test_written_as_users_submit(demo):
    for table in TABLES.values():
        header = (demo / f"{table.name}.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        headers = [c.header for c in table.columns]
        assert set(header) <= set(headers), table.name
        assert {c.header for c in table.columns if c.required} <= set(header), table.name
    assert "演示数据" in (demo / "README.md").read_text(encoding="utf-8")


def test_cangnan_annex_1(demo):
    alliances = read(demo, "alliances").filter(pl.col("alliance_id").str.starts_with("CN-"))
    members = read(demo, "members").filter(pl.col("alliance_id").str.starts_with("CN-"))
    schools = read(demo, "schools")
    assert alliances.height == 47
    assert alliances.get_column("alliance_id").to_list() == [f"CN-{i:02d}" for i in range(1, 48)]
    assert members.filter(pl.col("role") == "成员校").height == 55
    name = dict(zip(schools["school_id"], schools["name"], strict=True))
    county = dict(zip(schools["school_id"], schools["county_code"], strict=True))

    def row(aid: str) -> dict:
        a = alliances.filter(pl.col("alliance_id") == aid).row(0, named=True)
        m = members.filter((pl.col("alliance_id") == aid) & (pl.col("role") == "成员校"))
        return a | {"core": name[a["core_school_id"]], "members": [name[s] for s in m["school_id"]]}

    one = row("CN-01")
    assert (one["core"], one["members"], one["type"], one["founded"], one["verified_by"], one["cross_region"]) == (
        "县江滨实验小学", ["灵溪镇读浦小学"], "融合性", "2021", "县核验", "否")
    five = row("CN-05")
    assert five["members"] == ["矾山镇第二小学", "凤阳畲族乡学校"] and five["founded"] == "2019"
    hangzhou = row("CN-35")
    assert (hangzhou["core"], hangzhou["members"], hangzhou["type"], hangzhou["verified_by"]) == (
        "杭州市小河小学", ["灵溪镇沪山小学"], "跨地区/协作型", "省核验")
    assert county[hangzhou["core_school_id"]] == "330105"
    cross = alliances.filter(pl.col("cross_region") == "是")["alliance_id"].to_list()
    assert cross == [f"CN-{i}" for i in range(35, 43)]
    assert row("CN-47")["core"] == "中通国际学校" and row("CN-44")["core"] == "龙湾区实验小学"
    assert county[row("CN-44")["core_school_id"]] == "330303"
    # The seed's variants stay as written in a few rows, so the importer's aliases are exercised.
    assert {"融合性", "共建性", "融合型", "共建型", "跨地区/协作型", "协作型"} <= set(alliances["type"])
    # Schools in two alliances: 马站镇第二小学 (#2, #46), 钱库镇第三小学 (core #15, member #39), 桥墩小学 (#3, #44).
    for school, ids in (("马站镇第二小学", {"CN-02", "CN-46"}), ("钱库镇第三小学", {"CN-15", "CN-39"}),
                        ("桥墩小学", {"CN-03", "CN-44"})):
        sid = next(k for k, v in name.items() if v == school)
        assert set(members.filter(pl.col("school_id") == sid)["alliance_id"]) == ids, school
    cangnan = schools.filter(pl.col("county_code") == "330327")
    assert "凤阳畚族乡学校" not in set(cangnan["name"])
    covered = set(members["school_id"]) & set(cangnan["school_id"])
    assert len(covered) == 86 and cangnan.height > 86     # the seed's 86, plus a few uncovered


def test_other_counties(demo):
    alliances = read(demo, "alliances")
    members = read(demo, "members")
    schools = read(demo, "schools")
    sizes = members.group_by("alliance_id").len()
    size = dict(zip(sizes["alliance_id"], sizes["len"], strict=True))
    helan = [a for a in size if a.startswith("HL-")]
    assert len(helan) == 9 and max(size[a] for a in helan) <= 4
    suixian = [a for a in size if a.startswith("SX-")]
    # 2 + 7 co-build and 1 + 17 fusion alliances (the second batch illustrative), at most 5 schools each.
    assert len(suixian) == 27 and max(size[a] for a in suixian) <= 5
    # Helan spreads county-seat and rural schools evenly: every group has an urban core and a rural member.
    ur = dict(zip(schools["school_id"], schools["urban_rural_code"], strict=True))
    for aid in helan:
        codes = [ur[s] for s in members.filter(pl.col("alliance_id") == aid)["school_id"]]
        assert "111" in codes and any(c[0] == "2" or c in ("121", "122") for c in codes), aid
    guide = schools.filter(pl.col("county_code") == "632523")
    assert guide.height == 13
    # Seed 000: 贵德县共有中小学 13所，中小学在编制教师 824名，义务教育阶段学生 14323名.
    assert guide["teachers"].cast(pl.Int64).sum() == 824
    assert guide["students"].cast(pl.Int64).sum() == 14323
    gd1 = members.filter(pl.col("alliance_id") == "GD-01")["school_id"].to_list()
    names = dict(zip(schools["school_id"], schools["name"], strict=True))
    assert {"海安市实验小学", "河西寄宿制学校"} <= {names[s] for s in gd1}
    assert alliances.filter(pl.col("alliance_id").str.starts_with("GD-"))["cross_region"].to_list() == ["是"] * 4
    sx2 = members.filter(pl.col("alliance_id") == "SX-02")["school_id"].to_list()
    assert [names[s] for s in sx2] == ["炎帝学校", "烈山湖学校", "厉山镇中心学校", "厉山镇第三初级中学"]


def test_referential_integrity(demo):
    t = {name: read(demo, name) for name in TABLES}
    schools = set(t["schools"]["school_id"])
    alliances = set(t["alliances"]["alliance_id"])
    exams = set(t["exams"]["exam_id"])
    assert t["schools"]["school_id"].str.contains(r"^\d{10}$").all()
    assert t["schools"]["school_id"].n_unique() == t["schools"].height
    members = t["members"]
    assert set(members["alliance_id"]) == alliances and set(members["school_id"]) <= schools
    assert members.select("alliance_id", "school_id").is_unique().all()
    cores = set(zip(t["alliances"]["alliance_id"], t["alliances"]["core_school_id"], strict=True))
    core_rows = set(members.filter(pl.col("role").is_in(["核心校", "牵头学校"]))
                    .select("alliance_id", "school_id").iter_rows())
    assert cores == core_rows
    act = t["activities"]
    assert act["activity_id"].is_unique().all()
    assert set(act["alliance_id"]) <= alliances and set(act["host_school_id"]) <= schools
    targets = set(act["target_school_ids"].str.split("、").explode())
    assert targets <= schools
    for name, cols in (("exchanges", ("from_school_id", "to_school_id")),
                       ("mentorships", ("mentor_school_id", "apprentice_school_id"))):
        df = t[name]
        assert set(df["alliance_id"]) <= alliances, name
        for c in cols:
            assert set(df[c]) <= schools, (name, c)
    res = t["results"]
    assert set(res["exam_id"]) <= exams and set(res["school_id"]) <= schools
    assert res.select("exam_id", "student_id").is_unique().all()
    full = dict(zip(t["exams"]["exam_id"], t["exams"]["full_score"].cast(pl.Float64), strict=True))
    assert (res["score"].cast(pl.Float64) <= res["exam_id"].replace_strict(full)).all()
    sv = t["surveys"]
    assert set(sv["school_id"].drop_nulls()) <= schools and set(sv["alliance_id"].drop_nulls()) <= alliances
    assert (sv["satisfied"].cast(pl.Int64) <= sv["respondents"].cast(pl.Int64)).all()
    assert 200_000 <= res.height <= 800_000       # a few hundred thousand: county load stays fast


def test_loads_cleanly_and_activity_follows_founding(db):
    counts = dict(db.sql("select 'alliances', count(*) from alliances union all "
                         "select 'members', count(*) from alliance_members").fetchall())
    assert counts == {"alliances": 87, "members": 247}
    assert db.sql("select count(*) from alliances where county_code = '330327'").fetchall()[0][0] == 47
    # No activity before an alliance's first member joined; 2021-2025 only.
    early = db.sql("""
        select count(*) from activities a
        join (select alliance_id, min(joined) as start from alliance_members group by all) m using (alliance_id)
        where a.date < m.start or a.year not between 2021 and 2025""").fetchall()[0][0]
    assert early == 0
    # Deliberate oddities: one alliance silent in 2025, some evidence missing, some mentoring below 5 sessions.
    silent = db.sql("""select count(*) from alliances al where not exists
        (select 1 from activities a where a.alliance_id = al.alliance_id and a.year = 2025)""").fetchall()[0][0]
    assert silent >= 1
    assert db.sql("select count(*) from activities where evidence_count = 0").fetchall()[0][0] > 0
    assert db.sql("select count(*) from mentorships where sessions < 5").fetchall()[0][0] > 0
    assert set(db.sql("select distinct kind from exchanges").pl()["kind"]) == {
        "rotation", "support", "shadow", "walking", "delivery"}


def test_targets_met_by_some_alliances_and_missed_by_others(db):
    """Cangnan county pairs: >= 20 synchronous/demo lessons over >= 2 subjects and >= 12 research a year."""
    met = db.sql("""
        select a.alliance_id,
               count(*) filter (where t.type in ('sync_class', 'demo_lesson')) >= 20
               and count(distinct t.subject) filter (where t.type = 'sync_class') >= 2
               and count(*) filter (where t.type = 'joint_research') >= 12 as met
        from alliances a join activities t using (alliance_id)
        where a.county_code = '330327' and not a.cross_region and a.type <> 'collaborative' and t.year = 2024
        group by all""").pl()
    assert 0 < met["met"].sum() < met.height
    rotation = db.sql("""
        select a.alliance_id, count(e.exchange_id) / any_value(s.teachers) >= 0.10 as met
        from alliances a join schools s on s.school_id = a.core_school_id
        left join exchanges e on e.alliance_id = a.alliance_id and e.from_school_id = a.core_school_id
             and e.school_year = '2024-2025'
        where a.type = 'co_build' and a.county_code = '330327'
        group by all""").pl()
    assert 0 < rotation["met"].sum() < rotation.height


def test_gap_narrows_more_where_activity_is_higher(db):
    """Core minus member mean share of full marks, first vs last school year, by activity per member school."""
    halves = db.sql("""
        with share as (
            select e.school_year, r.school_id, avg(r.score / e.full_score) as share
            from exam_results r join exams e using (exam_id)
            group by all
        ), gap as (
            select m.alliance_id, s.school_year,
                   avg(s.share) filter (where m.role = 'core') - avg(s.share) filter (where m.role = 'member') as gap
            from alliance_members m join share s using (school_id)
            group by all
        ), reduction as (
            select alliance_id,
                   max(gap) filter (where school_year = '2020-2021')
                   - max(gap) filter (where school_year = '2024-2025') as reduction
            from gap group by all
        ), activity as (
            select a.alliance_id, count(*) / count(distinct a.year)
                   / any_value(m.members) as per_member_year
            from activities a
            join (select alliance_id, count(*) filter (where role = 'member') as members
                  from alliance_members group by all) m using (alliance_id)
            group by all
        ), final as (
            select r.reduction, ntile(2) over (order by a.per_member_year) as half
            from reduction r join activity a using (alliance_id)
            where r.reduction is not null
        )
        select half, avg(reduction) as mean_reduction, count(*) as n from final group by half order by half
        """).fetchall()
    (low_half, low, n_low), (high_half, high, n_high) = halves
    assert n_low >= 20 and n_high >= 20
    assert low > 0                      # the gap narrows everywhere a little
    assert high > low + 0.01            # and clearly more where activity is higher


def _rows_per_county(folder: Path) -> dict[str, dict[str, int]]:
    headers = {c.header: c.name for t in (*schema.TABLES, schema.RESULTS_SCHOOL) for c in t.columns}
    frames = {f.stem: pl.read_csv(f, infer_schema=False).rename(lambda h: headers.get(h, h))
              for f in sorted(folder.glob("*.csv"))}
    school_county = dict(zip(frames["schools"]["school_id"], frames["schools"]["county_code"], strict=True))
    alliance_county = dict(zip(frames["alliances"]["alliance_id"], frames["alliances"]["county_code"], strict=True))
    counts: dict[str, dict[str, int]] = {}
    for stem, df in frames.items():
        by = pl.lit(None, pl.String)
        if "school_id" in df.columns:
            by = pl.col("school_id").replace_strict(school_county, default=None)
        if "alliance_id" in df.columns:
            by = pl.coalesce(pl.col("alliance_id").replace_strict(alliance_county, default=None), by)
        if "county_code" in df.columns:
            by = pl.col("county_code")
        for county, n in df.group_by(by.alias("county")).len().drop_nulls("county").iter_rows():
            counts.setdefault(county, {})[stem] = n
    return counts


def test_exact_rows_per_county(demo):
    got = _rows_per_county(demo)
    assert got == DEMO_COUNTS
    # Every row but an exam's is counted in some county: none is lost to an unknown id.
    for f in demo.glob("*.csv"):
        if f.stem != "exams":
            assert sum(c.get(f.stem, 0) for c in got.values()) == pl.read_csv(f, infer_schema=False).height, f.stem


def test_cangnan_coverage_as_the_dashboard_shows_it(db):
    got = db.sql("""
        select count(*), count(*) filter (where is_covered), count(*) filter (where urban_rural = 'rural'),
               count(*) filter (where urban_rural = 'rural' and is_covered)
        from mart_school_year where county_code = '330327' and school_year = '2024-2025'""").fetchall()
    assert got == [CANGNAN_2024_2025]
    uncovered = db.sql("""
        select name from mart_school_year
        where county_code = '330327' and school_year = '2024-2025' and urban_rural = 'rural' and not is_covered
        """).pl()["name"]
    assert set(uncovered) == CANGNAN_UNCOVERED_RURAL and uncovered.len() == 6
