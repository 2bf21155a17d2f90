"""County-scale demo: the four seed counties and their partners, built on the real rosters in
data/rosters/. Everything is synthetic except the roster names, and the same seed always gives
the same bytes."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from demo.common import (
    SCHOOL_YEARS,
    SUBJECTS,
    YEARS,
    school_year_of,
    teaching_days,
    write_readme,
    write_table,
)
from etl import schema

ROSTERS = Path(__file__).resolve().parent.parent / "data" / "rosters"
NO_ACTIVITY_2025 = "CN-33"                # deliberately silent in 2025, for the "no activity" view
TEACHING_SUBJECTS = ("语文", "数学", "英语", "科学", "音乐", "美术", "体育", "道德与法治")
GRADE_LABELS = {3: "三年级", 4: "四年级", 5: "五年级", 6: "六年级", 7: "七年级", 8: "八年级", 9: "九年级"}
CLASS_LABELS = {3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}
STAGE_GRADES = {"小学": range(3, 7), "初中": range(7, 10), "九年一贯制": range(3, 10), "完全中学": range(7, 10)}
# Share of full marks a school's students average, by national urban-rural code, before any alliance.
BASE_LEVEL = {"111": 0.80, "112": 0.765, "121": 0.745, "122": 0.71, "123": 0.71, "210": 0.675, "220": 0.645}
ACTIVITY_SCALE = 150                      # activities received that close 63 % of a member's gap to its core
MONITORED_CLASS_CAP = 20                  # students sampled per school and grade (抽测), keeps county load fast
LATE_ALLIANCES = {f"SX-{i}" for i in range(11, 28)}   # 随县 second-batch fusion alliances (illustrative)
# 随县 submits per-school summaries (人数, 平均分, 及格人数 ...) instead of per-student lists, so the
# dashboard's summary path (intervals from the between-school spread) shows beside the student path.
SUMMARY_COUNTY = "421321"




@dataclass
class Alliance:
    alliance_id: str
    name: str
    type_as_written: str
    type: str                             # fusion | co_build | collaborative
    cross_region: bool
    core_id: str
    county_code: str
    founded: int
    verified_by: str
    start: date                           # earliest join date
    members: list[tuple[str, date, date | None]] = field(default_factory=list)   # (school, joined, left)
    intensity: float = 1.0                # latent effort: drives activity volume and the gap closing
    rotates: bool = True                  # co-build core sends >= 10 % of its teachers


def _type_code(written: str) -> str:
    if "融合" in written:
        return "fusion"
    if "共建" in written:
        return "co_build"
    return "collaborative"


def _d(s: str) -> date:
    return date.fromisoformat(s)


def load_rosters(rosters: Path = ROSTERS) -> tuple[pl.DataFrame, list[Alliance]]:
    """The shipped rosters -> schools frame (roster columns) and alliances in roster order."""
    schools = pl.read_csv(rosters / "schools.csv", infer_schema=False)
    rows = pl.read_csv(rosters / "alliances.csv", infer_schema=False).to_dicts()
    alliances: dict[str, Alliance] = {}
    for r in rows:
        a = alliances.get(r["alliance_id"])
        joined = _d(r["joined"])
        if a is None:
            a = alliances[r["alliance_id"]] = Alliance(
                r["alliance_id"], r["alliance_name"], r["type"], _type_code(r["type"]), r["cross_region"] == "是",
                r["core_school_id"], r["county_code"], int(r["founded"]), r["verified_by"], joined)
        a.founded = min(a.founded, int(r["founded"]))
        a.start = min(a.start, joined)
        a.members.append((r["member_school_id"], joined, _d(r["left"]) if r["left"] else None))
    return schools, list(alliances.values())


# ---------------------------------------------------------------- helpers shared with province


# ---------------------------------------------------------------- county scale


class _County:
    """Builds every county-scale table from the rosters with one numpy generator."""

    def __init__(self, seed: int, rosters: Path = ROSTERS):
        self.rng = np.random.default_rng(seed)
        self.schools, self.alliances = load_rosters(rosters)
        self.school = {r["school_id"]: r for r in self.schools.to_dicts()}
        # Latent effort per alliance: most around target, a few clearly behind, a few ahead.
        # Alliances added to the rosters later (随县's second batch) draw from their own generator, so
        # adding them leaves the others' activities as they were.
        self.late_rng = np.random.default_rng([seed, 1])
        for a in self.alliances:
            rng = self.late_rng if a.alliance_id in LATE_ALLIANCES else self.rng
            a.intensity = float(np.clip(rng.lognormal(0.0, 0.38), 0.3, 1.9))
            a.rotates = bool(rng.random() < 0.6)
        self.days = {y: teaching_days(date(y, 1, 1), date(y, 12, 31)) for y in YEARS}

    # -- structure

    def alliances_frame(self) -> pl.DataFrame:
        return pl.DataFrame([{
            "alliance_id": a.alliance_id, "name": a.name, "type": a.type_as_written,
            "cross_region": "是" if a.cross_region else "否", "core_school_id": a.core_id,
            "founded": str(a.founded), "verified_by": a.verified_by, "county_code": a.county_code,
        } for a in self.alliances])

    def members_frame(self) -> pl.DataFrame:
        rows = []
        for a in self.alliances:
            # Suixian writes 牵头学校 for the core school: an alias the importer must map.
            core_role = "牵头学校" if a.county_code == "421321" else "核心校"
            rows.append({"alliance_id": a.alliance_id, "school_id": a.core_id, "role": core_role,
                         "joined": a.start.isoformat(), "left": None})
            for sid, joined, left in a.members:
                rows.append({"alliance_id": a.alliance_id, "school_id": sid, "role": "成员校",
                             "joined": joined.isoformat(), "left": left.isoformat() if left else None})
        return pl.DataFrame(rows, schema={k: pl.String for k in ("alliance_id", "school_id", "role", "joined", "left")})

    def schools_frame(self) -> pl.DataFrame:
        return self.schools.drop("source")

    # -- activities

    def _members_at(self, a: Alliance, d: date) -> list[str]:
        return [sid for sid, joined, left in a.members if joined <= d and (left is None or d <= left)]

    def _dates(self, a: Alliance, year: int, n: int) -> list[date]:
        pool = [d for d in self.days[year] if d >= a.start]
        if a.cross_region and a.county_code == "330327":
            # Cangnan's cross-region tasks are due by June (seed 003 附件 2): held in the spring.
            pool = [d for d in pool if d.month <= 6] or pool
        if not pool or n <= 0:
            return []
        idx = np.sort(self.rng.integers(0, len(pool), n))
        return [pool[i] for i in idx]

    def _share_of_year(self, a: Alliance, year: int) -> float:
        pool = self.days[year]
        return sum(1 for d in pool if d >= a.start) / len(pool)

    def activities_frame(self) -> pl.DataFrame:
        rows: list[dict] = []
        main_rng = self.rng
        for a in self.alliances:
            self.rng = self.late_rng if a.alliance_id in LATE_ALLIANCES else main_rng
            n_subjects = 1 if a.intensity < 0.55 else int(self.rng.integers(2, 5))
            subjects = list(self.rng.choice(TEACHING_SUBJECTS[:6], n_subjects, replace=False))
            for year in YEARS:
                share = self._share_of_year(a, year)
                if share == 0 or (a.alliance_id == NO_ACTIVITY_2025 and year == 2025):
                    continue
                ramp = 0.75 if year == a.start.year else 1.0
                scale = a.intensity * share * ramp
                rows.extend(self._alliance_year(a, year, scale, subjects))
        self.rng = main_rng
        for i, r in enumerate(rows):
            r["activity_id"] = f"ACT{r['date'][:4]}{i + 1:06d}"
        return pl.DataFrame(rows, schema={k: pl.String for k in (
            "activity_id", "alliance_id", "date", "type", "subject", "host_school_id", "target_school_ids", "mode",
            "participants", "hours", "evidence_count", "evidence_url")})

    def _targets(self, a: Alliance) -> dict[str, float]:
        """Yearly target per activity type for one supporting -> supported pair (seed 003 annex 4/5,
        seed 001); alliance-wide events are counted once per alliance."""
        if a.county_code == "640122":    # Helan: forum each semester, researcher visits, joint research
            return {"同步课堂": 10, "集体教研": 8, "示范课": 3, "听评课": 30, "校长论坛": 2, "学生交流": 1}
        if a.cross_region:
            return {"同步课堂": 7, "示范课": 4, "集体教研": 10, "跟岗锻炼": 1, "拓展课程": 1, "学生交流": 1.2,
                    "师徒指导": 3}
        if a.type == "collaborative":
            return {"同步课堂": 8, "示范课": 3, "集体教研": 8, "学生交流": 1, "师徒指导": 2}
        return {"同步课堂": 20, "示范课": 2, "集体教研": 12, "学生交流": 1, "校长论坛": 0.5, "师徒指导": 2}

    def _alliance_year(self, a: Alliance, year: int, scale: float, subjects: list[str]) -> list[dict]:
        rng = self.rng
        out: list[dict] = []
        targets = self._targets(a)
        pair_types = ("同步课堂", "示范课", "集体教研", "跟岗锻炼", "拓展课程", "师徒指导", "听评课")
        # Guide's 1+1+X: the Jiangsu partner supports the county lead school and the X schools.
        jiangsu = [sid for sid, _, _ in a.members if self.school[sid]["county_code"] != a.county_code]
        for kind, target in targets.items():
            per_pair = kind in pair_types
            members = [sid for sid, _, _ in a.members if sid not in jiangsu]
            units = members if per_pair else [None]
            for member in units:
                n = int(rng.poisson(target * scale))
                for d in self._dates(a, year, n):
                    present = self._members_at(a, d)
                    if member is not None and member not in present:
                        continue
                    host = a.core_id
                    if jiangsu and kind in ("同步课堂", "示范课", "集体教研") and rng.random() < 0.4:
                        host = jiangsu[0]
                    targets_ids = [member] if member else [s for s in present if s not in jiangsu]
                    if kind == "听评课":     # researcher visits the rural school's lessons
                        host, targets_ids = member, [member]
                    if not targets_ids:
                        continue
                    out.append(self._activity(a, d, kind, host, targets_ids, subjects))
        return out

    def _activity(self, a: Alliance, d: date, kind: str, host: str, targets: list[str],
                  subjects: list[str]) -> dict:
        rng = self.rng
        online = {"同步课堂": 0.95, "集体教研": 0.55, "师徒指导": 0.6, "拓展课程": 1.0}.get(kind, 0.05)
        mode = "线上" if rng.random() < online else "线下"
        written = kind
        # Cross-region paperwork uses the annex wording; the importer maps these aliases.
        if a.cross_region and kind == "集体教研" and mode == "线上" and rng.random() < 0.5:
            written = "网络研修"
        if a.cross_region and kind == "示范课" and mode == "线下":
            written = "送教下乡示范课"
        subject = str(rng.choice(subjects)) if kind in ("同步课堂", "示范课", "集体教研", "听评课") else None
        participants = {"学生交流": rng.integers(30, 120), "校长论坛": rng.integers(6, 20),
                        "同步课堂": rng.integers(30, 90)}.get(kind, rng.integers(4, 25))
        hours = {"同步课堂": 0.75, "示范课": 0.75, "听评课": 0.75, "跟岗锻炼": 160.0, "学生交流": 4.0,
                 "拓展课程": 16.0}.get(kind, 2.0)
        # Evidence goes missing more often where the alliance is going through the motions.
        p_missing = 0.03 + 0.12 * max(0.0, 1.0 - a.intensity)
        evidence = 0 if rng.random() < p_missing else int(rng.integers(1, 7))
        return {"alliance_id": a.alliance_id, "date": d.isoformat(), "type": written, "subject": subject,
                "host_school_id": host, "target_school_ids": "、".join(targets), "mode": mode,
                "participants": str(int(participants)), "hours": f"{hours:g}", "evidence_count": str(evidence),
                "evidence_url": f"https://demo.invalid/evidence/{a.alliance_id}/{d.isoformat()}" if evidence else None}

    # -- exchanges and mentoring

    def _teacher(self, sid: str, k: int) -> str:
        return f"T{sid}{k:03d}"

    def _teachers(self, sid: str, n: int) -> list[str]:
        pool = max(int(self.school[sid]["teachers"]), n)
        return [self._teacher(sid, int(k) + 1) for k in self.rng.choice(pool, n, replace=False)]

    def exchanges_frame(self) -> pl.DataFrame:
        rows: list[dict] = []
        for a in self.alliances:
            core_teachers = int(self.school[a.core_id]["teachers"])
            for sy in range(max(2021, school_year_of(a.start)), 2026):
                begin = date(sy, 9, 1)
                members = self._members_at(a, max(begin, a.start))
                local = [m for m in members if self.school[m]["county_code"] == a.county_code]
                partners = [m for m in members if m not in local]
                if not members:
                    continue
                plan: list[tuple[str, str, str, int]] = []   # (kind, from, to, count)
                if a.county_code == "632523":
                    lead = a.core_id
                    plan += [("支教", partners[0], lead, int(self.rng.integers(1, 3))),
                             ("跟岗", lead, partners[0], int(self.rng.integers(1, 4)))]
                    plan += [("支教", lead, m, int(self.rng.poisson(1.2 * a.intensity))) for m in local]
                elif a.cross_region:
                    for m in members:
                        plan += [("跟岗", m, a.core_id, int(self.rng.random() < 0.85 * min(1.0, a.intensity))),
                                 ("送教", a.core_id, m, int(self.rng.poisson(1.5 * a.intensity)))]
                elif a.type == "fusion":
                    n = max(1, round(core_teachers * self.rng.uniform(0.08, 0.2)))
                    for i in range(n):
                        m = members[i % len(members)]
                        pair = (a.core_id, m) if i % 3 else (m, a.core_id)
                        plan.append(("轮岗", *pair, 1))
                elif a.type == "co_build":
                    share = self.rng.uniform(0.10, 0.15) if a.rotates else self.rng.uniform(0.0, 0.07)
                    n = math.ceil(core_teachers * share)
                    for i in range(n):
                        plan.append(("轮岗" if i % 4 else "支教", a.core_id, members[i % len(members)], 1))
                else:
                    kind = "走教" if a.county_code == "640122" else "支教"
                    plan += [(kind, a.core_id, m, int(self.rng.poisson(1.0 * a.intensity))) for m in members]
                for kind, src, dst, n in plan:
                    if n <= 0:
                        continue
                    for teacher in self._teachers(src, n):
                        start, end = self._span(kind, sy)
                        if start < a.start:
                            continue
                        subject = str(self.rng.choice(TEACHING_SUBJECTS))
                        rows.append({"alliance_id": a.alliance_id, "teacher_id": teacher, "from_school_id": src,
                                     "to_school_id": dst, "kind": kind, "subject": subject,
                                     "start_date": start.isoformat(), "end_date": end.isoformat() if end else None})
        for i, r in enumerate(rows):
            r["exchange_id"] = f"EX{i + 1:05d}"
        return pl.DataFrame(rows)

    def _span(self, kind: str, sy: int) -> tuple[date, date | None]:
        """Start and end of one exchange in school year sy; rotations of the current year are open."""
        rng = self.rng
        if kind == "轮岗":
            return date(sy, 9, 1), (date(sy + 1, 7, 10) if sy < 2025 else None)
        if kind in ("支教", "走教"):
            spring = rng.random() < 0.4
            return (date(sy + 1, 2, 20), date(sy + 1, 7, 5)) if spring else (date(sy, 9, 1), date(sy + 1, 1, 20))
        if kind == "跟岗":
            start = date(sy, 9, 15) + timedelta(days=int(rng.integers(0, 200)))
            if start.month in (7, 8):
                start = date(start.year, 9, 10)
            return start, start + timedelta(days=int(rng.integers(30, 62)))
        start = date(sy, 10, 8) + timedelta(days=int(rng.integers(0, 220)))
        if start.month in (7, 8):
            start = date(start.year, 6, 10)
        return start, start + timedelta(days=int(rng.integers(0, 3)))

    def mentorships_frame(self) -> pl.DataFrame:
        rows: list[dict] = []
        for a in self.alliances:
            for sy in range(max(2021, school_year_of(a.start)), 2026):
                members = self._members_at(a, max(date(sy, 9, 1), a.start))
                supporters = [a.core_id] + [m for m in members if self.school[m]["county_code"] != a.county_code]
                supported = [m for m in members if m not in supporters]
                if not supported:
                    continue
                for sup in supporters:
                    # Target: >= 3 mentors per supporting school, 1:3; weaker alliances fall short.
                    n_mentors = (3 if a.intensity >= 0.7 else 2) + int(self.rng.random() < 0.3)
                    apprentices_each = 3 if self.rng.random() < 0.8 else 2
                    slots = [supported[i % len(supported)] for i in range(n_mentors * apprentices_each)]
                    # Each apprentice is a different teacher of their school.
                    drawn = {m: iter(self._teachers(m, slots.count(m))) for m in dict.fromkeys(slots)}
                    start = max(date(sy, 9, 20), a.start) + timedelta(days=int(self.rng.integers(0, 25)))
                    if a.cross_region and a.county_code == "330327" and sy < 2025:
                        # Cangnan's cross-region calendar (seed 003 附件 2) sets the pairs in March.
                        start = max(date(sy + 1, 3, 1), a.start) + (start - max(date(sy, 9, 20), a.start))
                    for i, mentor in enumerate(self._teachers(sup, n_mentors)):
                        for school in slots[i * apprentices_each:(i + 1) * apprentices_each]:
                            sessions = int(self.rng.poisson(7.5 * min(a.intensity, 1.4)))
                            if sy == 2025:
                                sessions = sessions // 3   # the current school year is under way
                            rows.append({"alliance_id": a.alliance_id, "mentor_id": mentor,
                                         "mentor_school_id": sup, "apprentice_id": next(drawn[school]),
                                         "apprentice_school_id": school, "start_date": start.isoformat(),
                                         "sessions": str(sessions)})
        for i, r in enumerate(rows):
            r["pair_id"] = f"MP{i + 1:05d}"
        return pl.DataFrame(rows)

    # -- outcomes

    def _received(self, activities: pl.DataFrame) -> dict[str, dict[int, int]]:
        """School -> {school year: activities it received as a target}."""
        per_year = (activities
                    .with_columns(pl.col("target_school_ids").str.split("、").alias("school_id"),
                                  pl.col("date").str.to_date().alias("d"))
                    .explode("school_id")
                    .with_columns(pl.when(pl.col("d").dt.month() >= 9).then(pl.col("d").dt.year())
                                  .otherwise(pl.col("d").dt.year() - 1).alias("sy"))
                    .group_by("school_id", "sy").agg(pl.len().alias("n"))
                    .sort("school_id", "sy"))
        received: dict[str, dict[int, int]] = {}
        for r in per_year.iter_rows(named=True):
            received.setdefault(r["school_id"], {})[r["sy"]] = r["n"]
        return received

    def _levels(self, sitters: list[dict], activities: pl.DataFrame) -> dict[tuple[str, int], float]:
        """(school, school year) -> expected share of full marks. The story the demo tells: every member
        school starts clearly behind its core school and closes part of that gap, the more of it the more
        activity it has received so far (1 - exp(-activities / ACTIVITY_SCALE)); it catches up, it does
        not overtake."""
        cores = {a.core_id for a in self.alliances}
        base = {s["school_id"]: BASE_LEVEL[s["urban_rural_code"]] + float(self.rng.normal(0, 0.02))
                + (0.02 if s["school_id"] in cores else 0.0) for s in sitters}
        received = self._received(activities)
        goal: dict[str, float] = {}
        for a in self.alliances:
            # Cross-region cores (Hangzhou, Longwan, Jiangsu) sit no county exam: take a strong city level.
            core = base.get(a.core_id, BASE_LEVEL["111"] + 0.04)
            for sid, _joined, _left in a.members:
                if sid in base:
                    goal[sid] = max(goal.get(sid, 0.0), core)
        for sid, g in goal.items():
            base[sid] = min(base[sid], g - float(self.rng.uniform(0.08, 0.15)))
        levels = {}
        for sid, b in base.items():
            for sy in SCHOOL_YEARS:
                done = sum(n for y, n in received.get(sid, {}).items() if y <= sy)
                closed = max(0.0, goal.get(sid, b) - b) * (1 - math.exp(-done / ACTIVITY_SCALE))
                levels[(sid, sy)] = b + closed + 0.002 * (sy - SCHOOL_YEARS.start)
        return levels

    def exams_and_results(self, activities: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        rng = self.rng
        counties = ("330327", "640122", "632523", "421321")
        exams: list[dict] = []
        exam_id: dict[tuple, str] = {}
        exam_full: dict[str, int] = {}
        for cc in counties:
            zhejiang = cc.startswith("33")
            for sy in SCHOOL_YEARS:
                for term in (1, 2):
                    when = date(sy + 1, 1, 14) if term == 1 else date(sy + 1, 6, 24)
                    while when.weekday() >= 5:
                        when += timedelta(days=1)
                    for grade in range(3, 10):
                        for subject in self._subjects(grade, term):
                            full = 100 if grade <= 6 else (160 if subject == "科学" and zhejiang else 120)
                            eid = f"{cc}-{sy}{term}-G{grade}-{SUBJECTS[subject]}"
                            exam_id[(cc, sy, term, grade, subject)] = eid
                            term_zh = "一" if term == 1 else "二"
                            exam_full[eid] = full
                            exams.append({"exam_id": eid, "name": f"{sy}学年第{term_zh}学期{GRADE_LABELS[grade]}{subject}联考",
                                          "date": when.isoformat(), "school_year": f"{sy}-{sy + 1}",
                                          "term": str(term), "grade": str(grade), "subject": subject,
                                          "full_score": str(full)})
        sitters = self.schools.filter(pl.col("county_code").is_in(counties)).to_dicts()
        levels = self._levels(sitters, activities)
        # Collected as arrays and turned into one frame at the end: a frame per class is slow.
        eids: list[str] = []
        sids: list[str] = []
        classes: list[str] = []
        sizes: list[int] = []
        cohorts: list[int] = []
        scores: list[np.ndarray] = []
        for s in sitters:
            sid = s["school_id"]
            per_grade = max(1, int(s["classes"]) // len(STAGE_GRADES[s["stage"]]))
            class_size = max(8, min(MONITORED_CLASS_CAP, round(int(s["students"]) / int(s["classes"]))))
            ability: dict[int, np.ndarray] = {}
            for sy in SCHOOL_YEARS:
                level = levels[(sid, sy)]
                for grade in STAGE_GRADES[s["stage"]]:
                    cohort = sy - grade + 1          # year the cohort entered grade 1
                    if cohort not in ability:
                        ability[cohort] = rng.normal(0, 1, class_size)
                    klass = f"{CLASS_LABELS[grade]}({1 + cohort % per_grade})班"
                    for term in (1, 2):
                        for subject in self._subjects(grade, term):
                            full = exam_full[exam_id[(s["county_code"], sy, term, grade, subject)]]
                            noise = rng.normal(0, 0.07, class_size)
                            share = np.clip(level - 0.01 * (grade - 3) + 0.13 * ability[cohort] + noise, 0.05, 1.0)
                            eids.append(exam_id[(s["county_code"], sy, term, grade, subject)])
                            sids.append(sid)
                            classes.append(klass)
                            sizes.append(class_size)
                            cohorts.append(cohort)
                            scores.append(np.round(share * full * 2) / 2)
        n = np.array(sizes)
        seat = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + 1
        results = pl.DataFrame({
            "exam_id": np.repeat(np.array(eids), n), "school_id": np.repeat(np.array(sids), n),
            "cohort": np.repeat(np.array(cohorts), n), "seat": seat,
            "class": np.repeat(np.array(classes), n), "score": np.concatenate(scores),
        }).select(
            "exam_id", "school_id",
            pl.format("S{}{}{}", "school_id", "cohort", pl.col("seat").cast(pl.String).str.zfill(2)).alias("student_id"),
            "class", "score")
        return pl.DataFrame(exams), results

    @staticmethod
    def _subjects(grade: int, term: int) -> Iterable[str]:
        """语文 and 数学 every term; 英语 and junior 科学 at the end of the school year only."""
        yield "语文"
        yield "数学"
        if term == 2:
            yield "英语"
            if grade >= 7:
                yield "科学"

    def surveys_frame(self) -> pl.DataFrame:
        rng = self.rng
        best: dict[str, tuple[float, int]] = {}
        for a in self.alliances:
            for sid, joined, _left in [(a.core_id, a.start, None), *a.members]:
                if sid not in best or a.intensity > best[sid][0]:
                    best[sid] = (a.intensity, school_year_of(joined))
        rows: list[dict] = []
        counties = ("330327", "640122", "632523", "421321")
        for s in self.schools.filter(pl.col("county_code").is_in(counties)).to_dicts():
            intensity, first = best.get(s["school_id"], (0.6, 2030))
            for year in YEARS:
                years_in = max(0, year - first)
                rate = 0.86 + 0.05 * (intensity - 1.0) + 0.012 * min(years_in, 4)
                for who, n in (("家长", min(300, int(s["students"]) // 3 + 10)),
                               ("教师", max(5, int(int(s["teachers"]) * 0.9))),
                               ("学生", min(200, int(s["students"]) // 5 + 10))):
                    p = float(np.clip(rate + rng.normal(0, 0.025), 0.55, 0.995))
                    n = int(n)
                    rows.append({"year": str(year), "school_id": s["school_id"], "alliance_id": None,
                                 "respondent": who, "respondents": str(n), "satisfied": str(int(rng.binomial(n, p)))})
        # Cross-region rubric (seed 003 annex 5) scores satisfaction per alliance.
        for a in self.alliances:
            if not a.cross_region:
                continue
            for year in YEARS:
                if year < a.start.year:
                    continue
                n = int(rng.integers(80, 200))
                p = float(np.clip(0.88 + 0.05 * (a.intensity - 1) + rng.normal(0, 0.02), 0.6, 0.99))
                rows.append({"year": str(year), "school_id": None, "alliance_id": a.alliance_id,
                             "respondent": "家长", "respondents": str(n), "satisfied": str(int(rng.binomial(n, p)))})
        return pl.DataFrame(rows, schema={k: pl.String for k in (
            "year", "school_id", "alliance_id", "respondent", "respondents", "satisfied")})


def school_summaries(results: pl.DataFrame, exams: pl.DataFrame, school_ids: Iterable[str]) -> tuple[
        pl.DataFrame, pl.DataFrame]:
    """Per-student results of `school_ids` turned into the per-school summary rows such a school
    submits (results_school, lines at the default 60 / 85 / 40 % of full marks, mean to 2 decimals);
    -> (the other schools' per-student rows, the summaries)."""
    ids = list(school_ids)
    full = exams.select("exam_id", pl.col("full_score").cast(pl.Float64))
    summaries = (results.filter(pl.col("school_id").is_in(ids))
                 .join(full, on="exam_id")
                 .group_by("exam_id", "school_id", maintain_order=True)
                 .agg(pl.len().alias("n"), pl.col("score").mean().round(2).alias("mean"),
                      (pl.col("score") >= 0.6 * pl.col("full_score")).sum().alias("pass_n"),
                      (pl.col("score") >= 0.85 * pl.col("full_score")).sum().alias("excellent_n"),
                      (pl.col("score") < 0.4 * pl.col("full_score")).sum().alias("low_n")))
    return results.filter(~pl.col("school_id").is_in(ids)), summaries


def write_county(out: Path, seed: int = 7, rosters: Path = ROSTERS) -> list[Path]:
    """County-scale demo (four seed counties and their partners) -> csv files in out."""
    c = _County(seed, rosters)
    activities = c.activities_frame()
    exams, results = c.exams_and_results(activities)
    results, summaries = school_summaries(
        results, exams, c.schools.filter(pl.col("county_code") == SUMMARY_COUNTY)["school_id"])
    frames = {
        schema.SCHOOLS: c.schools_frame(), schema.ALLIANCES: c.alliances_frame(), schema.MEMBERS: c.members_frame(),
        schema.ACTIVITIES: activities, schema.EXCHANGES: c.exchanges_frame(),
        schema.MENTORSHIPS: c.mentorships_frame(), schema.EXAMS: exams, schema.RESULTS_STUDENT: results,
        schema.SURVEYS: c.surveys_frame(),
    }
    # Both result shapes are table "results": the summaries are written first and moved to
    # results_school.csv (a name the importer reads as results, told apart by its headers) before
    # the per-student results.csv is written.
    paths = [write_table(summaries, schema.RESULTS_SCHOOL, out).rename(out / "results_school.csv")]
    paths += [write_table(df, t, out) for t, df in frames.items()]
    counts = {t.name: df.height for t, df in frames.items()} | {"results_school": summaries.height}
    paths.append(write_readme(out, counts, "county", seed))
    return paths
