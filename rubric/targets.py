"""Yearly activity targets per alliance as the applicable rubric sets them, for the overview's
headline cards: synchronous / demo lessons and joint research. A county whose rubric sets no such
target (or that has no rubric) has none, rather than borrowing another county's."""

from __future__ import annotations

from rubric.rules import Catalogue, Indicator, Rubric

# Periods per school year: a term rubric's target is set twice a year.
PER_YEAR = {"school_year": 1, "year": 1, "term": 2}
LESSON_TYPES = {"sync_class", "demo_lesson"}


def _first(rubric: Rubric, wanted: set[str]) -> Indicator | None:
    for ind in rubric.indicators:
        if ind.counts == "activities" and ind.target and set(ind.activity_types) & wanted \
                and set(ind.activity_types) <= wanted:
            return ind
    return None


def headline_rules(cat: Catalogue) -> dict[str, list]:
    """SQL list parameters, one entry per assignment in priority order: county ('' any), types
    (comma list, '' any), cross ('' any, 'true', 'false'), lessons / research targets a year (null
    when the rubric sets none) and whether each is per member school."""
    out: dict[str, list] = {k: [] for k in ("rule_counties", "rule_types", "rule_cross", "rule_lessons",
                                            "rule_lessons_per_member", "rule_research", "rule_research_per_member")}
    for a in cat.assignments:
        rubric = cat.rubrics.get(a.rubric)        # None: a broken file, no targets (and no fall-through)
        out["rule_counties"].append(a.county or "")
        out["rule_types"].append(",".join(a.types))
        out["rule_cross"].append("" if a.cross_region is None else str(a.cross_region).lower())
        for name, wanted in (("lessons", LESSON_TYPES), ("research", {"joint_research"})):
            ind = _first(rubric, wanted) if rubric else None
            out[f"rule_{name}"].append(ind.target * PER_YEAR[rubric.period] if ind else None)
            out[f"rule_{name}_per_member"].append(bool(ind and ind.per == "member"))
    return out
