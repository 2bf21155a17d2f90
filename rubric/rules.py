"""Rubric files (data/rubrics/*.toml) read and checked: a bureau edits them without code, so every
mistake is refused with a Chinese message naming the file, the line and the key (rubric/checks.py);
the assignment of rubrics to counties and alliance types (assign.toml)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from etl import codes, settings
from etl.settings import ROOT
from rubric.checks import Checker, RubricError, key_line, parse_toml

RUBRICS_DIR = ROOT / "data" / "rubrics"
ASSIGN_FILE = "assign.toml"
GRADES = ("优秀", "良好", "合格")          # best first; below 合格 is 不合格
FAIL_GRADE = "不合格"
PERIODS = ("year", "school_year", "term")
KINDS = ("points", "dimensions")
COUNTS = ("activities", "exchanges", "mentor_pairs", "satisfaction", "exam", "value_added", "joint_exams",
          "on_time")
RULES = ("proportional", "threshold", "satisfaction", "on_time")
DIRECTIONS = ("core_to_member", "member_to_core", "any")
EXAM_MEASURES = ("mean_pct", "pass_rate", "excellent_rate", "low_rate")
# Indicators whose records can be counted month by month (on-time progress, veto deadline).
COUNTABLE = ("activities", "exchanges", "mentor_pairs")

RUBRIC_KEYS = {"name", "source", "kind", "period", "note"}
GRADE_KEYS = {*GRADES, "note"}
VETO_KEYS = {"deadline_month", "tasks", "caps_at"}
DIMENSION_KEYS = {"id", "name"}
INDICATOR_KEYS = {"id", "name", "dimension", "counts", "activity_types", "subjects_min", "exchange_kinds",
                  "direction", "months_min", "distinct_teachers", "share_of", "min_sessions", "respondents",
                  "measure", "target", "per", "at_most", "rule", "points", "base_pct", "base_points",
                  "points_per_pct", "tasks", "checkpoints", "unit", "action"}
ASSIGN_KEYS = {"county", "types", "cross_region", "rubric"}
TOP_KEYS = {"rubric", "grades", "veto", "dimension", "indicator"}


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    counts: str
    rule: str
    target: float | None = None
    points: float = 0.0
    dimension: str | None = None
    per: str = "alliance"
    activity_types: tuple[str, ...] = ()
    subjects_min: int | None = None
    exchange_kinds: tuple[str, ...] = ()
    direction: str = "any"
    months_min: int = 0
    distinct_teachers: bool = False
    share_of: str | None = None
    min_sessions: int = 0
    respondents: tuple[str, ...] = ()
    measure: str | None = None
    at_most: bool = False
    base_pct: float = 90.0
    base_points: float = 15.0
    points_per_pct: float = 1.0
    tasks: tuple[str, ...] = ()
    checkpoints: tuple[tuple[int, float], ...] = ()
    unit: str = ""
    action: str = ""


@dataclass(frozen=True)
class Veto:
    deadline_month: int
    tasks: tuple[str, ...]
    caps_at: str


@dataclass(frozen=True)
class Rubric:
    id: str
    name: str
    source: str
    kind: str
    period: str
    grades: tuple[tuple[str, float], ...]       # (grade, minimum), best first
    grades_note: str
    indicators: tuple[Indicator, ...]
    dimensions: tuple[tuple[str, str], ...] = ()  # (id, name)
    veto: Veto | None = None
    note: str = ""
    path: Path = field(default=Path())

    @property
    def max_points(self) -> float:
        """Points rubric: the sum of its items (not the 100 a document may claim); dimensions: their count."""
        if self.kind == "dimensions":
            return float(len(self.dimensions))
        return float(sum(i.points for i in self.indicators))

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)


@dataclass(frozen=True)
class Assignment:
    county: str | None
    types: tuple[str, ...]
    cross_region: bool | None
    rubric: str

    def matches(self, county_code: str | None, alliance_type: str, cross_region: bool) -> bool:
        return ((self.county is None or self.county == county_code)
                and (not self.types or alliance_type in self.types)
                and (self.cross_region is None or self.cross_region == bool(cross_region)))


def _indicator(c: Checker, raw: dict, i: int, kind: str, dimension_ids: set[str]) -> Indicator:
    t = "indicator"
    c.known_keys(raw, INDICATOR_KEYS, t, i)
    ind_id = c.text_value(raw, "id", t, i)
    counts = c.text_value(raw, "counts", t, i, choices=COUNTS)
    rule = c.text_value(raw, "rule", t, i, choices=RULES)
    kw: dict = {"id": ind_id, "name": c.text_value(raw, "name", t, i), "counts": counts, "rule": rule,
                "unit": c.text_value(raw, "unit", t, i, required=False) or "",
                "action": c.text_value(raw, "action", t, i, required=False) or ""}
    if kind == "points":
        kw["points"] = c.number(raw, "points", t, i, required=True)
        if "dimension" in raw:
            raise c.fail(t, i, "dimension", "计分细则的指标不属于维度（只有“dimensions”类细则使用维度）")
    else:
        kw["dimension"] = c.text_value(raw, "dimension", t, i)
        if kw["dimension"] not in dimension_ids:
            raise c.fail(t, i, "dimension", f"未定义的维度“{kw['dimension']}”（已定义：{'、'.join(sorted(dimension_ids))}）")
        if "points" in raw:
            raise c.fail(t, i, "points", "达标制细则的指标没有分值")
        if rule not in ("threshold",):
            raise c.fail(t, i, "rule", "达标制细则的指标只能用“threshold”（达标 / 未达标）")
    if rule == "on_time" and counts != "on_time" or counts == "on_time" and rule != "on_time":
        raise c.fail(t, i, "rule", "“counts = on_time”与“rule = on_time”须同时使用")
    if rule == "satisfaction" and counts != "satisfaction":
        raise c.fail(t, i, "rule", "满意度规则只能用于“counts = satisfaction”")
    if rule in ("proportional", "threshold"):
        kw["target"] = c.number(raw, "target", t, i, required=True, positive=True)
    kw["per"] = c.text_value(raw, "per", t, i, required=False, choices=("alliance", "member")) or "alliance"
    kw["at_most"] = bool(raw.get("at_most", False))
    if counts == "activities":
        kw["activity_types"] = c.code_list(raw, "activity_types", "activity_type", t, i)
        if "subjects_min" in raw:
            kw["subjects_min"] = int(c.number(raw, "subjects_min", t, i, positive=True))
    if counts == "exchanges":
        kw["exchange_kinds"] = c.code_list(raw, "exchange_kinds", "exchange_kind", t, i)
        kw["months_min"] = int(c.number(raw, "months_min", t, i, default=0))
        kw["distinct_teachers"] = bool(raw.get("distinct_teachers", False))
        kw["share_of"] = c.text_value(raw, "share_of", t, i, required=False, choices=("core_teachers",))
        if kw["share_of"] and not kw["distinct_teachers"]:
            raise c.fail(t, i, "share_of", "按核心校教师比例计时须同时设置“distinct_teachers = true”")
    if counts in ("activities", "exchanges", "mentor_pairs"):
        kw["direction"] = c.text_value(raw, "direction", t, i, required=False, choices=DIRECTIONS) or "any"
    if counts == "mentor_pairs":
        kw["min_sessions"] = int(c.number(raw, "min_sessions", t, i, default=0))
    if counts == "satisfaction":
        kw["respondents"] = c.code_list(raw, "respondents", "respondent", t, i)
    if counts == "exam":
        kw["measure"] = c.text_value(raw, "measure", t, i, choices=EXAM_MEASURES)
    if rule == "satisfaction":
        kw["base_pct"] = c.number(raw, "base_pct", t, i, default=90.0)
        kw["base_points"] = c.number(raw, "base_points", t, i, default=15.0)
        kw["points_per_pct"] = c.number(raw, "points_per_pct", t, i, default=1.0)
        if kw["base_points"] > kw["points"]:
            raise c.fail(t, i, "base_points", f"基本分 {kw['base_points']:g} 超过该项满分 {kw['points']:g}")
    if rule == "on_time":
        kw["tasks"] = tuple(raw.get("tasks", ()))
        if not kw["tasks"]:
            raise c.fail(t, i, "tasks" if "tasks" in raw else None, "按时完成须列出计入进度的任务（tasks）")
        kw["checkpoints"] = _checkpoints(c, raw, i)
    return Indicator(**kw)


def _checkpoints(c: Checker, raw: dict, i: int) -> tuple[tuple[int, float], ...]:
    points = raw.get("checkpoints")
    if not isinstance(points, list) or not points:
        raise c.fail("indicator", i, "checkpoints" if "checkpoints" in raw else None,
                     "按时完成须给出进度节点（checkpoints = [{month = 2, pct = 30}, …]）")
    out = []
    for p in points:
        if not isinstance(p, dict) or set(p) != {"month", "pct"}:
            raise c.fail("indicator", i, "checkpoints", "每个进度节点须写成 {month = 月, pct = 进度百分比}")
        month, pct = p["month"], p["pct"]
        if not isinstance(month, int) or not 1 <= month <= 12 or not isinstance(pct, int | float) or not 0 <= pct <= 100:
            raise c.fail("indicator", i, "checkpoints", f"进度节点 {p} 无效：月份 1-12，进度 0-100")
        out.append((month, float(pct)))
    if any(b[1] < a[1] for a, b in zip(out, out[1:], strict=False)):
        raise c.fail("indicator", i, "checkpoints", "进度节点的进度值应逐个不减")
    return tuple(out)


def load_rubric(path: Path) -> Rubric:
    """One rubric file -> Rubric, or RubricError naming file, line and key."""
    data, text = parse_toml(path)
    c = Checker(path, text)
    c.known_keys(data, TOP_KEYS, None)
    head = data.get("rubric")
    if not isinstance(head, dict):
        raise RubricError(path, 1, "rubric", "缺少 [rubric] 表（名称、类型、考核周期）")
    c.known_keys(head, RUBRIC_KEYS, "rubric")
    kind = c.text_value(head, "kind", "rubric", choices=KINDS)
    period = c.text_value(head, "period", "rubric", choices=PERIODS)
    dims_raw = data.get("dimension", [])
    dimensions = []
    for i, d in enumerate(dims_raw):
        c.known_keys(d, DIMENSION_KEYS, "dimension", i)
        dimensions.append((c.text_value(d, "id", "dimension", i), c.text_value(d, "name", "dimension", i)))
    if kind == "dimensions" and not dimensions:
        raise RubricError(path, key_line(text, "rubric", 0, "kind"), "kind", "达标制细则须定义维度（[[dimension]]）")
    if kind == "points" and dimensions:
        raise RubricError(path, key_line(text, "dimension", 0, None), "dimension", "计分细则不使用维度")
    raw_indicators = data.get("indicator", [])
    if not raw_indicators:
        raise RubricError(path, None, "indicator", "细则中没有任何指标（[[indicator]]）")
    indicators: list[Indicator] = []
    for i, raw in enumerate(raw_indicators):
        ind = _indicator(c, raw, i, kind, {d for d, _ in dimensions})
        if any(x.id == ind.id for x in indicators):
            raise c.fail("indicator", i, "id", f"指标编号“{ind.id}”重复")
        indicators.append(ind)
    ids = {i.id for i in indicators}
    for i, ind in enumerate(indicators):
        for task in ind.tasks:
            if task not in ids:
                raise c.fail("indicator", i, "tasks", f"未知的指标“{task}”（已定义：{'、'.join(sorted(ids))}）")
            if next(x for x in indicators if x.id == task).counts not in COUNTABLE:
                raise c.fail("indicator", i, "tasks", f"指标“{task}”不是按记录计数的任务，不能计入进度")
    for dim, name in dimensions:
        if not any(ind.dimension == dim for ind in indicators):
            raise RubricError(path, key_line(text, "dimension", [d for d, _ in dimensions].index(dim), "id"), "id",
                              f"维度“{name}”下没有指标")
    rubric = Rubric(id=path.stem, name=c.text_value(head, "name", "rubric"),
                    source=c.text_value(head, "source", "rubric", required=False) or "",
                    kind=kind, period=period, grades=(), grades_note="", indicators=tuple(indicators),
                    dimensions=tuple(dimensions), note=head.get("note", ""), path=path)
    grades, note = _grades(c, data.get("grades"), rubric)
    veto = _veto(c, data.get("veto"), ids, indicators) if "veto" in data else None
    return Rubric(**{**rubric.__dict__, "grades": grades, "grades_note": note, "veto": veto})


def _grades(c: Checker, raw, rubric: Rubric) -> tuple[tuple[tuple[str, float], ...], str]:
    if not isinstance(raw, dict):
        raise RubricError(c.path, None, "grades", "缺少 [grades] 表（优秀、良好、合格的最低分或最少达标维度数）")
    c.known_keys(raw, GRADE_KEYS, "grades")
    cuts = []
    for grade in GRADES:
        cut = c.number(raw, grade, "grades", 0, required=True)
        if cut > rubric.max_points:
            raise c.fail("grades", 0, grade, f"{grade}的分数线 {cut:g} 超过满分 {rubric.max_points:g}")
        cuts.append((grade, cut))
    for (better, high), (worse, low) in zip(cuts, cuts[1:], strict=False):
        if low >= high:
            raise c.fail("grades", 0, worse, f"等级分数线顺序错误：{worse}（{low:g}）应低于{better}（{high:g}）")
    return tuple(cuts), str(raw.get("note", ""))


def _veto(c: Checker, raw, ids: set[str], indicators: list[Indicator]) -> Veto:
    if not isinstance(raw, dict):
        raise RubricError(c.path, key_line(c.text, "veto", 0, None), "veto", "[veto] 应为表")
    c.known_keys(raw, VETO_KEYS, "veto")
    month = raw.get("deadline_month")
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise c.fail("veto", 0, "deadline_month" if "deadline_month" in raw else None, "deadline_month 应为 1-12 的月份")
    tasks = raw.get("tasks", [])
    if not isinstance(tasks, list) or not tasks:
        raise c.fail("veto", 0, "tasks" if "tasks" in raw else None, "一票否优须列出按时完成的任务（tasks）")
    for task in tasks:
        if task not in ids:
            raise c.fail("veto", 0, "tasks", f"未知的指标“{task}”（已定义：{'、'.join(sorted(ids))}）")
        if next(x for x in indicators if x.id == task).counts not in COUNTABLE:
            raise c.fail("veto", 0, "tasks", f"指标“{task}”不是按记录计数的任务")
    caps_at = c.text_value(raw, "caps_at", "veto", required=False, choices=GRADES[1:]) or GRADES[1]
    return Veto(month, tuple(tasks), caps_at)


def load_assignments(path: Path, rubric_ids: set[str]) -> tuple[Assignment, ...]:
    """The assignment file -> entries in order; refers only to rubric files that exist."""
    data, text = parse_toml(path)
    c = Checker(path, text)
    c.known_keys(data, {"assign"}, None)
    out = []
    type_codes = tuple(codes.labels("alliance_type"))
    for i, raw in enumerate(data.get("assign", [])):
        c.known_keys(raw, ASSIGN_KEYS, "assign", i)
        rubric = c.text_value(raw, "rubric", "assign", i)
        if rubric not in rubric_ids:
            raise c.fail("assign", i, "rubric", f"没有名为“{rubric}.toml”的细则文件")
        types = tuple(raw.get("types", ()))
        for t in types:
            if t not in type_codes:
                raise c.fail("assign", i, "types", f"“{t}”不是教共体类型代码（可用：{'、'.join(type_codes)}）")
        cross = raw.get("cross_region")
        if cross is not None and not isinstance(cross, bool):
            raise c.fail("assign", i, "cross_region", "cross_region 应为 true 或 false")
        county = raw.get("county")
        if county is not None and not (isinstance(county, str) and re.fullmatch(r"\d{6}", county)):
            raise c.fail("assign", i, "county", "county 应为 6 位区县代码（文字，加引号）")
        out.append(Assignment(county, types, cross, rubric))
    return tuple(out)


@dataclass(frozen=True)
class Catalogue:
    """Every rubric file of a folder that could be read, the errors of those that could not, and
    the assignment entries."""

    rubrics: dict[str, Rubric]
    errors: tuple[RubricError, ...]
    assignments: tuple[Assignment, ...]

    def rubric_for(self, county_code: str | None, alliance_type: str, cross_region: bool) -> str | None:
        """The rubric id of the first matching entry (possibly of a broken file: see `assessable`)."""
        for a in self.assignments:
            if a.matches(county_code, alliance_type, cross_region):
                return a.rubric
        return None

    def assessable(self, county_code: str | None, alliance_type: str, cross_region: bool) -> bool:
        """Whether a readable rubric applies."""
        return self.rubric_for(county_code, alliance_type, cross_region) in self.rubrics


def rubrics_dir() -> Path:
    """The rubric folder: the ALLIANCE_RUBRICS setting (read on every call)."""
    return Path(settings.get("ALLIANCE_RUBRICS"))


def catalogue(folder: Path | None = None) -> Catalogue:
    """load_catalogue, read again only when a file of the folder changed (pages call this on every run)."""
    folder = folder or rubrics_dir()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.toml")))
    return _cached_catalogue(str(folder), stamp)


@functools.lru_cache(maxsize=8)
def _cached_catalogue(folder: str, stamp: tuple) -> Catalogue:
    return load_catalogue(Path(folder))


def load_catalogue(folder: Path = RUBRICS_DIR) -> Catalogue:
    """All rubric files of `folder`; a broken file is reported, not fatal to the others."""
    rubrics, errors = {}, []
    for path in sorted(folder.glob("*.toml")):
        if path.name == ASSIGN_FILE:
            continue
        try:
            rubrics[path.stem] = load_rubric(path)
        except RubricError as exc:
            errors.append(exc)
    assignments: tuple[Assignment, ...] = ()
    assign_path = folder / ASSIGN_FILE
    if assign_path.exists():
        # A reference to a broken rubric file is not a second mistake: the file's own error says it.
        known = set(rubrics) | {e.path.stem for e in errors}
        try:
            # Entries of a broken file stay: its alliances are then not assessed, rather than falling
            # through to the next entry's rubric.
            assignments = load_assignments(assign_path, known)
        except RubricError as exc:
            errors.append(exc)
    return Catalogue(rubrics, tuple(errors), assignments)
