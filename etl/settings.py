"""Settings: one declared table with help text (docs: style.md). Each can be overridden by an
environment variable of the same name; county-level rules live in COUNTY_RULES."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("ALLIANCE_DB", str(ROOT / "data" / "alliance.duckdb"),
            "The live database path the dashboard reads; a symlink flipped by every load."),
    Setting("ALLIANCE_SALT", "",
            "Salt for hashing student ids. Unset: read (or create once) data/.salt, never committed."),
    Setting("ALLIANCE_KEEP_VERSIONS", "3",
            "How many versioned database files a load keeps beside the live one."),
    Setting("ALLIANCE_TILE_URL", "",
            "Optional raster basemap tile URL template ({z}/{x}/{y}); empty means no basemap (offline). "
            "The tile server must allow cross-origin requests (Access-Control-Allow-Origin)."),
    Setting("ALLIANCE_TILE_CRS", "auto",
            "Coordinate system of the tiles at ALLIANCE_TILE_URL: GCJ02 for AMap (高德) and Tencent (腾讯) tiles "
            "(points and outlines are then shifted onto them); WGS84 for Tianditu (天地图, CGCS2000, which equals "
            "WGS84 to within a metre) and OpenStreetMap-style tiles (drawn unshifted); auto reads the provider from "
            "the URL's host (autonavi/amap, qq/gtimg: GCJ02; anything else: WGS84). Baidu (BD-09) is not supported."),
    Setting("ALLIANCE_MIN_PLACEMENT_DAYS", "30",
            "The 10 % target (seed 003: a co-build core sends at least 10 % of its teachers to member schools each "
            "year) counts a teacher sent on a 轮岗 / 支教 / 走教 / 送教 placement of at least this many days, start "
            "to end inclusive. The seeds give no length: set what the county counts (e.g. 1 to count every "
            "送教 visit, 90 for a semester)."),
    Setting("ALLIANCE_AUDIT_DB", str(ROOT / "data" / "audit.sqlite"),
            "Where the dashboard writes its own records (sign-ins, loads, exports): an SQLite file, because "
            "the analytics database is read-only to the dashboard and replaced by every load."),
    Setting("ALLIANCE_RUBRICS", str(ROOT / "data" / "rubrics"),
            "The folder of assessment rubrics (TOML, see data/rubrics/README.md) and assign.toml, which says "
            "which rubric applies to which county and alliance type; a bureau may keep its own copy."),
    Setting("ALLIANCE_USERS", str(ROOT / "data" / "users.toml"),
            "The dashboard's accounts (python -m etl users ...): with any account in it every page asks "
            "for sign-in and `make run` listens on all interfaces; absent, the app runs open on 127.0.0.1."),
    Setting("ALLIANCE_BUREAU_NAME", "",
            "The bureau named on the title slide of meeting packs (e.g. 贺兰县教育体育局); empty: the app's name."),
)


def get(name: str) -> str:
    setting = next(s for s in SETTINGS if s.name == name)
    return os.environ.get(name) or setting.default


def db_path() -> Path:
    return Path(get("ALLIANCE_DB"))


@dataclass(frozen=True)
class CountyRule:
    county_code: str
    name: str
    max_alliance_size: int | None   # schools per alliance, core included


# Structure rules from the seeds: Helan caps a group at 4 schools, Suixian at 5.
COUNTY_RULES: dict[str, CountyRule] = {
    "330327": CountyRule("330327", "苍南县", None),
    "421321": CountyRule("421321", "随县", 5),
    "640122": CountyRule("640122", "贺兰县", 4),
    "632523": CountyRule("632523", "贵德县", None),
}
