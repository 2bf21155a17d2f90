"""The rubric fixture database (fixture.py), built once per session through the real loader."""

from __future__ import annotations

import pytest

from tests.rubric import fixture


@pytest.fixture(scope="session")
def built_rubric_db(tmp_path_factory):
    return fixture.build(tmp_path_factory.mktemp("rubric") / "alliance.duckdb")


@pytest.fixture
def rubric_db(built_rubric_db, monkeypatch):
    monkeypatch.setenv("ALLIANCE_DB", str(built_rubric_db))
    return built_rubric_db
