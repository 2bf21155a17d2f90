"""Province demo at a tiny size (never the full 10 M rows here): deterministic, referentially
whole, and loadable through the real loader with zero rejects."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from demo import write_demo
from demo.province import COUNTIES
from etl import schema
from etl.load import load

SCHOOLS = 270        # three schools per county: one core, two members


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("province")
    write_demo(out, "province", 7, province_schools=SCHOOLS)
    return out


def read(folder: Path, table: str) -> pl.DataFrame:
    return pl.read_csv(folder / f"{table}.csv", infer_schema=False)


def test_deterministic(province, tmp_path):
    files = write_demo(tmp_path, "province", 7, province_schools=SCHOOLS)
    assert {f.name for f in files} >= {f"{t.name}.csv" for t in schema.TABLES}
    for f in files:
        assert f.read_bytes() == (province / f.name).read_bytes(), f.name


def test_shape_and_integrity(province):
    t = {x.name: read(province, x.name) for x in schema.TABLES}
    schools = t["schools"]
    assert schools.height == SCHOOLS and schools["school_id"].is_unique().all()
    assert set(schools["county_code"]) == set(COUNTIES[0::2])
    ids = set(schools["school_id"])
    alliances = set(t["alliances"]["alliance_id"])
    members = t["members"]
    assert set(members["school_id"]) <= ids and set(members["alliance_id"]) == alliances
    assert members.group_by("alliance_id").len()["len"].max() <= 5
    cores = set(zip(t["alliances"]["alliance_id"], t["alliances"]["core_school_id"], strict=True))
    assert cores == set(members.filter(pl.col("role") == "核心校").select("alliance_id", "school_id").iter_rows())
    act = t["activities"]
    assert act["activity_id"].is_unique().all() and set(act["alliance_id"]) <= alliances
    assert set(act["host_school_id"]) | set(act["target_school_ids"]) <= ids
    for name, cols in (("exchanges", ("from_school_id", "to_school_id")),
                       ("mentorships", ("mentor_school_id", "apprentice_school_id"))):
        for c in cols:
            assert set(t[name][c]) <= ids, (name, c)
    start = members.group_by("alliance_id").agg(pl.col("joined").min())
    early = act.join(start, on="alliance_id").filter(pl.col("date") < pl.col("joined"))
    assert early.height == 0                      # no activity before the alliance exists
    assert act["evidence_url"].drop_nulls().str.starts_with("https://demo.invalid/").all()
    res = t["results"]
    assert set(res["exam_id"]) <= set(t["exams"]["exam_id"]) and set(res["school_id"]) <= ids
    assert res.select("exam_id", "student_id").is_unique().all()


def test_loads_with_zero_rejects(province, tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_SALT", "demo-test")
    report = load([province], tmp_path / "alliance.duckdb")
    assert report.ok and report.problems.height == 0, report.format()
    assert all(c.rows_rejected == 0 and c.rows_read == c.rows_loaded for c in report.tables.values())
