"""docs/data-contract.md shows the header synonyms the spec declares, and fails when it drifts."""

from __future__ import annotations

import dataclasses

from etl import contract, schema


def _row(text: str, table_title: str, column: str) -> str:
    """The markdown row of a column under a table's heading."""
    section = text.split(f"### {table_title}", 1)[1].split("### ", 1)[0]
    return next(line for line in section.splitlines() if line.startswith(f"| `{column}` |"))


def _words(text: str, table_title: str, column: str) -> set[str]:
    """The header and every synonym the document lists for a column."""
    cells = [c.strip() for c in _row(text, table_title, column).strip("|").split("|")]
    return {cells[1], *cells[3].split(" · ")}


def test_document_is_generated_from_the_spec():
    text = contract.DOC.read_text(encoding="utf-8")
    assert contract.updated(text) == text, "docs/data-contract.md is stale: run python -m etl.contract"
    assert contract.main(["--check"]) == 0


def test_synonyms_the_issue_names_are_listed():
    text = contract.DOC.read_text(encoding="utf-8")
    assert {"名称", "考试名称"} <= _words(text, "exams 考试", "name")
    assert {"日期", "考试日期", "考试时间"} <= _words(text, "exams 考试", "date")
    assert {"年度", "年份"} <= _words(text, "surveys 满意度", "year")
    assert {"学校标识码", "学校代码", "学校编号"} <= _words(text, "schools 学校", "school_id")
    assert {"校名", "学校名称"} <= _words(text, "schools 学校", "name")
    assert {"经度", "lng"} <= _words(text, "schools 学校", "lon")
    assert "`成绩汇总`" in text                     # a results file name beyond the spec's own


def test_a_new_synonym_makes_the_document_stale(monkeypatch):
    exams = schema.EXAMS
    name = exams.column("name")
    changed = dataclasses.replace(exams, columns=tuple(
        dataclasses.replace(c, aliases=(*c.aliases, "考试全称")) if c is name else c for c in exams.columns))
    monkeypatch.setattr(schema, "TABLES", tuple(changed if t is exams else t for t in schema.TABLES))
    text = contract.DOC.read_text(encoding="utf-8")
    assert contract.updated(text) != text
    assert "考试全称" in _words(contract.updated(text), "exams 考试", "name")
    assert contract.main(["--check"]) == 1
